"""A problem shown in the app names the goal or role as the reader knows it, then the file's field."""

from __future__ import annotations

from .apptest import shown, start


def test_a_plan_problem_names_the_goal_by_its_label():
    at = start(scenario="preset:integrated")
    at.switch_page("app_pages/plans.py").run()
    at.session_state["draft"]["goals"]["company_revenue"]["annual_targets"] = {"2025": -5}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    texts = " ".join(shown(e.value) for e in [*at.error, *at.warning])
    assert "Company revenue (goals.company_revenue.annual_targets.2025)" in texts
