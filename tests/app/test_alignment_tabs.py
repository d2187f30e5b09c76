"""The Alignment page's four tabs of figures are lazy: only the open one is computed and drawn (the browser is slow
to draw every tab's tables and charts at once). The optimiser's and the self-assessment's tabs hold widgets and are
drawn always (a widget not drawn loses its state). Every tab opens on every preset and after an upload; a closed
tab of figures is not sent; the optimiser's settings and the self-assessment's answers stay while another tab is
open (tests/app/test_browser.py checks the same in a real browser)."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from comp_models import SAMPLE_HISTORY, preset_paths

from .apptest import start, use_history_upload

ALIGNMENT = "app_pages/alignment.py"
TABS = ["Gradients", "Conflict periods", "Stress tests", "Monte Carlo", "Optimiser", "Self-assessment"]
ALWAYS = ("Optimiser", "Self-assessment")  # tabs of widgets: drawn in every run


def _tab(at: AppTest, label: str) -> AppTest:
    at.session_state["al_tabs"] = label  # the user clicks the tab (a stateful tab reruns the page)
    at.run()
    assert not at.exception, f"{label}: {[e.message for e in at.exception]}"
    return at


def _seen(at: AppTest) -> dict[str, bool]:
    """Which tab's own content the run drew."""
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    return {
        "Gradients": any("cos(g_Sales, g_Marketing)" in m.value for m in at.markdown),
        "Conflict periods": any(m.value.startswith("Conflict rate on the history") for m in at.markdown),
        "Stress tests": any("stress" in c.value.lower() and "strength" in c.value.lower() for c in at.caption)
        or any("Stress" in str(list(d.value.columns)) for d in at.dataframe),
        "Monte Carlo": any(m.label == "P(conflict)" for m in at.metric),
        "Optimiser": any(b.key == "opt_run" for b in at.button),
        "Self-assessment": any((c.key or "").startswith("sa_") for c in at.checkbox),
    } | {"charts": bool(charts)}


@pytest.mark.parametrize("preset", sorted(preset_paths()))
def test_each_tab_draws_its_own_content_only(preset):
    at = start(scenario=f"preset:{preset}")
    at.switch_page(ALIGNMENT).run()
    assert not at.exception
    for label in TABS:
        seen = _seen(_tab(at, label))
        assert seen[label], (preset, label, seen)
        assert all(seen[k] for k in ALWAYS), (preset, label, seen)
        assert not any(v for k, v in seen.items() if k not in (label, "charts", *ALWAYS)), (preset, label, seen)


def test_every_tab_opens_after_an_upload():
    frame = pd.read_csv(SAMPLE_HISTORY)
    frame["revenue"] = (frame["revenue"] * 0.85).round(2)
    at = use_history_upload(start(), frame.to_csv(index=False).encode())
    at.switch_page(ALIGNMENT).run()
    for label in TABS:
        assert _seen(_tab(at, label))[label], label


def test_settings_and_answers_are_kept_while_another_tab_is_open():
    at = _tab(start().switch_page(ALIGNMENT), "Optimiser")
    at.slider(key="opt_max_w").set_value(60).run()
    at.number_input(key="opt_budget").set_value(250_000.0).run()
    at = _tab(at, "Self-assessment")
    at.checkbox(key="sa_lead_handoff").check().run()
    at = _tab(_tab(at, "Gradients"), "Optimiser")  # away, and back
    assert at.slider(key="opt_max_w").value == 60 and at.number_input(key="opt_budget").value == 250_000.0
    assert not at.warning or not any("Session State" in w.value for w in at.warning)
    at = _tab(at, "Self-assessment")
    assert at.checkbox(key="sa_lead_handoff").value is True
    assert at.checkbox(key="sa_joint_meetings").value is False
