"""Interpolated tiers: a money amount per band, earned pro rata across the band."""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray


def interpolated_commission(x: FloatArray, starts: FloatArray, ends: FloatArray, tier_amounts: FloatArray) -> FloatArray:
    """Σ_t amount_t × clip((x − start_t) / (end_t − start_t), 0, 1); the last band ends at the ceiling."""
    width = ends - starts
    frac = np.clip((x - starts) / width, 0.0, 1.0)
    return (frac * tier_amounts).sum(axis=-1)
