"""Back-test: both plans replayed over the history, per period and cumulative, with traces."""

import altair as alt
import streamlit as st

from ui import charts, fmt, widgets
from ui.text import esc

got = widgets.current_replay()
if got:
    scenario, rep, _ = got
    names = widgets.titles(scenario)
    cur = scenario.currency
    st.title("Back-test")
    st.caption("Both plans replayed over the history. Click a heatmap cell or a table row to read how that "
               "number was calculated.")
    as_pct = st.toggle("Show as % of each period's target incentive", key="bt_pct")
    periods = rep.periods
    if as_pct:  # each role on its own measurement periods
        targets = {role: dict(zip(rr.grid.labels, rr.target_variable)) for role, rr in rep.result.roles.items()}
        tv = [targets[r][p] for r, p in zip(periods["role"], periods["period"])]
        periods = periods.assign(earned=100.0 * periods["earned"] / tv, paid=100.0 * periods["paid"] / tv)
    left, right = st.columns(2)
    with left:
        st.altair_chart(charts.drawn(charts.payout_timeline, periods, names, pct=as_pct, currency=cur), width="stretch")
    with right:
        st.altair_chart(charts.drawn(charts.cumulative_chart, rep.periods, names, cur), width="stretch")

    cell = alt.selection_point(name="cell", fields=["role", "component", "period"], on="click")
    heat = charts.attainment_heatmap(rep.stmt, names, cur).add_params(cell)
    event = st.altair_chart(heat, width="stretch", on_select="rerun", key="heatmap")
    picked = (event.selection.get("cell") or [None])[0] if event and hasattr(event, "selection") else None

    st.subheader("Per period, side by side")
    cols = st.columns(len(scenario.roles))
    for col, role in zip(cols, scenario.roles):
        with col:
            st.markdown(f"**{esc(names[role])}**")
            per = rep.periods[rep.periods["role"] == role][["period", "earned", "paid"]]
            st.dataframe(per, hide_index=True, width="stretch", column_config={
                "period": "Period", "earned": fmt.money_column("Earned", cur), "paid": fmt.money_column("Paid", cur)})

    st.subheader("Every line")
    f1, f2 = st.columns(2)
    role_pick = f1.selectbox("VP", list(scenario.roles), format_func=names.get, key="bt_role")
    periods = list(dict.fromkeys(rep.stmt.loc[rep.stmt["role"] == role_pick, "period"]))
    period_pick = f2.selectbox("Period", ["all", *periods], key="bt_period")
    lines = rep.stmt[rep.stmt["role"] == role_pick]
    if period_pick != "all":
        lines = lines[lines["period"] == period_pick]
    goal_names = {g: goal.display_label for g, goal in scenario.goals.items()}
    shown = lines.assign(
        goal=lines["goal"].map(goal_names).fillna(""),
        shared=lines["shared"].map({True: "shared", False: "own"}).fillna(""),
        line=lines["line"].str.capitalize(),
        # the engine's own line names (plan cap, holdback, draw balance...) read as labels; component names as given
        component=[c[:1].upper() + c[1:] if k in ("plan", "payment", "balance") else c
                   for c, k in zip(lines["component"].fillna(""), lines["line"])],
        actual=[fmt.metric_value(v, m, cur) if isinstance(m, str) else "" for v, m in zip(lines["actual"], lines["metric"])],
        target=[fmt.metric_value(v, m, cur) if isinstance(m, str) else "" for v, m in zip(lines["target"], lines["metric"])],
    )[["period", "line", "component", "goal", "shared", "actual", "target", "attainment", "payout_pct", "earned", "paid"]]
    # a plan cap, holdback, payment or balance line has no attainment or payout %: '—' there, never 'None'
    table = st.dataframe(shown, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                         key="bt_lines", placeholder=fmt.EMPTY, column_config={
                             "period": "Period", "line": "Line", "component": "Component", "goal": "Goal",
                             "shared": "Goal is", "actual": "Actual", "target": "Target",
                             "attainment": fmt.pct_column("Attainment"), "payout_pct": fmt.pct_column("Payout"),
                             "earned": fmt.money_column("Earned", cur), "paid": fmt.money_column("Paid", cur)})
    rows = table.selection.rows if table else []
    st.subheader("Calculation trace")
    if rows:
        st.info(esc(lines.iloc[rows[0]]["trace"]))
    elif picked:
        hit = rep.stmt[(rep.stmt["role"] == picked.get("role")) & (rep.stmt["period"] == picked.get("period"))
                       & (rep.stmt["component"] == picked.get("component"))]
        for text in hit["trace"]:
            st.info(esc(text))
    else:
        st.caption("Select a row above (or a heatmap cell) to see its trace.")
