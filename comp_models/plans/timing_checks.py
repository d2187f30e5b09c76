"""Checks of what is dated in a scenario: plan versions' effective months, employment dates and
SPIFFs (docs/money.md §10-12). (where, problem, fix) triples, like `plans.checks`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from comp_models.dates import month_ordinal, parse_day, parse_month
from comp_models.metrics import METRICS, MONEY
from comp_models.types import Aggregation

if TYPE_CHECKING:
    from comp_models.plans.scenario import Scenario

Problem = tuple[str, str, str]


def _month_problem(where: str, value: str | None) -> list[Problem]:
    if value is None:
        return []
    try:
        parse_month(value)
    except ValueError:
        return [(where, f"{value!r} is not a month", 'write months as "2025-07"')]
    return []


def _version_problems(s: "Scenario") -> list[Problem]:
    out: list[Problem] = []
    for role, plans in s.earlier_plans.items():
        if role not in s.roles:
            out.append((f"earlier_plans.{role}", f"role {role!r} has no current plan under [roles]",
                        f"add [roles.{role}], or remove its earlier plans"))
            continue
        if not plans:
            continue
        versions = s.plan_versions(role)
        where = [f"earlier_plans.{role}[{i}]" for i in range(len(plans))] + [f"roles.{role}"]
        bad = False
        for w, p in zip(where, versions):
            problems = _month_problem(f"{w}.effective_from", p.effective_from)
            out += problems
            bad = bad or bool(problems)
        for i, (w, p) in enumerate(zip(where, versions)):
            if i > 0 and p.effective_from is None:
                out.append((f"{w}.effective_from", "a later plan version has no effective month",
                            'give the month it takes effect, e.g. effective_from = "2025-07"'))
                bad = True
        if bad:
            continue
        dated = [(w, month_ordinal(p.effective_from)) for w, p in zip(where, versions) if p.effective_from]
        for (w0, m0), (w1, m1) in zip(dated, dated[1:]):
            if m1 <= m0:
                out.append((f"{w1}.effective_from", f"takes effect no later than the version before it ({w0})",
                            "list plan versions oldest first, each from a later month"))
    for role, plan in s.roles.items():
        if role not in s.earlier_plans:
            out += _month_problem(f"roles.{role}.effective_from", plan.effective_from)
    return out


def _employment_problems(s: "Scenario") -> list[Problem]:
    out: list[Problem] = []
    for role, e in s.employment.items():
        where = f"employment.{role}"
        if role not in s.roles:
            out.append((where, f"role {role!r} is not defined under [roles]", "use a role id of the scenario"))
        days = {}
        for field in ("start", "end"):
            value = getattr(e, field)
            if value is None:
                continue
            try:
                days[field] = parse_day(value)
            except ValueError as exc:
                out.append((f"{where}.{field}", str(exc), 'write a date as "2025-05-12" (or a month, "2025-05")'))
        if "start" in days and "end" in days and days["end"] < days["start"]:
            out.append((f"{where}.end", f"{e.end} is before the start {e.start}", "give an end on or after the start"))
    return out


def _spiff_problems(s: "Scenario") -> list[Problem]:
    out: list[Problem] = []
    names = [x.name for x in s.spiffs]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        out.append(("spiffs", f"two SPIFFs are named {dup!r}", "give each SPIFF its own name"))
    for i, x in enumerate(s.spiffs):
        where = f"spiffs[{i}] ({x.name})"
        for r in x.roles:
            if r not in s.roles:
                out.append((f"{where}.roles", f"role {r!r} is not defined", f"use roles of the scenario: "
                            f"{', '.join(s.roles)}"))
        if not x.roles:
            out.append((f"{where}.roles", "no role is paid", "list the roles the award is paid to"))
        problems = _month_problem(f"{where}.start", x.start) + _month_problem(f"{where}.end", x.end)
        out += problems
        if not problems and month_ordinal(x.end) < month_ordinal(x.start):
            out.append((f"{where}.end", f"{x.end} is before the start {x.start}", "end the window on or after its start"))
        if (x.amount is None) == (x.rate_pct is None):
            out.append((where, "needs exactly one of amount (a fixed award) and rate_pct (a percent of a goal)",
                        "set amount = 5000, or rate_pct = 1 with a goal"))
        needs_goal = x.rate_pct is not None or x.min_actual is not None or x.min_attainment is not None
        if needs_goal and x.goal is None:
            out.append((f"{where}.goal", "a rate or a condition needs a goal", "set goal to a goal id of the scenario"))
        if x.goal is not None and x.goal not in s.goals:
            out.append((f"{where}.goal", f"goal {x.goal!r} is not defined", "use a goal defined under [goals]"))
        elif x.goal is not None and x.rate_pct is not None:
            metric = METRICS[s.goals[x.goal].metric]
            if metric.aggregation is not Aggregation.SUM or metric.unit != MONEY:
                out.append((f"{where}.rate_pct", f"a rate applies to an amount, and {x.goal} ({metric.label}) is not one",
                            "choose a goal of an amount metric, e.g. bookings or revenue"))
        if x.min_actual is not None and x.min_attainment is not None:
            out.append((where, "has both min_actual and min_attainment", "keep one condition"))
    return out


def timing_problems(s: "Scenario") -> list[Problem]:
    return _version_problems(s) + _employment_problems(s) + _spiff_problems(s)
