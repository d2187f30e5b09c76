"""The table reader the data files share: CSV (comma, semicolon or tab; any line ending) or one sheet
of an Excel workbook, as text cells, and the reading of a number cell.

Nothing is coerced or dropped: every cell stays text until a reader checks it, and a cell that is
not a plain number says why (a currency symbol, a decimal comma, a formula with no saved value).
A comma is read only as a thousands separator between groups of three digits (`1,234,567.50`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from comp_models.errors import InputError, Issue

EXCEL = (".xlsx", ".xlsm", ".xls")
TEXT = (".csv", ".txt", ".tsv", "")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
HEADER_SCAN_ROWS = 20  # rows searched for a header below title rows
SHEET_FIX = "choose one: --sheet NAME on the command line, sheet= in Python or the sheet selector in the app"

_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3}){2,}(,\d+)?|[+-]?\d{1,3}(\.\d{3})+,\d+")
_INFINITE = re.compile(r"[+-]?(inf|infinity)", re.IGNORECASE)
_CURRENCY = re.compile(r"[$€£¥₹]|^(usd|eur|gbp)\s|\s(usd|eur|gbp)$", re.IGNORECASE)
BLANKS = {"", "nan", "na", "n/a", "null", "none"}


@dataclass(frozen=True)
class Cell:
    """A number cell read: its value, or the kind of problem (a key of `CELL_PROBLEMS`)."""

    value: float | None
    kind: str | None = None


def read_number(text: str, delimiter: str | None = ",") -> Cell:
    """One cell as a number, or why it is not one. `delimiter` is the CSV file's (None for Excel)."""
    s = text.strip()
    if s.lower() in BLANKS:
        return Cell(None, "blank")
    if s.startswith("="):
        return Cell(None, "formula" if delimiter is None else "formula_csv")
    if _PLAIN.fullmatch(s):
        return Cell(float(s))
    if _INFINITE.fullmatch(s):
        return Cell(float(s))
    if "," in s and delimiter == ";" and re.fullmatch(r"[+-]?[\d.,]+", s):
        return Cell(None, "comma_semicolon")
    if _THOUSANDS.fullmatch(s):
        return Cell(float(s.replace(",", "")))
    if _CURRENCY.search(s):
        return Cell(None, "currency")
    if s.endswith("%"):
        return Cell(None, "percent")
    if _DOT_THOUSANDS.fullmatch(s):
        return Cell(None, "dot_thousands")
    if _DECIMAL_COMMA.fullmatch(s):
        return Cell(None, "decimal_comma")
    if re.fullmatch(r"[+-]?[\d.,]+", s) and "," in s:
        return Cell(None, "misplaced_comma")
    return Cell(None, "text")


PLAIN_FIX = "enter a plain number, e.g. 2930151 or 1,234,567.50"
# kind -> (problem of one cell, what many cells "hold", fix)
CELL_PROBLEMS: dict[str, tuple[str, str, str]] = {
    "blank": ("is empty or NaN", "are empty or NaN", "enter a number (0 if there was none)"),
    "formula": ("holds a formula with no saved value ({v!r})", "hold a formula with no saved value",
                "open and save it in Excel (so each formula keeps its value), or export as CSV"),
    "formula_csv": ("holds a formula, not its value ({v!r})", "hold formulas, not their values",
                    "export the values, not the formulas (in Excel: File > Save As > CSV UTF-8)"),
    "comma_semicolon": ("{v!r} has a comma: a decimal comma? this file seems to use ; as delimiter",
                        "hold a comma: decimal commas? this file seems to use ; as delimiter",
                        "save it with . as the decimal separator and no thousands separator, "
                        "or export it as CSV with , between columns"),
    "currency": ("holds a currency symbol ({v!r})", "hold a currency symbol",
                 "remove the currency symbol: format the column as a plain number"),
    "percent": ("holds a percent sign ({v!r})", "hold a percent sign", "enter a plain number without %"),
    "dot_thousands": ("{v!r} uses dots between thousands (a European number?)",
                      "use dots between thousands (European numbers?)",
                      "write numbers with . for decimals and no other dots, e.g. 1234567.50"),
    "decimal_comma": ("{v!r} has a comma that is not a thousands separator (a decimal comma?)",
                      "hold a comma that is not a thousands separator: decimal commas?",
                      "write decimals with a point (4.7); a comma may only separate thousands (1,234,567)"),
    "misplaced_comma": ("{v!r} has a comma where no thousands separator goes",
                        "hold a comma where no thousands separator goes",
                        "a comma may only separate groups of three digits (1,234,567): correct the number"),
    "text": ("is not a number ({v!r})", "are not numbers", "enter a plain number without units"),
}


def cell_problem(kind: str, raw: str) -> tuple[str, str]:
    """(problem, fix) of one cell of this kind."""
    one, _, fix = CELL_PROBLEMS[kind]
    return one.format(v=raw), fix


def grouped(name: str, column: str, what_one: str, what_many: str, fix: str,
            rows: list[int], raws: list[str], *, listed: int = 3) -> list[Issue]:
    """One Issue per cell when few cells share a problem; one for the column when many do
    ("column revenue: 36 rows hold a currency symbol, e.g. row 2 '$2,930,151' (rows 2, 3, …)")."""
    if len(rows) <= listed:
        return [Issue(name, f"row {r}, column {column}", what_one.format(v=v), fix) for r, v in zip(rows, raws)]
    shown = ", ".join(str(r) for r in rows[:8]) + (f" and {len(rows) - 8} more" if len(rows) > 8 else "")
    return [Issue(name, f"column {column}", f"{len(rows)} rows {what_many}, e.g. row {rows[0]} {raws[0]!r} "
                  f"(rows {shown})", fix)]


# ---------------------------------------------------------------------------------------------
# Reading a file into a grid of text cells


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the same number (> 1) of fields most often."""
    best, best_score = ",", (0, 0)
    for d in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        if not counts:
            continue
        width = max(set(counts), key=lambda n: (counts.count(n), n))
        score = (counts.count(width) if width > 1 else 0, width)
        if score > best_score:
            best, best_score = d, score
    return best


def _csv_grid(raw: bytes, name: str) -> tuple[list[list[str]], str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Issue(name, "file", "is not UTF-8 text", "save the file as CSV UTF-8")]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows, Unix and old Mac line endings alike
    if "\x00" in text:
        raise InputError([Issue(name, "file", "is not a text file (it holds NUL bytes)",
                                "save the file as CSV UTF-8")])
    lines = text.split("\n")
    delimiter = _sniff_delimiter([ln for ln in lines[:HEADER_SCAN_ROWS + 5] if ln.strip()])
    try:
        grid = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError([Issue(name, "file", f"is not valid CSV ({exc})",
                                "check the quotes: every quoted cell must end with a quote")]) from None
    return grid, delimiter


def _excel_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _sheet_grid(ws, formulas_ws) -> list[list[str]]:
    grid = []
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_excel_text(v) for v in row]
        for c, v in enumerate(row, start=1):
            if v is None and formulas_ws is not None:
                f = formulas_ws.cell(row=r, column=c).value
                if isinstance(f, str) and f.startswith("="):
                    cells[c - 1] = f  # a formula whose value was never computed and saved
        grid.append(cells)
    return grid


def _trim(grid: list[list[str]]) -> list[list[str]]:
    """Without trailing empty rows (Excel keeps formatted ones)."""
    while grid and not any(grid[-1]):
        grid.pop()
    return grid


def _excel_grids(raw: bytes, name: str) -> dict[str, list[list[str]]]:
    from openpyxl import load_workbook  # only Excel needs it
    try:
        values = load_workbook(io.BytesIO(raw), data_only=True)
        formulas = load_workbook(io.BytesIO(raw), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a corrupt workbook
        raise InputError([Issue(name, "file", f"is not a readable Excel workbook ({type(exc).__name__})",
                                "save it again as .xlsx, or export it as CSV")]) from None
    return {ws.title: _trim(_sheet_grid(ws, formulas[ws.title])) for ws in values.worksheets}


def _rows_label(grid: list[list[str]]) -> str:
    n = max(len(grid) - 1, 0)
    return "header only" if n == 0 else f"{n} row{'s' if n != 1 else ''}"


def sheets_with_data(raw: bytes, name: str) -> list[str]:
    """The names of a workbook's non-empty sheets (none for a CSV file)."""
    if Path(name).suffix.lower() not in EXCEL:
        return []
    return [title for title, grid in _excel_grids(raw, name).items() if grid]


def _choose_sheet(grids: dict[str, list[list[str]]], name: str, sheet: str | None) -> tuple[str, list[list[str]]]:
    used = {t: g for t, g in grids.items() if g}
    listing = ", ".join(f"{t!r} ({_rows_label(g)})" for t, g in used.items())
    if sheet is not None:
        if sheet not in grids:
            raise InputError([Issue(name, "file", f"has no sheet {sheet!r}; its sheets are "
                                    f"{', '.join(repr(t) for t in grids)}", "give one of these sheet names")])
        grid = grids[sheet]
        others = [t for t, g in used.items() if t != sheet and len(g) > 1]
        if len(grid) <= 1 and others:
            raise InputError([Issue(name, f"sheet {sheet!r}", f"has {'no data' if not grid else 'a header but no rows'}"
                                    f"; the data seems to be on sheet {others[0]!r} (sheets: {listing})",
                                    f"choose sheet {others[0]!r}")])
        return sheet, grid
    with_rows = [t for t, g in used.items() if len(g) > 1]
    if len(used) > 1 and len(with_rows) == 1:
        empty = [t for t in used if t != with_rows[0]]
        raise InputError([Issue(name, f"sheet {empty[0]!r}", f"has a header but no rows; the data seems to be on "
                                f"sheet {with_rows[0]!r} (sheets: {listing})",
                                f"choose sheet {with_rows[0]!r} (--sheet on the command line, sheet= in Python, the "
                                "sheet selector in the app), or delete the other sheets")])
    if len(used) > 1:
        raise InputError([Issue(name, "file", f"has {len(used)} sheets with data, and reading one would leave out the others: "
                                f"{listing}",
                                f"{SHEET_FIX}; or keep a single sheet")])
    if not used:
        return next(iter(grids), ""), []
    return next(iter(used.items()))


def _columns(header: list[str]) -> list[str]:
    """Column labels as pandas would make them: a repeated name 'mqls' becomes 'mqls.1'."""
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(header):
        label = h or f"Unnamed: {i}"
        if label in seen:
            seen[label] += 1
            label = f"{label}.{seen[label]}"
        else:
            seen[label] = 0
        out.append(label)
    return out


def _normal(cell: str) -> str:
    return cell.strip().lower().replace(" ", "_")


def _header_below(grid: list[list[str]], expected: set[str]) -> int | None:
    """The spreadsheet row of a header under title rows: row 1 names no expected column, a lower row
    names at least two (or every one, when fewer are expected)."""
    if not grid or {_normal(c) for c in grid[0]} & expected:
        return None
    need = min(2, len(expected))
    for i, row in enumerate(grid[1:HEADER_SCAN_ROWS], start=2):
        if len({_normal(c) for c in row} & expected) >= need:
            return i
    return None


def read_table(raw: bytes, name: str, *, sheet: str | None = None, expected: set[str] | None = None) -> pd.DataFrame:
    """Read CSV or Excel bytes as text cells; the header is row 1.

    `df.attrs`: "header" (the names as written; pandas-style labels 'mqls.1' for repeats are the
    columns), "delimiter" (a CSV file's, None for Excel) and "sheet" (the sheet read, None for CSV).
    `expected`: column names the caller knows; a header found below title rows is then reported.
    """
    suffix = Path(name).suffix.lower()
    if suffix in EXCEL:
        chosen, grid = _choose_sheet(_excel_grids(raw, name), name, sheet)
        delimiter = None
    elif suffix in TEXT:
        if sheet is not None:
            raise InputError([Issue(name, "file", f"is a text (CSV) file, which has no sheet {sheet!r}",
                                    "give a sheet only for an Excel workbook")])
        grid, delimiter = _csv_grid(raw, name)
        grid, chosen = _trim(grid), None
    else:
        raise InputError([Issue(name, "file", f"has an unsupported type {suffix!r}", "use a .csv or .xlsx file")])
    if not grid:
        raise InputError([Issue(name, "file", "is empty", "add a header row and one row per month")])
    if expected:
        row = _header_below(grid, {_normal(c) for c in expected})
        if row is not None:
            above = "row 1" if row == 2 else f"rows 1-{row - 1}"
            raise InputError([Issue(name, "file", f"the header seems to be on row {row}, not row 1 "
                                    f"({above} above it: {' '.join(c for c in grid[0] if c)[:60]!r})",
                                    f"delete {above} so that the column names are on row 1")])
    header, body = grid[0], grid[1:]
    while header and not header[-1] and not any(len(r) >= len(header) and r[len(header) - 1] for r in body):
        header = header[:-1]  # a trailing column with no name and no values (Excel's formatted cells)
    width = len(header)
    for line, row in enumerate(body, start=2):  # a longer row would otherwise lose its last cells
        if len(row) > width and (delimiter is not None or any(row[width:])):  # Excel pads rows with empty cells
            what = f"Expected {width} fields in line {line}, saw {len(row)}"
            raise InputError([Issue(name, "file", f"is not valid CSV ({what})" if delimiter is not None else
                                    f"row {line} has {len(row)} cells but the header has {width}",
                                    "make every row have as many fields as the header")])
    rows = [(r + [""] * width)[:width] for r in body]
    df = pd.DataFrame(rows, columns=_columns(header), dtype=object) if rows else \
        pd.DataFrame(columns=_columns(header), dtype=object)
    df.attrs.update(header=list(header), delimiter=delimiter, sheet=chosen)
    return df
