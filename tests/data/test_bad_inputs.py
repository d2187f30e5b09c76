"""Malformed input files: each is rejected as a whole, with a specific, helpful message.

The corpus lives in tests/data/bad/: every file there (except make_xlsx.py, which builds
the .xlsx ones, and the multi_* files, which carry several defects on purpose) is derived
from the shipped sample data and has exactly one defect. EXPECTED lists, per file, the
loader it goes through and the Issue it must produce. GAPS lists inputs the library
gets wrong (accepts, crashes on, or describes unclearly), as strict xfails, so
fixing the library turns them into failures that ask for the mark to be removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from comp_models.errors import InputError
from comp_models.data import MAX_FILE_BYTES, MAX_ROWS, load_adjustments, load_history, load_targets
from comp_models.data import DEFAULT_SCENARIO, SAMPLE_HISTORY, SAMPLE_TARGETS, preset_paths, run
from comp_models.plans import load_scenario

ROOT = Path(__file__).resolve().parents[2]
BAD = Path(__file__).resolve().parent / "bad"

HIST, TGT, SCN, ADJ = "history", "targets", "scenario", "adjustments"
RUN = "run"  # the scenario replayed over a copy of the sample history with no targets file beside it
RUN_T = "run_targets"  # the file used as the targets file of the integrated preset's replay

SALES = "roles.vp_sales"
MKT = "roles.vp_marketing"
SHAPE = "matrix must have"
CURVE_FIX = "attainment strictly increasing"

# file -> (loader, where (exact), problem fragment, fix fragment)
EXPECTED: dict[str, tuple[str, str, str, str]] = {
    # --- history: file level ---
    "history_empty.csv": (HIST, "file", "is empty", "add a header row"),
    "history_bom_only.csv": (HIST, "file", "is empty", "add a header row"),
    "history_header_only.csv": (HIST, "file", "has a header but no rows", "one row per month"),
    "history_utf16.csv": (HIST, "file", "is not UTF-8", "CSV UTF-8"),
    "history_unsupported.json": (HIST, "file", "unsupported type '.json'", "use a .csv or .xlsx"),
    "history_corrupt.xlsx": (HIST, "file", "not a readable Excel workbook", "save it again as .xlsx"),
    "history_ragged_row.csv": (HIST, "file", "Expected 19 fields in line 6, saw 20", "as many fields as the header"),
    "history_ragged_first_row.csv": (HIST, "file", "line 2", "as many fields as the header"),
    "history_title_rows.csv": (HIST, "file", "the header seems to be on row 3", "delete rows 1-2"),
    "history_title_rows.xlsx": (HIST, "file", "the header seems to be on row 3", "delete rows 1-2"),
    "history_two_sheets.xlsx": (HIST, "file", "2 sheets with data, and reading one would leave out the others: "
                                "'FY2023' (12 rows), 'FY2024' (12 rows)", "--sheet NAME"),
    "history_data_on_second_sheet.xlsx": (HIST, "sheet 'Sheet1'", "has a header but no rows; the data seems to be "
                                          "on sheet 'Data'", "choose sheet 'Data'"),
    # --- history: columns ---
    "history_missing_column.csv": (HIST, "column sals", "is missing", "add a column sals"),
    "history_unknown_column.csv": (HIST, "column 'region'", "not a known history column", "or remove it"),
    "history_duplicate_column.csv": (HIST, "column mqls", "appears more than once", "keep one column"),
    # --- history: cells (row numbers as a spreadsheet shows them, header = row 1) ---
    "history_non_numeric.csv": (HIST, "row 5, column mqls", "is not a number ('about 1400')", "plain number"),
    "history_blank_cell.csv": (HIST, "row 7, column revenue", "is empty or NaN", "enter a number"),
    "history_nan_text.csv": (HIST, "row 4, column bookings", "is empty or NaN", "enter a number"),
    "history_short_row.csv": (HIST, "row 6, column trainings_delivered", "is empty or NaN", "enter a number"),
    "history_negative_count.csv": (HIST, "row 6, column won_deals", "is negative (-3)", "cannot be negative"),
    "history_fractional_count.csv": (HIST, "row 8, column sqls", "not a whole number (261.5)", "whole numbers"),
    "history_infinite.csv": (HIST, "row 9, column marketing_spend", "is infinite", "finite number"),
    "history_sals_exceed_mqls.csv": (HIST, "row 10, column sals", "sals (1734) exceeds mqls (1634)", "subset of mqls"),
    "history_negative.xlsx": (HIST, "row 4, column won_deals", "is negative (-60)", "cannot be negative"),
    "history_text_cell.xlsx": (HIST, "row 6, column revenue", "is not a number ('3.1M')", "plain number"),
    "history_formula_no_value.xlsx": (HIST, "row 7, column bookings", "holds a formula with no saved value",
                                      "open and save it in Excel"),
    "history_formula_text.csv": (HIST, "row 10, column sqls", "holds a formula, not its value ('=L10*0.5')",
                                 "export the values"),
    "history_huge_amount.csv": (HIST, "row 4, column pipeline_created", "is beyond 1e+12 (1e308)",
                                "at most 1,000,000,000,000"),
    # --- history: numbers never misread (a comma only between groups of three digits) ---
    "history_semicolon_decimal_comma.csv": (HIST, "row 5, column revenue", "'3129101,50' has a comma: a decimal "
                                            "comma? this file seems to use ; as delimiter", ". as the decimal"),
    "history_decimal_comma.csv": (HIST, "row 6, column won_deals", "'4,7' has a comma that is not a thousands "
                                  "separator (a decimal comma?)", "decimals with a point"),
    "history_misplaced_comma.csv": (HIST, "row 8, column bookings", "'11,82,682' has a comma where no thousands",
                                    "groups of three digits"),
    # one problem in every row of a column: one issue for the column, with the first rows
    "history_currency_symbol.csv": (HIST, "column revenue", "24 rows hold a currency symbol, e.g. row 2 "
                                    "'$2,930,151' (rows 2, 3, 4, 5, 6, 7, 8, 9 and 16 more)", "currency symbol"),
    # --- history: months ---
    "history_duplicate_month.csv": (HIST, "row 4, column month", "month 2023-02 appears more than once",
                                    "one row per month"),
    "history_missing_month.csv": (HIST, "rows 6-7, column month", "between 2023-05 and 2023-07 are missing",
                                  "a row for every month"),
    "history_unsorted.csv": (HIST, "row 6, column month", "2023-04 comes after 2023-05", "sort the rows by month"),
    "history_bad_month_format.csv": (HIST, "row 4, column month", "'03/2023' is not a month", "YYYY-MM"),
    # --- targets ---
    "targets_header_only.csv": (TGT, "file", "has a header but no rows", "one row per year and metric"),
    "targets_missing_column.csv": (TGT, "column annual_target", "is missing", "year, metric, annual_target"),
    "targets_extra_column.csv": (TGT, "column 'notes'", "is not a targets column", "remove it"),
    "targets_unknown_metric.csv": (TGT, "row 4, column metric", "unknown metric 'pipeline'", "pipeline_created"),
    "targets_zero.csv": (TGT, "row 2, column annual_target", "target 0 is not positive", "greater than zero"),
    "targets_zero.xlsx": (TGT, "row 2, column annual_target", "target 0 is not positive", "greater than zero"),
    "targets_negative.csv": (TGT, "row 3, column annual_target", "target -17370000 is not positive",
                             "greater than zero"),
    "targets_non_numeric.csv": (TGT, "row 2, column annual_target", "'38M' is not a number", "plain number"),
    "targets_infinite.csv": (TGT, "row 2, column annual_target", "finite", "finite"),
    "targets_duplicate.csv": (TGT, "row 26", "a second target for revenue in 2023", "one row per year and metric"),
    "targets_bad_year.csv": (TGT, "row 5, column year", "'FY2023' is not a year", "write the year as"),
    "targets_rate_as_percent.csv": (TGT, "row 20, column annual_target", "85", "fraction"),
    "targets_semicolon_decimal_comma.csv": (TGT, "row 19, column annual_target", "'0,201' has a comma: a decimal "
                                            "comma? this file seems to use ; as delimiter", "decimal separator"),
    "targets_huge.csv": (TGT, "row 2, column annual_target", "target 1e308 is beyond 1e+12", "check the units"),
    # --- adjustments ---
    "adjustments_decimal_comma.csv": (ADJ, "row 3, column amount", "'2500,50' has a comma that is not a thousands "
                                      "separator", "decimals with a point"),
    "targets_missing_year.csv": (RUN_T, "goals.company_revenue", "no target for metric revenue in 2025",
                                 "targets_missing_year.csv"),
    # --- scenarios: the file itself ---
    "scenario_empty.toml": (SCN, "file", "is empty", "scenario file"),
    "scenario_latin1.toml": (SCN, "file", "is not UTF-8", "UTF-8 TOML"),
    "scenario_syntax_error.toml": (SCN, "TOML syntax", "(at line 5, column 23)", "line and column shown"),
    "scenario_schema_version.toml": (SCN, "schema_version", "version 99 is not supported", "schema_version = 4"),
    "scenario_nested_too_deep.toml": (SCN, "TOML syntax", "nested too deeply", "remove the nested brackets"),
    "scenario_roles_array.toml": (SCN, "roles", "is an array of tables ([[roles]]), not a table keyed by id",
                                  "[roles.vp_sales]"),
    "scenario_bool_weight.toml": (SCN, f"{SALES}.components.1.weight", "is true (a true/false value), not a number",
                                  "write a number"),
    "scenario_huge_curve_payout.toml": (SCN, f"{SALES}.components.1.curve.3.1", "less than or equal to 10000",
                                        "percentages are written as percent"),
    # --- scenarios: fields ---
    "scenario_unknown_field.toml": (SCN, f"{SALES}.components.1.weigth", "unknown field", "check its spelling"),
    "scenario_wrong_kind.toml": (SCN, f"{SALES}.components.1", "'bonuses'", "set kind to 'bonus'"),
    "scenario_bad_enum.toml": (SCN, f"{SALES}.measurement_period", "'monthly', 'quarterly' or 'annual'",
                               "correct the value"),
    "scenario_unknown_metric.toml": (SCN, "goals.mqls.metric", "unknown metric 'mql'", "correct the value"),
    "scenario_missing_target_incentive.toml": (SCN, SALES, "no target incentive", "set target_incentive"),
    # --- scenarios: goals and targets ---
    "scenario_unknown_goal.toml": (SCN, SALES, "refers to goal 'booking', which is not defined",
                                   "goals defined under [goals]"),
    "scenario_zero_annual_target.toml": (SCN, "goals.mqls.annual_targets.2024", "target 0.0 is not positive",
                                         "greater than zero"),
    "scenario_negative_annual_target.toml": (SCN, "goals.mqls.annual_targets.2023", "target -17138.0 is not positive",
                                             "greater than zero"),
    "scenario_infinite_target.toml": (SCN, "goals.mqls.annual_targets.2023", "finite", ""),
    "scenario_bad_period_targets_key.toml": (SCN, "goals.mqls.period_targets.2023-13", "key is not a month",
                                             '"2024-03"'),
    "scenario_unknown_profile.toml": (SCN, "goals.bookings.monthly_profile", "unknown profile 'booking'",
                                      "a name under [monthly_profiles]"),
    "scenario_profile_not_summing_to_1.toml": (SCN, "monthly_profiles.revenue", "summing to 1.01", "adding up to 1"),
    "scenario_goal_missing_year.toml": (RUN, "goals.mqls", "no target for metric mqls in 2025",
                                        "add annual_targets for 2025"),
    # --- scenarios: weights and curves ---
    "scenario_weights_not_100.toml": (SCN, f"{SALES}.components", "bonus weights sum to 90%, not 100%",
                                      "add up to 100"),
    "scenario_negative_weight.toml": (SCN, f"{SALES}.components[1] (Bookings).weight", "weight is negative",
                                      "between 0 and 100"),
    "scenario_nan_weight.toml": (SCN, f"{SALES}.components.1.weight", "finite", ""),
    "scenario_curve_not_increasing.toml": (SCN, f"{SALES}.components[1] (Bookings).curve",
                                           "[75.0, 100.0, 100.0, 140.0] are not strictly increasing", CURVE_FIX),
    "scenario_curve_payout_decreasing.toml": (SCN, f"{SALES}.components[1] (Bookings).curve",
                                              "[30.0, 100.0, 160.0, 150.0] decrease", "payout never decreasing"),
    "scenario_negative_cap.toml": (SCN, f"{SALES}.components.1.conditional_caps.0.cap",
                                   "greater than or equal to 0", ""),
    # --- scenarios: matrix ---
    "scenario_matrix_wrong_shape.toml": (SCN, f"{MKT}.components[4] (Pipeline x lead quality).payouts",
                                         f"{SHAPE} 3 rows of 3 values", "one row per levels_y entry"),
    "scenario_matrix_negative_weight.toml": (SCN, f"{MKT}.components[4] (Pipeline x lead quality).weight",
                                             "weight is negative", "between 0 and 100"),
    "scenario_matrix_negative_payout.toml": (SCN, f"{MKT}.components[4] (Pipeline x lead quality).payouts",
                                             "negative", ""),
    # --- scenarios: commission ---
    "scenario_interpolated_no_ceiling.toml": (SCN, f"{SALES}.components[0] (Bookings commission).ceiling",
                                              "need a ceiling above the last tier start", "set ceiling"),
    "scenario_commission_on_ratio.toml": (SCN, f"{SALES}.components[0] (Bookings commission).goal",
                                          "'win_rate' is a ratio", "summed metric"),
    "scenario_accumulate_too_short.toml": (SCN, f"{SALES}.components[0] (Bookings commission).accumulate",
                                           "cannot accumulate within a quarter when the plan measures annual",
                                           "a longer window"),
}

# file -> why the library falls short today (strict xfail)
GAPS: dict[str, str] = {}

MULTI = {"multi_history_cells.csv", "multi_history_column_and_cell.csv", "multi_targets.csv",
         "multi_scenario.toml", "multi_scenario_mixed.toml"}


def corpus_files() -> list[str]:
    return sorted(p.name for p in BAD.iterdir() if p.is_file() and p.name != "make_xlsx.py")


def _sample_history_copy(tmp_path: Path) -> Path:
    """The sample history in a folder without a targets.csv beside it."""
    d = tmp_path / "history_only"
    d.mkdir(exist_ok=True)
    return Path(shutil.copy(SAMPLE_HISTORY, d / "history.csv"))


def load(loader: str, path: Path, tmp_path: Path):
    if loader == HIST:
        return load_history(path)
    if loader == TGT:
        return load_targets(path)
    if loader == SCN:
        return load_scenario(path)
    if loader == ADJ:
        return load_adjustments(path)
    if loader == RUN:
        return run(path, _sample_history_copy(tmp_path))
    if loader == RUN_T:
        return run(DEFAULT_SCENARIO, _sample_history_copy(tmp_path), path)
    raise AssertionError(loader)


def _param(name: str, reasons: dict[str, str]):
    marks = [pytest.mark.xfail(strict=True, reason=reasons[name])] if name in reasons else []
    return pytest.param(name, marks=marks, id=name)


def _errors(loader: str, path: Path, tmp_path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load(loader, path, tmp_path)
    return info.value


# ---------------------------------------------------------------------------------------
# One test per corpus file


def test_corpus_and_table_agree():
    files = set(corpus_files())
    assert files - MULTI == set(EXPECTED), "every corpus file needs an EXPECTED row (and vice versa)"
    assert MULTI <= files
    assert set(GAPS) <= set(EXPECTED)
    assert len(EXPECTED) >= 30
    assert sum(name.endswith(".xlsx") for name in files) >= 2


@pytest.mark.parametrize("name", [_param(n, GAPS) for n in sorted(EXPECTED)])
def test_bad_file_is_rejected_with_its_issue(name, tmp_path):
    loader, where, problem, fix = EXPECTED[name]
    path = BAD / name
    err = _errors(loader, path, tmp_path)
    report = err.report()
    assert err.issues, report
    for issue in err.issues:
        assert issue.file == str(path), f"issue names {issue.file!r}, not the file:\n{report}"
        assert issue.where and issue.problem and issue.fix, report
        assert str(issue).startswith(f"{path}: {issue.where}: "), str(issue)
        assert str(issue) in report
    hits = [i for i in err.issues if i.where == where and problem in i.problem and fix in i.fix]
    assert hits, f"expected where={where!r}, problem containing {problem!r}, fix containing {fix!r}; got:\n{report}"
    assert report.startswith(f"{len(err.issues)} problem")


# ---------------------------------------------------------------------------------------
# Huge files (generated at run time, never committed)


def _sample_rows() -> tuple[str, list[list[str]]]:
    lines = SAMPLE_HISTORY.read_text(encoding="utf-8").splitlines()
    return lines[0], [line.split(",") for line in lines[1:]]


def test_too_many_rows(tmp_path):
    head, rows = _sample_rows()
    n = MAX_ROWS + 100  # 1300 months from 1901-01
    body = []
    for i in range(n):
        row = list(rows[i % len(rows)])
        row[0] = f"{1901 + i // 12}-{i % 12 + 1:02d}"
        body.append(",".join(row))
    path = tmp_path / "history_too_many_rows.csv"
    path.write_text("\n".join([head, *body]) + "\n", encoding="utf-8")
    err = _errors(HIST, path, tmp_path)
    assert [(i.file, i.where) for i in err.issues] == [(str(path), "file")]
    assert f"has {n} rows, more than {MAX_ROWS}" in err.issues[0].problem
    assert "one row per month" in err.issues[0].fix
    cli = _cli("validate", str(path))
    assert cli.returncode != 0 and "Traceback" not in cli.stderr and str(path) in cli.stderr


def test_too_many_bytes(tmp_path):
    head, rows = _sample_rows()
    line = (",".join(rows[0]) + "\n").encode()
    path = tmp_path / "history_too_big.csv"
    with open(path, "wb") as fh:
        fh.write(head.encode() + b"\n")
        fh.write(line * (MAX_FILE_BYTES // len(line) + 1000))
    assert path.stat().st_size > MAX_FILE_BYTES
    err = _errors(HIST, path, tmp_path)
    assert [(i.file, i.where) for i in err.issues] == [(str(path), "file")]
    assert "over the 20 MB limit" in err.issues[0].problem
    assert "right file" in err.issues[0].fix


# ---------------------------------------------------------------------------------------
# Several defects: all are reported, nothing is dropped


MULTI_EXPECTED: dict[str, tuple[str, set[str]]] = {
    "multi_history_cells.csv": (HIST, {"row 5, column mqls", "row 10, column won_deals", "row 15, column month",
                                       "row 20, column revenue", "row 22, column sals"}),
    "multi_targets.csv": (TGT, {"row 3, column metric", "row 6, column annual_target", "row 9, column year",
                                "row 26"}),
    "multi_scenario.toml": (SCN, {"schema_version", "goals.marketing_pipeline.monthly_profile",
                                  f"{SALES}.components", f"{MKT}.components[1] (MQL volume).curve"}),
    # field-level and file-level problems stop the checks that would find the others
    "multi_history_column_and_cell.csv": (HIST, {"column 'region'", "row 6, column won_deals"}),
    "multi_scenario_mixed.toml": (SCN, {"goals.mqls.metric", f"{SALES}.components"}),
}
MULTI_GAPS = {}


@pytest.mark.parametrize("name", [_param(n, MULTI_GAPS) for n in sorted(MULTI_EXPECTED)])
def test_every_defect_is_reported(name, tmp_path):
    loader, wheres = MULTI_EXPECTED[name]
    path = BAD / name
    err = _errors(loader, path, tmp_path)
    assert {i.where for i in err.issues} == wheres, err.report()
    assert all(i.file == str(path) for i in err.issues)
    assert err.report().startswith(f"{len(wheres)} problems found:")


def test_one_bad_cell_fails_the_whole_file(tmp_path):
    """24 rows with one bad cell: an error naming that cell, never 23 rows loaded."""
    bad = BAD / "history_non_numeric.csv"
    err = _errors(HIST, bad, tmp_path)
    assert [i.where for i in err.issues] == ["row 5, column mqls"]
    fixed = tmp_path / "history_fixed.csv"
    fixed.write_text(bad.read_text(encoding="utf-8").replace("about 1400", "1381"), encoding="utf-8")
    h = load_history(fixed)
    assert len(h.months) == 24 and h.months[0] == "2023-01" and h.months[-1] == "2024-12"
    sample = load_history(SAMPLE_HISTORY).frame.iloc[:24].reset_index(drop=True)
    assert h.frame.drop(columns="mqls").equals(sample.drop(columns="mqls"))
    assert h.frame["mqls"].iloc[3] == 1381


@pytest.mark.parametrize("name", ["history_short_row.csv", "history_blank_cell.csv", "history_nan_text.csv"])
def test_blank_cells_are_not_read_as_zero(name, tmp_path):
    err = _errors(HIST, BAD / name, tmp_path)
    assert len(err.issues) == 1 and "is empty or NaN" in err.issues[0].problem


# ---------------------------------------------------------------------------------------
# Valid files load


def test_sample_files_load(tmp_path):
    h = load_history(SAMPLE_HISTORY)
    assert len(h.months) == 36 and h.months[0] == "2023-01" and h.months[-1] == "2025-12"
    assert not h.frame.isna().any().any()
    t = load_targets(SAMPLE_TARGETS)
    assert len(t) == 72 and {y for _, y in t} == {2023, 2024, 2025}
    presets = preset_paths()
    assert {"integrated", "siloed", "shared_revenue", "marketing_serves_sales"} <= set(presets)
    for path in presets.values():
        s = load_scenario(path)
        assert s.roles and s.goals
    scenario, history, result = run(DEFAULT_SCENARIO)
    assert result.months == h.months


def test_a_history_may_start_in_any_month(tmp_path):
    """Was refused ("not in a January"); a history may start in any month (docs/money.md §12): the file
    that pinned the refusal, 2023-02 to 2024-12, now loads whole, and validate says its first plan year
    (2023, plan years from January) is partial."""
    path = ROOT / "tests/data/valid/history_starts_2023_02.csv"
    h = load_history(path)
    assert len(h.months) == 23 and h.months[0] == "2023-02" and h.months[-1] == "2024-12"
    sample = load_history(SAMPLE_HISTORY).frame.iloc[1:24].reset_index(drop=True)
    assert h.frame.equals(sample)
    out = _cli("validate", str(path))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "OK: history 2023-02 to 2024-12, 23 months, 18 columns"
    assert any(line.startswith("note: the history starts in 2023-02") and "first plan year is partial" in line
               for line in lines[1:]), out.stdout


def _xlsx_from_sample(path: Path, month_cell) -> None:
    with open(SAMPLE_HISTORY, newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    wb = Workbook()
    ws = wb.active
    ws.append(table[0])
    for row in table[1:]:
        ws.append([month_cell(row[0]), *(int(x) for x in row[1:])])
    wb.save(path)


def test_valid_xlsx_loads_every_row(tmp_path):
    path = tmp_path / "history.xlsx"
    _xlsx_from_sample(path, lambda m: m)  # months typed as text
    h = load_history(path)
    assert h.frame.equals(load_history(SAMPLE_HISTORY).frame)


def test_xlsx_with_date_cells_loads(tmp_path):
    path = tmp_path / "history_dates.xlsx"
    _xlsx_from_sample(path, lambda m: dt.datetime(int(m[:4]), int(m[5:]), 1))
    assert load_history(path).months == load_history(SAMPLE_HISTORY).months


# ---------------------------------------------------------------------------------------
# Command line


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "comp_models", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("path", [SAMPLE_HISTORY, SAMPLE_TARGETS, DEFAULT_SCENARIO, ROOT / "scenarios/siloed.toml"],
                         ids=lambda p: p.name)
def test_cli_validate_good_file(path):
    out = _cli("validate", str(path))
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK: "), out.stdout


CLI_BAD = ["history_non_numeric.csv", "history_corrupt.xlsx", "history_negative.xlsx", "multi_history_cells.csv",
           "targets_zero.csv", "multi_targets.csv", "scenario_syntax_error.toml", "multi_scenario.toml",
           "scenario_unknown_field.toml",
           # targets files the CLI does not recognise as targets (it only looks for the exact CSV header)
           "targets_extra_column.csv", "targets_missing_column.csv", "targets_zero.xlsx",
           # a semicolon-delimited targets file is still recognised as targets; grouped and sheet issues
           "targets_semicolon_decimal_comma.csv", "history_currency_symbol.csv", "history_two_sheets.xlsx",
           "history_formula_no_value.xlsx", "scenario_bool_weight.toml", "scenario_nested_too_deep.toml",
           "scenario_roles_array.toml"]
CLI_GAPS = {}


@pytest.mark.parametrize("name", [_param(n, CLI_GAPS) for n in CLI_BAD])
def test_cli_validate_bad_file_lists_every_problem(name, tmp_path):
    path = BAD / name
    loader = TGT if name.startswith(("targets", "multi_targets")) else EXPECTED.get(name, (None,))[0]
    loader = loader or (SCN if name.endswith(".toml") else HIST)
    err = _errors(loader, path, tmp_path)
    out = _cli("validate", str(path))
    assert out.returncode != 0
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith(f"{len(err.issues)} problem"), out.stderr
    for issue in err.issues:
        assert str(issue) in out.stderr, f"{issue} missing from:\n{out.stderr}"
    listed = [line for line in out.stderr.splitlines() if line.startswith("  - ")]
    assert len(listed) == len(err.issues) and all(str(path) in line for line in listed)


def test_cli_run_reports_missing_target_year(tmp_path):
    path = BAD / "scenario_goal_missing_year.toml"
    out = _cli("run", str(path), "--history", str(_sample_history_copy(tmp_path)))
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert f"{path}: goals.mqls: no target for metric mqls in 2025" in out.stderr


# Runs `python -m comp_models validate FILE` for many files in one interpreter (pandas is
# imported once): sys.argv is set per file and the module is run as __main__, exactly as
# `-m` does; an exception escaping the CLI is printed as the interpreter would print it.
_VALIDATE_MANY = """
import contextlib, io, json, runpy, sys, traceback
results = {}
for f in sys.argv[1:]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        sys.argv = ["comp_models", "validate", f]
        try:
            runpy.run_module("comp_models", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
    results[f] = [code, out.getvalue(), err.getvalue()]
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def cli_validate_all() -> dict[str, tuple[int, str, str]]:
    """`validate` on every corpus file: name -> (exit code, stdout, stderr)."""
    names = corpus_files()
    proc = subprocess.run([sys.executable, "-c", _VALIDATE_MANY, *(str(BAD / n) for n in names)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    return {n: tuple(results[str(BAD / n)]) for n in names}


def test_validate_many_matches_python_m(cli_validate_all):
    """The one-interpreter driver gives what `python -m comp_models validate` gives."""
    for name in ["history_non_numeric.csv", "scenario_weights_not_100.toml", "targets_zero.csv"]:
        out = _cli("validate", str(BAD / name))
        assert (out.returncode, out.stdout, out.stderr) == cli_validate_all[name]


TRACEBACK_GAPS = {}


@pytest.mark.parametrize("name", [_param(n, TRACEBACK_GAPS) for n in corpus_files()])
def test_cli_never_shows_a_traceback(name, cli_validate_all):
    code, _, stderr = cli_validate_all[name]
    assert "Traceback" not in stderr, stderr
    assert code in (0, 2), stderr
    if code:
        assert str(BAD / name) in stderr


def test_columns_set_aside_by_the_user_are_ignored_but_unknown_ones_still_fail():
    from comp_models.data import parse_history, read_header
    raw = SAMPLE_HISTORY.read_bytes().replace(b"revenue,", b"Revenue,", 1)
    raw = b"\n".join(line + (b",x" if i else b",region") for i, line in enumerate(raw.strip().split(b"\n")))
    assert read_header(raw, "h.csv")[-1] == "region"
    with pytest.raises(InputError) as info:
        parse_history(raw, "h.csv", rename={"Revenue": "revenue"})
    assert [i.where for i in info.value.issues] == ["column 'region'"]
    h = parse_history(raw, "h.csv", rename={"Revenue": "revenue"}, ignore=["region"])
    assert len(h.months) == 36 and "region" not in h.frame
