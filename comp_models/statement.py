"""Statements: a replay as tidy tables of exact cents, with a trace on every line.

`statement()` is the one place money is rounded (see money.py). Every other table here is
a sum of its rows, so the summary, the period table and the detail always agree to the cent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .engine import MULTIPLIER, PLAN_CAP, ReplayResult, RoleResult
from .ledger import LEDGER_LINES
from .money import cents_to_money, to_cents
from .scenario import CommissionComponent
from .trace import adjustment_trace, component_trace, ledger_trace

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


def period_table(stmt: pd.DataFrame) -> pd.DataFrame:
    """Per role and period: earned and paid (sums of the statement's cents)."""
    cents = stmt.assign(_earned_c=np.where(stmt["_earned"], stmt["_cents"], 0))
    g = cents.groupby(["role", "year", "period"], sort=False).agg(earned_c=("_earned_c", "sum"), paid_c=("_cents", "sum"))
    g = g.reset_index()
    g["earned"] = g.pop("earned_c") / 100.0
    g["paid"] = g.pop("paid_c") / 100.0
    return g


def annual_summary(result: ReplayResult, stmt: pd.DataFrame) -> pd.DataFrame:
    """Per role and year: target variable, earned, % of target, paid, and earned by component."""
    per = period_table(stmt)
    rows = []
    for (role, year), grp in per.groupby(["role", "year"], sort=False):
        rr = result.roles[role]
        months = int(rr.grid.months[rr.grid.year == year].sum())
        target_c = int(round(rr.plan.annual_target_variable * months / 12 * 100))
        earned_c = int(round(grp["earned"].sum() * 100))
        paid_c = int(round(grp["paid"].sum() * 100))
        row = {"role": role, "title": rr.plan.title, "year": int(year), "months": months,
               "base_salary": round(rr.plan.base_salary * months / 12, 2),
               "target_incentive": target_c / 100, "earned": earned_c / 100,
               "pct_of_target": 100.0 * earned_c / target_c if target_c else np.nan, "paid": paid_c / 100}
        rows.append(row)
    return pd.DataFrame(rows)


def component_summary(stmt: pd.DataFrame) -> pd.DataFrame:
    """Per role, year and component (true-ups folded in): earned."""
    earned = stmt[stmt["_earned"]]
    g = earned.groupby(["role", "year", "component"], sort=False)["_cents"].sum().reset_index()
    g["earned"] = g.pop("_cents") / 100.0
    return g


def side_by_side(summary: pd.DataFrame) -> pd.DataFrame:
    """Annual summary with one column block per role, one row per year."""
    wide = summary.pivot(index="year", columns="role", values=["target_incentive", "earned", "pct_of_target", "paid"])
    wide = wide.swaplevel(0, 1, axis=1).sort_index(axis=1, level=0, sort_remaining=False)
    return wide


def explain(stmt: pd.DataFrame, role: str, period: str, component: str) -> str:
    """The calculation trace(s) of one role/period/component (its true-up line too, if any)."""
    rows = stmt[(stmt["role"] == role) & (stmt["period"] == period) & (stmt["component"] == component)]
    if rows.empty:
        raise KeyError(f"no line for role {role!r}, period {period!r}, component {component!r}")
    return "\n".join(rows["trace"])


def calendar_quarter(period: str) -> str:
    """The calendar quarter a period label falls in or ends in ("2024-05" → "2024-Q2", "2024" → "2024-Q4")."""
    if "-Q" in period:
        return period
    if len(period) == 4:
        return f"{period}-Q4"
    return f"{period[:4]}-Q{(int(period[5:7]) - 1) // 3 + 1}"


def quarterly_side_by_side(stmt: pd.DataFrame) -> pd.DataFrame:
    """Earned and paid per calendar quarter, one column pair per role.

    Plans measured monthly are summed into quarters; annual plans (and true-ups) sit in the
    year's last quarter. Sums of the statement's cents, so they add up to the annual summary.
    """
    per = period_table(stmt)
    per["quarter"] = per["period"].map(calendar_quarter)
    g = per.groupby(["quarter", "role"], sort=False)[["earned", "paid"]].sum().round(2)
    wide = g.unstack("role")
    wide.columns = [f"{role} {what}" for what, role in wide.columns]
    roles = list(dict.fromkeys(stmt["role"]))
    return wide[[f"{r} {w}" for r in roles for w in ("earned", "paid")]].sort_index()
