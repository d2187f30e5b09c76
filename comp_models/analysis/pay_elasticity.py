"""Pay for company performance (docs/alignment.md section 5): each VP's pay elasticity to company
revenue (the whole business 1% bigger on the history; the log-log slope across simulated
years) and the cost of all roles' variable pay as a share of revenue.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import comp_models.analysis.pairing as pairing
from comp_models.analysis._common import _monte_carlo
from comp_models.analysis.gradients import STEP_PCT
from comp_models.analysis.pairing import vp_pair
from comp_models.analysis.stress.levers import LEVERS
from comp_models.analysis.stress.run import base_columns, company_totals, role_totals, stacked_replay
from comp_models.engine import performance
from comp_models.metrics import History
from comp_models.plans import Scenario
from comp_models.types import FloatArray

__all__ = ["PayForPerformance", "pay_for_performance"]


# ---------------------------------------------------------------------------------------
# 5. Pay for company performance


@dataclass(frozen=True)
class PayForPerformance:
    """elasticity_history: VP -> (dP/P) / (dR/R) when the whole business is 1% bigger (history);
    elasticity_simulated: VP -> OLS slope of ln(pay) on ln(revenue) across simulated years;
    revenue_correlation_simulated: VP -> corr(payout %, revenue) across simulated years;
    cost_pct_of_revenue_history / _simulated: all roles' variable pay / revenue, in %;
    cost_revenue_correlation_simulated: corr(total variable pay, revenue) across simulated years.
    Revenue figures are NaN when the history has no revenue column."""

    elasticity_history: dict[str, float]
    elasticity_simulated: dict[str, float] | None
    revenue_correlation_simulated: dict[str, float] | None
    cost_pct_of_revenue_history: float
    cost_pct_of_revenue_simulated: float | None
    cost_revenue_correlation_simulated: float | None
    revenue_change_pct_history: float
    pay_change_pct_history: dict[str, float]
    n_years: int


def _log_slope(y: FloatArray, x: FloatArray) -> float:
    ok = (y > 0) & (x > 0) & np.isfinite(y) & np.isfinite(x)
    if ok.sum() < 3:
        return float("nan")
    lx, ly = np.log(x[ok]), np.log(y[ok])
    vx = lx.var()
    return float(((lx - lx.mean()) * (ly - ly.mean())).mean() / vx) if vx > 0 else float("nan")


def _pay_for_performance(scenario: Scenario, pay: dict[str, FloatArray], revenue: FloatArray, index: int,
                         mc=None) -> PayForPerformance:
    """pay/revenue (S,) whole-history totals; index: the whole-business lever's scenario."""
    pair = vp_pair(scenario)
    r0, r1 = float(revenue[0]), float(revenue[index])
    d_rev = (r1 - r0) / r0 if r0 else float("nan")
    el, dpay = {}, {}
    for r in pair:
        p0 = float(pay[r][0])
        dp = (float(pay[r][index]) - p0) / p0 if p0 else float("nan")
        dpay[r] = 100.0 * dp
        el[r] = dp / d_rev if d_rev else float("nan")
    cost_hist = 100.0 * sum(float(pay[r][0]) for r in scenario.roles) / r0 if r0 else float("nan")
    if mc is None:
        return PayForPerformance(el, None, None, cost_hist, None, None, 100.0 * d_rev, dpay, 0)
    el_sim = {r: _log_slope(mc.earned[r], mc.company_revenue) for r in pair}
    corr_sim = {r: pairing.co_movement(mc.payout_pct[r], mc.company_revenue) for r in pair}
    return PayForPerformance(el, el_sim, corr_sim, cost_hist, mc.cost_pct_of_revenue,
                             pairing.co_movement(mc.total_cost, mc.company_revenue), 100.0 * d_rev, dpay,
                             mc.n_years)


def pay_for_performance(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                        simulations: int = 0, seed: int = 7, mc=None) -> PayForPerformance:
    """Each VP's payout elasticity to company revenue, and the cost of pay as % of revenue. Studies the
    scenario as designed (`Scenario.as_designed()`)."""
    scenario = scenario.as_designed()
    vp_pair(scenario)
    mc = mc if mc is not None else _monte_carlo(scenario, history, annual_targets, simulations, seed)[0]
    perf = performance(scenario, history, annual_targets, scenario.name)
    base = base_columns(perf)
    variant = LEVERS["whole_business"](base, STEP_PCT / 100.0)
    result = stacked_replay(scenario, perf, [variant])
    return _pay_for_performance(scenario, role_totals(result), company_totals([base, variant])["revenue"], 1, mc)

