"""Hand-worked examples, asserted to the cent: target resolution: annual targets split by profiles, explicit monthly tables, target_pct, targets files.

Every expected amount is worked out by hand in the comment above its assertion. Unless a
test says otherwise (see tests/helpers.py): monthly measurement, no true-up, target incentive
120,000 a year = 10,000 a month = 30,000 a quarter, and the LINEAR curve (payout % =
attainment %). Amounts are compared as integer cents from the statement's `_cents`.
"""


from __future__ import annotations

import numpy as np
import pytest

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
