"""The Plan builder's figures of this year, read from the statement's lines of the replay shown at the top:
a component's attainment (the preview's red mark), a goal's attainment (the matrix's second axis) and a
commission window's target (the tier preview's scale).

They read `Replay.line_columns` (the lines' columns as plain arrays, built once per replay): each figure
picks its rows with boolean masks over arrays, in microseconds, where masks over the frame's string
columns cost a fraction of a millisecond each, several times per figure and rerun. Same rows, same
sums and means as the frame would give (tests/app/test_plan_figures.py checks every preset).
"""

from __future__ import annotations

import numpy as np

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


def _latest_mean(cols: dict, rows: np.ndarray) -> float | None:
    """The mean attainment of the latest year among `rows` (a boolean mask): its true-up lines when it has
    any, else all its rows; None when no row is picked."""
    if not rows.any():
        return None
    rows = rows & (cols["year"] == cols["year"][rows].max())
    tu = rows & (cols["line"] == "true-up")
    picked = cols["attainment"][tu if tu.any() else rows]
    return float(picked.mean())


def this_year(cols: dict | None, role: str, component: str) -> float | None:
    """This year's attainment of a component (the latest year's full-year figure: its true-up line when there
    is one, else the mean over its periods)."""
    if cols is None:
        return None
    return _latest_mean(cols, (cols["role"] == role) & (cols["component"] == component) & cols["has_attainment"])


def goal_attainment(cols: dict | None, goal: str | None) -> float | None:
    """This year's attainment of a goal, from any component measured on it."""
    if cols is None or not goal:
        return None
    return _latest_mean(cols, (cols["goal"] == goal) & cols["has_attainment"] & (cols["line"] != "spiff"))


def window_target(cols: dict | None, role: str, comp: dict, measurement_period: str) -> float | None:
    """The target of a commission's accumulation window in the latest year (its year's target × the window's
    months / 12), for the tier preview; `measurement_period` is the plan's."""
    if cols is None:
        return None
    rows = (cols["role"] == role) & (cols["component"] == comp["name"]) & (cols["line"] == "component")
    if not rows.any():
        return None
    rows &= cols["year"] == cols["year"][rows].max()
    target = cols["target"][rows]
    if not (~np.isnan(target)).any():
        return None
    period_months = PERIOD_MONTHS.get(measurement_period, 3)
    window_months = {"year": 12, "quarter": 3}.get(comp.get("accumulate", "period"), period_months)
    covered = int(rows.sum()) * period_months  # an open year: its periods so far
    year_target = float(np.nansum(target)) * 12 / covered
    return year_target * window_months / 12
