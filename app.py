"""comp-align: build the VP Sales and VP Marketing plans together and test whether they line up.

Thin entry: page config, shared state and sidebar, then navigation over app_pages/.
"""

import os
import time

_RUN_STARTED = time.perf_counter()

import streamlit as st  # noqa: E402

from ui import state, timing  # noqa: E402
from ui.text import esc  # noqa: E402

TIMING = timing.ON  # tools/browser_bench.py reads these lines from the server log
if TIMING:
    import gc
    import sys

    if not getattr(sys, "_comp_align_gc_timer", False):  # once per process: time every full collection
        sys._comp_align_gc_timer = True
        _gc_started = [0.0]

        def _gc_timer(phase: str, info: dict) -> None:
            if info.get("generation") != 2:
                return
            if phase == "start":
                _gc_started[0] = time.perf_counter()
            else:
                print(f"comp-align timing: gc gen2 {1e3 * (time.perf_counter() - _gc_started[0]):.1f} ms, "
                      f"{info.get('collected', 0)} collected", flush=True)

        gc.callbacks.append(_gc_timer)

st.set_page_config(page_title="comp-align", page_icon=":material/balance:", layout="wide")
state.init_state()


def _on_pick() -> None:
    picked = st.session_state["sidebar_source"]
    st.session_state["sidebar_source"] = st.session_state["source"]  # names what is open until it opens
    state.request_open(picked)


def _payouts_alias() -> None:
    """/payouts opens the Payouts page (served at the root as the default page), keeping the link's query."""
    st.switch_page(payouts, query_params=st.query_params.to_dict())


with st.sidebar:
    st.markdown("### comp-align")
    sources = list(state.source_paths())
    current = st.session_state["source"]
    options = sources if current in sources else [current, *sources]
    if st.session_state.get("sidebar_source") != current:  # the sidebar always names what is open
        st.session_state["sidebar_source"] = current
    st.selectbox("Scenario", options, index=options.index(current), format_func=state.source_label,
                 key="sidebar_source", on_change=_on_pick,
                 help="Presets ship with the app; saved scenarios are under scenarios/saved/.")
    st.caption(f"History: {esc(state.history().label)}")
    if not state.history().key.startswith("sample:"):
        st.caption("An uploaded history lives in this browser session only: a reload or a shared link carries the "
                   "plan, not the data, and opens on the sample history.")
    assumed = getattr(state.history().history, "assumed", ())
    if assumed:  # every figure of every page reads these: say so beside the history in use
        st.warning("Assumed, not from data: " + "; ".join(f"{esc(c)} ({esc(how)})" for c, how in assumed))
    url_warning = st.session_state.pop("url_warning", None)
    if url_warning:
        st.warning(esc(url_warning))
    failed = st.session_state.pop("open_problems", None)
    if failed:
        st.error(f"{esc(failed[0])} cannot be opened: {esc(failed[1][0])}")
    pending = st.session_state.get("pending_open")
    if pending:
        st.warning(f"The open scenario has unsaved edits. Open {esc(state.source_label(pending))} and discard "
                   "them? (Save them first on the Scenarios page to keep them.)", icon=":material/warning:")
        a, b = st.columns(2)
        a.button("Discard and open", key="confirm_open", type="primary", on_click=state.confirm_open)
        b.button("Keep editing", key="cancel_open", on_click=state.cancel_open)

payouts = st.Page("app_pages/overview.py", title="Payouts", icon=":material/payments:", default=True,
                  url_path="overview")
pages = [
    payouts,
    st.Page("app_pages/plans.py", title="Plan builder", icon=":material/tune:", url_path="plans"),
    st.Page("app_pages/backtest.py", title="Back-test", icon=":material/show_chart:", url_path="backtest"),
    st.Page("app_pages/statement.py", title="Statements", icon=":material/receipt_long:", url_path="statements"),
    st.Page("app_pages/alignment.py", title="Alignment", icon=":material/explore:", url_path="alignment"),
    st.Page("app_pages/compare.py", title="Compare scenarios", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("app_pages/scenarios.py", title="Scenarios", icon=":material/folder_open:", url_path="scenarios"),
    st.Page("app_pages/data.py", title="Data", icon=":material/table_view:", url_path="data"),
    st.Page("app_pages/crm_import.py", title="Import CRM export", icon=":material/upload_file:", url_path="crm_import"),
    st.Page("app_pages/export.py", title="Export", icon=":material/download:", url_path="export"),
]
pages.append(st.Page(_payouts_alias, title="Payouts", url_path="payouts", visibility="hidden"))
page = st.navigation(pages)
st.query_params["scenario"] = st.session_state["source"]  # the link carries what is open, on every page
page.run()
if os.environ.get("COMP_ALIGN_GC_FREEZE", "1") == "1":
    import gc
    import sys

    if not getattr(sys, "_comp_align_gc_frozen", False):
        # Once per process, after the first run has imported the libraries and built the module-level
        # objects: move them out of the collector's sight, so a full collection (Streamlit's after every
        # run) walks only what later runs create. Frozen objects are never collected (they live as long
        # as the process anyway).
        sys._comp_align_gc_frozen = True
        gc.freeze()
if TIMING:
    timing.run_done(_RUN_STARTED, page.url_path or "overview")
