"""Money in a statement: integer cents.

The engine rounds every line to the cent where it computes it (`engine.rounding.round_cents`,
half away from zero; docs/money.md §7), so a line's amount is already an exact number of cents.
A statement only reads those cents; every period and year total is then a sum of integer cents:
components sum to the period, periods to the year, with no rounding left to disagree.
"""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray, IntArray


def to_cents(amounts: FloatArray) -> IntArray:
    """Integer cents of amounts that are on cents already (engine lines); NaN reads as 0."""
    return np.rint(np.nan_to_num(np.asarray(amounts, dtype=np.float64)) * 100.0).astype(np.int64)


def cents_to_money(cents: IntArray) -> FloatArray:
    return np.asarray(cents, dtype=np.int64) / 100.0


# The symbol each currency is written with; any other currency is written by its code after the amount.
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "INR": "₹"}


def money_text(value, currency: str, decimals: int = 2) -> str:
    """'$1,234.50' ('-$10.00'; '1,234.50 CHF' for a currency without a symbol here; '' when missing)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    v = float(value)
    sym = CURRENCY_SYMBOLS.get(currency)
    body = f"{abs(v):,.{decimals}f}"
    return f"{'-' if v < 0 else ''}{sym}{body}" if sym else f"{'-' if v < 0 else ''}{body} {currency}"
