"""Hand-worked examples, asserted to the cent: components: curves, weights and target incentive, commission tiers.

Every expected amount is worked out by hand in the comment above its assertion. Unless a
test says otherwise (see tests/helpers.py): monthly measurement, no true-up, target incentive
120,000 a year = 10,000 a month = 30,000 a quarter, and the LINEAR curve (payout % =
attainment %). Amounts are compared as integer cents from the statement's `_cents`.
"""


from __future__ import annotations

import pytest


from helpers import (commission_plan, REV, REV_PIPE, earned_c, make_scenario, months, one, one_role, perf, run_case, summary_row)



# ---------------------------------------------------------------------------------------
# Curves


def test_curve_threshold_jump_segments_accelerator_decelerator_cap():
    # jump to 50% at the 80% threshold; 80->100 slope 2.5; accelerator 100->120 slope 3;
    # decelerator 120->140 slope 1; flat (the cap) at 180% from 140%
    curve = [[80, 50], [100, 100], [120, 160], [140, 180]]
    sc = one_role([{"name": "Revenue", "goal": "rev", "curve": curve}], REV)
    actuals = [79_999, 80_000, 90_000, 100_000, 110_000, 130_000, 150_000]
    _, stmt = run_case(sc, perf(months(7), {"revenue": actuals}, {"rev": 100_000}))
    expected = [
        0,  # 79.999% < threshold 80% -> 0%
        500_000,  # exactly 80% -> jump to 50% -> 5,000.00
        750_000,  # 90%: 50 + 10 x 2.5 = 75% -> 7,500.00
        1_000_000,  # 100% -> 100% -> 10,000.00
        1_300_000,  # 110%: 100 + 10 x 3 = 130% (accelerator) -> 13,000.00
        1_700_000,  # 130%: 160 + 10 x 1 = 170% (decelerator) -> 17,000.00
        1_800_000,  # 150%: past the last point -> capped at 180% -> 18,000.00
    ]
    got = [earned_c(stmt, m) for m in months(7)]
    assert got == expected
    traces = [one(stmt, period=m, component="Revenue")["trace"] for m in months(7)]
    assert "below the 80% threshold pays 0%" in traces[0]
    assert "curve 80%→50%, 100%→100% gives 50.0%" in traces[1]
    assert "curve 100%→100%, 120%→160% gives 130.0%" in traces[4]
    assert "curve 120%→160%, 140%→180% gives 170.0%" in traces[5]
    assert "at or above 140% the curve is capped at 180%" in traces[6]


# ---------------------------------------------------------------------------------------
# Weights, target incentive, pay mix


def test_weights_target_incentive_absolute_vs_pct_of_base_and_pay_mix():
    comps = [{"name": "Revenue", "goal": "rev", "weight": 60}, {"name": "Pipeline", "goal": "pipe", "weight": 40}]
    sc = make_scenario({"goals": REV_PIPE, "roles": {
        "pct": {"base_salary": 200_000, "target_incentive_pct_of_base": 30, "components": comps},
        "abs": {"base_salary": 200_000, "target_incentive": 60_000, "components": comps},
    }})
    # 30% of 200,000 base = 60,000 a year = 5,000 a month, same as the absolute 60,000
    assert sc.roles["pct"].annual_target_incentive == 60_000
    # pay mix: 200,000 base / 260,000 OTE = 76.92% ; 60,000 / 260,000 = 23.08%
    assert sc.roles["pct"].pay_mix == pytest.approx((100 * 200 / 260, 100 * 60 / 260))
    pf = perf(months(12), {"revenue": 120_000, "pipeline_created": 50_000}, {"rev": 100_000, "pipe": 100_000})
    result, stmt = run_case(sc, pf)
    for role in ("pct", "abs"):
        # Revenue: 120% x 60% x 5,000 = 3,600.00 ; Pipeline: 50% x 40% x 5,000 = 1,000.00
        assert earned_c(stmt, "2024-01", "Revenue", role) == 360_000
        assert earned_c(stmt, "2024-01", "Pipeline", role) == 100_000
        # a year: 12 x 4,600 = 55,200.00 of a 60,000 target = 92%
        row = summary_row(result, stmt, role)
        assert row["earned"] == 55_200.00 and row["paid"] == 55_200.00
        assert row["target_incentive"] == 60_000.00
        assert row["pct_of_target"] == pytest.approx(92.0)


def test_pay_mix_counts_on_target_commission():
    sc = make_scenario({"goals": {**REV, "bk": "bookings"}, "roles": {"vp": {
        "base_salary": 200_000, "target_incentive": 60_000,
        "components": [{"name": "Revenue", "goal": "rev"},
                       {"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 40_000,
                        "tiers": [{"start": 0, "rate": 5}]}]}}})
    plan = sc.roles["vp"]
    # target variable = 60,000 bonus + 40,000 on-target commission = 100,000; OTE 300,000 -> 66.67 / 33.33
    assert plan.annual_target_variable == 100_000
    assert plan.pay_mix == pytest.approx((200 / 3, 100 / 3))


# ---------------------------------------------------------------------------------------
# Commission


def test_commission_marginal_retroactive_interpolated():
    rate_tiers = [{"start": 0, "rate": 5}, {"start": 100_000, "rate": 8}, {"start": 200_000, "rate": 10}]
    amount_tiers = [{"start": 0, "amount": 4_000}, {"start": 100_000, "amount": 6_000},
                    {"start": 200_000, "amount": 12_000}]
    sc = make_scenario({"goals": {"bk": {"metric": "bookings", "label": "Bookings"}}, "roles": {
        "marginal": commission_plan("marginal", rate_tiers),
        "retro": commission_plan("retroactive", rate_tiers),
        "interp": commission_plan("interpolated", amount_tiers, ceiling=300_000),
    }})
    _, stmt = run_case(sc, perf(months(3), {"bookings": [250_000, 150_000, 350_000]}, {"bk": 200_000}))

    def com(role, m):
        return earned_c(stmt, m, "Commission", role)

    # 250,000 -- marginal: 100k x 5% + 100k x 8% + 50k x 10% = 5,000 + 8,000 + 5,000 = 18,000
    #            retroactive: highest tier reached (10%) on all 250k = 25,000
    #            interpolated: 4,000 + 6,000 + 50k/100k x 12,000 = 16,000
    assert (com("marginal", "2024-01"), com("retro", "2024-01"), com("interp", "2024-01")) == (
        1_800_000, 2_500_000, 1_600_000)
    # 150,000 -- marginal 5,000 + 50k x 8% = 9,000; retroactive 8% x 150k = 12,000; interp 4,000 + 3,000 = 7,000
    assert (com("marginal", "2024-02"), com("retro", "2024-02"), com("interp", "2024-02")) == (
        900_000, 1_200_000, 700_000)
    # 350,000 -- marginal 5,000 + 8,000 + 150k x 10% = 28,000; retroactive 35,000;
    #            interpolated stops at the 300k ceiling: 4,000 + 6,000 + 12,000 = 22,000
    assert (com("marginal", "2024-03"), com("retro", "2024-03"), com("interp", "2024-03")) == (
        2_800_000, 3_500_000, 2_200_000)
    row = one(stmt, role="marginal", period="2024-01", component="Commission")
    # on-target commission a month = 120,000 / 12 = 10,000; 18,000 is 180% of it
    assert row["payout_pct"] == pytest.approx(180.0)
    assert "marginal tiers [from $0 at 5%; from $100.0k at 8%; from $200.0k at 10%]" in row["trace"]
    assert "= $18,000.00 (180.0% of $10,000.00 on-target commission)" in row["trace"]


def test_commission_tier_basis_attainment_vs_amount():
    tiers = [{"start": 0, "rate": 5}, {"start": 100, "rate": 10}]
    sc = make_scenario({"goals": {"bk": "bookings"}, "roles": {
        "by_attainment": commission_plan("marginal", tiers, tier_basis="attainment"),
        "by_amount": commission_plan("marginal", tiers, tier_basis="amount"),
    }})
    _, stmt = run_case(sc, perf(months(1), {"bookings": [250_000]}, {"bk": 200_000}))
    # attainment basis: the 10% band starts at 100% of the 200,000 target = 200,000
    #   200,000 x 5% + 50,000 x 10% = 10,000 + 5,000 = 15,000.00
    assert earned_c(stmt, "2024-01", "Commission", "by_attainment") == 1_500_000
    # amount basis: the 10% band starts at 100 (currency): 100 x 5% + 249,900 x 10% = 5 + 24,990 = 24,995.00
    assert earned_c(stmt, "2024-01", "Commission", "by_amount") == 2_499_500
    assert "from 100% of $200.0k at 10%" in one(stmt, role="by_attainment", component="Commission")["trace"]


def test_commission_accumulation_period_quarter_year():
    tiers = [{"start": 0, "rate": 5}, {"start": 100_000, "rate": 10}]
    sc = make_scenario({"goals": {"bk": "bookings"}, "roles": {
        "period": commission_plan("marginal", tiers, accumulate="period"),
        "quarter": commission_plan("marginal", tiers, accumulate="quarter"),
        "year": commission_plan("marginal", tiers, accumulate="year"),
    }})
    _, stmt = run_case(sc, perf(months(4), {"bookings": [60_000] * 4}, {"bk": 100_000}))
    ms = months(4)

    def series(role):
        return [earned_c(stmt, m, "Commission", role) for m in ms]

    # period: every month 60,000 x 5% = 3,000 -> 12,000 in all
    assert series("period") == [300_000] * 4
    # quarter (cumulative Jan..Mar, restarting in April):
    #   Jan 0->60k: 3,000; Feb 60k->120k crosses 100k and is split at it: 40k x 5% + 20k x 10% = 4,000;
    #   Mar 120k->180k: 60k x 10% = 6,000; Apr (new quarter) 0->60k: 3,000   -> 16,000
    assert series("quarter") == [300_000, 400_000, 600_000, 300_000]
    # year (cumulative from January): as the quarter, but April goes 180k->240k at 10% = 6,000 -> 19,000
    assert series("year") == [300_000, 400_000, 600_000, 600_000]
    feb = one(stmt, role="quarter", period="2024-02", component="Commission")["trace"]
    assert "cumulative in the quarter: $60.0k → $120.0k" in feb
    assert "commission on the total to date less commission on the total before" in feb


def test_commission_quarterly_plan_accumulating_over_the_year():
    tiers = [{"start": 0, "rate": 5}, {"start": 100_000, "rate": 10}]
    sc = make_scenario({"goals": {"bk": "bookings"}, "roles": {
        "vp": {**commission_plan("marginal", tiers, accumulate="year"), "measurement_period": "quarterly"}}})
    _, stmt = run_case(sc, perf(months(6), {"bookings": [60_000] * 6}, {"bk": 100_000}))
    # Q1: 0 -> 180k: 100k x 5% + 80k x 10% = 13,000 ; Q2: 180k -> 360k all at 10% = 18,000
    assert earned_c(stmt, "2024-Q1", "Commission") == 1_300_000
    assert earned_c(stmt, "2024-Q2", "Commission") == 1_800_000
