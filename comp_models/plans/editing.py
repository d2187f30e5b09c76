"""Edits on a scenario's plain-dict form (as the app's editor holds it): pure functions.

Each takes the dict and returns the edited dict; validation happens when the dict becomes a
Scenario, so an edit can leave a plan temporarily invalid without losing anything.
"""

from __future__ import annotations

import copy

DEFAULT_CURVE = [[80.0, 50.0], [100.0, 100.0], [120.0, 150.0]]


def _weighted(components: list[dict]) -> list[int]:
    return [i for i, c in enumerate(components) if c.get("kind", "bonus") != "commission"]


def rebalance_weights(d: dict, role: str) -> dict:
    """Scale a plan's bonus weights proportionally so they sum to exactly 100 (2 decimals).

    All-zero weights become equal shares. The rounding remainder goes to the largest weight.
    """
    d = copy.deepcopy(d)
    comps = d["roles"][role]["components"]
    idx = _weighted(comps)
    if not idx:
        return d
    weights = [max(float(comps[i].get("weight", 0.0)), 0.0) for i in idx]
    total = sum(weights)
    raw = [100.0 * w / total for w in weights] if total > 0 else [100.0 / len(idx)] * len(idx)
    rounded = [round(w, 2) for w in raw]
    largest = max(range(len(rounded)), key=lambda j: rounded[j])
    rounded[largest] = round(rounded[largest] + 100.0 - sum(rounded), 2)
    for i, w in zip(idx, rounded):
        comps[i]["weight"] = w
    return d


def add_component(d: dict, role: str, goal: str, name: str | None = None) -> dict:
    """Append a bonus component on `goal` with weight 0 and a standard curve (rebalance afterwards)."""
    d = copy.deepcopy(d)
    comps = d["roles"][role].setdefault("components", [])
    label = d["goals"][goal].get("label") or goal
    base = name or label
    existing = {c["name"] for c in comps}
    name, n = base, 2
    while name in existing:
        name, n = f"{base} {n}", n + 1
    comps.append({"kind": "bonus", "name": name, "goal": goal, "weight": 0.0, "curve": copy.deepcopy(DEFAULT_CURVE)})
    return d


def remove_component(d: dict, role: str, index: int) -> dict:
    d = copy.deepcopy(d)
    del d["roles"][role]["components"][index]
    return d


def share_goal(d: dict, goal: str) -> dict:
    """Make a goal shared: every plan that does not pay on it gets a component on it (weight 0)."""
    for role, plan in d["roles"].items():
        if not any(c.get("goal") == goal or c.get("goal_y") == goal for c in plan.get("components", [])):
            d = add_component(d, role, goal)
    return d
