"""Year totals for simulations (engine.year_totals): the same cents as replaying every line, on every preset and
on random plans; measured on the year only where the plan trues up on it; a hand-worked year for each true-up.
Also the commission pieces simulations lean on: marginal tiers band by band, C(from) taken from the previous
period's C(to)."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comp_models import replay
from comp_models.analysis import simulate_performance
from comp_models.engine import annual_totals, round_cents, year_totals
from comp_models.engine.commission import commission_earned, period_commission
from comp_models.engine.replay import replay_role, role_grid_of
from comp_models.engine.windows import Windows
from comp_models.engine.year_totals import trued_up_on_year, whole_years
from comp_models.payouts.tiers import band_ends, marginal_commission

from helpers import make_scenario, one_role, perf
from tests.engine.test_properties import GOALS, SETTINGS, commission_components, random_perf, scenarios


def _replayed(scenario, performance) -> dict[str, np.ndarray]:
    """Each role's earned per plan year as the full replay adds its lines and true-up lines, to the cent."""
    return {r: round_cents(v) for r, v in annual_totals(replay(scenario, performance, payments=False)).items()}


def _assert_same(scenario, performance):
    fast, full = year_totals(scenario, performance), _replayed(scenario, performance)
    assert fast.keys() == full.keys()
    for role in full:
        assert fast[role].shape == full[role].shape
        bad = np.flatnonzero((fast[role] != full[role]).any(axis=1))
        assert bad.size == 0, (role, bad[:5], fast[role][bad[:5]], full[role][bad[:5]])


@pytest.mark.parametrize("preset", ["integrated", "marketing_serves_sales", "shared_revenue", "siloed"])
def test_every_preset_simulated_years_same_cents_as_the_replay(presets, history, annual, preset):
    scenario = presets[preset].as_designed()
    performance = simulate_performance(scenario, history, annual, 3_000, 11)
    _assert_same(scenario, performance)


@pytest.mark.parametrize("preset", ["integrated", "marketing_serves_sales", "shared_revenue", "siloed"])
def test_every_preset_on_the_sample_history(presets, sample_perf_of, preset):
    scenario = presets[preset]
    performance = sample_perf_of(scenario)
    _assert_same(scenario, performance)


@pytest.fixture(scope="module")
def sample_perf_of(history, annual):
    from comp_models import performance as build

    return lambda scenario: build(scenario, history, annual)


def test_which_plans_are_measured_on_the_year(presets, history, annual):
    """Annual and year-to-date true-ups on quarters or months are measured on the year; a plan without a
    true-up is added up period by period (Siloed)."""
    assert all(trued_up_on_year(p) for p in presets["integrated"].roles.values())
    assert all(trued_up_on_year(p) for p in presets["marketing_serves_sales"].roles.values())  # annual, ytd
    assert not any(trued_up_on_year(p) for p in presets["siloed"].roles.values())
    months = simulate_performance(presets["integrated"], history, annual, 2, 1).months
    assert whole_years(role_grid_of(presets["integrated"], "vp_sales", months))


def test_a_year_cut_short_is_replayed_in_full():
    """A history starting in April, or a role employed from May: no whole plan year, the full replay answers."""
    plan = {"measurement_period": "quarterly", "true_up": "annual", "target_incentive": 100_000.0,
            "components": [{"kind": "bonus", "name": "Revenue", "goal": "rev", "weight": 100,
                            "curve": [[80, 50], [100, 100], [120, 150]]}]}
    goals = {"rev": "revenue"}
    late = perf(12, {"revenue": [[50.0] * 6 + [150.0] * 6, [100.0] * 12]}, {"rev": 100.0})
    april = perf(["2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11",
                  "2024-12"], {"revenue": [[100.0] * 9]}, {"rev": 100.0})
    employed = make_scenario({"goals": goals, "roles": {"vp": plan}, "employment": {"vp": {"start": "2024-05-01"}}})
    assert not whole_years(role_grid_of(employed, "vp", late.months))
    _assert_same(employed, late)
    _assert_same(make_scenario({"goals": goals, "roles": {"vp": plan}}), april)


@pytest.mark.parametrize("true_up, expected", [("none", 75_000.00), ("annual", 100_000.00), ("ytd", 100_000.00)])
def test_hand_worked_year(true_up, expected):
    """TI 100,000 on quarters of revenue against 300 a quarter: the quarters attain 50%, 150%, 50%, 150%.
    Curve: nothing below 80%, 50% at 80%, 100% at 100%, 150% at 120% and flat after. Paid on quarters alone:
    25,000 x (0 + 150% + 0 + 150%) = 75,000.00. The year attains exactly 100% (1,200 of 1,200), so trued up
    on the year (annual or year to date) it earns 100% of 100,000 = 100,000.00."""
    scenario = one_role([{"kind": "bonus", "name": "Revenue", "goal": "rev", "weight": 100,
                          "curve": [[80, 50], [100, 100], [120, 150]]}], {"rev": "revenue"},
                        measurement_period="quarterly", true_up=true_up, target_incentive=100_000.0)
    quarters = [50.0] * 3 + [150.0] * 3 + [50.0] * 3 + [150.0] * 3
    performance = perf(12, {"revenue": [quarters, [100.0] * 12]}, {"rev": 100.0})
    totals = year_totals(scenario, performance)["vp"]
    assert totals[0, 0] == expected
    assert totals[1, 0] == 100_000.00  # on target every month: 100% however it is measured
    _assert_same(scenario, performance)


@settings(max_examples=60, **SETTINGS)
@given(scenario=scenarios(), seed=st.integers(0, 2**32 - 1), n_months=st.sampled_from([12, 24, 30]))
def test_random_plans_same_cents_as_the_replay(scenario, seed, n_months):
    """Any plan (bonus, matrix, commission; gates, caps, multiplier, plan cap; every period and true-up), over
    whole plan years or a last year still open: the year totals are the replay's, cent for cent."""
    _assert_same(scenario, random_perf(seed, n_months, 6))


@settings(max_examples=80, **SETTINGS)
@given(c=st.sampled_from(["monthly", "quarterly", "annual"]).flatmap(
    lambda period: st.tuples(st.just(period), commission_components("Commission", period))),
    seed=st.integers(0, 2**32 - 1))
def test_period_commission_is_c_to_minus_c_from(c, seed):
    """C(from) reused from the previous period's C(to) gives exactly C(to) − C(from) computed afresh."""
    period, component = c
    scenario = make_scenario({"goals": GOALS,
                              "roles": {"vp": {"measurement_period": period, "components": [component]}}})
    performance = random_perf(seed, 24, 5)
    win = Windows(performance, scenario)
    grid = role_grid_of(scenario, "vp", performance.months)
    comp = scenario.roles["vp"].components[0]
    before, upto, target, ungated = period_commission(comp, win, grid)
    direct = round_cents(commission_earned(comp, upto, target) - commission_earned(comp, before, target))
    assert np.array_equal(ungated, direct) and np.array_equal(np.signbit(ungated), np.signbit(direct))


@settings(max_examples=200, **SETTINGS)
@given(starts=st.lists(st.integers(0, 2_000_000), min_size=1, max_size=6, unique=True),
       rates=st.lists(st.integers(0, 1500), min_size=6, max_size=6),
       ceiling=st.one_of(st.none(), st.integers(2_000_001, 4_000_000)),
       xs=st.lists(st.integers(0, 5_000_000), min_size=1, max_size=20))
def test_marginal_tiers_by_the_rule(starts, rates, ceiling, xs):
    """Σ_t rate_t% × max(0, min(x, end_t) − start_t), written out per amount in plain Python, band after band."""
    s = np.sort(np.array(starts, dtype=float)) / 100.0
    r = np.array(rates[: len(s)], dtype=float) / 100.0
    ends = band_ends(s, None if ceiling is None else ceiling / 100.0)
    x = np.array(xs, dtype=float) / 100.0
    got = marginal_commission(x[:, None], s, ends, r)
    for xi, g in zip(x.tolist(), got.tolist()):
        total = 0.0
        for t in range(len(s)):
            band = max(min(xi, float(ends[t])) - float(s[t]), 0.0) * float(r[t]) / 100.0
            total = band if t == 0 else total + band
        assert g == total


@pytest.mark.parametrize("true_up, n_months, replayed", [("ytd", 12, False), ("ytd", 24, True),
                                                          ("annual", 24, False), ("none", 24, False)])
def test_which_years_are_replayed_in_full(monkeypatch, true_up, n_months, replayed):
    """Year to date, only a single year is measured on its window (a later year's to-date windows are running
    totals in `replay`, the year's window a direct sum: bit for bit only from month 0); annual and no true-up
    measure every whole year directly."""
    yt = importlib.import_module("comp_models.engine.year_totals")  # the module (the package exports the function)

    calls = []
    monkeypatch.setattr(yt, "replay_role", lambda *a, **k: calls.append(a) or replay_role(*a, **k))
    scenario = one_role([{"kind": "bonus", "name": "Revenue", "goal": "rev", "weight": 100,
                          "curve": [[80, 50], [100, 100], [120, 150]]}], {"rev": "revenue"},
                        measurement_period="quarterly", true_up=true_up, target_incentive=100_000.0)
    performance = perf(n_months, {"revenue": [[90.0 + i % 7 * 5 for i in range(n_months)]]}, {"rev": 100.0})
    fast = yt.year_totals(scenario, performance)
    assert bool(calls) is replayed
    assert np.array_equal(fast["vp"], _replayed(scenario, performance)["vp"])


@settings(max_examples=100, **SETTINGS)
@given(curve=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 80)), min_size=1, max_size=5),
       values=st.lists(st.one_of(st.floats(-50, 400, allow_nan=False), st.just(float("nan"))), min_size=2, max_size=40),
       flat=st.booleans())
def test_curve_on_period_major_years_is_the_same(curve, values, flat):
    """Simulated years x periods laid out period-major get the payout % of the same attainments in row order."""
    from comp_models.payouts import curve_payout

    xs = np.cumsum([1 + dx for dx, _ in curve]).astype(float).tolist()
    ys = np.cumsum([dy for _, dy in curve]).astype(float).tolist()
    points = list(zip(xs, ys))
    n = len(values) // 2
    rows = np.array(values[: 2 * n], dtype=float).reshape(n, 2)
    mode = "flat" if flat else "zero"
    period_major = np.asfortranarray(rows)
    got, want = curve_payout(period_major, points, below_first=mode), curve_payout(rows.copy(), points, below_first=mode)
    assert np.array_equal(got, want) and got.shape == want.shape


@pytest.mark.parametrize("windows", [([0], [12]), ([0, 3, 6, 9], [3, 6, 9, 12]), ([0, 6], [6, 12])])
def test_absolute_error_window_sums_month_by_month(windows):
    """A tiling window sum of |bookings − forecast| is taken month by month from the two columns without deriving
    the (S, M) column, bit for bit the sum of the derived column and of |actual − forecast| written out here."""
    from comp_models.data import sample_inputs

    scenario, history, annual = sample_inputs("integrated")
    performance = simulate_performance(scenario, history, annual, 300, seed=7)
    start, end = (np.array(w) for w in windows)
    col = "|bookings - forecast_bookings|"
    fused_win = Windows(performance, scenario)
    fused = fused_win.col_sum(col, start, end)
    assert col not in fused_win._derived  # no (S, M) column was built
    derived_win = Windows(performance, scenario)
    derived_win.column(col)
    assert np.array_equal(fused, derived_win.col_sum(col, start, end))
    err = np.abs(performance.columns["bookings"] - performance.columns["forecast_bookings"])
    by_hand = np.stack([_in_order_sum(err[:, a:b]) for a, b in zip(start, end)], axis=1)
    assert np.array_equal(fused, by_hand)


def _in_order_sum(block: np.ndarray) -> np.ndarray:
    """Each row's months added left to right, one at a time."""
    total = block[:, 0].copy()
    for m in range(1, block.shape[1]):
        total = total + block[:, m]
    return total


@pytest.mark.parametrize("preset", ["integrated", "marketing_serves_sales", "shared_revenue", "siloed"])
def test_windows_shared_by_plans_measured_alike_give_the_same_cents(presets, history, annual, preset):
    from comp_models.analysis.optimise.weights import apply_weights

    scenario = presets[preset].as_designed()
    performance = simulate_performance(scenario, history, annual, 500, 3)
    shared = Windows(performance, scenario)
    first = year_totals(scenario, performance, windows=shared)
    for role, plan in scenario.roles.items():
        weighted = [c.name for c in plan.weighted_components()]
        if len(weighted) < 2:
            continue
        moved = {weighted[0]: 0.0, weighted[1]: plan.weighted_components()[0].weight
                 + plan.weighted_components()[1].weight}  # all of the first's weight to the second
        other = apply_weights(scenario, {role: moved})
        got = year_totals(other, performance, [role], windows=shared)[role]
        want = year_totals(other, performance, [role])[role]  # its own windows
        assert np.array_equal(got, want) and not np.array_equal(got, first[role])
    for role in scenario.roles:
        assert np.array_equal(first[role], year_totals(scenario, performance, [role])[role])


def test_windows_are_not_shared_with_a_scenario_measured_otherwise(presets, history, annual):
    from comp_models.plans import scenario_from_dict

    scenario = presets["integrated"].as_designed()
    performance = simulate_performance(scenario, history, annual, 50, 3)
    shared = Windows(performance, scenario)
    data = scenario.model_dump(mode="python")
    goal = next(iter(data["goals"]))
    data["goals"][goal]["target_pct"] = 110.0  # other targets: other attainments
    with pytest.raises(ValueError, match="measures its own windows"):
        year_totals(scenario_from_dict(data, scenario.name), performance, windows=shared)
    with pytest.raises(ValueError, match="another performance"):
        year_totals(scenario, simulate_performance(scenario, history, annual, 50, 4), windows=shared)
