"""Hand-worked examples, asserted to the cent: attainment: higher / lower is better, ratios of sums, undefined ratios, forecast accuracy.

Every expected amount is worked out by hand in the comment above its assertion. Unless a
test says otherwise (see tests/helpers.py): monthly measurement, no true-up, target incentive
120,000 a year = 10,000 a month = 30,000 a quarter, and the LINEAR curve (payout % =
attainment %). Amounts are compared as integer cents from the statement's `_cents`.
"""


from __future__ import annotations

import numpy as np
import pytest


from helpers import (REV, earned_c, months, one, one_role, perf, run_case)



# ---------------------------------------------------------------------------------------
# Attainment


def test_attainment_higher_is_better_including_zero_actual():
    sc = one_role([{"name": "Revenue", "goal": "rev", "curve": [[80, 50], [100, 100]]}], REV)
    pf = perf(months(2), {"revenue": [82_000, 0]}, {"rev": 90_000})
    result, stmt = run_case(sc, pf)
    jan = one(stmt, period="2024-01", component="Revenue")
    # 82,000 / 90,000 = 91.111%; curve 80->50, 100->100: 50 + (91.111 - 80) / 20 * 50 = 77.778%
    # 77.778% x 10,000 (a month of 120,000) = 7,777.78
    assert jan["attainment"] == pytest.approx(91.111111, abs=1e-5)
    assert jan["payout_pct"] == pytest.approx(77.777778, abs=1e-5)
    assert earned_c(stmt, "2024-01") == 777_778
    # actual 0: 0 / 90,000 = 0% attainment, below the 80% threshold: 0.00
    feb = one(stmt, period="2024-02", component="Revenue")
    assert feb["attainment"] == 0.0
    assert earned_c(stmt, "2024-02") == 0
    assert result.roles["vp"].detail["attainment"][0, 1, 0] == 0.0


def test_attainment_lower_is_better_including_zero_actual():
    goals = {"spend": {"metric": "marketing_spend", "label": "Spend"}}
    sc = one_role([{"name": "Spend", "goal": "spend"}], goals)
    pf = perf(months(5), {"marketing_spend": [90_000, 0, 100_000, 250_000, 150_000]}, {"spend": 100_000})
    _, stmt = run_case(sc, pf)
    # lower is better: attainment = 100 x (2 - actual / target), floored at 0; LINEAR curve x 10,000
    expected = {
        "2024-01": (110.0, 1_100_000),  # 2 - 0.9 = 1.10 -> 110% -> 11,000.00
        "2024-02": (200.0, 2_000_000),  # actual 0: 2 - 0 = 2.00 -> 200% (finite) -> 20,000.00
        "2024-03": (100.0, 1_000_000),  # on target -> 100% -> 10,000.00
        "2024-04": (0.0, 0),  # 2 - 2.5 = -0.5 -> floored at 0% -> 0.00
        "2024-05": (50.0, 500_000),  # 2 - 1.5 = 0.5 -> 50% -> 5,000.00
    }
    for period, (att, amount) in expected.items():
        row = one(stmt, period=period, component="Spend")
        assert row["attainment"] == pytest.approx(att), period
        assert earned_c(stmt, period, "Spend") == amount, period
    assert "110.0% attainment (lower is better)" in one(stmt, period="2024-01", component="Spend")["trace"]


def test_ratio_metric_with_zero_denominator_attains_zero_and_says_so():
    goals = {"cpl": {"metric": "cost_per_lead", "label": "Cost per lead"}}
    sc = one_role([{"name": "CPL", "goal": "cpl"}], goals)
    pf = perf(months(2), {"marketing_spend": [5_000, 4_000], "mqls": [0, 100]}, {"cpl": 50})
    result, stmt = run_case(sc, pf)
    jan = one(stmt, period="2024-01", component="CPL")
    # January: 5,000 spend / 0 MQLs is undefined -> attainment 0% -> pays 0.00
    assert np.isnan(jan["actual"])
    assert jan["attainment"] == 0.0
    assert earned_c(stmt, "2024-01", "CPL") == 0
    assert "undefined" in jan["trace"] and "0.0% attainment" in jan["trace"]
    # February: 4,000 / 100 = 40 vs 50, lower is better: 2 - 0.8 = 120% -> 12,000.00
    assert earned_c(stmt, "2024-02", "CPL") == 1_200_000


def test_ratio_zero_denominator_trace_names_the_cause():
    goals = {"cpl": {"metric": "cost_per_lead", "label": "Cost per lead"}}
    sc = one_role([{"name": "CPL", "goal": "cpl"}], goals)
    pf = perf(months(1), {"marketing_spend": [5_000], "mqls": [0]}, {"cpl": 50})
    _, stmt = run_case(sc, pf)
    trace = one(stmt, period="2024-01", component="CPL")["trace"].lower()
    assert "zero" in trace or "no " in trace or "denominator" in trace


def test_quarter_ratio_is_ratio_of_sums_not_mean_of_monthly_ratios():
    goals = {"cpl": {"metric": "cost_per_lead", "label": "Cost per lead"}}
    sc = one_role([{"name": "CPL", "goal": "cpl"}], goals, measurement_period="quarterly")
    pf = perf(months(3), {"marketing_spend": [1_000, 2_000, 9_000], "mqls": [100, 50, 150]}, {"cpl": 50})
    result, stmt = run_case(sc, pf)
    row = one(stmt, period="2024-Q1", component="CPL")
    # quarter CPL = (1,000 + 2,000 + 9,000) / (100 + 50 + 150) = 12,000 / 300 = 40.00
    # (the mean of monthly ratios, (10 + 40 + 60) / 3 = 36.67, would give 126.7% and 38,000)
    # target 50 (mean of the months' 50); lower is better: 2 - 40/50 = 120% -> 1.2 x 30,000 = 36,000.00
    assert row["actual"] == pytest.approx(40.0)
    assert row["target"] == pytest.approx(50.0)
    assert row["attainment"] == pytest.approx(120.0)
    assert earned_c(stmt, "2024-Q1", "CPL") == 3_600_000
    assert "Cost per lead: $40 vs target $50 = 120.0% attainment (lower is better)" in row["trace"]


def test_forecast_accuracy_quarterly():
    goals = {"fa": {"metric": "forecast_accuracy", "label": "Forecast accuracy"}}
    curve = [[90, 50], [100, 100], [105, 120]]
    sc = one_role([{"name": "FA", "goal": "fa", "curve": curve}], goals, measurement_period="quarterly")
    pf = perf(months(3), {"bookings": [100_000] * 3, "forecast_bookings": [90_000, 110_000, 120_000]}, {"fa": 0.9})
    _, stmt = run_case(sc, pf)
    row = one(stmt, period="2024-Q1", component="FA")
    # measured per month (docs/money.md §3): errors |100k-90k| + |100k-110k| + |100k-120k| = 40,000
    # over the forecast 320,000: accuracy = 1 - 40,000 / 320,000 = 87.5% (not 93.75% on the sums)
    # attainment = 0.875 / 0.90 = 97.2222%; curve 90->50, 100->100: 50 + 7.2222/10 x 50 = 86.1111%
    # 86.1111% x 30,000 = 25,833.33
    assert row["actual"] == pytest.approx(0.875)
    assert row["attainment"] == pytest.approx(97.222222, abs=1e-5)
    assert earned_c(stmt, "2024-Q1", "FA") == 2_583_333


def test_forecast_accuracy_monthly_errors_do_not_net_out():
    """+50% and -50% months are not a perfect quarter (issue 8, item 9)."""
    goals = {"fa": {"metric": "forecast_accuracy", "label": "Forecast accuracy"}}
    sc = one_role([{"name": "FA", "goal": "fa", "curve": [[0, 0], [100, 100]]}], goals, measurement_period="quarterly")
    pf = perf(months(3), {"bookings": [150_000, 50_000, 100_000], "forecast_bookings": [100_000] * 3}, {"fa": 1.0})
    _, stmt = run_case(sc, pf)
    row = one(stmt, period="2024-Q1", component="FA")
    # errors 50,000 + 50,000 + 0 over forecast 300,000: accuracy = 1 - 1/3 = 66.67% (the sums would say 100%)
    assert row["actual"] == pytest.approx(2 / 3)
    # 66.6667% x 30,000 = 20,000.00
    assert earned_c(stmt, "2024-Q1", "FA") == 2_000_000
    assert "66.7%" in row["trace"]


def test_forecast_accuracy_floor_and_zero_forecast():
    goals = {"fa": {"metric": "forecast_accuracy", "label": "Forecast accuracy"}}
    curve = [[90, 50], [100, 100], [105, 120]]
    sc = one_role([{"name": "FA", "goal": "fa", "curve": curve}], goals)
    pf = perf(months(3), {"bookings": [300, 95_000, 10_000], "forecast_bookings": [100, 100_000, 0]}, {"fa": 0.9})
    _, stmt = run_case(sc, pf)
    # Jan: 1 - |300 - 100| / 100 = -1 -> floored at 0 -> 0% attainment -> 0.00
    assert one(stmt, period="2024-01", component="FA")["actual"] == 0.0
    assert earned_c(stmt, "2024-01", "FA") == 0
    # Feb: 1 - 5,000 / 100,000 = 0.95; / 0.90 = 105.6% -> at/after the last point: capped 120% -> 12,000.00
    assert earned_c(stmt, "2024-02", "FA") == 1_200_000
    # Mar: zero forecast -> accuracy undefined -> 0% attainment -> 0.00
    mar = one(stmt, period="2024-03", component="FA")
    assert np.isnan(mar["actual"]) and mar["attainment"] == 0.0
    assert earned_c(stmt, "2024-03", "FA") == 0
