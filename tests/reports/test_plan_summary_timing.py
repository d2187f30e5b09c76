"""The plan summary states the dated terms of a plan (docs/money.md §12-15): plan year, version, employment
and proration, what happens on leaving, and each SPIFF apart from the weights."""

from __future__ import annotations

from comp_models import load_scenario, scenario_from_dict
from comp_models.reports import plan_summary_markdown

from pathlib import Path

PRESET = Path(__file__).resolve().parents[2] / "scenarios" / "siloed.toml"


def _dated():
    data = load_scenario(PRESET).model_dump(mode="json")
    role = next(iter(data["roles"]))
    earlier = {**data["roles"][role], "effective_from": None}
    data["roles"][role] = {**data["roles"][role], "effective_from": "2025-07", "holdback_pct": 10}
    data["earlier_plans"] = {role: [earlier]}
    data["fiscal_year_start"] = 7
    data["employment"] = {role: {"start": "2024-05-12"}}
    data["roles"][role]["proration"] = "days"
    goal = next(g for g, v in data["goals"].items() if v["metric"] == "bookings")
    data["spiffs"] = [{"name": "Launch bonus", "roles": [role], "start": "2025-07", "end": "2025-09", "amount": 5000},
                      {"name": "New product", "roles": [role], "start": "2025-01", "end": "2025-06", "rate_pct": 1,
                       "goal": goal}]
    return scenario_from_dict(data), role


def test_the_summary_states_plan_year_version_employment_leaving_and_spiffs():
    scenario, role = _dated()
    text = plan_summary_markdown(scenario, role).replace("\\", "")  # read as rendered (Markdown escapes)
    assert "nan%" not in text
    assert "| Plan year | July to June, named by the year it ends in |" in text
    assert "in force from 2025-07 (earlier versions from the start)" in text
    assert "from 2024-05-12; a partial year prorated by days employed" in text
    assert "holdback forfeited" in text
    assert "| SPIFF: Launch bonus | $5,000, 2025-07 to 2025-09; outside the weights |" in text
    assert "SPIFF: New product | 1% of" in text


def test_a_plan_without_dated_terms_says_none_of_them():
    scenario = load_scenario(PRESET)
    text = plan_summary_markdown(scenario, next(iter(scenario.roles)))
    assert "Plan year" not in text and "SPIFF" not in text and "Employment" not in text


def test_an_objectives_scale_reads_as_one_line_of_text():
    from comp_models.reports.plan_summary import plan_summary_html

    scenario = load_scenario(PRESET.parent / "integrated.toml")
    html = plan_summary_html(scenario, "vp_marketing")
    assert "missed = 0%, partly = 60%, met = 100%, exceeded = 130%" in html
    assert "\\n" not in html  # no escaped line break printed as text
