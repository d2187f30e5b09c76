"""Pay against company outcome: both VPs' payout (% of target) as a goal lands at 60-140% of its
target (`pay_vs_outcome`), and on a grid of two goals (`pay_map`).

Both replay scaled copies of the last complete plan year of the history (plan years of the
scenario's fiscal_year_start), for the scenario as designed (`Scenario.as_designed()`), stacked as scenarios of one
Performance (one replay for every level): a goal at level L has its metric's numerator column
scaled so that the goal's attainment over the year is L% (for a sum, the column; for a ratio, the
numerator, so the ratio moves). The other goals either stay at plan (each scaled to exactly 100%
of its own target; goals that cannot be moved, forecast accuracy, objectives and lower-is-better
goals, stay as the history had them) or, with `funnel=True`, move with the chosen goal through the funnel: every
summed volume column (money and counts, not spend budgets) scales by the same factor as the
chosen goal's, and ratio goals stay where the history had them. Attainment here is of the whole
year; the plan's own periods, curves, gates, caps and true-ups apply as in any replay.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from comp_models.dates import plan_year
from comp_models.engine import Performance, performance, replay
from comp_models.errors import InputError, Issue
from comp_models.metrics import METRICS, History
from comp_models.plans import Scenario
from comp_models.types import Aggregation, Direction

__all__ = ["OUTCOME_LEVELS", "outcome_goals", "pay_map", "pay_vs_outcome"]

OUTCOME_LEVELS = tuple(float(x) for x in range(60, 145, 5))


def outcome_goals(scenario: Scenario) -> list[str]:
    """Goals that can be moved: higher-is-better sums and ratios (not forecast accuracy or objectives)."""
    out = []
    for gid, goal in scenario.goals.items():
        m = METRICS.get(goal.metric)
        if m is None or m.aggregation not in (Aggregation.SUM, Aggregation.RATIO):
            continue
        if goal.resolved_direction is Direction.HIGHER:
            out.append(gid)
    return out


def _year(perf: Performance, fiscal_year_start: int = 1) -> int:
    """Start index of the last complete plan year of the history (plan years from `fiscal_year_start`)."""
    years = [plan_year(m, fiscal_year_start) for m in perf.months]
    for y in sorted(set(years), reverse=True):
        idx = [i for i, v in enumerate(years) if v == y]
        if len(idx) == 12:
            return idx[0]
    raise InputError([Issue("history", "months", "has no complete plan year "
                            f"(fiscal_year_start = {fiscal_year_start})",
                            "use a history with a full plan year")])


def _year_perf(scenario: Scenario, history: History, targets) -> Performance:
    perf = performance(scenario, history, targets, scenario.name)
    a = _year(perf, scenario.fiscal_year_start)
    return Performance(perf.months[a:a + 12], {c: v[:, a:a + 12] for c, v in perf.columns.items()},
                       {g: t[a:a + 12] for g, t in perf.targets.items()})


def _attainment(scenario: Scenario, perf: Performance, goal: str) -> float:
    """The goal's whole-year attainment % on scenario 0 of `perf` (ratios as ratios of sums)."""
    m = METRICS[scenario.goals[goal].metric]
    num = perf.columns[m.numerator][0].sum() + (perf.columns[m.extra_numerator][0].sum() if m.extra_numerator else 0)
    target = perf.targets[goal]
    if m.aggregation is Aggregation.RATIO:
        den = perf.columns[m.denominator][0].sum()
        actual = num / den if den else np.nan
        return float(100.0 * actual / np.mean(target)) if np.mean(target) else float("nan")
    return float(100.0 * num / target.sum()) if target.sum() else float("nan")


def _scaled(scenario: Scenario, base: Performance, moves: list[dict[str, float]], funnel: bool) -> Performance:
    """A Performance with one scenario per entry of `moves` (goal -> attainment % to land at)."""
    goals = outcome_goals(scenario)
    now = {g: _attainment(scenario, base, g) for g in goals}
    volume = [c for c in base.columns if any(METRICS[g.metric].aggregation is Aggregation.SUM
                                             and METRICS[g.metric].numerator == c
                                             and g.resolved_direction is Direction.HIGHER
                                             for g in scenario.goals.values())]
    rows = {c: [] for c in base.columns}
    for levels in moves:
        factors = {c: 1.0 for c in base.columns}
        if not funnel:  # every other goal at plan
            for g in goals:
                if g not in levels and np.isfinite(now[g]) and now[g] > 0:
                    factors[METRICS[scenario.goals[g].metric].numerator] = 100.0 / now[g]
        for g, level in levels.items():
            f = level / now[g] if np.isfinite(now[g]) and now[g] > 0 else 1.0
            col = METRICS[scenario.goals[g].metric].numerator
            if funnel and col in volume:
                for c in volume:
                    factors[c] = f * (factors[c] if c != col else 1.0)
            factors[col] = f
        for c, v in base.columns.items():
            rows[c].append(v[0] * factors[c])
    return Performance(base.months, {c: np.vstack(v) for c, v in rows.items()}, base.targets)


def _pay_pct(scenario: Scenario, perf: Performance) -> dict[str, np.ndarray]:
    """role -> (S,) the year's earned as % of its target variable."""
    out = {}
    for role, rr in replay(scenario, perf).roles.items():
        tv = float(np.sum(rr.target_variable))
        out[role] = 100.0 * rr.period_earned.sum(axis=1) / tv if tv else np.full(perf.n_scenarios, np.nan)
    return out


def _check_goal(scenario: Scenario, goal: str) -> None:
    if goal not in outcome_goals(scenario):
        raise InputError([Issue(scenario.name, f"goals.{goal}", "cannot be moved on this chart",
                                f"pick one of: {', '.join(outcome_goals(scenario))}")])


def pay_vs_outcome(scenario: Scenario, history: History, annual_targets, goal: str, *,
                   levels=OUTCOME_LEVELS, funnel: bool = False) -> pd.DataFrame:
    """One row per level and role: level (the goal's attainment %), role, title, payout_pct (the
    year's earned / target variable * 100), year (the plan year, named by the calendar year it ends
    in), actual_level (the goal's attainment that year). See the module docstring for how levels are made."""
    scenario = scenario.as_designed()
    _check_goal(scenario, goal)
    base = _year_perf(scenario, history, annual_targets)
    perf = _scaled(scenario, base, [{goal: float(lv)} for lv in levels], funnel)
    pct = _pay_pct(scenario, perf)
    year, actual = plan_year(base.months[0], scenario.fiscal_year_start), _attainment(scenario, base, goal)
    return pd.DataFrame([{"level": float(lv), "role": r, "title": scenario.roles[r].title,
                          "payout_pct": float(pct[r][i]), "year": year, "actual_level": actual}
                         for r in scenario.roles for i, lv in enumerate(levels)])


def pay_map(scenario: Scenario, history: History, annual_targets, goal_x: str, goal_y: str, *,
            levels=tuple(float(x) for x in range(60, 145, 10)), funnel: bool = False) -> pd.DataFrame:
    """One row per (x level, y level, role): x, y, role, title, payout_pct; plus `gap` (first role's
    payout % minus the second's) on every row of that cell. Other goals at plan (or the funnel)."""
    scenario = scenario.as_designed()
    _check_goal(scenario, goal_x)
    _check_goal(scenario, goal_y)
    base = _year_perf(scenario, history, annual_targets)
    cells = [(float(x), float(y)) for y in levels for x in levels]
    perf = _scaled(scenario, base, [{goal_x: x, goal_y: y} for x, y in cells], funnel)
    pct = _pay_pct(scenario, perf)
    roles = list(scenario.roles)
    gap = pct[roles[0]] - pct[roles[1]] if len(roles) > 1 else np.zeros(len(cells))
    return pd.DataFrame([{"x": x, "y": y, "role": r, "title": scenario.roles[r].title,
                          "payout_pct": float(pct[r][i]), "gap": float(gap[i])}
                         for r in roles for i, (x, y) in enumerate(cells)])
