"""App tests with streamlit.testing.v1.AppTest: every page, live sliders, errors, save/load, exports."""


import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from comp_models import annual_summary, load_scenario, preset_paths, run, statement, workbook_bytes

from .apptest import open_components, shown, start

PAGES = ["app_pages/overview.py", "app_pages/plans.py", "app_pages/backtest.py", "app_pages/alignment.py",
         "app_pages/compare.py", "app_pages/scenarios.py", "app_pages/data.py", "app_pages/export.py", "app_pages/statement.py"]


def metric_values(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(page):
    at = start()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, "every page has a title"


def test_first_screen_shows_both_vps_annual_payouts_and_charts():
    at = start()
    _, _, result = run(preset_paths()["integrated"])
    summary = annual_summary(result, statement(result))
    last = summary[summary["year"] == summary["year"].max()]
    shown = metric_values(at)
    for row in last.itertuples():
        assert f"${row.earned:,.0f}" in shown  # the headline in whole dollars, with separators
        assert f"{row.pct_of_target:.1f}%" in shown
    assert any(f"{last.iloc[0].earned:,.2f}" in (m.help or "") for m in at.metric)  # the cents in the tooltip
    charts = at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")
    assert len(charts) >= 2


def test_headline_money_is_formatted():
    at = start(scenario="preset:siloed")
    # hand-checked: Siloed's VP of Marketing earned 95,394.45 in 2025, 95.39445% of a 100,000 target
    assert "$95,394" in metric_values(at) and "95.4%" in metric_values(at)
    assert any("95,394.45" in (m.help or "") for m in at.metric)


def test_target_slider_changes_the_displayed_payout():
    at = start()
    at.switch_page("app_pages/plans.py").run()
    before = metric_values(at)
    at.slider(key="w:goals/company_revenue/target_pct").set_value(110.0).run()
    assert not at.exception
    after = metric_values(at)
    assert len(before) == len(after) >= 4  # earned and % of target for both VPs
    assert before != after  # harder targets: lower payouts
    assert not at.warning or all("not 100%" not in w.value for w in at.warning)


def test_moving_one_weight_moves_the_others_and_the_plan_stays_valid():
    at = start(scenario="preset:siloed")  # VP of Marketing: MQL volume 70, marketing budget 30
    at.switch_page("app_pages/plans.py").run()
    shown_before = metric_values(at)
    at.slider(key="w:roles/vp_marketing/components/0/weight").set_value(60.0).run()
    assert not at.exception
    weights = [c["weight"] for c in at.session_state["draft"]["roles"]["vp_marketing"]["components"]]
    assert weights == [60.0, 40.0]  # the other weight took the 10 points: never invalid
    assert at.slider(key="w:roles/vp_marketing/components/1/weight").value == 40.0
    assert not any("not 100%" in w.value for w in at.warning)
    assert metric_values(at) != shown_before  # the moved plan is replayed at once


def test_a_locked_weight_stays_put():
    at = start()
    at.switch_page("app_pages/plans.py").run()
    comps = at.session_state["draft"]["roles"]["vp_sales"]["components"]
    w1 = comps[1]["weight"]
    at.checkbox(key=f"lock/vp_sales/{comps[1]['name']}").check().run()
    at.slider(key="w:roles/vp_sales/components/0/weight").set_value(comps[0]["weight"] + 5).run()
    after = at.session_state["draft"]["roles"]["vp_sales"]["components"]
    assert after[1]["weight"] == w1 and after[0]["weight"] == comps[0]["weight"] + 5
    assert sum(c.get("weight", 0) for c in after if c.get("kind", "bonus") != "commission") == 100


def test_a_lock_outlives_leaving_the_page_and_goes_with_the_scenario():
    at = start()
    at.switch_page("app_pages/plans.py").run()
    comps = at.session_state["draft"]["roles"]["vp_sales"]["components"]
    lock = f"lock/vp_sales/{comps[1]['name']}"
    at.checkbox(key=lock).check().run()
    at.switch_page("app_pages/backtest.py").run()
    at.switch_page("app_pages/plans.py").run()
    assert at.checkbox(key=lock).value  # still locked, as the user left it
    w1 = comps[1]["weight"]
    at.slider(key="w:roles/vp_sales/components/0/weight").set_value(comps[0]["weight"] + 5).run()
    assert at.session_state["draft"]["roles"]["vp_sales"]["components"][1]["weight"] == w1  # and it holds
    at.run()
    at.checkbox(key=lock).uncheck().run()
    at.run()
    at.slider(key="w:roles/vp_sales/components/0/weight").set_value(comps[0]["weight"]).run()
    assert at.session_state["draft"]["roles"]["vp_sales"]["components"][1]["weight"] != w1  # unlocked: it follows
    at.run()
    at.checkbox(key=lock).check().run()
    at.run()
    at.selectbox(key="sidebar_source").select("preset:siloed").run()
    at.button(key="confirm_open").click().run()  # another scenario opened (the edits discarded): no lock carried
    at.selectbox(key="sidebar_source").select("preset:integrated").run()
    assert at.session_state["source"] == "preset:integrated"
    assert "weight_locks" not in at.session_state
    assert at.checkbox(key=lock).value is False


def test_state_survives_moving_between_pages():
    at = start()
    at.switch_page("app_pages/plans.py").run()
    at.slider(key="w:goals/company_revenue/target_pct").set_value(120.0).run()
    edited = metric_values(at)
    at.switch_page("app_pages/backtest.py").run()
    at.switch_page("app_pages/plans.py").run()
    assert at.slider(key="w:goals/company_revenue/target_pct").value == 120.0
    assert metric_values(at) == edited


def test_invalid_history_upload_shows_error_and_keeps_the_sample():
    at = start()
    at.switch_page("app_pages/data.py").run()
    bad = b"month,revenue\n2024-01,abc\n"
    at.file_uploader(key="history_upload").set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception
    at.button(key="validate_history").click().run()
    assert not at.exception
    text = shown(" ".join(e.value for e in at.error))
    assert "bad.csv" in text and "row 2, column revenue" in text
    assert "Sample history" in " ".join(c.value for c in at.caption)


def test_save_refuses_to_overwrite_until_confirmed_and_reloads(tmp_path):
    at = start()
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="save_name").input("My plan").run()
    at.button(key="save").click().run()
    saved = tmp_path / "saved" / "My plan.toml"
    assert saved.exists()
    first = saved.read_bytes()
    assert load_scenario(saved).roles == load_scenario(preset_paths()["integrated"]).roles
    # change the plan, then save under the same name: asks first, cancel keeps the file
    at.switch_page("app_pages/plans.py").run()
    at.slider(key="w:goals/company_revenue/target_pct").set_value(90.0).run()
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="save_name").input("My plan").run()
    at.button(key="save").click().run()
    assert any("already exists" in w.value for w in at.warning)
    assert saved.read_bytes() == first
    at.button(key="overwrite_no").click().run()
    assert saved.read_bytes() == first
    at.button(key="save").click().run()
    at.button(key="overwrite_yes").click().run()
    assert saved.read_bytes() != first
    assert load_scenario(saved).goals["company_revenue"].target_pct == 90.0


def test_url_opens_the_same_scenario():
    at = start(scenario="preset:siloed")
    assert "Siloed" in at.title[0].value
    at2 = start(scenario="preset:does_not_exist")
    assert "Integrated" in at2.title[0].value
    assert any("not found" in w.value for w in at2.warning)


def test_bad_scenario_upload_shows_error():
    at = start()
    at.switch_page("app_pages/scenarios.py").run()
    at.file_uploader(key="scenario_upload").set_value(("bad.toml", b"name = 'x'\n[roles\n", "application/toml")).run()
    assert not at.exception
    assert any("bad.toml" in shown(e.value) and "TOML syntax" in shown(e.value) for e in at.error)


def test_export_data_equals_the_library():
    at = start()
    at.switch_page("app_pages/export.py").run()
    assert not at.exception
    assert len(at.get("download_button")) >= 5
    from ui.cache import run_replay
    from ui.state import _sample_history
    scenario = load_scenario(preset_paths()["integrated"])
    rep = run_replay(scenario, _sample_history())
    _, _, result = run(preset_paths()["integrated"])
    lib = statement(result)
    pd.testing.assert_frame_equal(rep.stmt.reset_index(drop=True), lib.reset_index(drop=True))
    assert len(workbook_bytes(rep.result, rep.stmt)) > 10_000


def test_compare_page_table_has_each_vp_per_scenario():
    at = start()
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception
    table = at.table[0].value.rename(columns=shown).map(shown)
    assert {"Scenario", "VP", "Earned, average per year", "% of target (all years)", "Cost, % of revenue",
            "Δ earned vs baseline, per year"} <= set(table.columns)
    assert len(table) == 2 * table["Scenario"].nunique() >= 4
    # no edits: the plan against another scenario (Siloed), never the same plan twice (issue 12)
    assert at.multiselect(key="compare_pick").value == ["preset:siloed", "current"]
    totals = at.table[1].value.rename(columns=shown).map(shown)
    assert set(totals["Alignment (history)"]) <= {"Aligned", "Partly aligned", "Misaligned"}
    at.switch_page("app_pages/plans.py").run()  # an edit, then compare again: against the opened file
    at.slider(key="w:goals/company_revenue/target_pct").set_value(120.0).run()
    at.switch_page("app_pages/compare.py").run()
    assert at.multiselect(key="compare_pick").value == ["preset:integrated", "current"]
    totals = at.table[1].value.rename(columns=shown).map(shown)
    assert totals["Δ combined cost vs baseline, per year"].iloc[1].startswith("-$")  # harder targets cost less


def test_share_goal_remove_component_and_rebalance():
    at = start()
    at.switch_page("app_pages/plans.py").run()
    open_components(at)  # the component editors: an expander each, drawn when open
    at.number_input(key="share_weight/marketing_pipeline").set_value(10).run()
    at.button(key="w:share/marketing_pipeline").click().run()
    assert not at.exception
    draft = at.session_state["draft"]
    sales = draft["roles"]["vp_sales"]["components"]
    assert "marketing_pipeline" in [c.get("goal") for c in sales]  # now paid to both: shared
    assert sales[-1]["weight"] == 10.0  # with the weight asked for, taken from the others
    assert sum(c.get("weight", 0) for c in sales if c.get("kind", "bonus") != "commission") == 100
    assert any(shown(s.label).startswith("Weight: Marketing-sourced pipeline") for s in at.slider)
    # remove the VP of Sales' first component: weights no longer sum to 100, one click fixes it
    assert any(b.key == "w:rm/vp_sales/0" for b in at.button)  # the picked (first) component's details
    at.button(key="w:rm/vp_sales/0").click().run()
    draft = at.session_state["draft"]
    assert draft["roles"]["vp_sales"]["components"][0]["name"] != "Company revenue"
    assert any("not 100%" in w.value for w in at.warning)
    at.button(key="w:rebalance/vp_sales").click().run()
    assert not any("not 100%" in w.value for w in at.warning)
    weights = [c["weight"] for c in at.session_state["draft"]["roles"]["vp_sales"]["components"]]
    assert round(sum(weights), 6) == 100.0


def test_multiplier_can_be_added_and_changes_payouts():
    at = start()
    at.switch_page("app_pages/plans.py").run()
    before = metric_values(at)
    at.checkbox(key="w:mult_on/vp_sales").check().run()
    assert not at.exception
    mult = at.session_state["draft"]["roles"]["vp_sales"]["multiplier"]
    assert mult["curve"] == [[90.0, 80.0], [100.0, 100.0], [110.0, 120.0]]
    assert metric_values(at) != before  # the kicker moves the VP of Sales' total
    assert any("Pay mix" in c.value for c in at.caption)


def test_backtest_shows_payouts_as_percent_of_target():
    at = start()
    at.switch_page("app_pages/backtest.py").run()
    at.toggle(key="bt_pct").set_value(True).run()
    assert not at.exception
    specs = [c for c in at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")]
    assert specs and any("% of the period" in str(c.proto) for c in specs)


def test_alignment_page_parametric_simulation():
    at = start()
    at.switch_page("app_pages/alignment.py").run()
    at.session_state["al_tabs"] = "Monte Carlo"  # the simulated figures' tab (the tabs are lazy)
    at.run()
    shown = [m.value for m in at.metric]
    assert any(m.label == "P(conflict)" for m in at.metric)
    at.selectbox(key="al_method").select("parametric").run()
    assert not at.exception
    assert any("fitted lognormal model" in c.value for c in at.caption)
    assert [m.value for m in at.metric] != shown  # a different model, different simulated figures


def test_reset_after_saving_returns_to_the_saved_version(tmp_path):
    at = start()
    at.switch_page("app_pages/plans.py").run()
    at.slider(key="w:goals/company_revenue/target_pct").set_value(95.0).run()
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="save_name").input("Tuned").run()
    at.button(key="save").click().run()
    assert at.session_state["source"] == "saved:Tuned"
    # edit again, then reset: back to the saved plan (targets at 95%), not to the preset
    at.switch_page("app_pages/plans.py").run()
    at.slider(key="w:goals/company_revenue/target_pct").set_value(120.0).run()
    at.switch_page("app_pages/scenarios.py").run()
    at.button(key="reset").click().run()
    assert at.session_state["draft"]["goals"]["company_revenue"]["target_pct"] == 95.0


def test_save_into_an_unwritable_folder_shows_an_error(tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")  # mkdir fails: not a directory
    monkeypatch.setenv("COMP_ALIGN_SAVED_DIR", str(blocked / "saved"))
    at = start()
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="save_name").input("X").run()
    at.button(key="save").click().run()
    assert not at.exception
    assert any("could not be written" in e.value for e in at.error)


def _upload(at, name: str, data: bytes):
    at.file_uploader(key="history_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception


def test_upload_with_other_column_names_maps_validates_and_is_used():
    from comp_models.data import SAMPLE_HISTORY
    df = pd.read_csv(SAMPLE_HISTORY).rename(columns={"revenue": "Revenue", "mqls": "MQLs"})
    df["region"] = "EMEA"  # a column the model does not use
    at = start()
    at.switch_page("app_pages/data.py").run()
    _upload(at, "mine.csv", df.to_csv(index=False).encode())
    assert at.selectbox(key="map/revenue").value == "Revenue"  # pre-filled: names match but for case
    at.selectbox(key="map/mqls").select("MQLs").run()
    assert any("region" in c.value for c in at.caption)  # set aside, and said so
    targets = (SAMPLE_HISTORY.parent / "targets.csv").read_bytes()
    at.file_uploader(key="targets_upload").set_value(("targets.csv", targets, "text/csv")).run()
    at.button(key="validate_history").click().run()
    assert any("Valid: mine.csv" in shown(s.value) for s in at.success)
    at.button(key="use_history").click().run()
    assert not at.exception
    assert at.session_state["history"].label.startswith("mine.csv")


def test_ragged_upload_shows_an_error_not_a_traceback():
    at = start()
    at.switch_page("app_pages/data.py").run()
    _upload(at, "ragged.csv", b"month,revenue\n2024-01,5,6\n")  # read as the file arrives
    assert not at.exception
    assert not [b for b in at.button if b.key == "validate_history"]  # nothing to map until it is readable
    assert any("ragged.csv" in shown(e.value) and "as many fields as the header" in shown(e.value) for e in at.error)
