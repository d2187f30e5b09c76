"""From the grouped rows to monthly history columns (pandas, a few thousand rows at most).

Opportunities give pipeline_created and marketing_sourced_pipeline (create month, every SQL-stage
opportunity), bookings, won_deals and sales_cycle_days_total (close month, won ones) and, with no
leads file, sqls (create month). Leads give the reached-this-step counts of their cohort month for
the steps the export names (a step no stage value maps to is not in the data, never a copy of the
next one); sqls then come from the leads, so every subset rule holds.
"""

from __future__ import annotations

import pandas as pd

from comp_models.data.crm.rollup import NO_CREATE_MONTH
from comp_models.data.crm.stages import LEAD_RANK, LEAD_STEPS, OPP_STEPS, STEP_COLUMN


def _by_month(frame: pd.DataFrame, month: str, value: str) -> pd.Series:
    f = frame[(frame[month] != "") & (frame[month] != NO_CREATE_MONTH)]
    return f.groupby(month)[value].sum() if len(f) else pd.Series(dtype=float)


def opportunity_columns(groups: pd.DataFrame, marketing: pd.Series) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    """(history columns by month, report-only series such as marketing-sourced bookings)."""
    created = groups[(groups["by"] == "created") & groups["step"].isin(OPP_STEPS)]
    mk = marketing.loc[created.index]
    closed = groups[(groups["by"] == "closed") & (groups["step"] == "won")]
    mkc = marketing.loc[closed.index]
    cols = {
        "pipeline_created": _by_month(created, "month_c", "amount"),
        "marketing_sourced_pipeline": _by_month(created[mk], "month_c", "amount"),
        "sqls": _by_month(created, "month_c", "n"),
        "bookings": _by_month(closed, "month_k", "amount"),
        "won_deals": _by_month(closed, "month_k", "n"),
        "sales_cycle_days_total": _by_month(closed, "month_k", "cycle_days"),
    }
    extra = {"marketing_sourced_bookings": _by_month(closed[mkc], "month_k", "amount"),
             "opportunities_created": _by_month(groups[groups["by"] == "created"], "month_c", "n")}
    return cols, extra


def lead_columns(groups: pd.DataFrame, has_conversions: bool) -> tuple[dict[str, pd.Series], list[str]]:
    """Reached-this-step counts per cohort month for the steps the export names; notes on the others."""
    named = set(groups["step"].dropna())
    produced = [s for s in LEAD_STEPS
                if s in named or (s == "sql" and ("won" in named or has_conversions))
                or (s == "inquiry" and "lost" in named)]
    rank = groups["step"].map(LEAD_RANK)
    cols = {}
    for s in produced:
        reached = groups[rank >= LEAD_RANK[s]]
        cols[STEP_COLUMN[s]] = _by_month(reached, "month_c", "n")
    notes = [f"{STEP_COLUMN[s]}: no stage value of the leads export maps to {s.upper() if s != 'inquiry' else s}: "
             "not in the data" for s in LEAD_STEPS if s not in produced]
    return cols, notes


def month_range(first: str, last: str) -> list[str]:
    return [str(p) for p in pd.period_range(first, last, freq="M")]
