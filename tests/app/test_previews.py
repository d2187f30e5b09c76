"""Plan builder: beside a tier table and a matrix, a preview of what it pays (issue 12, curve preview)."""

from __future__ import annotations

from .apptest import open_components, start

PLANS = "app_pages/plans.py"


def _titles(at) -> list[str]:
    return [c.proto.spec for c in at.get("vega_lite_chart")]


def test_siloed_commission_shows_its_tier_preview():
    at = start(scenario="preset:siloed")
    at.switch_page(PLANS).run()
    open_components(at)  # the component editors: an expander each, drawn when open
    assert not at.exception, [e.message for e in at.exception]
    assert any("Commission by tier" in spec for spec in _titles(at))


def test_integrated_matrix_shows_its_grid_with_this_years_cell():
    at = start(scenario="preset:integrated")
    at.switch_page(PLANS).run()
    open_components(at)  # the component editors: an expander each, drawn when open
    pick = next(s for s in at.selectbox if s.key and s.key.endswith("pick/vp_marketing"))
    matrix = next(i for i, label in enumerate(pick.options) if "matrix" in label)
    pick.set_value(matrix).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Payout % by level" in spec for spec in _titles(at))
