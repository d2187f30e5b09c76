"""Periods and targets: the calendar a plan is measured on, and each goal's monthly targets.

Owns the measurement-period grid (months cut into monthly / quarterly / annual periods, which
period closes a year) and target resolution (annual targets split by monthly profiles, explicit
monthly tables, `target_pct`). Imports `comp_models.plans` (goals carry their targets), `metrics`,
`types` and `errors`.
"""

from comp_models.periods.grid import PeriodGrid, period_grid, role_grid
from comp_models.periods.targets import (FLAT, goal_monthly_targets, goal_targets_for_year, monthly_profile,
                                         resolve_targets, year_monthly_targets)

__all__ = ["FLAT", "PeriodGrid", "role_grid", "goal_monthly_targets", "goal_targets_for_year", "monthly_profile", "period_grid",
           "resolve_targets", "year_monthly_targets"]
