"""The oracle: every statement line of docs/money.md in integer cents, from the rules alone.

    oracle_lines(scenario_toml, history_csv, targets_csv=None, adjustments_csv=None) -> list[dict]
    year_summary(lines) -> {(role, year): {earned_cents, paid_cents, held_cents, deferred_cents, year_status}}

`year` is the plan year (§12, named by the calendar year it ends in); each line also carries its
plan `version` (the version's effective_from, or "").

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
   recovery / draw balance for a recoverable draw, holdback forfeited at a termination with a
   holdback (installments, draw recovery and the balance lines: when any version of the role has
   the mechanic, since spread payments and a draw balance carry across versions). (Missing lines read as 0 anyway.)
A14 Spans (§1, §13, §14): a span's calendar months run from its first month to the earliest of the
   plan year's end, the month before the next version and the last employed month (beyond the
   history too); "open" = that end is after the history's last month. Accumulation windows, tier
   targets of % of target and the on-target commission of a span read these calendar months.
A15 Partial first plan year (§12): the span holding the history's first month when that month is
   not its plan year's first month, unless the span starts there because employment starts in that
   month or a later version takes effect in it (an explicit effective_from of the first version
   equal to the history's first month counts as leaving it out). A year's status: `open` when its
   last span is open, else `partial` when one of its spans is partial, else `closed`.
A16 Days proration (§13): an employment `end` is the last day employed (inclusive); a `YYYY-MM`
   end is that month's first day. Targets are not scaled by the employed fraction (only TI and
   the target variable are), actuals are the whole months' actuals. A month's fraction uses the
   proration of the version in force in it.
A17 Termination (§13): a termination that is also the plan year's end applies at_termination to
   the draw balance first (recover or forgive), then forgive_at_year_end (nothing left). A
   version without a draw neither tops up nor recovers; a balance carried into it waits.
A18 SPIFFs (§15): a fixed award is `cents(amount)`; a condition on an undefined actual fails; a
   SPIFF line is emitted (0 when its condition fails) in the period holding `end` for every listed
   role employed then; not at all when pending, unmeasurable or the role is not employed.
"""

from __future__ import annotations

import calendar

from .inputs import parse_adjustments, parse_history, parse_scenario, parse_targets
from .ledger import run_ledger
from .measure import (Data, add_months, cents, commission_value, curve_pct, label, matrix_pct, plan_month,
                      plan_year, plan_year_months, tier_table)

PAYMENT_NAMES = {"holdback": "holdback", "forfeited": "holdback forfeited", "floor": "floor (no claw-back)",
                 "installments": "installments", "top_up": "draw top-up", "recovery": "draw recovery"}


# ---------------------------------------------------------------------------------------------
# Calendar: employed fractions, spans and periods (§1, §12, §13, §14)


def employed_fraction(ym: tuple[int, int], employment: dict | None, proration: str) -> float:
    """§13: f_m = 1 for a month with at least one day employed (`months`), else the days employed /
    the days in the month (`days`); 0 outside the employment."""
    if not employment:
        return 1.0
    start, end = employment["start"], employment["end"]
    if (start and ym < start[:2]) or (end and ym > end[:2]):
        return 0.0
    if proration == "months":
        return 1.0
    days = calendar.monthrange(*ym)[1]
    first = start[2] if start and ym == start[:2] else 1
    last = end[2] if end and ym == end[:2] else days
    return (last - first + 1) / days


def role_calendar(data: Data, versions: list[dict], employment: dict | None) -> tuple[list[dict], list[dict]]:
    """(spans, periods) of one role. A span: the run of a plan year's months in the history in which one
    version is in force and the role is employed (f_m > 0). Its periods are the plan-year aligned runs
    of the version's measurement period cut by the span (§1)."""
    H, F = data.months, data.fy_start
    froms = [v["effective_from"] or H[0] for v in versions]
    emp = employment or {}
    start_m = emp["start"][:2] if emp.get("start") else None
    end_m = emp["end"][:2] if emp.get("end") else None
    if (start_m and start_m > H[-1]) or (end_m and end_m < H[0]):
        raise ValueError("employment: no month in the history (§13)")
    spans: list[dict] = []
    for i, ym in enumerate(H):
        k = max((j for j, f in enumerate(froms) if f <= ym), default=None)
        if k is None:
            continue
        f = employed_fraction(ym, employment, versions[k]["proration"])
        if f <= 0:
            continue
        key = (plan_year(ym, F), k)
        if spans and spans[-1]["key"] == key and spans[-1]["idx"][-1] == i - 1:
            spans[-1]["idx"].append(i)
            spans[-1]["f"][i] = f
        else:
            spans.append({"key": key, "year": key[0], "version": k, "plan": versions[k], "idx": [i], "f": {i: f}})
    periods: list[dict] = []
    for s_no, s in enumerate(spans):
        first = H[s["idx"][0]]
        end = plan_year_months(s["year"], F)[-1]
        if s["version"] + 1 < len(versions):
            end = min(end, add_months(froms[s["version"] + 1], -1))
        if end_m:
            end = min(end, end_m)
        cal = [first]
        while cal[-1] < end:
            cal.append(add_months(cal[-1], 1))
        closed = end <= H[-1]
        started_by = (start_m == first) or (s["version"] > 0 and froms[s["version"]] == first)
        s.update(calendar=cal, closed=closed, termination=closed and end_m is not None and end == end_m,
                 year_end=closed and end == plan_year_months(s["year"], F)[-1],
                 partial=s["idx"][0] == 0 and plan_month(first, F) != 0 and not started_by)
        size = s["plan"]["months"]
        buckets: dict[int, list[int]] = {}
        for i in s["idx"]:
            buckets.setdefault(plan_month(H[i], F) // size, []).append(i)
        keys = sorted(buckets)
        for b in keys:
            idx = buckets[b]
            periods.append({
                "label": label(H[idx[0]], size, F), "year": s["year"], "idx": idx, "span": s_no,
                "fsum": sum(s["f"][i] for i in idx), "plan": s["plan"], "version": s["plan"]["effective_from_text"],
                "calendar": [ym for ym in cal if plan_month(ym, F) // size == b],
                "closes": closed and b == keys[-1], "termination": s["termination"] and b == keys[-1],
                "year_end": s["year_end"] and b == keys[-1]})
        s["periods"] = [t for t, p in enumerate(periods) if p["span"] == s_no]
    return spans, periods


# ---------------------------------------------------------------------------------------------
# Measurement (§3-§6, §9)


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


def accumulation_window(data: Data, comp: dict, period: dict, span: dict) -> list[tuple[int, int]]:
    """§4 Position / §12 / §14: the calendar months of the window whose running total places the period:
    the period itself, its plan-year quarter or its plan year, within the span (A14)."""
    F = data.fy_start
    if comp["accumulate"] == "quarter":
        q = plan_month(data.months[period["idx"][0]], F) // 3
        return [ym for ym in span["calendar"] if plan_month(ym, F) // 3 == q]
    if comp["accumulate"] == "year":
        return span["calendar"]
    return period["calendar"]


def ungated_commission(data: Data, comp: dict, period: dict, span: dict) -> float:
    """§4 Commission: `C(total to date) − C(total before the period)` within the accumulation window
    (`accumulate = period`: C of the period's amount), tier starts from the whole window's target."""
    window = accumulation_window(data, comp, period, span)
    starts, ceiling = tier_table(comp, data.window_target(comp["goal"], window))
    first = data.months.index(window[0])
    before = data.amount(comp["goal"], list(range(first, period["idx"][0])))
    to_date = before + data.amount(comp["goal"], period["idx"])
    return commission_value(comp, to_date, starts, ceiling) - commission_value(comp, before, starts, ceiling)


def on_target_commission(data: Data, plan: dict, comp: dict, span: dict) -> float:
    """§4 On-target commission of a span: for a whole plan year `target_earnings`, else Σ over the
    year's accumulation windows (its periods / quarters / the year) of C(window target); for a span
    shorter than its plan year `target_earnings × n / 12` (n = the span's calendar months, an open
    span counting to its end, A14), or the table on the span's accumulation windows."""
    n = len(span["calendar"])
    if comp["target_earnings"] is not None:
        return comp["target_earnings"] * n / 12.0
    size = {"period": plan["months"], "quarter": 3, "year": 12}[comp["accumulate"]]
    windows: dict[int, list] = {}
    for ym in span["calendar"]:
        windows.setdefault(plan_month(ym, data.fy_start) // size, []).append(ym)
    total = 0.0
    for window in windows.values():
        target = data.window_target(comp["goal"], window)
        total += commission_value(comp, target, *tier_table(comp, target))
    return total


def measure_plan(data: Data, plan: dict, span: dict, idx: list[int], commission: dict[str, int]) -> dict:
    """§4-§5, §7 and §13 on one window (a period, a span, a span to date) of employed fractions
    Σf = Σ f_m over `idx`: each component line `cents(payout%/100 · weight/100 · TI · Σf/12)`
    (commission: the given cents), then `multiplier = cents(total · (factor − 1))` on the rounded total
    and `plan cap = min(0, cents(plan_cap% · TV) − (total + multiplier))` with the window's target
    variable TV = TI · Σf/12 + the span's on-target commission · Σf / n_span."""
    def att(goal_id: str) -> float:
        return data.attainment(goal_id, idx)
    fsum = sum(span["f"][i] for i in idx)
    lines: dict[str, int] = {}
    for comp in plan["components"]:
        if comp["kind"] == "commission":
            lines[comp["name"]] = commission[comp["name"]]
        else:
            pct = weighted_payout_pct(comp, plan, att)
            lines[comp["name"]] = cents(pct / 100.0 * comp["weight"] / 100.0 * plan["ti"] * fsum / 12.0)
    total = sum(lines.values())
    mult = 0
    if plan["multiplier"]:
        factor = curve_pct(plan["multiplier"]["curve"], att(plan["multiplier"]["goal"]), flat_below=True) / 100.0
        mult = lines["multiplier"] = cents(total / 100.0 * (factor - 1.0))
    if plan["plan_cap"] is not None:
        otc = sum(on_target_commission(data, plan, c, span) for c in plan["components"] if c["kind"] == "commission")
        tv = plan["ti"] * fsum / 12.0 + otc * fsum / len(span["calendar"])
        lines["plan cap"] = min(0, cents(plan["plan_cap"] / 100.0 * tv) - (total + mult))
    return lines


def commission_gated(data: Data, plan: dict, comp: dict, idx: list[int], ungated_cents: int) -> int:
    """§5 / §6: a commission figure times its gates (plan and component), tested on window `idx`."""
    return ungated_cents if gates_open(plan["gates"] + comp["gates"], lambda g: data.attainment(g, idx)) else 0


def span_lines(data: Data, span: dict, periods: list[dict]) -> list[list[tuple[str, str, int]]]:
    """§4-§6 on one span: each period's earned lines (kind, name, cents): component and plan lines,
    measured on the period (true_up none / annual) or re-measured on the span to date (ytd), plus the
    annual true-up lines at the period closing a closed, not partial span (§12)."""
    plan = span["plan"]
    commissions = [c for c in plan["components"] if c["kind"] == "commission"]
    ungated = [{c["name"]: cents(ungated_commission(data, c, p, span)) for c in commissions} for p in periods]
    mode = plan["true_up"] if plan["months"] < 12 else "none"
    out: list[list[tuple[str, str, int]]] = []
    previous: dict[str, int] = {}
    for t, p in enumerate(periods):
        if mode == "ytd":
            idx = [i for q in periods[:t + 1] for i in q["idx"]]
            to_date = measure_plan(data, plan, span, idx, {
                c["name"]: commission_gated(data, plan, c, idx, sum(u[c["name"]] for u in ungated[:t + 1]))
                for c in commissions})
            lines = {k: v - previous.get(k, 0) for k, v in to_date.items()}
            previous = to_date
        else:
            lines = measure_plan(data, plan, span, p["idx"], {
                c["name"]: commission_gated(data, plan, c, p["idx"], ungated[t][c["name"]]) for c in commissions})
        rows = [("component" if k not in ("multiplier", "plan cap") else "plan", k, v) for k, v in lines.items()]
        if mode == "annual" and p["closes"] and not span["partial"]:
            rows += true_up_lines(data, span, out + [rows], ungated)
        out.append(rows)
    return out


def true_up_lines(data: Data, span: dict, advances_rows: list, ungated: list) -> list[tuple[str, str, int]]:
    """§6 annual (§14: per span): re-measure the plan on the whole span (commission: Σ of its periods'
    ungated cents, gated on the span); a true-up line per component (commission only when it has a
    gate), multiplier and plan cap = `cents(span line) − Σ advances' cents` (§7)."""
    plan = span["plan"]
    idx = span["idx"]
    commissions = [c for c in plan["components"] if c["kind"] == "commission"]
    whole = measure_plan(data, plan, span, idx, {
        c["name"]: commission_gated(data, plan, c, idx, sum(u[c["name"]] for u in ungated)) for c in commissions})
    advances: dict[str, int] = {}
    for period_rows in advances_rows:
        for _, name, value in period_rows:
            advances[name] = advances.get(name, 0) + value
    gated = {c["name"] for c in commissions if plan["gates"] or c["gates"]}
    return [("true-up", name, value - advances[name]) for name, value in whole.items()
            if name not in {c["name"] for c in commissions} or name in gated]


def adjustment_cents(adj: dict) -> int:
    """§10: an adjustment line is `cents(amount · share_pct / 100)`."""
    return cents(adj["amount"] * adj["share_pct"] / 100.0)


def spiff_award(data: Data, spiff: dict) -> int | None:
    """§15: the award in cents, or None when the window cannot be paid (pending: it ends after the
    history; unmeasurable: it starts before it). Award = `amount`, or `cents(rate_pct/100 · max(actual,
    0))`, when the condition (`min_actual`, or `min_attainment` on the rounded attainment) holds, else 0."""
    H = data.months
    if spiff["end"] > H[-1] or spiff["start"] < H[0]:
        return None
    idx = list(range(H.index(spiff["start"]), H.index(spiff["end"]) + 1))
    goal = spiff["goal"]
    actual = data.actual(goal, idx) if goal else None
    if spiff["min_actual"] is not None and (actual is None or actual < spiff["min_actual"]):
        return 0
    if spiff["min_attainment"] is not None and data.attainment(goal, idx) < spiff["min_attainment"]:
        return 0
    if spiff["amount"] is not None:
        return cents(spiff["amount"])
    return cents(spiff["rate_pct"] / 100.0 * max(actual or 0.0, 0.0))


def year_statuses(spans: list[dict]) -> dict[int, str]:
    """§1 / §12 / §14 (A15): `open` when the year's last span is open, else `partial` when one of its
    spans is a partial first plan year, else `closed`."""
    out: dict[int, str] = {}
    for y in sorted({s["year"] for s in spans}):
        mine = [s for s in spans if s["year"] == y]
        out[y] = "open" if not mine[-1]["closed"] else "partial" if any(s["partial"] for s in mine) else "closed"
    return out


def role_lines(data: Data, rid: str, versions: list[dict], employment: dict | None, adjustments: list[dict],
               spiffs: list[dict]) -> tuple[list[dict], list[dict]]:
    """One role's statement lines, period by period: earned lines, payment lines (§8, §13), adjustments
    (§10), SPIFFs (§15) and balances, each with the year's status (§1) and the version; and the
    per-period ledger state."""
    spans, periods = role_calendar(data, versions, employment)
    for t, p in enumerate(periods):
        p["no"] = t
    statuses = year_statuses(spans)
    names = {c["name"] for v in versions for c in v["components"]} | {"plan"}
    month_period = {data.months[i]: t for t, p in enumerate(periods) for i in p["idx"]}
    adj_by_period: list[list[dict]] = [[] for _ in periods]
    for a in adjustments:
        ym = (int(a["month"][:4]), int(a["month"][5:7]))
        if ym not in month_period or a["component"] not in names:
            raise ValueError(f"adjustment {a}: month outside the role's periods or unknown component")
        adj_by_period[month_period[ym]].append(a)
    spiff_by_period: list[list[tuple[str, int]]] = [[] for _ in periods]
    for x in spiffs:
        award = spiff_award(data, x)
        if award is not None and rid in x["roles"] and x["end"] in month_period:
            spiff_by_period[month_period[x["end"]]].append((x["name"], award))
    earned: list[list[tuple[str, str, int]]] = []
    for s in spans:
        earned += span_lines(data, s, [periods[t] for t in s["periods"]])
    ledger = run_ledger(periods, [sum(v for _, _, v in rows) for rows in earned],
                        [sum(adjustment_cents(a) for a in adjs) for adjs in adj_by_period],
                        [sum(v for _, v in xs) for xs in spiff_by_period])
    any_of = {
        "held": any(v["holdback_pct"] > 0 for v in versions), "deferred": any(v["installments"] > 1 for v in versions),
        "draw balance": any(v["draw"] and v["draw"]["recoverable"] for v in versions)}
    out = []
    for p, rows, led, adjs, xs in zip(periods, earned, ledger, adj_by_period, spiff_by_period):
        plan, draw = p["plan"], p["plan"]["draw"]
        shown = {"holdback": plan["holdback_pct"] > 0, "forfeited": p["termination"] and plan["holdback_pct"] > 0,
                 "floor": True, "installments": any_of["deferred"], "top_up": draw is not None,
                 "recovery": any_of["draw balance"] or led["recovery"] != 0}
        head = {"role": rid, "period": p["label"], "year": p["year"], "version": p["version"], "period_no": p["no"]}
        cells = [(kind, name, value, value, 0, {}) for kind, name, value in rows]
        cells += [("payment", name, 0, led[key], 0, {}) for key, name in PAYMENT_NAMES.items() if shown[key]]
        cells += [("adjustment", a["component"], 0, adjustment_cents(a), 0, {"reason": a["reason"]}) for a in adjs]
        cells += [("spiff", name, award, award, 0, {}) for name, award in xs]
        cells += [("balance", name, 0, 0, led[key], {}) for name, key in
                  (("held", "held"), ("deferred", "deferred"), ("draw balance", "draw_balance")) if any_of[name]]
        out += [{**head, "line": kind, "component": name, "earned_cents": e, "paid_cents": pd, "balance_cents": b,
                 "year_status": statuses[p["year"]], **extra} for kind, name, e, pd, b, extra in cells]
    return out, [dict(led, period=p["label"], year=p["year"], span=p["span"], version=p["version"], period_no=p["no"],
                      partial=spans[p["span"]]["partial"]) for led, p in zip(ledger, periods)]


def oracle_state(scenario_toml: str, history_csv: str, targets_csv: str | None = None,
                 adjustments_csv: str | None = None) -> dict:
    """Everything the oracle computes: {"lines": [...], "ledger": {role: [per-period ledger state]}}."""
    scenario = parse_scenario(scenario_toml)
    months, cols = parse_history(history_csv)
    data = Data(months, cols, scenario["goals"], parse_targets(targets_csv), scenario["scores"], scenario["fy_start"])
    adjustments = scenario["adjustments"] + parse_adjustments(adjustments_csv)
    unknown = {a["role"] for a in adjustments} - set(scenario["roles"])
    if unknown:
        raise ValueError(f"adjustments name unknown roles {sorted(unknown)}")
    lines, ledgers = [], {}
    for rid in scenario["roles"]:
        role, ledgers[rid] = role_lines(data, rid, scenario["versions"][rid], scenario["employment"].get(rid),
                                        [a for a in adjustments if a["role"] == rid], scenario["spiffs"])
        lines += role
    return {"lines": lines, "ledger": ledgers}


def oracle_lines(scenario_toml: str, history_csv: str, targets_csv: str | None = None,
                 adjustments_csv: str | None = None) -> list[dict]:
    """Every statement line (see the table "Statement lines" of docs/money.md), integer cents."""
    return oracle_state(scenario_toml, history_csv, targets_csv, adjustments_csv)["lines"]


def year_summary(lines: list[dict]) -> dict[tuple[str, int], dict]:
    """Per role and plan year: earned and paid (sums of the year's lines, §7; SPIFF lines count in both),
    held and deferred (the balances after the year's last period, §8) and the year's status (§1)."""
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
