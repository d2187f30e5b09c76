"""Compare scenarios: per VP, annual payout, % of target, cost as % of revenue, differences."""

import streamlit as st

from comp_models import InputError, load_scenario
from comp_models.analysis.advice import VERDICT_WORDS
from comp_models.reports import compare_scenarios, compare_totals
from ui import charts, fmt, state, widgets
from ui.cache import alignment_overview, run_replay
from ui.text import esc

MISALIGNED_BASELINE = "preset:siloed"  # the preset the others fix


def default_baseline(opened: str, sources: list[str], edited: bool) -> tuple[str, str]:
    """The baseline the page opens on, and why ('{baseline}' to fill): the opened file when the plan has unsaved
    edits; else another scenario (the current plan is the opened file): Siloed, the misaligned preset the others
    fix, or the first other preset when Siloed is open, so the page never compares a plan with itself."""
    if edited and opened in sources:
        return opened, "The plan as edited against {baseline} as saved."
    if opened != MISALIGNED_BASELINE and MISALIGNED_BASELINE in sources:
        other, why = MISALIGNED_BASELINE, ", the misaligned baseline the other presets fix"
    else:
        other, why = next((s for s in sources if s.startswith("preset:") and s != opened),
                          next((s for s in sources if s != opened), opened)), ""
    start = "The plan as edited" if edited else "The current plan has no unsaved edits"
    return other, f"{start}: compared with {{baseline}}{why}."


st.title("Compare scenarios")
sources = state.source_paths()
options = ["current", *sources]
opened = st.session_state["source"]
edited = state.has_unsaved_edits()
labels = {"current": "Current plan (as edited)" if edited else f"Current plan: {state.source_label(opened)}, no edits",
          **{s: state.source_label(s) for s in sources}}
baseline, why = default_baseline(opened, list(sources), edited)
labels[baseline] = f"{labels[baseline]}: baseline"
picked = st.multiselect("Scenarios (the first is the baseline for differences)", options,
                        default=[baseline, "current"], format_func=labels.get, key="compare_pick",
                        help="By default the plan being edited against the file it was opened from; with no edits, "
                             "against another scenario.")
if picked[:2] == [baseline, "current"]:
    st.caption(esc(why.replace("{baseline}", state.source_label(baseline))))
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
        # a static table of formatted text: it wraps to the page (no column cut at 800 px) and every figure
        # carries its currency and unit
        st.table(fmt.text_table(table, {
            "scenario": ("Scenario", str), "vp": ("VP", str),
            "earned": ("Earned, average per year", lambda v: fmt.money(v, cur)),
            "pct_of_target": ("% of target (all years)", fmt.pct),
            "cost_pct_of_revenue": ("Cost, % of revenue", lambda v: fmt.pct(v, 2)),
            "diff_earned": ("Δ earned vs baseline, per year", lambda v: fmt.money(v, cur, signed=True)),
            "diff_pct_points": ("Δ % of target (points)", lambda v: fmt.number(v, 1, signed=True))}),
            hide_index=True)
        totals = compare_totals(table)
        verdicts = {}
        for name, (scenario, _) in replays.items():
            try:
                verdicts[name] = VERDICT_WORDS.get(alignment_overview(scenario, state.history())[2], "")
            except InputError:
                verdicts[name] = "cannot be judged on this history"
        totals.insert(1, "verdict", totals["scenario"].map(verdicts))
        st.subheader("Both VPs together")
        st.table(fmt.text_table(totals, {
            "scenario": ("Scenario", str), "verdict": ("Alignment (history)", str),
            "earned_total": ("Combined cost, average per year", lambda v: fmt.money(v, cur)),
            "spiffs_total": ("SPIFFs, average per year", lambda v: fmt.money(v, cur)),
            "cost_pct_of_revenue": ("Combined cost, % of revenue", lambda v: fmt.pct(v, 2)),
            "diff_earned_total": ("Δ combined cost vs baseline, per year", lambda v: fmt.money(v, cur, signed=True))}),
            hide_index=True)
        st.altair_chart(charts.drawn(charts.compare_chart, table, cur), width="stretch")
