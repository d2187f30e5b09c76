"""Hand-worked examples, asserted to the cent: target resolution: annual targets split by profiles, explicit monthly tables, target_pct, targets files.

Every expected amount is worked out by hand in the comment above its assertion. Unless a
test says otherwise (see tests/helpers.py): monthly measurement, no true-up, target incentive
120,000 a year = 10,000 a month = 30,000 a quarter, and the LINEAR curve (payout % =
attainment %). Amounts are compared as integer cents from the statement's `_cents`.
"""


from __future__ import annotations

import numpy as np
import pytest

from comp_models import InputError

from comp_models import resolve_targets
from comp_models.engine import Performance

from helpers import (earned_c, make_scenario, months, one, run_case)



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
    # Feb from the explicit table = 80,000; the other 11 months share 1,200,000 - 80,000 = 1,120,000 by
    # their weights (0.95 in all): Jan 1,120,000 x 0.05 / 0.95 = 58,947.37; Mar and Dec x 0.10 / 0.95 = 117,894.74
    assert targets["rev"][:3] == pytest.approx([58_947.368421, 80_000, 117_894.736842])
    assert targets["rev"][11] == pytest.approx(117_894.736842)
    assert targets["rev"].sum() == pytest.approx(1_200_000)  # the annual target holds (issue 8, item 7)
    # a ratio target holds in every month (not split): 0.25 each month
    assert targets["rate"] == pytest.approx([0.25] * 12)
    # Jan 54,000 / 58,947.37 = 91.607% -> 9,160.71; Feb 80,000 / 80,000 -> 10,000.00;
    # Mar 60,000 / 117,894.74 = 50.893% -> 5,089.29
    assert [earned_c(stmt, m) for m in months(3)] == [916_071, 1_000_000, 508_929]


def test_target_pct_scales_every_target():
    sc, targets, (result, stmt) = _targets_case(120)
    # targets x 1.2: Jan 70,736.84; Feb 96,000 (the explicit table is scaled too); Mar 141,473.68
    assert targets["rev"][:3] == pytest.approx([70_736.842105, 96_000, 141_473.684211])
    # Jan 54,000 / 70,736.84 = 76.339% -> 7,633.93; Feb 80/96 = 83.333% -> 8,333.33;
    # Mar 60,000 / 141,473.68 = 42.411% -> 4,241.07
    assert [earned_c(stmt, m) for m in months(3)] == [763_393, 833_333, 424_107]


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


def test_overrides_that_take_the_whole_annual_target_are_refused():
    spec = {"goals": {"rev": {"metric": "revenue", "annual_targets": {"2024": 1_200_000},
                              "period_targets": {"2024-03": 700_000, "2024-04": 500_000}}},
            "roles": {"vp": {"components": [{"name": "Revenue", "goal": "rev"}]}}}
    with pytest.raises(InputError, match="leaves nothing of the annual target"):
        make_scenario(spec)
    # the same overrides against a targets-file annual target are refused when targets are resolved
    spec["goals"]["rev"].pop("annual_targets")
    sc = make_scenario(spec)
    with pytest.raises(InputError, match="leaves nothing of the annual target"):
        resolve_targets(sc, months(12), {("revenue", 2024): 1_000_000})


def test_ratio_target_of_a_period_is_weighted_by_its_denominator():
    """A quarter's cost-per-lead target weights each month's target by that month's MQLs (item 7)."""
    spec = {"goals": {"cpl": {"metric": "cost_per_lead", "annual_targets": {"2024": 50},
                              "period_targets": {"2024-01": 40, "2024-02": 60}}},
            "roles": {"vp": {"components": [{"name": "CPL", "goal": "cpl"}], "measurement_period": "quarterly"}}}
    sc = make_scenario(spec)
    ms = months(3)
    targets = resolve_targets(sc, ms, {})
    pf = Performance(ms, {"marketing_spend": np.array([[40_000.0, 10_000.0, 50_000.0]]),
                          "mqls": np.array([[1_000.0, 100.0, 900.0]])}, targets)
    _, stmt = run_case(sc, pf)
    q1 = one(stmt, period="2024-Q1", component="CPL")
    # target = (40 x 1,000 + 60 x 100 + 50 x 900) / 2,000 = (40,000 + 6,000 + 45,000) / 2,000 = 45.50
    # (the unweighted mean of 40, 60, 50 would be 50); actual = 100,000 / 2,000 = 50
    assert q1["target"] == pytest.approx(45.5)
    assert q1["actual"] == pytest.approx(50.0)
    # lower is better: 200 - 100 x 50 / 45.5 = 90.10989% attainment
    assert q1["attainment"] == pytest.approx(90.10989, abs=1e-5)


def test_a_profile_with_a_zero_month_is_refused_by_validation():
    """validate catches what run refuses (item 7)."""
    prof = [0.0] + [1 / 11] * 11
    with pytest.raises(InputError, match="positive weights"):
        make_scenario({"monthly_profiles": {"p": prof}, "goals": {"rev": {"metric": "revenue", "monthly_profile": "p"}},
                       "roles": {"vp": {"components": [{"name": "Revenue", "goal": "rev"}]}}})


# ---------------------------------------------------------------------------------------
# Goals without monthly overrides: each plan year spread at once (periods.targets._spread)


def test_a_year_without_overrides_spreads_its_target_by_the_profile():
    spec = {"goals": {"rev": {"metric": "revenue", "annual_targets": {"2024": 1_200_000, "2025": 950_000},
                              "monthly_profile": PROFILE, "target_pct": 110},
                      "rate": {"metric": "mql_to_sql_rate", "annual_targets": {"2024": 0.25, "2025": 0.3}}},
            "roles": {"vp": {"components": [{"name": "Revenue", "goal": "rev"}]}}}
    targets = resolve_targets(make_scenario(spec), months(24), {})
    # Σ weights = 1.0: Jan 2024 = 1,200,000 x 0.05 x 1.1 = 66,000; Mar 2025 = 950,000 x 0.10 x 1.1 = 104,500
    assert targets["rev"][0] == pytest.approx(66_000) and targets["rev"][14] == pytest.approx(104_500)
    assert targets["rev"][:12].sum() == pytest.approx(1_320_000)
    assert targets["rev"][12:].sum() == pytest.approx(1_045_000)
    assert targets["rate"].tolist() == [0.25] * 12 + [0.3] * 12  # a ratio's level, every month of its year


@pytest.mark.parametrize("pct", [100, 87.5, 133])
def test_the_spread_is_the_month_by_month_rule_bit_for_bit(pct):
    """A goal whose only override is in a year outside the months asked for goes month by month (the override
    path); the same goal without it is spread at once: the same values in every month."""
    goal = {"metric": "revenue", "annual_targets": {"2024": 1_234_567.89, "2025": 987_654.32},
            "monthly_profile": PROFILE, "target_pct": pct}
    spread = make_scenario({"goals": {"rev": goal}, "roles": {"vp": {"components": [{"name": "R", "goal": "rev"}]}}})
    by_month = make_scenario({"goals": {"rev": {**goal, "annual_targets": {**goal["annual_targets"], "2026": 1e6},
                                                "period_targets": {"2026-05": 10_000}}},
                              "roles": {"vp": {"components": [{"name": "R", "goal": "rev"}]}}})
    a, b = resolve_targets(spread, months(24), {})["rev"], resolve_targets(by_month, months(24), {})["rev"]
    assert a.tobytes() == b.tobytes()
