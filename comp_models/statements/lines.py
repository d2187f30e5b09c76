"""The statement: every line of every role and period, in exact cents, with its trace.

`statement()` is the one place money is rounded (see money.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from comp_models.engine import LEDGER_LINES, MULTIPLIER, PLAN_CAP, ReplayResult, RoleResult
from comp_models.plans import CommissionComponent
from comp_models.statements.money import cents_to_money, to_cents
from comp_models.statements.trace import adjustment_trace, component_trace, ledger_trace

COLUMNS = ["year", "period", "role", "line", "component", "metric", "goal", "shared", "actual", "target",
           "attainment", "payout_pct", "earned", "paid", "trace"]


def _ledger_lines_used(rr: RoleResult) -> list[str]:
    plan = rr.plan
    used = {"holdback": plan.holdback_pct > 0,
            "floor (no claw-back)": plan.true_up.value != "none" and plan.measurement_period.months < 12,
            "draw top-up": plan.draw is not None, "draw recovery": bool(plan.draw and plan.draw.recoverable),
            "installments": plan.installments > 1}
    return [name for name in LEDGER_LINES if used[name] or np.any(np.abs(rr.ledger.lines[name][0]) >= 0.005)]


def _row(base: dict, line: str, component: str, goal: str, scenario, shared: set[str], amount: float,
         earned: bool, trace: str, measures: tuple = (np.nan,) * 4) -> dict:
    """One statement line; measures = (actual, target, attainment, payout_pct) where they apply."""
    actual, target, attainment, payout_pct = measures
    return {**base, "line": line, "component": component, "metric": scenario.goals[goal].metric if goal else "",
            "goal": goal, "shared": goal in shared, "actual": actual, "target": target, "attainment": attainment,
            "payout_pct": payout_pct, "_amount": amount, "_earned": earned, "trace": trace}


def _role_rows(result: ReplayResult, rr: RoleResult, s: int) -> list[dict]:
    scenario = result.scenario
    shared = set(scenario.shared_goals())
    plan, grid = rr.plan, rr.grid
    adjustments = ([MULTIPLIER] if plan.multiplier else []) + ([PLAN_CAP] if plan.plan_cap else [])
    ledger_names = _ledger_lines_used(rr)
    has_true_up = plan.true_up.value == "annual" and plan.measurement_period.months < 12
    rows: list[dict] = []
    for p, label in enumerate(grid.labels):
        base = {"year": int(grid.year[p]), "period": label, "role": rr.role}
        for true_up in (False, True):
            if true_up and not (has_true_up and grid.closes_year[p]):
                continue
            src, det = (rr.true_up, rr.annual_detail) if true_up else (rr.earned, rr.detail)
            for i, c in enumerate(plan.components):
                if true_up and isinstance(c, CommissionComponent):
                    continue  # commission settles per period; it is not re-measured
                measures = tuple(det[f][s, p, i] for f in ("actual", "target", "attainment", "payout_pct"))
                rows.append(_row(base, "true-up" if true_up else "component", c.name, c.goal, scenario, shared,
                                 src[s, p, i], True, component_trace(rr, scenario, s, p, i, true_up=true_up),
                                 measures))
            for name in adjustments:
                goal = plan.multiplier.goal if name == MULTIPLIER else ""
                rows.append(_row(base, "true-up" if true_up else "adjustment", name, goal, scenario, shared,
                                 src[s, p, rr.line_names.index(name)], True,
                                 adjustment_trace(rr, scenario, s, p, name, true_up=true_up)))
        for name in ledger_names:
            rows.append(_row(base, "payment", name, "", scenario, shared, rr.ledger.lines[name][s, p], False,
                             ledger_trace(rr, s, p, name)))
    return rows


def statement(result: ReplayResult, scenario_index: int = 0) -> pd.DataFrame:
    """Every line of every role and period, in exact cents (as money with 2 decimals).

    Columns: COLUMNS. `earned` is what the line earns (components, adjustments, true-ups);
    `paid` is the cash it contributes: earned lines pay what they earn, payment lines
    (holdback, floor, draws, installments) adjust it. Sum `earned` for earnings, `paid` for cash.
    """
    rows = [r for rr in result.roles.values() for r in _role_rows(result, rr, scenario_index)]
    df = pd.DataFrame(rows)
    # one running total per role, year and line name, in period order: each component's
    # year (true-up included) is exact to the cent, and every total is a sum of lines
    key = (df["role"] + "|" + df["year"].astype(str) + "|" + df["line"].eq("payment").astype(str)
           + "|" + df["component"]).to_numpy()
    earned_mask = df["_earned"].to_numpy(dtype=bool)
    order = np.argsort(key, kind="stable")
    cents = np.empty(len(df), dtype=np.int64)
    cents[order] = to_cents(df["_amount"].to_numpy()[order], key[order])
    df["earned"] = cents_to_money(np.where(earned_mask, cents, 0))
    df["paid"] = cents_to_money(cents)
    df["_cents"] = cents
    return df[COLUMNS + ["_cents", "_earned"]].reset_index(drop=True)


def public(df: pd.DataFrame) -> pd.DataFrame:
    """The statement without its helper columns (for export)."""
    return df[[c for c in df.columns if not c.startswith("_")]]
