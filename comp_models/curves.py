"""Payout primitives: curves, two-metric matrices and tiered commission tables.

All functions are vectorised: attainment and amounts are arrays of any shape, and the
result has the same shape. Percentages are percents (100 = target).
"""

from __future__ import annotations

import numpy as np

from ._types import FloatArray, IntArray, TierMode

CurvePoints = list[tuple[float, float]]


def curve_payout(attainment_pct: FloatArray, curve: CurvePoints, *, below_first: str = "zero") -> FloatArray:
    """Payout % from attainment % by a piecewise-linear curve.

    Below the first point (the threshold) nothing is paid (below_first="zero"; a first
    point with a payout above 0 is a jump at the threshold) or the first payout holds
    (below_first="flat", used for multipliers). After the last point payout is flat: the cap.
    NaN attainment pays as 0% attainment.
    """
    xs = np.array([p[0] for p in curve], dtype=np.float64)
    ys = np.array([p[1] for p in curve], dtype=np.float64)
    a = np.fmax(attainment_pct, 0.0)  # NaN -> 0
    left = ys[0] if below_first == "flat" else 0.0
    return np.interp(a, xs, ys, left=left, right=ys[-1])


def curve_segment(attainment_pct: FloatArray, curve: CurvePoints) -> IntArray:
    """Which segment of the curve each attainment falls in: -1 below threshold, len-1 at/after cap."""
    xs = np.array([p[0] for p in curve], dtype=np.float64)
    a = np.nan_to_num(np.asarray(attainment_pct, dtype=np.float64), nan=0.0)
    return np.searchsorted(xs, a, side="right") - 1


def matrix_payout(att_x_pct: FloatArray, att_y_pct: FloatArray, levels_x: list[float], levels_y: list[float],
                  payouts: list[list[float]]) -> FloatArray:
    """Payout % looked up from the levels reached on two goals; nothing below either first level."""
    ix = np.searchsorted(np.asarray(levels_x, dtype=np.float64), np.fmax(att_x_pct, 0.0), side="right") - 1
    iy = np.searchsorted(np.asarray(levels_y, dtype=np.float64), np.fmax(att_y_pct, 0.0), side="right") - 1
    table = np.asarray(payouts, dtype=np.float64)
    reached = (ix >= 0) & (iy >= 0)
    return np.where(reached, table[np.maximum(iy, 0), np.maximum(ix, 0)], 0.0)


def tiered_commission(amount: FloatArray, starts: FloatArray, mode: TierMode, *, rates_pct: FloatArray | None = None,
                      tier_amounts: FloatArray | None = None, ceiling: FloatArray | float | None = None) -> FloatArray:
    """Commission earned on `amount` from a tier table.

    amount: any shape (..., ); starts: tier starts broadcastable to (..., T), ascending.
    marginal     -- each band [start_t, start_t+1) at its own rate (last band open unless ceiling).
    retroactive  -- the highest reached tier's rate on the whole amount (amount capped at ceiling).
    interpolated -- tier_amounts[t] earned pro rata across band t; the last band ends at ceiling.
    """
    x = np.asarray(amount, dtype=np.float64)[..., None]
    starts = np.asarray(starts, dtype=np.float64)
    ceil = np.inf if ceiling is None else np.asarray(ceiling, dtype=np.float64)
    last_end = np.broadcast_to(np.asarray(ceil, dtype=np.float64), starts.shape[:-1])[..., None]
    ends = np.concatenate([starts[..., 1:], last_end], axis=-1)
    if mode is TierMode.MARGINAL:
        band = np.clip(np.minimum(x, ends) - starts, 0.0, None)
        return (band * np.asarray(rates_pct, dtype=np.float64) / 100.0).sum(axis=-1)
    if mode is TierMode.RETROACTIVE:
        reached = x >= starts
        tier = reached.sum(axis=-1) - 1  # highest tier whose start is reached; -1 below the first
        rates = np.broadcast_to(np.asarray(rates_pct, dtype=np.float64), reached.shape)
        rate = np.take_along_axis(rates, np.maximum(tier, 0)[..., None], axis=-1)[..., 0]
        rate = np.where(tier >= 0, rate, 0.0)
        return np.minimum(x[..., 0], ceil) * rate / 100.0
    width = ends - starts
    frac = np.clip((x - starts) / width, 0.0, 1.0)
    return (frac * np.asarray(tier_amounts, dtype=np.float64)).sum(axis=-1)
