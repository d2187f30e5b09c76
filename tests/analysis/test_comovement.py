"""Payout % per comparison period and co-movement (comp_models.analysis.comovement): the quarterly
series equals the statement, annual plans compare years, identical plans move together."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comp_models import load_scenario, preset_paths, replay, scenario_from_dict, statement
from comp_models.analysis.comovement import co_movement
from comp_models.analysis.pairing import co_movement as pairing_co_movement
from comp_models.analysis.conflicts import conflict_periods
from comp_models.analysis.stress.run import payout_series
from comp_models.engine import performance
from comp_models.statements import quarterly_side_by_side

from .cases import identical_plans, preset_dict


def test_identical_commission_plans_too(sample):
    history, annual = sample
    scenario = scenario_from_dict(identical_plans("siloed", "vp_sales"))
    com = co_movement(scenario, history, annual)
    con = conflict_periods(scenario, history, annual)
    assert com.history == pytest.approx(1.0)
    assert con.rate == 0.0 and con.periods.empty


@pytest.mark.parametrize("preset", ["integrated", "marketing_serves_sales", "siloed", "shared_revenue"])
def test_quarterly_payout_matches_the_statement(sample, preset):
    history, annual = sample
    scenario = load_scenario(preset_paths()[preset])
    result = replay(scenario, performance(scenario, history, annual))
    series = payout_series(result)
    assert series.basis == "quarter" and len(series.labels) == 12
    side = quarterly_side_by_side(statement(result))
    for role, rr in result.roles.items():
        assert series.earned[role][0].sum() == pytest.approx(rr.period_earned[0].sum())
        np.testing.assert_allclose(series.earned[role][0], side[f"{role} earned"].to_numpy(), atol=0.02)
        # each quarter carries a quarter of its year's target variable (TI + that year's on-target commission)
        expected = np.repeat([rr.year_target_variable[y] / 4 for y in (2023, 2024, 2025)], 4)
        np.testing.assert_allclose(series.target[role], expected)
        np.testing.assert_allclose(series.pct[role][0], 100 * series.earned[role][0] / series.target[role])


def test_annual_plan_is_compared_on_years(sample):
    history, annual = sample
    data = preset_dict("siloed")
    data["roles"]["vp_marketing"]["measurement_period"] = "annual"
    scenario = scenario_from_dict(data)
    series = payout_series(replay(scenario, performance(scenario, history, annual)))
    assert series.basis == "year" and series.labels == ["2023", "2024", "2025"]
    com = co_movement(scenario, history, annual)
    assert com.n_periods == 3


def _pearson_by_hand(pairs: list[tuple[float, float]]) -> float:
    """Pearson's r from its definition over the finite pairs, in Python floats; NaN with fewer than 3 pairs or
    a constant series (docs/alignment.md)."""
    pairs = [(a, b) for a, b in pairs if math.isfinite(a) and math.isfinite(b)]
    if len(pairs) < 3:
        return math.nan
    xs, ys = [a for a, _ in pairs], [b for _, b in pairs]
    if min(xs) == max(xs) or min(ys) == max(ys):
        return math.nan
    mx, my = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    sxy = math.fsum((a - mx) * (b - my) for a, b in pairs)
    sxx, syy = math.fsum((a - mx) ** 2 for a in xs), math.fsum((b - my) ** 2 for b in ys)
    return sxy / (math.sqrt(sxx) * math.sqrt(syy))


# payout % and money, to the cent (a correlation of values near the smallest floats is not a question here)
finite_or_not = st.one_of(st.integers(-10**8, 10**8).map(lambda c: c / 100.0),
                          st.sampled_from([math.nan, math.inf, -math.inf, 0.0, 1.0]))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(finite_or_not, finite_or_not), max_size=30))
def test_pairing_co_movement_is_pearson_over_the_finite_pairs(pairs):
    got = pairing_co_movement([a for a, _ in pairs], [b for _, b in pairs])
    want = _pearson_by_hand(pairs)
    if math.isnan(want):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(max(-1.0, min(1.0, want)), abs=1e-9)
