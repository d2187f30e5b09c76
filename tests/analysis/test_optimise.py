"""The weight optimiser: exact fast evaluation, constraints, frontier, apply_weights."""

from __future__ import annotations

import numpy as np
import pytest

from comp_models import replay
from comp_models.errors import InputError
from benchmarks.analysis import bench_optimiser
from comp_models.analysis.optimise.candidates import _candidates, _round_to_step
from comp_models.analysis.optimise.scoring import _basis, alignment_score, pareto_mask
from comp_models.analysis.optimise.search import optimise_weights
from comp_models.analysis.optimise.weights import functional_shares
from comp_models.analysis.optimise.weights import _shared_mask, apply_weights
from comp_models.plans import CommissionComponent, Scenario, scenario_from_dict
from comp_models.analysis.simulate.years import replay_years, simulate_performance

SMALL = dict(n_years=600, n_candidates=300)


@pytest.fixture(scope="module")
def result(presets, history, annual):
    return optimise_weights(presets["integrated"], history, annual, **SMALL)


def _weights(plan) -> np.ndarray:
    return np.array([c.weight for c in plan.weighted_components()], dtype=float)


def _tight(scenario: Scenario) -> Scenario:
    """The scenario with a low plan cap and a multiplier on every plan, so both bind often."""
    data = scenario.model_dump(mode="python")
    revenue_goal = next(g for g, goal in scenario.goals.items() if goal.metric in ("revenue", "bookings"))
    for plan in data["roles"].values():
        plan["plan_cap"] = 105.0
        plan["multiplier"] = {"goal": revenue_goal, "curve": [(95.0, 70.0), (100.0, 100.0), (105.0, 140.0)]}
    return scenario_from_dict(data)


# --- exactness of the fast evaluator -------------------------------------------------------


@pytest.mark.parametrize("name", ["integrated", "marketing_serves_sales", "shared_revenue", "siloed"])
@pytest.mark.parametrize("tight", [False, True], ids=["as-is", "cap-and-multiplier-binding"])
def test_fast_evaluation_equals_full_replay_for_any_weights(presets, history, annual, name, tight):
    """Annual true-up, year-to-date, no true-up, commission, caps and multipliers: all exact."""
    scenario = _tight(presets[name]) if tight else presets[name]
    perf = simulate_performance(scenario, history, annual, 300, 13, block_months=1)
    result = replay(scenario, perf)
    rng = np.random.default_rng(0)
    trials = [{r: _weights(p) for r, p in scenario.roles.items()}]
    for _ in range(3):
        trials.append({r: rng.dirichlet(np.ones(len(w))) * 100 if len(w) else w
                       for r, w in trials[0].items()})
    capped = False
    for weights in trials:
        named = {r: dict(zip([c.name for c in scenario.roles[r].weighted_components()], w))
                 for r, w in weights.items()}
        full = replay_years(apply_weights(scenario, named), perf)
        for role, rr in result.roles.items():
            fast = _basis(rr).earned(weights[role][None, :])[0]
            # the engine rounds each line to the cent (docs/money.md §7), the fast evaluator does not:
            # they agree to half a cent per line of the year
            lines_per_year = (len(rr.plan.components) + 2) * (2 if rr.plan.true_up.value == "annual" else 1) * \
                (12 // rr.plan.measurement_period.months)
            np.testing.assert_allclose(fast, full[role], rtol=0, atol=0.005 * lines_per_year)
            if tight and rr.plan.plan_cap is not None:
                capped |= bool(np.any(np.isclose(full[role], rr.plan.plan_cap / 100 * rr.plan.annual_target_variable)))
    if tight:
        assert capped, "the tight variant should make the plan cap bind somewhere"


# --- constraints of the answer -------------------------------------------------------------


def test_answer_satisfies_every_constraint(result, presets):
    scenario = presets["integrated"]
    assert result.best is not None
    best = result.best_weights
    for role, plan in scenario.roles.items():
        w = np.array([best[role][c.name] for c in plan.weighted_components()])
        assert w.sum() == pytest.approx(100.0, abs=1e-9)
        assert np.allclose(w / 5.0, np.round(w / 5.0))  # step_pct = 5
        assert (w >= 0).all()
        functional = ~_shared_mask(scenario, plan)
        assert w[functional].sum() >= 20.0 - 1e-9
        assert result.best[f"{role}.functional_share"] == pytest.approx(w[functional].sum())
    # expected cost within budget, checked by a full replay of the chosen scenario on the same years
    chosen = apply_weights(scenario, best)
    earned = replay_years(chosen, result.performance)
    cost = sum(v.mean() for v in earned.values())
    assert cost <= result.budget * (1 + 1e-9)
    assert cost == pytest.approx(result.best["expected_cost"], abs=0.01)  # the engine rounds each line to the cent; the fast evaluator does not (docs/money.md §7)
    assert result.best["verified_cost"] == pytest.approx(cost, rel=1e-12)
    if result.baseline["feasible"]:  # the current plans are candidates when they meet the constraints
        assert result.best["alignment"] >= result.baseline["alignment"] - 1e-12
    else:  # Integrated's VP of Sales keeps 5% on discount discipline, under the 20% functional minimum
        functional = ~_shared_mask(scenario, scenario.roles["vp_sales"])
        assert _weights(scenario.roles["vp_sales"])[functional].sum() < 20.0
    assert result.max_verify_error < 1e-6  # the engine rounds each line to the cent; the fast evaluator does not (docs/money.md §7)


def test_budget_is_binding_when_tight(presets, history, annual, result):
    costs = result.frontier["expected_cost"]
    budget = float(costs.iloc[0] + costs.iloc[-1]) / 2  # halfway along the frontier: binds by construction
    tight = optimise_weights(presets["integrated"], history, annual, budget=budget, **SMALL)
    assert tight.best is not None
    assert tight.best["verified_cost"] <= budget * (1 + 1e-9)
    assert tight.best["alignment"] < result.frontier["alignment"].iloc[-1]
    # the same search (same seed, same candidates): the answer is the last frontier row within the budget
    within = result.frontier[result.frontier["expected_cost"] <= budget]
    assert tight.best["alignment"] == pytest.approx(within["alignment"].max())
    assert (tight.frontier.loc[tight.frontier["within_budget"], "expected_cost"] <= budget * (1 + 1e-9)).all()
    assert (~tight.frontier["within_budget"]).any()
    nothing = optimise_weights(presets["integrated"], history, annual, budget=1.0, **SMALL)
    assert nothing.best is None and nothing.best_weights is None


def test_max_weight_and_min_functional_are_respected(presets, history, annual):
    scenario = presets["integrated"]
    res = optimise_weights(scenario, history, annual, min_functional_pct=40, max_weight_pct=40, **SMALL)
    for i in range(len(res.frontier)):
        if res.frontier.loc[i, "is_baseline"]:
            continue
        w = res.weights(i)
        for role, plan in scenario.roles.items():
            vals = np.array([w[role][c.name] for c in plan.weighted_components()])
            assert vals.max() <= 40 + 1e-9 and vals.sum() == pytest.approx(100)
            assert vals[~_shared_mask(scenario, plan)].sum() >= 40 - 1e-9


# --- the frontier --------------------------------------------------------------------------


def test_frontier_is_non_dominated_and_sorted(result):
    f = result.frontier
    assert len(f) >= 2
    a, c = f["alignment"].to_numpy(), f["expected_cost"].to_numpy()
    for i in range(len(f)):
        better_or_equal = (a >= a[i]) & (c <= c[i])
        strictly = (a > a[i]) | (c < c[i])
        assert not (better_or_equal & strictly).any(), f"row {i} is dominated"
    assert (np.diff(c) > 0).all() and (np.diff(a) > 0).all()
    checked = f.dropna(subset=["verified_cost"])
    assert len(checked) >= min(len(f), 10)
    np.testing.assert_allclose(checked["verified_cost"], checked["expected_cost"], rtol=0, atol=0.01)  # the engine rounds each line to the cent; the fast evaluator does not (docs/money.md §7)
    np.testing.assert_allclose(checked["verified_alignment"], checked["alignment"], atol=1e-6)  # cents


def test_pareto_mask_hand_worked():
    alignment = np.array([0.5, 0.4, 0.6, 0.6, 0.2, 0.6])
    cost = np.array([10.0, 12.0, 15.0, 16.0, 5.0, 15.0])
    # 0.2@5 and 0.5@10 and 0.6@15 survive; 0.4@12 (dominated by 0.5@10), 0.6@16 and the duplicate do not
    keep = pareto_mask(alignment, cost)
    assert sorted(zip(cost[keep], alignment[keep])) == [(5.0, 0.2), (10.0, 0.5), (15.0, 0.6)]


def test_search_is_reproducible(presets, history, annual, result):
    again = optimise_weights(presets["integrated"], history, annual, **SMALL)
    assert again.frontier.drop(columns=["verified_alignment", "verified_cost"]).equals(
        result.frontier.drop(columns=["verified_alignment", "verified_cost"]))


def test_every_preset_optimises(presets, history, annual):
    for name, scenario in presets.items():
        res = optimise_weights(scenario, history, annual, n_years=300, n_candidates=100, verify=3)
        assert res.best is not None, name
        if res.baseline["feasible"]:  # today's plans are candidates: the answer is at least as aligned
            assert res.best["alignment"] >= res.baseline["alignment"] - 1e-12, name


# --- apply_weights and candidates ----------------------------------------------------------


def test_apply_weights_returns_a_valid_scenario_that_replays_the_frontier_point(result, presets):
    scenario = presets["integrated"]
    row = len(result.frontier) // 2
    new = apply_weights(scenario, result.weights(row))
    assert isinstance(new, Scenario) and new is not scenario
    assert scenario_from_dict(new.model_dump(mode="python")) == new  # validates again
    for role, plan in new.roles.items():
        assert sum(c.weight for c in plan.weighted_components()) == pytest.approx(100)
        assert [c.name for c in plan.components] == [c.name for c in scenario.roles[role].components]
    earned = replay_years(new, result.performance)
    assert sum(v.mean() for v in earned.values()) == pytest.approx(result.frontier.loc[row, "expected_cost"],
                                                               abs=0.01)  # the engine rounds each line to the cent; the fast evaluator does not (docs/money.md §7)
    pct = {r: 100 * earned[r] / new.roles[r].annual_target_variable for r in new.roles}
    al, co, conflict = alignment_score(pct["vp_sales"], pct["vp_marketing"])
    assert al == pytest.approx(result.frontier.loc[row, "alignment"], abs=1e-6)  # lines in cents
    assert scenario.roles["vp_sales"].components[0].weight == 40  # the original is untouched


def test_apply_weights_reports_every_problem(presets):
    scenario = presets["integrated"]
    with pytest.raises(InputError) as err:
        apply_weights(scenario, {"vp_finance": {"x": 1}, "vp_sales": {"Nope": 10}})
    assert len(err.value.issues) == 2
    with pytest.raises(InputError, match="sum to 110"):
        apply_weights(scenario, {"vp_sales": {"Company revenue": 50}})
    siloed = presets["siloed"]
    name = next(c.name for c in siloed.roles["vp_sales"].components if isinstance(c, CommissionComponent))
    with pytest.raises(InputError, match="commission"):
        apply_weights(siloed, {"vp_sales": {name: 10}})


def test_round_to_step_keeps_the_sum():
    w = np.array([[33.3, 33.3, 33.4], [12.4, 12.6, 75.0], [100.0, 0.0, 0.0]])
    out = _round_to_step(w, 5.0)
    np.testing.assert_allclose(out.sum(axis=1), 100.0)
    np.testing.assert_allclose(out[2], [100, 0, 0])
    assert np.allclose(out % 5, 0)


def test_candidates_include_the_current_plan_first():
    rng = np.random.default_rng(1)
    current = np.array([40.0, 15.0, 10.0, 10.0, 25.0])
    shared = np.array([True, True, True, True, False])
    c = _candidates(current, shared, 200, 20.0, 5.0, rng)
    np.testing.assert_array_equal(c[0], current)
    assert len(np.unique(c, axis=0)) == len(c)
    assert (c[1:, 4] >= 20).all() and np.allclose(c.sum(axis=1), 100)
    assert _candidates(np.zeros(0), np.zeros(0, dtype=bool), 10, 20.0, 5.0, rng).shape == (1, 0)


def test_bench_optimiser_reports_timings():
    out = bench_optimiser(repeats=1)
    assert out["seconds_best"] > 0 and out["seconds_median"] >= out["seconds_best"]
    assert out["n_pairs"] > 10_000 and out["frontier_rows"] >= 2
    assert out["max_verify_error"] < 1e-6  # the engine rounds each line to the cent; the fast evaluator does not (docs/money.md §7)


# --- review fixes: the weight cap, settings, errors, streams ------------------------------


def _expected_cap(k: int, max_weight: float, step: float = 5.0) -> float:
    """The documented cap: max_weight, raised to the smallest step multiple >= 100 / k."""
    return max(max_weight, np.ceil(100.0 / k / step) * step)


@pytest.mark.parametrize("name", ["integrated", "marketing_serves_sales", "shared_revenue", "siloed"])
def test_every_preset_searches_under_the_apps_default_cap(presets, history, annual, name):
    """The app's default cap is 40%: every preset returns a frontier, and every weight respects the cap
    (or, for a plan with fewer than three weighted components, 100 / k rounded up to the step)."""
    scenario = presets[name]
    res = optimise_weights(scenario, history, annual, max_weight_pct=40, n_years=300, n_candidates=150, verify=3)
    assert len(res.frontier) > 0, name
    assert res.frontier["is_baseline"].dtype == bool
    for role, plan in scenario.roles.items():
        k = len(plan.weighted_components())
        if k:
            assert res.settings["max_weight_by_role"][role] == _expected_cap(k, 40)
    for i in range(len(res.frontier)):
        w = res.weights(i)
        for role, plan in scenario.roles.items():
            vals = np.array([w[role][c.name] for c in plan.weighted_components()])
            if not len(vals):
                continue
            assert vals.sum() == pytest.approx(100), (name, role)
            assert vals.max() <= _expected_cap(len(vals), 40) + 1e-9, (name, role, vals)
            if len(vals) * 40 >= 100:
                assert vals.max() <= 40 + 1e-9, (name, role, vals)


def test_candidates_are_drawn_under_the_cap():
    rng = np.random.default_rng(3)
    current = np.array([40.0, 15.0, 10.0, 10.0, 25.0])
    shared = np.array([True, True, True, True, False])
    c = _candidates(current, shared, 500, 20.0, 5.0, rng, max_weight=25.0)
    assert len(c) > 50  # drawn under the cap (the feasible set here is small: functional share 20 or 25)
    assert (c[1:] <= 25.0 + 1e-9).all() and np.allclose(c.sum(axis=1), 100)
    assert (c[1:, 4] >= 20 - 1e-9).all() and np.allclose(c % 5, 0)


@pytest.mark.parametrize("kwargs, match", [
    ({"max_weight_pct": 0}, "max_weight_pct"), ({"max_weight_pct": 120}, "max_weight_pct"),
    ({"threshold_pct": 0}, "threshold_pct"), ({"threshold_pct": 150}, "threshold_pct"),
    ({"step_pct": 3}, "step_pct"), ({"min_functional_pct": -1}, "min_functional_pct"),
    ({"max_weight_pct": 40, "min_functional_pct": 60}, "raise the maximum weight to at least 60"),
])
def test_bad_settings_raise_input_error(presets, history, annual, kwargs, match):
    with pytest.raises(InputError, match=match):
        optimise_weights(presets["integrated"], history, annual, n_years=50, n_candidates=10, **kwargs)


def test_wrong_number_of_roles_raises_input_error(presets, history, annual):
    data = presets["siloed"].model_dump(mode="python")
    del data["roles"]["vp_marketing"]
    with pytest.raises(InputError, match="compares two plans"):
        optimise_weights(scenario_from_dict(data), history, annual, n_years=50, n_candidates=10)
    data = presets["siloed"].model_dump(mode="python")
    data["roles"]["vp_cs"] = data["roles"]["vp_marketing"]
    with pytest.raises(InputError, match="aligns two plans"):
        optimise_weights(scenario_from_dict(data), history, annual, n_years=50, n_candidates=10)


def test_basis_of_a_multi_year_replay_raises_input_error(presets, history, annual):
    from comp_models.engine import performance

    scenario = presets["integrated"]
    rr = replay(scenario, performance(scenario, history, annual)).roles["vp_sales"]
    with pytest.raises(InputError, match="one complete plan year"):
        _basis(rr)


def test_candidate_stream_is_never_a_simulation_stream():
    from comp_models.analysis.optimise.candidates import _candidate_rng
    from comp_models.analysis.simulate.sampler import _stream

    got = _candidate_rng(7).random(8)
    for block in (0, 1, 7919):
        assert not np.array_equal(got, _stream(7, block).random(8)), block


def test_settings_are_typed(result):
    assert result.settings["target_year"] == 2025 and isinstance(result.settings["target_year"], int)
    assert result.frontier["is_baseline"].dtype == bool
    assert result.frontier["is_baseline"].sum() <= 1


def test_sensible_plan_constraints_hold_on_every_frontier_point(presets, history, annual):
    res = optimise_weights(presets["integrated"], history, annual, max_weight_pct=40, min_company_pct=25,
                           min_each_pct=5, n_candidates=300, n_years=500)
    comps = {r: presets["integrated"].roles[r].weighted_components() for r in res.roles}
    for _, row in res.frontier.iterrows():
        for r in res.roles:
            weights = {c.name: row[f"w:{r}:{c.name}"] for c in comps[r]}
            company = sum(w for c in comps[r] for n, w in weights.items()
                          if n == c.name and presets["integrated"].goals[c.goal].metric in ("revenue", "bookings"))
            assert company >= 25 - 1e-9 and min(weights.values()) >= 5 - 1e-9
    band = optimise_weights(presets["marketing_serves_sales"], history, annual, p_target_band=(60.0, 99.0),
                            n_candidates=200, n_years=500)
    for r in band.roles:
        assert band.frontier[f"{r}.p_at_or_above_target"].between(0.6 - 1e-9, 0.99 + 1e-9).all()


def test_functional_shares_count_what_the_optimiser_counts(presets):
    # Integrated: VP of Sales keeps only discount discipline (5%) on its own; VP of Marketing the matrix (15%)
    assert functional_shares(presets["integrated"]) == {"vp_sales": 5.0, "vp_marketing": 15.0}
    # Siloed shares nothing: every weighted component is functional
    shares = functional_shares(presets["siloed"])
    assert all(v in (0.0, 100.0) for v in shares.values())


def test_the_chance_of_reaching_target_the_weights_can_give_is_reported(presets, history, annual):
    res = optimise_weights(presets["integrated"], history, annual, n_years=300, n_candidates=60,
                           p_target_band=(99.0, 100.0))
    ranges = res.settings["p_at_target_range_pct"]
    assert set(ranges) == set(res.roles)
    for role, (lo, hi) in ranges.items():
        assert 0.0 <= lo <= hi <= 100.0
        # today's plan is one of the candidates: its chance lies in the range
        assert lo - 1e-9 <= 100.0 * res.settings["baseline_p_at_or_above_target"][role] <= hi + 1e-9
    if all(hi < 99.0 for _, hi in ranges.values()):
        assert len(res.frontier) == 0  # a band no candidate reaches finds nothing, and the range says why
