"""Hand-worked examples, asserted to the cent: the payment ledger: holdback, draws, installments; commission positions under the ledger.

Every expected amount is worked out by hand in the comment above its assertion. Unless a
test says otherwise (see tests/helpers.py): monthly measurement, no true-up, target incentive
120,000 a year = 10,000 a month = 30,000 a quarter, and the LINEAR curve (payout % =
attainment %). Amounts are compared as integer cents from the statement's `_cents`.
"""


from __future__ import annotations

import numpy as np
import pytest


from helpers import (QUARTERS, commission_plan, quarterly_revenue, REV, cents, cents_of, earned_c, make_scenario, months, one, one_role, paid_c, perf, rows,
                     run_case, summary_row)



# ---------------------------------------------------------------------------------------
# Payment ledger: holdback, draws, installments


def test_holdback_withheld_then_released_at_year_end():
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, measurement_period="quarterly", holdback_pct=10)
    result, stmt = run_case(sc, perf(months(12), {"revenue": 100_000}, {"rev": 100_000}))
    # each quarter earns 30,000; 10% of earned-to-date is held: 3,000 / 6,000 / 9,000 held after Q1..Q3
    # holdback line: -3,000 each of Q1..Q3, +9,000 released at Q4 (sums to 0 over the year)
    hold = [cents(stmt, "paid", period=q, component="holdback") for q in QUARTERS]
    assert hold == [-300_000, -300_000, -300_000, 900_000]
    # paid: 27,000 x 3, then 30,000 + 9,000 = 39,000 -> 120,000 for the year
    assert [paid_c(stmt, q) for q in QUARTERS] == [2_700_000, 2_700_000, 2_700_000, 3_900_000]
    assert summary_row(result, stmt)["paid"] == 120_000.00
    assert "held amount released = $9,000.00" in one(stmt, period="2024-Q4", component="holdback")["trace"]


@pytest.mark.parametrize("recoverable", [True, False])
def test_draw(recoverable):
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, draw={"amount": 10_000, "recoverable": recoverable})
    revenue = [40_000, 90_000, 150_000, 200_000] + [100_000] * 7 + [40_000]
    result, stmt = run_case(sc, perf(months(12), {"revenue": revenue}, {"rev": 100_000}))
    # earned (LINEAR x 10,000): 4,000, 9,000, 15,000, 20,000, 7 x 10,000, 4,000 = 122,000
    top_up = [cents(stmt, "paid", period=m, component="draw top-up") for m in months(12)]
    paid = [paid_c(stmt, m) for m in months(12)]
    # Jan top-up 6,000 (to 10,000); Feb 1,000; Dec 6,000 -- either kind of draw
    assert top_up == [600_000, 100_000] + [0] * 9 + [600_000]
    if recoverable:
        # balance 6,000 then 7,000 (Feb earns below the draw: nothing recovered);
        # Mar recovers 5,000 of the 5,000 above the draw (pays 10,000, balance 2,000);
        # Apr recovers 2,000 (pays 18,000); Dec's 6,000 top-up is unrecovered: it stays owed and carries
        # into the next plan year (the plan does not forgive it; docs/money.md §8)
        rec = [cents(stmt, "paid", period=m, component="draw recovery") for m in months(12)]
        assert rec == [0, 0, -500_000, -200_000] + [0] * 8
        assert paid == [1_000_000, 1_000_000, 1_000_000, 1_800_000] + [1_000_000] * 8
        # year: 122,000 earned + 13,000 top-ups - 7,000 recovered = 128,000.00
        assert summary_row(result, stmt)["paid"] == 128_000.00
        assert result.roles["vp"].ledger.draw_balance[0, -1] == 6_000.0
        assert one(stmt, period="2024-12", line="balance", component="draw balance")["balance"] == 6_000.00
    else:
        assert rows(stmt, component="draw recovery").empty
        # year: 122,000 + 13,000 top-ups, never recovered = 135,000.00
        assert paid == [1_000_000, 1_000_000, 1_500_000, 2_000_000] + [1_000_000] * 8
        assert summary_row(result, stmt)["paid"] == 135_000.00
    assert summary_row(result, stmt)["earned"] == 122_000.00


def test_installments():
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, measurement_period="quarterly", installments=2)
    revenue = quarterly_revenue([300_000, 300_000, 600_000, 300_000])
    result, stmt = run_case(sc, perf(months(12), {"revenue": revenue}, {"rev": 100_000}))
    # due: 30,000 / 30,000 / 60,000 (200%) / 30,000, each paid half now, half next quarter:
    # cash Q1 15,000; Q2 15,000 + 15,000 = 30,000; Q3 15,000 + 30,000 = 45,000; Q4 30,000 + 15,000 = 45,000
    # installments line = cash - due: -15,000, 0, -15,000, +15,000; 15,000 deferred past the history
    assert [paid_c(stmt, q) for q in QUARTERS] == [1_500_000, 3_000_000, 4_500_000, 4_500_000]
    inst = [cents(stmt, "paid", period=q, component="installments") for q in QUARTERS]
    assert inst == [-1_500_000, 0, -1_500_000, 1_500_000]
    assert result.roles["vp"].ledger.deferred[0, -1] == 15_000.0  # owed after the history's last quarter
    assert one(stmt, period="2024-Q4", line="balance", component="deferred")["balance"] == 15_000.00
    row = summary_row(result, stmt)
    assert row["earned"] == 150_000.00 and row["paid"] == 135_000.00


def test_commission_attainment_tiers_do_not_depend_on_later_months():
    tiers = [{"start": 0, "rate": 5}, {"start": 100, "rate": 10}]
    sc = make_scenario({"goals": {"bk": "bookings"}, "roles": {
        "vp": commission_plan("marginal", tiers, tier_basis="attainment", accumulate="quarter")}})
    # quarter target 3 x 100,000 = 300,000: the 10% band starts at 300,000 cumulative bookings.
    # Feb takes the quarter from 100k to 250k, all below 300k: 150,000 x 5% = 7,500.00 --
    # whether or not March is already in the history
    _, full = run_case(sc, perf(months(3), {"bookings": [100_000, 150_000, 100_000]}, {"bk": 100_000}))
    _, short = run_case(sc, perf(months(2), {"bookings": [100_000, 150_000]}, {"bk": 100_000}))
    assert earned_c(full, "2024-02", "Commission") == 750_000
    assert earned_c(short, "2024-02", "Commission") == 750_000


def test_commission_trace_amount_matches_its_line_under_ytd():
    sc = make_scenario({"goals": {**REV, "bk": "bookings"}, "roles": {"vp": {
        "measurement_period": "quarterly", "true_up": "ytd",
        "components": [{"name": "Revenue", "goal": "rev"},
                       {"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 120_000,
                        "tiers": [{"start": 0, "rate": 10}]}]}}})
    _, stmt = run_case(sc, perf(months(6), {"revenue": 100_000, "bookings": 100_000}, {"rev": 100_000, "bk": 100_000}))
    # Q2 commission: 300,000 x 10% = 30,000.00, the line's amount
    row = one(stmt, period="2024-Q2", component="Commission")
    assert cents_of(row["earned"]) == 3_000_000
    assert "= $30,000.00" in row["trace"]


def test_draw_forgiven_at_year_end_when_the_plan_says_so():
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV,
                  draw={"amount": 10_000, "recoverable": True, "forgive_at_year_end": True})
    revenue = [40_000, 90_000, 150_000, 200_000] + [100_000] * 7 + [40_000] + [300_000]
    result, stmt = run_case(sc, perf(months(13), {"revenue": revenue}, {"rev": 100_000}))
    # as in test_draw: Dec 2024 tops up 6,000, unrecovered at the year's close -> forgiven, balance 0;
    # Jan 2025 earns 30,000: nothing is recovered from it (the balance was forgiven)
    led = result.roles["vp"].ledger
    assert led.draw_balance[0, 11] == 0.0 and led.draw_forgiven[0, 11] == 6_000.0
    assert cents(stmt, "paid", period="2025-01") == 3_000_000
    assert "forgiven at year end" in one(stmt, period="2024-12", line="balance", component="draw balance")["trace"]


@pytest.mark.parametrize("preset", ["integrated", "siloed", "shared_revenue", "marketing_serves_sales"])
def test_replay_without_payments_earns_the_same(presets, history, annual, preset):
    """replay(payments=False), which simulations use, skips only the ledger: every earned and true-up
    line is the same to the bit, and the result says it has no ledger rather than a zero one."""
    from comp_models import performance, replay

    scenario = presets[preset]
    perf_ = performance(scenario, history, annual)
    full, earned_only = replay(scenario, perf_), replay(scenario, perf_, payments=False)
    for role, rr in full.roles.items():
        lean = earned_only.roles[role]
        assert lean.ledger is None and rr.ledger is not None
        np.testing.assert_array_equal(rr.earned, lean.earned)
        np.testing.assert_array_equal(rr.true_up, lean.true_up)
        np.testing.assert_array_equal(rr.period_earned, lean.period_earned)
