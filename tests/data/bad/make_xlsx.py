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

    # a truncated download: the zip signature, then garbage
    (HERE / "history_corrupt.xlsx").write_bytes(b"PK\x03\x04" + b"\x00\x14not really a workbook" * 8)


if __name__ == "__main__":
    main()
