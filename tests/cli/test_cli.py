"""Command line: run prints both VPs side by side; exports; validate; errors without tracebacks."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from comp_models import annual_summary, run, statement

ROOT = Path(__file__).resolve().parents[2]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "comp_models", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("preset", ["siloed", "shared_revenue", "integrated", "marketing_serves_sales"])
def test_run_prints_both_vps_per_year_with_components(preset):
    out = cli("run", f"scenarios/{preset}.toml")
    assert out.returncode == 0, out.stderr
    scenario, _, result = run(ROOT / "scenarios" / f"{preset}.toml")
    summary = annual_summary(result, statement(result))
    for plan in scenario.roles.values():
        assert f"{plan.title} earned" in out.stdout
        assert f"{plan.title}: components earned by year" in out.stdout
        for c in plan.components:
            assert c.name in out.stdout
    for row in summary.itertuples():  # every role-year figure printed is the library's
        assert f"{row.earned:,.2f}" in out.stdout
        assert f"{row.pct_of_target:.1f}%" in out.stdout


def test_run_exports_csv_with_required_columns_equal_to_library(tmp_path):
    out = cli("run", "scenarios/integrated.toml", "--out", str(tmp_path / "x.csv"))
    assert out.returncode == 0, out.stderr
    df = pd.read_csv(tmp_path / "x.csv", encoding="utf-8-sig")
    for col in ["period", "role", "component", "metric", "actual", "target", "attainment", "payout_pct", "earned",
                "paid"]:
        assert col in df.columns
    _, _, result = run(ROOT / "scenarios" / "integrated.toml")
    stmt = statement(result)
    assert len(df) == len(stmt)
    assert round(df["earned"].sum(), 2) == round(stmt["earned"].sum(), 2)
    assert (df["paid"].round(2).values == stmt["paid"].round(2).values).all()


def test_run_exports_workbook_with_all_sheets(tmp_path):
    out = cli("run", "scenarios/siloed.toml", "--out", str(tmp_path / "x.xlsx"))
    assert out.returncode == 0, out.stderr
    sheets = pd.read_excel(tmp_path / "x.xlsx", sheet_name=None)
    assert set(sheets) >= {"Summary", "Annual by role", "Components", "Per period", "Detail", "Plans",
                           "Plan components", "Assumptions"}
    assert sheets["Detail"]["Trace"].str.len().min() > 20
    assert len(sheets["Summary"]) == 3 and len(sheets["Annual by role"]) == 6  # 3 years; 2 VPs x 3 years


def test_run_with_explicit_history_and_targets(tmp_path):
    out = cli("run", "scenarios/shared_revenue.toml", "--history", "scenarios/data/history.csv",
              "--targets", "scenarios/data/targets.csv")
    assert out.returncode == 0, out.stderr


def test_history_without_targets_names_the_goal_and_year(tmp_path):
    hist = tmp_path / "h.csv"
    hist.write_text((ROOT / "scenarios/data/history.csv").read_text())
    out = cli("run", "scenarios/siloed.toml", "--history", str(hist))
    assert out.returncode == 2
    assert "goals.bookings" in out.stderr and "no target for metric bookings in 2023, 2024, 2025" in out.stderr
    assert "Traceback" not in out.stderr


def test_unknown_export_type_is_a_clear_error(tmp_path):
    out = cli("run", "scenarios/siloed.toml", "--out", str(tmp_path / "x.pdf"))
    assert out.returncode == 2 and "use .csv or .xlsx" in out.stderr and "Traceback" not in out.stderr


def test_missing_scenario_file():
    out = cli("run", "scenarios/nope.toml")
    assert out.returncode == 2 and "nope.toml" in out.stderr and "cannot be read" in out.stderr


@pytest.mark.parametrize("preset", ["integrated", "marketing_serves_sales"])
def test_quarterly_side_by_side_sums_to_the_annual_figures(preset):
    from comp_models.statements import quarterly_side_by_side
    _, _, result = run(ROOT / "scenarios" / f"{preset}.toml")
    stmt = statement(result)
    q = quarterly_side_by_side(stmt)
    summary = annual_summary(result, stmt)
    assert len(q) == 12
    for row in summary.itertuples():
        in_year = q[q.index.str.startswith(str(row.year))]
        assert round(in_year[f"{row.role} earned"].sum(), 2) == row.earned
        assert round(in_year[f"{row.role} paid"].sum(), 2) == row.paid
    out = cli("run", f"scenarios/{preset}.toml")
    assert "Per quarter, side by side" in out.stdout and "2024-Q3" in out.stdout


def test_validate_warns_when_a_stated_on_target_commission_is_far_from_its_table(tmp_path):
    scenario = tmp_path / "warn.toml"
    scenario.write_text("""schema_version = 2
name = "warn"
[goals.bookings]
metric = "bookings"
[roles.vp]
title = "VP"
base_salary = 100000
target_incentive = 0
[[roles.vp.components]]
kind = "commission"
name = "Commission"
goal = "bookings"
target_earnings = 300000
tier_basis = "attainment"
accumulate = "year"
tiers = [{ start = 0, rate = 1.5 }]
""", encoding="utf-8")
    out = cli("validate", str(scenario))
    assert out.returncode == 0, out.stderr
    # the sample's bookings targets: 1.5% of them at 100% is 260,550.00 (2023) and 393,150.00 (2025)
    assert "warning:" in out.stdout and "300,000.00" in out.stdout and "260,550.00" in out.stdout
    assert "393,150.00" in out.stdout
    quiet = cli("validate", "scenarios/siloed.toml")  # the preset leaves the figure to its table: no warning
    assert quiet.returncode == 0 and "warning" not in quiet.stdout


def test_validate_a_history_against_a_scenario_agrees_with_run(tmp_path):
    """validate HISTORY --scenario checks what the plan needs (as run does), not all 18 columns."""
    frame = pd.read_csv(ROOT / "scenarios/data/history.csv")
    from comp_models.engine import required_columns
    from comp_models.plans import load_scenario
    need = required_columns(load_scenario(ROOT / "scenarios/siloed.toml"))
    part = tmp_path / "part.csv"
    frame[["month", *need]].to_csv(part, index=False)
    plain = cli("validate", str(part))
    assert plain.returncode == 2 and "is missing" in plain.stderr  # without --scenario: every column, as before
    out = cli("validate", str(part), "--scenario", "scenarios/siloed.toml", "--targets", "scenarios/data/targets.csv")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"OK: history 2023-01 to 2025-12, 36 months, has the {len(need)} columns scenario "
                                 "'Siloed' needs")
    assert cli("run", "scenarios/siloed.toml", "--history", str(part), "--targets",
               "scenarios/data/targets.csv").returncode == 0
    short = tmp_path / "short.csv"
    frame[["month", *need[1:]]].to_csv(short, index=False)
    out = cli("validate", str(short), "--scenario", "scenarios/siloed.toml")
    assert out.returncode == 2 and f"column {need[0]}: is missing" in out.stderr
    # targets must resolve: no targets file beside it, and the preset's goals carry none
    out = cli("validate", str(part), "--scenario", "scenarios/siloed.toml")
    assert out.returncode == 2 and "no target for metric" in out.stderr and "Traceback" not in out.stderr


def test_a_tab_delimited_targets_file_is_validated_as_targets(tmp_path):
    path = tmp_path / "targets.tsv.csv"
    path.write_text((ROOT / "scenarios/data/targets.csv").read_text().replace(",", "\t"), encoding="utf-8")
    out = cli("validate", str(path))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("OK: targets file, 72 targets")


def test_run_reads_the_chosen_sheets(tmp_path):
    from openpyxl import Workbook
    frame = pd.read_csv(ROOT / "scenarios/data/history.csv")
    targets = pd.read_csv(ROOT / "scenarios/data/targets.csv")
    wb = Workbook()
    wb.active.title = "Notes"
    wb.active.append(["prepared by finance"])
    for title, table in (("History", frame), ("Targets", targets)):
        ws = wb.create_sheet(title)
        ws.append(list(table.columns))
        for row in table.itertuples(index=False):
            ws.append(list(row))
    book = tmp_path / "book.xlsx"
    wb.save(book)
    out = cli("run", "scenarios/siloed.toml", "--history", str(book), "--targets", str(book))
    assert out.returncode == 2 and "--sheet" in out.stderr and "Traceback" not in out.stderr
    out = cli("run", "scenarios/siloed.toml", "--history", str(book), "--sheet", "History", "--targets", str(book),
              "--targets-sheet", "Targets")
    assert out.returncode == 0, out.stderr
    assert out.stdout == cli("run", "scenarios/siloed.toml").stdout


def test_validate_prints_plan_warnings(tmp_path):
    text = (ROOT / "scenarios/siloed.toml").read_text(encoding="utf-8")
    text = text.replace("true_up = \"none\"", "true_up = \"none\"\nplan_cap = 80", 1)
    text = text.replace('name = "Siloed"', 'name = "Siloed\\u202e"', 1)
    path = tmp_path / "warn.toml"
    path.write_text(text, encoding="utf-8")
    out = cli("validate", str(path))
    assert out.returncode == 0, out.stderr
    warnings = [line for line in out.stdout.splitlines() if line.startswith("warning: ")]
    assert any("plan_cap: a plan cap of 80% is below 100%" in w for w in warnings), out.stdout
    assert any(f"{path}: name: holds control or invisible characters (U+202E)" in w for w in warnings), out.stdout
