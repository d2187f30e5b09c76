"""CRM imports for plan years that start after January (docs/money.md §12): the history starts at the
first plan-year start the exports cover fully, and the targets helper proposes plan-year targets."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from comp_models.cli.main import main as cli_main
from comp_models.data import preset_paths
from comp_models.data.crm import import_crm, plan_targets, seasonality
from comp_models.data.crm.coverage import Span, window
from comp_models.errors import InputError


def _span(first: str, last: str) -> Span:
    return Span("Opportunity.csv", "opportunities created", dt.date.fromisoformat(first), dt.date.fromisoformat(last))


# --- the window, by hand ---------------------------------------------------------------------


def test_the_window_moves_to_the_first_plan_year_start_the_exports_cover():
    # exports 2023-03-15 .. 2025-05-31: 2023-03 is partial; the first whole month is 2023-04
    spans = [_span("2023-03-15", "2025-05-31")]
    jan = window(spans, {}, trim=False)  # calendar plan years: the first January after 2023-03 is 2024-01
    assert (jan.first_month, jan.last_month) == ("2024-01", "2025-05")
    assert any("the history starts at 2024-01, the first January in the export, the first month of a plan "
               "year (fiscal_year_start = 1: January): 2023-03 to 2023-12 are not used" == n for n in jan.notes)
    jul = window(spans, {}, trim=False, fiscal_year_start=7)  # FY2024 starts 2023-07
    assert (jul.first_month, jul.last_month) == ("2023-07", "2025-05")
    assert ("the history starts at 2023-07, the first July in the export, the first month of a plan year "
            "(fiscal_year_start = 7: July): 2023-03 to 2023-06 are not used") in jul.notes
    apr = window(spans, {}, trim=True, fiscal_year_start=4)  # trimmed, 2023-04 is the first month and a start
    assert apr.first_month == "2023-04" and not any("not used" in n for n in apr.notes)


def test_an_export_holding_no_plan_year_start_is_refused_naming_the_month():
    with pytest.raises(InputError) as info:
        window([_span("2023-08-01", "2024-05-31")], {}, trim=False, fiscal_year_start=7)
    (issue,) = info.value.issues
    assert issue.problem == "the exports cover 2023-08 to 2024-05, which holds no month from a July on"
    assert "export at least from a July, the first month of a plan year (fiscal_year_start = 7: July)" in issue.fix
    assert "--fiscal-year-start" in issue.fix


# --- the importer and the command --------------------------------------------------------------


def test_an_export_with_fiscal_year_start_7_starts_its_history_in_a_july(exports):
    files = exports["generic"]  # 24 months from 2023-01
    r = import_crm(files["opportunities"], files["leads"], fiscal_year_start=7)
    assert r.report["history"]["first_month"] == "2023-07"
    assert r.history["month"].iloc[0] == "2023-07"
    assert any("the first July in the export" in n and "fiscal_year_start = 7: July" in n
               for n in r.report["coverage"]["notes"])
    assert r.report["rows"][0]["dropped"]["created before the history's first month"] > 0
    # the default keeps calendar plan years: the history starts at the export's January
    assert import_crm(files["opportunities"], files["leads"]).report["history"]["first_month"] == "2023-01"


def test_the_helper_proposes_plan_year_targets_on_a_fiscal_import(exports):
    files = exports["generic"]
    r = import_crm(files["opportunities"], files["leads"], fiscal_year_start=7, growth_pct=10)
    h = r.history.set_index("month")["bookings"]
    fy2024 = h.loc["2023-07":"2024-06"].sum()  # the one full plan year of 2023-07..2024-12
    assert r.targets.targets[("bookings", 2025)] == pytest.approx(round(fy2024 * 1.10, 2))
    assert r.targets.basis[("bookings", 2025)] == "FY2024 actual x (1 + 10%)"
    assert ("bookings", 2024) not in r.targets.targets


def test_import_refuses_a_scenario_with_other_plan_years(exports):
    files = exports["generic"]
    with pytest.raises(InputError) as info:
        import_crm(files["opportunities"], files["leads"], fiscal_year_start=7, scenario=preset_paths()["siloed"])
    (issue,) = info.value.issues
    assert issue.where == "fiscal_year_start" and "--fiscal-year-start 1" in issue.fix


def test_import_refuses_a_month_that_is_not_one(exports):
    with pytest.raises(InputError, match="is not a month number"):
        import_crm(exports["generic"]["opportunities"], fiscal_year_start=13)


def test_the_command_takes_fiscal_year_start(exports, tmp_path, capsys):
    out = tmp_path / "history.csv"
    code = cli_main(["import-crm", "--opportunities", str(exports["generic"]["opportunities"]), "--leads",
                     str(exports["generic"]["leads"]), "--fiscal-year-start", "7", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "the first July in the export" in printed
    assert pd.read_csv(out, dtype={"month": str})["month"].iloc[0] == "2023-07"
    with pytest.raises(SystemExit):
        cli_main(["import-crm", "--opportunities", "x.csv", "--fiscal-year-start", "0", "--out", str(out)])


# --- the targets helper, by hand ---------------------------------------------------------------


def _fiscal_frame():
    """FY2024 (2023-07..2024-06): bookings 100 a month and 200 in December (1,300); FY2025 2024-07..12:
    150 a month (a partial plan year). sqls 10, won 4."""
    months = [str(p) for p in pd.period_range("2023-07", "2024-12", freq="M")]
    bookings = [100.0] * 5 + [200.0] + [100.0] * 6 + [150.0] * 6
    return pd.DataFrame({"month": months, "bookings": bookings, "sqls": 10.0, "won_deals": 4.0})


def test_plan_year_targets_are_the_prior_plan_year_times_growth():
    plan = plan_targets(_fiscal_frame(), ["bookings", "win_rate"], growth_pct=10, fiscal_year_start=7)
    assert plan.targets[("bookings", 2025)] == 1430.0  # FY2024's 1,300 x 1.10
    assert plan.basis[("bookings", 2025)] == "FY2024 actual x (1 + 10%)"
    assert plan.targets[("win_rate", 2025)] == 0.4  # 48 won / 120 SQLs in FY2024
    assert any(m.startswith("bookings FY2024: no full prior year") for m in plan.missing)
    # as calendar years the same months hold 2023 (6 months) and 2024 (12): neither has a full prior year
    cal = plan_targets(_fiscal_frame(), ["bookings"], growth_pct=10)
    assert cal.targets == {} and any(m.startswith("bookings 2024: no full prior year") for m in cal.missing)


def test_seasonality_of_a_fiscal_history_is_written_january_first():
    profile, how = seasonality(_fiscal_frame(), "bookings", fiscal_year_start=7)
    # the full plan year FY2024: December 200 / 1,300 = 0.1538 (takes the rounding rest), the others 0.0769
    assert profile == [0.0769] * 11 + [0.1541]
    assert how == "the history's own months (FY2024)"
