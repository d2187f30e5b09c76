"""The payment ledger: from what a plan earned per period to what is paid, and why.

Rules (per role, per plan year, vectorised over scenarios):
- Earned-to-date (ETD) is the running total of the period's earned lines (true-up included).
- Holdback h%: before the year closes a period pays up to (1 - h) * max(ETD, 0); the rest is
  held and released at the year-closing period.
- No claw-back by default: a period never pays a negative amount; a later period first makes
  good the excess. At the year-closing period the plan pays ETD minus paid-to-date; if that
  is negative, `clawback_pct` of it is recovered and the rest forgiven.
- Draw: each period pays at least the draw. A recoverable draw's top-up is recovered only
  from later payments above the draw, within the year; what is unrecovered at year end is
  forgiven.
- Installments n: each payment is spread evenly over n periods (this one and the next n-1);
  what falls after the last period of the history is reported as deferred.

So for each period: paid = earned + holdback + floor + draw_top_up + draw_recovery + installments,
each a named line, and over a closed year holdback sums to 0 and floor to the forgiven excess.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from comp_models.types import FloatArray
from comp_models.periods import PeriodGrid

LEDGER_LINES = ("holdback", "floor (no claw-back)", "draw top-up", "draw recovery", "installments")


@dataclass(frozen=True)
class Ledger:
    """(S, P) arrays. `lines` maps each name of LEDGER_LINES to its amounts."""

    earned: FloatArray
    lines: dict[str, FloatArray]
    paid: FloatArray
    held: FloatArray  # holdback balance after the period
    draw_balance: FloatArray  # unrecovered recoverable draw after the period
    deferred: FloatArray  # (S,) installments falling after the last period


def payment_ledger(earned: FloatArray, grid: PeriodGrid, plan) -> Ledger:
    """Turn earned (S, P) into payments. Loops over periods only; vectorised over scenarios."""
    s, p = earned.shape
    h = plan.holdback_pct / 100.0
    claw = plan.clawback_pct / 100.0
    draw = plan.draw.amount if plan.draw else 0.0
    recoverable = bool(plan.draw and plan.draw.recoverable)
    due_paid = np.zeros((s, p))
    hold_line, floor_line, top_up, recovery = (np.zeros((s, p)) for _ in range(4))
    held_after, balance_after = np.zeros((s, p)), np.zeros((s, p))
    etd = ptd = held = balance = np.zeros(s)
    for t in range(p):
        if grid.first_of_year[t]:
            etd, ptd, held, balance = np.zeros(s), np.zeros(s), np.zeros(s), np.zeros(s)
        etd = etd + earned[:, t]
        if grid.closes_year[t]:
            due = etd - ptd
            pay = np.where(due >= 0, due, claw * due)
            new_held = np.zeros(s)
        else:
            new_held = h * np.maximum(etd, 0.0)
            pay = np.maximum(np.maximum(etd, 0.0) - new_held - ptd, 0.0)
        hold_line[:, t] = held - new_held
        floor_line[:, t] = pay - earned[:, t] - hold_line[:, t]
        ptd, held = ptd + pay, new_held
        # draw: guarantee at least the draw; recover a recoverable shortfall from later excess
        if plan.draw is None:  # no guarantee: a year-end claw-back stays negative
            up = rec = np.zeros(s)
        else:
            up = np.maximum(draw - pay, 0.0)
            rec = np.minimum(balance, np.maximum(pay - draw, 0.0)) if recoverable else np.zeros(s)
        balance = balance + (up if recoverable else 0.0) - rec
        if grid.closes_year[t]:
            balance = np.zeros(s)  # unrecovered draw is forgiven at year end
        top_up[:, t], recovery[:, t] = up, -rec
        due_paid[:, t] = pay + up - rec
        held_after[:, t], balance_after[:, t] = held, balance
    n = plan.installments
    cash = np.zeros((s, p))
    for i in range(n):  # spread each payment over n periods
        cash[:, i:] += due_paid[:, : p - i] / n
    deferred = due_paid.sum(axis=1) - cash.sum(axis=1)
    lines = {"holdback": hold_line, "floor (no claw-back)": floor_line, "draw top-up": top_up,
             "draw recovery": recovery, "installments": cash - due_paid}
    return Ledger(earned, lines, cash, held_after, balance_after, deferred)
