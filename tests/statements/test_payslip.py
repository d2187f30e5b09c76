"""The payslip: one period and the year to date, in exact cents, agreeing with the annual summary."""

from __future__ import annotations

import pytest

from comp_models import annual_summary, preset_paths, run, statement
from comp_models.reports.workbook import payslip_csv
from comp_models.statements.payslip import payslip, payslip_periods


@pytest.fixture(scope="module")
def integrated():
    _, _, result = run(preset_paths()["integrated"])
    return result, statement(result)


def test_a_quarter_with_a_holdback(integrated):
    _, stmt = integrated
    slip = payslip(stmt, "vp_marketing", "2025-Q3", "VP of Marketing")
    t = slip.totals
    # 10% of the year's earned to date is held back: paid = earned - the period's holdback change
    assert slip.balances["held"] == pytest.approx(round(0.10 * t["ytd"]["earned"], 2), abs=0.01)
    hold = slip.lines.set_index("item").loc["holdback"]
    assert t["period"]["paid"] == pytest.approx(t["period"]["earned"] + hold["period"], abs=0.005)
    assert t["ytd"]["paid"] == pytest.approx(t["ytd"]["earned"] + hold["ytd"], abs=0.005)
    assert list(slip.lines["section"].unique()) == ["Earned", "Payments"]


def test_the_year_end_agrees_with_the_annual_summary(integrated):
    result, stmt = integrated
    summary = annual_summary(result, stmt).set_index(["role", "year"])
    for role in result.roles:
        last = [p for p in payslip_periods(stmt, role) if p.startswith("2025")][-1]
        slip = payslip(stmt, role, last)
        assert slip.totals["ytd"]["earned"] == pytest.approx(summary.loc[(role, 2025), "earned"], abs=0.005)
        assert slip.totals["ytd"]["paid"] == pytest.approx(summary.loc[(role, 2025), "paid"], abs=0.005)
        assert slip.balances["held"] == pytest.approx(summary.loc[(role, 2025), "held"], abs=0.005)
        assert any(slip.lines["item"].str.endswith("(true-up)"))  # the annual true-up in December


def test_the_csv_has_lines_totals_and_balances(integrated):
    _, stmt = integrated
    text = payslip_csv(payslip(stmt, "vp_sales", "2025-Q1", "VP of Sales")).decode("utf-8-sig")
    assert text.startswith("section,item,this period,year to date\r\nStatement,VP of Sales · 2025-Q1")
    assert "Total,Paid," in text and "Balance at period end,Held back," in text


def test_an_unknown_period_is_refused(integrated):
    with pytest.raises(KeyError):
        payslip(integrated[1], "vp_sales", "1999-Q1")
