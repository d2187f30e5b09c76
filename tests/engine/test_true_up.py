"""Hand-worked examples, asserted to the cent: measurement periods and the true-up modes.

Every expected amount is worked out by hand in the comment above its assertion. Unless a
test says otherwise (see tests/helpers.py): monthly measurement, no true-up, target incentive
120,000 a year = 10,000 a month = 30,000 a quarter, and the LINEAR curve (payout % =
attainment %). Amounts are compared as integer cents from the statement's `_cents`.
"""


from __future__ import annotations

import pytest

from comp_models import annual_summary

from helpers import (QUARTERS, quarterly_revenue, REV, cents, cents_of, earned_c, make_scenario, months, one, one_role, paid_c, perf, rows,
                     run_case, summary_row)



# ---------------------------------------------------------------------------------------
# Measurement period and true-up


def test_measurement_monthly_quarterly_annual():
    curve = [[80, 50], [100, 100], [120, 120]]
    comps = [{"name": "Revenue", "goal": "rev", "curve": curve}]
    sc = make_scenario({"goals": REV, "roles": {
        "monthly": {"components": comps, "measurement_period": "monthly"},
        "quarterly": {"components": comps, "measurement_period": "quarterly"},
        "annual": {"components": comps, "measurement_period": "annual"},
    }})
    revenue = [130_000, 70_000, 100_000, 70_000, 70_000, 70_000] + [100_000] * 6
    result, stmt = run_case(sc, perf(months(12), {"revenue": revenue}, {"rev": 100_000}))
    s = annual_summary(result, stmt).set_index("role")
    # monthly: Jan 130% -> capped 120% -> 12,000; Feb 70% -> 0; Mar 100% -> 10,000; Apr-Jun 70% -> 0;
    #          Jul-Dec 6 x 10,000 = 60,000  -> 82,000.00
    assert s.loc["monthly", "earned"] == 82_000.00
    # quarterly: Q1 300k/300k = 100% -> 30,000; Q2 210k/300k = 70% -> 0; Q3, Q4 30,000 each -> 90,000.00
    assert [earned_c(stmt, q, role="quarterly") for q in ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4")] == [
        3_000_000, 0, 3_000_000, 3_000_000]
    assert s.loc["quarterly", "earned"] == 90_000.00
    # annual: 1,110k / 1,200k = 92.5% -> 50 + 12.5/20 x 50 = 81.25% x 120,000 = 97,500.00
    assert earned_c(stmt, "2024", role="annual") == 9_750_000
    assert s.loc["annual", "earned"] == 97_500.00


@pytest.mark.parametrize("true_up", ["none", "annual", "ytd"])
def test_true_up_modes(true_up):
    curve = [[90, 50], [100, 100], [120, 140]]
    sc = one_role([{"name": "Revenue", "goal": "rev", "curve": curve}], REV,
                  measurement_period="quarterly", true_up=true_up)
    pf = perf(months(12), {"revenue": quarterly_revenue([240_000, 330_000, 300_000, 330_000])}, {"rev": 100_000})
    result, stmt = run_case(sc, pf)
    comp = [earned_c(stmt, q) for q in QUARTERS]
    row = summary_row(result, stmt)
    if true_up == "none":
        # Q1 80% -> 0; Q2 110% -> 100 + 10/20 x 40 = 120% x 30,000 = 36,000; Q3 100% -> 30,000; Q4 36,000
        assert comp == [0, 3_600_000, 3_000_000, 3_600_000]
        assert row["earned"] == 102_000.00 and row["paid"] == 102_000.00
    elif true_up == "annual":
        # the same advances (102,000); the year re-measured: 1,200k / 1,200k = 100% -> 120,000
        # true-up line at Q4 = 120,000 - 102,000 = 18,000.00
        assert comp == [0, 3_600_000, 3_000_000, 3_600_000]
        assert earned_c(stmt, "2024-Q4", line="true-up") == 1_800_000
        tu = one(stmt, period="2024-Q4", component="Revenue", line="true-up")
        assert tu["attainment"] == pytest.approx(100.0)
        assert "true-up 2024 (full year re-measured)" in tu["trace"]
        assert "= $120,000.00" in tu["trace"] and "less advances $102,000.00 = $18,000.00" in tu["trace"]
        assert row["earned"] == 120_000.00 and row["paid"] == 120_000.00
        assert result.roles["vp"].period_earned[0].sum() == pytest.approx(120_000)
    else:
        # ytd: Q1 240/300 = 80% -> 0; Q2 570/600 = 95% -> 75% x 60,000 = 45,000 (+45,000);
        # Q3 870/900 = 96.67% -> 83.33% x 90,000 = 75,000 (+30,000); Q4 100% -> 120,000 (+45,000)
        assert comp == [0, 4_500_000, 3_000_000, 4_500_000]
        trace = one(stmt, period="2024-Q3", line="component")["trace"]
        assert "less earned to date before $45,000.00 = $30,000.00" in trace
        assert row["earned"] == 120_000.00 and row["paid"] == 120_000.00


@pytest.mark.parametrize("clawback_pct, q4_paid, forgiven", [
    (0, 0, 6_000_000),
    (50, -3_000_000, 3_000_000),
    (100, -6_000_000, 0),
])
def test_annual_true_up_overpayment_forgiven_or_clawed_back(clawback_pct, q4_paid, forgiven):
    curve = [[90, 50], [100, 100], [150, 200]]
    sc = one_role([{"name": "Revenue", "goal": "rev", "curve": curve}], REV,
                  measurement_period="quarterly", true_up="annual", clawback_pct=clawback_pct)
    pf = perf(months(12), {"revenue": quarterly_revenue([450_000, 0, 0, 0])}, {"rev": 100_000})
    result, stmt = run_case(sc, pf)
    # Q1 450k/300k = 150% -> 200% x 30,000 = 60,000 advance, paid; Q2..Q4 0% -> 0
    # year 450k/1,200k = 37.5% -> below threshold -> 0: true-up -60,000 -> earned for the year 0.00
    # at year end paid-to-date 60,000 exceeds earned 0: clawback_pct of the -60,000 is recovered,
    # the rest forgiven (the floor line)
    assert paid_c(stmt, "2024-Q1") == 6_000_000
    assert earned_c(stmt, "2024-Q4", line="true-up") == -6_000_000
    assert paid_c(stmt, "2024-Q4") == q4_paid
    assert cents(stmt, "paid", period="2024-Q4", component="floor (no claw-back)") == forgiven
    assert rows(stmt, component="draw top-up").empty  # no draw: nothing tops a claw-back up
    row = summary_row(result, stmt)
    assert row["earned"] == 0.0
    assert cents_of(row["paid"]) == 6_000_000 + q4_paid  # = earned + forgiven


def test_ytd_negative_period_is_not_clawed_back_and_is_made_good_later():
    curve = [[90, 50], [100, 100], [150, 200]]
    sc = one_role([{"name": "Revenue", "goal": "rev", "curve": curve}], REV,
                  measurement_period="quarterly", true_up="ytd")
    pf = perf(months(12), {"revenue": quarterly_revenue([450_000, 0, 450_000, 300_000])}, {"rev": 100_000})
    result, stmt = run_case(sc, pf)
    # Q1 ytd 450/300 = 150% -> 200% x 30,000 = 60,000 (+60,000): paid 60,000
    # Q2 ytd 450/600 = 75% -> 0 to date: earned -60,000, but nothing negative is paid: paid 0, floor +60,000
    # Q3 ytd 900/900 = 100% -> 90,000 (+90,000): the floor first makes good the excess: paid 30,000, floor -60,000
    # Q4 ytd 1,200/1,200 = 100% -> 120,000 (+30,000): paid 30,000
    assert [earned_c(stmt, q) for q in QUARTERS] == [6_000_000, -6_000_000, 9_000_000, 3_000_000]
    assert [paid_c(stmt, q) for q in QUARTERS] == [6_000_000, 0, 3_000_000, 3_000_000]
    floor = [cents(stmt, "paid", period=q, component="floor (no claw-back)") for q in QUARTERS]
    assert floor == [0, 6_000_000, -6_000_000, 0]
    row = summary_row(result, stmt)
    assert row["earned"] == 120_000.00 and row["paid"] == 120_000.00
