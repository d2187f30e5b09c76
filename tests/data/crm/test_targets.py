"""The targets helper, by hand-worked numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from comp_models.data.crm import parse_growth, parse_top_down, plan_targets, seasonality
from comp_models.errors import InputError


def _frame():
    """2023: bookings 100 a month and 200 in December (1,300); 2024-01..06: 150 a month. sqls 10, won 4."""
    months = [str(p) for p in pd.period_range("2023-01", "2024-06", freq="M")]
    bookings = [100.0] * 11 + [200.0] + [150.0] * 6
    return pd.DataFrame({"month": months, "bookings": bookings, "sqls": 10.0, "won_deals": 4.0})


def test_prior_year_times_growth_with_the_historys_own_seasonality():
    plan = plan_targets(_frame(), ["bookings", "win_rate"], growth_pct=10)
    assert plan.targets[("bookings", 2024)] == 1430.0  # 1,300 x 1.10
    assert plan.basis[("bookings", 2024)] == "2023 actual x (1 + 10%)"
    assert plan.targets[("win_rate", 2024)] == 0.4  # 48 won / 120 SQLs in 2023
    # 100/1300 = 0.0769 for eleven months, December takes the rest so the profile sums to 1
    assert plan.profiles["bookings"] == [0.0769] * 11 + [0.1541]
    assert sum(plan.profiles["bookings"]) == pytest.approx(1.0)
    assert any(m.startswith("bookings 2023: no full prior year") for m in plan.missing)


def test_top_down_company_number():
    plan = plan_targets(_frame(), ["bookings"], top_down={("bookings", 2024): 2000.0})
    assert plan.targets[("bookings", 2024)] == 2000.0 and plan.basis[("bookings", 2024)] == "top-down company number"


def test_hindsight_targets_only_with_a_warning_that_says_why():
    plan = plan_targets(_frame(), ["bookings"], hindsight=True)
    assert plan.targets[("bookings", 2023)] == 1300.0
    (warning,) = plan.warnings
    assert "2023" in warning and "hindsight" in warning and "attains exactly 100%" in warning
    assert "never to decide pay" in warning
    assert plan_targets(_frame(), ["bookings"]).warnings == []


def test_seasonality_is_flat_without_a_full_year():
    profile, how = seasonality(_frame().iloc[12:], "bookings")
    assert how.startswith("flat") and sum(profile) == pytest.approx(1.0)


def test_parsing_the_helper_options():
    assert parse_top_down(["bookings:2025=30,000,000"]) == {("bookings", 2025): 30_000_000.0}
    assert parse_growth(["20"]) == 20.0
    g = parse_growth(["15", "bookings=25"])
    assert g["bookings"] == 25.0 and g["mqls"] == 15.0
    with pytest.raises(InputError, match="METRIC:YEAR=VALUE"):
        parse_top_down(["bookings=1"])
    with pytest.raises(InputError, match="is not a metric"):
        plan_targets(_frame(), ["bookings"], top_down={("bogus", 2024): 1.0})
