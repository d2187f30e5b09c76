"""Alignment lab: do the two plans pull together? Scorecard, gradients, conflicts, stress tests,
Monte Carlo, optimiser and the self-assessment; every figure says how it was computed."""

import hashlib

import pandas as pd
import streamlit as st

from comp_models import InputError
from comp_models.analysis import (
    DEFAULT_CONFLICT_THRESHOLD,
    QUESTIONS,
    STRESSES,
    alignment_scorecard,
    apply_weights,
    functional_shares,
    monte_carlo,
    optimise_weights,
    score,
)
from ui import charts, fmt, state, widgets
from ui.text import esc

STATUS_WORD = {"aligned": "✓ Aligned", "mixed": "~ Mixed", "misaligned": "✗ Misaligned", "info": "Info"}
STATUS_COLOR = {"aligned": "#d8f0dc", "mixed": "#fff1c9", "misaligned": "#f8d4d4", "info": ""}
VERDICT_ICON = {"aligned": ":material/check_circle:", "mixed": ":material/warning:", "misaligned": ":material/cancel:"}

scenario, problems = state.scenario_for_numbers()
hist = state.history()
titles = widgets.titles(scenario)
st.title("Alignment")
st.caption(f"{esc(scenario.name)}: do both VPs win and lose together? Each figure below says how it was computed; "
           "formulas are in docs/alignment.md.")
if problems:
    st.warning("The plan being edited is not valid yet; showing the last valid plan.")

with st.expander("Settings: simulation, conflict threshold, stress strengths"):
    c0, c1, c2, c3 = st.columns(4)
    method = c0.selectbox("Simulation model", ["bootstrap", "parametric"], key="al_method",
                          help="bootstrap: resampled blocks of history months (keeps the metrics' correlation); "
                               "parametric: a fitted lognormal model of the monthly columns.")
    sims = c1.select_slider("Simulated years", [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000], value=10_000,
                            key="al_sims")
    seed = c2.number_input("Seed", min_value=0, value=7, step=1, key="al_seed")
    threshold = c3.slider("Below threshold means payout under (% of target)", 10, 90, int(DEFAULT_CONFLICT_THRESHOLD),
                          key="al_threshold")
    strengths = {}
    cols = st.columns(len(STRESSES))
    for col, (name, p) in zip(cols, STRESSES.items()):
        strengths[name] = col.slider(p.label, float(p.min_strength), float(p.max_strength), float(p.default_strength),
                                     key=f"al_stress_{name}", help=p.description)

# Monte Carlo: kept per plan and settings in the session, with a progress bar when computed
mc_key = hashlib.sha256(f"{scenario.model_dump_json()}|{hist.key}|{sims}|{seed}|{method}".encode()).hexdigest()
mc_cache = st.session_state.setdefault("mc_cache", {})
try:
    if mc_key not in mc_cache:
        bar = st.progress(0.0, text=f"Simulating {sims:,} years…")
        mc_cache.clear()  # one plan's simulation at a time is enough
        mc_cache[mc_key] = monte_carlo(scenario, hist.history, hist.targets, n_years=int(sims), seed=int(seed),
                                       method=method, chunk=5_000, progress=lambda f: bar.progress(min(1.0, f)))
        bar.empty()
    mc = mc_cache[mc_key]
    card = alignment_scorecard(scenario, hist.history, hist.targets, simulations=int(sims), seed=int(seed),
                               threshold_pct=float(threshold), stress_strengths=strengths, mc=mc)
except InputError as exc:
    widgets.show_issues(exc.issues, title="Alignment cannot be computed on this history")
    st.stop()

verdict = {"aligned": st.success, "mixed": st.warning, "misaligned": st.error}.get(card.overall_status, st.info)
verdict(f"**Overall:** {esc(card.overall)}", icon=VERDICT_ICON.get(card.overall_status, ":material/info:"))

st.subheader("Scorecard")
frame = card.frame()
status = frame["status"]
table = {"Status": status.map(STATUS_WORD), "Measure": frame["label"],
         "Value": [fmt.scorecard_value(v, u) for v, u in zip(frame["value"], frame["unit"])]}
for role, title in titles.items():
    if role in frame:
        table[title] = [fmt.scorecard_value(v, u) for v, u in zip(frame[role], frame["unit"])]
table.update({"Verdict": frame["verdict"], "How it was computed": frame["how"]})
shown = pd.DataFrame(table).style.apply(
    lambda col: [f"background-color: {STATUS_COLOR.get(x, '')}" for x in status], subset=["Status"])
sel = st.dataframe(shown, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                   key="al_card", column_config={"Verdict": st.column_config.TextColumn(width="large"),
                                                 "How it was computed": st.column_config.TextColumn(width="large")})
rows = sel.selection.rows if sel else []
if rows:
    m = card.metrics[rows[0]]
    st.info(f"**{esc(m.label)}** — {esc(m.verdict)}\n\n**How:** {esc(m.how)}\n\n**Function:** `{m.function}` · "
            f"**Formula:** {esc(m.doc)}")
    if m.parts:
        st.json({k: (v if not hasattr(v, "tolist") else v.tolist()) for k, v in m.parts.items()}, expanded=False)
else:
    st.caption("Select a row to see every figure it was computed from.")

tab_grad, tab_conf, tab_stress, tab_mc, tab_opt, tab_self = st.tabs(
    ["Gradients", "Conflict periods", "Stress tests", "Monte Carlo", "Optimiser", "Self-assessment"],
    key="al_tabs", on_change="rerun")  # stateful: the tab stays open across reruns (Run, Apply)
# The four tabs of figures are lazy: only the open one is computed and drawn (tables and charts the browser is slow
# to draw). The optimiser's and the self-assessment's are drawn always: a widget not drawn in a run loses its
# state, and the browser would show its default when it comes back.
with tab_grad:
    if tab_grad.open:
        g = card.gradients
        st.altair_chart(charts.drawn(charts.tornado_chart, g.table, titles), width="stretch")
        st.altair_chart(charts.drawn(charts.gradient_chart, g.table, titles), width="stretch")
        st.markdown(f"cos(g_Sales, g_Marketing) = **{g.cosine:.2f}** over all levers, **{g.cosine_funnel:.2f}** over "
                    "the funnel levers. Orphans (pay one VP, not the other): "
                    f"**{', '.join(g.orphans) or 'none'}**. Pay a VP while hurting revenue: "
                    f"**{', '.join(g.harmful) or 'none'}**.")
        gcols = {"label": "Lever", **{f"{r}_elasticity": f"{t}: % per +1%" for r, t in titles.items()},
                 "revenue_elasticity": "Revenue: % per +1%",
                 **{f"{r}_change": f"{t}: change" for r, t in titles.items()},
                 "revenue_change": "Revenue: change"}
        gt = g.table[[c for c in gcols if c in g.table]].rename(columns=gcols)
        gt["Flags"] = [", ".join(x for x in (r["orphan"], r["harmful"], r["value_neutral"], r["sign_conflict"]) if x)
                       for r in g.table.to_dict("records")]
        st.dataframe(gt, hide_index=True, width="stretch", column_config={
            **{v: st.column_config.NumberColumn(format="%+.2f") for k, v in gcols.items() if k.endswith("elasticity")},
            **{v: fmt.money_column(v, scenario.currency) for k, v in gcols.items() if k.endswith("_change")}})
with tab_conf:
    if tab_conf.open:
        c = card.conflicts
        st.markdown(f"Conflict rate on the history: **{c.rate:.0%}** of periods"
                    + (f"; in simulated years: **{c.simulated:.1%}**" if c.simulated is not None else "") + ".")
        def _conflict_view(df):
            cc = {"period": st.column_config.TextColumn("Period")}
            for r, t in titles.items():
                cc[f"{r}_pct"] = fmt.pct_column(f"{t}: % of target")
                cc[f"{r}_earned"] = fmt.money_column(f"{t}: earned", scenario.currency)
                cc[f"{r}_target"] = fmt.money_column(f"{t}: target", scenario.currency)
                cc[f"{r}_drivers"] = st.column_config.TextColumn(f"{t}: what drove it")
            cc.update(conflict=st.column_config.CheckboxColumn("Conflict"), cause=st.column_config.TextColumn("Cause"))
            return fmt.blank_text(df), cc

        if len(c.periods):
            view, cc = _conflict_view(c.periods)
            st.dataframe(view, hide_index=True, width="stretch", column_config=cc)
        else:
            st.success("No period in the history where one VP earned ≥ 100% while the other was below threshold.")
        view, cc = _conflict_view(c.table)
        st.dataframe(view, hide_index=True, width="stretch", column_config=cc)
with tab_stress:
    if tab_stress.open:
        st.caption("Each stress perturbs the history (strengths in Settings) and replays both plans. A flag marks a VP "
                   "paid more while the company does worse.")
        scols = {"label": "Stress", "strength": "Strength", "revenue_change": "Revenue change",
                 "revenue_change_pct": "Revenue %", "gross_profit_change_pct": "Gross profit %",
                 **{f"{r}_change": f"{t}: pay change" for r, t in titles.items()},
                 **{f"{r}_change_pct": f"{t}: pay %" for r, t in titles.items()}, "flagged": "Flagged",
                 "description": "What it does"}
        stress_view = card.stress[[k for k in scols if k in card.stress]].rename(columns=scols)
        stress_view = fmt.blank_text(stress_view)
        st.dataframe(stress_view, hide_index=True, width="stretch", column_config={
            "Strength": st.column_config.NumberColumn(format="%+.2f"),
            "Revenue change": fmt.money_column("Revenue change", scenario.currency),
            **{f"{t}: pay change": fmt.money_column(f"{t}: pay change", scenario.currency) for t in titles.values()},
            **{v: fmt.pct_column(v) for k, v in scols.items() if k.endswith("_pct")}})
with tab_mc:
    if tab_mc.open:
        s = mc.summary(float(threshold))
        with st.container(horizontal=True, gap="large"):  # wraps when narrow: no figure is cut
            for role, title in titles.items():
                st.metric(f"P({title} ≥ target)", f"{s[f'{role}.p_at_or_above_target']:.0%}", width="content")
            st.metric("P(conflict)", f"{s['p_conflict']:.1%}", width="content")
            st.metric("Expected cost", fmt.money(s["expected_cost"], scenario.currency), width="content")
            st.metric("95th pct cost", fmt.money(s["cost_p95"], scenario.currency), width="content")
        roles = list(titles)
        if len(roles) >= 2:
            st.altair_chart(charts.drawn(charts.joint_payout_chart, mc.frame(), roles, titles), width="stretch")
        model = "block bootstrap of history months" if method == "bootstrap" else "fitted lognormal model"
        st.caption(f"{sims:,} simulated years ({model}, seed {seed}); co-movement "
                   f"{s['co_movement']:.2f}; cost {s['cost_pct_of_revenue']:.3f}% of revenue.")
def _apply_point(weights: dict) -> None:
    """Apply a frontier point before the next run: every figure on every page is computed on it."""
    try:
        new = apply_weights(state.scenario_for_numbers()[0], weights)
    except InputError as exc:
        st.session_state["opt_apply_error"] = exc.issues
        return
    state.update_draft(new.model_dump(mode="json"))
    state.clear_widgets()
    st.session_state.pop("opt_result", None)  # the frontier was of the plan before the change
    st.session_state["mc_cache"] = {}
    st.session_state["opt_applied"] = True


with tab_opt:
    st.caption("Searches both plans' bonus weights for the highest alignment (co-movement − conflict rate across "
               "simulated years) within the budget, among sensible plans: a floor on company revenue and bookings, "
               "no weight at nothing, each VP's chance of reaching target within a band.")
    o1, o2, o3 = st.columns(3)
    budget = o1.number_input(f"Budget, expected annual cost ({scenario.currency}; 0 = today's)", min_value=0.0,
                             value=0.0, step=10_000.0, format="%.0f", key="opt_budget")
    # default: 20%, or less when today's plans keep less, so that today's plans are candidates
    today_func = min(functional_shares(scenario).values(), default=20.0)
    min_func = o2.slider("Minimum weight on functional goals", 0, 60, int(min(20.0, today_func // 5 * 5)),
                         format="%d%%", key="opt_min_func",
                         help="Each VP keeps at least this much on goals of their own function. The default is 20%, "
                              "or today's plans' own share when lower, so that today's plans are candidates.")
    max_w = o3.slider("Maximum weight of one component", 20, 100, 40, format="%d%%", key="opt_max_w")
    o4, o5, o6 = st.columns(3)
    min_company = o4.slider("Minimum weight on company revenue and bookings", 0, 60, 20, format="%d%%",
                            key="opt_min_company")
    min_each = o5.slider("Minimum weight of any component", 0, 20, 5, format="%d%%", key="opt_min_each")
    # default band: today's plans' chances of reaching target, 25 points either side (a sensible plan stays near)
    today_p = [100.0 * mc.summary(float(threshold))[f"{r}.p_at_or_above_target"] for r in titles]
    band_default = (int(max(0.0, min(today_p) - 25) // 5 * 5), int(min(100.0, -(-(max(today_p) + 25) // 5) * 5)))
    band = o6.slider("Each VP's chance of reaching target within", 0, 100, band_default, format="%d%%",
                     key="opt_band", help="Default: today's plans' chances, 25 points either side; for example "
                                          "40-80%: neither a plan nobody reaches nor one everybody does.")
    if st.button("Run optimiser", key="opt_run", type="primary"):
        with st.status("Searching both plans' weights…", expanded=False) as status:
            status.write("Simulating years and scoring every pair of candidate plans…")
            try:
                st.session_state["opt_result"] = optimise_weights(
                    scenario, hist.history, hist.targets, budget=budget or None, min_functional_pct=float(min_func),
                    max_weight_pct=float(max_w), min_company_pct=float(min_company), min_each_pct=float(min_each),
                    p_target_band=None if tuple(band) == (0, 100) else (float(band[0]), float(band[1])))
            except InputError as exc:
                status.update(label="The optimiser cannot run on this plan", state="error")
                widgets.show_issues(exc.issues, title="The optimiser cannot run on this plan")
            else:
                res = st.session_state["opt_result"]
                status.update(label=f"Done: {res.n_pairs:,} plan pairs scored in {res.seconds:.1f} s",
                              state="complete")
    if st.session_state.pop("opt_applied", False):
        st.success("Applied. The verdict, the scorecard, the Monte Carlo and every page now use these weights.")
    if st.session_state.get("opt_apply_error"):
        widgets.show_issues(st.session_state.pop("opt_apply_error"), title="These weights cannot be applied")
    res = st.session_state.get("opt_result")
    if res is not None:
        base_p = res.settings.get("baseline_p_at_or_above_target", {})
        st.altair_chart(charts.drawn(charts.frontier_chart, res.frontier, res.budget, res.baseline, scenario.currency),
                        width="stretch")
        st.caption(f"{res.n_pairs:,} plan pairs met the constraints; today's plan: alignment "
                   f"{res.baseline.get('alignment', float('nan')):+.3f}, expected cost "
                   f"{fmt.money(res.baseline.get('expected_cost'), scenario.currency)}, chance of reaching target "
                   + ", ".join(f"{esc(titles[r])} {fmt.share(v)}" for r, v in base_p.items()) + ".")
        if not len(res.frontier):
            reach = "; ".join(f"{esc(titles[r])} {lo:.0f}-{hi:.0f}%"
                              for r, (lo, hi) in res.settings.get("p_at_target_range_pct", {}).items())
            st.warning("No pair of plans meets these constraints. The weights searched give each VP a chance of "
                       f"reaching target of {reach}: set the band to overlap it, or loosen the floors. The chance "
                       "is set by the target levels more than by the weights (Plan builder's target levels).")
        else:
            view = {"Point": list(range(len(res.frontier))),
                    "Alignment": res.frontier["alignment"], "Expected cost": res.frontier["expected_cost"],
                    "Within budget": res.frontier["within_budget"]}
            for role in res.roles:
                view[f"{titles[role]}: P(≥ target)"] = 100.0 * res.frontier[f"{role}.p_at_or_above_target"]
            table = pd.DataFrame(view)
            table.insert(1, "Today", res.frontier["is_baseline"].map({True: "today's plan", False: ""}))
            st.dataframe(table, hide_index=True, width="stretch", column_config={
                "Alignment": st.column_config.NumberColumn(format="%+.3f"),
                "Expected cost": fmt.money_column("Expected cost", scenario.currency),
                **{f"{t}: P(≥ target)": fmt.pct_column(f"{t}: P(≥ target)", 0) for t in titles.values()}})
            better = res.best is not None and res.best["alignment"] > res.baseline.get("alignment", float("-inf"))
            default = int(res.frontier.index.get_loc(res.best.name)) if res.best is not None else 0
            point = st.number_input("Frontier point to apply", 0, len(res.frontier) - 1, default, key="opt_point")
            # the chosen point's weights beside today's, one row per component: no horizontal scrolling
            row = res.frontier.iloc[int(point)]
            today = {r: {c.name: c.weight for c in scenario.roles[r].weighted_components()} for r in res.roles}
            weights = [{"VP": titles[role], "Component": n, "Today": f"{today[role].get(n, 0.0):g}%",
                        f"Point {int(point)}": f"{row[f'w:{role}:{n}']:g}%"}
                       for role in res.roles for n in res.component_names[role]]
            st.dataframe(pd.DataFrame(weights), hide_index=True, width="stretch")
            if not res.baseline.get("feasible", True):
                st.info("Today's plan is outside these constraints (e.g. a VP's functional share under the "
                        f"minimum of {res.settings['min_functional_pct']:g}%), so it is not a candidate: a point "
                        "may be less aligned than today's plan. Lower the functional minimum to compare with it.")
            elif not better:
                st.info("No point within the budget beats today's plan on alignment.")
            st.button("Apply these weights to the plan", key="opt_apply", type="primary", on_click=_apply_point,
                      args=(res.weights(int(point)),))
with tab_self:
    st.caption("Ten yes/no questions on how sales and marketing work together (after Kotler, Rackham & "
               "Krishnaswamy, HBR 2006), scored into a relationship stage with the preset that fits it.")
    answers = {q.key: st.checkbox(q.text, key=f"sa_{q.key}") for q in QUESTIONS}
    a = score(answers)
    st.markdown(f"**Stage: {a.stage.value.title()}** ({a.points}/10 points, about {a.krk_equivalent} on the "
                f"20–100 scale). {a.info.description}")
    st.markdown(f"Fitting preset: **{a.preset}**. {a.info.preset_reason}")
    if st.button(f"Open the {a.preset} preset", key="sa_open"):
        state.request_open(f"preset:{a.preset}")
        st.rerun()
