"""Replay plans over monthly performance: component lines, plan adjustments, true-up, ledger.

Everything is vectorised over a leading scenario axis S (S = 1 for the history, S = number
of simulated years for Monte Carlo) and over periods; Python loops run only over a plan's
components and, in the payment ledger, over the periods of a year.

Array shapes: monthly inputs (S, M); window results (S, W); per-line results (S, P, L)
where the lines of a plan are its components in order, then "multiplier", then "plan cap".
Every line is rounded to the cent where it is computed (docs/money.md §7): component, multiplier
and plan-cap lines directly, true-up and year-to-date lines as differences of rounded figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from comp_models.engine.commission import commission_detail, commission_gates, on_target_commission
from comp_models.engine.conditions import component_payout_pct, objectives_score, plan_adjustments
from comp_models.engine.detail import DETAIL_FIELDS, Detail
from comp_models.engine.ledger import Ledger, payment_ledger
from comp_models.engine.performance import Performance
from comp_models.engine.rounding import round_cents
from comp_models.engine.windows import Windows
from comp_models.errors import InputError, Issue
from comp_models.periods import PeriodGrid, period_grid
from comp_models.plans import CommissionComponent, ObjectivesComponent, Plan, Scenario, plan_goal_refs
from comp_models.types import FloatArray, TrueUp

MULTIPLIER, PLAN_CAP = "multiplier", "plan cap"


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
    commission_position: dict[str, FloatArray]  # "from"/"to" (S, P, K), "window_target" (P, K), "ungated" (S, P, K)
    ledger: Ledger
    target_variable: FloatArray  # (P,) target variable pay of each period: its months' share of its year's figure
    year_target_variable: dict[int, float]  # year -> TI + that year's on-target commission
    adjustments: list[tuple[int, int, float]]  # (index in scenario.adjustments, period, amount in cents)
    basis: str = "period"  # "period" or "ytd": what the detail measures
    # the full-year re-measurement, compact: (S, Y, K) / (S, Y) at the year-closing periods `closing`
    closing: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    year_detail: Mapping[str, FloatArray] = field(default_factory=dict)
    year_goal_attainment: dict[str, FloatArray] = field(default_factory=dict)
    months: list[str] = field(default_factory=list)  # the replayed months (the grid indexes them)

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
    def period_earned(self) -> FloatArray:
        """(S, P) earned per period, true-up lines included."""
        return self.earned.sum(axis=2) + self.true_up.sum(axis=2)


@dataclass
class ReplayResult:
    scenario: Scenario
    months: list[str]
    roles: dict[str, RoleResult] = field(default_factory=dict)


def _weighted_lines(plan: Plan, win: Windows, start: np.ndarray, end: np.ndarray, goals: list[str]):
    """Evaluate the weighted (bonus, matrix) components on windows [start, end), each line in cents.

    Returns (Detail of (S, W, K) with commission slots NaN for commission_detail to fill, and the
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
                detail.eager[f][:, :, i] = np.nan  # filled by commission_detail on period windows
    share = plan.annual_target_incentive * (end - start) / 12.0  # (W,)
    for i, c in enumerate(plan.components):
        if isinstance(c, CommissionComponent):
            continue
        if isinstance(c, ObjectivesComponent):  # measured on the weighted score of its objectives
            score = objectives_score(c, goal_att)
            actual, target, att = score, np.full(len(start), 100.0), score
        else:
            actual, target, att = goal_cache[c.goal]
        pct = component_payout_pct(c, plan, goal_att)
        detail.measure(i, actual, target, att)
        detail["payout_pct"][:, :, i] = pct
        detail["earned"][:, :, i] = round_cents(pct * (c.weight / 1e4 * share))
    return detail, goal_att


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


def _target_variable(plan: Plan, win: Windows, grid: PeriodGrid) -> tuple[FloatArray, dict[int, float],
                                                                          dict[int, FloatArray]]:
    """(target variable per period (P,), per year {year: amount}, on-target commission per period of
    each commission component {index: (P,)}): TI plus each year's on-target commission, a period
    carrying months / 12 of its year's figure (docs/money.md §4)."""
    years = sorted({int(y) for y in grid.year})
    first = int(win.perf.months[0][:4])
    year_pos = np.searchsorted(np.array(years), grid.year)
    per_year = np.full(len(years), plan.annual_target_incentive)
    on_target = {}
    for i, c in enumerate(plan.components):
        if isinstance(c, CommissionComponent):
            otc = on_target_commission(c, plan, win, years, first)
            per_year = per_year + otc
            on_target[i] = otc[year_pos] * grid.months / 12.0
    return per_year[year_pos] * grid.months / 12.0, dict(zip(years, per_year.tolist())), on_target


def _adjustments(scenario: Scenario, role: str, grid: PeriodGrid, months: list[str]) -> list[tuple[int, int, float]]:
    """(index in scenario.adjustments, period, amount in cents) of the role's adjustments; an adjustment
    outside the history's months is refused (it cannot be paid yet)."""
    out, issues = [], []
    index = {m: i for i, m in enumerate(months)}
    for j, a in enumerate(scenario.adjustments):
        if a.role != role:
            continue
        if a.month not in index:
            issues.append(Issue("<scenario>", f"adjustments[{j}].month", f"{a.month} is outside the history "
                                f"({months[0]} to {months[-1]})", "date the adjustment inside the history, or drop it"))
            continue
        period = int(np.searchsorted(grid.end, index[a.month], side="right"))
        out.append((j, period, float(round_cents(a.amount * a.share_pct / 100.0))))
    if issues:
        raise InputError(issues)
    return out


def replay_role(role: str, plan: Plan, win: Windows) -> RoleResult:
    months = win.perf.months
    grid = period_grid(months, plan.measurement_period)
    goals = sorted(plan_goal_refs(plan))
    p = grid.n
    commission_idx = [i for i, c in enumerate(plan.components) if isinstance(c, CommissionComponent)]
    gated_idx = [i for i in commission_idx if plan.gates or plan.components[i].gates]
    target_variable, year_target_variable, on_target = _target_variable(plan, win, grid)

    detail, goal_att = _weighted_lines(plan, win, grid.start, grid.end, goals)
    period_goal_att = goal_att
    position = commission_detail(plan, win, grid, goal_att, detail, on_target)
    ungated = position["ungated"]
    comp = detail["earned"]  # every slot written: weighted by _weighted_lines, commission by commission_detail
    mult, cap, factor, limit = plan_adjustments(plan, target_variable, comp.sum(axis=2), goal_att)
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
        ytd_tv = _cumulative_in_year(target_variable[None, :], grid)[0]
        for i in commission_idx:  # commission to date: the period's tiers, gated on year-to-date attainment
            gate = commission_gates(plan.components[i], plan, ytd_att, ytd_comp.shape[:2])
            ytd_comp[:, :, i] = _cumulative_in_year(ungated[:, :, i], grid) * gate
        ytd_detail.copy_components(detail, commission_idx)  # commission detail stays on the period
        ytd_detail["earned"][:, :, commission_idx] = ytd_comp[:, :, commission_idx]
        mult, cap, factor, limit = plan_adjustments(plan, ytd_tv, ytd_comp.sum(axis=2), ytd_att)
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
        year_ungated = _year_sums(ungated, grid)[:, closing_year]
        for i in commission_idx:  # the year's commission, its gates re-tested on the full year
            gate = commission_gates(plan.components[i], plan, yr_att, yr_comp.shape[:2])
            yr_comp[:, :, i] = year_ungated[:, :, i] * gate if i in gated_idx else \
                _year_sums(comp[:, :, [i]], grid)[:, closing_year, 0]
        yr_tv = _year_sums(target_variable[None, :, None], grid)[0, closing_year, 0]
        ymult, ycap, _, _ = plan_adjustments(plan, yr_tv, yr_comp.sum(axis=2), yr_att)
        true_up[:, closing] = _lines(yr_comp, ymult, ycap) - _year_sums(period_lines, grid)[:, closing_year]
        year_detail, year_att = yr_detail, yr_att
        year_detail["earned"][:, :, commission_idx] = yr_comp[:, :, commission_idx]

    detail.finish()
    if isinstance(year_detail, Detail):
        year_detail.finish()
    adjustments = _adjustments(win.scenario, role, grid, months)
    adjustment_total = np.zeros(p)
    for _, period, amount in adjustments:
        adjustment_total[period] += amount
    ledger = payment_ledger(period_lines.sum(axis=2) + true_up.sum(axis=2), grid, plan, adjustment_total)
    names = [c.name for c in plan.components] + [MULTIPLIER, PLAN_CAP]
    return RoleResult(role, plan, grid, names, period_lines, true_up, detail, goal_att, period_goal_att, factor,
                      np.broadcast_to(limit, (p,)).astype(float), position, ledger, target_variable,
                      year_target_variable, adjustments, basis, closing, year_detail, year_att, list(months))


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


def annual_totals(result: ReplayResult) -> dict[str, np.ndarray]:
    """role -> (S, Y) earned per plan year, floats (for simulations; statements round to cents)."""
    out = {}
    for role, rr in result.roles.items():
        firsts = np.flatnonzero(rr.grid.first_of_year)
        out[role] = np.add.reduceat(rr.period_earned, firsts, axis=1)
    return out
