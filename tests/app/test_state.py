"""State that never drifts (AppTest): what the sidebar names, the link on every page, asking before
unsaved edits are discarded, the overwrite prompt, case twins, a saved scenario's own description."""

from __future__ import annotations

from pathlib import Path

from comp_models import load_scenario

from .apptest import APP, shown, start


def test_opening_on_the_scenarios_page_moves_the_sidebar_and_picking_back_works():
    at = start()
    at.switch_page("app_pages/scenarios.py").run()
    at.button(key="open/preset:siloed").click().run()
    assert at.selectbox(key="sidebar_source").value == "preset:siloed"  # the sidebar names what is open
    at.selectbox(key="sidebar_source").select("preset:integrated").run()
    assert at.session_state["source"] == "preset:integrated"  # picking Integrated again does open it
    assert at.selectbox(key="sidebar_source").value == "preset:integrated"


def test_the_scenario_link_survives_page_changes():
    at = start(scenario="preset:siloed")
    for page in ["app_pages/backtest.py", "app_pages/alignment.py", "app_pages/export.py"]:
        at.switch_page(page).run()
        assert not at.exception
        assert at.query_params["scenario"] == ["preset:siloed"] or at.query_params["scenario"] == "preset:siloed"


def test_switching_with_unsaved_edits_asks_first():
    at = start()
    at.switch_page("app_pages/plans.py").run()
    at.slider(key="w:goals/company_revenue/target_pct").set_value(90.0).run()
    at.run()  # the slider reran the page's figures alone; AppTest's tree then holds only them, not the sidebar
    at.selectbox(key="sidebar_source").select("preset:siloed").run()
    assert at.session_state["source"] == "preset:integrated"  # nothing discarded yet
    assert at.selectbox(key="sidebar_source").value == "preset:integrated"
    assert any("unsaved edits" in w.value for w in at.warning)
    at.button(key="cancel_open").click().run()  # keep editing: the edit is still there
    assert at.session_state["draft"]["goals"]["company_revenue"]["target_pct"] == 90.0
    assert not any("unsaved edits" in w.value for w in at.warning)
    at.selectbox(key="sidebar_source").select("preset:siloed").run()
    at.button(key="confirm_open").click().run()
    assert at.session_state["source"] == "preset:siloed"
    assert at.selectbox(key="sidebar_source").value == "preset:siloed"


def test_switching_without_edits_does_not_ask():
    at = start()
    at.selectbox(key="sidebar_source").select("preset:siloed").run()
    assert at.session_state["source"] == "preset:siloed"
    assert not any("unsaved edits" in w.value for w in at.warning)


def test_the_overwrite_prompt_goes_away_after_either_answer(tmp_path):
    at = start()
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="save_name").input("Plan").run()
    at.button(key="save").click().run()
    at.button(key="save").click().run()
    assert any("already exists" in shown(w.value) for w in at.warning)
    at.button(key="overwrite_no").click().run()
    assert not any("already exists" in shown(w.value) for w in at.warning)
    at.button(key="save").click().run()
    at.button(key="overwrite_yes").click().run()
    assert not any("already exists" in shown(w.value) for w in at.warning)
    assert not [b for b in at.button if b.key == "overwrite_yes"]


def test_names_differing_only_in_case_are_one_file(tmp_path):
    at = start()
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="save_name").input("Plan").run()
    at.button(key="save").click().run()
    at.text_input(key="save_name").input("PLAN").run()
    at.button(key="save").click().run()
    assert any("already exists" in shown(w.value) for w in at.warning)  # asks: the same file
    assert len(list((tmp_path / "saved").glob("*.toml"))) == 1


def test_a_saved_scenario_keeps_its_own_description(tmp_path):
    at = start(scenario="preset:siloed")
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="save_name").input("Mine").run()
    at.button(key="save").click().run()
    saved = load_scenario(tmp_path / "saved" / "Mine.toml")
    assert saved.description == load_scenario(Path(APP).parent / "scenarios" / "siloed.toml").description


def test_data_page_maps_new_bookings_style_headers_and_says_what_to_map():
    at = start()
    at.switch_page("app_pages/data.py").run()
    assert any(b.key == "targets_template" for b in at.get("download_button"))
    csv = b"Month,New Bookings,Revenue ($),MQLs\n2024-01,100,200,5\n"
    at.file_uploader(key="history_upload").set_value(("crm.csv", csv, "text/csv")).run()
    assert not at.exception
    assert at.selectbox(key="map/bookings").value == "New Bookings"
    assert at.selectbox(key="map/revenue").value == "Revenue ($)"
    assert at.selectbox(key="map/mqls").value == "MQLs"
    assert any("map a column to" in shown(w.value) for w in at.warning)
    at.button(key="validate_history").click().run()
    text = shown(" ".join(e.value for e in at.error))
    assert "map a column to" in text and "is missing" not in text
