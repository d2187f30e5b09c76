"""Edits on a scenario's plain-dict form (as the app's editor holds it): pure functions.

Each takes the dict and returns the edited dict; validation happens when the dict becomes a
Scenario, so an edit can leave a plan temporarily invalid without losing anything.
"""

from __future__ import annotations

import copy

DEFAULT_CURVE = [[80.0, 50.0], [100.0, 100.0], [120.0, 150.0]]


def _weighted(components: list[dict]) -> list[int]:
    return [i for i, c in enumerate(components) if c.get("kind", "bonus") != "commission"]


def whole_points(shares: list[float], total: int) -> list[int]:
    """Whole numbers proportional to `shares` that sum to exactly `total` (largest-remainder rounding:
    each gets the floor of its exact share, the points left go to the largest remainders, the earlier
    component first on a tie). All-zero shares split `total` equally the same way."""
    n = len(shares)
    if n == 0 or total <= 0:
        return [0] * n
    shares = [max(float(x), 0.0) for x in shares]
    mass = sum(shares)
    exact = [total * x / mass for x in shares] if mass > 0 else [total / n] * n
    out = [int(x) for x in exact]  # floors (exact >= 0)
    left = total - sum(out)
    order = sorted(range(n), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[:left]:
        out[i] += 1
    return out


def rebalance_weights(d: dict, role: str, locked: set[int] | frozenset[int] = frozenset()) -> dict:
    """Scale a plan's bonus weights proportionally so they sum to exactly 100, in whole points.

    `locked` (component indexes) keep their weight; the others share what is left (largest-remainder
    rounding, `whole_points`); all-zero weights become equal shares.
    """
    d = copy.deepcopy(d)
    comps = d["roles"][role]["components"]
    idx = _weighted(comps)
    if not idx:
        return d
    fixed = [i for i in idx if i in locked]
    free = [i for i in idx if i not in locked]
    room = max(0, 100 - round(sum(float(comps[i].get("weight", 0.0)) for i in fixed)))
    for i, w in zip(free, whole_points([float(comps[i].get("weight", 0.0)) for i in free], room)):
        comps[i]["weight"] = float(w)
    return d


def set_weight(d: dict, role: str, index: int, weight: float, locked: set[int] | frozenset[int] = frozenset()) -> dict:
    """Set one bonus weight (whole points) and move the others of the plan proportionally, in whole points,
    so the plan still sums to 100. Locked components keep theirs; the moved weight is held within what
    the locks leave (0 to 100 - locked)."""
    d = copy.deepcopy(d)
    comps = d["roles"][role]["components"]
    idx = _weighted(comps)
    locked = set(locked) - {index}
    room = 100 - round(sum(float(comps[i].get("weight", 0.0)) for i in idx if i in locked))
    others = [i for i in idx if i != index and i not in locked]
    w = round(min(max(float(weight), 0.0), max(room, 0)))
    if not others:
        w = max(room, 0)  # nothing else can move: the weight is what the locks leave
    comps[index]["weight"] = float(w)
    for i, v in zip(others, whole_points([float(comps[i].get("weight", 0.0)) for i in others], room - w)):
        comps[i]["weight"] = float(v)
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


def share_goal(d: dict, goal: str, weight: float = 0.0) -> dict:
    """Make a goal shared: every plan that does not pay on it gets a bonus component on it with `weight`
    whole points, taken from that plan's other bonus weights proportionally (`set_weight`), so the plan
    still sums to 100."""
    for role, plan in d["roles"].items():
        if not any(c.get("goal") == goal or c.get("goal_y") == goal for c in plan.get("components", [])):
            d = add_component(d, role, goal)
            if weight:
                d = set_weight(d, role, len(d["roles"][role]["components"]) - 1, weight)
    return d
