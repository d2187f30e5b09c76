"""Chart builders: pure functions, checked through to_dict()."""

from __future__ import annotations

import pandas as pd

from ui import charts


def test_outcome_chart_marks_plan_and_this_year():
    df = pd.DataFrame({"level": [90.0, 100.0, 90.0, 100.0], "role": ["a", "a", "b", "b"], "title": ["A", "A", "B", "B"],
                       "payout_pct": [80.0, 100.0, 70.0, 100.0]})
    spec = charts.outcome_chart(df, "Company revenue", 102.4).to_dict()
    assert spec["layer"][0]["mark"]["type"] == "line"
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Company revenue: % of target"
    assert len(spec["layer"]) == 4  # lines, 100% payout, 100% outcome, this year


def test_curve_preview_is_zero_below_threshold_and_flat_after_cap():
    spec = charts.curve_preview([[80, 50], [100, 100], [120, 150]], 97.0).to_dict()
    line = spec["layer"][0]
    values = spec["datasets"][line["data"]["name"]]
    ys = [v["y"] for v in values]
    assert ys[0] == 0.0 and ys[1] == 0.0 and ys[-1] == 150.0  # nothing below 80%, flat after 120%
    assert spec["layer"][-1]["mark"]["type"] == "rule"  # this year's attainment


def test_tornado_sorts_levers_by_size():
    table = pd.DataFrame({"label": ["small", "big"], "a_change": [10.0, -500.0], "b_change": [5.0, 100.0]})
    spec = charts.tornado_chart(table, {"a": "A", "b": "B"}).to_dict()
    assert spec["encoding"]["y"]["sort"] == ["big", "small"]
    assert spec["mark"]["type"] == "bar"


def test_money_tooltips_carry_the_currency():
    periods = pd.DataFrame({"role": ["a"], "period": ["2024-Q1"], "earned": [1234.5], "paid": [1234.5]})
    spec = charts.payout_timeline(periods, {"a": "A"}).to_dict()
    tips = {t["field"]: t for t in spec["encoding"]["tooltip"]}
    assert tips["earned"]["format"] == "$,.2f" and tips["earned"]["title"] == "Earned (USD)"
