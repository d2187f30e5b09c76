"""Widgets shared by pages: computing the current plan safely, the side-by-side payout strip."""

from __future__ import annotations

import contextlib
import re

import streamlit as st

from comp_models import METRICS, InputError, Issue

from . import fmt, state
from .cache import Replay, run_replay
from .text import esc


def where_text(where: str) -> str:
    """Where a problem is, as the reader knows it: the goal's label or the role's title first, the file's
    field after it ("Company revenue (goals.company_revenue.annual_targets)")."""
    d = state.draft() or {}
    m = re.match(r"^(goals|roles|earlier_plans|employment)\.([A-Za-z0-9_-]+)", where)
    if not m:
        return where
    kind, key = m.groups()
    entry = (d.get("goals") if kind == "goals" else d.get("roles") or {}).get(key) or {}
    name = entry.get("label") if kind == "goals" else entry.get("title")
    if not name and kind == "goals":
        name = METRICS[entry["metric"]].label if entry.get("metric") in METRICS else None
    return f"{name} ({where})" if name else where


def show_issues(issues: list[Issue], *, title: str = "This plan has problems", warning: bool = False) -> None:
    lines = "\n".join(f"- **{esc(where_text(i.where))}**: {esc(i.problem)}. *Fix:* {esc(i.fix)}" for i in issues)
    (st.warning if warning else st.error)(f"{title}:\n{lines}")


def current_replay(*, quiet: bool = False):
    """(scenario, replay, draft problems) for the plan being edited, or None after showing an error."""
    scenario, issues = state.scenario_for_numbers()
    if issues and not quiet:
        st.warning("The plan being edited is not valid yet, so the figures below are those of the last valid "
                   "plan. " + " ".join(f"{esc(where_text(i.where))}: {esc(i.problem)}." for i in issues))
    try:
        rep = run_replay(scenario, state.history())
    except InputError as exc:
        show_issues(exc.issues, title="The plan cannot be replayed on this history")
        return None
    return scenario, rep, issues


def titles(scenario) -> dict[str, str]:
    return {role: plan.title for role, plan in scenario.roles.items()}


def payout_strip(scenario, rep: Replay, year: int | None = None) -> None:
    """Both VPs side by side: target incentive, earned and % of target for a year."""
    summary = rep.summary
    years = sorted(summary["year"].unique())
    year = year or years[-1]
    cols = st.columns(len(scenario.roles))
    for col, (role, plan) in zip(cols, scenario.roles.items()):
        row = summary[(summary["role"] == role) & (summary["year"] == year)].iloc[0]
        with col:
            status = {"open": " · open year: not settled, no true-up yet",
                      "partial": " · partial year: the history starts inside it"}.get(row["year_status"], "")
            cur = scenario.currency
            label = row.get("plan_year", year)
            st.markdown(f"**{esc(plan.title)}** · {label}{status} · target incentive "
                        f"{esc(fmt.money(row['target_incentive'], cur))}")
            with st.container(horizontal=True, gap="medium"):  # side by side when there is room, else wrapped
                st.metric("Earned", fmt.money(row["earned"], cur), help=f"Exactly {fmt.money(row['earned'], cur, 2)}",
                          width="content")
                st.metric("% of target", fmt.pct(row["pct_of_target"]), width="content")


def alignment_verdict(scenario) -> None:
    """The alignment scorecard's overall verdict, under the payouts (computed on the history only)."""
    from .cache import alignment_overview

    try:
        overall, shares, _ = alignment_overview(scenario, state.history())
    except InputError as exc:
        show_issues(exc.issues, title="Alignment cannot be computed on this history")
        return
    share_text = " · ".join(f"{esc(scenario.roles[r].title)}: {v:.0f}% of target pay on shared goals"
                            for r, v in shares.items())
    st.info(f"**Alignment on the history** (no simulation; the Alignment page adds simulated years): {esc(overall)}  \n"
            f"{share_text}  \nSee the Alignment page for how each figure was computed.")


VERDICT_ICON = {"aligned": ":material/check_circle:", "mixed": ":material/warning:",
                "misaligned": ":material/cancel:"}


def _apply_move(move_scenario: dict) -> None:
    state.update_draft(move_scenario)
    state.clear_widgets()
    st.session_state["advice_applied"] = True
    st.rerun()  # the whole page: its weight sliders re-seed from the draft (the Plan builder's verdict is a fragment)


def verdict_slot():
    """The verdict's place on a page, to fill later with `ceo_verdict(..., slot=)`: what the verdict needs is the
    slowest figure on the page, so the figures after it are computed and sent first."""
    return st.container(key="ceo_verdict")


def ceo_verdict(scenario, *, search: bool = True, slot=None) -> None:
    """One line: aligned / partly / misaligned with a score, the reasons behind it and the one weight move
    that helps most, applied in one click (computed by `analysis.advice.alignment_advice`).

    search=False (the Plan builder, where every slider move reruns the page): the verdict is shown at
    once and the move is searched when asked ("Find the change that helps most"), for that plan.

    slot: the page's `verdict_slot()`, placed earlier on the page (else the verdict is drawn here)."""
    from .cache import advice

    asked_key = f"advice_for/{hash(scenario.model_dump_json())}"
    search = search or bool(st.session_state.get(asked_key))
    try:
        a = advice(scenario, state.history(), search)
    except InputError as exc:
        with slot if slot is not None else contextlib.nullcontext():
            show_issues(exc.issues, title="Alignment cannot be computed on this history")
        return
    box = {"aligned": st.success, "mixed": st.warning, "misaligned": st.error}.get(a.status, st.info)
    reasons = "".join(f"\n- {esc(r)}" for r in a.reasons)
    with slot if slot is not None else verdict_slot():
        box(f"**{a.verdict}** · alignment score **{a.score:.0f}/100**{reasons}",
            icon=VERDICT_ICON.get(a.status, ":material/info:"))
        if not a.searched:
            st.button("Find the change that helps most", key="find_advice",
                      on_click=lambda: st.session_state.update({asked_key: True}),
                      help="Tries moving 5 or 10 weight points toward shared goals (takes about a second).")
        elif a.best is not None:
            st.markdown(f":material/lightbulb: **Most helpful change:** {esc(a.best.text)}")
            st.button("Apply this change", key="apply_advice", type="primary", on_click=_apply_move,
                      args=(a.best.scenario,), help="Changes the plan being edited; Reset on the Scenarios page undoes it.")
        else:
            st.caption("No single move of 5 or 10 weight points improves alignment further.")
        if st.session_state.pop("advice_applied", False):
            st.caption(":material/check: Applied: every figure now uses the changed weights.")


def pay_vs_outcome(scenario, rep: Replay) -> None:
    """The CEO's picture: both VPs' pay as a goal lands at 60-140% of target, and a two-goal map."""
    from comp_models.analysis.outcome import outcome_goals

    from . import cache, charts

    goals = outcome_goals(scenario)
    if not goals:
        return
    labels = {g: scenario.goals[g].display_label for g in goals}
    revenue = [g for g in goals if scenario.goals[g].metric == "revenue"]
    st.subheader("Pay vs company outcome")
    c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
    goal = c1.selectbox("Company outcome", goals, index=goals.index(revenue[0]) if revenue else 0,
                        format_func=labels.get, key="outcome_goal")
    funnel = c2.toggle("Other goals move with it through the funnel (else: at plan)", key="outcome_funnel")
    try:
        df = cache.outcome(scenario, state.history(), goal, funnel)
    except InputError as exc:
        show_issues(exc.issues, title="Pay vs outcome cannot be drawn on this history")
        return
    year, marked = int(df["year"].iloc[0]), float(df["actual_level"].iloc[0])
    left, right = st.container(), st.container()  # stacked: each chart keeps the page's width
    with left:
        st.altair_chart(charts.drawn(charts.outcome_chart, df, labels[goal], marked), width="stretch")
        st.caption(f"{year} replayed with {esc(labels[goal])} at 60-140% of its target (black line: "
                   f"{marked:.1f}%, where it landed), the other goals "
                   f"{'moving with it through the funnel' if funnel else 'at plan'}. Where the lines part, one VP "
                   "is paid for an outcome the other is not.")
    with right:
        others = [g for g in goals if g != goal]
        if others:
            lq = [g for g in others if scenario.goals[g].metric == "mql_to_sql_rate"]
            gy = st.selectbox("Two-goal map: second goal", others, index=others.index(lq[0]) if lq else 0,
                              format_func=labels.get, key="outcome_goal_y")
            try:
                grid = cache.pay_map(scenario, state.history(), goal, gy, funnel)
            except InputError as exc:
                show_issues(exc.issues, title="The two-goal map cannot be drawn on this history")
                return
            st.altair_chart(charts.drawn(charts.pay_map_chart, grid, labels[goal], labels[gy]), width="stretch")
