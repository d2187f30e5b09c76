"""Incentive gradients (comp_models.analysis.gradients) and pay for performance
(comp_models.analysis.pay_elasticity): an opposite pair, cosine by hand, a linear revenue plan's unit
elasticity, a harmful lever, the levers covered, and the stacked replay against separate replays."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import LINEAR

from comp_models import (SAMPLE_HISTORY, SAMPLE_TARGETS, load_history, load_scenario, load_targets, preset_paths,
                         replay, scenario_from_dict)
from comp_models.analysis.gradients import cosine, gradient_levers, incentive_gradients
from comp_models.analysis.pay_elasticity import pay_for_performance
from comp_models.analysis.stress.levers import FUNNEL_LEVERS, LEVERS
from comp_models.engine import Performance, performance


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
    # payout % = attainment % = revenue / target: revenue +1% -> pay +1%, elasticity 1 up to the cents the
    # lines are rounded to (docs/money.md §7: a 1% step of ~30,000 a quarter is resolved to 1 part in 30,000)
    assert g.loc["revenue", "s_elasticity"] == pytest.approx(1.0, abs=1e-4)
    assert g.loc["revenue", "revenue_elasticity"] == pytest.approx(1.0)
    assert g.loc["revenue", "m_change"] == 0
    assert g.loc["mql_volume", "m_elasticity"] == pytest.approx(1.0, abs=1e-4)
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
    assert pfp.elasticity_history["s"] == pytest.approx(d_pay / d_rev, abs=1e-4)  # pay in cents (money.md §7)
    assert 0.8 < pfp.elasticity_history["s"] < 1
    assert pfp.elasticity_history["m"] == pytest.approx(0.01 / d_rev, abs=1e-4)  # MQLs +1% every month


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


def test_gradient_levers_cover_funnel_and_every_plan_metric():
    scenario = load_scenario(preset_paths()["integrated"])
    levers = gradient_levers(scenario)
    assert list(levers)[: len(FUNNEL_LEVERS)] == FUNNEL_LEVERS
    covered = {m for ms in levers.values() for m in ms}
    used = {scenario.goals[g].metric for g, roles in scenario.goal_users().items() if roles}
    assert covered == used - {"objective"}  # an objective is scored by the CEO, not moved by a lever
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
