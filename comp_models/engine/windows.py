"""Window sums of monthly columns and targets, and attainment on them."""

from __future__ import annotations

import math

import numpy as np

from comp_models.engine.conditions import component_payout_pct, payout_key
from comp_models.engine.objectives import objective_columns
from comp_models.kernels import KERNEL_MIN, active, compiled, flat
from comp_models.kernels.memory import keep_freed_memory
from comp_models.engine.performance import MonthColumns, Performance
from comp_models.metrics import (METRICS, abs_error_column, metric_value, monthly_denominator, score_column,
                                 window_columns)
from comp_models.plans import Scenario
from comp_models.types import Aggregation, Direction, FloatArray


PAYOUT_KEEP_MIN = 4_096  # scenarios x windows from which a component's payout % is kept for others (`payout_pct`)
ATTAINMENT_DECIMALS = 6  # attainment % is rounded here before any level reads it (docs/money.md §3)


class Windows:
    """Window sums of monthly columns and targets, and each goal's actual, target and attainment on them."""

    def __init__(self, perf: Performance, scenario: Scenario):
        self.perf, self.scenario = perf, scenario
        if perf.columns and perf.n_scenarios * len(perf.months) >= KERNEL_MIN:
            keep_freed_memory()  # simulated years: keep freed temporaries' pages
        self._cs: dict[str, FloatArray] = {}
        self._derived: dict[str, FloatArray] = {}
        self._goals: dict[tuple, tuple[FloatArray, FloatArray, FloatArray]] = {}
        self._sums: dict[tuple, FloatArray] = {}
        self._payouts: dict[tuple, FloatArray] = {}

    def for_scenario(self, scenario: Scenario) -> "Windows":
        """These window sums and attainments, kept and shared, for another scenario measured alike: the same
        goals, scores and fiscal year (plans that differ only in their weights, say, replayed one after another
        on the same performance). ValueError when the scenario measures differently."""
        if scenario is self.scenario:
            return self
        if (scenario.goals != self.scenario.goals or scenario.scores != self.scenario.scores
                or scenario.fiscal_year_start != self.scenario.fiscal_year_start):
            raise ValueError("a scenario with other goals, scores or fiscal year measures its own windows")
        other = object.__new__(Windows)
        other.perf, other.scenario = self.perf, scenario
        other._cs, other._derived, other._goals, other._sums = self._cs, self._derived, self._goals, self._sums
        other._payouts = self._payouts
        return other

    def column(self, name: str) -> FloatArray:
        """A monthly series (S, M): a history column, or a derived one such as |bookings − forecast|."""
        if name in self.perf.columns:
            return self.perf.columns[name]
        if name not in self._derived and name.startswith("objective:"):
            # a performance built without the objectives' series (not through `performance`): the
            # scenario's own scores, the same in every scenario
            goal = name.split(":", 1)[1]
            if goal in self.scenario.goals and self.scenario.goals[goal].is_objective:
                scores = objective_columns(self.scenario, self.perf.months)[name]
                self._derived[name] = np.repeat(scores, self.perf.n_scenarios, axis=0)
        if name not in self._derived:
            actual, forecast = _abs_error_parts(name, self.perf.columns)
            self._derived[name] = np.abs(actual - forecast)
        return self._derived[name]

    def _col_cs(self, col: str) -> FloatArray:
        if col not in self._cs:
            self._cs[col] = running_totals(self.column(col))
        return self._cs[col]

    def target_sum(self, goal: str, start: np.ndarray, end: np.ndarray) -> FloatArray:
        """Sum of a goal's monthly targets over windows [start, end): (W,), each summed directly on its
        months (an exactly rounded sum, never a difference of running totals)."""
        t = self.perf.targets[goal].tolist()  # Python floats: fsum reads them faster than numpy's
        return np.array([math.fsum(t[a:b]) for a, b in zip(start.tolist(), end.tolist())])

    def col_sum(self, col: str, start: np.ndarray, end: np.ndarray) -> FloatArray:
        """Sums of a column over windows [start, end): (S, W). Cached: metrics share columns."""
        key = (col, start.tobytes(), end.tobytes())
        if key not in self._sums:
            self._sums[key] = self._col_sum(col, start, end)
        return self._sums[key]

    def _col_sum(self, col: str, start: np.ndarray, end: np.ndarray) -> FloatArray:
        n = len(start)
        if n and start[0] == 0 and np.array_equal(start[1:], end[:-1]) and np.all(end > start):
            # windows that tile the months (the periods, or whole years): no cumulative sum
            width = int(end[0])
            if np.all(end - start == width):
                return self._tiled_sum(col, n, width)
            return np.add.reduceat(self.column(col)[:, : end[-1]], start, axis=1)
        columns = self.perf.columns
        if isinstance(columns, MonthColumns) and col in columns and col not in self._cs:
            sums = columns.running_differences(col, start, end)  # simulated years: maybe without the months
            if sums is not None:
                return sums
        cs = self._col_cs(col)
        if cs.flags.f_contiguous and not cs.flags.c_contiguous:
            # month-major running totals (simulated years): take whole months, the same differences, without
            # gathering every scenario's row element by element
            return np.subtract(cs.T[end], cs.T[start]).T
        return cs[:, end] - cs[:, start]

    def _tiled_sum(self, col: str, n: int, width: int) -> FloatArray:
        """(S, n) sums of n windows of `width` months from month 0: the months of each window added in order as
        strided slices (numpy reduces a tiny inner axis slowly). An absolute error |actual − forecast| not yet
        derived is taken month by month from its two columns, the same values without the (S, M) column.
        Simulated years (`MonthColumns`) may give the same sums without their months (window tables)."""
        columns = self.perf.columns
        if isinstance(columns, MonthColumns):  # simulated years: the sums, maybe without the months
            if col in columns:
                sums = columns.tiled_sum(col, n, width)
            elif col.startswith("|") and col not in self._derived:
                sums = columns.tiled_abs_error_sum(*_abs_error_names(col), n, width)
            else:
                sums = None
            if sums is not None:
                return sums
        # an absolute error is named |actual − forecast| (metrics.abs_error_column)
        if col in self.perf.columns or col in self._derived or not col.startswith("|"):
            x = self.column(col)
            runs = _month_runs(x[:, : n * width]) if x.shape[1] >= n * width else None
            if runs is not None:
                # month-major (simulated years): one compiled pass, the same additions in the same order
                out = np.empty((n, x.shape[0])).T
                compiled().window_sums(runs[0], runs[1], width, out.T)
                return out
            out = x[:, 0: n * width: width].copy(order="K")  # the columns' own layout (month-major when simulated)
            for j in range(1, width):  # at most 11 additions, each over every scenario and window
                out += x[:, j: n * width: width]
            return out
        a, b = _abs_error_parts(col, self.perf.columns)
        out = np.subtract(a[:, 0: n * width: width], b[:, 0: n * width: width])
        np.abs(out, out=out)
        tmp = np.empty_like(out)
        for j in range(1, width):
            np.subtract(a[:, j: n * width: width], b[:, j: n * width: width], out=tmp)
            out += np.abs(tmp, out=tmp)
        return out

    def goal(self, goal_id: str, start: np.ndarray, end: np.ndarray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(actual (S,W), target (W,) or (S,W), attainment % (S,W)) of a goal on windows [start, end).

        Cached per goal and windows: a goal shared by two plans measured alike is computed once.
        """
        key = (goal_id, start.tobytes(), end.tobytes())
        if key not in self._goals:
            self._goals[key] = self._goal(goal_id, start, end)
        return self._goals[key]

    def payout_pct(self, c, plan, start: np.ndarray, end: np.ndarray, goal_att: dict[str, FloatArray]) -> FloatArray:
        """`component_payout_pct` of a bonus, matrix or objectives component on windows [start, end), where
        goal_att holds this object's attainments of the plan's goals on those windows (`goal`). Kept per
        `payout_key` and windows, read-only: a component paying on the same curve and conditions as another
        (a shared goal in both plans, or the same plan with other weights) reads the same array. Kept only for
        windows of at least PAYOUT_KEEP_MIN values (simulated years): on a history's few the key costs what
        the curve does."""
        if self.perf.n_scenarios * len(start) < PAYOUT_KEEP_MIN:
            return component_payout_pct(c, plan, goal_att)
        key = (payout_key(c, plan), start.tobytes(), end.tobytes())
        pct = self._payouts.get(key)
        if pct is None:
            pct = np.asarray(component_payout_pct(c, plan, goal_att))
            if any(np.may_share_memory(pct, a) for a in goal_att.values()):
                pct = pct.copy()  # an attainment passed through unchanged: keep a copy of its own, read-only
            pct.setflags(write=False)
            self._payouts[key] = pct
        return pct

    def window_target(self, goal_id: str, start: np.ndarray, end: np.ndarray) -> FloatArray:
        """A goal's target on windows (docs/money.md §2): the sum of its months (summed metrics), the
        mean weighted by each month's denominator (ratios; (S, W) when the months' targets differ),
        the plain mean (forecast accuracy, or a ratio window whose denominator is zero)."""
        goal = self.scenario.goals[goal_id]
        metric = METRICS[goal.metric]
        if metric.aggregation is Aggregation.SUM:
            return self.target_sum(goal_id, start, end)
        t = self.perf.targets[goal_id]
        mean = self.target_sum(goal_id, start, end) / np.maximum(end - start, 1)
        constant = _constant_windows(t, start, end)
        if metric.aggregation is Aggregation.ACCURACY or constant:
            return np.array([t[a] if b > a else np.nan for a, b in zip(start.tolist(), end.tolist())]) if constant \
                else mean
        den = monthly_denominator(metric, self.perf.columns)
        weighted = np.stack([(den[:, a:b] * t[a:b]).sum(axis=1) for a, b in zip(start.tolist(), end.tolist())], axis=1)
        den_sum = np.stack([den[:, a:b].sum(axis=1) for a, b in zip(start.tolist(), end.tolist())], axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den_sum > 0, weighted / den_sum, mean)

    def _goal(self, goal_id: str, start: np.ndarray, end: np.ndarray):
        goal = self.scenario.goals[goal_id]
        metric = METRICS[goal.metric]
        if metric.aggregation is Aggregation.SCORE:  # an objective: the mean score over the window's months
            actual = self.col_sum(score_column(goal_id), start, end) / np.maximum(end - start, 1)
            target = np.full(len(start), 100.0)
            return actual, target, attainment_pct(actual, target, Direction.HIGHER)
        actual = metric_value(metric, {c: self.col_sum(c, start, end) for c in window_columns(metric)})
        target = self.window_target(goal_id, start, end)
        att = attainment_pct(actual, target, goal.resolved_direction, goal.budget_tolerance_pct)
        return actual, target, att


def _constant_windows(t: FloatArray, start: np.ndarray, end: np.ndarray) -> bool:
    """Whether every non-empty window [start, end) of the months t holds one value, finite (np.ptp of each is
    0): each month equal to its window's first, which is finite. On Python floats, month by month: a plan's
    few dozen months are checked faster than numpy's calls are made."""
    v = t.tolist()
    for a, b in zip(start.tolist(), end.tolist()):
        if b <= a:
            continue
        first = v[a]
        if not math.isfinite(first) or any(x != first for x in v[a + 1: b]):
            return False
    return True


def _month_runs(x: FloatArray) -> tuple[np.ndarray, int] | None:
    """For the compiled window sums: a large float64 (S, M) array whose months are each one contiguous run of
    scenarios (simulated years, month-major, or a chunk of their rows) as (span, row stride): the memory from
    its first element to its last as one read-only 1-D array (inside x's own buffer), month m starting at
    m × row stride. Else None."""
    if not (isinstance(x, np.ndarray) and x.ndim == 2 and x.dtype == np.float64 and x.size >= KERNEL_MIN
            and active() and x.strides[0] == x.itemsize and x.strides[1] % x.itemsize == 0):
        return None
    s, m = x.shape
    row_stride = x.strides[1] // x.itemsize
    if row_stride < s:
        return None
    span = np.lib.stride_tricks.as_strided(x, shape=((m - 1) * row_stride + s,), strides=(x.itemsize,),
                                           writeable=False)
    return span, row_stride


def _abs_error_names(name: str) -> tuple[str, str]:
    """The (actual, forecast) columns whose |difference| is the column `name`; KeyError(name) if none."""
    for metric in METRICS.values():
        if abs_error_column(metric) == name:
            return metric.numerator, metric.denominator
    raise KeyError(name)


def _abs_error_parts(name: str, columns: dict[str, FloatArray]) -> tuple[FloatArray, FloatArray]:
    """The (actual, forecast) monthly columns whose |difference| is the column `name`; KeyError(name) if none."""
    actual, forecast = _abs_error_names(name)
    return columns[actual], columns[forecast]


def running_totals(x: FloatArray) -> FloatArray:
    """(S, M + 1): 0, then the running total of each row's months, added in month order (`np.cumsum` bit for bit).
    With many rows of a few months (simulated years) it adds month after month over all rows, into month-major
    memory: numpy accumulates a short row slowly."""
    s, m = x.shape
    if s <= 4 * m:
        return np.concatenate([np.zeros((s, 1)), np.cumsum(x, axis=1)], axis=1)
    out = np.empty((m + 1, s))
    out[0] = 0.0
    if m:
        out[1] = x[:, 0]
    for j in range(1, m):
        np.add(out[j], x[:, j], out=out[j + 1])
    return out.T


def attainment_pct(actual: FloatArray, target: FloatArray, direction: Direction,
                   tolerance_pct: float = 2.0) -> FloatArray:
    """Attainment in percent (docs/money.md §3), rounded to ATTAINMENT_DECIMALS places so that a hit
    exactly on a level is on the level.

    Higher is better: 100 * actual / target.
    Lower is better:  100 * (2 - actual / target), floored at 0, so each 1% under target adds
    1 point of attainment and each 1% over takes one away; it stays finite when actual is 0.
    Budget:           100 when 100 * actual / target <= 100 + tolerance (on or under budget never
    pays more), else 100 minus the points over the tolerance band, floored at 0.
    Targets are validated positive; an undefined actual (NaN) attains 0. A large contiguous (S, W) array is
    computed in one compiled pass (`kernels`), bit for bit the same.
    """
    fast = _attainment_compiled(actual, target, direction, tolerance_pct)
    if fast is not None:
        return fast
    pct = np.divide(actual, target)  # in place from here: this runs on every scenario and window
    pct *= 100.0
    if direction is Direction.LOWER:
        np.subtract(200.0, pct, out=pct)
    elif direction is Direction.BUDGET:  # 100 − points over the band where over it, else 100 (NaN stays NaN)
        pct -= 100.0 + tolerance_pct
        np.subtract(100.0, pct, out=pct)
        np.minimum(pct, 100.0, out=pct)
    np.round(pct, ATTAINMENT_DECIMALS, out=pct)
    return np.fmax(pct, 0.0, out=pct)  # fmax also maps NaN (undefined actual) to 0


_MODES = {Direction.HIGHER: 0, Direction.LOWER: 1, Direction.BUDGET: 2}


def _attainment_compiled(actual, target, direction: Direction, tolerance_pct: float) -> FloatArray | None:
    """attainment_pct by the compiled loop for a large contiguous float64 actual, in its own memory layout: a
    target of the same shape and layout, or one target per window (W,) of month-major (S, W) windows (each
    window's scenarios are contiguous); None where the numpy code runs."""
    af = flat(actual)
    if af is None or direction not in _MODES:
        return None
    t = np.asarray(target)
    if t.dtype != np.float64:
        return None
    out = np.empty_like(actual, order="K")
    run = compiled().attainment
    mode, budget = _MODES[direction], 100.0 + tolerance_pct
    if t.shape == actual.shape and t.strides == actual.strides:
        run(af, flat(t, 0), mode, budget, flat(out, 0))
    elif actual.ndim == 2 and t.shape == actual.shape[1:] and actual.flags.f_contiguous:
        for w in range(t.shape[0]):
            run(actual[:, w], t[w:w + 1], mode, budget, out[:, w])
    else:
        return None
    return out
