"""Seeded generator for the synthetic company history shipped with comp-align.

Writes two files next to this script:

* ``history.csv`` -- 36 monthly rows (2023-01 .. 2025-12) of a synthetic B2B SaaS
  company: revenue, bookings, demand waterfall, spend, forecast, enablement.
* ``targets.csv`` -- annual targets per (year, metric), set the way a company does it:
  at the start of each year, from the prior year's actuals plus a planned growth.

The company is simulated from 2021-07 so that the funnel lags are filled and a 2022
baseline exists for the 2023 plan; only 2023-2025 is written.  The funnel is lagged:
MQLs turn into SQLs in the same month, into pipeline mostly the next month, into won
deals 2-4 months later, and bookings are recognised as revenue over the following
months.  Three episodes are built in (see the ``*_EPISODE`` / ``*_QUARTER`` constants
and DATA_DICTIONARY.md).

Run from the repository root::

    python scenarios/data/generate_history.py

Only numpy and pandas are used; the output is byte-identical on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20231
OUT_DIR = Path(__file__).resolve().parent
HISTORY_PATH = OUT_DIR / "history.csv"
TARGETS_PATH = OUT_DIR / "targets.csv"

FIRST_MONTH = "2023-01"  # first month written
N_MONTHS = 36  # months written (2023-01 .. 2025-12)
SIM_START = "2021-07"  # first simulated month (warm-up for lags and the 2022 baseline)
YEARS = (2023, 2024, 2025)

# Recommended Jan..Dec split of an annual bookings (and, as a fallback, revenue or
# pipeline) target.  It is the bookings seasonality of this model without noise or
# episodes (average of the 2023-2025 within-year shares); check_profiles() re-derives
# it on every run.  Sums to exactly 1.0000.
MONTHLY_PROFILE: tuple[float, ...] = (
    0.0634, 0.0679, 0.0817, 0.0695, 0.0807, 0.0976,
    0.0812, 0.0661, 0.0877, 0.0740, 0.0883, 0.1419,
)
# Better-fitting splits for the smooth subscription revenue line and for pipeline
# (which follows lead volume, one month later).  Same derivation as above.
REVENUE_MONTHLY_PROFILE: tuple[float, ...] = (
    0.0757, 0.0773, 0.0785, 0.0798, 0.0810, 0.0824,
    0.0841, 0.0857, 0.0869, 0.0882, 0.0895, 0.0909,
)
PIPELINE_MONTHLY_PROFILE: tuple[float, ...] = (
    0.0660, 0.0754, 0.0815, 0.0859, 0.0845, 0.0850,
    0.0796, 0.0741, 0.0774, 0.0966, 0.1011, 0.0929,
)

# ---------------------------------------------------------------------------
# Structural parameters (levels at 2023-01, before seasonality and noise)
# ---------------------------------------------------------------------------
BASE_MQLS = 1340.0  # MQLs per month at 2023-01 trend level
LEAD_GROWTH = 0.18  # annual growth of lead volume
INQUIRY_TO_MQL = 0.16  # Inquiry -> MQL
MQL_TO_SAL = 0.40  # MQL -> SAL (accepted by sales)
SAL_TO_SQL = 0.50  # SAL -> SQL (qualified opportunity)
WIN_RATE = 0.209  # won deals per SQL (on the lagged SQL cohort), before close seasonality
# SQL cohort -> won deals: share of a month's SQLs that close 1, 2, 3, 4 months later.
WIN_LAG_WEIGHTS = {1: 0.10, 2: 0.35, 3: 0.40, 4: 0.15}
# SQLs -> pipeline created: share valued in the same month and in the next month.
PIPELINE_LAG_WEIGHTS = {0: 0.30, 1: 0.70}
PIPELINE_PER_SQL = 24_000.0  # USD of qualified pipeline per SQL at 2023-01
DEAL_SIZE = 24_800.0  # USD net average new contract value at 2023-01
DEAL_GROWTH = 0.04  # annual growth of the average deal
MARKETING_SOURCED_SHARE = 0.58  # share of pipeline sourced by marketing at 2023-01
MARKETING_SHARE_DRIFT = 0.02  # per year
MARKETING_SPEND = 6_300_000.0 / 12  # USD per month at 2023-01 trend level
SPEND_GROWTH = 0.18
SALES_FIXED = 590_000.0  # USD per month of sales salaries/overhead at 2023-01
SALES_FIXED_GROWTH = 0.18
SALES_VARIABLE_RATE = 0.10  # commissions etc. as a share of bookings
BASE_DISCOUNT = 0.10  # share of list price conceded
SLA_RATE = 0.84  # share of MQLs touched within the SLA at 2023-01
SLA_DRIFT = 0.015  # per year
SALES_CYCLE_DAYS = 86.0  # average days from opportunity creation to win
GROSS_MARGIN = 0.72  # at 2023-01
GROSS_MARGIN_DRIFT = 0.012  # per year
MONTHLY_CHURN = 0.018  # share of recurring revenue lost per month (churn + contraction)
# Bookings (annual contract value) go live as monthly revenue over the next months.
REVENUE_LAG_WEIGHTS = {1: 0.6, 2: 0.3, 3: 0.1}
LAUNCH_RATE = 0.38  # expected joint launches per month at 2023-01
TRAINING_RATE = 1.0  # expected sales trainings per month

# Seasonality, Jan..Dec (normalised to mean 1 where used).
LEAD_SEASON = (0.95, 1.00, 1.08, 1.02, 1.04, 0.96, 0.88, 0.80, 1.06, 1.12, 1.08, 0.82)
CLOSE_SEASON = (0.78, 0.90, 1.12, 0.90, 0.97, 1.12, 0.94, 0.78, 1.08, 0.95, 1.05, 1.40)
DEAL_SEASON = (1.00, 1.00, 1.01, 1.00, 1.00, 1.01, 1.00, 1.00, 1.01, 1.00, 1.00, 1.06)
SPEND_SEASON = (0.85, 0.95, 1.10, 1.00, 1.05, 1.05, 0.90, 0.80, 1.05, 1.15, 1.10, 0.80)
CYCLE_SEASON = (1.05, 1.04, 1.00, 1.00, 1.00, 0.99, 1.00, 1.03, 1.00, 1.00, 0.98, 0.93)

# Multiplicative noise (log-normal sigma).
NOISE = {
    "mqls": 0.04, "inquiry_rate": 0.04, "sal_rate": 0.03, "sql_rate": 0.03,
    "won": 0.045, "deal": 0.03, "pipeline": 0.04, "share": 0.03, "spend": 0.03,
    "sales_fixed": 0.015, "revenue": 0.004, "margin": 0.006, "cycle": 0.04,
    "sla": 0.015, "discount": 0.08, "forecast": 0.03,
}

# ---------------------------------------------------------------------------
# Episodes
# ---------------------------------------------------------------------------
# 2024-Q3: cheap content-syndication leads.  MQL volume up ~40 %, MQL->SQL conversion
# roughly halves, cost per lead falls, sales is swamped (SLA follow-up drops).
LEAD_QUALITY_EPISODE = ("2024-07", "2024-08", "2024-09")
EPISODE_MQL_LIFT = 1.45
EPISODE_INQUIRY_TO_MQL = 0.21  # syndicated inquiries pass scoring more easily
EPISODE_SAL_FACTOR = 0.72
EPISODE_SQL_FACTOR = 0.86  # MQL->SQL falls to 0.72 * 0.86 = 0.62 of normal
EPISODE_SPEND_LIFT = 1.08  # syndication fees
EPISODE_SLA_RATE = 0.62

# 2024-Q1: weak quarter.  Win rate and deal size down, cycles longer, forecast missed;
# part of the lost deals slip into 2024-04/05.
WEAK_QUARTER = ("2024-01", "2024-02", "2024-03")
WEAK_WIN_FACTOR = 0.82
WEAK_DEAL_FACTOR = 0.93
WEAK_CYCLE_FACTOR = 1.22
WEAK_DISCOUNT = 0.125
WEAK_FORECAST_BIAS = 0.03
WEAK_SLIP_SHARE = 0.35
WEAK_SLIP_MONTHS = {"2024-04": 0.6, "2024-05": 0.4}
SLIP_CYCLE_FACTOR = 1.10

# 2025-Q2: strong quarter.  Win rate and deal size up (a few large deals), shorter
# cycles, and the forecast was sandbagged.
STRONG_QUARTER = ("2025-04", "2025-05", "2025-06")
STRONG_WIN_FACTOR = 1.08
STRONG_DEAL_FACTOR = 1.10
STRONG_CYCLE_FACTOR = 0.90
STRONG_FORECAST_BIAS = -0.03

# Year-end discounting pressure (discount as a share of list price).
YEAR_END_DISCOUNT = {"2023-12": 0.125, "2024-12": 0.20, "2025-12": 0.21}

# ---------------------------------------------------------------------------
# Plan (targets): prior-year actual x (1 + planned growth), set at the start of the year
# ---------------------------------------------------------------------------
PLAN_GROWTH = {
    2023: {"revenue": 0.24, "gross_profit": 0.265, "bookings": 0.20, "pipeline_created": 0.19,
           "marketing_sourced_pipeline": 0.21, "marketing_spend": 0.18, "sales_expense": 0.20,
           "mqls": 0.18},
    2024: {"revenue": 0.225, "gross_profit": 0.235, "bookings": 0.17, "pipeline_created": 0.18,
           "marketing_sourced_pipeline": 0.20, "marketing_spend": 0.17, "sales_expense": 0.18,
           "mqls": 0.15},
    # 2025: bookings plan resets to the long-range trajectory after the 2024 misses
    # (+34 % on a depressed 2024); MQL growth is planned low because 2024 volume was
    # inflated by the syndication leads.
    2025: {"revenue": 0.215, "gross_profit": 0.225, "bookings": 0.34, "pipeline_created": 0.25,
           "marketing_sourced_pipeline": 0.27, "marketing_spend": 0.18, "sales_expense": 0.18,
           "mqls": 0.09},
}
# Funnel plan: inquiries, SALs and SQLs follow from the MQL target at benchmark rates;
# won deals follow from the bookings target and last year's average deal + DEAL_GROWTH.
PLAN_INQUIRY_TO_MQL = 0.16
PLAN_MQL_TO_SAL = 0.40
PLAN_SAL_TO_SQL = 0.50
LAUNCH_TARGETS = {2023: 4, 2024: 5, 2025: 6}
TRAINING_TARGETS = {2023: 12, 2024: 12, 2025: 14}
SLA_TARGETS = {2023: 0.85, 2024: 0.86, 2025: 0.88}  # policy: share of MQLs touched in SLA
SALES_CYCLE_TARGETS = {2023: 88, 2024: 86, 2025: 85}  # days
DISCOUNT_RATE_TARGET = 0.10
FORECAST_ACCURACY_TARGET = 0.90
MARGIN_TARGET_STEP = 0.005  # planned improvement in gross margin vs prior year

HISTORY_COLUMNS = [
    "month", "revenue", "bookings", "gross_profit", "discount_given", "pipeline_created",
    "marketing_sourced_pipeline", "marketing_spend", "sales_expense", "inquiries", "mqls",
    "sals", "sqls", "won_deals", "mqls_followed_up_in_sla", "sales_cycle_days_total",
    "forecast_bookings", "launches_delivered", "trainings_delivered",
]
MONEY_COLUMNS = [
    "revenue", "bookings", "gross_profit", "discount_given", "pipeline_created",
    "marketing_sourced_pipeline", "marketing_spend", "sales_expense", "forecast_bookings",
]
SUM_METRICS = [
    "revenue", "bookings", "gross_profit", "pipeline_created", "marketing_sourced_pipeline",
    "marketing_spend", "sales_expense", "inquiries", "mqls", "sals", "sqls", "won_deals",
    "launches_delivered", "trainings_delivered",
]
# ratio metric -> (numerator column(s), denominator column(s))
RATIO_METRICS = {
    "cost_per_lead": (["marketing_spend"], ["mqls"]),
    "cac": (["marketing_spend", "sales_expense"], ["won_deals"]),
    "mql_to_sql_rate": (["sqls"], ["mqls"]),
    "win_rate": (["won_deals"], ["sqls"]),
    "sla_follow_up_rate": (["mqls_followed_up_in_sla"], ["mqls"]),
    "sales_cycle_days": (["sales_cycle_days_total"], ["won_deals"]),
    "gross_margin_pct": (["gross_profit"], ["revenue"]),
    "average_deal_size": (["bookings"], ["won_deals"]),
    "discount_rate": (["discount_given"], ["bookings", "discount_given"]),
}
FRACTION_METRICS = (
    "mql_to_sql_rate", "win_rate", "sla_follow_up_rate", "gross_margin_pct", "discount_rate",
    "forecast_accuracy",
)
COUNT_METRICS = (
    "inquiries", "mqls", "sals", "sqls", "won_deals", "launches_delivered", "trainings_delivered",
)


# ---------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------
def sim_months() -> pd.PeriodIndex:
    """All simulated months, warm-up included."""
    end = pd.Period(FIRST_MONTH, freq="M") + N_MONTHS - 1
    return pd.period_range(SIM_START, end, freq="M")


def seasonal(profile: tuple[float, ...], months: pd.PeriodIndex) -> np.ndarray:
    """Map a Jan..Dec profile (normalised to mean 1) onto the given months."""
    p = np.asarray(profile, dtype=float)
    return (p / p.mean())[months.month.to_numpy() - 1]


def in_months(months: pd.PeriodIndex, labels) -> np.ndarray:
    """Boolean mask of the months whose YYYY-MM label is in ``labels``."""
    return np.isin(months.strftime("%Y-%m"), list(labels))


def lagged(x: np.ndarray, weights: dict[int, float]) -> np.ndarray:
    """Weighted sum of lagged copies of ``x`` (lags before the start use the first value)."""
    out = np.zeros_like(x, dtype=float)
    for lag, w in weights.items():
        shifted = np.concatenate([np.full(lag, x[0]), x[: len(x) - lag]]) if lag else x
        out += w * shifted
    return out


def make_noise(rng: np.random.Generator | None, n: int) -> dict[str, np.ndarray]:
    """Multiplicative log-normal noise per driver (all ones when ``rng`` is None)."""
    if rng is None:
        return {k: np.ones(n) for k in NOISE}
    return {k: np.exp(rng.normal(0.0, s, n)) for k, s in NOISE.items()}


@dataclass(frozen=True)
class Context:
    """Simulated calendar, time trend, episode masks and noise shared by the steps."""

    months: pd.PeriodIndex
    t: np.ndarray  # years since 2023-01
    noise: dict[str, np.ndarray]
    episode: np.ndarray  # lead-quality episode months
    weak: np.ndarray  # weak-quarter months
    strong: np.ndarray  # strong-quarter months
    with_episodes: bool

    def index(self, label: str) -> int:
        """Position of a YYYY-MM month."""
        return self.months.get_loc(pd.Period(label, freq="M"))

    def by_quarter(self, weak: float, strong: float) -> np.ndarray:
        """Per-month factor: ``weak`` in the weak quarter, ``strong`` in the strong one."""
        return np.where(self.weak, weak, np.where(self.strong, strong, 1.0))


def make_context(rng: np.random.Generator | None, episodes: bool) -> Context:
    """Build the calendar, the noise draws and the episode masks."""
    months = sim_months()
    n = len(months)
    t = (np.arange(n) - months.get_loc(pd.Period(FIRST_MONTH, freq="M"))) / 12.0
    none = np.zeros(n, dtype=bool)
    return Context(
        months=months, t=t, noise=make_noise(rng, n),
        episode=in_months(months, LEAD_QUALITY_EPISODE) if episodes else none,
        weak=in_months(months, WEAK_QUARTER) if episodes else none,
        strong=in_months(months, STRONG_QUARTER) if episodes else none,
        with_episodes=episodes,
    )


def demand(c: Context) -> dict[str, np.ndarray]:
    """Demand waterfall (same-month conversions), SLA follow-up and pipeline created."""
    z, t, ep = c.noise, c.t, c.episode
    mqls = BASE_MQLS * (1 + LEAD_GROWTH) ** t * seasonal(LEAD_SEASON, c.months) * z["mqls"]
    mqls = np.round(np.where(ep, mqls * EPISODE_MQL_LIFT, mqls))
    inq_rate = np.where(ep, EPISODE_INQUIRY_TO_MQL, INQUIRY_TO_MQL) * z["inquiry_rate"]
    inquiries = np.maximum(np.round(mqls / inq_rate), mqls)
    sal_rate = MQL_TO_SAL * np.where(ep, EPISODE_SAL_FACTOR, 1.0) * z["sal_rate"]
    sals = np.minimum(np.round(mqls * sal_rate), mqls)
    sql_rate = SAL_TO_SQL * np.where(ep, EPISODE_SQL_FACTOR, 1.0) * z["sql_rate"]
    sqls = np.minimum(np.round(sals * sql_rate), sals)
    sla_rate = np.where(ep, EPISODE_SLA_RATE, SLA_RATE + SLA_DRIFT * t) * z["sla"]
    in_sla = np.minimum(np.round(mqls * sla_rate), mqls)

    # SQLs are valued as opportunities mostly the following month.
    opp_value = PIPELINE_PER_SQL * (1 + DEAL_GROWTH) ** t
    pipeline = lagged(sqls, PIPELINE_LAG_WEIGHTS) * opp_value * z["pipeline"]
    share = (MARKETING_SOURCED_SHARE + MARKETING_SHARE_DRIFT * t) * z["share"]
    return {
        "inquiries": inquiries, "mqls": mqls, "sals": sals, "sqls": sqls,
        "mqls_followed_up_in_sla": in_sla, "pipeline_created": pipeline,
        "marketing_sourced_pipeline": np.minimum(pipeline * share, pipeline),
    }


def deals(c: Context, sqls: np.ndarray) -> dict[str, np.ndarray]:
    """Won deals, bookings, discount, sales cycle and the start-of-month forecast."""
    z = c.noise
    # SQL cohorts close 1-4 months later, with a quarter-end and December push.
    expected_won = WIN_RATE * seasonal(CLOSE_SEASON, c.months) * lagged(sqls, WIN_LAG_WEIGHTS)
    won = expected_won * c.by_quarter(WEAK_WIN_FACTOR, STRONG_WIN_FACTOR)
    if c.with_episodes:  # part of the weak quarter's lost deals close a month or two later
        slipped = WEAK_SLIP_SHARE * (expected_won[c.weak] - won[c.weak]).sum()
        for label, w in WEAK_SLIP_MONTHS.items():
            expected_won[c.index(label)] += w * slipped  # the slipped deals stay in the commit
            won[c.index(label)] += w * slipped
    won = np.maximum(np.round(won * z["won"]), 1)

    deal = DEAL_SIZE * (1 + DEAL_GROWTH) ** c.t * seasonal(DEAL_SEASON, c.months)
    bookings = won * deal * c.by_quarter(WEAK_DEAL_FACTOR, STRONG_DEAL_FACTOR) * z["deal"]

    discount_rate = np.full(len(c.t), BASE_DISCOUNT)
    if c.with_episodes:
        discount_rate[c.weak] = WEAK_DISCOUNT
        for label, d in YEAR_END_DISCOUNT.items():
            discount_rate[c.index(label)] = d
    discount_rate = discount_rate * z["discount"]

    cycle = SALES_CYCLE_DAYS * seasonal(CYCLE_SEASON, c.months) * z["cycle"]
    cycle *= c.by_quarter(WEAK_CYCLE_FACTOR, STRONG_CYCLE_FACTOR)
    if c.with_episodes:
        cycle[in_months(c.months, WEAK_SLIP_MONTHS)] *= SLIP_CYCLE_FACTOR

    # The VP Sales commits the expected bookings of the open pipeline, give or take.
    bias = c.by_quarter(1 + WEAK_FORECAST_BIAS, 1 + STRONG_FORECAST_BIAS)
    return {
        "won_deals": won, "bookings": bookings,
        "discount_given": bookings * discount_rate / (1 - discount_rate),
        "sales_cycle_days_total": np.round(cycle * won),
        "forecast_bookings": expected_won * deal * bias * z["forecast"],
    }


def revenue(c: Context, bookings: np.ndarray) -> dict[str, np.ndarray]:
    """Subscription revenue: new annual contract value goes live over the next months."""
    new_mrr = lagged(bookings / 12.0, REVENUE_LAG_WEIGHTS)
    # Start on the steady-state path: past new MRR grew at the trend rate g per month,
    # so mrr = n (1 + g) / (churn + g), with n the deseasonalised new MRR at month 0.
    g = ((1 + LEAD_GROWTH) * (1 + DEAL_GROWTH)) ** (1 / 12) - 1
    n0 = new_mrr[:12].mean() / (1 + g) ** 5.5
    mrr = np.empty(len(new_mrr))
    mrr[0] = n0 * (1 + g) / (MONTHLY_CHURN + g)
    for k in range(1, len(mrr)):
        mrr[k] = mrr[k - 1] * (1 - MONTHLY_CHURN) + new_mrr[k]
    rev = mrr * c.noise["revenue"]
    margin = np.clip((GROSS_MARGIN + GROSS_MARGIN_DRIFT * c.t) * c.noise["margin"], 0.70, 0.78)
    return {"revenue": rev, "gross_profit": rev * margin}


def costs(c: Context, bookings: np.ndarray) -> dict[str, np.ndarray]:
    """Marketing spend (plus syndication fees in the episode) and sales expense."""
    spend = MARKETING_SPEND * (1 + SPEND_GROWTH) ** c.t * seasonal(SPEND_SEASON, c.months)
    spend = spend * np.where(c.episode, EPISODE_SPEND_LIFT, 1.0) * c.noise["spend"]
    fixed = SALES_FIXED * (1 + SALES_FIXED_GROWTH) ** c.t * c.noise["sales_fixed"]
    return {"marketing_spend": spend, "sales_expense": fixed + SALES_VARIABLE_RATE * bookings}


def enablement(c: Context, rng: np.random.Generator | None) -> dict[str, np.ndarray]:
    """Joint launches and sales trainings: small Poisson counts (expected values if no rng)."""
    launch_rate = LAUNCH_RATE * (1 + 0.15 * np.maximum(c.t, 0))
    if rng is None:
        return {"launches_delivered": launch_rate,
                "trainings_delivered": np.full(len(c.t), TRAINING_RATE)}
    return {"launches_delivered": np.minimum(rng.poisson(launch_rate), 3),
            "trainings_delivered": np.minimum(rng.poisson(TRAINING_RATE, len(c.t)), 3)}


def simulate(rng: np.random.Generator | None = None, episodes: bool = True) -> pd.DataFrame:
    """Simulate every month from SIM_START; ``rng=None`` gives the noiseless expectation."""
    c = make_context(rng, episodes)
    cols = demand(c)
    cols |= deals(c, cols["sqls"])
    cols |= revenue(c, cols["bookings"])
    cols |= costs(c, cols["bookings"])
    cols |= enablement(c, rng)
    df = pd.DataFrame({"month": c.months.strftime("%Y-%m"), **cols})[HISTORY_COLUMNS]
    if rng is not None:  # realised data: whole dollars and integer counts
        num = HISTORY_COLUMNS[1:]
        df[num] = df[num].round().astype("int64")
        df["marketing_sourced_pipeline"] = df[
            ["marketing_sourced_pipeline", "pipeline_created"]].min(axis=1)
    df["year"] = c.months.year
    return df


# ---------------------------------------------------------------------------
# Targets and profiles
# ---------------------------------------------------------------------------
def ratio(frame: pd.DataFrame, metric: str) -> float:
    """Ratio-of-sums value of a ratio metric over the rows of ``frame``."""
    if metric == "forecast_accuracy":
        f = frame["forecast_bookings"].sum()
        return max(0.0, 1 - abs(frame["bookings"].sum() - f) / f)
    num, den = RATIO_METRICS[metric]
    return float(frame[num].to_numpy().sum() / frame[den].to_numpy().sum())


def build_targets(sim: pd.DataFrame) -> pd.DataFrame:
    """Annual targets set at the start of each year from the prior year's actuals.

    Money and MQLs: prior-year actual x (1 + PLAN_GROWTH).  Funnel counts: from the MQL
    and bookings targets at planned rates.  Ratio targets are the ratios the plan implies
    or policy levels.
    """
    rows = []
    for year in YEARS:
        prior = sim[sim["year"] == year - 1]
        plan = PLAN_GROWTH[year]
        tgt: dict[str, float] = {m: round(prior[m].sum() * (1 + g), -3) for m, g in plan.items()}
        tgt["mqls"] = round(prior["mqls"].sum() * (1 + plan["mqls"]))
        planned_deal = ratio(prior, "average_deal_size") * (1 + DEAL_GROWTH)
        tgt["inquiries"] = round(tgt["mqls"] / PLAN_INQUIRY_TO_MQL)
        tgt["sals"] = round(tgt["mqls"] * PLAN_MQL_TO_SAL)
        tgt["sqls"] = round(tgt["sals"] * PLAN_SAL_TO_SQL)
        tgt["won_deals"] = round(tgt["bookings"] / planned_deal)
        tgt["launches_delivered"] = LAUNCH_TARGETS[year]
        tgt["trainings_delivered"] = TRAINING_TARGETS[year]
        tgt = {m: tgt[m] for m in SUM_METRICS}  # fixed row order
        tgt["cost_per_lead"] = tgt["marketing_spend"] / tgt["mqls"]
        tgt["cac"] = (tgt["marketing_spend"] + tgt["sales_expense"]) / tgt["won_deals"]
        tgt["mql_to_sql_rate"] = tgt["sqls"] / tgt["mqls"]
        tgt["win_rate"] = tgt["won_deals"] / tgt["sqls"]
        tgt["sla_follow_up_rate"] = SLA_TARGETS[year]
        tgt["sales_cycle_days"] = SALES_CYCLE_TARGETS[year]
        tgt["gross_margin_pct"] = round(ratio(prior, "gross_margin_pct") + MARGIN_TARGET_STEP, 3)
        tgt["average_deal_size"] = tgt["bookings"] / tgt["won_deals"]
        tgt["discount_rate"] = DISCOUNT_RATE_TARGET
        tgt["forecast_accuracy"] = FORECAST_ACCURACY_TARGET
        for metric, value in tgt.items():
            rows.append({"year": year, "metric": metric,
                         "annual_target": format_target(metric, value)})
    return pd.DataFrame(rows, columns=["year", "metric", "annual_target"])


def format_target(metric: str, value: float) -> str:
    """Text of a target: counts as integers, fractions 4 decimals, money 2 decimals."""
    if metric in COUNT_METRICS:
        return str(int(round(value)))
    decimals = 4 if metric in FRACTION_METRICS else 2
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return text


def round_profile(weights: np.ndarray, decimals: int = 4) -> tuple[float, ...]:
    """Round weights so that they sum to exactly 1 (largest-remainder method)."""
    scale = 10 ** decimals
    raw = weights / weights.sum() * scale
    units = np.floor(raw).astype(int)
    short = scale - units.sum()
    units[np.argsort(-(raw - units), kind="stable")[:short]] += 1
    return tuple(float(u / scale) for u in units)


def derive_profile(column: str) -> tuple[float, ...]:
    """Jan..Dec share of a column in the noiseless, episode-free model (2023-2025 average)."""
    base = simulate(rng=None, episodes=False)
    base = base[base["year"].isin(YEARS)]
    shares = base[column].to_numpy().reshape(len(YEARS), 12)
    shares = shares / shares.sum(axis=1, keepdims=True)
    return round_profile(shares.mean(axis=0))


def check_profiles() -> None:
    """Verify the profile constants still match the model they were derived from."""
    for name, column, const in (
        ("MONTHLY_PROFILE", "bookings", MONTHLY_PROFILE),
        ("REVENUE_MONTHLY_PROFILE", "revenue", REVENUE_MONTHLY_PROFILE),
        ("PIPELINE_MONTHLY_PROFILE", "pipeline_created", PIPELINE_MONTHLY_PROFILE),
    ):
        if round(sum(const), 4) != 1.0:
            raise ValueError(f"{name} does not sum to 1.0000")
        derived = derive_profile(column)
        if const != derived:
            raise ValueError(f"{name} is stale; paste the re-derived values: {derived}")


# ---------------------------------------------------------------------------
# Checks and report
# ---------------------------------------------------------------------------
def check_history(h: pd.DataFrame) -> None:
    """Raise if a row-level constraint promised in DATA_DICTIONARY.md is broken."""
    num = h[HISTORY_COLUMNS[1:]]
    checks = {
        "columns and row count": list(h.columns) == HISTORY_COLUMNS and len(h) == N_MONTHS,
        "no NaN, all non-negative": bool(num.notna().all().all() and (num >= 0).all().all()),
        "mqls <= inquiries": bool((h["mqls"] <= h["inquiries"]).all()),
        "sals <= mqls": bool((h["sals"] <= h["mqls"]).all()),
        "sqls <= sals": bool((h["sqls"] <= h["sals"]).all()),
        "mqls_followed_up_in_sla <= mqls": bool((h["mqls_followed_up_in_sla"] <= h["mqls"]).all()),
        "marketing_sourced_pipeline <= pipeline_created":
            bool((h["marketing_sourced_pipeline"] <= h["pipeline_created"]).all()),
        "won_deals >= 1": bool((h["won_deals"] >= 1).all()),
        "launches/trainings in 0..3":
            bool(h[["launches_delivered", "trainings_delivered"]].le(3).all().all()),
    }
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise ValueError(f"history.csv violates: {failed}")


def check_story(h: pd.DataFrame, targets: pd.DataFrame) -> None:
    """Raise if the episodes or the plan attainment drifted out of their promised ranges."""
    tg = targets.set_index(["year", "metric"])["annual_target"].astype(float)
    year = h["month"].str[:4].astype(int)
    profile = np.asarray(MONTHLY_PROFILE)

    def quarter(label: str) -> pd.DataFrame:
        y, q = int(label[:4]), int(label[-1])
        return h[(year == y) & h["month"].str[5:].astype(int).between(3 * q - 2, 3 * q)]

    def bookings_att(label: str) -> float:
        y, q = int(label[:4]), int(label[-1])
        target = tg[(y, "bookings")] * profile[3 * q - 3 : 3 * q].sum()
        return quarter(label)["bookings"].sum() / target

    checks = {}
    for y in YEARS:
        g = h[year == y]
        revenue_att = g["revenue"].sum() / tg[(y, "revenue")]
        bookings_att_y = g["bookings"].sum() / tg[(y, "bookings")]
        checks[f"{y} revenue attainment 97-103%"] = 0.97 <= revenue_att <= 1.03
        checks[f"{y} bookings attainment 92-108%"] = 0.92 <= bookings_att_y <= 1.08
    checks["2024-Q1 bookings 70-75% of target"] = 0.70 <= bookings_att("2024-Q1") <= 0.75
    checks["2025-Q2 bookings 125-130% of target"] = 1.25 <= bookings_att("2025-Q2") <= 1.30
    q2, q3 = quarter("2024-Q2"), quarter("2024-Q3")
    checks["2024-Q3 MQLs up >= 30% on Q2"] = q3["mqls"].sum() >= 1.30 * q2["mqls"].sum()
    checks["2024-Q3 MQL->SQL <= 65% of Q2"] = (
        ratio(q3, "mql_to_sql_rate") <= 0.65 * ratio(q2, "mql_to_sql_rate"))
    checks["2024-Q3 SQLs not above Q2"] = q3["sqls"].sum() <= q2["sqls"].sum()
    checks["2024-Q3 cost per lead below Q2"] = (
        ratio(q3, "cost_per_lead") < ratio(q2, "cost_per_lead"))
    checks["2024-Q4 bookings below target"] = bookings_att("2024-Q4") < 1.0
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise ValueError(f"the generated story drifted: {failed}")


def report(h: pd.DataFrame, targets: pd.DataFrame) -> None:
    """Print annual and quarterly attainment and funnel figures as a sanity check."""
    tg = targets.assign(annual_target=targets["annual_target"].astype(float))
    tg = tg.set_index(["year", "metric"])["annual_target"]
    h = h.assign(year=h["month"].str[:4].astype(int), month_no=h["month"].str[5:].astype(int))
    h["quarter"] = h["year"].astype(str) + "-Q" + ((h["month_no"] - 1) // 3 + 1).astype(str)
    profile = np.asarray(MONTHLY_PROFILE)
    rev_profile = np.asarray(REVENUE_MONTHLY_PROFILE)

    print("MONTHLY_PROFILE (Jan..Dec):", ", ".join(f"{w:.4f}" for w in MONTHLY_PROFILE),
          f"(sum {sum(MONTHLY_PROFILE):.4f})")

    annual = {}
    for year, g in h.groupby("year"):
        col = {m: g[m].sum() for m in SUM_METRICS}
        col.update({m: ratio(g, m) for m in [*RATIO_METRICS, "forecast_accuracy"]})
        annual[year] = col
    annual = pd.DataFrame(annual)
    attain = annual / tg.unstack("year").reindex(annual.index)[annual.columns]
    table = pd.concat({"actual": annual, "attainment": attain}, axis=1)
    with pd.option_context("display.float_format", "{:,.3f}".format, "display.width", 250,
                           "display.max_columns", None):
        print("\nAnnual actuals and attainment (actual / target; for cost metrics lower is better)")
        print(table)

    rows = {}
    for q, g in h.groupby("quarter"):
        year, idx = int(q[:4]), g["month_no"].to_numpy() - 1
        rows[q] = {
            "bookings_M": g["bookings"].sum() / 1e6,
            "bookings_att": g["bookings"].sum() / (tg[(year, "bookings")] * profile[idx].sum()),
            "revenue_att": g["revenue"].sum() / (tg[(year, "revenue")] * rev_profile[idx].sum()),
            "revenue_att_bkg_profile":
                g["revenue"].sum() / (tg[(year, "revenue")] * profile[idx].sum()),
            "mqls": g["mqls"].sum(), "sqls": g["sqls"].sum(),
            "mql_to_sql": ratio(g, "mql_to_sql_rate"), "cost_per_lead": ratio(g, "cost_per_lead"),
            "sla": ratio(g, "sla_follow_up_rate"), "win_rate": ratio(g, "win_rate"),
            "cycle_days": ratio(g, "sales_cycle_days"), "fcst_acc": ratio(g, "forecast_accuracy"),
        }
    with pd.option_context("display.float_format", "{:,.3f}".format, "display.width", 250,
                           "display.max_columns", None):
        print("\nQuarterly: bookings target split by MONTHLY_PROFILE, revenue by "
              "REVENUE_MONTHLY_PROFILE (and, for comparison, by MONTHLY_PROFILE)")
        print(pd.DataFrame(rows).T)


def main() -> None:
    """Generate, check and write history.csv and targets.csv, then print a report."""
    check_profiles()
    sim = simulate(np.random.default_rng(SEED))
    history = sim[sim["year"].isin(YEARS)][HISTORY_COLUMNS].reset_index(drop=True)
    targets = build_targets(sim)
    check_history(history)
    check_story(history, targets)
    history.to_csv(HISTORY_PATH, index=False, lineterminator="\n")
    targets.to_csv(TARGETS_PATH, index=False, lineterminator="\n")
    report(history, targets)
    print(f"\nwrote {HISTORY_PATH.name} ({len(history)} rows), "
          f"{TARGETS_PATH.name} ({len(targets)} rows)")


if __name__ == "__main__":
    main()
