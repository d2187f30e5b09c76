"""Alignment measures: known answers (identical plans, an opposite pair, hand-worked cases), the
siloed and integrated presets on the sample history, the scorecard's links and its speed."""

from __future__ import annotations

import copy
import json
import importlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from comp_models import (SAMPLE_HISTORY, SAMPLE_TARGETS, History, load_history, load_scenario, load_targets,
                         preset_paths, replay, scenario_from_dict, statement)
from benchmarks.analysis import bench_alignment
from comp_models.analysis.alignment import (alignment_scorecard, co_movement, conflict_periods, cosine,
                                   gradient_levers, incentive_gradients, pay_for_performance, payout_series,
                                   shared_pay_share)
from comp_models.engine import Performance
from comp_models.engine import performance
from comp_models.statements import quarterly_side_by_side
from comp_models.analysis.stress import FUNNEL_LEVERS, LEVERS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "alignment.md"
LINEAR = [[0, 0], [300, 300]]
MC_YEARS = 2000


@pytest.fixture(scope="module")
def cards(sample):
    history, annual = sample
    return {p: alignment_scorecard(load_scenario(preset_paths()[p]), history, annual, simulations=MC_YEARS, seed=7)
            for p in ("siloed", "integrated")}


def preset_dict(name: str) -> dict:
    return load_scenario(preset_paths()[name]).model_dump(mode="json")


def identical_plans(name: str = "integrated", role: str = "vp_sales") -> dict:
    """A scenario whose two roles have the same plan (the preset's `role` plan, twice)."""
    data = preset_dict(name)
    plan = data["roles"][role]
    data["roles"] = {"vp_sales": copy.deepcopy(plan), "vp_marketing": {**copy.deepcopy(plan), "title": "Twin"}}
    data["name"] = "identical"
    return data


def small_history(rows: dict[str, list[float]], start_year: int = 2024) -> History:
    n = len(next(iter(rows.values())))
    months = [f"{start_year + i // 12}-{i % 12 + 1:02d}" for i in range(n)]
    return History(pd.DataFrame({"month": months, **{c: np.asarray(v, dtype=float) for c, v in rows.items()}}),
                   "<test>")


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


def test_identical_commission_plans_too(sample):
    history, annual = sample
    scenario = scenario_from_dict(identical_plans("siloed", "vp_sales"))
    com = co_movement(scenario, history, annual)
    con = conflict_periods(scenario, history, annual)
    assert com.history == pytest.approx(1.0)
    assert con.rate == 0.0 and con.periods.empty


def opposite_pair() -> dict:
    """VP A paid more the higher bookings are; VP B paid more the lower they are."""
    return {
        "name": "opposite",
        "goals": {"bookings": {"metric": "bookings"},
                  "low_bookings": {"metric": "bookings", "direction": "lower_is_better"}},
        "roles": {
            "a": {"title": "A", "base_salary": 100000, "target_incentive": 100000, "measurement_period": "quarterly",
                  "true_up": "none", "components": [{"kind": "bonus", "name": "More", "goal": "bookings",
                                                      "weight": 100, "curve": LINEAR}]},
            "b": {"title": "B", "base_salary": 100000, "target_incentive": 100000, "measurement_period": "quarterly",
                  "true_up": "none", "components": [{"kind": "bonus", "name": "Less", "goal": "low_bookings",
                                                      "weight": 100, "curve": LINEAR}]},
        },
    }


def test_opposite_pair_gives_negative_gradient_agreement(sample):
    history, annual = sample
    g = incentive_gradients(scenario_from_dict(opposite_pair()), history, annual)
    # every lever that moves bookings raises A's pay and lowers B's by the same attainment points
    assert g.cosine < 0
    assert g.cosine == pytest.approx(-1.0)
    assert {"Win rate", "Deal size", "MQL→SQL conversion", "Discount"} <= set(g.sign_conflicts)
    t = g.table.set_index("lever")
    assert t.loc["deal_size", "a_change"] > 0 > t.loc["deal_size", "b_change"]


def test_cosine_by_hand():
    assert cosine([1, 0], [0, 1]) == 0
    assert cosine([1, 2], [2, 4]) == pytest.approx(1)
    assert cosine([1, 2], [-1, -2]) == pytest.approx(-1)
    assert cosine([3, 4], [4, 3]) == pytest.approx(24 / 25)
    assert np.isnan(cosine([0, 0], [1, 2]))


def test_linear_revenue_plan_has_unit_elasticity_to_the_revenue_lever(sample):
    history, annual = sample
    data = {"name": "rev", "goals": {"rev": {"metric": "revenue"}, "mql": {"metric": "mqls"}},
            "roles": {"s": {"title": "S", "base_salary": 1, "target_incentive": 120000,
                            "measurement_period": "quarterly",
                            "true_up": "none", "components": [{"kind": "bonus", "name": "Revenue", "goal": "rev",
                                                                "weight": 100, "curve": LINEAR}]},
                      "m": {"title": "M", "base_salary": 1, "target_incentive": 120000, "measurement_period": "monthly",
                            "true_up": "none", "components": [{"kind": "bonus", "name": "MQLs", "goal": "mql",
                                                                "weight": 100, "curve": LINEAR}]}}}
    scenario = scenario_from_dict(data)
    g = incentive_gradients(scenario, history, annual).table.set_index("lever")
    # payout % = attainment % = revenue / target: revenue +1% -> pay +1%, elasticity exactly 1
    assert g.loc["revenue", "s_elasticity"] == pytest.approx(1.0)
    assert g.loc["revenue", "revenue_elasticity"] == pytest.approx(1.0)
    assert g.loc["revenue", "m_change"] == 0
    assert g.loc["mql_volume", "m_elasticity"] == pytest.approx(1.0)
    assert g.loc["mql_volume", "orphan"] == "M"
    assert g.loc["mql_volume", "value_neutral"] == "M"  # paid for MQLs, revenue unchanged
    assert g.loc["discount", "harmful"] == ""
    # pay for performance: the whole business +1%; the linear revenue plan's pay is sum_q R_q / T_q, so its
    # change is the revenue change weighted by 1 / quarterly target (the change lands late, on bigger targets)
    pfp = pay_for_performance(scenario, history, annual)
    perf = performance(scenario, history, annual)
    base = {c: v[0] for c, v in perf.columns.items()}
    moved = LEVERS["whole_business"](base, 0.01)
    q_rev = base["revenue"].reshape(12, 3).sum(axis=1)
    q_new = moved["revenue"].reshape(12, 3).sum(axis=1)
    q_target = perf.targets["rev"].reshape(12, 3).sum(axis=1)
    d_pay = (q_new / q_target).sum() / (q_rev / q_target).sum() - 1
    d_rev = q_new.sum() / q_rev.sum() - 1
    assert pfp.revenue_change_pct_history == pytest.approx(100 * d_rev)
    assert pfp.elasticity_history["s"] == pytest.approx(d_pay / d_rev)
    assert 0.8 < pfp.elasticity_history["s"] < 1
    assert pfp.elasticity_history["m"] == pytest.approx(0.01 / d_rev)  # MQLs +1% every month


def test_harmful_lever_is_flagged():
    # a plan paying on discount given (as a sum... via discount rate, higher is better): the discount
    # lever raises the pay while revenue falls
    data = {"name": "h", "goals": {"disc": {"metric": "discount_rate", "direction": "higher_is_better"},
                                   "rev": {"metric": "revenue"}},
            "roles": {"s": {"title": "S", "base_salary": 1, "target_incentive": 1000, "measurement_period": "quarterly",
                            "true_up": "none", "components": [{"kind": "bonus", "name": "Disc", "goal": "disc",
                                                                "weight": 100, "curve": LINEAR}]},
                      "m": {"title": "M", "base_salary": 1, "target_incentive": 1000, "measurement_period": "quarterly",
                            "true_up": "none", "components": [{"kind": "bonus", "name": "Rev", "goal": "rev",
                                                                "weight": 100, "curve": LINEAR}]}}}
    history, annual = load_history(SAMPLE_HISTORY), load_targets(SAMPLE_TARGETS)
    g = incentive_gradients(scenario_from_dict(data), history, annual)
    assert "Discount" in g.harmful
    assert g.table.set_index("lever").loc["discount", "harmful"] == "S"
    assert "Discount" in g.sign_conflicts


# ---------------------------------------------------------------------------------------
# Hand-worked pieces


def test_shared_pay_share_by_hand():
    integ = shared_pay_share(load_scenario(preset_paths()["integrated"]))
    # sales: revenue 40 + pipeline 15 + SLA 10 + forecast 10 + bookings 15 (discount discipline is its own);
    # marketing: revenue 30 + pipeline 15 + SLA 10 + forecast 10 + bookings 15 (the matrix is its own)
    assert integ.share == {"vp_sales": pytest.approx(90.0), "vp_marketing": pytest.approx(80.0)}
    # overlap: min(40, 30) + 15 + 10 + 10 + min(15, 15) = 80; discount and the matrix (one VP each) add 0
    assert integ.overlap == pytest.approx(80.0)
    # the matrix is gated by company revenue (shared): 20% of marketing's target is gated by a shared goal
    assert integ.gated_share["vp_marketing"] == pytest.approx(20.0)
    assert dict(integ) == integ.share and integ["vp_sales"] == pytest.approx(90.0)  # a mapping role -> share
    silo = shared_pay_share(load_scenario(preset_paths()["siloed"]))
    assert silo.share == {"vp_sales": 0.0, "vp_marketing": 0.0} and silo.overlap == 0.0
    mss = shared_pay_share(load_scenario(preset_paths()["marketing_serves_sales"]))
    # sales: commission 150k + revenue bonus 150k, both on shared goals -> 100%
    # marketing: 40% of 250k = 100k; bookings 35 + revenue 25 -> 60%; overlap min(50,35) + min(50,25) = 60
    assert mss.share == {"vp_sales": pytest.approx(100.0), "vp_marketing": pytest.approx(60.0)}
    assert mss.overlap == pytest.approx(60.0)


@pytest.mark.parametrize("preset", ["integrated", "marketing_serves_sales", "siloed", "shared_revenue"])
def test_quarterly_payout_matches_the_statement(sample, preset):
    history, annual = sample
    scenario = load_scenario(preset_paths()[preset])
    result = replay(scenario, performance(scenario, history, annual))
    series = payout_series(result)
    assert series.basis == "quarter" and len(series.labels) == 12
    side = quarterly_side_by_side(statement(result))
    for role, rr in result.roles.items():
        assert series.earned[role][0].sum() == pytest.approx(rr.period_earned[0].sum())
        np.testing.assert_allclose(series.earned[role][0], side[f"{role} earned"].to_numpy(), atol=0.02)
        np.testing.assert_allclose(series.target[role], np.full(12, rr.plan.annual_target_variable / 4))
        np.testing.assert_allclose(series.pct[role][0], 100 * series.earned[role][0] / series.target[role])


def test_annual_plan_is_compared_on_years(sample):
    history, annual = sample
    data = preset_dict("siloed")
    data["roles"]["vp_marketing"]["measurement_period"] = "annual"
    scenario = scenario_from_dict(data)
    series = payout_series(replay(scenario, performance(scenario, history, annual)))
    assert series.basis == "year" and series.labels == ["2023", "2024", "2025"]
    com = co_movement(scenario, history, annual)
    assert com.n_periods == 3


def conflict_case():
    """Quarter 1: revenue 120% of target, MQLs 30%; quarter 2: both 100%."""
    data = {"name": "c", "goals": {"rev": {"metric": "revenue", "label": "Revenue"},
                                   "mql": {"metric": "mqls", "label": "MQLs"}},
            "roles": {"vp_sales": {"title": "VP Sales", "base_salary": 1, "target_incentive": 120000,
                                   "measurement_period": "quarterly", "true_up": "none",
                                   "components": [{"kind": "bonus", "name": "Revenue", "goal": "rev", "weight": 100,
                                                   "curve": LINEAR}]},
                      "vp_marketing": {"title": "VP Marketing", "base_salary": 1, "target_incentive": 120000,
                                       "measurement_period": "monthly", "true_up": "none",
                                       "components": [{"kind": "bonus", "name": "MQL volume", "goal": "mql",
                                                       "weight": 100, "curve": LINEAR}]}}}
    history = small_history({"revenue": [120.0, 120, 120, 100, 100, 100], "mqls": [3.0, 3, 3, 10, 10, 10]})
    annual = {("revenue", 2024): 1200.0, ("mqls", 2024): 120.0}  # 100 and 10 a month
    return scenario_from_dict(data), history, annual


def test_conflict_periods_listed_with_causes():
    scenario, history, annual = conflict_case()
    con = conflict_periods(scenario, history, annual)
    # Q1: sales 120%, marketing 30% (< 50%) -> conflict; Q2: both 100% -> none
    assert con.n_periods == 2 and con.rate == 0.5
    assert con.periods["period"].tolist() == ["2024-Q1"]
    cause = con.periods["cause"].iloc[0]
    assert cause == "VP Sales 120%: Revenue 120% attainment; VP Marketing 30%: MQL volume 30% attainment"
    assert con.table["vp_marketing_pct"].tolist() == pytest.approx([30.0, 100.0])
    # a stricter threshold finds none; a looser one the same period
    assert conflict_periods(scenario, history, annual, threshold_pct=25).rate == 0
    assert conflict_periods(scenario, history, annual, threshold_pct=31).rate == 0.5


def test_scorecard_on_a_short_history_says_why_it_is_not_simulated():
    scenario, history, annual = conflict_case()
    card = alignment_scorecard(scenario, history, annual, simulations=200)
    row = card.metric("co_movement_simulated")
    assert row.value is None and row.status == "info" and "complete calendar year" in row.verdict
    assert card.metric("conflict_rate_history").value == 0.5
    assert "2024-Q1: VP Sales 120%" in card.metric("conflict_rate_history").how
    json.dumps(card.to_dict(), allow_nan=False)


def test_gradient_levers_cover_funnel_and_every_plan_metric():
    scenario = load_scenario(preset_paths()["integrated"])
    levers = gradient_levers(scenario)
    assert list(levers)[: len(FUNNEL_LEVERS)] == FUNNEL_LEVERS
    covered = {m for ms in levers.values() for m in ms}
    used = {scenario.goals[g].metric for g, roles in scenario.goal_users().items() if roles}
    assert covered == used
    assert levers["deal_size"] == ["bookings"] and levers["conversion"] == ["mql_to_sql_rate"]
    assert all(name in LEVERS for name in levers)


def test_gradients_equal_separate_replays(sample):
    history, annual = sample
    scenario = load_scenario(preset_paths()["marketing_serves_sales"])
    g = incentive_gradients(scenario, history, annual).table.set_index("lever")
    perf = performance(scenario, history, annual)
    base = {c: v[0] for c, v in perf.columns.items()}
    pay0 = {r: rr.period_earned.sum() for r, rr in replay(scenario, perf).roles.items()}
    for lever in ("conversion", "revenue", "sals"):
        cols = LEVERS[lever](base, 0.01)
        res = replay(scenario, Performance(perf.months, {c: v[None] for c, v in cols.items()}, perf.targets))
        for role, rr in res.roles.items():
            assert g.loc[lever, f"{role}_change"] == pytest.approx(rr.period_earned.sum() - pay0[role], abs=1e-6)


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
    assert card.metric("shared_pay_share").per_vp == shared_pay_share(scenario).share
    pfp = pay_for_performance(scenario, history, annual, simulations=MC_YEARS, seed=7)
    assert card.metric("pay_elasticity_to_revenue").per_vp == pytest.approx(pfp.elasticity_simulated)
    assert card.metric("cost_pct_of_revenue").value == pytest.approx(pfp.cost_pct_of_revenue_simulated)
    from comp_models.analysis.simulate import monte_carlo
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
    from comp_models.analysis.simulate import monte_carlo
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
