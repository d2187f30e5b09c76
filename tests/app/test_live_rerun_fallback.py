"""A control bound with `rerun=` to a fragment the session does not have: the change is kept and the whole
page reruns (ui/editing.py), instead of an error on the page (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from ui import state
    from ui.editing import bind

    state.init_state()
    st.slider("Target level", 50.0, 150.0, step=1.0,
              **bind(("goals", "company_revenue", "target_pct"), 100.0, rerun="no_such_fragment"))
    st.caption(f"draft target {state.draft()['goals']['company_revenue']['target_pct']:g}")


def test_a_missing_fragment_falls_back_to_a_whole_page_run():
    at = AppTest.from_function(_script, default_timeout=60)
    at.run()
    assert not at.exception
    at.slider(key="w:goals/company_revenue/target_pct").set_value(120.0).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["draft"]["goals"]["company_revenue"]["target_pct"] == 120.0
    assert at.caption[0].value == "draft target 120"  # the whole page ran again, after the change
