"""Payouts: both VPs side by side, per year and over time."""

import streamlit as st

from comp_models.dates import year_label

from ui import fmt, widgets
from ui.text import esc

got = widgets.current_replay()
if got:
    scenario, rep, _ = got
    st.title(f"Payouts · {esc(scenario.name)}")
    st.caption(esc(scenario.description))
    cur = scenario.currency
    years = sorted(rep.summary["year"].unique())
    fy = scenario.fiscal_year_start  # plan years: "2025", or "FY2025" when they start in another month
    year = st.segmented_control("Year", years, default=years[-1], key="overview_year",
                                format_func=lambda y: year_label(int(y), fy)) or years[-1]
    # the verdict's place, filled at the end of the page: its search for the best move is the slowest figure
    # here, so the payouts and charts below are on screen before it (the page reads the same once it is in)
    verdict = widgets.verdict_slot()
    widgets.payout_strip(scenario, rep, year)
    from ui import charts  # altair only once the payouts are on their way to the browser
    names = widgets.titles(scenario)
    table = rep.summary.assign(vp=rep.summary["role"].map(names),
                               year=rep.summary["plan_year"] if "plan_year" in rep.summary else rep.summary["year"])[
        ["vp", "year", "earned", "pct_of_target", "paid"]]
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "vp": "VP", "year": st.column_config.TextColumn("Plan year", width="small"),
        "earned": fmt.money_column("Earned", cur), "pct_of_target": fmt.pct_column("% of target"),
        "paid": fmt.money_column("Paid", cur)})
    left, right = st.columns(2)
    with left:
        st.altair_chart(charts.drawn(charts.annual_pct_chart, rep.summary, names, cur), width="stretch")
    with right:
        st.altair_chart(charts.drawn(charts.payout_timeline, rep.periods, names, currency=cur), width="stretch")
    widgets.pay_vs_outcome(scenario, rep)
    widgets.ceo_verdict(scenario, slot=verdict)
