"""Commission components: tier tables on a period's amount, or cumulatively within a quarter or year."""

from __future__ import annotations

import numpy as np

from comp_models.engine.conditions import apply_conditions
from comp_models.engine.detail import Detail
from comp_models.engine.windows import Windows
from comp_models.metrics import METRICS
from comp_models.payouts import tiered_commission
from comp_models.periods import PeriodGrid
from comp_models.plans import CommissionComponent, Plan
from comp_models.types import Accumulate, FloatArray, TierBasis


def commission_earned(c: CommissionComponent, amount: FloatArray, window_target: FloatArray) -> FloatArray:
    """Commission on `amount` (..., W) by the component's tier table, for windows whose target is
    `window_target` (W,): tier starts (and ceiling) given in % of target are scaled to amounts."""
    starts = np.array([t.start for t in c.tiers], dtype=np.float64)
    ceiling = c.ceiling
    if c.tier_basis is TierBasis.ATTAINMENT:
        window_target = np.asarray(window_target, dtype=np.float64)
        starts = starts[None, :] / 100.0 * window_target[:, None]  # (W, T)
        ceiling = None if c.ceiling is None else c.ceiling / 100.0 * window_target
    return tiered_commission(amount, starts, c.tier_mode, rates_pct=np.array([t.rate or 0.0 for t in c.tiers]),
                             tier_amounts=np.array([t.amount or 0.0 for t in c.tiers]), ceiling=ceiling)


def commission_detail(plan: Plan, win: Windows, grid: PeriodGrid, goal_att: dict[str, FloatArray],
                detail: Detail) -> dict[str, FloatArray]:
    """Fill commission components' period detail; tier position measured per period or cumulatively."""
    s, p, k = detail["earned"].shape
    position = {"from": np.full((s, p, k), np.nan), "to": np.full((s, p, k), np.nan),
                "window_target": np.full((p, k), np.nan)}
    for i, c in enumerate(plan.components):
        if not isinstance(c, CommissionComponent):
            continue
        if c.accumulate is Accumulate.PERIOD:
            acc_start, acc_end = grid.start, grid.end
        else:
            acc_start = grid.start - grid.start % c.accumulate.months
            acc_end = np.minimum(acc_start + c.accumulate.months, len(win.perf.targets[c.goal]))
        col = METRICS[win.scenario.goals[c.goal].metric].numerator
        before = win.col_sum(col, acc_start, grid.start)
        upto = win.col_sum(col, acc_start, grid.end)
        window_target = win.target_sum(c.goal, acc_start, acc_end)  # (P,)
        earned = commission_earned(c, upto, window_target) - commission_earned(c, before, window_target)
        actual, target, att = win.goal(c.goal, grid.start, grid.end)
        gate = apply_conditions(c, plan, np.ones_like(earned), goal_att)
        period_target = c.target_earnings * grid.months / 12.0
        detail.measure(i, actual, target, att)
        detail["earned"][:, :, i] = earned * gate
        with np.errstate(divide="ignore", invalid="ignore"):
            detail["payout_pct"][:, :, i] = np.where(period_target > 0, 100.0 * earned * gate / period_target, 0.0)
        position["from"][:, :, i], position["to"][:, :, i] = before, upto
        position["window_target"][:, i] = window_target
    return position
