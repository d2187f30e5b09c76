"""Months, plan years, spans and measurement periods: the calendar a role's plan is replayed on
(docs/money.md §1, §12-14).

A plan year is cut into **spans** (its months with one plan version in force and the role
employed); each span is measured, trued up and settled as a whole plan year is. Periods are
runs of 1, 3 or 12 months aligned to the plan year and cut at span boundaries.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cached_property, lru_cache

import numpy as np

from comp_models.dates import employed_fraction, month_in_plan_year, month_ordinal, period_label, plan_year
from comp_models.types import BoolArray, FloatArray, IntArray, Period


@dataclass(frozen=True)
class PeriodGrid:
    """The measurement periods of a role over a run of months. Arrays are (P,); month indices are
    half-open: period p covers months [start[p], end[p])."""

    period: Period  # the measurement period of the current plan version
    start: IntArray
    end: IntArray
    labels: list[str]
    year: IntArray  # plan year of each period (named by the calendar year it ends in)
    year_start: IntArray  # first month index of the period's span (its plan year, unless cut)
    closes_year: BoolArray  # the period closes its span: true-up and settlement point
    full_end: IntArray  # where the period would end were the history longer (its whole target window)
    span_end: IntArray  # where the period's span ends (past the history when the span is open)
    version: IntArray  # index of the plan version in force
    remeasured: BoolArray  # the span can be re-measured on its months (not a partial first plan year)
    termination: BoolArray  # the period closes the role's employment
    employed: FloatArray  # (M,) employed fraction of each month (1 when no employment dates)
    fiscal_year_start: int = 1
    offset0: int = 0  # the first month's place in its plan year (0 = the plan year's first month)

    @property
    def n(self) -> int:
        return len(self.labels)

    @property
    def months(self) -> IntArray:
        return self.end - self.start

    @cached_property
    def _employed_cumsum(self) -> FloatArray:
        return np.concatenate([[0.0], np.cumsum(self.employed)])

    def paid_months(self, start: IntArray, end: IntArray) -> FloatArray:
        """Σ employed fraction over months [start, end) of the history: what a window's target incentive
        share counts (docs/money.md §13); n for a window of n whole months."""
        c = self._employed_cumsum
        m = len(self.employed)
        return c[np.minimum(end, m)] - c[np.minimum(start, m)]

    @cached_property
    def first_of_year(self) -> BoolArray:
        """The first period of each span (spans are what years are, for settling)."""
        first = np.ones(self.n, dtype=bool)
        first[1:] = self.year_start[1:] != self.year_start[:-1]
        return first

    def subset(self, idx: IntArray) -> "PeriodGrid":
        """The grid of some periods (e.g. one plan version's), in order."""
        idx = np.asarray(idx, dtype=np.int64)
        arrays = {f: getattr(self, f)[idx] for f in ("start", "end", "year", "year_start", "closes_year", "full_end",
                                                     "span_end", "version", "remeasured", "termination")}
        out = replace(self, labels=[self.labels[i] for i in idx], **arrays)
        return out


def _cut_label(label: str, months: list[str], a: int, b: int) -> str:
    """A period cut by a plan change or an employment date names its months: "2024-Q2 (May-Jun)"."""
    first, last = calendar.month_abbr[int(months[a][5:7])], calendar.month_abbr[int(months[b - 1][5:7])]
    return f"{label} ({first})" if a == b - 1 else f"{label} ({first}-{last})"


def role_grid(months: list[str], periods: list[Period], version_from: list[str | None],
              fiscal_year_start: int = 1, employment: tuple[date | None, date | None] = (None, None),
              by_days: list[bool] | None = None) -> PeriodGrid:
    """The grid of one role: plan versions `periods[v]` in force from `version_from[v]` (None: from the
    start), employed from `employment[0]` to `employment[1]` (None: unbounded), proration by days for
    versions with `by_days[v]`. Months outside employment and before the first version have no period.

    Built once per distinct calendar (its arrays are read-only and shared; each call gets its own labels
    list): every replay, chunk and rerun of the same months and plan calendar asks for the same grid."""
    by_days = by_days or [False] * len(periods)
    grid = _role_grid(tuple(months), tuple(periods), tuple(version_from), int(fiscal_year_start),
                      tuple(employment), tuple(bool(b) for b in by_days))
    return replace(grid, labels=list(grid.labels))


@lru_cache(maxsize=256)
def _role_grid(months: tuple[str, ...], periods: tuple[Period, ...], version_from: tuple[str | None, ...],
               fiscal_year_start: int, employment: tuple[date | None, date | None],
               by_days: tuple[bool, ...]) -> PeriodGrid:
    grid = _build_grid(list(months), list(periods), list(version_from), fiscal_year_start, employment,
                       list(by_days))
    for f in fields(grid):
        value = getattr(grid, f.name)
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return grid


def _build_grid(months: list[str], periods: list[Period], version_from: list[str | None], fiscal_year_start: int,
                employment: tuple[date | None, date | None], by_days: list[bool]) -> PeriodGrid:
    m = len(months)
    fy = fiscal_year_start
    ords = [month_ordinal(x) for x in months]
    starts = [month_ordinal(v) if v else None for v in version_from]
    version = np.full(m, -1, dtype=np.int64)
    for v, s in enumerate(starts):
        for i, o in enumerate(ords):
            if s is None or o >= s:
                version[i] = v
    emp_start, emp_end = employment
    employed = np.zeros(m)
    for i, month in enumerate(months):
        if version[i] >= 0:
            employed[i] = employed_fraction(month, emp_start, emp_end, by_days[version[i]])
    offset = np.array([month_in_plan_year(x, fy) for x in months], dtype=np.int64)
    years = np.array([plan_year(x, fy) for x in months], dtype=np.int64)
    end_ord = month_ordinal(f"{emp_end.year}-{emp_end.month:02d}") if emp_end else None
    start_ord = month_ordinal(f"{emp_start.year}-{emp_start.month:02d}") if emp_start else None

    p_start, p_end, p_full, p_span_end, p_ver, p_year, p_span, p_closes, p_remeasure, p_term = ([] for _ in range(10))
    labels: list[str] = []
    i = 0
    while i < m:
        if employed[i] <= 0:
            i += 1
            continue
        s0, v, y = i, int(version[i]), int(years[i])
        j = i
        while j + 1 < m and employed[j + 1] > 0 and version[j + 1] == v and years[j + 1] == y:
            j += 1
        # the span [s0, j]: where it ends, and why
        terminated = end_ord is not None and ords[j] == end_ord
        next_version = v + 1 < len(starts) and starts[v + 1] == ords[j] + 1
        year_end = offset[j] == 11
        closes = j + 1 < m or terminated or next_version or year_end
        if closes:
            limit = j + 1
        else:  # open: the span would run to the plan year's end, a known version change or the termination
            limit = s0 + (12 - offset[s0])
            for cut in ([starts[v + 1]] if v + 1 < len(starts) else []) + ([end_ord + 1] if end_ord else []):
                limit = min(limit, s0 + cut - ords[s0]) if cut is not None and cut > ords[s0] else limit
        starts_year = offset[s0] == 0 or (start_ord is not None and ords[s0] == start_ord) or \
            (starts[v] is not None and ords[s0] == starts[v]) or s0 > 0
        k = periods[v].months
        a = s0
        while a <= j:
            aligned_end = a - offset[a] % k + k  # the plan-year period's end, as a month index
            b = min(aligned_end, j + 1)
            p_start.append(a)
            p_end.append(b)
            p_full.append(min(aligned_end, limit))
            p_span_end.append(limit)
            p_ver.append(v)
            p_year.append(y)
            p_span.append(s0)
            p_closes.append(closes and b == j + 1)
            p_remeasure.append(bool(starts_year))
            p_term.append(terminated and b == j + 1)
            label = period_label(months[a], k, fy)
            cut = k > 1 and ((a == s0 and s0 > 0 and offset[a] % k) or (b == j + 1 < aligned_end and closes))
            labels.append(_cut_label(label, months, a, b) if cut else label)
            a = b
        i = j + 1

    def arr(x, dtype=np.int64):
        return np.array(x, dtype=dtype)

    current = periods[-1]
    return PeriodGrid(current, arr(p_start), arr(p_end), labels, arr(p_year), arr(p_span), arr(p_closes, bool),
                      arr(p_full), arr(p_span_end), arr(p_ver), arr(p_remeasure, bool), arr(p_term, bool), employed,
                      fy, int(offset[0]) if m else 0)


def period_grid(months: list[str], period: Period, fiscal_year_start: int = 1) -> PeriodGrid:
    """Periods of one plan version over the whole run of months (no employment dates)."""
    return role_grid(months, [period], [None], fiscal_year_start)
