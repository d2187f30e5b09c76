"""The alignment lab, simulations, stress tests, the optimiser and advice study the current plans as
designed (docs/money.md §14 last bullet): given a scenario with an earlier plan version, employment
dates, an adjustment and a SPIFF, every entry point that replays returns what it returns for
`scenario.as_designed()`; the replay of the scenario itself (the payouts) does differ."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from comp_models import performance, replay, scenario_from_dict
from comp_models.analysis import (alignment_scorecard, co_movement, conflict_periods, incentive_gradients,
                                  monte_carlo, optimise_weights, pay_for_performance, replay_years,
                                  simulate_performance, stress_tests)
from comp_models.analysis.advice import alignment_advice
from comp_models.analysis.outcome import outcome_goals, pay_map, pay_vs_outcome
from comp_models.analysis.stress import stacked_replay


@pytest.fixture(scope="module")
def with_history_terms(presets):
    """Integrated, with VP Sales on an earlier plan (half the target incentive) until 2024-06, VP Marketing
    employed from 2023-04-10, a correction and a SPIFF."""
    data = presets["integrated"].model_dump(mode="json")
    current = data["roles"]["vp_sales"]
    earlier = {**current, "target_incentive": float(current["target_incentive"]) / 2, "effective_from": None}
    data["roles"]["vp_sales"] = {**current, "effective_from": "2024-07"}
    data["earlier_plans"] = {"vp_sales": [earlier]}
    data["employment"] = {"vp_marketing": {"start": "2023-04-10"}}
    data["adjustments"] = [{"month": "2024-03", "role": "vp_sales", "amount": -5000, "reason": "a cancelled deal"}]
    data["spiffs"] = [{"name": "Launch award", "roles": ["vp_marketing"], "start": "2024-07", "end": "2024-09",
                       "amount": 5000}]
    scenario = scenario_from_dict({**data, "name": "Integrated, with history terms"})
    assert scenario.has_history_terms and not scenario.as_designed().has_history_terms
    return scenario


def _same(a, b, path="result") -> None:
    """Equal, field by field (NaN equals NaN; timings are left out)."""
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        for f in dataclasses.fields(a):
            if f.name not in ("timing_ms", "seconds"):
                _same(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, obj=path)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, obj=path)
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            if k not in ("timing_ms", "seconds"):
                _same(a[k], b[k], f"{path}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{path}[{i}]")
    elif isinstance(a, (np.ndarray, float, np.floating)):
        np.testing.assert_array_equal(a, b, err_msg=path)
    elif hasattr(a, "months") and hasattr(a, "columns") and hasattr(a, "targets"):  # a Performance
        _same((a.months, a.columns, a.targets), (b.months, b.columns, b.targets), path)
    else:
        assert a == b, path


def test_the_payouts_do_replay_the_history_terms(with_history_terms, history, annual):
    """The premise: the scenario's own replay differs from the plan as designed."""
    designed = with_history_terms.as_designed()
    given, plan = ({r: rr.period_earned.sum() for r, rr in replay(s, performance(s, history, annual)).roles.items()}
                   for s in (with_history_terms, designed))
    assert given["vp_sales"] < plan["vp_sales"]  # half the target incentive until 2024-06
    assert given["vp_marketing"] < plan["vp_marketing"]  # nothing before 2023-04


def test_the_scorecard_studies_the_plan_as_designed(with_history_terms, history, annual):
    a = alignment_scorecard(with_history_terms, history, annual, simulations=60)
    b = alignment_scorecard(with_history_terms.as_designed(), history, annual, simulations=60)
    da, db = a.to_dict(), b.to_dict()
    for d in (da, db):
        d.pop("timing_ms", None)
        d.pop("scenario", None)
    _same(da, db)
    _same(a.metrics, b.metrics)


@pytest.mark.parametrize("measure", [co_movement, conflict_periods, pay_for_performance])
def test_the_history_measures_study_the_plan_as_designed(measure, with_history_terms, history, annual):
    _same(measure(with_history_terms, history, annual, simulations=40),
          measure(with_history_terms.as_designed(), history, annual, simulations=40))


def test_gradients_and_stress_tests_study_the_plan_as_designed(with_history_terms, history, annual):
    designed = with_history_terms.as_designed()
    _same(incentive_gradients(with_history_terms, history, annual), incentive_gradients(designed, history, annual))
    _same(stress_tests(with_history_terms, history, annual), stress_tests(designed, history, annual))
    perf = performance(designed, history, annual)
    _same(role_pay(stacked_replay(with_history_terms, perf, [])), role_pay(stacked_replay(designed, perf, [])))


def role_pay(result) -> dict:
    return {r: rr.period_earned for r, rr in result.roles.items()}


def test_simulations_study_the_plan_as_designed(with_history_terms, history, annual):
    designed = with_history_terms.as_designed()
    _same(monte_carlo(with_history_terms, history, annual, 80, 5), monte_carlo(designed, history, annual, 80, 5))
    perf = simulate_performance(with_history_terms, history, annual, 40, 5)
    _same(perf, simulate_performance(designed, history, annual, 40, 5))
    _same(replay_years(with_history_terms, perf), replay_years(designed, perf))


def test_the_outcome_charts_study_the_plan_as_designed(with_history_terms, history, annual):
    designed = with_history_terms.as_designed()
    goal = outcome_goals(designed)[0]
    _same(pay_vs_outcome(with_history_terms, history, annual, goal, levels=(80.0, 120.0)),
          pay_vs_outcome(designed, history, annual, goal, levels=(80.0, 120.0)))
    x, y = outcome_goals(designed)[:2]
    _same(pay_map(with_history_terms, history, annual, x, y, levels=(90.0, 110.0)),
          pay_map(designed, history, annual, x, y, levels=(90.0, 110.0)))


def test_the_optimiser_searches_the_plan_as_designed(with_history_terms, history, annual):
    kw = {"n_candidates": 25, "n_years": 60, "verify": 2}
    _same(optimise_weights(with_history_terms, history, annual, **kw),
          optimise_weights(with_history_terms.as_designed(), history, annual, **kw))


def test_advice_judges_the_plan_as_designed_and_its_move_keeps_the_history_terms(with_history_terms, history,
                                                                                  annual):
    a = alignment_advice(with_history_terms, history, annual, simulations=40)
    b = alignment_advice(with_history_terms.as_designed(), history, annual, simulations=40)
    assert (a.status, a.score, a.reasons) == (b.status, b.score, b.reasons)
    _same((a.alignment, a.co_movement, a.expected_cost), (b.alignment, b.co_movement, b.expected_cost))
    assert (a.best is None) == (b.best is None)
    if a.best is not None:
        assert (a.best.text, a.best.score_change) == (b.best.text, b.best.score_change)
        moved = scenario_from_dict(a.best.scenario)  # the move edits the current plan of the scenario given
        assert moved.earlier_plans == with_history_terms.earlier_plans
        assert moved.employment == with_history_terms.employment and moved.spiffs == with_history_terms.spiffs
    quick = alignment_advice(with_history_terms, history, annual, search=False)
    assert quick.line == alignment_advice(with_history_terms.as_designed(), history, annual, search=False).line
