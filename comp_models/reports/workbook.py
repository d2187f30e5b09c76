"""Exports for HR: a tidy CSV and a formatted Excel workbook, both safe to open in Excel."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from comp_models.engine import ReplayResult
from comp_models.reports.plan_text import plan_definitions, plan_terms
from comp_models.reports.safety import safe_frame
from comp_models.statements.money import CURRENCY_SYMBOLS
from comp_models.statements import annual_summary, component_summary, period_table, public, statement


def statement_csv(stmt: pd.DataFrame) -> bytes:
    """The tidy statement as CSV bytes (UTF-8 with BOM so Excel reads accents)."""
    # CRLF rows: the csv writer then quotes any field holding a CR or LF, so a name cannot break a row
    return safe_frame(public(stmt)).to_csv(index=False, float_format="%.10g", lineterminator="\r\n").encode("utf-8-sig")




def money_number_format(currency: str) -> str:
    """Excel's number format for money in `currency`: "$"#,##0.00 (thousands separators, cents, the
    symbol; negatives with a minus), or #,##0.00 "CHF" for a currency without a symbol here."""
    sym = CURRENCY_SYMBOLS.get(currency)
    return f'"{sym}"#,##0.00' if sym else f'#,##0.00 "{currency}"'


def assumptions(result: ReplayResult, history_source: str, targets_source: str) -> pd.DataFrame:
    s = result.scenario
    items = [
        ("Scenario", s.name), ("Description", s.description), ("Currency", s.currency),
        ("History", f"{history_source}: {result.months[0]} to {result.months[-1]} ({len(result.months)} months)"),
        ("Targets", targets_source or "from the scenario's goals"),
        ("Shared goals", ", ".join(s.shared_goals()) or "none"),
        ("Attainment", "higher is better: actual / target; lower is better: 2 - actual / target (floored at 0); "
                       "budget: 100% on or under budget within the tolerance, less above it"),
        ("Period metrics", "sums over the period's months; ratios as ratios of sums"),
        ("Curves", "linear between points; 0 below the first point; flat after the last (the cap)"),
        ("True-up", "annual: quarterly/monthly advances, full year re-measured at year end; "
                    "ytd: each period pays earned-to-date less earlier periods of the year"),
        ("Rounding", "every line rounded to the cent once, half away from zero, where it is computed; every total "
                     "is a sum of lines (docs/money.md)"),
        ("Open years", "a year whose December is not in the history is open: no true-up, no holdback release, "
                       "no claw-back (see the year status)"),
        ("Payments", "paid = earned + holdback + floor (no claw-back) + installments + draw top-up + draw recovery "
                     "+ adjustments"),
    ]
    return pd.DataFrame(items, columns=["item", "value"])


def workbook_bytes(result: ReplayResult, stmt: pd.DataFrame | None = None, *, history_source: str = "",
                   targets_source: str = "") -> bytes:
    """Formatted workbook: Summary (both VPs side by side per year), Annual by role, Components,
    Per period, Detail (every line with its trace), Plans, Plan components, Assumptions."""
    stmt = statement(result) if stmt is None else stmt
    summary = annual_summary(result, stmt)
    titles = {role: rr.plan.title for role, rr in result.roles.items()}
    per = period_table(stmt).pivot_table(index=["year", "period"], columns="role", values=["earned", "paid"],
                                         sort=False)
    per.columns = [f"{titles.get(role, role)} {what}" for what, role in per.columns]
    per = per.reset_index()
    comps = component_summary(stmt).pivot_table(index=["role", "component"], columns="year", values="earned",
                                                sort=False).reset_index()
    comps.columns = [str(c) for c in comps.columns]
    comps.insert(0, "VP", comps["role"].map(titles).fillna(comps["role"]))
    comps = comps.drop(columns="role")
    side = summary.pivot(index="year", columns="role", values=["target_incentive", "earned", "pct_of_target", "paid",
                                                               "held", "deferred"])
    status = summary.groupby("year")["year_status"].first()
    side = pd.DataFrame({"year status": status, **{f"{titles[role]} {label}": side[(col, role)]
                         for role in result.roles
                         for col, label in (("target_incentive", "target incentive"), ("earned", "earned"),
                                            ("pct_of_target", "% of target"), ("paid", "paid"),
                                            ("held", "held back"), ("deferred", "deferred"))}}).reset_index()
    sheets = {
        "Summary": side, "Annual by role": summary, "Components": comps, "Per period": per, "Detail": public(stmt),
        "Plans": plan_terms(result.scenario), "Plan components": plan_definitions(result.scenario),
        "Assumptions": assumptions(result, history_source, targets_source),
    }
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as xw:
        book = xw.book
        money_fmt = book.add_format({"num_format": money_number_format(result.scenario.currency)})
        pct_fmt = book.add_format({"num_format": '0.0"%"'})  # the values are already in percent
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        for name, df in sheets.items():
            df = safe_frame(df)
            df.to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(len(df), 1), max(len(df.columns) - 1, 0))
            for j, col in enumerate(df.columns):
                col = str(col)
                if col in ("trace", "how_it_pays", "value", "description", "conditions"):
                    ws.set_column(j, j, 90 if col == "trace" else 60, wrap)
                elif any(k in col for k in ("earned", "paid", "target_incentive", "target incentive", "base_salary",
                                            "target_pay", "commission", "held", "deferred", "draw_balance")) \
                        or col.isdigit():
                    ws.set_column(j, j, 16, money_fmt)
                elif col in ("attainment", "payout_pct", "pct_of_target") or col.endswith("% of target"):
                    ws.set_column(j, j, 12, pct_fmt)
                else:
                    ws.set_column(j, j, max(10, min(28, len(col) + 4)))
    return buf.getvalue()


def write_export(result: ReplayResult, path: str | Path, *, history_source: str = "", targets_source: str = "") -> Path:
    """Write the statement to .csv or the workbook to .xlsx, chosen by the file's extension."""
    path = Path(path)
    stmt = statement(result)
    if path.suffix.lower() == ".csv":
        data = statement_csv(stmt)
    elif path.suffix.lower() == ".xlsx":
        data = workbook_bytes(result, stmt, history_source=history_source, targets_source=targets_source)
    else:
        raise ValueError(f"{path}: unsupported export type {path.suffix!r}; use .csv or .xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def payslip_csv(slip) -> bytes:
    """A payslip (`statements.payslip.Payslip`) as CSV bytes: its lines, then the totals and balances."""
    rows = [{"section": r["section"], "item": r["item"], "this period": r["period"], "year to date": r["ytd"]}
            for r in slip.lines.to_dict("records")]
    for key, label in (("earned", "Earned"), ("spiffs", "SPIFFs"), ("adjustments", "Adjustments"), ("paid", "Paid")):
        rows.append({"section": "Total", "item": label, "this period": slip.totals["period"][key],
                     "year to date": slip.totals["ytd"][key]})
    for key, label in (("held", "Held back"), ("deferred", "Deferred"), ("draw_balance", "Draw balance owed")):
        rows.append({"section": "Balance at period end", "item": label, "this period": slip.balances[key],
                     "year to date": ""})
    head = pd.DataFrame([{"section": "Statement", "item": f"{slip.title} · {slip.period}", "this period": "",
                          "year to date": ""}])
    frame = pd.concat([head, pd.DataFrame(rows)], ignore_index=True)
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
