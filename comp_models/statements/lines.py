"""The statement: every line of every role and period, in exact cents, with its trace.

Line kinds (the `line` column; docs/money.md "Statement lines"):
- `component`: each component, every period;
- `plan`: the multiplier and plan-cap lines of plans that have them;
- `true-up`: at the period closing a year under an annual true-up (a commission only when gated);
- `payment`: holdback, holdback forfeited, floor (no claw-back), installments, draw top-up, draw recovery;
- `adjustment`: each adjustment of the scenario, in its period, its reason in the trace;
- `spiff`: each SPIFF award, in the period holding its window's end (outside the weights);
- `balance`: held, deferred, draw balance after the period (in `balance`; they pay nothing).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from comp_models.engine import LEDGER_LINES, MULTIPLIER, PLAN_CAP, ReplayResult, RoleResult
from comp_models.plans import CommissionComponent
from comp_models.statements.money import cents_to_money, to_cents
from comp_models.statements.trace import (adjustment_trace, balance_trace, component_trace, ledger_trace,
                                          plan_line_trace, spiff_trace)

COLUMNS = ["year", "year_status", "period", "version", "role", "line", "component", "metric", "goal", "shared",
           "actual", "target", "attainment", "payout_pct", "earned", "paid", "balance", "trace"]
EARNED_KINDS = ("component", "plan", "true-up", "spiff")


def _versions(rr: RoleResult) -> list:
    return rr.versions or [rr.plan]


def _ledger_lines_used(rr: RoleResult) -> list[str]:
    used = dict.fromkeys(LEDGER_LINES, False)
    for plan in _versions(rr):
        used["holdback"] |= plan.holdback_pct > 0
        used["floor (no claw-back)"] |= plan.true_up.value != "none" and plan.measurement_period.months < 12
        used["draw top-up"] |= plan.draw is not None
        used["draw recovery"] |= bool(plan.draw and plan.draw.recoverable)
        used["installments"] |= plan.installments > 1
        used["holdback forfeited"] |= bool(plan.holdback_pct > 0 and rr.grid.termination.any()
                                           and plan.at_termination.holdback == "forfeit")
    return [name for name in LEDGER_LINES if used[name] or np.any(np.abs(rr.ledger.lines[name][0]) >= 0.005)]


def _balances_used(rr: RoleResult) -> list[str]:
    used = dict.fromkeys(("held", "deferred", "draw balance"), False)
    for plan in _versions(rr):
        used["held"] |= plan.holdback_pct > 0
        used["deferred"] |= plan.installments > 1
        used["draw balance"] |= bool(plan.draw and plan.draw.recoverable)
    return [name for name, on in used.items() if on]


def year_status(rr: RoleResult) -> dict[int, str]:
    """plan year -> "closed" when its last span is settled inside the history, "partial" when the history
    starts inside it (not re-measured), else "open" (docs/money.md §1, §12)."""
    out = {}
    for p, y in enumerate(rr.grid.year.tolist()):
        if not rr.grid.remeasured[p]:
            out[int(y)] = "partial"
        elif out.get(int(y)) != "partial":
            out[int(y)] = "closed" if rr.grid.closes_year[p] else "open"
    return out


def _row(base: dict, line: str, component: str, goal: str, scenario, shared: set[str], amount: float,
         trace: str, measures: tuple = (np.nan,) * 4, balance: float = 0.0) -> dict:
    """One statement line; measures = (actual, target, attainment, payout_pct) where they apply."""
    actual, target, attainment, payout_pct = measures
    return {**base, "line": line, "component": component, "metric": scenario.goals[goal].metric if goal else "",
            "goal": goal, "shared": goal in shared, "actual": actual, "target": target, "attainment": attainment,
            "payout_pct": payout_pct, "_amount": amount, "_balance": balance, "trace": trace}


def _earned_rows(result: ReplayResult, rr: RoleResult, s: int, p: int, base: dict, shared: set[str],
                 t: "Tracer") -> list[dict]:
    """The period's component and plan lines, and its true-up lines at a year-closing period."""
    scenario, plan, grid = result.scenario, rr.plan_at(p), rr.grid
    plan_lines = ([MULTIPLIER] if plan.multiplier else []) + ([PLAN_CAP] if plan.plan_cap is not None else [])
    has_true_up = plan.true_up.value == "annual" and plan.measurement_period.months < 12 and grid.closes_year[p] \
        and grid.remeasured[p]
    rows: list[dict] = []
    for true_up in (False, True):
        if true_up and not has_true_up:
            continue
        src, det = (rr.true_up, rr.annual_detail) if true_up else (rr.earned, rr.detail)
        for i in range(len(rr.line_names) - 2):
            c = rr.component_at(p, i)
            if c is None:
                continue  # the version in force has no such component
            if true_up and isinstance(c, CommissionComponent) and not (plan.gates or c.gates):
                continue  # commission settles per period; only its gates are re-tested on the year
            measures = tuple(det[f][s, p, i] for f in ("actual", "target", "attainment", "payout_pct"))
            rows.append(_row(base, "true-up" if true_up else "component", c.name, c.goal, scenario, shared,
                             src[s, p, i], t(component_trace, rr, scenario, s, p, i, true_up=true_up), measures))
        for name in plan_lines:
            goal = plan.multiplier.goal if name == MULTIPLIER else ""
            rows.append(_row(base, "true-up" if true_up else "plan", name, goal, scenario, shared,
                             src[s, p, rr.line_names.index(name)],
                             t(plan_line_trace, rr, scenario, s, p, name, true_up=true_up)))
    return rows


def _role_rows(result: ReplayResult, rr: RoleResult, s: int, t: "Tracer") -> list[dict]:
    scenario = result.scenario
    shared = set(scenario.shared_goals())
    status = year_status(rr)
    ledger_names, balance_names = _ledger_lines_used(rr), _balances_used(rr)
    rows: list[dict] = []
    for p, label in enumerate(rr.grid.labels):
        year = int(rr.grid.year[p])
        version = rr.plan_at(p).effective_from or ""
        base = {"year": year, "year_status": status[year], "period": label, "version": version, "role": rr.role}
        rows += _earned_rows(result, rr, s, p, base, shared, t)
        for name in ledger_names:
            rows.append(_row(base, "payment", name, "", scenario, shared, rr.ledger.lines[name][s, p],
                             t(ledger_trace, rr, s, p, name)))
        for j, period, amount in rr.adjustments:
            if period == p:
                a = scenario.adjustments[j]
                rows.append(_row(base, "adjustment", a.component, "", scenario, shared, amount,
                                 t(adjustment_trace, rr, a, label, amount)))
        for award in rr.spiffs:
            if award.period == p:
                measures = (award.actual[s] if award.actual is not None else np.nan, np.nan,
                            award.attainment[s] if award.attainment is not None else np.nan, np.nan)
                rows.append(_row(base, "spiff", award.spiff.name, award.spiff.goal or "", scenario, shared,
                                 award.amount[s], t(spiff_trace, rr, scenario, award, s, label), measures))
        for name in balance_names:
            value = rr.ledger.balances[name][s, p]
            rows.append(_row(base, "balance", name, "", scenario, shared, 0.0, t(balance_trace, rr, s, p, name),
                             balance=value))
    return rows


Tracer = Callable[..., str]


def _traced(fn, *args, **kwargs) -> str:
    return fn(*args, **kwargs)


def _untraced(fn, *args, **kwargs) -> str:
    return ""


def statement(result: ReplayResult, scenario_index: int = 0, traces: bool = True) -> pd.DataFrame:
    """Every line of every role and period, in exact cents (as money with 2 decimals).

    Columns: COLUMNS. `earned` is what the line earns (component, plan and true-up lines); `paid` is
    the cash it contributes: earned lines pay what they earn, payment and adjustment lines adjust
    it, balance lines pay nothing and carry their amount in `balance`. Sum `earned` for earnings,
    `paid` for cash. Every line's amount is the engine's, already on cents (docs/money.md §7).
    traces=False leaves the trace column empty: the same lines and cents, for tables that show no trace.
    """
    t = _traced if traces else _untraced
    rows = [r for rr in result.roles.values() for r in _role_rows(result, rr, scenario_index, t)]
    # the frame built once, column by column in its final order (the Plan builder builds it on every slider move)
    cents = to_cents(np.array([r["_amount"] for r in rows], dtype=np.float64))
    earned_mask = np.array([r["line"] in EARNED_KINDS for r in rows], dtype=bool)
    money = {"earned": cents_to_money(np.where(earned_mask, cents, 0)), "paid": cents_to_money(cents),
             "balance": cents_to_money(to_cents(np.array([r["_balance"] for r in rows], dtype=np.float64)))}
    out = pd.DataFrame({**{c: money[c] if c in money else [r[c] for r in rows] for c in COLUMNS},
                        "_cents": cents, "_earned": earned_mask})
    out.attrs["fiscal_year_start"] = result.scenario.fiscal_year_start
    return out


def public(df: pd.DataFrame) -> pd.DataFrame:
    """The statement without its helper columns (for export)."""
    return df[[c for c in df.columns if not c.startswith("_")]]
