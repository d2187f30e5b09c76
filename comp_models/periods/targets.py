"""Resolve each goal's targets into one value per history month.

Summed metrics: a month's target is the annual target times the month's profile weight, and
an explicit monthly override (`period_targets`) takes its month while the other months share
the rest of the annual target. Ratio and accuracy metrics: the annual target is the level
expected in every month; an override replaces its month's level. See docs/money.md §2.
"""

from __future__ import annotations

import numpy as np

from comp_models.dates import plan_year, plan_year_months
from comp_models.types import Aggregation, FloatArray
from comp_models.errors import InputError, Issue
from comp_models.metrics import METRICS
from comp_models.plans import Goal, Scenario
from comp_models.plans import override_problems

FLAT = [1.0 / 12] * 12


def monthly_profile(goal: Goal, scenario: Scenario) -> list[float]:
    if isinstance(goal.monthly_profile, list):
        return goal.monthly_profile
    if goal.monthly_profile == "flat":
        return FLAT
    return scenario.monthly_profiles[goal.monthly_profile]


def _plan_months(months: list[str], fy: int) -> list[tuple[int, int]]:
    """(plan year, calendar month 1-12) of each month."""
    return [(plan_year(m, fy), int(m[5:7])) for m in months]


def goal_monthly_targets(goal_id: str, goal: Goal, scenario: Scenario, months: list[str],
                         annual: dict[tuple[str, int], float], file: str = "<scenario>",
                         targets_file: str | None = None, *,
                         plan_months: list[tuple[int, int]] | None = None) -> FloatArray:
    """Monthly targets (M,) for one goal (docs/money.md §2); raises InputError naming every missing year.

    Summed metrics: a month with an override (`period_targets`) takes it; the other months of the
    year share `annual − Σ overrides of the year` in proportion to their profile weights, so the
    year's target stays the annual target. Ratio metrics: an override replaces its month's level.
    `plan_months`: `_plan_months(months, scenario.fiscal_year_start)` when the caller has it already.
    """
    if goal.is_objective:  # scored by the CEO: a score of 100% is on target, in every month
        return np.full(len(months), 100.0)
    summed = METRICS[goal.metric].aggregation is Aggregation.SUM
    profile = monthly_profile(goal, scenario)
    fy = scenario.fiscal_year_start
    if not goal.period_targets:
        return _spread(goal_id, goal, profile, summed, plan_months or _plan_months(months, fy), annual, fy, file,
                       targets_file)
    overrides: dict[int, dict[int, float]] = {}
    for key, value in goal.period_targets.items():  # grouped by plan year (docs/money.md §12)
        overrides.setdefault(plan_year(key, fy), {})[int(key[5:7])] = value
    out = np.empty(len(months))
    missing: set[int] = set()
    issues: list[Issue] = []
    share: dict[int, float] = {}  # year -> what the months without an override share, per unit of profile weight
    for i, (year, moy) in enumerate(plan_months or _plan_months(months, fy)):  # a few hundred months at most
        year_overrides = overrides.get(year, {})
        if moy in year_overrides:
            out[i] = year_overrides[moy]
            continue
        target = _annual_target(goal, annual, year)
        if target is None:
            missing.add(year)
            out[i] = np.nan
            continue
        if not summed:
            out[i] = target
            continue
        if year not in share:
            problems = override_problems(f"goals.{goal_id}", goal, {year: target}, summed)
            issues += [Issue(file, where, what, fix) for where, what, fix in problems]
            rest = sum(profile[m - 1] for m in range(1, 13) if m not in year_overrides)
            share[year] = (target - sum(year_overrides.values())) / rest
        out[i] = share[year] * profile[moy - 1]
    if missing:
        issues.append(_missing_issue(goal_id, goal, missing, fy, file, targets_file))
    if issues:
        raise InputError(issues)
    if summed and np.any(out <= 0):
        raise InputError([_not_positive(goal_id, file)])
    return out * goal.target_pct / 100.0


def _spread(goal_id: str, goal: Goal, profile: list[float], summed: bool, plan_months: list[tuple[int, int]],
            annual: dict[tuple[str, int], float], fy: int, file: str, targets_file: str | None) -> FloatArray:
    """`goal_monthly_targets` of a goal without monthly overrides: each plan year's target spread over its
    months by the profile (summed metrics: annual × weight / Σ weights), or its level in every month (ratios);
    the same values as month by month."""
    level = {}
    for year in dict.fromkeys(y for y, _ in plan_months):
        level[year] = _annual_target(goal, annual, year)
    missing = {y for y, t in level.items() if t is None}
    if missing:
        raise InputError([_missing_issue(goal_id, goal, missing, fy, file, targets_file)])
    if summed:
        rest = sum(profile[m - 1] for m in range(1, 13))
        share = {y: t / rest for y, t in level.items()}
        out = np.array([share[y] * profile[moy - 1] for y, moy in plan_months], dtype=np.float64)
        if np.any(out <= 0):
            raise InputError([_not_positive(goal_id, file)])
    else:
        out = np.array([level[y] for y, _ in plan_months], dtype=np.float64)
    return out * goal.target_pct / 100.0


def _annual_target(goal: Goal, annual: dict[tuple[str, int], float], year: int) -> float | None:
    """A plan year's target of the goal: its own `annual_targets`, else the targets file's row for its metric."""
    return goal.annual_targets.get(str(year), annual.get((goal.metric, year)))


def _not_positive(goal_id: str, file: str) -> Issue:
    return Issue(file, f"goals.{goal_id}", "a month's target is not positive",
                 "give every month a positive profile weight and keep overrides below the annual target")


def _missing_issue(goal_id: str, goal: Goal, missing: set[int], fy: int, file: str, targets_file: str | None) -> Issue:
    """The problem of a goal without a target in some plan years, naming them and where to add them."""
    years = ", ".join(str(y) for y in sorted(missing))
    note = ""
    if fy != 1:  # plan-year targets: name each plan year's months, so a calendar targets file is not mistaken
        spans = "; ".join(f"FY{y} = {plan_year_months(y, fy)[0]} to {plan_year_months(y, fy)[-1]}"
                          for y in sorted(missing))
        note = f" (plan years: {spans}; annual targets are per plan year)"
    where_rows = (f"to {targets_file} (metric {goal.metric})" if targets_file else
                  "to a targets file (none was given or found beside the history: pass --targets FILE on the "
                  "command line, or upload one on the Data page)")
    return Issue(targets_file or file, f"goals.{goal_id}", f"no target for metric {goal.metric} in {years}{note}",
                 f"add annual_targets for {years} to goals.{goal_id} in {file}, or a row per year {where_rows}")


def resolve_targets(scenario: Scenario, months: list[str], annual: dict[tuple[str, int], float],
                    file: str = "<scenario>", targets_file: str | None = None) -> dict[str, FloatArray]:
    """goal id -> monthly targets (M,), for every goal of the scenario; all problems at once."""
    out, issues = {}, []
    parsed = _plan_months(months, scenario.fiscal_year_start)  # once for every goal
    for gid, goal in scenario.goals.items():
        try:
            out[gid] = goal_monthly_targets(gid, goal, scenario, months, annual, file, targets_file,
                                            plan_months=parsed)
        except InputError as exc:
            issues += exc.issues
    if issues:
        raise InputError(issues)
    return out


def year_monthly_targets(scenario: Scenario, annual: dict[tuple[str, int], float], year: int) -> dict[str, FloatArray]:
    """goal id -> the 12 monthly targets (12,) of a whole plan year (its months in order), whatever months a
    history covers;
    goals with no target that year are left out."""
    months = plan_year_months(year, scenario.fiscal_year_start)
    out = {}
    for gid, goal in scenario.goals.items():
        try:
            out[gid] = goal_monthly_targets(gid, goal, scenario, months, annual)
        except InputError:
            continue
    return out


def goal_targets_for_year(scenario: Scenario, annual: dict[tuple[str, int], float], year: int) -> dict[str, float]:
    """goal id -> the whole year's target (sum of its 12 monthly targets for sums; mean level for ratios)."""
    out = {}
    for gid, values in year_monthly_targets(scenario, annual, year).items():
        summed = METRICS[scenario.goals[gid].metric].aggregation is Aggregation.SUM
        out[gid] = float(values.sum() if summed else values.mean())
    return out
