"""The monthly history columns (the data dictionary) and the funnel's subset rules."""

from __future__ import annotations

import numpy as np

from comp_models.metrics.registry import COUNT, DAYS, MONEY

#: Every column a history file may have, in canonical order, with unit and meaning.
HISTORY_COLUMNS: dict[str, tuple[str, str]] = {
    "month": ("YYYY-MM", "calendar month of the row"),
    "revenue": (MONEY, "revenue recognised in the month"),
    "bookings": (MONEY, "new contract value signed in the month, net of discount"),
    "gross_profit": (MONEY, "revenue minus cost of revenue"),
    "discount_given": (MONEY, "list-price discount conceded on the month's bookings"),
    "pipeline_created": (MONEY, "value of new qualified opportunities created"),
    "marketing_sourced_pipeline": (MONEY, "part of pipeline_created sourced by marketing"),
    "marketing_spend": (MONEY, "marketing spend"),
    "sales_expense": (MONEY, "sales expense"),
    "inquiries": (COUNT, "inquiries (top of the demand waterfall)"),
    "mqls": (COUNT, "marketing-qualified leads"),
    "sals": (COUNT, "sales-accepted leads"),
    "sqls": (COUNT, "sales-qualified leads"),
    "won_deals": (COUNT, "deals won"),
    "mqls_followed_up_in_sla": (COUNT, "MQLs given a first sales touch within the SLA"),
    "sales_cycle_days_total": (DAYS, "sum over won deals of days from opportunity to win"),
    "forecast_bookings": (MONEY, "bookings forecast committed at the start of the month"),
    "launches_delivered": (COUNT, "joint sales-marketing launches delivered"),
    "trainings_delivered": (COUNT, "sales trainings delivered"),
}
NUMERIC_COLUMNS = [c for c in HISTORY_COLUMNS if c != "month"]
COUNT_COLUMNS = [c for c, (unit, _) in HISTORY_COLUMNS.items() if unit in (COUNT, DAYS)]

#: Columns that may be negative in a month: de-bookings, refunds, cancellations (docs/money.md §11).
SIGNED_COLUMNS = ("revenue", "bookings", "gross_profit", "pipeline_created", "marketing_sourced_pipeline")
#: The largest |value| of a money column: cents stay exact in float64 through every sum.
MAX_MONEY = 1e12

CONSISTENCY = [  # (smaller, larger): a count can never exceed the stage it comes from
    ("mqls", "inquiries"),
    ("sals", "mqls"),
    ("sqls", "sals"),
    ("mqls_followed_up_in_sla", "mqls"),
    ("marketing_sourced_pipeline", "pipeline_created"),
]


def floor_subsets(cols: dict) -> dict:
    """In place: no subset column exceeds its parent (sqls <= sals <= mqls ...), in funnel order.
    CONSISTENCY lists parents first, so each column is floored after its own parent was."""
    for small, large in CONSISTENCY:
        if small in cols and large in cols:
            cols[small] = np.minimum(cols[small], cols[large])
    return cols
