"""What the CRM cannot give: inputs from a small monthly file or a stated assumption, and goal coverage.

Spend, sales expense, revenue, forecast, SLA follow-ups, discount... come from a monthly file (a
`month` column and history columns) or an assumption stated once: a constant per month
(`marketing_spend=80000`) or a share of another column (`gross_profit=75%:revenue`). Each column
of the history carries its provenance (data, monthly file, assumed) into the report.
For a scenario, each goal is listed as computed from data, from the monthly file, assumed, or
missing; the presets the data fully covers are offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from comp_models.errors import InputError, Issue
from comp_models.metrics import COUNT_COLUMNS, HISTORY_COLUMNS, METRICS, NUMERIC_COLUMNS, columns_for

DATA, FILE, ASSUMED = "data", "monthly file", "assumed"


@dataclass(frozen=True)
class Assumption:
    column: str
    value: float
    of: str | None = None  # a share (value in %) of another column, else a constant per month

    @property
    def text(self) -> str:
        return (f"{self.column} = {self.value:g}% of {self.of} in every month" if self.of else
                f"{self.column} = {self.value:,.2f} in every month")

    def to_dict(self) -> dict:
        return {"column": self.column, "value": self.value, "of": self.of, "stated": self.text}


def parse_assumption(text: str, where: str = "--assume") -> Assumption:
    m = re.fullmatch(r"\s*([a-z_]+)\s*=\s*([0-9.,]+)\s*(%\s*:\s*([a-z_]+))?\s*", text)
    if not m:
        raise InputError([Issue(where, text, "is not an assumption", "write COLUMN=VALUE (per month) or "
                                "COLUMN=PCT%:OTHER_COLUMN, e.g. marketing_spend=80000 or gross_profit=75%:revenue")])
    return _assumption(m.group(1), m.group(2).replace(",", ""), m.group(4), where)


def _assumption(column: str, value, of: str | None, where: str) -> Assumption:
    issues = []
    if column not in NUMERIC_COLUMNS:
        issues.append(Issue(where, column, "is not a history column", f"use one of: {', '.join(NUMERIC_COLUMNS)}"))
    if of is not None and of not in NUMERIC_COLUMNS:
        issues.append(Issue(where, of, "is not a history column", f"use one of: {', '.join(NUMERIC_COLUMNS)}"))
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = float("nan")
    if not np.isfinite(v) or v < 0:
        issues.append(Issue(where, column, f"value {value!r} is not a non-negative number", "state a plain number"))
    if issues:
        raise InputError(issues)
    return Assumption(column, v, of)


def from_mapping(table: dict, where: str) -> list[Assumption]:
    out = []
    for col, spec in table.items():
        if isinstance(spec, dict):
            out.append(_assumption(col, spec.get("pct"), spec.get("of"), f"{where} [assumptions]"))
        else:
            out.append(_assumption(col, spec, None, f"{where} [assumptions]"))
    return out


def read_monthly(path: str | Path, months: list[str]) -> pd.DataFrame:
    """A small monthly inputs file: `month` + history columns; every history month present, numbers only."""
    name = str(path)
    p = Path(path)
    try:
        df = (pd.read_excel(p, dtype=str) if p.suffix.lower() in (".xlsx", ".xlsm")
              else pd.read_csv(p, dtype=str, keep_default_na=False))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError([Issue(name, "file", f"cannot be read ({type(exc).__name__}: {str(exc)[:120]})",
                                "give a CSV (UTF-8) or .xlsx with a month column and history columns")]) from None
    df.columns = [str(c).strip() for c in df.columns]
    issues = []
    if "month" not in df.columns:
        raise InputError([Issue(name, "column month", "is missing", "add a month column (YYYY-MM)")])
    for c in df.columns:
        if c != "month" and c not in NUMERIC_COLUMNS:
            issues.append(Issue(name, f"column {c!r}", "is not a history column",
                                f"use history column names: {', '.join(NUMERIC_COLUMNS)}"))
    month = pd.to_datetime(df["month"].astype(str).str.strip(), format="%Y-%m", errors="coerce")
    for i in np.flatnonzero(month.isna().to_numpy())[:20]:
        issues.append(Issue(name, f"row {i + 2}, column month", f"{df['month'].iloc[i]!r} is not a month", "write YYYY-MM"))
    if issues:
        raise InputError(issues)
    df["month"] = month.dt.strftime("%Y-%m")
    out = pd.DataFrame({"month": months})
    missing = sorted(set(months) - set(df["month"]))
    if missing:
        issues.append(Issue(name, "column month", f"has no row for {len(missing)} month(s) of the history: "
                            f"{', '.join(missing[:12])}{' ...' if len(missing) > 12 else ''}",
                            "add a row for every month of the history (the importer never fills months with zeros)"))
    for c in [c for c in df.columns if c != "month"]:
        values = pd.to_numeric(df[c].astype(str).str.replace(",", "", regex=False).str.strip(), errors="coerce")
        for i in np.flatnonzero((values.isna() | (values < 0)).to_numpy())[:20]:
            issues.append(Issue(name, f"row {i + 2}, column {c}", f"{df[c].iloc[i]!r} is not a non-negative number",
                                "enter a plain number"))
        out[c] = out["month"].map(dict(zip(df["month"], values)))
    if issues:
        raise InputError(issues)
    return out


def apply_assumptions(frame: pd.DataFrame, assumptions: list[Assumption], provenance: dict[str, str]) -> list[Issue]:
    """In place: the assumed columns; a share of a column nobody gives is refused."""
    issues = []
    for a in sorted(assumptions, key=lambda a: a.of is not None):  # constants first, shares of them after
        if a.of is not None and a.of not in frame:
            issues.append(Issue("--assume", a.column, f"is a share of {a.of}, which is not in the history",
                                f"give {a.of} first (from the data, the monthly file or a stated value)"))
            continue
        values = frame[a.of] * a.value / 100.0 if a.of else pd.Series(a.value, index=frame.index)
        frame[a.column] = np.floor(values) if a.column in COUNT_COLUMNS else values.round(2)
        provenance[a.column] = f"{ASSUMED}: {a.text}"
    return issues


def goal_status(scenario, provenance: dict[str, str]) -> list[dict]:
    """Each goal of the scenario: computed from data / from the monthly file / assumed / missing."""
    rows = []
    for gid, goal in scenario.goals.items():
        cols = columns_for(METRICS[goal.metric])
        kinds = {c: provenance.get(c, "missing").split(":")[0] for c in cols}
        status = ("not from data (scored objective)" if not cols else"missing" if "missing" in kinds.values() else
                  ASSUMED if ASSUMED in kinds.values() else FILE if FILE in kinds.values() else "computed from data")
        rows.append({"goal": gid, "label": goal.label or gid, "metric": goal.metric, "status": status,
                     "columns": {c: provenance.get(c, "missing") for c in cols}})
    return rows


def covered_presets(provenance: dict[str, str], presets: dict) -> list[str]:
    """Presets whose every goal the history gives (from data, the monthly file or a stated assumption)."""
    ok = []
    for name, scenario in presets.items():
        if all(r["status"] != "missing" for r in goal_status(scenario, provenance)):
            ok.append(name)
    return ok


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in HISTORY_COLUMNS if c in frame]]
