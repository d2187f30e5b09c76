"""How a move travels through the funnel: the lags from SQLs to pipeline and won deals, the
recognition of bookings as subscription revenue, and the in-place scaling helpers (SQLs, won
deals, bookings, revenue with gross profit) that the levers and the stress tests are built from.
The rules are listed in the package docstring (`comp_models.analysis.stress`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from comp_models.types import FloatArray

Columns = dict[str, FloatArray]

PIPELINE_LAG = {0: 0.3, 1: 0.7}  # months after the SQL: share of its pipeline
WIN_LAG = {1: 0.10, 2: 0.35, 3: 0.40, 4: 0.15}  # months after the SQL: share of its wins
REVENUE_LAG = {1: 0.6, 2: 0.3, 3: 0.1}  # months after signing: share of new MRR going live
MONTHLY_CHURN = 0.018  # share of recurring revenue lost per month

__all__ = ["Columns", "MONTHLY_CHURN", "PIPELINE_LAG", "REVENUE_LAG", "WIN_LAG", "lagged_factor",
           "revenue_from_bookings"]


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

