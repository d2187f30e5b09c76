"""SPIFFs and one-off awards in the Plan builder (docs/money.md §15): a table of awards, validated."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from . import state
from .editing import clean_records, set_in, table_editor
from .text import esc

COLUMNS = ["name", "roles", "start", "end", "amount", "rate_pct", "goal", "min_attainment", "min_actual", "note"]
NUMBERS = ("amount", "rate_pct", "min_attainment", "min_actual")
RULE = ("A SPIFF pays each listed role its `amount`, or `rate %` of the goal's actual over the window, when the "
        "condition (the goal's attainment at least *min attainment %*, or its actual at least *min actual*) holds; "
        "paid in the period holding the window's end, outside the weights, holdback and draw.")


def _row(where: str) -> str:
    """'spiffs[1] (Launch).amount' -> 'row 2 (Launch).amount' (the table's rows, counted from 1)."""
    if where.startswith("spiffs[") and "]" in where:
        n, rest = where[len("spiffs["):].split("]", 1)
        if n.isdigit():
            return f"row {int(n) + 1}{rest}"
    return where


def spiffs_section() -> None:
    d = state.draft()
    roles = list(d["roles"])
    titles = {r: d["roles"][r].get("title", r) for r in roles}
    goals = list(d.get("goals", {}))
    labels = {g: d["goals"][g].get("label") or g for g in goals}
    rows = [{c: (list(x.get(c) or []) if c == "roles" else x.get(c)) for c in COLUMNS} for x in d.get("spiffs", [])]
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in NUMBERS:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")

    def _write(frame: pd.DataFrame) -> None:
        out = []
        for r in clean_records(frame):
            r["roles"] = [x for x in (r.get("roles") or []) if x]
            for c in ("name", "start", "end"):
                r[c] = str(r.get(c, "")).strip()
            out.append(r)
        set_in(("spiffs",), out)

    table_editor(("spiffs",), df, _write, caption=RULE, column_config={
        "name": st.column_config.TextColumn("name", required=True),
        "roles": st.column_config.MultiselectColumn("paid to", options=roles, format_func=titles.get),
        "start": st.column_config.TextColumn("window start", help="YYYY-MM, first month of the window"),
        "end": st.column_config.TextColumn("window end", help="YYYY-MM, last month (paid in the period holding it)"),
        "amount": st.column_config.NumberColumn("amount", min_value=0.0, help="A fixed award to each role"),
        "rate_pct": st.column_config.NumberColumn("rate %", min_value=0.0, help="Percent of the goal's actual"),
        "goal": st.column_config.SelectboxColumn("goal", options=goals, format_func=labels.get),
        "min_attainment": st.column_config.NumberColumn("min attainment %"),
        "min_actual": st.column_config.NumberColumn("min actual"),
        "note": st.column_config.TextColumn("note")})
    _, issues = state.validated()
    problems = [i for i in issues if i.where.startswith("spiffs")]
    if problems:
        st.error("SPIFFs not valid yet:\n" + "\n".join(f"- **{esc(_row(i.where))}**: {esc(i.problem)}. *Fix:* "
                                                      f"{esc(i.fix)}" for i in problems))
