"""Plan mechanics of issue 10, each worked by hand (docs/money.md §12-15): fiscal years, a history that
starts mid-year, employment dates and proration, termination, plan versions, SPIFFs.

Defaults (tests/helpers.py): target incentive 120,000 a year (10,000 a month, 30,000 a quarter), the
LINEAR curve (payout % = attainment %), monthly targets given explicitly.
"""

from __future__ import annotations

import pytest

from comp_models import InputError, parse_scenario, scenario_to_toml
from comp_models.engine import history_term_warnings

from helpers import cents, earned_c, make_plan, make_scenario, months, one, paid_c, perf, rows, run_case

REV = {"rev": {"metric": "revenue", "label": "Revenue"}}
KINK = [[0, 0], [100, 100], [200, 300]]  # above 100% attainment each point pays two


def _revenue_plan(**plan) -> dict:
    return {"components": [{"name": "Revenue", "goal": "rev", "curve": plan.pop("curve", [[0, 0], [300, 300]])}],
            **plan}


def _by_quarter(values: list[float]) -> list[float]:
    return [v for v in values for _ in range(3)]


# ---------------------------------------------------------------------------------------
# §12 Plan (fiscal) years


def test_a_july_plan_year_is_measured_on_fiscal_quarters_and_trued_up_at_june():
    sc = make_scenario({"goals": REV, "fiscal_year_start": 7,
                        "roles": {"vp": _revenue_plan(curve=KINK, measurement_period="quarterly", true_up="annual")}})
    # FY2025 = 2024-07 .. 2025-06; revenue 90% in FY2025-Q1 (Jul-Sep), 110% in the other quarters
    revenue = _by_quarter([90_000, 110_000, 110_000, 110_000])
    _, stmt = run_case(sc, perf(months(12, "2024-07"), {"revenue": revenue}, {"rev": 100_000}))
    periods = list(dict.fromkeys(stmt["period"]))
    assert periods == ["FY2025-Q1", "FY2025-Q2", "FY2025-Q3", "FY2025-Q4"]
    # Q1: 90% -> 90% x 30,000 = 27,000.00; Q2-Q4: 110% -> 120% x 30,000 = 36,000.00 each
    assert earned_c(stmt, "FY2025-Q1", "Revenue") == 2_700_000
    assert earned_c(stmt, "FY2025-Q3", "Revenue") == 3_600_000
    # the year: 1,260,000 / 1,200,000 = 105% -> 110% x 120,000 = 132,000.00; advances 135,000 -> -3,000.00
    true_up = one(stmt, period="FY2025-Q4", component="Revenue", line="true-up")
    assert round(true_up["earned"] * 100) == -300_000
    assert set(stmt["year"]) == {2025} and set(stmt["year_status"]) == {"closed"}


def test_a_history_that_starts_mid_year_has_a_partial_first_year_with_no_true_up():
    sc = make_scenario({"goals": REV, "roles": {"vp": _revenue_plan(curve=KINK, measurement_period="quarterly",
                                                                     true_up="annual")}})
    # history 2024-05 .. 2025-03: 2024 is partial (May-Dec), 2025 open
    revenue = [110_000] * 8 + [100_000] * 3
    _, stmt = run_case(sc, perf(months(11, "2024-05"), {"revenue": revenue}, {"rev": 100_000}))
    # the first period holds May-Jun: 120% x 120,000 x 2/12 = 24,000.00
    assert earned_c(stmt, "2024-Q2", "Revenue") == 2_400_000
    assert rows(stmt, line="true-up").empty  # 2024 cannot be re-measured on its whole year; 2025 is open
    status = dict(zip(stmt["year"], stmt["year_status"]))
    assert status == {2024: "partial", 2025: "open"}
    assert "not re-measured" in one(stmt, period="2024-Q4", component="Revenue")["trace"]


def test_fiscal_annual_targets_and_objective_scores_use_plan_year_labels():
    sc = make_scenario({"fiscal_year_start": 2, "goals": {
        "rev": {"metric": "revenue", "annual_targets": {"2025": 1_200_000}},
        "launch": {"metric": "objective", "label": "Joint launch", "scoring": {"scored": "quarterly"}}},
        "roles": {"vp": {"measurement_period": "quarterly", "target_incentive": 120_000, "components": [
            {"kind": "objectives", "name": "Launch", "weight": 100, "objectives": [{"goal": "launch", "weight": 100}]}]}},
        "scores": [{"goal": "launch", "period": "FY2025-Q1", "score": 120, "note": "shipped"}]})
    from comp_models import Performance, resolve_targets
    from comp_models.engine import objective_columns
    ms = months(3, "2024-02")  # FY2025-Q1 = Feb-Apr 2024
    targets = resolve_targets(sc, ms, {})
    assert targets["rev"].sum() == pytest.approx(300_000)  # 3/12 of FY2025's 1,200,000
    cols = {"revenue": [[1.0] * 3], **objective_columns(sc, ms)}
    _, stmt = run_case(sc, Performance(ms, {k: __import__("numpy").asarray(v, dtype=float) for k, v in cols.items()},
                                       targets))
    # scored 120% -> 120% x 30,000 = 36,000.00; the trace quotes the CEO
    line = one(stmt, period="FY2025-Q1", component="Launch")
    assert round(line["earned"] * 100) == 3_600_000
    assert "FY2025-Q1 scored 120.0% by the CEO: 'shipped'" in line["trace"]
    with pytest.raises(Exception, match="FY2025-Q3"):
        make_scenario({"fiscal_year_start": 2, "goals": {"launch": {"metric": "objective"}},
                       "roles": {"vp": {"components": [{"kind": "objectives", "name": "L", "weight": 100,
                                                        "objectives": [{"goal": "launch", "weight": 100}]}]}},
                       "scores": [{"goal": "launch", "period": "2025-Q1", "score": 100}]})


# ---------------------------------------------------------------------------------------
# §13 Employment and proration


@pytest.mark.parametrize("proration, may_cents", [("days", 645_161), ("months", 1_000_000)])
def test_a_vp_who_starts_on_the_12th_of_may(proration, may_cents):
    sc = make_scenario({"goals": REV, "employment": {"vp": {"start": "2024-05-12"}},
                        "roles": {"vp": _revenue_plan(proration=proration)}})
    _, stmt = run_case(sc, perf(months(6), {"revenue": 100_000}, {"rev": 100_000}))
    assert list(dict.fromkeys(stmt["period"])) == ["2024-05", "2024-06"]  # nothing before the start
    # days: May 12-31 is 20 of 31 days: 10,000 x 20/31 = 6,451.6129 -> 6,451.61; months: May counts whole
    assert earned_c(stmt, "2024-05", "Revenue") == may_cents
    assert earned_c(stmt, "2024-06", "Revenue") == 1_000_000


@pytest.mark.parametrize("holdback, final_paid", [("forfeit", 1_600_000), ("pay", 3_200_000)])
def test_a_termination_in_august_settles_the_stub_year_and_the_holdback_as_the_plan_says(holdback, final_paid):
    plan = _revenue_plan(measurement_period="quarterly", holdback_pct=20, at_termination={"holdback": holdback})
    sc = make_scenario({"goals": REV, "employment": {"vp": {"end": "2024-08-20"}}, "roles": {"vp": plan}})
    _, stmt = run_case(sc, perf(months(12), {"revenue": 100_000}, {"rev": 100_000}))
    assert list(dict.fromkeys(stmt["period"])) == ["2024-Q1", "2024-Q2", "2024-Q3 (Jul-Aug)"]
    # Q1 earns 30,000, holds 20% of 30,000 = 6,000, pays 24,000; Q2 earns 30,000, holds 12,000 to date,
    # pays 60,000 - 12,000 - 24,000 = 24,000; Q3 (Jul-Aug) earns 2/12 x 120,000 = 20,000 and closes at
    # termination: due = 80,000 - 48,000 = 32,000; forfeit: min(32,000, 20% x 80,000) = 16,000 is lost
    assert earned_c(stmt, "2024-Q3 (Jul-Aug)", "Revenue") == 2_000_000
    assert paid_c(stmt, period="2024-Q1") == 2_400_000
    assert paid_c(stmt, period="2024-Q3 (Jul-Aug)") == final_paid
    forfeited = rows(stmt, period="2024-Q3 (Jul-Aug)", component="holdback forfeited")
    assert (round(forfeited["paid"].sum() * 100) == -1_600_000) == (holdback == "forfeit")
    assert set(stmt["year_status"]) == {"closed"}


@pytest.mark.parametrize("rule, march_paid", [("recover", 0), ("forgive", 1_000_000)])
def test_a_draw_balance_at_termination_is_recovered_or_forgiven(rule, march_paid):
    plan = _revenue_plan(draw={"amount": 10_000}, at_termination={"draw_balance": rule})
    sc = make_scenario({"goals": REV, "employment": {"vp": {"end": "2024-03-31"}}, "roles": {"vp": plan}})
    _, stmt = run_case(sc, perf(months(6), {"revenue": [40_000, 40_000, 120_000, 0, 0, 0]}, {"rev": 100_000}))
    # Jan, Feb earn 4,000 each: topped up by 6,000 each (balance 12,000); March earns 12,000: the 2,000 above
    # the draw recovers 2,000 (balance 10,000). At termination "recover" takes the 10,000 too: March pays
    # 12,000 - 12,000 = 0; "forgive" pays 12,000 - 2,000 = 10,000 and forgives the 10,000. Nothing is owed after.
    assert paid_c(stmt, period="2024-03") == march_paid
    assert set(stmt["period"]) == {"2024-01", "2024-02", "2024-03"}
    assert one(stmt, period="2024-03", component="draw balance")["balance"] == 0


def test_employment_outside_the_history_is_refused_with_the_fix():
    sc = make_scenario({"goals": REV, "employment": {"vp": {"start": "2026-01-01"}}, "roles": {"vp": _revenue_plan()}})
    with pytest.raises(InputError, match="employed in no month"):
        run_case(sc, perf(months(6), {"revenue": 100_000}, {"rev": 100_000}))


# ---------------------------------------------------------------------------------------
# §14 Plan versions


def _versions_scenario(effective: str) -> object:
    v1 = make_plan(_revenue_plan(curve=[[50, 0], [100, 100], [150, 150]], measurement_period="quarterly",
                                 true_up="annual"))
    v2 = _revenue_plan(curve=KINK, measurement_period="quarterly", true_up="annual", target_incentive=240_000,
                       effective_from=effective)
    return make_scenario({"goals": REV, "roles": {"vp": v2}, "earlier_plans": {"vp": [v1]}})


def test_a_plan_change_in_july_settles_each_version_on_its_own_months():
    sc = _versions_scenario("2024-07")
    revenue = _by_quarter([80_000, 120_000, 90_000, 130_000])
    _, stmt = run_case(sc, perf(months(12), {"revenue": revenue}, {"rev": 100_000}))
    # v1 (120,000): Q1 80% -> (80-50)/50 = 60% x 30,000 = 18,000; Q2 120% -> 36,000; H1 re-measured:
    # 600,000 / 600,000 = 100% -> 100% x 60,000 = 60,000, less advances 54,000: true-up +6,000 at Q2
    assert earned_c(stmt, "2024-Q1", "Revenue") == 1_800_000
    assert round(one(stmt, period="2024-Q2", component="Revenue", line="true-up")["earned"] * 100) == 600_000
    # v2 (240,000 from July): Q3 90% -> 90% x 60,000 = 54,000; Q4 130% -> 160% x 60,000 = 96,000; H2:
    # 660,000 / 600,000 = 110% -> 120% x 120,000 = 144,000, less 150,000: true-up -6,000 at Q4
    assert earned_c(stmt, "2024-Q3", "Revenue") == 5_400_000
    assert round(one(stmt, period="2024-Q4", component="Revenue", line="true-up")["earned"] * 100) == -600_000
    assert cents(stmt, "earned") == 20_400_000  # 18 + 36 + 6 + 54 + 96 - 6 thousand
    assert dict(zip(stmt["period"], stmt["version"]))["2024-Q3"] == "2024-07"
    assert "plan from 2024-07" in one(stmt, period="2024-Q3", component="Revenue", line="component")["trace"]


def test_a_plan_change_in_may_cuts_the_quarter():
    sc = _versions_scenario("2024-05")
    _, stmt = run_case(sc, perf(months(12), {"revenue": 100_000}, {"rev": 100_000}))
    periods = list(dict.fromkeys(stmt["period"]))
    assert periods[:4] == ["2024-Q1", "2024-Q2 (Apr)", "2024-Q2 (May-Jun)", "2024-Q3"]
    # Apr under v1: 100% x 10,000; May-Jun under v2: 100% x 240,000 x 2/12 = 40,000
    assert earned_c(stmt, "2024-Q2 (Apr)", "Revenue") == 1_000_000
    assert earned_c(stmt, "2024-Q2 (May-Jun)", "Revenue") == 4_000_000


def test_versions_out_of_order_are_refused():
    with pytest.raises(InputError, match="no later than"):
        sc = _versions_scenario("2024-07")
        data = sc.model_dump(mode="json")
        data["earlier_plans"]["vp"][0]["effective_from"] = "2024-09"
        from comp_models import scenario_from_dict
        scenario_from_dict(data)


# ---------------------------------------------------------------------------------------
# §15 SPIFFs


def _spiff_scenario(**extra) -> object:
    goals = {**REV, "bk": {"metric": "bookings", "label": "New bookings"},
             "la": {"metric": "launches_delivered", "label": "Launches"}}
    spiffs = [{"name": "Joint launch Q3", "roles": ["vp", "vm"], "start": "2024-07", "end": "2024-09", "amount": 5000,
               "goal": "la", "min_actual": 1, "note": "the joint launch"},
              {"name": "New product H1", "roles": ["vp"], "start": "2024-01", "end": "2024-06", "rate_pct": 1,
               "goal": "bk"}]
    return make_scenario({"goals": goals, "spiffs": spiffs, **extra,
                          "roles": {"vp": _revenue_plan(measurement_period="quarterly", holdback_pct=50),
                                    "vm": _revenue_plan(measurement_period="quarterly")}})


@pytest.mark.parametrize("launches, award", [(1, 500_000), (0, 0)])
def test_spiffs_pay_outside_the_weights_and_the_holdback(launches, award):
    sc = _spiff_scenario()
    cols = {"revenue": 100_000, "bookings": 500_000, "launches_delivered": [0] * 7 + [launches] + [0] * 4}
    _, stmt = run_case(sc, perf(months(12), cols, {"rev": 100_000, "bk": 500_000, "la": 0.1}))
    # 1% of H1 bookings 6 x 500,000 = 3,000,000 -> 30,000.00, paid to vp in 2024-Q2 (holding June), whole
    h1 = one(stmt, role="vp", period="2024-Q2", line="spiff")
    assert round(h1["earned"] * 100) == round(h1["paid"] * 100) == 3_000_000
    # the launch award: 5,000.00 to each role in 2024-Q3 when one launch is delivered in Jul-Sep, else 0
    for role in ("vp", "vm"):
        assert round(one(stmt, role=role, period="2024-Q3", line="spiff")["paid"] * 100) == award
    # vp's Q2 pays: earned 60,000 to date, 50% held (30,000), 15,000 paid in Q1 -> 15,000; plus the SPIFF 30,000
    assert paid_c(stmt, role="vp", period="2024-Q2") == 1_500_000 + 3_000_000


def test_a_spiff_window_after_the_history_is_pending_and_said():
    sc = _spiff_scenario()
    cols = {"revenue": 100_000, "bookings": 500_000, "launches_delivered": 0}
    pf = perf(months(8), cols, {"rev": 100_000, "bk": 500_000, "la": 0.1})
    _, stmt = run_case(sc, pf)
    assert rows(stmt, component="Joint launch Q3").empty
    warnings = history_term_warnings(sc, pf.months)
    assert any("Joint launch Q3" in w.problem and "pending" in w.problem for w in warnings)


# ---------------------------------------------------------------------------------------
# Round trip


def test_every_new_field_round_trips_through_the_scenario_file():
    data = _versions_scenario("2024-07").model_dump(mode="json")
    data["fiscal_year_start"] = 4
    data["goals"]["la"] = {"metric": "launches_delivered", "label": "Launches"}
    data["spiffs"] = [_spiff_scenario().spiffs[0].model_dump(mode="json")]
    data["employment"] = {"vp": {"start": "2024-02-15", "end": "2025-01-31"}}
    data["spiffs"][0]["roles"] = ["vp"]
    data["roles"]["vp"]["proration"] = "days"
    data["roles"]["vp"]["at_termination"] = {"holdback": "pay", "draw_balance": "recover"}
    from comp_models import scenario_from_dict
    sc = scenario_from_dict(data)
    text = scenario_to_toml(sc)
    again = parse_scenario(text.encode())
    assert again == sc
    assert "schema_version = 4" in text and "[[earlier_plans.vp]]" in text


def test_a_spiff_has_its_own_section_on_the_payslip_and_in_the_annual_summary():
    from comp_models.statements import annual_summary
    from comp_models.statements.payslip import payslip
    sc = _spiff_scenario()
    cols = {"revenue": 100_000, "bookings": 500_000, "launches_delivered": [0] * 7 + [1] + [0] * 4}
    result, stmt = run_case(sc, perf(months(12), cols, {"rev": 100_000, "bk": 500_000, "la": 0.1}))
    slip = payslip(stmt, "vm", "2024-Q3")
    spiff = slip.lines[slip.lines["section"] == "SPIFFs (outside the plan)"]
    assert spiff["item"].tolist() == ["Joint launch Q3"] and spiff["period"].tolist() == [5_000.0]
    # vm earns 30,000 in Q3 on the plan; the SPIFF is apart from it and in the cash
    assert slip.totals["period"] == {"earned": 30_000.0, "spiffs": 5_000.0, "adjustments": 0.0, "paid": 35_000.0}
    summary = annual_summary(result, stmt).set_index("role")
    # vm: 120,000 earned on 120,000 target = 100% (the 5,000 SPIFF is not in % of target); vp: 30,000 + 5,000
    assert summary.loc["vm", "earned"] == 120_000.0 and summary.loc["vm", "pct_of_target"] == 100.0
    assert summary.loc["vm", "spiffs"] == 5_000.0 and summary.loc["vp", "spiffs"] == 35_000.0


def test_a_missing_plan_year_target_names_the_plan_years_months():
    from comp_models import resolve_targets
    sc = make_scenario({"fiscal_year_start": 2, "goals": {"rev": {"metric": "revenue", "annual_targets": {"2025": 1}}},
                        "roles": {"vp": _revenue_plan()}})
    with pytest.raises(InputError, match=r"in 2026 \(plan years: FY2026 = 2025-02 to 2026-01; annual targets are per "
                                         r"plan year\)\. Fix: add annual_targets for 2026 to goals\.rev"):
        resolve_targets(sc, months(3, "2025-01"), {})



def test_a_draw_forgiven_at_year_end_is_not_forgiven_at_a_plan_change():
    # Jan-Jun under v1; v2 takes effect in July, after the history: June closes v1's span, not the plan year
    draw = {"amount": 10_000, "forgive_at_year_end": True}
    v1 = make_plan(_revenue_plan(draw=draw))
    v2 = _revenue_plan(draw=draw, effective_from="2024-07")
    sc = make_scenario({"goals": REV, "roles": {"vp": v2}, "earlier_plans": {"vp": [v1]}})
    _, stmt = run_case(sc, perf(months(6), {"revenue": 40_000}, {"rev": 100_000}))
    # each month earns 4,000 and is topped up by 6,000: 36,000 owed after June, carried into July
    assert one(stmt, period="2024-06", component="draw balance")["balance"] == 36_000.0
