"""The payment ledger (docs/money.md §8), per role, in period order, in integer cents."""

from __future__ import annotations

from collections import defaultdict

from .measure import cents, pct_of_cents


def holdback_step(h: float, etd: int, ptd: int) -> tuple[int, int]:
    """§8.1: before a year closes, `held_t = cents(h/100 · max(ETD, 0))` and
    `pay_t = max(0, max(ETD, 0) − held_t − PTD)`. Returns (pay, held)."""
    earned = max(etd, 0)
    held = pct_of_cents(h, earned)
    return max(0, earned - held - ptd), held


def settlement_step(clawback_pct: float, etd: int, ptd: int) -> tuple[int, int]:
    """§8.2: at the year-closing period `due = ETD − PTD`; pay `due` when ≥ 0, else
    `cents(clawback_pct/100 · due)`, the rest forgiven. Returns (pay, forgiven excess)."""
    due = etd - ptd
    pay = due if due >= 0 else pct_of_cents(clawback_pct, due)
    return pay, pay - due


def installment_pieces(pay: int, n: int) -> list[int]:
    """§8.3: `cents(pay_t / n)` in each of the first n − 1 periods, the remainder in the last."""
    piece = cents(pay / 100.0 / n)
    return [piece] * (n - 1) + [pay - piece * (n - 1)]


def draw_step(draw: dict, cash: int, balance: int) -> tuple[int, int]:
    """§8.4: `top_up = max(0, draw − max(cash, 0))`; a recoverable draw recovers
    `min(balance, max(0, cash − draw))` from cash above the draw. Returns (top-up, recovery ≥ 0)."""
    amount = cents(draw["amount"])
    top_up = max(0, amount - max(cash, 0))
    recovery = min(balance, max(0, cash - amount)) if draw["recoverable"] else 0
    return top_up, recovery


def run_ledger(plan: dict, periods: list[dict], earned: list[int], adjustments: list[int]) -> list[dict]:
    """§8 for one role: each period's payment lines, balances and the state the §8 invariant reads.

    periods: the role's periods (year, closes_year); earned: each period's E_t in cents (true-ups
    included, adjustments excluded); adjustments: each period's adjustment cents (§8.5)."""
    h, n, draw = plan["holdback_pct"], plan["installments"], plan["draw"]
    out = []
    schedule: dict[int, int] = defaultdict(int)
    etd = ptd = held_prev = 0
    sum_pay = sum_cash = draw_balance = 0
    year = None
    for t, (p, e_t) in enumerate(zip(periods, earned)):
        if p["year"] != year:  # a new plan year: earned and paid to date restart (the last one was settled)
            year, etd, ptd, held_prev = p["year"], 0, 0, 0
        etd += e_t
        forgiven_excess = forgiven_draw = 0
        if p["closes_year"]:
            pay, forgiven_excess = settlement_step(plan["clawback_pct"], etd, ptd)
            held = 0
        else:
            pay, held = holdback_step(h, etd, ptd)
        holdback = held_prev - held
        floor = pay - e_t - holdback
        ptd += pay
        held_prev = held
        for k, piece in enumerate(installment_pieces(pay, n)):
            schedule[t + k] += piece
        cash = schedule[t]
        sum_pay += pay
        sum_cash += cash
        top_up = recovery = 0
        if draw:
            top_up, recovery = draw_step(draw, cash, draw_balance)
            if draw["recoverable"]:
                draw_balance += top_up - recovery
                if p["closes_year"] and draw["forgive_at_year_end"]:
                    forgiven_draw, draw_balance = draw_balance, 0
        out.append({
            "holdback": holdback, "floor": floor, "installments": cash - pay, "top_up": top_up,
            "recovery": -recovery, "adjustments": adjustments[t],
            "paid": e_t + holdback + floor + (cash - pay) + top_up - recovery + adjustments[t],
            "held": held, "deferred": sum_pay - sum_cash, "draw_balance": draw_balance,
            # state for the §8 invariant (not statement lines)
            "pay": pay, "cash": cash, "etd": etd, "ptd": ptd, "forgiven_excess": forgiven_excess,
            "forgiven_draw": forgiven_draw,
            "nonrecoverable_top_up": top_up if draw and not draw["recoverable"] else 0,
        })
    return out
