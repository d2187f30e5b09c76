"""Data: bring your own monthly history (CSV or Excel), map its columns, validate, use it."""

import pandas as pd
import streamlit as st

from comp_models import HISTORY_COLUMNS, InputError, Issue, parse_history, parse_targets, resolve_targets
from comp_models.data import SAMPLE_HISTORY, SAMPLE_TARGETS, read_header, sheets_with_data
from comp_models.engine import required_columns, through_year_end
from ui import state, widgets
from ui.state import HistoryData
from ui.text import esc

_FILLER = {"new", "total", "number", "num", "no", "of", "count", "amount", "usd", "sum", "monthly", "value", "qty"}


def _tokens(name: str) -> frozenset[str]:
    """The words of a column name without filler ("New Bookings ($)" -> {bookings})."""
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in str(name)).split()
    return frozenset(w for w in words if w not in _FILLER) or frozenset(words)


def _guesses(model_cols: list[str], source_cols: list[str]) -> dict[str, str]:
    """model column -> the upload's column that names it: the same name but for case, spaces and dashes,
    else the same words without filler ("New Bookings" -> bookings); each upload column used once."""
    normal = {c.lower().strip().replace(" ", "_").replace("-", "_"): c for c in source_cols}
    out, used = {}, set()
    for m in model_cols:
        if m in normal:
            out[m] = normal[m]
            used.add(normal[m])
    for m in model_cols:
        if m in out:
            continue
        hit = [c for c in source_cols if c not in used and _tokens(c) == _tokens(m.replace("_", " "))]
        if hit:
            out[m] = hit[0]
            used.add(hit[0])
    return out


def _map_wording(issues):
    """'column bookings: is missing' as the Data page's user acts on it: 'map a column to bookings'."""
    out = []
    for i in issues:
        if i.where.startswith("column ") and "missing" in i.problem:
            col = i.where.removeprefix("column ")
            out.append(Issue(i.file, i.where, f"no column is mapped to {col}",
                             f"map a column to {col} above (or add one to the file)"))
        else:
            out.append(i)
    return out


def _sheet_picker(raw: bytes, name: str, key: str) -> str | None:
    """A sheet selector when a workbook has several sheets with data (the readers refuse to guess)."""
    try:
        sheets = sheets_with_data(raw, name)
    except InputError:
        return None  # unreadable: the reader says why below
    if len(sheets) < 2:
        return None
    return st.selectbox(f"{name} has {len(sheets)} sheets with data: which one to read?", sheets, key=key)


st.title("Data")
st.caption(f"In use: **{esc(state.history().label)}**")
if not state.history().key.startswith("sample:"):
    st.button("Back to the sample history", key="use_sample",
              on_click=lambda: st.session_state.update(history=state._sample_history()))

t1, t2 = st.columns(2)
t1.download_button("Download a history template (CSV, 12 sample months)",
                   pd.read_csv(SAMPLE_HISTORY).head(12).to_csv(index=False).encode("utf-8"),
                   file_name="history_template.csv", mime="text/csv", key="template", on_click="ignore",
                   icon=":material/download:")
t2.download_button("Download a targets template (CSV: year, metric, annual_target)",
                   SAMPLE_TARGETS.read_bytes(), file_name="targets_template.csv", mime="text/csv",
                   key="targets_template", on_click="ignore", icon=":material/download:")
st.dataframe(pd.DataFrame([{"column": c, "unit": u, "meaning": m} for c, (u, m) in HISTORY_COLUMNS.items()]),
             hide_index=True, width="stretch")

up = st.file_uploader("Monthly history (CSV or Excel)", type=["csv", "xlsx"], key="history_upload")
tup = st.file_uploader("Annual targets (year, metric, annual_target; needed unless the plan's goals carry their "
                       "own annual targets)", type=["csv", "xlsx"], key="targets_upload")
if up is not None:
    raw = up.getvalue()
    sheet = _sheet_picker(raw, up.name, "history_sheet")
    tsheet = _sheet_picker(tup.getvalue(), tup.name, "targets_sheet") if tup is not None else None
    try:
        source_cols = read_header(raw, up.name, sheet=sheet)
    except InputError as exc:
        widgets.show_issues(exc.issues, title=f"{esc(up.name)} cannot be read")
        source_cols = []
    if source_cols:
        scenario = state.scenario_for_numbers()[0]
        needed = ["month", *required_columns(scenario)]
        # every column of the data dictionary can be mapped (and is kept), so another plan opened later
        # finds its columns too; the open plan's own columns come first
        model_cols = needed + [c for c in HISTORY_COLUMNS if c not in needed]
        st.markdown("**Map your columns** (pre-filled where names match; every mapped column is kept)")
        guesses = _guesses(model_cols, source_cols)
        mapping = {}
        cols = st.columns(3)
        for n, model_col in enumerate(model_cols):
            guess = guesses.get(model_col)
            options = ["(none)", *source_cols]
            mark = " (this plan)" if model_col in needed and model_col != "month" else ""
            pick = cols[n % 3].selectbox(f"{model_col}{mark}", options, index=options.index(guess) if guess else 0,
                                         key=f"map/{model_col}", help=HISTORY_COLUMNS[model_col][1])
            if pick != "(none)":
                mapping[pick] = model_col
        unmapped = [c for c in needed if c not in mapping.values()]
        if unmapped:
            st.warning("This plan needs " + ", ".join(f"**{esc(c)}**" for c in unmapped) + ": map a column to "
                       + (" and to ".join(esc(c) for c in unmapped)) + " above (or add it to the file).",
                       icon=":material/link:")
        unused = [c for c in source_cols if c not in mapping]
        if unused:
            st.caption("Not used: " + ", ".join(unused) + " (set aside, as chosen above).")
        if st.button("Validate", key="validate_history", type="primary"):
            try:
                h = parse_history(raw, up.name, required=required_columns(scenario), rename=mapping, ignore=unused,
                                  sheet=sheet)
                # an uploaded history never borrows the sample's (or an earlier upload's) targets: the targets
                # file, or the plan's own annual targets, must cover the history's years; checked now
                targets = parse_targets(tup.getvalue(), tup.name, sheet=tsheet) if tup is not None else {}
                resolve_targets(scenario, through_year_end(h.months, scenario.fiscal_year_start), targets, "the open plan",
                                tup.name if tup is not None else None)
            except InputError as exc:
                st.session_state.pop("pending_history", None)
                widgets.show_issues(_map_wording(exc.issues), title=f"{esc(up.name)} has problems; nothing was loaded")
            else:
                st.session_state["pending_history"] = (up.file_id, HistoryData.of(
                    h, targets, f"{up.name} ({h.months[0]} to {h.months[-1]}, {len(h.months)} months)", "upload"))
        file_id, pending = st.session_state.get("pending_history") or (None, None)
        if pending is not None and file_id == up.file_id:  # a result for this very upload, not an earlier one
            st.success(f"Valid: {esc(pending.label)}.")
            st.dataframe(pending.history.frame.head(12), hide_index=True)
            if st.button("Use this history", key="use_history"):
                st.session_state["history"] = pending
                del st.session_state["pending_history"]
                st.rerun()
