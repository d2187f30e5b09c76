"""The payout engine: replay both plans over monthly performance, vectorised over scenarios.

Owns `Performance` (monthly columns (S, M) and each goal's monthly targets), window sums and
attainment, conditions across goals (gates, conditional caps, the joint upside rule, multiplier,
plan cap), commission tier positions, the true-up, and the payment ledger (holdback, floor,
claw-back, draws, installments). `replay(scenario, performance)` returns float amounts per line;
statements turn them into cents. `year_totals` gives each role's earned per plan year (simulations).
Imports `plans`, `periods`, `payouts`, `metrics`, `types`.
"""

from comp_models.engine.commission import commission_earned
from comp_models.engine.conditions import apply_conditions, component_payout_pct, plan_adjustments
from comp_models.engine.detail import DETAIL_FIELDS, Detail
from comp_models.engine.ledger import LEDGER_LINES, Ledger, payment_ledger
from comp_models.engine.objectives import (ScoreDraws, objective_columns, scoring_period,
                                           simulated_objective_columns, simulated_objective_draws,
                                           simulated_score_text)
from comp_models.engine.on_target import with_on_target_commission
from comp_models.engine.performance import (MonthColumns, Performance, missing_columns, performance, required_columns,
                                            through_year_end)
from comp_models.engine.rounding import round_cents
from comp_models.engine.replay import MULTIPLIER, PLAN_CAP, ReplayResult, RoleResult, annual_totals, replay, replay_role
from comp_models.engine.warnings import history_term_warnings, plan_warnings, target_earnings_warnings
from comp_models.engine.windows import Windows, attainment_pct
from comp_models.engine.year_totals import year_totals

__all__ = ["annual_totals", "apply_conditions", "attainment_pct", "commission_earned", "component_payout_pct",
           "Detail", "DETAIL_FIELDS", "history_term_warnings", "Ledger", "LEDGER_LINES", "missing_columns",
           "MonthColumns", "MULTIPLIER", "objective_columns", "payment_ledger", "Performance", "performance", "plan_adjustments",
           "PLAN_CAP", "plan_warnings", "replay", "replay_role", "ReplayResult", "required_columns", "RoleResult",
           "round_cents", "ScoreDraws", "scoring_period", "simulated_objective_columns", "simulated_objective_draws",
           "simulated_score_text", "target_earnings_warnings", "through_year_end", "Windows",
           "with_on_target_commission", "year_totals"]
