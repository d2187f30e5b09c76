"""Hand-worked examples, asserted to the cent: conditions across goals: gates, conditional caps, the joint upside rule, the matrix, multiplier and plan cap.

Every expected amount is worked out by hand in the comment above its assertion. Unless a
test says otherwise (see tests/helpers.py): monthly measurement, no true-up, target incentive
120,000 a year = 10,000 a month = 30,000 a quarter, and the LINEAR curve (payout % =
attainment %). Amounts are compared as integer cents from the statement's `_cents`.
"""


from __future__ import annotations



from helpers import (REV, REV_PIPE, cents, earned_c, make_scenario, months, one, one_role, perf, run_case)



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
    mult = [earned_c(stmt, m, "multiplier", line="plan") for m in months(3)]
    assert mult == [100_000, -200_000, 200_000]
    assert [cents(stmt, "earned", period=m) for m in months(3)] == [1_100_000, 800_000, 1_200_000]
    assert "gives ×1.1000 on components $10,000.00 = $1,000.00" in one(stmt, period="2024-01",
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
    assert earned_c(stmt, "2024-01", "plan cap", "bonus", line="plan") == -500_000
    assert cents(stmt, "earned", role="bonus", period="2024-01") == 1_500_000
    # bonus, Feb: 12,000 under the cap -> cap line 0.00
    assert earned_c(stmt, "2024-02", "plan cap", "bonus", line="plan") == 0
    # mixed, Jan: 20,000 bonus + 10% x 100,000 = 10,000 commission = 30,000;
    # target variable (120,000 + 60,000) / 12 = 15,000; cap 150% = 22,500 -> cap line -7,500.00
    assert earned_c(stmt, "2024-01", "plan cap", "mixed", line="plan") == -750_000
    assert cents(stmt, "earned", role="mixed", period="2024-01") == 2_250_000
    assert ("plan cap 2024-01: 150% of target variable = $22,500.00; amount above it removed = -$7,500.00"
            in one(stmt, role="mixed", period="2024-01", component="plan cap")["trace"])
