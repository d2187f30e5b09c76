"""The Plan builder's plan mechanics (issue 10): plan versions on a timeline, employment and proration, the
fiscal year, objectives and the CEO's scores, SPIFFs; each edited in the app and read back from the draft, the
saved TOML and the figures."""

from __future__ import annotations

import tomllib

import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from comp_models import preset_paths
from comp_models.plans import scenario_from_dict
from ui.plan_timing import timeline_chart, timeline_frame

from .apptest import open_components, shown, start

PLANS = "app_pages/plans.py"


def _back(at: AppTest, section: str) -> AppTest:
    """Back on the Plan builder with a section open (a section renders only when open, and closes when the
    user leaves the page)."""
    at.switch_page(PLANS).run()
    at.session_state[section] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _builder(section: str, **query) -> AppTest:
    return _back(start(**query), section)


def _editor_key(at: AppTest, path: str) -> str:
    keys = [e.key for e in at.data_editor if e.key and e.key.startswith(f"w:ed/{path}/")]
    assert keys, f"no editor for {path}: {[e.key for e in at.data_editor]}"
    return keys[-1]


def _edit(at: AppTest, path: str, **delta) -> AppTest:
    """Edit a table as the user would (AppTest cannot type into cells: the edit state is assigned, as
    Streamlit documents), then rerun."""
    at.session_state[_editor_key(at, path)] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **delta}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _earned(at: AppTest) -> list[str]:
    return [m.value for m in at.metric if m.label == "Earned"]


def _save(at: AppTest, tmp_path, name: str = "Mechanics") -> dict:
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="save_name").input(name).run()
    at.button(key="save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return tomllib.loads((tmp_path / "saved" / f"{name}.toml").read_text(encoding="utf-8"))


def test_add_a_version_and_see_it_on_the_timeline_and_in_the_saved_toml(tmp_path):
    at = _builder("open_plan_timing")
    charts = at.get("vega_lite_chart")
    assert len(charts) > 0
    at.selectbox(key="w:newver/vp_sales/month").select("2025-07").run()
    at.button(key="w:newver/vp_sales").click().run()
    assert not at.exception
    draft = at.session_state["draft"]
    assert draft["roles"]["vp_sales"]["effective_from"] == "2025-07"
    assert [p.get("effective_from") for p in draft["earlier_plans"]["vp_sales"]] == [None]
    assert any("plan from 2025-07 is now the current plan" in shown(s.value) for s in at.success)
    # the timeline: two bars for the VP of Sales (2023-01..2025-06, 2025-07..2025-12), one for marketing
    shown_labels = set()
    for chart in at.get("vega_lite_chart"):
        if '"x2"' in chart.proto.spec:  # the timeline: its data travels beside the spec
            for ds in chart.proto.datasets:
                shown_labels |= set(dataframe_util.convert_arrow_bytes_to_pandas_df(ds.data.data).get("label", []))
    assert {"plan from 2023-01", "plan from 2025-07"} <= shown_labels
    frame = timeline_frame(draft, [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)])
    assert frame[["role", "label", "months"]].values.tolist() == [
        ["VP of Sales", "plan from 2023-01", "2023-01 to 2025-06"], ["VP of Sales", "plan from 2025-07", "2025-07 to 2025-12"],
        ["VP of Marketing", "plan from 2023-01", "2023-01 to 2025-12"]]
    spec = timeline_chart(frame).to_dict()
    assert spec["layer"][0]["mark"]["type"] == "bar" and spec["layer"][0]["encoding"]["x2"]["field"] == "end"
    assert any("Open plan from 2023" in shown(e.label) for e in at.expander)  # the earlier version, to open
    saved = _save(at, tmp_path)
    assert saved["roles"]["vp_sales"]["effective_from"] == "2025-07"
    assert len(saved["earlier_plans"]["vp_sales"]) == 1
    assert "effective_from" not in saved["earlier_plans"]["vp_sales"][0]  # from the history's start
    # deleting the earlier version leaves one plan; its months go to the next version, which takes its month
    _back(at, "open_plan_timing")
    at.button(key="w:delver/vp_sales/0").click().run()
    assert not at.exception
    assert "vp_sales" not in at.session_state["draft"].get("earlier_plans", {})
    assert at.session_state["draft"]["roles"]["vp_sales"].get("effective_from") is None


def test_employment_dates_proration_and_termination_terms_are_set_and_saved(tmp_path):
    at = _builder("open_plan_timing")
    from datetime import date
    at.date_input(key="w:employment/vp_marketing/start").set_value(date(2024, 5, 12)).run()
    at.date_input(key="w:employment/vp_marketing/end").set_value(date(2025, 9, 30)).run()
    at.selectbox(key="w:roles/vp_marketing/proration").select("days").run()
    at.selectbox(key="w:roles/vp_marketing/at_termination/holdback").select("pay").run()
    assert not at.exception
    draft = at.session_state["draft"]
    assert draft["employment"] == {"vp_marketing": {"start": "2024-05-12", "end": "2025-09-30"}}
    s = scenario_from_dict(draft)
    assert s.roles["vp_marketing"].proration == "days" and s.roles["vp_marketing"].at_termination.holdback == "pay"
    assert any("Proration" in c.value and "At termination" in c.value for c in at.caption)  # the rule beside them
    saved = _save(at, tmp_path)
    assert saved["employment"]["vp_marketing"] == {"start": "2024-05-12", "end": "2025-09-30"}
    assert saved["roles"]["vp_marketing"]["proration"] == "days"
    # clearing both dates removes the role's employment entry
    _back(at, "open_plan_timing")
    at.date_input(key="w:employment/vp_marketing/start").set_value(None).run()
    at.date_input(key="w:employment/vp_marketing/end").set_value(None).run()
    assert not at.session_state["draft"].get("employment")


def test_the_fiscal_year_is_scenario_wide_and_scores_must_follow_it():
    at = _builder("open_plan_timing")
    at.selectbox(key="w:fiscal_year_start").select(7).run()
    assert at.session_state["draft"]["fiscal_year_start"] == 7
    # Integrated's quarterly scores are written 2025-Q1: in July plan years they must read FY2025-Q1
    text = " ".join(e.value for e in at.error)
    assert "is not a quarterly period" in shown(text) and "FY" in text


def test_a_spiff_is_added_validated_and_saved(tmp_path):
    at = _builder("open_spiffs")
    _edit(at, "spiffs", added_rows=[{"name": "Launch blitz", "roles": ["vp_sales", "vp_marketing"], "start": "2025-04",
                                     "end": "2025-06", "amount": 5000.0}])
    spiffs = at.session_state["draft"]["spiffs"]
    assert spiffs == [{"name": "Launch blitz", "roles": ["vp_sales", "vp_marketing"], "start": "2025-04",
                       "end": "2025-06", "amount": 5000.0}]
    assert scenario_from_dict(at.session_state["draft"]).spiffs[0].amount == 5000.0
    saved = _save(at, tmp_path)
    assert saved["spiffs"][0]["name"] == "Launch blitz" and saved["spiffs"][0]["amount"] == 5000.0
    # both an amount and a rate: a clear error on the row
    at = _builder("open_spiffs")
    _edit(at, "spiffs", added_rows=[{"name": "Both", "roles": ["vp_sales"], "start": "2025-04", "end": "2025-03",
                                     "amount": 10.0, "rate_pct": 1.0, "goal": "bookings"}])
    text = shown(" ".join(e.value for e in at.error))
    assert "SPIFFs not valid yet" in text and "row 1" in text
    assert "needs exactly one of amount" in text and "is before the start 2025-04" in text


def test_a_score_is_entered_and_pays_both_vps(tmp_path):
    """Integrated's 2025 joint-launch scores are met, exceeded, met, met: 100, 130, 100, 100, a year's mean
    of 107.5% (docs/money.md §9). Scoring 2025-Q4 'missed' (0%) makes it 82.5%: the objectives component
    (10% of the plan, no cap, annual true-up) then earns 10% x (107.5 - 82.5)% = 2.5% of target incentive
    less for the year: 7,500 of the VP of Sales' 300,000 and 2,500 of the VP of Marketing's 100,000."""
    at = _builder("open_objectives")
    before = _earned(at)
    assert before == ["$309,387", "$101,323"], before
    rows = at.session_state["draft"]["scores"]
    q4 = next(i for i, s in enumerate(rows) if s["period"] == "2025-Q4")
    _edit(at, "scores", edited_rows={q4: {"score": "missed", "note": "launch moved to next year"}})
    score = at.session_state["draft"]["scores"][q4]
    assert score == {"goal": "joint_launch", "period": "2025-Q4", "score": "missed", "note": "launch moved to next year"}
    at.run()
    assert _earned(at) == ["$301,887", "$98,823"]  # 309,386.86 - 7,500; 101,322.92 - 2,500
    # the trace quotes the CEO's note
    from comp_models import performance, replay, statement
    from comp_models.data import SAMPLE_HISTORY, SAMPLE_TARGETS
    from comp_models import load_history, load_targets
    s = scenario_from_dict(at.session_state["draft"])
    stmt = statement(replay(s, performance(s, load_history(SAMPLE_HISTORY), load_targets(SAMPLE_TARGETS))))
    line = stmt[(stmt["role"] == "vp_sales") & (stmt["period"] == "2025-Q4") & (stmt["component"] == "Joint launch plan")]
    assert line["trace"].str.contains("launch moved to next year").any()
    # the scores round-trip in the saved scenario
    saved = _save(at, tmp_path)
    assert {"goal": "joint_launch", "period": "2025-Q4", "score": "missed",
            "note": "launch moved to next year"} in saved["scores"]
    assert len(saved["scores"]) == 12


def test_a_score_with_an_unknown_level_or_a_period_in_the_wrong_form_is_refused_clearly():
    at = _builder("open_objectives")
    _edit(at, "scores", added_rows=[{"period": "2025-07", "objective": "joint_launch", "score": "stellar"}])
    text = shown(" ".join(e.value for e in at.error))
    assert "Scores not valid yet" in text
    assert "row 13, period**: '2025-07' is not a quarterly period" in text and "write it like '2024-Q3'" in text
    assert "row 13, score**: 'stellar' is not a level of Joint launch plan" in text
    assert "missed, partly, met, exceeded" in text
    assert _earned(at) == ["$309,387", "$101,323"]  # the figures keep the last valid plan


def test_define_an_objective_add_it_to_a_plan_and_edit_its_weights():
    at = _builder("open_objectives")
    at.text_input(key="new_objective_label").input("Product training").run()
    at.button(key="w:new_objective").click().run()
    assert not at.exception
    goal = at.session_state["draft"]["goals"]["product_training"]
    assert goal["metric"] == "objective" and goal["scoring"]["scored"] == "quarterly"
    at.selectbox(key="w:add_obj/vp_marketing/goal").select("product_training").run()
    at.button(key="w:add_obj/vp_marketing").click().run()
    comps = at.session_state["draft"]["roles"]["vp_marketing"]["components"]
    assert comps[-1]["kind"] == "objectives" and comps[-1]["objectives"] == [{"goal": "product_training", "weight": 100.0}]
    # the objectives component's editor: its objectives, their weights and its cap
    open_components(at)
    at.selectbox(key="w:pick/vp_marketing").select(len(comps) - 1).run()
    at.number_input(key=f"w:roles/vp_marketing/components/{len(comps) - 1}/cap").set_value(120.0).run()
    assert at.session_state["draft"]["roles"]["vp_marketing"]["components"][-1]["cap"] == 120.0
    # a level edited on the objective goal
    _edit(at, "goals/product_training/scoring/levels", edited_rows={2: {"score": 125.0}})
    assert at.session_state["draft"]["goals"]["product_training"]["scoring"]["levels"]["exceeded"] == 125.0


@pytest.mark.parametrize("preset", sorted(preset_paths()))
def test_every_preset_opens_every_section_of_the_plan_builder(preset):
    at = start(scenario=f"preset:{preset}")
    at.switch_page(PLANS).run()
    for section in ("open_plan_timing", "open_objectives", "open_spiffs"):
        at.session_state[section] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.get("vega_lite_chart")) > 0


def test_a_spiff_and_a_leaving_date_reach_the_statements_and_payouts():
    """End to end: a SPIFF added on Plan builder is a line of its own on the payslip; a VP who leaves in
    September 2025 has no period after 2025-Q3, and the year's payout is smaller."""
    at = _builder("open_spiffs")
    before = _earned(at)
    _edit(at, "spiffs", added_rows=[{"name": "Launch blitz", "roles": ["vp_marketing"], "start": "2025-04",
                                     "end": "2025-06", "amount": 5000.0}])
    at.switch_page("app_pages/statement.py").run()
    at.selectbox(key="slip_role").select("vp_marketing").run()
    at.selectbox(key="slip_period/vp_marketing").select("2025-Q2").run()
    assert not at.exception, [e.message for e in at.exception]
    slip = at.dataframe[0].value
    spiff = slip[slip["section"] == "SPIFFs (outside the plan)"]
    assert list(spiff["item"]) == ["Launch blitz"] and list(spiff["period"]) == [5000.0]
    _back(at, "open_plan_timing")
    from datetime import date
    at.date_input(key="w:employment/vp_marketing/end").set_value(date(2025, 9, 30)).run()
    at.switch_page("app_pages/statement.py").run()
    at.selectbox(key="slip_role").select("vp_marketing").run()
    periods = at.selectbox(key="slip_period/vp_marketing").options
    assert periods[-1] == "2025-Q3" and "2025-Q4" not in periods
    at.switch_page(PLANS).run()
    after = _earned(at)
    assert after[1] != before[1]  # VP of Marketing's 2025: a quarter less, plus the SPIFF (paid apart)
