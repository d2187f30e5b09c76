"""Scenario files: presets load, save is atomic and refuses to overwrite, and round-trips exactly."""

import os

import pytest

from comp_models import (ScenarioExistsError, load_scenario, parse_scenario, preset_paths, save_scenario,
                         scenario_to_toml)
from comp_models.plans import add_component, rebalance_weights, remove_component, share_goal
from comp_models.plans import SCHEMA_VERSION, scenario_from_dict

PRESETS = preset_paths()


def test_four_presets_with_descriptions():
    assert {"siloed", "shared_revenue", "integrated", "marketing_serves_sales"} <= set(PRESETS)
    for path in PRESETS.values():
        s = load_scenario(path)
        assert len(s.description) > 60 and s.schema_version in (2, SCHEMA_VERSION)
        assert {"vp_sales", "vp_marketing"} <= set(s.roles)


def test_shared_goals_are_a_fact_of_the_model():
    assert load_scenario(PRESETS["siloed"]).shared_goals() == []
    assert load_scenario(PRESETS["shared_revenue"]).shared_goals() == ["company_revenue"]
    integrated = load_scenario(PRESETS["integrated"])
    # the joint launch plan is an objectives component in both plans: one CEO score paid to both, so shared
    assert set(integrated.shared_goals()) == {"company_revenue", "bookings", "pipeline", "lead_follow_up",
                                              "forecast_accuracy", "joint_launch"}
    assert "marketing_pipeline" not in integrated.shared_goals()  # paid to marketing only
    assert "discount_discipline" not in integrated.shared_goals()  # paid to sales only


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_save_load_round_trip_is_exact(tmp_path, name):
    s = load_scenario(PRESETS[name])
    path = save_scenario(s, tmp_path / "x.toml")
    again = load_scenario(path)
    assert again == s
    assert scenario_to_toml(again) == path.read_text(encoding="utf-8")  # stable text too
    assert parse_scenario(path.read_bytes()) == s


def test_save_never_overwrites_without_consent(tmp_path):
    s = load_scenario(PRESETS["siloed"])
    path = save_scenario(s, tmp_path / "x.toml")
    before = path.read_bytes()
    other = load_scenario(PRESETS["integrated"])
    with pytest.raises(ScenarioExistsError):
        save_scenario(other, path)
    assert path.read_bytes() == before
    save_scenario(other, path, overwrite=True)
    assert load_scenario(path) == other


def test_save_is_atomic_no_temp_files_left(tmp_path, monkeypatch):
    s = load_scenario(PRESETS["siloed"])
    save_scenario(s, tmp_path / "a.toml")
    assert sorted(os.listdir(tmp_path)) == ["a.toml"]

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_scenario(load_scenario(PRESETS["integrated"]), tmp_path / "a.toml", overwrite=True)
    assert sorted(os.listdir(tmp_path)) == ["a.toml"]  # old file intact, temp file removed
    assert load_scenario(tmp_path / "a.toml") == s


def test_rebalance_makes_weights_sum_to_exactly_100():
    d = load_scenario(PRESETS["integrated"]).model_dump(mode="json")
    d["roles"]["vp_sales"]["components"][0]["weight"] = 33.3
    fixed = rebalance_weights(d, "vp_sales")
    weights = [c["weight"] for c in fixed["roles"]["vp_sales"]["components"]]
    assert round(sum(weights), 9) == 100.0
    scenario_from_dict(fixed)  # valid again
    # proportions kept: the first component stays the largest share it had
    assert weights[0] == max(weights)


def test_add_share_remove_component():
    d = load_scenario(PRESETS["siloed"]).model_dump(mode="json")
    d = share_goal(d, "bookings")  # marketing now also pays on bookings (weight 0)
    d = rebalance_weights(d, "vp_marketing")
    s = scenario_from_dict(d)
    assert s.shared_goals() == ["bookings"]
    n = len(d["roles"]["vp_marketing"]["components"])
    d = remove_component(d, "vp_marketing", n - 1)
    assert len(d["roles"]["vp_marketing"]["components"]) == n - 1
    d = add_component(d, "vp_marketing", "mqls")
    assert d["roles"]["vp_marketing"]["components"][-1]["name"] == "MQL volume 2"


def test_a_version_1_file_still_loads_and_saves_as_the_current_version():
    text = PRESETS["integrated"].read_text(encoding="utf-8").replace(f"schema_version = {SCHEMA_VERSION}",
                                                                     "schema_version = 1")
    assert "schema_version = 1" in text  # the preset is written in the current version: the test reads it as 1
    s = parse_scenario(text.encode("utf-8"), "v1.toml")
    assert s == load_scenario(PRESETS["integrated"]) and s.schema_version == SCHEMA_VERSION  # read as current
    assert scenario_to_toml(s).startswith(f"schema_version = {SCHEMA_VERSION}")
