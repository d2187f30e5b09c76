"""Retroactive tiers: the highest reached tier's rate applies to the whole amount."""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray


def retroactive_commission(x: FloatArray, starts: FloatArray, rates_pct: FloatArray,
                           ceiling: FloatArray | float | None) -> FloatArray:
    """rate of the highest tier with x >= start, on min(x, ceiling); 0 below the first start. x: (..., 1)."""
    ceil = np.inf if ceiling is None else np.asarray(ceiling, dtype=np.float64)
    reached = x >= starts
    tier = reached.sum(axis=-1) - 1  # highest tier whose start is reached; -1 below the first
    rates = np.broadcast_to(rates_pct, reached.shape)
    rate = np.take_along_axis(rates, np.maximum(tier, 0)[..., None], axis=-1)[..., 0]
    rate = np.where(tier >= 0, rate, 0.0)
    return np.minimum(x[..., 0], ceil) * rate / 100.0
