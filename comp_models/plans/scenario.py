"""The scenario: both plans and the goals they reference, checked as a whole."""

from __future__ import annotations

from pydantic import Field, model_validator

from comp_models.plans.checks import scenario_problems
from comp_models.plans.models import (SCHEMA_VERSION, Adjustment, Employment, Goal, Plan, Score, Spiff, _Model, pays_on,
                                      plan_goal_refs)


class Scenario(_Model):
    """Both plans and the goals they reference. `roles` holds each role's current plan (the plan the
    alignment lab, simulations and plan documents study); `earlier_plans` the versions in force before
    it, oldest first, each from its `effective_from` month (docs/money.md §11)."""

    schema_version: int = SCHEMA_VERSION
    name: str
    description: str = ""
    currency: str = "USD"
    fiscal_year_start: int = Field(default=1, ge=1, le=12, description="the month plan years start in (1 = January)")
    monthly_profiles: dict[str, list[float]] = {}
    goals: dict[str, Goal]
    roles: dict[str, Plan]
    earlier_plans: dict[str, list[Plan]] = {}
    employment: dict[str, Employment] = {}
    adjustments: list[Adjustment] = []
    scores: list[Score] = []
    spiffs: list[Spiff] = []

    def plan_versions(self, role: str) -> list[Plan]:
        """The role's plan versions in force order: earlier plans, then the current plan."""
        return [*self.earlier_plans.get(role, []), self.roles[role]]

    @property
    def has_history_terms(self) -> bool:
        """Whether something applies to the history's dates only: earlier plan versions, employment dates,
        adjustments, SPIFFs."""
        return bool(any(self.earlier_plans.values()) or self.employment or self.adjustments or self.spiffs
                    or any(p.effective_from for p in self.roles.values()))

    def as_designed(self) -> "Scenario":
        """The current plans alone, for a full plan year: no earlier versions, employment dates, adjustments
        or SPIFFs (they belong to the history's dates). The alignment lab, simulations and stress tests
        study this scenario; payouts and statements replay the scenario itself."""
        if not self.has_history_terms:
            return self
        roles = {r: p.model_copy(update={"effective_from": None}) for r, p in self.roles.items()}
        return self.model_copy(update={"roles": roles, "earlier_plans": {}, "employment": {}, "adjustments": [],
                                       "spiffs": []})

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        problems = scenario_problems(self)
        if problems:
            raise ValueError("\n".join(f"{where}: {what} || {fix}" for where, what, fix in problems))
        return self

    def goal_users(self) -> dict[str, list[str]]:
        """goal id -> roles whose components reference it (gates and multipliers included)."""
        users: dict[str, list[str]] = {g: [] for g in self.goals}
        for role, plan in self.roles.items():
            for goal in sorted(plan_goal_refs(plan)):
                if goal in users:
                    users[goal].append(role)
        return users

    def score_of(self, goal: str, period: str) -> Score | None:
        """The score entered for an objective in a scoring period, if any."""
        return next((s for s in self.scores if s.goal == goal and s.period == period), None)

    def shared_goals(self) -> list[str]:
        """Goals paid on by two or more roles' components: 'shared' is a fact of the model."""
        shared = []
        for goal in self.goals:
            payers = [r for r, p in self.roles.items() if any(pays_on(c, goal) for c in p.components)]
            if len(payers) >= 2:
                shared.append(goal)
        return shared
