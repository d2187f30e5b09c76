"""Incentive-gradient agreement (docs/alignment.md section 4): the money each VP gains from a
+1% move in each lever (the funnel levers and one per plan metric), all levers in one stacked
replay; the cosine of the two VPs' gradients (and of each with revenue's), and the orphan,
harmful, value-neutral and opposite-sign levers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from comp_models.analysis.pairing import vp_pair
from comp_models.analysis.stress.funnel import Columns
from comp_models.analysis.stress.levers import FUNNEL_LEVERS, LEVERS, METRIC_LEVERS
from comp_models.analysis.stress.run import base_columns, company_totals, role_totals, stacked_replay
from comp_models.engine import performance
from comp_models.metrics import History
from comp_models.plans import Scenario
from comp_models.types import FloatArray

STEP_PCT = 1.0  # the gradients' finite-difference step, percent
MATERIAL_ELASTICITY = 0.01  # |% pay change per 1% lever move| below which a lever does not move pay

__all__ = ["Gradients", "MATERIAL_ELASTICITY", "STEP_PCT", "cosine", "gradient_levers", "incentive_gradients"]


# ---------------------------------------------------------------------------------------
# Small numeric helpers


def cosine(a: FloatArray, b: FloatArray) -> float:
    """cos(a, b) = a.b / (|a| |b|); NaN when either vector is zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0 or not (np.isfinite(na) and np.isfinite(nb)):
        return float("nan")
    return float(np.clip(a @ b / (na * nb), -1.0, 1.0))


# ---------------------------------------------------------------------------------------
# 4. Incentive-gradient agreement


def gradient_levers(scenario: Scenario) -> dict[str, list[str]]:
    """Lever name -> the plan metrics it moves: the funnel levers, then one lever per metric
    used by either plan (goals referenced by components, gates, caps or multipliers)."""
    users = scenario.goal_users()
    # objectives are scored by the CEO, not moved by a funnel lever: they are not levers
    used = sorted({scenario.goals[g].metric for g, roles in users.items() if roles} - {"objective"})
    levers: dict[str, list[str]] = {name: [] for name in FUNNEL_LEVERS}
    for metric in used:
        levers.setdefault(METRIC_LEVERS[metric], []).append(metric)
    return levers


@dataclass(frozen=True)
class Gradients:
    """Money each VP gains from a +step% move in each lever, over the whole history.

    columns: one entry per lever in each: lever, label, funnel (a DOMAIN.md funnel lever), metrics
    (plan metrics it moves), `{role}_change` (money), `{role}_elasticity` (% pay per 1% move),
    revenue_change, revenue_elasticity (NaN without revenue in the history), and the flags of the
    two VPs orphan / harmful / value_neutral / sign_conflict (titles of the VPs concerned, "" if none);
    `table`: the same as a frame, one row per lever (built when first read).
    cosine: cos(g_S, g_M) over all levers; cosine_funnel: over the funnel levers only;
    cosine_revenue: VP -> cos(g_i, g_R). Lists name the flagged levers."""

    step_pct: float
    columns: dict[str, Any]
    cosine: float
    cosine_funnel: float
    cosine_revenue: dict[str, float]
    orphans: list[str]
    harmful: list[str]
    value_neutral: list[str]
    sign_conflicts: list[str]

    @cached_property
    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.columns)


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
    funnel = np.array(table["funnel"], dtype=bool)
    money = {r: table[f"{r}_change"] for r in pair}  # cos is scale-free: money or elasticity
    ga, gb = money[pair[0]], money[pair[1]]
    labels = table["label"]
    return Gradients(step_pct, table, cosine(ga, gb), cosine(ga[funnel], gb[funnel]),
                     {r: cosine(money[r], d_rev) for r in pair},
                     [lab for lab, o in zip(labels, orphan) if o], [lab for lab, h in zip(labels, harmful) if h],
                     [lab for lab, v in zip(labels, neutral) if v], [lab for lab, c in zip(labels, conflict) if c])


def incentive_gradients(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                        step_pct: float = STEP_PCT) -> Gradients:
    """Finite differences of each VP's pay (and company revenue) for a +step_pct move in each
    lever, over the whole history; all levers in one stacked replay (S = 1 + levers). Studies the
    scenario as designed (`Scenario.as_designed()`)."""
    scenario = scenario.as_designed()
    vp_pair(scenario)
    perf = performance(scenario, history, annual_targets, scenario.name)
    levers = gradient_levers(scenario)
    base = base_columns(perf)
    variants = _lever_variants(base, levers, step_pct / 100.0)
    result = stacked_replay(scenario, perf, variants)
    revenue = company_totals([base, *variants])["revenue"]
    return _gradients(scenario, levers, role_totals(result), revenue, step_pct)

