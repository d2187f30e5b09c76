"""Plan definitions and scenario files: what the two VPs are paid on, and how it is written down.

Owns the typed, frozen pydantic models (goals, the three component kinds, conditions, plans, the
scenario that holds both plans), the cross-field checks that make a plan valid, safe TOML loading
and atomic saving, and dict-level edits the plan builder makes (rebalance, add, remove, share a
goal). Imports `comp_models.types`, `comp_models.errors` and `comp_models.metrics` only: a plan
knows its metrics, never how it is replayed.
"""

from comp_models.plans.checks import override_problems
from comp_models.plans.editing import DEFAULT_CURVE, add_component, rebalance_weights, remove_component, share_goal
from comp_models.plans.files import load_scenario, parse_scenario, scenario_from_dict, scenario_to_toml
from comp_models.plans.models import (SCHEMA_VERSION, WEIGHT_TOLERANCE, Adjustment, BonusComponent, CommissionComponent, Component,
                                      ConditionalCap, CurvePoint, Draw, Gate, Goal, MatrixComponent, Multiplier, Plan,
                                      ObjectiveScoring, ObjectivesComponent, ObjectiveWeight, Score,
                                      ScoreDistribution, Spiff, Termination, Tier, Employment, component_goals, pays_on, plan_goal_refs)
from comp_models.plans.saving import save_scenario, scenario_file_name, scenario_path
from comp_models.plans.scenario import Scenario

__all__ = ["Adjustment", "DEFAULT_CURVE", "SCHEMA_VERSION", "WEIGHT_TOLERANCE", "BonusComponent", "CommissionComponent", "Component",
           "ConditionalCap", "CurvePoint", "Draw", "Gate", "Goal", "MatrixComponent", "Multiplier", "Plan", "Scenario", "override_problems",
           "ObjectiveScoring", "ObjectivesComponent", "ObjectiveWeight", "Score", "ScoreDistribution", "Spiff", "Termination", "Tier", "Employment",
           "component_goals", "add_component", "load_scenario", "parse_scenario", "pays_on", "plan_goal_refs", "rebalance_weights",
           "remove_component", "save_scenario", "scenario_file_name", "scenario_path", "scenario_from_dict", "scenario_to_toml", "share_goal"]
