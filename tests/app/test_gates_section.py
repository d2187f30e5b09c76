"""The Plan builder's gates and conditional caps: a line under each component counts them, and their tables are
drawn in an expander only when it is open (the browser is slow to draw tables most components leave empty).
What the user edits there reaches the plan and its payouts, and the expander stays open while they edit."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .apptest import open_components, shown, start

PLANS = "app_pages/plans.py"


def _builder(preset: str | None = None) -> AppTest:
    at = start(**({"scenario": f"preset:{preset}"} if preset else {}))
    at.switch_page(PLANS).run()
    assert not at.exception, [e.message for e in at.exception]
    return open_components(at)  # the gates are in the component editors, each an expander of its own


def _editors(at: AppTest, role: str, i: int) -> dict[str, str]:
    """The open component's gate / cap tables on the page: 'gates' | 'conditional_caps' -> the editor's key."""
    out = {}
    for e in at.data_editor:
        for what in ("gates", "conditional_caps"):
            if e.key and e.key.startswith(f"w:ed/roles/{role}/components/{i}/{what}/"):
                out[what] = e.key
    return out


def _counted(at: AppTest) -> list[str]:
    return [shown(c.value) for c in at.caption if shown(c.value).startswith(("Gates:", "Gates and conditional caps:"))]


def _open(at: AppTest, role: str, i: int) -> AppTest:
    at.session_state[f"open_gates/{role}/{i}"] = True  # the user opens the expander
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _earned(at: AppTest) -> list[str]:
    return [m.value for m in at.metric if m.label == "Earned"]


def test_closed_the_tables_are_not_drawn_and_the_line_counts_what_is_set():
    at = _builder()
    at.selectbox(key="w:pick/vp_marketing").set_value(6).run()  # Integrated's matrix: a gate on company revenue
    at.selectbox(key="w:pick/vp_sales").set_value(1).run()  # Pipeline: a conditional cap on company revenue
    assert not at.exception
    assert _editors(at, "vp_marketing", 6) == {} and _editors(at, "vp_sales", 1) == {}
    assert sorted(_counted(at)) == ["Gates and conditional caps: 1 gate, no conditional caps",
                                    "Gates and conditional caps: no gates, 1 conditional cap"], _counted(at)


def test_open_it_edits_the_plan_stays_open_and_the_payout_follows():
    at = _open(_builder(), "vp_marketing", 0)  # Company revenue: no gate yet
    assert set(_editors(at, "vp_marketing", 0)) == {"gates", "conditional_caps"}
    before = _earned(at)
    key = _editors(at, "vp_marketing", 0)["gates"]
    # a gate no history reaches: the component pays nothing
    at.session_state[key] = {"edited_rows": {}, "deleted_rows": [],
                             "added_rows": [{"goal": "company_revenue", "min_attainment": 500.0}]}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    comp = at.session_state["draft"]["roles"]["vp_marketing"]["components"][0]
    assert comp["gates"] == [{"goal": "company_revenue", "min_attainment": 500.0}]
    assert "Gates and conditional caps: 1 gate, no conditional caps" in _counted(at)
    assert at.session_state["open_gates/vp_marketing/0"] is True
    assert "gates" in _editors(at, "vp_marketing", 0)  # still open: the user goes on editing
    after = _earned(at)
    assert after[0] == before[0] and after[1] != before[1], (before, after)  # only the VP of Marketing's pay moves


def test_a_commission_has_gates_only():
    at = _builder("siloed")  # the VP of Sales' first component is a commission
    assert "Gates: no gates" in _counted(at), _counted(at)
    at = _open(at, "vp_sales", 0)
    assert set(_editors(at, "vp_sales", 0)) == {"gates"}
