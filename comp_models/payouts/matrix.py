"""The two-goal payout matrix: a payout % looked up from the levels reached on two goals."""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray, IntArray

FEW_LEVELS = 8  # up to this many strictly increasing levels, a level is found by counting (`_levels_reached`)


def matrix_payout(att_x_pct: FloatArray, att_y_pct: FloatArray, levels_x: list[float], levels_y: list[float],
                  payouts: list[list[float]]) -> FloatArray:
    """Payout % looked up from the levels reached on two goals; nothing below either first level.

    Looked up, by how many levels each goal reaches (0: below the first, nothing paid), in the table with a row
    and a column of zeros before it; the result in the attainments' own memory layout."""
    width = len(levels_x) + 1
    table = np.array([[0.0] * width] + [[0.0, *row] for row in payouts], dtype=np.float64).ravel()
    index = _levels_reached(np.fmax(att_y_pct, 0.0), levels_y)
    index *= width
    index += _levels_reached(np.fmax(att_x_pct, 0.0), levels_x)
    return np.take(table, index, out=np.empty_like(index, dtype=np.float64))


def _levels_reached(att: FloatArray, levels: list[float]) -> IntArray:
    """How many levels each attainment is at or above (a hit exactly on a level reaches it): for levels in
    increasing order, `searchsorted(levels, att, side="right")`. A few strictly increasing levels are counted
    one comparison at a time, faster than a binary search per value."""
    levels = [float(v) for v in levels]
    count = np.zeros_like(att, dtype=np.intp)  # in att's memory layout
    if len(levels) > FEW_LEVELS or any(b <= a for a, b in zip(levels, levels[1:])):
        count += np.searchsorted(np.asarray(levels, dtype=np.float64), att, side="right")
        return count
    for level in levels:
        count += att >= level
    return count
