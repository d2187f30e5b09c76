"""The payment ledger (docs/money.md §8, §13, §14), per role, in period order, in integer cents."""

from __future__ import annotations

from collections import defaultdict

from .measure import cents, pct_of_cents


def holdback_step(h: float, etd: int, ptd: int) -> tuple[int, int]:
    """§8.1: before a year closes, `held_t = cents(h/100 · max(ETD, 0))` and
    `pay_t = max(0, max(ETD, 0) − held_t − PTD)`. Returns (pay, held)."""
    earned = max(etd, 0)
    held = pct_of_cents(h, earned)
    return max(0, earned - held - ptd), held


def settlement_step(clawback_pct: float, etd: int, ptd: int, forfeit_pct: float | None = None) -> tuple[int, int, int]:
    """§8.2: at the period closing a span (a plan year, a version's span, a partial year)
    `due = ETD − PTD`; pay `due` when ≥ 0, else `cents(clawback_pct/100 · due)`, the rest forgiven.
    §13, at termination with `holdback = "forfeit"` (forfeit_pct = the holdback %):
    `forfeited = min(max(due, 0), cents(h/100 · max(ETD, 0)))` and `pay = due − forfeited` when due ≥ 0.
    Returns (pay, forgiven excess, forfeited)."""
    due = etd - ptd
    if due >= 0:
        forfeited = min(due, pct_of_cents(forfeit_pct, max(etd, 0))) if forfeit_pct is not None else 0
        return due - forfeited, 0, forfeited
    pay = pct_of_cents(clawback_pct, due)
    return pay, pay - due, 0


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


def run_ledger(periods: list[dict], earned: list[int], adjustments: list[int], spiffs: list[int] | None = None) -> list[dict]:
    """§8 for one role: each period's payment lines, balances and the state the §8 invariant reads.

    periods: the role's periods, each with its plan version (`plan`, whose holdback, claw-back,
    installments and draw apply, §14), its span (`span`: earned and paid to date restart with it),
    `closes` (it closes a closed span: settled), `termination` (§13) and `year_end` (it closes the plan
    year: a draw's forgive_at_year_end); earned: each period's E_t in cents (true-ups included,
    adjustments and SPIFFs excluded); adjustments, spiffs: each period's cash lines outside the ledger
    (§8.5, §15)."""
    spiffs = spiffs or [0] * len(periods)
    out = []
    schedule: dict[int, int] = defaultdict(int)
    etd = ptd = held_prev = 0
    sum_pay = sum_cash = draw_balance = 0
    span = None
    for t, (p, e_t) in enumerate(zip(periods, earned)):
        plan = p["plan"]
        h, n, draw = plan["holdback_pct"], plan["installments"], plan["draw"]
        if p["span"] != span:  # a new span: earned and paid to date restart (the last one was settled)
            span, etd, ptd, held_prev = p["span"], 0, 0, 0
        etd += e_t
        forgiven_excess = forgiven_draw = forfeited = recovered_at_termination = 0
        if p["closes"]:
            forfeit = h if p["termination"] and plan["at_termination"]["holdback"] == "forfeit" else None
            pay, forgiven_excess, forfeited = settlement_step(plan["clawback_pct"], etd, ptd, forfeit)
            held = 0
        else:
            pay, held = holdback_step(h, etd, ptd)
        holdback = held_prev - held
        floor = pay - e_t - holdback + forfeited  # pay − E − holdback line − holdback forfeited line (−forfeited)
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
        if p["termination"] and draw_balance:
            if plan["at_termination"]["draw_balance"] == "recover":  # §13: the last recovery takes the rest
                recovered_at_termination, recovery, draw_balance = draw_balance, recovery + draw_balance, 0
            else:
                forgiven_draw, draw_balance = draw_balance, 0
        if p["year_end"] and draw and draw["recoverable"] and draw["forgive_at_year_end"] and draw_balance:
            forgiven_draw, draw_balance = forgiven_draw + draw_balance, 0
        out.append({
            "holdback": holdback, "forfeited": -forfeited, "floor": floor, "installments": cash - pay,
            "top_up": top_up, "recovery": -recovery, "adjustments": adjustments[t], "spiffs": spiffs[t],
            "paid": e_t + holdback - forfeited + floor + (cash - pay) + top_up - recovery + adjustments[t] + spiffs[t],
            "held": held, "deferred": sum_pay - sum_cash, "draw_balance": draw_balance,
            # state for the §8 invariant (not statement lines)
            "pay": pay, "cash": cash, "etd": etd, "ptd": ptd, "forgiven_excess": forgiven_excess,
            "forgiven_draw": forgiven_draw, "recovered_at_termination": recovered_at_termination,
            "nonrecoverable_top_up": top_up if draw and not draw["recoverable"] else 0,
            "closes": p["closes"], "termination": p["termination"],
        })
    return out
