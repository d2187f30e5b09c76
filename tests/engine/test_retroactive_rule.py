"""Retroactive tiers (payouts.tiers.retroactive_commission) against their rule worked out value by value: the
rate of the highest tier whose start the amount reaches (exactly on a start reaches it) on the whole amount,
capped at the ceiling; nothing below the first start. Hypothesis (derandomized), over one table for every
window and a table per window, rates per window, with and without ceilings, amounts on the starts, NaN and -0."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comp_models.payouts.tiers import retroactive_commission

SETTINGS = dict(derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _rule(x: float, starts: list[float], rates: list[float], ceiling: float | None) -> float:
    reached = [i for i, s in enumerate(starts) if x >= s]
    if not reached:
        return math.nan if math.isnan(x) else 0.0 * x
    capped = x if ceiling is None else min(x, ceiling)
    return capped * rates[max(reached)] / 100.0


@st.composite
def cases(draw):
    s, w, t = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 5))
    per_window = draw(st.booleans())
    starts = [sorted(float(draw(st.integers(0, 200))) for _ in range(t)) for _ in range(w if per_window else 1)]
    rates_per_window = draw(st.booleans())
    rates = [[float(draw(st.integers(0, 400))) / 10 for _ in range(t)] for _ in range(w if rates_per_window else 1)]
    ceiling = draw(st.one_of(st.none(), st.integers(50, 250).map(float)))
    pool = sorted({v for row in starts for v in row})
    amount = st.one_of(st.sampled_from(pool), st.floats(0, 300, allow_nan=False), st.sampled_from([math.nan, -0.0]))
    x = [[draw(amount) for _ in range(w)] for _ in range(s)]
    return x, starts, rates, ceiling, per_window, rates_per_window


@settings(max_examples=400, **SETTINGS)
@given(cases())
def test_retroactive_is_the_rule_value_by_value(case):
    x, starts, rates, ceiling, per_window, rates_per_window = case
    s, w = len(x), len(x[0])
    st_arr = np.array(starts) if per_window else np.array(starts[0])  # (W, T) or (T,)
    rt_arr = np.broadcast_to(np.array(rates)[None], (s, w, len(rates[0]))) if rates_per_window else np.array(rates[0])
    got = retroactive_commission(np.array(x)[..., None], st_arr, rt_arr, ceiling)
    for i in range(s):
        for j in range(w):
            want = _rule(x[i][j], starts[j if per_window else 0], rates[j if rates_per_window else 0], ceiling)
            g = float(got[i, j])
            same = g == want and math.copysign(1, g) == math.copysign(1, want)
            assert (math.isnan(g) and math.isnan(want)) or same, (x[i][j], g, want)
