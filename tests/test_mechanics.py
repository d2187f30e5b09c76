"""Hand-worked examples, one (or a few) per mechanic, asserted to the cent.

Every expected amount is worked out by hand in the comment above its assertion. Unless a
test says otherwise (see helpers.py): monthly measurement, no true-up, target incentive
120,000 a year = 10,000 a month = 30,000 a quarter, and the LINEAR curve (payout % =
attainment %). Amounts are compared as integer cents from the statement's `_cents`.
"""

from __future__ import annotations

import numpy as np
import pytest

from comp_models import annual_summary, explain, resolve_targets
from comp_models.engine import Performance

from helpers import cents, cents_of, make_scenario, months, one, one_role, perf, rows, run_case

REV = {"rev": {"metric": "revenue", "label": "Revenue"}}
REV_PIPE = {**REV, "pipe": {"metric": "pipeline_created", "label": "Pipeline"}}


def earned_c(stmt, period, component="Revenue", role="vp", line="component") -> int:
    return cents(stmt, "earned", role=role, period=period, component=component, line=line)


def paid_c(stmt, period, role="vp") -> int:
    return cents(stmt, "paid", role=role, period=period)


def summary_row(result, stmt, role="vp", year=2024):
    s = annual_summary(result, stmt)
    return s[(s["role"] == role) & (s["year"] == year)].iloc[0]


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
    assert "Cost per lead: 40 vs target 50 = 120.0% attainment (lower is better)" in row["trace"]


def test_forecast_accuracy_quarterly():
    goals = {"fa": {"metric": "forecast_accuracy", "label": "Forecast accuracy"}}
    curve = [[90, 50], [100, 100], [105, 120]]
    sc = one_role([{"name": "FA", "goal": "fa", "curve": curve}], goals, measurement_period="quarterly")
    pf = perf(months(3), {"bookings": [100_000] * 3, "forecast_bookings": [90_000, 110_000, 120_000]}, {"fa": 0.9})
    _, stmt = run_case(sc, pf)
    row = one(stmt, period="2024-Q1", component="FA")
    # accuracy = 1 - |300,000 - 320,000| / 320,000 = 1 - 0.0625 = 93.75%
    # attainment = 0.9375 / 0.90 = 104.1667%; curve 100->100, 105->120: 100 + 4.1667/5 x 20 = 116.667%
    # 116.667% x 30,000 = 35,000.00
    assert row["actual"] == pytest.approx(0.9375)
    assert row["attainment"] == pytest.approx(104.166667, abs=1e-5)
    assert earned_c(stmt, "2024-Q1", "FA") == 3_500_000


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


def _commission(mode: str, tiers: list[dict], **kw) -> dict:
    return {"components": [{"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 120_000,
                            "tier_mode": mode, "tiers": tiers, **kw}]}


def test_commission_marginal_retroactive_interpolated():
    rate_tiers = [{"start": 0, "rate": 5}, {"start": 100_000, "rate": 8}, {"start": 200_000, "rate": 10}]
    amount_tiers = [{"start": 0, "amount": 4_000}, {"start": 100_000, "amount": 6_000},
                    {"start": 200_000, "amount": 12_000}]
    sc = make_scenario({"goals": {"bk": {"metric": "bookings", "label": "Bookings"}}, "roles": {
        "marginal": _commission("marginal", rate_tiers),
        "retro": _commission("retroactive", rate_tiers),
        "interp": _commission("interpolated", amount_tiers, ceiling=300_000),
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
    assert "marginal tiers [from 0 at 5%; from 100.0k at 8%; from 200.0k at 10%]" in row["trace"]
    assert "= 18,000.00 (180.0% of 10,000.00 on-target commission)" in row["trace"]


def test_commission_tier_basis_attainment_vs_amount():
    tiers = [{"start": 0, "rate": 5}, {"start": 100, "rate": 10}]
    sc = make_scenario({"goals": {"bk": "bookings"}, "roles": {
        "by_attainment": _commission("marginal", tiers, tier_basis="attainment"),
        "by_amount": _commission("marginal", tiers, tier_basis="amount"),
    }})
    _, stmt = run_case(sc, perf(months(1), {"bookings": [250_000]}, {"bk": 200_000}))
    # attainment basis: the 10% band starts at 100% of the 200,000 target = 200,000
    #   200,000 x 5% + 50,000 x 10% = 10,000 + 5,000 = 15,000.00
    assert earned_c(stmt, "2024-01", "Commission", "by_attainment") == 1_500_000
    # amount basis: the 10% band starts at 100 (currency): 100 x 5% + 249,900 x 10% = 5 + 24,990 = 24,995.00
    assert earned_c(stmt, "2024-01", "Commission", "by_amount") == 2_499_500
    assert "from 100% of 200.0k at 10%" in one(stmt, role="by_attainment", component="Commission")["trace"]


def test_commission_accumulation_period_quarter_year():
    tiers = [{"start": 0, "rate": 5}, {"start": 100_000, "rate": 10}]
    sc = make_scenario({"goals": {"bk": "bookings"}, "roles": {
        "period": _commission("marginal", tiers, accumulate="period"),
        "quarter": _commission("marginal", tiers, accumulate="quarter"),
        "year": _commission("marginal", tiers, accumulate="year"),
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
    assert "cumulative in the quarter: 60.0k → 120.0k" in feb
    assert "commission on the total to date less commission on the total before" in feb


def test_commission_quarterly_plan_accumulating_over_the_year():
    tiers = [{"start": 0, "rate": 5}, {"start": 100_000, "rate": 10}]
    sc = make_scenario({"goals": {"bk": "bookings"}, "roles": {
        "vp": {**_commission("marginal", tiers, accumulate="year"), "measurement_period": "quarterly"}}})
    _, stmt = run_case(sc, perf(months(6), {"bookings": [60_000] * 6}, {"bk": 100_000}))
    # Q1: 0 -> 180k: 100k x 5% + 80k x 10% = 13,000 ; Q2: 180k -> 360k all at 10% = 18,000
    assert earned_c(stmt, "2024-Q1", "Commission") == 1_300_000
    assert earned_c(stmt, "2024-Q2", "Commission") == 1_800_000


# ---------------------------------------------------------------------------------------
# Gates, conditional caps, joint upside, matrix, multiplier, plan cap


def test_plan_level_gate_closes_every_component_including_commission():
    sc = make_scenario({"goals": {**REV_PIPE, "bk": "bookings"}, "roles": {"vp": {
        "gates": [{"goal": "rev", "min_attainment": 85}],
        "components": [{"name": "Pipeline", "goal": "pipe"},
                       {"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 60_000,
                        "tiers": [{"start": 0, "rate": 10}]}]}}})
    pf = perf(months(2), {"revenue": [84_000, 85_000], "pipeline_created": 120_000, "bookings": 50_000},
              {"rev": 100_000, "pipe": 100_000, "bk": 50_000})
    _, stmt = run_case(sc, pf)
    # Jan: revenue 84% < 85% -> gate closed -> both lines 0.00
    assert earned_c(stmt, "2024-01", "Pipeline") == 0
    assert earned_c(stmt, "2024-01", "Commission") == 0
    assert "gate Revenue 84.0% vs 85% CLOSED, pays 0" in one(stmt, period="2024-01", component="Pipeline")["trace"]
    # Feb: revenue 85% -> open: pipeline 120% x 10,000 = 12,000.00; commission 10% x 50,000 = 5,000.00
    assert earned_c(stmt, "2024-02", "Pipeline") == 1_200_000
    assert earned_c(stmt, "2024-02", "Commission") == 500_000
    assert "gate Revenue 85.0% vs 85% open" in one(stmt, period="2024-02", component="Commission")["trace"]


def test_component_level_gate_closes_only_its_component():
    sc = one_role([{"name": "Revenue", "goal": "rev", "weight": 50},
                   {"name": "Pipeline", "goal": "pipe", "weight": 50,
                    "gates": [{"goal": "rev", "min_attainment": 85}]}], REV_PIPE)
    pf = perf(months(2), {"revenue": [84_000, 90_000], "pipeline_created": 120_000},
              {"rev": 100_000, "pipe": 100_000})
    _, stmt = run_case(sc, pf)
    # Jan: Revenue 84% x 50% x 10,000 = 4,200.00; Pipeline gated (84% < 85%) = 0.00
    assert (earned_c(stmt, "2024-01", "Revenue"), earned_c(stmt, "2024-01", "Pipeline")) == (420_000, 0)
    # Feb: Revenue 90% x 50% x 10,000 = 4,500.00; Pipeline 120% x 50% x 10,000 = 6,000.00
    assert (earned_c(stmt, "2024-02", "Revenue"), earned_c(stmt, "2024-02", "Pipeline")) == (450_000, 600_000)


def test_conditional_cap():
    sc = one_role([{"name": "Pipeline", "goal": "pipe",
                    "conditional_caps": [{"goal": "rev", "min_attainment": 100, "cap": 100}]}], REV_PIPE)
    pf = perf(months(3), {"revenue": [99_000, 100_000, 50_000], "pipeline_created": [130_000, 130_000, 90_000]},
              {"rev": 100_000, "pipe": 100_000})
    _, stmt = run_case(sc, pf)
    # Jan: pipeline 130%, revenue 99% < 100% -> capped at 100% -> 10,000.00
    # Feb: revenue 100% -> no cap -> 130% -> 13,000.00
    # Mar: pipeline 90% is under the cap anyway -> 9,000.00
    assert [earned_c(stmt, m, "Pipeline") for m in months(3)] == [1_000_000, 1_300_000, 900_000]
    trace = one(stmt, period="2024-01", line="component")["trace"]
    assert "cap unless Revenue ≥ 100%: 99.0%, capped at 100%" in trace


def test_joint_upside_rule():
    sc = one_role([{"name": "Revenue", "goal": "rev", "upside_requires": ["rev", "pipe"]}], REV_PIPE)
    pf = perf(months(3), {"revenue": [120_000, 120_000, 90_000], "pipeline_created": [99_000, 100_000, 50_000]},
              {"rev": 100_000, "pipe": 100_000})
    _, stmt = run_case(sc, pf)
    # Jan: revenue 120% but pipeline 99% -> no pay above 100% -> 10,000.00
    # Feb: both >= 100% -> 120% -> 12,000.00
    # Mar: revenue 90% (below 100%, the rule does not bite) -> 9,000.00
    assert [earned_c(stmt, m) for m in months(3)] == [1_000_000, 1_200_000, 900_000]
    assert ("pay above 100% needs all of Revenue 120.0%, Pipeline 99.0% ≥ 100%: not met, capped at 100%"
            in one(stmt, period="2024-01", line="component")["trace"])


def test_two_metric_matrix_nothing_unless_both_reach_level_one():
    goals = {"mp": {"metric": "marketing_sourced_pipeline", "label": "Marketing pipeline"},
             "sq": {"metric": "sqls", "label": "SQLs"}}
    sc = one_role([{"kind": "matrix", "name": "Matrix", "goal": "mp", "goal_y": "sq",
                    "levels_x": [85, 100, 115], "levels_y": [85, 100, 115],
                    "payouts": [[40, 60, 80], [60, 100, 130], [80, 130, 175]]}], goals)
    xs = [1_200, 840, 850, 1_000, 1_200, 2_000]
    ys = [840, 1_200, 850, 900, 1_000, 2_000]
    _, stmt = run_case(sc, perf(months(6), {"marketing_sourced_pipeline": xs, "sqls": ys}, {"mp": 1_000, "sq": 1_000}))
    # (x, y) attainment -> row = level of y, column = level of x -> payout % x 10,000
    expected = [
        0,  # (120%, 84%): y below level I -> nothing
        0,  # (84%, 120%): x below level I -> nothing
        400_000,  # (85%, 85%): row I, col I = 40% -> 4,000.00
        600_000,  # (100%, 90%): row I, col II = 60% -> 6,000.00
        1_300_000,  # (120%, 100%): row II, col III = 130% -> 13,000.00
        1_750_000,  # (200%, 200%): row III, col III = 175% -> 17,500.00
    ]
    assert [earned_c(stmt, m, "Matrix") for m in months(6)] == expected


def test_multiplier():
    sc = one_role([{"name": "Pipeline", "goal": "pipe"}], REV_PIPE,
                  multiplier={"goal": "rev", "curve": [[80, 80], [100, 100], [120, 120]]})
    pf = perf(months(3), {"revenue": [110_000, 50_000, 130_000], "pipeline_created": 100_000},
              {"rev": 100_000, "pipe": 100_000})
    _, stmt = run_case(sc, pf)
    # components: pipeline 100% -> 10,000.00 every month
    # Jan revenue 110% -> x1.10 -> multiplier line +1,000.00 -> 11,000.00
    # Feb revenue 50%, below the first point the multiplier holds flat: x0.80 -> -2,000.00 -> 8,000.00
    # Mar revenue 130%, after the last point: x1.20 -> +2,000.00 -> 12,000.00
    mult = [earned_c(stmt, m, "multiplier", line="adjustment") for m in months(3)]
    assert mult == [100_000, -200_000, 200_000]
    assert [cents(stmt, "earned", period=m) for m in months(3)] == [1_100_000, 800_000, 1_200_000]
    assert "gives ×1.1000 on components 10,000.00 = 1,000.00" in one(stmt, period="2024-01",
                                                                    component="multiplier")["trace"]


def test_plan_cap_on_target_variable_including_commission():
    sc = make_scenario({"goals": {**REV, "bk": "bookings"}, "roles": {
        "bonus": {"plan_cap": 150, "components": [{"name": "Revenue", "goal": "rev"}]},
        "mixed": {"plan_cap": 150, "components": [
            {"name": "Revenue", "goal": "rev"},
            {"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 60_000,
             "tiers": [{"start": 0, "rate": 10}]}]},
    }})
    pf = perf(months(2), {"revenue": [200_000, 120_000], "bookings": [100_000, 0]}, {"rev": 100_000, "bk": 100_000})
    _, stmt = run_case(sc, pf)
    # bonus, Jan: 200% x 10,000 = 20,000; cap 150% x 10,000 target variable = 15,000 -> cap line -5,000.00
    assert earned_c(stmt, "2024-01", "plan cap", "bonus", line="adjustment") == -500_000
    assert cents(stmt, "earned", role="bonus", period="2024-01") == 1_500_000
    # bonus, Feb: 12,000 under the cap -> cap line 0.00
    assert earned_c(stmt, "2024-02", "plan cap", "bonus", line="adjustment") == 0
    # mixed, Jan: 20,000 bonus + 10% x 100,000 = 10,000 commission = 30,000;
    # target variable (120,000 + 60,000) / 12 = 15,000; cap 150% = 22,500 -> cap line -7,500.00
    assert earned_c(stmt, "2024-01", "plan cap", "mixed", line="adjustment") == -750_000
    assert cents(stmt, "earned", role="mixed", period="2024-01") == 2_250_000
    assert ("plan cap 2024-01: 150% of target variable = 22,500.00; amount above it removed = -7,500.00"
            in one(stmt, role="mixed", period="2024-01", component="plan cap")["trace"])


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


QUARTERS = ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4")


def _quarterly_revenue(per_quarter: list[float]) -> list[float]:
    return [q / 3 for q in per_quarter for _ in range(3)]


@pytest.mark.parametrize("true_up", ["none", "annual", "ytd"])
def test_true_up_modes(true_up):
    curve = [[90, 50], [100, 100], [120, 140]]
    sc = one_role([{"name": "Revenue", "goal": "rev", "curve": curve}], REV,
                  measurement_period="quarterly", true_up=true_up)
    pf = perf(months(12), {"revenue": _quarterly_revenue([240_000, 330_000, 300_000, 330_000])}, {"rev": 100_000})
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
        assert "= 120,000.00" in tu["trace"] and "less advances 102,000.00 = 18,000.00" in tu["trace"]
        assert row["earned"] == 120_000.00 and row["paid"] == 120_000.00
        assert result.roles["vp"].period_earned[0].sum() == pytest.approx(120_000)
    else:
        # ytd: Q1 240/300 = 80% -> 0; Q2 570/600 = 95% -> 75% x 60,000 = 45,000 (+45,000);
        # Q3 870/900 = 96.67% -> 83.33% x 90,000 = 75,000 (+30,000); Q4 100% -> 120,000 (+45,000)
        assert comp == [0, 4_500_000, 3_000_000, 4_500_000]
        trace = one(stmt, period="2024-Q3", line="component")["trace"]
        assert "less earned to date before 45,000.00 = 30,000.00" in trace
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
    pf = perf(months(12), {"revenue": _quarterly_revenue([450_000, 0, 0, 0])}, {"rev": 100_000})
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
    pf = perf(months(12), {"revenue": _quarterly_revenue([450_000, 0, 450_000, 300_000])}, {"rev": 100_000})
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
    assert "held amount released = 9,000.00" in one(stmt, period="2024-Q4", component="holdback")["trace"]


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
        # Apr recovers 2,000 (pays 18,000); Dec's 6,000 top-up is unrecovered and forgiven at year end
        rec = [cents(stmt, "paid", period=m, component="draw recovery") for m in months(12)]
        assert rec == [0, 0, -500_000, -200_000] + [0] * 8
        assert paid == [1_000_000, 1_000_000, 1_000_000, 1_800_000] + [1_000_000] * 8
        # year: 122,000 earned + 13,000 top-ups - 7,000 recovered = 128,000.00
        assert summary_row(result, stmt)["paid"] == 128_000.00
        assert result.roles["vp"].ledger.draw_balance[0, -1] == 0.0
    else:
        assert rows(stmt, component="draw recovery").empty
        # year: 122,000 + 13,000 top-ups, never recovered = 135,000.00
        assert paid == [1_000_000, 1_000_000, 1_500_000, 2_000_000] + [1_000_000] * 8
        assert summary_row(result, stmt)["paid"] == 135_000.00
    assert summary_row(result, stmt)["earned"] == 122_000.00


def test_installments():
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, measurement_period="quarterly", installments=2)
    revenue = _quarterly_revenue([300_000, 300_000, 600_000, 300_000])
    result, stmt = run_case(sc, perf(months(12), {"revenue": revenue}, {"rev": 100_000}))
    # due: 30,000 / 30,000 / 60,000 (200%) / 30,000, each paid half now, half next quarter:
    # cash Q1 15,000; Q2 15,000 + 15,000 = 30,000; Q3 15,000 + 30,000 = 45,000; Q4 30,000 + 15,000 = 45,000
    # installments line = cash - due: -15,000, 0, -15,000, +15,000; 15,000 deferred past the history
    assert [paid_c(stmt, q) for q in QUARTERS] == [1_500_000, 3_000_000, 4_500_000, 4_500_000]
    inst = [cents(stmt, "paid", period=q, component="installments") for q in QUARTERS]
    assert inst == [-1_500_000, 0, -1_500_000, 1_500_000]
    assert result.roles["vp"].ledger.deferred[0] == pytest.approx(15_000)
    row = summary_row(result, stmt)
    assert row["earned"] == 150_000.00 and row["paid"] == 135_000.00


def test_commission_attainment_tiers_do_not_depend_on_later_months():
    tiers = [{"start": 0, "rate": 5}, {"start": 100, "rate": 10}]
    sc = make_scenario({"goals": {"bk": "bookings"}, "roles": {
        "vp": _commission("marginal", tiers, tier_basis="attainment", accumulate="quarter")}})
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
    assert "= 30,000.00" in row["trace"]


# ---------------------------------------------------------------------------------------
# Targets


PROFILE = [0.05, 0.05, 0.10, 0.08, 0.08, 0.09, 0.08, 0.08, 0.09, 0.10, 0.10, 0.10]


def _targets_case(target_pct: float):
    spec = {"goals": {"rev": {"metric": "revenue", "annual_targets": {"2024": 1_200_000},
                              "monthly_profile": PROFILE, "period_targets": {"2024-02": 80_000},
                              "target_pct": target_pct},
                      "rate": {"metric": "mql_to_sql_rate", "annual_targets": {"2024": 0.25}}},
            "roles": {"vp": {"components": [{"name": "Revenue", "goal": "rev"}]}}}
    sc = make_scenario(spec)
    ms = months(12)
    targets = resolve_targets(sc, ms, {})
    pf = Performance(ms, {"revenue": np.array([[54_000, 80_000, 60_000] + [100_000] * 9], dtype=float)}, targets)
    return sc, targets, run_case(sc, pf)


def test_annual_target_split_by_profile_and_explicit_month_table():
    sc, targets, (result, stmt) = _targets_case(100)
    # Jan 1,200,000 x 0.05 = 60,000; Feb from the explicit table = 80,000; Mar x 0.10 = 120,000; Dec x 0.10
    assert targets["rev"][:3] == pytest.approx([60_000, 80_000, 120_000])
    assert targets["rev"][11] == pytest.approx(120_000)
    # a ratio target holds in every month (not split): 0.25 each month
    assert targets["rate"] == pytest.approx([0.25] * 12)
    # Jan 54,000 / 60,000 = 90% -> 9,000.00; Feb 80,000 / 80,000 -> 10,000.00; Mar 60k / 120k = 50% -> 5,000.00
    assert [earned_c(stmt, m) for m in months(3)] == [900_000, 1_000_000, 500_000]


def test_target_pct_scales_every_target():
    sc, targets, (result, stmt) = _targets_case(120)
    # targets x 1.2: Jan 72,000; Feb 96,000 (the explicit table is scaled too); Mar 144,000
    assert targets["rev"][:3] == pytest.approx([72_000, 96_000, 144_000])
    # Jan 54/72 = 75% -> 7,500.00; Feb 80/96 = 83.333% -> 8,333.33; Mar 60/144 = 41.667% -> 4,166.67
    assert [earned_c(stmt, m) for m in months(3)] == [750_000, 833_333, 416_667]


def test_annual_targets_from_a_targets_file_named_profile_and_quarter_target_is_sum_of_months():
    sc = make_scenario({"monthly_profiles": {"seasonal": PROFILE},
                        "goals": {"rev": {"metric": "revenue", "monthly_profile": "seasonal"}},
                        "roles": {"vp": {"components": [{"name": "Revenue", "goal": "rev"}],
                                         "measurement_period": "quarterly"}}})
    ms = months(12)
    targets = resolve_targets(sc, ms, {("revenue", 2024): 1_000_000})
    pf = Performance(ms, {"revenue": np.full((1, 12), 50_000.0)}, targets)
    _, stmt = run_case(sc, pf)
    # Q1 target = 1,000,000 x (0.05 + 0.05 + 0.10) = 200,000; actual 150,000 -> 75% x 30,000 = 22,500.00
    q1 = one(stmt, period="2024-Q1", component="Revenue")
    assert q1["target"] == pytest.approx(200_000)
    assert earned_c(stmt, "2024-Q1") == 2_250_000


# ---------------------------------------------------------------------------------------
# Traces and shared goals


def test_trace_contains_the_key_figures():
    sc = one_role([{"name": "Revenue", "goal": "rev", "weight": 60, "curve": [[80, 50], [100, 100]],
                    "gates": [{"goal": "pipe", "min_attainment": 50}]},
                   {"name": "Pipeline", "goal": "pipe", "weight": 40}], REV_PIPE, target_incentive=200_000)
    pf = perf(months(1), {"revenue": [82_000], "pipeline_created": [100_000]}, {"rev": 90_000, "pipe": 100_000})
    _, stmt = run_case(sc, pf)
    # a month of 200,000 = 16,666.67; 77.778% x 60% x 16,666.67 = 7,777.78
    trace = explain(stmt, "vp", "2024-01", "Revenue")
    for fragment in ("Revenue: 82.0k vs target 90.0k = 91.1% attainment",
                     "curve 80%→50%, 100%→100% gives 77.8%",
                     "gate Pipeline 100.0% vs 50% open",
                     "weight 60% of 16,666.67 target incentive = 7,777.78"):
        assert fragment in trace
    assert earned_c(stmt, "2024-01") == 777_778


def test_trace_curve_figure_is_the_curves_own_when_a_gate_closes():
    sc = one_role([{"name": "Revenue", "goal": "rev", "curve": [[80, 50], [100, 100]],
                    "gates": [{"goal": "pipe", "min_attainment": 50}]}], REV_PIPE)
    pf = perf(months(1), {"revenue": [82_000], "pipeline_created": [10_000]}, {"rev": 90_000, "pipe": 100_000})
    _, stmt = run_case(sc, pf)
    trace = one(stmt, period="2024-01", component="Revenue")["trace"]
    assert "CLOSED, pays 0" in trace and earned_c(stmt, "2024-01") == 0
    assert "curve 80%→50%, 100%→100% gives 77.8%" in trace


def test_shared_goals_are_goals_paid_on_by_both_plans():
    goals = {"rev": "revenue", "pipe": "pipeline_created", "mqls": "mqls", "bk": "bookings",
             "margin": "gross_margin_pct", "mp": "marketing_sourced_pipeline", "sq": "sqls"}
    sc = make_scenario({"goals": goals, "roles": {
        "vp_sales": {"gates": [{"goal": "margin", "min_attainment": 90}],
                     "components": [{"name": "Revenue", "goal": "rev", "weight": 50},
                                    {"name": "Bookings", "goal": "bk", "weight": 25},
                                    {"name": "SQLs", "goal": "sq", "weight": 25}]},
        "vp_marketing": {"gates": [{"goal": "margin", "min_attainment": 90}],
                         "multiplier": {"goal": "pipe", "curve": [[0, 100]]},
                         "components": [{"name": "Revenue", "goal": "rev", "weight": 50},
                                        {"name": "MQLs", "goal": "mqls", "weight": 20,
                                         "gates": [{"goal": "bk", "min_attainment": 50}]},
                                        {"kind": "matrix", "name": "Matrix", "goal": "mp", "goal_y": "sq",
                                         "weight": 30, "levels_x": [100], "levels_y": [100], "payouts": [[100]]}]},
    }})
    # rev: paid on by both; sq: sales' bonus and marketing's matrix y-axis -> shared.
    # margin (gates of both), pipe (a multiplier), bk (sales pays, marketing only gates), mqls, mp: not shared
    assert sc.shared_goals() == ["rev", "sq"]
    assert sc.goal_users()["margin"] == ["vp_sales", "vp_marketing"]
    pf = perf(months(1), {c: 100.0 for c in ("revenue", "pipeline_created", "mqls", "bookings", "gross_profit",
                                              "marketing_sourced_pipeline", "sqls")},
              {"rev": 100, "pipe": 100, "mqls": 100, "bk": 100, "margin": 1, "mp": 100, "sq": 100})
    _, stmt = run_case(sc, pf)
    comp = stmt[stmt["line"] == "component"].set_index(["role", "component"])["shared"]
    assert comp[("vp_sales", "Revenue")] and comp[("vp_marketing", "Revenue")]
    assert not comp[("vp_sales", "Bookings")] and not comp[("vp_marketing", "MQLs")]
