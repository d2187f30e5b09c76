"""Marketing-sourced pipeline and bookings: by the opportunity's source field, or through its lead.

`source`: an opportunity is marketing-sourced when its own source value (Salesforce LeadSource,
HubSpot Original Source, `origin`) is one of the marketing sources. `join`: when it converted from a
lead (the lead's converted-opportunity id, or the opportunity's lead id) whose source is marketing,
or any lead when the leads file has no source column. Every source value is listed with its row
count and whether it counted, so nothing is classified unseen; the join's rate, orphans and
duplicates are reported.
"""

from __future__ import annotations

import pandas as pd

from comp_models.data.crm.mapping import FileMapping, normal
from comp_models.errors import InputError, Issue

DEFAULT_MARKETING_SOURCES = (
    "Web", "Website", "Advertisement", "Webinar", "Trade Show", "Seminar - Internal", "Seminar - Partner", "Email",
    "Email Marketing", "Organic Search", "Paid Search", "Social Media", "Paid Social", "Social", "Content",
    "Content Syndication", "Display", "Direct Traffic", "Inbound", "Marketing", "Event", "Events", "organic_search",
    "paid_search", "direct_traffic", "email", "social", "display", "unknown_marketing")


def settings(attribution: dict, omap: FileMapping, lmap: FileMapping | None, has_join: bool,
             mapping_file: str) -> tuple[str | None, set[str], list[str]]:
    """(method or None, the marketing source values (normalised), notes)."""
    notes: list[str] = []
    sources = {normal(v) for v in attribution.get("marketing_sources", DEFAULT_MARKETING_SOURCES)}
    method = attribution.get("method")
    if method not in (None, "source", "join"):
        raise InputError([Issue(mapping_file, "attribution.method", f"is {method!r}", "use \"source\" or \"join\"")])
    if method is None:
        method = "source" if "source" in omap.columns else "join" if has_join else None
    if method == "source" and "source" not in omap.columns:
        raise InputError([Issue(mapping_file, "attribution.method", "is \"source\" but the opportunities export has "
                                "no source column", "name it: [opportunities.columns] source = \"<column>\"")])
    if method == "join" and not has_join:
        where = "the leads export" if lmap is not None else "--leads"
        raise InputError([Issue(mapping_file if lmap is not None else "--leads", "attribution",
                                f"needs a join of leads to opportunities but {where} has no join key "
                                "(no converted-opportunity id in the leads, no lead id in the opportunities)",
                                "name the key: [leads.columns] opportunity_id = \"<column>\" or [opportunities.columns] "
                                "lead_id = \"<column>\"; or attribute by the opportunity's source field "
                                "([attribution] method = \"source\")")])
    if method is None:
        notes.append("marketing_sourced_pipeline: the opportunities have no source column and no leads file joins "
                     "them: not in the data")
    return method, sources, notes


def marketing_mask(groups: pd.DataFrame, method: str | None, sources: set[str]) -> pd.Series:
    if method is None:
        return pd.Series(False, index=groups.index)
    if method == "source":
        return groups["src"].map(lambda v: isinstance(v, str) and normal(v) in sources).astype(bool)
    has_lead_source = (groups["lsrc"] != "").any()
    lead_ok = groups["lsrc"].map(lambda v: isinstance(v, str) and normal(v) in sources) if has_lead_source else True
    return (groups["joined"].astype(bool) & lead_ok).astype(bool)


def source_table(groups: pd.DataFrame, method: str | None, sources: set[str]) -> list[dict]:
    """Every source value with its opportunity count and whether it counts as marketing."""
    if method is None:
        return []
    col = "src" if method == "source" else "lsrc"
    created = groups[groups["by"] == "created"]
    counts = created.groupby(created[col].replace("", "(blank)"))["n"].sum().sort_values(ascending=False)
    return [{"source": v, "opportunities": int(n), "marketing": normal(v) in sources if v != "(blank)" else False}
            for v, n in counts.items()]


def join_stats(opp_groups: pd.DataFrame, lead_groups: pd.DataFrame | None, has_join: bool, opp_rows: int) -> dict:
    """Join rate (opportunities matched to a lead), orphans on either side, duplicate matches."""
    if lead_groups is None or not has_join:
        return {"join": "none" if lead_groups is None else "no join key"}
    created = opp_groups[opp_groups["by"] == "created"]
    matched = int(created.loc[created["joined"].astype(bool), "n"].sum())
    converted = lead_groups[lead_groups["converted"].astype(bool)]
    lead_orphans = int(converted.loc[~converted["matched"].astype(bool), "n"].sum())
    return {"join": "lead -> opportunity", "opportunities": opp_rows, "opportunities_matched": matched,
            "join_rate": round(matched / opp_rows, 4) if opp_rows else None,
            "leads_converted": int(converted["n"].sum()),
            "orphan_leads": lead_orphans, "orphan_opportunities": int(created["n_orphan"].sum()),
            "opportunities_with_several_leads": int(created["n_multi_lead"].sum())}
