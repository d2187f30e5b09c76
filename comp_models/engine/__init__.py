"""The payout engine: replay both plans over monthly performance, vectorised over scenarios.

Owns `Performance` (monthly columns (S, M) and each goal's monthly targets), window sums and
attainment, conditions across goals (gates, conditional caps, the joint upside rule, multiplier,
plan cap), commission tier positions, the true-up, and the payment ledger (holdback, floor,
claw-back, draws, installments). `replay(scenario, performance)` returns float amounts per line;
statements turn them into cents. Imports `plans`, `periods`, `payouts`, `metrics`, `types`.
"""

from comp_models.engine.commission import commission_earned
from comp_models.engine.conditions import apply_conditions, component_payout_pct, plan_adjustments
from comp_models.engine.detail import DETAIL_FIELDS, Detail
from comp_models.engine.ledger import LEDGER_LINES, Ledger, payment_ledger
from comp_models.engine.objectives import (objective_columns, scoring_period, simulated_objective_columns,
                                           simulated_score_text)
from comp_models.engine.on_target import with_on_target_commission
from comp_models.engine.performance import (Performance, missing_columns, performance, required_columns,
                                            through_year_end)
from comp_models.engine.rounding import round_cents
from comp_models.engine.replay import MULTIPLIER, PLAN_CAP, ReplayResult, RoleResult, annual_totals, replay, replay_role
from comp_models.engine.warnings import history_term_warnings, plan_warnings, target_earnings_warnings
from comp_models.engine.windows import Windows, attainment_pct

__all__ = ["DETAIL_FIELDS", "LEDGER_LINES", "missing_columns", "MULTIPLIER", "PLAN_CAP", "Detail", "Ledger", "Performance", "ReplayResult",
           "RoleResult", "Windows", "annual_totals", "apply_conditions", "attainment_pct", "commission_earned",
           "component_payout_pct", "payment_ledger", "performance", "plan_adjustments", "replay", "replay_role",
           "history_term_warnings", "plan_warnings", "required_columns", "round_cents", "target_earnings_warnings", "through_year_end", "with_on_target_commission", "objective_columns", "scoring_period",
           "simulated_objective_columns", "simulated_score_text"]
