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
from comp_models.engine.conditions import objectives_score, plan_adjustments
from comp_models.engine.detail import DETAIL_FIELDS, Detail
from comp_models.engine.ledger import Ledger, payment_ledger
from comp_models.engine.spiffs import SpiffAward, spiff_awards
from comp_models.engine.versions import VersionLines, stitch_parts
from comp_models.engine.performance import Performance
from comp_models.engine.rounding import round_cents
from comp_models.engine.windows import Windows
from comp_models.errors import InputError, Issue
from comp_models.dates import parse_day
from comp_models.periods import PeriodGrid, role_grid
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
    ledger: Ledger | None  # None when replayed for earned pay only (`replay(..., payments=False)`)
    target_variable: FloatArray  # (P,) target variable pay of each period: its months' share of its year's figure
    year_target_variable: dict[int, float]  # year -> TI + that year's on-target commission
    adjustments: list[tuple[int, int, float]]  # (index in scenario.adjustments, period, amount in cents)
    basis: str = "period"  # "period" or "ytd": what the detail measures
    # the full-year re-measurement, compact: (S, Y, K) / (S, Y) at the year-closing periods `closing`
    closing: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    year_detail: Mapping[str, FloatArray] = field(default_factory=dict)
    year_goal_attainment: dict[str, FloatArray] = field(default_factory=dict)
    months: list[str] = field(default_factory=list)  # the replayed months (the grid indexes them)
    versions: list[Plan] = field(default_factory=list)  # plan versions in force order; grid.version indexes them
    spiffs: list[SpiffAward] = field(default_factory=list)  # SPIFF awards paid in the role's periods (§15)
    currency: str = "USD"  # the scenario's, for traces

    @cached_property
    def components(self) -> list:
        """One component per statement line slot (K): the latest version's component of that name."""
        by_name = {}
        for plan in (self.versions or [self.plan]):
            for c in plan.components:
                by_name[c.name] = c
        return [by_name[n] for n in self.line_names[:-2]]

    def component_at(self, p: int, k: int):
        """The component of slot k in force in period p (None when that version has no such line)."""
        plan = self.plan_at(p)
        name = self.line_names[k]
        return next((c for c in plan.components if c.name == name), None)

    def plan_at(self, p: int) -> Plan:
        return (self.versions or [self.plan])[int(self.grid.version[p])]

    @cached_property
    def annual_detail(self) -> dict[str, FloatArray]:
        """Re-measured full-year basis (S, P, K): values at year-closing periods, NaN elsewhere.

        Built on first use from the compact year arrays (simulations rarely need it)."""
        s, p, k = self.earned.shape[0], self.grid.n, len(self.line_names) - 2
        return {f: np.broadcast_to(_at_periods(self.year_detail[f], self.closing, p), (s, p, k))
                if f in self.year_detail else np.full((s, p, k), np.nan) for f in DETAIL_FIELDS}

    @cached_property
    def annual_goal_attainment(self) -> dict[str, FloatArray]:
        """goal -> (S, P) full-year attainment % at year-closing periods, NaN elsewhere."""
        return {g: _at_periods(a, self.closing, self.grid.n) for g, a in self.year_goal_attainment.items()}

    @property
    def period_earned(self) -> FloatArray:
        """(S, P) earned per period, true-up lines included."""
        total = line_total(self.earned)
        if self.true_up.any():  # all zeros unless a true-up line is paid somewhere
            total += line_total(self.true_up)
        return total


@dataclass
class ReplayResult:
    scenario: Scenario
    months: list[str]
    roles: dict[str, RoleResult] = field(default_factory=dict)


def _weighted_lines(plan: Plan, win: Windows, grid: PeriodGrid, start: np.ndarray, end: np.ndarray, goals: list[str]):
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
    share = window_share(plan, grid, start, end)
    for i, c in enumerate(plan.components):
        if isinstance(c, CommissionComponent):
            continue
        if isinstance(c, ObjectivesComponent):  # measured on the weighted score of its objectives
            score = objectives_score(c, goal_att)
            actual, target, att = score, np.full(len(start), 100.0), score
        else:
            actual, target, att = goal_cache[c.goal]
        pct = win.payout_pct(c, plan, start, end, goal_att)
        detail.measure(i, actual, target, att)
        detail["payout_pct"][:, :, i] = pct
        weighted_line(pct, c.weight, share, out=detail["earned"][:, :, i])  # a block of the component-major array
    return detail, goal_att


def window_share(plan: Plan, grid: PeriodGrid, start: np.ndarray, end: np.ndarray) -> FloatArray:
    """(W,) the target incentive of each window [start, end): TI × Σ f_m / 12 (docs/money.md §13)."""
    return plan.annual_target_incentive * grid.paid_months(start, end) / 12.0


def weighted_line(pct: FloatArray, weight: float, share: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """A weighted component's line in cents: payout % × weight % × the window's target incentive, rounded once
    (docs/money.md §7); written into `out` when given."""
    line = np.multiply(pct, weight / 1e4 * share, out=out)
    return round_cents(line, out=line)


def line_total(values: FloatArray) -> FloatArray:
    """Σ over the last (line) axis of (S, P, L), the lines added in order, as `values.sum(axis=2)` adds up to
    7 of them (bit for bit), but as whole-array additions: numpy reduces a short inner axis slowly."""
    n = values.shape[-1]
    if n == 0 or n > 7:
        return values.sum(axis=-1)
    out = values[..., 0].copy(order="K")
    for k in range(1, n):
        out += values[..., k]
    return out


def _lines(earned_by_component: FloatArray, mult: FloatArray, cap: FloatArray) -> FloatArray:
    """(S, W, K + 2): the components' lines, then the multiplier and plan-cap lines (one allocation), line-major
    in memory like the components' own arrays, so that each line is one contiguous block."""
    s, w, k = earned_by_component.shape
    out = np.empty((k + 2, s, w)).transpose(1, 2, 0)
    out[:, :, :k] = earned_by_component
    out[:, :, k] = mult
    out[:, :, k + 1] = cap
    return out


def _year_sums(values: FloatArray, grid: PeriodGrid) -> FloatArray:
    """Sum (S, P, ...) over the periods of each year: (S, Y, ...)."""
    firsts = np.flatnonzero(grid.first_of_year)
    per_year = int(firsts[1] if len(firsts) > 1 else grid.n)
    if grid.n == per_year * len(firsts) and np.array_equal(firsts, np.arange(0, grid.n, per_year)):
        # spans of equal length (whole years): add the periods as strided slices
        totals = values[:, 0::per_year].copy(order="K")
        for j in range(1, per_year):
            totals += values[:, j::per_year]
        return totals
    return np.add.reduceat(values, firsts, axis=1)


def _target_variable(plan: Plan, win: Windows, grid: PeriodGrid) -> tuple[FloatArray, dict[int, float],
                                                                          dict[int, FloatArray]]:
    """(target variable per period (P,), per plan year {year: amount}, on-target commission per period of
    each commission component {index: (P,)}): TI × Σ f_m / 12 plus each span's on-target commission
    shared by Σ f_m / n_span (docs/money.md §4, §13); an open span counts its months to its end."""
    m = len(win.perf.months)
    tv = plan.annual_target_incentive * grid.paid_months(grid.start, grid.end) / 12.0
    on_target = {i: np.zeros(grid.n) for i, c in enumerate(plan.components) if isinstance(c, CommissionComponent)}
    per_year: dict[int, float] = {}
    firsts = np.flatnonzero(grid.first_of_year)
    for a, b in zip(firsts, [*firsts[1:], grid.n]):
        s0, s1 = int(grid.year_start[a]), int(grid.span_end[a])
        n_span = s1 - s0
        paid_full = float(grid.paid_months(np.array([s0]), np.array([s1]))[0]) + max(s1 - m, 0)
        year = int(grid.year[a])
        per_year[year] = per_year.get(year, 0.0) + plan.annual_target_incentive * paid_full / 12.0
        for i in on_target:
            otc = on_target_commission(plan.components[i], plan, win, s0, s1, (grid.offset0 + s0) % 12)
            share = grid.paid_months(grid.start[a:b], grid.end[a:b]) / n_span
            on_target[i][a:b] = otc * share
            tv[a:b] += otc * share
            per_year[year] += otc * paid_full / n_span
    return tv, per_year, on_target


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
        if period >= grid.n or grid.start[period] > index[a.month]:
            issues.append(Issue("<scenario>", f"adjustments[{j}].month", f"{a.month} is outside {role}'s employment "
                                "or plan versions", "date the adjustment in a month the role is paid in"))
            continue
        out.append((j, period, float(round_cents(a.amount * a.share_pct / 100.0))))
    if issues:
        raise InputError(issues)
    return out


def _replay_version(plan: Plan, win: Windows, grid: PeriodGrid) -> VersionLines:
    goals = sorted(plan_goal_refs(plan))
    commission_idx = [i for i, c in enumerate(plan.components) if isinstance(c, CommissionComponent)]
    gated_idx = [i for i in commission_idx if plan.gates or plan.components[i].gates]
    target_variable, year_target_variable, on_target = _target_variable(plan, win, grid)

    detail, goal_att = _weighted_lines(plan, win, grid, grid.start, grid.end, goals)
    period_goal_att = goal_att
    position = commission_detail(plan, win, grid, goal_att, detail, on_target)
    ungated = position["ungated"]
    comp = detail["earned"]  # every slot written: weighted by _weighted_lines, commission by commission_detail
    mult, cap, factor, limit = plan_adjustments(plan, target_variable, line_total(comp), goal_att)
    period_lines = _lines(comp, mult, cap)
    s_, p_, l_ = period_lines.shape
    true_up = np.zeros((l_, s_, p_)).transpose(1, 2, 0)  # line-major like the lines; unwritten pages stay unmapped
    closing = np.zeros(0, dtype=np.int64)
    year_detail: Mapping[str, FloatArray] = {}
    year_att: dict[str, FloatArray] = {}
    basis = "period"
    remeasure = grid.closes_year & grid.remeasured  # a partial first plan year is not re-measured (§12)

    if plan.true_up is TrueUp.YTD and plan.measurement_period.months < 12:
        # earned-to-date on year-to-date windows; a period's lines are the increase to date
        ytd_detail, ytd_att = _weighted_lines(plan, win, grid, grid.year_start, grid.end, goals)
        ytd_comp = ytd_detail["earned"].copy()
        ytd_tv = _cumulative_in_year(target_variable[None, :], grid)[0]
        for i in commission_idx:  # commission to date: the period's tiers, gated on year-to-date attainment
            gate = commission_gates(plan.components[i], plan, ytd_att, ytd_comp.shape[:2])
            ytd_comp[:, :, i] = _cumulative_in_year(ungated[:, :, i], grid) * gate
        ytd_detail.copy_components(detail, commission_idx)  # commission detail stays on the period
        ytd_detail["earned"][:, :, commission_idx] = ytd_comp[:, :, commission_idx]
        mult, cap, factor, limit = plan_adjustments(plan, ytd_tv, line_total(ytd_comp), ytd_att)
        to_date = _lines(ytd_comp, mult, cap)
        period_lines = to_date - _previous_in_year(to_date, grid)
        detail, goal_att, basis = ytd_detail, ytd_att, "ytd"
    elif plan.true_up is TrueUp.ANNUAL and plan.measurement_period.months < 12 and remeasure.any():
        # advances now; at each complete span's last period, re-measure the span and pay the difference
        closing = np.flatnonzero(remeasure)
        yr_start, yr_end = grid.year_start[closing], grid.end[closing]
        yr_detail, yr_att = _weighted_lines(plan, win, grid, yr_start, yr_end, goals)
        yr_comp = yr_detail["earned"].copy()
        closing_year = (np.cumsum(grid.first_of_year) - 1)[closing]  # which span each closing period ends
        year_ungated = _year_sums(ungated, grid)[:, closing_year]
        for i in commission_idx:  # the span's commission, its gates re-tested on the whole span
            gate = commission_gates(plan.components[i], plan, yr_att, yr_comp.shape[:2])
            yr_comp[:, :, i] = year_ungated[:, :, i] * gate if i in gated_idx else \
                _year_sums(comp[:, :, [i]], grid)[:, closing_year, 0]
        yr_tv = _year_sums(target_variable[None, :, None], grid)[0, closing_year, 0]
        ymult, ycap, _, _ = plan_adjustments(plan, yr_tv, line_total(yr_comp), yr_att)
        true_up[:, closing] = _lines(yr_comp, ymult, ycap) - _year_sums(period_lines, grid)[:, closing_year]
        year_detail, year_att = yr_detail, yr_att
        year_detail["earned"][:, :, commission_idx] = yr_comp[:, :, commission_idx]

    names = [c.name for c in plan.components] + [MULTIPLIER, PLAN_CAP]
    return VersionLines(names, period_lines, true_up, detail, goal_att, period_goal_att, factor,
                 np.broadcast_to(limit, (grid.n,)).astype(float), position, target_variable, year_target_variable,
                 basis, closing, year_detail, year_att)


def role_grid_of(scenario: Scenario, role: str, months: list[str]) -> PeriodGrid:
    """The role's periods over the months: its plan versions, employment dates and the plan year."""
    versions = scenario.plan_versions(role)
    e = scenario.employment.get(role)
    employment = (parse_day(e.start) if e and e.start else None, parse_day(e.end) if e and e.end else None)
    grid = role_grid(months, [v.measurement_period for v in versions], [v.effective_from for v in versions],
                     scenario.fiscal_year_start, employment, [v.proration == "days" for v in versions])
    if grid.n == 0:
        raise InputError([Issue("<scenario>", f"employment.{role}", f"{role} is employed in no month of the history "
                                f"({months[0]} to {months[-1]}) under a plan version in force",
                                "drop the employment dates or the effective months, or extend the history")])
    return grid


def replay_role(role: str, win: Windows, payments: bool = True) -> RoleResult:
    """Replay a role: each plan version on its own periods, stitched into one statement (docs/money.md §14).
    payments=False leaves out the payment ledger (what is paid when): simulations need only what is earned."""
    months = win.perf.months
    scenario = win.scenario
    plan = scenario.roles[role]
    versions = scenario.plan_versions(role)
    grid = role_grid_of(scenario, role, months)
    if len(versions) == 1:
        part = _replay_version(plan, win, grid)
        stitched = part
    else:
        parts = [(np.flatnonzero(grid.version == v), v) for v in range(len(versions))]
        parts = [(idx, _replay_version(versions[v], win, grid.subset(idx))) for idx, v in parts if len(idx)]
        stitched = stitch_parts(parts, grid, versions)
    p = grid.n
    adjustments = _adjustments(scenario, role, grid, months)
    adjustment_total = np.zeros(p)
    for _, period, amount in adjustments:
        adjustment_total[period] += amount
    spiffs = spiff_awards(scenario, role, win, grid)
    spiff_total = np.zeros((win.perf.n_scenarios, p))
    for award in spiffs:
        spiff_total[:, award.period] += award.amount
    stitched.detail.finish()
    if isinstance(stitched.year_detail, Detail):
        stitched.year_detail.finish()
    ledger = payment_ledger(line_total(stitched.lines) + line_total(stitched.true_up), grid, versions,
                            adjustment_total, spiff_total) if payments else None
    rr = RoleResult(role, plan, grid, stitched.names, stitched.lines, stitched.true_up, stitched.detail,
                    stitched.goal_att, stitched.period_goal_att, stitched.factor, stitched.limit, stitched.position,
                    ledger, stitched.target_variable, stitched.year_target_variable, adjustments, stitched.basis,
                    stitched.closing, stitched.year_detail, stitched.year_att, list(months))
    rr.versions = versions
    rr.spiffs = spiffs
    rr.currency = scenario.currency
    return rr


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
    prev = np.empty_like(values)
    prev[:, 0] = 0.0
    prev[:, 1:] = values[:, :-1]
    prev[:, grid.first_of_year] = 0.0
    return prev


def replay(scenario: Scenario, performance: Performance, payments: bool = True,
           windows: Windows | None = None) -> ReplayResult:
    """Replay every role's plan over the performance; payments=False skips the payment ledgers (each
    RoleResult.ledger is None), for simulations that read only the pay earned. `windows`: the
    `Windows(performance, scenario)` to measure on, when the caller reads more from it afterwards
    (its sums and attainments are cached per window)."""
    win = Windows(performance, scenario) if windows is None else windows
    result = ReplayResult(scenario, performance.months)
    for role in scenario.roles:
        result.roles[role] = replay_role(role, win, payments)
    return result


def annual_totals(result: ReplayResult) -> dict[str, np.ndarray]:
    """role -> (S, Y) earned per plan year, floats (for simulations; statements round to cents)."""
    out = {}
    for role, rr in result.roles.items():
        firsts = np.flatnonzero(rr.grid.first_of_year)
        out[role] = np.add.reduceat(rr.period_earned, firsts, axis=1)
    return out
