"""Build the malformed Excel files of this folder from the shipped sample data.

Run from anywhere: python tests/data/bad/make_xlsx.py
Each workbook has exactly one defect; numbers are written as Excel numbers and months as
text, as a spreadsheet user would type them.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[2] / "scenarios" / "data"


def _read(name: str, rows: int) -> tuple[list[str], list[list[str]]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    return table[0], table[1:rows + 1]


def _number(text: str) -> int | float | str:
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def _save(name: str, head: list[str], rows: list[list[str]], text_columns: tuple[str, ...]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(head)
    for row in rows:
        ws.append([cell if h in text_columns else _number(cell) for h, cell in zip(head, row)])
    wb.save(HERE / name)


def main() -> None:
    head, rows = _read("history.csv", 24)  # 2023-01 .. 2024-12, sheet rows 2..25

    neg = [list(r) for r in rows]
    neg[2][head.index("won_deals")] = "-60"  # sheet row 4
    _save("history_negative.xlsx", head, neg, ("month",))

    txt = [list(r) for r in rows]
    txt[4][head.index("revenue")] = "3.1M"  # sheet row 6: text typed into a number column
    _save("history_text_cell.xlsx", head, txt, ("month",))

    thead, trows = _read("targets.csv", 24)  # 2023 only
    trows = [list(r) for r in trows]
    trows[0][2] = "0"  # sheet row 2: revenue target 0
    _save("targets_zero.xlsx", thead, trows, ("metric",))

    # several sheets with data: one per year (a reader taking the first would load 12 of 24 months)
    wb = Workbook()
    for i, year in enumerate(("FY2023", "FY2024")):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = year
        ws.append(head)
        for row in rows[12 * i:12 * (i + 1)]:
            ws.append([cell if h == "month" else _number(cell) for h, cell in zip(head, row)])
    wb.save(HERE / "history_two_sheets.xlsx")

    # the data on the second sheet, the first holding only the header
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(head)
    ws = wb.create_sheet("Data")
    ws.append(head)
    for row in rows:
        ws.append([cell if h == "month" else _number(cell) for h, cell in zip(head, row)])
    wb.save(HERE / "history_data_on_second_sheet.xlsx")

    # two title rows above the header
    wb = Workbook()
    ws = wb.active
    ws.append(["Acme Corp: monthly history"])
    ws.append(["exported from the CRM, 2025"])
    ws.append(head)
    for row in rows:
        ws.append([cell if h == "month" else _number(cell) for h, cell in zip(head, row)])
    wb.save(HERE / "history_title_rows.xlsx")

    # a formula cell saved by a program that does not compute formulas (no cached value)
    wb = Workbook()
    ws = wb.active
    ws.append(head)
    col = head.index("bookings") + 1
    for r, row in enumerate(rows, start=2):
        cells = [cell if h == "month" else _number(cell) for h, cell in zip(head, row)]
        if r == 7:
            cells[col - 1] = f"=ROUND({ws.cell(row=1, column=col + 1).column_letter}{r}*0.4,0)"
        ws.append(cells)
    wb.save(HERE / "history_formula_no_value.xlsx")

    # a truncated download: the zip signature, then garbage
    (HERE / "history_corrupt.xlsx").write_bytes(b"PK\x03\x04" + b"\x00\x14not really a workbook" * 8)


if __name__ == "__main__":
    main()
