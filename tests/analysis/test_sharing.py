"""Shared-pay share and weight overlap (comp_models.analysis.sharing): hand-worked on the presets."""

from __future__ import annotations

import pytest

from comp_models import load_scenario, preset_paths
from comp_models import SAMPLE_TARGETS, load_targets
from comp_models.analysis.sharing import shared_pay_share
from comp_models.engine import with_on_target_commission


def test_shared_pay_share_by_hand():
    integ = shared_pay_share(load_scenario(preset_paths()["integrated"]))
    # sales: revenue 40 + pipeline 15 + SLA 10 + forecast 5 + bookings 15 + joint launch plan 10 (the CEO's
    # score of one shared objective, paid to both) = 95; discount discipline (5) is its own;
    # marketing: revenue 30 + pipeline 15 + SLA 10 + forecast 5 + bookings 15 + joint launch 10 = 85; the
    # matrix (15) is its own
    assert integ.share == {"vp_sales": pytest.approx(95.0), "vp_marketing": pytest.approx(85.0)}
    # overlap: min(40, 30) + 15 + 10 + 5 + min(15, 15) + min(10, 10) = 85; discount and the matrix add 0
    assert integ.overlap == pytest.approx(85.0)
    # the matrix is gated by company revenue (shared): 15% of marketing's target is gated by a shared goal
    assert integ.gated_share["vp_marketing"] == pytest.approx(15.0)
    assert dict(integ) == integ.share and integ["vp_sales"] == pytest.approx(95.0)  # a mapping role -> share
    # the siloed commission's on-target figure is its tier table at 100% of the plan year's target
    silo = shared_pay_share(with_on_target_commission(load_scenario(preset_paths()["siloed"]), load_targets(SAMPLE_TARGETS),
                                                      2025))
    assert silo.share == {"vp_sales": 0.0, "vp_marketing": 0.0} and silo.overlap == 0.0
    mss = shared_pay_share(with_on_target_commission(load_scenario(preset_paths()["marketing_serves_sales"]),
                                                     load_targets(SAMPLE_TARGETS), 2025))
    # sales: commission 150k + revenue bonus 150k, both on shared goals -> 100%
    # marketing: 40% of 250k = 100k; bookings 35 + revenue 25 -> 60%; overlap min(50,35) + min(50,25) = 60
    assert mss.share == {"vp_sales": pytest.approx(100.0), "vp_marketing": pytest.approx(60.0)}
    assert mss.overlap == pytest.approx(60.0)
