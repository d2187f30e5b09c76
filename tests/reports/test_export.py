"""Exports: formula injection neutralised; workbook and CSV carry the library's numbers."""

import io
import re

import pandas as pd

from comp_models import (
    load_history,
    load_scenario,
    load_targets,
    preset_paths,
    replay,
    run,
    statement,
    statement_csv,
    workbook_bytes,
)
from comp_models.data import SAMPLE_HISTORY, SAMPLE_TARGETS
from comp_models.engine import performance
from comp_models.plans import scenario_from_dict
from comp_models.reports import example_payouts, neutralise, plan_summary_html, plan_summary_markdown


def test_neutralise_prefixes_formula_starters():
    for bad in ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "=HYPERLINK(\"http://x\")"]:
        assert neutralise(bad) == "'" + bad
    for ok in ["Revenue", "1,234", "", "a=b"]:
        assert neutralise(ok) == ok
    assert neutralise(-5.0) == -5.0  # numbers stay numbers


def _hostile_result():
    s = load_scenario(preset_paths()["siloed"]).model_dump(mode="json")
    s["name"] = "=cmd|' /C calc'!A0"
    s["description"] = "@SUM(1)"
    s["roles"]["vp_marketing"]["title"] = "+VP"
    s["roles"]["vp_marketing"]["components"][0]["name"] = "-MQL"
    s["goals"]["mqls"]["label"] = "=HYPERLINK(\"http://evil\")"
    scenario = scenario_from_dict(s)
    perf = performance(scenario, load_history(SAMPLE_HISTORY), load_targets(SAMPLE_TARGETS))
    return replay(scenario, perf)


def test_csv_has_no_cell_starting_with_a_formula_character():
    result = _hostile_result()
    df = pd.read_csv(io.BytesIO(statement_csv(statement(result))), dtype=str, encoding="utf-8-sig",
                     keep_default_na=False)
    texts = df[["role", "line", "component", "metric", "goal", "trace"]].to_numpy().ravel()
    assert any(t.startswith("'-MQL") for t in texts)
    assert not any(t.startswith(("=", "+", "@")) or (t.startswith("-") and not t[1:2].isdigit()) for t in texts)


def test_workbook_text_cells_are_not_formulas():
    import openpyxl
    result = _hostile_result()
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))
    seen = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen += 1
                    assert not cell.value.startswith(("=", "+", "@")), (ws.title, cell.coordinate, cell.value)
    assert seen > 100
    assumptions = {r[0].value: r[1].value for r in book["Assumptions"].iter_rows(min_row=2)}
    assert assumptions["Scenario"].startswith("'=cmd")


def test_workbook_summary_equals_library_summary():
    from comp_models import annual_summary
    _, _, result = run(preset_paths()["integrated"])
    stmt = statement(result)
    sheets = pd.read_excel(io.BytesIO(workbook_bytes(result, stmt)), sheet_name=None)
    lib = annual_summary(result, stmt)
    annual = sheets["Annual by role"]
    assert annual["Earned (SPIFFs apart)"].round(2).tolist() == lib["earned"].round(2).tolist()
    assert annual["Role"].tolist() == lib["title"].tolist()  # titles, not ids
    side = sheets["Summary"].set_index("Plan year")  # both VPs side by side, one row per year
    for row in lib.itertuples():
        title = result.roles[row.role].plan.title
        assert round(side.loc[row.year, f"{title} earned"], 2) == row.earned
        assert round(side.loc[row.year, f"{title} % of target"], 6) == round(row.pct_of_target, 6)
    detail = sheets["Detail"]
    assert round(detail["Paid"].sum(), 2) == round(stmt["paid"].sum(), 2)
    assert len(sheets["Plan components"]) == sum(len(p.components) for p in result.scenario.roles.values())


def test_plan_summary_has_mix_components_curves_and_examples():
    scenario = load_scenario(preset_paths()["integrated"])
    md = plan_summary_markdown(scenario, "vp_marketing")
    for text in ["Pay mix", "71% / 29%", "Pipeline x lead quality", "Example payouts", "Every goal at 80%",
                 "Every goal at 120%"]:
        assert text in md
    seen = re.sub(r"\\(.)", r"\1", md)  # as the reader sees it
    # at 100% every component pays its weight: the total is the 100,000 target incentive, as money
    assert re.search(r"\| total \| \$[\d,]+\.\d\d \| \$100,000\.00 \| \$[\d,]+\.\d\d \|", seen)
    assert "| Base salary | $250,000.00 |" in seen
    assert "None" not in seen and "nan" not in seen and "weight_pct" not in seen and "[[" not in seen
    html_text = plan_summary_html(scenario, "vp_sales")
    assert html_text.startswith("<!doctype html>") and "<table" in html_text
    ex = example_payouts(scenario, "vp_sales").set_index("component")
    # at 100% attainment every bonus component pays its weight: total = target incentive
    assert round(ex.loc["total", "at 100%"], 2) == 300000.00
    # the revenue component at 80% is below its 85% threshold: 0
    assert ex.loc["Company revenue", "at 80%"] == 0.0
