"""Rounding to cents: done once, here, when a replay becomes a statement.

Engine arithmetic is float64. A statement's amounts are rounded as a running total: each
line's cents are round(running total after it) - round(running total before it). So every
line is within a cent of its exact value, and any run of consecutive lines (a period, a
year) sums exactly to its own rounded total: components sum to the period, periods to the year.
"""

from __future__ import annotations

import numpy as np

from ._types import FloatArray, IntArray


def to_cents(amounts: FloatArray, groups: np.ndarray | None = None) -> IntArray:
    """Integer cents for a sequence of amounts, rounded as a running total within each group.

    amounts: (N,) in currency units; groups: (N,) labels, each group's rows contiguous
    (e.g. one role-year). Returns (N,) int64 whose group sums equal round(group total, 2).
    """
    x = np.nan_to_num(np.asarray(amounts, dtype=np.float64)) * 100.0
    if x.size == 0:
        return np.zeros(0, dtype=np.int64)
    running = np.cumsum(x)
    if groups is not None:
        g = np.asarray(groups)
        first = np.ones(len(g), dtype=bool)
        first[1:] = g[1:] != g[:-1]
        starts = np.flatnonzero(first)
        before = np.concatenate([[0.0], running])[starts]
        running = running - np.repeat(before, np.diff(np.append(starts, len(g))))
    rounded = np.rint(running).astype(np.int64)
    out = np.diff(rounded, prepend=0)
    if groups is not None:
        out[first] = rounded[first]
    return out


def cents_to_money(cents: IntArray) -> FloatArray:
    return np.asarray(cents, dtype=np.int64) / 100.0
