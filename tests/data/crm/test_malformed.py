"""Every malformed export is refused (or reported) with its own message naming file, field and fix."""

from __future__ import annotations

import pandas as pd
import pytest

from comp_models.data.crm import import_crm
from comp_models.errors import InputError
from tests.data.crm.conftest import write

GENERIC_HEAD = "opportunity_id,deal_stage,engage_date,close_date,close_value\n"


def _issue(**kw) -> InputError:
    with pytest.raises(InputError) as e:
        import_crm(**kw)
    return e.value


def test_unknown_stage_values_are_listed_with_row_counts(exports, tmp_path):
    df = pd.read_csv(exports["generic"]["opportunities"], dtype=str, keep_default_na=False)
    df.loc[:4, "deal_stage"] = "Stalled"
    df.loc[5:5, "deal_stage"] = "On hold"
    path = tmp_path / "opportunities.csv"
    df.to_csv(path, index=False)
    err = _issue(opportunities=path)
    (issue,) = err.issues
    assert issue.where == "column deal_stage"
    assert "2 stage values that no funnel step is given for: 'Stalled' (5 rows), 'On hold' (1 rows)" in issue.problem
    assert "[opportunities.stages] 'Stalled' = \"...\"" in issue.fix and "open, won or lost" in issue.fix
    m = write(tmp_path / "m.toml", 'schema_version = 1\n[opportunities.stages]\n"Stalled" = "open"\n'
                                   '"On hold" = "lost"\n')
    assert import_crm(path, mapping=m).report["rows"][0]["read"] == len(df)


def test_ambiguous_dates_are_refused_never_guessed(tmp_path):
    rows = "".join(f"o{i},Won,{d},{d},100\n" for i, d in enumerate(["01-02-03", "05-06-07", "10-11-12", "03-04-05"]))
    path = write(tmp_path / "o.csv", GENERIC_HEAD + rows)
    (issue,) = _issue(opportunities=path).issues
    assert issue.where == "column engage_date"
    assert "fit more than one format" in issue.problem and "DD-MM-YY" in issue.problem and "YY-MM-DD" in issue.problem
    assert "the importer does not guess" in issue.problem
    assert "[opportunities.date_formats] created = " in issue.fix
    m = write(tmp_path / "m.toml", 'schema_version = 1\n[opportunities.date_formats]\ncreated = "%y-%m-%d"\n'
                                   'closed = "%y-%m-%d"\n')
    r = import_crm(path, mapping=m)
    assert r.report["dates"]["opportunities"]["created"]["format"].startswith("YY-MM-DD (stated")


def test_a_day_above_twelve_settles_the_order(tmp_path):
    rows = "o1,Won,1/4/2024,1/20/2024,100\no2,Won,2/13/2024,2/25/2024,50\no3,Lost,1/14/2024,,0\n"
    r = import_crm(write(tmp_path / "o.csv", GENERIC_HEAD + rows))
    assert r.report["dates"]["opportunities"]["closed"]["format"].startswith("MM/DD/YYYY (inferred from every cell")
    assert r.history["bookings"].tolist() == [100.0, 50.0]


def test_a_column_mixing_formats_is_refused(tmp_path):
    rows = "o1,Won,2024-01-04,2024-01-20,100\no2,Won,02/03/2024,2/25/2024,50\n"
    (issue,) = _issue(opportunities=write(tmp_path / "o.csv", GENERIC_HEAD + rows)).issues
    assert issue.where == "column engage_date" and "mixes ISO dates with other formats" in issue.problem


def test_no_join_key_when_the_attribution_needs_one(exports, tmp_path):
    opps = pd.read_csv(exports["generic"]["opportunities"], dtype=str, keep_default_na=False).drop(columns="lead_id")
    op = tmp_path / "opportunities.csv"
    opps.to_csv(op, index=False)
    m = write(tmp_path / "m.toml", 'schema_version = 1\n[attribution]\nmethod = "join"\n')
    (issue,) = _issue(opportunities=op, leads=exports["generic"]["leads"], mapping=m).issues
    assert "has no join key" in issue.problem
    assert "[leads.columns] opportunity_id" in issue.fix and "method = \"source\"" in issue.fix


def test_empty_and_header_only_files(tmp_path):
    assert "is empty (0 bytes)" in str(_issue(opportunities=write(tmp_path / "empty.csv", "")))
    assert "has a header but no rows" in str(_issue(opportunities=write(tmp_path / "head.csv", GENERIC_HEAD)))


def test_wrong_encoding_says_so_and_how_to_fix(tmp_path):
    path = write(tmp_path / "o.csv", GENERIC_HEAD + "o1,Won,2024-01-04,2024-01-20,100\no2,Gagné,2024-01-04,,\n",
                 encoding="latin-1")
    (issue,) = _issue(opportunities=path).issues
    assert issue.where.startswith("byte ") and "is not UTF-8 text" in issue.problem
    assert "CSV UTF-8" in issue.fix and "encoding" in issue.fix
    m = write(tmp_path / "m.toml", 'schema_version = 1\n[files]\nencoding = "latin-1"\n'
                                   '[opportunities.stages]\n"Gagné" = "open"\n')
    assert import_crm(path, mapping=m).report["rows"][0]["read"] == 2


def test_close_before_create_is_reported_and_kept_out_of_the_cycle(tmp_path):
    rows = "o1,Won,2024-01-10,2024-01-20,100\no2,Won,2024-01-15,2024-01-05,50\n"
    r = import_crm(write(tmp_path / "o.csv", GENERIC_HEAD + rows))
    warning = next(w for w in r.report["warnings"] if "close before they were created" in w)
    assert "o2 (created 2024-01-15, closed 2024-01-05)" in warning
    assert r.report["rows"][0]["used_in_part"]["close date before create date: not in sales_cycle_days_total"] == 1
    assert r.history["sales_cycle_days_total"].tolist() == [10.0]


def test_a_file_over_the_size_limit_is_refused(exports):
    (issue,) = _issue(opportunities=exports["salesforce"]["opportunities"], max_bytes=1000).issues
    assert issue.where == "file" and issue.problem.endswith("over the 1,000 bytes limit")
    assert "split the export by year" in issue.fix and "--max-mb" in issue.fix


def test_a_workbook_with_several_sheets_names_them(tmp_path, exports):
    path = tmp_path / "deals.xlsx"
    df = pd.read_csv(exports["hubspot"]["opportunities"], dtype=str, keep_default_na=False)
    with pd.ExcelWriter(path) as xl:
        df.to_excel(xl, sheet_name="2023", index=False)
        df.to_excel(xl, sheet_name="2024", index=False)
    (issue,) = _issue(opportunities=path).issues
    assert issue.where == "workbook" and "2 sheets with data: '2023', '2024'" in issue.problem


def test_unknown_time_zone_and_unsupported_type(tmp_path, exports):
    assert "is not a time zone name" in str(_issue(opportunities=exports["salesforce"]["opportunities"],
                                                   timezone="Mars/Olympus"))
    assert "unsupported type '.json'" in str(_issue(opportunities=write(tmp_path / "o.json", "{}")))


def test_rows_without_id_or_date_are_counted_as_dropped(tmp_path):
    rows = ("o1,Won,2024-01-10,2024-01-20,100\n,Won,2024-01-10,2024-01-20,100\no3,Won,,2024-01-20,100\n"
            "o1,Won,2024-01-10,2024-01-20,100\no4,Won,2024-01-12,2024-01-21,abc\n")
    r = import_crm(write(tmp_path / "o.csv", GENERIC_HEAD + rows))
    rows_ = r.report["rows"][0]
    assert rows_["read"] == 5 and rows_["used"] == 2
    assert rows_["dropped"] == {"no id (e.g. a report's total or footer line)": 1,
                                "repeats the id of an earlier row (the first is kept)": 1, "no usable create date": 1}
    assert rows_["used_in_part"]["amount is not a number: counted as a deal with no value"] == 1
    assert r.history["won_deals"].tolist() == [2.0] and r.history["bookings"].tolist() == [100.0]


def test_an_iso_cell_that_is_no_date_is_dropped_and_counted(tmp_path):
    rows = "o1,Won,2024-01-10,2024-01-20,100\no2,Won,2024-02-30,2024-03-05,50\n"
    r = import_crm(write(tmp_path / "o.csv", GENERIC_HEAD + rows))
    assert r.report["dates"]["opportunities"]["created"]["format"].startswith("ISO 8601")
    assert r.report["rows"][0]["dropped"] == {"no usable create date": 1}
    assert r.history["bookings"].tolist() == [100.0]
