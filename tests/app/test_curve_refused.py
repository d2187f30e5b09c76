"""A curve edited so that its payout falls is refused on the page, with the fix (the review read it as accepted)."""

from __future__ import annotations

from .apptest import open_components, shown, start


def test_a_falling_curve_edit_is_refused_and_says_why():
    at = start(scenario="preset:integrated")
    at.switch_page("app_pages/plans.py").run()
    open_components(at)  # the component editors: an expander each, drawn when open
    key = next(e.key for e in at.data_editor if e.key and "roles/vp_sales/components/0/curve" in e.key)
    # Company revenue's curve 85→50, 100→100, 115→150, 130→200: make the last point pay 120
    at.session_state[key] = {"edited_rows": {3: {"payout %": 120.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    texts = " ".join(shown(e.value) for e in [*at.error, *at.warning, *at.markdown])
    assert "decrease" in texts and "payout never decreasing" in texts
