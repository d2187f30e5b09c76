"""Adjustments files (docs/money.md §10): read, checked against the scenario, replayed as lines."""

from __future__ import annotations

import pytest

from comp_models import InputError, load_scenario, preset_paths, statement
from comp_models.data import parse_adjustments, run, with_adjustments

GOOD = (b"month,role,component,amount,share_pct,reason\n"
        b"2024-03,vp_sales,Bookings commission,-10000,50,deal 1042 cancelled\n"
        b"2024-05,vp_marketing,,2500,,joint launch award\n")


def test_an_adjustments_file_becomes_named_statement_lines(tmp_path):
    path = tmp_path / "adj.csv"
    path.write_bytes(GOOD)
    _, _, result = run(preset_paths()["siloed"], adjustments_path=path)
    stmt = statement(result)
    lines = stmt[stmt["line"] == "adjustment"].set_index("role")
    # -10,000 x 50% = -5,000.00 in 2024-Q1 (March); 2,500.00 (share defaults to 100%) on the plan in 2024-Q2
    assert lines.loc["vp_sales", "paid"] == -5_000.00 and lines.loc["vp_sales", "period"] == "2024-Q1"
    assert lines.loc["vp_marketing", "paid"] == 2_500.00 and lines.loc["vp_marketing", "component"] == "plan"
    assert "joint launch award" in lines.loc["vp_marketing", "trace"]


def test_problems_are_named_by_row_and_column():
    with pytest.raises(InputError) as exc:
        parse_adjustments(b"month,role,amount\n2024-03,vp_sales,-10000\n", "adj.csv")
    assert "adj.csv: column reason: is missing" in str(exc.value)
    with pytest.raises(InputError, match=r"row 2, column amount: 'ten' is not a number"):
        parse_adjustments(b"month,role,amount,reason\n2024-03,vp_sales,ten,x\n", "adj.csv")
    bad_role = parse_adjustments(b"month,role,amount,reason\n2024-03,vp_sale,-1,x\n", "adj.csv")
    with pytest.raises(InputError, match=r"adjustments\[0\]\.role: unknown role 'vp_sale'"):
        with_adjustments(load_scenario(preset_paths()["siloed"]), bad_role, "adj.csv")
