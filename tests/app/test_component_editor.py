"""The Plan builder's component editors (AppTest): closed by default, an expander each that draws nothing until
opened; opened, every component of every preset can be picked and edited, its preview drawn, and the payouts are
the same either way."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from comp_models import preset_paths
from ui import state

from .apptest import open_components, start

PLANS = "app_pages/plans.py"
PRESETS = sorted(preset_paths())


def _charts(at: AppTest) -> list:
    return list(at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart"))


def _earned(at: AppTest) -> list[str]:
    return [m.value for m in at.metric if m.label == "Earned"]


def _editor_widgets(at: AppTest) -> list[str]:
    """Widgets only a component editor draws: the name input, the pick, remove, the curve/tier/matrix tables."""
    return ([t.key for t in at.text_input if "/components/" in (t.key or "")]
            + [s.key for s in at.selectbox if (s.key or "").startswith("w:pick/")]
            + [b.key for b in at.button if (b.key or "").startswith("w:rm/")]
            + [e.key for e in at.data_editor if "/components/" in (e.key or "")])


@pytest.mark.parametrize("preset", PRESETS)
def test_closed_by_default_no_editor_is_drawn_and_one_click_opens_it(preset):
    at = start(scenario=f"preset:{preset}")
    at.switch_page(PLANS).run()
    assert not at.exception
    roles = list(at.session_state["draft"]["roles"])
    assert all(at.session_state[f"open_components/{r}"] is False for r in roles)  # the expanders, closed
    assert _editor_widgets(at) == []
    assert _charts(at) == []  # the previews live in the editors
    closed = _earned(at)
    assert len(closed) == len(roles)
    at.session_state[f"open_components/{roles[0]}"] = True  # the user opens one plan's
    at.run()
    assert not at.exception
    keys = _editor_widgets(at)
    assert f"w:pick/{roles[0]}" in keys and f"w:pick/{roles[-1]}" not in keys  # that plan's alone
    assert _earned(at) == closed  # the figures do not depend on what is open


@pytest.mark.parametrize("preset", PRESETS)
def test_open_every_component_of_every_plan_can_be_picked_and_shows_its_name(preset):
    """Every preset, both plans, every component picked in turn: the page never raises, the editor names the
    component picked, and a bonus, matrix or commission with tiers shows a preview."""
    at = open_components(start(scenario=f"preset:{preset}").switch_page(PLANS).run())
    draft = at.session_state["draft"]
    for role, plan in draft["roles"].items():
        for i, comp in enumerate(plan["components"]):
            at.selectbox(key=f"w:pick/{role}").set_value(i).run()
            assert not at.exception, (role, i, [e.message for e in at.exception])
            name = at.text_input(key=f"w:roles/{role}/components/{i}/name")
            assert name.value == comp["name"]
            kind = comp.get("kind", "bonus")
            if kind in ("bonus", "matrix") or (kind == "commission" and comp.get("tiers")):
                assert _charts(at), (role, comp["name"])


def test_an_edit_in_an_open_editor_keeps_it_open():
    at = open_components(start(scenario="preset:integrated").switch_page(PLANS).run())
    before = _earned(at)
    at.text_input(key="w:roles/vp_sales/components/0/name").input("Company revenue 2026").run()
    assert not at.exception
    assert at.session_state["open_components/vp_sales"] is True
    assert at.text_input(key="w:roles/vp_sales/components/0/name").value == "Company revenue 2026"
    assert at.session_state["draft"]["roles"]["vp_sales"]["components"][0]["name"] == "Company revenue 2026"
    assert _earned(at) == before  # a name changes no money
    n = len(at.session_state["draft"]["roles"]["vp_sales"]["components"])
    at.button(key="w:rm/vp_sales/0").click().run()  # removed: the page reruns whole, the editor still open
    assert not at.exception
    assert at.session_state["open_components/vp_sales"] is True
    assert len(at.session_state["draft"]["roles"]["vp_sales"]["components"]) == n - 1
    assert any("not 100%" in w.value for w in at.warning)  # the weights left to rebalance, said beside them


def test_a_component_added_opens_its_editor_on_it():
    """Adding a component (a bonus on a goal, or an objectives component) opens the plan's editor on the new one,
    so its curve or objectives can be set at once."""
    at = start(scenario="preset:integrated").switch_page(PLANS).run()
    assert at.session_state["open_components/vp_sales"] is False
    at.button(key="w:add/vp_sales").click().run()
    assert not at.exception, [e.message for e in at.exception]
    comps = at.session_state["draft"]["roles"]["vp_sales"]["components"]
    assert comps[-1]["goal"] == "company_revenue"  # the first goal offered
    assert at.session_state["open_components/vp_sales"] is True
    assert at.selectbox(key="w:pick/vp_sales").value == len(comps) - 1
    assert at.text_input(key=f"w:roles/vp_sales/components/{len(comps) - 1}/name").value == comps[-1]["name"]
    at.button(key="w:add_obj/vp_marketing").click().run()  # Joint launch plan, the preset's objective
    assert not at.exception, [e.message for e in at.exception]
    mcomps = at.session_state["draft"]["roles"]["vp_marketing"]["components"]
    assert mcomps[-1]["kind"] == "objectives"
    assert at.selectbox(key="w:pick/vp_marketing").value == len(mcomps) - 1
    assert at.session_state["open_components/vp_sales"] is True  # the other plan's editor stays open


def test_an_editor_left_open_is_open_again_after_another_page():
    """The expander's own state goes when a run does not draw it; the page seeds it from what the user left
    (`ui.editing.keep_editor_open`, called by the expander's on_change in the browser)."""
    at = start(scenario="preset:integrated").switch_page(PLANS).run()
    at.session_state[state.OPEN_EDITORS] = {"vp_marketing"}  # what the expander's callback keeps
    at.switch_page("app_pages/backtest.py").run()
    at.switch_page(PLANS).run()
    assert not at.exception
    assert at.session_state["open_components/vp_marketing"] is True
    assert at.session_state["open_components/vp_sales"] is False
    assert "w:pick/vp_marketing" in _editor_widgets(at) and "w:pick/vp_sales" not in _editor_widgets(at)


def _pick(at: AppTest, role: str):
    box = at.selectbox(key=f"w:pick/{role}")
    return box.value, box.options[box.value]


def test_the_pick_outlives_removals_renames_other_plans_and_the_page_and_names_what_is_shown():
    """Review: after a remove, a rebalance, another plan's add or a rename the box kept the last label while
    the editor showed the plan's first component. The pick is kept by the page (state.PICKED) and the box is
    seeded through the session state, so the box and the editor always name the same component."""
    at = open_components(start(scenario="preset:integrated").switch_page(PLANS).run())
    at.selectbox(key="w:pick/vp_sales").set_value(3).run()  # Forecast accuracy
    at.selectbox(key="w:pick/vp_marketing").set_value(2).run()  # Bookings

    def agrees(role: str) -> str:
        i, label = _pick(at, role)
        name = at.session_state["draft"]["roles"][role]["components"][i]["name"]
        assert label.startswith(f"{name} · ") and at.text_input(key=f"w:roles/{role}/components/{i}/name").value == name
        return name

    assert agrees("vp_sales") == "Forecast accuracy" and agrees("vp_marketing") == "Bookings"
    at.button(key="w:add/vp_sales").click().run()  # another plan's add: Marketing's pick stays
    assert agrees("vp_marketing") == "Bookings"
    at.selectbox(key="w:pick/vp_sales").set_value(3).run()
    at.button(key="w:rm/vp_sales/3").click().run()  # the picked one removed: the box names the one shown
    assert not at.exception
    assert agrees("vp_sales") != "Forecast accuracy"
    at.text_input(key="w:roles/vp_marketing/components/2/name").input("Bookings won").run()  # renamed
    assert agrees("vp_marketing") == "Bookings won"
    at.switch_page("app_pages/backtest.py").run()
    at.switch_page(PLANS).run()
    open_components(at)
    assert agrees("vp_marketing") == "Bookings won" and _pick(at, "vp_marketing")[0] == 2
    at.selectbox(key="sidebar_source").select("preset:siloed").run()  # another scenario: first components
    at.button(key="confirm_open").click().run()  # the edits above discarded
    assert at.session_state["source"] == "preset:siloed"
    open_components(at)
    assert not at.exception
    assert _pick(at, "vp_sales")[0] == 0 and _pick(at, "vp_marketing")[0] == 0
    agrees("vp_sales")
    agrees("vp_marketing")


def test_a_renamed_component_keeps_its_weights_lock():
    """Review: locks are kept by component name, so a rename released the lock and the next weight move took
    from the weight the user had locked."""
    at = open_components(start(scenario="preset:integrated").switch_page(PLANS).run())
    at.checkbox(key="lock/vp_sales/Pipeline").check().run()
    at.run()  # the lock reran the live figures alone (AppTest's tree then holds only them)
    at.selectbox(key="w:pick/vp_sales").set_value(1).run()
    at.text_input(key="w:roles/vp_sales/components/1/name").input("Pipeline created").run()
    assert not at.exception
    assert at.session_state[state.WEIGHT_LOCKS] == {"vp_sales/Pipeline created"}
    assert at.checkbox(key="lock/vp_sales/Pipeline created").value is True

    def weights() -> list[float]:
        return [float(c.get("weight", 0)) for c in at.session_state["draft"]["roles"]["vp_sales"]["components"]]

    before = weights()
    at.slider(key="w:roles/vp_sales/components/0/weight").set_value(before[0] + 6).run()
    after = weights()
    assert after[0] == before[0] + 6 and after[1] == before[1]  # the locked weight kept; the others gave
    assert sum(w for c, w in zip(at.session_state["draft"]["roles"]["vp_sales"]["components"], after)
               if c.get("kind", "bonus") != "commission") == 100.0
