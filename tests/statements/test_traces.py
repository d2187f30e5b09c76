"""Hand-worked examples, asserted to the cent: traces name every figure; shared goals are a fact of the model.

Every expected amount is worked out by hand in the comment above its assertion. Unless a
test says otherwise (see tests/helpers.py): monthly measurement, no true-up, target incentive
120,000 a year = 10,000 a month = 30,000 a quarter, and the LINEAR curve (payout % =
attainment %). Amounts are compared as integer cents from the statement's `_cents`.
"""


from __future__ import annotations

import pandas as pd
import pytest

from comp_models import explain

from helpers import (REV_PIPE, earned_c, make_scenario, months, one, one_role, perf, run_case)



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
    for fragment in ("Revenue: $82.0k vs target $90.0k = 91.1% attainment",
                     "curve 80%→50%, 100%→100% gives 77.8%",
                     "gate Pipeline 100.0% vs 50% open",
                     "weight 60% of $16,666.67 target incentive = $7,777.78"):
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


def test_traces_write_money_in_the_scenarios_currency():
    from helpers import make_scenario, months, perf, run_case

    sc = make_scenario({"currency": "EUR", "goals": {"rev": "revenue"},
                        "roles": {"vp": {"components": [{"name": "Revenue", "goal": "rev"}]}}})
    _, stmt = run_case(sc, perf(months(1), {"revenue": [-5_000.0]}, {"rev": 100_000}))
    trace = explain(stmt, "vp", "2024-01", "Revenue")
    # a negative actual attains 0%: nothing earned; every amount in euros, a negative one signed before the symbol
    assert "Revenue: -€5,000 vs target €100.0k = 0.0% attainment" in trace
    assert trace.endswith("weight 100% of €10,000.00 target incentive = €0.00")


@pytest.mark.parametrize("preset", ["integrated", "siloed", "shared_revenue", "marketing_serves_sales"])
def test_statement_without_traces_has_the_same_lines_and_summary(presets, history, annual, preset):
    """statement(traces=False), which the app's summaries use when no page shows a trace, differs from the full
    statement only in its empty trace column; the annual summary built from it is the same."""
    from comp_models import annual_summary, performance, replay, statement

    scenario = presets[preset]
    result = replay(scenario, performance(scenario, history, annual))
    full, lean = statement(result), statement(result, traces=False)
    assert (lean["trace"] == "").all() and (full["trace"] != "").all()
    pd.testing.assert_frame_equal(full.drop(columns="trace"), lean.drop(columns="trace"))
    pd.testing.assert_frame_equal(annual_summary(result, full), annual_summary(result, lean))
