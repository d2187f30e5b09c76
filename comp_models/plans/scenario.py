"""The scenario: both plans and the goals they reference, checked as a whole."""

from __future__ import annotations

from pydantic import model_validator

from comp_models.plans.checks import scenario_problems
from comp_models.plans.models import SCHEMA_VERSION, Adjustment, Goal, Plan, Score, _Model, pays_on, plan_goal_refs


class Scenario(_Model):
    schema_version: int = SCHEMA_VERSION
    name: str
    description: str = ""
    currency: str = "USD"
    monthly_profiles: dict[str, list[float]] = {}
    goals: dict[str, Goal]
    roles: dict[str, Plan]
    adjustments: list[Adjustment] = []
    scores: list[Score] = []

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
