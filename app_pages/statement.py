"""Statements: one VP's payslip for a period, with the year to date: each line, what was held back,
deferred and owed on a draw, the adjustments, and what was paid; downloadable."""

import streamlit as st

from comp_models.dates import year_label

from comp_models.reports.workbook import payslip_csv
from comp_models.statements.payslip import payslip, payslip_periods
from ui import fmt, widgets
from ui.text import esc

got = widgets.current_replay()
if got:
    scenario, rep, _ = got
    cur = scenario.currency
    names = widgets.titles(scenario)
    st.title("Statements")
    st.caption("A payslip per VP and period: every line this period and year to date, what is held back or "
               "deferred, the draw balance, adjustments and what was paid. Every figure is a sum of the "
               "statement's cents.")
    c1, c2 = st.columns(2)
    role = c1.selectbox("VP", list(scenario.roles), format_func=names.get, key="slip_role")
    periods = payslip_periods(rep.stmt, role)
    period = c2.selectbox("Period", periods, index=len(periods) - 1, key=f"slip_period/{role}")
    slip = payslip(rep.stmt, role, period, names[role])
    year_text = year_label(slip.year, scenario.fiscal_year_start)
    open_note = {"open": " · open year: not settled, no true-up yet",
                 "partial": " · partial year: the history starts inside it, not re-measured"}.get(slip.year_status, "")
    st.subheader(f"{esc(slip.title)} · {period}{open_note}")
    with st.container(horizontal=True, gap="large"):  # wraps when narrow: no figure is cut
        st.metric("Earned", fmt.money(slip.totals["period"]["earned"], cur, 2), width="content",
                  help=f"Year to date: {fmt.money(slip.totals['ytd']['earned'], cur, 2)}")
        st.metric("Paid", fmt.money(slip.totals["period"]["paid"], cur, 2), width="content",
                  help=f"Year to date: {fmt.money(slip.totals['ytd']['paid'], cur, 2)}")
        st.metric("Held back", fmt.money(slip.balances["held"], cur, 2), width="content",
                  help="Balance at the period's end")
        st.metric("Deferred", fmt.money(slip.balances["deferred"], cur, 2), width="content",
                  help="Balance at the period's end")
        st.metric("Draw balance owed", fmt.money(slip.balances["draw_balance"], cur, 2), width="content",
                  help="Balance at the period's end")
    # widths that add up to less than the page at 800 px (468 px beside the sidebar): no column is cut; wider
    # pages share the rest; the period is in the heading above, so its column is "This period"
    st.dataframe(slip.lines, hide_index=True, width="stretch", placeholder=fmt.EMPTY, column_config={
        "section": st.column_config.TextColumn("Section", width=70),
        "item": st.column_config.TextColumn("Line", width=170),
        "period": fmt.money_column("This period", cur, width=105, help=f"{period}"),
        "ytd": fmt.money_column("Year to date", cur, width=105, help=f"{year_text} to the end of {period}")})
    with st.container(horizontal=True, gap="large"):
        st.metric(f"Earned, {year_text} to date", fmt.money(slip.totals["ytd"]["earned"], cur, 2), width="content")
        if slip.totals["ytd"]["spiffs"]:
            st.metric("SPIFFs to date", fmt.money(slip.totals["ytd"]["spiffs"], cur, 2), width="content",
                      help="One-off awards outside the plan's weights")
        st.metric("Adjustments to date", fmt.money(slip.totals["ytd"]["adjustments"], cur, 2), width="content")
        st.metric(f"Paid, {year_text} to date", fmt.money(slip.totals["ytd"]["paid"], cur, 2), width="content")
    slug = f"{scenario.name}_{role}_{period}".replace(" ", "_").lower()
    st.download_button("Download this statement (CSV)", payslip_csv(slip), file_name=f"{slug}_statement.csv",
                       mime="text/csv", key="dl_slip", on_click="ignore", icon=":material/download:")
