"""Scenario comparison: per VP, average annual payout, % of target, cost as % of revenue, and differences."""

from __future__ import annotations

import pandas as pd

from comp_models.plans import Scenario


def compare_scenarios(summaries: dict[str, tuple[Scenario, pd.DataFrame]], revenue_by_year: pd.Series) -> pd.DataFrame:
    """One row per scenario and VP, over the years the summaries cover.

    earned / target_incentive: averages per year (earned on the plans; SPIFFs apart in `spiffs`, the
    average per year); pct_of_target: total earned / total target; cost_pct_of_revenue: total earned
    plus SPIFFs / company revenue over the same years * 100 (plan years: `revenue_by_year` is keyed by
    plan year);
    diff_*: against the first scenario's row for the same VP (the baseline).
    """
    rows = []
    for name, (scenario, summary) in summaries.items():
        for role, g in summary.groupby("role", sort=False):
            revenue = float(revenue_by_year.reindex(g["year"]).sum()) if len(revenue_by_year) else float("nan")
            spiffs = g["spiffs"] if "spiffs" in g else pd.Series(0.0, index=g.index)
            cost = g["earned"].sum() + spiffs.sum()
            rows.append({"scenario": name, "role": role, "vp": scenario.roles[role].title,
                         "earned": g["earned"].mean(), "spiffs": spiffs.mean(),
                         "target_incentive": g["target_incentive"].mean(),
                         "pct_of_target": 100.0 * g["earned"].sum() / g["target_incentive"].sum(),
                         "cost_pct_of_revenue": 100.0 * cost / revenue if revenue else float("nan")})
    df = pd.DataFrame(rows)
    base = df.groupby("role").first()
    df["diff_earned"] = df["earned"] - df["role"].map(base["earned"])
    df["diff_pct_points"] = df["pct_of_target"] - df["role"].map(base["pct_of_target"])
    return df


def compare_totals(table: pd.DataFrame) -> pd.DataFrame:
    """Per scenario (from `compare_scenarios`' table): both VPs together, earned_total (average per year),
    cost_pct_of_revenue (total earned / revenue * 100), diff_earned_total (against the first scenario)."""
    g = table.groupby("scenario", sort=False).agg(earned_total=("earned", "sum"), spiffs_total=("spiffs", "sum"),
                                                  cost_pct_of_revenue=("cost_pct_of_revenue", "sum")).reset_index()
    g["diff_earned_total"] = g["earned_total"] - g["earned_total"].iloc[0]
    return g
