"""Objectives (MBOs) scored by the CEO (docs/money.md §9): hand-worked, to the cent."""

from __future__ import annotations

import numpy as np
import pytest

from comp_models import InputError, annual_summary, replay, scenario_from_dict, statement
from comp_models.analysis import shared_pay_share
from comp_models.analysis.simulate import simulate_performance

from helpers import make_scenario, months, one, perf, run_case

OBJECTIVES = {
    "launch": {"metric": "objective", "label": "Joint launch plan",
               "scoring": {"scored": "quarterly", "levels": {"missed": 0, "met": 100, "exceeded": 150}}},
    "positioning": {"metric": "objective", "label": "Competitive positioning",
                    "scoring": {"scored": "half-yearly", "max_score": 150,
                                "simulated_score": {"mean": 90, "sd": 20}}},
    "rev": {"metric": "revenue", "label": "Revenue"},
}
SCORES = [
    {"goal": "launch", "period": "2024-Q1", "score": "met", "note": "launched on time"},
    {"goal": "launch", "period": "2024-Q2", "score": "exceeded", "note": "two markets, not one"},
    {"goal": "positioning", "period": "2024-H1", "score": 110, "note": "battlecards shipped for 3 rivals"},
]


def _plan(**extra) -> dict:
    return {"measurement_period": "quarterly", "components": [
        {"name": "Revenue", "goal": "rev", "weight": 80},
        {"kind": "objectives", "name": "Joint objectives", "weight": 20,
         "objectives": [{"goal": "launch", "weight": 50}, {"goal": "positioning", "weight": 50}], **extra}]}


def _case(**extra):
    sc = make_scenario({"goals": OBJECTIVES, "scores": SCORES, "roles": {"vp": _plan(**extra)}})
    return run_case(sc, perf(months(9), {"revenue": 100_000}, {"rev": 100_000}))


def test_objectives_pay_their_weighted_score():
    _, stmt = _case()
    # Q1: launch met = 100% x 50% + positioning 110% x 50% = 105%; weight 20% of 30,000 = 6,000 x 105% = 6,300.00
    assert one(stmt, period="2024-Q1", component="Joint objectives")["earned"] == 6_300.00
    # Q2: launch exceeded = 150% x 50% + 110% x 50% = 130% -> 7,800.00
    assert one(stmt, period="2024-Q2", component="Joint objectives")["earned"] == 7_800.00
    # Q3: neither is scored yet: 0% -> 0.00, and the trace says so
    q3 = one(stmt, period="2024-Q3", component="Joint objectives")
    assert q3["earned"] == 0.0 and "2024-Q3 not scored yet (0%)" in q3["trace"]
    trace = one(stmt, period="2024-Q1", component="Joint objectives")["trace"]
    assert "Joint launch plan 2024-Q1 scored met (100.0%) by the CEO: 'launched on time'" in trace
    assert "Competitive positioning 2024-H1 scored 110.0% by the CEO: 'battlecards shipped for 3 rivals'" in trace
    assert trace.endswith("= $6,300.00")


def test_a_cap_and_a_gate_apply_as_for_a_bonus():
    _, stmt = _case(cap=120, gates=[{"goal": "rev", "min_attainment": 90}])
    # Q2's 130% is capped at 120%: 6,000 x 120% = 7,200.00; revenue is at 100%, the gate is open
    assert one(stmt, period="2024-Q2", component="Joint objectives")["earned"] == 7_200.00


def test_an_annual_true_up_re_measures_the_year_on_the_mean_score():
    sc = make_scenario({"goals": OBJECTIVES, "scores": SCORES, "roles": {"vp": {**_plan(), "true_up": "annual"}}})
    result, stmt = run_case(sc, perf(months(12), {"revenue": 100_000}, {"rev": 100_000}))
    # year: launch mean (100 + 150 + 0 + 0) / 4 = 62.5%; positioning (110 over 6 months, then 0) = 55%;
    # weighted 58.75% x 20% x 120,000 = 14,100.00; advances 6,300 + 7,800 = 14,100: true-up 0.00
    assert one(stmt, period="2024-Q4", component="Joint objectives", line="true-up")["earned"] == 0.0
    assert annual_summary(result, stmt).iloc[0]["earned"] == 96_000.00 + 14_100.00


def test_a_shared_objective_is_shared_pay():
    sc = make_scenario({"goals": OBJECTIVES, "scores": SCORES, "roles": {"vp_sales": _plan(), "vp_marketing": _plan()}})
    assert "launch" in sc.shared_goals() and "positioning" in sc.shared_goals()
    share = shared_pay_share(sc)
    # both pay revenue (80%) and the two objectives (20%) -> everything is shared
    assert share.share == {"vp_sales": pytest.approx(100.0), "vp_marketing": pytest.approx(100.0)}


def test_simulated_years_use_the_stated_simulated_scores(history, annual):
    sc = make_scenario({"goals": {**OBJECTIVES, "rev": {"metric": "revenue"}}, "scores": SCORES,
                        "roles": {"vp": _plan()}})
    perf_sim = simulate_performance(sc, history, annual, 2_000, 3)
    launch = perf_sim.columns["objective:launch"]
    positioning = perf_sim.columns["objective:positioning"]
    assert np.all(launch == 100.0)  # held at the default simulated score
    assert abs(positioning.mean() - 90) < 2 and positioning.min() >= 0 and positioning.max() <= 150
    assert np.all(positioning[:, :6] == positioning[:, [0]])  # one draw per half-year
    again = simulate_performance(sc, history, annual, 2_000, 3, chunk=300)
    np.testing.assert_array_equal(again.columns["objective:positioning"], positioning)
    replay(sc, perf_sim)  # replays without a history column for the objectives


@pytest.mark.parametrize("bad, message", [
    ({"goal": "launch", "period": "2024-03", "score": "met"}, "is not a quarterly period"),
    ({"goal": "launch", "period": "2024-Q1", "score": "great"}, "is not a level of Joint launch plan"),
    ({"goal": "positioning", "period": "2024-H1", "score": 200}, "outside 0-150%"),
    ({"goal": "rev", "period": "2024-Q1", "score": 100}, "is not an objective goal"),
])
def test_bad_scores_are_refused_by_field(bad, message):
    with pytest.raises(InputError, match=message):
        make_scenario({"goals": OBJECTIVES, "scores": [bad], "roles": {"vp": _plan()}})


def test_objective_weights_must_sum_to_100():
    plan = _plan()
    plan["components"][1]["objectives"][1]["weight"] = 40
    with pytest.raises(InputError, match="objectives' weights sum to 90%"):
        make_scenario({"goals": OBJECTIVES, "roles": {"vp": plan}})


def test_the_scenario_file_round_trips_objectives_and_scores():
    from comp_models import parse_scenario, scenario_to_toml
    sc = make_scenario({"goals": OBJECTIVES, "scores": SCORES, "roles": {"vp": _plan()}})
    assert parse_scenario(scenario_to_toml(sc).encode()) == sc
    assert scenario_from_dict(sc.model_dump(mode="json")) == sc
    assert statement  # the statement module is importable with objectives
