"""Scenario comparison counts SPIFFs in cost, apart from the plan's earned (docs/money.md §15)."""

from __future__ import annotations

import pandas as pd
import pytest

from comp_models import load_scenario
from comp_models.reports.compare import compare_scenarios, compare_totals

from pathlib import Path

PRESET = Path(__file__).resolve().parents[2] / "scenarios" / "siloed.toml"


def test_spiffs_are_in_cost_and_apart_from_earned():
    scenario = load_scenario(PRESET)
    role = next(iter(scenario.roles))
    summary = pd.DataFrame([{"role": role, "year": 2024, "earned": 100_000.0, "spiffs": 5_000.0,
                             "target_incentive": 100_000.0},
                            {"role": role, "year": 2025, "earned": 120_000.0, "spiffs": 0.0,
                             "target_incentive": 100_000.0}])
    revenue = pd.Series({2024: 10_000_000.0, 2025: 12_000_000.0})
    table = compare_scenarios({"a": (scenario, summary)}, revenue)
    row = table.iloc[0]
    # earned 110,000 a year on average; SPIFFs 2,500 a year; 110% of target (SPIFFs apart)
    assert row["earned"] == 110_000.0 and row["spiffs"] == 2_500.0 and row["pct_of_target"] == pytest.approx(110.0)
    # cost = (220,000 + 5,000) / 22,000,000 = 1.0227...%
    assert row["cost_pct_of_revenue"] == pytest.approx(100 * 225_000 / 22_000_000)
    assert compare_totals(table).iloc[0]["spiffs_total"] == 2_500.0
