"""Rounding to cents: done once, here, when a replay becomes a statement.

Engine arithmetic is float64. A statement rounds each line (a component, adjustment or
payment line of one role) as a running total over the periods of a year: a period's cents
are round(total to date) - round(total before). So each line is within a cent of its exact
value, and its year (true-up included) is exactly its own rounded total. Period totals and
year totals are then sums of these integer cents, so components sum to the period total and
periods to the year with no rounding left to disagree.
"""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray, IntArray


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
