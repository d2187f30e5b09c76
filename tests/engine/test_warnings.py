"""Plausibility warnings of a plan on its own (`plan_warnings`): valid, but likely wrong. Each case
was silent before: a cap below 100%, a commission rate above 100%, a gate no history could reach,
control characters in a name."""

from __future__ import annotations

import copy

import pytest

from comp_models.data import preset_paths
from comp_models.engine.warnings import plan_warnings
from comp_models.errors import Issue
from comp_models.plans import load_scenario, scenario_from_dict


def _data(preset: str) -> dict:
    return load_scenario(preset_paths()[preset]).model_dump(mode="json")


def _warnings(data: dict) -> list[Issue]:
    return plan_warnings(scenario_from_dict(copy.deepcopy(data), "s.toml"), "s.toml")


@pytest.mark.parametrize("preset", sorted(preset_paths()))
def test_the_presets_raise_no_warning(preset):
    assert _warnings(_data(preset)) == []


def test_a_plan_cap_below_100_is_warned():
    data = _data("integrated")
    data["roles"]["vp_sales"]["plan_cap"] = 90
    [w] = _warnings(data)
    assert (w.file, w.where) == ("s.toml", "roles.vp_sales.plan_cap")
    assert "90% is below 100%" in w.problem and "raise plan_cap" in w.fix
    data["roles"]["vp_sales"]["plan_cap"] = 100
    assert _warnings(data) == []


def test_a_commission_rate_above_100_is_warned():
    data = _data("siloed")
    comp = next(c for c in data["roles"]["vp_sales"]["components"] if c["kind"] == "commission")
    comp["tiers"][-1]["rate"] = 250
    [w] = _warnings(data)
    assert w.where.startswith("roles.vp_sales.components[0] (Bookings commission).tiers[")
    assert "250% pays more than the amount" in w.problem and "2.5 means 2.5%" in w.fix


def _gate(data: dict, goal: str, level: float) -> dict:
    data["roles"]["vp_sales"]["gates"] = [{"goal": goal, "min_attainment": level}]
    return data


def test_a_gate_no_history_could_reach_is_warned():
    data = _data("integrated")
    goal = next(g for g, v in data["goals"].items() if v["metric"] == "revenue")
    assert _warnings(_gate(data, goal, 300)) == []
    [w] = _warnings(_gate(data, goal, 350))
    assert w.where == "roles.vp_sales.gates[0]" and "350% attainment, which no history could reach" in w.problem


def test_a_lower_is_better_or_budget_gate_is_bounded_by_its_formula():
    data = _data("integrated")
    data["goals"]["cycle"] = {"metric": "sales_cycle_days", "label": "Cycle"}
    assert _warnings(_gate(data, "cycle", 200)) == []
    [w] = _warnings(_gate(data, "cycle", 210))
    assert "lower-is-better goal attains at most 200%" in w.problem
    data["goals"]["spend"] = {"metric": "marketing_spend", "direction": "budget"}
    [w] = _warnings(_gate(data, "spend", 110))
    assert "budget goal attains at most 100%" in w.problem


def test_control_characters_in_names_labels_and_descriptions_are_warned():
    data = _data("integrated")
    data["name"] = "Plan\x07"
    data["description"] = "two\nlines\tare fine"
    data["roles"]["vp_sales"]["title"] = "VP \u202eSales"
    goal = next(iter(data["goals"]))
    data["goals"][goal]["label"] = "Revenue\r"
    where = {w.where: w.problem for w in _warnings(data)}
    assert where == {"name": "holds control or invisible characters (U+0007)",
                     "roles.vp_sales.title": "holds control or invisible characters (U+202E)",
                     f"goals.{goal}.label": "holds control or invisible characters (U+000D)"}
