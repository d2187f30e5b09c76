"""What leaves the library as text is safe: CSV rows cannot be broken, formulas never run, user text
in markdown renders as text."""

from __future__ import annotations

import csv
import io

from comp_models import load_scenario, preset_paths, run, statement, statement_csv
from comp_models.plans import scenario_from_dict
from comp_models.reports import markdown_text, neutralise, plan_summary_html, plan_summary_markdown


def _hostile():
    data = load_scenario(preset_paths()["integrated"]).model_dump(mode="json")
    name = data["roles"]["vp_sales"]["components"][0]["name"]
    data["roles"]["vp_sales"]["components"][0]["name"] = "Revenue\r=HYPERLINK(\"http://x\")"
    data["name"] = "![pixel](http://tracker.example/p.png) [click](http://phish.example)"
    data["description"] = " =1+1 and a line\nbreak"
    return scenario_from_dict(data), name


def test_a_carriage_return_in_a_name_cannot_break_a_csv_row(tmp_path):
    scenario, _ = _hostile()
    from comp_models import performance, replay, sample_inputs
    _, history, annual = sample_inputs("integrated")
    stmt = statement(replay(scenario, performance(scenario, history, annual)))
    rows = list(csv.reader(io.StringIO(statement_csv(stmt).decode("utf-8-sig"), newline="")))
    assert len(rows) == len(stmt) + 1  # one row per line: the CR stayed inside its quoted field
    width = len(rows[0])
    assert all(len(r) == width for r in rows)
    for r in rows[1:]:
        for cell in r:
            assert not cell.lstrip(" ").startswith(("=", "+", "@")), cell


def test_a_leading_space_does_not_hide_a_formula():
    assert neutralise(" =cmd|' /C calc'!A0") == "' =cmd|' /C calc'!A0"
    assert neutralise("  +1") == "'  +1" and neutralise("plain") == "plain"


def test_user_text_in_a_markdown_summary_is_text():
    scenario, _ = _hostile()
    md = plan_summary_markdown(scenario, "vp_sales")
    assert "![pixel](http" not in md and "[click](http" not in md
    assert markdown_text("![x](http://a)") == "\\!\\[x\\]\\(http\\://a\\)"
    html = plan_summary_html(scenario, "vp_sales")
    assert "<img" not in html and "![pixel]" in html  # HTML-escaped text, not an image


def test_run_on_the_preset_still_exports():
    _, _, result = run(preset_paths()["siloed"])
    assert statement_csv(statement(result)).startswith(b"\xef\xbb\xbfyear,year_status,")
