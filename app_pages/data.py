"""Data: bring your own monthly history (CSV or Excel), map its columns, validate, use it."""

import hashlib
import io

import pandas as pd
import streamlit as st

from comp_models import HISTORY_COLUMNS, InputError, parse_history, parse_targets
from comp_models.project import SAMPLE_HISTORY, required_columns
from ui import state, widgets
from ui.state import HistoryData

st.title("Data")
st.caption(f"In use: **{state.history().label}**")
if not state.history().key.startswith("sample:"):
    st.button("Back to the sample history", key="use_sample",
              on_click=lambda: st.session_state.update(history=state._sample_history()))

st.download_button("Download a template (CSV, 12 sample months)",
                   pd.read_csv(SAMPLE_HISTORY).head(12).to_csv(index=False).encode("utf-8"),
                   file_name="history_template.csv", mime="text/csv", key="template", on_click="ignore")
st.dataframe(pd.DataFrame([{"column": c, "unit": u, "meaning": m} for c, (u, m) in HISTORY_COLUMNS.items()]),
             hide_index=True, width="stretch")

up = st.file_uploader("Monthly history (CSV or Excel)", type=["csv", "xlsx"], key="history_upload")
tup = st.file_uploader("Annual targets (optional: year, metric, annual_target)", type=["csv", "xlsx"],
                       key="targets_upload")
if up is not None:
    raw = up.getvalue()
    try:
        if up.name.lower().endswith(".xlsx"):
            head = pd.read_excel(io.BytesIO(raw), dtype=str, nrows=0)
        else:
            head = pd.read_csv(io.BytesIO(raw), dtype=str, nrows=0)
        source_cols = [str(c).strip() for c in head.columns]
    except Exception as exc:  # any unreadable file: say so, never a traceback
        st.error(f"{up.name} cannot be read as a table ({type(exc).__name__}). Fix: upload a CSV or .xlsx with a "
                 "header row.")
        source_cols = []
    if source_cols:
        scenario = state.scenario_for_numbers()[0]
        needed = ["month", *required_columns(scenario)]
        st.markdown("**Map your columns** (pre-filled where names match)")
        normal = {c.lower().replace(" ", "_"): c for c in source_cols}
        mapping = {}
        cols = st.columns(3)
        for n, model_col in enumerate(needed):
            guess = normal.get(model_col)
            options = ["(none)", *source_cols]
            pick = cols[n % 3].selectbox(model_col, options, index=options.index(guess) if guess else 0,
                                         key=f"map/{model_col}", help=HISTORY_COLUMNS[model_col][1])
            if pick != "(none)":
                mapping[pick] = model_col
        extra = [c for c in source_cols if c not in mapping]
        if extra:
            st.caption("Not used: " + ", ".join(extra) + " (they will be ignored).")
        if st.button("Validate", key="validate_history", type="primary"):
            keep = list(mapping)
            try:
                frame = (pd.read_excel(io.BytesIO(raw), dtype=str) if up.name.lower().endswith(".xlsx")
                         else pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False))
                csv = frame[keep].rename(columns=mapping).to_csv(index=False).encode("utf-8")
                h = parse_history(csv, up.name, required=required_columns(scenario))
                targets = parse_targets(tup.getvalue(), tup.name) if tup is not None else state.history().targets
            except InputError as exc:
                widgets.show_issues(exc.issues, title=f"{up.name} has problems; nothing was loaded")
            else:
                key = "upload:" + hashlib.sha256(csv + (tup.getvalue() if tup else b"")).hexdigest()[:16]
                st.session_state["pending_history"] = HistoryData(
                    key, h, targets, f"{up.name} ({h.months[0]} to {h.months[-1]}, {len(h.months)} months)")
        pending = st.session_state.get("pending_history")
        if pending:
            st.success(f"Valid: {pending.label}.")
            st.dataframe(pending.history.frame.head(12), hide_index=True)
            if st.button("Use this history", key="use_history"):
                st.session_state["history"] = st.session_state.pop("pending_history")
                st.rerun()
