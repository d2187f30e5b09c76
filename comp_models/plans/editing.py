"""Edits on a scenario's plain-dict form (as the app's editor holds it): pure functions.

Each takes the dict and returns the edited dict; validation happens when the dict becomes a
Scenario, so an edit can leave a plan temporarily invalid without losing anything.
"""

from __future__ import annotations

import copy
import re

from comp_models.dates import month_ordinal, month_text

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


def add_plan_version(d: dict, role: str, month: str) -> dict:
    """A new version of a role's plan from `month` ("YYYY-MM", docs/money.md §14): the current plan is
    copied to the end of `earlier_plans[role]` (keeping its `effective_from`) and the current plan, now
    the new version (a copy of the old one, to be edited), takes effect in `month`.

    ValueError when `month` is not a month, or not after the current plan's own effective month."""
    month_ordinal(month)  # ValueError on a malformed month
    d = copy.deepcopy(d)
    current = d["roles"][role]
    since = current.get("effective_from")
    if since and month_ordinal(month) <= month_ordinal(since):
        raise ValueError(f"a new version must take effect after the current one's month ({since})")
    d.setdefault("earlier_plans", {}).setdefault(role, []).append(copy.deepcopy(current))
    current["effective_from"] = month
    return d


def remove_plan_version(d: dict, role: str, index: int) -> dict:
    """Delete version `index` of a role's plan, counted in force order (0 = the oldest earlier plan,
    len(earlier_plans[role]) = the current plan). Its months go to the version before it (its in-force
    span runs on to the next version); the oldest version's months go to the next one, which takes its
    `effective_from`; deleting the current plan makes the latest earlier version current. A role left
    with one version has no `earlier_plans` entry. IndexError when there is no such version or it is
    the only one."""
    d = copy.deepcopy(d)
    earlier = d.get("earlier_plans", {}).get(role, [])
    versions = [*earlier, d["roles"][role]]
    if not 0 <= index < len(versions) or len(versions) == 1:
        raise IndexError(f"{role} has no version {index} to delete (versions: {len(versions)})")
    removed = versions.pop(index)
    if index == 0:
        versions[0]["effective_from"] = removed.get("effective_from")
    d["roles"][role] = versions[-1]
    if len(versions) > 1:
        d["earlier_plans"][role] = versions[:-1]
    else:
        d["earlier_plans"].pop(role, None)
    return d


def plan_version_spans(d: dict, role: str, first: str, last: str) -> list[tuple[int, str, str]]:
    """(version index, first month, last month) of each of a role's plan versions in force within the
    months `first`..`last` (the history's): a version runs from its `effective_from` (the oldest without
    one: from `first`) to the month before the next version's; versions wholly outside are left out."""
    versions = [*d.get("earlier_plans", {}).get(role, []), d["roles"][role]]
    lo, hi = month_ordinal(first), month_ordinal(last)
    starts = [month_ordinal(v["effective_from"]) if v.get("effective_from") else lo for v in versions]
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else hi
        a, b = max(start, lo), min(end, hi)
        if a <= b:
            out.append((i, month_text(a), month_text(b)))
    return out


def add_objectives_component(d: dict, role: str, goal: str, name: str | None = None) -> dict:
    """Append an objectives component (docs/money.md §9) paying on the objective `goal` (weight 100 in the
    component), with plan weight 0 (rebalance afterwards)."""
    d = copy.deepcopy(d)
    comps = d["roles"][role].setdefault("components", [])
    base = name or d["goals"][goal].get("label") or goal
    existing = {c["name"] for c in comps}
    name, n = base, 2
    while name in existing:
        name, n = f"{base} {n}", n + 1
    comps.append({"kind": "objectives", "name": name, "weight": 0.0, "objectives": [{"goal": goal, "weight": 100.0}]})
    return d


DEFAULT_LEVELS = {"missed": 0.0, "met": 100.0, "exceeded": 130.0}


def add_objective_goal(d: dict, label: str, scored: str = "quarterly") -> tuple[dict, str]:
    """A new objective goal (metric `objective`) labelled `label`, scored `scored`, with levels missed 0 /
    met 100 / exceeded 130 and a max score of 130. Returns (the dict, the new goal's id: a slug of the
    label, made unique)."""
    d = copy.deepcopy(d)
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "objective"
    gid, n = base, 2
    while gid in d["goals"]:
        gid, n = f"{base}_{n}", n + 1
    d["goals"][gid] = {"metric": "objective", "label": label,
                       "scoring": {"scored": scored, "levels": dict(DEFAULT_LEVELS), "max_score": 130.0,
                                   "simulated_score": 100.0}}
    return d, gid
