"""Simulated plan years replayed: `simulate_performance` (simulated years as an engine
Performance, chunk by chunk), `replay_years` (each role's pay per simulated year), and
`monte_carlo`, which does both and returns a `MonteCarlo` of per-year payout %, pay, company
revenue and revenue attainment with its summaries (cost, co-movement, conflict share).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, co_movement, conflict_mask, payout_pct
from comp_models.analysis.simulate.sampler import YearSampler
from comp_models.engine import (MonthColumns, Performance, ScoreDraws, missing_columns, required_columns,
                               simulated_objective_draws, simulated_score_text, with_on_target_commission,
                               year_totals)
from comp_models.errors import InputError
from comp_models.kernels import load_for
from comp_models.metrics import History
from comp_models.periods import resolve_targets
from comp_models.plans import Scenario
from comp_models.types import FloatArray

REPLAY_CHUNK = 25_000  # simulated years per replay call when no chunk is given (cache friendly)


def _default_workers() -> int:
    """Threads that replay chunks at once: COMP_ALIGN_WORKERS, else the CPUs this process may use, at most 4.
    numpy releases the GIL inside its array loops, so chunks of a few thousand years run in parallel."""
    env = os.environ.get("COMP_ALIGN_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, 4))

Progress = Callable[[float], None]

__all__ = ["MonteCarlo", "REPLAY_CHUNK", "monte_carlo", "replay_years", "simulate_performance"]


def _auto_chunk(n: int, workers: int) -> int:
    """Years per chunk when none is given: REPLAY_CHUNK, yet at least one chunk per worker (10,000 years on 2
    threads: 2 chunks of 5,000). Measured with the year totals (`engine.year_totals`) on month-major simulated
    columns, one core: replay_years of 100,000 years, chunks of 5,000 / 10,000 / 25,000 / 100,000 years,
    integrated 46 / 38-53 / 31 / 37 ms, siloed 62-76 / 44 / 38-44 / 46 ms; monte_carlo of 200,000 years,
    chunks of 10,000 / 25,000 / 50,000: integrated 0.14-0.22 / 0.15-0.17 / 0.17-0.21 s."""
    if workers <= 1:
        return REPLAY_CHUNK
    return max(1, min(REPLAY_CHUNK, -(-n // workers)))


_POOLS: dict[int, ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def _pool(workers: int) -> ThreadPoolExecutor:
    """One long-lived pool per size: starting threads on every call cost as much as a small simulation."""
    with _POOLS_LOCK:
        if workers not in _POOLS:
            _POOLS[workers] = ThreadPoolExecutor(workers, thread_name_prefix="comp-align-replay")
        return _POOLS[workers]


def _in_order(fn: Callable, items: Iterable, workers: int) -> Iterator:
    """fn over items, results in the items' order; on `workers` threads when more than one (each chunk's
    result depends only on its own inputs, so the order of work never changes a value)."""
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        yield from map(fn, items)
        return
    yield from _pool(min(workers, len(items))).map(fn, items)


# ---------------------------------------------------------------------------------------
# Public API


def _check_n(n_years: int) -> int:
    n = int(n_years)
    if n < 1:
        raise ValueError(f"n_years must be at least 1, not {n_years}")
    return n


def _spans(n: int, chunk: int | None) -> list[tuple[int, int]]:
    size = n if not chunk else max(int(chunk), 1)
    return [(a, min(a + size, n)) for a in range(0, n, size)]


def _drawn(sampler: YearSampler, targets: dict[str, FloatArray], seed: int, span: tuple[int, int],
           columns: list[str] | None, scores: dict[str, ScoreDraws]) -> Performance:
    """Simulated years [a, b) of the stream `seed` as a Performance, with the objectives' simulated scores."""
    a, b = span
    given = {c: draws.months(a, b) for c, draws in scores.items()}
    return Performance(sampler.months, sampler.drawn(seed, a, b, columns, given), targets)


def _simulated_chunks(sampler: YearSampler, targets: dict[str, FloatArray], seed: int, n: int,
                      chunk: int | None, columns: list[str] | None = None,
                      progress: Progress | None = None, scenario: Scenario | None = None) -> Iterator[Performance]:
    """Simulated years [0, n) of the stream `seed` as Performances of at most `chunk` years each
    (all n when chunk is None or 0), in order; `progress(fraction)` after each chunk is consumed.
    The scenario's objectives get their simulated scores (engine.simulated_objective_draws)."""
    spans = _spans(n, chunk)
    scores = simulated_objective_draws(scenario, sampler.months, n, seed) if scenario is not None else {}
    for i, span in enumerate(spans):
        yield _drawn(sampler, targets, seed, span, columns, scores)
        if progress is not None:
            progress((i + 1) / len(spans))


def simulate_performance(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float],
                         n_years: int, seed: int, *, method: str = "bootstrap", block_months: int = 3,
                         target_year: int | None = None, chunk: int | None = None,
                         progress: Progress | None = None, columns: list[str] | None = None) -> Performance:
    """n_years simulated plan years of 12 months (S = n_years, M = 12), as an engine Performance.

    Columns: `columns` (default every numeric history column), (n_years, 12) floats; months: the
    target plan year's (plan years of `scenario.fiscal_year_start`). Targets: the target year's
    monthly targets of every goal of `scenario` (default target year: the last complete plan year
    of the history). The scenario is studied as designed (`Scenario.as_designed()`). See the
    package docstring for the two methods. Same seed, same arrays; `chunk` only splits the work
    (`progress(fraction)` is called after each chunk) and never changes values; neither does
    `columns` (a column's values do not depend on which others are drawn).
    """
    n = _check_n(n_years)
    scenario = scenario.as_designed()
    _check_columns(scenario, history)
    sampler = YearSampler.fit(history, method=method, block_months=block_months, target_year=target_year,
                              fiscal_year_start=scenario.fiscal_year_start)
    targets = resolve_targets(scenario, sampler.months, annual_targets, scenario.name)
    parts = [dict(p.columns) for p in _simulated_chunks(sampler, targets, seed, n, chunk, columns, progress, scenario)]
    cols = parts[0] if len(parts) == 1 else {c: np.concatenate([p[c] for p in parts]) for c in parts[0]}
    return Performance(sampler.months, cols, targets)


def replay_years(scenario: Scenario, perf: Performance, chunk: int | None = REPLAY_CHUNK,
                 workers: int | None = None) -> dict[str, FloatArray]:
    """role -> (S,) variable pay earned in each simulated year (one-year performances, M = 12), in cents
    (`engine.year_totals`: measured on the year where the plan trues up on it, else replayed in full).

    Replays in chunks of simulated years, `workers` chunks at once (default: `_default_workers()`);
    results do not depend on the chunk size or the number of workers. Replays the scenario as
    designed (`Scenario.as_designed()`: simulated years are whole plan years of the current plans).
    """
    scenario = scenario.as_designed()
    s = perf.n_scenarios
    size = s if not chunk else max(int(chunk), 1)
    load_for(s * len(perf.months))  # the compiled loops, for a simulation large enough to repay them

    def one(a: int) -> dict[str, FloatArray]:
        part = perf if size >= s else Performance(perf.months, {c: v[a:a + size] for c, v in perf.columns.items()},
                                                  perf.targets)
        # one year per path: the year's total, measured on the year where the plan trues up on it
        return {role: v.sum(axis=1) for role, v in year_totals(scenario, part).items()}

    out: dict[str, list[FloatArray]] = {r: [] for r in scenario.roles}
    for totals in _in_order(one, range(0, s, size), _default_workers() if workers is None else workers):
        for role, v in totals.items():
            out[role].append(v)
    return {r: np.concatenate(v) for r, v in out.items()}


def _company_revenue(perf: Performance) -> FloatArray:
    """(S,) each simulated year's revenue; NaN when the history has no revenue column (a history
    loaded with `required=` the scenario's columns may leave it out)."""
    if "revenue" in perf.columns:
        # the year's sum from its table: its months added in order, as numpy adds a month-major year's months
        # (tests/analysis/test_drawn_months.py compares the two bit for bit)
        if isinstance(perf.columns, MonthColumns):
            year = perf.columns.tiled_sum("revenue", 1, 12)
            if year is not None:
                return year[:, 0]
        return perf.columns["revenue"].sum(axis=1)
    return np.full(perf.n_scenarios, np.nan)


def _revenue_goal(scenario: Scenario) -> str | None:
    """The scenario's company-revenue goal: the revenue goal most roles reference (first on a tie)."""
    users = scenario.goal_users()
    goals = [g for g, goal in scenario.goals.items() if goal.metric == "revenue"]
    return max(goals, key=lambda g: len(users.get(g, []))) if goals else None


@dataclass
class MonteCarlo:
    """Replayed simulated years. Per role arrays have shape (n_years,).

    payout_pct   earned / annual target variable * 100 (NaN when the target variable is 0)
    earned       variable pay earned in the year (currency; the year's true-up included,
                 draws and holdbacks are payment timing, not cost)
    company_revenue       the year's revenue (NaN if the history has no revenue column)
    revenue_attainment    % of the scenario's revenue goal target; when the scenario has no
                          revenue goal, % of the targets file's revenue target for the year
    """

    payout_pct: dict[str, FloatArray]
    earned: dict[str, FloatArray]
    company_revenue: FloatArray
    revenue_attainment: FloatArray
    target_variable: dict[str, float] = field(default_factory=dict)
    seed: int = 0  # the simulation's seed (MonteCarlo runs with the same seed share their years)
    method: str = "bootstrap"  # the simulation method (METHODS)
    target_year: int = 0
    revenue_target: float = float("nan")
    assumptions: str = ""  # what the simulation assumed that the history cannot give (objectives' scores)

    @property
    def roles(self) -> list[str]:
        return list(self.earned)

    @property
    def n_years(self) -> int:
        return len(self.company_revenue)

    @cached_property
    def total_cost(self) -> FloatArray:
        """(n_years,) variable pay of all roles together (computed once)."""
        return np.sum([self.earned[r] for r in self.roles], axis=0)

    def p_at_or_above_target(self, role: str) -> float:
        """Share of simulated years in which the role earns at least 100% of target."""
        return float(np.mean(self.payout_pct[role] >= 100.0))

    def p_conflict(self, threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> float:
        """Share of simulated years in which one VP earns >= 100% of target and another < threshold_pct.

        With more than two roles any pair in conflict counts; with one role it is 0.
        """
        roles = self.roles
        hit = np.zeros(self.n_years, dtype=bool)
        for i, a in enumerate(roles):
            for b in roles[i + 1:]:
                hit |= conflict_mask(self.payout_pct[a], self.payout_pct[b], threshold_pct)
        return float(hit.mean())

    @property
    def expected_cost(self) -> float:
        """Mean variable pay of all roles per simulated year."""
        return float(self.total_cost.mean())

    @property
    def cost_p95(self) -> float:
        """95th percentile of all roles' variable pay per simulated year."""
        return float(np.percentile(self.total_cost, 95))

    @property
    def cost_pct_of_revenue(self) -> float:
        """Expected cost as % of expected revenue (a ratio of means)."""
        return float(100.0 * self.expected_cost / np.mean(self.company_revenue))

    def correlation(self, a: str | None = None, b: str | None = None) -> float:
        """Co-movement (`pairing.co_movement`) of two roles' payout % across simulated years.

        Defaults to the first two roles (the VP pair, as `pairing.vp_pair` picks them). NaN with
        fewer than two roles, when either payout % is constant, or with fewer than 3 finite pairs.
        """
        roles = self.roles
        if a is None and b is None:
            if len(roles) < 2:
                return float("nan")
            a, b = roles[0], roles[1]
        elif a is None or b is None:
            raise ValueError("give both roles or neither")
        return co_movement(self.payout_pct[a], self.payout_pct[b])

    def correlation_matrix(self) -> pd.DataFrame:
        """Correlations across simulated years of each role's payout % and company revenue."""
        frame = pd.DataFrame({**{f"{r} payout %": v for r, v in self.payout_pct.items()},
                              "company revenue": self.company_revenue})
        return frame.corr()

    def summary(self, threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> dict[str, float]:
        """Headline figures as a flat dict."""
        out: dict[str, float] = {"n_years": self.n_years, "expected_cost": self.expected_cost,
                                 "cost_p95": self.cost_p95, "cost_pct_of_revenue": self.cost_pct_of_revenue,
                                 "co_movement": self.correlation(), "p_conflict": self.p_conflict(threshold_pct)}
        for r in self.roles:
            out[f"{r}.mean_payout_pct"] = float(np.nanmean(self.payout_pct[r]))
            out[f"{r}.p_at_or_above_target"] = self.p_at_or_above_target(r)
        return out

    def frame(self) -> pd.DataFrame:
        """One row per simulated year."""
        data = {"company_revenue": self.company_revenue, "revenue_attainment": self.revenue_attainment}
        for r in self.roles:
            data[f"{r}.earned"] = self.earned[r]
            data[f"{r}.payout_pct"] = self.payout_pct[r]
        return pd.DataFrame(data)


def _revenue_target(scenario: Scenario, targets: dict[str, FloatArray],
                    annual_targets: dict[tuple[str, int], float], year: int) -> float:
    goal = _revenue_goal(scenario)
    if goal is not None:
        return float(np.sum(targets[goal]))
    return float(annual_targets.get(("revenue", year), float("nan")))


def _assemble(scenario: Scenario, targets: dict[str, FloatArray], earned: dict[str, FloatArray],
              revenue: FloatArray, annual_targets: dict[tuple[str, int], float], year: int, seed: int = 0,
              method: str = "bootstrap") -> MonteCarlo:
    tv = {r: float(p.annual_target_variable) for r, p in scenario.roles.items()}
    pct = {r: payout_pct(earned[r], tv[r]) for r in earned}
    rev_target = _revenue_target(scenario, targets, annual_targets, year)
    attainment = 100.0 * revenue / rev_target if rev_target > 0 else np.full(len(revenue), np.nan)
    return MonteCarlo(pct, earned, revenue, attainment, tv, seed, method, year, rev_target,
                      simulated_score_text(scenario))


def monte_carlo(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float],
                n_years: int = 10_000, seed: int = 7, *, method: str = "bootstrap", block_months: int = 3,
                target_year: int | None = None, chunk: int | None = None,
                progress: Progress | None = None, workers: int | None = None) -> MonteCarlo:
    """Simulate n_years plan years (see `simulate_performance`) and replay both plans over them.

    Works chunk by chunk (default `_auto_chunk`: REPLAY_CHUNK years on one thread), drawing and replaying
    `workers` chunks at once (default `_default_workers()`, threads), so memory stays bounded at any n;
    `progress(fraction)` is called after each chunk, in order, on the calling thread. Same seed, same
    result, whatever the chunk size or number of workers. Studies the scenario as designed (`Scenario.as_designed()`).
    """
    n = _check_n(n_years)
    scenario = scenario.as_designed()
    _check_columns(scenario, history)
    sampler = YearSampler.fit(history, method=method, block_months=block_months, target_year=target_year,
                              fiscal_year_start=scenario.fiscal_year_start)
    scenario = with_on_target_commission(scenario, annual_targets, sampler.target_year)
    targets = resolve_targets(scenario, sampler.months, annual_targets, scenario.name)
    needed = _needed_columns(scenario, sampler.columns)
    workers = _default_workers() if workers is None else max(int(workers), 1)
    spans = _spans(n, chunk or _auto_chunk(n, workers))
    scores = simulated_objective_draws(scenario, sampler.months, n, seed)
    load_for(n * len(sampler.months))  # the compiled loops, for a simulation large enough to repay them

    def one(span: tuple[int, int]) -> tuple[dict[str, FloatArray], FloatArray]:
        """Draw and replay one chunk (memory stays at a few chunks, whatever n is): each year's total."""
        perf = _drawn(sampler, targets, seed, span, needed, scores)
        return {r: v.sum(axis=1) for r, v in year_totals(scenario, perf).items()}, _company_revenue(perf)

    earned: dict[str, list[FloatArray]] = {r: [] for r in scenario.roles}
    revenue: list[FloatArray] = []
    for i, (totals, rev) in enumerate(_in_order(one, spans, workers)):
        for role, v in totals.items():
            earned[role].append(v)
        revenue.append(rev)
        if progress is not None:
            progress((i + 1) / len(spans))
    earned_all = {r: np.concatenate(v) for r, v in earned.items()}
    return _assemble(scenario, targets, earned_all, np.concatenate(revenue), annual_targets,
                     sampler.target_year, seed, method)


def _check_columns(scenario: Scenario, history: History) -> None:
    """Every column the scenario's goals read must be in the history (named, with how to add it)."""
    missing = missing_columns(scenario, history)
    if missing:
        raise InputError(missing)


def _needed_columns(scenario: Scenario, available: list[str]) -> list[str]:
    """History columns the scenario's goals read, plus revenue (for the revenue summaries)."""
    cols = set(required_columns(scenario)) | {"revenue"}
    return [c for c in available if c in cols]
