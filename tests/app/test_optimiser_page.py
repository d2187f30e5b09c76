"""The optimiser on the Alignment page: sensible constraints, results that stay, Apply refreshing everything."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .apptest import APP


def _optimiser_tab(at: AppTest) -> AppTest:
    """The Alignment page's Optimiser tab opened, as the user clicks it (its widgets are drawn in every run, so that
    they keep their state; the tabs of figures are the lazy ones)."""
    at.session_state["al_tabs"] = "Optimiser"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_run_keeps_results_shows_weights_and_apply_refreshes():
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["scenario"] = "preset:marketing_serves_sales"
    at.run()
    _optimiser_tab(at.switch_page("app_pages/alignment.py"))
    at.select_slider(key="al_sims").set_value(1_000).run()
    at.button(key="opt_run").click().run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    table = next(f for f in frames if "Point" in f.columns)
    assert any(c.endswith(": P(≥ target)") for c in table.columns)
    # the chosen point's weights beside today's, one row per component (no wide column to scroll)
    weights = next(f for f in frames if "Component" in f.columns)
    assert {"VP", "Component", "Today"} <= set(weights.columns) and len(weights.columns) == 4
    assert "Company revenue" in set(weights["Component"])  # names, not ids
    at.run()  # another rerun: the results stay on screen
    assert any("Point" in d.value.columns for d in at.dataframe)
    at.button(key="opt_apply").click().run()
    assert not at.exception
    assert any("Applied" in s.value for s in at.success)
    assert at.session_state["mc_cache"]  # recomputed for the applied plan in the same run
    assert "opt_result" not in at.session_state or at.session_state["opt_result"] is None


def test_on_integrated_todays_plans_are_candidates_by_default():
    # Integrated's VP of Sales keeps 5% on functional goals: the functional minimum starts at 5%, not 20%,
    # so the answer is never less aligned than today's plans
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["scenario"] = "preset:integrated"
    at.run()
    _optimiser_tab(at.switch_page("app_pages/alignment.py"))
    assert at.slider(key="opt_min_func").value == 5
    lo, hi = at.slider(key="opt_band").value  # the band starts around today's chances of reaching target
    assert 0 <= lo < hi <= 100 and (lo, hi) != (0, 100)
    at.select_slider(key="al_sims").set_value(1_000).run()
    at.button(key="opt_run").click().run()
    assert not at.exception
    res = at.session_state["opt_result"]
    assert res.baseline["feasible"]
    assert res.best["alignment"] >= res.baseline["alignment"] - 1e-12
