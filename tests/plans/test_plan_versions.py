"""Plan versions, objectives and objective goals as dict edits (comp_models.plans.editing), by hand."""

from __future__ import annotations

import pytest

from comp_models import load_scenario, preset_paths
from comp_models.plans import scenario_from_dict
from comp_models.plans.editing import (add_objective_goal, add_objectives_component, add_plan_version,
                                       plan_version_spans, rebalance_weights, remove_plan_version)


@pytest.fixture
def integrated() -> dict:
    return load_scenario(preset_paths()["integrated"]).model_dump(mode="json")


def test_a_new_version_copies_the_current_plan_and_takes_effect_in_its_month(integrated):
    d = add_plan_version(integrated, "vp_sales", "2025-07")
    old = d["earlier_plans"]["vp_sales"]
    assert len(old) == 1 and old[0].get("effective_from") is None  # the old plan keeps its (absent) month
    assert d["roles"]["vp_sales"]["effective_from"] == "2025-07"
    assert d["roles"]["vp_sales"]["components"] == old[0]["components"]  # a copy, to be edited
    assert integrated["roles"]["vp_sales"]["effective_from"] is None  # the input is not changed
    s = scenario_from_dict(d)
    assert [p.effective_from for p in s.plan_versions("vp_sales")] == [None, "2025-07"]
    assert "vp_marketing" not in d["earlier_plans"]
    d["roles"]["vp_sales"]["components"][0]["weight"] = 1.0
    assert old[0]["components"][0]["weight"] == 40.0  # a deep copy


def test_versions_stack_oldest_first_and_refuse_an_earlier_month(integrated):
    d = add_plan_version(add_plan_version(integrated, "vp_sales", "2024-01"), "vp_sales", "2025-07")
    s = scenario_from_dict(d)
    assert [p.effective_from for p in s.plan_versions("vp_sales")] == [None, "2024-01", "2025-07"]
    with pytest.raises(ValueError, match="after the current one's month"):
        add_plan_version(d, "vp_sales", "2025-07")
    with pytest.raises(ValueError, match="not a month"):
        add_plan_version(d, "vp_sales", "2025-7")


def test_spans_run_from_each_month_to_the_month_before_the_next(integrated):
    d = add_plan_version(add_plan_version(integrated, "vp_sales", "2024-01"), "vp_sales", "2025-07")
    assert plan_version_spans(d, "vp_sales", "2023-01", "2025-12") == [
        (0, "2023-01", "2023-12"), (1, "2024-01", "2025-06"), (2, "2025-07", "2025-12")]
    assert plan_version_spans(d, "vp_marketing", "2023-01", "2025-12") == [(0, "2023-01", "2025-12")]
    # a history that starts later leaves the oldest version out, and clips the next
    assert plan_version_spans(d, "vp_sales", "2024-03", "2025-12") == [(1, "2024-03", "2025-06"),
                                                                       (2, "2025-07", "2025-12")]


def test_deleting_a_version_hands_its_months_on(integrated):
    d = add_plan_version(add_plan_version(integrated, "vp_sales", "2024-01"), "vp_sales", "2025-07")
    # the middle one: its months (2024-01..2025-06) go to the version before it
    mid = remove_plan_version(d, "vp_sales", 1)
    assert plan_version_spans(mid, "vp_sales", "2023-01", "2025-12") == [(0, "2023-01", "2025-06"),
                                                                         (1, "2025-07", "2025-12")]
    # the oldest: the next version takes its month (none: from the history's start)
    first = remove_plan_version(d, "vp_sales", 0)
    assert [p.get("effective_from") for p in first["earlier_plans"]["vp_sales"]] == [None]
    assert plan_version_spans(first, "vp_sales", "2023-01", "2025-12") == [(0, "2023-01", "2025-06"),
                                                                           (1, "2025-07", "2025-12")]
    # the current plan: the latest earlier version becomes current, in force to the end
    cur = remove_plan_version(d, "vp_sales", 2)
    assert cur["roles"]["vp_sales"]["effective_from"] == "2024-01"
    assert plan_version_spans(cur, "vp_sales", "2023-01", "2025-12") == [(0, "2023-01", "2023-12"),
                                                                         (1, "2024-01", "2025-12")]
    for edited in (mid, first, cur):
        scenario_from_dict(edited)
    # down to one version: no earlier_plans entry is left, the plan is as it was
    back = remove_plan_version(add_plan_version(integrated, "vp_sales", "2025-07"), "vp_sales", 1)
    assert "vp_sales" not in back["earlier_plans"] and back["roles"] == integrated["roles"]
    with pytest.raises(IndexError):
        remove_plan_version(integrated, "vp_sales", 0)  # the only version
    with pytest.raises(IndexError):
        remove_plan_version(d, "vp_sales", 3)


def test_an_objective_goal_and_component_make_a_valid_plan_after_rebalancing(integrated):
    d, gid = add_objective_goal(integrated, "Product training", "half-yearly")
    assert gid == "product_training" and d["goals"][gid]["metric"] == "objective"
    assert d["goals"][gid]["scoring"]["levels"] == {"missed": 0.0, "met": 100.0, "exceeded": 130.0}
    d2, gid2 = add_objective_goal(d, "Product training")
    assert gid2 == "product_training_2"
    d = add_objectives_component(d, "vp_marketing", gid)
    comp = d["roles"]["vp_marketing"]["components"][-1]
    assert comp == {"kind": "objectives", "name": "Product training", "weight": 0.0,
                    "objectives": [{"goal": "product_training", "weight": 100.0}]}
    # weight 0 beside 100: valid as it is; rebalancing leaves the whole points where they were
    s = scenario_from_dict(rebalance_weights(d, "vp_marketing"))
    assert s.roles["vp_marketing"].components[-1].goals == ["product_training"]
