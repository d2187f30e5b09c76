"""The CEO's verdict: status, score, reasons and the one weight move that helps most."""

from __future__ import annotations

import pytest

from comp_models import load_scenario, load_targets, preset_paths, run
from comp_models.analysis.advice import alignment_advice
from comp_models.data import SAMPLE_TARGETS
from comp_models.plans import scenario_from_dict


@pytest.fixture(scope="module")
def siloed():
    scenario, history, _ = run(preset_paths()["siloed"])
    return scenario, history, load_targets(SAMPLE_TARGETS)


@pytest.fixture(scope="module")
def advice(siloed):
    return alignment_advice(*siloed)


def test_siloed_is_misaligned_with_its_score_and_reasons(advice):
    assert advice.status == "misaligned" and advice.verdict == "Misaligned"
    # hand-counted from the scorecard: 12 judged rows, 1 aligned, 4 mixed, 7 misaligned: (1 + 4 / 2) / 12
    assert advice.score == pytest.approx(25.0)
    assert 2 <= len(advice.reasons) <= 3
    assert advice.reasons[0].startswith("Shared-pay share: Nothing is shared")  # the worst first
    assert advice.line == "Misaligned · score 25/100"


def test_the_best_move_shares_a_goal_in_whole_points_and_helps(siloed, advice):
    move = advice.best
    assert move is not None and move.points in (5.0, 10.0)
    after = scenario_from_dict(move.scenario, "after")
    assert move.goal in after.shared_goals()  # toward a shared goal: bookings, paid to both now
    weights = [c.weight for c in after.roles[move.role].weighted_components()]
    assert sum(weights) == pytest.approx(100.0) and all(float(w).is_integer() for w in weights)
    assert move.text.startswith(f"Move {move.points:g} points of VP of Marketing's weight from MQL volume to")
    again = alignment_advice(after, *siloed[1:])
    assert again.alignment > advice.alignment  # it does help: co-movement - conflict rate rises
    assert again.alignment == pytest.approx(advice.alignment + move.score_change)
    assert move.co_movement_change > 0


def test_an_aligned_plan_has_no_move_or_a_helping_one():
    scenario, history, _ = run(preset_paths()["marketing_serves_sales"])
    a = alignment_advice(scenario, history, load_targets(SAMPLE_TARGETS), simulations=200)
    assert a.status in ("aligned", "mixed", "misaligned")
    if a.best is not None:
        assert a.best.score_change > 0
        assert load_scenario(preset_paths()["marketing_serves_sales"]).name == scenario.name


def test_the_verdict_alone_is_the_searched_verdict_without_the_move(history, annual):
    from comp_models import load_scenario, preset_paths
    from comp_models.analysis.advice import alignment_advice

    sc = load_scenario(preset_paths()["siloed"])
    full, quick = alignment_advice(sc, history, annual), alignment_advice(sc, history, annual, search=False)
    assert (quick.status, quick.score, quick.reasons) == (full.status, full.score, full.reasons)
    assert quick.best is None and not quick.searched and full.searched


def test_a_move_onto_the_other_vps_goal_is_only_onto_a_goal_both_functions_move():
    from comp_models.analysis.advice import _candidates

    scenario = load_scenario(preset_paths()["integrated"])
    moves = {(role, goal) for role, _, _, goal, _, new, _ in _candidates(scenario, (10.0,)) if new}
    # discount discipline is sales' own lever: marketing is never asked to be paid on it
    assert ("vp_marketing", "discount_discipline") not in moves
    siloed = load_scenario(preset_paths()["siloed"])
    goals = {g: siloed.goals[g].metric for g in siloed.goals}
    new_goals = {goal for _, _, _, goal, _, new, _ in _candidates(siloed, (10.0,)) if new}
    # Siloed: sales may take on marketing's pipeline-type goals, marketing on bookings; never MQL volume or a budget
    assert new_goals and all(goals[g] not in ("mqls", "marketing_spend", "sales_expense", "discount_rate",
                                               "cost_per_lead", "inquiries") for g in new_goals)


@pytest.mark.parametrize("preset", ["siloed", "integrated", "marketing_serves_sales"])
def test_kept_replays_never_change_an_evaluation(presets, history, annual, preset):
    """The search keeps each role's replays by its plan's content (a move changes one role) and every
    performance's window sums (a move changes no goal): every candidate judged after others, with what was
    kept, is judged exactly as on a bench of its own."""
    from comp_models.analysis.advice import SCREEN_YEARS, _Bench, _candidates

    scenario = presets[preset]
    warm = _Bench(scenario, history, annual, 200, 7, 60.0)
    warm.evaluate(scenario)
    moves = list(_candidates(scenario))[:6]
    assert moves
    for *_, d in moves:
        candidate = scenario_from_dict(d, scenario.name)
        for years in (None, SCREEN_YEARS):
            cold = _Bench(scenario, history, annual, 200, 7, 60.0)
            assert warm.evaluate(candidate, years) == cold.evaluate(candidate, years)
    assert len(warm._replayed) < 2 * (len(moves) + 1)  # the unchanged role was replayed once, not per move
    # the window sums of the history, of the simulated years and of their first SCREEN_YEARS, once each
    assert len(warm._windows) == 3
