"""Months, plan (fiscal) years and employment dates: the calendar every layer agrees on.

A month is written "YYYY-MM"; a date "YYYY-MM-DD". A plan year starts in `start` (1 = January,
2 = February, ...) and is named by the calendar year it ends in: with start 7, FY2025 runs
2024-07 to 2025-06 (the common US practice); with start 1 the plan year is the calendar year.
Plan-year periods are counted from the plan year's first month: with start 2, Q1 is Feb-Apr.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
DATE_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(\d{2})$")


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) of "YYYY-MM"; ValueError otherwise."""
    m = MONTH_RE.match(str(text))
    if not m:
        raise ValueError(f"{text!r} is not a month (YYYY-MM)")
    return int(m.group(1)), int(m.group(2))


def parse_day(text: str) -> date:
    """A date from "YYYY-MM-DD", or the first of the month from "YYYY-MM"; ValueError otherwise."""
    text = str(text)
    if MONTH_RE.match(text):
        y, m = parse_month(text)
        return date(y, m, 1)
    m = DATE_RE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD) or a month (YYYY-MM)")
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))  # raises on 2025-02-30


def month_ordinal(text: str) -> int:
    """Months since year 0: consecutive months differ by 1."""
    y, m = parse_month(text)
    return y * 12 + m - 1


def month_text(ordinal: int) -> str:
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


def plan_year(month: str, start: int = 1) -> int:
    """The plan year a month belongs to, named by the calendar year the plan year ends in."""
    y, m = parse_month(month)
    return y + 1 if start > 1 and m >= start else y


def plan_year_months(year: int, start: int = 1) -> list[str]:
    """The 12 months of plan year `year`, in order."""
    first = (year - (1 if start > 1 else 0)) * 12 + start - 1
    return [month_text(first + i) for i in range(12)]


def month_in_plan_year(month: str, start: int = 1) -> int:
    """0 for the plan year's first month ... 11 for its last."""
    return (parse_month(month)[1] - start) % 12


def year_label(year: int, start: int = 1) -> str:
    """"2025" for calendar plan years, "FY2025" for fiscal ones."""
    return str(year) if start == 1 else f"FY{year}"


@lru_cache(maxsize=8192)  # a pure function of three values, asked for every month of every statement and score
def period_label(month: str, months: int, start: int = 1) -> str:
    """The label of the plan-year period of `months` months (1, 3, 6, 12) that holds `month`:
    the month itself, "2025-Q1", "2025-H1", "2025" (calendar), or "FY2025-Q1" etc. (fiscal)."""
    year = year_label(plan_year(month, start), start)
    k = month_in_plan_year(month, start) // months + 1
    if months == 1:
        return month
    return {3: f"{year}-Q{k}", 6: f"{year}-H{k}", 12: year}[months]


def employed_fraction(month: str, start: date | None, end: date | None, by_days: bool) -> float:
    """The share of `month` a role is employed in: 1 or 0 by whole months (a month with any day of
    employment counts whole), or days employed / days in the month when prorated by days."""
    y, m = parse_month(month)
    last = calendar.monthrange(y, m)[1]
    first_day, last_day = date(y, m, 1), date(y, m, last)
    lo = max(first_day, start) if start else first_day
    hi = min(last_day, end) if end else last_day
    if hi < lo:
        return 0.0
    return ((hi - lo).days + 1) / last if by_days else 1.0
