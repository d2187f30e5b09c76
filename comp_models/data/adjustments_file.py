"""Adjustments files: explicit statement lines (a cancelled deal's claw-back, a correction, an award)
as a CSV or Excel table with the columns `month, role, component, amount, share_pct, reason`
(docs/money.md §10). Every problem is named by file, row and column; nothing is dropped."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from comp_models.data.history_files import _check_size, _read_table
from comp_models.data.tables import cell_problem, read_number
from comp_models.errors import InputError, Issue
from comp_models.metrics import MAX_MONEY
from comp_models.plans import Adjustment, Scenario, scenario_from_dict

ADJUSTMENT_COLUMNS = ["month", "role", "component", "amount", "share_pct", "reason"]
REQUIRED = ["month", "role", "amount", "reason"]


def _number(text: str, name: str, where: str, issues: list[Issue], delimiter: str | None) -> float | None:
    cell = read_number(text, delimiter)
    if cell.value is None:
        problem, fix = cell_problem(cell.kind or "text", text)
        if cell.kind == "text":
            problem, fix = f"{text!r} is not a number", "enter a plain number, e.g. -5000.00"
        issues.append(Issue(name, where, problem, fix))
        return None
    if not np.isfinite(cell.value):
        issues.append(Issue(name, where, f"{text!r} is not a finite number", "enter a finite number"))
        return None
    if abs(cell.value) > MAX_MONEY:
        issues.append(Issue(name, where, f"{text} is beyond {MAX_MONEY:.0e}",
                            f"amounts must be at most {MAX_MONEY:,.0f} in absolute value: check the units"))
        return None
    return cell.value


def parse_adjustments(raw: bytes, name: str = "<adjustments>", *, sheet: str | None = None) -> list[Adjustment]:
    """An adjustments table -> Adjustment lines (their months, roles and components are checked against
    a scenario by `with_adjustments`). sheet: the sheet of an Excel workbook to read."""
    _check_size(raw, name)
    df = _read_table(raw, name, sheet=sheet, expected=set(ADJUSTMENT_COLUMNS))
    delimiter = df.attrs.get("delimiter")
    issues = [Issue(name, f"column {c}", "is missing", f"the columns are {', '.join(ADJUSTMENT_COLUMNS)}")
              for c in REQUIRED if c not in df.columns]
    issues += [Issue(name, f"column {c!r}", "is not an adjustments column",
                     f"remove it; the columns are {', '.join(ADJUSTMENT_COLUMNS)}")
               for c in df.columns if c not in ADJUSTMENT_COLUMNS]
    if issues:
        raise InputError(issues)
    out = []
    for i, row in enumerate(df.to_dict("records"), start=2):
        cell = {c: str(row.get(c, "")).strip() for c in ADJUSTMENT_COLUMNS}
        amount = _number(cell["amount"], name, f"row {i}, column amount", issues, delimiter)
        share = (_number(cell["share_pct"], name, f"row {i}, column share_pct", issues, delimiter)
                 if cell["share_pct"] else 100.0)
        if amount is None or share is None:
            continue
        try:
            out.append(Adjustment(month=cell["month"], role=cell["role"], component=cell["component"] or "plan",
                                  amount=amount, share_pct=share, reason=cell["reason"]))
        except ValueError as exc:
            issues.append(Issue(name, f"row {i}", str(exc).splitlines()[-1].strip(), "correct the row"))
    if issues:
        raise InputError(issues)
    return out


def load_adjustments(path: str | Path, *, sheet: str | None = None) -> list[Adjustment]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Issue(str(path), "file", f"cannot be read ({exc.strerror})", "check the path")]) from None
    return parse_adjustments(raw, str(path), sheet=sheet)


def with_adjustments(scenario: Scenario, adjustments: list[Adjustment], file: str = "<adjustments>") -> Scenario:
    """The scenario with these adjustments added to its own, checked as a whole (unknown role or
    component, a month that is not a month, no reason: each named by its line)."""
    if not adjustments:
        return scenario
    data = scenario.model_dump(mode="json")
    data["adjustments"] = [*data.get("adjustments", []), *(a.model_dump(mode="json") for a in adjustments)]
    return scenario_from_dict(data, file)
