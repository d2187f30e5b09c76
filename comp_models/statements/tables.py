"""Tables built from a statement: per period, per year, per component, side by side.

Every figure is a sum of the statement's integer cents, so the tables agree with each other and
with the statement to the cent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from comp_models.dates import period_label, year_label

from comp_models.engine import ReplayResult
from comp_models.statements.lines import year_status


def period_table(stmt: pd.DataFrame) -> pd.DataFrame:
    """Per role and period: earned and paid (sums of the statement's cents), in the order the statement
    first lists each (role, year, period)."""
    codes, first = _groups(stmt, ["role", "year", "period"])
    cents = stmt["_cents"].to_numpy(dtype=np.int64)
    earned_c = _sums(codes, len(first), np.where(stmt["_earned"].to_numpy(dtype=bool), cents, 0))
    out = stmt[["role", "year", "period"]].iloc[first].reset_index(drop=True)
    out["earned"] = earned_c / 100.0
    out["paid"] = _sums(codes, len(first), cents) / 100.0
    return out


def _groups(stmt: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, list[int]]:
    """Each line's group of equal `keys` (groups numbered in the order the statement first lists them) and
    each group's first line. A statement has a few hundred lines: a dict is faster than a pandas groupby."""
    index: dict[tuple, int] = {}
    first: list[int] = []
    codes = np.empty(len(stmt), dtype=np.intp)
    for i, key in enumerate(zip(*(stmt[k].tolist() for k in keys))):
        code = index.get(key)
        if code is None:
            code = index[key] = len(first)
            first.append(i)
        codes[i] = code
    return codes, first


def _sums(codes: np.ndarray, n: int, cents: np.ndarray) -> np.ndarray:
    """Integer cents summed per group (exact)."""
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, codes, cents)
    return out


def annual_summary(result: ReplayResult, stmt: pd.DataFrame) -> pd.DataFrame:
    """Per role and plan year: target variable, earned (SPIFFs apart), % of target, SPIFFs, paid, the year's
    status (closed; open: not settled, not trued up, its holdback not released; partial: the history
    starts inside it, so it is not re-measured) and the balances at the year's last period in the
    history: held back, deferred, draw owed. Sums of the statement's integer cents, in the order the statement
    first lists each (role, year)."""
    codes, first = _groups(stmt, ["role", "year"])
    n = len(first)
    cents = stmt["_cents"].to_numpy(dtype=np.int64)
    earned_all = _sums(codes, n, np.where(stmt["_earned"].to_numpy(dtype=bool), cents, 0))
    spiff_all = _sums(codes, n, np.where((stmt["line"] == "spiff").to_numpy(dtype=bool), cents, 0))
    paid_all = _sums(codes, n, cents)
    roles, years = stmt["role"].tolist(), stmt["year"].tolist()
    rows = []
    for g, line in enumerate(first):
        role, year = roles[line], years[line]
        rr = result.roles[role]
        in_year = rr.grid.year == year
        months = float(rr.grid.paid_months(rr.grid.start[in_year], rr.grid.end[in_year]).sum())
        last = int(np.flatnonzero(in_year)[-1])
        target_c = int(round(rr.target_variable[in_year].sum() * 100))
        spiffs = int(spiff_all[g])
        earned_c = int(earned_all[g]) - spiffs
        paid_c = int(paid_all[g])
        status = year_status(rr)[int(year)]
        label = year_label(int(year), rr.grid.fiscal_year_start)
        base = sum(v.base_salary * float(rr.grid.paid_months(rr.grid.start[in_year & (rr.grid.version == i)],
                                                              rr.grid.end[in_year & (rr.grid.version == i)]).sum())
                   for i, v in enumerate(rr.versions or [rr.plan])) / 12
        row = {"role": role, "title": rr.plan.title, "year": int(year), "plan_year": label,
               "year_status": status, "months": round(months, 4),
               "base_salary": round(base, 2),
               "target_incentive": target_c / 100, "earned": earned_c / 100,
               "pct_of_target": 100.0 * earned_c / target_c if target_c else np.nan, "spiffs": spiffs / 100,
               "paid": paid_c / 100,
               "held": _money(rr.ledger.held[0, last]), "deferred": _money(rr.ledger.deferred[0, last]),
               "draw_balance": _money(rr.ledger.draw_balance[0, last])}
        rows.append(row)
    return pd.DataFrame(rows)


def _money(x: float) -> float:
    return int(np.rint(x * 100)) / 100


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


def calendar_quarter(period: str, fiscal_year_start: int = 1) -> str:
    """The plan-year quarter a period label falls in or ends in ("2024-05" → "2024-Q2", "2024" → "2024-Q4",
    "FY2025" → "FY2025-Q4", "2024-Q2 (May-Jun)" → "2024-Q2")."""
    period = period.split(" (")[0]
    if "-Q" in period:
        return period
    if "-" not in period:  # a plan year
        return f"{period}-Q4"
    return period_label(period, 3, fiscal_year_start)


def quarterly_side_by_side(stmt: pd.DataFrame) -> pd.DataFrame:
    """Earned and paid per calendar quarter, one column pair per role.

    Plans measured monthly are summed into quarters; annual plans (and true-ups) sit in the
    year's last quarter. Sums of the statement's cents, so they add up to the annual summary.
    """
    per = period_table(stmt)
    fy = int(stmt.attrs.get("fiscal_year_start", 1))
    per["quarter"] = [calendar_quarter(p, fy) for p in per["period"]]
    g = per.groupby(["quarter", "role"], sort=False)[["earned", "paid"]].sum().round(2)
    wide = g.unstack("role")
    wide.columns = [f"{role} {what}" for what, role in wide.columns]
    roles = list(dict.fromkeys(stmt["role"]))
    return wide[[f"{r} {w}" for r in roles for w in ("earned", "paid")]].sort_index()
