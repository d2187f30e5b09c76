"""Stitch plan versions replayed on their own periods into one role's lines (docs/money.md §14).

A component of the same name in two versions is one line; a version without it leaves 0 in its
periods (its detail NaN). Lines are ordered as the current plan's components, then components only
earlier versions have (newest first), then multiplier and plan cap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from comp_models.engine.detail import DETAIL_FIELDS, Detail
from comp_models.periods import PeriodGrid
from comp_models.types import FloatArray

EXTRA_LINES = 2  # multiplier, plan cap


@dataclass
class VersionLines:
    """A plan version replayed on its periods (a subset of the role's grid), or every version stitched over
    all of them: the lines and detail a RoleResult is made of."""

    names: list[str]
    lines: FloatArray
    true_up: FloatArray
    detail: Detail
    goal_att: dict[str, FloatArray]
    period_goal_att: dict[str, FloatArray]
    factor: FloatArray
    limit: FloatArray
    position: dict[str, FloatArray]
    target_variable: FloatArray
    year_target_variable: dict[int, float]
    basis: str
    closing: np.ndarray
    year_detail: Mapping[str, FloatArray]
    year_att: dict[str, FloatArray]


def _names(parts, versions) -> list[str]:
    names: list[str] = []
    for plan in reversed(versions):
        for c in plan.components:
            if c.name not in names:
                names.append(c.name)
    return names + list(parts[0][1].names[-EXTRA_LINES:])


def stitch_parts(parts: list[tuple[np.ndarray, VersionLines]], grid: PeriodGrid, versions) -> VersionLines:
    """parts: [(the version's period indices in the grid, its VersionLines)] in version order -> the role's
    VersionLines over every period of the grid."""
    s = parts[0][1].lines.shape[0]
    p = grid.n
    names = _names(parts, versions)
    k_all = len(names) - EXTRA_LINES
    out = VersionLines(names, np.zeros((s, p, len(names))), np.zeros((s, p, len(names))), None, {}, {},
                       np.ones((s, p)), np.full(p, np.inf), {}, np.zeros(p), {}, parts[-1][1].basis,
                       np.zeros(0, dtype=np.int64), {}, {})
    detail = Detail(s, p, k_all)
    for f in detail.eager:
        detail.eager[f][:] = np.nan
    lazy = {f: np.full((s, p, k_all), np.nan) for f in Detail.LAZY}
    pos_keys = parts[0][1].position.keys()
    out.position = {key: np.full((s, p, k_all) if parts[0][1].position[key].ndim == 3 else (p, k_all),
                                 0.0 if key == "ungated" else np.nan) for key in pos_keys}
    closing, year_rows = [], []
    for idx, part in parts:
        slots = [names.index(n) for n in part.names[:-EXTRA_LINES]]
        cols = slots + [len(names) - 2, len(names) - 1]
        out.lines[:, idx[:, None], cols] = part.lines
        out.true_up[:, idx[:, None], cols] = part.true_up
        out.factor[:, idx] = part.factor
        out.limit[idx] = part.limit
        out.target_variable[idx] = part.target_variable
        for y, v in part.year_target_variable.items():
            out.year_target_variable[y] = out.year_target_variable.get(y, 0.0) + v
        for f in detail.eager:
            detail.eager[f][:, idx[:, None], slots] = part.detail[f]
        for f in Detail.LAZY:
            lazy[f][:, idx[:, None], slots] = part.detail[f]
        for key, arr in part.position.items():
            if arr.ndim == 3:
                out.position[key][:, idx[:, None], slots] = arr
            else:
                out.position[key][idx[:, None], slots] = arr
        for store, src in ((out.goal_att, part.goal_att), (out.period_goal_att, part.period_goal_att)):
            for g, a in src.items():
                store.setdefault(g, np.full((s, p), np.nan))[:, idx] = a
        if len(part.closing):
            closing.append(idx[part.closing])
            year_rows.append((slots, part))
    for f in Detail.LAZY:  # the stitched measures, as (S, P) per slot
        for k in range(k_all):
            detail.sources[f][k] = lazy[f][:, :, k]
    out.detail = detail
    out.closing = np.concatenate(closing) if closing else np.zeros(0, dtype=np.int64)
    out.year_detail = {}
    if year_rows:
        n_close = len(out.closing)
        year_detail = {f: np.full((s, n_close, k_all), np.nan) for f in DETAIL_FIELDS}
        row = 0
        for slots, part in year_rows:
            c = len(part.closing)
            for f in DETAIL_FIELDS:
                year_detail[f][:, row:row + c][:, :, slots] = part.year_detail[f]
            for g, a in part.year_att.items():
                out.year_att.setdefault(g, np.full((s, n_close), np.nan))[:, row:row + c] = a
            row += c
        out.year_detail = year_detail
    return out
