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
5. Adjustments are added last, as cash.

paid = earned + holdback + floor + installments + draw top-up + draw recovery + adjustments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from comp_models.engine.rounding import round_cents
from comp_models.periods import PeriodGrid
from comp_models.types import FloatArray

LEDGER_LINES = ("holdback", "floor (no claw-back)", "installments", "draw top-up", "draw recovery")
BALANCES = ("held", "deferred", "draw balance")


@dataclass(frozen=True)
class Ledger:
    """(S, P) arrays. `lines` maps each name of LEDGER_LINES to its amounts; balances are after the period."""

    earned: FloatArray
    lines: dict[str, FloatArray]
    adjustments: FloatArray  # (P,) adjustments paid in each period
    paid: FloatArray
    held: FloatArray  # holdback balance
    deferred: FloatArray  # spread payments not yet paid in cash
    draw_balance: FloatArray  # recoverable draw top-ups still owed
    draw_forgiven: FloatArray  # draw balance forgiven at a year-closing period

    @property
    def balances(self) -> dict[str, FloatArray]:
        return {"held": self.held, "deferred": self.deferred, "draw balance": self.draw_balance}


def _settle(earned: FloatArray, grid: PeriodGrid, holdback_pct: float, clawback_pct: float):
    """Holdback and year-end settlement: (payment due, holdback line, floor line, held after) (S, P)."""
    s, p = earned.shape
    h, claw = holdback_pct / 100.0, clawback_pct / 100.0
    due_paid, hold_line, floor_line, held_after = (np.zeros((s, p)) for _ in range(4))
    etd = ptd = held = np.zeros(s)
    for t in range(p):
        if grid.first_of_year[t]:
            etd, ptd, held = np.zeros(s), np.zeros(s), np.zeros(s)
        etd = etd + earned[:, t]
        if grid.closes_year[t]:
            due = etd - ptd
            pay = np.where(due >= 0, due, round_cents(claw * due))
            new_held = np.zeros(s)
        else:
            positive = np.maximum(etd, 0.0)
            new_held = round_cents(h * positive) if h else np.zeros(s)
            pay = np.maximum(positive - new_held - ptd, 0.0)
        hold_line[:, t] = held - new_held
        floor_line[:, t] = pay - earned[:, t] - hold_line[:, t]
        ptd, held = ptd + pay, new_held
        due_paid[:, t], held_after[:, t] = pay, held
    return due_paid, hold_line, floor_line, held_after


def _spread(due_paid: FloatArray, n: int) -> FloatArray:
    """Cash per period when each payment is spread over n periods: cents(pay / n) in the first n − 1,
    the remainder in the last; parts after the last period are not in the result (deferred)."""
    if n == 1:
        return due_paid.copy()
    s, p = due_paid.shape
    part = round_cents(due_paid / n)
    last = due_paid - (n - 1) * part
    cash = np.zeros((s, p))
    for i in range(min(n, p)):
        cash[:, i:] += (last if i == n - 1 else part)[:, : p - i]
    return cash


def _draw(cash: FloatArray, grid: PeriodGrid, amount: float, recoverable: bool, forgive: bool):
    """Draw top-ups, recoveries, the balance owed after each period and what is forgiven (S, P)."""
    s, p = cash.shape
    top_up, recovery, balance_after, forgiven = (np.zeros((s, p)) for _ in range(4))
    balance = np.zeros(s)
    for t in range(p):
        up = np.maximum(amount - np.maximum(cash[:, t], 0.0), 0.0)
        rec = np.minimum(balance, np.maximum(cash[:, t] - amount, 0.0)) if recoverable else np.zeros(s)
        balance = balance + (up if recoverable else 0.0) - rec
        if forgive and grid.closes_year[t]:
            forgiven[:, t], balance = balance, np.zeros(s)
        top_up[:, t], recovery[:, t], balance_after[:, t] = up, -rec, balance
    return top_up, recovery, balance_after, forgiven


def payment_ledger(earned: FloatArray, grid: PeriodGrid, plan, adjustments: FloatArray | None = None) -> Ledger:
    """Turn earned (S, P) (in cents) into payments. Loops over periods only; vectorised over scenarios."""
    s, p = earned.shape
    adjustments = np.zeros(p) if adjustments is None else np.asarray(adjustments, dtype=np.float64)
    due_paid, hold_line, floor_line, held = _settle(earned, grid, plan.holdback_pct, plan.clawback_pct)
    cash = _spread(due_paid, plan.installments)
    deferred = np.cumsum(due_paid, axis=1) - np.cumsum(cash, axis=1)
    if plan.draw is not None:
        top_up, recovery, balance, forgiven = _draw(cash, grid, plan.draw.amount, plan.draw.recoverable,
                                                    plan.draw.forgive_at_year_end)
    else:
        top_up = recovery = balance = forgiven = np.zeros((s, p))
    lines = {"holdback": hold_line, "floor (no claw-back)": floor_line, "installments": cash - due_paid,
             "draw top-up": top_up, "draw recovery": recovery}
    paid = cash + top_up + recovery + adjustments
    return Ledger(earned, lines, adjustments, paid, held, deferred, balance, forgiven)
