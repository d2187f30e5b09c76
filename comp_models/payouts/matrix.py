"""The two-goal payout matrix: a payout % looked up from the levels reached on two goals."""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray


def matrix_payout(att_x_pct: FloatArray, att_y_pct: FloatArray, levels_x: list[float], levels_y: list[float],
                  payouts: list[list[float]]) -> FloatArray:
    """Payout % looked up from the levels reached on two goals; nothing below either first level."""
    ix = np.searchsorted(np.asarray(levels_x, dtype=np.float64), np.fmax(att_x_pct, 0.0), side="right") - 1
    iy = np.searchsorted(np.asarray(levels_y, dtype=np.float64), np.fmax(att_y_pct, 0.0), side="right") - 1
    table = np.asarray(payouts, dtype=np.float64)
    reached = (ix >= 0) & (iy >= 0)
    return np.where(reached, table[np.maximum(iy, 0), np.maximum(ix, 0)], 0.0)
