"""Piecewise-linear payout curves: payout % from attainment %.

Percentages are percents (100 = target). Vectorised: any shape in, the same shape out.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from comp_models.kernels import compiled, flat, like
from comp_models.types import FloatArray, IntArray

CurvePoints = list[tuple[float, float]]


def curve_payout(attainment_pct: FloatArray, curve: CurvePoints, *, below_first: str = "zero") -> FloatArray:
    """Payout % from attainment % by a piecewise-linear curve.

    Below the first point (the threshold) nothing is paid (below_first="zero"; a first
    point with a payout above 0 is a jump at the threshold) or the first payout holds
    (below_first="flat", used for multipliers). After the last point payout is flat: the cap.
    NaN attainment pays as 0% attainment. A large contiguous array is interpolated in one compiled pass
    (`kernels`), bit for bit as np.interp.
    """
    xs, ys, slopes, finite = _points(tuple(map(tuple, curve)))
    left = ys[0] if below_first == "flat" else 0.0
    af = flat(attainment_pct)
    if af is not None and len(xs):
        out = like(attainment_pct)
        loop = compiled().curve_finite if finite else compiled().curve
        loop(af, xs, ys, slopes, float(left), float(ys[-1]), flat(out))
        return out
    a = np.fmax(attainment_pct, 0.0)  # NaN -> 0
    if a.ndim == 2 and a.flags.f_contiguous and not a.flags.c_contiguous:
        # years x periods laid out period-major (simulated years): interpolate in that memory order, which
        # np.interp would otherwise copy into row order first, and give the result the same layout
        return np.interp(a.T.ravel(), xs, ys, left=left, right=ys[-1]).reshape(a.T.shape).T
    return np.interp(a, xs, ys, left=left, right=ys[-1])


@lru_cache(maxsize=256)
def _points(curve: tuple[tuple[float, float], ...]) -> tuple[FloatArray, FloatArray, FloatArray, bool]:
    """A curve's attainments and payouts as arrays, each segment's slope (a vertical step has none,
    and no value falls in it), and whether every payout and slope is finite (the compiled loop's fast case);
    worked out once per curve: a simulation curves every component on every call."""
    xs = np.array([p[0] for p in curve], dtype=np.float64)
    ys = np.array([p[1] for p in curve], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):  # a vertical step has no slope; never used
        slopes = np.diff(ys) / np.diff(xs)
    steps = np.diff(xs) == 0
    finite = bool(len(xs) > 1 and np.isfinite(ys).all() and np.isfinite(slopes[~steps]).all())
    return xs, ys, slopes, finite  # shared by every call on this curve: read, never written (numba is given
    # writeable arrays, as its loops were compiled for them)


def curve_segment(attainment_pct: FloatArray, curve: CurvePoints) -> IntArray:
    """Which segment of the curve each attainment falls in: -1 below threshold, len-1 at/after cap."""
    xs = np.array([p[0] for p in curve], dtype=np.float64)
    a = np.nan_to_num(np.asarray(attainment_pct, dtype=np.float64), nan=0.0)
    return np.searchsorted(xs, a, side="right") - 1
