"""Plausibility warnings about a plan on a given performance: things that are valid but likely wrong.

Warnings are `Issue`s (file, where, problem, fix) that `validate` prints and the app shows; they
never stop a replay.
"""

from __future__ import annotations

from comp_models.engine.commission import on_target_commission
from comp_models.engine.performance import Performance
from comp_models.engine.windows import Windows
from comp_models.errors import Issue
from comp_models.plans import CommissionComponent, Scenario

ON_TARGET_TOLERANCE = 0.05  # a stated on-target commission within 5% of the table at 100% is not warned about


def target_earnings_warnings(scenario: Scenario, perf: Performance, file: str = "<scenario>") -> list[Issue]:
    """A stated `target_earnings` more than 5% away from what the tier table pays at exactly 100% of
    a year's target, with both figures (docs/money.md §4)."""
    win = Windows(perf, scenario)
    first = int(perf.months[0][:4])
    years = sorted({int(m[:4]) for m in perf.months})
    out = []
    for role, plan in scenario.roles.items():
        for i, c in enumerate(plan.components):
            if not isinstance(c, CommissionComponent) or c.target_earnings is None:
                continue
            table = on_target_commission(c.model_copy(update={"target_earnings": None}), plan, win, years, first)
            far = [(y, t) for y, t in zip(years, table) if t > 0 and abs(c.target_earnings - t) > ON_TARGET_TOLERANCE * t]
            if far:
                figures = "; ".join(f"{y}: {t:,.2f} ({(c.target_earnings - t) / t:+.0%})" for y, t in far)
                out.append(Issue(file, f"roles.{role}.components[{i}] ({c.name}).target_earnings",
                                 f"states an on-target commission of {c.target_earnings:,.2f}, but the tier table pays "
                                 f"at exactly 100% of target {figures}",
                                 "remove target_earnings to use the table's own figure each year, or change the tiers"))
    return out
