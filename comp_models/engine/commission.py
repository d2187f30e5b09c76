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
from comp_models.engine.rounding import round_cents
from comp_models.types import Accumulate, FloatArray, TierBasis


def commission_earned(c: CommissionComponent, amount: FloatArray, window_target: FloatArray) -> FloatArray:
    """Commission on `amount` (..., W) by the component's tier table, for windows whose target is
    `window_target` (W,) (docs/money.md §4).

    Tier starts (and the ceiling) given in % of target become money as `start × target / 100`, rounded
    to the cent; the amount is rounded to the cent before it is compared with them, so an amount
    exactly on a boundary is on it. C(x) = 0 for x <= 0.
    """
    starts = np.array([t.start for t in c.tiers], dtype=np.float64)
    ceiling = c.ceiling
    if c.tier_basis is TierBasis.ATTAINMENT:
        window_target = np.asarray(window_target, dtype=np.float64)
        starts = round_cents(starts[None, :] * window_target[:, None] / 100.0)  # (W, T)
        ceiling = None if c.ceiling is None else round_cents(c.ceiling * window_target / 100.0)
    x = np.maximum(round_cents(amount), 0.0)
    return tiered_commission(x, starts, c.tier_mode, rates_pct=np.array([t.rate or 0.0 for t in c.tiers]),
                             tier_amounts=np.array([t.amount or 0.0 for t in c.tiers]), ceiling=ceiling)


def accumulation_windows(c: CommissionComponent, grid: PeriodGrid, n_targets: int) -> tuple[np.ndarray, np.ndarray]:
    """For each period, the window [start, end) its tier position is measured in: the period itself, or
    its calendar quarter / year (the end may run past the history: targets run to December)."""
    if c.accumulate is Accumulate.PERIOD:
        return grid.start, np.minimum(grid.start + grid.period.months, n_targets)  # a partial period: its whole target
    acc_start = grid.start - grid.start % c.accumulate.months
    return acc_start, np.minimum(acc_start + c.accumulate.months, n_targets)


def on_target_commission(c: CommissionComponent, plan: Plan, win: Windows, years: list[int],
                         first_year: int) -> FloatArray:
    """On-target commission of each of `years` (Y,): `target_earnings` when stated, else the tier table
    at exactly 100% of the year's target, summed over the year's accumulation windows (the plan's
    periods, the quarters or the year; docs/money.md §4)."""
    if c.target_earnings is not None:
        return np.full(len(years), float(c.target_earnings))
    n = len(win.perf.targets[c.goal])
    width = {Accumulate.YEAR: 12, Accumulate.QUARTER: 3}.get(c.accumulate, plan.measurement_period.months)
    out = np.zeros(len(years))
    for j, year in enumerate(years):
        y0 = (year - first_year) * 12
        starts = np.arange(y0, min(y0 + 12, n), width)
        targets = win.target_sum(c.goal, starts, np.minimum(starts + width, n))
        out[j] = float(commission_earned(c, targets, targets).sum())
    return out


def commission_detail(plan: Plan, win: Windows, grid: PeriodGrid, goal_att: dict[str, FloatArray],
                      detail: Detail, on_target: dict[int, FloatArray]) -> dict[str, FloatArray]:
    """Fill commission components' period detail (cents, gated on the period) and return their tier
    positions and ungated commission: "from"/"to" cumulative amounts (S, P, K), "window_target"
    (P, K), "ungated" (S, P, K) — the period's commission before gates, in cents — and "on_target"
    (P, K), the period's on-target commission.

    on_target: component index -> on-target commission per period (P,), for payout %."""
    s, p, k = detail["earned"].shape
    position = {"from": np.full((s, p, k), np.nan), "to": np.full((s, p, k), np.nan),
                "window_target": np.full((p, k), np.nan), "ungated": np.zeros((s, p, k)),
                "on_target": np.full((p, k), np.nan)}
    for i, c in enumerate(plan.components):
        if not isinstance(c, CommissionComponent):
            continue
        acc_start, acc_end = accumulation_windows(c, grid, len(win.perf.targets[c.goal]))
        col = METRICS[win.scenario.goals[c.goal].metric].numerator
        before = win.col_sum(col, acc_start, grid.start)
        upto = win.col_sum(col, acc_start, grid.end)
        window_target = win.target_sum(c.goal, acc_start, acc_end)  # (P,)
        ungated = round_cents(commission_earned(c, upto, window_target) - commission_earned(c, before, window_target))
        actual, target, att = win.goal(c.goal, grid.start, grid.end)
        gate = apply_conditions(c, plan, np.ones_like(ungated), goal_att)
        period_target = on_target[i]
        detail.measure(i, actual, target, att)
        detail["earned"][:, :, i] = ungated * gate
        with np.errstate(divide="ignore", invalid="ignore"):
            detail["payout_pct"][:, :, i] = np.where(period_target > 0, 100.0 * ungated * gate / period_target, 0.0)
        position["from"][:, :, i], position["to"][:, :, i] = before, upto
        position["window_target"][:, i] = window_target
        position["ungated"][:, :, i] = ungated
        position["on_target"][:, i] = period_target
    return position


def commission_gates(c: CommissionComponent, plan: Plan, goal_att: dict[str, FloatArray], shape) -> FloatArray:
    """1 where every gate of the commission (plan and component) is open on `goal_att`, else 0."""
    return apply_conditions(c, plan, np.ones(shape), goal_att)
