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
    its plan-year quarter / plan year, within the period's span (the end may run past the history:
    targets run to the plan year's end; docs/money.md §4, §12, §14)."""
    if c.accumulate is Accumulate.PERIOD:
        return grid.start, np.minimum(grid.full_end, n_targets)  # a partial period: its whole target
    w = c.accumulate.months
    offset = (grid.offset0 + grid.start) % 12
    aligned = grid.start - offset % w
    return np.maximum(aligned, grid.year_start), np.minimum(np.minimum(aligned + w, grid.span_end), n_targets)


def on_target_commission(c: CommissionComponent, plan: Plan, win: Windows, start: int, end: int,
                         offset: int) -> float:
    """On-target commission of a span of months [start, end) whose first month is month `offset` (0-11)
    of its plan year: `target_earnings` × months / 12 when stated, else the tier table at exactly 100%
    of target on each accumulation window inside the span (the plan's periods, the plan-year quarters or
    the year; docs/money.md §4), summed."""
    n = len(win.perf.targets[c.goal])
    end = min(end, n)
    if c.target_earnings is not None:
        return float(c.target_earnings) * (end - start) / 12.0
    width = {Accumulate.YEAR: 12, Accumulate.QUARTER: 3}.get(c.accumulate, plan.measurement_period.months)
    cuts = [start] + [i for i in range(start + 1, end) if (offset + i - start) % width == 0] + [end]
    starts, ends = np.array(cuts[:-1], dtype=np.int64), np.array(cuts[1:], dtype=np.int64)
    targets = win.target_sum(c.goal, starts, ends)
    return float(commission_earned(c, targets, targets).sum())


def period_commission(c: CommissionComponent, win: Windows, grid: PeriodGrid) -> tuple[FloatArray, ...]:
    """A commission component's tier position and pay in each period, before gates: the cumulative amounts
    "from" (before the period) and "to" (through it) on its accumulation window (S, P), the window's
    target (P,), and the period's commission C(to) − C(from) in cents (S, P) (docs/money.md §4)."""
    acc_start, acc_end = accumulation_windows(c, grid, len(win.perf.targets[c.goal]))
    col = METRICS[win.scenario.goals[c.goal].metric].numerator
    before = win.col_sum(col, acc_start, grid.start)
    upto = win.col_sum(col, acc_start, grid.end)
    window_target = win.target_sum(c.goal, acc_start, acc_end)  # (P,)
    to = commission_earned(c, upto, window_target)
    ungated = to - _earned_before(c, before, upto, to, window_target)
    return before, upto, window_target, round_cents(ungated, out=ungated)


def _earned_before(c: CommissionComponent, before: FloatArray, upto: FloatArray, to: FloatArray,
                   window_target: FloatArray) -> FloatArray:
    """C(from) of each period: where a period's "from" amount and window target are its predecessor's "to" and
    target (periods accumulating in one window), C(from) is the predecessor's C(to), taken as it is; the other
    periods' C(from) is computed (C depends on nothing else: the amount and the window's tier table), once for
    a period whose "from" is the same in every scenario (a period that starts its window: from = 0)."""
    p = before.shape[1]
    same, constant = np.zeros(p, dtype=bool), np.zeros(p, dtype=bool)
    bits = before.view(np.int64)  # bit patterns: equal bits, equal C (a -0.0 is not taken for a 0.0)
    for j in range(p):
        same[j] = j > 0 and window_target[j] == window_target[j - 1] and np.array_equal(before[:, j], upto[:, j - 1])
        constant[j] = not same[j] and bool(np.all(bits[:, j] == bits[0, j]))
    if not (same.any() or constant.any()):
        return commission_earned(c, before, window_target)
    out = np.empty_like(to)
    out[:, 1:][:, same[1:]] = to[:, :-1][:, same[1:]]
    if constant.any():
        out[:, constant] = commission_earned(c, before[:1, constant], window_target[constant])
    rest = ~(same | constant)
    if rest.any():
        out[:, rest] = commission_earned(c, before[:, rest], window_target[rest])
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
        before, upto, window_target, ungated = period_commission(c, win, grid)
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
