"""Alignment measures of the two VPs' plans, and the scorecard that explains each of them.

Formulas, thresholds and modelling choices are in docs/alignment.md; every scorecard row names
its section there (`doc`) and the function here that computed it (`function`).

The pieces are pure functions of (scenario, history, annual targets) so a page can call each:

    shared_pay_share(scenario)                                  -> SharedPay
    co_movement(scenario, history, annual_targets)              -> CoMovement
    conflict_periods(scenario, history, annual_targets)         -> Conflicts
    incentive_gradients(scenario, history, annual_targets)      -> Gradients
    pay_for_performance(scenario, history, annual_targets)      -> PayForPerformance
    stress_tests(scenario, history, annual_targets)             -> DataFrame (see stress.py)
    alignment_scorecard(scenario, history, annual_targets)      -> Scorecard

Payout % is compared on calendar quarters (years when either plan measures annually): each
role's period earned (true-up included) is summed into the quarter its period ends in and
divided by the target variable of the periods summed. "The two VPs" are the scenario's first
two roles.

`alignment_scorecard` does one stacked replay for everything computed on the history (the
history itself, every +1% lever and every stress test on the scenario axis S) and one Monte
Carlo run (`simulate.monte_carlo`) for the rows over simulated years.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._types import Aggregation, FloatArray
from .engine import Performance, ReplayResult, attainment_pct, replay
from .history import History
from .metrics import METRICS, columns_for, metric_value
from .scenario import CommissionComponent, MatrixComponent, Scenario
from .stress import (FUNNEL_LEVERS, LEVERS, METRIC_LEVERS, STRESSES, Columns, base_columns, role_totals,
                     stacked_replay, stress_frame)
from .simulate import DEFAULT_CONFLICT_THRESHOLD  # one definition for history and simulation
from .stress import stress_tests as _stress_tests

STEP_PCT = 1.0  # the gradients' finite-difference step, percent
MATERIAL_ELASTICITY = 0.01  # |% pay change per 1% lever move| below which a lever does not move pay
DOC = "docs/alignment.md"

__all__ = ["PayoutSeries", "SharedPay", "CoMovement", "Conflicts", "Gradients", "PayForPerformance", "MetricRow",
           "Scorecard", "payout_series", "shared_pay_share", "co_movement", "conflict_periods",
           "incentive_gradients", "pay_for_performance", "stress_tests", "alignment_scorecard", "bench_alignment",
           "gradient_levers", "cosine", "DEFAULT_CONFLICT_THRESHOLD"]


# ---------------------------------------------------------------------------------------
# Small numeric helpers


def cosine(a: FloatArray, b: FloatArray) -> float:
    """cos(a, b) = a.b / (|a| |b|); NaN when either vector is zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0 or not (np.isfinite(na) and np.isfinite(nb)):
        return float("nan")
    return float(np.clip(a @ b / (na * nb), -1.0, 1.0))


def _corr(x: FloatArray, y: FloatArray) -> float:
    """Pearson correlation over the finite pairs; NaN with fewer than 3 or a constant series."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 3:
        return float("nan")
    x, y = x[ok], y[ok]
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.clip(np.corrcoef(x, y)[0, 1], -1.0, 1.0))


def _conflict_mask(a: FloatArray, b: FloatArray, threshold_pct: float) -> np.ndarray:
    from .simulate import conflict_mask  # the one definition, shared with the Monte Carlo
    return conflict_mask(a, b, threshold_pct)


def _pair(scenario: Scenario) -> list[str]:
    """The two VPs: the scenario's first two roles (one if it has one)."""
    return list(scenario.roles)[:2]


def _fmt_pct(x: float, digits: int = 0) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}%"


def _fmt(x: float, digits: int = 2) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def _money(x: float) -> str:
    if x is None or not np.isfinite(x):
        return "n/a"
    sign = "-" if x < 0 else ""
    x = abs(x)
    if x >= 1e6:
        return f"{sign}${x / 1e6:,.2f}M"
    if x >= 1e3:
        return f"{sign}${x / 1e3:,.1f}k"
    return f"{sign}${x:,.0f}"


# ---------------------------------------------------------------------------------------
# Payout % per comparison period


@dataclass(frozen=True)
class PayoutSeries:
    """Payout % of each role per comparison period, for every scenario of a replay.

    labels (Q,); start / end (Q,) month indices [start, end); earned (S, Q) and target (Q,) per
    role; pct = 100 * earned / target (S, Q), NaN where the target is 0. basis: "quarter" or "year".
    """

    labels: list[str]
    start: np.ndarray
    end: np.ndarray
    earned: dict[str, FloatArray]
    target: dict[str, FloatArray]
    pct: dict[str, FloatArray]
    basis: str


def payout_series(result: ReplayResult) -> PayoutSeries:
    """Each role's period earned (true-up included) summed into calendar quarters (years when a
    plan measures annually), divided by the target variable of the periods summed."""
    months = result.months
    annual = any(rr.plan.measurement_period.months >= 12 for rr in result.roles.values())
    k = 12 if annual else 3
    m = len(months)
    n = (m + k - 1) // k
    start = np.arange(n) * k
    end = np.minimum(start + k, m)
    first_year = int(months[0][:4])
    labels = [str(first_year + s // 12) if annual else f"{first_year + s // 12}-Q{(s % 12) // 3 + 1}"
              for s in start]
    earned, target, pct = {}, {}, {}
    for role, rr in result.roles.items():
        bucket = (rr.grid.end - 1) // k  # the comparison period each plan period ends in
        pe = rr.period_earned
        e = np.zeros((pe.shape[0], n))
        np.add.at(e, (slice(None), bucket), pe)
        t = np.bincount(bucket, weights=rr.target_variable, minlength=n)
        with np.errstate(divide="ignore", invalid="ignore"):
            pct[role] = np.where(t > 0, 100.0 * e / t, np.nan)
        earned[role], target[role] = e, t
    return PayoutSeries(labels, start, end, earned, target, pct, "year" if annual else "quarter")


def _window_attainment(scenario: Scenario, perf: Performance, goal_id: str, start: np.ndarray,
                       end: np.ndarray, s: int = 0) -> FloatArray:
    """(W,) attainment % of a goal on month windows [start, end) of scenario s (as the engine measures)."""
    goal = scenario.goals[goal_id]
    metric = METRICS[goal.metric]
    sums = {}
    for c in columns_for(metric):
        cs = np.concatenate([[0.0], np.cumsum(perf.columns[c][s])])
        sums[c] = cs[end] - cs[start]
    actual = metric_value(metric, sums)
    tcs = np.concatenate([[0.0], np.cumsum(perf.targets[goal_id])])
    target = tcs[end] - tcs[start]
    if metric.aggregation is not Aggregation.SUM:
        target = target / np.maximum(end - start, 1)
    return attainment_pct(actual, target, goal.resolved_direction)


def _drivers(scenario: Scenario, perf: Performance, role: str, series: PayoutSeries) -> list[list[tuple[float, str]]]:
    """Per comparison period: (attainment %, text) of each of the role's components, measured on
    the comparison period (a matrix component: the mean of its two goals' attainments, both shown)."""
    plan = scenario.roles[role]
    per_period: list[list[tuple[float, str]]] = [[] for _ in series.labels]
    for c in plan.components:
        att = _window_attainment(scenario, perf, c.goal, series.start, series.end)
        if isinstance(c, MatrixComponent):
            att_y = _window_attainment(scenario, perf, c.goal_y, series.start, series.end)
            gx, gy = scenario.goals[c.goal].display_label, scenario.goals[c.goal_y].display_label
            for q in range(len(series.labels)):
                per_period[q].append((0.5 * (att[q] + att_y[q]),
                                      f"{c.name} ({gx} {att[q]:.0f}% x {gy} {att_y[q]:.0f}% attainment)"))
        else:
            for q in range(len(series.labels)):
                per_period[q].append((att[q], f"{c.name} {att[q]:.0f}% attainment"))
    return per_period


def _driver_text(items: list[tuple[float, str]], high: bool, n: int = 2) -> str:
    """The n components with the highest (high=True) or lowest attainment, as text."""
    ranked = sorted(items, key=lambda it: -it[0] if high else it[0])[:n]
    return "; ".join(text for _, text in ranked)


# ---------------------------------------------------------------------------------------
# 1. Shared-pay share and weight overlap


@dataclass(frozen=True, eq=False)
class SharedPay(Mapping):
    """share: role -> % of the annual target variable in components paying on a shared goal;
    gated_share: role -> % in components gated (plan or component gate) by a shared goal;
    overlap: O = sum over goals of min(w_S,g, w_M,g) in % of target variable (0-100);
    table: one row per role and component.

    It is also a read-only mapping role -> shared-pay share % (`shares["vp_sales"]`,
    `shares.items()`), the figure most callers want."""

    shared_goals: list[str]
    share: dict[str, float]
    gated_share: dict[str, float]
    overlap: float
    table: pd.DataFrame

    def __getitem__(self, role: str) -> float:
        return self.share[role]

    def __iter__(self):
        return iter(self.share)

    def __len__(self) -> int:
        return len(self.share)


def _component_weight(plan, c) -> float:
    """% of the plan's annual target variable the component pays at target."""
    tv = plan.annual_target_variable
    if tv <= 0:
        return float("nan")
    money = c.target_earnings if isinstance(c, CommissionComponent) else c.weight / 100.0 * plan.annual_target_incentive
    return 100.0 * money / tv


def shared_pay_share(scenario: Scenario) -> SharedPay:
    """Per VP, the share of target incentive tied to shared goals (SW_i), and the weight overlap O."""
    shared = scenario.shared_goals()
    rows, share, gated, by_goal = [], {}, {}, {}
    for role, plan in scenario.roles.items():
        share[role], gated[role], by_goal[role] = 0.0, 0.0, {}
        plan_gates = {g.goal for g in plan.gates}
        for c in plan.components:
            goals = [c.goal] + ([c.goal_y] if isinstance(c, MatrixComponent) else [])
            w = _component_weight(plan, c)
            is_shared = any(g in shared for g in goals)
            gates = plan_gates | {g.goal for g in c.gates}
            is_gated = any(g in shared for g in gates)
            share[role] += w if is_shared else 0.0
            gated[role] += w if is_gated else 0.0
            for g in goals:
                by_goal[role][g] = by_goal[role].get(g, 0.0) + w / len(goals)
            rows.append({"role": role, "title": plan.title, "component": c.name, "goals": ", ".join(goals),
                         "pct_of_target_variable": w, "shared": is_shared, "gated_by_shared_goal": is_gated})
    pair = _pair(scenario)
    overlap = float("nan")
    if len(pair) == 2:
        a, b = by_goal[pair[0]], by_goal[pair[1]]
        overlap = float(sum(min(a.get(g, 0.0), b.get(g, 0.0)) for g in set(a) | set(b)))
    return SharedPay(shared, share, gated, overlap, pd.DataFrame(rows))


# ---------------------------------------------------------------------------------------
# The history replay (S = 1) shared by the history measures


def _history_performance(scenario: Scenario, history: History, annual_targets) -> Performance:
    from .project import performance
    return performance(scenario, history, annual_targets, scenario.name)


@dataclass(frozen=True)
class _Base:
    perf: Performance
    result: ReplayResult
    series: PayoutSeries


def _base(scenario: Scenario, history: History, annual_targets, result: ReplayResult | None = None,
          perf: Performance | None = None) -> _Base:
    perf = perf or _history_performance(scenario, history, annual_targets)
    result = result or replay(scenario, perf)
    return _Base(perf, result, payout_series(result))


# ---------------------------------------------------------------------------------------
# 2. Co-movement


@dataclass(frozen=True)
class CoMovement:
    """history: corr of the two VPs' payout % over the comparison periods (rho);
    joint_outcome_rate: share of periods where both are >= 100% or both < 100%;
    revenue_correlation: role -> corr of its payout % with revenue per period (history);
    simulated: corr across simulated years (None when not simulated); table: per period."""

    history: float
    n_periods: int
    basis: str
    joint_outcome_rate: float
    revenue_correlation: dict[str, float]
    simulated: float | None
    n_years: int
    table: pd.DataFrame


def _period_revenue(perf: Performance, series: PayoutSeries) -> FloatArray:
    if "revenue" not in perf.columns:
        return np.full(len(series.labels), np.nan)
    cs = np.concatenate([[0.0], np.cumsum(perf.columns["revenue"][0])])
    return cs[series.end] - cs[series.start]


def _co_movement(scenario: Scenario, base: _Base, mc=None) -> CoMovement:
    pair = _pair(scenario)
    series = base.series
    pct = {r: series.pct[r][0] for r in scenario.roles}
    revenue = _period_revenue(base.perf, series)
    rho, joint = float("nan"), float("nan")
    if len(pair) == 2:
        a, b = pct[pair[0]], pct[pair[1]]
        rho = _corr(a, b)
        ok = np.isfinite(a) & np.isfinite(b)
        if ok.any():
            joint = float(np.mean((a[ok] >= 100) == (b[ok] >= 100)))
    table = pd.DataFrame({"period": series.labels, **{f"{r}_pct": v for r, v in pct.items()}, "revenue": revenue})
    sim = None if mc is None else mc.correlation(*pair) if len(pair) == 2 else float("nan")
    return CoMovement(rho, len(series.labels), series.basis, joint, {r: _corr(v, revenue) for r, v in pct.items()},
                      sim, 0 if mc is None else mc.n_years, table)


def co_movement(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                simulations: int = 0, seed: int = 7, mc=None) -> CoMovement:
    """Correlation of the two VPs' payout % across periods of the history and, with
    `simulations` > 0 (or a MonteCarlo `mc`), across simulated years."""
    mc = mc if mc is not None else _monte_carlo(scenario, history, annual_targets, simulations, seed)[0]
    return _co_movement(scenario, _base(scenario, history, annual_targets), mc)


# ---------------------------------------------------------------------------------------
# 3. Conflict rate and the finger-pointing periods


@dataclass(frozen=True)
class Conflicts:
    """rate: share of comparison periods in conflict (one VP >= 100% of target, the other below
    threshold_pct); table: every period with each VP's payout %, drivers, `conflict` and `cause`;
    periods: the conflict rows only; simulated: share of simulated years in conflict (None when
    not simulated)."""

    rate: float
    n_periods: int
    threshold_pct: float
    table: pd.DataFrame
    simulated: float | None
    n_years: int

    @property
    def periods(self) -> pd.DataFrame:
        return self.table[self.table["conflict"]].reset_index(drop=True)


def _conflicts(scenario: Scenario, base: _Base, threshold_pct: float, mc=None) -> Conflicts:
    pair = _pair(scenario)
    series = base.series
    n = len(series.labels)
    table: dict[str, Any] = {"period": series.labels}
    drivers = {}
    for r in scenario.roles:
        table[f"{r}_pct"] = series.pct[r][0]
        table[f"{r}_earned"] = series.earned[r][0]
        table[f"{r}_target"] = series.target[r]
        drivers[r] = _drivers(scenario, base.perf, r, series)
        table[f"{r}_drivers"] = [_driver_text(d, True, n=len(d)) for d in drivers[r]]
    conflict = np.zeros(n, dtype=bool)
    causes = [""] * n
    if len(pair) == 2:
        a, b = series.pct[pair[0]][0], series.pct[pair[1]][0]
        conflict = _conflict_mask(a, b, threshold_pct)
        for q in np.flatnonzero(conflict):
            hi, lo = (pair[0], pair[1]) if a[q] >= 100 else (pair[1], pair[0])
            causes[q] = (f"{scenario.roles[hi].title} {series.pct[hi][0, q]:.0f}%: "
                         f"{_driver_text(drivers[hi][q], True)}; "
                         f"{scenario.roles[lo].title} {series.pct[lo][0, q]:.0f}%: "
                         f"{_driver_text(drivers[lo][q], False)}")
    table["conflict"] = conflict
    table["cause"] = causes
    sim = None if mc is None else mc.p_conflict(threshold_pct)
    rate = float("nan")
    if len(pair) == 2:
        defined = np.isfinite(series.pct[pair[0]][0]) & np.isfinite(series.pct[pair[1]][0])
        rate = float(conflict[defined].mean()) if defined.any() else float("nan")
        if sim is not None and any(scenario.roles[r].annual_target_variable <= 0 for r in pair):
            sim = float("nan")  # a payout % without a target is undefined, not "no conflict"
    return Conflicts(rate, n, threshold_pct, pd.DataFrame(table), sim, 0 if mc is None else mc.n_years)


def conflict_periods(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                     threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD, simulations: int = 0, seed: int = 7,
                     mc=None) -> Conflicts:
    """Conflict rate on the history (and over simulated years), with every conflict period's causes."""
    mc = mc if mc is not None else _monte_carlo(scenario, history, annual_targets, simulations, seed)[0]
    return _conflicts(scenario, _base(scenario, history, annual_targets), threshold_pct, mc)


# ---------------------------------------------------------------------------------------
# 4. Incentive-gradient agreement


def gradient_levers(scenario: Scenario) -> dict[str, list[str]]:
    """Lever name -> the plan metrics it moves: the funnel levers, then one lever per metric
    used by either plan (goals referenced by components, gates, caps or multipliers)."""
    users = scenario.goal_users()
    used = sorted({scenario.goals[g].metric for g, roles in users.items() if roles})
    levers: dict[str, list[str]] = {name: [] for name in FUNNEL_LEVERS}
    for metric in used:
        levers.setdefault(METRIC_LEVERS[metric], []).append(metric)
    return levers


@dataclass(frozen=True)
class Gradients:
    """Money each VP gains from a +step% move in each lever, over the whole history.

    table: one row per lever: lever, label, funnel (a DOMAIN.md funnel lever), metrics (plan
    metrics it moves), `{role}_change` (money), `{role}_elasticity` (% pay per 1% move),
    revenue_change, revenue_elasticity, and the flags orphan / harmful / value_neutral /
    sign_conflict (titles of the roles concerned, "" if none).
    cosine: cos(g_S, g_M) over all levers; cosine_funnel: over the funnel levers only;
    cosine_revenue: role -> cos(g_i, g_R). Lists name the flagged levers."""

    step_pct: float
    table: pd.DataFrame
    cosine: float
    cosine_funnel: float
    cosine_revenue: dict[str, float]
    orphans: list[str]
    harmful: list[str]
    value_neutral: list[str]
    sign_conflicts: list[str]
    baseline_pay: dict[str, float]
    baseline_revenue: float


def _lever_variants(base: Columns, levers: dict[str, list[str]], step: float) -> list[Columns]:
    return [LEVERS[name](base, step) for name in levers]


def _gradients(scenario: Scenario, levers: dict[str, list[str]], pay: dict[str, FloatArray],
               revenue: FloatArray, offset: int, step_pct: float) -> Gradients:
    """Gradient table from whole-history totals: pay role -> (S,), revenue (S,); index 0 is the
    history, offset + 1 + i the i-th lever."""
    names = list(levers)
    idx = offset + 1 + np.arange(len(names))
    pair = _pair(scenario)
    titles = {r: scenario.roles[r].title for r in scenario.roles}
    rev0 = float(revenue[0])
    d_rev = revenue[idx] - rev0
    e_rev = 100.0 * d_rev / rev0 / step_pct if rev0 else np.full(len(names), np.nan)
    table: dict[str, Any] = {"lever": names, "label": [LEVERS[n].label for n in names],
                             "funnel": [n in FUNNEL_LEVERS for n in names],
                             "metrics": [", ".join(levers[n]) for n in names]}
    elastic = {}
    for r in scenario.roles:
        p0 = float(pay[r][0])
        d = pay[r][idx] - p0
        table[f"{r}_change"] = d
        with np.errstate(invalid="ignore"):
            elastic[r] = 100.0 * d / p0 / step_pct if p0 else np.where(d == 0, 0.0, np.sign(d) * np.inf)
        table[f"{r}_elasticity"] = elastic[r]
    table["revenue_change"] = d_rev
    table["revenue_elasticity"] = e_rev
    tol = MATERIAL_ELASTICITY
    moves = {r: np.abs(elastic[r]) >= tol for r in scenario.roles}
    orphan, harmful, neutral, conflict = ([""] * len(names) for _ in range(4))
    for i in range(len(names)):
        movers = [r for r in pair if moves[r][i]]
        if len(pair) == 2 and len(movers) == 1:
            orphan[i] = titles[movers[0]]
        paid = [r for r in scenario.roles if elastic[r][i] >= tol]
        if np.isfinite(e_rev[i]) and e_rev[i] <= -tol:
            harmful[i] = ", ".join(titles[r] for r in paid)
        elif np.isfinite(e_rev[i]) and abs(e_rev[i]) < tol:
            neutral[i] = ", ".join(titles[r] for r in paid)
        if len(pair) == 2 and len(movers) == 2 and elastic[pair[0]][i] * elastic[pair[1]][i] < 0:
            conflict[i] = ", ".join(titles[r] for r in pair)
    table.update(orphan=orphan, harmful=harmful, value_neutral=neutral, sign_conflict=conflict)
    frame = pd.DataFrame(table)
    funnel = frame["funnel"].to_numpy()
    cos_all = cos_funnel = float("nan")
    money = {r: frame[f"{r}_change"].to_numpy() for r in scenario.roles}  # cos is scale-free: money or elasticity
    if len(pair) == 2:
        ga, gb = money[pair[0]], money[pair[1]]
        cos_all, cos_funnel = cosine(ga, gb), cosine(ga[funnel], gb[funnel])
    labels = frame["label"].tolist()
    return Gradients(step_pct, frame, cos_all, cos_funnel, {r: cosine(money[r], d_rev) for r in scenario.roles},
                     [lab for lab, o in zip(labels, orphan) if o], [lab for lab, h in zip(labels, harmful) if h],
                     [lab for lab, v in zip(labels, neutral) if v], [lab for lab, c in zip(labels, conflict) if c],
                     {r: float(pay[r][0]) for r in scenario.roles}, rev0)


def incentive_gradients(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                        step_pct: float = STEP_PCT) -> Gradients:
    """Finite differences of each VP's pay (and company revenue) for a +step_pct move in each
    lever, over the whole history; all levers in one stacked replay (S = 1 + levers)."""
    perf = _history_performance(scenario, history, annual_targets)
    levers = gradient_levers(scenario)
    base = base_columns(perf)
    variants = _lever_variants(base, levers, step_pct / 100.0)
    result = stacked_replay(scenario, perf, variants)
    revenue = _revenue_totals([base, *variants])
    return _gradients(scenario, levers, role_totals(result), revenue, 0, step_pct)


def _revenue_totals(columns: list[Columns]) -> FloatArray:
    if "revenue" not in columns[0]:
        return np.full(len(columns), np.nan)
    return np.array([c["revenue"].sum() for c in columns])


# ---------------------------------------------------------------------------------------
# 5. Pay for company performance


@dataclass(frozen=True)
class PayForPerformance:
    """elasticity_history: role -> (dP/P) / (dR/R) when the whole business is 1% bigger (history);
    elasticity_simulated: role -> OLS slope of ln(pay) on ln(revenue) across simulated years;
    revenue_correlation_simulated: role -> corr(payout %, revenue) across simulated years;
    cost_pct_of_revenue_history / _simulated: all roles' variable pay / revenue, in %;
    cost_revenue_correlation_simulated: corr(total variable pay, revenue) across simulated years."""

    elasticity_history: dict[str, float]
    elasticity_simulated: dict[str, float] | None
    revenue_correlation_simulated: dict[str, float] | None
    cost_pct_of_revenue_history: float
    cost_pct_of_revenue_simulated: float | None
    cost_revenue_correlation_simulated: float | None
    revenue_change_pct_history: float
    pay_change_pct_history: dict[str, float]
    n_years: int


def _log_slope(y: FloatArray, x: FloatArray) -> float:
    ok = (y > 0) & (x > 0) & np.isfinite(y) & np.isfinite(x)
    if ok.sum() < 3:
        return float("nan")
    lx, ly = np.log(x[ok]), np.log(y[ok])
    vx = lx.var()
    return float(((lx - lx.mean()) * (ly - ly.mean())).mean() / vx) if vx > 0 else float("nan")


def _pay_for_performance(scenario: Scenario, pay: dict[str, FloatArray], revenue: FloatArray, index: int,
                         mc=None) -> PayForPerformance:
    """pay/revenue (S,) whole-history totals; index: the whole-business lever's scenario."""
    r0, r1 = float(revenue[0]), float(revenue[index])
    d_rev = (r1 - r0) / r0 if r0 else float("nan")
    el, dpay = {}, {}
    for r in scenario.roles:
        p0 = float(pay[r][0])
        dp = (float(pay[r][index]) - p0) / p0 if p0 else float("nan")
        dpay[r] = 100.0 * dp
        el[r] = dp / d_rev if d_rev else float("nan")
    cost_hist = 100.0 * sum(float(pay[r][0]) for r in scenario.roles) / r0 if r0 else float("nan")
    if mc is None:
        return PayForPerformance(el, None, None, cost_hist, None, None, 100.0 * d_rev, dpay, 0)
    el_sim = {r: _log_slope(mc.earned[r], mc.company_revenue) for r in mc.roles}
    corr_sim = {r: _corr(mc.payout_pct[r], mc.company_revenue) for r in mc.roles}
    return PayForPerformance(el, el_sim, corr_sim, cost_hist, mc.cost_pct_of_revenue,
                             _corr(mc.total_cost, mc.company_revenue), 100.0 * d_rev, dpay, mc.n_years)


def pay_for_performance(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                        simulations: int = 0, seed: int = 7, mc=None) -> PayForPerformance:
    """Each VP's payout elasticity to company revenue, and the cost of pay as % of revenue."""
    mc = mc if mc is not None else _monte_carlo(scenario, history, annual_targets, simulations, seed)[0]
    perf = _history_performance(scenario, history, annual_targets)
    base = base_columns(perf)
    variant = LEVERS["whole_business"](base, STEP_PCT / 100.0)
    result = stacked_replay(scenario, perf, [variant])
    return _pay_for_performance(scenario, role_totals(result), _revenue_totals([base, variant]), 1, mc)


# ---------------------------------------------------------------------------------------
# 6. Stress tests (see stress.py)


def stress_tests(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                 strengths: dict[str, float] | None = None,
                 threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> pd.DataFrame:
    """Both VPs' payout change beside the company's under each named stress (stress.STRESSES)."""
    return _stress_tests(scenario, history, annual_targets, strengths=strengths, threshold_pct=threshold_pct)


# ---------------------------------------------------------------------------------------
# Monte Carlo (simulate.py)


def _monte_carlo(scenario: Scenario, history: History, annual_targets, simulations: int, seed: int):
    """(MonteCarlo or None, note): None when simulations <= 0 or the history cannot be simulated."""
    if not simulations or simulations <= 0:
        return None, "not simulated (simulations = 0)"
    from .errors import InputError
    from .simulate import monte_carlo
    try:
        return monte_carlo(scenario, history, annual_targets, n_years=int(simulations), seed=int(seed)), ""
    except InputError as exc:
        return None, "not simulated: " + "; ".join(i.problem for i in exc.issues)


# ---------------------------------------------------------------------------------------
# The scorecard


ALIGNED, MIXED, MISALIGNED, INFO = "aligned", "mixed", "misaligned", "info"


@dataclass
class MetricRow:
    """One scorecard line: a named figure, per VP where it applies, judged in plain language.

    value: the figure (None when it only exists per VP); per_vp: role -> figure; status: aligned /
    mixed / misaligned / info; verdict: one plain sentence; how: how it was computed, with the
    figures it used; parts: those figures by name; doc: section of docs/alignment.md; function:
    the library function that computes it."""

    name: str
    label: str
    value: float | int | None
    unit: str
    per_vp: dict[str, float] | None
    status: str
    verdict: str
    how: str
    doc: str
    function: str
    parts: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scorecard:
    scenario: str
    roles: dict[str, str]  # role -> title
    history: str
    months: tuple[str, str]
    simulations: int
    seed: int
    threshold_pct: float
    metrics: list[MetricRow]
    overall: str
    overall_status: str
    shared: SharedPay
    co_movement: CoMovement
    conflicts: Conflicts
    gradients: Gradients
    pay_for_performance: PayForPerformance
    stress: pd.DataFrame
    timing_ms: dict[str, float]

    def metric(self, name: str) -> MetricRow:
        for m in self.metrics:
            if m.name == name:
                return m
        raise KeyError(f"no scorecard metric {name!r}; known: {', '.join(m.name for m in self.metrics)}")

    def frame(self) -> pd.DataFrame:
        """One row per metric: name, label, value, per-VP values, status, verdict, how."""
        rows = []
        for m in self.metrics:
            row = {"name": m.name, "label": m.label, "value": m.value, "unit": m.unit}
            for r in self.roles:
                row[r] = None if m.per_vp is None else m.per_vp.get(r)
            row.update(status=m.status, verdict=m.verdict, how=m.how, doc=m.doc)
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """Plain JSON-ready dict: every metric by name (per VP where it applies), the overall
        verdict, the conflict periods, the gradient table and the stress table. NaN -> None."""
        metrics = {m.name: {"label": m.label, "value": m.value, "unit": m.unit, "per_vp": m.per_vp,
                            "status": m.status, "verdict": m.verdict, "how": m.how, "doc": m.doc,
                            "function": m.function, "parts": m.parts} for m in self.metrics}
        out = {"scenario": self.scenario, "roles": self.roles, "history": self.history,
               "months": list(self.months), "simulations": self.simulations, "seed": self.seed,
               "conflict_threshold_pct": self.threshold_pct, "overall": {"status": self.overall_status,
                                                                         "verdict": self.overall},
               "metrics": metrics,
               "conflict_periods": self.conflicts.periods.to_dict(orient="records"),
               "periods": self.conflicts.table.to_dict(orient="records"),
               "gradients": self.gradients.table.to_dict(orient="records"),
               "stress_tests": self.stress.to_dict(orient="records"),
               "timing_ms": self.timing_ms}
        return _jsonable(out)


def _jsonable(x):
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(float(x)) else None
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    return x


def _band(x: float | None, good: float, ok: float) -> str:
    """aligned if x >= good, mixed if x >= ok, misaligned below; info when undefined."""
    if x is None or not np.isfinite(x):
        return INFO
    return ALIGNED if x >= good else MIXED if x >= ok else MISALIGNED


def _titles(scenario: Scenario) -> dict[str, str]:
    return {r: p.title for r, p in scenario.roles.items()}


def _per_vp_text(values: dict[str, float], titles: dict[str, str], fmt) -> str:
    return ", ".join(f"{titles[r]} {fmt(v)}" for r, v in values.items())


def _rows(scenario: Scenario, shared: SharedPay, com: CoMovement, con: Conflicts, grad: Gradients,
          pfp: PayForPerformance, stress: pd.DataFrame, mc_note: str, series: PayoutSeries) -> list[MetricRow]:
    titles = _titles(scenario)
    pair = _pair(scenario)
    a_t = " and ".join(titles[r] for r in pair)
    span = f"{series.labels[0]}..{series.labels[-1]}" if series.labels else "no periods"
    unit_p = "calendar quarters" if series.basis == "quarter" else "calendar years"
    rows: list[MetricRow] = []
    F = "comp_models.alignment."

    # 1. shared pay share
    low = min(shared.share.values()) if shared.share else float("nan")
    st = _band(low, 50, 20)
    if not shared.shared_goals:
        verdict = "Nothing is shared: no goal pays both VPs, so each can win while the other loses."
    elif st == ALIGNED:
        verdict = "Most of both VPs' target incentive rides on goals they share."
    else:
        verdict = f"Only part of the pay is shared (lowest: {low:.0f}% of target variable)."
    comp_text = "; ".join(
        f"{titles[r]}: " + (", ".join(f"{row.component} {row.pct_of_target_variable:.0f}%"
                                      for row in shared.table[(shared.table.role == r) & shared.table.shared]
                                      .itertuples()) or "none")
        for r in scenario.roles)
    rows.append(MetricRow(
        "shared_pay_share", "Shared-pay share", None, "% of target variable", dict(shared.share), st, verdict,
        f"Sum of the target-variable weights of components paying on a goal both plans pay on "
        f"(shared goals: {', '.join(shared.shared_goals) or 'none'}). {comp_text}.",
        f"{DOC}#1-shared-pay-share-and-weight-overlap", F + "shared_pay_share",
        {"shared_goals": shared.shared_goals, "gated_share": dict(shared.gated_share)}))
    st = _band(shared.overlap, 50, 20)
    rows.append(MetricRow(
        "weight_overlap", "Weight overlap", shared.overlap, "% of target variable", None, st,
        {ALIGNED: "The two plans weight the same goals much the same way.",
         MIXED: "The plans overlap on some goals but weight them differently.",
         MISALIGNED: "The plans weight different goals: they measure different things.",
         INFO: "Undefined (needs two roles with a target variable)."}[st],
        f"O = sum over goals of min(weight for {a_t}) with each plan's weights in % of its target variable: "
        f"O = {_fmt(shared.overlap, 1)}%.", f"{DOC}#1-shared-pay-share-and-weight-overlap", F + "shared_pay_share"))

    # 2. co-movement
    st = _band(com.history, 0.5, 0.0)
    pct_stats = "; ".join(
        f"{titles[r]} mean {np.mean(v):.0f}%, sd {np.std(v):.0f}" if len(v := series.pct[r][0][np.isfinite(
            series.pct[r][0])]) else f"{titles[r]} payout % undefined (no target variable)" for r in pair)
    rows.append(MetricRow(
        "co_movement_history", "Co-movement (history)", com.history, "correlation", None, st,
        {ALIGNED: "The two VPs' payouts rise and fall together.",
         MIXED: "The two VPs' payouts are only loosely related.",
         MISALIGNED: "When one VP's payout rises the other's tends to fall.",
         INFO: "Undefined: a payout % never changes, or too few periods."}[st],
        f"Pearson correlation of payout % (period earned incl. true-up / target variable) over "
        f"{com.n_periods} {unit_p} {span}: {pct_stats}; rho = {_fmt(com.history)}.",
        f"{DOC}#2-co-movement", F + "co_movement", {"n_periods": com.n_periods, "basis": com.basis}))
    st = _band(com.joint_outcome_rate, 0.75, 0.5)
    rows.append(MetricRow(
        "joint_outcome_rate", "Joint-outcome rate", com.joint_outcome_rate, "share of periods", None, st,
        {ALIGNED: "The VPs usually hit or miss target together.",
         MIXED: "The VPs often land on opposite sides of target.",
         MISALIGNED: "Most periods one VP is at or above target while the other is below.",
         INFO: "Undefined."}[st],
        f"Share of the {com.n_periods} {unit_p} in which both payouts are >= 100% or both < 100%: "
        f"{_fmt_pct(100 * com.joint_outcome_rate)}.", f"{DOC}#2-co-movement", F + "co_movement"))
    if com.simulated is None:
        rows.append(MetricRow("co_movement_simulated", "Co-movement (simulated years)", None, "correlation", None,
                              INFO, f"Monte Carlo {mc_note}.", "No simulated years.", f"{DOC}#2-co-movement",
                              F + "co_movement"))
    else:
        st = _band(com.simulated, 0.5, 0.0)
        rows.append(MetricRow(
            "co_movement_simulated", "Co-movement (simulated years)", com.simulated, "correlation", None, st,
            {ALIGNED: "Across plausible years the two payouts move together.",
             MIXED: "Across plausible years the two payouts are only loosely related.",
             MISALIGNED: "Across plausible years a good year for one VP tends to be a bad one for the other.",
             INFO: "Undefined: a payout % is constant across simulated years."}[st],
            f"Pearson correlation of annual payout % across {com.n_years:,} simulated years "
            f"(seasonal block bootstrap of the history): rho = {_fmt(com.simulated)}.",
            f"{DOC}#2-co-movement", F + "co_movement", {"n_years": com.n_years}))

    # 3. conflict
    st = INFO if not np.isfinite(con.rate) else ALIGNED if con.rate == 0 else MIXED if con.rate <= 0.10 else MISALIGNED
    listed = "; ".join(f"{r.period}: {r.cause}" for r in con.periods.itertuples()) or "none"
    rows.append(MetricRow(
        "conflict_rate_history", "Conflict rate (history)", con.rate, "share of periods", None, st,
        {ALIGNED: "No finger-pointing periods: neither VP celebrated while the other was below threshold.",
         MIXED: "Rare finger-pointing periods (one VP at target, the other below threshold).",
         MISALIGNED: "Frequent finger-pointing periods: one VP at target while the other is below threshold.",
         INFO: "Undefined."}[st],
        f"Share of the {con.n_periods} {unit_p} in which one VP earns >= 100% of target while the other earns "
        f"< {con.threshold_pct:g}%: {int(con.periods.shape[0])} of {con.n_periods} = "
        f"{_fmt_pct(100 * con.rate, 1)}. Periods: {listed}.",
        f"{DOC}#3-conflict-rate", F + "conflict_periods",
        {"periods": con.periods["period"].tolist(), "threshold_pct": con.threshold_pct}))
    if con.simulated is None:
        rows.append(MetricRow("conflict_rate_simulated", "Conflict rate (simulated years)", None, "share of years",
                              None, INFO, f"Monte Carlo {mc_note}.", "No simulated years.", f"{DOC}#3-conflict-rate",
                              F + "conflict_periods"))
    else:
        s = con.simulated
        st = INFO if not np.isfinite(s) else ALIGNED if s == 0 else MIXED if s <= 0.10 else MISALIGNED
        rows.append(MetricRow(
            "conflict_rate_simulated", "Conflict rate (simulated years)", s, "share of years", None, st,
            {ALIGNED: "No simulated year has one VP at target while the other is below threshold.",
             MIXED: "Few simulated years put the VPs on opposite sides.",
             MISALIGNED: "Many simulated years put one VP at target and the other below threshold.",
             INFO: "Undefined: a VP has no target variable."}[st],
            f"Share of {con.n_years:,} simulated years with one VP >= 100% of target and the other "
            f"< {con.threshold_pct:g}%: {_fmt_pct(100 * s, 2)}.", f"{DOC}#3-conflict-rate", F + "conflict_periods",
            {"n_years": con.n_years}))
    under = stress["conflict_periods"].sum() if "conflict_periods" in stress else 0
    n_under = int(stress["n_periods"].sum()) if "n_periods" in stress else 0
    rate_under = under / n_under if n_under else float("nan")
    st = INFO if not np.isfinite(rate_under) else ALIGNED if rate_under == 0 else \
        MIXED if rate_under <= 0.10 else MISALIGNED
    per_stress = "; ".join(f"{r.label} {int(r.conflict_periods)}" for r in stress.itertuples()) \
        if "conflict_periods" in stress else ""
    rows.append(MetricRow(
        "conflict_rate_stressed", "Conflict rate (stressed histories)", rate_under, "share of periods", None, st,
        {ALIGNED: "Even under the stress tests neither VP celebrates while the other is below threshold.",
         MIXED: "Under some stresses one VP celebrates while the other is below threshold.",
         MISALIGNED: "Under the stresses finger-pointing periods are common.",
         INFO: "Undefined."}[st],
        f"The same count over the {n_under} periods of the {len(stress)} stressed histories (default strengths): "
        f"{int(under)} conflict periods ({per_stress}).", f"{DOC}#3-conflict-rate", F + "stress_tests"))

    # 4. gradients
    st = _band(grad.cosine, 0.7, 0.3)
    gt = grad.table
    vec = "; ".join(f"{r.label} " + "/".join(f"{getattr(r, f'{x}_elasticity'):+.2f}" for x in pair)
                    for r in gt.itertuples())
    rows.append(MetricRow(
        "gradient_agreement", "Incentive-gradient agreement", grad.cosine, "cosine", None, st,
        {ALIGNED: "The moves that pay one VP pay the other too: the plans pull the same way.",
         MIXED: "The plans reward partly different moves.",
         MISALIGNED: "The plans reward different (or opposite) moves: effort is pulled apart.",
         INFO: "Undefined: a VP's pay does not respond to any lever."}[st],
        f"cos(g_S, g_M) of the two VPs' elasticities (% pay per +{grad.step_pct:g}% move, whole history) over "
        f"{len(gt)} levers (S / M): {vec}. Funnel levers only: {_fmt(grad.cosine_funnel)}.",
        f"{DOC}#4-incentive-gradient-agreement", F + "incentive_gradients",
        {"cosine_funnel": grad.cosine_funnel, "levers": gt["lever"].tolist()}))
    low_rev = min((v for v in grad.cosine_revenue.values() if np.isfinite(v)), default=float("nan"))
    st = _band(low_rev, 0.7, 0.3)
    rows.append(MetricRow(
        "gradient_revenue_agreement", "Gradient agreement with revenue", None, "cosine",
        dict(grad.cosine_revenue), st,
        {ALIGNED: "Each VP is paid most for the moves that grow company revenue.",
         MIXED: "At least one VP is paid partly for moves that do not grow revenue.",
         MISALIGNED: "At least one VP is paid for moves that do not grow (or shrink) revenue.",
         INFO: "Undefined."}[st],
        f"cos(g_i, g_R) with g_R the revenue elasticity of each lever: "
        f"{_per_vp_text(grad.cosine_revenue, titles, _fmt)}.",
        f"{DOC}#4-incentive-gradient-agreement", F + "incentive_gradients"))
    n_orphan = len(grad.orphans)
    paying = int(sum(1 for i in range(len(gt)) if any(abs(gt[f"{r}_elasticity"].iloc[i]) >= MATERIAL_ELASTICITY
                                                      for r in pair)))
    st = ALIGNED if n_orphan == 0 else MIXED if n_orphan * 3 <= paying else MISALIGNED
    orphan_text = "; ".join(f"{r.label} (moves {r.orphan} only)" for r in gt.itertuples() if r.orphan) or "none"
    rows.append(MetricRow(
        "orphan_levers", "Orphan levers", n_orphan, "levers", None, st,
        {ALIGNED: "Every lever that moves one VP's pay moves the other's too.",
         MIXED: "A few levers move only one VP's pay.",
         MISALIGNED: "Many levers move only one VP's pay: each VP has moves the other does not care about."}[st],
        f"Levers whose +{grad.step_pct:g}% move changes one VP's pay by at least {MATERIAL_ELASTICITY:g}% per 1% "
        f"and the other's by less: {n_orphan} of {paying} levers that move anyone's pay: {orphan_text}.",
        f"{DOC}#4-incentive-gradient-agreement", F + "incentive_gradients", {"levers": grad.orphans}))
    harm = "; ".join(f"{r.label} (pays {r.harmful}; revenue {r.revenue_elasticity:+.2f}%)"
                     for r in gt.itertuples() if r.harmful) or "none"
    neutral = "; ".join(f"{r.label} (pays {r.value_neutral})" for r in gt.itertuples() if r.value_neutral) or "none"
    st = MISALIGNED if grad.harmful else MIXED if grad.value_neutral else ALIGNED
    rows.append(MetricRow(
        "harmful_levers", "Levers that pay while revenue does not grow", len(grad.harmful), "levers", None, st,
        {ALIGNED: "No lever pays a VP without growing revenue.",
         MIXED: "Some levers pay a VP without growing revenue (value-neutral moves: gaming exposure).",
         MISALIGNED: "Some levers pay a VP while company revenue falls."}[st],
        f"Levers whose move raises a VP's pay (elasticity >= {MATERIAL_ELASTICITY:g}) while revenue falls: {harm}. "
        f"Paying while revenue does not move: {neutral}. Opposite signs for the two VPs: "
        f"{', '.join(grad.sign_conflicts) or 'none'}.",
        f"{DOC}#4-incentive-gradient-agreement", F + "incentive_gradients",
        {"harmful": grad.harmful, "value_neutral": grad.value_neutral, "sign_conflicts": grad.sign_conflicts}))

    # 5. pay for performance
    sim = pfp.elasticity_simulated
    el = sim if sim is not None else pfp.elasticity_history
    finite = [v for r, v in el.items() if r in pair and np.isfinite(v)]
    low_el = min(finite) if finite else float("nan")
    st = INFO if not np.isfinite(low_el) else ALIGNED if low_el >= 0.5 else MIXED if low_el > 0 else MISALIGNED
    how = (f"History: with the whole business 1% bigger (demand funnel at held rates), revenue over the history "
           f"moves {pfp.revenue_change_pct_history:+.2f}% and pay "
           f"{_per_vp_text(pfp.pay_change_pct_history, titles, lambda v: f'{v:+.2f}%')}: elasticity "
           f"{_per_vp_text(pfp.elasticity_history, titles, _fmt)}.")
    if sim is not None:
        how += (f" Simulated: slope of ln(pay) on ln(revenue) across {pfp.n_years:,} years "
                f"{_per_vp_text(sim, titles, _fmt)}; correlation of payout % with revenue "
                f"{_per_vp_text(pfp.revenue_correlation_simulated, titles, _fmt)}. The verdict uses the simulated "
                f"elasticity.")
    rows.append(MetricRow(
        "pay_elasticity_to_revenue", "Pay elasticity to company revenue", None, "% pay per 1% revenue", dict(el), st,
        {ALIGNED: "Both VPs' pay rises clearly when company revenue rises.",
         MIXED: "At least one VP's pay barely follows company revenue.",
         MISALIGNED: "At least one VP's pay does not rise (or falls) when company revenue rises.",
         INFO: "Undefined."}[st], how, f"{DOC}#5-pay-for-company-performance", F + "pay_for_performance",
        {"history": dict(pfp.elasticity_history), "simulated": None if sim is None else dict(sim),
         "revenue_correlation_simulated": pfp.revenue_correlation_simulated}))
    cost = pfp.cost_pct_of_revenue_simulated if pfp.cost_pct_of_revenue_simulated is not None \
        else pfp.cost_pct_of_revenue_history
    how = f"All roles' variable pay earned / revenue over the history: {_fmt(pfp.cost_pct_of_revenue_history)}%."
    if pfp.cost_pct_of_revenue_simulated is not None:
        how += (f" Simulated: expected cost / expected revenue {_fmt(pfp.cost_pct_of_revenue_simulated)}%; "
                f"correlation of cost with revenue {_fmt(pfp.cost_revenue_correlation_simulated)}.")
    rows.append(MetricRow(
        "cost_pct_of_revenue", "Cost of variable pay (% of revenue)", cost, "% of revenue", None, INFO,
        f"The two plans cost {_fmt(cost)}% of revenue" + (
            ", and the cost rises with revenue." if (pfp.cost_revenue_correlation_simulated or 0) > 0.3 else "."),
        how, f"{DOC}#5-pay-for-company-performance", F + "pay_for_performance",
        {"history": pfp.cost_pct_of_revenue_history, "simulated": pfp.cost_pct_of_revenue_simulated,
         "cost_revenue_correlation_simulated": pfp.cost_revenue_correlation_simulated}))

    # 6. stress tests
    n_flag = int(stress["flag"].sum())
    per_vp = {r: int(stress[f"{r}_flag"].sum()) for r in scenario.roles}
    st = ALIGNED if n_flag == 0 else MIXED if n_flag == 1 else MISALIGNED
    lines = "; ".join(
        f"{r.label} (strength {r.strength:g}): revenue {r.revenue_change_pct:+.1f}%, gross profit "
        f"{r.gross_profit_change_pct:+.1f}%, " + ", ".join(
            f"{titles[x]} {getattr(r, f'{x}_change_pct'):+.1f}%" for x in scenario.roles)
        + (f" FLAG: {r.flagged}" if r.flag else "") for r in stress.itertuples())
    rows.append(MetricRow(
        "stress_flags", "Stress tests where a VP gains while the company loses", n_flag, "stress tests", per_vp, st,
        {ALIGNED: "No stress test pays a VP more while the company does worse.",
         MIXED: "One stress test pays a VP more while the company does worse.",
         MISALIGNED: "Several stress tests pay a VP more while the company does worse."}[st],
        f"Each stress replayed on the whole history; flagged when a VP earns more while company revenue or gross "
        f"profit falls: {lines}.", f"{DOC}#6-stress-tests", F + "stress_tests",
        {"flagged": stress.loc[stress["flag"], "stress"].tolist()}))
    return rows


def _overall(rows: list[MetricRow]) -> tuple[str, str]:
    judged = [r for r in rows if r.status != INFO]
    bad = [r for r in judged if r.status == MISALIGNED]
    mixed = [r for r in judged if r.status == MIXED]
    good = [r for r in judged if r.status == ALIGNED]

    def names(rs):
        return "; ".join(r.label for r in rs)

    counts = (f"{len(good)} of {len(judged)} judged measures aligned, {len(mixed)} mixed, "
              f"{len(bad)} misaligned")
    if not bad and len(mixed) <= 2:
        status, head = ALIGNED, "The two plans pull together"
    elif len(bad) * 3 <= len(judged):
        status, head = MIXED, "The two plans are partly aligned"
    else:
        status, head = MISALIGNED, "The two plans pull the VPs apart"
    text = f"{head}: {counts}."
    if bad:
        text += f" Misaligned: {names(bad)}."
    if mixed:
        text += f" Mixed: {names(mixed)}."
    if good:
        text += f" Aligned: {names(good)}."
    return text, status


def alignment_scorecard(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                        simulations: int = 10_000, seed: int = 7, threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD,
                        stress_strengths: dict[str, float] | None = None, step_pct: float = STEP_PCT,
                        mc=None) -> Scorecard:
    """Every alignment measure, each judged in plain language with how it was computed.

    One stacked replay on the history (S = 1 + levers + whole business + stresses) and one Monte
    Carlo run of `simulations` years (skipped when 0; a precomputed `mc` may be passed).
    """
    t0 = time.perf_counter()
    perf = _history_performance(scenario, history, annual_targets)
    base = base_columns(perf)
    levers = gradient_levers(scenario)
    lever_vars = _lever_variants(base, levers, step_pct / 100.0)
    whole = LEVERS["whole_business"](base, STEP_PCT / 100.0)
    strengths = {**{n: p.default_strength for n, p in STRESSES.items()}, **(stress_strengths or {})}
    stress_names = list(STRESSES)
    stress_vars = [STRESSES[n](base, strengths[n]) for n in stress_names]
    variants = [*lever_vars, whole, *stress_vars]
    t1 = time.perf_counter()
    result = stacked_replay(scenario, perf, variants)
    t2 = time.perf_counter()
    series = payout_series(result)
    pay = role_totals(result)
    revenue = _revenue_totals([base, *variants])
    hist = _Base(perf, result, PayoutSeries(series.labels, series.start, series.end,
                                            {r: v[:1] for r, v in series.earned.items()}, series.target,
                                            {r: v[:1] for r, v in series.pct.items()}, series.basis))
    if mc is None:
        mc, note = _monte_carlo(scenario, history, annual_targets, simulations, seed)
    else:
        note = ""
    t3 = time.perf_counter()
    shared = shared_pay_share(scenario)
    com = _co_movement(scenario, hist, mc)
    con = _conflicts(scenario, hist, threshold_pct, mc)
    grad = _gradients(scenario, levers, pay, revenue, 0, step_pct)
    pfp = _pay_for_performance(scenario, pay, revenue, len(lever_vars) + 1, mc)
    offset = len(lever_vars) + 1
    stress = stress_frame(scenario, result, [base, *stress_vars], stress_names,
                          [strengths[n] for n in stress_names], offset=offset, series=series,
                          threshold_pct=threshold_pct)
    rows = _rows(scenario, shared, com, con, grad, pfp, stress, note, hist.series)
    overall, status = _overall(rows)
    t4 = time.perf_counter()
    timing = {"perturb_ms": 1e3 * (t1 - t0), "replay_ms": 1e3 * (t2 - t1), "monte_carlo_ms": 1e3 * (t3 - t2),
              "measures_ms": 1e3 * (t4 - t3), "total_ms": 1e3 * (t4 - t0)}
    return Scorecard(scenario.name, _titles(scenario), history.source, (perf.months[0], perf.months[-1]),
                     0 if mc is None else mc.n_years, seed, threshold_pct, rows, overall, status, shared, com, con,
                     grad, pfp, stress, {k: round(v, 2) for k, v in timing.items()})


# ---------------------------------------------------------------------------------------
# Benchmark


def bench_alignment(presets: tuple[str, ...] = ("siloed", "integrated"), simulations: int = 10_000,
                    repeats: int = 5, seed: int = 7) -> dict:
    """Timing of `alignment_scorecard` on the sample history (ms; best and median of `repeats`
    after one untimed warm-up), per preset, with the split into perturb / replay / Monte Carlo /
    measures of the median run. Goal: well under 400 ms with 10,000 simulated years."""
    from .history import load_history, load_targets
    from .project import SAMPLE_HISTORY, SAMPLE_TARGETS, preset_paths
    from .scenario import load_scenario

    history = load_history(SAMPLE_HISTORY)
    annual = load_targets(SAMPLE_TARGETS)
    out: dict[str, Any] = {"simulations": simulations, "repeats": repeats, "goal_ms": 400.0, "presets": {}}
    for name in presets:
        scenario = load_scenario(preset_paths()[name])
        alignment_scorecard(scenario, history, annual, simulations=simulations, seed=seed)  # warm-up
        times, parts = [], []
        for _ in range(repeats):
            t = time.perf_counter()
            card = alignment_scorecard(scenario, history, annual, simulations=simulations, seed=seed)
            times.append(1e3 * (time.perf_counter() - t))
            parts.append(card.timing_ms)
        order = np.argsort(times)
        median_parts = parts[int(order[len(order) // 2])]
        out["presets"][name] = {"best_ms": round(min(times), 1), "median_ms": round(statistics.median(times), 1),
                                "max_ms": round(max(times), 1), "parts_ms_of_median_run": median_parts}
    out["worst_median_ms"] = max(p["median_ms"] for p in out["presets"].values())
    out["meets_goal"] = out["worst_median_ms"] < out["goal_ms"]
    return out
