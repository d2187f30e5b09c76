"""Rounding money to the cent, once per line, half away from zero (docs/money.md §7).

`round_cents(x)` returns currency amounts on exact cents (as floats): `sign(y) · floor(|y| + 0.5) / 100`
with `y = round(100 · x, 4)`, so float noise below 1/10,000 of a cent cannot push a half cent the wrong
way. This is ROUND_HALF_UP as payroll and spreadsheets use it (not numpy's half-to-even).
"""

from __future__ import annotations

import numpy as np

from comp_models.kernels import compiled, flat, like
from comp_models.types import FloatArray

NOISE_DECIMALS = 4  # decimals of a cent kept before rounding


def round_cents(x: FloatArray | float, out: FloatArray | None = None) -> FloatArray:
    """Amounts rounded half away from zero to the cent; any shape, NaN stays NaN. With `out` (an array of
    x's shape, which may be x itself), the result is written there. A large contiguous array is rounded in one
    compiled pass (`kernels`), bit for bit the same."""
    xf = flat(x)
    if xf is not None and (out is None or (out.shape == x.shape and out.strides == x.strides)):
        if out is not None and out.ctypes.data == x.ctypes.data:  # in place
            compiled().round_cents_inplace(xf)
            return out
        out = like(x) if out is None else out
        of = flat(out)
        if of is not None:
            compiled().round_cents(xf, of)
            return out
    y = np.multiply(x, 100.0)
    if not isinstance(y, np.ndarray):  # a scalar in, a scalar out
        y = np.round(y, NOISE_DECIMALS)
        return np.copysign(np.floor(np.abs(y) + 0.5), y) / 100.0
    np.round(y, NOISE_DECIMALS, out=y)  # in place from here: this runs on every line of every scenario
    r = np.abs(y, out=out)
    r += 0.5
    np.floor(r, out=r)
    np.copysign(r, y, out=r)
    r /= 100.0
    return r
