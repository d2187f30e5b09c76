"""Per-period and per-year tables: sums of the statement's integer cents, in the statement's order."""

from __future__ import annotations

import pandas as pd
import pytest

from comp_models import annual_summary, period_table, preset_paths, run, statement


def test_period_table_by_hand():
    # two roles' lines interleaved; earned counts earned lines only, paid every line (a draw, a holdback)
    stmt = pd.DataFrame({
        "role": ["b", "a", "b", "a", "b", "a"],
        "year": [2025, 2025, 2025, 2025, 2025, 2026],
        "period": ["Q1", "Q1", "Q1", "Q2", "Q2", "Q1"],
        "_cents": [10_001, 250, -2_000, 33, 5, 7],
        "_earned": [True, True, False, True, True, True],
    })
    got = period_table(stmt)
    assert got[["role", "year", "period"]].values.tolist() == [
        ["b", 2025, "Q1"], ["a", 2025, "Q1"], ["a", 2025, "Q2"], ["b", 2025, "Q2"], ["a", 2026, "Q1"]]
    assert got["earned"].tolist() == [100.01, 2.5, 0.33, 0.05, 0.07]
    assert got["paid"].tolist() == [80.01, 2.5, 0.33, 0.05, 0.07]
    assert period_table(stmt.iloc[0:0]).columns.tolist() == ["role", "year", "period", "earned", "paid"]


@pytest.mark.parametrize("preset", sorted(preset_paths()))
def test_every_table_adds_the_statements_cents(preset):
    _, _, result = run(preset_paths()[preset])
    stmt = statement(result)
    per = period_table(stmt)
    summary = annual_summary(result, stmt)
    for (role, year), lines in stmt.groupby(["role", "year"], sort=False):  # written out again with pandas
        paid_c = int(lines["_cents"].sum())
        earned_c = int(lines.loc[lines["_earned"], "_cents"].sum())
        spiff_c = int(lines.loc[lines["line"] == "spiff", "_cents"].sum())
        row = summary[(summary["role"] == role) & (summary["year"] == year)].iloc[0]
        assert round(row["paid"] * 100) == paid_c and round(row["spiffs"] * 100) == spiff_c
        assert round(row["earned"] * 100) == earned_c - spiff_c
        mine = per[(per["role"] == role) & (per["year"] == year)]
        assert round(mine["paid"].sum() * 100) == paid_c and round(mine["earned"].sum() * 100) == earned_c
    assert list(zip(summary["role"], summary["year"])) == list(dict.fromkeys(zip(stmt["role"], stmt["year"])))
