"""The output: an ordinary history (+ targets) that validate and run accept, with every figure's provenance."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

import comp_models
from comp_models.data import parse_history
from comp_models.data.crm import import_crm, write_outputs
from comp_models.data.sample import preset_paths
from comp_models.errors import InputError
from tests.data.crm.conftest import ROOT, write

SILOED = preset_paths()["siloed"]


def _import_siloed(exports, tmp_path, shape="salesforce"):
    r = import_crm(exports[shape]["opportunities"], exports[shape]["leads"], scenario=SILOED,
                   assumptions=["marketing_spend=80000"], growth_pct=10.0, hindsight=True)
    return r, write_outputs(r, tmp_path / "history.csv")


@pytest.mark.parametrize("shape", ["salesforce", "hubspot", "generic"])
def test_output_validates_and_replays_with_a_preset(exports, tmp_path, shape):
    r, written = _import_siloed(exports, tmp_path, shape)
    h = parse_history(written["history"].read_bytes(), "history.csv",
                      required=[c for c in r.history.columns if c != "month"])
    assert h.months[0] == "2023-01" and h.months[-1] == "2024-12"
    _, history, result = comp_models.run(SILOED, written["history"], written["targets"])
    assert set(result.roles) == {"vp_sales", "vp_marketing"} and history.months == h.months
    out = subprocess.run([sys.executable, "-m", "comp_models", "validate", str(written["history"]), "--scenario",
                          str(SILOED), "--targets", str(written["targets"])], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("OK: history 2023-01 to 2024-12")


def test_funnel_subsets_hold_by_construction(exports):
    for shape in ("salesforce", "hubspot", "generic"):
        h = import_crm(exports[shape]["opportunities"], exports[shape]["leads"]).history
        for small, large in (("sqls", "sals"), ("sals", "mqls"), ("mqls", "inquiries"),
                             ("marketing_sourced_pipeline", "pipeline_created")):
            if small in h and large in h:
                assert (h[small] <= h[large]).all(), (shape, small, large)


def test_assumptions_are_carried_into_the_report(exports, tmp_path):
    r, written = _import_siloed(exports, tmp_path)
    report = json.loads(written["report"].read_text())
    assert report["columns"]["marketing_spend"] == "assumed: marketing_spend = 80,000.00 in every month"
    assert report["assumptions"] == [{"column": "marketing_spend", "value": 80000.0, "of": None,
                                      "stated": "marketing_spend = 80,000.00 in every month"}]
    goals = {g["goal"]: g["status"] for g in report["goals"]}
    assert goals == {"bookings": "computed from data", "mqls": "computed from data", "marketing_budget": "assumed"}
    assert report["presets_covered"] == ["siloed"]
    assert report["files"][0]["sha256"] and len(report["files"][0]["sha256"]) == 64
    assert r.assumed == ["marketing_spend"]
    assert any("hindsight" in w for w in report["warnings"])


def test_a_share_assumption_and_a_monthly_file(exports, tmp_path):
    months = [str(p) for p in pd.period_range("2023-01", "2025-01", freq="M")]  # the opportunities' months
    spend = tmp_path / "spend.csv"
    pd.DataFrame({"month": months, "revenue": [1_000_000] * 25}).to_csv(spend, index=False)
    r = import_crm(exports["salesforce"]["opportunities"], monthly_file=spend, assumptions=["gross_profit=75%:revenue"])
    assert r.history["gross_profit"].eq(750_000).all()
    assert r.provenance["revenue"] == f"monthly file: {spend}"
    assert r.provenance["gross_profit"].startswith("assumed: gross_profit = 75% of revenue")
    pd.DataFrame({"month": months[:-2], "revenue": [1] * 23}).to_csv(spend, index=False)
    with pytest.raises(InputError, match="has no row for 2 month"):
        import_crm(exports["salesforce"]["opportunities"], monthly_file=spend)


def test_a_scenario_goal_the_data_cannot_give_is_refused_with_the_fix(exports):
    with pytest.raises(InputError) as e:
        import_crm(exports["salesforce"]["opportunities"], exports["salesforce"]["leads"], scenario=SILOED,
                   hindsight=True)
    (issue,) = e.value.issues
    assert issue.where == "goals.marketing_budget" and "needs marketing_spend" in issue.problem
    assert "--spend FILE" in issue.fix and "--assume marketing_spend=VALUE" in issue.fix


def test_missing_targets_are_refused_at_import_for_a_scenario(exports):
    with pytest.raises(InputError, match="targets helper"):
        import_crm(exports["salesforce"]["opportunities"], exports["salesforce"]["leads"], scenario=SILOED,
                   assumptions=["marketing_spend=80000"])


def test_xlsx_and_parquet_give_the_same_history_as_csv(exports, tmp_path):
    csv = exports["hubspot"]["opportunities"]
    base = import_crm(csv).history
    xlsx = tmp_path / "deals.xlsx"
    pd.read_csv(csv, dtype=str, keep_default_na=False).to_excel(xlsx, index=False)
    pq = tmp_path / "deals.parquet"
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{csv}', all_varchar=true)) TO '{pq}' (FORMAT parquet)")
    pd.testing.assert_frame_equal(import_crm(xlsx).history, base)
    pd.testing.assert_frame_equal(import_crm(pq).history, base)


def test_utc_timestamps_take_the_month_in_the_company_time_zone(tmp_path):
    text = ("Id,CreatedDate,CloseDate,StageName,Amount\n"
            "a,2024-01-10T12:00:00.000Z,2024-01-20,Closed Won,100\n"
            "b,2024-02-01T03:00:00.000Z,2024-02-20,Closed Won,50\n"
            "c,2024-02-10T12:00:00+02:00,2024-02-25,Closed Won,10\n")
    path = write(tmp_path / "Opportunity.csv", text)
    assert import_crm(path).history["pipeline_created"].tolist() == [100.0, 60.0]
    ny = import_crm(path, timezone="America/New_York")  # 03:00 UTC on 1 Feb is 22:00 on 31 Jan in New York
    assert ny.history["pipeline_created"].tolist() == [150.0, 10.0]
    assert ny.report["timezone"] == "America/New_York"


def test_coverage_starts_at_a_january_and_trim_drops_the_drought(exports):
    r = import_crm(exports["generic"]["opportunities"], exports["generic"]["leads"])
    cov = r.report["coverage"]
    assert cov["first_month"] == "2023-01" and cov["drought_months"] == ["2024-11", "2024-12"]
    t = import_crm(exports["generic"]["opportunities"], exports["generic"]["leads"], trim=True)
    assert t.report["coverage"]["last_month"] == "2024-10" and t.report["coverage"]["trimmed_months"] == [
        "2024-11", "2024-12"]
    dropped = t.report["rows"][0]["dropped"]
    assert dropped["created after the history's last month"] > 0


def test_a_start_after_january_moves_to_the_next_january(tmp_path, exports):
    df = pd.read_csv(exports["salesforce"]["opportunities"], dtype=str, keep_default_na=False)
    df = df[df["CreatedDate"] >= "2023-03-15"]
    path = tmp_path / "Opportunity.csv"
    df.to_csv(path, index=False)
    r = import_crm(path)
    assert r.report["history"]["first_month"] == "2024-01"
    assert any("first January" in n for n in r.report["coverage"]["notes"])
    assert "2023-03" in r.report["coverage"]["partial_months"]
    assert r.report["rows"][0]["dropped"]["created before the history's first month"] > 0
