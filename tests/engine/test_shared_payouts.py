"""A component paying on the same curve and conditions as another reads the same payout % (`Windows.payout_pct`):
a shared goal in both plans, or the same plan with other weights. Hand-worked, to the cent: the second plan
differs from the first in one thing that changes its payout %, so a payout % taken from the wrong plan shows.

Two roles, one month: revenue 120,000 against 100,000 (120%), pipeline 90,000 against 100,000 (90%). Each plan's
target incentive is 10,000 a month (tests/helpers.py); role a pays 100% of it on revenue by the LINEAR curve
(120% -> 12,000.00), role b half of it on revenue, with the change named in each case, and half on pipeline by
the LINEAR curve (4,500.00, nothing under a plan gate).
"""

from __future__ import annotations

import numpy as np
import pytest

from comp_models.engine import Windows, year_totals
from comp_models.engine import windows as windows_module
from comp_models.plans import plan_goal_refs
from helpers import LINEAR, REV_PIPE, earned_c, make_scenario, months, perf, run_case

A = {"name": "Revenue", "goal": "rev", "weight": 100}
B = {"name": "Revenue", "goal": "rev", "weight": 50}
PIPELINE = {"name": "Pipeline", "goal": "pipe", "weight": 50}  # b's other half: 90% x 50% x 10,000 = 4,500.00

CASES = {
    # the same curve and conditions: 120% x 50% x 10,000
    "same": ({}, {}, 600_000),
    # a plan gate on pipeline >= 95%: 90% misses it, nothing paid
    "plan gate": ({"gates": [{"goal": "pipe", "min_attainment": 95}]}, {}, 0),
    # the component's own gate, the same
    "component gate": ({}, {"gates": [{"goal": "pipe", "min_attainment": 95}]}, 0),
    # capped at 100% unless pipeline reaches 100%: 100% x 50% x 10,000
    "conditional cap": ({}, {"conditional_caps": [{"goal": "pipe", "min_attainment": 100, "cap": 100}]}, 500_000),
    # above 100% only if pipeline reaches 100%: the same 5,000.00
    "upside rule": ({}, {"upside_requires": ["pipe"]}, 500_000),
    # another curve: 120% on [100, 100] -> [200, 150] pays 110%: 110% x 50% x 10,000
    "curve": ({}, {"curve": [[0, 0], [100, 100], [200, 150]]}, 550_000),
}


def _scenario(plan_b: dict, comp_b: dict, b_first: bool):
    roles = {"a": {"components": [dict(A)]}, "b": {"components": [{**B, **comp_b}, dict(PIPELINE)], **plan_b}}
    if b_first:
        roles = {"b": roles["b"], "a": roles["a"]}
    return make_scenario({"goals": REV_PIPE, "roles": roles})


def _perf():
    return perf(months(1), {"revenue": [120_000], "pipeline_created": [90_000]}, {"rev": 100_000, "pipe": 100_000})


@pytest.fixture
def keep_all(monkeypatch):
    """Payout % kept for windows of any size (simulated years keep them; a one-month history would not)."""
    monkeypatch.setattr(windows_module, "PAYOUT_KEEP_MIN", 0)


@pytest.mark.parametrize("keep", [True, False], ids=["kept", "not kept"])
@pytest.mark.parametrize("b_first", [False, True], ids=["a first", "b first"])
@pytest.mark.parametrize("case", list(CASES))
def test_each_plan_pays_its_own_payout(case, b_first, keep, monkeypatch):
    if keep:
        monkeypatch.setattr(windows_module, "PAYOUT_KEEP_MIN", 0)
    plan_b, comp_b, b_cents = CASES[case]
    sc = _scenario(plan_b, comp_b, b_first)
    _, stmt = run_case(sc, _perf())
    assert earned_c(stmt, "2024-01", "Revenue", role="a") == 1_200_000
    assert earned_c(stmt, "2024-01", "Revenue", role="b") == b_cents
    # the simulations' path (year totals on one Windows for both roles): the same cents
    totals = year_totals(sc, _perf())
    pipeline = 0 if "gates" in plan_b else 450_000
    assert (round(totals["a"][0, 0] * 100), round(totals["b"][0, 0] * 100)) == (1_200_000, b_cents + pipeline)


def _pct(win: Windows, role: str):
    plan = win.scenario.roles[role]
    start, end = np.array([0]), np.array([1])
    att = {g: win.goal(g, start, end)[2] for g in sorted(plan_goal_refs(plan))}
    return win.payout_pct(plan.components[0], plan, start, end, att)


def test_the_same_curve_and_conditions_are_computed_once_and_kept_read_only(keep_all):
    sc = _scenario({}, {}, False)
    win = Windows(_perf(), sc)
    a, b = _pct(win, "a"), _pct(win, "b")
    assert a is b and a[0, 0] == 120.0
    with pytest.raises(ValueError):
        a[0, 0] = 0.0  # shared by both plans: nobody may write into it
    other = Windows(_perf(), _scenario({}, {"curve": LINEAR[:1] + [[200, 150]]}, False))
    assert _pct(other, "a") is not _pct(other, "b")


def test_a_history_keeps_none():
    win = Windows(_perf(), _scenario({}, {}, False))  # 1 scenario x 1 window: below PAYOUT_KEEP_MIN
    assert _pct(win, "a") is not _pct(win, "b") and not win._payouts
