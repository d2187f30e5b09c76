"""A targets helper for an imported history: prior-year actuals x growth, or a top-down company number.

Years are plan years (`fiscal_year_start`, 1 = January: calendar years; docs/money.md §12), named by
the calendar year they end in. Summed metrics: plan year Y's target is plan year Y-1's total (a full
plan year of the history) times (1 + growth %), unless a top-down annual number is given for it.
Ratio metrics: the prior year's level (a ratio of its sums). The monthly split is the history's own
seasonality: each calendar month's average share of its full plan years' totals (flat when no full
year exists), written January first as a profile to paste into the scenario. A year with no full
prior year gets no target, unless hindsight targets (the year's own actuals) are asked for, with a
warning that says why they are meaningless for pay.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from comp_models.dates import plan_year, year_label
from comp_models.errors import InputError, Issue
from comp_models.metrics import COUNT_COLUMNS, METRICS, columns_for
from comp_models.types import Aggregation

HINDSIGHT_WARNING = ("targets for {years} are those years' own actuals (hindsight): every summed goal attains exactly "
                     "100% over the year by construction, so the payout measures nothing about performance; use "
                     "them to try the plan's mechanics, never to decide pay")


@dataclass
class TargetPlan:
    targets: dict[tuple[str, int], float]
    basis: dict[tuple[str, int], str]
    profiles: dict[str, list[float]]
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"targets": [{"year": y, "metric": m, "annual_target": v, "basis": self.basis[(m, y)]}
                            for (m, y), v in sorted(self.targets.items(), key=lambda kv: (kv[0][1], kv[0][0]))],
                "monthly_profiles": self.profiles, "missing": self.missing, "warnings": self.warnings}

    def frame(self) -> pd.DataFrame:
        rows = [{"year": y, "metric": m, "annual_target": v} for (m, y), v in self.targets.items()]
        return pd.DataFrame(rows, columns=["year", "metric", "annual_target"]).sort_values(["year", "metric"],
                                                                                           ignore_index=True)


def _plan_years(months: pd.Series, fiscal_year_start: int) -> pd.Series:
    return months.map(lambda m: plan_year(m, fiscal_year_start)).astype(int)


def seasonality(frame: pd.DataFrame, column: str, fiscal_year_start: int = 1) -> tuple[list[float], str]:
    """Jan..Dec shares of the full plan years' totals (average over full plan years), rounded to 4 decimals,
    sum 1. Written in calendar order whatever the plan year's first month (docs/money.md §12)."""
    f = frame[["month", column]].copy()
    f["year"], f["moy"] = _plan_years(f["month"], fiscal_year_start), f["month"].str[5:7].astype(int)
    full = [y for y, g in f.groupby("year") if len(g) == 12 and g[column].sum() > 0]
    if not full:
        return [round(1 / 12, 4)] * 11 + [round(1 - 11 * round(1 / 12, 4), 4)], "flat (no full year with a total)"
    shares = np.mean([f[f["year"] == y].sort_values("moy")[column].to_numpy() / f[f["year"] == y][column].sum()
                      for y in full], axis=0)
    out = [round(float(s), 4) for s in shares]
    out[int(np.argmax(out))] += round(1 - sum(out), 4)
    years = ", ".join(year_label(y, fiscal_year_start) for y in full)
    return [round(v, 4) for v in out], f"the history's own months ({years})"


def _round(metric: str, value: float) -> float:
    m = METRICS[metric]
    if m.unit == "fraction":
        return round(value, 4)
    if m.aggregation is Aggregation.SUM and m.numerator in COUNT_COLUMNS:
        return float(max(1, round(value)))
    return round(value, 2)


def _actual(frame: pd.DataFrame, metric: str, year: int, fiscal_year_start: int = 1) -> float | None:
    rows = frame[_plan_years(frame["month"], fiscal_year_start) == year]
    m = METRICS[metric]
    if m.aggregation is Aggregation.ACCURACY:
        return None
    num = rows[m.numerator].sum() + (rows[m.extra_numerator].sum() if m.extra_numerator else 0)
    if m.aggregation is Aggregation.SUM:
        return float(num)
    den = rows[m.denominator].sum() + (rows[m.extra_denominator].sum() if m.extra_denominator else 0)
    return float(num / den) if den else None


def plan_targets(frame: pd.DataFrame, metrics: list[str], *, growth_pct: dict[str, float] | float = 0.0,
                 top_down: dict[tuple[str, int], float] | None = None, hindsight: bool = False,
                 fiscal_year_start: int = 1) -> TargetPlan:
    """Annual (plan-year) targets for `metrics` over the history's plan years (see the module's rules)."""
    top_down = dict(top_down or {})
    growth = growth_pct if isinstance(growth_pct, dict) else {}
    default_growth = 0.0 if isinstance(growth_pct, dict) else float(growth_pct)
    issues = [Issue("targets", f"{m} {y}", "is not a metric", f"use one of: {', '.join(METRICS)}")
              for (m, y) in top_down if m not in METRICS]
    issues += [Issue("targets", f"{m} {y}", f"top-down target {v!r} is not positive", "give a positive number")
               for (m, y), v in top_down.items() if m in METRICS and not v > 0]
    if issues:
        raise InputError(issues)
    fy = fiscal_year_start
    by_year = _plan_years(frame["month"], fy).value_counts()
    years = sorted(int(y) for y in by_year.index)
    full = {y for y in years if by_year[y] == 12}
    label = lambda y: year_label(y, fy)  # noqa: E731
    plan = TargetPlan({}, {}, {})
    hindsight_years = set()
    for metric in metrics:
        m = METRICS[metric]
        if not columns_for(m) or any(c not in frame for c in columns_for(m)):
            continue  # no column (an objective scored by a manager) or one the history does not have
        if m.aggregation is Aggregation.SUM:
            plan.profiles[metric], _ = seasonality(frame, m.numerator, fy)
        g = growth.get(metric, default_growth)
        for y in years:
            key = (metric, y)
            if key in top_down:
                plan.targets[key], plan.basis[key] = _round(metric, top_down[key]), "top-down company number"
                continue
            prior = _actual(frame, metric, y - 1, fy) if (y - 1) in full else None
            if prior is not None and prior > 0:
                value = prior * (1 + g / 100) if m.aggregation is Aggregation.SUM else prior
                how = (f"{label(y - 1)} actual x (1 + {g:g}%)" if m.aggregation is Aggregation.SUM
                       else f"{label(y - 1)} level")
                plan.targets[key], plan.basis[key] = _round(metric, value), how
            elif hindsight and (own := _actual(frame, metric, y, fy)) and own > 0:
                plan.targets[key], plan.basis[key] = _round(metric, own), f"hindsight: {label(y)}'s own actuals"
                hindsight_years.add(y)
            else:
                why = ("no full prior year in the history" if (y - 1) not in full else "the prior year's actual is 0")
                if m.aggregation is Aggregation.ACCURACY:
                    why = "a forecast-accuracy level is a policy, not an actual"
                plan.missing.append(f"{metric} {label(y)}: {why}; give a top-down number "
                                    f"(--annual-target {metric}:{y}=...), "
                                    "a targets file, or hindsight targets")
    if hindsight_years:
        plan.warnings.append(HINDSIGHT_WARNING.format(years=", ".join(label(y) for y in sorted(hindsight_years))))
    return plan


def parse_top_down(items: list[str]) -> dict[tuple[str, int], float]:
    """['bookings:2025=30000000'] -> {('bookings', 2025): 30000000.0}."""
    out, issues = {}, []
    for text in items or []:
        try:
            left, value = text.split("=", 1)
            metric, year = left.split(":", 1)
            out[(metric.strip(), int(year))] = float(value.replace(",", ""))
        except ValueError:
            issues.append(Issue("--annual-target", text, "is not METRIC:YEAR=VALUE", "e.g. bookings:2025=30000000"))
    if issues:
        raise InputError(issues)
    return out


def parse_growth(items: list[str]) -> dict[str, float] | float:
    """['20'] -> 20.0 for every metric; ['bookings=25', '15'] -> per metric with a default."""
    out: dict[str, float] = {}
    default = 0.0
    for text in items or []:
        try:
            if "=" in text:
                k, v = text.split("=", 1)
                out[k.strip()] = float(v)
            else:
                default = float(text)
        except ValueError:
            raise InputError([Issue("--growth", text, "is not a percentage", "e.g. 20 or bookings=25")]) from None
    if not out:
        return default
    return {**{m: default for m in METRICS}, **out}
