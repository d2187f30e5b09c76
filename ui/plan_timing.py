"""Plan timing in the Plan builder (docs/money.md §12-14): the fiscal year, each role's plan versions on a
timeline (add a version from a month, open or delete one), employment dates, proration and termination terms."""

from __future__ import annotations

import calendar
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from comp_models.dates import month_ordinal, month_text, parse_day
from comp_models.plans.editing import add_plan_version, plan_version_spans, remove_plan_version

from . import state
from .editing import bind, get_in, set_in, structural, table_editor
from .text import esc

PERIODS = ["monthly", "quarterly", "annual"]
PRORATION_RULE = ("**Proration**: by *months*, a month with any day employed counts whole; by *days*, days employed "
                  "/ days in the month; the year's target incentive is TI × the months counted / 12. **At termination** "
                  "the last employed month closes the year (re-measured and settled): the holdback still held is "
                  "forfeited or paid out, a recoverable draw's balance forgiven or recovered.")


def version_label(plan: dict, first: str) -> str:
    """'plan from 2025-07' (the oldest version without a month: from the history's first month)."""
    return f"plan from {plan.get('effective_from') or first}"


def timeline_frame(d: dict, months: list[str]) -> pd.DataFrame:
    """One row per plan version in force within `months` (the history's): role title, version index, its label,
    first month and the first day after its last month (a bar's two ends), current or earlier."""
    rows = []
    for role, plan in d["roles"].items():
        versions = [*d.get("earlier_plans", {}).get(role, []), plan]
        for i, first, last in plan_version_spans(d, role, months[0], months[-1]):
            rows.append({"role": plan.get("title", role), "version": i,
                         "label": version_label(versions[i], months[0]),
                         "current": "current plan" if i == len(versions) - 1 else "earlier version",
                         "start": pd.Timestamp(first + "-01"),
                         "end": pd.Timestamp(month_text(month_ordinal(last) + 1) + "-01"),
                         "months": f"{first} to {last}"})
    return pd.DataFrame(rows, columns=["role", "version", "label", "current", "start", "end", "months"])


def timeline_chart(df: pd.DataFrame) -> alt.Chart:
    """A bar per plan version across the history's months, one row per role, labelled 'plan from …'."""
    base = alt.Chart(df).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y-%m")), x2="end:T",
        y=alt.Y("role:N", title=None))
    bars = base.mark_bar(stroke="white", strokeWidth=2).encode(
        color=alt.Color("current:N", title=None, scale=alt.Scale(domain=["earlier version", "current plan"],
                                                                 range=["#9ecae1", "#1f77b4"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("role:N"), alt.Tooltip("label:N", title="version"), alt.Tooltip("months:N")])
    text = base.mark_text(align="left", dx=4, color="black").encode(text="label:N")
    return (bars + text).properties(height=40 * max(1, df["role"].nunique()))  # 40 px a role


def fiscal_year_control() -> None:
    st.selectbox("Plan years start in", list(range(1, 13)), format_func=lambda m: calendar.month_name[m],
                 **bind(("fiscal_year_start",), 1),
                 help="Scenario-wide. A plan year is named by the calendar year it ends in: starting in July, "
                      "FY2025 runs 2024-07 to 2025-06; quarterly scores are then written FY2025-Q1.")
    if state.draft().get("fiscal_year_start", 1) != 1:
        st.caption("Annual targets are then per plan year, and score periods are written FY2025-Q1: a targets "
                   "file of calendar years (such as the sample's) needs a row for each plan year the history "
                   "reaches, and scores entered by calendar quarter need their new periods.")


def _add_version(role: str, key: str) -> None:
    try:
        state.update_draft(add_plan_version(state.draft(), role, st.session_state[key]))
        st.session_state[f"version_note/{role}"] = (
            f"Added: the plan from {st.session_state[key]} is now the current plan; edit it below.")
    except ValueError as exc:
        st.session_state[f"version_note/{role}"] = f"Not added: {exc}."


def _delete_version(role: str, index: int) -> None:
    state.update_draft(remove_plan_version(state.draft(), role, index))


def _weights_table(path: tuple) -> None:
    """An earlier version's component weights (names fixed), edited in place."""
    comps = get_in(state.draft(), path, []) or []
    df = pd.DataFrame([{"component": c.get("name", ""), "kind": c.get("kind", "bonus"),
                        "weight": float(c.get("weight", 0.0)) if c.get("kind") != "commission" else None}
                       for c in comps], columns=["component", "kind", "weight"])

    def _write(frame: pd.DataFrame) -> None:
        new = [dict(c) for c in comps]
        for c, w in zip(new, frame["weight"].tolist()):
            if c.get("kind") != "commission" and pd.notna(w):
                c["weight"] = float(w)
        set_in(path, new)

    table_editor(path, df, _write, num_rows="fixed", caption="Weights of this version (% of its target incentive).",
                 column_config={"component": st.column_config.TextColumn(disabled=True),
                                "kind": st.column_config.TextColumn(disabled=True),
                                "weight": st.column_config.NumberColumn("weight %", min_value=0.0, max_value=100.0)})


def _earlier_version(role: str, i: int, plan: dict, first: str, cur: str) -> None:
    base = ("earlier_plans", role, i)
    with st.expander(f"Open {esc(version_label(plan, first))} (earlier version)"):
        a, b, c = st.columns(3)
        a.text_input("Effective from (YYYY-MM; empty: the history's start)", **bind(
            base + ("effective_from",), "", transform=lambda v: v.strip() or None))
        b.number_input(f"Base salary ({cur})", min_value=1.0, step=5000.0, format="%.0f",
                       **bind(base + ("base_salary",)))
        if plan.get("target_incentive") is not None:
            c.number_input(f"Target incentive ({cur})", min_value=0.0, step=5000.0, format="%.0f",
                           **bind(base + ("target_incentive",)))
        else:
            c.number_input("Target incentive, % of base", min_value=0.0, step=5.0,
                           **bind(base + ("target_incentive_pct_of_base",)))
        st.selectbox("Measured", PERIODS, **bind(base + ("measurement_period",), "quarterly"))
        _weights_table(base + ("components",))
        st.button("Delete this version", key=f"{state.WIDGET_PREFIX}delver/{role}/{i}",
                  on_click=structural(_delete_version), args=(role, i),
                  help="Its months go to the version before it (the oldest's to the next one).")


def versions_section(role: str, months: list[str]) -> None:
    """A role's plan versions: add one from a month (a copy of the current plan), open or delete one."""
    d = state.draft()
    plan = d["roles"][role]
    earlier = d.get("earlier_plans", {}).get(role, [])
    cur = d.get("currency", "USD")
    for i, p in enumerate(earlier):
        _earlier_version(role, i, p, months[0], cur)
    if earlier:
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        a.text_input("Current plan effective from (YYYY-MM)", **bind(("roles", role, "effective_from"), "",
                                                                     transform=lambda v: v.strip() or None))
        b.button("Delete the current plan", key=f"{state.WIDGET_PREFIX}delver/{role}/{len(earlier)}",
                 on_click=structural(_delete_version), args=(role, len(earlier)),
                 help="The latest earlier version becomes the current plan.")
    since = plan.get("effective_from") or months[0]
    try:
        later = [m for m in months if month_ordinal(m) > month_ordinal(since)]
    except ValueError:  # a month being typed: the problem is listed at the top of the page
        later = []
    if later:
        key = f"{state.WIDGET_PREFIX}newver/{role}/month"
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        a.selectbox("Add a version from month", later, index=max(0, len(later) - 6),
                    key=key, help="Copies the current plan: the copy takes effect in this month and becomes the "
                                  "current plan you edit; the old plan stays in force before it.")
        b.button("Add version", key=f"{state.WIDGET_PREFIX}newver/{role}", on_click=structural(_add_version),
                 args=(role, key))
    note = st.session_state.pop(f"version_note/{role}", None)
    if note:
        (st.error if note.startswith("Not") else st.success)(esc(note))


def _date_key(role: str, field: str) -> str:
    return f"{state.WIDGET_PREFIX}employment/{role}/{field}"


def _set_date(role: str, field: str) -> None:
    value = st.session_state[_date_key(role, field)]
    d = state.draft()
    emp = dict(d.get("employment", {}).get(role) or {})
    emp[field] = value.isoformat() if isinstance(value, date) else None
    emp = {k: v for k, v in emp.items() if v}
    employment = {r: e for r, e in (d.get("employment") or {}).items() if r != role}
    if emp:
        employment[role] = emp
    set_in(("employment",), employment)


def employment_section(role: str, months: list[str]) -> None:
    """Start and end dates (empty: employed throughout), proration and the termination terms, with the rule."""
    emp = (state.draft().get("employment") or {}).get(role) or {}
    lo, hi = parse_day(months[0]), parse_day(months[-1]).replace(day=28)
    a, b = st.columns(2)
    for col, field, label in ((a, "start", "Started on"), (b, "end", "Left on")):
        key = _date_key(role, field)
        if key not in st.session_state:
            try:
                st.session_state[key] = parse_day(emp[field]) if emp.get(field) else None
            except ValueError:
                st.session_state[key] = None
        col.date_input(f"{label} (empty: throughout)", key=key, on_change=_set_date, args=(role, field),
                       min_value=date(lo.year - 5, 1, 1), max_value=date(hi.year + 5, 12, 31), format="YYYY-MM-DD")
    base = ("roles", role)
    a, b, c = st.columns(3)
    a.selectbox("Proration", ["months", "days"], **bind(base + ("proration",), "months"))
    b.selectbox("Holdback at termination", ["forfeit", "pay"], **bind(base + ("at_termination", "holdback"), "forfeit"))
    c.selectbox("Draw balance at termination", ["forgive", "recover"],
                **bind(base + ("at_termination", "draw_balance"), "forgive"))
    st.caption(PRORATION_RULE)


def timing_section(months: list[str]) -> None:
    """The scenario's fiscal year, the versions timeline, and per role its versions and employment."""
    d = state.draft()
    fiscal_year_control()
    try:
        frame = timeline_frame(d, months)
    except ValueError:
        st.caption("The timeline returns once every version's effective month is a month (YYYY-MM).")
    else:
        st.altair_chart(timeline_chart(frame), width="stretch",
                        height=90 + 40 * max(1, frame["role"].nunique()))  # axis and legend outside the rows
    st.caption("Each bar is a version of a role's plan, in force from its month to the month before the next. "
               "Payouts replay each version on its own months; the alignment lab studies the current plans.")
    cols = st.columns(len(d["roles"]))
    for col, (role, plan) in zip(cols, d["roles"].items()):
        with col:
            st.markdown(f"**{esc(plan.get('title', role))}**")
            versions_section(role, months)
            employment_section(role, months)
