"""Scenarios the alignment tests share: a preset as a dict, two identical plans, and a
hand-worked two-quarter conflict (quarter 1 one VP at 120% while the other is at 30%)."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
from helpers import LINEAR

from comp_models import History, load_scenario, preset_paths, scenario_from_dict


def preset_dict(name: str) -> dict:
    return load_scenario(preset_paths()[name]).model_dump(mode="json")


def identical_plans(name: str = "integrated", role: str = "vp_sales") -> dict:
    """A scenario whose two roles have the same plan (the preset's `role` plan, twice)."""
    data = preset_dict(name)
    plan = data["roles"][role]
    data["roles"] = {"vp_sales": copy.deepcopy(plan), "vp_marketing": {**copy.deepcopy(plan), "title": "Twin"}}
    data["name"] = "identical"
    return data


def small_history(rows: dict[str, list[float]], start_year: int = 2024) -> History:
    n = len(next(iter(rows.values())))
    months = [f"{start_year + i // 12}-{i % 12 + 1:02d}" for i in range(n)]
    return History(pd.DataFrame({"month": months, **{c: np.asarray(v, dtype=float) for c, v in rows.items()}}),
                   "<test>")


def conflict_case():
    """Quarter 1: revenue 120% of target, MQLs 30%; quarter 2: both 100%."""
    data = {"name": "c", "goals": {"rev": {"metric": "revenue", "label": "Revenue"},
                                   "mql": {"metric": "mqls", "label": "MQLs"}},
            "roles": {"vp_sales": {"title": "VP Sales", "base_salary": 1, "target_incentive": 120000,
                                   "measurement_period": "quarterly", "true_up": "none",
                                   "components": [{"kind": "bonus", "name": "Revenue", "goal": "rev", "weight": 100,
                                                   "curve": LINEAR}]},
                      "vp_marketing": {"title": "VP Marketing", "base_salary": 1, "target_incentive": 120000,
                                       "measurement_period": "monthly", "true_up": "none",
                                       "components": [{"kind": "bonus", "name": "MQL volume", "goal": "mql",
                                                       "weight": 100, "curve": LINEAR}]}}}
    history = small_history({"revenue": [120.0, 120, 120, 100, 100, 100], "mqls": [3.0, 3, 3, 10, 10, 10]})
    annual = {("revenue", 2024): 1200.0, ("mqls", 2024): 120.0}  # 100 and 10 a month
    return scenario_from_dict(data), history, annual
