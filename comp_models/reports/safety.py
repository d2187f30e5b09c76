"""Safety of what leaves the library as text.

Spreadsheets: any text cell that begins with = + - @ (or a tab / carriage return), also after
leading spaces, is prefixed with an apostrophe, so a spreadsheet shows it as text instead of
running it as a formula; CSV rows end in CRLF, so a field holding a line break is quoted.
Markdown: user text (names, descriptions, labels) is escaped so that it renders as text, never as
an image or a link.
"""

from __future__ import annotations

import re

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def neutralise(value):
    """Prefix text that a spreadsheet would read as a formula (leading spaces do not hide a trigger)."""
    if isinstance(value, str) and (value.startswith(DANGEROUS_PREFIXES)
                                   or value.lstrip(" ").startswith(DANGEROUS_PREFIXES)):
        return "'" + value
    return value


def markdown_text(text: object) -> str:
    """`text` with every markdown-significant character escaped and runs of whitespace (line breaks
    included) as one space: it renders as the text it is."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [neutralise(str(c)) if not isinstance(c, tuple) else tuple(neutralise(str(x)) for x in c)
                   for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out
