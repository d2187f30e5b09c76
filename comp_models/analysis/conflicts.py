"""Conflict rate and the finger-pointing periods (docs/alignment.md section 3): the share of
comparison periods (and of simulated years) in which one VP earns at least 100% of target while
the other is below the threshold, with every period's payouts and the components that drove them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from comp_models.analysis._common import _Base, _base, _monte_carlo
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, conflict_mask, vp_pair
from comp_models.analysis.stress.run import PayoutSeries
from comp_models.engine import Windows
from comp_models.metrics import History
from comp_models.plans import MatrixComponent, Scenario
from comp_models.types import FloatArray

__all__ = ["Conflicts", "conflict_periods"]


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
# 3. Conflict rate and the finger-pointing periods


@dataclass(frozen=True)
class Conflicts:
    """rate: share of comparison periods (both payouts defined) in conflict (one VP >= 100% of
    target, the other below threshold_pct); columns: every period with each VP's payout %,
    earned, target and drivers, `conflict` and `cause` (`table`: the same as a frame, built when
    first read); periods: the conflict rows only; simulated: share of simulated years (both
    payouts defined) in conflict (None when not simulated)."""

    rate: float
    n_periods: int
    threshold_pct: float
    columns: dict[str, Any]
    simulated: float | None
    n_years: int

    @cached_property
    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.columns)

    @property
    def periods(self) -> pd.DataFrame:
        return self.table[self.table["conflict"]].reset_index(drop=True)

    def conflict_causes(self) -> list[tuple[str, str]]:
        """(period, cause) of each conflict period, in order (what `periods` holds, without a frame)."""
        c = self.columns
        return [(p, cause) for p, cause, hit in zip(c["period"], c["cause"], c["conflict"]) if hit]


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
    return Conflicts(_conflict_rate(a, b, threshold_pct), n, threshold_pct, table, sim,
                     0 if mc is None else mc.n_years)


def conflict_periods(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                     threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD, simulations: int = 0, seed: int = 7,
                     mc=None) -> Conflicts:
    """Conflict rate on the history (and over simulated years), with every conflict period's causes.
    Studies the scenario as designed (`Scenario.as_designed()`)."""
    scenario = scenario.as_designed()
    vp_pair(scenario)
    mc = mc if mc is not None else _monte_carlo(scenario, history, annual_targets, simulations, seed)[0]
    return _conflicts(scenario, _base(scenario, history, annual_targets), threshold_pct, mc)

