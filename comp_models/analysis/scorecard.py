"""The scorecard's records and its overall verdict: the four statuses, `MetricRow` (one judged
figure with how it was computed, its docs section and the function that computes it),
`Scorecard` (every row plus the measures behind them, as a frame or JSON-ready dict) and
`_overall`, which counts the judged rows into one plain-language verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from comp_models.analysis.comovement import CoMovement
from comp_models.analysis.conflicts import Conflicts
from comp_models.analysis.gradients import Gradients
from comp_models.analysis.pay_elasticity import PayForPerformance
from comp_models.analysis.sharing import SharedPay

__all__ = ["ALIGNED", "INFO", "MISALIGNED", "MIXED", "MetricRow", "Scorecard"]

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
    the stress strengths used; stress_rows: one dict per stress test, as `stress_tests` gives its rows
    (`stress`: the same as a frame, built when first read)."""

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
    stress_rows: list[dict]
    timing_ms: dict[str, float]
    simulation_method: str = ""
    strengths: dict[str, float] = field(default_factory=dict)
    simulation_assumptions: str = ""  # e.g. how objectives scored by the CEO are held in simulated years

    @cached_property
    def stress(self) -> pd.DataFrame:
        return pd.DataFrame(self.stress_rows)

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
               "stress_tests": [dict(r) for r in self.stress_rows],
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

