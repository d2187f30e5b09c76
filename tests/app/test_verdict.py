"""The verdict at the top of Payouts and Plan builder, applied in one click (AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .apptest import APP


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/plans.py"])
def test_the_verdict_line_and_the_one_change(page):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["scenario"] = "preset:siloed"
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert any(e.value.startswith("**Misaligned** · alignment score **25/100**") for e in at.error)
    if page.endswith("plans.py"):  # every slider move reruns the Plan builder: the move is searched when asked
        assert not any("Most helpful change" in m.value for m in at.markdown)
        at.button(key="find_advice").click().run()
    assert any("Most helpful change" in m.value and "MQL volume" in m.value for m in at.markdown)
    before = [c["name"] for c in at.session_state["draft"]["roles"]["vp_marketing"]["components"]]
    at.button(key="apply_advice").click().run()
    assert not at.exception
    after = at.session_state["draft"]["roles"]["vp_marketing"]["components"]
    assert len(after) == len(before) + 1 and sum(c["weight"] for c in after) == 100  # bookings, now shared
    assert not any(e.value.startswith("**Misaligned** · alignment score **25/100**") for e in at.error)  # refreshed
    weights = {f"w:roles/vp_marketing/components/{i}/weight": float(c["weight"]) for i, c in enumerate(after)
               if c.get("kind", "bonus") != "commission"}
    if page.endswith("plans.py"):  # the whole page ran again: every weight slider shows the applied weights
        assert {k: at.slider(key=k).value for k in weights} == weights


def test_payouts_shows_pay_vs_outcome_and_the_two_goal_map():
    import json

    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception
    charts = at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")
    specs = [json.loads(c.proto.spec) for c in charts]
    assert len(specs) >= 4
    titles = [str(s.get("title", "")) for s in specs]
    assert any("Pay vs Company revenue" in t for t in titles)
    assert any("Where each VP is paid" in t for t in titles)
    at.toggle(key="outcome_funnel").set_value(True).run()
    assert not at.exception
