"""A plan year's on-target commission written into the scenario, for measures that need one figure.

The engine computes an unstated on-target commission per year (the tier table at 100% of each year's
target). Analyses that reason about one plan year (Monte Carlo years, the optimiser, shared-pay
shares) take the scenario with that year's figure written in as `target_earnings`.
"""

from __future__ import annotations

from comp_models.dates import plan_year_months
from comp_models.engine.commission import on_target_commission
from comp_models.engine.performance import Performance
from comp_models.engine.windows import Windows
from comp_models.periods import year_monthly_targets
from comp_models.plans import CommissionComponent, Scenario


def with_on_target_commission(scenario: Scenario, annual_targets: dict[tuple[str, int], float],
                              year: int) -> Scenario:
    """The scenario with every unstated `target_earnings` set to the tier table at 100% of `year`'s
    target (unchanged when every figure is stated, or when the year has no target for the goal)."""
    if not any(p.commission_target_from_tiers for p in scenario.roles.values()):
        return scenario
    targets = year_monthly_targets(scenario, annual_targets, year)
    win = Windows(Performance(plan_year_months(year, scenario.fiscal_year_start), {}, targets), scenario)
    roles = {}
    for role, plan in scenario.roles.items():
        comps = []
        for c in plan.components:
            if isinstance(c, CommissionComponent) and c.target_earnings is None and c.goal in targets:
                c = c.model_copy(update={"target_earnings": float(on_target_commission(c, plan, win, 0, 12, 0))})
            comps.append(c)
        roles[role] = plan.model_copy(update={"components": comps})
    return scenario.model_copy(update={"roles": roles})
