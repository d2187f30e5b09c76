"""The oracle: every statement line of docs/money.md in integer cents, from the rules alone.

    oracle_lines(scenario_toml, history_csv, targets_csv=None, adjustments_csv=None) -> list[dict]
    year_summary(lines) -> {(role, year): {earned_cents, paid_cents, held_cents, deferred_cents, year_status}}

Ambiguities of docs/money.md and how this oracle reads them (to tighten the spec):

A1 Partial last period (§1, §4): its bonus/matrix target and TI share use the months present
   (`TI · n / 12`, n = months in the history); its commission tier starts in % of target use the
   whole calendar period's target ("the whole accumulation window's target, even when the history
   ends inside the window", read as applying to `accumulate = period` too).
A2 Overrides for all 12 months of a year that also has an annual target (§2.3): the overrides win,
   the annual target is unused and not checked (taken literally, "overrides that reach or exceed the
   annual target are refused" would refuse 12 overrides adding up exactly to it; the engine instead
   requires them to add up to it). The random plans avoid this case.
A3 Profile split (§2.3): always `(annual − Σ overrides) · w_m / Σ_remaining w`, i.e. normalised by
   the weights' float sum even without overrides.
A4 Ratio window target (§2) when the window's denominator is negative (negative bookings in a
   discount rate): the plain mean, as for zero. It never moves a cent: the actual is then undefined.
A5 Commission amounts (§3): the amount is rounded to the cent first, for the comparisons with
   boundaries and the rates alike (settled with the spec's owner).
A6 Commission's year figure under an annual true-up, and its year-to-date figure under ytd (§6):
   the sum of the periods' ungated commission *in cents* (each rounded once, §7), so a commission
   whose gates are open all year has a zero true-up.
A7 ytd plans in an open year (§1, §6): "no true-up" is read as no annual true-up / settlement;
   each period of a ytd plan is still its year-to-date re-measure (that is its own line, not a
   true-up). Holdback, claw-back and the year-end settlement do not happen in an open year.
A8 Draw in a partial last period (§8.4): the full per-period amount.
A9 Installments (§8.3): a negative settlement (claw-back) is spread like any pay_t. The
   remainder piece of a tiny pay can be negative (pay 2 cents over 4 → 1, 1, 1, −1), so "no
   negative period paid without claw-back" has that exception.
A10 Multiplier curve (§5) is flat below its first point (not 0, unlike a bonus curve); the multiplier
   and plan cap apply to every component line, commission included.
A11 Adjustments (§10) name a month of the history; several on one key are separate lines.
A12 `round(a, 6)` (§3) is Python's round (correctly rounded); numpy's scaled rounding can differ
   on a tie at the 7th decimal.
A13 Statement rows (§ Statement lines): the floor line is shown for every plan, holdback / held for
   holdback_pct > 0, installments / deferred for installments > 1, draw top-up for a draw, draw
   recovery / draw balance for a recoverable draw. (Missing lines read as 0 anyway.)
"""

from __future__ import annotations

from .inputs import parse_adjustments, parse_history, parse_scenario, parse_targets
from .ledger import run_ledger
from .measure import Data, cents, commission_value, curve_pct, cut_periods, matrix_pct, tier_table

PAYMENT_NAMES = {"holdback": "holdback", "floor": "floor (no claw-back)", "installments": "installments",
                 "top_up": "draw top-up", "recovery": "draw recovery"}


def gates_open(gates: list[dict], att) -> bool:
    """§5 gate: pays 0 unless the gate goal's attainment ≥ `min_attainment` (all gates)."""
    return all(att(g["goal"]) >= g["min_attainment"] for g in gates)


def weighted_payout_pct(comp: dict, plan: dict, att) -> float:
    """§4 bonus / matrix payout %, then §5: conditional caps (`≤ cap` unless the goal reaches
    `min_attainment`), the joint upside rule (`≤ 100` unless every listed goal ≥ 100), gates."""
    if comp["kind"] == "bonus":
        pct = curve_pct(comp["curve"], att(comp["goal"]))
    elif comp["kind"] == "objectives":  # §9: Σ weight × score, capped
        pct = sum(w / 100.0 * att(g) for g, w in comp["objectives"])
        if comp["cap"] is not None:
            pct = min(pct, comp["cap"])
    else:
        pct = matrix_pct(comp, att(comp["goal"]), att(comp["goal_y"]))
    for cap in comp["caps"]:
        if att(cap["goal"]) < cap["min_attainment"]:
            pct = min(pct, cap["cap"])
    if comp["upside"] and any(att(g) < 100.0 for g in comp["upside"]):
        pct = min(pct, 100.0)
    return pct if gates_open(plan["gates"] + comp["gates"], att) else 0.0


def accumulation_window(comp: dict, period: dict) -> list[tuple[int, int]]:
    """§4 Position: the calendar months of the window whose running total places the period:
    the period itself, its calendar quarter or its calendar year."""
    y, m = period["calendar"][0]
    if comp["accumulate"] == "quarter":
        q = (m - 1) // 3 * 3 + 1
        return [(y, q + k) for k in range(3)]
    if comp["accumulate"] == "year":
        return [(y, k) for k in range(1, 13)]
    return period["calendar"]


def ungated_commission(data: Data, comp: dict, period: dict) -> float:
    """§4 Commission: `C(total to date) − C(total before the period)` within the accumulation window
    (`accumulate = period`: C of the period's amount), tier starts from the whole window's target."""
    window = accumulation_window(comp, period)
    starts, ceiling = tier_table(comp, data.window_target(comp["goal"], window))
    first = data.months.index(window[0]) if window[0] in data.months else period["idx"][0]
    before = data.amount(comp["goal"], list(range(first, period["idx"][0])))
    to_date = before + data.amount(comp["goal"], period["idx"])
    return commission_value(comp, to_date, starts, ceiling) - commission_value(comp, before, starts, ceiling)


def on_target_commission(data: Data, plan: dict, comp: dict, year: int) -> float:
    """§4 On-target commission of a year: `target_earnings`, else Σ over the year's accumulation
    windows (its periods / quarters / the year) of C(window target)."""
    if comp["target_earnings"] is not None:
        return comp["target_earnings"]
    size = {"period": plan["months"], "quarter": 3, "year": 12}[comp["accumulate"]]
    total = 0.0
    for start in range(1, 13, size):
        window = [(year, start + k) for k in range(size)]
        target = data.window_target(comp["goal"], window)
        total += commission_value(comp, target, *tier_table(comp, target))
    return total


def target_variable(data: Data, plan: dict, year: int) -> float:
    """§4 Target variable of a year = TI + the year's on-target commission."""
    return plan["ti"] + sum(on_target_commission(data, plan, c, year)
                            for c in plan["components"] if c["kind"] == "commission")


def measure_plan(data: Data, plan: dict, idx: list[int], year: int, commission: dict[str, int]) -> dict:
    """§4-§5 and §7 on one window (a period, a year, a year to date) of n = len(idx) months:
    each component line `cents(payout%/100 · weight/100 · TI · n/12)` (commission: the given cents),
    then `multiplier = cents(total · (factor − 1))` on the rounded total and
    `plan cap = min(0, cents(plan_cap% · TV · n/12) − (total + multiplier))` (the limit is a money amount,
    on cents, so a capped total is exactly the limit's cents)."""
    def att(goal_id: str) -> float:
        return data.attainment(goal_id, idx)
    n = len(idx)
    lines: dict[str, int] = {}
    for comp in plan["components"]:
        if comp["kind"] == "commission":
            lines[comp["name"]] = commission[comp["name"]]
        else:
            pct = weighted_payout_pct(comp, plan, att)
            lines[comp["name"]] = cents(pct / 100.0 * comp["weight"] / 100.0 * plan["ti"] * n / 12.0)
    total = sum(lines.values())
    mult = 0
    if plan["multiplier"]:
        factor = curve_pct(plan["multiplier"]["curve"], att(plan["multiplier"]["goal"]), flat_below=True) / 100.0
        mult = lines["multiplier"] = cents(total / 100.0 * (factor - 1.0))
    if plan["plan_cap"] is not None:
        limit = plan["plan_cap"] / 100.0 * target_variable(data, plan, year) * n / 12.0
        lines["plan cap"] = min(0, cents(limit) - (total + mult))
    return lines


def commission_gated(data: Data, plan: dict, comp: dict, idx: list[int], ungated_cents: int) -> int:
    """§5 / §6: a commission figure times its gates (plan and component), tested on window `idx`."""
    return ungated_cents if gates_open(plan["gates"] + comp["gates"], lambda g: data.attainment(g, idx)) else 0


def earned_lines(data: Data, plan: dict, periods: list[dict]) -> list[list[tuple[str, str, int]]]:
    """§4-§6: each period's earned lines (kind, name, cents): component and plan lines, measured on
    the period (true_up none / annual) or re-measured year to date (ytd), plus the annual true-up
    lines at a year's closing period."""
    commissions = [c for c in plan["components"] if c["kind"] == "commission"]
    ungated = [{c["name"]: cents(ungated_commission(data, c, p)) for c in commissions} for p in periods]
    mode = plan["true_up"] if plan["months"] < 12 else "none"
    out, previous = [], {}
    for t, p in enumerate(periods):
        year_ts = [k for k in range(t + 1) if periods[k]["year"] == p["year"]]
        if mode == "ytd":
            idx = [i for k in year_ts for i in periods[k]["idx"]]
            to_date = measure_plan(data, plan, idx, p["year"], {
                c["name"]: commission_gated(data, plan, c, idx, sum(ungated[k][c["name"]] for k in year_ts))
                for c in commissions})
            before = previous if len(year_ts) > 1 else {}
            lines = {k: v - before.get(k, 0) for k, v in to_date.items()}
            previous = to_date
        else:
            lines = measure_plan(data, plan, p["idx"], p["year"], {
                c["name"]: commission_gated(data, plan, c, p["idx"], ungated[t][c["name"]]) for c in commissions})
        rows = [("component" if k not in ("multiplier", "plan cap") else "plan", k, v) for k, v in lines.items()]
        if mode == "annual" and p["closes_year"]:
            rows += true_up_lines(data, plan, periods, out, rows, year_ts, ungated)
        out.append(rows)
    return out


def true_up_lines(data, plan, periods, earlier, rows, year_ts, ungated) -> list[tuple[str, str, int]]:
    """§6 annual: re-measure the plan on the whole year (commission: Σ of its periods' ungated cents,
    gated on the year); a true-up line per component (commission only when it has a gate),
    multiplier and plan cap = `cents(year line) − Σ advances' cents` (§7)."""
    idx = [i for k in year_ts for i in periods[k]["idx"]]
    commissions = [c for c in plan["components"] if c["kind"] == "commission"]
    year = measure_plan(data, plan, idx, periods[year_ts[0]]["year"], {
        c["name"]: commission_gated(data, plan, c, idx, sum(ungated[k][c["name"]] for k in year_ts))
        for c in commissions})
    advances: dict[str, int] = {}
    for period_rows in [*(earlier[k] for k in year_ts[:-1]), rows]:
        for _, name, value in period_rows:
            advances[name] = advances.get(name, 0) + value
    gated = {c["name"] for c in commissions if plan["gates"] or c["gates"]}
    return [("true-up", name, value - advances[name]) for name, value in year.items()
            if name not in {c["name"] for c in commissions} or name in gated]


def adjustment_cents(adj: dict) -> int:
    """§10: an adjustment line is `cents(amount · share_pct / 100)`."""
    return cents(adj["amount"] * adj["share_pct"] / 100.0)


def role_lines(data: Data, plan: dict, adjustments: list[dict]) -> tuple[list[dict], list[dict]]:
    """One role's statement lines, period by period: earned lines, payment lines (§8), adjustments
    (§10) and balances, each with the year's status (§1); and the per-period ledger state."""
    periods = cut_periods(data.months, plan["months"])
    closed_years = {y for y, m in data.months if m == 12}
    names = {c["name"] for c in plan["components"]} | {"plan"}
    month_period = {data.months[i]: t for t, p in enumerate(periods) for i in p["idx"]}
    adj_by_period: list[list[dict]] = [[] for _ in periods]
    for a in adjustments:
        ym = (int(a["month"][:4]), int(a["month"][5:7]))
        if ym not in month_period or a["component"] not in names:
            raise ValueError(f"adjustment {a}: month outside the history or unknown component")
        adj_by_period[month_period[ym]].append(a)
    earned = earned_lines(data, plan, periods)
    ledger = run_ledger(plan, periods, [sum(v for _, _, v in rows) for rows in earned],
                        [sum(adjustment_cents(a) for a in adjs) for adjs in adj_by_period])
    draw = plan["draw"]
    shown = {"holdback": plan["holdback_pct"] > 0, "floor": True, "installments": plan["installments"] > 1,
             "top_up": draw is not None, "recovery": bool(draw and draw["recoverable"])}
    balances = {"held": plan["holdback_pct"] > 0, "deferred": plan["installments"] > 1,
                "draw balance": bool(draw and draw["recoverable"])}
    out = []
    for p, rows, led, adjs in zip(periods, earned, ledger, adj_by_period):
        head = {"role": plan["id"], "period": p["label"], "year": p["year"]}
        status = "closed" if p["year"] in closed_years else "open"
        cells = [(kind, name, value, value, 0, {}) for kind, name, value in rows]
        cells += [("payment", name, 0, led[key], 0, {}) for key, name in PAYMENT_NAMES.items() if shown[key]]
        cells += [("adjustment", a["component"], 0, adjustment_cents(a), 0, {"reason": a["reason"]}) for a in adjs]
        cells += [("balance", name, 0, 0, led[key], {}) for name, key in
                  (("held", "held"), ("deferred", "deferred"), ("draw balance", "draw_balance")) if balances[name]]
        out += [{**head, "line": kind, "component": name, "earned_cents": e, "paid_cents": pd, "balance_cents": b,
                 "year_status": status, **extra} for kind, name, e, pd, b, extra in cells]
    return out, [dict(led, period=p["label"], year=p["year"]) for led, p in zip(ledger, periods)]


def oracle_state(scenario_toml: str, history_csv: str, targets_csv: str | None = None,
                 adjustments_csv: str | None = None) -> dict:
    """Everything the oracle computes: {"lines": [...], "ledger": {role: [per-period ledger state]}}."""
    scenario = parse_scenario(scenario_toml)
    months, cols = parse_history(history_csv)
    data = Data(months, cols, scenario["goals"], parse_targets(targets_csv), scenario["scores"])
    adjustments = scenario["adjustments"] + parse_adjustments(adjustments_csv)
    unknown = {a["role"] for a in adjustments} - set(scenario["roles"])
    if unknown:
        raise ValueError(f"adjustments name unknown roles {sorted(unknown)}")
    lines, ledgers = [], {}
    for rid, plan in scenario["roles"].items():
        role, ledgers[rid] = role_lines(data, plan, [a for a in adjustments if a["role"] == rid])
        lines += role
    return {"lines": lines, "ledger": ledgers}


def oracle_lines(scenario_toml: str, history_csv: str, targets_csv: str | None = None,
                 adjustments_csv: str | None = None) -> list[dict]:
    """Every statement line (see the table "Statement lines" of docs/money.md), integer cents."""
    return oracle_state(scenario_toml, history_csv, targets_csv, adjustments_csv)["lines"]


def year_summary(lines: list[dict]) -> dict[tuple[str, int], dict]:
    """Per role and year: earned and paid (sums of the year's lines, §7), held and deferred (the
    balances after the year's last period, §8) and the year's status (§1)."""
    out: dict[tuple[str, int], dict] = {}
    last_period: dict[tuple[str, int], str] = {}
    for ln in lines:
        key = (ln["role"], ln["year"])
        s = out.setdefault(key, {"earned_cents": 0, "paid_cents": 0, "held_cents": 0, "deferred_cents": 0,
                                 "year_status": ln["year_status"]})
        s["earned_cents"] += ln["earned_cents"]
        s["paid_cents"] += ln["paid_cents"]
        last_period[key] = ln["period"]
    for ln in lines:
        key = (ln["role"], ln["year"])
        if ln["line"] == "balance" and ln["period"] == last_period[key] and ln["component"] in ("held", "deferred"):
            out[key][f"{ln['component']}_cents"] = ln["balance_cents"]
    return out
