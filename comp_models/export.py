"""Exports for HR: a tidy CSV and a formatted Excel workbook, both safe to open in Excel.

Any text cell that begins with = + - @ (or a tab / carriage return) is prefixed with an
apostrophe, so a spreadsheet shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from .engine import ReplayResult
from .scenario import BonusComponent, CommissionComponent, Plan, Scenario
from .statement import annual_summary, component_summary, period_table, public, statement

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


def statement_csv(stmt: pd.DataFrame) -> bytes:
    """The tidy statement as CSV bytes (UTF-8 with BOM so Excel reads accents)."""
    return safe_frame(public(stmt)).to_csv(index=False, float_format="%.10g").encode("utf-8-sig")


def curve_text(points) -> str:
    return ", ".join(f"{x:g}%→{y:g}%" for x, y in points)


def plan_rows(role: str, plan: Plan, scenario: Scenario) -> list[dict]:
    """One row per component: how it pays, in words a reader of the plan uses."""
    shared = set(scenario.shared_goals())
    rows = []
    for c in plan.components:
        goal = scenario.goals[c.goal]
        conditions = [f"gate: {scenario.goals[g.goal].display_label} ≥ {g.min_attainment:g}%" for g in [*plan.gates, *c.gates]]
        if isinstance(c, CommissionComponent):
            unit = "%" if c.tier_basis.value == "attainment" else ""
            if c.tier_mode.value == "interpolated":
                how = "; ".join(f"from {t.start:g}{unit}: {t.amount:,.2f}" for t in c.tiers) + f"; ceiling {c.ceiling:g}{unit}"
            else:
                how = "; ".join(f"from {t.start:g}{unit} at {t.rate:g}%" for t in c.tiers)
            how = f"{c.tier_mode.value} commission, {c.accumulate.value} accumulation: {how}"
            weight, target_pay = None, c.target_earnings
        else:
            conditions += [f"capped at {cc.cap:g}% unless {scenario.goals[cc.goal].display_label} ≥ {cc.min_attainment:g}%"
                           for cc in c.conditional_caps]
            if c.upside_requires:
                conditions.append("above 100% only if " + " and ".join(
                    scenario.goals[g].display_label for g in c.upside_requires) + " ≥ 100%")
            if isinstance(c, BonusComponent):
                how = f"curve {curve_text(c.curve)} (0% below {c.curve[0][0]:g}%, flat above {c.curve[-1][0]:g}%)"
            else:
                how = (f"matrix of {goal.display_label} levels {c.levels_x} × {scenario.goals[c.goal_y].display_label} "
                       f"levels {c.levels_y}: {c.payouts}")
            weight, target_pay = c.weight, plan.annual_target_incentive * c.weight / 100
        rows.append({"role": role, "title": plan.title, "component": c.name, "kind": c.kind, "goal": c.goal,
                     "metric": goal.metric, "direction": goal.resolved_direction.value,
                     "shared": c.goal in shared, "weight_pct": weight, "annual_target_pay": target_pay,
                     "how_it_pays": how, "conditions": "; ".join(conditions)})
    return rows


def plan_definitions(scenario: Scenario) -> pd.DataFrame:
    return pd.DataFrame([r for role, plan in scenario.roles.items() for r in plan_rows(role, plan, scenario)])


def plan_terms(scenario: Scenario) -> pd.DataFrame:
    rows = []
    for role, p in scenario.roles.items():
        base_pct, var_pct = p.pay_mix
        rows.append({"role": role, "title": p.title, "base_salary": p.base_salary,
                     "target_incentive": p.annual_target_incentive, "on_target_commission": p.annual_commission_target,
                     "pay_mix": f"{base_pct:.0f}/{var_pct:.0f}", "measurement_period": p.measurement_period.value,
                     "true_up": p.true_up.value, "holdback_pct": p.holdback_pct, "clawback_pct": p.clawback_pct,
                     "installments": p.installments, "plan_cap_pct": p.plan_cap,
                     "multiplier": f"{p.multiplier.goal}: {curve_text(p.multiplier.curve)}" if p.multiplier else "",
                     "draw": (f"{p.draw.amount:,.2f} per period, {'recoverable' if p.draw.recoverable else 'non-recoverable'}"
                              if p.draw else "")})
    return pd.DataFrame(rows)


def assumptions(result: ReplayResult, history_source: str, targets_source: str) -> pd.DataFrame:
    s = result.scenario
    items = [
        ("Scenario", s.name), ("Description", s.description), ("Currency", s.currency),
        ("History", f"{history_source}: {result.months[0]} to {result.months[-1]} ({len(result.months)} months)"),
        ("Targets", targets_source or "from the scenario's goals"),
        ("Shared goals", ", ".join(s.shared_goals()) or "none"),
        ("Attainment", "higher is better: actual / target; lower is better: 2 - actual / target (floored at 0)"),
        ("Period metrics", "sums over the period's months; ratios as ratios of sums"),
        ("Curves", "linear between points; 0 below the first point; flat after the last (the cap)"),
        ("True-up", "annual: quarterly/monthly advances, full year re-measured at year end; "
                    "ytd: each period pays earned-to-date less earlier periods of the year"),
        ("Rounding", "float64 inside; rounded to cents once, as running totals of each line over the year, so "
                     "each component's year is exact and lines sum exactly to periods and periods to years"),
        ("Payments", "paid = earned + holdback + floor (no claw-back) + draw top-up + draw recovery + installments"),
    ]
    return pd.DataFrame(items, columns=["item", "value"])


def workbook_bytes(result: ReplayResult, stmt: pd.DataFrame | None = None, *, history_source: str = "",
                   targets_source: str = "") -> bytes:
    """Formatted workbook: Summary (both VPs side by side per year), Annual by role, Components,
    Per period, Detail (every line with its trace), Plans, Plan components, Assumptions."""
    stmt = statement(result) if stmt is None else stmt
    summary = annual_summary(result, stmt)
    per = period_table(stmt).pivot_table(index=["year", "period"], columns="role", values=["earned", "paid"],
                                         sort=False)
    per.columns = [f"{role} {what}" for what, role in per.columns]
    per = per.reset_index()
    comps = component_summary(stmt).pivot_table(index=["role", "component"], columns="year", values="earned",
                                                sort=False).reset_index()
    comps.columns = [str(c) for c in comps.columns]
    titles = {role: rr.plan.title for role, rr in result.roles.items()}
    side = summary.pivot(index="year", columns="role", values=["target_incentive", "earned", "pct_of_target", "paid"])
    side = pd.DataFrame({f"{titles[role]} {label}": side[(col, role)]
                         for role in result.roles
                         for col, label in (("target_incentive", "target incentive"), ("earned", "earned"),
                                            ("pct_of_target", "% of target"), ("paid", "paid"))}).reset_index()
    sheets = {
        "Summary": side, "Annual by role": summary, "Components": comps, "Per period": per, "Detail": public(stmt),
        "Plans": plan_terms(result.scenario), "Plan components": plan_definitions(result.scenario),
        "Assumptions": assumptions(result, history_source, targets_source),
    }
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as xw:
        book = xw.book
        money_fmt = book.add_format({"num_format": "#,##0.00"})
        pct_fmt = book.add_format({"num_format": "0.0"})
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
                elif any(k in col for k in ("earned", "paid", "target_incentive", "base_salary", "target_pay",
                                            "commission")) or col.isdigit():
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
