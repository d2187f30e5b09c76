"""The Plan builder's figures of this year (ui/plan_figures.py) read from the lines' arrays give exactly what
the same rows of the statement frame give: every preset, every component and goal, and variants (monthly,
annual and year-to-date plans, every accumulation window, a year without true-up lines)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import comp_models as cm
from comp_models.data import SAMPLE_HISTORY, SAMPLE_TARGETS
from ui import plan_figures
from ui.cache import Replay

HISTORY = cm.parse_history(SAMPLE_HISTORY.read_bytes(), SAMPLE_HISTORY.name)
TARGETS = cm.load_targets(SAMPLE_TARGETS)


# the figures as the page computed them from the frame before (the reference)
def _this_year(stmt, role, component):
    rows = stmt[(stmt["role"] == role) & (stmt["component"] == component) & stmt["attainment"].notna()]
    if rows.empty:
        return None
    rows = rows[rows["year"] == rows["year"].max()]
    tu = rows[rows["line"] == "true-up"]
    return float((tu if len(tu) else rows)["attainment"].mean())


def _window_target(stmt, role, comp, measurement_period):
    rows = stmt[(stmt["role"] == role) & (stmt["component"] == comp["name"]) & (stmt["line"] == "component")]
    rows = rows[rows["year"] == rows["year"].max()] if len(rows) else rows
    if rows.empty or not rows["target"].notna().any():
        return None
    period_months = {"monthly": 1, "quarterly": 3, "annual": 12}.get(measurement_period, 3)
    window_months = {"year": 12, "quarter": 3}.get(comp.get("accumulate", "period"), period_months)
    covered = len(rows) * period_months
    year_target = float(rows["target"].sum()) * 12 / covered
    return year_target * window_months / 12


def _goal_attainment(stmt, goal):
    if not goal:
        return None
    rows = stmt[(stmt["goal"] == goal) & stmt["attainment"].notna() & (stmt["line"] != "spiff")]
    if rows.empty:
        return None
    rows = rows[rows["year"] == rows["year"].max()]
    tu = rows[rows["line"] == "true-up"]
    return float((tu if len(tu) else rows)["attainment"].mean())


def _variants():
    for name, path in sorted(cm.preset_paths().items()):
        base = cm.load_scenario(path).model_dump(mode="json")
        yield name, base
        for period, true_up in (("monthly", "ytd"), ("annual", "none"), ("quarterly", "none")):
            d = copy.deepcopy(base)
            for plan in d["roles"].values():
                plan["measurement_period"], plan["true_up"] = period, true_up
                for c in plan.get("components", []):
                    if c.get("kind") == "commission":
                        c["accumulate"] = {"monthly": "quarter", "annual": "period"}.get(period, "year")
            yield f"{name}-{period}-{true_up}", d


def _same(a, b):
    return (a is None and b is None) or (a is not None and b is not None and
                                         (a == b or (np.isnan(a) and np.isnan(b))))


@pytest.mark.parametrize("name,data", list(_variants()), ids=lambda x: x if isinstance(x, str) else "")
def test_figures_from_arrays_equal_the_frames(name, data):
    try:
        scenario = cm.scenario_from_dict(copy.deepcopy(data), name)
    except cm.InputError:
        pytest.skip("variant not valid for this preset")
    rep = Replay(cm.replay(scenario, cm.performance(scenario, HISTORY, TARGETS, name)), HISTORY)
    stmt, cols = rep.lines, rep.line_columns
    checked = 0
    for role, plan in data["roles"].items():
        for comp in plan.get("components", []):
            for c in (comp, {**comp, "accumulate": "year"}, {**comp, "accumulate": "quarter"}):
                got = plan_figures.window_target(cols, role, c, plan.get("measurement_period", "quarterly"))
                assert _same(got, _window_target(stmt, role, c, plan.get("measurement_period", "quarterly")))
            got = plan_figures.this_year(cols, role, comp["name"])
            assert _same(got, _this_year(stmt, role, comp["name"]))
            checked += got is not None
        assert plan_figures.this_year(cols, role, "no such component") is None
    for goal in [*data["goals"], None, "", "no_such_goal"]:
        assert _same(plan_figures.goal_attainment(cols, goal), _goal_attainment(stmt, goal))
    assert checked > 0  # the comparison saw real figures, not only Nones
    assert plan_figures.this_year(None, "vp_sales", "x") is None


def test_line_columns_are_read_only():
    scenario = cm.load_scenario(cm.preset_paths()["integrated"])
    rep = Replay(cm.replay(scenario, cm.performance(scenario, HISTORY, TARGETS, "x")), HISTORY)
    with pytest.raises(ValueError):
        rep.line_columns["attainment"][0] = 1.0


def _with_stated_commission(data: dict, amount: float) -> dict:
    d = copy.deepcopy(data)
    for plan in d["roles"].values():
        for c in plan.get("components", []):
            if c.get("kind") == "commission":
                c["target_earnings"] = amount
    return d


@pytest.mark.parametrize("name", sorted(cm.preset_paths()))
@pytest.mark.parametrize("stated", [None, 1.0])
def test_warnings_read_from_the_replay_equal_a_fresh_computation(name, stated):
    from comp_models.engine import target_earnings_warnings

    data = cm.load_scenario(cm.preset_paths()[name]).model_dump(mode="json")
    if stated is not None:
        data = _with_stated_commission(data, stated)
    scenario = cm.scenario_from_dict(data, name)
    perf = cm.performance(scenario, HISTORY, TARGETS, "current plan")
    rep = Replay(cm.replay(scenario, perf), HISTORY, perf)
    fresh = target_earnings_warnings(scenario, cm.performance(scenario, HISTORY, TARGETS, "current plan"), "this plan")
    assert rep.warnings == fresh
    has_commission = any(c.get("kind") == "commission" for p in data["roles"].values() for c in p["components"])
    assert bool(fresh) == (stated is not None and has_commission)  # the comparison covers a real warning too
