"""Date columns: one format per column, inferred from all its cells; never a guess.

ISO dates and timestamps (a four-digit year first) are read by DuckDB; a `Z` or an offset is
converted to the company's time zone before the date (and so the month) is taken, and a timestamp
without one is already local. Any other column is read through its distinct date parts: every
candidate format (M/D/YYYY, D/M/YYYY, DD-MM-YY, YY-MM-DD, ...) is tried on all of them, and when two
formats fit with different dates the importer refuses and asks (a mapping file's
[*.date_formats]); DD-MM-YY against YY-MM-DD is the classic silent misreading.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import duckdb
import pandas as pd

from comp_models.data.crm.files import quote
from comp_models.errors import InputError, Issue

CANDIDATES = ("%m/%d/%Y", "%d/%m/%Y", "%m/%d/%y", "%d/%m/%y", "%y/%m/%d", "%d-%m-%Y", "%m-%d-%Y", "%d-%m-%y",
              "%m-%d-%y", "%y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y.%m.%d", "%Y%m%d", "%d %b %Y", "%b %d %Y")
MAX_DISTINCT = 200_000


def label(fmt: str) -> str:
    """'%d-%m-%y' -> 'DD-MM-YY'."""
    return (fmt.replace("%d", "DD").replace("%m", "MM").replace("%Y", "YYYY").replace("%y", "YY")
            .replace("%b", "Mon"))


@dataclass(frozen=True)
class DateFormat:
    """How one column's cells become dates."""

    column: str
    kind: str  # "iso_date" | "iso" | "table"
    fmt: str  # strptime format for "table"; "ISO 8601" for "iso"
    description: str
    blanks: int
    table: str | None = None  # DuckDB table raw date part -> date, for "table"

    def sql(self, alias: str = "") -> str:
        """A DuckDB expression giving the local DATE of the column (NULL when blank)."""
        col = f"{alias}{quote(self.column)}"
        if self.kind == "iso_date":
            return f"TRY_CAST({col} AS DATE)"
        if self.kind == "iso":
            return f"CAST(TRY_CAST({col} AS TIMESTAMPTZ) AS DATE)"
        return (f"(SELECT d FROM {self.table} WHERE raw = split_part(replace(trim({col}), 'T', ' '), ' ', 1))")

    def to_dict(self) -> dict:
        return {"column": self.column, "format": self.description, "blank_cells": self.blanks}


def check_timezone(tz: str | None, where: str = "--timezone") -> str:
    tz = tz or "UTC"
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError([Issue(where, "timezone", f"{tz!r} is not a time zone name",
                                "use an IANA name such as UTC, America/New_York or Europe/Berlin")]) from None
    return tz


def _parse_all(values: list[str], fmt: str) -> dict[str, dt.date] | None:
    out = {}
    for v in values:
        try:
            out[v] = dt.datetime.strptime(v, fmt).date()
        except ValueError:
            return None
    return out


def profile_sql(column: str) -> str:
    """Aggregates (blank, ISO-shaped, with a Z or an offset, longer than a date) of a date column, for one scan.

    Cheap tests only (this runs on millions of rows): an ISO cell has a four-digit year and a separator
    first; one that is ISO-shaped but no real date (2023-02-30) is dropped by the roll-up and counted."""
    col = quote(column)
    return (f"count(*) FILTER (WHERE {col} IS NULL OR {col} = ''), "
            f"count(*) FILTER (WHERE substr({col}, 5, 1) IN ('-', '/') AND substr({col}, 1, 4) BETWEEN '1000' AND "
            f"'9999'), count(*) FILTER (WHERE substr({col}, 5, 1) = '-' AND length({col}) > 10 AND "
            f"(suffix({col}, 'Z') OR substr({col}, -6, 1) IN ('+', '-') OR substr({col}, -5, 1) IN ('+', '-') "
            f"OR substr({col}, -3, 1) IN ('+', '-'))), count(*) FILTER (WHERE length({col}) > 10)")


def assume_iso(con: duckdb.DuckDBPyConnection, view: str, column: str, sample: int = 2000) -> DateFormat:
    """The fast path's reading of a column: ISO 8601, described from its first cells (the roll-up checks
    every cell: one that is not an ISO date sends the column through `infer`)."""
    col = quote(column)
    cells = [r[0] for r in con.execute(f"SELECT {col} FROM {view} WHERE {col} IS NOT NULL AND {col} <> '' "
                                       f"LIMIT {sample}").fetchall()]
    zoned = sum(c.endswith("Z") or (len(c) > 10 and c[-6:-5] in "+-" and c[-3:-2] == ":") for c in cells)
    if cells and all(len(c) == 10 for c in cells):
        return DateFormat(column, "iso", "ISO 8601", "ISO 8601 date (YYYY-MM-DD)", -1)
    desc = ("ISO 8601 timestamp with UTC offset or Z, converted to the company time zone" if cells and
            zoned == len(cells) else "ISO 8601 date/time (local)" if not zoned else
            "ISO 8601, some cells with an offset (converted) and some local")
    return DateFormat(column, "iso", "ISO 8601", desc, -1)


def infer(con: duckdb.DuckDBPyConnection, view: str, column: str, counts: tuple[int, ...], *, file: str,
          role: str, where: str, override: str | None = None) -> DateFormat:
    """The column's one format, from all its cells; refuse mixed or ambiguous columns.

    counts: (rows, blank cells, ISO cells, cells with a Z or offset, cells longer than a date) from `profile_sql`."""
    col = quote(column)
    total, blanks, iso, zoned, timed = counts
    filled = total - blanks
    if override is None and filled and iso == filled:
        desc = ("ISO 8601 timestamp with UTC offset or Z, converted to the company time zone" if zoned == filled else
                "ISO 8601 date/time (local)" if not zoned else
                "ISO 8601, some cells with an offset (converted) and some local")
        if not timed:
            return DateFormat(column, "iso_date", "ISO 8601", "ISO 8601 date (YYYY-MM-DD)", blanks)
        return DateFormat(column, "iso", "ISO 8601", desc, blanks)
    if not filled:
        return DateFormat(column, "iso", "ISO 8601", "no dates (every cell blank)", blanks)
    parts = [r[0] for r in con.execute(
        f"SELECT DISTINCT split_part(replace(trim({col}), 'T', ' '), ' ', 1) FROM {view} "
        f"WHERE {col} IS NOT NULL AND trim({col}) <> '' LIMIT {MAX_DISTINCT + 1}").fetchall()]
    if len(parts) > MAX_DISTINCT:
        raise InputError([Issue(file, f"column {column}", f"has more than {MAX_DISTINCT:,} distinct dates in a "
                                "format other than ISO 8601", "export dates as ISO 8601 (YYYY-MM-DD)")])
    if override is not None:
        parsed = _parse_all(parts, override)
        if parsed is None:
            bad = [v for v in parts if _parse_all([v], override) is None][:5]
            raise InputError([Issue(file, f"column {column}", f"cells do not fit the stated format "
                                    f"{override!r} ({label(override)}), e.g. {', '.join(map(repr, bad))}",
                                    f"correct [{role}.date_formats] {where} in the mapping file")])
        return _table(con, view, column, override, parsed, blanks, "stated in the mapping file")
    fits = {fmt: p for fmt in CANDIDATES if (p := _parse_all(parts, fmt)) is not None}
    if not fits:
        iso_part = [v for v in parts if len(v) >= 10 and v[4:5] in "-/"]
        sample = [v for v in parts if v not in iso_part][:3] if iso_part else parts[:3]
        what = ("mixes ISO dates with other formats" if iso_part and len(iso_part) < len(parts)
                else "has dates in no format the importer knows")
        raise InputError([Issue(file, f"column {column}", f"{what} (e.g. {', '.join(map(repr, sample))})",
                                f"export one date format, or state it: [{role}.date_formats] {where} = \"%d/%m/%Y\"")])
    distinct_readings = {tuple(sorted(p.items())) for p in fits.values()}
    if len(distinct_readings) > 1:
        names = list(fits)
        a, b = fits[names[0]], fits[names[1]]
        example = next(v for v in parts if a[v] != b[v])
        raise InputError([Issue(file, f"column {column}", f"its {len(parts):,} distinct dates fit more than one "
                                f"format: {' and '.join(label(f) for f in names)} (e.g. {example!r} is "
                                f"{a[example]:%d %b %Y} as {label(names[0])} but {b[example]:%d %b %Y} as "
                                f"{label(names[1])}); the importer does not guess",
                                f"state it in a mapping file: [{role}.date_formats] {where} = {names[0]!r} "
                                "(then --mapping FILE)")])
    fmt = next(iter(fits))
    return _table(con, view, column, fmt, fits[fmt], blanks, "inferred from every cell")


def _table(con, view: str, column: str, fmt: str, parsed: dict, blanks: int, how: str) -> DateFormat:
    name = f"dates_{view}_{abs(hash(column)) % 10**8}"
    frame = pd.DataFrame({"raw": list(parsed), "d": pd.to_datetime(list(parsed.values())).date})
    con.register(f"{name}_frame", frame)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT raw, CAST(d AS DATE) AS d FROM {name}_frame")
    return DateFormat(column, "table", fmt, f"{label(fmt)} ({how}; a date without time zone)", blanks, name)
