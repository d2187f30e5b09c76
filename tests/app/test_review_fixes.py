"""Issue 12's browser review, defects found after the first round (AppTest): Compare's default pair and its
labels, no 'None' in tables, typed and labelled editable tables, no escaped ids in the objectives editor, the
statement's column widths, and the open scenario after Save as."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from ui import fmt

from .apptest import open_components, shown, start

COMPARE, PLANS = "app_pages/compare.py", "app_pages/plans.py"
MONEY = r"^[+-]?\$\d{1,3}(,\d{3})*$"


def _captions(at: AppTest) -> str:
    return shown(" ".join(c.value for c in at.caption))


def _table(at: AppTest, i: int):
    """A static table as the reader sees it (its markdown cells and headers unescaped)."""
    return at.table[i].value.rename(columns=shown).map(shown)


def _columns(el) -> dict:
    """A dataframe's or data editor's column config as the browser receives it."""
    return json.loads(el.proto.columns or "{}")


# 1. Compare -------------------------------------------------------------------------------------------------

def test_compare_without_edits_defaults_to_another_scenario_and_says_which():
    at = start()  # Integrated, nothing edited
    at.switch_page(COMPARE).run()
    assert not at.exception
    assert at.multiselect(key="compare_pick").value == ["preset:siloed", "current"]
    assert "compared with Siloed (preset), the misaligned baseline" in _captions(at)
    per_vp, totals = _table(at, 0), _table(at, 1)
    assert len(per_vp) == 2 * per_vp["Scenario"].nunique() == 4  # each VP per scenario
    assert list(totals["Scenario"]) == list(dict.fromkeys(per_vp["Scenario"]))  # both VPs together, per scenario
    assert per_vp["Scenario"].str.contains("Siloed").any()
    diffs = per_vp["Δ earned vs baseline, per year"]
    assert diffs.str.match(MONEY).all() and (diffs != "$0").any()  # not the same plan twice
    assert totals["Alignment (history)"].nunique() == 2


def test_compare_with_siloed_open_compares_with_the_first_other_preset():
    at = start(scenario="preset:siloed")
    at.switch_page(COMPARE).run()
    assert at.multiselect(key="compare_pick").value == ["preset:integrated", "current"]
    assert "compared with Integrated (preset)" in _captions(at)


def test_compare_with_edits_defaults_to_the_opened_file():
    at = start()
    at.switch_page(PLANS).run()
    at.slider(key="w:goals/company_revenue/target_pct").set_value(120.0).run()
    at.switch_page(COMPARE).run()
    assert at.multiselect(key="compare_pick").value == ["preset:integrated", "current"]
    assert "as edited against Integrated (preset) as saved" in _captions(at)
    assert _table(at, 1)["Δ combined cost vs baseline, per year"].iloc[1].startswith("-$")  # harder targets


def test_compare_tables_have_labels_and_money_never_raw_columns():
    at = start()
    at.switch_page(COMPARE).run()
    assert not at.dataframe  # static tables: they wrap to the page instead of being cut at 800 px
    per_vp, totals = _table(at, 0), _table(at, 1)
    raw = {"scenario", "vp", "earned", "spiffs", "spiffs_total", "earned_total", "cost_pct_of_revenue",
           "diff_earned", "diff_earned_total", "pct_of_target", "diff_pct_points", "verdict"}
    assert not raw & (set(per_vp.columns) | set(totals.columns))
    assert totals["SPIFFs, average per year"].str.match(MONEY).all()
    assert totals["Combined cost, average per year"].str.match(MONEY).all()
    assert per_vp["% of target (all years)"].str.endswith("%").all()


# 2. Back-test: no 'None' -------------------------------------------------------------------------------------

def test_every_line_shows_a_dash_not_none_where_a_line_has_no_attainment():
    at = start()
    at.switch_page("app_pages/backtest.py").run()
    lines = next(d for d in at.dataframe if d.proto.id and "bt_lines" in d.proto.id)
    assert lines.value["attainment"].isna().any()  # plan and payment lines: nothing to attain
    assert lines.proto.placeholder == fmt.EMPTY  # shown as '—', not 'None'
    cols = _columns(lines)
    assert cols["attainment"]["type_config"]["format"].endswith("%%")  # numbers with their units


# 3. Editable tables: typed number columns, goal labels -----------------------------------------------------

def _editor(at: AppTest, path: str):
    eds = [e for e in at.data_editor if e.key and e.key.startswith(f"w:ed/{path}/")]
    assert eds, [e.key for e in at.data_editor]
    return eds[-1]


def test_the_tier_table_has_typed_number_columns_and_empty_cells():
    at = start(scenario="preset:siloed")  # VP of Sales: a commission, tiers without an amount
    at.switch_page(PLANS).run()
    open_components(at)  # the component editors: an expander each, drawn when open
    assert not at.exception
    tiers = _editor(at, "roles/vp_sales/components/0/tiers")
    assert tiers.proto.placeholder == ""  # the empty amount cells are empty, not 'None'
    frame = tiers.value
    assert frame["amount"].isna().all() and frame["amount"].dtype == "float64"  # a number column, not text
    cols = _columns(tiers)
    assert {c: cols[c]["type_config"]["type"] for c in ("start", "rate", "amount")} == dict.fromkeys(
        ("start", "rate", "amount"), "number")
    assert cols["amount"]["type_config"]["format"] == "dollar"  # the scenario's currency
    assert cols["rate"]["type_config"]["format"].endswith("%%")


def test_an_amount_typed_into_the_tier_table_is_stored_as_a_number():
    at = start(scenario="preset:siloed")
    at.switch_page(PLANS).run()
    open_components(at)  # the component editors: an expander each, drawn when open
    key = _editor(at, "roles/vp_sales/components/0/tiers").key
    at.session_state[key] = {"edited_rows": {"1": {"amount": 5000.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    tiers = at.session_state["draft"]["roles"]["vp_sales"]["components"][0]["tiers"]
    assert tiers[1]["amount"] == 5000.0 and "amount" not in tiers[0]


def test_gate_and_cap_tables_show_goal_labels_not_ids():
    at = start()
    at.switch_page(PLANS).run()
    open_components(at)  # the component editors: an expander each, drawn when open
    at.selectbox(key="w:pick/vp_marketing").set_value(6).run()  # the matrix: a gate on company revenue
    at.selectbox(key="w:pick/vp_sales").set_value(1).run()  # Pipeline: a conditional cap on company revenue
    at.session_state["open_gates/vp_marketing/6"] = at.session_state["open_gates/vp_sales/1"] = True
    at.run()  # the tables are drawn when their expanders are open
    assert not at.exception
    for path in ("roles/vp_marketing/components/6/gates", "roles/vp_sales/components/1/conditional_caps"):
        options = _columns(_editor(at, path))["goal"]["type_config"]["options"]
        labelled = {o["value"]: o["label"] for o in options}
        assert labelled["company_revenue"].startswith("Company revenue"), labelled
        assert all(o["label"] != o["value"] for o in options)


# 4. Objectives: no escaped ids -------------------------------------------------------------------------------

def test_the_objectives_editor_names_the_objective_by_its_label_without_a_backslash():
    at = start()
    at.switch_page(PLANS).run()
    at.session_state["open_objectives"] = True
    at.run()
    assert not at.exception
    heads = [m.value for m in at.markdown if "· objective" in m.value]
    assert heads, [m.value for m in at.markdown][:20]
    assert not any("joint_launch" in shown(h) or "`" in h for h in heads), heads
    scores = _editor(at, "scores")
    labelled = {o["value"]: o["label"] for o in _columns(scores)["objective"]["type_config"]["options"]}
    assert labelled["joint_launch"] == "Joint launch plan"


# 5. Statements at 800 px ----------------------------------------------------------------------------------

def test_the_statement_table_fits_beside_the_sidebar_at_800_px():
    at = start()
    at.switch_page("app_pages/statement.py").run()
    table = at.dataframe[0]
    cols = _columns(table)
    widths = {c: cols.get(c, {}).get("width") for c in table.value.columns}
    assert all(isinstance(w, int) for w in widths.values()), widths  # none sized to its content
    assert sum(widths.values()) <= 466, widths  # the main column's width at 800 px with the sidebar open
    assert cols["ytd"]["label"] == "Year to date"


# 6. Save as: the saved scenario is the open one ------------------------------------------------------------

def test_after_save_as_the_saved_scenario_is_open_everywhere(tmp_path):
    at = start(scenario="preset:siloed")
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="save_name").input("Review Test").run()
    at.button(key="save").click().run()
    assert not at.exception
    assert (tmp_path / "saved" / "Review Test.toml").exists()
    assert "Open now: **Review Test (saved)**" in _captions(at)  # this very run, not the next one
    assert at.selectbox(key="sidebar_source").value == "saved:Review Test"
    assert at.session_state["source"] == "saved:Review Test"
    assert at.query_params["scenario"] in ("saved:Review Test", ["saved:Review Test"])
    assert at.session_state["draft"]["name"] == "Review Test"  # nothing unsaved after saving
    assert not [b for b in at.button if b.key == "open/saved:Review Test" and not b.disabled]
    assert any("Saved as Review Test." in shown(s.value) for s in at.success)
    # saving again asks, naming the scenario, not its file
    at.button(key="save").click().run()
    warning = " ".join(shown(w.value) for w in at.warning)
    assert "“Review Test” already exists" in warning and ".toml" not in warning
