"""The engine against the oracle, line by line, in integer cents, through the engine's public API.

Every statement line is keyed by (role, period, line, component); the union of both sides' keys is
compared, a missing line reads as 0, and earned, paid and balance must agree to the cent, and each
year's status must agree. Adjustments are given to the engine as `[[adjustments]]` in the scenario.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from comp_models import parse_history, parse_scenario, parse_targets, performance, replay, statement

from .plans import Inputs, inputs, toml_value
from .rules import oracle_lines
from .test_oracle_cases import CASES
from .test_oracle_mechanics import MECHANICS

Key = tuple[str, str, str, str]


def with_adjustments(scenario_toml: str, adjustments_csv: str | None) -> str:
    """The scenario with the CSV's adjustments appended as `[[adjustments]]` tables."""
    if not adjustments_csv:
        return scenario_toml
    tables = []
    for row in csv.DictReader(io.StringIO(adjustments_csv)):
        t = {"month": row["month"], "role": row["role"], "component": row["component"], "amount": float(row["amount"])}
        if row.get("share_pct"):
            t["share_pct"] = float(row["share_pct"])
        if row.get("reason"):
            t["reason"] = row["reason"]
        tables.append("[[adjustments]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in t.items()))
    return scenario_toml + "\n" + "\n".join(tables)


def _cents(x) -> int:
    return 0 if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x) * 100)


def engine_lines(inp: Inputs) -> tuple[dict[Key, list[int]], dict[tuple[str, int], set]]:
    """(key -> [earned, paid, balance] cents, (role, year) -> year statuses) from the engine."""
    scenario = parse_scenario(with_adjustments(inp.scenario_toml, inp.adjustments_csv).encode(), "random.toml")
    history = parse_history(inp.history_csv.encode(), "history.csv")
    targets = parse_targets(inp.targets_csv.encode(), "targets.csv") if inp.targets_csv else {}
    frame = statement(replay(scenario, performance(scenario, history, targets)))
    lines: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    status: dict[tuple[str, int], set] = defaultdict(set)
    for row in frame.to_dict("records"):
        key = (str(row["role"]), period_label(str(row["period"])), str(row["line"]), str(row["component"]))
        for k, col in enumerate(("earned", "paid", "balance")):
            lines[key][k] += _cents(row.get(col, 0))
        status[(str(row["role"]), int(row["year"]))].add(row.get("year_status", "closed"))
    return lines, status


def period_label(text: str) -> str:
    """The engine's period label without the months it appends to a cut period ("FY2024-Q1 (Sep)"):
    docs/money.md §1 labels a period `FY2025-Q1` whether it is whole or cut, and this comparison is
    about cents (test_engine_labels_periods_as_documented pins the label itself)."""
    return re.sub(r" \(.*\)$", "", text)


def oracle_keyed(inp: Inputs) -> tuple[dict[Key, list[int]], dict[tuple[str, int], set]]:
    lines: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    status: dict[tuple[str, int], set] = defaultdict(set)
    for ln in oracle_lines(*inp.args()):
        key = (ln["role"], ln["period"], ln["line"], ln["component"])
        for k, col in enumerate(("earned_cents", "paid_cents", "balance_cents")):
            lines[key][k] += ln[col]
        status[(ln["role"], ln["year"])].add(ln["year_status"])
    return lines, status


def differences(inp: Inputs) -> list[str]:
    """Readable differences between the oracle and the engine (empty when they agree)."""
    want, want_status = oracle_keyed(inp)
    try:
        got, got_status = engine_lines(inp)
    except Exception as exc:  # the oracle accepted these inputs; the engine must too
        return [f"engine failed on valid inputs: {type(exc).__name__}: {str(exc)[:600]}"]
    out = []
    for key in sorted(set(want) | set(got), key=lambda k: (k[0], k[1], k[2], k[3])):
        w, g = want.get(key, [0, 0, 0]), got.get(key, [0, 0, 0])
        if w != g:
            out.append(f"{' | '.join(key)}: oracle earned/paid/balance {w[0] / 100:,.2f} / {w[1] / 100:,.2f} / "
                       f"{w[2] / 100:,.2f}, engine {g[0] / 100:,.2f} / {g[1] / 100:,.2f} / {g[2] / 100:,.2f}")
    for key in sorted(want_status):
        if want_status[key] != got_status.get(key, {"closed"}):
            out.append(f"{key[0]} {key[1]}: year_status oracle {sorted(want_status[key])}, "
                       f"engine {sorted(got_status.get(key, set()))}")
    return out


def assert_agree(inp: Inputs) -> None:
    diff = differences(inp)
    assert not diff, f"{len(diff)} differing lines; the first 10:\n  " + "\n  ".join(diff[:10])


@pytest.mark.parametrize("name", list(CASES))
def test_engine_agrees_on_hand_worked_case(name):
    c = CASES[name]
    assert_agree(Inputs(c["scenario"], c["history"], c["targets"], c["adjustments"]))


@pytest.mark.parametrize("name", list(MECHANICS))
def test_engine_agrees_on_hand_worked_mechanic(name):
    """docs/money.md §12-§15 worked by hand (test_oracle_mechanics.py)."""
    c = MECHANICS[name]
    assert_agree(Inputs(c["scenario"], c["history"], c["targets"], c["adjustments"]))


@settings(max_examples=1000, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
@given(inputs(adjustments_in="either"))
def test_engine_agrees_on_random_plans(inp):
    """1,000 random valid plans (no shrinking: the first disagreement is reported as found)."""
    assert_agree(inp)


# Minimal reproductions of engine disagreements with docs/money.md (see the oracle's report).

def test_engine_accepts_an_adjustment_on_an_earlier_version_component():
    """§10 / §14: an adjustment names "a component's name, or plan"; in March the earlier plan (Jan-Jun) is in
    force and pays "Bookings commission", so a cancelled deal's claw-back on it is a valid line:
    -10,000 x 50% = -5,000.00 in 2024-Q1 (the current plan, from July, has no commission). The engine
    refuses it ("vp has no component named 'Bookings commission'"), checking the current plan only."""
    c = MECHANICS["version_drops_a_commission"]
    adjustment = ('\n[[adjustments]]\nmonth = "2024-03"\nrole = "vp"\ncomponent = "Bookings commission"\n'
                  'amount = -10000\nshare_pct = 50\nreason = "Deal 42 cancelled"\n')
    inp = Inputs(c["scenario"] + adjustment, c["history"])
    want, _ = oracle_keyed(inp)
    assert want[("vp", "2024-Q1", "adjustment", "Bookings commission")] == [0, -500_000, 0]
    assert_agree(inp)


def test_engine_labels_periods_as_documented():
    """§1: a period's label is `2024-Q2` (or `FY2025-Q2`), whole or cut by the history's start or end; a period
    cut by an employment date or a plan version names its months: `2024-Q2 (May-Jun)`."""
    c = MECHANICS["employment_start_by_days_and_months"]
    scenario = parse_scenario(c["scenario"].encode(), "start.toml")
    frame = statement(replay(scenario, performance(scenario, parse_history(c["history"].encode(), "h.csv"), {})))
    assert set(frame["period"]) == {"2024-Q2 (May-Jun)", "2024-Q3", "2024-Q4"}
    # the same plan without employment dates on a history that starts in May: the first period is plain 2024-Q2
    plain = scenario.model_copy(update={"employment": {}})
    history = parse_history(c["history"].encode(), "h.csv")
    frame = statement(replay(plain, performance(plain, history, {})))
    first = frame["period"].iloc[0]
    assert first == f"{history.months[0][:4]}-Q{(int(history.months[0][5:7]) - 1) // 3 + 1}"
