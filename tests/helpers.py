"""Small builders for the money tests: a Scenario from a dict with sensible defaults, and a
Performance (S scenarios x M months) from a few columns with explicit monthly targets.

Defaults differ from the plan model's on purpose, to keep hand-worked examples short:
a role measures MONTHLY with true_up NONE unless the test says otherwise, base salary is
100,000 and a plan with a bonus component has a target incentive of 120,000 a year
(10,000 a month, 30,000 a quarter). A bonus component without a curve pays on LINEAR
(payout % = attainment %, up to 300%); a single weighted component without a weight has
weight 100.

    sc = make_scenario({"goals": {"rev": "revenue"},
                        "roles": {"vp": {"components": [{"name": "Revenue", "goal": "rev"}]}}})
    pf = perf(months=months(3), columns={"revenue": [90e3, 100e3, 110e3]}, targets={"rev": 100e3})
    result, stmt = run_case(sc, pf)
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from comp_models import Performance, annual_summary, replay, scenario_from_dict, statement
from comp_models.engine import ReplayResult
from comp_models.plans import Scenario

BASE_SALARY = 100_000.0
TARGET_INCENTIVE = 120_000.0
LINEAR = [[0, 0], [300, 300]]  # payout % = attainment %, capped at 300%


def months(n: int = 12, start: str = "2024-01") -> list[str]:
    """n consecutive months "YYYY-MM" from `start` (histories start in January)."""
    y, m = int(start[:4]), int(start[5:7])
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


_months = months


def _component(c: dict, n_weighted: int) -> dict:
    c = dict(c)
    kind = c.setdefault("kind", "bonus")
    if kind == "bonus":
        c.setdefault("curve", LINEAR)
    if kind in ("bonus", "matrix") and "weight" not in c and n_weighted == 1:
        c["weight"] = 100
    return c


def make_plan(p: dict, role: str = "vp") -> dict:
    """A plan dict with defaults filled in (see module docstring)."""
    p = copy.deepcopy(p)
    comps = p.get("components", [])
    n_weighted = sum(1 for c in comps if c.get("kind", "bonus") in ("bonus", "matrix"))
    p["components"] = [_component(c, n_weighted) for c in comps]
    p.setdefault("title", role)
    p.setdefault("base_salary", BASE_SALARY)
    p.setdefault("measurement_period", "monthly")
    p.setdefault("true_up", "none")
    if "target_incentive" not in p and "target_incentive_pct_of_base" not in p:
        p["target_incentive"] = TARGET_INCENTIVE if n_weighted else 0.0
    return p


def make_scenario(spec: dict | None = None, **overrides) -> Scenario:
    """A validated Scenario from a dict; goals may be given as a bare metric name ("revenue")."""
    data = copy.deepcopy(spec or {})
    data.update(copy.deepcopy(overrides))
    data.setdefault("name", "test")
    data["goals"] = {g: ({"metric": v} if isinstance(v, str) else v) for g, v in data.get("goals", {}).items()}
    data["roles"] = {r: make_plan(p, r) for r, p in data.get("roles", {}).items()}
    return scenario_from_dict(data)


def one_role(components: list[dict], goals: dict, role: str = "vp", **plan) -> Scenario:
    """A scenario with one role whose plan has these components (and plan-level keywords)."""
    return make_scenario({"goals": goals, "roles": {role: {"components": components, **plan}}})


def perf(months: list[str] | int, columns: dict, targets: dict) -> Performance:
    """Performance for S scenarios x M months.

    columns: history column -> a scalar (every month), a list of M values, or S lists of M values.
    targets: goal id -> a scalar (every month) or a list of M monthly targets. A ratio goal's
    monthly target is the ratio itself (a period's target is the mean of its months).
    """
    if isinstance(months, int):
        months = _months(months)
    m = len(months)
    arrays = {c: np.asarray(v, dtype=np.float64) for c, v in columns.items()}
    s = max([a.shape[0] for a in arrays.values() if a.ndim == 2] or [1])
    cols = {}
    for c, a in arrays.items():
        if a.ndim == 0:
            a = np.full(m, float(a))
        if a.ndim == 1:
            assert a.shape == (m,), f"column {c}: {a.shape} values for {m} months"
            a = np.broadcast_to(a, (s, m))
        assert a.shape == (s, m), f"column {c}: shape {a.shape}, expected {(s, m)}"
        cols[c] = np.ascontiguousarray(a, dtype=np.float64)
    tg = {}
    # a scalar target runs to the end of the last year, as comp_models.project.performance resolves
    # targets (a commission tier window the history ends inside still sees its whole target)
    m_year_end = m + (12 - int(months[-1][5:7]))
    for g, v in targets.items():
        a = np.asarray(v, dtype=np.float64)
        tg[g] = np.full(m_year_end, float(a)) if a.ndim == 0 else a
        assert tg[g].shape in ((m,), (m_year_end,)), f"targets of {g}: {tg[g].shape} for {m} months"
    return Performance(list(months), cols, tg)


def run_case(scenario: Scenario, performance: Performance, s: int = 0) -> tuple[ReplayResult, pd.DataFrame]:
    """Replay and the statement of scenario index s. The scenario's objective scores become monthly
    series as `comp_models.performance` makes them (when the performance has none of its own)."""
    from comp_models.engine import objective_columns

    s_count = performance.n_scenarios
    for col, values in objective_columns(scenario, performance.months).items():
        performance.columns.setdefault(col, np.repeat(values, s_count, axis=0))
    result = replay(scenario, performance)
    return result, statement(result, s)


def rows(stmt: pd.DataFrame, *, role: str | None = None, period: str | None = None,
         component: str | None = None, line: str | None = None) -> pd.DataFrame:
    """Statement rows matching every given field."""
    mask = np.ones(len(stmt), dtype=bool)
    for col, val in (("role", role), ("period", period), ("component", component), ("line", line)):
        if val is not None:
            mask &= (stmt[col] == val).to_numpy()
    return stmt[mask]


def one(stmt: pd.DataFrame, **where) -> pd.Series:
    """The single statement row matching `where` (fails loudly if not exactly one)."""
    r = rows(stmt, **where)
    assert len(r) == 1, f"expected one row for {where}, got {len(r)}"
    return r.iloc[0]


def cents(stmt: pd.DataFrame, column: str = "paid", **where) -> int:
    """Sum of a money column ("earned" or "paid") over matching rows, as integer cents."""
    r = rows(stmt, **where)
    if column == "earned":
        return int(np.where(r["_earned"], r["_cents"], 0).sum())
    return int(r["_cents"].sum())


def cents_of(amount: float) -> int:
    """Currency amount -> integer cents (for writing expected values as money)."""
    return int(round(amount * 100))


# Shorthands of the hand-worked mechanic tests

REV = {"rev": {"metric": "revenue", "label": "Revenue"}}
REV_PIPE = {**REV, "pipe": {"metric": "pipeline_created", "label": "Pipeline"}}


def earned_c(stmt, period, component="Revenue", role="vp", line="component") -> int:
    return cents(stmt, "earned", role=role, period=period, component=component, line=line)


def paid_c(stmt, period, role="vp") -> int:
    return cents(stmt, "paid", role=role, period=period)


def summary_row(result, stmt, role="vp", year=2024):
    s = annual_summary(result, stmt)
    return s[(s["role"] == role) & (s["year"] == year)].iloc[0]


QUARTERS = ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4")


def quarterly_revenue(per_quarter: list[float]) -> list[float]:
    """Monthly revenue that sums to each quarter's figure (a third per month)."""
    return [q / 3 for q in per_quarter for _ in range(3)]


def commission_plan(mode: str, tiers: list[dict], **kw) -> dict:
    """A plan with one commission component on goal `bk` (on-target 120,000 a year)."""
    return {"components": [{"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 120_000,
                            "tier_mode": mode, "tiers": tiers, **kw}]}
