"""Compare scenarios: per VP, annual payout, % of target, cost as % of revenue, differences."""

import streamlit as st

from comp_models import InputError, load_scenario
from comp_models.analysis.advice import VERDICT_WORDS
from comp_models.reports import compare_scenarios, compare_totals
from ui import charts, fmt, state, widgets
from ui.cache import alignment_overview, run_replay

st.title("Compare scenarios")
sources = state.source_paths()
options = ["current", *sources]
labels = {"current": "Current plan (as edited)", **{s: state.source_label(s) for s in sources}}
opened = st.session_state["source"]
baseline = opened if opened in sources else next(s for s in sources if s.startswith("preset:"))
labels[baseline] = f"{labels[baseline]}: as saved (baseline)"
picked = st.multiselect("Scenarios (the first is the baseline for differences)", options,
                        default=[baseline, "current"], format_func=labels.get, key="compare_pick",
                        help="By default the plan being edited against the file it was opened from.")
if len(picked) < 2:
    st.info("Choose two or more scenarios.")
else:
    replays, problems = {}, []
    for src in picked:
        try:
            scenario = state.scenario_for_numbers()[0] if src == "current" else load_scenario(sources[src])
            replays[labels[src]] = (scenario, run_replay(scenario, state.history()))
        except InputError as exc:
            problems.append((labels[src], exc))
    for name, exc in problems:
        widgets.show_issues(exc.issues, title=f"{name} cannot be compared")
    if len(replays) >= 2:
        first = next(iter(replays.values()))[0]  # plan years of the first scenario
        table = compare_scenarios({k: (s, r.summary) for k, (s, r) in replays.items()},
                                  state.history().history.yearly_totals("revenue", first.fiscal_year_start))
        cur = next(iter(replays.values()))[0].currency
        shown = table[["scenario", "vp", "earned", "pct_of_target", "cost_pct_of_revenue", "diff_earned",
                       "diff_pct_points"]]
        st.dataframe(shown, hide_index=True, width="stretch", column_config={
            "scenario": st.column_config.TextColumn("Scenario", width="medium"), "vp": "VP",
            "earned": fmt.money_column("Earned, average per year", cur),
            "pct_of_target": fmt.pct_column("% of target (all years)"),
            "cost_pct_of_revenue": fmt.pct_column("Cost, % of revenue", 2),
            "diff_earned": fmt.money_column("Δ earned vs baseline, per year", cur),
            "diff_pct_points": st.column_config.NumberColumn("Δ % of target (points)", format="%+.1f")})
        totals = compare_totals(table)
        verdicts = {}
        for name, (scenario, _) in replays.items():
            try:
                verdicts[name] = VERDICT_WORDS.get(alignment_overview(scenario, state.history())[2], "")
            except InputError:
                verdicts[name] = "cannot be judged on this history"
        totals.insert(1, "verdict", totals["scenario"].map(verdicts))
        st.subheader("Both VPs together")
        st.dataframe(totals, hide_index=True, width="stretch", column_config={
            "scenario": st.column_config.TextColumn("Scenario", width="medium"), "verdict": "Alignment (history)",
            "earned_total": fmt.money_column("Combined cost, average per year", cur),
            "cost_pct_of_revenue": fmt.pct_column("Combined cost, % of revenue", 2),
            "diff_earned_total": fmt.money_column("Δ combined cost vs baseline, per year", cur)})
        st.altair_chart(charts.compare_chart(table, cur), width="stretch")
