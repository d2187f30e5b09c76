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

"The two VPs" are the scenario's first two roles (`pairing.vp_pair`); every pairwise measure
compares those two plans, and a scenario with fewer than two roles raises InputError. Payout %
is compared on calendar quarters (years when either plan measures annually): each role's period
earned (true-up included) is summed into the quarter its period ends in and divided by the
target variable of the periods summed (`stress.payout_series`).

`alignment_scorecard` does one stacked replay for everything computed on the history (the
history itself, every +1% lever and every stress test on the scenario axis S) and one Monte
Carlo run (`simulate.monte_carlo`) for the rows over simulated years.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from comp_models.analysis import pairing
from comp_models.types import FloatArray
from comp_models.engine import Windows, replay
from comp_models.errors import InputError
from comp_models.metrics import History
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, conflict_mask, vp_pair
from comp_models.engine import performance
from comp_models.plans import CommissionComponent, MatrixComponent, Scenario
from comp_models.analysis.stress import (FUNNEL_LEVERS, LEVERS, METRIC_LEVERS, STRESSES, Columns, PayoutSeries, base_columns,
                     company_totals, payout_series, role_totals, stacked_replay, stress_frame)
from comp_models.analysis.stress import stress_strengths as resolve_stress_strengths
from comp_models.analysis.stress import stress_tests as _stress_tests

STEP_PCT = 1.0  # the gradients' finite-difference step, percent
MATERIAL_ELASTICITY = 0.01  # |% pay change per 1% lever move| below which a lever does not move pay
DOC = "docs/alignment.md"
NO_REVENUE = "company revenue not in the history"

__all__ = ["PayoutSeries", "SharedPay", "CoMovement", "Conflicts", "Gradients", "PayForPerformance", "MetricRow",
           "Scorecard", "payout_series", "shared_pay_share", "co_movement", "conflict_periods",
           "incentive_gradients", "pay_for_performance", "stress_tests", "alignment_scorecard",
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


def _pair_min(values: dict[str, float], pair: tuple[str, str]) -> float:
    """The lower of the two VPs' figures; NaN when either is undefined (never the other's by default)."""
    a, b = (float(values.get(r, float("nan"))) for r in pair)
    return min(a, b) if np.isfinite(a) and np.isfinite(b) else float("nan")


def _fmt_pct(x: float, digits: int = 0) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}%"


def _fmt(x: float, digits: int = 2) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


# ---------------------------------------------------------------------------------------
# What drove a comparison period


def _drivers(scenario: Scenario, windows: Windows, role: str, series: PayoutSeries) -> list[list[tuple[float, str]]]:
    """Per comparison period: (attainment %, text) of each of the role's components, measured on
    the comparison period (a matrix component: the mean of its two goals' attainments, both shown)."""
    plan = scenario.roles[role]
    per_period: list[list[tuple[float, str]]] = [[] for _ in series.labels]
    for c in plan.components:
        att = windows.goal(c.goal, series.start, series.end)[2][0]
        if isinstance(c, MatrixComponent):
            att_y = windows.goal(c.goal_y, series.start, series.end)[2][0]
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
    """shared_goals: goals paid on by both VPs of the pair;
    share: VP -> % of the annual target variable in components paying on a shared goal (NaN
    when the VP has no target variable);
    gated_share: VP -> % in components gated (plan or component gate) by a shared goal;
    overlap: O = sum over goals of min(w_S,g, w_M,g) in % of target variable (0-100; NaN when
    either VP has no target variable);
    table: one row per VP and component.

    It is also a read-only mapping VP -> shared-pay share % (`shares["vp_sales"]`,
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


def _paid_goals(plan) -> list[str]:
    return [g for c in plan.components for g in [c.goal] + ([c.goal_y] if isinstance(c, MatrixComponent) else [])]


def shared_pay_share(scenario: Scenario) -> SharedPay:
    """Per VP, the share of target incentive tied to goals both VPs are paid on (SW_i), and the
    weight overlap O."""
    pair = vp_pair(scenario)
    paid = [set(_paid_goals(scenario.roles[r])) for r in pair]
    shared = [g for g in scenario.goals if g in paid[0] and g in paid[1]]
    rows, share, gated, by_goal = [], {}, {}, {}
    for role in pair:
        plan = scenario.roles[role]
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
        if plan.annual_target_variable <= 0:
            share[role] = gated[role] = float("nan")
    overlap = float("nan")
    if all(scenario.roles[r].annual_target_variable > 0 for r in pair):
        a, b = by_goal[pair[0]], by_goal[pair[1]]
        overlap = float(sum(min(a.get(g, 0.0), b.get(g, 0.0)) for g in set(a) | set(b)))
    return SharedPay(shared, share, gated, overlap, pd.DataFrame(rows))


# ---------------------------------------------------------------------------------------
# The history replay (S = 1) shared by the history measures


@dataclass(frozen=True)
class _Base:
    windows: Windows  # window sums of the history (scenario 0)
    series: PayoutSeries  # the pair's payout % (S = 1)


def _base(scenario: Scenario, history: History, annual_targets) -> _Base:
    perf = performance(scenario, history, annual_targets, scenario.name)
    return _Base(Windows(perf, scenario), payout_series(replay(scenario, perf), vp_pair(scenario)))


def _monte_carlo(scenario: Scenario, history: History, annual_targets, simulations: int, seed: int):
    """(MonteCarlo or None, note): None when simulations <= 0 or the history cannot be simulated."""
    if not simulations or simulations <= 0:
        return None, "not simulated (simulations = 0)"
    from comp_models.analysis.simulate import monte_carlo
    try:
        return monte_carlo(scenario, history, annual_targets, n_years=int(simulations), seed=int(seed)), ""
    except InputError as exc:
        return None, "not simulated: " + "; ".join(i.problem for i in exc.issues)


# ---------------------------------------------------------------------------------------
# 2. Co-movement


@dataclass(frozen=True)
class CoMovement:
    """history: corr of the two VPs' payout % over the comparison periods (rho);
    joint_outcome_rate: share of periods (both payouts defined) where both are >= 100% or both < 100%;
    revenue_correlation: VP -> corr of its payout % with revenue per period (history);
    simulated: corr across simulated years (None when not simulated); table: per period."""

    history: float
    n_periods: int
    basis: str
    joint_outcome_rate: float
    revenue_correlation: dict[str, float]
    simulated: float | None
    n_years: int
    table: pd.DataFrame


def _period_revenue(windows: Windows, series: PayoutSeries) -> FloatArray:
    if "revenue" not in windows.perf.columns:
        return np.full(len(series.labels), np.nan)
    return windows.col_sum("revenue", series.start, series.end)[0]


def _co_movement(scenario: Scenario, base: _Base, mc=None) -> CoMovement:
    pair = vp_pair(scenario)
    series = base.series
    pct = {r: series.pct[r][0] for r in pair}
    revenue = _period_revenue(base.windows, series)
    a, b = pct[pair[0]], pct[pair[1]]
    rho = pairing.co_movement(a, b)
    ok = np.isfinite(a) & np.isfinite(b)
    joint = float(np.mean((a[ok] >= 100) == (b[ok] >= 100))) if ok.any() else float("nan")
    table = pd.DataFrame({"period": series.labels, **{f"{r}_pct": v for r, v in pct.items()}, "revenue": revenue})
    sim = None if mc is None else pairing.co_movement(mc.payout_pct[pair[0]], mc.payout_pct[pair[1]])
    return CoMovement(rho, len(series.labels), series.basis, joint,
                      {r: pairing.co_movement(v, revenue) for r, v in pct.items()},
                      sim, 0 if mc is None else mc.n_years, table)


def co_movement(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                simulations: int = 0, seed: int = 7, mc=None) -> CoMovement:
    """Correlation of the two VPs' payout % across periods of the history and, with
    `simulations` > 0 (or a MonteCarlo `mc`), across simulated years."""
    vp_pair(scenario)
    mc = mc if mc is not None else _monte_carlo(scenario, history, annual_targets, simulations, seed)[0]
    return _co_movement(scenario, _base(scenario, history, annual_targets), mc)


# ---------------------------------------------------------------------------------------
# 3. Conflict rate and the finger-pointing periods


@dataclass(frozen=True)
class Conflicts:
    """rate: share of comparison periods (both payouts defined) in conflict (one VP >= 100% of
    target, the other below threshold_pct); table: every period with each VP's payout %,
    drivers, `conflict` and `cause`; periods: the conflict rows only; simulated: share of
    simulated years (both payouts defined) in conflict (None when not simulated)."""

    rate: float
    n_periods: int
    threshold_pct: float
    table: pd.DataFrame
    simulated: float | None
    n_years: int

    @property
    def periods(self) -> pd.DataFrame:
        return self.table[self.table["conflict"]].reset_index(drop=True)


def _conflict_rate(a: FloatArray, b: FloatArray, threshold_pct: float) -> float:
    """Share of the pairs where both payouts are defined that are in conflict; NaN if none is."""
    a, b = np.asarray(a), np.asarray(b)
    ok = np.isfinite(a) & np.isfinite(b)
    return float(conflict_mask(a[ok], b[ok], threshold_pct).mean()) if ok.any() else float("nan")


def _conflicts(scenario: Scenario, base: _Base, threshold_pct: float, mc=None) -> Conflicts:
    pair = vp_pair(scenario)
    series = base.series
    n = len(series.labels)
    table: dict[str, Any] = {"period": series.labels}
    drivers = {}
    for r in pair:
        table[f"{r}_pct"] = series.pct[r][0]
        table[f"{r}_earned"] = series.earned[r][0]
        table[f"{r}_target"] = series.target[r]
        drivers[r] = _drivers(scenario, base.windows, r, series)
        table[f"{r}_drivers"] = [_driver_text(d, True, n=len(d)) for d in drivers[r]]
    a, b = series.pct[pair[0]][0], series.pct[pair[1]][0]
    conflict = conflict_mask(a, b, threshold_pct)
    causes = [""] * n
    for q in np.flatnonzero(conflict):
        hi, lo = (pair[0], pair[1]) if a[q] >= 100 else (pair[1], pair[0])
        causes[q] = (f"{scenario.roles[hi].title} {series.pct[hi][0, q]:.0f}%: "
                     f"{_driver_text(drivers[hi][q], True)}; "
                     f"{scenario.roles[lo].title} {series.pct[lo][0, q]:.0f}%: "
                     f"{_driver_text(drivers[lo][q], False)}")
    table["conflict"] = conflict
    table["cause"] = causes
    sim = None if mc is None else _conflict_rate(mc.payout_pct[pair[0]], mc.payout_pct[pair[1]], threshold_pct)
    return Conflicts(_conflict_rate(a, b, threshold_pct), n, threshold_pct, pd.DataFrame(table), sim,
                     0 if mc is None else mc.n_years)


def conflict_periods(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                     threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD, simulations: int = 0, seed: int = 7,
                     mc=None) -> Conflicts:
    """Conflict rate on the history (and over simulated years), with every conflict period's causes."""
    vp_pair(scenario)
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
    revenue_change, revenue_elasticity (NaN without revenue in the history), and the flags of the
    two VPs orphan / harmful / value_neutral / sign_conflict (titles of the VPs concerned, "" if none).
    cosine: cos(g_S, g_M) over all levers; cosine_funnel: over the funnel levers only;
    cosine_revenue: VP -> cos(g_i, g_R). Lists name the flagged levers."""

    step_pct: float
    table: pd.DataFrame
    cosine: float
    cosine_funnel: float
    cosine_revenue: dict[str, float]
    orphans: list[str]
    harmful: list[str]
    value_neutral: list[str]
    sign_conflicts: list[str]


def _lever_variants(base: Columns, levers: dict[str, list[str]], step: float) -> list[Columns]:
    return [LEVERS[name](base, step) for name in levers]


def _titles_where(mask: np.ndarray, titles: list[str]) -> list[str]:
    """(L, R) bool -> per row the titles where True, joined by ', '."""
    return [", ".join(t for t, on in zip(titles, row) if on) for row in mask]


def _gradients(scenario: Scenario, levers: dict[str, list[str]], pay: dict[str, FloatArray],
               revenue: FloatArray, step_pct: float) -> Gradients:
    """Gradient table from whole-history totals: pay role -> (S,), revenue (S,) (NaN without
    revenue); index 0 is the history, 1 + i the i-th lever."""
    names = list(levers)
    idx = 1 + np.arange(len(names))
    pair = vp_pair(scenario)
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
    titles = [scenario.roles[r].title for r in pair]
    el = np.column_stack([elastic[r] for r in pair])  # (L, 2)
    moves = np.abs(el) >= tol
    paid = el >= tol
    one_mover = moves.sum(axis=1) == 1
    harmful_rows = np.isfinite(e_rev) & (e_rev <= -tol)
    neutral_rows = np.isfinite(e_rev) & (np.abs(e_rev) < tol)
    opposite = moves.all(axis=1) & (el[:, 0] * el[:, 1] < 0)
    orphan = _titles_where(moves & one_mover[:, None], titles)
    harmful = _titles_where(paid & harmful_rows[:, None], titles)
    neutral = _titles_where(paid & neutral_rows[:, None], titles)
    conflict = _titles_where(np.repeat(opposite[:, None], 2, axis=1), titles)
    table.update(orphan=orphan, harmful=harmful, value_neutral=neutral, sign_conflict=conflict)
    frame = pd.DataFrame(table)
    funnel = frame["funnel"].to_numpy()
    money = {r: frame[f"{r}_change"].to_numpy() for r in pair}  # cos is scale-free: money or elasticity
    ga, gb = money[pair[0]], money[pair[1]]
    labels = frame["label"].tolist()
    return Gradients(step_pct, frame, cosine(ga, gb), cosine(ga[funnel], gb[funnel]),
                     {r: cosine(money[r], d_rev) for r in pair},
                     [lab for lab, o in zip(labels, orphan) if o], [lab for lab, h in zip(labels, harmful) if h],
                     [lab for lab, v in zip(labels, neutral) if v], [lab for lab, c in zip(labels, conflict) if c])


def incentive_gradients(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                        step_pct: float = STEP_PCT) -> Gradients:
    """Finite differences of each VP's pay (and company revenue) for a +step_pct move in each
    lever, over the whole history; all levers in one stacked replay (S = 1 + levers)."""
    vp_pair(scenario)
    perf = performance(scenario, history, annual_targets, scenario.name)
    levers = gradient_levers(scenario)
    base = base_columns(perf)
    variants = _lever_variants(base, levers, step_pct / 100.0)
    result = stacked_replay(scenario, perf, variants)
    revenue = company_totals([base, *variants])["revenue"]
    return _gradients(scenario, levers, role_totals(result), revenue, step_pct)


# ---------------------------------------------------------------------------------------
# 5. Pay for company performance


@dataclass(frozen=True)
class PayForPerformance:
    """elasticity_history: VP -> (dP/P) / (dR/R) when the whole business is 1% bigger (history);
    elasticity_simulated: VP -> OLS slope of ln(pay) on ln(revenue) across simulated years;
    revenue_correlation_simulated: VP -> corr(payout %, revenue) across simulated years;
    cost_pct_of_revenue_history / _simulated: all roles' variable pay / revenue, in %;
    cost_revenue_correlation_simulated: corr(total variable pay, revenue) across simulated years.
    Revenue figures are NaN when the history has no revenue column."""

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
    pair = vp_pair(scenario)
    r0, r1 = float(revenue[0]), float(revenue[index])
    d_rev = (r1 - r0) / r0 if r0 else float("nan")
    el, dpay = {}, {}
    for r in pair:
        p0 = float(pay[r][0])
        dp = (float(pay[r][index]) - p0) / p0 if p0 else float("nan")
        dpay[r] = 100.0 * dp
        el[r] = dp / d_rev if d_rev else float("nan")
    cost_hist = 100.0 * sum(float(pay[r][0]) for r in scenario.roles) / r0 if r0 else float("nan")
    if mc is None:
        return PayForPerformance(el, None, None, cost_hist, None, None, 100.0 * d_rev, dpay, 0)
    el_sim = {r: _log_slope(mc.earned[r], mc.company_revenue) for r in pair}
    corr_sim = {r: pairing.co_movement(mc.payout_pct[r], mc.company_revenue) for r in pair}
    return PayForPerformance(el, el_sim, corr_sim, cost_hist, mc.cost_pct_of_revenue,
                             pairing.co_movement(mc.total_cost, mc.company_revenue), 100.0 * d_rev, dpay,
                             mc.n_years)


def pay_for_performance(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                        simulations: int = 0, seed: int = 7, mc=None) -> PayForPerformance:
    """Each VP's payout elasticity to company revenue, and the cost of pay as % of revenue."""
    vp_pair(scenario)
    mc = mc if mc is not None else _monte_carlo(scenario, history, annual_targets, simulations, seed)[0]
    perf = performance(scenario, history, annual_targets, scenario.name)
    base = base_columns(perf)
    variant = LEVERS["whole_business"](base, STEP_PCT / 100.0)
    result = stacked_replay(scenario, perf, [variant])
    return _pay_for_performance(scenario, role_totals(result), company_totals([base, variant])["revenue"], 1, mc)


# ---------------------------------------------------------------------------------------
# 6. Stress tests (see stress.py)


def stress_tests(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                 strengths: dict[str, float] | None = None,
                 threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> pd.DataFrame:
    """Both VPs' payout change beside the company's under each named stress (stress.STRESSES)."""
    return _stress_tests(scenario, history, annual_targets, strengths=strengths, threshold_pct=threshold_pct)


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
    """The scorecard of the two VPs' plans. roles: the pair, role -> title; seed and
    simulation_method: those of the Monte Carlo used (of `mc` when one was passed); strengths:
    the stress strengths used."""

    scenario: str
    roles: dict[str, str]  # the two VPs: role -> title
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
    simulation_method: str = ""
    strengths: dict[str, float] = field(default_factory=dict)

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
               "simulation_method": self.simulation_method, "stress_strengths": self.strengths,
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



def _band_rate(rate: float) -> str:
    """A conflict rate: aligned at 0, mixed up to 10%, misaligned above; info when undefined."""
    if rate is None or not np.isfinite(rate):
        return INFO
    return ALIGNED if rate == 0 else MIXED if rate <= 0.10 else MISALIGNED


def _per_vp_text(values: dict[str, float], titles: dict[str, str], fmt) -> str:
    return ", ".join(f"{titles[r]} {fmt(v)}" for r, v in values.items())


SIMULATION_METHODS = {"bootstrap": "seasonal block bootstrap of the history",
                      "parametric": "parametric model fitted to the history"}
F = "comp_models.analysis.alignment."


@dataclass(frozen=True)
class _Context:
    """What every row builder needs beside its measure."""

    pair: tuple[str, str]
    titles: dict[str, str]  # the pair: role -> title
    series: PayoutSeries  # the pair's payout % on the history (S = 1)
    mc_note: str  # why there is no simulation ("" when simulated)
    method: str  # the Monte Carlo's simulation method
    strengths: dict[str, float]  # the stress strengths used
    revenue_known: bool  # the history has company revenue

    @property
    def both(self) -> str:
        return " and ".join(self.titles[r] for r in self.pair)

    @property
    def span(self) -> str:
        return f"{self.series.labels[0]}..{self.series.labels[-1]}" if self.series.labels else "no periods"

    @property
    def unit(self) -> str:
        return "calendar quarters" if self.series.basis == "quarter" else "calendar years"


def _shared_rows(ctx: _Context, shared: SharedPay) -> list[MetricRow]:
    titles = ctx.titles
    low = _pair_min(shared.share, ctx.pair)
    st = _band(low, 50, 20)
    if not np.isfinite(low):
        verdict = "Undefined: a VP has no target variable."
    elif not shared.shared_goals:
        verdict = "Nothing is shared: no goal pays both VPs, so each can win while the other loses."
    elif st == ALIGNED:
        verdict = "Most of both VPs' target incentive rides on goals they share."
    else:
        verdict = f"Only part of the pay is shared (lowest: {low:.0f}% of target variable)."
    comp_text = "; ".join(
        f"{titles[r]}: " + (", ".join(f"{row.component} {row.pct_of_target_variable:.0f}%"
                                      for row in shared.table[(shared.table.role == r) & shared.table.shared]
                                      .itertuples()) or "none")
        for r in ctx.pair)
    share_row = MetricRow(
        "shared_pay_share", "Shared-pay share", None, "% of target variable", dict(shared.share), st, verdict,
        f"Sum of the target-variable weights of components paying on a goal both plans pay on "
        f"(shared goals: {', '.join(shared.shared_goals) or 'none'}). {comp_text}.",
        f"{DOC}#1-shared-pay-share-and-weight-overlap", F + "shared_pay_share",
        {"shared_goals": shared.shared_goals, "gated_share": dict(shared.gated_share)})
    st = _band(shared.overlap, 50, 20)
    overlap_row = MetricRow(
        "weight_overlap", "Weight overlap", shared.overlap, "% of target variable", None, st,
        {ALIGNED: "The two plans weight the same goals much the same way.",
         MIXED: "The plans overlap on some goals but weight them differently.",
         MISALIGNED: "The plans weight different goals: they measure different things.",
         INFO: "Undefined: a VP has no target variable."}[st],
        f"O = sum over goals of min(weight for {ctx.both}) with each plan's weights in % of its target variable: "
        f"O = {_fmt(shared.overlap, 1)}%.", f"{DOC}#1-shared-pay-share-and-weight-overlap", F + "shared_pay_share")
    return [share_row, overlap_row]


def _co_movement_rows(ctx: _Context, com: CoMovement) -> list[MetricRow]:
    titles, series = ctx.titles, ctx.series
    rows = []
    st = _band(com.history, 0.5, 0.0)
    pct_stats = "; ".join(
        f"{titles[r]} mean {np.mean(v):.0f}%, sd {np.std(v):.0f}" if len(v := series.pct[r][0][np.isfinite(
            series.pct[r][0])]) else f"{titles[r]} payout % undefined (no target variable)" for r in ctx.pair)
    rows.append(MetricRow(
        "co_movement_history", "Co-movement (history)", com.history, "correlation", None, st,
        {ALIGNED: "The two VPs' payouts rise and fall together.",
         MIXED: "The two VPs' payouts are only loosely related.",
         MISALIGNED: "When one VP's payout rises the other's tends to fall.",
         INFO: "Undefined: a payout % is undefined or never changes, or too few periods."}[st],
        f"Pearson correlation of payout % (period earned incl. true-up / target variable) over "
        f"{com.n_periods} {ctx.unit} {ctx.span}: {pct_stats}; rho = {_fmt(com.history)}.",
        f"{DOC}#2-co-movement", F + "co_movement", {"n_periods": com.n_periods, "basis": com.basis}))
    st = _band(com.joint_outcome_rate, 0.75, 0.5)
    rows.append(MetricRow(
        "joint_outcome_rate", "Joint-outcome rate", com.joint_outcome_rate, "share of periods", None, st,
        {ALIGNED: "The VPs usually hit or miss target together.",
         MIXED: "The VPs often land on opposite sides of target.",
         MISALIGNED: "Most periods one VP is at or above target while the other is below.",
         INFO: "Undefined: a VP's payout % is undefined."}[st],
        f"Share of the {com.n_periods} {ctx.unit} in which both payouts are >= 100% or both < 100%: "
        f"{_fmt_pct(100 * com.joint_outcome_rate)}.", f"{DOC}#2-co-movement", F + "co_movement"))
    if com.simulated is None:
        rows.append(MetricRow("co_movement_simulated", "Co-movement (simulated years)", None, "correlation", None,
                              INFO, f"Monte Carlo {ctx.mc_note}.", "No simulated years.", f"{DOC}#2-co-movement",
                              F + "co_movement"))
    else:
        st = _band(com.simulated, 0.5, 0.0)
        rows.append(MetricRow(
            "co_movement_simulated", "Co-movement (simulated years)", com.simulated, "correlation", None, st,
            {ALIGNED: "Across plausible years the two payouts move together.",
             MIXED: "Across plausible years the two payouts are only loosely related.",
             MISALIGNED: "Across plausible years a good year for one VP tends to be a bad one for the other.",
             INFO: "Undefined: a payout % is undefined or constant across simulated years."}[st],
            f"Pearson correlation of annual payout % across {com.n_years:,} simulated years "
            f"({SIMULATION_METHODS.get(ctx.method, ctx.method)}): rho = {_fmt(com.simulated)}.",
            f"{DOC}#2-co-movement", F + "co_movement", {"n_years": com.n_years, "method": ctx.method}))
    return rows


def _conflict_rows(ctx: _Context, con: Conflicts, stress: pd.DataFrame) -> list[MetricRow]:
    rows = []
    st = _band_rate(con.rate)
    listed = "; ".join(f"{r.period}: {r.cause}" for r in con.periods.itertuples()) or "none"
    rows.append(MetricRow(
        "conflict_rate_history", "Conflict rate (history)", con.rate, "share of periods", None, st,
        {ALIGNED: "No finger-pointing periods: neither VP celebrated while the other was below threshold.",
         MIXED: "Rare finger-pointing periods (one VP at target, the other below threshold).",
         MISALIGNED: "Frequent finger-pointing periods: one VP at target while the other is below threshold.",
         INFO: "Undefined: a VP's payout % is undefined."}[st],
        f"Share of the {con.n_periods} {ctx.unit} in which one VP earns >= 100% of target while the other earns "
        f"< {con.threshold_pct:g}%: {int(con.periods.shape[0])} of {con.n_periods} = "
        f"{_fmt_pct(100 * con.rate, 1)}. Periods: {listed}.",
        f"{DOC}#3-conflict-rate", F + "conflict_periods",
        {"periods": con.periods["period"].tolist(), "threshold_pct": con.threshold_pct}))
    if con.simulated is None:
        rows.append(MetricRow("conflict_rate_simulated", "Conflict rate (simulated years)", None, "share of years",
                              None, INFO, f"Monte Carlo {ctx.mc_note}.", "No simulated years.",
                              f"{DOC}#3-conflict-rate", F + "conflict_periods"))
    else:
        s = con.simulated
        st = _band_rate(s)
        rows.append(MetricRow(
            "conflict_rate_simulated", "Conflict rate (simulated years)", s, "share of years", None, st,
            {ALIGNED: "No simulated year has one VP at target while the other is below threshold.",
             MIXED: "Few simulated years put the VPs on opposite sides.",
             MISALIGNED: "Many simulated years put one VP at target and the other below threshold.",
             INFO: "Undefined: a VP has no target variable."}[st],
            f"Share of {con.n_years:,} simulated years ({SIMULATION_METHODS.get(ctx.method, ctx.method)}) with one "
            f"VP >= 100% of target and the other < {con.threshold_pct:g}%: {_fmt_pct(100 * s, 2)}.",
            f"{DOC}#3-conflict-rate", F + "conflict_periods", {"n_years": con.n_years, "method": ctx.method}))
    under = int(stress["conflict_periods"].sum())
    n_under = int(stress["n_periods"].sum())
    rate_under = under / n_under if n_under else float("nan")
    st = _band_rate(rate_under)
    per_stress = "; ".join(f"{r.label} {int(r.conflict_periods)} of {int(r.n_periods)}" for r in stress.itertuples())
    used = ", ".join(f"{r.label} {r.strength:g}" for r in stress.itertuples())
    rows.append(MetricRow(
        "conflict_rate_stressed", "Conflict rate (stressed histories)", rate_under, "share of periods", None, st,
        {ALIGNED: "Even under the stress tests neither VP celebrates while the other is below threshold.",
         MIXED: "Under some stresses one VP celebrates while the other is below threshold.",
         MISALIGNED: "Under the stresses finger-pointing periods are common.",
         INFO: "Undefined: a VP's payout % is undefined."}[st],
        f"The same count over the {n_under} periods (both payouts defined) of the {len(stress)} stressed histories "
        f"(strengths: {used}): {under} conflict periods ({per_stress}).", f"{DOC}#3-conflict-rate",
        F + "stress_tests", {"strengths": dict(ctx.strengths)}))
    return rows


def _gradient_rows(ctx: _Context, grad: Gradients) -> list[MetricRow]:
    titles, pair = ctx.titles, ctx.pair
    rows = []
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
    low_rev = _pair_min(grad.cosine_revenue, pair) if ctx.revenue_known else float("nan")
    st = _band(low_rev, 0.7, 0.3)
    rows.append(MetricRow(
        "gradient_revenue_agreement", "Gradient agreement with revenue", None, "cosine",
        dict(grad.cosine_revenue), st,
        {ALIGNED: "Each VP is paid most for the moves that grow company revenue.",
         MIXED: "At least one VP is paid partly for moves that do not grow revenue.",
         MISALIGNED: "At least one VP is paid for moves that do not grow (or shrink) revenue.",
         INFO: f"Undefined: {NO_REVENUE}." if not ctx.revenue_known
         else "Undefined: a VP's pay does not respond to any lever."}[st],
        f"cos(g_i, g_R) with g_R the revenue elasticity of each lever: "
        f"{_per_vp_text(grad.cosine_revenue, titles, _fmt)}.",
        f"{DOC}#4-incentive-gradient-agreement", F + "incentive_gradients"))
    n_orphan = len(grad.orphans)
    paying = int((np.column_stack([np.abs(gt[f"{r}_elasticity"].to_numpy()) for r in pair])
                  >= MATERIAL_ELASTICITY).any(axis=1).sum())
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
    n_bad = len(grad.harmful) + len(grad.value_neutral)
    if not ctx.revenue_known:
        st, n_bad = INFO, float("nan")
    else:
        st = MISALIGNED if grad.harmful else MIXED if grad.value_neutral else ALIGNED
    rows.append(MetricRow(
        "harmful_levers", "Levers that pay without growing revenue (harmful + value-neutral)", n_bad, "levers",
        None, st,
        {ALIGNED: "No lever pays a VP without growing revenue.",
         MIXED: "Some levers pay a VP without growing revenue (value-neutral moves: gaming exposure).",
         MISALIGNED: "Some levers pay a VP while company revenue falls.",
         INFO: f"Undefined: {NO_REVENUE}."}[st],
        f"{len(grad.harmful)} harmful + {len(grad.value_neutral)} value-neutral levers. Harmful: levers whose move "
        f"raises a VP's pay (elasticity >= {MATERIAL_ELASTICITY:g}) while revenue falls: {harm}. Value-neutral: "
        f"paying while revenue does not move: {neutral}. Opposite signs for the two VPs: "
        f"{', '.join(grad.sign_conflicts) or 'none'}.",
        f"{DOC}#4-incentive-gradient-agreement", F + "incentive_gradients",
        {"harmful": grad.harmful, "value_neutral": grad.value_neutral, "sign_conflicts": grad.sign_conflicts}))
    return rows


def _pay_rows(ctx: _Context, pfp: PayForPerformance) -> list[MetricRow]:
    titles = ctx.titles
    sim = pfp.elasticity_simulated
    el = sim if sim is not None else pfp.elasticity_history
    low_el = _pair_min(el, ctx.pair)
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
    undefined = f"Undefined: {NO_REVENUE}." if not ctx.revenue_known else \
        "Undefined: a VP's pay or payout % is undefined (no target variable or no pay)."
    rows = [MetricRow(
        "pay_elasticity_to_revenue", "Pay elasticity to company revenue", None, "% pay per 1% revenue", dict(el), st,
        {ALIGNED: "Both VPs' pay rises clearly when company revenue rises.",
         MIXED: "At least one VP's pay barely follows company revenue.",
         MISALIGNED: "At least one VP's pay does not rise (or falls) when company revenue rises.",
         INFO: undefined}[st], how, f"{DOC}#5-pay-for-company-performance", F + "pay_for_performance",
        {"history": dict(pfp.elasticity_history), "simulated": None if sim is None else dict(sim),
         "revenue_correlation_simulated": pfp.revenue_correlation_simulated})]
    cost = pfp.cost_pct_of_revenue_simulated if pfp.cost_pct_of_revenue_simulated is not None \
        else pfp.cost_pct_of_revenue_history
    how = f"All roles' variable pay earned / revenue over the history: {_fmt(pfp.cost_pct_of_revenue_history)}%."
    if pfp.cost_pct_of_revenue_simulated is not None:
        how += (f" Simulated: expected cost / expected revenue {_fmt(pfp.cost_pct_of_revenue_simulated)}%; "
                f"correlation of cost with revenue {_fmt(pfp.cost_revenue_correlation_simulated)}.")
    verdict = f"Undefined: {NO_REVENUE}." if not ctx.revenue_known else \
        f"The two plans cost {_fmt(cost)}% of revenue" + (
            ", and the cost rises with revenue." if (pfp.cost_revenue_correlation_simulated or 0) > 0.3 else ".")
    rows.append(MetricRow(
        "cost_pct_of_revenue", "Cost of variable pay (% of revenue)", cost, "% of revenue", None, INFO, verdict,
        how, f"{DOC}#5-pay-for-company-performance", F + "pay_for_performance",
        {"history": pfp.cost_pct_of_revenue_history, "simulated": pfp.cost_pct_of_revenue_simulated,
         "cost_revenue_correlation_simulated": pfp.cost_revenue_correlation_simulated}))
    return rows


def _stress_rows(ctx: _Context, stress: pd.DataFrame) -> list[MetricRow]:
    titles, pair = ctx.titles, ctx.pair
    n_flag = int(stress["flag"].sum())
    per_vp = {r: int(stress[f"{r}_flag"].sum()) for r in pair}
    if not ctx.revenue_known:
        st, value = INFO, float("nan")
    else:
        st, value = ALIGNED if n_flag == 0 else MIXED if n_flag == 1 else MISALIGNED, n_flag
    lines = "; ".join(
        f"{r.label} (strength {r.strength:g}): revenue {r.revenue_change_pct:+.1f}%, gross profit "
        f"{r.gross_profit_change_pct:+.1f}%, " + ", ".join(
            f"{titles[x]} {getattr(r, f'{x}_change_pct'):+.1f}%" for x in pair)
        + (f" FLAG: {r.flagged}" if r.flag else "") for r in stress.itertuples())
    return [MetricRow(
        "stress_flags", "Stress tests where a VP gains while the company loses", value, "stress tests", per_vp, st,
        {ALIGNED: "No stress test pays a VP more while the company does worse.",
         MIXED: "One stress test pays a VP more while the company does worse.",
         MISALIGNED: "Several stress tests pay a VP more while the company does worse.",
         INFO: f"Undefined: {NO_REVENUE}."}[st],
        f"Each stress replayed on the whole history; flagged when a VP earns more while company revenue or gross "
        f"profit falls: {lines}.", f"{DOC}#6-stress-tests", F + "stress_tests",
        {"flagged": stress.loc[stress["flag"], "stress"].tolist(), "strengths": dict(ctx.strengths)})]


def _rows(ctx: _Context, shared: SharedPay, com: CoMovement, con: Conflicts, grad: Gradients,
          pfp: PayForPerformance, stress: pd.DataFrame) -> list[MetricRow]:
    return [*_shared_rows(ctx, shared), *_co_movement_rows(ctx, com), *_conflict_rows(ctx, con, stress),
            *_gradient_rows(ctx, grad), *_pay_rows(ctx, pfp), *_stress_rows(ctx, stress)]


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
    """Every alignment measure of the scenario's first two roles, each judged in plain language
    with how it was computed.

    One stacked replay on the history (S = 1 + levers + whole business + stresses) and one Monte
    Carlo run of `simulations` years (skipped when 0; a precomputed `mc` may be passed, and then
    its seed and method are the ones reported). Raises InputError for a scenario with fewer than
    two roles or an unknown stress name.
    """
    t0 = time.perf_counter()
    pair = vp_pair(scenario)
    strengths = resolve_stress_strengths(stress_strengths)
    perf = performance(scenario, history, annual_targets, scenario.name)
    base = base_columns(perf)
    levers = gradient_levers(scenario)
    lever_vars = _lever_variants(base, levers, step_pct / 100.0)
    whole = LEVERS["whole_business"](base, STEP_PCT / 100.0)
    stress_names = list(STRESSES)
    stress_vars = [STRESSES[n](base, strengths[n]) for n in stress_names]
    variants = [*lever_vars, whole, *stress_vars]
    t1 = time.perf_counter()
    result = stacked_replay(scenario, perf, variants)
    t2 = time.perf_counter()
    series = payout_series(result, pair)
    pay = role_totals(result)
    revenue = company_totals([base, *variants])["revenue"]
    hist = _Base(Windows(perf, scenario), series.first())
    if mc is None:
        mc, note = _monte_carlo(scenario, history, annual_targets, simulations, seed)
    else:
        note = ""
    method = getattr(mc, "method", "bootstrap") if mc is not None else "bootstrap"
    seed = int(getattr(mc, "seed", seed)) if mc is not None else seed
    t3 = time.perf_counter()
    shared = shared_pay_share(scenario)
    com = _co_movement(scenario, hist, mc)
    con = _conflicts(scenario, hist, threshold_pct, mc)
    grad = _gradients(scenario, levers, pay, revenue, step_pct)
    pfp = _pay_for_performance(scenario, pay, revenue, len(lever_vars) + 1, mc)
    stress = stress_frame(scenario, result, [base, *stress_vars], stress_names,
                          [strengths[n] for n in stress_names], offset=len(lever_vars) + 1, series=series,
                          threshold_pct=threshold_pct)
    ctx = _Context(pair, _titles(scenario), hist.series, note, method, strengths, bool(np.isfinite(revenue[0])))
    rows = _rows(ctx, shared, com, con, grad, pfp, stress)
    overall, status = _overall(rows)
    t4 = time.perf_counter()
    timing = {"perturb_ms": 1e3 * (t1 - t0), "replay_ms": 1e3 * (t2 - t1), "monte_carlo_ms": 1e3 * (t3 - t2),
              "measures_ms": 1e3 * (t4 - t3), "total_ms": 1e3 * (t4 - t0)}
    return Scorecard(scenario.name, _titles(scenario), history.source, (perf.months[0], perf.months[-1]),
                     0 if mc is None else mc.n_years, seed, threshold_pct, rows, overall, status, shared, com, con,
                     grad, pfp, stress, {k: round(v, 2) for k, v in timing.items()},
                     method if mc is not None else "", strengths)


def _titles(scenario: Scenario) -> dict[str, str]:
    """The two VPs: role -> title."""
    return {r: scenario.roles[r].title for r in vp_pair(scenario)}
