"""Marginal tiers: each band at its own rate, tax-bracket style."""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray


def marginal_commission(x: FloatArray, starts: FloatArray, ends: FloatArray, rates_pct: FloatArray) -> FloatArray:
    """Σ_t rate_t% × the part of x in [start_t, end_t). x: (..., 1); starts, ends: (..., T).

    Band by band on arrays of x's shape, the bands added in tier order (as a sum over a tier axis adds a short
    table, bit for bit), without a (..., T) temporary: simulations call this on every year and period."""
    x0 = x[..., 0]
    total = None
    for t in range(starts.shape[-1]):
        band = np.minimum(x0, ends[..., t])
        band -= starts[..., t]
        np.clip(band, 0.0, None, out=band)
        band *= rates_pct[t]
        band /= 100.0
        if total is None:
            total = band
        else:
            total += band
    return np.zeros(np.shape(x0)) if total is None else total
