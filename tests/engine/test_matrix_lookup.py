"""The payout matrix's lookup (payouts.matrix_payout) against its rule worked out value by value: the highest
level at or below each goal's attainment (a hit exactly on a level reaches it; an undefined or negative
attainment counts as 0), the payout of that row and column, nothing below either first level. Hypothesis
properties (derandomized) over few and many levels, values on the levels, NaN, infinities and both zeros, in
both memory layouts; and a matrix worked by hand."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comp_models.payouts import matrix_payout

SETTINGS = dict(derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _rule(ax: float, ay: float, levels_x: list[float], levels_y: list[float], payouts: list[list[float]]) -> float:
    def reached(a: float, levels: list[float]) -> int:
        a = 0.0 if math.isnan(a) or a < 0 else a
        return max((i for i, level in enumerate(levels) if a >= level), default=-1)

    i, j = reached(ay, levels_y), reached(ax, levels_x)
    return payouts[i][j] if i >= 0 and j >= 0 else 0.0


def _levels(draw, n: int) -> list[float]:
    steps = draw(st.lists(st.integers(1, 40), min_size=n, max_size=n))
    first = draw(st.integers(0, 90))
    return [float(first + sum(steps[:k])) for k in range(n)]


@st.composite
def cases(draw):
    nx, ny = draw(st.integers(1, 10)), draw(st.integers(1, 10))  # more than 8: the binary search
    levels_x, levels_y = _levels(draw, nx), _levels(draw, ny)
    payouts = [[float(draw(st.integers(0, 300))) for _ in range(nx)] for _ in range(ny)]
    special = st.sampled_from([math.nan, -0.0, 0.0, -5.0, math.inf, -math.inf])

    def attainment(levels):
        return st.one_of(st.sampled_from(levels), special, st.floats(-20, 400, allow_nan=False),
                         st.sampled_from(levels).map(lambda v: math.nextafter(v, -math.inf)))

    n = draw(st.integers(1, 30))
    ax = [draw(attainment(levels_x)) for _ in range(n)]
    ay = [draw(attainment(levels_y)) for _ in range(n)]
    return levels_x, levels_y, payouts, ax, ay


@settings(max_examples=400, **SETTINGS)
@given(cases(), st.sampled_from(["C", "F"]))
def test_the_lookup_is_the_rule_value_by_value(case, order):
    levels_x, levels_y, payouts, ax, ay = case
    n = len(ax)
    x = np.array([ax, ax], dtype=np.float64, order=order)  # (S, W) in either layout
    y = np.array([ay, ay], dtype=np.float64, order=order)
    got = matrix_payout(x, y, levels_x, levels_y, payouts)
    want = [_rule(a, b, levels_x, levels_y, payouts) for a, b in zip(ax, ay)]
    assert got.shape == (2, n)
    assert got[0].tolist() == want and got[1].tolist() == want
    assert got.flags.f_contiguous == x.flags.f_contiguous  # the attainments' own layout


def test_a_matrix_worked_by_hand():
    levels, table = [85.0, 100.0, 115.0], [[0.0, 25.0, 50.0], [50.0, 100.0, 125.0], [75.0, 125.0, 150.0]]
    x = np.array([84.999999, 85.0, 100.0, 114.9, 115.0, 200.0, np.nan, 100.0])
    y = np.array([100.0, 85.0, 100.0, 115.0, 115.0, 84.0, 100.0, np.inf])
    # below 85 on x, nothing; (85, 85) row 0 col 0 = 0; (100, 100) = 100; x 114.9 is level 100, y 115 row 2 = 125;
    # (115, 115) = 150; y 84 below its first level = 0; NaN counts as 0% = 0; y inf reaches the top row = 125
    assert matrix_payout(x, y, levels, levels, table).tolist() == [0.0, 0.0, 100.0, 125.0, 150.0, 0.0, 0.0, 125.0]
