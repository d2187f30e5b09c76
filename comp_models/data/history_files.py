"""Monthly history and annual targets files (CSV or Excel): load and validate.

Nothing is dropped: every problem is collected and reported with the file, the row as a
spreadsheet shows it (header = row 1) and the column, and loading fails as a whole.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from comp_models.data.tables import CELL_PROBLEMS, grouped, read_number, read_table
from comp_models.errors import InputError, Issue
from comp_models.metrics import (CONSISTENCY, COUNT_COLUMNS, HISTORY_COLUMNS, MAX_MONEY, METRICS, NUMERIC_COLUMNS,
                                 SIGNED_COLUMNS, History)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 1200  # 100 years of months
MAX_LISTED = 50  # months and consistency problems listed before summarising the rest
TARGET_COLUMNS = ["year", "metric", "annual_target"]


def _read_table(raw: bytes, name: str, *, sheet: str | None = None,
                expected: set[str] | None = None) -> pd.DataFrame:
    """CSV or Excel bytes as text cells (see `tables.read_table`)."""
    return read_table(raw, name, sheet=sheet, expected=expected)


def _check_size(raw: bytes, name: str) -> None:
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([Issue(name, "file", f"is {len(raw) / 1e6:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit",
                                "a monthly history is a few kB: check that this is the right file")])
    if not raw.strip():
        raise InputError([Issue(name, "file", "is empty", "add a header row and one row per month")])


def _numeric_issues(df: pd.DataFrame, cols: list[str], name: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Parse numeric cells; report blanks, text (a currency symbol, a decimal comma, a formula with no
    saved value, ...), infinities, amounts out of bounds, negatives and fractional counts, grouped by
    kind of problem per column."""
    issues: list[Issue] = []
    out = pd.DataFrame(index=df.index)
    delimiter = df.attrs.get("delimiter")
    for col in cols:
        raws = [str(v).strip() for v in df[col].tolist()]
        cells = [read_number(v, delimiter) for v in raws]
        values = np.array([np.nan if c.value is None else c.value for c in cells], dtype=np.float64)
        kinds: dict[str, list[int]] = {}
        for i, c in enumerate(cells):
            if c.kind:
                kinds.setdefault(c.kind, []).append(i)
        for kind, idx in kinds.items():
            one, many, fix = CELL_PROBLEMS[kind]
            issues += grouped(name, col, one, many, fix, [i + 2 for i in idx], [raws[i] for i in idx])
        finite = np.isfinite(values)
        checks = [
            (~np.isnan(values) & ~finite, "is infinite", "are infinite", "enter a finite number"),
            (finite & (np.abs(np.where(finite, values, 0.0)) > MAX_MONEY), f"is beyond {MAX_MONEY:.0e} ({{v}})",
             f"are beyond {MAX_MONEY:.0e}", f"amounts must be at most {MAX_MONEY:,.0f} in absolute value: check the units"),
        ]
        if col not in SIGNED_COLUMNS:
            checks.append((finite & (values < 0), "is negative ({v})", "are negative",
                           f"{col} cannot be negative (only {', '.join(SIGNED_COLUMNS)} may be, for de-bookings "
                           "and refunds)"))
        if col in COUNT_COLUMNS:
            checks.append((finite & (np.where(finite, values, 0.0) % 1 != 0), "is not a whole number ({v})",
                           "are not whole numbers", "counts must be whole numbers"))
        for mask, one, many, fix in checks:
            idx = np.flatnonzero(mask)
            issues += grouped(name, col, one, many, fix, [i + 2 for i in idx], [raws[i] for i in idx])
        out[col] = values
    return out, issues


def read_header(raw: bytes, name: str = "<history>", *, sheet: str | None = None) -> list[str]:
    """The column names of a CSV or Excel file, as written (for mapping them to the model's)."""
    _check_size(raw, name)
    return list(_read_table(raw, name, sheet=sheet, expected=set(HISTORY_COLUMNS)).attrs["header"])


def parse_history(raw: bytes, name: str = "<history>", *, required: list[str] | None = None,
                  rename: dict[str, str] | None = None, ignore: list[str] | None = None,
                  sheet: str | None = None) -> History:
    """Validate a monthly history file's bytes.

    required: numeric columns that must be present (default: all known columns).
    rename: source column -> model column, applied first (the app's column mapping).
    ignore: source columns the user chose not to use; any other unknown column is an error.
    sheet: the sheet of an Excel workbook to read (needed when several sheets hold data).
    """
    _check_size(raw, name)
    df = _read_table(raw, name, sheet=sheet, expected={*HISTORY_COLUMNS, *(rename or {}), *(ignore or ())})
    if ignore:
        keep = [c for c in df.attrs["header"] if c not in set(ignore)]
        df = df.drop(columns=[c for c in ignore if c in df.columns])
        df.attrs["header"] = keep
    if rename:
        df = df.rename(columns=rename)
    issues: list[Issue] = []
    if len(df) > MAX_ROWS:
        raise InputError([Issue(name, "file", f"has {len(df)} rows, more than {MAX_ROWS} (100 years of months)",
                                "give one row per month")])
    if df.empty:
        raise InputError([Issue(name, "file", "has a header but no rows", "add one row per month")])
    known = set(HISTORY_COLUMNS)
    header = df.attrs.get("header") or list(df.columns)
    if rename:
        header = [rename.get(c, c) for c in header]
    dupes = sorted({c for c in header if header.count(c) > 1})
    for c in dupes:
        issues.append(Issue(name, f"column {c}", "appears more than once", "keep one column of that name"))
    renamed_repeats = [c for c in df.columns if c not in header]  # pandas' 'mqls.1' for a repeated 'mqls'
    df = df.drop(columns=renamed_repeats)
    for c in df.columns:
        if c not in known and c not in dupes:
            issues.append(Issue(name, f"column {c!r}", "is not a known history column",
                                f"rename it to one of: {', '.join(HISTORY_COLUMNS)}; or remove it"))
    need = ["month", *(required if required is not None else NUMERIC_COLUMNS)]
    missing = [c for c in need if c not in df.columns]
    for c in missing:
        issues.append(Issue(name, f"column {c}", "is missing",
                            f"add a column {c} ({HISTORY_COLUMNS[c][1]}, in {HISTORY_COLUMNS[c][0]})"))
    if "month" in missing:
        raise InputError(issues)
    # unknown or repeated columns are reported, and the cells of the known ones are still checked
    cols = [c for c in NUMERIC_COLUMNS if c in df.columns]

    # months: format, duplicates, order, gaps (a history may start in any month: docs/money.md §12)
    month_text = df["month"].astype(str).str.strip()
    parsed = pd.to_datetime(month_text, format="%Y-%m", errors="coerce")
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):  # Excel date cells, read as text
        parsed = parsed.fillna(pd.to_datetime(month_text, format=fmt, errors="coerce"))
    rows = df.index.to_numpy() + 2
    bad_month = np.flatnonzero(parsed.isna().to_numpy())
    formula = [i for i in bad_month if month_text.iloc[i].startswith("=")]
    formula_kind = "formula" if df.attrs.get("delimiter") is None else "formula_csv"
    issues += grouped(name, "month", *CELL_PROBLEMS[formula_kind], [int(rows[i]) for i in formula],
                      [month_text.iloc[i] for i in formula])
    other = [i for i in bad_month if i not in formula]
    issues += grouped(name, "month", "{v!r} is not a month", "are not months (YYYY-MM)",
                      "write months as YYYY-MM, e.g. 2024-03", [int(rows[i]) for i in other],
                      [month_text.iloc[i] for i in other])
    values, num_issues = _numeric_issues(df, cols, name)
    issues += num_issues
    if parsed.notna().all():
        period = parsed.dt.to_period("M")
        dup = period.duplicated(keep=False).to_numpy()
        for i in np.flatnonzero(dup)[:MAX_LISTED]:
            issues.append(Issue(name, f"row {rows[i]}, column month", f"month {period.iloc[i]} appears more than once",
                                "keep one row per month (sum duplicates first)"))
        if not dup.any():
            ordinal = period.map(lambda p: p.ordinal).to_numpy()  # months since epoch
            steps = np.diff(ordinal)
            for i in np.flatnonzero(steps < 0)[:MAX_LISTED]:
                issues.append(Issue(name, f"row {rows[i + 1]}, column month",
                                    f"{period.iloc[i + 1]} comes after {period.iloc[i]}: months are not sorted",
                                    "sort the rows by month, oldest first"))
            if (steps > 0).all():
                for i in np.flatnonzero(steps > 1)[:MAX_LISTED]:
                    issues.append(Issue(name, f"rows {rows[i]}-{rows[i + 1]}, column month",
                                        f"months between {period.iloc[i]} and {period.iloc[i + 1]} are missing",
                                        "add a row for every month (zeros if nothing happened)"))
    for small, large in CONSISTENCY:
        if small in values and large in values:
            bad = np.flatnonzero((values[small] > values[large]).to_numpy())
            for i in bad[:MAX_LISTED]:
                issues.append(Issue(name, f"row {rows[i]}, column {small}",
                                    f"{small} ({values[small].iloc[i]:g}) exceeds {large} ({values[large].iloc[i]:g})",
                                    f"{small} is a subset of {large}: check both cells"))
    if issues:
        raise InputError(issues)
    frame = pd.concat([parsed.dt.strftime("%Y-%m").rename("month"), values], axis=1).reset_index(drop=True)
    return History(frame=frame, source=name)


def load_history(path: str | Path, *, required: list[str] | None = None, sheet: str | None = None) -> History:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Issue(str(path), "file", f"cannot be read ({exc.strerror})", "check the path")]) from None
    return parse_history(raw, str(path), required=required, sheet=sheet)


def parse_targets(raw: bytes, name: str = "<targets>", *, sheet: str | None = None) -> dict[tuple[str, int], float]:
    """Annual targets file -> {(metric, year): target}. sheet: the sheet of an Excel workbook to read."""
    _check_size(raw, name)
    df = _read_table(raw, name, sheet=sheet, expected=set(TARGET_COLUMNS))
    issues: list[Issue] = []
    for c in TARGET_COLUMNS:
        if c not in df.columns:
            issues.append(Issue(name, f"column {c}", "is missing", f"the columns are {', '.join(TARGET_COLUMNS)}"))
    for c in df.columns:
        if c not in TARGET_COLUMNS:
            issues.append(Issue(name, f"column {c!r}", "is not a targets column",
                                f"remove it; the columns are {', '.join(TARGET_COLUMNS)}"))
    if issues:
        raise InputError(issues)
    if df.empty:
        raise InputError([Issue(name, "file", "has a header but no rows", "add one row per year and metric")])
    out: dict[tuple[str, int], float] = {}
    unread: dict[str, tuple[list[int], list[str]]] = {}  # kind of problem -> rows, cells (grouped below)
    for i, row in enumerate(df.itertuples(index=False), start=2):  # a small table, read once
        year, metric, target = str(row.year).strip(), str(row.metric).strip(), str(row.annual_target).strip()
        if not (year.isdigit() and len(year) == 4):
            issues.append(Issue(name, f"row {i}, column year", f"{year!r} is not a year", "write the year as 2024"))
            continue
        if metric not in METRICS:
            issues.append(Issue(name, f"row {i}, column metric", f"unknown metric {metric!r}",
                                f"use one of: {', '.join(METRICS)}"))
            continue
        cell = read_number(target, df.attrs.get("delimiter"))
        if cell.value is None:
            rows, cells = unread.setdefault(cell.kind or "text", ([], []))
            rows.append(i)
            cells.append(target)
            continue
        value = cell.value
        if not np.isfinite(value):
            issues.append(Issue(name, f"row {i}, column annual_target", f"{target!r} is not a finite number",
                                "enter a finite number"))
            continue
        if value <= 0:
            issues.append(Issue(name, f"row {i}, column annual_target", f"target {target} is not positive",
                                "targets must be greater than zero"))
            continue
        if value > MAX_MONEY:
            issues.append(Issue(name, f"row {i}, column annual_target", f"target {target} is beyond {MAX_MONEY:.0e}",
                                f"targets must be at most {MAX_MONEY:,.0f}: check the units"))
            continue
        if METRICS[metric].unit == "fraction" and value > 1:
            issues.append(Issue(name, f"row {i}, column annual_target",
                                f"{metric} is a fraction but the target is {target} (over 100%)",
                                "write rates as fractions: 85% is 0.85"))
            continue
        key = (metric, int(year))
        if key in out:
            issues.append(Issue(name, f"row {i}", f"a second target for {metric} in {year}", "keep one row per year and metric"))
            continue
        out[key] = value
    for kind, (rows, cells) in unread.items():
        one, many, fix = CELL_PROBLEMS[kind]
        if kind == "text":
            one, fix = "{v!r} is not a number", "enter a plain number"
        issues += grouped(name, "annual_target", one, many, fix, rows, cells)
    if issues:
        raise InputError(sorted(issues, key=_row_order))
    return out


def _row_order(issue: Issue) -> tuple[int, str]:
    """Issues in the order of the rows they name (a column-wide one after them)."""
    first = issue.where.split(",")[0]
    return (int(first[4:]), "") if first.startswith("row ") and first[4:].isdigit() else (10**9, issue.where)


def load_targets(path: str | Path, *, sheet: str | None = None) -> dict[tuple[str, int], float]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Issue(str(path), "file", f"cannot be read ({exc.strerror})", "check the path")]) from None
    return parse_targets(raw, str(path), sheet=sheet)
