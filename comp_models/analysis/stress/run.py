"""Replaying many perturbed histories at once and reading the result: the stacked replay
(scenario 0 the history, then each variant), whole-history totals per role and for the company,
each VP's payout % per comparison period (`PayoutSeries`), the stress strengths and the stress
table (`stress_tests`, `stress_frame`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, conflict_mask, payout_pct, vp_pair
from comp_models.analysis.stress.funnel import Columns
from comp_models.analysis.stress.stresses import STRESSES
from comp_models.dates import month_in_plan_year, period_label
from comp_models.engine import Performance, ReplayResult, Windows, performance, replay
from comp_models.errors import InputError, Issue
from comp_models.metrics import History
from comp_models.plans import Scenario
from comp_models.types import FloatArray

TOLERANCE = 1e-4  # relative change below which a payout or company figure counts as unchanged

__all__ = ["PayoutSeries", "TOLERANCE", "base_columns", "company_totals", "payout_series", "quarter_phase",
           "replay_stacked", "role_totals", "stacked_replay", "stacked_windows", "stress_frame", "stress_records",
           "stress_strengths", "stress_tests", "stress_variants"]


# ---------------------------------------------------------------------------------------
# Replaying many perturbed histories at once


def stress_strengths(strengths: dict[str, float] | None = None) -> dict[str, float]:
    """Every stress of STRESSES -> its strength: the defaults, overridden by `strengths`.

    Raises InputError naming any unknown stress (and the known ones): a misspelt name must not be
    silently replaced by its default.
    """
    strengths = dict(strengths or {})
    unknown = sorted(set(strengths) - set(STRESSES))
    if unknown:
        raise InputError([Issue("stress strengths", name, f"unknown stress test {name!r}",
                                f"use one of: {', '.join(STRESSES)}") for name in unknown])
    return {n: float(strengths.get(n, p.default_strength)) for n, p in STRESSES.items()}


def base_columns(perf: Performance, index: int = 0) -> Columns:
    """(M,) columns of one scenario of a Performance."""
    return {c: np.asarray(v[index], dtype=np.float64) for c, v in perf.columns.items()}


def stacked_replay(scenario: Scenario, perf: Performance, variants: list[Columns]) -> ReplayResult:
    """One replay with S = 1 + len(variants): index 0 is `perf`'s first scenario, then each variant.
    Replays the scenario as designed (`Scenario.as_designed`: the current plans, no employment dates,
    earlier versions, adjustments or SPIFFs; docs/money.md §14). Earned only (`replay(..., payments=False)`):
    every stress, gradient and alignment measure reads what is earned, not when it is paid."""
    return replay_stacked(stacked_windows(scenario, perf, variants))


def stacked_windows(scenario: Scenario, perf: Performance, variants: list[Columns]) -> Windows:
    """The window sums `stacked_replay` measures on: the stacked performance (S = 1 + len(variants), index 0
    `perf`'s first scenario) of the scenario as designed. Each scenario's row is measured on its own, so row 0
    holds the history's own sums and attainments (what the conflict drivers and the period revenue read)."""
    base = base_columns(perf)
    cols = {c: np.stack([v] + [var.get(c, v) for var in variants]) for c, v in base.items()}
    return Windows(Performance(perf.months, cols, perf.targets), scenario.as_designed())


def replay_stacked(windows: Windows) -> ReplayResult:
    """`stacked_replay` on window sums from `stacked_windows`, for a caller that reads more from them afterwards
    (their sums and attainments are cached per window)."""
    return replay(windows.scenario, windows.perf, payments=False, windows=windows)


def quarter_phase(scenario: Scenario, months: list[str]) -> int:
    """The first month's position in its plan-year quarter (0, 1 or 2): where the quarter ends fall."""
    return month_in_plan_year(months[0], scenario.fiscal_year_start) % 3 if months else 0


def stress_variants(scenario: Scenario, perf: Performance, base: Columns, names: list[str],
                    strengths: dict[str, float]) -> list[Columns]:
    """Each named stress applied to `base` (the history's columns), quarter ends at the plan year's."""
    phase = quarter_phase(scenario, perf.months)
    return [STRESSES[n](base, strengths[n], phase=phase) for n in names]


def role_totals(result: ReplayResult) -> dict[str, FloatArray]:
    """role -> (S,) variable pay earned over the whole history (true-ups included)."""
    return {r: rr.period_earned.sum(axis=1) for r, rr in result.roles.items()}


def company_totals(columns: list[Columns]) -> dict[str, FloatArray]:
    """revenue and gross_profit -> (len(columns),) totals over the whole history of each variant's
    (M,) columns; all NaN for a column the history does not have (e.g. a history without revenue)."""
    return {what: np.array([float(np.sum(c[what])) for c in columns]) if columns and what in columns[0]
            else np.full(len(columns), np.nan) for what in ("revenue", "gross_profit")}


# ---------------------------------------------------------------------------------------
# Payout % per comparison period (the two VPs)


@dataclass(frozen=True)
class PayoutSeries:
    """Payout % of each role of the pair per comparison period, for every scenario of a replay.

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

    def first(self) -> PayoutSeries:
        """The same series restricted to scenario 0 (the history of a stacked replay)."""
        return PayoutSeries(self.labels, self.start, self.end, {r: v[:1] for r, v in self.earned.items()},
                            self.target, {r: v[:1] for r, v in self.pct.items()}, self.basis)


def payout_series(result: ReplayResult, pair: tuple[str, str] | None = None) -> PayoutSeries:
    """The pair's (default: the replay's first two roles) period earned (true-up included) summed
    into plan-year quarters (plan years when either plan of the pair measures annually; plan years
    start in the scenario's fiscal_year_start, so with 1 these are calendar quarters and years),
    divided by the target variable of the periods summed. A history that starts or ends inside a
    quarter has a short first or last comparison period."""
    roles = list(pair if pair is not None else list(result.roles)[:2])
    annual = any(result.roles[r].plan.measurement_period.months >= 12 for r in roles)
    k = 12 if annual else 3
    fy = getattr(result.scenario, "fiscal_year_start", 1)
    month_labels = [period_label(m, k, fy) for m in result.months]
    cuts = [i for i in range(1, len(month_labels)) if month_labels[i] != month_labels[i - 1]]
    start = np.array([0, *cuts], dtype=np.int64) if month_labels else np.zeros(0, dtype=np.int64)
    end = np.array([*cuts, len(month_labels)], dtype=np.int64) if month_labels else np.zeros(0, dtype=np.int64)
    labels = [month_labels[i] for i in start]
    n = len(labels)
    earned, target, pct = {}, {}, {}
    for role in roles:
        rr = result.roles[role]
        bucket = np.searchsorted(end, rr.grid.end - 1, side="right")  # the comparison period each plan period ends in
        pe = rr.period_earned
        e = np.zeros((pe.shape[0], n))
        np.add.at(e, (slice(None), bucket), pe)
        t = np.bincount(bucket, weights=rr.target_variable, minlength=n)
        earned[role], target[role], pct[role] = e, t, payout_pct(e, t)
    return PayoutSeries(labels, start, end, earned, target, pct, "year" if annual else "quarter")


# ---------------------------------------------------------------------------------------
# The stress table


def stress_tests(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                 strengths: dict[str, float] | None = None, perf: Performance | None = None,
                 threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> pd.DataFrame:
    """Every stress of STRESSES (default strengths unless given), replayed in one call (S = 1 + 5).

    Returns one row per stress: stress, label, strength, per role `{role}_change` (money earned
    over the history, stressed minus actual) and `{role}_change_pct`, `revenue_change`(_pct),
    `gross_profit_change`(_pct) (NaN when the history lacks the column), `company_worse` (revenue
    or gross profit falls), per role `{role}_flag` (a VP of the pair paid more while the company
    does worse) and `flag` (either VP), `flagged` (the flagged VPs' titles), `conflict_periods` of
    `n_periods` (plan-year quarters of the stressed history where both payouts are defined; a
    conflict: one VP of the pair earns >= 100% of target and the other < threshold_pct) and
    `description`. Raises InputError for an unknown stress name or fewer than two roles. Studies the
    scenario as designed (`Scenario.as_designed`, docs/money.md §14).
    """
    scenario = scenario.as_designed()
    vp_pair(scenario)
    strengths = stress_strengths(strengths)
    perf = perf or performance(scenario, history, annual_targets, scenario.name)
    base = base_columns(perf)
    names = list(STRESSES)
    variants = stress_variants(scenario, perf, base, names, strengths)
    result = stacked_replay(scenario, perf, variants)
    return stress_frame(scenario, result, [base, *variants], names, [strengths[n] for n in names],
                        threshold_pct=threshold_pct)


def stress_frame(scenario: Scenario, result: ReplayResult, columns: list[Columns], names: list[str],
                 strengths: list[float], offset: int = 0, series: PayoutSeries | None = None,
                 threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> pd.DataFrame:
    """The stress table from a stacked replay whose scenario 0 is the history and whose
    scenarios offset+1 .. offset+len(names) are the stressed histories `columns[1:]`.
    `series`: the replay's PayoutSeries of the pair, if already computed."""
    return pd.DataFrame(stress_records(scenario, result, columns, names, strengths, offset, series, threshold_pct))


def stress_records(scenario: Scenario, result: ReplayResult, columns: list[Columns], names: list[str],
                   strengths: list[float], offset: int = 0, series: PayoutSeries | None = None,
                   threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> list[dict]:
    """`stress_frame`'s rows as dicts, one per stress (what the scorecard reads: no frame)."""
    pair = vp_pair(scenario)
    series = series if series is not None else payout_series(result, pair)
    pay = role_totals(result)
    idx = np.arange(offset + 1, offset + 1 + len(names))
    comp = company_totals(columns)
    rows = []
    for j, (name, strength) in enumerate(zip(names, strengths)):
        p = STRESSES[name]
        row: dict = {"stress": name, "label": p.label, "strength": strength}
        worse = False
        for what in ("revenue", "gross_profit"):
            b, v = comp[what][0], comp[what][j + 1]
            row[f"{what}_change"] = v - b
            row[f"{what}_change_pct"] = 100.0 * (v - b) / b if b else np.nan
            worse |= bool(np.isfinite(v - b) and (v - b) < -TOLERANCE * abs(b))
        row["company_worse"] = worse
        flagged = []
        for role in scenario.roles:
            b, v = pay[role][0], pay[role][idx[j]]
            row[f"{role}_change"] = v - b
            row[f"{role}_change_pct"] = 100.0 * (v - b) / b if b else np.nan
            more = (v - b) > max(TOLERANCE * abs(b), 0.005)
            row[f"{role}_flag"] = bool(more and worse and role in pair)
            if row[f"{role}_flag"]:
                flagged.append(scenario.roles[role].title)
        row["flag"] = bool(flagged)
        row["flagged"] = ", ".join(flagged)
        a, b = series.pct[pair[0]][idx[j]], series.pct[pair[1]][idx[j]]
        defined = np.isfinite(a) & np.isfinite(b)
        row["conflict_periods"] = int(conflict_mask(a[defined], b[defined], threshold_pct).sum())
        row["n_periods"] = int(defined.sum())
        row["description"] = p.description
        rows.append(row)
    return rows
