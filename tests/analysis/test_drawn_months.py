"""Window sums of bootstrapped years from per-window tables (comp_models.analysis.simulate.drawn): the same
values bit for bit as gathering each simulated year's months and adding them in order, worked out here from
the bootstrap's rule alone (month m of year i is month m of the source year its block draws); simulations
give the same cents with and without the tables on every preset."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import comp_models.analysis.simulate.drawn as drawn
from comp_models.analysis.simulate.drawn import DrawnMonths, WindowTables
from comp_models.analysis.simulate.sampler import YearSampler
from comp_models.analysis.simulate.years import monte_carlo, replay_years, simulate_performance

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None)


def _months_by_rule(source: np.ndarray, choice: np.ndarray, phase: np.ndarray, block: int) -> np.ndarray:
    """(C, n, 12) each simulated year's months, one by one from the rule."""
    c, n = source.shape[0], len(choice)
    out = np.empty((c, n, 12))
    for i in range(n):
        for m in range(12):
            slot = 0 if block >= 12 else (m + int(phase[i])) // block
            out[:, i, m] = source[:, int(choice[i, slot]) * 12 + m]
    return out


def _added(months: np.ndarray, a: int, b: int) -> np.ndarray:
    """(n,) months a .. b−1 added in order, one addition at a time."""
    total = months[:, a].copy()
    for m in range(a + 1, b):
        total = total + months[:, m]
    return total


def _draws(rng: np.random.Generator, n: int, years: int, block: int) -> tuple[np.ndarray, np.ndarray]:
    slots = 1 if block >= 12 else (11 + block - 1) // block + 1
    phase = np.zeros(n, dtype=np.int64) if block >= 12 else rng.integers(0, block, n)
    return rng.integers(0, years, (n, slots)), phase


values = st.one_of(st.floats(-1e9, 1e9, allow_nan=False), st.integers(-10**7, 10**7).map(lambda c: c / 100.0),
                   st.sampled_from([0.0, -0.0, 0.1, 0.2, 0.3, 1e16, 1.0, 2.675]))


@SETTINGS
@given(st.integers(1, 4), st.sampled_from([1, 2, 3, 4, 5, 6, 12, 24]), st.integers(0, 2**31),
       st.data())
def test_table_sums_are_the_months_added_in_order(years, block, seed, data):
    rng = np.random.default_rng(seed)
    source = np.array(data.draw(st.lists(values, min_size=2 * years * 12, max_size=2 * years * 12))).reshape(2, -1)
    choice, phase = _draws(rng, 40, years, block)
    cols = DrawnMonths(WindowTables(source, block), {"a": 0, "f": 1}, choice, phase)
    months = _months_by_rule(source, choice, phase, block)
    for width in (1, 2, 3, 4, 6, 12):
        n = 12 // width
        got = cols.tiled_sum("a", n, width)
        if got is None:  # a table over TABLE_MAX: the engine adds the months
            continue
        want = np.stack([_added(months[0], k * width, k * width + width) for k in range(n)], axis=1)
        assert got.shape == want.shape and np.array_equal(got.view(np.int64), want.view(np.int64))
        err = np.abs(months[0] - months[1])
        got = cols.tiled_abs_error_sum("a", "f", n, width)
        want = np.stack([_added(err, k * width, k * width + width) for k in range(n)], axis=1)
        assert np.array_equal(got.view(np.int64), want.view(np.int64))
    start, end = np.array([0, 0, 3, 2]), np.array([3, 12, 9, 7])
    got = cols.running_differences("a", start, end)
    if got is not None:
        totals = np.concatenate([np.zeros((40, 1)), np.cumsum(months[0], axis=1)], axis=1)
        want = totals[:, end] - totals[:, start]
        assert np.array_equal(got.view(np.int64), want.view(np.int64))
    assert np.array_equal(cols["a"], months[0])  # a column read as months: the rule's months


def test_a_quarter_by_hand():
    """Two source years; blocks of 3 months. Year 0 starts its blocks at month 1 (phase 1): its first
    quarter reads months 0 of the slot-0 year and 1, 2 of the slot-1 year."""
    source = np.array([[1.0, 2.0, 4.0] + [0.0] * 9 + [10.0, 20.0, 40.0] + [0.0] * 9])
    choice = np.array([[1, 0, 1, 1, 1], [0, 0, 0, 0, 0]])
    cols = DrawnMonths(WindowTables(source, 3), {"x": 0}, choice, np.array([1, 0]))
    q = cols.tiled_sum("x", 4, 3)
    # phase 1: slot (0 + 1) // 3 = 0 -> year 1 (10), slot (1 + 1) // 3 = 0 -> year 1 (20), slot 1 -> year 0 (4)
    assert q[0].tolist() == [10.0 + 20.0 + 4.0, 0.0, 0.0, 0.0]
    assert q[1].tolist() == [1.0 + 2.0 + 4.0, 0.0, 0.0, 0.0]
    year = cols.running_differences("x", np.array([0]), np.array([12]))
    assert year[:, 0].tolist() == [34.0, 7.0]


def test_a_table_over_the_limit_leaves_the_sums_to_the_engine(monkeypatch):
    rng = np.random.default_rng(3)
    source = rng.random((1, 36))
    choice, phase = _draws(rng, 10, 3, 3)
    # the year reads 5 slots of 3 source years under 3 phases: 3 x 3^5 sums; a quarter 2 slots: 3 x 3^2
    monkeypatch.setattr(drawn, "TABLE_MAX", 3 * 3 ** 5 - 1)
    cols = DrawnMonths(WindowTables(source, 3), {"x": 0}, choice, phase)
    assert cols.tiled_sum("x", 1, 12) is None
    assert cols.running_differences("x", np.array([0]), np.array([12])) is None
    assert cols.tiled_sum("x", 4, 3) is not None
    # the quarters' tables kept (4 x 27 sums), not the months' too (4 months in one slot: 3 x 3; 8 in two: 3 x 9)
    monkeypatch.setattr(drawn, "KEPT_MAX", 4 * 27 + 4 * 9 + 8 * 27 - 1)
    assert cols.tiled_sum("x", 12, 1) is None
    assert cols.tiled_sum("x", 4, 3) is not None


def _earned_without_tables(monkeypatch, fn):
    """fn() with the simulated years drawn as plain months (`YearSampler.draw`), which the engine adds itself.
    Not by lowering TABLE_MAX: a fitted sampler keeps the tables and layouts an earlier run made."""
    def as_months(self, seed, start, stop, columns=None, given=None):
        return {**self.draw(seed, start, stop, columns), **(given or {})}

    with monkeypatch.context() as m:
        m.setattr(YearSampler, "drawn", as_months)
        return fn()


@pytest.mark.parametrize("block", [1, 3, 12])
def test_simulations_give_the_same_cents_with_and_without_tables(presets, history, annual, monkeypatch, block):
    for name, scenario in presets.items():
        def run():
            return monte_carlo(scenario, history, annual, n_years=3000, seed=5, block_months=block, chunk=1000)

        with_tables, without = run(), _earned_without_tables(monkeypatch, run)
        for role in scenario.roles:
            assert np.array_equal(with_tables.earned[role], without.earned[role]), (name, role)
        assert np.array_equal(with_tables.company_revenue, without.company_revenue), name


def test_company_revenue_is_the_months_added_in_order(presets, history, annual):
    scenario = presets["integrated"]
    mc = monte_carlo(scenario, history, annual, n_years=2000, seed=9, chunk=2000)
    perf = simulate_performance(scenario, history, annual, 2000, 9, chunk=2000)
    assert np.array_equal(mc.company_revenue, _added(perf.columns["revenue"], 0, 12))
    assert np.array_equal(mc.earned["vp_sales"], replay_years(scenario, perf)["vp_sales"])


def test_a_long_span_is_drawn_as_months(history):
    sampler = YearSampler.fit(history)
    assert isinstance(sampler.drawn(7, 0, 1000, ["revenue"]), DrawnMonths)
    big = sampler.drawn(7, 0, 40_000, ["revenue"])  # over GATHER_BLOCKS blocks: index arrays would be large
    assert isinstance(big, dict) and big["revenue"].shape == (40_000, 12)
    assert np.array_equal(big["revenue"][:1000], sampler.drawn(7, 0, 1000, ["revenue"])["revenue"])
