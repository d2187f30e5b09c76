"""Objectives (MBOs) as monthly series: each score holds for every month of its scoring period.

An objective goal's monthly series `objective:<goal>` (percent) is built from the scores entered in
the scenario (a period not scored yet scores 0, and the trace says so); simulated years, which have
no scores, hold each objective's stated `simulated_score` (a percent, or draws from a stated
distribution, one per scoring period). See docs/money.md §9.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from comp_models.dates import period_label
from comp_models.metrics import score_column
from comp_models.plans import Goal, ObjectiveScoring, Scenario, Score, ScoreDistribution
from comp_models.types import FloatArray


def scoring_period(month: str, scoring: ObjectiveScoring, fiscal_year_start: int = 1) -> str:
    """The label of the scoring period a month "YYYY-MM" falls in: 2024-03, 2024-Q1, 2024-H1 or 2024
    (FY2025-Q1, FY2025-H1, FY2025 for fiscal plan years; docs/money.md §12)."""
    return period_label(month, scoring.months, fiscal_year_start)


def score_pct(goal: Goal, score: float | str, scoring: ObjectiveScoring | None = None) -> float:
    """A score as a percent: a number is one already; a level name maps through the objective's levels
    (`scoring`: the goal's resolved scoring, when the caller has it)."""
    if not isinstance(score, str):
        return float(score)
    return float((scoring or goal.resolved_scoring).levels[score])


def objective_goals(scenario: Scenario) -> list[str]:
    return [gid for gid, g in scenario.goals.items() if g.is_objective]


def objective_columns(scenario: Scenario, months: list[str]) -> dict[str, FloatArray]:
    """goal -> (1, M) monthly score series from the scores entered (0 where a period is not scored)."""
    out = {}
    entered: dict[tuple[str, str], Score] = {}
    for s in scenario.scores:  # the first score entered for a goal and period, as Scenario.score_of finds it
        entered.setdefault((s.goal, s.period), s)
    for gid in objective_goals(scenario):
        goal = scenario.goals[gid]
        scoring = goal.resolved_scoring  # once: a goal without its own scoring makes a new default each time
        values = np.zeros(len(months))
        for i, month in enumerate(months):
            score = entered.get((gid, scoring_period(month, scoring, scenario.fiscal_year_start)))
            values[i] = score_pct(goal, score.score, scoring) if score is not None else 0.0
        out[score_column(gid)] = values[None, :]
    return out


def simulated_objective_columns(scenario: Scenario, months: list[str], n: int, seed: int) -> dict[str, FloatArray]:
    """goal -> (n, M) score series for n simulated years: the stated simulated score, or one draw per
    scoring period from its distribution (normal, clipped to [0, max score]); seeded, so the same seed
    gives the same scores whatever the chunking."""
    return {col: draws.months(0, n) for col, draws in simulated_objective_draws(scenario, months, n, seed).items()}


@dataclass(frozen=True)
class ScoreDraws:
    """One objective's simulated scores, kept per scoring period: `per_period` (n, U) draws (or a constant
    score), `index` (M,) the scoring period of each month. `months(a, b)` spreads years [a, b) over the months."""

    per_period: FloatArray | float
    index: list[int]

    def months(self, a: int, b: int) -> FloatArray:
        """(b - a, M) scores of years [a, b), month-major in memory like the simulated history columns."""
        if not isinstance(self.per_period, np.ndarray):
            return np.full((len(self.index), b - a), float(self.per_period)).T
        return np.ascontiguousarray(self.per_period[a:b].T)[self.index].T


def simulated_objective_draws(scenario: Scenario, months: list[str], n: int, seed: int) -> dict[str, ScoreDraws]:
    """`simulated_objective_columns` before the draws are spread over the months: a simulation spreads each
    chunk's years itself (the (n, M) series of a million years would be 96 MB an objective)."""
    out = {}
    for k, gid in enumerate(objective_goals(scenario)):
        scoring = scenario.goals[gid].resolved_scoring
        spec = scoring.simulated_score
        labels = [scoring_period(m, scoring, scenario.fiscal_year_start) for m in months]
        unique = list(dict.fromkeys(labels))
        index = [unique.index(label) for label in labels]
        if not isinstance(spec, ScoreDistribution):
            out[score_column(gid)] = ScoreDraws(float(spec), index)
            continue
        shape = (n, len(unique))
        if n * len(unique) <= SCORES_KEPT_MAX:
            draws = _kept_scores(int(seed), k, spec.mean, spec.sd, scoring.max_score, shape)
        else:
            draws = _normal_scores(int(seed), k, spec.mean, spec.sd, scoring.max_score, shape)
        out[score_column(gid)] = ScoreDraws(draws, index)
    return out


SCORES_KEPT_MAX = 1 << 20  # scores (8 MB) up to which one objective's simulated draws are kept for reruns


def _normal_scores(seed: int, k: int, mean: float, sd: float, max_score: float, shape: tuple[int, int]) -> FloatArray:
    """The k-th objective's simulated scores: normal draws from its own seeded stream, clipped to [0, max]."""
    rng = np.random.default_rng([seed, 20_871, k])
    return np.clip(rng.normal(mean, sd, size=shape), 0.0, max_score)


@lru_cache(maxsize=16)
def _kept_scores(seed: int, k: int, mean: float, sd: float, max_score: float, shape: tuple[int, int]) -> FloatArray:
    """`_normal_scores`, kept read-only for a rerun with the same seed and distribution (the app simulates every
    figure of a plan again after each change; the draws are the same)."""
    draws = _normal_scores(seed, k, mean, sd, max_score, shape)
    draws.setflags(write=False)
    return draws


def simulated_score_text(scenario: Scenario) -> str:
    """How simulations treat the objectives, in words (empty when the scenario has none)."""
    parts = []
    for gid in objective_goals(scenario):
        goal = scenario.goals[gid]
        spec = goal.resolved_scoring.simulated_score
        how = (f"drawn from a normal distribution (mean {spec.mean:g}%, sd {spec.sd:g}%)"
               if isinstance(spec, ScoreDistribution) else f"held at {spec:g}%")
        parts.append(f"{goal.display_label} {how}")
    return ("Objectives are scored by the CEO, not in the history; simulated years use: " + "; ".join(parts)
            if parts else "")
