"""Formatting for the app: money with the scenario's currency symbol and thousands separators, shares
with %, a metric's value in its own unit, and the matching st.column_config columns. Pure formatting:
nothing here computes a figure."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from comp_models import METRICS
from comp_models.statements.money import CURRENCY_SYMBOLS

from .text import esc

SYMBOLS = {**CURRENCY_SYMBOLS, "CHF": "CHF "}  # the library's symbols; others are written by their code
# Streamlit's predefined number formats for the currencies it knows; others use "accounting" + the code
_COLUMN_FORMATS = {"USD": "dollar", "EUR": "euro", "JPY": "yen"}
EMPTY = "—"


def symbol(currency: str) -> str:
    return SYMBOLS.get(currency, f"{currency} ")


def _bad(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value, currency: str = "USD", decimals: int = 0, *, signed: bool = False) -> str:
    """'$296,812' (or '-$1,234.50' with decimals=2; '+$1,234' with signed and a positive value); '—' for a
    missing value."""
    if _bad(value):
        return EMPTY
    v = float(value)
    sign = "-" if v < 0 else ("+" if signed and v > 0 else "")
    return f"{sign}{symbol(currency)}{abs(v):,.{decimals}f}"


def pct(value, decimals: int = 1, *, signed: bool = False) -> str:
    """'97.5%' from 97.5 (the value is already in percent); '—' for a missing value."""
    if _bad(value):
        return EMPTY
    return f"{float(value):{'+' if signed else ''},.{decimals}f}%"


def share(value, decimals: int = 0) -> str:
    """'82%' from 0.82 (a fraction); '—' for a missing value."""
    return EMPTY if _bad(value) else pct(100.0 * float(value), decimals)


def number(value, decimals: int = 2, *, signed: bool = False) -> str:
    return EMPTY if _bad(value) else f"{float(value):{'+' if signed else ''},.{decimals}f}"


def metric_value(value, metric: str, currency: str = "USD") -> str:
    """A goal's actual or target in the metric's own unit: money, a count, a rate (%), days."""
    if _bad(value):
        return EMPTY
    unit = METRICS[metric].unit if metric in METRICS else ""
    if unit == "fraction":
        return share(value, 1)
    if unit == "count":
        return f"{float(value):,.0f}"
    if unit == "days":
        return f"{float(value):,.1f} days"
    if unit == "score":  # an objective scored by the CEO: a percent score, never money
        return f"{float(value):g}% score"
    return money(value, currency)


def scorecard_value(value, unit: str) -> str:
    """A scorecard figure in its unit: a correlation or cosine as +0.82, a share of periods as 45%."""
    if _bad(value):
        return EMPTY
    if unit.startswith("share of"):
        return share(value)
    if unit == "% pay per 1% revenue":
        return f"{float(value):+.2f}% per +1%"
    if unit.startswith("%"):
        return pct(value)
    if unit in ("correlation", "cosine"):
        return f"{float(value):+.2f}"
    return f"{float(value):,.0f} {unit}"


def blank_text(df):
    """`df` with missing cells of its text columns empty (never 'None' or 'nan' on screen)."""
    out = df.copy()
    for c in out.columns:
        if not (out[c].dtype.kind in "fiub"):
            out[c] = out[c].astype(object).where(out[c].notna(), "")
    return out


def text_table(df, columns: dict):
    """`df`'s `columns` ({name: (label, format)}) as a frame of text for st.table: each cell formatted
    (missing cells '—'), headers the labels; other columns left out. st.table renders markdown, so every
    cell and header is escaped: it shows as the text it is (a scenario's name from a shared file included)."""
    return pd.DataFrame({esc(label): [esc(EMPTY if _bad(v) else how(v)) for v in df[name]]
                         for name, (label, how) in columns.items() if name in df})


def money_column(label: str, currency: str = "USD", *, help: str | None = None, width=None):
    """A number column shown as money ('$1,234.57'; other currencies as '1,234.57' with the code in the label)."""
    fmt = _COLUMN_FORMATS.get(currency)
    if fmt is None:
        return st.column_config.NumberColumn(f"{label} ({currency})", format="accounting", help=help, width=width)
    return st.column_config.NumberColumn(label, format=fmt, help=help, width=width)


def pct_column(label: str, decimals: int = 1, *, help: str | None = None, width=None):
    """A number column of values already in percent, shown as '97.5%'."""
    return st.column_config.NumberColumn(label, format=f"%.{decimals}f%%", help=help, width=width)


def tooltip_money_format(currency: str) -> str:
    """A d3 format for chart tooltips and axes: '$,.0f' for dollars, ',.0f' otherwise."""
    return "$,.0f" if currency == "USD" else ",.0f"
