"""Pay against company outcome: scaled replays of the last complete year."""

from __future__ import annotations

import numpy as np
import pytest

from comp_models import load_targets, preset_paths, run
from comp_models.analysis.outcome import OUTCOME_LEVELS, outcome_goals, pay_map, pay_vs_outcome
from comp_models.data import SAMPLE_TARGETS
from comp_models.errors import InputError


@pytest.fixture(scope="module")
def shared_revenue():
    scenario, history, _ = run(preset_paths()["shared_revenue"])
    return scenario, history, load_targets(SAMPLE_TARGETS)


def test_every_goal_at_plan_pays_exactly_target(shared_revenue):
    df = pay_vs_outcome(*shared_revenue, "company_revenue")
    at_plan = df[df["level"] == 100.0].set_index("role")["payout_pct"]
    # every movable goal at 100% of its target: every bonus component pays its weight, 100% in all
    assert at_plan.to_dict() == pytest.approx({"vp_sales": 100.0, "vp_marketing": 100.0})
    assert sorted(df["level"].unique()) == list(OUTCOME_LEVELS) and df["year"].iloc[0] == 2025
    assert df["actual_level"].iloc[0] == pytest.approx(102.418, abs=1e-3)  # 2025's revenue vs its target


def test_pay_rises_with_the_outcome(shared_revenue):
    df = pay_vs_outcome(*shared_revenue, "company_revenue", funnel=True)
    for _, g in df.groupby("role"):
        assert np.all(np.diff(g.sort_values("level")["payout_pct"].to_numpy()) >= -1e-9)
    low = df[df["level"] == 60.0]["payout_pct"]
    high = df[df["level"] == 140.0]["payout_pct"]
    assert (low.to_numpy() < 100).all() and (high.to_numpy() > 100).all()


def test_the_two_goal_map_has_each_cell_for_each_vp(shared_revenue):
    scenario = shared_revenue[0]
    goals = outcome_goals(scenario)
    grid = pay_map(*shared_revenue, goals[0], goals[1])
    assert len(grid) == 9 * 9 * 2
    cell = grid[(grid["x"] == 100.0) & (grid["y"] == 100.0)].set_index("role")["payout_pct"]
    assert cell.to_dict() == pytest.approx({"vp_sales": 100.0, "vp_marketing": 100.0})


def test_a_goal_that_cannot_move_is_refused(shared_revenue):
    with pytest.raises(InputError):
        pay_vs_outcome(*shared_revenue, "no_such_goal")
