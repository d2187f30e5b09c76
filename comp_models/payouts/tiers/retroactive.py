"""Retroactive tiers: the highest reached tier's rate applies to the whole amount."""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray


def retroactive_commission(x: FloatArray, starts: FloatArray, rates_pct: FloatArray,
                           ceiling: FloatArray | float | None) -> FloatArray:
    """rate of the highest tier with x >= start, on min(x, ceiling); 0 below the first start. x: (..., 1)."""
    ceil = np.inf if ceiling is None else np.asarray(ceiling, dtype=np.float64)
    x0 = x[..., 0]
    # the count of tier starts reached, one tier at a time over whole arrays (numpy sums a tiny last axis slowly)
    count = np.zeros(np.broadcast_shapes(x0.shape, starts.shape[:-1]), dtype=np.intp)
    for t in range(starts.shape[-1]):
        count += x0 >= starts[..., t]
    # the rate of the count-th start reached, read from the rates with a 0 before them (nothing below the first)
    if rates_pct.ndim == 1:
        rate = np.take(np.concatenate([[0.0], rates_pct]), count)
    else:
        rates = np.broadcast_to(rates_pct, (*count.shape, rates_pct.shape[-1]))
        padded = np.concatenate([np.zeros((*count.shape, 1)), rates], axis=-1)
        rate = np.take_along_axis(padded, count[..., None], axis=-1)[..., 0]
    capped = x0 if ceiling is None else np.minimum(x0, ceil)  # min(x, inf) is x, NaN included
    return capped * rate / 100.0
