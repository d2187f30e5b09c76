"""Resolve each goal's targets into one value per history month.

Summed metrics: a month's target is the annual target times the month's profile weight,
and a period's target is the sum over its months. Ratio and accuracy metrics: the annual
target is the level expected in every month, and a period's target is the mean over its
months. An explicit monthly table (`period_targets`) replaces the value of its months.
"""

from __future__ import annotations

import numpy as np

from comp_models.types import Aggregation, FloatArray
from comp_models.errors import InputError, Issue
from comp_models.metrics import METRICS
from comp_models.plans import Goal, Scenario

FLAT = [1.0 / 12] * 12


def monthly_profile(goal: Goal, scenario: Scenario) -> list[float]:
    if isinstance(goal.monthly_profile, list):
        return goal.monthly_profile
    if goal.monthly_profile == "flat":
        return FLAT
    return scenario.monthly_profiles[goal.monthly_profile]


def goal_monthly_targets(goal_id: str, goal: Goal, scenario: Scenario, months: list[str],
                         annual: dict[tuple[str, int], float], file: str = "<scenario>",
                         targets_file: str | None = None) -> FloatArray:
    """Monthly targets (M,) for one goal; raises InputError naming every missing year."""
    summed = METRICS[goal.metric].aggregation is Aggregation.SUM
    profile = monthly_profile(goal, scenario)
    out = np.empty(len(months))
    missing: set[int] = set()
    for i, month in enumerate(months):  # at most a few hundred months, resolved once per replay
        if month in goal.period_targets:
            out[i] = goal.period_targets[month]
            continue
        year, moy = int(month[:4]), int(month[5:7])
        target = goal.annual_targets.get(str(year), annual.get((goal.metric, year)))
        if target is None:
            missing.add(year)
            out[i] = np.nan
            continue
        out[i] = target * profile[moy - 1] if summed else target
    if missing:
        years = ", ".join(str(y) for y in sorted(missing))
        where_rows = f"to {targets_file} (metric {goal.metric})" if targets_file else "to a targets file"
        raise InputError([Issue(targets_file or file, f"goals.{goal_id}",
                                f"no target for metric {goal.metric} in {years}",
                                f"add annual_targets for {years} to goals.{goal_id} in {file}, or a row per year "
                                f"{where_rows}")])
    if summed and np.any(out <= 0):
        raise InputError([Issue(file, f"goals.{goal_id}", "the monthly profile gives a month a zero target",
                                "give every month a positive profile weight")])
    return out * goal.target_pct / 100.0


def resolve_targets(scenario: Scenario, months: list[str], annual: dict[tuple[str, int], float],
                    file: str = "<scenario>", targets_file: str | None = None) -> dict[str, FloatArray]:
    """goal id -> monthly targets (M,), for every goal of the scenario; all problems at once."""
    out, issues = {}, []
    for gid, goal in scenario.goals.items():
        try:
            out[gid] = goal_monthly_targets(gid, goal, scenario, months, annual, file, targets_file)
        except InputError as exc:
            issues += exc.issues
    if issues:
        raise InputError(issues)
    return out


def goal_targets_for_year(scenario: Scenario, months: list[str], annual: dict[tuple[str, int], float],
                          year: int) -> dict[str, float]:
    """goal id -> the year's target (sum of monthly targets for sums; mean level for ratios)."""
    monthly = resolve_targets(scenario, months, annual)
    in_year = np.array([m.startswith(str(year)) for m in months])
    out = {}
    for gid, values in monthly.items():
        summed = METRICS[scenario.goals[gid].metric].aggregation is Aggregation.SUM
        out[gid] = float(values[in_year].sum() if summed else values[in_year].mean())
    return out
