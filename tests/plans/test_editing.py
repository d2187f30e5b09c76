"""Weight edits in whole points: rebalance, one weight moving the others, locks, sharing a goal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from comp_models import load_scenario, preset_paths
from comp_models.plans import scenario_from_dict
from comp_models.plans.editing import rebalance_weights, set_weight, share_goal, whole_points


def _plan(weights):
    comps = [{"kind": "bonus", "name": f"c{i}", "goal": "g", "weight": w, "curve": [[80, 50], [100, 100]]}
             for i, w in enumerate(weights)]
    return {"roles": {"r": {"components": comps}}}


def _weights(d):
    return [c["weight"] for c in d["roles"]["r"]["components"]]


def test_whole_points_by_largest_remainder():
    assert whole_points([1, 1, 1], 100) == [34, 33, 33]  # 33.33 each: the first remainder wins the tie
    assert whole_points([30, 20, 10], 58) == [29, 19, 10]  # 29, 19.33, 9.67: the .67 gets the point
    assert whole_points([0, 0], 100) == [50, 50]
    assert whole_points([5], 0) == [0]


def test_rebalance_keeps_whole_points():
    # 42 + 30 + 20 + 10 = 102: today's 41.18 / 29.41 / ... becomes whole points
    assert _weights(rebalance_weights(_plan([42, 30, 20, 10]), "r")) == [41, 29, 20, 10]
    # steps of 1 (1..5 = 15): 6.67, 13.33, 20, 26.67, 33.33 -> 7, 13, 20, 27, 33
    assert _weights(rebalance_weights(_plan([1, 2, 3, 4, 5]), "r")) == [7, 13, 20, 27, 33]
    assert _weights(rebalance_weights(_plan([0, 0, 0]), "r")) == [34, 33, 33]


def test_rebalance_respects_locks():
    assert _weights(rebalance_weights(_plan([50, 10, 10]), "r", {0})) == [50, 25, 25]


def test_moving_one_weight_moves_the_others_proportionally():
    # 40 -> 42: the others (30, 20, 10) give 2 points in proportion: 29, 19.33, 9.67 -> 29, 19, 10
    assert _weights(set_weight(_plan([40, 30, 20, 10]), "r", 0, 42)) == [42, 29, 19, 10]
    # with the 30 locked, only 20 and 10 give: 18 of 20 left -> 12, 6
    assert _weights(set_weight(_plan([40, 30, 20, 10]), "r", 0, 52, {1})) == [52, 30, 12, 6]
    # never beyond what the locks leave
    assert _weights(set_weight(_plan([40, 30, 20, 10]), "r", 0, 95, {1})) == [70, 30, 0, 0]


@given(st.lists(st.integers(0, 100), min_size=2, max_size=7), st.integers(0, 100), st.data())
def test_any_move_leaves_a_valid_plan_in_whole_points(weights, new, data):
    index = data.draw(st.integers(0, len(weights) - 1))
    out = _weights(set_weight(_plan(weights), "r", index, new))
    assert sum(out) == 100 and all(float(w).is_integer() and w >= 0 for w in out)
    assert out[index] == new or len(weights) == 1


def test_sharing_a_goal_moves_the_chosen_weight():
    d = load_scenario(preset_paths()["siloed"]).model_dump(mode="json")  # marketing: MQLs 70, budget 30
    d = share_goal(d, "bookings", 20)
    comps = d["roles"]["vp_marketing"]["components"]
    assert [c["weight"] for c in comps] == [56.0, 24.0, 20.0]  # 80 left, 70:30 -> 56, 24
    s = scenario_from_dict(d)
    assert s.shared_goals() == ["bookings"]
