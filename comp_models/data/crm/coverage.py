"""What span of time the exports cover, and which months of it a history can honestly hold.

Each file's first and last date is reported. The history runs over the months every file covers
(a month one export does not reach is not a zero), from the first month of a plan year the exports
cover fully (`fiscal_year_start`, 1 = January: a history of whole plan years; docs/money.md §12).
A first or last month the export only partly covers is marked partial; a funnel that falls off in
the last two months because the export stops (a pipeline "drought") is flagged. `trim` drops the
partial months and the drought. Months are never padded: rows outside the window are counted as
dropped with the reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from comp_models.dates import month_in_plan_year, plan_year, plan_year_months
from comp_models.errors import InputError, Issue

DROUGHT_SHARE = 0.5  # a last month under half the median of the six before it
DROUGHT_MONTHS = 2


@dataclass
class Span:
    file: str
    what: str  # e.g. "opportunities created"
    first: dt.date | None
    last: dt.date | None

    def to_dict(self) -> dict:
        return {"file": self.file, "dates": self.what, "first": str(self.first) if self.first else None,
                "last": str(self.last) if self.last else None}


@dataclass
class Window:
    first_month: str
    last_month: str
    notes: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    drought: list[str] = field(default_factory=list)
    trimmed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"first_month": self.first_month, "last_month": self.last_month, "partial_months": self.partial,
                "drought_months": self.drought, "trimmed_months": self.trimmed, "notes": self.notes}


def _month(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _next_month(m: str, k: int = 1) -> str:
    return str(pd.Period(m, freq="M") + k)


def drought(series: dict[str, pd.Series], last_month: str) -> tuple[list[str], list[str]]:
    """(months, notes): the last months where a funnel series falls under half its prior six months' median."""
    months, notes = set(), []
    for name, s in series.items():
        s = s[s.index <= last_month].sort_index()
        if len(s) < DROUGHT_MONTHS + 6:
            continue
        tail, before = s.iloc[-DROUGHT_MONTHS:], s.iloc[-DROUGHT_MONTHS - 6:-DROUGHT_MONTHS]
        base = float(before.median())
        low = [m for m, v in tail.items() if base > 0 and v < DROUGHT_SHARE * base]
        if low and tail.index[-1] in low:
            first_low = min(low)
            months.update(m for m in tail.index if m >= first_low)
            notes.append(f"{name} falls to {100 * float(tail.iloc[-1]) / base:.0f}% of the six months before in "
                         f"{', '.join(m for m in tail.index if m >= first_low)}: most likely the export window "
                         "(deals created late have not progressed yet), not the business; --trim drops those months")
    return sorted(months), notes


def start_words(fiscal_year_start: int) -> str:
    """'the first month of a plan year (fiscal_year_start = 7: July)'."""
    return (f"the first month of a plan year (fiscal_year_start = {fiscal_year_start}: "
            f"{calendar.month_name[fiscal_year_start]})")


def window(spans: list[Span], funnel: dict[str, pd.Series], *, trim: bool, fiscal_year_start: int = 1) -> Window:
    """The history's months: every file covers them, from the first month of a plan year (plan years start in
    `fiscal_year_start`); partial and drought months marked."""
    dated = [s for s in spans if s.first and s.last]
    if not dated:
        raise InputError([Issue(spans[0].file if spans else "export", "dates", "no row has a usable date",
                                "check the date columns of the export")])
    start = max(dated, key=lambda s: s.first)
    end = min(dated, key=lambda s: s.last)
    first_m, last_m = _month(start.first), _month(end.last)
    notes, partial, trimmed = [], [], []
    export_start = min(dated, key=lambda s: s.first)  # the export window: its earliest and latest date
    export_end = max(dated, key=lambda s: s.last)
    if _month(export_start.first) == first_m and export_start.first.day > 1:
        partial.append(first_m)
        notes.append(f"{first_m} is partial: the exports start on {export_start.first} ({export_start.file}, "
                     f"{export_start.what})")
    days = calendar.monthrange(export_end.last.year, export_end.last.month)[1]
    if _month(export_end.last) == last_m and export_end.last.day < days:
        partial.append(last_m)
        notes.append(f"{last_m} is partial: the exports end on {export_end.last} ({export_end.file}, "
                     f"{export_end.what})")
    if len({_month(s.last) for s in dated}) > 1 or len({_month(s.first) for s in dated}) > 1:
        notes.append("the files cover different spans; the history keeps the months all of them cover "
                     f"({first_m} to {last_m}); rows outside are counted as dropped")
    dry, dry_notes = drought(funnel, last_m)
    notes += dry_notes
    if trim:
        if first_m in partial:
            trimmed.append(first_m)
            first_m = _next_month(first_m)
        cut = [m for m in dry if m <= last_m] + ([last_m] if last_m in partial else [])
        if cut:
            new_last = _next_month(min(cut), -1)
            trimmed += [m for m in pd.period_range(_next_month(new_last), last_m, freq="M").astype(str)]
            last_m = new_last
    name = calendar.month_name[fiscal_year_start]
    if month_in_plan_year(first_m, fiscal_year_start) != 0:
        begin = plan_year_months(plan_year(first_m, fiscal_year_start) + 1, fiscal_year_start)[0]
        notes.append(f"the history starts at {begin}, the first {name} in the export, "
                     f"{start_words(fiscal_year_start)}: {first_m} to {_next_month(begin, -1)} are not used")
        first_m = begin
    if first_m > last_m:
        raise InputError([Issue(start.file, "dates", f"the exports cover {_month(start.first)} to {_month(end.last)}, "
                                f"which holds no month from a {name} on" + (" once trimmed" if trimmed else ""),
                                f"export at least from a {name}, {start_words(fiscal_year_start)}, or import with "
                                "--fiscal-year-start set to the month the plan years start in")])
    return Window(first_m, last_m, notes, partial, dry, sorted(set(trimmed)))
