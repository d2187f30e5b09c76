"""The command line with plan years from July (docs/money.md §12): `validate` accepts a history that starts
inside a plan year and says its first plan year is partial; `run` labels plan years FY2025 and says which
are partial or open; `align` compares plan-year quarters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from comp_models import load_scenario, preset_paths, scenario_from_dict, scenario_to_toml
from comp_models.data import SAMPLE_HISTORY, SAMPLE_TARGETS

ROOT = Path(__file__).resolve().parents[2]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "comp_models", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def fiscal_files(tmp_path_factory):
    """Siloed with plan years from July; the sample history's first 33 rows as 2022-10..2025-06 (FY2023
    from its fourth month, FY2024 and FY2025 whole); the sample targets as plan-year targets."""
    d = tmp_path_factory.mktemp("fiscal")
    data = load_scenario(preset_paths()["siloed"]).model_dump(mode="json")
    scenario = scenario_from_dict({**data, "fiscal_year_start": 7, "name": "Siloed, July plan years"})
    (d / "fy.toml").write_text(scenario_to_toml(scenario), encoding="utf-8")
    frame = pd.read_csv(SAMPLE_HISTORY, dtype={"month": str}).iloc[:33]
    frame["month"] = [str(p) for p in pd.period_range("2022-10", periods=33, freq="M")]
    frame.to_csv(d / "history.csv", index=False)
    (d / "targets.csv").write_bytes(SAMPLE_TARGETS.read_bytes())
    return d


def test_validate_says_the_first_plan_year_is_partial(fiscal_files):
    d = fiscal_files
    out = cli("validate", str(d / "history.csv"), "--scenario", str(d / "fy.toml"), "--targets", str(d / "targets.csv"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("OK: history 2022-10 to 2025-06, 33 months, has the ")
    assert ("note: the history starts in 2022-10, after the first month of plan year FY2023 (2022-07; plan years "
            "from July (fiscal_year_start = 7)): the first plan year is partial, measured on the months the history "
            "has, with no annual true-up") in lines
    assert not any("open" in line for line in lines)  # 2025-06 closes FY2025


def test_validate_without_a_scenario_reads_plan_years_from_january(fiscal_files):
    out = cli("validate", str(fiscal_files / "history.csv"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "OK: history 2022-10 to 2025-06, 33 months, 18 columns"
    assert lines[1].startswith("note: the history starts in 2022-10, after the first month of plan year 2022")
    assert lines[1].endswith("with fiscal_year_start = 10 the history starts with a whole plan year")
    assert lines[2] == ("note: the history ends in 2025-06, before the last month of plan year 2025 (2025-12): "
                        "that plan year is open (not trued up or settled)")


def test_run_labels_plan_years_and_says_which_is_partial(fiscal_files):
    d = fiscal_files
    out = cli("run", str(d / "fy.toml"), "--history", str(d / "history.csv"), "--targets", str(d / "targets.csv"))
    assert out.returncode == 0, out.stderr
    table = out.stdout.split("Annual payouts, side by side", 1)[1].split("\n\n", 1)[0].splitlines()
    rows = {line.split()[0]: line for line in table[1:] if line.startswith("FY")}
    assert list(rows) == ["FY2023", "FY2024", "FY2025"]
    assert "PARTIAL (no true-up)" in rows["FY2023"] and "closed" in rows["FY2025"]
    assert "FY2023: the history starts after the plan year's first month, so the year is partial" in out.stdout
    assert "before December" not in out.stdout


def test_align_compares_plan_year_quarters(fiscal_files):
    d = fiscal_files
    out = cli("align", str(d / "fy.toml"), "--history", str(d / "history.csv"), "--targets", str(d / "targets.csv"),
              "--simulations", "50")
    assert out.returncode == 0, out.stderr
    assert "FY2023-Q2" in out.stdout and "FY2025-Q4" in out.stdout  # 2022-10..12 is FY2023's second quarter
    assert "plan-year quarters" in out.stdout and "calendar quarters" not in out.stdout
