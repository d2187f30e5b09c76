"""The +1% levers of the incentive gradients: `Perturbation` (a named, strength-checked
perturbation of history columns), one function per lever moving one thing the way it really
moves through the funnel, the registry `LEVERS`, the funnel levers `FUNNEL_LEVERS` of DOMAIN.md
and `METRIC_LEVERS` (which lever moves each plan metric).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from comp_models.analysis.stress.funnel import (Columns, _add_revenue, _copy, _mul, _scale_bookings, _scale_sqls,
                                                _scale_won, revenue_from_bookings)
from comp_models.metrics import floor_subsets

__all__ = ["FUNNEL_LEVERS", "LEVERS", "METRIC_LEVERS", "Perturbation"]


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
    phased: bool = False  # apply takes the quarter phase: (columns, strength, phase)

    def __call__(self, columns: Columns, strength: float | None = None, *, phase: int = 0) -> Columns:
        """phase: the first month's position in its plan-year quarter (0-2), for perturbations that act
        at quarter ends (ignored by the others)."""
        s = self.default_strength if strength is None else float(strength)
        if not self.min_strength <= s <= self.max_strength:
            raise ValueError(f"{self.label}: strength {s:g} is outside [{self.min_strength:g}, {self.max_strength:g}]")
        return self.apply(columns, s, int(phase)) if self.phased else self.apply(columns, s)


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

