"""Conflict rate and conflict periods (comp_models.analysis.conflicts): a hand-worked case with its
causes, and the threshold."""

from __future__ import annotations

import pytest

from comp_models.analysis.conflicts import conflict_periods

from .cases import conflict_case


def test_conflict_periods_listed_with_causes():
    scenario, history, annual = conflict_case()
    con = conflict_periods(scenario, history, annual)
    # Q1: sales 120%, marketing 30% (< 50%) -> conflict; Q2: both 100% -> none
    assert con.n_periods == 2 and con.rate == 0.5
    assert con.periods["period"].tolist() == ["2024-Q1"]
    cause = con.periods["cause"].iloc[0]
    assert cause == "VP Sales 120%: Revenue 120% attainment; VP Marketing 30%: MQL volume 30% attainment"
    assert con.table["vp_marketing_pct"].tolist() == pytest.approx([30.0, 100.0])
    # a stricter threshold finds none; a looser one the same period
    assert conflict_periods(scenario, history, annual, threshold_pct=25).rate == 0
    assert conflict_periods(scenario, history, annual, threshold_pct=31).rate == 0.5
