"""Each role's variable pay earned per plan year, for simulations: the figure `replay` gives as the sum of a
year's period and true-up lines, computed directly when the year allows it.

A plan trued up on the year (annual true-up, or year to date) earns in a whole plan year exactly what the year
re-measured earns (docs/money.md §6): with an annual true-up the year's advances plus the true-up line, which is
the re-measured line less those advances, telescope to the re-measured lines; year to date, the period lines are
increases of the to-date lines, which telescope to the to-date lines at the year's last period, measured on the
whole year. So for whole plan years the period lines need not be built at all: the year's weighted components
are measured on the year's window, its commission is the year's period commission (C(to) − C(from) in cents, per
period as the statement pays it) under gates re-tested on the year, then the multiplier and the plan cap on the
year. A plan not trued up (or measured on the year) earns the sum of its period lines, computed as `replay`
computes them but without the statement's detail. A year cut by a plan version or employment dates is replayed
in full, and so are histories of several years under a year-to-date plan (see `_role_year_totals`). Each line
is rounded where `replay` rounds it; the year's total once more, to the cent, as the statement's lines add up.
"""

from __future__ import annotations

import numpy as np

from comp_models.engine.commission import commission_gates, period_commission
from comp_models.engine.conditions import plan_adjustments
from comp_models.engine.performance import Performance
from comp_models.engine.replay import (_target_variable, _year_sums, replay_role, role_grid_of, weighted_line,
                                       window_share)
from comp_models.engine.rounding import round_cents
from comp_models.engine.windows import Windows
from comp_models.periods import PeriodGrid
from comp_models.plans import CommissionComponent, Plan, Scenario, plan_goal_refs
from comp_models.types import FloatArray, TrueUp


def year_totals(scenario: Scenario, performance: Performance, roles: list[str] | None = None, *,
                windows: Windows | None = None) -> dict[str, FloatArray]:
    """role -> (S, Y) variable pay earned in each plan year the months reach (as `replay`'s lines and true-up
    lines add up over the year), in cents (floats on exact cents). SPIFFs and adjustments are paid, not earned
    by the plan, and are not included (as in `RoleResult.period_earned`). roles: only these (each role's figures
    depend on its own plan only). windows: the window sums and attainments of an earlier call on the same
    performance, reused (`Windows.for_scenario`: the scenario must measure alike)."""
    if windows is not None and windows.perf is not performance:
        raise ValueError("windows of another performance")
    win = Windows(performance, scenario) if windows is None else windows.for_scenario(scenario)
    return {role: _role_year_totals(role, win) for role in (list(scenario.roles) if roles is None else roles)}


def whole_years(grid: PeriodGrid) -> bool:
    """Whether the grid is whole plan years only: each span twelve fully paid months from the plan year's first,
    closed and re-measured."""
    firsts = np.flatnonzero(grid.first_of_year)
    closing = np.flatnonzero(grid.closes_year)
    return bool(grid.offset0 == 0 and np.all(grid.employed == 1.0) and len(closing) == len(firsts)
                and np.all(grid.remeasured) and np.all(grid.span_end[firsts] - grid.year_start[firsts] == 12)
                and np.all(grid.end[closing] == grid.year_start[closing] + 12) and grid.end[-1] <= len(grid.employed))


def trued_up_on_year(plan: Plan) -> bool:
    """A plan whose year earns what the year re-measured earns: trued up annually or year to date on periods
    shorter than the year."""
    return plan.true_up in (TrueUp.ANNUAL, TrueUp.YTD) and plan.measurement_period.months < 12


def _role_year_totals(role: str, win: Windows) -> FloatArray:
    scenario = win.scenario
    plan = scenario.roles[role]
    grid = role_grid_of(scenario, role, win.perf.months)  # built once per calendar (periods.role_grid)
    # year to date, `replay` sums a later year's to-date windows as differences of running totals, the year's
    # own window directly: the same cents in practice, but only the first year's (from month 0) bit for bit
    ytd_later_years = plan.true_up is TrueUp.YTD and int(grid.first_of_year.sum()) > 1
    if len(scenario.plan_versions(role)) != 1 or not whole_years(grid) or ytd_later_years:
        rr = replay_role(role, win, payments=False)
        return round_cents(np.add.reduceat(rr.period_earned, np.flatnonzero(rr.grid.first_of_year), axis=1))
    if trued_up_on_year(plan):
        closing = np.flatnonzero(grid.closes_year)
        total = _windows_total(plan, win, grid, grid.year_start[closing], grid.end[closing], on_year=True)
    else:
        total = _year_sums(_windows_total(plan, win, grid, grid.start, grid.end, on_year=False), grid)
    return round_cents(total, out=total)


def _windows_total(plan: Plan, win: Windows, grid: PeriodGrid, start: np.ndarray, end: np.ndarray,
                   on_year: bool) -> FloatArray:
    """(S, W) the plan's lines added on windows [start, end): the periods, or the years (on_year), each line as
    `replay` computes it (weighted components, commission, then the multiplier and plan-cap lines, in order)."""
    att = {g: win.goal(g, start, end)[2] for g in sorted(plan_goal_refs(plan))}
    share = window_share(plan, grid, start, end)
    total = None
    for c in plan.components:
        if isinstance(c, CommissionComponent):
            line = period_commission(c, win, grid)[3]
            line = _year_sums(line, grid) if on_year else line  # a fresh array of this call
            if plan.gates or c.gates:  # ungated, the gate is 1 everywhere: multiplying by it changes no bit
                line *= commission_gates(c, plan, att, line.shape)
        else:
            line = weighted_line(win.payout_pct(c, plan, start, end, att), c.weight, share)
        if total is None:
            total = line
        else:
            total += line
    if total is None:
        total = np.zeros((win.perf.n_scenarios, len(start)))
    if plan.multiplier is None and plan.plan_cap is None:
        # `replay` adds a zero multiplier line and a zero plan-cap line: adding 0.0 gives the same bits (−0 → 0)
        total += 0.0
        return total
    target_variable = _target_variable(plan, win, grid)[0]
    if on_year:
        target_variable = _year_sums(target_variable[None, :, None], grid)[0, :, 0]
    mult, cap, _, _ = plan_adjustments(plan, target_variable, total, att)
    total += mult  # a zero line where the plan has only one of the two, added all the same: as `replay` adds it
    total += cap
    return total
