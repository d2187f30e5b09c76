"""Money a VP would sign: one hand-worked example per rule of docs/money.md that the first version
got wrong (issue 8). Every expected amount is worked out by hand in the comment above it.

Defaults (tests/helpers.py): monthly measurement, no true-up, target incentive 120,000 a year
(10,000 a month, 30,000 a quarter), the LINEAR curve (payout % = attainment %).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from comp_models import InputError, Performance, parse_history, resolve_targets, statement_csv
from comp_models.periods import year_monthly_targets
from comp_models.reports import example_payouts

from helpers import QUARTERS, REV, cents, earned_c, make_scenario, months, one, one_role, paid_c, perf, rows, run_case

MATRIX = {"kind": "matrix", "name": "Funnel", "goal": "sq", "goal_y": "sa", "levels_x": [85, 100, 115],
          "levels_y": [85, 100, 115], "payouts": [[40, 60, 80], [60, 100, 130], [80, 130, 175]]}


# ---------------------------------------------------------------------------------------
# 1. A hit exactly on a level is on the level


def test_matrix_cell_exactly_on_the_top_levels():
    sc = one_role([MATRIX], {"sq": "sqls", "sa": "sals"})
    _, stmt = run_case(sc, perf(months(1), {"sqls": [115], "sals": [1_150]}, {"sq": 100, "sa": 1_000}))
    # 115 / 100 = 115% and 1,150 / 1,000 = 115%: both on the top level -> the 175% cell (not 100%)
    # 175% x 10,000 = 17,500.00
    assert one(stmt, period="2024-01", component="Funnel")["attainment"] == 115.0
    assert earned_c(stmt, "2024-01", "Funnel") == 1_750_000


def test_one_launch_against_a_quarter_target_of_one_and_a_quarter_is_exactly_80_percent():
    sc = one_role([{"name": "Launches", "goal": "la", "curve": [[80, 50], [100, 100]]}],
                  {"la": {"metric": "launches_delivered", "label": "Launches"}}, measurement_period="quarterly")
    # annual target 5, flat: 5/12 a month, 1.25 a quarter; 1 launch in Q1 = 80% -> the 50% threshold point
    _, stmt = run_case(sc, perf(months(3), {"launches_delivered": [0, 1, 0]}, {"la": 5 / 12}))
    assert one(stmt, period="2024-Q1", component="Launches")["attainment"] == 80.0
    # 50% x 30,000 = 15,000.00 (not 0)
    assert earned_c(stmt, "2024-Q1", "Launches") == 1_500_000


def test_gate_and_retroactive_tier_exactly_on_their_levels():
    goals = {"rev": "revenue", "bk": "bookings"}
    sc = make_scenario({"goals": goals, "roles": {"vp": {"gates": [{"goal": "rev", "min_attainment": 115}],
        "components": [{"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 12_000,
                        "tier_mode": "retroactive", "tier_basis": "attainment",
                        "tiers": [{"start": 0, "rate": 5}, {"start": 115, "rate": 7}]}]}}})
    # revenue 115,000 / 100,000 = 115%: the gate is open; bookings 1,150,000 against 1,000,000 = exactly 115%
    # of target: the 7% tier, on the whole amount: 1,150,000 x 7% = 80,500.00
    _, stmt = run_case(sc, perf(months(1), {"revenue": [115_000], "bookings": [1_150_000]},
                                {"rev": 100_000, "bk": 1_000_000}))
    assert earned_c(stmt, "2024-01", "Commission") == 8_050_000


# ---------------------------------------------------------------------------------------
# 2. A draw guarantees cash; it never offsets a claw-back


def _clawback_case(draw: dict | None):
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, measurement_period="quarterly", true_up="annual",
                  clawback_pct=100, target_incentive=160_000, **({"draw": draw} if draw else {}))
    # quarter targets 100,000 / 100,000 / 100,000 / 180,000; actuals 150,000 x 3 then 18,000 (10%)
    targets = [100_000 / 3] * 9 + [60_000] * 3
    revenue = [50_000] * 9 + [6_000] * 3
    return run_case(sc, perf(months(12), {"revenue": revenue}, {"rev": targets}))


def test_year_end_claw_back_without_a_draw():
    result, stmt = _clawback_case(None)
    # advances: 150% x 40,000 = 60,000 in Q1-Q3, Q4 10% -> 4,000; year 468,000 / 480,000 = 97.5%
    # -> 97.5% x 160,000 = 156,000 earned; Q4 settles 156,000 - 180,000 paid = -24,000, clawed back in full
    assert [paid_c(stmt, q) for q in QUARTERS] == [6_000_000, 6_000_000, 6_000_000, -2_400_000]
    assert result.roles["vp"].ledger.paid.sum() == pytest.approx(156_000)


def test_recoverable_draw_does_not_cancel_the_claw_back_and_its_balance_stays_owed():
    result, stmt = _clawback_case({"amount": 5_000, "recoverable": True})
    # Q1-Q3 pay 60,000 cash, above the draw: no top-up. Q4's cash is the -24,000 claw-back: the draw
    # tops up from zero, 5,000, and the claw-back stays: Q4 pays -19,000; the year pays 161,000 (not 185,000)
    assert cents(stmt, "paid", period="2024-Q4", component="draw top-up") == 500_000
    assert paid_c(stmt, "2024-Q4") == -1_900_000
    assert result.roles["vp"].ledger.paid.sum() == pytest.approx(161_000)
    # the 5,000 top-up is owed, recovered from later cash above the draw (carried into the next year)
    assert one(stmt, period="2024-Q4", line="balance", component="draw balance")["balance"] == 5_000.00


# ---------------------------------------------------------------------------------------
# 3. One plan gate, one answer under a true-up


def test_plan_gate_is_re_tested_on_the_year_for_bonus_and_commission_alike():
    goals = {"rev": "revenue", "bk": "bookings"}
    sc = make_scenario({"goals": goals, "roles": {"vp": {
        "measurement_period": "quarterly", "true_up": "annual", "gates": [{"goal": "rev", "min_attainment": 90}],
        "components": [{"name": "Revenue", "goal": "rev"},
                       {"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 40_000,
                        "tiers": [{"start": 0, "rate": 10}]}]}}})
    revenue = [80_000] * 3 + [110_000] * 9  # Q1 80%, Q2-Q4 110%: year 1,230,000 / 1,200,000 = 102.5%
    _, stmt = run_case(sc, perf(months(12), {"revenue": revenue, "bookings": 100_000 / 3},
                                {"rev": 100_000, "bk": 100_000 / 3}))
    # Q1: the gate (80% < 90%) closes both: bonus 0, commission 0; Q2-Q4: bonus 110% x 30,000 = 33,000,
    # commission 10% x 100,000 = 10,000
    assert earned_c(stmt, "2024-Q1", "Revenue") == 0 and earned_c(stmt, "2024-Q1", "Commission") == 0
    # the year re-measured at 102.5% passes the gate: bonus 102.5% x 120,000 = 123,000 - 99,000 = 24,000;
    # commission 4 x 10,000 = 40,000 before gates, gate open on the year, less 30,000 advanced = 10,000
    assert earned_c(stmt, "2024-Q4", "Revenue", line="true-up") == 2_400_000
    assert earned_c(stmt, "2024-Q4", "Commission", line="true-up") == 1_000_000
    trace = one(stmt, period="2024-Q4", component="Commission", line="true-up")["trace"]
    assert "gate Revenue 102.5% vs 90% open" in trace and trace.endswith("= $10,000.00")


def test_plan_gate_under_ytd_is_tested_on_the_year_to_date():
    goals = {"rev": "revenue", "bk": "bookings"}
    sc = make_scenario({"goals": goals, "roles": {"vp": {
        "measurement_period": "quarterly", "true_up": "ytd", "gates": [{"goal": "rev", "min_attainment": 90}],
        "target_incentive": 0,
        "components": [{"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 40_000,
                        "tiers": [{"start": 0, "rate": 10}]}]}}})
    revenue = [80_000] * 3 + [110_000] * 9
    _, stmt = run_case(sc, perf(months(12), {"revenue": revenue, "bookings": 100_000 / 3},
                                {"rev": 100_000, "bk": 100_000 / 3}))
    # Q1 YTD 80%: closed, 0. Q2 YTD (240 + 330) / 600 = 95%: open, to date 20,000 -> 20,000 this quarter
    assert [earned_c(stmt, q, "Commission") for q in QUARTERS] == [0, 2_000_000, 1_000_000, 1_000_000]


# ---------------------------------------------------------------------------------------
# 4. Open years say so; balances are visible


def test_an_open_year_is_marked_and_shows_what_is_held():
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, measurement_period="quarterly", true_up="annual",
                  holdback_pct=10)
    result, stmt = run_case(sc, perf(months(15), {"revenue": 100_000}, {"rev": 100_000}))  # to 2025-03
    from comp_models import annual_summary
    summary = annual_summary(result, stmt).set_index("year")
    assert summary.loc[2024, "year_status"] == "closed" and summary.loc[2025, "year_status"] == "open"
    # 2025-Q1 earns 30,000 at 100%; 10% held, not released in an open year: paid 27,000, held 3,000
    assert summary.loc[2025, "earned"] == 30_000.00 and summary.loc[2025, "paid"] == 27_000.00
    assert summary.loc[2025, "held"] == 3_000.00
    assert one(stmt, period="2025-Q1", line="balance", component="held")["balance"] == 3_000.00
    assert set(stmt.loc[stmt["year"] == 2025, "year_status"]) == {"open"}
    assert rows(stmt, period="2025-Q1", line="true-up").empty
    header = statement_csv(stmt).decode("utf-8-sig").splitlines()[0]
    assert "year_status" in header.split(",") and "balance" in header.split(",")


def test_installments_after_the_history_are_shown_as_deferred():
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, measurement_period="quarterly", installments=2)
    result, stmt = run_case(sc, perf(months(12), {"revenue": 100_000}, {"rev": 100_000}))
    from comp_models import annual_summary
    row = annual_summary(result, stmt).iloc[0]
    # 4 x 30,000 earned; each paid half now, half next quarter: Q4's second half (15,000) falls after the history
    assert row["earned"] == 120_000.00 and row["paid"] == 105_000.00 and row["deferred"] == 15_000.00


def test_plan_summary_examples_use_the_whole_years_targets():
    goals = {"bk": {"metric": "bookings", "label": "Bookings"}}
    sc = make_scenario({"goals": goals, "roles": {"vp": {"target_incentive": 0, "components": [
        {"kind": "commission", "name": "Commission", "goal": "bk", "tier_basis": "attainment", "accumulate": "year",
         "tier_mode": "marginal", "tiers": [{"start": 0, "rate": 2}, {"start": 100, "rate": 4}]}]}}})
    annual = {("bookings", 2025): 12_000_000}
    ex = example_payouts(sc, "vp", year_monthly_targets(sc, annual, 2025)).set_index("component")
    # at 100% of the whole year's 12,000,000: 2% x 12,000,000 = 240,000.00, whatever months a history covers
    assert ex.loc["Commission", "at 100%"] == 240_000.00
    assert ex.loc["% of target variable", "at 100%"] == pytest.approx(100.0)


# ---------------------------------------------------------------------------------------
# 5. Installments and draws


def test_more_installments_than_periods_in_a_year_spread_across_years():
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, measurement_period="annual", installments=5)
    result, stmt = run_case(sc, perf(months(24), {"revenue": 100_000}, {"rev": 100_000}))
    # each year earns 120,000, paid in fifths of 24,000: 2024 pays 24,000; 2025 pays 24,000 + 24,000
    assert paid_c(stmt, "2024") == 2_400_000 and paid_c(stmt, "2025") == 4_800_000
    assert result.roles["vp"].ledger.deferred[0, -1] == pytest.approx(240_000 - 72_000)


def test_a_non_recoverable_draw_holds_in_cash_with_installments():
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, installments=3,
                  draw={"amount": 10_000, "recoverable": False})
    _, stmt = run_case(sc, perf(months(3), {"revenue": [30_000, 0, 0]}, {"rev": 100_000}))
    # Jan earns 3,000 (30%), spread 1,000 / 1,000 / 1,000: each month's cash 1,000, topped up by 9,000
    assert [paid_c(stmt, m) for m in months(3)] == [1_000_000] * 3
    assert [cents(stmt, "paid", period=m, component="draw top-up") for m in months(3)] == [900_000] * 3


# ---------------------------------------------------------------------------------------
# 6. On-target commission comes from the tier table unless stated


def test_on_target_commission_is_the_tier_table_at_100_percent_of_each_years_target():
    goals = {"bk": "bookings"}
    sc = make_scenario({"goals": goals, "roles": {"vp": {"target_incentive": 0, "measurement_period": "quarterly",
        "components": [{"kind": "commission", "name": "Commission", "goal": "bk", "tier_basis": "attainment",
                        "accumulate": "year", "tiers": [{"start": 0, "rate": 1.5}, {"start": 100, "rate": 2.5}]}]}}})
    targets = [1_000_000] * 12 + [2_000_000] * 12  # 12,000,000 in 2024, 24,000,000 in 2025
    result, _ = run_case(sc, perf(months(24), {"bookings": 1_000_000}, {"bk": targets}))
    rr = result.roles["vp"]
    # at exactly 100%: 1.5% x 12,000,000 = 180,000 in 2024; 1.5% x 24,000,000 = 360,000 in 2025
    assert rr.year_target_variable == {2024: 180_000.0, 2025: 360_000.0}
    assert rr.target_variable[:4].sum() == 180_000.0


def test_a_stated_on_target_commission_far_from_the_table_is_warned_with_both_figures():
    from comp_models.engine import target_earnings_warnings
    goals = {"bk": "bookings"}
    sc = make_scenario({"goals": goals, "roles": {"vp": {"target_incentive": 0, "components": [
        {"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 300_000,
         "tier_basis": "attainment", "accumulate": "year", "tiers": [{"start": 0, "rate": 1.5}]}]}}})
    pf = perf(months(12), {"bookings": 1_000_000}, {"bk": 1_000_000})
    warnings = target_earnings_warnings(sc, pf)
    # the table at 100% pays 1.5% x 12,000,000 = 180,000, 40% below the stated 300,000
    assert len(warnings) == 1
    text = str(warnings[0])
    assert "300,000.00" in text and "180,000.00" in text and "2024" in text


# ---------------------------------------------------------------------------------------
# 8. Spend against a budget: on budget pays, under-spend never pays more


@pytest.mark.parametrize("spend, attainment", [(0, 100.0), (50_000, 100.0), (101_000, 100.0), (102_000, 100.0),
                                               (110_000, 92.0), (200_000, 2.0), (300_000, 0.0)])
def test_budget_goal(spend, attainment):
    goals = {"sp": {"metric": "marketing_spend", "label": "Spend", "direction": "budget"}}
    sc = one_role([{"name": "Spend", "goal": "sp"}], goals)
    _, stmt = run_case(sc, perf(months(1), {"marketing_spend": [spend]}, {"sp": 100_000}))
    # within budget + 2 points: 100%; above, each point over 102% takes a point away (110% -> 92%)
    assert one(stmt, period="2024-01", component="Spend")["attainment"] == pytest.approx(attainment)


# ---------------------------------------------------------------------------------------
# 10. Cents: rounded once, half up, and every trace ends on its line's cents


def test_a_half_cent_rounds_up_and_the_trace_ends_on_the_line():
    sc = one_role([{"name": "Revenue", "goal": "rev"}], REV, target_incentive=12.06)
    # 100% of 12.06 / 12 = 1.005 a month: half a cent -> 1.01 (half up; half-to-even would give 1.00)
    _, stmt = run_case(sc, perf(months(1), {"revenue": [100_000]}, {"rev": 100_000}))
    row = one(stmt, period="2024-01", component="Revenue")
    assert row["earned"] == 1.01
    assert row["trace"].endswith("= $1.01")


def test_every_trace_ends_on_its_lines_exact_cents(presets, history, annual):
    from comp_models import performance, replay, statement
    money = re.compile(r"= (-?)\$([\d,]+\.\d\d)\b")  # the scenario's currency (USD)
    for name, sc in presets.items():
        stmt = statement(replay(sc, performance(sc, history, annual)))
        lines = stmt[stmt["line"].isin(["component", "plan", "true-up"])]
        for row in lines.itertuples():
            found = money.findall(row.trace)
            assert found, (name, row.trace)
            assert float(found[-1][0] + found[-1][1].replace(",", "")) == row.earned, (name, row.period, row.component, row.trace)


# ---------------------------------------------------------------------------------------
# 11. Money bounds


def test_amounts_beyond_exact_cents_are_refused():
    with pytest.raises(InputError, match="beyond the largest amount"):
        one_role([{"name": "Revenue", "goal": "rev"}], REV, target_incentive=1e17)
    csv = b"month,revenue\n2024-01,1e308\n"
    with pytest.raises(InputError, match="row 2, column revenue: is beyond"):
        parse_history(csv, "h.csv", required=["revenue"])


# ---------------------------------------------------------------------------------------
# 12. Deal-level reversals: adjustments and de-bookings


def test_cancelled_deal_claw_back_as_an_adjustment_line():
    goals = {"bk": "bookings"}
    sc = make_scenario({"goals": goals, "roles": {"vp": {"target_incentive": 0, "components": [
        {"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 10_000,
         "tiers": [{"start": 0, "rate": 10}]}]}},
        "adjustments": [{"month": "2024-03", "role": "vp", "component": "Commission", "amount": -10_000,
                         "share_pct": 50, "reason": "deal 1042 cancelled: half the commission clawed back"}]})
    # Jan books 100,000: 10% = 10,000 commission; March: the deal is cancelled, 50% of 10,000 is recovered
    _, stmt = run_case(sc, perf(months(3), {"bookings": [100_000, 0, 0]}, {"bk": 100_000}))
    adj = one(stmt, period="2024-03", line="adjustment")
    assert adj["paid"] == -5_000.00 and adj["earned"] == 0.0
    assert "deal 1042 cancelled" in adj["trace"] and adj["trace"].endswith("= -$5,000.00")
    assert [paid_c(stmt, m) for m in months(3)] == [1_000_000, 0, -500_000]


def test_an_adjustment_outside_the_history_is_refused():
    sc = make_scenario({"goals": REV, "roles": {"vp": {"components": [{"name": "Revenue", "goal": "rev"}]}},
                        "adjustments": [{"month": "2030-01", "role": "vp", "amount": 100, "reason": "late"}]})
    with pytest.raises(InputError, match=r"adjustments\[0\].month"):
        run_case(sc, perf(months(3), {"revenue": 100_000}, {"rev": 100_000}))


def test_a_de_booking_in_a_cumulative_window_earns_negative_commission():
    goals = {"bk": "bookings"}
    sc = make_scenario({"goals": goals, "roles": {"vp": {"target_incentive": 0, "components": [
        {"kind": "commission", "name": "Commission", "goal": "bk", "target_earnings": 10_000, "accumulate": "quarter",
         "tiers": [{"start": 0, "rate": 10}]}]}}})
    _, stmt = run_case(sc, perf(months(3), {"bookings": [100_000, -40_000, 0]}, {"bk": 100_000}))
    # Jan: C(100,000) = 10,000; Feb: C(60,000) - C(100,000) = 6,000 - 10,000 = -4,000 (a de-booking)
    assert [earned_c(stmt, m, "Commission") for m in months(3)] == [1_000_000, -400_000, 0]
    # the ledger never charges negative earnings in-year: Feb pays 0 and carries -4,000 (no claw-back set)
    assert paid_c(stmt, "2024-02") == 0


def test_negative_bookings_are_read_but_negative_counts_are_not():
    ok = parse_history(b"month,bookings\n2024-01,-1500\n", "h.csv", required=["bookings"])
    assert ok.column("bookings")[0] == -1500.0
    with pytest.raises(InputError, match="mqls cannot be negative"):
        parse_history(b"month,mqls\n2024-01,-3\n", "h.csv", required=["mqls"])


def test_resolve_targets_unchanged_for_a_year_without_overrides():
    sc = make_scenario({"goals": {"rev": {"metric": "revenue", "annual_targets": {"2024": 1_200_000}}},
                        "roles": {"vp": {"components": [{"name": "Revenue", "goal": "rev"}]}}})
    t = resolve_targets(sc, months(12), {})
    assert np.allclose(t["rev"], 100_000.0)
    assert isinstance(Performance(months(12), {}, t), Performance)


def test_round_cents_in_place_matches_the_documented_formula():
    """round_cents works in place on arrays; it must equal sign(y)·floor(|y| + 0.5)/100, y = round(100x, 4),
    element by element and for scalars, NaN kept."""
    import math

    from comp_models.engine.rounding import round_cents

    xs = [0.005, -0.005, 0.015, 1.005, -1.005, 2.675, 1234.565, -0.0049999, 0.0, -0.0, 10.0 / 3, math.nan]

    def documented(x: float) -> float:
        if math.isnan(x):
            return x
        y = round(100 * x, 4)
        return math.copysign(math.floor(abs(y) + 0.5), y) / 100

    got = round_cents(np.array(xs))
    for x, g in zip(xs, got.tolist()):
        want = documented(x)
        assert (math.isnan(g) and math.isnan(want)) or g == want, (x, g, want)
        s = round_cents(x)
        assert (math.isnan(s) and math.isnan(want)) or s == want, (x, s, want)
    assert round_cents(np.array([[0.125, -0.125]])).shape == (1, 2)
    into = np.array(xs)
    assert round_cents(into, out=into) is into  # in place, as the engine rounds a component's line
    np.testing.assert_array_equal(into, got)


@pytest.mark.parametrize("lines", range(0, 11))
def test_line_total_is_the_numpy_sum_bit_for_bit(lines):
    """line_total adds a period's lines as whole arrays; it must equal values.sum(axis=-1) to the bit, on
    cent amounts of mixed sign and on arbitrary floats, contiguous or a component-major view."""
    from comp_models.engine.replay import line_total

    rng = np.random.default_rng(lines)
    cents = np.round(rng.normal(0, 5e4, size=(300, 4, lines)), 2)
    noise = rng.random((300, 4, lines)) * 10.0 ** rng.integers(-3, 7, size=(300, 4, lines))
    view = np.ascontiguousarray(cents.transpose(2, 0, 1)).transpose(1, 2, 0)  # (S, W, K) over (K, S, W) memory
    for a in (cents, noise, view):
        assert line_total(a).tobytes() == a.sum(axis=-1).tobytes()
