"""Sampling plan years of monthly history: the detrending of the history to the target plan year's
trend level (`growth_factors`), the complete plan years it uses (plan years start in the scenario's
`fiscal_year_start`, docs/money.md §12; 1 = calendar years), the independent random streams per
block of simulated years, and `YearSampler`, which draws simulated years by seasonal block
bootstrap or from the fitted multivariate lognormal model (both described in the package
docstring, `comp_models.analysis.simulate`).
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from comp_models.analysis.simulate.drawn import DrawnMonths, WindowTables, flat_months
from comp_models.dates import plan_year as month_plan_year
from comp_models.dates import plan_year_months
from comp_models.engine import MonthColumns
from comp_models.errors import InputError, Issue
from comp_models.metrics import CONSISTENCY, COUNT_COLUMNS, History, floor_subsets
from comp_models.types import FloatArray, IntArray

METHODS = ("bootstrap", "parametric")
RNG_BLOCK = 1024  # simulated years per independent random stream
GATHER_BLOCKS = 32  # blocks whose bootstrap months are gathered at once (32,768 years: index arrays of a few MB)

__all__ = ["METHODS", "RNG_BLOCK", "YearSampler", "complete_years", "growth_factors"]


# ---------------------------------------------------------------------------------------
# The detrended history and the two samplers


def complete_years(history: History, fiscal_year_start: int = 1) -> list[int]:
    """Plan years (starting in `fiscal_year_start`, named by the calendar year they end in) with all 12
    months in the history, in order. A partial first or last plan year is left out."""
    counts = Counter(month_plan_year(m, fiscal_year_start) for m in history.months)
    return sorted(int(y) for y, n in counts.items() if n == 12)


def plan_year(history: History, fiscal_year_start: int = 1) -> int:
    """The plan year one-year measures speak of: the last complete plan year (else the plan year of the
    history's last month)."""
    years = complete_years(history, fiscal_year_start)
    return years[-1] if years else month_plan_year(history.months[-1], fiscal_year_start)


def year_span_words(fiscal_year_start: int) -> str:
    """'January to December', 'July to June': the months of a plan year."""
    return (f"{calendar.month_name[fiscal_year_start]} to "
            f"{calendar.month_name[(fiscal_year_start - 2) % 12 + 1]}")


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


def _detrended(history: History, years: list[int], target_year: int, columns: list[str],
               fiscal_year_start: int = 1) -> FloatArray:
    """(Y, 12, C) month values of the complete plan years, each column carried to the target year's trend level.

    A History has no gaps, so the complete plan years are 12 * Y consecutive rows from the first
    month of the first complete plan year (the rows of a partial first plan year come before)."""
    n, months = len(years), history.months
    first_month = plan_year_months(years[0], fiscal_year_start)[0]
    offset = months.index(first_month) if first_month in months else -1
    expected = [m for y in years for m in plan_year_months(y, fiscal_year_start)]
    if offset < 0 or years != list(range(years[0], years[0] + n)) or months[offset: offset + 12 * n] != expected:
        raise ValueError("the history must have no gaps (load it with load_history)")
    data = history.frame[columns].to_numpy(dtype=np.float64)[offset: offset + 12 * n].reshape(n, 12, len(columns))
    data = data * growth_factors(data.sum(axis=1), years, target_year)[:, None, :]
    floored = floor_subsets(dict(zip(columns, np.moveaxis(data, 2, 0))))
    return np.stack([floored[c] for c in columns], axis=2)


def _stream(seed: int, block: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


@lru_cache(maxsize=128)  # 128 blocks of RNG_BLOCK years: at most 6 MB
def _block_draws(seed: int, block: int, block_months: int, n_years: int) -> tuple[IntArray, IntArray]:
    """The bootstrap's random draws of one block of RNG_BLOCK years from its own stream: (choice (RNG_BLOCK,
    slots): the source year of each slot, phase (RNG_BLOCK,): where the year's blocks start), read-only.
    Kept: a simulation of the same history and seed draws them again (the app reruns every figure of a plan
    on the same simulated years), and making the stream and its draws is 0.1 ms a block."""
    rng = _stream(seed, block)
    b = min(block_months, 12)
    if b >= 12:  # whole years: one slot, phase 0
        choice, phase = rng.integers(0, n_years, size=(RNG_BLOCK, 1)), np.zeros(RNG_BLOCK, dtype=np.int64)
    else:
        phase = rng.integers(0, b, size=(RNG_BLOCK, 1))[:, 0]
        choice = rng.integers(0, n_years, size=(RNG_BLOCK, (11 + b - 1) // b + 1))
    choice.setflags(write=False)
    phase.setflags(write=False)
    return choice, phase


@dataclass(frozen=True)
class YearSampler:
    """Simulates plan years of monthly history columns. Build with `YearSampler.fit`.

    data: (Y, 12, C) detrended history months of the complete plan years `years` (plan years start
    in `fiscal_year_start`), columns `columns`; month positions are plan-year positions (0 = the
    plan year's first month).
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
    fiscal_year_start: int = 1

    @classmethod
    def fit(cls, history: History, *, method: str = "bootstrap", block_months: int = 3,
            target_year: int | None = None, fiscal_year_start: int = 1) -> "YearSampler":
        """The sampler of a history (see the class): fitted once per history and settings, then the same
        (frozen) sampler again, kept in the history's memo (a simulation's fit took 2-3 ms of its 16)."""
        key = ("YearSampler", method, block_months, target_year, fiscal_year_start)
        if key not in history.memo:
            history.memo[key] = cls._fit(history, method, block_months, target_year, fiscal_year_start)
        return history.memo[key]

    @classmethod
    def _fit(cls, history: History, method: str, block_months: int, target_year: int | None,
             fiscal_year_start: int) -> "YearSampler":
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, not {method!r}")
        if not 1 <= int(block_months):
            raise ValueError(f"block_months must be at least 1, not {block_months}")
        fy = int(fiscal_year_start)
        if not 1 <= fy <= 12:
            raise ValueError(f"fiscal_year_start must be a month 1-12, not {fiscal_year_start}")
        years = complete_years(history, fy)
        if not years:
            raise InputError([Issue(history.source, "month", f"has no complete plan year "
                                    f"({year_span_words(fy)}, fiscal_year_start = {fy})",
                                    f"give at least 12 months, {year_span_words(fy)}")])
        if target_year is None:
            target_year = years[-1]
        if target_year not in years:
            raise InputError([Issue(history.source, "month", f"target year {target_year} is not a complete plan "
                                    "year of the history", f"choose one of {', '.join(map(str, years))}")])
        columns = [c for c in history.frame.columns if c != "month"]
        data = _detrended(history, years, target_year, columns, fy)
        data.setflags(write=False)  # one fitted sampler serves every later simulation of this history (`fit`)
        sampler = cls(method, int(block_months), int(target_year), years, columns, data, fiscal_year_start=fy)
        if method == "parametric":
            sampler = sampler._fit_lognormal(history.source)
        return sampler

    @cached_property
    def _by_column(self) -> FloatArray:
        """(C, Y*12) the detrended months, one row per column."""
        return np.ascontiguousarray(self.data.reshape(-1, self.data.shape[2]).T)

    @property
    def months(self) -> list[str]:
        """The target plan year's 12 months, in order (2024-07 .. 2025-06 for FY2025 from July)."""
        return plan_year_months(self.target_year, self.fiscal_year_start)

    def _fit_lognormal(self, source: str) -> "YearSampler":
        y, _, c = self.data.shape
        if y < 2:
            raise InputError([Issue(source, "month", "the parametric model needs at least two complete plan years "
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
                           shift, mu, chol, phi, self.fiscal_year_start)

    # -- drawing ---------------------------------------------------------------------

    @cached_property
    def window_tables(self) -> WindowTables:
        """Every window sum a bootstrap of these source months can give, made when first asked for (`drawn`)."""
        return WindowTables(self._by_column, self.block_months)

    def _span_draws(self, seed: int, start: int, stop: int) -> tuple[IntArray, IntArray]:
        """(choice (n, slots), phase (n,)) of years [start, stop): each block of RNG_BLOCK years drawn from its
        own stream (whole-year blocks: one slot, phase 0)."""
        first, last = start // RNG_BLOCK, (stop - 1) // RNG_BLOCK
        draws = [_block_draws(int(seed), b, self.block_months, len(self.years)) for b in range(first, last + 1)]
        lo, hi = start - first * RNG_BLOCK, stop - first * RNG_BLOCK
        return np.concatenate([d[0] for d in draws])[lo:hi], np.concatenate([d[1] for d in draws])[lo:hi]

    def _bootstrap(self, seed: int, start: int, stop: int, cols: list[int]) -> FloatArray:
        """(len(cols), 12, stop - start) bootstrapped values of years [start, stop), month-major: the source
        months of up to GATHER_BLOCKS blocks of RNG_BLOCK years found and every column gathered at once (whole
        months, all columns together)."""
        source = self._by_column[cols]  # (k, Y*12)
        if stop <= start:
            return np.empty((len(cols), 12, 0))
        span = GATHER_BLOCKS * RNG_BLOCK
        groups = range((start // RNG_BLOCK) * RNG_BLOCK, stop, span)  # from the span's first block

        def group(g: int) -> FloatArray:
            choice, phase = self._span_draws(seed, max(start, g), min(stop, g + span))
            return np.take(source, flat_months(choice, phase, min(self.block_months, 12)), axis=1)

        if len(groups) == 1:  # a chunk of a simulation: its values as gathered, no copy
            return group(groups[0])
        out = np.empty((len(cols), 12, stop - start))  # one array for the span: peak memory one group above it
        for g in groups:
            a = max(start, g) - start
            part = group(g)
            out[:, :, a: a + part.shape[2]] = part
            del part
        return out

    def _draw_block(self, block: int, seed: int, n: int, cols: list[int]) -> FloatArray:
        """(len(cols), 12, n) simulated values of the parametric model for the block's first n years,
        month-major."""
        rng = _stream(seed, block)
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
        return np.maximum(x, 0.0).transpose(2, 1, 0)

    def draw(self, seed: int, start: int, stop: int, columns: list[str] | None = None) -> dict[str, FloatArray]:
        """Simulated years [start, stop) of the stream `seed`: column -> (stop - start, 12), month-major in memory
        (each month's values contiguous: the engine adds and compares months across all years at once)."""
        names = list(self.columns) if columns is None else [c for c in columns if c in self.columns]
        if self.method == "parametric":  # subset flooring needs the parents too
            extra = [big for small, big in CONSISTENCY if small in names and big not in names]
            while extra:
                names += [e for e in dict.fromkeys(extra) if e not in names]
                extra = [big for small, big in CONSISTENCY if small in names and big not in names]
        idx = [self.columns.index(c) for c in names]
        n = stop - start
        first, last = start // RNG_BLOCK, (stop - 1) // RNG_BLOCK
        if self.method == "bootstrap":
            return self._named(self._bootstrap(seed, start, stop, idx), names, columns)
        out = np.empty((len(idx), 12, n))
        for block in range(first, last + 1):  # one pass per RNG_BLOCK years, vectorised inside
            b0 = block * RNG_BLOCK
            lo, hi = max(start, b0), min(stop, b0 + RNG_BLOCK)
            vals = self._draw_block(block, seed, hi - b0, idx)
            out[:, :, lo - start: hi - start] = vals[:, :, lo - b0:]
        return self._named(out, names, columns)

    def drawn(self, seed: int, start: int, stop: int, columns: list[str] | None = None,
              given: dict[str, FloatArray] | None = None) -> MonthColumns | dict[str, FloatArray]:
        """`draw`'s years as engine columns: for a bootstrap of at most GATHER_BLOCKS blocks of years, a
        `DrawnMonths` (each column gathered when first read, window sums from `window_tables`: the same values);
        else `draw`'s arrays. `given`: more columns (the objectives' simulated scores)."""
        if self.method != "bootstrap" or not 0 < stop - start <= GATHER_BLOCKS * RNG_BLOCK:
            return {**self.draw(seed, start, stop, columns), **(given or {})}
        names = list(self.columns) if columns is None else [c for c in columns if c in self.columns]
        choice, phase = self._span_draws(seed, start, stop)
        return DrawnMonths(self.window_tables, {c: self.columns.index(c) for c in names}, choice, phase, given)

    def _named(self, out: FloatArray, names: list[str], columns: list[str] | None) -> dict[str, FloatArray]:
        """column -> (n, 12) month-major views of out (k, 12, n); the parametric model's subsets floored."""
        cols = {c: out[i].T for i, c in enumerate(names)}
        if self.method == "parametric":
            floor_subsets(cols)
        if columns is not None:
            cols = {c: cols[c] for c in columns if c in cols}
        return cols

