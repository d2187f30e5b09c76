"""The compiled loops (comp_models.kernels) give the numpy code's results bit for bit: rounding to the cent and
payout curves, on drawn values and curves, in every memory layout the engine hands them; simulated years give the
same cents with the loops on and off; a replay of the sample history never imports numba."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comp_models.kernels import ELEMENTWISE_MIN, KERNEL_MIN, compiled, flat
from comp_models.analysis import simulate_performance
from comp_models.analysis.simulate import replay_years
from comp_models.engine import round_cents
from comp_models.payouts import curve_payout
from comp_models.engine.windows import attainment_pct
from comp_models.types import Direction

N = KERNEL_MIN  # the smallest array the loops take
compiled()  # the loops loaded, as after a simulation of 20,000 years or more (kernels.load_for)
SETTINGS = settings(max_examples=60, deadline=None)


def numpy_only(f, *args, **kwargs):
    """f(*args, **kwargs) with the loops turned off (COMP_ALIGN_KERNELS=0): the numpy code."""
    before = os.environ.get("COMP_ALIGN_KERNELS")
    os.environ["COMP_ALIGN_KERNELS"] = "0"
    try:
        return f(*args, **kwargs)
    finally:
        if before is None:
            del os.environ["COMP_ALIGN_KERNELS"]
        else:
            os.environ["COMP_ALIGN_KERNELS"] = before


def _tile(values: list[float], n: int = N) -> np.ndarray:
    return np.resize(np.asarray(values, dtype=np.float64), n)


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a.view(np.int64), b.view(np.int64)))


money = st.one_of(
    st.floats(-1e9, 1e9, allow_nan=False),
    st.integers(-10**9, 10**9).map(lambda c: c / 200.0),  # half cents and cents
    st.integers(-10**7, 10**7).map(lambda c: c / 100.0 + 0.005),  # a half cent in decimal, noise in binary
    st.sampled_from([0.0, -0.0, np.nan, np.inf, -np.inf, 1e300, -5e-324, 0.005, -0.005, 1.005, 2.675]),
)


@SETTINGS
@given(st.lists(money, min_size=1, max_size=200))
def test_round_cents_compiled_is_numpy_bit_for_bit(values):
    x = _tile(values)
    assert flat(x) is not None  # the loop takes it
    want = numpy_only(round_cents, x)
    assert _same_bits(round_cents(x), want)
    y = np.asfortranarray(np.resize(x, (N, 2)))  # in place, month-major: the loop that reads and writes one array
    want_y = numpy_only(round_cents, y.copy(order="F"))
    assert _same_bits(round_cents(y, out=y).ravel(order="F"), want_y.ravel(order="F"))


@pytest.mark.parametrize("n", [ELEMENTWISE_MIN - 1, ELEMENTWISE_MIN, 10_000])
def test_the_element_loops_take_arrays_from_elementwise_min_the_same_bits(n):
    """From ELEMENTWISE_MIN values (a 10,000-year simulation's plan years) rounding, curves and attainment run
    compiled, below it numpy: the same bits either way."""
    rng = np.random.default_rng(n)
    att = np.round(rng.normal(100, 30, (n, 1)), 2)
    att[::97] = np.nan
    att[1::89] = 100.0  # exactly on a point
    assert (flat(att) is not None) == (n >= ELEMENTWISE_MIN)
    curve = [[80, 50], [100, 100], [130, 150]]
    pct = curve_payout(att, curve)
    assert _same_bits(pct, numpy_only(curve_payout, att, curve))
    line = pct * 123.456789
    assert _same_bits(round_cents(line), numpy_only(round_cents, line))
    target = np.full((n, 1), 97.5)
    for direction in Direction:
        assert _same_bits(attainment_pct(att, target, direction), numpy_only(attainment_pct, att, target, direction))


def test_round_cents_half_up_by_hand():
    """Written from the rule (half a cent away from zero, after dropping noise below 1/10,000 of a cent), with
    Decimal, not from the engine's formula."""
    cents = [0.125, -0.125, 1.005, 2.675, 0.015, -2.5e-3, 12_345.675, 0.0049999, 99.994999, -1.115]
    x = _tile(cents)
    got = round_cents(x)
    for v, g in zip(cents, got[:len(cents)]):
        noise_free = Decimal(repr(round(v * 100, 4)))
        want = float((noise_free / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        assert g == want, (v, g, want)


@pytest.mark.parametrize("layout", ["C", "F", "block", "strided", "in place", "out"])
def test_round_cents_every_layout(layout):
    rng = np.random.default_rng(5)
    base = np.round(rng.normal(0, 2e4, (N, 4)), 3)
    if layout == "F":
        base = np.asfortranarray(base)
    elif layout == "block":  # one line of a component-major (S, W, K) array, as the replay's detail keeps them
        base = np.ascontiguousarray(np.repeat(base[None], 3, axis=0)).transpose(1, 2, 0)[:, :, 1]
    elif layout == "strided":  # not contiguous: the numpy code
        base = np.repeat(base, 2, axis=1)[:, ::2]
    want = numpy_only(round_cents, base.copy(order="K"))
    if layout == "in place":
        x = base.copy()
        got = round_cents(x, out=x)
        assert got is x
    elif layout == "out":
        out = np.empty_like(base)
        got = round_cents(base, out=out)
        assert got is out
    else:
        got = round_cents(base)
    assert _same_bits(np.ascontiguousarray(got), np.ascontiguousarray(want))
    assert got.flags.f_contiguous == want.flags.f_contiguous or got.ndim == 1


@st.composite
def curves(draw):
    """Non-decreasing attainment points (a repeated point is a vertical step) with any payouts."""
    xs = sorted(draw(st.lists(st.integers(0, 40).map(lambda v: v * 5.0), min_size=1, max_size=7)))
    ys = draw(st.lists(st.floats(0, 400, allow_nan=False).map(lambda v: round(v, 2)), min_size=len(xs),
                       max_size=len(xs)))
    return list(zip(xs, ys))


attainments = st.one_of(st.floats(-50, 300, allow_nan=False).map(lambda v: round(v, 2)),
                        st.integers(0, 60).map(lambda v: v * 5.0),  # exactly on a point
                        st.sampled_from([np.nan, -0.0, 0.0, np.inf, -np.inf, 1e-300]))


@SETTINGS
@given(curves(), st.lists(attainments, min_size=1, max_size=100), st.sampled_from(["zero", "flat"]),
       st.sampled_from(["C", "F"]))
def test_curve_compiled_is_np_interp_bit_for_bit(curve, values, below_first, order):
    att = np.asarray(np.resize(np.asarray(values), (N, 3)), order=order)
    got = curve_payout(att, curve, below_first=below_first)
    want = numpy_only(curve_payout, att, curve, below_first=below_first)
    assert got.flags.f_contiguous == want.flags.f_contiguous
    assert _same_bits(np.ascontiguousarray(got), np.ascontiguousarray(want)), (curve, below_first)


def test_curve_by_hand():
    """A threshold at 50% with a jump to 20%, 100% at target, 200% at 150% (the cap): values worked by hand."""
    curve = [(50.0, 20.0), (100.0, 100.0), (150.0, 200.0)]
    att = _tile([np.nan, -5.0, 49.99, 50.0, 75.0, 100.0, 125.5, 150.0, 400.0])
    got = curve_payout(att, curve)[:9]
    assert got.tolist() == [0.0, 0.0, 0.0, 20.0, 60.0, 100.0, 151.0, 200.0, 200.0]
    assert curve_payout(att, curve, below_first="flat")[:3].tolist() == [20.0, 20.0, 20.0]


@pytest.mark.parametrize("preset", ["integrated", "marketing_serves_sales", "shared_revenue", "siloed"])
def test_simulated_years_same_cents_with_and_without_the_loops(presets, history, annual, preset):
    scenario = presets[preset]
    perf = simulate_performance(scenario.as_designed(), history, annual, 20_000, 3)
    got = replay_years(scenario, perf, workers=1)
    want = numpy_only(replay_years, scenario, perf, workers=1)
    for role in want:
        assert np.array_equal(got[role], want[role]), (role, np.flatnonzero(got[role] != want[role])[:5])


def test_the_loops_load_at_a_processs_second_large_simulation_only():
    """The app's replays (36 months of history, every preset, statements included) and the Alignment lab's
    default Monte Carlo (10,000 years) run the numpy code, and so does a process's first simulation of 20,000
    years: loading the loops (~0.4 s) would not repay itself. The second loads them; turned off, never."""
    code = (
        "import sys\n"
        "from comp_models import replay, performance\n"
        "from comp_models.analysis import monte_carlo, replay_years, simulate_performance\n"
        "from comp_models.data import sample_inputs\n"
        "from comp_models.statements import statement\n"
        "seen = []\n"
        "for p in ['integrated', 'marketing_serves_sales', 'shared_revenue', 'siloed']:\n"
        "    sc, hist, annual = sample_inputs(p)\n"
        "    statement(replay(sc, performance(sc, hist, annual)))\n"
        "    monte_carlo(sc, hist, annual, n_years=10_000, seed=3)\n"
        "seen.append('numba' in sys.modules)\n"
        "perf = simulate_performance(sc, hist, annual, 20_000, 3)\n"
        "replay_years(sc, perf)\n"
        "seen.append('numba' in sys.modules)\n"
        "replay_years(sc, perf)\n"
        "seen.append('numba' in sys.modules)\n"
        "print(*seen)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False True", out.stderr
    off = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "COMP_ALIGN_KERNELS": "0"})
    assert off.stdout.strip() == "False False False", off.stderr


amounts = st.one_of(st.floats(-1e7, 1e8, allow_nan=False).map(lambda v: round(v, 2)),
                    st.sampled_from([0.0, -0.0, np.nan, np.inf, 1e-300, 1_234_567.89, 1_000_000.0]))
positive = st.one_of(st.floats(0.01, 1e8, allow_nan=False).map(lambda v: round(v, 2)),
                     st.sampled_from([1_234_567.89, 1_000_000.0, 3.0, 0.0, np.inf]))


@SETTINGS
@given(st.lists(amounts, min_size=1, max_size=60), st.lists(positive, min_size=1, max_size=4),
       st.sampled_from(list(Direction)), st.sampled_from([0.0, 2.0, 2.5, 10.0]), st.sampled_from(["C", "F"]),
       st.booleans())
def test_attainment_compiled_is_numpy_bit_for_bit(actuals, targets, direction, tolerance, order, per_scenario):
    w = len(targets)
    actual = np.asarray(np.resize(np.asarray(actuals), (N, w)), order=order)
    target = np.asarray(targets, dtype=np.float64)
    if per_scenario:  # a target per scenario and window (S, W), e.g. a ratio's denominator-weighted mean
        target = np.asarray(np.resize(target[::-1], (N, w)) * 1.5, order=order)
    with np.errstate(all="ignore"):
        got = attainment_pct(actual, target, direction, tolerance)
        want = numpy_only(attainment_pct, actual, target, direction, tolerance)
    assert got.flags.f_contiguous == want.flags.f_contiguous
    assert _same_bits(np.ascontiguousarray(got), np.ascontiguousarray(want)), (direction, tolerance)


def test_attainment_by_hand():
    """From the rules (docs/money.md §3), worked by hand: a hit exactly on target is 100; each 1% under a
    lower-is-better target adds a point; on budget or within its 2-point band pays 100, overspend loses a point
    per point beyond the band, underspend never more than 100; an undefined actual attains 0."""
    target = np.array([1_234_567.89, 100.0, 100.0])
    actual = np.asfortranarray(np.resize(np.array([[1_234_567.89, 90.0, 101.0], [617_283.945, 130.0, 105.0],
                                                   [np.nan, 250.0, 80.0]]), (N, 3)))
    higher = attainment_pct(actual, target, Direction.HIGHER)
    assert higher[:3, 0].tolist() == [100.0, 50.0, 0.0]
    lower = attainment_pct(actual, target, Direction.LOWER)
    assert lower[:3, 1].tolist() == [110.0, 70.0, 0.0]
    budget = attainment_pct(actual, target, Direction.BUDGET, 2.0)
    assert budget[:3, 2].tolist() == [100.0, 97.0, 100.0]


@SETTINGS
@given(st.lists(money.filter(lambda v: not np.isinf(v)), min_size=1, max_size=120), st.sampled_from([1, 3, 4, 6, 12]))
def test_window_sums_compiled_are_numpy_bit_for_bit(values, width):
    """Month-major simulated years (S, 12) tiled into windows of `width` months: each window's months added in
    order, exactly as the numpy code adds them."""
    from comp_models.data import sample_inputs
    from comp_models.engine import Performance
    from comp_models.engine.windows import Windows

    scenario = sample_inputs("siloed")[0]
    x = np.asfortranarray(np.resize(np.asarray(values), (N, 12)))
    perf = Performance([f"2025-{m:02d}" for m in range(1, 13)], {"bookings": x}, {})
    start = np.arange(0, 12, width)
    got = Windows(perf, scenario).col_sum("bookings", start, start + width)
    want = numpy_only(lambda: Windows(perf, scenario).col_sum("bookings", start, start + width))
    assert got.shape == want.shape == (N, 12 // width)
    assert _same_bits(np.ascontiguousarray(got), np.ascontiguousarray(want))
