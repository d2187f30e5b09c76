"""The payment ledger: from what a plan earned per period to what is paid, and why (docs/money.md §8).

Per role, in period order, vectorised over scenarios, on amounts already in cents:
1. Holdback h%: before the year closes, paid-to-date of earnings is brought up to
   max(ETD, 0) − cents(h · max(ETD, 0)), never paying a negative amount (ETD = earned to date in
   the plan year); the held amount is released at the year-closing period.
2. Year-end settlement: at the year-closing period the plan pays ETD − paid-to-date; a negative
   amount is recovered at clawback_pct (the claw-back) and the rest forgiven. The floor line
   carries negative earnings until later earnings make them good. An open year is not settled.
3. Installments n: each payment is spread over n periods (across years if need be), cents(pay / n)
   in each but the last, which takes the remainder; what falls after the history is deferred.
4. Draw: the period's cash from earnings is topped up to the draw — counted from zero when the
   cash is negative, so a claw-back is never offset. A recoverable draw's top-ups are a balance
   recovered only from later cash above the draw; it carries into the next year unless the draw
   is forgiven at year end.
5. Adjustments and SPIFFs are added last, as cash.
6. Termination (docs/money.md §13): the span closing at the last employed period is settled like a
   year end, less the held share when the holdback is forfeited; a recoverable draw's balance is
   then forgiven or recovered whole.
Each period uses the parameters of the plan version in force (§14).

paid = earned + holdback + holdback forfeited + floor + installments + draw top-up + draw recovery
       + adjustments + SPIFFs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from comp_models.engine.rounding import round_cents
from comp_models.periods import PeriodGrid
from comp_models.types import FloatArray, IntArray

LEDGER_LINES = ("holdback", "holdback forfeited", "floor (no claw-back)", "installments", "draw top-up",
                "draw recovery")
BALANCES = ("held", "deferred", "draw balance")


@dataclass(frozen=True)
class Ledger:
    """(S, P) arrays. `lines` maps each name of LEDGER_LINES to its amounts; balances are after the period."""

    earned: FloatArray
    lines: dict[str, FloatArray]
    adjustments: FloatArray  # (P,) adjustments paid in each period
    spiffs: FloatArray  # (S, P) SPIFF awards paid in each period
    paid: FloatArray
    held: FloatArray  # holdback balance
    deferred: FloatArray  # spread payments not yet paid in cash
    draw_balance: FloatArray  # recoverable draw top-ups still owed
    draw_forgiven: FloatArray  # draw balance forgiven at a year-closing period

    @property
    def balances(self) -> dict[str, FloatArray]:
        return {"held": self.held, "deferred": self.deferred, "draw balance": self.draw_balance}


def _settle(earned: FloatArray, grid: PeriodGrid, holdback_pct: FloatArray, clawback_pct: FloatArray,
            forfeit: np.ndarray):
    """Holdback and span-end settlement: (payment due, holdback line, forfeited line, floor line, held
    after) (S, P). Percentages are per period (the version in force); `forfeit` marks the termination
    periods whose held share is forfeited."""
    s, p = earned.shape
    due_paid, hold_line, forfeit_line, floor_line, held_after = (np.zeros((s, p)) for _ in range(5))
    etd = ptd = held = np.zeros(s)
    first, closes = grid.first_of_year, grid.closes_year
    for t in range(p):
        h, claw = holdback_pct[t] / 100.0, clawback_pct[t] / 100.0
        if first[t]:
            etd, ptd, held = np.zeros(s), np.zeros(s), np.zeros(s)
        etd = etd + earned[:, t]
        if closes[t]:
            due = etd - ptd
            lost = np.minimum(np.maximum(due, 0.0), round_cents(h * np.maximum(etd, 0.0))) if forfeit[t] and h \
                else np.zeros(s)
            pay = np.where(due >= 0, due - lost, round_cents(claw * due))
            forfeit_line[:, t] = -lost
            new_held = np.zeros(s)
        else:
            positive = np.maximum(etd, 0.0)
            new_held = round_cents(h * positive) if h else np.zeros(s)
            pay = np.maximum(positive - new_held - ptd, 0.0)
        hold_line[:, t] = held - new_held
        floor_line[:, t] = pay - earned[:, t] - hold_line[:, t] - forfeit_line[:, t]
        ptd, held = ptd + pay, new_held
        due_paid[:, t], held_after[:, t] = pay, held
    return due_paid, hold_line, forfeit_line, floor_line, held_after


def _spread(due_paid: FloatArray, n: IntArray) -> FloatArray:
    """Cash per period when each payment is spread over n[t] periods (its version's installments):
    cents(pay / n) in the first n − 1, the remainder in the last; parts after the last period are not in
    the result (deferred)."""
    if (n == 1).all():
        return due_paid.copy()
    s, p = due_paid.shape
    cash = np.zeros((s, p))
    for k in np.unique(n):
        k = int(k)
        mine = np.where(n == k, due_paid, 0.0)
        if k == 1:
            cash += mine
            continue
        part = round_cents(mine / k)
        last = mine - (k - 1) * part
        for i in range(min(k, p)):
            cash[:, i:] += (last if i == k - 1 else part)[:, : p - i]
    return cash


def _draw(cash: FloatArray, grid: PeriodGrid, versions) -> tuple[FloatArray, ...]:
    """Draw top-ups, recoveries, the balance owed after each period and what is forgiven (S, P), with
    each period's draw the version in force's (none: no top-up, and a balance carried is still
    recovered from cash)."""
    s, p = cash.shape
    top_up, recovery, balance_after, forgiven = (np.zeros((s, p)) for _ in range(4))
    balance = np.zeros(s)
    for t in range(p):
        plan = versions[int(grid.version[t])]
        draw = plan.draw
        amount = draw.amount if draw else 0.0
        up = np.maximum(amount - np.maximum(cash[:, t], 0.0), 0.0) if draw else np.zeros(s)
        rec = np.minimum(balance, np.maximum(cash[:, t] - amount, 0.0))
        recoverable = bool(draw and draw.recoverable)
        balance = balance + (up if recoverable else 0.0) - rec
        if grid.termination[t]:
            if plan.at_termination.draw_balance == "recover":
                rec, balance = rec + balance, np.zeros(s)
            else:
                forgiven[:, t], balance = balance, np.zeros(s)
        elif draw and draw.forgive_at_year_end and grid.closes_year[t] and _ends_plan_year(grid, t):
            forgiven[:, t], balance = balance, np.zeros(s)
        top_up[:, t], recovery[:, t], balance_after[:, t] = up, -rec, balance
    return top_up, recovery, balance_after, forgiven


def _ends_plan_year(grid: PeriodGrid, t: int) -> bool:
    """The period's last month is its plan year's last (not a plan change or a leaving inside the year)."""
    return (grid.offset0 + int(grid.end[t])) % 12 == 0


def payment_ledger(earned: FloatArray, grid: PeriodGrid, versions, adjustments: FloatArray | None = None,
                   spiffs: FloatArray | None = None) -> Ledger:
    """Turn earned (S, P) (in cents) into payments. `versions`: the role's plan versions (grid.version
    indexes them), or one plan. Loops over periods only; vectorised over scenarios."""
    versions = list(versions) if isinstance(versions, (list, tuple)) else [versions]
    s, p = earned.shape
    adjustments = np.zeros(p) if adjustments is None else np.asarray(adjustments, dtype=np.float64)
    spiffs = np.zeros((s, p)) if spiffs is None else np.asarray(spiffs, dtype=np.float64)
    at = [versions[int(v)] for v in grid.version]
    hold = np.array([x.holdback_pct for x in at])
    claw = np.array([x.clawback_pct for x in at])
    forfeit = grid.termination & np.array([x.at_termination.holdback == "forfeit" for x in at], dtype=bool)
    due_paid, hold_line, forfeit_line, floor_line, held = _settle(earned, grid, hold, claw, forfeit)
    cash = _spread(due_paid, np.array([x.installments for x in at], dtype=np.int64))
    deferred = np.cumsum(due_paid, axis=1) - np.cumsum(cash, axis=1)
    if any(x.draw is not None for x in versions):
        top_up, recovery, balance, forgiven = _draw(cash, grid, versions)
    else:
        top_up = recovery = balance = forgiven = np.zeros((s, p))
    lines = {"holdback": hold_line, "holdback forfeited": forfeit_line, "floor (no claw-back)": floor_line,
             "installments": cash - due_paid, "draw top-up": top_up, "draw recovery": recovery}
    paid = cash + top_up + recovery + adjustments + spiffs
    return Ledger(earned, lines, adjustments, spiffs, paid, held, deferred, balance, forgiven)
