"""Plausibility warnings about a plan, alone (`plan_warnings`) or on a given performance
(`target_earnings_warnings`): things that are valid but likely wrong.

Warnings are `Issue`s (file, where, problem, fix) that `validate` prints and the app shows; they
never stop a replay.
"""

from __future__ import annotations

import unicodedata

from comp_models.dates import month_in_plan_year, plan_year
from comp_models.engine.commission import on_target_commission
from comp_models.engine.performance import Performance
from comp_models.engine.windows import Windows
from comp_models.errors import Issue
from comp_models.plans import CommissionComponent, Scenario
from comp_models.types import Direction

ON_TARGET_TOLERANCE = 0.05  # a stated on-target commission within 5% of the table at 100% is not warned about


def target_earnings_warnings(scenario: Scenario, perf: Performance, file: str = "<scenario>") -> list[Issue]:
    """A stated `target_earnings` more than 5% away from what the tier table pays at exactly 100% of
    a year's target, with both figures (docs/money.md §4)."""
    win = Windows(perf, scenario)
    fy = scenario.fiscal_year_start
    spans: dict[int, tuple[int, int, int]] = {}  # plan year -> (first month index, end, offset of the first)
    for i, m in enumerate(perf.months):
        y = plan_year(m, fy)
        if y not in spans:
            off = month_in_plan_year(m, fy)
            spans[y] = (i, i + 12 - off, off)
    years = sorted(spans)
    out = []
    for role, plan in scenario.roles.items():
        for i, c in enumerate(plan.components):
            if not isinstance(c, CommissionComponent) or c.target_earnings is None:
                continue
            bare = c.model_copy(update={"target_earnings": None})
            # whole plan years only: a partial first year's table is not comparable with an annual figure
            table = [on_target_commission(bare, plan, win, *spans[y]) if spans[y][2] == 0 else 0.0 for y in years]
            far = [(y, t) for y, t in zip(years, table) if t > 0 and abs(c.target_earnings - t) > ON_TARGET_TOLERANCE * t]
            if far:
                figures = "; ".join(f"{y}: {t:,.2f} ({(c.target_earnings - t) / t:+.0%})" for y, t in far)
                out.append(Issue(file, f"roles.{role}.components[{i}] ({c.name}).target_earnings",
                                 f"states an on-target commission of {c.target_earnings:,.2f}, but the tier table pays "
                                 f"at exactly 100% of target {figures}",
                                 "remove target_earnings to use the table's own figure each year, or change the tiers"))
    return out


CAP_FLOOR = 100.0  # a plan cap below this cannot pay the target incentive on target
RATE_CEILING = 100.0  # a commission rate above 100% pays more than the amount it is on
REACH = {Direction.HIGHER: 300.0, Direction.LOWER: 200.0, Direction.BUDGET: 100.0}  # attainment a gate can ask for
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200E, 0x200F, 0xFEFF)}


def _control_chars(text: str, allow: str = "") -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in text
                   if ch not in allow and (unicodedata.category(ch) == "Cc" or ch in _BIDI)})


def _gate_issue(scenario: Scenario, file: str, where: str, goal: str, level: float, what: str) -> Issue | None:
    g = scenario.goals.get(goal)
    if g is None:
        return None
    direction = g.resolved_direction
    reach = REACH[direction]
    if level <= reach:
        return None
    why = {Direction.HIGHER: f"above {reach:.0f}% is beyond any plausible year",
           Direction.LOWER: f"a lower-is-better goal attains at most {reach:.0f}% (2 - actual / target, at an actual of 0)",
           Direction.BUDGET: f"a budget goal attains at most {reach:.0f}% (on or under budget)"}[direction]
    return Issue(file, where, f"{what} asks {g.display_label} for {level:g}% attainment, which no history could "
                 f"reach: {why}", "lower min_attainment to a level the goal can reach (e.g. 85 or 100)")


def plan_warnings(scenario: Scenario, file: str = "<scenario>") -> list[Issue]:
    """Valid but likely wrong, whatever the history: a plan cap below 100% (on target cannot pay the
    target), a commission rate above 100% (more than the amount), a gate or conditional cap no history
    could reach, control characters in a name, label or description."""
    out: list[Issue] = []
    texts = [("name", scenario.name, ""), ("description", scenario.description, "\n\t")]
    texts += [(f"goals.{gid}.label", g.label, "") for gid, g in scenario.goals.items()]
    texts += [(f"goals.{gid} (its id)", gid, "") for gid in scenario.goals]
    for role, plan in scenario.roles.items():
        rw = f"roles.{role}"
        texts += [(f"{rw} (its id)", role, ""), (f"{rw}.title", plan.title, "")]
        texts += [(f"{rw}.components[{i}].name", c.name, "") for i, c in enumerate(plan.components)]
        if plan.plan_cap is not None and plan.plan_cap < CAP_FLOOR:
            out.append(Issue(file, f"{rw}.plan_cap", f"a plan cap of {plan.plan_cap:g}% is below 100%: {plan.title} "
                             "cannot earn the target incentive even when every goal is hit exactly",
                             "raise plan_cap to 100 or more (e.g. 200), or remove it"))
        for j, gate in enumerate(plan.gates):
            out.append(_gate_issue(scenario, file, f"{rw}.gates[{j}]", gate.goal, gate.min_attainment, "the plan gate"))
        for i, c in enumerate(plan.components):
            cw = f"{rw}.components[{i}] ({c.name})"
            for j, gate in enumerate(c.gates):
                out.append(_gate_issue(scenario, file, f"{cw}.gates[{j}]", gate.goal, gate.min_attainment, "the gate"))
            for j, cap in enumerate(getattr(c, "conditional_caps", [])):
                out.append(_gate_issue(scenario, file, f"{cw}.conditional_caps[{j}]", cap.goal, cap.min_attainment,
                                       "the conditional cap"))
            if isinstance(c, CommissionComponent):
                for j, tier in enumerate(c.tiers):
                    if tier.rate is not None and tier.rate > RATE_CEILING:
                        out.append(Issue(file, f"{cw}.tiers[{j}].rate", f"a rate of {tier.rate:g}% pays more than "
                                         "the amount it is on", "rates are percent of the amount: 2.5 means 2.5%"))
    for i, a in enumerate(scenario.adjustments):
        texts.append((f"adjustments[{i}].reason", a.reason, ""))
    for where, text, allow in texts:
        bad = _control_chars(text or "", allow)
        if bad:
            out.append(Issue(file, where, f"holds control or invisible characters ({', '.join(bad)})",
                             "retype the text without them (they can hide or reorder what a reader sees)"))
    return [i for i in out if i is not None]


def history_term_warnings(scenario: Scenario, months: list[str], file: str = "<scenario>") -> list[Issue]:
    """What the history's dates leave unpaid or unsettled (docs/money.md §13-15): a SPIFF whose window ends
    after the history (pending) or starts before it (not measurable), a plan version that takes effect after
    the history, an employment that ends after it (not settled yet)."""
    out: list[Issue] = []
    first, last = months[0], months[-1]
    for i, x in enumerate(scenario.spiffs):
        where = f"spiffs[{i}] ({x.name})"
        if x.start < first:
            out.append(Issue(file, where, f"SPIFF {x.name} starts {x.start}, before the history ({first}): it cannot "
                             "be measured and is not paid", "date the window inside the history, or extend the history"))
        elif x.end > last:
            out.append(Issue(file, where, f"SPIFF {x.name} is pending: its window ends {x.end}, after the history "
                             f"({last}); nothing is paid yet", "it is paid once the history reaches its last month"))
    for role in scenario.roles:
        for v, plan in enumerate(scenario.plan_versions(role)):
            if plan.effective_from and plan.effective_from > last:
                out.append(Issue(file, f"roles.{role}" if v == len(scenario.plan_versions(role)) - 1 else
                                 f"earlier_plans.{role}[{v}]", f"the plan version from {plan.effective_from} takes "
                                 f"effect after the history ({last}): the replay does not use it yet",
                                 "nothing to do if it is a plan for the future"))
    return out
