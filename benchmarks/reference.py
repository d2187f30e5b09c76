"""A deliberately plain, per-row reference implementation of the plan rules.

This module re-derives every payout from the documented rules (the docstrings of
`scenario.py`, `_types.py`, `metrics.py`, `targets.py`, `curves.py`, `engine.py` and
`ledger.py`) with ordinary Python loops over scenarios, periods and components and math on
Python floats. It does not call the engine, the curve functions or the ledger: it is the
"straightforward per-row Python implementation" that the engine is tested against (to the
cent, see tests/test_reference.py) and benchmarked against (benchmarks/engine.py).

Only the pydantic plan model, the METRICS registry and (by callers) `resolve_targets` for
monthly targets are shared with the engine.

The rules, as implemented here:

Calendar
    The history starts in January. A plan's measurement periods are calendar-aligned runs of
    1, 3 or 12 months; the last one may be partial. A period closes its year when its last
    month is a December.

Metrics and attainment
    A metric on a window of months is computed from sums over the window's months: a sum, a
    ratio of sums (plus the extra numerator / denominator columns), or forecast accuracy
    1 - |actual - forecast| / forecast floored at 0. A zero (or negative) denominator makes
    the value undefined. A window's target is the sum of the monthly targets (summed
    metrics) or their mean (ratio and accuracy metrics). Attainment is 100 * actual / target
    when higher is better, 100 * max(0, 2 - actual / target) when lower is better, and 0
    when the actual is undefined.

Weighted components (bonus, matrix)
    Payout % from the curve (nothing below the first point, linear between points, flat
    after the last) or from the matrix (the highest level reached on each goal; nothing
    below the first level of either). Then, on the same window's attainments: plan and
    component gates (pay 0 unless the gate goal reaches its level), conditional caps (payout
    at most `cap` unless the goal reaches `min_attainment`), joint upside (payout at most 100
    unless every listed goal is >= 100). Earned = payout % * weight % * annual target
    incentive * months of the window / 12.

Commission
    On the metric's amount column. The tier position is measured on the period alone, or
    cumulatively from the start of the calendar quarter / year (`accumulate`); a period earns
    commission(amount to date) - commission(amount before the period). Tier starts (and the
    ceiling) are currency amounts, or percents of the accumulation window's whole target
    (the targets run to the December of the last year, `comp_models.engine.through_year_end`, so a
    window the history stops inside still reads its full target; clipped to the targets). Marginal: each band at its rate; retroactive: the highest
    reached tier's rate on the whole amount, capped at the ceiling; interpolated: each tier's
    amount earned pro rata across its band, the last band ending at the ceiling. Plan and
    component gates apply on the period's attainments. Commission is earned per period: a
    true-up re-measures attainment-based components and plan adjustments, and takes the
    commission of the year (or year to date) as the sum of its periods' commission.

Plan adjustments
    The components' total on a window is multiplied by the multiplier curve of the goal's
    attainment on that window (flat below the first point and after the last), then capped
    at plan_cap % of the annual target variable * window months / 12.

True-up
    none: each period's amount is final. annual (periods shorter than a year): periods earn
    advances; at a period that closes a year, the plan is re-measured on the whole year and
    the difference to the year's advances is added to that period. ytd: each period earns
    the plan re-measured year to date minus the same for the previous period of the year.

Ledger (per plan year)
    ETD = running total of earned. Before the year closes, paid-to-date is brought up to
    (1 - holdback) * max(ETD, 0), never paying a negative amount. At the year-closing period
    the plan pays ETD - paid-to-date; a negative amount is clawed back at clawback_pct and
    the rest forgiven. A draw (only when the plan has one) tops every period's payment up to
    the draw amount; a recoverable draw's top-ups are recovered from later payments above
    the draw within the year and forgiven at year end. Finally each payment is spread evenly
    over `installments` periods (this one and the following), what falls after the history
    being deferred.
"""

from __future__ import annotations

import math

from comp_models.types import Accumulate, Aggregation, Direction, TierBasis, TierMode, TrueUp
from comp_models.metrics import METRICS
from comp_models.plans import BonusComponent, CommissionComponent, MatrixComponent, Plan, Scenario

NAN = float("nan")


# ---------------------------------------------------------------------------------------
# Primitives on plain floats


def curve_pct(attainment: float, curve: list[tuple[float, float]], flat_below: bool = False) -> float:
    """Payout % of a piecewise-linear curve of [attainment %, payout %] points."""
    if math.isnan(attainment):
        attainment = 0.0
    first_x, first_y = curve[0]
    if attainment < first_x:
        return first_y if flat_below else 0.0
    last_x, last_y = curve[-1]
    if attainment >= last_x:
        return last_y
    for (x0, y0), (x1, y1) in zip(curve, curve[1:]):
        if x0 <= attainment < x1:
            return y0 + (y1 - y0) * (attainment - x0) / (x1 - x0)
    return last_y  # not reached: the loop covers [first_x, last_x)


def highest_level(attainment: float, levels: list[float]) -> int:
    """Index of the highest level reached (attainment >= level), -1 when none is."""
    if math.isnan(attainment):
        attainment = 0.0
    reached = -1
    for i, level in enumerate(levels):
        if attainment >= level:
            reached = i
    return reached


def matrix_pct(att_x: float, att_y: float, c: MatrixComponent) -> float:
    ix = highest_level(att_x, c.levels_x)
    iy = highest_level(att_y, c.levels_y)
    if ix < 0 or iy < 0:
        return 0.0
    return float(c.payouts[iy][ix])


def commission_on(amount: float, starts: list[float], mode: TierMode, rates: list[float],
                  tier_amounts: list[float], ceiling: float | None) -> float:
    """Commission earned on a (cumulative) amount from one tier table."""
    n = len(starts)
    ends = [starts[t + 1] if t + 1 < n else (math.inf if ceiling is None else ceiling) for t in range(n)]
    if mode is TierMode.MARGINAL:
        total = 0.0
        for t in range(n):
            band = min(amount, ends[t]) - starts[t]
            if band > 0:
                total += band * rates[t] / 100.0
        return total
    if mode is TierMode.RETROACTIVE:
        tier = -1
        for t in range(n):
            if amount >= starts[t]:
                tier = t
        if tier < 0:
            return 0.0
        base = amount if ceiling is None else min(amount, ceiling)
        return base * rates[tier] / 100.0
    total = 0.0  # interpolated
    for t in range(n):
        frac = (amount - starts[t]) / (ends[t] - starts[t])
        total += min(1.0, max(0.0, frac)) * tier_amounts[t]
    return total


# ---------------------------------------------------------------------------------------
# One scenario's monthly data


class _Data:
    """One scenario's monthly columns and the scenario's monthly targets."""

    def __init__(self, scenario: Scenario, columns: dict[str, list[float]], targets: dict[str, list[float]]):
        self.scenario = scenario
        self.columns = columns
        self.targets = targets
        self._att: dict[tuple[str, int, int], float] = {}

    def total(self, column: str, a: int, b: int) -> float:
        values = self.columns[column]
        s = 0.0
        for i in range(a, b):
            s += values[i]
        return s

    def actual(self, goal_id: str, a: int, b: int) -> float:
        m = METRICS[self.scenario.goals[goal_id].metric]
        num = self.total(m.numerator, a, b)
        if m.aggregation is Aggregation.SUM:
            return num
        if m.extra_numerator:
            num += self.total(m.extra_numerator, a, b)
        den = self.total(m.denominator, a, b)
        if m.extra_denominator:
            den += self.total(m.extra_denominator, a, b)
        if not den > 0:
            return NAN
        if m.aggregation is Aggregation.RATIO:
            return num / den
        return max(0.0, 1.0 - abs(num - den) / den)

    def target(self, goal_id: str, a: int, b: int) -> float:
        t = 0.0
        for i in range(a, b):
            t += self.targets[goal_id][i]
        if METRICS[self.scenario.goals[goal_id].metric].aggregation is not Aggregation.SUM:
            t /= max(b - a, 1)
        return t

    def attainment(self, goal_id: str, a: int, b: int) -> float:
        key = (goal_id, a, b)
        if key not in self._att:
            actual = self.actual(goal_id, a, b)
            if math.isnan(actual):
                att = 0.0
            else:
                ratio = actual / self.target(goal_id, a, b)
                if self.scenario.goals[goal_id].resolved_direction is Direction.HIGHER:
                    att = 100.0 * ratio
                else:
                    att = 100.0 * max(0.0, 2.0 - ratio)
            self._att[key] = att
        return self._att[key]


# ---------------------------------------------------------------------------------------
# A plan on one scenario


def _periods(months: list[str], months_per_period: int) -> list[tuple[int, int]]:
    out = []
    a = 0
    while a < len(months):
        out.append((a, min(a + months_per_period, len(months))))
        a += months_per_period
    return out


def _year_start(months: list[str], a: int) -> int:
    """First month index of month a's calendar year (within the history)."""
    i = a
    while i > 0 and months[i - 1][:4] == months[a][:4]:
        i -= 1
    return i


def _gates_open(c, plan: Plan, data: _Data, a: int, b: int) -> bool:
    for gate in [*plan.gates, *c.gates]:
        if not data.attainment(gate.goal, a, b) >= gate.min_attainment:
            return False
    return True


def _weighted_pct(c: BonusComponent | MatrixComponent, plan: Plan, data: _Data, a: int, b: int) -> float:
    att = data.attainment(c.goal, a, b)
    if isinstance(c, BonusComponent):
        pct = curve_pct(att, c.curve)
    else:
        pct = matrix_pct(att, data.attainment(c.goal_y, a, b), c)
    if not _gates_open(c, plan, data, a, b):
        pct = 0.0
    for cc in c.conditional_caps:
        if not data.attainment(cc.goal, a, b) >= cc.min_attainment:
            pct = min(pct, cc.cap)
    if c.upside_requires and not all(data.attainment(g, a, b) >= 100.0 for g in c.upside_requires):
        pct = min(pct, 100.0)
    return pct


def _period_commission(c: CommissionComponent, plan: Plan, data: _Data, months: list[str], a: int, b: int) -> float:
    if c.accumulate is Accumulate.PERIOD:
        acc_start, acc_end = a, b
    elif c.accumulate is Accumulate.QUARTER:
        moy = int(months[a][5:7]) - 1  # month of year, 0-based
        acc_start = a - moy % 3
        acc_end = min(acc_start + 3, len(data.targets[c.goal]))
    else:
        acc_start = _year_start(months, a)
        acc_end = min(acc_start + 12, len(data.targets[c.goal]))
    # the tier window's whole target: targets run to the year's end even when the months stop inside it
    column = METRICS[data.scenario.goals[c.goal].metric].numerator
    before = data.total(column, acc_start, a)
    upto = before + data.total(column, a, b)
    starts = [t.start for t in c.tiers]
    ceiling = c.ceiling
    if c.tier_basis is TierBasis.ATTAINMENT:
        window_target = 0.0
        for i in range(acc_start, acc_end):
            window_target += data.targets[c.goal][i]
        starts = [s / 100.0 * window_target for s in starts]
        ceiling = None if ceiling is None else ceiling / 100.0 * window_target
    rates = [t.rate or 0.0 for t in c.tiers]
    amounts = [t.amount or 0.0 for t in c.tiers]
    earned = (commission_on(upto, starts, c.tier_mode, rates, amounts, ceiling)
              - commission_on(before, starts, c.tier_mode, rates, amounts, ceiling))
    return earned if _gates_open(c, plan, data, a, b) else 0.0


def _plan_on_window(plan: Plan, data: _Data, a: int, b: int, commission: list[float]) -> float:
    """What the plan earns on months [a, b): components, multiplier, plan cap.

    commission[i] is the commission component i earned on the window (0 for the others).
    """
    share = plan.annual_target_incentive * (b - a) / 12.0
    total = 0.0
    for i, c in enumerate(plan.components):
        if isinstance(c, CommissionComponent):
            total += commission[i]
        else:
            total += _weighted_pct(c, plan, data, a, b) / 100.0 * c.weight / 100.0 * share
    if plan.multiplier is not None:
        factor = curve_pct(data.attainment(plan.multiplier.goal, a, b), plan.multiplier.curve, flat_below=True)
        total *= factor / 100.0
    if plan.plan_cap is not None:
        total = min(total, plan.plan_cap / 100.0 * plan.annual_target_variable * (b - a) / 12.0)
    return total


def plan_earned(plan: Plan, data: _Data, months: list[str]) -> list[float]:
    """Per-period earned (true-up included) of one plan on one scenario."""
    periods = _periods(months, plan.measurement_period.months)
    comm = []
    for a, b in periods:
        comm.append([_period_commission(c, plan, data, months, a, b) if isinstance(c, CommissionComponent) else 0.0
                     for c in plan.components])
    short_periods = plan.measurement_period.months < 12
    earned = []
    year_advances = 0.0
    year_commission = [0.0] * len(plan.components)
    previous_to_date = 0.0
    for p, (a, b) in enumerate(periods):
        ys = _year_start(months, a)
        if p == 0 or months[periods[p - 1][0]][:4] != months[a][:4]:
            year_advances, previous_to_date = 0.0, 0.0
            year_commission = [0.0] * len(plan.components)
        year_commission = [x + y for x, y in zip(year_commission, comm[p])]
        closes = months[b - 1][5:7] == "12"
        if plan.true_up is TrueUp.YTD and short_periods:
            to_date = _plan_on_window(plan, data, ys, b, year_commission)
            earned.append(to_date - previous_to_date)
            previous_to_date = to_date
            continue
        advance = _plan_on_window(plan, data, a, b, comm[p])
        year_advances += advance
        if plan.true_up is TrueUp.ANNUAL and short_periods and closes:
            annual = _plan_on_window(plan, data, ys, b, year_commission)
            earned.append(advance + (annual - year_advances))
        else:
            earned.append(advance)
    return earned


def plan_paid(plan: Plan, earned: list[float], months: list[str]) -> list[float]:
    """Per-period cash paid from per-period earned, by the payment rules."""
    periods = _periods(months, plan.measurement_period.months)
    keep = 1.0 - plan.holdback_pct / 100.0
    claw = plan.clawback_pct / 100.0
    draw = plan.draw
    due = []
    etd = paid_to_date = draw_balance = 0.0
    for p, (a, b) in enumerate(periods):
        if p == 0 or months[periods[p - 1][0]][:4] != months[a][:4]:
            etd = paid_to_date = draw_balance = 0.0
        etd += earned[p]
        closes = months[b - 1][5:7] == "12"
        if closes:
            pay = etd - paid_to_date
            if pay < 0:
                pay = claw * pay
        else:
            pay = max(0.0, keep * max(etd, 0.0) - paid_to_date)
        paid_to_date += pay
        cash = pay
        if draw is not None:
            top_up = max(0.0, draw.amount - pay)
            cash += top_up
            if draw.recoverable:
                recovered = min(draw_balance, max(0.0, pay - draw.amount))
                cash -= recovered
                draw_balance += top_up - recovered
            if closes:
                draw_balance = 0.0
        due.append(cash)
    n = plan.installments
    paid = []
    for t in range(len(due)):
        cash = 0.0
        for i in range(n):
            if t - i >= 0:
                cash += due[t - i] / n
        paid.append(cash)
    return paid


def reference_replay(scenario: Scenario, months: list[str], columns: dict[str, list[list[float]]],
                     targets: dict[str, list[float]]) -> dict[str, dict[str, list[list[float]]]]:
    """Replay every role on S scenarios of monthly data.

    columns: history column -> S lists of M monthly values; targets: goal id -> monthly targets
    for at least the M months (e.g. `resolve_targets(scenario, through_year_end(months), ...)`,
    which runs to the last year's December: commission tier windows read their whole target). Returns role -> {"earned": S lists of P per-period
    earned (true-up included), "paid": S lists of P per-period cash paid}.
    """
    n = len(next(iter(columns.values())))
    out: dict[str, dict[str, list[list[float]]]] = {r: {"earned": [], "paid": []} for r in scenario.roles}
    for s in range(n):
        data = _Data(scenario, {c: v[s] for c, v in columns.items()}, targets)
        for role, plan in scenario.roles.items():
            earned = plan_earned(plan, data, months)
            out[role]["earned"].append(earned)
            out[role]["paid"].append(plan_paid(plan, earned, months))
    return out
