"""The alignment scorecard (comp_models.analysis.alignment, scorecard, scorecard_rows): known answers,
the siloed and integrated presets on the sample history, the rows' links and figures, undefined
cases, and the bench's timings."""

from __future__ import annotations

import copy
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from comp_models.engine import with_on_target_commission

from benchmarks.analysis import bench_alignment
from comp_models import History, load_scenario, preset_paths, replay, scenario_from_dict
from comp_models.analysis.alignment import alignment_scorecard
from comp_models.analysis.comovement import co_movement
from comp_models.analysis.conflicts import conflict_periods
from comp_models.analysis.gradients import incentive_gradients
from comp_models.analysis.pay_elasticity import pay_for_performance
from comp_models.analysis.sharing import shared_pay_share
from comp_models.analysis.stress.run import payout_series, stress_tests
from comp_models.engine import performance

from .cases import conflict_case, identical_plans, preset_dict

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "alignment.md"
MC_YEARS = 2000


@pytest.fixture(scope="module")
def cards(sample):
    history, annual = sample
    return {p: alignment_scorecard(load_scenario(preset_paths()[p]), history, annual, simulations=MC_YEARS, seed=7)
            for p in ("siloed", "integrated")}


# ---------------------------------------------------------------------------------------
# Known answers

def test_identical_plans_give_co_movement_one_and_conflict_zero(sample):
    history, annual = sample
    scenario = scenario_from_dict(identical_plans())
    card = alignment_scorecard(scenario, history, annual, simulations=500, seed=3)
    assert card.metric("co_movement_history").value == pytest.approx(1.0)
    assert card.metric("co_movement_simulated").value == pytest.approx(1.0)
    assert card.metric("conflict_rate_history").value == 0.0
    assert card.metric("conflict_rate_simulated").value == 0.0
    assert card.metric("joint_outcome_rate").value == 1.0
    assert card.metric("gradient_agreement").value == pytest.approx(1.0)
    assert card.metric("orphan_levers").value == 0
    assert card.metric("weight_overlap").value == pytest.approx(100.0)
    assert card.metric("shared_pay_share").per_vp == {"vp_sales": pytest.approx(100.0),
                                                      "vp_marketing": pytest.approx(100.0)}


def test_scorecard_on_a_short_history_says_why_it_is_not_simulated():
    scenario, history, annual = conflict_case()
    card = alignment_scorecard(scenario, history, annual, simulations=200)
    row = card.metric("co_movement_simulated")
    assert row.value is None and row.status == "info" and "complete plan year" in row.verdict
    assert card.metric("conflict_rate_history").value == 0.5
    assert "2024-Q1: VP Sales 120%" in card.metric("conflict_rate_history").how
    json.dumps(card.to_dict(), allow_nan=False)


# ---------------------------------------------------------------------------------------
# The presets on the sample history

def test_siloed_scores_worse_than_integrated(cards):
    s, i = cards["siloed"], cards["integrated"]
    # co-movement: history and simulated years
    assert s.metric("co_movement_history").value < 0 < i.metric("co_movement_history").value
    assert s.metric("co_movement_simulated").value < i.metric("co_movement_simulated").value
    # gradient agreement: disjoint levers (cos 0) against shared ones
    assert s.metric("gradient_agreement").value == pytest.approx(0.0, abs=1e-12)
    assert i.metric("gradient_agreement").value > 0.5
    assert s.gradients.cosine_funnel < i.gradients.cosine_funnel
    # conflict rate (default threshold 70%): siloed 2024-Q1 pays marketing 113% while sales gets 64%;
    # integrated has no such quarter. Simulated years: never better; stressed histories: worse
    assert s.metric("conflict_rate_history").value > i.metric("conflict_rate_history").value == 0.0
    assert "2024-Q1" in s.metric("conflict_rate_history").how
    assert s.metric("conflict_rate_simulated").value >= i.metric("conflict_rate_simulated").value
    assert s.metric("conflict_rate_stressed").value > i.metric("conflict_rate_stressed").value
    # stress flags
    assert s.metric("stress_flags").value > i.metric("stress_flags").value >= 0
    assert s.overall_status == "misaligned" and i.overall_status != "misaligned"


def test_siloed_gradients_name_the_orphans_and_mql_gaming(cards):
    g = cards["siloed"].gradients
    assert set(g.orphans) == {"MQL volume", "MQL→SQL conversion", "Win rate", "Deal size", "Discount",
                              "Marketing spend"}
    assert g.value_neutral == ["MQL volume"]
    t = g.table.set_index("lever")
    assert t.loc["mql_volume", "vp_marketing_change"] > 0 and t.loc["mql_volume", "revenue_change"] == 0
    # the integrated plans punish MQL inflation (conversion and SLA follow-up fall)
    ti = cards["integrated"].gradients.table.set_index("lever")
    assert ti.loc["mql_volume", "vp_marketing_change"] < 0 and ti.loc["mql_volume", "vp_sales_change"] < 0


def test_scorecard_rows_link_to_how_they_were_computed(cards):
    text = DOCS.read_text(encoding="utf-8")
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-")
               for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}
    for card in cards.values():
        names = [m.name for m in card.metrics]
        assert len(names) == len(set(names))
        for m in card.metrics:
            assert m.verdict and m.how and m.status in ("aligned", "mixed", "misaligned", "info"), m.name
            path, anchor = m.doc.split("#")
            assert path == "docs/alignment.md" and anchor in anchors, m.doc
            module, _, name = m.function.rpartition(".")
            assert hasattr(importlib.import_module(module), name), m.function
            if m.value is None and m.status != "info":
                assert m.per_vp and set(m.per_vp) == set(card.roles), m.name
        assert card.overall.startswith("The two plans")
        for m in card.metrics:  # the overall verdict names every judged measure
            if m.status != "info":
                assert m.label in card.overall


def test_scorecard_figures_are_the_pieces(sample, cards):
    history, annual = sample
    scenario = load_scenario(preset_paths()["siloed"])
    card = cards["siloed"]
    assert card.metric("co_movement_history").value == pytest.approx(co_movement(scenario, history, annual).history)
    assert card.metric("gradient_agreement").value == pytest.approx(
        incentive_gradients(scenario, history, annual).cosine, abs=1e-12)
    assert card.metric("conflict_rate_history").value == conflict_periods(scenario, history, annual).rate
    # shares of the plan year's (2025) target variable, on-target commission from the tier table when not stated
    assert card.metric("shared_pay_share").per_vp == shared_pay_share(with_on_target_commission(scenario, annual,
                                                                                                 2025)).share
    pfp = pay_for_performance(scenario, history, annual, simulations=MC_YEARS, seed=7)
    assert card.metric("pay_elasticity_to_revenue").per_vp == pytest.approx(pfp.elasticity_simulated)
    assert card.metric("cost_pct_of_revenue").value == pytest.approx(pfp.cost_pct_of_revenue_simulated)
    from comp_models.analysis.simulate.years import monte_carlo
    mc = monte_carlo(scenario, history, annual, n_years=MC_YEARS, seed=7)
    assert card.metric("co_movement_simulated").value == pytest.approx(mc.correlation())
    assert card.metric("conflict_rate_simulated").value == pytest.approx(mc.p_conflict())


def test_to_dict_is_json_with_every_metric_per_vp(cards):
    d = json.loads(json.dumps(cards["integrated"].to_dict(), allow_nan=False))
    assert set(d["metrics"]) >= {"shared_pay_share", "weight_overlap", "co_movement_history", "co_movement_simulated",
                                 "joint_outcome_rate", "conflict_rate_history", "conflict_rate_simulated",
                                 "conflict_rate_stressed", "gradient_agreement", "gradient_revenue_agreement",
                                 "orphan_levers", "harmful_levers", "pay_elasticity_to_revenue",
                                 "cost_pct_of_revenue", "stress_flags"}
    assert set(d["metrics"]["shared_pay_share"]["per_vp"]) == {"vp_sales", "vp_marketing"}
    assert len(d["gradients"]) == 12 and len(d["stress_tests"]) == 5 and len(d["periods"]) == 12


def test_seed_reproducible_and_no_simulation_allowed(sample):
    history, annual = sample
    scenario = load_scenario(preset_paths()["shared_revenue"])
    a = alignment_scorecard(scenario, history, annual, simulations=300, seed=11)
    b = alignment_scorecard(scenario, history, annual, simulations=300, seed=11)
    assert a.metric("co_movement_simulated").value == b.metric("co_movement_simulated").value
    none = alignment_scorecard(scenario, history, annual, simulations=0)
    assert none.metric("co_movement_simulated").value is None and none.simulations == 0
    assert none.metric("pay_elasticity_to_revenue").per_vp == pytest.approx(
        none.pay_for_performance.elasticity_history)


def test_library_does_not_import_streamlit():
    code = ("import sys; import comp_models, comp_models.analysis.alignment, comp_models.analysis.stress, "
            "comp_models.cli.align; print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
    for path in (ROOT / "comp_models").rglob("*.py"):
        assert "streamlit" not in path.read_text(encoding="utf-8"), path


# ---------------------------------------------------------------------------------------
# Speed: figures come from `python -m comp_models bench`, not from timed tests

def test_bench_alignment_reports_timings():
    out = bench_alignment(presets=("siloed",), simulations=500, repeats=2)
    p = out["presets"]["siloed"]
    assert 0 < p["best_ms"] <= p["median_ms"] <= p["max_ms"]
    assert set(p["parts_ms_of_median_run"]) == {"perturb_ms", "replay_ms", "monte_carlo_ms", "measures_ms",
                                                "total_ms"}
    assert out["meets_goal"] == (out["worst_median_ms"] < 400)


def test_a_vp_without_target_pay_makes_pairwise_measures_undefined_not_aligned(sample):
    history, annual = sample
    data = preset_dict("siloed")
    data["roles"]["vp_marketing"]["target_incentive_pct_of_base"] = 0
    card = alignment_scorecard(scenario_from_dict(data), history, annual, simulations=300)
    for name in ("co_movement_history", "conflict_rate_history", "conflict_rate_simulated", "gradient_agreement"):
        assert card.metric(name).status == "info", name
        assert np.isnan(card.metric(name).value), name
    json.dumps(card.to_dict(), allow_nan=False)


# ---------------------------------------------------------------------------------------
# Review fixes

def test_history_without_revenue_scores_revenue_rows_as_info(sample):
    history, annual = sample
    no_rev = History(history.frame.drop(columns=["revenue", "gross_profit"]), "<no revenue>")
    card = alignment_scorecard(load_scenario(preset_paths()["siloed"]), no_rev, annual, simulations=0)
    for name in ("gradient_revenue_agreement", "harmful_levers", "pay_elasticity_to_revenue",
                 "cost_pct_of_revenue", "stress_flags"):
        m = card.metric(name)
        assert m.status == "info", name
        assert "company revenue not in the history" in m.verdict, name
    assert card.metric("co_movement_history").value == pytest.approx(
        alignment_scorecard(load_scenario(preset_paths()["siloed"]), history, annual,
                            simulations=0).metric("co_movement_history").value)
    json.dumps(card.to_dict(), allow_nan=False)


@pytest.mark.parametrize("first", ["vp_sales", "vp_marketing"])
def test_an_undefined_vp_makes_pair_minimums_undefined_whatever_the_role_order(sample, first):
    history, annual = sample
    data = preset_dict("integrated")
    data["roles"]["vp_marketing"]["target_incentive_pct_of_base"] = 0
    data["roles"] = {r: data["roles"][r] for r in [first] + [r for r in data["roles"] if r != first]}
    scenario = scenario_from_dict(data)
    shared = shared_pay_share(scenario)
    assert np.isnan(shared.overlap) and np.isnan(shared.share["vp_marketing"])
    card = alignment_scorecard(scenario, history, annual, simulations=0)
    for name in ("shared_pay_share", "weight_overlap", "pay_elasticity_to_revenue", "gradient_revenue_agreement"):
        assert card.metric(name).status == "info", name
    assert "Both VPs" not in card.metric("pay_elasticity_to_revenue").verdict


def one_role() -> dict:
    data = preset_dict("siloed")
    data["roles"] = {"vp_sales": data["roles"]["vp_sales"]}
    return data


def test_fewer_than_two_roles_is_a_clear_input_error(sample, tmp_path):
    from comp_models import InputError, save_scenario
    history, annual = sample
    scenario = scenario_from_dict(one_role())
    with pytest.raises(InputError, match="compares two plans"):
        alignment_scorecard(scenario, history, annual, simulations=0)
    path = save_scenario(scenario, tmp_path / "one.toml")
    out = subprocess.run([sys.executable, "-m", "comp_models", "align", str(path), "--simulations", "0"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "compares two plans" in out.stderr and "Traceback" not in out.stderr


def three_roles() -> dict:
    """Siloed plus a third role (an annual copy of marketing's plan): alignment is about the first two."""
    data = preset_dict("siloed")
    data["roles"]["cmo_twin"] = {**copy.deepcopy(data["roles"]["vp_marketing"]), "title": "Twin",
                                 "measurement_period": "annual"}
    return data


def test_a_third_role_changes_nothing_about_the_pair(sample):
    history, annual = sample
    three, two = scenario_from_dict(three_roles()), load_scenario(preset_paths()["siloed"])
    # marketing's goals are paid by marketing and the twin, not by both VPs: not shared
    assert shared_pay_share(three).shared_goals == [] and set(shared_pay_share(three).share) == {"vp_sales",
                                                                                               "vp_marketing"}
    series = payout_series(replay(three, performance(three, history, annual)))
    assert series.basis == "quarter" and set(series.pct) == {"vp_sales", "vp_marketing"}
    a = alignment_scorecard(three, history, annual, simulations=300, seed=2)
    b = alignment_scorecard(two, history, annual, simulations=300, seed=2)
    assert a.roles == b.roles == {"vp_sales": "VP of Sales", "vp_marketing": "VP of Marketing"}
    for name in ("co_movement_history", "conflict_rate_history", "conflict_rate_simulated", "co_movement_simulated",
                 "gradient_agreement", "conflict_rate_stressed", "stress_flags", "orphan_levers"):
        assert a.metric(name).value == pytest.approx(b.metric(name).value, nan_ok=True), name
    assert not a.stress["cmo_twin_flag"].any()


def test_unknown_stress_strength_is_refused_by_the_scorecard(sample):
    from comp_models import InputError
    history, annual = sample
    with pytest.raises(InputError, match="lead_qualty_drop") as exc:
        alignment_scorecard(load_scenario(preset_paths()["siloed"]), history, annual, simulations=0,
                            stress_strengths={"lead_qualty_drop": 0.2})
    assert "lead_quality_drop" in str(exc.value)


def test_texts_name_the_strengths_method_and_seed_used(sample):
    from comp_models.analysis.simulate.years import monte_carlo
    history, annual = sample
    scenario = load_scenario(preset_paths()["siloed"])
    mc = monte_carlo(scenario, history, annual, n_years=300, seed=3, method="parametric")
    card = alignment_scorecard(scenario, history, annual, simulations=300, seed=7, mc=mc,
                               stress_strengths={"lead_quality_drop": 0.1})
    how = card.metric("conflict_rate_stressed").how
    assert "default strengths" not in how and "Lead-quality drop 0.1" in how
    assert "parametric" in card.metric("co_movement_simulated").how
    assert "bootstrap" not in card.metric("co_movement_simulated").how
    assert card.seed == 3 and card.simulation_method == "parametric" and card.to_dict()["seed"] == 3


def test_harmful_levers_value_counts_what_its_status_judges(cards):
    for card in cards.values():
        m, g = card.metric("harmful_levers"), card.gradients
        assert m.value == len(g.harmful) + len(g.value_neutral)
        assert (m.value == 0) == (m.status == "aligned")
        assert "value-neutral" in m.label


@pytest.mark.parametrize("preset", sorted(preset_paths()))
def test_scorecard_tables_are_the_standalone_measures_tables(sample, preset):
    """The scorecard reads its measures' rows as plain values, builds their frames only when asked, and
    measures the conflict drivers and period revenue on row 0 of its stacked replay: every frame is the
    one each measure's own function gives (on a replay of the history alone), cell for cell."""
    history, annual = sample
    scenario = load_scenario(preset_paths()[preset])
    card = alignment_scorecard(scenario, history, annual, simulations=0)
    con = conflict_periods(scenario, history, annual)
    pd.testing.assert_frame_equal(card.conflicts.table, con.table)
    pd.testing.assert_frame_equal(card.conflicts.periods, con.periods)
    assert card.conflicts.conflict_causes() == list(zip(con.periods["period"], con.periods["cause"]))
    pd.testing.assert_frame_equal(card.co_movement.table, co_movement(scenario, history, annual).table)
    assert card.co_movement.revenue_correlation == co_movement(scenario, history, annual).revenue_correlation
    pd.testing.assert_frame_equal(card.gradients.table, incentive_gradients(scenario, history, annual).table)
    pd.testing.assert_frame_equal(card.stress, stress_tests(scenario, history, annual))
    pd.testing.assert_frame_equal(card.shared.table, shared_pay_share(
        with_on_target_commission(scenario.as_designed(), annual, 2025)).table)
    # the JSON export's stress rows are those of the standalone stress table, NaN as null
    expected = [{k: None if isinstance(v, float) and np.isnan(v) else v.item() if isinstance(v, np.generic) else v
                 for k, v in row.items()} for row in stress_tests(scenario, history, annual).to_dict(orient="records")]
    assert card.to_dict()["stress_tests"] == expected
