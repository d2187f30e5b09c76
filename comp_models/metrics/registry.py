"""The metric registry: how each plan metric is computed from monthly history columns.

Metrics are computed at the level of the measurement period from sums over its months:
a quarter's cost per lead is the quarter's spend over the quarter's leads, never an
average of monthly ratios.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from comp_models.types import Aggregation, Direction, FloatArray

MONEY, COUNT, FRACTION, DAYS, SCORE = "USD", "count", "fraction", "days", "score"


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str
    aggregation: Aggregation
    direction: Direction
    numerator: str  # history column (the amount for sums; the actual for accuracy)
    denominator: str | None = None  # for ratios; the forecast column for accuracy
    extra_numerator: str | None = None  # added to the numerator (CAC = marketing + sales cost)
    extra_denominator: str | None = None  # added to the denominator (discount on list price)


def _sum(name: str, label: str, unit: str, direction: Direction = Direction.HIGHER) -> Metric:
    return Metric(name, label, unit, Aggregation.SUM, direction, name)


_H, _L = Direction.HIGHER, Direction.LOWER

METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        _sum("revenue", "Revenue", MONEY),
        _sum("bookings", "Bookings", MONEY),
        _sum("gross_profit", "Gross profit", MONEY),
        _sum("pipeline_created", "Pipeline created", MONEY),
        _sum("marketing_sourced_pipeline", "Marketing-sourced pipeline", MONEY),
        _sum("marketing_spend", "Marketing spend (vs budget)", MONEY, _L),
        _sum("sales_expense", "Sales expense (vs budget)", MONEY, _L),
        _sum("inquiries", "Inquiries", COUNT),
        _sum("mqls", "Marketing-qualified leads (MQLs)", COUNT),
        _sum("sals", "Sales-accepted leads (SALs)", COUNT),
        _sum("sqls", "Sales-qualified leads (SQLs)", COUNT),
        _sum("won_deals", "Deals won", COUNT),
        _sum("launches_delivered", "Joint launches delivered", COUNT),
        _sum("trainings_delivered", "Sales trainings delivered", COUNT),
        Metric("cost_per_lead", "Cost per lead", MONEY, Aggregation.RATIO, _L, "marketing_spend", "mqls"),
        Metric("cac", "Customer acquisition cost", MONEY, Aggregation.RATIO, _L,
               "marketing_spend", "won_deals", extra_numerator="sales_expense"),
        Metric("mql_to_sql_rate", "MQL→SQL conversion", FRACTION, Aggregation.RATIO, _H, "sqls", "mqls"),
        Metric("win_rate", "Win rate (won / SQLs)", FRACTION, Aggregation.RATIO, _H, "won_deals", "sqls"),
        Metric("sla_follow_up_rate", "Leads followed up within SLA", FRACTION, Aggregation.RATIO, _H,
               "mqls_followed_up_in_sla", "mqls"),
        Metric("sales_cycle_days", "Sales cycle (days)", DAYS, Aggregation.RATIO, _L,
               "sales_cycle_days_total", "won_deals"),
        Metric("gross_margin_pct", "Gross margin", FRACTION, Aggregation.RATIO, _H, "gross_profit", "revenue"),
        Metric("average_deal_size", "Average deal size", MONEY, Aggregation.RATIO, _H, "bookings", "won_deals"),
        Metric("discount_rate", "Discount rate", FRACTION, Aggregation.RATIO, _L,
               "discount_given", "bookings", extra_denominator="discount_given"),
        Metric("objective", "Objective scored by the CEO", SCORE, Aggregation.SCORE, _H, ""),
        Metric("forecast_accuracy", "Bookings forecast accuracy", FRACTION, Aggregation.ACCURACY, _H,
               "bookings", "forecast_bookings"),
    ]
}


def columns_for(metric: Metric) -> list[str]:
    """History columns a metric reads."""
    cols = [metric.numerator, metric.denominator, metric.extra_numerator, metric.extra_denominator]
    return [c for c in cols if c]


def score_column(goal_id: str) -> str:
    """Name of the monthly series of an objective goal's scores (percent), built from the scores entered."""
    return f"objective:{goal_id}"


def abs_error_column(metric: Metric) -> str:
    """Name of the monthly absolute forecast error |actual − forecast| an accuracy metric sums."""
    return f"|{metric.numerator} - {metric.denominator}|"


def window_columns(metric: Metric) -> list[str]:
    """The monthly series whose window sums give the metric: its columns, or for forecast
    accuracy the monthly absolute error and the forecast (see `metric_value`)."""
    if metric.aggregation is Aggregation.ACCURACY:
        return [abs_error_column(metric), metric.denominator]  # type: ignore[list-item]
    return columns_for(metric)


def monthly_denominator(metric: Metric, columns: dict[str, FloatArray]) -> FloatArray | None:
    """A ratio metric's monthly denominator (extra denominator included); None for other metrics."""
    if metric.aggregation is not Aggregation.RATIO:
        return None
    den = columns[metric.denominator]  # type: ignore[index]
    return den + columns[metric.extra_denominator] if metric.extra_denominator else den


def metric_value(metric: Metric, sums: dict[str, FloatArray]) -> FloatArray:
    """A metric's value from window sums of its `window_columns`.

    sums: series -> array of window sums (any shape, all equal). Returns the same shape.
    - sum: the column's sum;
    - ratio: (Σ numerator [+ Σ extra numerator]) / (Σ denominator [+ Σ extra denominator]);
    - accuracy: 1 − Σ|actual − forecast| / Σ forecast, floored at 0 (forecast-weighted absolute
      percentage error of the months: monthly errors of +50% and −50% give 50%, never 100%).
    Undefined values (a ratio over a zero denominator, accuracy against a zero forecast) are NaN;
    attainment treats NaN as 0 and the trace says why.
    """
    if metric.aggregation is Aggregation.SUM:
        return sums[metric.numerator]
    den = sums[metric.denominator]  # type: ignore[index]
    with np.errstate(divide="ignore", invalid="ignore"):
        if metric.aggregation is Aggregation.ACCURACY:
            return np.where(den > 0, np.maximum(0.0, 1.0 - sums[abs_error_column(metric)] / den), np.nan)
        num = sums[metric.numerator]
        if metric.extra_numerator:
            num = num + sums[metric.extra_numerator]
        if metric.extra_denominator:
            den = den + sums[metric.extra_denominator]
        return np.where(den > 0, num / den, np.nan)


# Goals both functions move, the common goals the literature asks both VPs to share: revenue and bookings,
# pipeline and lead generation, lead quality and follow-up, forecast accuracy, launches, training and
# objectives scored by the CEO. The others are one function's own lever or budget (discount rate, sales
# cycle, deal size for sales; MQL volume, inquiries, cost per lead for marketing; each one's spend):
# paying the other VP on them asks them to move what they cannot.
COMMON_GOAL_METRICS = frozenset({
    "revenue", "bookings", "gross_profit", "gross_margin_pct", "pipeline_created", "marketing_sourced_pipeline",
    "sals", "sqls", "won_deals", "win_rate", "mql_to_sql_rate", "sla_follow_up_rate", "forecast_accuracy", "cac",
    "launches_delivered", "trainings_delivered", "objective"})
