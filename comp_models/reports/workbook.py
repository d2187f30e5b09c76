"""Exports for HR: a tidy CSV and a formatted Excel workbook, both safe to open in Excel.

The CSV is for machines: ids (`role`, `goal`) to join on, with `role_title` / `goal_label` beside
them, money with two decimals always, no symbol. The workbook is for people: every sheet has
labelled headers, role titles and goal labels instead of ids, words instead of True/False and enum
values, and each column the number format of what it holds (money in the scenario's currency with
thousands separators and cents, shares as %, counts with separators).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from comp_models.engine import ReplayResult
from comp_models.metrics.registry import COUNT, DAYS, FRACTION, METRICS, MONEY
from comp_models.plans import Plan, Scenario, component_goals
from comp_models.reports.plan_text import curve_text, plan_rows
from comp_models.reports.safety import safe_frame
from comp_models.statements import annual_summary, component_summary, period_table, public, statement
from comp_models.statements.money import CURRENCY_SYMBOLS, money_text

#: The statement's money columns: written with two decimals always in the CSV.
CSV_MONEY_COLUMNS = ("earned", "paid", "balance")

# Number-format kinds of a workbook column (see `_formats`).
MONEY_K, PCT_K, COUNT_K, MONTHS_K, TEXT_K, WRAP_K, PLAIN_K, UNIT_K = (
    "money", "pct", "count", "months", "text", "wrap", "plain", "unit")

DIRECTION_WORDS = {"higher_is_better": "higher is better", "lower_is_better": "lower is better",
                   "budget": "on or under budget"}
TRUE_UP_WORDS = {"none": "none (each period final)", "annual": "annual", "ytd": "year to date"}
LINE_WORDS = {"component": "component", "plan": "plan", "true-up": "true-up", "payment": "payment",
              "adjustment": "adjustment", "spiff": "SPIFF", "balance": "balance"}


def statement_csv(stmt: pd.DataFrame, scenario: Scenario | None = None) -> bytes:
    """The tidy statement as CSV bytes (UTF-8 with BOM so Excel reads accents): one row per line, the
    ids `role` and `goal` (machines join on them) with `role_title` and `goal_label` beside them,
    money (`earned`, `paid`, `balance`) with two decimals always ("7693.90", no symbol), other numbers
    as they are. The titles and labels come from `scenario` (the statement's); without it, each
    column repeats the id."""
    out = public(stmt).copy()
    titles = {r: p.title for r, p in scenario.roles.items()} if scenario is not None else {}
    labels = _goal_labels(scenario) if scenario is not None else {}
    out.insert(out.columns.get_loc("role") + 1, "role_title", out["role"].map(lambda r: titles.get(r, r)))
    out.insert(out.columns.get_loc("goal") + 1, "goal_label", out["goal"].map(lambda g: labels.get(g, g)))
    out = safe_frame(out)
    for col in CSV_MONEY_COLUMNS:  # after safe_frame: "-3000.00" is a number, not a formula to neutralise
        out[col] = [_cents_text(v) for v in out[col]]
    # CRLF rows: the csv writer then quotes any field holding a CR or LF, so a name cannot break a row
    return out.to_csv(index=False, float_format="%.10g", lineterminator="\r\n").encode("utf-8-sig")


def _cents_text(value) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    return f"{float(value) + 0.0:.2f}"  # + 0.0: never "-0.00"


def money_number_format(currency: str) -> str:
    """Excel's number format for money in `currency`: "$"#,##0.00 (thousands separators, cents, the
    symbol; negatives with a minus), or #,##0.00 "CHF" for a currency without a symbol here."""
    sym = CURRENCY_SYMBOLS.get(currency)
    return f'"{sym}"#,##0.00' if sym else f'#,##0.00 "{currency}"'


#: Excel number formats of the other kinds: percents stored in percent (40.0 -> 40.0%), counts,
#: months; a metric's fraction (0.85 -> 85.0%) and days.
PCT_FORMAT, COUNT_FORMAT, MONTHS_FORMAT = '0.0"%"', "#,##0", "#,##0.0#"
FRACTION_FORMAT, DAYS_FORMAT = "0.0%", "#,##0.0"


def _year(scenario: Scenario, year: int) -> int | str:
    """A plan year as a reader names it: 2024, or FY2025 for a fiscal year."""
    return int(year) if scenario.fiscal_year_start == 1 else f"FY{int(year)}"


def _goal_labels(scenario: Scenario) -> dict[str, str]:
    return {g: goal.display_label for g, goal in scenario.goals.items()}


def _titles(result: ReplayResult) -> dict[str, str]:
    return {role: rr.plan.title for role, rr in result.roles.items()}


def assumptions(result: ReplayResult, history_source: str, targets_source: str) -> pd.DataFrame:
    s = result.scenario
    labels = _goal_labels(s)
    items = [
        ("Scenario", s.name), ("Description", s.description), ("Currency", s.currency),
        ("History", f"{history_source}: {result.months[0]} to {result.months[-1]} ({len(result.months)} months)"),
        ("Targets", targets_source or "from the scenario's goals"),
        ("Shared goals", ", ".join(labels.get(g, g) for g in s.shared_goals()) or "none"),
        ("Attainment", "higher is better: actual / target; lower is better: 2 - actual / target (floored at 0); "
                       "budget: 100% on or under budget within the tolerance, less above it"),
        ("Period metrics", "sums over the period's months; ratios as ratios of sums"),
        ("Curves", "linear between points; 0 below the first point; flat after the last (the cap)"),
        ("True-up", "annual: quarterly/monthly advances, full year re-measured at year end; "
                    "year to date: each period pays earned-to-date less earlier periods of the year"),
        ("Rounding", "every line rounded to the cent once, half away from zero, where it is computed; every total "
                     "is a sum of lines (docs/money.md)"),
        ("Open years", "a year whose December is not in the history is open: no true-up, no holdback release, "
                       "no claw-back (see the year status)"),
        ("Plan versions", "a plan changed during the history: each line names the version in force (\"from "
                          "2024-07\"); each version is settled on its own months (docs/money.md §14)"),
        ("SPIFFs", "one-off awards outside the weights: paid in full in the period holding the window's end, "
                   "not held back, not in % of target, shown apart (docs/money.md §15)"),
        ("Payments", "paid = earned + holdback + floor (no claw-back) + installments + draw top-up + draw recovery "
                     "+ adjustments + SPIFFs"),
    ]
    return pd.DataFrame(items, columns=["Item", "Value"])


# ---------------------------------------------------------------------------------------------
# The sheets: each a frame with labelled headers and the kind of each column.


def _summary_sheet(result: ReplayResult, summary: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Both VPs side by side, one row per plan year."""
    titles, s = _titles(result), result.scenario
    side = summary.pivot(index="year", columns="role", values=["target_incentive", "earned", "pct_of_target",
                                                               "spiffs", "paid", "held", "deferred"])
    status = summary.groupby("year")["year_status"].first()
    blocks = [("target_incentive", "target incentive", MONEY_K), ("earned", "earned", MONEY_K),
              ("pct_of_target", "% of target", PCT_K)]
    if s.spiffs:
        blocks.append(("spiffs", "SPIFFs", MONEY_K))
    blocks += [("paid", "paid", MONEY_K), ("held", "held back", MONEY_K), ("deferred", "deferred", MONEY_K)]
    cols: dict = {"Plan year": [_year(s, y) for y in side.index], "Year status": status.reindex(side.index).tolist()}
    kinds = {"Plan year": PLAIN_K, "Year status": TEXT_K}
    for role in result.roles:
        for col, label, kind in blocks:
            cols[f"{titles[role]} {label}"] = side[(col, role)].tolist()
            kinds[f"{titles[role]} {label}"] = kind
    return pd.DataFrame(cols), kinds


ANNUAL_COLUMNS = [  # annual_summary column -> header, kind
    ("title", "Role", TEXT_K), ("plan_year", "Plan year", PLAIN_K), ("year_status", "Year status", TEXT_K),
    ("months", "Months in the plan", MONTHS_K), ("base_salary", "Base salary", MONEY_K),
    ("target_incentive", "Target incentive", MONEY_K), ("earned", "Earned (SPIFFs apart)", MONEY_K),
    ("pct_of_target", "% of target", PCT_K), ("spiffs", "SPIFFs", MONEY_K), ("paid", "Paid", MONEY_K),
    ("held", "Held back", MONEY_K), ("deferred", "Deferred", MONEY_K), ("draw_balance", "Draw owed", MONEY_K)]


def _annual_sheet(summary: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Per role and plan year, with the year's balances."""
    df = pd.DataFrame({header: summary[col] for col, header, _ in ANNUAL_COLUMNS})
    df["Plan year"] = [int(y) if str(y).isdigit() else y for y in df["Plan year"]]
    return df, {header: kind for _, header, kind in ANNUAL_COLUMNS}


def _components_sheet(result: ReplayResult, stmt: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Per role and component: earned per plan year (true-ups folded in)."""
    titles, s = _titles(result), result.scenario
    comps = component_summary(stmt).pivot_table(index=["role", "component"], columns="year", values="earned",
                                                sort=False).reset_index()
    years = [c for c in comps.columns if c not in ("role", "component")]
    df = pd.DataFrame({"Role": comps["role"].map(lambda r: titles.get(r, r)), "Component": comps["component"],
                       **{str(_year(s, y)): comps[y] for y in years}})
    return df, {"Role": TEXT_K, "Component": TEXT_K, **{str(_year(s, y)): MONEY_K for y in years}}


def _period_sheet(result: ReplayResult, stmt: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Per period: each VP's earned and paid side by side."""
    titles, s = _titles(result), result.scenario
    per = period_table(stmt).pivot_table(index=["year", "period"], columns="role", values=["earned", "paid"],
                                         sort=False)
    roles = [r for r in result.roles if ("earned", r) in per.columns]
    df = pd.DataFrame({"Plan year": [_year(s, y) for y, _ in per.index], "Period": [p for _, p in per.index],
                       **{f"{titles[r]} {what}": per[(what, r)].tolist() for r in roles for what in ("earned", "paid")}})
    return df, {"Plan year": PLAIN_K, "Period": TEXT_K, **{c: MONEY_K for c in df.columns[2:]}}


DETAIL_KINDS = {"Plan year": PLAIN_K, "Year status": TEXT_K, "Period": TEXT_K, "Plan version": TEXT_K,
                "Role": TEXT_K, "Line": TEXT_K, "Component or item": TEXT_K, "Metric": TEXT_K, "Goal": TEXT_K,
                "Shared goal": TEXT_K, "Actual": UNIT_K, "Target": UNIT_K, "Attainment": PCT_K,
                "Payout %": PCT_K, "Earned": MONEY_K, "Paid": MONEY_K, "Balance": MONEY_K, "Trace": WRAP_K}


def _detail_sheet(result: ReplayResult, stmt: pd.DataFrame) -> tuple[pd.DataFrame, dict, list[str]]:
    """Every statement line in words, with its trace; also each line's metric unit (for Actual/Target)."""
    titles, s = _titles(result), result.scenario
    labels = _goal_labels(s)
    metric_label = {m: METRICS[m].label if m in METRICS else m for m in set(stmt["metric"])}
    df = pd.DataFrame({
        "Plan year": [_year(s, y) for y in stmt["year"]],
        "Year status": stmt["year_status"],
        "Plan version": [f"from {v}" if v else "" for v in stmt["version"]],
        "Period": stmt["period"],
        "Role": stmt["role"].map(lambda r: titles.get(r, r)),
        "Line": stmt["line"].map(lambda k: LINE_WORDS.get(k, k)),
        "Component or item": stmt["component"],
        "Metric": stmt["metric"].map(lambda m: metric_label.get(m, m) if m else ""),
        "Goal": stmt["goal"].map(lambda g: labels.get(g, g) if g else ""),
        "Shared goal": [("shared" if sh else "own") if g else "" for g, sh in zip(stmt["goal"], stmt["shared"])],
        "Actual": stmt["actual"], "Target": stmt["target"], "Attainment": stmt["attainment"],
        "Payout %": stmt["payout_pct"], "Earned": stmt["earned"], "Paid": stmt["paid"],
        "Balance": stmt["balance"], "Trace": stmt["trace"]})
    df = df[[c for c in DETAIL_KINDS]]  # the statement's order: year, status, period, version, ...
    units = [METRICS[m].unit if m in METRICS else "" for m in stmt["metric"]]
    return df.reset_index(drop=True), DETAIL_KINDS, units


PLAN_KINDS = {"Role": TEXT_K, "Plan version": TEXT_K, "Base salary": MONEY_K, "Target incentive": MONEY_K,
              "On-target commission": MONEY_K, "Pay mix (base / variable)": TEXT_K, "Measurement period": TEXT_K,
              "True-up": TEXT_K, "Holdback": PCT_K, "Claw-back": PCT_K, "Installments": COUNT_K,
              "Plan cap (% of target)": PCT_K, "Multiplier": WRAP_K, "Draw": TEXT_K}


def _plan_versions(scenario: Scenario, role: str) -> list[tuple[str, Plan]]:
    """(version name, plan) of a role, oldest first: "current" alone, else "from 2024-07" / "current from ..."."""
    earlier = scenario.earlier_plans.get(role, [])
    current = scenario.roles[role]
    if not earlier:
        return [("current", current)]
    named = [(f"from {p.effective_from}" if p.effective_from else "from the history's start", p) for p in earlier]
    return [*named, (f"current, from {current.effective_from}", current)]


def _plans_sheet(scenario: Scenario) -> tuple[pd.DataFrame, dict]:
    """Each role's plan terms, one row per plan version."""
    labels = _goal_labels(scenario)
    rows = []
    for role in scenario.roles:
        for version, p in _plan_versions(scenario, role):
            base_pct, var_pct = p.pay_mix
            rows.append({
                "Role": p.title, "Plan version": version, "Base salary": p.base_salary,
                "Target incentive": p.annual_target_incentive, "On-target commission": p.annual_commission_target,
                "Pay mix (base / variable)": f"{base_pct:.0f}% / {var_pct:.0f}%",
                "Measurement period": p.measurement_period.value,
                "True-up": TRUE_UP_WORDS.get(p.true_up.value, p.true_up.value),
                "Holdback": p.holdback_pct, "Claw-back": p.clawback_pct, "Installments": p.installments,
                "Plan cap (% of target)": p.plan_cap,
                "Multiplier": (f"{labels.get(p.multiplier.goal, p.multiplier.goal)}: {curve_text(p.multiplier.curve)}"
                               if p.multiplier else "none"),
                "Draw": (f"{money_text(p.draw.amount, scenario.currency)} per period, "
                         f"{'recoverable' if p.draw.recoverable else 'non-recoverable'}" if p.draw else "none")})
    return pd.DataFrame(rows, columns=list(PLAN_KINDS)), PLAN_KINDS


COMPONENT_KINDS = {"Role": TEXT_K, "Component": TEXT_K, "Kind": TEXT_K, "Goal": TEXT_K, "Metric": TEXT_K,
                   "Direction": TEXT_K, "Shared goal": TEXT_K, "Weight": PCT_K, "Pay at target": MONEY_K,
                   "How it pays": WRAP_K, "Conditions": WRAP_K}


def _plan_components_sheet(scenario: Scenario) -> tuple[pd.DataFrame, dict]:
    """Each current plan's components in words: goal, direction, weight, pay at target, how it pays."""
    labels = _goal_labels(scenario)
    rows = []
    for role, plan in scenario.roles.items():
        for c, r in zip(plan.components, plan_rows(role, plan, scenario)):
            rows.append({
                "Role": r["title"], "Component": r["component"], "Kind": r["kind"],
                "Goal": ", ".join(labels.get(g, g) for g in component_goals(c)),
                "Metric": METRICS[r["metric"]].label if r["metric"] in METRICS else r["metric"],
                "Direction": DIRECTION_WORDS.get(r["direction"], r["direction"]),
                "Shared goal": "shared" if r["shared"] else "own",
                "Weight": r["weight_pct"], "Pay at target": r["annual_target_pay"],
                "How it pays": r["how_it_pays"], "Conditions": r["conditions"]})
    return pd.DataFrame(rows, columns=list(COMPONENT_KINDS)), COMPONENT_KINDS


# ---------------------------------------------------------------------------------------------


def workbook_bytes(result: ReplayResult, stmt: pd.DataFrame | None = None, *, history_source: str = "",
                   targets_source: str = "") -> bytes:
    """Formatted workbook: Summary (both VPs side by side per year), Annual by role, Components,
    Per period, Detail (every line with its trace), Plans, Plan components, Assumptions.

    Every header is a label, every role and goal named by its title and label, and every column has
    the number format of what it holds: money in the scenario's currency (`money_number_format`),
    shares as %, counts with separators; the Detail's Actual and Target in their metric's unit."""
    stmt = statement(result) if stmt is None else stmt
    summary = annual_summary(result, stmt)
    detail, detail_kinds, units = _detail_sheet(result, stmt)
    sheets = {
        "Summary": _summary_sheet(result, summary), "Annual by role": _annual_sheet(summary),
        "Components": _components_sheet(result, stmt), "Per period": _period_sheet(result, stmt),
        "Detail": (detail, detail_kinds), "Plans": _plans_sheet(result.scenario),
        "Plan components": _plan_components_sheet(result.scenario),
        "Assumptions": (assumptions(result, history_source, targets_source), {"Item": TEXT_K, "Value": WRAP_K}),
    }
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as xw:
        formats = _formats(xw.book, result.scenario.currency)
        for name, (df, kinds) in sheets.items():
            safe = safe_frame(df)
            safe.to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(len(safe), 1), max(len(safe.columns) - 1, 0))
            for j, header in enumerate(df.columns):
                kind = kinds.get(header, TEXT_K)
                ws.set_column(j, j, _width(header, kind, df[header]), formats.get(kind))
                if kind == UNIT_K:  # Actual / Target: each cell in its line's metric unit
                    for i, (value, unit) in enumerate(zip(df[header], units)):
                        if pd.notna(value) and np.isfinite(value):
                            ws.write_number(i + 1, j, float(value), formats[_unit_kind(unit)])
    return buf.getvalue()


def _formats(book, currency: str) -> dict:
    money = money_number_format(currency)
    return {MONEY_K: book.add_format({"num_format": money}), PCT_K: book.add_format({"num_format": PCT_FORMAT}),
            COUNT_K: book.add_format({"num_format": COUNT_FORMAT}),
            MONTHS_K: book.add_format({"num_format": MONTHS_FORMAT}),
            WRAP_K: book.add_format({"text_wrap": True, "valign": "top"}),
            UNIT_K: book.add_format({"num_format": "#,##0.00"}),
            MONEY: book.add_format({"num_format": money}), COUNT: book.add_format({"num_format": COUNT_FORMAT}),
            FRACTION: book.add_format({"num_format": FRACTION_FORMAT}),
            DAYS: book.add_format({"num_format": DAYS_FORMAT})}


def _unit_kind(unit: str) -> str:
    """A metric's unit -> its format key: money, count, fraction (as %), days; a score is in percent."""
    return unit if unit in (MONEY, COUNT, FRACTION, DAYS) else PCT_K if unit else UNIT_K


def _width(header: str, kind: str, values: pd.Series) -> int:
    if kind == WRAP_K:
        return 90 if header == "Trace" else 60
    longest = max([len(str(header))] + [len(str(v)) for v in values.head(200) if isinstance(v, str)])
    return max(12 if kind in (MONEY_K, UNIT_K) else 10, min(40, longest + 2), 16 if kind == MONEY_K else 0)


def write_export(result: ReplayResult, path: str | Path, *, history_source: str = "", targets_source: str = "") -> Path:
    """Write the statement to .csv or the workbook to .xlsx, chosen by the file's extension."""
    path = Path(path)
    stmt = statement(result)
    if path.suffix.lower() == ".csv":
        data = statement_csv(stmt, result.scenario)
    elif path.suffix.lower() == ".xlsx":
        data = workbook_bytes(result, stmt, history_source=history_source, targets_source=targets_source)
    else:
        raise ValueError(f"{path}: unsupported export type {path.suffix!r}; use .csv or .xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def payslip_csv(slip) -> bytes:
    """A payslip (`statements.payslip.Payslip`) as CSV bytes: its lines, then the totals and balances
    (money with two decimals always)."""
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
    frame = safe_frame(pd.concat([head, pd.DataFrame(rows)], ignore_index=True))
    for col in ("this period", "year to date"):  # money with two decimals always; "" stays empty
        frame[col] = [v if isinstance(v, str) else _cents_text(v) for v in frame[col]]
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
