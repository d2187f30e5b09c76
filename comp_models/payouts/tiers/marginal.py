"""Marginal tiers: each band at its own rate, tax-bracket style."""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray


def marginal_commission(x: FloatArray, starts: FloatArray, ends: FloatArray, rates_pct: FloatArray) -> FloatArray:
    """Σ_t rate_t% × the part of x in [start_t, end_t). x: (..., 1); starts, ends: (..., T)."""
    band = np.clip(np.minimum(x, ends) - starts, 0.0, None)
    return (band * rates_pct / 100.0).sum(axis=-1)
