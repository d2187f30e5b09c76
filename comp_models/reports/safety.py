"""Spreadsheet safety: any text cell that begins with = + - @ (or a tab / carriage return) is
prefixed with an apostrophe, so a spreadsheet shows it as text instead of running it as a formula."""

from __future__ import annotations

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [neutralise(str(c)) if not isinstance(c, tuple) else tuple(neutralise(str(x)) for x in c)
                   for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out
