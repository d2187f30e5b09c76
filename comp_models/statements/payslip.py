"""A statement per VP, like a payslip: for one period, every line of the statement with its amount this
period and year to date, then what was held back, deferred and owed on a draw at the period's end,
the adjustments, and what was paid. Every figure is a sum of the statement's integer cents, so the
payslip agrees with every other table to the cent.

Sections: "Earned" (component, true-up and plan lines: multiplier, plan cap), "Adjustments"
(claw-backs, corrections, awards), "Payments" (holdback, release, floor, installments, draw top-up
and recovery: what turns earned into paid). Balances are positions at the end of the period, not sums.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["Payslip", "payslip", "payslip_periods"]

_SECTION = {"component": "Earned", "true-up": "Earned", "plan": "Earned", "spiff": "SPIFFs (outside the plan)",
            "adjustment": "Adjustments", "payment": "Payments"}
_ORDER = {"Earned": 0, "SPIFFs (outside the plan)": 1, "Adjustments": 2, "Payments": 3}


@dataclass(frozen=True)
class Payslip:
    """lines: section, item, period (this period's amount), ytd (the year to date); totals: for
    "period" and "ytd": earned (the plan's lines), spiffs, adjustments, paid; balances: held, deferred, draw_balance at the
    period's end (currency). year_status: closed / open."""

    role: str
    title: str
    period: str
    year: int
    year_status: str
    lines: pd.DataFrame
    totals: dict[str, dict[str, float]]
    balances: dict[str, float]


def payslip_periods(stmt: pd.DataFrame, role: str) -> list[str]:
    """The role's periods in statement order."""
    return list(dict.fromkeys(stmt.loc[stmt["role"] == role, "period"]))


def _item(line: str, component: str) -> str:
    return f"{component} (true-up)" if line == "true-up" else str(component)


def payslip(stmt: pd.DataFrame, role: str, period: str, title: str | None = None) -> Payslip:
    """The payslip of `role` for `period` (see the module docstring). Raises KeyError for an unknown
    role or period."""
    rows = stmt[stmt["role"] == role]
    order = payslip_periods(stmt, role)
    if period not in order:
        raise KeyError(f"no period {period!r} for role {role!r}")
    year = int(rows.loc[rows["period"] == period, "year"].iloc[0])
    upto = set(order[: order.index(period) + 1])
    ytd_rows = rows[(rows["year"] == year) & rows["period"].isin(upto)]
    now_rows = rows[rows["period"] == period]
    paying = ytd_rows[ytd_rows["line"] != "balance"]
    key = paying.assign(section=paying["line"].map(_SECTION).fillna("Payments"),
                        item=[_item(lv, c) for lv, c in zip(paying["line"], paying["component"])],
                        now=(paying["period"] == period) * paying["_cents"])
    grouped = key.groupby(["section", "item"], sort=False).agg(period=("now", "sum"), ytd=("_cents", "sum"))
    lines = grouped.reset_index()
    components = set(rows.loc[rows["line"] == "component", "component"])
    lines = lines[(lines["period"] != 0) | (lines["ytd"] != 0) | lines["item"].isin(components)]
    lines = lines.sort_values("section", key=lambda s: s.map(_ORDER), kind="stable")
    lines["period"] = lines["period"] / 100.0
    lines["ytd"] = lines["ytd"] / 100.0

    def total(frame: pd.DataFrame) -> dict[str, float]:
        earned = int(frame.loc[frame["_earned"], "_cents"].sum())
        adj = int(frame.loc[frame["line"] == "adjustment", "_cents"].sum())
        spiffs = int(frame.loc[frame["line"] == "spiff", "_cents"].sum())
        paid = int(frame.loc[frame["line"] != "balance", "_cents"].sum())
        return {"earned": (earned - spiffs) / 100.0, "spiffs": spiffs / 100.0, "adjustments": adj / 100.0,
                "paid": paid / 100.0}

    bal = now_rows[now_rows["line"] == "balance"]
    names = {"held": "held", "deferred": "deferred", "draw owed": "draw_balance", "draw balance": "draw_balance"}
    balances = {"held": 0.0, "deferred": 0.0, "draw_balance": 0.0}
    for comp, value in zip(bal["component"], bal["balance"]):
        k = next((v for n, v in names.items() if str(comp).startswith(n)), None)
        if k:
            balances[k] = round(balances[k] + float(value), 2)
    status = str(now_rows["year_status"].iloc[0]) if "year_status" in now_rows else ""
    return Payslip(role, title or role, period, year, status, lines.reset_index(drop=True),
                   {"period": total(now_rows), "ytd": total(ytd_rows)}, balances)
