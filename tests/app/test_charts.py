"""Chart builders: pure functions, checked through to_dict()."""

from __future__ import annotations

import pandas as pd
import pytest

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


def test_tier_preview_draws_the_table_it_is_given():
    # marginal 5% to 1,000,000 then 10%: at 1,500,000 the commission is 50,000 + 50,000 = 100,000
    tiers = [{"start": 0, "rate": 5}, {"start": 1_000_000, "rate": 10}]
    spec = charts.tier_preview(tiers, "marginal", "amount", None, 1_000_000.0).to_dict()
    values = spec["datasets"][spec["layer"][0]["data"]["name"]]
    at = {round(v["x"]): v["y"] for v in values}
    assert at[1_500_000] == pytest.approx(100_000.0)
    assert at[0] == 0.0
    rules = spec["datasets"][spec["layer"][1]["data"]["name"]]
    assert [r["x"] for r in rules] == [0.0, 1_000_000.0]  # a rule at each tier start


def test_tier_preview_by_attainment_reads_the_window_target_and_marks_this_year():
    # retroactive 2% below 100% of a 2,000,000 target, 3% from it: at 100% the whole 2,000,000 earns 3% = 60,000
    tiers = [{"start": 0, "rate": 2}, {"start": 100, "rate": 3}]
    spec = charts.tier_preview(tiers, "retroactive", "attainment", None, 2_000_000.0, marked=96.0).to_dict()
    values = spec["datasets"][spec["layer"][0]["data"]["name"]]
    at = {round(v["x"], 4): v["y"] for v in values}
    assert at[100.0] == pytest.approx(60_000.0)
    assert "$2,000,000" in spec["title"]["text"]
    assert spec["layer"][-1]["mark"]["color"] == "red"


def test_matrix_preview_labels_every_cell_and_outlines_this_years_cell():
    spec = charts.matrix_preview([85, 100, 115], [85, 100, 115], [[40, 60, 80], [60, 100, 130], [80, 130, 175]],
                                 "Pipeline", "Lead quality", marked=(104.0, 117.0)).to_dict()
    cells = spec["datasets"][spec["layer"][0]["data"]["name"]]
    assert len(cells) == 9 and {c["payout"] for c in cells} >= {40, 175}
    hit = spec["datasets"][spec["layer"][-1]["data"]["name"]]
    # pipeline 104% reaches the 100% level, lead quality 117% the 115% level: the 130% cell
    assert [(h["x"], h["y"], h["payout"]) for h in hit] == [("≥ 100%", "≥ 115%", 130)]
    # the grid is drawn on numbers (three bands each way), labelled by level: it cannot collapse to a line
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == [0, 3]
    assert "≥ 115%" in spec["layer"][0]["encoding"]["y"]["axis"]["labelExpr"]
