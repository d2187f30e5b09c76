"""Bonus weights in and out of scenarios: `apply_weights` (a new, validated Scenario with some
weights replaced), which components carry a weight, and which of them pay on a goal another role
also pays on (the shared group; the rest is the functional group).
"""

from __future__ import annotations

import numpy as np

from comp_models.errors import InputError, Issue
from comp_models.plans import CommissionComponent, Plan, Scenario, scenario_from_dict

__all__ = ["apply_weights"]


# ---------------------------------------------------------------------------------------
# Weights in and out of scenarios


def apply_weights(scenario: Scenario, weights: dict[str, dict[str, float]]) -> Scenario:
    """A new, validated Scenario with the given bonus weights (percent) replaced.

    weights: role -> component name -> weight. Components not named keep their weight. Raises
    InputError naming every unknown role or component, and every validation problem (e.g.
    weights that no longer sum to 100).
    """
    data = scenario.model_dump(mode="python")
    issues = []
    for role, by_name in weights.items():
        if role not in data["roles"]:
            issues.append(Issue(scenario.name, f"roles.{role}", "is not a role of the scenario",
                                f"use one of: {', '.join(data['roles'])}"))
            continue
        comps = {c["name"]: c for c in data["roles"][role]["components"]}
        for name, w in by_name.items():
            comp = comps.get(name)
            if comp is None:
                issues.append(Issue(scenario.name, f"roles.{role}.components", f"has no component {name!r}",
                                    f"use one of: {', '.join(comps)}"))
            elif comp["kind"] == "commission":
                issues.append(Issue(scenario.name, f"roles.{role}.components ({name})",
                                    "is a commission, which has no weight", "leave it out of the weights"))
            else:
                comp["weight"] = float(w)
    if issues:
        raise InputError(issues)
    return scenario_from_dict(data, scenario.name)


def _reweighted(scenario: Scenario, role: str, weights: dict[str, float]) -> Scenario:
    """The scenario with some of one role's bonus weights replaced, copied without validating again: for weights
    the search drew from valid plans (`apply_weights` with the same weights gives an equal scenario; tested)."""
    plan = scenario.roles[role]
    comps = [c.model_copy(update={"weight": float(weights[c.name])}) if c.name in weights else c
             for c in plan.components]
    return scenario.model_copy(update={"roles": {**scenario.roles, role: plan.model_copy(update={"components": comps})}})


def _weighted(plan: Plan) -> list[int]:
    return [i for i, c in enumerate(plan.components) if not isinstance(c, CommissionComponent)]


def _shared_mask(scenario: Scenario, plan: Plan) -> np.ndarray:
    """(K_weighted,) True where a weighted component pays on a goal another role also pays on."""
    shared = set(scenario.shared_goals())
    return np.array([c.goal in shared or getattr(c, "goal_y", None) in shared
                     for c in plan.weighted_components()], dtype=bool)



def functional_shares(scenario: Scenario) -> dict[str, float]:
    """role -> the weight (%) today's plan puts on functional (not shared) goals, as the optimiser counts it."""
    out = {}
    for role, plan in scenario.roles.items():
        w = np.array([c.weight for c in plan.weighted_components()], dtype=float)
        out[role] = float(w[~_shared_mask(scenario, plan)].sum()) if len(w) else 0.0
    return out
