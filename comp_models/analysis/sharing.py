"""Shared-pay share and weight overlap (docs/alignment.md section 1): per VP, the share of target
variable pay in components paying on a goal both VPs are paid on (and gated by one), and the
weight overlap O of the two plans; computed from the scenario alone, without a replay.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from comp_models.analysis.pairing import vp_pair
from comp_models.plans import CommissionComponent, Scenario, component_goals

__all__ = ["SharedPay", "shared_pay_share"]


# ---------------------------------------------------------------------------------------
# 1. Shared-pay share and weight overlap


@dataclass(frozen=True, eq=False)
class SharedPay(Mapping):
    """shared_goals: goals paid on by both VPs of the pair;
    share: VP -> % of the annual target variable in components paying on a shared goal (NaN
    when the VP has no target variable);
    gated_share: VP -> % in components gated (plan or component gate) by a shared goal;
    overlap: O = sum over goals of min(w_S,g, w_M,g) in % of target variable (0-100; NaN when
    either VP has no target variable);
    rows: one dict per VP and component; `table` is the same as a frame (built when first read).

    It is also a read-only mapping VP -> shared-pay share % (`shares["vp_sales"]`,
    `shares.items()`), the figure most callers want."""

    shared_goals: list[str]
    share: dict[str, float]
    gated_share: dict[str, float]
    overlap: float
    rows: list[dict]

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per VP and component: role, title, component, goals, pct_of_target_variable, shared,
        gated_by_shared_goal."""
        return pd.DataFrame(self.rows)

    def __getitem__(self, role: str) -> float:
        return self.share[role]

    def __iter__(self):
        return iter(self.share)

    def __len__(self) -> int:
        return len(self.share)


def _component_weight(plan, c) -> float:
    """% of the plan's annual target variable the component pays at target."""
    tv = plan.annual_target_variable
    if tv <= 0:
        return float("nan")
    money = c.target_earnings if isinstance(c, CommissionComponent) else c.weight / 100.0 * plan.annual_target_incentive
    return 100.0 * money / tv


def _paid_goals(plan) -> list[str]:
    return [g for c in plan.components for g in component_goals(c)]


def shared_pay_share(scenario: Scenario) -> SharedPay:
    """Per VP, the share of target incentive tied to goals both VPs are paid on (SW_i), and the
    weight overlap O."""
    pair = vp_pair(scenario)
    paid = [set(_paid_goals(scenario.roles[r])) for r in pair]
    shared = [g for g in scenario.goals if g in paid[0] and g in paid[1]]
    rows, share, gated, by_goal = [], {}, {}, {}
    for role in pair:
        plan = scenario.roles[role]
        share[role], gated[role], by_goal[role] = 0.0, 0.0, {}
        plan_gates = {g.goal for g in plan.gates}
        for c in plan.components:
            goals = component_goals(c)
            w = _component_weight(plan, c)
            is_shared = any(g in shared for g in goals)
            gates = plan_gates | {g.goal for g in c.gates}
            is_gated = any(g in shared for g in gates)
            share[role] += w if is_shared else 0.0
            gated[role] += w if is_gated else 0.0
            for g in goals:
                by_goal[role][g] = by_goal[role].get(g, 0.0) + w / len(goals)
            rows.append({"role": role, "title": plan.title, "component": c.name, "goals": ", ".join(goals),
                         "pct_of_target_variable": w, "shared": is_shared, "gated_by_shared_goal": is_gated})
        if plan.annual_target_variable <= 0:
            share[role] = gated[role] = float("nan")
    overlap = float("nan")
    if all(scenario.roles[r].annual_target_variable > 0 for r in pair):
        a, b = by_goal[pair[0]], by_goal[pair[1]]
        overlap = float(sum(min(a.get(g, 0.0), b.get(g, 0.0)) for g in set(a) | set(b)))
    return SharedPay(shared, share, gated, overlap, rows)

