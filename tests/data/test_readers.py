"""The table readers on files that are valid but unusual (line endings, delimiters, thousands
separators, workbooks with several sheets, a byte-order mark) and on the number cells they refuse.

Each test here failed before the readers learnt it: a bare-CR file raised csv.Error, a semicolon or
tab file was read as one column, '4,7' was read as 47, a second sheet was never looked at, a
scenario with a BOM was a syntax error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from comp_models.data import SAMPLE_HISTORY, SAMPLE_TARGETS, load_history, parse_history, parse_targets, run
from comp_models.data.adjustments_file import parse_adjustments
from comp_models.data.history_files import read_header
from comp_models.data.tables import read_number, sheets_with_data
from comp_models.errors import InputError
from comp_models.plans import load_scenario, parse_scenario

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = SAMPLE_HISTORY.read_bytes()


def _sample():
    return load_history(SAMPLE_HISTORY).frame


@pytest.mark.parametrize("ending", [b"\r", b"\r\n"], ids=["CR", "CRLF"])
def test_any_line_ending_reads_the_same(ending):
    h = parse_history(SAMPLE.replace(b"\n", ending), "h.csv")
    assert h.frame.equals(_sample())


@pytest.mark.parametrize("delimiter", [b";", b"\t"], ids=["semicolon", "tab"])
def test_semicolon_and_tab_files_are_read_by_their_delimiter(delimiter):
    h = parse_history(SAMPLE.replace(b",", delimiter), "h.csv")
    assert h.frame.equals(_sample())
    t = parse_targets(SAMPLE_TARGETS.read_bytes().replace(b",", delimiter), "t.csv")
    assert t == parse_targets(SAMPLE_TARGETS.read_bytes(), "t.csv")


@pytest.mark.parametrize("text, value", [("1,234,567", 1234567.0), ("-1,234.50", -1234.5), ("2930151", 2930151.0),
                                         ("+12.5", 12.5), (".5", 0.5), ("1e6", 1e6), ("  42 ", 42.0)])
def test_a_comma_is_read_only_as_a_thousands_separator(text, value):
    assert read_number(text).value == value


@pytest.mark.parametrize("text, kind", [("4,7", "decimal_comma"), ("3030828,50", "decimal_comma"),
                                        ("1,23,456", "misplaced_comma"), ("1,2345", "decimal_comma"),
                                        ("12,34,5", "misplaced_comma"), ("$2,930,151", "currency"),
                                        ("2930151 USD", "currency"), ("85%", "percent"),
                                        ("1.234.567", "dot_thousands"), ("1.234,50", "dot_thousands"),
                                        ("=B2*2", "formula_csv"), ("1_000", "text"), ("about 1400", "text"),
                                        ("", "blank"), ("n/a", "blank")])
def test_anything_else_is_refused_with_its_likely_cause(text, kind):
    assert read_number(text).value is None and read_number(text).kind == kind


def test_a_thousands_comma_in_a_semicolon_file_is_refused_not_guessed():
    """In a ;-delimited (European) file, '1,234' may well mean 1.234: never read as 1234."""
    assert read_number("1,234", ";").kind == "comma_semicolon"
    assert read_number("1,234", ",").value == 1234.0


def test_decimal_commas_were_misread_and_are_now_refused():
    lines = SAMPLE.decode().splitlines()
    head = lines[0].split(",")
    row = lines[1].split(",")
    row[head.index("won_deals")] = '"4,7"'
    row[head.index("revenue")] = '"2,930,151"'  # a valid thousands separator: read as 2930151
    raw = "\n".join([lines[0], ",".join(row), *lines[2:]]).encode()
    with pytest.raises(InputError) as info:
        parse_history(raw, "h.csv")
    assert [i.where for i in info.value.issues] == ["row 2, column won_deals"]
    assert "'4,7'" in info.value.issues[0].problem and "decimal comma" in info.value.issues[0].problem
    row[head.index("won_deals")] = "47"
    h = parse_history("\n".join([lines[0], ",".join(row), *lines[2:]]).encode(), "h.csv")
    assert h.frame.equals(_sample())


def test_few_identical_problems_are_listed_by_row_many_are_grouped():
    lines = SAMPLE.decode().splitlines()
    def with_blanks(n):
        rows = [line.split(",") for line in lines[1:]]
        for r in rows[:n]:
            r[2] = "x"
        return "\n".join([lines[0], *(",".join(r) for r in rows)]).encode()
    with pytest.raises(InputError) as few:
        parse_history(with_blanks(3), "h.csv")
    assert [i.where for i in few.value.issues] == [f"row {r}, column bookings" for r in (2, 3, 4)]
    with pytest.raises(InputError) as many:
        parse_history(with_blanks(36), "h.csv")
    assert [str(i) for i in many.value.issues] == [
        "h.csv: column bookings: 36 rows are not numbers, e.g. row 2 'x' (rows 2, 3, 4, 5, 6, 7, 8, 9 and 28 more). "
        "Fix: enter a plain number without units"]


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    import io
    wb = Workbook()
    for i, (title, rows) in enumerate(sheets.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sample_rows():
    lines = SAMPLE.decode().splitlines()
    head = lines[0].split(",")
    return head, [[r[0], *(int(x) for x in r[1:])] for r in (line.split(",") for line in lines[1:])]


def test_a_workbook_with_several_sheets_is_refused_unless_a_sheet_is_chosen(tmp_path):
    head, rows = _sample_rows()
    raw = _workbook({"Notes": [["prepared by finance"]], "History": [head, *rows]})
    assert sheets_with_data(raw, "h.xlsx") == ["Notes", "History"]
    with pytest.raises(InputError) as info:
        parse_history(raw, "h.xlsx")
    assert "'Notes' (header only), 'History' (36 rows)" in info.value.issues[0].problem
    assert parse_history(raw, "h.xlsx", sheet="History").frame.equals(_sample())
    assert read_header(raw, "h.xlsx", sheet="History") == head
    with pytest.raises(InputError, match="has no sheet 'Histroy'; its sheets are 'Notes', 'History'"):
        parse_history(raw, "h.xlsx", sheet="Histroy")
    with pytest.raises(InputError, match="has no sheet"):
        parse_history(SAMPLE, "h.csv", sheet="History")
    path = tmp_path / "h.xlsx"
    path.write_bytes(raw)
    assert load_history(path, sheet="History").months == load_history(SAMPLE_HISTORY).months


def test_a_single_sheet_that_is_not_the_first_is_read():
    head, rows = _sample_rows()
    raw = _workbook({"Cover": [], "History": [head, *rows]})
    assert parse_history(raw, "h.xlsx").frame.equals(_sample())


def test_targets_and_adjustments_take_a_sheet():
    t = [["year", "metric", "annual_target"], [2023, "revenue", 1000]]
    raw = _workbook({"A": t, "B": t})
    with pytest.raises(InputError, match="2 sheets with data"):
        parse_targets(raw, "t.xlsx")
    assert parse_targets(raw, "t.xlsx", sheet="B") == {("revenue", 2023): 1000.0}
    adj = [["month", "role", "amount", "reason"], ["2024-03", "vp_sales", "-1,000.50", "cancelled"]]
    raw = _workbook({"A": adj, "B": adj})
    assert parse_adjustments(raw, "a.xlsx", sheet="A")[0].amount == -1000.5


def test_a_scenario_with_a_byte_order_mark_loads():
    raw = (ROOT / "scenarios/integrated.toml").read_bytes()
    assert parse_scenario(b"\xef\xbb\xbf" + raw, "s.toml") == parse_scenario(raw, "s.toml")


def test_installments_beyond_the_periods_of_a_year_replay(tmp_path):
    """An annual plan paid in 12 installments spreads each payment across the next years: no crash."""
    text = (ROOT / "scenarios/siloed.toml").read_text(encoding="utf-8")
    text = text.replace('measurement_period = "quarterly"', 'measurement_period = "annual"\ninstallments = 12', 1)
    path = tmp_path / "inst.toml"
    path.write_text(text, encoding="utf-8")
    scenario, _, result = run(path)
    assert scenario.roles["vp_sales"].installments == 12 and result.months[0] == "2023-01"


def test_numbers_in_a_plan_are_never_booleans_but_ints_still_are_numbers():
    base = (ROOT / "scenarios/siloed.toml").read_text(encoding="utf-8")
    assert load_scenario(ROOT / "scenarios/siloed.toml").roles["vp_sales"].base_salary == 300000.0
    for old, new in [("base_salary = 300000", "base_salary = true"),
                     ('measurement_period = "quarterly"', 'measurement_period = "quarterly"\ninstallments = true')]:
        with pytest.raises(InputError, match="a true/false value"):
            parse_scenario(base.replace(old, new, 1).encode(), "s.toml")


def test_cli_validate_reads_a_chosen_sheet(tmp_path):
    head, rows = _sample_rows()
    path = tmp_path / "h.xlsx"
    path.write_bytes(_workbook({"FY": [head, *rows[:12]], "All": [head, *rows]}))
    out = subprocess.run([sys.executable, "-m", "comp_models", "validate", str(path), "--sheet", "All"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "36 months" in out.stdout, out.stderr
    out = subprocess.run([sys.executable, "-m", "comp_models", "validate", str(path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "'FY' (12 rows), 'All' (36 rows)" in out.stderr and "--sheet" in out.stderr
