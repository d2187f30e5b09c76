"""A ratio goal's window target is its months' level when every month of the window has the same finite target
(docs/money.md §2): the check of all windows at once (`windows._constant_windows`) against the rule, window by
window; and a window's summed target is the exactly rounded sum of its months."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from comp_models.engine.windows import _constant_windows

values = st.sampled_from([0.0, -0.0, 1.0, 2.0, 0.1, math.nan, math.inf, -math.inf, 1e300])


def _one_finite_value(window: list[float]) -> bool:
    return all(math.isfinite(v) for v in window) and all(v == window[0] for v in window)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(values, min_size=1, max_size=14), st.data())
def test_constant_windows_follow_the_rule_window_by_window(targets, data):
    m = len(targets)
    windows = data.draw(st.lists(st.tuples(st.integers(0, m), st.integers(0, m)), max_size=5))
    start = np.array([a for a, _ in windows], dtype=np.int64)
    end = np.array([b for _, b in windows], dtype=np.int64)
    want = all(_one_finite_value(targets[a:b]) for a, b in windows if b > a)  # an empty window counts as level
    assert _constant_windows(np.array(targets), start, end) is want


def test_constant_windows_by_hand():
    t = np.array([5.0, 5.0, 5.0, 6.0, 6.0, 6.0, 7.0])
    assert _constant_windows(t, np.array([0, 3]), np.array([3, 6]))  # two quarters, each one level
    assert not _constant_windows(t, np.array([0, 2]), np.array([2, 5]))  # the second straddles 5 -> 6
    assert not _constant_windows(np.array([5.0, math.nan, 5.0]), np.array([1]), np.array([2]))  # NaN: no level
    assert _constant_windows(t, np.array([4, 2]), np.array([4, 1]))  # empty windows only
