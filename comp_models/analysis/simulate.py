"""Simulated plan years: resample monthly history, replay both plans, summarise per year.

A simulated year is 12 months (January to December) of every history column, measured
against the target year's monthly targets. Many simulated years are stacked on the engine's
leading scenario axis S, so one `replay` call evaluates all of them.

Two ways to simulate a year (both start from the same detrended history, below):

bootstrap (default)
    Seasonal block bootstrap. Each simulated year is cut into blocks of `block_months`
    consecutive month-of-year positions; each block copies the same positions from one
    history year drawn at random (uniformly among the complete history years). Whole months
    are copied, so every column of a month moves together and the correlation between
    metrics (MQLs and SQLs, bookings and forecast) is preserved; blocks keep short-run
    persistence (a weak quarter stays weak for its three months); positions are kept, so
    seasonality is preserved (December stays the big bookings month). The block grid has a
    random phase per simulated year (block starts at positions phase, phase + b, ... with
    phase uniform on 0..b-1), so quarter-aligned and straddling blocks both occur.
    `block_months >= 12` draws whole history years.

parametric
    Multivariate lognormal with AR(1) persistence within the year. With Z = log(x + d_c)
    of the detrended month values (d_c = 0 for a column that is always positive, else a
    shift: 1 unit for counts, 1% of the column mean for money):
      - residuals r[y, m] = Z[y, m] - mean over years of Z[., m] (per month of year);
      - Sigma = pooled covariance of r over all months (12 * (years - 1) degrees of freedom);
      - phi = pooled lag-1 autocorrelation of the standardised residuals within a year,
        clipped to [-0.9, 0.9];
      - e[0] ~ N(0, Sigma), e[m] = phi * e[m-1] + sqrt(1 - phi^2) * N(0, Sigma): stationary
        with covariance Sigma and lag-1 correlation phi;
      - x[m, c] = exp(mu[m, c] + e[m, c]) - d_c, floored at 0, with
        mu[m, c] = log(mean over years of x[., m, c] + d_c) - Sigma[c, c] / 2, so that the
        expected value of every month and column equals its detrended history mean.
    It needs at least two complete history years. Subset columns are floored to their
    parents after sampling (sqls <= sals <= mqls <= inquiries, ...). Counts are not rounded.

Detrending (both methods). Growth is removed column by column with a log-linear trend of
the annual totals (`growth_factors`): a history year's months are multiplied by
exp(beta * (target_year - year)), beta the trend's slope. The target year is left as it was,
and every other year is carried to the target year's trend level while keeping its deviation
from the trend, so a weak year still simulates weak. (Scaling each year by its own total
instead would give every simulated year the same annual totals, erasing the year-to-year
variation that decides annual payouts.) A ratio metric moves with its numerator's and
denominator's trends, so it is carried to its own trend level. Consequences: with two complete
years the line passes through both and their totals coincide after detrending; the expected
annual total of a simulated year is the mean of the detrended year totals, which differs from
the target year's actual total by the target year's deviation from the trend. The target year
defaults to the last complete year of the history; its monthly targets are resolved by
`comp_models.targets.resolve_targets`.

Reproducibility. Random numbers come from `numpy.random.Generator`s seeded by
`SeedSequence(seed, spawn_key=(i,))` for consecutive blocks of RNG_BLOCK simulated years, so
a seed gives the same years whatever `chunk` is, and the first n years of a longer run equal
a shorter run with the same seed. Other users of the same seed (the optimiser's candidate
draws) take spawn keys of another length, so they never share a stream with a block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from comp_models.types import FloatArray, IntArray
from comp_models.engine import Performance, replay
from comp_models.errors import InputError, Issue
from comp_models.metrics import CONSISTENCY, History, floor_subsets
from comp_models.metrics import COUNT_COLUMNS
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, co_movement, conflict_mask, payout_pct
from comp_models.engine import required_columns
from comp_models.plans import Scenario
from comp_models.periods import resolve_targets

METHODS = ("bootstrap", "parametric")
RNG_BLOCK = 1024  # simulated years per independent random stream
REPLAY_CHUNK = 5000  # simulated years per replay call when no chunk is given (cache friendly)
# DEFAULT_CONFLICT_THRESHOLD and conflict_mask are defined in pairing.py and re-exported here
# for callers that import them from this module.

Progress = Callable[[float], None]

__all__ = ["DEFAULT_CONFLICT_THRESHOLD", "METHODS", "MonteCarlo", "YearSampler",
           "complete_years", "conflict_mask", "monte_carlo", "replay_years", "simulate_performance"]


# ---------------------------------------------------------------------------------------
# The detrended history and the two samplers


def complete_years(history: History) -> list[int]:
    """Calendar years with all 12 months in the history, in order."""
    years = pd.Series([int(m[:4]) for m in history.months])
    counts = years.value_counts()
    return sorted(int(y) for y, n in counts.items() if n == 12)


def growth_factors(totals: FloatArray, years: list[int], target_year: int) -> FloatArray:
    """(Y, C) factors that carry each history year's level to the target year's trend level.

    Per column: the least-squares line through log(annual total) against year (over the years
    with a positive total) has slope beta; year y's months are multiplied by
    exp(beta * (target_year - y)). The target year keeps factor 1, and each year keeps its
    deviation from the trend (a weak year stays weak). Columns with fewer than two positive
    years are not rescaled.
    """
    yrs = np.asarray(years, dtype=np.float64)
    out = np.ones_like(totals)
    for c in range(totals.shape[1]):  # a few dozen columns, fitted once
        ok = totals[:, c] > 0
        if ok.sum() < 2:
            continue
        beta = np.polyfit(yrs[ok], np.log(totals[ok, c]), 1)[0]
        out[:, c] = np.exp(beta * (target_year - yrs))
    return out


def _detrended(history: History, years: list[int], target_year: int, columns: list[str]) -> FloatArray:
    """(Y, 12, C) month values of the complete years, each column carried to the target year's trend level.

    A History starts in a January and has no gaps, so the complete years are its leading
    12 * Y rows."""
    n, months = len(years), history.months
    first = int(months[0][:4])
    if months[0][5:7] != "01" or years != list(range(first, first + n)):
        raise ValueError("the history must start in a January and have no gaps (load it with load_history)")
    data = history.frame[columns].to_numpy(dtype=np.float64)[: 12 * n].reshape(n, 12, len(columns))
    data = data * growth_factors(data.sum(axis=1), years, target_year)[:, None, :]
    floored = floor_subsets(dict(zip(columns, np.moveaxis(data, 2, 0))))
    return np.stack([floored[c] for c in columns], axis=2)


def _stream(seed: int, block: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


@dataclass(frozen=True)
class YearSampler:
    """Simulates calendar years of monthly history columns. Build with `YearSampler.fit`.

    data: (Y, 12, C) detrended history months of the complete years `years`, columns `columns`.
    """

    method: str
    block_months: int
    target_year: int
    years: list[int]
    columns: list[str]
    data: FloatArray
    # parametric model (None for bootstrap)
    shift: FloatArray | None = None  # (C,)
    mu: FloatArray | None = None  # (12, C)
    chol: FloatArray | None = None  # (C, C) with chol @ chol.T = Sigma
    phi: float = 0.0

    @classmethod
    def fit(cls, history: History, *, method: str = "bootstrap", block_months: int = 3,
            target_year: int | None = None) -> "YearSampler":
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, not {method!r}")
        if not 1 <= int(block_months):
            raise ValueError(f"block_months must be at least 1, not {block_months}")
        years = complete_years(history)
        if not years:
            raise InputError([Issue(history.source, "month", "has no complete calendar year",
                                    "give at least 12 months, January to December")])
        if target_year is None:
            target_year = years[-1]
        if target_year not in years:
            raise InputError([Issue(history.source, "month", f"target year {target_year} is not a complete year "
                                    "of the history", f"choose one of {', '.join(map(str, years))}")])
        columns = [c for c in history.frame.columns if c != "month"]
        data = _detrended(history, years, target_year, columns)
        sampler = cls(method, int(block_months), int(target_year), years, columns, data)
        if method == "parametric":
            sampler = sampler._fit_lognormal(history.source)
        return sampler

    @cached_property
    def _by_column(self) -> FloatArray:
        """(C, Y*12) the detrended months, one row per column."""
        return np.ascontiguousarray(self.data.reshape(-1, self.data.shape[2]).T)

    @property
    def months(self) -> list[str]:
        return [f"{self.target_year}-{m:02d}" for m in range(1, 13)]

    def _fit_lognormal(self, source: str) -> "YearSampler":
        y, _, c = self.data.shape
        if y < 2:
            raise InputError([Issue(source, "month", "the parametric model needs at least two complete years "
                                    f"(found {y})", "use method='bootstrap', or give a longer history")])
        x = self.data
        positive = (x > 0).all(axis=(0, 1))
        mean_col = x.mean(axis=(0, 1))
        unit = np.array([1.0 if col in COUNT_COLUMNS else max(0.01 * m, 1e-9)
                         for col, m in zip(self.columns, mean_col)])
        shift = np.where(positive, 0.0, unit)
        z = np.log(x + shift)
        resid = z - z.mean(axis=0, keepdims=True)  # (Y, 12, C)
        flat = resid.reshape(-1, c)
        sigma = flat.T @ flat / (12 * (y - 1))
        sd = np.sqrt(np.diag(sigma))
        std = np.divide(resid, sd, out=np.zeros_like(resid), where=sd > 0)
        den = float((std[:, :-1] ** 2).sum())
        phi = float(np.clip((std[:, 1:] * std[:, :-1]).sum() / den, -0.9, 0.9)) if den > 0 else 0.0
        vals, vecs = np.linalg.eigh(sigma)
        chol = vecs * np.sqrt(np.clip(vals, 0.0, None))  # chol @ chol.T == sigma (sigma may be singular)
        mu = np.log(x.mean(axis=0) + shift) - np.diag(sigma) / 2.0
        return YearSampler(self.method, self.block_months, self.target_year, self.years, self.columns, self.data,
                           shift, mu, chol, phi)

    # -- drawing ---------------------------------------------------------------------

    def _source_months(self, rng: np.random.Generator, n: int) -> IntArray:
        """(n, 12) flat indices (year * 12 + month) of the bootstrap's source months."""
        b = min(self.block_months, 12)
        n_years = len(self.years)
        if b >= 12:
            src_year = rng.integers(0, n_years, size=(n, 1)).repeat(12, axis=1)
        else:
            phase = rng.integers(0, b, size=(n, 1))
            slots = (11 + b - 1) // b + 1
            choice = rng.integers(0, n_years, size=(n, slots))
            slot = (np.arange(12)[None, :] + phase) // b  # (n, 12)
            src_year = np.take_along_axis(choice, slot, axis=1)
        return src_year * 12 + np.arange(12)[None, :]

    def _draw_block(self, block: int, seed: int, n: int, cols: list[int]) -> FloatArray:
        """(len(cols), n, 12) simulated values for the block's first n years."""
        rng = _stream(seed, block)
        if self.method == "bootstrap":
            flat = self._source_months(rng, RNG_BLOCK)[:n]
            source = self._by_column[cols]  # (k, Y*12)
            return np.take(source, flat, axis=1)  # (k, n, 12): whole months, all columns together
        c_all = self.data.shape[2]
        eta = rng.standard_normal((RNG_BLOCK, 12, c_all))[:n]
        chol = self.chol[cols]  # only the rows of the wanted columns: same values whatever the subset
        u = eta @ chol.T  # (n, 12, k) correlated shocks
        e = np.empty_like(u)
        e[:, 0] = u[:, 0]
        k = np.sqrt(1.0 - self.phi ** 2)
        for m in range(1, 12):  # AR(1) along the 12 months, vectorised over years
            e[:, m] = self.phi * e[:, m - 1] + k * u[:, m]
        x = np.exp(self.mu[:, cols][None] + e) - self.shift[cols]
        return np.moveaxis(np.maximum(x, 0.0), 2, 0)

    def draw(self, seed: int, start: int, stop: int, columns: list[str] | None = None) -> dict[str, FloatArray]:
        """Simulated years [start, stop) of the stream `seed`: column -> (stop - start, 12)."""
        names = list(self.columns) if columns is None else [c for c in columns if c in self.columns]
        if self.method == "parametric":  # subset flooring needs the parents too
            extra = [big for small, big in CONSISTENCY if small in names and big not in names]
            while extra:
                names += [e for e in dict.fromkeys(extra) if e not in names]
                extra = [big for small, big in CONSISTENCY if small in names and big not in names]
        idx = [self.columns.index(c) for c in names]
        n = stop - start
        out = np.empty((len(idx), n, 12))
        first, last = start // RNG_BLOCK, (stop - 1) // RNG_BLOCK
        for block in range(first, last + 1):  # one pass per RNG_BLOCK years, vectorised inside
            b0 = block * RNG_BLOCK
            lo, hi = max(start, b0), min(stop, b0 + RNG_BLOCK)
            vals = self._draw_block(block, seed, hi - b0, idx)
            out[:, lo - start: hi - start] = vals[:, lo - b0:]
        cols = {c: out[i] for i, c in enumerate(names)}
        if self.method == "parametric":
            floor_subsets(cols)
        if columns is not None:
            cols = {c: cols[c] for c in columns if c in cols}
        return cols


# ---------------------------------------------------------------------------------------
# Public API


def _check_n(n_years: int) -> int:
    n = int(n_years)
    if n < 1:
        raise ValueError(f"n_years must be at least 1, not {n_years}")
    return n


def _simulated_chunks(sampler: YearSampler, targets: dict[str, FloatArray], seed: int, n: int,
                      chunk: int | None, columns: list[str] | None = None,
                      progress: Progress | None = None) -> Iterator[Performance]:
    """Simulated years [0, n) of the stream `seed` as Performances of at most `chunk` years each
    (all n when chunk is None or 0), in order; `progress(fraction)` after each chunk is consumed."""
    size = n if not chunk else max(int(chunk), 1)
    spans = [(a, min(a + size, n)) for a in range(0, n, size)]
    for i, (a, b) in enumerate(spans):
        yield Performance(sampler.months, sampler.draw(seed, a, b, columns), targets)
        if progress is not None:
            progress((i + 1) / len(spans))


def simulate_performance(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float],
                         n_years: int, seed: int, *, method: str = "bootstrap", block_months: int = 3,
                         target_year: int | None = None, chunk: int | None = None,
                         progress: Progress | None = None, columns: list[str] | None = None) -> Performance:
    """n_years simulated plan years of 12 months (S = n_years, M = 12), as an engine Performance.

    Columns: `columns` (default every numeric history column), (n_years, 12) floats. Targets: the
    target year's monthly targets of every goal of `scenario` (default target year: the last
    complete history year). See the module docstring for the two methods. Same seed, same arrays;
    `chunk` only splits the work (`progress(fraction)` is called after each chunk) and never
    changes values; neither does `columns` (a column's values do not depend on which others are drawn).
    """
    n = _check_n(n_years)
    sampler = YearSampler.fit(history, method=method, block_months=block_months, target_year=target_year)
    targets = resolve_targets(scenario, sampler.months, annual_targets, scenario.name)
    parts = [p.columns for p in _simulated_chunks(sampler, targets, seed, n, chunk, columns, progress)]
    cols = parts[0] if len(parts) == 1 else {c: np.concatenate([p[c] for p in parts]) for c in parts[0]}
    return Performance(sampler.months, cols, targets)


def replay_years(scenario: Scenario, perf: Performance, chunk: int | None = REPLAY_CHUNK) -> dict[str, FloatArray]:
    """role -> (S,) variable pay earned in each simulated year (one-year performances, M = 12).

    Replays in chunks of simulated years (results do not depend on the chunk size).
    """
    s = perf.n_scenarios
    size = s if not chunk else max(int(chunk), 1)
    out: dict[str, list[FloatArray]] = {r: [] for r in scenario.roles}
    for a in range(0, s, size):
        part = perf if size >= s else Performance(perf.months, {c: v[a:a + size] for c, v in perf.columns.items()},
                                                  perf.targets)
        for role, rr in replay(scenario, part).roles.items():
            out[role].append(rr.period_earned.sum(axis=1))  # one year per path: the year's total
    return {r: np.concatenate(v) for r, v in out.items()}


def _company_revenue(perf: Performance) -> FloatArray:
    """(S,) each simulated year's revenue; NaN when the history has no revenue column (a history
    loaded with `required=` the scenario's columns may leave it out)."""
    if "revenue" in perf.columns:
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
    return MonteCarlo(pct, earned, revenue, attainment, tv, seed, method, year, rev_target)


def monte_carlo(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float],
                n_years: int = 10_000, seed: int = 7, *, method: str = "bootstrap", block_months: int = 3,
                target_year: int | None = None, chunk: int | None = None,
                progress: Progress | None = None) -> MonteCarlo:
    """Simulate n_years plan years (see `simulate_performance`) and replay both plans over them.

    Works chunk by chunk (default REPLAY_CHUNK years) so memory stays bounded; `progress(fraction)`
    is called after each chunk. Same seed, same result, whatever the chunk size.
    """
    n = _check_n(n_years)
    sampler = YearSampler.fit(history, method=method, block_months=block_months, target_year=target_year)
    targets = resolve_targets(scenario, sampler.months, annual_targets, scenario.name)
    needed = _needed_columns(scenario, sampler.columns)
    earned: dict[str, list[FloatArray]] = {r: [] for r in scenario.roles}
    revenue: list[FloatArray] = []
    for perf in _simulated_chunks(sampler, targets, seed, n, chunk or REPLAY_CHUNK, needed, progress):
        for role, v in replay_years(scenario, perf, None).items():
            earned[role].append(v)
        revenue.append(_company_revenue(perf))
    earned_all = {r: np.concatenate(v) for r, v in earned.items()}
    return _assemble(scenario, targets, earned_all, np.concatenate(revenue), annual_targets,
                     sampler.target_year, seed, method)


def _needed_columns(scenario: Scenario, available: list[str]) -> list[str]:
    """History columns the scenario's goals read, plus revenue (for the revenue summaries)."""
    cols = set(required_columns(scenario)) | {"revenue"}
    return [c for c in available if c in cols]
