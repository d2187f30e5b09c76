"""Objectives (MBOs, docs/money.md §9) in the Plan builder: an objectives component's objectives and cap,
the objective goals (label, scoring frequency, levels or max score, simulated score) and the CEO's scores."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from comp_models.plans.editing import add_objective_goal, add_objectives_component

from . import state
from .editing import bind, clean_records, get_in, list_editor, set_in, show_component, structural, table_editor
from .text import esc

SCORED = ["monthly", "quarterly", "half-yearly", "annual"]
PERIOD_FORM = {"monthly": "2025-03", "quarterly": "2025-Q1", "half-yearly": "2025-H1", "annual": "2025"}


def objective_goals(d: dict) -> list[str]:
    """The draft's goals of metric `objective` (scored by the CEO)."""
    return [gid for gid, g in d.get("goals", {}).items() if g.get("metric") == "objective"]


def _label(d: dict, gid: str) -> str:
    return d["goals"].get(gid, {}).get("label") or gid


def component_editor(base: tuple, comp: dict) -> None:
    """An objectives component: its objectives with their weights (summing to 100) and its cap."""
    d = state.draft()
    options = objective_goals(d)
    st.caption("Pays Σ objective weight × its score (the mean of the scores over the period's months), capped at "
               "the cap. Objectives: " + ", ".join(f"{esc(_label(d, o.get('goal', '')))} ({o.get('weight', 0):g}%)"
                                                   for o in comp.get("objectives", [])))
    list_editor(base + ("objectives",), ["goal", "weight"], "Objectives and their weights in this component "
                "(they sum to 100%). Define objectives under *Objectives and scores*.", column_config={
                    "goal": st.column_config.SelectboxColumn("objective", options=options, required=True,
                                                             format_func=lambda g: _label(d, g)),
                    "weight": st.column_config.NumberColumn("weight %", min_value=0.0, max_value=100.0)})
    st.number_input("Cap on this component's payout % (0 = no cap)", min_value=0.0, step=10.0,
                    **bind(base + ("cap",), 0.0, transform=lambda v: v or None))


def add_component_control(role: str) -> None:
    """'Add an objectives component on …' for a plan (weight 0: rebalance afterwards)."""
    d = state.draft()
    options = objective_goals(d)
    if not options:
        return
    a, b = st.columns([2, 1], vertical_alignment="bottom")
    goal = a.selectbox("Add an objectives component on", options, format_func=lambda g: _label(d, g),
                       key=f"{state.WIDGET_PREFIX}add_obj/{role}/goal")
    b.button("Add objectives", key=f"{state.WIDGET_PREFIX}add_obj/{role}", on_click=structural(_add_component),
             args=(role, goal))


def _add_component(role: str, goal: str) -> None:
    state.update_draft(add_objectives_component(state.draft(), role, goal))
    show_component(role, len(state.draft()["roles"][role]["components"]) - 1)  # the new one, open to edit


def _add_goal() -> None:
    label = (st.session_state.get("new_objective_label") or "").strip()
    if not label:
        st.session_state["objective_error"] = "Give the new objective a label."
        return
    d, _gid = add_objective_goal(state.draft(), label, st.session_state.get("new_objective_scored", "quarterly"))
    state.update_draft(d)
    st.session_state["new_objective_label"] = ""


def _levels_editor(gid: str) -> None:
    path = ("goals", gid, "scoring", "levels")
    levels = get_in(state.draft(), path, {}) or {}
    df = pd.DataFrame({"level": list(levels), "score": [float(v) for v in levels.values()]}, columns=["level", "score"])

    def _write(frame: pd.DataFrame) -> None:
        rows = clean_records(frame)
        set_in(path, {str(r["level"]).strip(): float(r.get("score", 0.0)) for r in rows if str(r.get("level", "")).strip()})

    table_editor(path, df, _write, caption="Levels the CEO may score by name (e.g. met = 100%); none: scores are "
                 "percents.", column_config={"level": st.column_config.TextColumn("level", required=True),
                                             "score": st.column_config.NumberColumn("score %", min_value=0.0)})


def _simulated(gid: str) -> None:
    """The score simulated years hold: a percent (sd 0) or a normal draw per scoring period (mean, sd)."""
    path = ("goals", gid, "scoring", "simulated_score")
    now = get_in(state.draft(), path, 100.0)
    mean, sd = (now.get("mean", 100.0), now.get("sd", 0.0)) if isinstance(now, dict) else (now, 0.0)
    keys = {n: f"{state.WIDGET_PREFIX}sim/{gid}/{n}" for n in ("mean", "sd")}
    st.session_state.setdefault(keys["mean"], float(mean))
    st.session_state.setdefault(keys["sd"], float(sd))

    def _write() -> None:
        m, s = float(st.session_state[keys["mean"]]), float(st.session_state[keys["sd"]])
        set_in(path, {"mean": m, "sd": s} if s > 0 else m)

    a, b = st.columns(2)
    a.number_input("Simulated score %", min_value=0.0, step=5.0, key=keys["mean"], on_change=_write,
                   help="Simulated years (Monte Carlo, optimiser) cannot know the CEO's scores: they hold this one.")
    b.number_input("… spread (sd, 0 = fixed)", min_value=0.0, step=5.0, key=keys["sd"], on_change=_write,
                   help="Above 0: one draw per scoring period from a normal distribution, clipped to 0..max score.")


def _goal_editor(gid: str) -> None:
    base = ("goals", gid)
    with st.container(border=True):
        # the label only: an id in a code span would show the escape's backslash ('joint\_launch')
        st.markdown(f"**{esc(_label(state.draft(), gid))}** · objective")
        a, b, c = st.columns(3)
        a.text_input("Label", **bind(base + ("label",)))
        b.selectbox("Scored", SCORED, **bind(base + ("scoring", "scored"), "quarterly"),
                    help="The scoring period: a score holds for every month of it.")
        c.number_input("Max score %", min_value=0.0, step=10.0, **bind(base + ("scoring", "max_score"), 150.0))
        _levels_editor(gid)
        _simulated(gid)


def _score_value(v):
    """A score cell: a percent ("80" -> 80.0) or a level name ("met")."""
    text = str(v).strip()
    try:
        return float(text)
    except ValueError:
        return text


def _scores_editor(objectives: list[str]) -> None:
    d = state.draft()
    fy = int(d.get("fiscal_year_start", 1) or 1)
    rows = [{"period": s.get("period", ""), "objective": s.get("goal", ""),
             "score": f"{s['score']:g}" if isinstance(s.get("score"), (int, float)) else str(s.get("score", "")),
             "note": s.get("note", "")} for s in d.get("scores", [])]
    df = pd.DataFrame(rows, columns=["period", "objective", "score", "note"])

    def _write(frame: pd.DataFrame) -> None:
        out = []
        for r in clean_records(frame):
            score = {"goal": str(r.get("objective", "")), "period": str(r.get("period", "")).strip()}
            if "score" in r:
                score["score"] = _score_value(r["score"])
            if r.get("note"):
                score["note"] = str(r["note"])
            out.append(score)
        set_in(("scores",), out)

    forms = ", ".join(f"{esc(_label(d, g))}: {d['goals'][g].get('scoring', {}).get('scored', 'quarterly')}"
                      for g in objectives)
    example = "FY2025-Q1" if fy > 1 else "2025-Q1"
    table_editor(("scores",), df, _write, column_config={
        "period": st.column_config.TextColumn("period", required=True,
                                              help=f"In the objective's scoring form: 2025-03, {example}, "
                                                   f"{example[:-3]}-H1, {example[:-3]}"),
        "objective": st.column_config.SelectboxColumn("objective", options=objectives, required=True,
                                                    format_func=lambda g: _label(d, g)),
        "score": st.column_config.TextColumn("score", required=True, help="A percent (0 to max score) or a level name"),
        "note": st.column_config.TextColumn("note", help="Quoted in the statement's trace")},
        caption=f"The CEO's scores: one per objective and scoring period ({forms}; periods like 2025-03, {example}), "
                "a percent or a level name, with a note the statement quotes. A period not scored yet scores 0.")
    _, issues = state.validated()
    problems = [i for i in issues if i.where.startswith("scores")]
    if problems:
        st.error("Scores not valid yet:\n" + "\n".join(f"- **{esc(_row(i.where))}**: {esc(i.problem)}. *Fix:* "
                                                      f"{esc(i.fix)}" for i in problems))


def _row(where: str) -> str:
    """'scores[2].score' -> 'row 3, score' (the table's rows, counted from 1)."""
    if where.startswith("scores[") and "]" in where:
        n, rest = where[len("scores["):].split("]", 1)
        if n.isdigit():
            return f"row {int(n) + 1}" + (f", {rest.lstrip('.')}" if rest.strip(".") else "")
    return where


def objectives_section() -> None:
    """The objective goals, a control to define one, and the CEO's scores table."""
    d = state.draft()
    objectives = objective_goals(d)
    for gid in objectives:
        _goal_editor(gid)
    a, b, c = st.columns([3, 2, 1], vertical_alignment="bottom")
    a.text_input("New objective (e.g. Product training)", key="new_objective_label")
    b.selectbox("Scored", SCORED, index=1, key="new_objective_scored")
    c.button("Define objective", key=f"{state.WIDGET_PREFIX}new_objective", on_click=structural(_add_goal))
    if st.session_state.get("objective_error"):
        st.error(st.session_state.pop("objective_error"))
    if objectives:
        _scores_editor(objectives)
    else:
        st.caption("No objectives yet: define one, then add an objectives component to a plan and score it here.")
