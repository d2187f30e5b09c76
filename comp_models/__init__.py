"""comp-align: model, replay and compare the VP Sales and VP Marketing plans together.

Typical use::

    from comp_models import run, statement, annual_summary, explain
    scenario, history, result = run("scenarios/integrated.toml")
    stmt = statement(result)                 # every line, exact cents, with its trace
    annual_summary(result, stmt)             # per role and year
    explain(stmt, "vp_sales", "2024-Q2", "Company revenue")
"""

from ._types import Accumulate, Aggregation, Direction, Period, TierBasis, TierMode, TrueUp
from .curves import curve_payout, matrix_payout, tiered_commission
from .engine import (Performance, ReplayResult, RoleResult, Windows, apply_conditions, attainment_pct,
                     commission_earned, component_payout_pct, plan_adjustments, replay)
from .errors import InputError, Issue, ScenarioExistsError
from .export import statement_csv, workbook_bytes, write_export
from .history import History, load_history, load_targets, parse_history, parse_targets
from .metrics import HISTORY_COLUMNS, METRICS
from .money import to_cents
from .pairing import DEFAULT_CONFLICT_THRESHOLD, co_movement, conflict_mask, payout_pct, vp_pair
from .project import (DEFAULT_SCENARIO, SAMPLE_HISTORY, SAMPLE_TARGETS, load_inputs, performance, preset_paths, run,
                      sample_inputs)
from .scenario import (BonusComponent, CommissionComponent, ConditionalCap, Draw, Gate, Goal, MatrixComponent,
                       Multiplier, Plan, Scenario, Tier, load_scenario, parse_scenario, save_scenario,
                       scenario_from_dict, scenario_to_toml)
from .statement import annual_summary, component_summary, explain, period_table, side_by_side, statement
from .targets import resolve_targets

__all__ = [
    "Accumulate", "Aggregation", "Direction", "Period", "TierBasis", "TierMode", "TrueUp",
    "curve_payout", "matrix_payout", "tiered_commission",
    "Performance", "ReplayResult", "RoleResult", "Windows", "apply_conditions", "attainment_pct", "commission_earned",
    "component_payout_pct", "plan_adjustments", "replay",
    "DEFAULT_CONFLICT_THRESHOLD", "co_movement", "conflict_mask", "payout_pct", "vp_pair",
    "InputError", "Issue", "ScenarioExistsError",
    "statement_csv", "workbook_bytes", "write_export",
    "History", "load_history", "load_targets", "parse_history", "parse_targets",
    "HISTORY_COLUMNS", "METRICS", "to_cents",
    "DEFAULT_SCENARIO", "SAMPLE_HISTORY", "SAMPLE_TARGETS", "load_inputs", "performance", "preset_paths", "run",
    "sample_inputs",
    "BonusComponent", "CommissionComponent", "ConditionalCap", "Draw", "Gate", "Goal", "MatrixComponent",
    "Multiplier", "Plan", "Scenario", "Tier", "load_scenario", "parse_scenario", "save_scenario",
    "scenario_from_dict", "scenario_to_toml",
    "annual_summary", "component_summary", "explain", "period_table", "side_by_side", "statement",
    "resolve_targets",
]
