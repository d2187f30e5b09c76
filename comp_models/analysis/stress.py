"""Named perturbations of a monthly history: stress tests and the +1% levers of the gradients.

Every perturbation is a pure function `(columns, strength) -> columns`: `columns` maps history
column names to arrays of shape (..., M) (M months on the last axis; any leading shape), the
result has the same keys and shapes, and the input is never modified. A perturbation touches
only the columns present, so it works on a history that lacks some columns.

How a move travels through the business (the sample data's own rules, DATA_DICTIONARY.md):
- Volumes above SQL (inquiries, MQLs, SALs) moving on their own create nothing downstream:
  more MQLs from the same SQLs is lower conversion, not more business.
- From SQLs on, downstream volumes follow at held rates, with the funnel's lags: pipeline
  30% in the SQL's month and 70% the next month; won deals 10/35/40/15% 1-4 months later.
  A lag is applied to the relative change: factor_t = 1 + sum_j w_j (f_{t-j} - 1), with no
  change before the first month; what would land after the last month is outside the history.
- Won deals carry bookings, discount and cycle days with them (deal size, discount rate and
  average cycle held).
- Bookings become revenue as subscription revenue does: a month's bookings add bookings / 12
  of monthly recurring revenue, 60% the next month, 30% after two and 10% after three, and
  recurring revenue churns 1.8% a month. So revenue reacts to a bookings change slowly and
  partially within the history window; gross profit moves with revenue at the month's margin.
- Subsets are floored to their parents afterwards (sqls <= sals <= mqls <= inquiries, ...).

Stress tests (`STRESSES`) and the replay of all of them at once (`stress_tests`) are below the
levers (`LEVERS`), which `alignment.incentive_gradients` uses for finite differences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from comp_models.types import FloatArray
from comp_models.types import Period
from comp_models.periods import period_grid
from comp_models.engine import Performance, ReplayResult, replay
from comp_models.errors import InputError, Issue
from comp_models.metrics import History, floor_subsets
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, conflict_mask, payout_pct, vp_pair
from comp_models.engine import performance
from comp_models.plans import Scenario

Columns = dict[str, FloatArray]

PIPELINE_LAG = {0: 0.3, 1: 0.7}  # months after the SQL: share of its pipeline
WIN_LAG = {1: 0.10, 2: 0.35, 3: 0.40, 4: 0.15}  # months after the SQL: share of its wins
REVENUE_LAG = {1: 0.6, 2: 0.3, 3: 0.1}  # months after signing: share of new MRR going live
MONTHLY_CHURN = 0.018  # share of recurring revenue lost per month
PULL_FORWARD_DISCOUNT = 0.10  # extra discount (share of net value) conceded to close a deal early
DEAL_PRICE_ELASTICITY = 1.5  # % more deals won per percentage point of extra discount / 1 point
LEAD_SPEND_ELASTICITY = 0.8  # % fewer leads per 1% less marketing spend
TOLERANCE = 1e-4  # relative change below which a payout or company figure counts as unchanged

__all__ = ["Columns", "Perturbation", "STRESSES", "LEVERS", "FUNNEL_LEVERS", "METRIC_LEVERS",
           "lagged_factor", "revenue_from_bookings", "stacked_replay", "stress_tests", "stress_strengths",
           "role_totals", "company_totals", "PayoutSeries", "payout_series", "TOLERANCE"]


# ---------------------------------------------------------------------------------------
# Propagation through the funnel


def lagged_factor(factor: FloatArray, weights: dict[int, float]) -> FloatArray:
    """(..., M) relative change spread over later months: 1 + sum_j w_j (f[t - j] - 1)."""
    d = np.asarray(factor, dtype=np.float64) - 1.0
    out = np.zeros_like(d)
    m = d.shape[-1]
    for lag, w in weights.items():  # at most four lags
        if lag < m:
            out[..., lag:] += w * d[..., : m - lag]
    return 1.0 + out


@lru_cache(maxsize=64)
def _recognition_matrix(m: int) -> FloatArray:
    """(M, M) K with revenue change = bookings change @ K.T (see module docstring)."""
    k = np.zeros((m, m))
    d = np.arange(m)[:, None] - np.arange(m)[None, :]  # months since signing
    for lag, w in REVENUE_LAG.items():
        live = d >= lag
        k += np.where(live, w * (1.0 - MONTHLY_CHURN) ** np.where(live, d - lag, 0), 0.0)
    k /= 12.0
    k.setflags(write=False)
    return k


def revenue_from_bookings(delta_bookings: FloatArray) -> FloatArray:
    """(..., M) change in monthly revenue caused by a change in monthly bookings (annual contract value)."""
    x = np.asarray(delta_bookings, dtype=np.float64)
    return x @ _recognition_matrix(x.shape[-1]).T


def _copy(cols: Columns) -> Columns:
    return {c: np.array(v, dtype=np.float64, copy=True) for c, v in cols.items()}


def _mul(cols: Columns, names: tuple[str, ...], factor) -> None:
    for c in names:
        if c in cols:
            cols[c] = cols[c] * factor


def _add_revenue(cols: Columns, delta: FloatArray) -> None:
    """Revenue += delta, floored at 0; gross profit moves with it at the month's margin."""
    if "revenue" not in cols:
        return
    rev = cols["revenue"]
    new = np.maximum(rev + delta, 0.0)
    if "gross_profit" in cols:
        with np.errstate(divide="ignore", invalid="ignore"):
            margin = np.where(rev > 0, cols["gross_profit"] / rev, 0.0)
        cols["gross_profit"] = np.clip(cols["gross_profit"] + (new - rev) * margin, 0.0, new)
    cols["revenue"] = new


def _scale_bookings(cols: Columns, factor) -> None:
    """Bookings (and the discount on them) times factor; revenue follows by recognition."""
    if "bookings" not in cols:
        _mul(cols, ("discount_given",), factor)
        return
    delta = cols["bookings"] * (np.asarray(factor) - 1.0)
    _mul(cols, ("bookings", "discount_given"), factor)
    _add_revenue(cols, revenue_from_bookings(delta))


def _scale_won(cols: Columns, factor) -> None:
    """Won deals times factor, with their cycle days, bookings and discount (rates held)."""
    _mul(cols, ("won_deals", "sales_cycle_days_total"), factor)
    _scale_bookings(cols, factor)


def _scale_sqls(cols: Columns, factor) -> None:
    """SQLs times factor; pipeline and wins follow with the funnel's lags."""
    f = np.broadcast_to(np.asarray(factor, dtype=np.float64), _shape(cols))
    _mul(cols, ("sqls",), f)
    _mul(cols, ("pipeline_created", "marketing_sourced_pipeline"), lagged_factor(f, PIPELINE_LAG))
    _scale_won(cols, lagged_factor(f, WIN_LAG))


def _shape(cols: Columns) -> tuple[int, ...]:
    return np.shape(next(iter(cols.values())))


# ---------------------------------------------------------------------------------------
# Registry


@dataclass(frozen=True)
class Perturbation:
    """A named perturbation of history columns. `apply(columns, strength) -> columns`."""

    name: str
    label: str
    description: str  # what moves, in one or two sentences (shown beside the result)
    apply: Callable[[Columns, float], Columns]
    default_strength: float = 0.01
    min_strength: float = 0.0
    max_strength: float = 1.0

    def __call__(self, columns: Columns, strength: float | None = None) -> Columns:
        s = self.default_strength if strength is None else float(strength)
        if not self.min_strength <= s <= self.max_strength:
            raise ValueError(f"{self.label}: strength {s:g} is outside [{self.min_strength:g}, {self.max_strength:g}]")
        return self.apply(columns, s)


# ---------------------------------------------------------------------------------------
# Levers: a +strength relative move in one thing, the way it really moves (gradients)


def mql_volume(cols: Columns, s: float) -> Columns:
    """MQLs x (1 + s), nothing else: conversion to SQL falls; follow-ups in SLA do not grow."""
    out = _copy(cols)
    _mul(out, ("mqls",), 1 + s)
    if "inquiries" in out and "mqls" in out:
        out["inquiries"] = np.maximum(out["inquiries"], out["mqls"])
    return floor_subsets(out)


def conversion(cols: Columns, s: float) -> Columns:
    """MQL->SQL conversion x (1 + s): SALs and SQLs up, pipeline and wins follow (lagged)."""
    out = _copy(cols)
    _mul(out, ("sals",), 1 + s)
    _scale_sqls(out, 1 + s)
    return floor_subsets(out)


def win_rate(cols: Columns, s: float) -> Columns:
    """Win rate x (1 + s): won deals, their bookings, discount and cycle days up; revenue follows."""
    out = _copy(cols)
    _scale_won(out, 1 + s)
    return out


def deal_size(cols: Columns, s: float) -> Columns:
    """Average deal x (1 + s): bookings and discount up on the same deals; revenue follows."""
    out = _copy(cols)
    _scale_bookings(out, 1 + s)
    return out


def cycle_days(cols: Columns, s: float) -> Columns:
    """Sales cycle x (1 + s): days from opportunity to win up, nothing else (no timing model)."""
    out = _copy(cols)
    _mul(out, ("sales_cycle_days_total",), 1 + s)
    return out


def discount(cols: Columns, s: float) -> Columns:
    """Discount x (1 + s) on the same deals at the same list price: bookings fall by the extra
    discount, and revenue with them."""
    out = _copy(cols)
    if "discount_given" not in out:
        return out
    extra = out["discount_given"] * s
    out["discount_given"] = out["discount_given"] + extra
    if "bookings" in out:
        cut = np.minimum(extra, out["bookings"])
        out["bookings"] = out["bookings"] - cut
        _add_revenue(out, revenue_from_bookings(-cut))
    return out


def marketing_spend(cols: Columns, s: float) -> Columns:
    """Marketing spend x (1 + s), nothing else (the lead response is the MQL-volume lever)."""
    out = _copy(cols)
    _mul(out, ("marketing_spend",), 1 + s)
    return out


def _column_lever(*names: str) -> Callable[[Columns, float], Columns]:
    def apply(cols: Columns, s: float) -> Columns:
        out = _copy(cols)
        _mul(out, names, 1 + s)
        return floor_subsets(out)
    return apply


def revenue(cols: Columns, s: float) -> Columns:
    """Revenue x (1 + s) (retention or expansion), gross profit at the same margin."""
    out = _copy(cols)
    if "revenue" in out:
        _add_revenue(out, out["revenue"] * s)
    return out


def marketing_sourced_pipeline(cols: Columns, s: float) -> Columns:
    """Marketing-sourced pipeline x (1 + s), added to total pipeline; no more wins follow."""
    out = _copy(cols)
    if "marketing_sourced_pipeline" in out:
        extra = out["marketing_sourced_pipeline"] * s
        out["marketing_sourced_pipeline"] = out["marketing_sourced_pipeline"] + extra
        if "pipeline_created" in out:
            out["pipeline_created"] = out["pipeline_created"] + extra
    return out


def forecast_accuracy(cols: Columns, s: float) -> Columns:
    """Each month's forecast moves towards bookings so that the month's accuracy
    (1 - |error| / forecast) rises by s of itself; a forecast closer than that equals bookings."""
    out = _copy(cols)
    if "forecast_bookings" not in out or "bookings" not in out:
        return out
    f, b = out["forecast_bookings"], out["bookings"]
    with np.errstate(divide="ignore", invalid="ignore"):
        acc = np.where(f > 0, np.maximum(0.0, 1.0 - np.abs(b - f) / f), 0.0)
    step = np.minimum(s * acc * f, np.abs(b - f))
    out["forecast_bookings"] = f - np.sign(f - b) * step
    return out


def whole_business(cols: Columns, s: float) -> Columns:
    """The demand funnel x (1 + s) at held rates: inquiries to SQLs, then pipeline, wins,
    bookings and revenue (lagged); spend and expense unchanged. Used for pay for performance."""
    out = _copy(cols)
    _mul(out, ("inquiries", "mqls", "sals", "mqls_followed_up_in_sla"), 1 + s)
    _scale_sqls(out, 1 + s)
    return floor_subsets(out)


def _lever(name: str, label: str, fn, description: str | None = None) -> Perturbation:
    return Perturbation(name, label, description or (fn.__doc__ or "").replace("\n    ", " ").strip(), fn,
                        default_strength=0.01, min_strength=-0.5, max_strength=0.5)


#: The funnel levers z of DOMAIN.md (gradient agreement), in order.
FUNNEL_LEVERS = ["mql_volume", "conversion", "win_rate", "deal_size", "cycle_days", "discount", "marketing_spend"]

LEVERS: dict[str, Perturbation] = {p.name: p for p in [
    _lever("mql_volume", "MQL volume", mql_volume),
    _lever("conversion", "MQL→SQL conversion", conversion),
    _lever("win_rate", "Win rate", win_rate),
    _lever("deal_size", "Deal size", deal_size),
    _lever("cycle_days", "Sales-cycle days", cycle_days),
    _lever("discount", "Discount", discount),
    _lever("marketing_spend", "Marketing spend", marketing_spend),
    _lever("revenue", "Revenue (retention / expansion)", revenue),
    _lever("gross_profit", "Gross profit (margin)", _column_lever("gross_profit"),
           "Gross profit x (1 + s) on the same revenue: a better margin."),
    _lever("pipeline_value", "Pipeline value", _column_lever("pipeline_created", "marketing_sourced_pipeline"),
           "Pipeline created (and its marketing-sourced part) x (1 + s): bigger opportunities on paper, "
           "no more wins."),
    _lever("marketing_sourced_pipeline", "Marketing-sourced pipeline", marketing_sourced_pipeline),
    _lever("sales_expense", "Sales expense", _column_lever("sales_expense"),
           "Sales expense x (1 + s), nothing else."),
    _lever("acquisition_cost", "Acquisition spend", _column_lever("marketing_spend", "sales_expense"),
           "Marketing spend and sales expense x (1 + s) for the same deals: customer acquisition cost up."),
    _lever("inquiries", "Inquiries", _column_lever("inquiries"),
           "Inquiries x (1 + s), nothing else: fewer of them qualify."),
    _lever("sals", "Sales-accepted leads", _column_lever("sals"),
           "SALs x (1 + s), nothing else: fewer of them qualify into SQLs."),
    _lever("sla_follow_up", "Lead follow-up in SLA", _column_lever("mqls_followed_up_in_sla"),
           "MQLs followed up within the SLA x (1 + s) (at most every MQL); no revenue effect is modelled."),
    _lever("forecast_accuracy", "Forecast accuracy", forecast_accuracy),
    _lever("launches", "Joint launches", _column_lever("launches_delivered"),
           "Joint launches delivered x (1 + s); no revenue effect is modelled."),
    _lever("trainings", "Sales trainings", _column_lever("trainings_delivered"),
           "Sales trainings delivered x (1 + s); no revenue effect is modelled."),
    _lever("whole_business", "Whole business", whole_business),
]}

#: Metric -> the lever that moves it by +1% (how the metric really moves).
METRIC_LEVERS: dict[str, str] = {
    "mqls": "mql_volume", "mql_to_sql_rate": "conversion", "sqls": "conversion", "win_rate": "win_rate",
    "won_deals": "win_rate", "average_deal_size": "deal_size", "bookings": "deal_size",
    "sales_cycle_days": "cycle_days", "discount_rate": "discount", "marketing_spend": "marketing_spend",
    "cost_per_lead": "marketing_spend", "revenue": "revenue", "gross_profit": "gross_profit",
    "gross_margin_pct": "gross_profit", "pipeline_created": "pipeline_value",
    "marketing_sourced_pipeline": "marketing_sourced_pipeline", "sales_expense": "sales_expense",
    "cac": "acquisition_cost", "inquiries": "inquiries", "sals": "sals", "sla_follow_up_rate": "sla_follow_up",
    "forecast_accuracy": "forecast_accuracy", "launches_delivered": "launches", "trainings_delivered": "trainings",
}


# ---------------------------------------------------------------------------------------
# Stress tests: named, strength-adjustable perturbations of the whole history


def lead_quality_drop(cols: Columns, s: float) -> Columns:
    """Bought leads: MQLs x (1 + s) (the added leads are inquiries too), SQLs x (1 - s/3) so
    MQL->SQL conversion falls to (1 - s/3)/(1 + s) of itself; SALs, follow-ups in SLA and spend
    unchanged (sales is swamped). Pipeline, wins and revenue follow the SQLs (lagged).
    s = 0.45 is the sample's 2024-Q3 episode (MQLs +45%, conversion -40%)."""
    out = _copy(cols)
    if "mqls" in out:
        added = out["mqls"] * s
        out["mqls"] = out["mqls"] + added
        if "inquiries" in out:
            out["inquiries"] = out["inquiries"] + added
    _scale_sqls(out, 1.0 - s / 3.0)
    return floor_subsets(out)


def _quarter_boundaries(m: int) -> np.ndarray:
    """Month indices t that end a calendar quarter with the next month inside the history."""
    t = np.arange(2, m - 1, 3)
    return t


def deal_timing(cols: Columns, s: float) -> Columns:
    """Deals moved across quarter ends. s < 0 (sandbagging, the default): a share -s of each
    quarter's last-month deals slips into the next quarter's first month at the same price.
    s > 0 (pull-forward): a share s of each quarter's first-month deals closes in the previous
    month instead, conceding an extra 10% discount (list price kept). Revenue follows the moved
    bookings, so the company loses a little either way."""
    out = _copy(cols)
    m = _shape(out)[-1]
    t = _quarter_boundaries(m)
    if len(t) == 0 or s == 0:
        return out
    src, dst = (t + 1, t) if s > 0 else (t, t + 1)
    share = abs(s)
    before = out["bookings"].copy() if "bookings" in out else None
    for c in ("won_deals", "sales_cycle_days_total", "bookings", "discount_given"):
        if c not in out:
            continue
        moved = out[c][..., src] * share
        out[c][..., src] -= moved
        if c == "bookings" and s > 0:
            extra = moved * PULL_FORWARD_DISCOUNT
            out[c][..., dst] += moved - extra
            if "discount_given" in out:
                out["discount_given"][..., dst] += extra
        else:
            out[c][..., dst] += moved
    if before is not None:
        _add_revenue(out, revenue_from_bookings(out["bookings"] - before))
    return out


def discount_driven_bookings(cols: Columns, s: float) -> Columns:
    """Deeper discounts buy deals: the discount rises by s of list price in every month and
    won deals (and their list value, cycle days) rise by 1.5 x s from the same SQLs. Bookings =
    list - discount; revenue follows; delivery cost grows with the deals, so gross profit
    falls against revenue (margin down)."""
    out = _copy(cols)
    if "bookings" not in out or "discount_given" not in out:
        return out
    b0, d0 = out["bookings"], out["discount_given"]
    lst = b0 + d0
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(lst > 0, d0 / lst, 0.0)
    more = 1.0 + DEAL_PRICE_ELASTICITY * s
    new_list = lst * more
    new_rate = np.minimum(rate + s, 1.0)
    out["discount_given"] = new_list * new_rate
    out["bookings"] = new_list * (1.0 - new_rate)
    _mul(out, ("won_deals", "sales_cycle_days_total"), more)
    if "revenue" in out:
        rev, gp = out["revenue"], out.get("gross_profit")
        d_rev = revenue_from_bookings(out["bookings"] - b0)
        d_volume = revenue_from_bookings(b0 * (more - 1.0))  # the same deals at the old prices
        new_rev = np.maximum(rev + d_rev, 0.0)
        if gp is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                cost_ratio = np.where(rev > 0, 1.0 - gp / rev, 0.0)
            out["gross_profit"] = np.clip(gp + d_rev - cost_ratio * d_volume, 0.0, new_rev)
        out["revenue"] = new_rev
    return out


def marketing_budget_cut(cols: Columns, s: float) -> Columns:
    """Marketing spend x (1 - s); leads respond with elasticity 0.8: inquiries, MQLs, SALs,
    follow-ups and SQLs x (1 - 0.8 s); pipeline, wins and revenue follow (lagged)."""
    out = _copy(cols)
    _mul(out, ("marketing_spend",), 1.0 - s)
    f = 1.0 - LEAD_SPEND_ELASTICITY * s
    _mul(out, ("inquiries", "mqls", "sals", "mqls_followed_up_in_sla"), f)
    _scale_sqls(out, f)
    return floor_subsets(out)


def pipeline_drought(cols: Columns, s: float) -> Columns:
    """The market stops buying: leads keep coming (inquiries, MQLs, SALs unchanged) but SQLs and
    the pipeline they create fall by s; wins, bookings and revenue follow (lagged)."""
    out = _copy(cols)
    _scale_sqls(out, 1.0 - s)
    return floor_subsets(out)


def _stress(name, label, fn, default, lo, hi) -> Perturbation:
    return Perturbation(name, label, (fn.__doc__ or "").replace("\n    ", " ").strip(), fn, default, lo, hi)


STRESSES: dict[str, Perturbation] = {p.name: p for p in [
    _stress("lead_quality_drop", "Lead-quality drop", lead_quality_drop, 0.45, 0.0, 2.0),
    _stress("deal_timing", "Deal moved across a quarter end", deal_timing, -0.25, -1.0, 1.0),
    _stress("discount_driven_bookings", "Discount-driven bookings", discount_driven_bookings, 0.10, 0.0, 0.5),
    _stress("marketing_budget_cut", "Marketing budget cut", marketing_budget_cut, 0.20, 0.0, 1.0),
    _stress("pipeline_drought", "Pipeline drought", pipeline_drought, 0.20, 0.0, 1.0),
]}


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
    """One replay with S = 1 + len(variants): index 0 is `perf`'s first scenario, then each variant."""
    base = base_columns(perf)
    cols = {c: np.stack([v] + [var.get(c, v) for var in variants]) for c, v in base.items()}
    return replay(scenario, Performance(perf.months, cols, perf.targets))


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
    into calendar quarters (years when either plan of the pair measures annually), divided by the
    target variable of the periods summed."""
    roles = list(pair if pair is not None else list(result.roles)[:2])
    annual = any(result.roles[r].plan.measurement_period.months >= 12 for r in roles)
    grid = period_grid(result.months, Period.ANNUAL if annual else Period.QUARTERLY)
    k = 12 if annual else 3
    earned, target, pct = {}, {}, {}
    for role in roles:
        rr = result.roles[role]
        bucket = (rr.grid.end - 1) // k  # the comparison period each plan period ends in
        pe = rr.period_earned
        e = np.zeros((pe.shape[0], grid.n))
        np.add.at(e, (slice(None), bucket), pe)
        t = np.bincount(bucket, weights=rr.target_variable, minlength=grid.n)
        earned[role], target[role], pct[role] = e, t, payout_pct(e, t)
    return PayoutSeries(grid.labels, grid.start, grid.end, earned, target, pct, "year" if annual else "quarter")


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
    `n_periods` (calendar quarters of the stressed history where both payouts are defined; a
    conflict: one VP of the pair earns >= 100% of target and the other < threshold_pct) and
    `description`. Raises InputError for an unknown stress name or fewer than two roles.
    """
    vp_pair(scenario)
    strengths = stress_strengths(strengths)
    perf = perf or performance(scenario, history, annual_targets, scenario.name)
    base = base_columns(perf)
    names = list(STRESSES)
    variants = [STRESSES[n](base, strengths[n]) for n in names]
    result = stacked_replay(scenario, perf, variants)
    return stress_frame(scenario, result, [base, *variants], names, [strengths[n] for n in names],
                        threshold_pct=threshold_pct)


def stress_frame(scenario: Scenario, result: ReplayResult, columns: list[Columns], names: list[str],
                 strengths: list[float], offset: int = 0, series: PayoutSeries | None = None,
                 threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> pd.DataFrame:
    """The stress table from a stacked replay whose scenario 0 is the history and whose
    scenarios offset+1 .. offset+len(names) are the stressed histories `columns[1:]`.
    `series`: the replay's PayoutSeries of the pair, if already computed."""
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
    return pd.DataFrame(rows)
