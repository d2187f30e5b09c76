"""Plain-language calculation traces: every step from inputs to a line's amount."""

from __future__ import annotations

import numpy as np

from comp_models.dates import year_label
from comp_models.payouts import curve_payout, curve_segment, matrix_payout
from comp_models.engine import MULTIPLIER, RoleResult, scoring_period
from comp_models.metrics import FRACTION, METRICS, MONEY
from comp_models.statements.money import CURRENCY_SYMBOLS, money_text
from comp_models.plans import CommissionComponent, MatrixComponent, ObjectivesComponent, Scenario


def money(x: float) -> str:
    """An amount as the engine's exact figure, without a currency (tables and traces add the symbol)."""
    return f"{x:,.2f}"


def _m(rr: RoleResult, x: float) -> str:
    """An amount of the role's statement in its scenario's currency: '$29,309.11', '-€5,000.00'."""
    return money_text(x, rr.currency)


def short(x: float, unit: str, currency: str = "") -> str:
    """A metric value as a reader expects it: $4.10M, 37.5%, 1,234 (money with the currency's symbol)."""
    if x is None or not np.isfinite(x):
        return "undefined"
    if unit == FRACTION:
        return f"{100 * x:.1f}%"
    if unit == MONEY:
        sym = CURRENCY_SYMBOLS.get(currency, "")
        sign, v = ("-" if x < 0 else ""), abs(x)
        tail = "" if sym or not currency else f" {currency}"
        if v >= 1e6:
            return f"{sign}{sym}{v / 1e6:.2f}M{tail}"
        if v >= 1e4:
            return f"{sign}{sym}{v / 1e3:.1f}k{tail}"
        return f"{sign}{sym}{v:,.2f}{tail}" if v != int(v) else f"{sign}{sym}{v:,.0f}{tail}"
    return f"{x:,.2f}" if abs(x) < 100 and x != int(x) else f"{x:,.0f}"


def pct(x: float) -> str:
    return f"{x:.1f}%"


def _curve_text(att: float, curve) -> str:
    """Which part of the curve the attainment falls on, and what the curve itself gives."""
    seg = int(curve_segment(np.array([att]), curve)[0])
    if seg < 0:
        return f"below the {curve[0][0]:g}% threshold pays 0%"
    if seg >= len(curve) - 1:
        return f"at or above {curve[-1][0]:g}% the curve is capped at {curve[-1][1]:g}%"
    (x0, y0), (x1, y1) = curve[seg], curve[seg + 1]
    return f"curve {x0:g}%→{y0:g}%, {x1:g}%→{y1:g}% gives {pct(curve_payout(np.array([att]), curve)[0])}"


def _conditions_text(c, plan, goal_att: dict, s: int, p: int, scenario: Scenario) -> list[str]:
    out = []
    for gate in [*plan.gates, *c.gates]:
        a = goal_att[gate.goal][s, p]
        state = "open" if a >= gate.min_attainment else "CLOSED, pays 0"
        out.append(f"gate {scenario.goals[gate.goal].display_label} {pct(a)} vs {gate.min_attainment:g}% {state}")
    for cc in getattr(c, "conditional_caps", []):
        a = goal_att[cc.goal][s, p]
        state = "no cap" if a >= cc.min_attainment else f"capped at {cc.cap:g}%"
        out.append(f"cap unless {scenario.goals[cc.goal].display_label} ≥ {cc.min_attainment:g}%: "
                   f"{pct(a)}, {state}")
    if getattr(c, "upside_requires", []):
        parts = [f"{scenario.goals[g].display_label} {pct(goal_att[g][s, p])}" for g in c.upside_requires]
        met = all(goal_att[g][s, p] >= 100 for g in c.upside_requires)
        out.append(f"pay above 100% needs all of {', '.join(parts)} ≥ 100%: {'met' if met else 'not met, capped at 100%'}")
    return out


def _actual_text(metric, value: float, currency: str = "") -> str:
    if np.isfinite(value):
        return short(value, metric.unit, currency)
    return f"undefined (no {metric.denominator} in the period: its denominator is zero)"


def _objectives_text(c: ObjectivesComponent, scenario: Scenario, months: list[str], detail: dict, s: int, p: int,
                     k: int) -> str:
    """Each objective's scores in the window (by scoring period, with the CEO's note), the weighted score."""
    parts = []
    for o in c.objectives:
        goal = scenario.goals[o.goal]
        labels = list(dict.fromkeys(scoring_period(m, goal.resolved_scoring, scenario.fiscal_year_start) for m in months))
        scored = []
        for label in labels:
            sc = scenario.score_of(o.goal, label)
            if sc is None:
                scored.append(f"{label} not scored yet (0%)")
            else:
                level = f"{sc.score} ({pct(goal.resolved_scoring.levels[sc.score])})" if isinstance(sc.score, str) \
                    else pct(sc.score)
                note = f": '{sc.note}'" if sc.note else ""
                scored.append(f"{label} scored {level} by the CEO{note}")
        parts.append(f"{goal.display_label} " + ", ".join(scored) + f" (weight {o.weight:g}%)")
    text = "; ".join(parts) + f" = {pct(detail['attainment'][s, p, k])} weighted score"
    if c.cap is not None:
        text += f"; capped at {c.cap:g}%"
    return text


def _measure_text(c, scenario: Scenario, detail: dict, s: int, p: int, k: int, goal_att: dict,
                  months: list[str] | None = None) -> str:
    """Attainment and what the curve (or matrix) itself gives, before any condition."""
    if isinstance(c, ObjectivesComponent):
        return _objectives_text(c, scenario, months or [], detail, s, p, k)
    goal = scenario.goals[c.goal]
    metric = METRICS[goal.metric]
    a = detail["attainment"][s, p, k]
    direction = " (lower is better)" if goal.resolved_direction.value == "lower_is_better" else ""
    text = (f"{goal.display_label}: {_actual_text(metric, detail['actual'][s, p, k], scenario.currency)} vs target "
            f"{short(detail['target'][s, p, k], metric.unit, scenario.currency)} = {pct(a)} attainment{direction}")
    if isinstance(c, MatrixComponent):
        gy = scenario.goals[c.goal_y]
        ay = goal_att[c.goal_y][s, p]
        own = matrix_payout(np.array([a]), np.array([ay]), c.levels_x, c.levels_y, c.payouts)[0]
        return text + f"; {gy.display_label} {pct(ay)}; matrix lookup gives {pct(own)}"
    return text + f"; {_curve_text(a, c.curve)}"


def _payout_text(c, plan, detail: dict, s: int, p: int, k: int) -> list[str]:
    """'payout X%' when a condition changed what the curve gave (otherwise nothing to add)."""
    has_conditions = plan.gates or c.gates or getattr(c, "conditional_caps", []) or getattr(c, "upside_requires", [])
    return [f"payout {pct(detail['payout_pct'][s, p, k])}"] if has_conditions else []


def _share_text(rr: RoleResult, plan, start: int, end: int, p: int) -> tuple[float, str]:
    """(target incentive share of months [start, end), how it is counted): TI × months / 12, or × the
    employed fraction of its months (docs/money.md §13), with the plan version when there are several."""
    paid = float(rr.grid.paid_months(np.array([start]), np.array([end]))[0])
    share = plan.annual_target_incentive * paid / 12
    n = end - start
    how = "" if abs(paid - n) < 1e-12 else f" ({paid:.4g} of {n} months employed)"
    if len(rr.versions) > 1:
        how += f" (plan {version_name(rr, p)})"
    return share, how


def version_name(rr: RoleResult, p: int) -> str:
    """'from 2025-07' for a version with an effective month, else 'from the start'."""
    plan = rr.plan_at(p)
    return f"from {plan.effective_from}" if plan.effective_from else "from the start"


def _span(rr: RoleResult, p: int) -> np.ndarray:
    return rr.grid.year_start == rr.grid.year_start[p]


def component_trace(rr: RoleResult, scenario: Scenario, s: int, p: int, k: int, *, true_up: bool = False) -> str:
    """Trace of component k's line in period p (its true-up line when true_up=True)."""
    c = rr.component_at(p, k)
    plan = rr.plan_at(p)
    label = rr.grid.labels[p]
    if isinstance(c, CommissionComponent):
        return _commission_true_up_trace(rr, scenario, s, p, k) if true_up else _commission_trace(rr, scenario, s, p, k)
    if true_up:
        d, goal_att = rr.annual_detail, rr.annual_goal_attainment
        year = year_name(rr, p)
        advances = rr.earned[s, _span(rr, p), k].sum()
        share, how = _share_text(rr, plan, int(rr.grid.year_start[p]), int(rr.grid.end[p]), p)
        window = rr.months[int(rr.grid.year_start[p]):int(rr.grid.end[p])]
        whole = rr.grid.end[p] - rr.grid.year_start[p] == 12
        steps = [f"{c.name} true-up {year} ({'full year' if whole else window[0] + ' to ' + window[-1]} re-measured): "
                 + _measure_text(c, scenario, d, s, p, k, goal_att, window)]
        steps += _conditions_text(c, plan, goal_att, s, p, scenario)
        steps += _payout_text(c, plan, d, s, p, k)
        steps.append(f"weight {c.weight:g}% of {_m(rr, share)} {'annual ' if whole else ''}target incentive{how} = "
                     f"{_m(rr, d['earned'][s, p, k])}")
        steps.append(f"less advances {_m(rr, advances)} = {_m(rr, rr.true_up[s, p, k])}")
        return "; ".join(steps)
    d, goal_att = rr.detail, rr.goal_attainment
    ytd = rr.basis == "ytd"
    first = int(rr.grid.year_start[p] if ytd else rr.grid.start[p])
    share, how = _share_text(rr, plan, first, int(rr.grid.end[p]), p)
    head = f"{c.name} {label}{' year to date' if ytd else ''}: "
    window = rr.months[first:int(rr.grid.end[p])]
    steps = [head + _measure_text(c, scenario, d, s, p, k, goal_att, window)]
    steps += _conditions_text(c, plan, goal_att, s, p, scenario)
    steps += _payout_text(c, plan, d, s, p, k)
    steps.append(f"weight {c.weight:g}% of {_m(rr, share)} target incentive{how} = {_m(rr, d['earned'][s, p, k])}")
    if ytd:
        before = d["earned"][s, p, k] - rr.earned[s, p, k]
        steps.append(f"less earned to date before {_m(rr, before)} = {_m(rr, rr.earned[s, p, k])}")
    elif plan.true_up.value == "annual" and plan.measurement_period.months < 12:
        steps.append("an advance, trued up at year end" if rr.grid.remeasured[p] else
                     "final: the history starts inside this plan year, which is not re-measured")
    return "; ".join(steps)


def year_name(rr: RoleResult, p: int) -> str:
    """The plan year of period p as labels write it: "2024", "FY2025"."""
    return year_label(int(rr.grid.year[p]), rr.grid.fiscal_year_start)


def _commission_trace(rr: RoleResult, scenario: Scenario, s: int, p: int, k: int) -> str:
    c = rr.component_at(p, k)
    plan = rr.plan_at(p)
    goal = scenario.goals[c.goal]
    unit = METRICS[goal.metric].unit
    pos = rr.commission_position
    lo, hi = pos["from"][s, p, k], pos["to"][s, p, k]
    wt = pos["window_target"][p, k]
    where = {"period": "in the period", "quarter": "cumulative in the quarter", "year": "cumulative in the year"}
    if c.tier_basis.value == "attainment":
        bands = [f"from {t.start:g}% of {short(wt, unit, scenario.currency)}" for t in c.tiers]
    else:
        bands = [f"from {short(t.start, unit, scenario.currency)}" for t in c.tiers]
    if c.tier_mode.value == "interpolated":
        tiers = "; ".join(f"{b}: {_m(rr, t.amount or 0)} across the band" for b, t in zip(bands, c.tiers))
    else:
        tiers = "; ".join(f"{b} at {t.rate:g}%" for b, t in zip(bands, c.tiers))
    steps = [f"{c.name} {rr.grid.labels[p]}: {goal.display_label} {short(hi - lo, unit, scenario.currency)} "
             f"({where[c.accumulate.value]}: {short(lo, unit, scenario.currency)} → {short(hi, unit, scenario.currency)})",
             f"{c.tier_mode.value} tiers [{tiers}]"]
    if c.accumulate.value != "period":
        steps.append("commission on the total to date less commission on the total before")
    ungated = pos["ungated"][s, p, k]
    if rr.basis == "ytd" and (plan.gates or c.gates):
        steps.append(f"= {_m(rr, ungated)} before gates")
        steps += _conditions_text(c, plan, rr.goal_attainment, s, p, scenario)
        steps.append("gated year to date: commission to date less commission to date before")
    else:
        steps += _conditions_text(c, plan, rr.period_goal_attainment, s, p, scenario)
    on_target = pos["on_target"][p, k]
    stated = "" if c.target_earnings is not None else ", from the tier table at 100% of target"
    steps.append(f"= {_m(rr, rr.earned[s, p, k])} ({pct(rr.detail['payout_pct'][s, p, k])} of "
                 f"{_m(rr, on_target)} on-target commission{stated})")
    return "; ".join(steps)


def _commission_true_up_trace(rr: RoleResult, scenario: Scenario, s: int, p: int, k: int) -> str:
    c = rr.component_at(p, k)
    in_year = _span(rr, p)
    before_gates = rr.commission_position["ungated"][s, in_year, k].sum()
    advances = rr.earned[s, in_year, k].sum()
    steps = [f"{c.name} true-up {year_name(rr, p)}: the year's commission before gates {_m(rr, before_gates)}"]
    steps += _conditions_text(c, rr.plan_at(p), rr.annual_goal_attainment, s, p, scenario)
    steps.append(f"gates re-tested on the full year give {_m(rr, rr.annual_detail['earned'][s, p, k])}")
    steps.append(f"less advances {_m(rr, advances)} = {_m(rr, rr.true_up[s, p, k])}")
    return "; ".join(steps)


def plan_line_trace(rr: RoleResult, scenario: Scenario, s: int, p: int, line: str, *, true_up: bool = False) -> str:
    plan, label = rr.plan_at(p), rr.grid.labels[p]
    k = len(rr.line_names) - 2
    if true_up:
        return (f"{line} true-up {year_name(rr, p)}: full-year {line} line less the year's advances = "
                f"{_m(rr, rr.true_up[s, p, rr.line_names.index(line)])}")
    amount = rr.earned[s, p, rr.line_names.index(line)]
    if line == MULTIPLIER:
        g = plan.multiplier.goal
        comp = rr.earned[s, p, :k].sum() if rr.basis == "period" else np.nan
        return (f"multiplier {label}: {scenario.goals[g].display_label} {pct(rr.goal_attainment[g][s, p])} attainment "
                f"gives ×{rr.multiplier[s, p]:.4f} on components {_m(rr, comp) if np.isfinite(comp) else 'to date'} "
                f"= {_m(rr, amount)}")
    return (f"plan cap {label}: {plan.plan_cap:g}% of target variable = {_m(rr, rr.cap_limit[p])}"
            f"{' to date' if rr.basis == 'ytd' else ''}; amount above it removed = {_m(rr, amount)}")


def ledger_trace(rr: RoleResult, s: int, p: int, line: str) -> str:
    led, plan, label = rr.ledger, rr.plan_at(p), rr.grid.labels[p]
    amount = led.lines[line][s, p]
    if line == "holdback forfeited":
        if not rr.grid.termination[p]:
            return f"holdback forfeited {label}: nothing (not a termination) = {_m(rr, amount)}"
        return (f"holdback forfeited {label}: employment ends; the plan forfeits the held share "
                f"({plan.holdback_pct:g}% of earned to date, at most what is due) = {_m(rr, amount)}")
    if line == "holdback":
        if rr.grid.closes_year[p]:
            why = "employment ends" if rr.grid.termination[p] else "the plan changes" if _version_ends(rr, p) \
                else "year closed"
            return f"holdback {label}: {why}, held amount released = {_m(rr, amount)}"
        return (f"holdback {label}: {plan.holdback_pct:g}% of earned to date is held "
                f"(balance {_m(rr, led.held[s, p])}); change = {_m(rr, amount)}")
    if line == "floor (no claw-back)":
        return (f"payment floor {label}: a period pays no negative amount; negative earnings are offset against "
                f"later earnings, and at year end {100 - plan.clawback_pct:g}% of any excess is forgiven "
                f"({plan.clawback_pct:g}% clawed back) = {_m(rr, amount)}")
    if line == "draw top-up":
        kind = "recoverable" if plan.draw and plan.draw.recoverable else "non-recoverable"
        cash = led.paid[s, p] - led.lines["draw top-up"][s, p] - led.lines["draw recovery"][s, p] - led.adjustments[p] \
            - led.spiffs[s, p]
        text = (f"draw {label}: a {kind} draw of {_m(rr, plan.draw.amount if plan.draw else 0)} guarantees cash; cash "
                f"from earnings {_m(rr, cash)}")
        if cash < 0:
            text += " (a claw-back, not offset by the draw: the top-up counts from zero)"
        text += f"; top-up = {_m(rr, amount)}"
        if plan.draw and plan.draw.recoverable:
            text += f" (owed after the period {_m(rr, led.draw_balance[s, p])})"
        return text
    if line == "draw recovery":
        if rr.grid.termination[p] and plan.at_termination.draw_balance == "recover":
            return (f"draw recovery {label}: employment ends; the plan recovers the whole draw balance owed "
                    f"= {_m(rr, amount)} (still owed {_m(rr, led.draw_balance[s, p])})")
        text = (f"draw recovery {label}: earlier top-ups recovered from cash above the draw = {_m(rr, amount)} "
                f"(still owed {_m(rr, led.draw_balance[s, p])})")
        if led.draw_forgiven[s, p] > 0:
            when = "at termination" if rr.grid.termination[p] else "at year end"
            text += f"; {_m(rr, led.draw_forgiven[s, p])} forgiven {when} as the plan says"
        return text
    return (f"installments {label}: each payment is spread over {plan.installments} periods; "
            f"this period's cash less its payment due = {_m(rr, amount)} (still deferred {_m(rr, led.deferred[s, p])})")


def _version_ends(rr: RoleResult, p: int) -> bool:
    return p + 1 < rr.grid.n and rr.grid.version[p + 1] != rr.grid.version[p]


def spiff_trace(rr: RoleResult, scenario: Scenario, award, s: int, label: str) -> str:
    """A SPIFF line: its window, condition, how the award follows, where it is paid (docs/money.md §15)."""
    x = award.spiff
    steps = [f"SPIFF {x.name} {x.start} to {x.end}" + (f" ({x.note})" if x.note else "")]
    if x.goal is not None:
        goal = scenario.goals[x.goal]
        unit = METRICS[goal.metric].unit
        steps.append(f"{goal.display_label} over the window {short(award.actual[s], unit, scenario.currency)} "
                     f"({pct(award.attainment[s])} of target)")
        if x.min_actual is not None:
            steps.append(f"needs at least {short(x.min_actual, unit, scenario.currency)}: {'met' if award.met[s] else 'not met, pays 0'}")
        elif x.min_attainment is not None:
            steps.append(f"needs {x.min_attainment:g}% of target: {'met' if award.met[s] else 'not met, pays 0'}")
    if x.amount is not None:
        steps.append(f"fixed award {_m(rr, x.amount)}")
    else:
        steps.append(f"{x.rate_pct:g}% of {short(award.actual[s], METRICS[scenario.goals[x.goal].metric].unit, scenario.currency)}")
    steps.append(f"paid in {label}, outside the weights, holdback, floor, draw and installments = "
                 f"{_m(rr, award.amount[s])}")
    return "; ".join(steps)


def adjustment_trace(rr: RoleResult, adjustment, label: str, amount: float) -> str:
    """An adjustment line: its reason, amount and share."""
    share = "" if adjustment.share_pct == 100 else f" × {adjustment.share_pct:g}% = {_m(rr, amount)}"
    on = "the plan" if adjustment.component == "plan" else adjustment.component
    return (f"adjustment {label} ({adjustment.month}) on {on}: {adjustment.reason}; {_m(rr, adjustment.amount)}{share}; "
            f"paid as stated, outside holdback, floor, draw and installments = {_m(rr, amount)}")


def balance_trace(rr: RoleResult, s: int, p: int, name: str) -> str:
    """A balance after the period: held back, deferred installments, draw owed."""
    led, label = rr.ledger, rr.grid.labels[p]
    value = led.balances[name][s, p]
    plan = rr.plan_at(p)
    if name == "held":
        return f"held back after {label}: {_m(rr, value)} ({plan.holdback_pct:g}% of earned to date, released at year end)"
    if name == "deferred":
        return f"deferred after {label}: {_m(rr, value)} of spread payments not yet paid in cash"
    forgive = "forgiven at year end" if plan.draw and plan.draw.forgive_at_year_end else "carried into the next year"
    return f"draw balance after {label}: {_m(rr, value)} of top-ups still owed, recovered from later cash above the draw ({forgive})"
