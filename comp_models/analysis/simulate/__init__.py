"""Simulated plan years: resample monthly history, replay both plans, summarise per year.

A simulated year is a whole plan year (12 months from the scenario's `fiscal_year_start`,
January to December when it is 1; docs/money.md §12) of every history column, measured against
the target plan year's monthly targets, for the current plans as designed
(`Scenario.as_designed()`: no employment dates, earlier versions, adjustments or SPIFFs). Many
simulated years are stacked on the engine's leading scenario axis S, so one `replay` call
evaluates all of them.

Two ways to simulate a year (both start from the same detrended history, below):

bootstrap (default)
    Seasonal block bootstrap. Each simulated year is cut into blocks of `block_months`
    consecutive month-of-year positions; each block copies the same positions from one
    history year drawn at random (uniformly among the complete plan years of the history; a
    partial first or last plan year is not used). Whole months
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
defaults to the last complete plan year of the history; its monthly targets are resolved by
`comp_models.periods.resolve_targets`.

Reproducibility. Random numbers come from `numpy.random.Generator`s seeded by
`SeedSequence(seed, spawn_key=(i,))` for consecutive blocks of RNG_BLOCK simulated years, so
a seed gives the same years whatever `chunk` is, and the first n years of a longer run equal
a shorter run with the same seed. Other users of the same seed (the optimiser's candidate
draws) take spawn keys of another length, so they never share a stream with a block.

Window sums without months (bootstrap). A Monte Carlo's bootstrapped years reach the engine as
`drawn.DrawnMonths`: a column's months are gathered only when something reads them, and its sums
over whole windows (a quarter, the plan year, a running total from month 0) are read from tables
of every sum the draws can give, each added once per sampler in the engine's order (the same
values bit for bit; `drawn.WindowTables`).

Modules: `sampler` (the detrended history, the random streams and `YearSampler`, both
methods), `drawn` (bootstrapped months and their window tables) and `years`
(`simulate_performance`, `replay_years`, `monte_carlo` and `MonteCarlo`).
"""

from comp_models.analysis.simulate.sampler import METHODS, RNG_BLOCK, YearSampler, complete_years, growth_factors
from comp_models.analysis.simulate.years import (REPLAY_CHUNK, MonteCarlo, monte_carlo, replay_years,
                                                 simulate_performance)

__all__ = ["METHODS", "MonteCarlo", "REPLAY_CHUNK", "RNG_BLOCK", "YearSampler", "complete_years", "growth_factors",
           "monte_carlo", "replay_years", "simulate_performance"]
