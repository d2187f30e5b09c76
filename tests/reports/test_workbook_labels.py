"""The exported workbook and CSV in words and number formats (issue 12, "Money and words everywhere").

Workbook: labelled headers, role titles and goal labels instead of ids, words instead of True/False
and enum values, each money column in the scenario's currency format, percents as %, counts with
separators; the Detail's Actual/Target in their metric's unit. CSV: ids kept with their labels
beside them, money with two decimals always.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pandas as pd
import pytest
from helpers import make_plan, make_scenario, months, perf, run_case

from comp_models import (
    load_scenario,
    performance,
    preset_paths,
    replay,
    run,
    sample_inputs,
    statement,
    statement_csv,
    workbook_bytes,
)
from comp_models.metrics.registry import METRICS
from comp_models.plans import scenario_from_dict
from comp_models.reports.workbook import money_number_format, payslip_csv
from comp_models.statements.payslip import payslip

USD = '"$"#,##0.00'
PCT = '0.0"%"'


@pytest.fixture(scope="module")
def integrated():
    _, _, result = run(preset_paths()["integrated"])
    stmt = statement(result)
    return result, stmt, openpyxl.load_workbook(io.BytesIO(workbook_bytes(result, stmt)))


def _sheet(book, name: str) -> tuple[list[str], list[dict], list[dict]]:
    """Headers, rows as {header: value} and rows as {header: number_format} of a sheet."""
    ws = book[name]
    headers = [c.value for c in ws[1]]
    values = [dict(zip(headers, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]
    formats = [dict(zip(headers, (c.number_format for c in row))) for row in ws.iter_rows(min_row=2)]
    return headers, values, formats


def _column_formats(book, name: str) -> dict[str, set[str]]:
    """Header -> the number formats of its non-empty data cells."""
    headers, values, formats = _sheet(book, name)
    return {h: {f[h] for v, f in zip(values, formats) if v[h] is not None} for h in headers}


def test_annual_by_role_plans_and_plan_components_have_labelled_headers(integrated):
    _, _, book = integrated
    headers, rows, _ = _sheet(book, "Annual by role")
    assert headers == ["Role", "Plan year", "Year status", "Months in the plan", "Base salary", "Target incentive",
                       "Earned (SPIFFs apart)", "% of target", "SPIFFs", "Paid", "Held back", "Deferred", "Draw owed"]
    assert rows[0]["Role"] == "VP of Sales" and rows[0]["Plan year"] == 2023 and rows[0]["Year status"] == "closed"
    assert rows[0]["Base salary"] == 300_000

    headers, rows, _ = _sheet(book, "Plans")
    assert headers == ["Role", "Plan version", "Base salary", "Target incentive", "On-target commission",
                       "Pay mix (base / variable)", "Measurement period", "True-up", "Holdback", "Claw-back",
                       "Installments", "Plan cap (% of target)", "Multiplier", "Draw"]
    by_role = {r["Role"]: r for r in rows}
    assert by_role["VP of Marketing"]["Pay mix (base / variable)"] == "71% / 29%"
    assert by_role["VP of Sales"]["Holdback"] == 10 and by_role["VP of Sales"]["Plan cap (% of target)"] == 200

    headers, rows, _ = _sheet(book, "Plan components")
    assert headers == ["Role", "Component", "Kind", "Goal", "Metric", "Direction", "Shared goal", "Weight",
                       "Pay at target", "How it pays", "Conditions"]
    revenue = next(r for r in rows if r["Role"] == "VP of Sales" and r["Component"] == "Company revenue")
    assert revenue["Goal"] == "Company revenue" and revenue["Metric"] == "Revenue"
    assert revenue["Direction"] == "higher is better" and revenue["Shared goal"] == "shared"
    assert revenue["Weight"] == 40 and revenue["Pay at target"] == 120_000  # 40% of 300,000
    discount = next(r for r in rows if r["Component"] == "Discount discipline")
    assert discount["Direction"] == "lower is better" and discount["Shared goal"] == "own"


def test_no_sheet_shows_an_id_an_enum_value_or_a_boolean(integrated):
    result, _, book = integrated
    s = result.scenario
    words = {p.title for p in s.roles.values()} | {c.name for p in s.roles.values() for c in p.components}
    ids = ({*s.roles, *s.goals, *(g.metric for g in s.goals.values()), "higher_is_better", "lower_is_better",
            "True", "False"} - words)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "b", (ws.title, cell.coordinate)  # True/False written as words
                if isinstance(cell.value, str):
                    assert cell.value not in ids, (ws.title, cell.coordinate, cell.value)
                    assert not re.search(r"\bvp_(sales|marketing)\b|_is_better", cell.value), (ws.title, cell.value)


def test_every_money_percent_and_count_column_has_its_number_format(integrated):
    _, _, book = integrated
    expected = {
        "Summary": {"VP of Sales target incentive": USD, "VP of Sales earned": USD, "VP of Sales % of target": PCT,
                    "VP of Marketing paid": USD, "VP of Marketing held back": USD, "VP of Marketing deferred": USD},
        "Annual by role": {"Base salary": USD, "Target incentive": USD, "Earned (SPIFFs apart)": USD,
                           "% of target": PCT, "SPIFFs": USD, "Paid": USD, "Held back": USD, "Deferred": USD,
                           "Draw owed": USD},
        "Components": {"2023": USD, "2024": USD, "2025": USD},
        "Per period": {"VP of Sales earned": USD, "VP of Marketing paid": USD},
        "Detail": {"Attainment": PCT, "Payout %": PCT, "Earned": USD, "Paid": USD, "Balance": USD},
        "Plans": {"Base salary": USD, "Target incentive": USD, "On-target commission": USD, "Holdback": PCT,
                  "Claw-back": PCT, "Installments": "#,##0", "Plan cap (% of target)": PCT},
        "Plan components": {"Weight": PCT, "Pay at target": USD},
    }
    for sheet, columns in expected.items():
        formats = _column_formats(book, sheet)
        for header, fmt in columns.items():
            assert formats[header] == {fmt}, (sheet, header, formats[header])
    # a plan year is a year, not a count: no thousands separator
    for sheet in ("Summary", "Annual by role", "Per period", "Detail"):
        assert _column_formats(book, sheet)["Plan year"] == {"General"}


def test_detail_actual_and_target_are_in_their_metric_unit(integrated):
    _, stmt, book = integrated
    headers, rows, formats = _sheet(book, "Detail")
    assert headers[:10] == ["Plan year", "Year status", "Period", "Plan version", "Role", "Line", "Component or item",
                            "Metric", "Goal", "Shared goal"]
    by_metric = {}
    for r, f in zip(rows, formats):
        if r["Line"] == "component":
            by_metric.setdefault(r["Metric"], (r, f))
    revenue, fmt = by_metric[METRICS["revenue"].label]
    assert fmt["Actual"] == fmt["Target"] == USD and revenue["Goal"] == "Company revenue"
    assert revenue["Role"] == "VP of Sales" and revenue["Shared goal"] == "shared"
    assert by_metric[METRICS["sla_follow_up_rate"].label][1]["Actual"] == "0.0%"  # a fraction: 0.84 -> 84.0%
    assert by_metric[METRICS["objective"].label][1]["Actual"] == PCT  # a score, already in percent
    payments = [r for r in rows if r["Line"] == "payment"]
    assert payments and all(r["Goal"] == "" or r["Goal"] is None for r in payments)
    assert all(r["Shared goal"] in (None, "") for r in payments)  # no goal: neither shared nor own
    assert len(rows) == len(stmt)


def _spiffs_and_versions(currency: str = "EUR"):
    goals = {"rev": {"metric": "revenue", "label": "Revenue"}, "la": {"metric": "launches_delivered",
                                                                       "label": "Launches"}}
    plan = {"components": [{"name": "Revenue", "goal": "rev"}], "measurement_period": "quarterly"}
    v1 = make_plan({**plan, "title": "VP of Sales"})
    sc = make_scenario({"goals": goals, "currency": currency,
                        "spiffs": [{"name": "Joint launch Q3", "roles": ["vp", "vm"], "start": "2024-07",
                                    "end": "2024-09", "amount": 5000, "goal": "la", "min_actual": 1}],
                        "earlier_plans": {"vp": [v1]},
                        "roles": {"vp": {**plan, "title": "VP of Sales", "target_incentive": 240_000,
                                         "effective_from": "2024-07"},
                                  "vm": {**plan, "title": "VP of Marketing"}}})
    cols = {"revenue": 100_000, "launches_delivered": [0] * 7 + [1] + [0] * 4}
    return run_case(sc, perf(months(12), cols, {"rev": 100_000, "la": 0.1}))


def test_spiffs_and_plan_versions_are_labelled_and_formatted():
    result, stmt = _spiffs_and_versions("EUR")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result, stmt)))
    eur = '"€"#,##0.00'
    assert money_number_format("EUR") == eur
    # Annual by role: 100% all year; VP of Sales 60,000 (H1, 120,000 a year) + 120,000 (H2, 240,000 a year)
    _, rows, formats = _sheet(book, "Annual by role")
    sales = next((r, f) for r, f in zip(rows, formats) if r["Role"] == "VP of Sales")
    assert sales[0]["Earned (SPIFFs apart)"] == 180_000 and sales[0]["SPIFFs"] == 5_000
    assert sales[0]["Paid"] == 185_000 and sales[1]["SPIFFs"] == sales[1]["Paid"] == eur
    headers, rows, formats = _sheet(book, "Summary")
    assert "VP of Marketing SPIFFs" in headers and rows[0]["VP of Marketing SPIFFs"] == 5_000
    assert formats[0]["VP of Marketing SPIFFs"] == eur
    # Detail: the SPIFF line in words, the version named, the launch count as a count
    _, rows, formats = _sheet(book, "Detail")
    spiffs = [(r, f) for r, f in zip(rows, formats) if r["Line"] == "SPIFF"]
    assert {r["Role"] for r, _ in spiffs} == {"VP of Sales", "VP of Marketing"}
    r, f = next((r, f) for r, f in spiffs if r["Role"] == "VP of Sales")
    assert r["Component or item"] == "Joint launch Q3" and r["Goal"] == "Launches" and r["Period"] == "2024-Q3"
    assert r["Plan version"] == "from 2024-07" and r["Earned"] == 5_000 and f["Earned"] == eur
    assert r["Actual"] == 1 and f["Actual"] == "#,##0"
    assert {r["Plan version"] for r in rows if r["Role"] == "VP of Marketing"} == {None}  # one version: blank
    # Plans: one row per version, named by its month
    _, rows, _ = _sheet(book, "Plans")
    assert [(r["Role"], r["Plan version"]) for r in rows] == [
        ("VP of Sales", "from the history's start"), ("VP of Sales", "current, from 2024-07"),
        ("VP of Marketing", "current")]
    assert [r["Target incentive"] for r in rows] == [120_000, 240_000, 120_000]


def test_a_currency_without_a_symbol_is_written_by_its_code():
    result, stmt = _spiffs_and_versions("CHF")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result, stmt)))
    assert _column_formats(book, "Annual by role")["Paid"] == {'#,##0.00 "CHF"'}


def test_a_fiscal_year_is_named_fy():
    sc = make_scenario({"goals": {"rev": "revenue"}, "fiscal_year_start": 7,
                        "roles": {"vp": {"title": "VP of Sales", "components": [{"name": "Revenue", "goal": "rev"}]}}})
    result, stmt = run_case(sc, perf(months(12, "2024-07"), {"revenue": 100_000}, {"rev": 100_000}))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result, stmt)))
    assert {r["Plan year"] for r in _sheet(book, "Annual by role")[1]} == {"FY2025"}
    assert "FY2025" in _sheet(book, "Components")[0]


# ---------------------------------------------------------------------------------------------
# CSV


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_money_has_two_decimals_and_labels_beside_the_ids(integrated):
    result, stmt, _ = integrated
    data = statement_csv(stmt, result.scenario)
    header = data.decode("utf-8-sig").split("\r\n")[0].split(",")
    assert header[:7] == ["year", "year_status", "period", "version", "role", "role_title", "line"]
    assert header[header.index("goal") + 1] == "goal_label"
    rows = _csv_rows(data)
    assert len(rows) == len(stmt)
    for r in rows:
        for col in ("earned", "paid", "balance"):
            assert re.fullmatch(r"-?\d+\.\d\d", r[col]), (col, r[col])  # "4500.00", never "4500.0"
    assert {(r["role"], r["role_title"]) for r in rows} == {("vp_sales", "VP of Sales"),
                                                            ("vp_marketing", "VP of Marketing")}
    labels = {(r["goal"], r["goal_label"]) for r in rows if r["goal"]}
    assert ("company_revenue", "Company revenue") in labels
    assert {g for g, _ in labels} <= set(result.scenario.goals)
    assert all(r["goal_label"] == "" for r in rows if not r["goal"])
    # cents read as cents, and the numbers are the statement's
    paid = pd.Series([float(r["paid"]) for r in rows])
    assert round(paid.sum(), 2) == round(stmt["paid"].sum(), 2)
    assert any(r["paid"].endswith("0") and "." in r["paid"] for r in rows)


def test_csv_spiff_and_version_lines_and_negative_money_stay_numbers():
    result, stmt = _spiffs_and_versions()
    rows = _csv_rows(statement_csv(stmt, result.scenario))
    spiff = next(r for r in rows if r["line"] == "spiff" and r["role"] == "vp")
    assert spiff["paid"] == "5000.00" and spiff["goal"] == "la" and spiff["goal_label"] == "Launches"
    assert spiff["version"] == "2024-07" and spiff["role_title"] == "VP of Sales"
    _, _, holdback_result = run(preset_paths()["integrated"])  # holdback lines are negative
    hrows = _csv_rows(statement_csv(statement(holdback_result), holdback_result.scenario))
    negative = [r["paid"] for r in hrows if r["paid"].startswith("-")]
    assert negative and all(re.fullmatch(r"-\d+\.\d\d", v) for v in negative)  # not "'-7605.02"


def test_csv_without_the_scenario_repeats_the_ids():
    _, stmt = _spiffs_and_versions()
    rows = _csv_rows(statement_csv(stmt))
    assert all(r["role_title"] == r["role"] for r in rows)
    assert all(r["goal_label"] == r["goal"] for r in rows)


def test_a_hostile_title_in_the_csv_label_columns_is_neutralised():
    d = load_scenario(preset_paths()["siloed"]).model_dump(mode="json")
    d["roles"]["vp_sales"]["title"] = "=cmd|' /C calc'!A0"
    goal = next(iter(d["goals"]))
    d["goals"][goal]["label"] = "@SUM(1)"
    scenario = scenario_from_dict(d)
    _, history, annual = sample_inputs("siloed")
    stmt = statement(replay(scenario, performance(scenario, history, annual)))
    rows = _csv_rows(statement_csv(stmt, scenario))
    assert {r["role_title"] for r in rows if r["role"] == "vp_sales"} == {"'=cmd|' /C calc'!A0"}
    assert {r["goal_label"] for r in rows if r["goal"] == goal} == {"'@SUM(1)"}


def test_payslip_csv_money_has_two_decimals(integrated):
    _, stmt, _ = integrated
    rows = list(csv.reader(io.StringIO(payslip_csv(payslip(stmt, "vp_sales", "2025-Q1", "VP of Sales"))
                                       .decode("utf-8-sig"), newline="")))
    amounts = [cell for r in rows[2:] for cell in r[2:] if cell]
    assert amounts and all(re.fullmatch(r"-?\d+\.\d\d", a) for a in amounts)
