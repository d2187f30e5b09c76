"""Months, measurement periods and the windows metrics are summed over."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from comp_models.types import IntArray, Period


@dataclass(frozen=True)
class PeriodGrid:
    """The measurement periods of a plan over a run of months (January first).

    Arrays are (P,), month indices half-open: period p covers months [start[p], end[p]).
    """

    period: Period
    start: IntArray
    end: IntArray
    labels: list[str]
    year: IntArray  # calendar year of each period
    year_start: IntArray  # first month index of the period's year
    closes_year: np.ndarray  # bool: the period ends a complete calendar year (true-up point)

    @property
    def n(self) -> int:
        return len(self.labels)

    @property
    def months(self) -> IntArray:
        return self.end - self.start

    @cached_property
    def first_of_year(self) -> np.ndarray:
        first = np.ones(self.n, dtype=bool)
        first[1:] = self.year[1:] != self.year[:-1]
        return first


def period_grid(months: list[str], period: Period) -> PeriodGrid:
    """Cut months into calendar-aligned periods; a final period may be partial (fewer months)."""
    m = len(months)
    k = period.months
    start = np.arange(0, m, k, dtype=np.int64)
    end = np.minimum(start + k, m)
    first_year = int(months[0][:4])
    year = first_year + start // 12
    labels = []
    for s, y in zip(start, year):
        if period is Period.MONTHLY:
            labels.append(months[s])
        elif period is Period.QUARTERLY:
            labels.append(f"{y}-Q{(s % 12) // 3 + 1}")
        else:
            labels.append(str(y))
    closes_year = (end % 12 == 0) & (end > start)
    return PeriodGrid(period, start, end, labels, year.astype(np.int64), (start // 12) * 12,
                      closes_year)
