"""Cross-field checks of a scenario that pydantic cannot express: (where, problem, fix) triples."""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from comp_models.metrics import MAX_MONEY, METRICS
from comp_models.plans.models import (ObjectivesComponent, SCHEMA_VERSION, SUPPORTED_SCHEMA_VERSIONS, WEIGHT_TOLERANCE, BonusComponent, CommissionComponent, CurvePoint,
                                      MatrixComponent, Plan, plan_goal_refs)
from comp_models.plans.timing_checks import timing_problems
from comp_models.types import Aggregation, TierMode

if TYPE_CHECKING:
    from comp_models.plans.scenario import Scenario


def _curve_problems(where: str, curve: list[CurvePoint]) -> list[tuple[str, str, str]]:
    out = []
    fix = "give points as [attainment %, payout %] with attainment strictly increasing and payout never decreasing"
    if not curve:
        return [(where, "the curve has no points", fix)]
    xs = [p[0] for p in curve]
    ys = [p[1] for p in curve]
    if any(x < 0 for x in xs) or any(y < 0 for y in ys):
        out.append((where, "a curve point is negative", fix))
    if any(b <= a for a, b in zip(xs, xs[1:])):
        out.append((where, f"attainment points {xs} are not strictly increasing", fix))
    if any(b < a for a, b in zip(ys, ys[1:])):
        out.append((where, f"payout points {ys} decrease", fix))
    return out


def scenario_problems(s: Scenario) -> list[tuple[str, str, str]]:
    """Cross-field checks pydantic cannot express. Returns (where, problem, fix) triples."""
    out: list[tuple[str, str, str]] = []
    goals = set(s.goals)
    goal_fix = f"use one of the goals defined under [goals]: {', '.join(sorted(goals))}"
    if s.schema_version not in SUPPORTED_SCHEMA_VERSIONS:
        out.append(("schema_version", f"version {s.schema_version} is not supported",
                    f"set schema_version = {SCHEMA_VERSION}"))
    out += _money_problems(s)
    out += _adjustment_problems(s)
    out += _objective_goal_problems(s) + _score_problems(s)
    if not s.roles:
        out.append(("roles", "no roles are defined", "add at least one [roles.<name>] table"))
    for name, prof in s.monthly_profiles.items():
        if len(prof) != 12 or any(v <= 0 for v in prof) or abs(sum(prof) - 1) > 1e-6:
            out.append((f"monthly_profiles.{name}", f"needs 12 positive weights summing to 1 (got {len(prof)} "
                        f"summing to {sum(prof):.6g}{', a month at 0' if 0 in prof else ''})",
                        "list one weight per month, Jan..Dec, each above 0, adding up to 1"))
    for gid, g in s.goals.items():
        where = f"goals.{gid}"
        if isinstance(g.monthly_profile, str):
            if g.monthly_profile != "flat" and g.monthly_profile not in s.monthly_profiles:
                out.append((f"{where}.monthly_profile", f"unknown profile {g.monthly_profile!r}",
                            "use 'flat', a name under [monthly_profiles], or a list of 12 weights"))
        elif len(g.monthly_profile) != 12 or abs(sum(g.monthly_profile) - 1) > 1e-6 or min(g.monthly_profile) <= 0:
            out.append((f"{where}.monthly_profile", "needs 12 positive weights summing to 1",
                        "list one weight per month, Jan..Dec, each above 0, adding up to 1"))
        for key, val in g.annual_targets.items():
            if not (len(key) == 4 and key.isdigit()):
                out.append((f"{where}.annual_targets.{key}", "key is not a year", 'write years as "2024"'))
            if not val > 0:
                out.append((f"{where}.annual_targets.{key}", f"target {val} is not positive",
                            "targets must be greater than zero"))
            elif METRICS[g.metric].unit == "fraction" and val > 1:
                out.append((f"{where}.annual_targets.{key}", f"{g.metric} is a fraction but the target is {val:g}",
                            "write rates as fractions: 85% is 0.85"))
        for key, val in g.period_targets.items():
            if not (len(key) == 7 and key[4] == "-" and key[:4].isdigit() and key[5:].isdigit()
                    and 1 <= int(key[5:]) <= 12):
                out.append((f"{where}.period_targets.{key}", "key is not a month", 'write months as "2024-03"'))
            if not val > 0:
                out.append((f"{where}.period_targets.{key}", f"target {val} is not positive",
                            "targets must be greater than zero"))
        out += _override_problems(where, g)
    for role, plan in s.roles.items():
        out += _plan_problems(f"roles.{role}", plan, s, goal_fix)
    for role, plans in s.earlier_plans.items():
        for i, plan in enumerate(plans):
            out += _plan_problems(f"earlier_plans.{role}[{i}]", plan, s, goal_fix)
    out += timing_problems(s)
    return out


def _plan_problems(rw: str, plan: Plan, s: Scenario, goal_fix: str) -> list[tuple[str, str, str]]:
    """One plan version's checks; `rw` names where it is in the file."""
    out: list[tuple[str, str, str]] = []
    goals = set(s.goals)
    if plan.target_incentive is None and plan.target_incentive_pct_of_base is None:
        out.append((rw, "no target incentive", "set target_incentive or target_incentive_pct_of_base"))
    if plan.target_incentive is not None and plan.target_incentive_pct_of_base is not None:
        out.append((rw, "both target_incentive and target_incentive_pct_of_base are set", "keep one of them"))
    if not plan.components:
        out.append((f"{rw}.components", "the plan has no components", "add at least one component"))
    weighted = plan.weighted_components()
    total = sum(c.weight for c in weighted)
    if weighted and abs(total - 100.0) > WEIGHT_TOLERANCE:
        detail = ", ".join(f"{c.name} {c.weight:g}" for c in weighted)
        out.append((f"{rw}.components", f"bonus weights sum to {total:g}%, not 100% ({detail})",
                    "change the weights so they add up to 100"))
    if not weighted and plan.annual_target_incentive > 0:
        out.append((rw, "a target incentive is set but no bonus component spends it",
                    "add a bonus component or set target_incentive = 0"))
    names = [c.name for c in plan.components]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        out.append((f"{rw}.components", f"two components are named {dup!r}", "give each component its own name"))
    if plan.multiplier:
        out += _curve_problems(f"{rw}.multiplier.curve", plan.multiplier.curve)
    for gref in sorted(plan_goal_refs(plan) - goals):
        out.append((rw, f"refers to goal {gref!r}, which is not defined", goal_fix))
    for i, c in enumerate(plan.components):
        cw = f"{rw}.components[{i}] ({c.name})"
        if isinstance(c, BonusComponent):
            if c.weight < 0:
                out.append((f"{cw}.weight", "weight is negative", "use a weight between 0 and 100"))
            out += _curve_problems(f"{cw}.curve", c.curve)
        elif isinstance(c, MatrixComponent):
            if c.weight < 0:
                out.append((f"{cw}.weight", "weight is negative", "use a weight between 0 and 100"))
            if any(v < 0 for row in c.payouts for v in row) or any(v < 0 for v in [*c.levels_x, *c.levels_y]):
                out.append((f"{cw}.payouts", "a level or payout is negative",
                            "use levels and payouts of 0% or more"))
            for axis, levels in (("levels_x", c.levels_x), ("levels_y", c.levels_y)):
                if not levels or any(b <= a for a, b in zip(levels, levels[1:])):
                    out.append((f"{cw}.{axis}", "levels must be a non-empty, strictly increasing list",
                                "list attainment levels in percent, lowest first"))
            if len(c.payouts) != len(c.levels_y) or any(len(r) != len(c.levels_x) for r in c.payouts):
                out.append((f"{cw}.payouts", f"matrix must have {len(c.levels_y)} rows of {len(c.levels_x)} values",
                            "one row per levels_y entry, one value per levels_x entry"))
        elif isinstance(c, ObjectivesComponent):
            out += _objectives_component_problems(cw, c, s)
        else:
            out += _commission_problems(cw, c, plan, s)
    return out


def _commission_problems(cw: str, c: CommissionComponent, plan: Plan, s: Scenario) -> list[tuple[str, str, str]]:
    out = []
    goal = s.goals.get(c.goal)
    if goal is not None and METRICS[goal.metric].aggregation is not Aggregation.SUM:
        out.append((f"{cw}.goal", f"commission needs an amount metric; {goal.metric!r} is a ratio",
                    "pay commission on a summed metric such as bookings or revenue"))
    starts = [t.start for t in c.tiers]
    if not c.tiers or any(b <= a for a, b in zip(starts, starts[1:])):
        out.append((f"{cw}.tiers", f"tier starts {starts} must be strictly increasing", "list tiers lowest first"))
    if c.tier_mode is TierMode.INTERPOLATED:
        if any(t.amount is None for t in c.tiers):
            out.append((f"{cw}.tiers", "interpolated tiers need an amount each", "give every tier an amount"))
        if c.ceiling is None or (starts and c.ceiling <= starts[-1]):
            out.append((f"{cw}.ceiling", "interpolated tables need a ceiling above the last tier start",
                        "set ceiling to where the last band ends"))
    elif any(t.rate is None for t in c.tiers):
        out.append((f"{cw}.tiers", f"{c.tier_mode.value} tiers need a rate each", "give every tier a rate (percent)"))
    acc = c.accumulate.months
    if acc and acc < plan.measurement_period.months:
        out.append((f"{cw}.accumulate", f"cannot accumulate within a {c.accumulate.value} when the plan measures "
                    f"{plan.measurement_period.value}", "accumulate over 'period' or a longer window"))
    return out


def _money(where: str, value: float | None) -> list[tuple[str, str, str]]:
    if value is not None and abs(value) > MAX_MONEY:
        return [(where, f"{value:.6g} is beyond the largest amount comp-align computes to the cent ({MAX_MONEY:.0e})",
                 f"use amounts of at most {MAX_MONEY:,.0f} in absolute value")]
    return []


def _money_problems(s: "Scenario") -> list[tuple[str, str, str]]:
    """Every money figure within MAX_MONEY, so cents stay exact in float64 through every sum."""
    out: list[tuple[str, str, str]] = []
    for gid, g in s.goals.items():
        if METRICS[g.metric].unit != "USD":
            continue
        for key, val in {**g.annual_targets, **g.period_targets}.items():
            out += _money(f"goals.{gid}.targets.{key}", val)
    for role, plan in s.roles.items():
        rw = f"roles.{role}"
        out += _money(f"{rw}.base_salary", plan.base_salary) + _money(f"{rw}.target_incentive", plan.target_incentive)
        if plan.target_incentive_pct_of_base is not None:
            out += _money(f"{rw}.target_incentive", plan.base_salary * plan.target_incentive_pct_of_base / 100)
        if plan.draw:
            out += _money(f"{rw}.draw.amount", plan.draw.amount)
        for i, c in enumerate(plan.components):
            if isinstance(c, CommissionComponent):
                cw = f"{rw}.components[{i}] ({c.name})"
                out += _money(f"{cw}.target_earnings", c.target_earnings)
                for j, tier in enumerate(c.tiers):
                    out += _money(f"{cw}.tiers[{j}].amount", tier.amount)
                    if c.tier_basis.value == "amount":
                        out += _money(f"{cw}.tiers[{j}].start", tier.start)
                if c.tier_basis.value == "amount":
                    out += _money(f"{cw}.ceiling", c.ceiling)
    for i, a in enumerate(s.adjustments):
        out += _money(f"adjustments[{i}].amount", a.amount)
    return out


def _adjustment_problems(s: "Scenario") -> list[tuple[str, str, str]]:
    out = []
    for i, a in enumerate(s.adjustments):
        where = f"adjustments[{i}]"
        m = a.month
        if not (len(m) == 7 and m[4] == "-" and m[:4].isdigit() and m[5:].isdigit() and 1 <= int(m[5:]) <= 12):
            out.append((f"{where}.month", f"{m!r} is not a month", 'write months as "2024-03"'))
        if a.role not in s.roles:
            out.append((f"{where}.role", f"unknown role {a.role!r}", f"use one of: {', '.join(s.roles)}"))
        elif a.component != "plan" and a.component not in {c.name for p in s.plan_versions(a.role)
                                                             for c in p.components}:
            names = ", ".join(dict.fromkeys(c.name for p in s.plan_versions(a.role) for c in p.components))
            out.append((f"{where}.component", f"{a.role} has no component named {a.component!r}",
                        f"use 'plan' or one of: {names}"))
        if not a.reason.strip():
            out.append((f"{where}.reason", "an adjustment needs a reason", "say why, e.g. 'deal 1042 cancelled'"))
    return out


def override_problems(where: str, goal, annual_by_year: dict[int, float], summed: bool) -> list[tuple[str, str, str]]:
    """Monthly overrides of a summed goal against its annual targets (docs/money.md §2).

    The months without an override share `annual − Σ overrides`, so overrides must stay below
    the annual target; when all twelve months are overridden they must add up to it."""
    if not summed:
        return []
    out = []
    by_year: dict[int, list[float]] = {}
    for key, val in goal.period_targets.items():
        if len(key) == 7 and key[:4].isdigit():
            by_year.setdefault(int(key[:4]), []).append(val)
    for year, values in sorted(by_year.items()):
        annual = annual_by_year.get(year)
        if annual is None:
            continue
        total = sum(values)
        if len(values) == 12:
            if abs(total - annual) > 0.005:
                out.append((f"{where}.period_targets", f"the twelve months of {year} add up to {total:,.2f}, not the "
                            f"annual target {annual:,.2f}", "make them add up to the annual target, or drop one"))
        elif total >= annual:
            out.append((f"{where}.period_targets", f"the {len(values)} monthly overrides of {year} add up to "
                        f"{total:,.2f}, which leaves nothing of the annual target {annual:,.2f} for the other months",
                        "lower the overrides or raise the annual target"))
    return out


def _override_problems(where: str, g) -> list[tuple[str, str, str]]:
    annual = {int(k): v for k, v in g.annual_targets.items() if len(k) == 4 and k.isdigit()}
    return override_problems(where, g, annual, METRICS[g.metric].aggregation is Aggregation.SUM)


_PERIOD_FORMS = {"monthly": (r"^\d{4}-(0[1-9]|1[0-2])$", "2024-03"), "quarterly": (r"^{Y}-Q[1-4]$", "{y}-Q3"),
                 "half-yearly": (r"^{Y}-H[12]$", "{y}-H1"), "annual": (r"^{Y}$", "{y}")}


def _period_form(scored: str, fiscal_year_start: int) -> tuple[re.Pattern, str]:
    """The form of a scoring period's label: "2024-Q3" for calendar plan years, "FY2025-Q3" for fiscal ones."""
    pattern, example = _PERIOD_FORMS[scored]
    year_re, year = (r"\d{4}", "2024") if fiscal_year_start == 1 else (r"FY\d{4}", "FY2025")
    return re.compile(pattern.replace("{Y}", year_re)), example.replace("{y}", year)


def _objective_goal_problems(s: "Scenario") -> list[tuple[str, str, str]]:
    out = []
    for gid, g in s.goals.items():
        where = f"goals.{gid}"
        if g.is_objective and (g.annual_targets or g.period_targets):
            out.append((where, "an objective is scored, it has no targets", "remove annual_targets / period_targets"))
        if not g.is_objective and g.scoring is not None:
            out.append((f"{where}.scoring", "only an objective goal (metric = \"objective\") is scored",
                        "remove scoring, or set metric = \"objective\""))
        if g.is_objective:
            sc = g.resolved_scoring
            bad = [k for k, v in sc.levels.items() if not 0 <= v <= sc.max_score]
            if bad:
                out.append((f"{where}.scoring.levels", f"levels {bad} are outside 0-{sc.max_score:g}%",
                            "give each level a payout % between 0 and max_score"))
    return out


def _objectives_component_problems(cw: str, c: ObjectivesComponent, s: "Scenario") -> list[tuple[str, str, str]]:
    out = []
    if c.weight < 0:
        out.append((f"{cw}.weight", "weight is negative", "use a weight between 0 and 100"))
    if not c.objectives:
        out.append((f"{cw}.objectives", "no objectives are listed", "list at least one objective goal with a weight"))
    total = sum(o.weight for o in c.objectives)
    if c.objectives and abs(total - 100.0) > WEIGHT_TOLERANCE:
        out.append((f"{cw}.objectives", f"the objectives' weights sum to {total:g}%, not 100%",
                    "change them so they add up to 100"))
    for o in c.objectives:
        g = s.goals.get(o.goal)
        if g is not None and not g.is_objective:
            out.append((f"{cw}.objectives", f"{o.goal!r} is a {g.metric} goal, not an objective",
                        "list goals of metric \"objective\" (scored by the CEO) here"))
    return out


def _score_problems(s: "Scenario") -> list[tuple[str, str, str]]:
    out, seen = [], set()
    for i, sc in enumerate(s.scores):
        where = f"scores[{i}]"
        g = s.goals.get(sc.goal)
        if g is None or not g.is_objective:
            out.append((f"{where}.goal", f"{sc.goal!r} is not an objective goal of this scenario",
                        "score a goal of metric \"objective\""))
            continue
        scoring = g.resolved_scoring
        form, example = _period_form(scoring.scored, s.fiscal_year_start)
        if not form.match(sc.period):
            out.append((f"{where}.period", f"{sc.period!r} is not a {scoring.scored} period",
                        f"write it like {example!r} ({g.display_label} is scored {scoring.scored})"))
        if isinstance(sc.score, str):
            if sc.score not in scoring.levels:
                levels = ", ".join(scoring.levels) or "none: give a percent"
                out.append((f"{where}.score", f"{sc.score!r} is not a level of {g.display_label}",
                            f"use one of: {levels}"))
        elif not 0 <= sc.score <= scoring.max_score:
            out.append((f"{where}.score", f"{sc.score:g} is outside 0-{scoring.max_score:g}%",
                        "give a percent between 0 and the objective's max_score"))
        if (sc.goal, sc.period) in seen:
            out.append((where, f"a second score for {sc.goal} in {sc.period}", "keep one score per objective and period"))
        seen.add((sc.goal, sc.period))
    return out
