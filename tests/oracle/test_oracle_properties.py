"""Property tests of the oracle alone, on random valid plans (tests/oracle/plans.py): the
invariants docs/money.md states (§7 sums, §8 ledger invariant, §1 year status, no negative pay
without claw-back) and one metamorphic rule (§6: a trued-up year equals the year measured whole).
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .measure import pct_of_cents
from .plans import inputs, toml_document
from .rules import oracle_lines, oracle_state, year_summary

SETTINGS = settings(max_examples=200, derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))
KINDS = {"component", "plan", "true-up", "payment", "adjustment", "balance"}
PAYMENTS = {"holdback", "floor (no claw-back)", "installments", "draw top-up", "draw recovery"}
BALANCES = {"held", "deferred", "draw balance"}
LABEL = {"monthly": r"\d{4}-\d{2}", "quarterly": r"\d{4}-Q[1-4]", "annual": r"\d{4}"}


def plans_of(scenario_toml: str) -> dict:
    """role -> the plan table as written (read with tomllib, with the README's defaults)."""
    roles = tomllib.loads(scenario_toml)["roles"]
    for r in roles.values():
        r.setdefault("measurement_period", "quarterly")
        r.setdefault("true_up", "annual")
    return roles


def check_line_shapes(lines: list[dict], plans: dict) -> None:
    """Statement lines table: kinds and names; earned lines pay what they earn, payment and adjustment
    lines earn nothing, balance lines carry only a balance; integer cents; labels per period."""
    for ln in lines:
        assert ln["line"] in KINDS, ln
        assert all(isinstance(ln[k], int) for k in ("earned_cents", "paid_cents", "balance_cents")), ln
        names = {c["name"] for c in plans[ln["role"]]["components"]}
        if ln["line"] in ("component", "plan", "true-up"):
            assert ln["paid_cents"] == ln["earned_cents"] and ln["balance_cents"] == 0, ln
        else:
            assert ln["earned_cents"] == 0, ln
        if ln["line"] == "balance":
            assert ln["paid_cents"] == 0 and ln["component"] in BALANCES, ln
        else:
            assert ln["balance_cents"] == 0, ln
        allowed = {"component": names, "plan": {"multiplier", "plan cap"}, "payment": PAYMENTS,
                   "true-up": names | {"multiplier", "plan cap"}, "adjustment": names | {"plan"}}
        if ln["line"] in allowed:
            assert ln["component"] in allowed[ln["line"]], ln
        assert re.fullmatch(LABEL[plans[ln["role"]]["measurement_period"]], ln["period"]), ln
        assert ln["period"].startswith(str(ln["year"])), ln


def check_years(lines: list[dict], history_csv: str) -> None:
    """§1: a year is closed iff its December is in the history; only the last year may be open; an
    open year has no true-up. §7: every year total is the sum of its periods."""
    months = [row.split(",")[0] for row in history_csv.strip().splitlines()[1:]]
    closed = {int(m[:4]) for m in months if m.endswith("-12")}
    for ln in lines:
        assert ln["year_status"] == ("closed" if ln["year"] in closed else "open"), ln
        if ln["year"] not in closed:
            assert ln["line"] != "true-up" and ln["year"] == int(months[-1][:4]), ln
    per_period: dict = defaultdict(lambda: [0, 0])
    for ln in lines:
        per_period[(ln["role"], ln["year"], ln["period"])][0] += ln["earned_cents"]
        per_period[(ln["role"], ln["year"], ln["period"])][1] += ln["paid_cents"]
    for (role, year), s in year_summary(lines).items():
        periods = [v for k, v in per_period.items() if k[:2] == (role, year)]
        assert s["earned_cents"] == sum(e for e, _ in periods) and s["paid_cents"] == sum(p for _, p in periods)


def check_ledger(lines: list[dict], ledger: list[dict], plan: dict, role: str) -> None:
    """§8 on one role, period by period, from the statement lines (the ledger state supplies only
    what no line shows: pay, paid to date, forgiven amounts)."""
    h, clawback = plan.get("holdback_pct", 0), plan.get("clawback_pct", 0)
    n, draw = plan.get("installments", 1), plan.get("draw")
    mine = [ln for ln in lines if ln["role"] == role]
    last_of_year = {ln["year"]: ln["period"] for ln in mine}
    total: dict = defaultdict(int)
    etd, year = 0, None
    for state in ledger:
        rows = [ln for ln in mine if ln["period"] == state["period"]]
        closes = rows[0]["year_status"] == "closed" and last_of_year[state["year"]] == state["period"]
        if state["year"] != year:
            year, etd = state["year"], 0
        earned = sum(r["earned_cents"] for r in rows)
        paid = sum(r["paid_cents"] for r in rows)
        adj = sum(r["paid_cents"] for r in rows if r["line"] == "adjustment")
        bal = {r["component"]: r["balance_cents"] for r in rows if r["line"] == "balance"}
        held, deferred, owed = bal.get("held", 0), bal.get("deferred", 0), bal.get("draw balance", 0)
        etd += earned
        assert etd == state["etd"] and paid == state["paid"], (state, rows)
        # §8.1: held = cents(h% of max(ETD, 0)) before the year closes, released (0) when it closes
        assert held == (0 if closes else pct_of_cents(h, max(etd, 0))), state
        if not closes:
            assert state["forgiven_excess"] == 0 and state["forgiven_draw"] == 0, state  # nothing settled (§1)
        nonrec = sum(r["paid_cents"] for r in rows if r["component"] == "draw top-up") \
            if draw and not draw.get("recoverable", True) else 0
        for key, value in (("paid", paid), ("earned", earned), ("adj", adj), ("nonrec", nonrec),
                           ("forgiven", state["forgiven_excess"]), ("forgiven_draw", state["forgiven_draw"])):
            total[key] += value
        floor_balance = 0 if closes else state["ptd"] + held - etd  # excess paid over earnings, to be made good
        assert floor_balance >= 0 and total["forgiven"] >= 0, state
        # the §8 invariant, summed from the start of the history to this period
        assert total["paid"] == (total["earned"] + total["adj"] - held - deferred + floor_balance + total["forgiven"]
                                 + owed + total["nonrec"] + total["forgiven_draw"]), (state, dict(total))
        if paid - adj < 0 and clawback == 0:  # A9: only an installment remainder of a tiny pay
            assert n > 1 and paid - adj > -n, (state, rows)
        if closes and n == 1 and not draw:
            year_rows = [r for r in mine if r["year"] == state["year"]]
            year_paid = sum(r["paid_cents"] for r in year_rows if r["line"] != "adjustment")
            year_earned = sum(r["earned_cents"] for r in year_rows)
            assert year_paid >= year_earned, state  # the settlement recovers at most the excess
            if clawback == 100:
                assert year_paid == year_earned, state  # a fully clawed-back year pays what it earned


@SETTINGS
@given(inputs())
def test_statement_invariants(inp):
    state = oracle_state(*inp.args())
    lines = state["lines"]
    plans = plans_of(inp.scenario_toml)
    assert lines
    check_line_shapes(lines, plans)
    check_years(lines, inp.history_csv)
    for role, ledger in state["ledger"].items():
        check_ledger(lines, ledger, plans[role], role)


@st.composite
def trued_up_and_whole(draw):
    """A random scenario with only weighted components, every role measured monthly or quarterly
    with an annual or ytd true-up, and its twin measured annually (true-up none)."""
    inp = draw(inputs())
    data = tomllib.loads(inp.scenario_toml)
    data.pop("adjustments", None)
    roles = {}
    for rid, r in data["roles"].items():
        r["components"] = [c for c in r["components"] if c["kind"] != "commission"]
        if r["components"]:
            r["measurement_period"] = draw(st.sampled_from(["monthly", "quarterly"]))
            r["true_up"] = draw(st.sampled_from(["annual", "ytd"]))
            roles[rid] = r
    data["roles"] = roles
    whole = {**data, "roles": {rid: {**r, "measurement_period": "annual", "true_up": "none"} for rid, r in roles.items()}}
    return inp, data, whole


@SETTINGS
@given(trued_up_and_whole())
def test_true_up_year_equals_the_year_measured_whole(case):
    """§6: under `annual` each closed year's component, multiplier and plan-cap lines (advances plus
    true-up) sum to the plan re-measured on the whole year, to the cent (§7); under `ytd` every
    year's lines sum to the year to date at its last period, i.e. the same annual measure."""
    inp, trued, whole = case
    if not trued["roles"]:
        return
    a = oracle_lines(toml_document(trued), inp.history_csv, inp.targets_csv)
    b = oracle_lines(toml_document(whole), inp.history_csv, inp.targets_csv)
    sums: dict = defaultdict(int)
    for ln in a:
        if ln["line"] in ("component", "plan", "true-up") and (
                ln["year_status"] == "closed" or trued["roles"][ln["role"]]["true_up"] == "ytd"):
            sums[(ln["role"], ln["year"], ln["component"])] += ln["earned_cents"]
    expected = {(ln["role"], ln["year"], ln["component"]): ln["earned_cents"] for ln in b
                if ln["line"] in ("component", "plan")}
    assert sums, "nothing compared"
    for key, value in sums.items():
        assert value == expected[key], (key, value, expected[key])


def test_oracle_imports_nothing_from_the_engine():
    """The oracle must be able to disagree with the engine: no module but the comparison imports it."""
    for path in Path(__file__).parent.glob("*.py"):
        if path.name == "test_engine_agrees.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "comp_models" for n in names), (path.name, names)
