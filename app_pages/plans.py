"""Plan builder: both plans side by side, every number live."""

from __future__ import annotations

import copy
import time

import pandas as pd
import streamlit as st

from comp_models import METRICS, InputError
from comp_models.dates import plan_year as month_plan_year
from comp_models.engine import history_term_warnings, with_on_target_commission
from comp_models.plans import add_component, remove_component
from comp_models.plans.editing import rebalance_weights, set_weight, share_goal
from ui import cache, charts, fmt, objectives_editor, plan_figures, plan_timing, spiffs_editor, state, timing, widgets
from ui.editing import (bind, bind_slider, editor_open_key, keep_editor_open, key_for, list_editor, pick,
                        rerun_fragment, set_in, show_component, structural)
from ui.text import esc

PERIODS = ["monthly", "quarterly", "annual"]
LIVE = "plan_live"  # the fragment of the page's figures (`_live`)
TRUE_UPS = ["none", "annual", "ytd"]


def _draft_op(fn, *args):
    """Apply a comp_models.plan_tools function to the draft."""
    state.update_draft(fn(copy.deepcopy(state.draft()), *args))


def _component(role: str, i: int, comp: dict, goals: list[str], shared: set[str]) -> None:
    base = ("roles", role, "components", i)
    kind = comp.get("kind", "bonus")
    labels = _goal_labels()
    goal_names = {g: f"{labels.get(g, g)} ({'shared' if g in shared else 'own'})" for g in goals}
    with st.container(border=True):
        st.markdown(f"**{esc(comp['name'])}** · {kind}")
        name = bind(base + ("name",))
        st.text_input("Name", key=name["key"], on_change=_renamed, args=(role, comp["name"], name))
        if kind != "objectives":
            st.selectbox("Goal", goals, format_func=goal_names.get, **bind(base + ("goal",)),
                         help="Pick the same goal as the other plan to make it shared.")
        if kind == "commission":
            c1, c2, c3 = st.columns(3)
            c1.selectbox("Tier mode", ["marginal", "retroactive", "interpolated"], **bind(base + ("tier_mode",), "marginal"))
            c2.selectbox("Tier basis", ["amount", "attainment"], **bind(base + ("tier_basis",), "amount"))
            c3.selectbox("Accumulate", ["period", "quarter", "year"], **bind(base + ("accumulate",), "period"))
            st.number_input("On-target commission (annual; empty: the tier table at 100% of each year's target)",
                            min_value=0.0, step=5000.0, **bind(base + ("target_earnings",), None))
            cur = state.draft().get("currency", "USD")
            by_amount = comp.get("tier_basis", "amount") == "amount"
            list_editor(base + ("tiers",), ["start", "rate", "amount"],
                          "Tiers: start (amount, or % of target when basis is attainment), rate %, or amount per band "
                          "for interpolated tables.", column_config={
                              "start": fmt.money_column("start", cur) if by_amount else fmt.pct_column("start, % of target"),
                              "rate": fmt.pct_column("rate", 2), "amount": fmt.money_column("amount", cur)})
            _preview(role, i, _tier_preview)
        else:
            if kind == "objectives":
                objectives_editor.component_editor(base, comp)
            elif kind == "bonus":
                list_editor(base + ("curve",), ["attainment %", "payout %"],
                              "Curve: nothing below the first point (the threshold), linear between points, "
                              "flat after the last (the cap). The preview marks this year's attainment in red.")
                _preview(role, i, _curve_preview)
            else:
                lx = ", ".join(f"{v:g}%" for v in comp.get("levels_x", []))
                ly = ", ".join(f"{v:g}%" for v in comp.get("levels_y", []))
                st.caption(f"Matrix: {esc(labels.get(comp.get('goal'), ''))} levels {lx} × "
                           f"{esc(labels.get(comp.get('goal_y'), ''))} levels {ly}")
                list_editor(base + ("payouts",), [f"x≥{v:g}" for v in comp.get("levels_x", [])],
                              "Payout % by level (rows: the second goal's levels, lowest first).")
                _preview(role, i, _matrix_preview)
            st.multiselect("Pay above 100% only if all these goals reach 100%", goals, format_func=labels.get,
                           **bind(base + ("upside_requires",), []))
        _gates_and_caps(role, i, comp, goals, goal_names)
        st.button("Remove component", key=f"{state.WIDGET_PREFIX}rm/{role}/{i}",
                  on_click=structural(_draft_op), args=(remove_component, role, i))


def _gates_and_caps(role: str, i: int, comp: dict, goals: list[str], goal_names: dict[str, str]) -> None:
    """The component's gates and conditional caps, in an expander drawn only when open (two tables the browser
    is slow to draw, which most components leave empty), under a line counting what is set, so a gate is never
    out of sight."""
    base = ("roles", role, "components", i)
    gates, caps = len(comp.get("gates") or []), len(comp.get("conditional_caps") or [])
    kind = comp.get("kind", "bonus")
    said = [_count(gates, "gate")] + ([] if kind == "commission" else [_count(caps, "conditional cap")])
    title = "Gates" if kind == "commission" else "Gates and conditional caps"
    st.caption(f"{title}: {', '.join(said)}")  # outside: a label that changed would close the expander
    with st.expander(title, key=f"open_gates/{role}/{i}", on_change="rerun") as box:
        if not box.open:
            return
        list_editor(base + ("gates",), ["goal", "min_attainment"], "Gates: pays nothing unless the goal reaches "
                      "the minimum attainment %.", column_config={
                          "goal": st.column_config.SelectboxColumn("goal", options=goals, required=True,
                                                                  format_func=goal_names.get),
                          "min_attainment": st.column_config.NumberColumn("min attainment %", min_value=0.0)})
        if kind != "commission":
            list_editor(base + ("conditional_caps",), ["goal", "min_attainment", "cap"],
                          "Conditional caps: payout capped at cap % unless the goal reaches min attainment %.",
                          column_config={"goal": st.column_config.SelectboxColumn("goal", options=goals, required=True,
                                                                         format_func=goal_names.get),
                                         "min_attainment": st.column_config.NumberColumn("min attainment %"),
                                         "cap": st.column_config.NumberColumn("cap %")})


def _count(n: int, what: str) -> str:
    return f"no {what}s" if n == 0 else f"{n} {what}" + ("" if n == 1 else "s")


def _preview(role: str, i: int, draw) -> None:
    """A preview's place in a component's editor, drawn by the live figures (`_live`): its red mark and scale
    are this year's figures of the replay, which every value-only control changes."""
    PREVIEWS.append((st.container(), role, i, draw))


def _tier_preview(cols: dict | None, role: str, comp: dict) -> None:
    window = plan_figures.window_target(cols, role, comp,
                                        state.draft()["roles"][role].get("measurement_period", "quarterly"))
    if comp.get("tiers") and (window or comp.get("tier_basis", "amount") == "amount"):
        marked = plan_figures.this_year(cols, role, comp["name"]) if comp.get("tier_basis") == "attainment" else None
        st.altair_chart(charts.drawn(charts.tier_preview, comp["tiers"], comp.get("tier_mode", "marginal"),
                                     comp.get("tier_basis", "amount"), comp.get("ceiling"), window or 0.0,
                                     marked, state.draft().get("currency", "USD")),
                        width="stretch")


def _curve_preview(cols: dict | None, role: str, comp: dict) -> None:
    st.altair_chart(charts.curve_preview_drawn(comp.get("curve", []), plan_figures.this_year(cols, role, comp["name"])),
                    width="stretch")


def _matrix_preview(cols: dict | None, role: str, comp: dict) -> None:
    labels = _goal_labels()
    marked = (plan_figures.this_year(cols, role, comp["name"]), plan_figures.goal_attainment(cols, comp.get("goal_y")))
    st.altair_chart(charts.drawn(charts.matrix_preview, comp.get("levels_x", []), comp.get("levels_y", []),
                                 comp.get("payouts", []), labels.get(comp.get("goal"), ""),
                                 labels.get(comp.get("goal_y"), ""), marked), width="stretch")


def _renamed(role: str, old: str, bound: dict) -> None:
    """A component renamed: the draft takes the name, and a lock on its weight (kept by name) follows it."""
    bound["on_change"]()
    held = st.session_state.get(state.WEIGHT_LOCKS, set())
    if f"{role}/{old}" in held:
        st.session_state[state.WEIGHT_LOCKS] = (held - {f"{role}/{old}"}) | {f"{role}/{st.session_state[bound['key']]}"}
        st.session_state.pop(_lock_key(role, old), None)  # the lock box of the old name; the new one is seeded


def _lock_key(role: str, name: str) -> str:
    return f"lock/{role}/{name}"  # not a draft widget: survives re-seeding


def _locked(role: str, comps: list[dict]) -> set[int]:
    """The indexes of the plan's locked weights (kept in state.WEIGHT_LOCKS, which outlives the page)."""
    held = st.session_state.get(state.WEIGHT_LOCKS, set())
    return {j for j, c in enumerate(comps) if f"{role}/{c['name']}" in held}


def _toggle_lock(role: str, name: str, key: str) -> None:
    """A lock box changed: kept where leaving the page does not clear it (Streamlit drops a widget's state when
    a run does not draw it)."""
    held = set(st.session_state.get(state.WEIGHT_LOCKS, set()))
    (held.add if st.session_state[key] else held.discard)(f"{role}/{name}")
    st.session_state[state.WEIGHT_LOCKS] = held
    rerun_fragment(LIVE)


def _move_weight(role: str, index: int, key: str) -> None:
    """One weight moved: the plan's other unlocked weights follow proportionally (whole points, sum 100)."""
    value = st.session_state.get(key)
    if value is None:  # a move that arrives while the page re-seeds its sliders: the next one counts
        return
    comps = state.draft()["roles"][role]["components"]
    locked = _locked(role, comps)
    state.update_draft(set_weight(copy.deepcopy(state.draft()), role, index, value, locked))
    for j, c in enumerate(state.draft()["roles"][role]["components"]):  # every weight slider shows the draft
        if c.get("kind", "bonus") != "commission":
            st.session_state[key_for(("roles", role, "components", j, "weight"))] = float(c.get("weight", 0.0))
    rerun_fragment(LIVE)  # the sliders are the live figures': they alone rerun


def _add(role: str, goal: str) -> None:
    """A bonus component added on `goal` (weight 0: rebalance afterwards), its editor open on it."""
    _draft_op(add_component, role, goal)
    show_component(role, len(state.draft()["roles"][role]["components"]) - 1)


def _rebalance(role: str) -> None:
    comps = state.draft()["roles"][role]["components"]
    locked = _locked(role, comps)
    state.update_draft(rebalance_weights(copy.deepcopy(state.draft()), role, locked))


def _share(goal: str) -> None:
    state.update_draft(share_goal(copy.deepcopy(state.draft()), goal,
                                  float(st.session_state.get(f"share_weight/{goal}", 10))))


def _goal_labels() -> dict[str, str]:
    """Goal id -> its display label (the label, else the metric's name), from the draft."""
    return {gid: g.get("label") or (METRICS[g["metric"]].label if g.get("metric") in METRICS else gid)
            for gid, g in state.draft().get("goals", {}).items()}


def _set_multiplier(role: str, goals: list[str]) -> None:
    on = st.session_state.get(f"{state.WIDGET_PREFIX}mult_on/{role}")
    if on is None:  # its state was cleared earlier in this run (another scenario opened): nothing to change
        return
    set_in(("roles", role, "multiplier"),
           {"goal": goals[0], "curve": [[90.0, 80.0], [100.0, 100.0], [110.0, 120.0]]} if on else None)


def _multiplier(role: str, plan: dict, goals: list[str]) -> None:
    """A kicker or brake: the plan total times a curve of one goal's attainment (flat beyond both ends)."""
    mult = plan.get("multiplier")
    key = f"{state.WIDGET_PREFIX}mult_on/{role}"
    if key not in st.session_state:
        # seeded through the session state, not `value`: the checkbox's identity is its key, so after another
        # scenario opens the browser would keep showing (and send back) the last scenario's tick, and the next
        # rerun would take the multiplier off a plan that has one
        st.session_state[key] = mult is not None
    st.checkbox("Multiplier on the plan total", key=key, on_change=structural(_set_multiplier), args=(role, goals))
    if mult:
        st.selectbox("Multiplier goal", goals, format_func=_goal_labels().get,
                     **bind(("roles", role, "multiplier", "goal")))
        list_editor(("roles", role, "multiplier", "curve"), ["attainment %", "multiplier %"],
                      "Multiplier curve: 100% leaves the total unchanged; flat beyond the first and last points.")


def _terms(role: str) -> None:
    """The plan's base, target incentive, pay mix, measurement, true-up, holdback and cap (drawn by `_live`:
    a change reruns the live figures alone)."""
    base = ("roles", role)
    plan = state.draft()["roles"][role]
    c1, c2 = st.columns(2)
    cur = state.draft().get("currency", "USD")
    c1.number_input(f"Base salary ({cur})", min_value=1.0, step=5000.0, format="%.0f",
                    **bind(base + ("base_salary",), rerun=LIVE))
    if plan.get("target_incentive") is not None:
        c2.number_input(f"Target incentive, annual ({cur})", min_value=0.0, step=5000.0, format="%.0f",
                        **bind(base + ("target_incentive",), rerun=LIVE))
    else:
        c2.number_input("Target incentive, % of base", min_value=0.0, step=5.0,
                        **bind(base + ("target_incentive_pct_of_base",), rerun=LIVE))
    _pay_mix(role)
    c1, c2 = st.columns(2)  # two to a row: at 800 px three cut the choices to two letters
    c1.selectbox("Measured", PERIODS, **bind(base + ("measurement_period",), "quarterly", rerun=LIVE))
    c2.selectbox("True-up", TRUE_UPS, **bind(base + ("true_up",), "annual", rerun=LIVE))
    st.slider("Holdback", 0.0, 50.0, step=5.0, format="%.0f%%",
              **bind_slider(base + ("holdback_pct",), 0.0, rerun=LIVE))
    cap = plan.get("plan_cap")
    st.slider("Plan cap, % of target variable (0 = no cap)", 0.0, 400.0, step=5.0, format="%.0f%%",
              **bind_slider(base + ("plan_cap",), 0.0 if cap is None else cap, transform=lambda v: v or None,
                            rerun=LIVE))


def _plan_column(role: str, plan: dict, goals: list[str], shared: set[str]) -> None:
    st.subheader(esc(plan.get("title", role)))
    TERMS[role] = st.container()  # drawn by the live figures, as the weights below
    _multiplier(role, plan, goals)
    comps = plan.get("components", [])
    WEIGHTS[role] = st.container()  # drawn by the live figures: a weight move reruns only them
    if comps:
        _component_editor(role, comps, goals, shared)
    a, b = st.columns([2, 1])
    measured = [g for g in goals if g not in objectives_editor.objective_goals(state.draft())]
    new_goal = a.selectbox("Add a bonus component on goal", measured, format_func=_goal_labels().get,
                           key=f"{state.WIDGET_PREFIX}add/{role}/goal")
    b.button("Add component", key=f"{state.WIDGET_PREFIX}add/{role}", on_click=structural(_add),
             args=(role, new_goal))
    objectives_editor.add_component_control(role)


def _component_editor(role: str, comps: list[dict], goals: list[str], shared: set[str]) -> None:
    """One component's details at a time (name, goal, curve or tiers or matrix, its preview, upside rule, gates,
    caps, remove), in an expander drawn only when open. The weights above set what each component is worth; the
    details are an analyst's, one click away. Drawn, the two plans' editors and previews were a third of the
    browser's time to open the page (warm switch to the Plan builder, medians of 8: 522-523 ms with them,
    349-401 ms without)."""
    key = editor_open_key(role)
    if key not in st.session_state:  # as the page was left (the expander's own state is not kept)
        st.session_state[key] = role in st.session_state.get(state.OPEN_EDITORS, set())
    with st.expander("Edit a component: curve or tiers, preview, upside, gates", key=key,
                     on_change=lambda: keep_editor_open(role, bool(st.session_state.get(key)))) as box:
        if not box.open:
            return
        names = [f"{c['name']} · {c.get('kind', 'bonus')}" for c in comps]
        pick_key = f"{state.WIDGET_PREFIX}pick/{role}"
        # the pick outlives the box's own state (cleared by a structural change, dropped when the page is left):
        # kept by its callback, or by `show_component` for a component just added
        i = st.session_state.get(state.PICKED, {}).get(role, 0)
        i = i if 0 <= i < len(comps) else 0
        # seeded through the session state in every run, so the browser shows it: the box's identity is its key,
        # and it kept showing the last label (a component removed or renamed) while the editor showed another
        st.session_state[pick_key] = i
        st.selectbox("Edit component", range(len(comps)), format_func=names.__getitem__, key=pick_key,
                     on_change=_picked, args=(role, pick_key))
        _component(role, i, comps[i], goals, shared)


def _picked(role: str, key: str) -> None:
    """The editor's box changed: the component picked is kept where a structural change or leaving the page
    does not clear it."""
    pick(role, st.session_state[key])


def _weights(role: str) -> None:
    """Every bonus weight of the plan at a glance, the CEO's sliders, with their sum (drawn by `_live`: a move
    reruns the live figures, this plan's other unlocked weights following it)."""
    comps = state.draft()["roles"][role].get("components", [])
    weights = [c.get("weight", 0) for c in comps if c.get("kind", "bonus") != "commission"]
    total = sum(weights)
    if weights and abs(total - 100) > 1e-6:
        st.warning(f"Bonus weights sum to {total:g}%, not 100%.")
        st.button("Rebalance to 100%", key=f"{state.WIDGET_PREFIX}rebalance/{role}", type="primary",
                  on_click=structural(_rebalance), args=(role,))
    else:
        st.caption(f"Bonus weights sum to {total:g}%." if weights else "No weighted components.")
    for i, comp in enumerate(comps):
        if comp.get("kind", "bonus") != "commission":
            key = key_for(("roles", role, "components", i, "weight"))
            if key not in st.session_state:
                st.session_state[key] = float(comp.get("weight", 0.0))
            # one row that never wraps: the slider takes the room the lock (its own width) leaves, at any width
            with st.container(horizontal=True, vertical_alignment="bottom", wrap=False):
                st.slider(f"Weight: {esc(comp['name'])} (% of target incentive)", 0.0, 100.0, step=1.0,
                          format="%.0f%%", key=key, value=st.session_state[key], on_change=_move_weight,
                          args=(role, i, key),
                          help="Moving it moves this plan's other unlocked weights in proportion, in whole points.")
                lock = _lock_key(role, comp["name"])
                if lock not in st.session_state:  # as the page was left (a widget's own state is not kept)
                    st.session_state[lock] = bool(_locked(role, [comp]))
                st.checkbox(":material/lock:", key=lock, help="Lock this weight: other moves keep it.",
                            on_change=_toggle_lock, args=(role, comp["name"], lock))


def _pay_mix(role: str) -> None:
    """The plan's pay mix at target in the plan year of the history's last month, as the payouts count it."""
    cur = state.draft().get("currency", "USD")
    try:
        # on-target commission left to the tier table counts at the plan year's targets, as the payouts do
        hist = state.history()
        year = month_plan_year(hist.history.months[-1], st.session_state["last_valid"].fiscal_year_start)
        stated = with_on_target_commission(st.session_state["last_valid"], hist.targets, year)
        base_pct, var_pct = stated.roles[role].pay_mix
        spiffs = sum(x.amount or 0.0 for x in st.session_state["last_valid"].spiffs if role in x.roles)
        spiff_note = f"; fixed SPIFFs outside it: {fmt.money(spiffs, cur)}" if spiffs else ""
        st.caption(f"Pay mix (base / variable at target, {year}): {base_pct:.0f}% / {var_pct:.0f}%{spiff_note}")
    except (KeyError, InputError):
        pass


def _goals_table(d: dict, shared: set[str]) -> None:
    roles = list(d["roles"])
    rows = []
    for gid, g in d["goals"].items():
        users = [r for r in roles if any(c.get("goal") == gid or c.get("goal_y") == gid
                                          or any(o.get("goal") == gid for o in c.get("objectives") or [])
                                          for c in d["roles"][r].get("components", []))]
        scored = g.get("metric") == "objective"
        rows.append({"Goal": g.get("label") or METRICS[g["metric"]].label,
                     "Paid to": ", ".join(d["roles"][r].get("title", r) for r in users) or "nobody",
                     "Shared": "shared" if gid in shared else "own",
                     "Target level": "scored by the CEO" if scored else f"{float(g.get('target_pct', 100.0)):g}%"})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _goals_section(d: dict, shared: set[str]) -> None:
    """The goals' table, target-level sliders and share buttons (drawn by `_live`: a target level reruns the
    live figures alone)."""
    roles = list(d["roles"])
    _goals_table(d, shared)
    labels = _goal_labels()
    measured = {gid: g for gid, g in d["goals"].items() if g.get("metric") != "objective"}  # objectives: scored
    cols = st.columns(min(4, max(1, len(measured))))
    for n, (gid, g) in enumerate(measured.items()):
        with cols[n % len(cols)]:
            st.slider(f"Target level · {esc(labels[gid])} (% of plan)", 50.0, 150.0, step=1.0, format="%.0f%%",
                      **bind_slider(("goals", gid, "target_pct"), 100.0, rerun=LIVE),
                      help="Scales this goal's targets: 110 means targets 10% higher.")
            if gid not in shared and len(roles) > 1:
                with st.popover(f"Share {esc(labels[gid])} with every plan", width="stretch"):
                    st.number_input("Weight to give it in each plan that does not pay on it yet (points)", 0, 50,
                                    10, step=5, key=f"share_weight/{gid}",
                                    help="Taken from that plan's other weights in proportion, in whole points.")
                    st.button("Share", key=f"{state.WIDGET_PREFIX}share/{gid}", type="primary",
                              on_click=structural(_share), args=(gid,))


@st.fragment(key=LIVE)
def _live(top, goals, terms: dict, weights: dict, previews: list) -> None:
    """Every figure on the page that follows the plan's numbers, with the controls that change only numbers:
    both payouts, the verdict and the warnings at the top; the goals' table and target-level sliders; each
    plan's terms (base, target incentive, pay mix, measurement, true-up, holdback, cap) and weight sliders;
    the open component's preview. The page lays out their places (containers) and draws its other widgets;
    this fragment fills the places, last in a whole-page run. A change of one of its controls reruns this
    fragment alone (in the browser, Streamlit's own for a widget a fragment draws; under AppTest, which runs
    the whole page for every widget, `rerun_fragment`), so the page's other widgets are not sent again. A
    change of the plan's shape (`structural`) reruns the whole page."""
    started = time.perf_counter()
    with top:
        got = widgets.current_replay(quiet=True)
        issues = got[2] if got else state.validated()[1]  # the draft's problems
        if got:
            scenario, rep, _ = got
            verdict = widgets.verdict_slot()  # filled after the payouts: a slider's new payouts are sent first
            widgets.payout_strip(scenario, rep)
            widgets.ceo_verdict(scenario, search=False, slot=verdict)  # the move is searched when asked
            warnings = [*cache.plan_warnings(scenario, state.history(), rep),
                        *history_term_warnings(scenario, state.history().history.months, "this plan")]
            if warnings:
                widgets.show_issues(warnings, title="Worth a second look", warning=True)
        if issues:
            widgets.show_issues(issues, title="Not valid yet (figures above are from the last valid plan)")
    cols = got[1].line_columns if got else None  # figures only: no traces
    d = state.draft()
    with _place(goals):  # shared: in the draft when valid, else in the last valid plan (as the payouts)
        _goals_section(d, set(st.session_state["last_valid"].shared_goals()))
    for role, box in terms.items():
        with _place(box):
            _terms(role)
    for role, box in weights.items():
        with _place(box):
            _weights(role)
    for box, role, i, draw in previews:
        comps = d["roles"].get(role, {}).get("components", [])
        with _place(box):
            if i < len(comps):
                draw(cols, role, comps[i])
    timing.fragment_done(started, "plans#live")


def _place(box):
    """What `_live` draws into one of the page's places: a container of its own inside it, so the place gets a
    write in every run, also when there is nothing to show (a preview without this year's figures, a pay mix of
    an invalid plan). Streamlit lets a fragment rerun write only to an outside place it wrote to in the last
    whole-page run."""
    return box.container()


TERMS: dict = {}  # role -> the place of its terms (this run's layout, filled by _live)
WEIGHTS: dict = {}  # role -> the place of its weight sliders
PREVIEWS: list = []  # (place, role, component index, draw) of the previews shown
d = state.draft()
scenario_now, _ = state.validated()  # the draft's problems are the live figures' to show
st.title("Plan builder")
top = st.container()
shared = set((scenario_now or st.session_state["last_valid"]).shared_goals())
with st.expander("Goals and targets (shared goals are paid to both VPs)", expanded=True):
    goals_place = st.container()  # drawn by the live figures
months = state.history().history.months
for label, key, section in (
        ("Plan years, plan versions and employment (fiscal year, effective dates, proration, termination)",
         "open_plan_timing", lambda: plan_timing.timing_section(months)),
        ("Objectives and scores (MBOs scored by the CEO)", "open_objectives", objectives_editor.objectives_section),
        ("SPIFFs and one-off awards", "open_spiffs", spiffs_editor.spiffs_section)):
    with st.expander(label, key=key, on_change="rerun") as box:  # rendered only when open: sliders stay fast
        if box.open:
            section()
d = state.draft()  # a section may have applied an edit
goals = list(d["goals"])
columns = st.columns(len(d["roles"]))
for col, (role, plan) in zip(columns, d["roles"].items()):
    with col:
        _plan_column(role, plan, goals, shared)
_live(top, goals_place, TERMS, WEIGHTS, PREVIEWS)
