"""Replay plans over monthly performance: attainment, component payouts, conditions, true-up.

Everything is vectorised over a leading scenario axis S (S = 1 for the history, S = number
of simulated years for Monte Carlo) and over periods; Python loops run only over a plan's
components and, in the payment ledger, over the periods of a year.

Array shapes: monthly inputs (S, M); window results (S, W); per-line results (S, P, L)
where the lines of a plan are its components in order, then "multiplier", then "plan cap".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ._types import Accumulate, Direction, FloatArray, TierBasis, TrueUp
from .calendar import PeriodGrid, period_grid
from .curves import curve_payout, matrix_payout, tiered_commission
from .ledger import Ledger, payment_ledger
from .metrics import METRICS, columns_for, metric_value
from .scenario import BonusComponent, CommissionComponent, MatrixComponent, Plan, Scenario, plan_goal_refs

MULTIPLIER, PLAN_CAP = "multiplier", "plan cap"
DETAIL_FIELDS = ("actual", "target", "attainment", "payout_pct", "earned")


class Detail(Mapping):
    """A plan's component basis on a set of windows: field -> (S, W, K) array (see DETAIL_FIELDS).

    payout_pct and earned are computed for every scenario; target is the same for all of them
    (a broadcast view); actual and attainment are the goals' own arrays, referenced per
    component and stacked into (S, W, K) only when read (statements do, simulations do not).
    """

    LAZY = ("actual", "attainment")

    def __init__(self, s: int, w: int, k: int):
        self.shape = (s, w, k)
        # component-major memory behind (S, W, K) views: each component writes one contiguous block
        self.eager = {f: np.empty((k, s, w)).transpose(1, 2, 0) for f in ("payout_pct", "earned")}
        self.eager["target"] = np.empty((1, w, k))
        self.sources: dict[str, list[FloatArray | None]] = {f: [None] * k for f in self.LAZY}
        self._built: dict[str, FloatArray] = {}

    def measure(self, i: int, actual: FloatArray, target: FloatArray, attainment: FloatArray) -> None:
        """Component i is measured on a goal: keep references to its arrays (no copy)."""
        self.sources["actual"][i], self.sources["attainment"][i] = actual, attainment
        self.eager["target"][0, :, i] = target

    def copy_components(self, other: "Detail", idx: list[int]) -> None:
        """Take components idx (e.g. commission, measured on periods) from another Detail."""
        for f in ("payout_pct", "earned"):
            self.eager[f][:, :, idx] = other.eager[f][:, :, idx]
        self.eager["target"][0, :, idx] = other.eager["target"][0, :, idx]
        for f in self.LAZY:
            for i in idx:
                self.sources[f][i] = other.sources[f][i]

    def finish(self) -> "Detail":
        self.eager["target"] = np.broadcast_to(self.eager["target"], self.shape)  # read-only view
        return self

    def __getitem__(self, field: str) -> FloatArray:
        if field in self.eager:
            return self.eager[field]
        if field not in self.LAZY:
            raise KeyError(field)
        if field not in self._built:
            out = np.full(self.shape, np.nan)
            for i, src in enumerate(self.sources[field]):
                if src is not None:
                    out[:, :, i] = src
            self._built[field] = out
        return self._built[field]

    def __iter__(self):
        return iter(DETAIL_FIELDS)

    def __len__(self) -> int:
        return len(DETAIL_FIELDS)


@dataclass(frozen=True)
class Performance:
    """Monthly performance to replay: columns (S, M) and each goal's monthly targets.

    Targets may run past the last month (to the year's end, length >= M): windows inside the
    history read only their own months; a commission tier window that the history ends inside
    reads its whole target."""

    months: list[str]
    columns: dict[str, FloatArray]
    targets: dict[str, FloatArray]

    @property
    def n_scenarios(self) -> int:
        return next(iter(self.columns.values())).shape[0]


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


@dataclass
class RoleResult:
    """One role's replay. Line arrays are (S, P, L); component detail arrays (S, P, K)."""

    role: str
    plan: Plan
    grid: PeriodGrid
    line_names: list[str]
    earned: FloatArray  # per period: advances / increments / final amounts, by line
    true_up: FloatArray  # annual true-up lines (zeros unless true_up == annual), at year-closing periods
    detail: Mapping[str, FloatArray]  # basis of each period's component lines: see DETAIL_FIELDS
    goal_attainment: dict[str, FloatArray]  # goal -> (S, P) attainment % on the basis windows
    period_goal_attainment: dict[str, FloatArray]  # goal -> (S, P) on the periods (commission gates use these)
    multiplier: FloatArray  # (S, P) factor applied (1 when none)
    cap_limit: FloatArray  # (P,) plan cap amount on the basis window (inf when none)
    commission_position: dict[str, FloatArray]  # "from"/"to" cumulative amounts (S, P, K), "window_target" (P, K)
    ledger: Ledger
    basis: str = "period"  # "period" or "ytd": what the detail measures
    # the full-year re-measurement, compact: (S, Y, K) / (S, Y) at the year-closing periods `closing`
    closing: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    year_detail: Mapping[str, FloatArray] = field(default_factory=dict)
    year_goal_attainment: dict[str, FloatArray] = field(default_factory=dict)

    @cached_property
    def annual_detail(self) -> dict[str, FloatArray]:
        """Re-measured full-year basis (S, P, K): values at year-closing periods, NaN elsewhere.

        Built on first use from the compact year arrays (simulations rarely need it)."""
        s, p, k = self.earned.shape[0], self.grid.n, len(self.plan.components)
        return {f: np.broadcast_to(_at_periods(self.year_detail[f], self.closing, p), (s, p, k))
                if f in self.year_detail else np.full((s, p, k), np.nan) for f in DETAIL_FIELDS}

    @cached_property
    def annual_goal_attainment(self) -> dict[str, FloatArray]:
        """goal -> (S, P) full-year attainment % at year-closing periods, NaN elsewhere."""
        return {g: _at_periods(a, self.closing, self.grid.n) for g, a in self.year_goal_attainment.items()}

    @property
    def target_variable(self) -> FloatArray:
        """(P,) target variable pay for each period: annual target variable pro rata to its months."""
        return self.plan.annual_target_variable * self.grid.months / 12.0

    @property
    def period_earned(self) -> FloatArray:
        """(S, P) earned per period, true-up lines included."""
        return self.earned.sum(axis=2) + self.true_up.sum(axis=2)


@dataclass
class ReplayResult:
    scenario: Scenario
    months: list[str]
    roles: dict[str, RoleResult] = field(default_factory=dict)


def apply_conditions(c: BonusComponent | MatrixComponent | CommissionComponent, plan: Plan, pct: FloatArray,
                     goal_att: dict[str, FloatArray]) -> FloatArray:
    """Apply gates (plan and component), conditional caps and joint-upside rules to payout %."""
    for gate in [*plan.gates, *c.gates]:
        pct = np.where(goal_att[gate.goal] >= gate.min_attainment, pct, 0.0)
    for cc in getattr(c, "conditional_caps", []):
        pct = np.where(goal_att[cc.goal] >= cc.min_attainment, pct, np.minimum(pct, cc.cap))
    required = getattr(c, "upside_requires", [])
    if required:
        all_met = np.logical_and.reduce([goal_att[g] >= 100.0 for g in required])
        pct = np.where(all_met, pct, np.minimum(pct, 100.0))
    return pct


def component_payout_pct(c: BonusComponent | MatrixComponent, plan: Plan, goal_att: dict[str, FloatArray]) -> FloatArray:
    """Payout % of a bonus or matrix component from its goals' attainment %, conditions applied.

    goal_att: goal -> attainment % arrays (any shape, all alike); the result has that shape.
    """
    att = goal_att[c.goal]
    if isinstance(c, BonusComponent):
        pct = curve_payout(att, c.curve)
    else:
        pct = matrix_payout(att, goal_att[c.goal_y], c.levels_x, c.levels_y, c.payouts)
    return apply_conditions(c, plan, pct, goal_att)


def commission_earned(c: CommissionComponent, amount: FloatArray, window_target: FloatArray) -> FloatArray:
    """Commission on `amount` (..., W) by the component's tier table, for windows whose target is
    `window_target` (W,): tier starts (and ceiling) given in % of target are scaled to amounts."""
    starts = np.array([t.start for t in c.tiers], dtype=np.float64)
    ceiling = c.ceiling
    if c.tier_basis is TierBasis.ATTAINMENT:
        window_target = np.asarray(window_target, dtype=np.float64)
        starts = starts[None, :] / 100.0 * window_target[:, None]  # (W, T)
        ceiling = None if c.ceiling is None else c.ceiling / 100.0 * window_target
    return tiered_commission(amount, starts, c.tier_mode, rates_pct=np.array([t.rate or 0.0 for t in c.tiers]),
                             tier_amounts=np.array([t.amount or 0.0 for t in c.tiers]), ceiling=ceiling)


def _weighted_lines(plan: Plan, win: Windows, start: np.ndarray, end: np.ndarray, goals: list[str]):
    """Evaluate the weighted (bonus, matrix) components on windows [start, end).

    Returns (Detail of (S, W, K) with commission slots NaN for _commission to fill, and the
    attainment % (S, W) of every goal the plan refers to).
    """
    s = win.perf.n_scenarios
    k = len(plan.components)
    goal_att = {}
    goal_cache = {}
    for g in goals:
        goal_cache[g] = win.goal(g, start, end)
        goal_att[g] = goal_cache[g][2]
    detail = Detail(s, len(start), k)
    for i, c in enumerate(plan.components):
        if isinstance(c, CommissionComponent):
            for f in detail.eager:
                detail.eager[f][:, :, i] = np.nan  # filled by _commission on period windows
    share = plan.annual_target_incentive * (end - start) / 12.0  # (W,)
    for i, c in enumerate(plan.components):
        if isinstance(c, CommissionComponent):
            continue
        actual, target, att = goal_cache[c.goal]
        pct = component_payout_pct(c, plan, goal_att)
        detail.measure(i, actual, target, att)
        detail["payout_pct"][:, :, i] = pct
        np.multiply(pct, c.weight / 1e4 * share, out=detail["earned"][:, :, i])
    return detail, goal_att


def _commission(plan: Plan, win: Windows, grid: PeriodGrid, goal_att: dict[str, FloatArray],
                detail: Detail) -> dict[str, FloatArray]:
    """Fill commission components' period detail; tier position measured per period or cumulatively."""
    s, p, k = detail["earned"].shape
    position = {"from": np.full((s, p, k), np.nan), "to": np.full((s, p, k), np.nan),
                "window_target": np.full((p, k), np.nan)}
    for i, c in enumerate(plan.components):
        if not isinstance(c, CommissionComponent):
            continue
        if c.accumulate is Accumulate.PERIOD:
            acc_start, acc_end = grid.start, grid.end
        else:
            acc_start = grid.start - grid.start % c.accumulate.months
            acc_end = np.minimum(acc_start + c.accumulate.months, len(win.perf.targets[c.goal]))
        col = METRICS[win.scenario.goals[c.goal].metric].numerator
        before = win.col_sum(col, acc_start, grid.start)
        upto = win.col_sum(col, acc_start, grid.end)
        window_target = win.target_sum(c.goal, acc_start, acc_end)  # (P,)
        earned = commission_earned(c, upto, window_target) - commission_earned(c, before, window_target)
        actual, target, att = win.goal(c.goal, grid.start, grid.end)
        gate = apply_conditions(c, plan, np.ones_like(earned), goal_att)
        period_target = c.target_earnings * grid.months / 12.0
        detail.measure(i, actual, target, att)
        detail["earned"][:, :, i] = earned * gate
        with np.errstate(divide="ignore", invalid="ignore"):
            detail["payout_pct"][:, :, i] = np.where(period_target > 0, 100.0 * earned * gate / period_target, 0.0)
        position["from"][:, :, i], position["to"][:, :, i] = before, upto
        position["window_target"][:, i] = window_target
    return position


def plan_adjustments(plan: Plan, months: np.ndarray, component_total: FloatArray,
                     goal_att: dict[str, FloatArray]) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Multiplier and plan-cap lines (S, W) on a component total for windows of `months` (W,)
    months, plus the multiplier factor (S, W) and the cap limit (W,)."""
    if plan.multiplier:
        factor = curve_payout(goal_att[plan.multiplier.goal], plan.multiplier.curve, below_first="flat") / 100.0
    else:
        factor = np.ones_like(component_total)
    mult_line = (factor - 1.0) * component_total
    if plan.plan_cap is not None:
        limit = plan.plan_cap / 100.0 * plan.annual_target_variable * np.asarray(months) / 12.0
    else:
        limit = np.full(len(months), np.inf)
    cap_line = np.minimum(0.0, limit - (component_total + mult_line))
    return mult_line, cap_line, factor, limit


def _lines(earned_by_component: FloatArray, mult: FloatArray, cap: FloatArray) -> FloatArray:
    return np.concatenate([earned_by_component, mult[..., None], cap[..., None]], axis=2)


def _year_sums(values: FloatArray, grid: PeriodGrid) -> FloatArray:
    """Sum (S, P, ...) over the periods of each year: (S, Y, ...)."""
    firsts = np.flatnonzero(grid.first_of_year)
    per_year = int(firsts[1] if len(firsts) > 1 else grid.n)
    if grid.n == per_year * len(firsts):  # whole years: add the periods as strided slices
        totals = values[:, 0::per_year].copy()
        for j in range(1, per_year):
            totals += values[:, j::per_year]
        return totals
    return np.add.reduceat(values, firsts, axis=1)


def replay_role(role: str, plan: Plan, win: Windows) -> RoleResult:
    months = win.perf.months
    grid = period_grid(months, plan.measurement_period)
    goals = sorted(plan_goal_refs(plan))
    p = grid.n
    commission_idx = [i for i, c in enumerate(plan.components) if isinstance(c, CommissionComponent)]

    detail, goal_att = _weighted_lines(plan, win, grid.start, grid.end, goals)
    period_goal_att = goal_att
    position = _commission(plan, win, grid, goal_att, detail)
    comp = detail["earned"]  # every slot written: weighted by _weighted_lines, commission by _commission
    mult, cap, factor, limit = plan_adjustments(plan, grid.months, comp.sum(axis=2), goal_att)
    period_lines = _lines(comp, mult, cap)
    true_up = np.zeros_like(period_lines)
    closing = np.zeros(0, dtype=np.int64)
    year_detail: Mapping[str, FloatArray] = {}
    year_att: dict[str, FloatArray] = {}
    basis = "period"

    if plan.true_up is TrueUp.YTD and plan.measurement_period.months < 12:
        # earned-to-date on year-to-date windows; a period's lines are the increase to date
        ytd_detail, ytd_att = _weighted_lines(plan, win, grid.year_start, grid.end, goals)
        ytd_comp = ytd_detail["earned"].copy()
        ytd_comp[:, :, commission_idx] = _cumulative_in_year(comp[:, :, commission_idx], grid)
        ytd_detail.copy_components(detail, commission_idx)  # commission detail stays on the period
        ytd_detail["earned"][:, :, commission_idx] = ytd_comp[:, :, commission_idx]
        mult, cap, factor, limit = plan_adjustments(plan, grid.end - grid.year_start,
                                                  ytd_comp.sum(axis=2), ytd_att)
        to_date = _lines(ytd_comp, mult, cap)
        period_lines = to_date - _previous_in_year(to_date, grid)
        detail, goal_att, basis = ytd_detail, ytd_att, "ytd"
    elif plan.true_up is TrueUp.ANNUAL and plan.measurement_period.months < 12 and grid.closes_year.any():
        # advances now; at each complete year's last period, re-measure the year and pay the difference
        closing = np.flatnonzero(grid.closes_year)
        yr_start, yr_end = grid.year_start[closing], grid.end[closing]
        yr_detail, yr_att = _weighted_lines(plan, win, yr_start, yr_end, goals)
        yr_comp = yr_detail["earned"].copy()
        closing_year = (np.cumsum(grid.first_of_year) - 1)[closing]  # which year each closing period ends
        yr_comp[:, :, commission_idx] = _year_sums(comp[:, :, commission_idx], grid)[:, closing_year]
        ymult, ycap, _, _ = plan_adjustments(plan, yr_end - yr_start, yr_comp.sum(axis=2), yr_att)
        true_up[:, closing] = _lines(yr_comp, ymult, ycap) - _year_sums(period_lines, grid)[:, closing_year]
        year_detail, year_att = yr_detail, yr_att
        year_detail["earned"][:, :, commission_idx] = 0.0  # commission is not re-measured

    detail.finish()
    if isinstance(year_detail, Detail):
        year_detail.finish()
    ledger = payment_ledger(period_lines.sum(axis=2) + true_up.sum(axis=2), grid, plan)
    names = [c.name for c in plan.components] + [MULTIPLIER, PLAN_CAP]
    return RoleResult(role, plan, grid, names, period_lines, true_up, detail, goal_att, period_goal_att, factor,
                      np.broadcast_to(limit, (p,)).astype(float), position, ledger, basis, closing, year_detail,
                      year_att)


def _at_periods(values: FloatArray, periods: np.ndarray, n: int) -> FloatArray:
    """Scatter (S, len(periods), ...) values into (S, n, ...), NaN elsewhere."""
    out = np.full((values.shape[0], n, *values.shape[2:]), np.nan)
    out[:, periods] = values
    return out


def _cumulative_in_year(values: FloatArray, grid: PeriodGrid) -> FloatArray:
    """Running total within each year along the period axis of (S, P, ...)."""
    total = np.cumsum(values, axis=1)
    firsts = np.flatnonzero(grid.first_of_year)
    offset = np.zeros_like(total)
    for f in firsts[1:]:  # one step per year, not per period
        offset[:, f:] = total[:, f - 1: f]
    return total - offset


def _previous_in_year(values: FloatArray, grid: PeriodGrid) -> FloatArray:
    """Value at the previous period of the same year (0 at a year's first period)."""
    prev = np.zeros_like(values)
    prev[:, 1:] = values[:, :-1]
    prev[:, grid.first_of_year] = 0.0
    return prev


def replay(scenario: Scenario, performance: Performance) -> ReplayResult:
    """Replay every role's plan over the performance."""
    win = Windows(performance, scenario)
    result = ReplayResult(scenario, performance.months)
    for role, plan in scenario.roles.items():
        result.roles[role] = replay_role(role, plan, win)
    return result
