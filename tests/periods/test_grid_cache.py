"""role_grid is built once per distinct calendar: the shared grid cannot be changed by a caller, each call gets
its own labels, and any change of months, periods, plan versions, plan year or employment gives its own grid."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import numpy as np
import pytest

from comp_models.periods import role_grid
from comp_models.periods.grid import _build_grid
from comp_models.types import Period

from helpers import months


def _same(a, b) -> bool:
    return all(np.array_equal(getattr(a, f.name), getattr(b, f.name)) if isinstance(getattr(a, f.name), np.ndarray)
               else getattr(a, f.name) == getattr(b, f.name) for f in fields(a))


CALENDARS = [
    (months(24), [Period.QUARTERLY], [None], 1, (None, None), None),
    (months(24), [Period.MONTHLY], [None], 1, (None, None), None),
    (months(24), [Period.QUARTERLY], [None], 7, (None, None), None),
    (months(24), [Period.QUARTERLY, Period.MONTHLY], [None, "2024-07"], 1, (None, None), None),
    (months(24), [Period.QUARTERLY], [None], 1, (date(2024, 3, 15), None), [True]),
    (months(24), [Period.QUARTERLY], [None], 1, (date(2024, 3, 15), None), [False]),
    (months(18, "2024-04"), [Period.ANNUAL], [None], 1, (None, date(2025, 2, 10)), None),
]


@pytest.mark.parametrize("calendar", CALENDARS)
def test_cached_grid_is_the_fresh_build_and_read_only(calendar):
    m, periods, version_from, fy, employment, by_days = calendar
    first = role_grid(m, periods, version_from, fy, employment, by_days)
    again = role_grid(list(m), list(periods), list(version_from), fy, employment, by_days)
    fresh = _build_grid(m, periods, version_from, fy, employment, by_days or [False] * len(periods))
    assert _same(first, fresh) and _same(again, fresh)
    with pytest.raises(ValueError):
        again.start[0] = 99
    again.labels.append("mine")
    assert first.labels == fresh.labels  # each caller's labels are its own


def test_every_calendar_has_its_own_grid():
    grids = [role_grid(*c) for c in CALENDARS]
    for i, a in enumerate(grids):
        for b in grids[i + 1:]:
            assert not _same(a, b)
