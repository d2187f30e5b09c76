"""The named stress tests `STRESSES`: strength-adjustable perturbations of the whole history
(lead-quality drop, deals moved across a quarter end, discount-driven bookings, marketing budget
cut, pipeline drought), each propagated through the funnel as the package docstring describes.
"""

from __future__ import annotations

import numpy as np

from comp_models.analysis.stress.funnel import (Columns, _add_revenue, _copy, _mul, _scale_sqls, _shape,
                                                revenue_from_bookings)
from comp_models.analysis.stress.levers import Perturbation
from comp_models.metrics import floor_subsets

PULL_FORWARD_DISCOUNT = 0.10  # extra discount (share of net value) conceded to close a deal early
DEAL_PRICE_ELASTICITY = 1.5  # % more deals won per percentage point of extra discount / 1 point
LEAD_SPEND_ELASTICITY = 0.8  # % fewer leads per 1% less marketing spend

__all__ = ["STRESSES"]


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


def _quarter_boundaries(m: int, phase: int = 0) -> np.ndarray:
    """Month indices t that end a plan-year quarter with the next month inside the history; `phase` is
    the first month's position in its quarter (0: the history starts at a quarter's first month)."""
    t = np.arange((2 - phase) % 3, m - 1, 3)
    return t


def deal_timing(cols: Columns, s: float, phase: int = 0) -> Columns:
    """Deals moved across quarter ends. s < 0 (sandbagging, the default): a share -s of each
    quarter's last-month deals slips into the next quarter's first month at the same price.
    s > 0 (pull-forward): a share s of each quarter's first-month deals closes in the previous
    month instead, conceding an extra 10% discount (list price kept). Revenue follows the moved
    bookings, so the company loses a little either way."""
    out = _copy(cols)
    m = _shape(out)[-1]
    t = _quarter_boundaries(m, phase)
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
    return Perturbation(name, label, (fn.__doc__ or "").replace("\n    ", " ").strip(), fn, default, lo, hi,
                        phased=name == "deal_timing")


STRESSES: dict[str, Perturbation] = {p.name: p for p in [
    _stress("lead_quality_drop", "Lead-quality drop", lead_quality_drop, 0.45, 0.0, 2.0),
    _stress("deal_timing", "Deal moved across a quarter end", deal_timing, -0.25, -1.0, 1.0),
    _stress("discount_driven_bookings", "Discount-driven bookings", discount_driven_bookings, 0.10, 0.0, 0.5),
    _stress("marketing_budget_cut", "Marketing budget cut", marketing_budget_cut, 0.20, 0.0, 1.0),
    _stress("pipeline_drought", "Pipeline drought", pipeline_drought, 0.20, 0.0, 1.0),
]}

