"""Window sums of monthly columns and targets, and attainment on them."""

from __future__ import annotations

import numpy as np

from comp_models.engine.performance import Performance
from comp_models.metrics import METRICS, columns_for, metric_value
from comp_models.plans import Scenario
from comp_models.types import Direction, FloatArray


class Windows:
    """Window sums of monthly columns through cumulative sums (one pass per column)."""

    def __init__(self, perf: Performance, scenario: Scenario):
        self.perf, self.scenario = perf, scenario
        self._cs: dict[str, FloatArray] = {}
        self._tcs: dict[str, FloatArray] = {}
        self._goals: dict[tuple, tuple[FloatArray, FloatArray, FloatArray]] = {}
        self._sums: dict[tuple, FloatArray] = {}

    def _col_cs(self, col: str) -> FloatArray:
        if col not in self._cs:
            x = self.perf.columns[col]
            self._cs[col] = np.concatenate([np.zeros((x.shape[0], 1)), np.cumsum(x, axis=1)], axis=1)
        return self._cs[col]

    def _target_cs(self, goal: str) -> FloatArray:
        if goal not in self._tcs:
            self._tcs[goal] = np.concatenate([[0.0], np.cumsum(self.perf.targets[goal])])
        return self._tcs[goal]

    def target_sum(self, goal: str, start: np.ndarray, end: np.ndarray) -> FloatArray:
        """Sum of a goal's monthly targets over windows [start, end): (W,)."""
        tcs = self._target_cs(goal)
        return tcs[end] - tcs[start]

    def col_sum(self, col: str, start: np.ndarray, end: np.ndarray) -> FloatArray:
        """Sums of a column over windows [start, end): (S, W). Cached: metrics share columns."""
        key = (col, start.tobytes(), end.tobytes())
        if key not in self._sums:
            self._sums[key] = self._col_sum(col, start, end)
        return self._sums[key]

    def _col_sum(self, col: str, start: np.ndarray, end: np.ndarray) -> FloatArray:
        x = self.perf.columns[col]
        n = len(start)
        if n and start[0] == 0 and np.array_equal(start[1:], end[:-1]) and np.all(end > start):
            # windows that tile the months (the periods, or whole years): no cumulative sum
            width = int(end[0])
            if np.all(end - start == width):
                # add the months of each window as strided slices: numpy reduces a tiny inner axis slowly
                out = x[:, 0: n * width: width].copy()
                for j in range(1, width):  # at most 11 additions, each over every scenario and window
                    out += x[:, j: n * width: width]
                return out
            return np.add.reduceat(x[:, : end[-1]], start, axis=1)
        cs = self._col_cs(col)
        return cs[:, end] - cs[:, start]

    def goal(self, goal_id: str, start: np.ndarray, end: np.ndarray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(actual (S,W), target (W,), attainment % (S,W)) of a goal on windows [start, end).

        Cached per goal and windows: a goal shared by two plans measured alike is computed once.
        """
        key = (goal_id, start.tobytes(), end.tobytes())
        if key not in self._goals:
            self._goals[key] = self._goal(goal_id, start, end)
        return self._goals[key]

    def _goal(self, goal_id: str, start: np.ndarray, end: np.ndarray):
        goal = self.scenario.goals[goal_id]
        metric = METRICS[goal.metric]
        actual = metric_value(metric, {c: self.col_sum(c, start, end) for c in columns_for(metric)})
        target = self.target_sum(goal_id, start, end)
        if metric.aggregation.value != "sum":
            target = target / np.maximum(end - start, 1)
        return actual, target, attainment_pct(actual, target, goal.resolved_direction)


def attainment_pct(actual: FloatArray, target: FloatArray, direction: Direction) -> FloatArray:
    """Attainment in percent.

    Higher is better: 100 * actual / target.
    Lower is better:  100 * (2 - actual / target), floored at 0, so each 1% under target adds
    1 point of attainment and each 1% over takes one away; it stays finite when actual is 0.
    Targets are validated positive; an undefined actual (NaN) attains 0.
    """
    pct = np.divide(actual, target)  # in place from here: this runs on every scenario and window
    if direction is not Direction.HIGHER:
        np.subtract(2.0, pct, out=pct)
    pct *= 100.0
    return np.fmax(pct, 0.0, out=pct)  # fmax also maps NaN (undefined actual) to 0
