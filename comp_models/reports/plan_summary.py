"""A printable one-page summary of one VP's plan (Markdown or HTML).

Example payouts evaluate the plan with every goal at the same attainment (80/100/120%) for a
full year, gates and conditions met where that attainment meets them; commission is computed
on the amount at that attainment of the goal's annual target.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from comp_models.engine import (apply_conditions, commission_earned, component_payout_pct, plan_adjustments,
                                round_cents)
from comp_models.reports.plan_text import curve_text, plan_rows
from comp_models.reports.safety import markdown_text
from comp_models.plans import BonusComponent, CommissionComponent, MatrixComponent, Plan, Scenario
from comp_models.types import FloatArray

EXAMPLE_LEVELS = (80.0, 100.0, 120.0)


def _commission_at(c: CommissionComponent, plan: Plan, level: float, monthly: FloatArray | None) -> float:
    """A year of commission with every accumulation window at `level` % of its target, from the year's
    monthly targets (12,) (the same windows as the engine's on-target commission)."""
    if monthly is None:
        return float("nan")
    width = {"year": 12, "quarter": 3}.get(c.accumulate.value, plan.measurement_period.months)
    targets = np.array([monthly[a:a + width].sum() for a in range(0, 12, width)])
    return float(commission_earned(c, level / 100.0 * targets, targets).sum())


def on_target_commission_for_year(c: CommissionComponent, plan: Plan, monthly: FloatArray | None) -> float:
    """`target_earnings` when stated, else the tier table at exactly 100% of the year's target."""
    return float(c.target_earnings) if c.target_earnings is not None else _commission_at(c, plan, 100.0, monthly)


def example_payouts(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None = None) -> pd.DataFrame:
    """Rows: components (+ multiplier, plan cap, total); columns: payout at each example level.

    Computed by the engine's own functions (component payout with conditions, commission tiers,
    multiplier and plan cap) for one whole plan year with every goal at the level; `year_targets`
    are the year's 12 monthly targets per goal (`periods.year_monthly_targets`), so a history that
    ends mid-year still shows the whole year.
    """
    plan = scenario.roles[role]
    year_targets = year_targets or {}
    levels = np.array(EXAMPLE_LEVELS)
    goal_att = {g: levels for g in scenario.goals}  # every goal at each level: (L,)
    columns = [f"at {lv:g}%" for lv in EXAMPLE_LEVELS]
    lines = {}
    target_variable = plan.annual_target_incentive
    for c in plan.components:
        if isinstance(c, CommissionComponent):
            monthly = year_targets.get(c.goal)
            open_gate = apply_conditions(c, plan, np.ones_like(levels), goal_att)
            amounts = np.array([_commission_at(c, plan, lv, monthly) for lv in EXAMPLE_LEVELS])
            lines[c.name] = round_cents(amounts * open_gate)
            target_variable += on_target_commission_for_year(c, plan, monthly)
        else:
            pct = component_payout_pct(c, plan, goal_att)
            lines[c.name] = round_cents(pct / 100.0 * c.weight / 100.0 * plan.annual_target_incentive)
    total = np.nansum(np.array(list(lines.values())), axis=0)
    mult, cap, _, _ = plan_adjustments(plan, np.array([target_variable]), total[None, :],
                                       {g: a[None, :] for g, a in goal_att.items()})
    if plan.multiplier:
        lines["multiplier"] = mult[0]
    if plan.plan_cap:
        lines["plan cap"] = cap[0]
    total = total + mult[0] + cap[0]
    lines["total"] = total
    lines["% of target variable"] = (100.0 * total / target_variable if target_variable
                                     else np.full_like(total, np.nan))
    return pd.DataFrame([{"component": name, **dict(zip(columns, values))} for name, values in lines.items()])


def _curve_table(c) -> pd.DataFrame | None:
    if isinstance(c, BonusComponent):
        return pd.DataFrame(c.curve, columns=["attainment %", "payout %"])
    if isinstance(c, MatrixComponent):
        return pd.DataFrame(c.payouts, columns=[f"{c.goal} ≥ {x:g}%" for x in c.levels_x],
                            index=[f"{c.goal_y} ≥ {y:g}%" for y in c.levels_y])
    rows = [{"from": t.start, "rate %": t.rate, "amount": t.amount} for t in c.tiers]
    return pd.DataFrame(rows).dropna(axis=1, how="all")


def _sections(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None):
    plan = scenario.roles[role]
    targets = year_targets or {}
    otc = sum(on_target_commission_for_year(c, plan, targets.get(c.goal))
              for c in plan.components if isinstance(c, CommissionComponent))
    variable = plan.annual_target_incentive + otc
    base_pct, var_pct = 100.0 * plan.base_salary / (plan.base_salary + variable), 100.0 * variable / (plan.base_salary + variable)
    otc_note = " (the tier table at 100% of the year's target)" if plan.commission_target_from_tiers else ""
    facts = pd.DataFrame([
        ("Base salary", f"{plan.base_salary:,.2f} {scenario.currency}"),
        ("Target incentive (bonus)", f"{plan.annual_target_incentive:,.2f}"),
        ("On-target commission", f"{otc:,.2f}{otc_note}"),
        ("Pay mix (base / variable)", f"{base_pct:.0f} / {var_pct:.0f}"),
        ("Measured / true-up", f"{plan.measurement_period.value} / {plan.true_up.value}"),
        ("Holdback / claw-back", f"{plan.holdback_pct:g}% / {plan.clawback_pct:g}%"),
        ("Plan cap", f"{plan.plan_cap:g}% of target variable" if plan.plan_cap else "none"),
        ("Multiplier", f"{plan.multiplier.goal}: {curve_text(plan.multiplier.curve)}" if plan.multiplier else "none"),
        ("Draw", f"{plan.draw.amount:,.2f} per period ({'recoverable' if plan.draw.recoverable else 'non-recoverable'})"
         if plan.draw else "none"),
    ], columns=["term", "value"])
    comps = pd.DataFrame(plan_rows(role, plan, scenario))[["component", "kind", "goal", "shared", "weight_pct",
                                                           "annual_target_pay", "how_it_pays", "conditions"]]
    curves = [(c.name, _curve_table(c)) for c in plan.components]
    return plan, facts, comps, curves, example_payouts(scenario, role, year_targets)


def plan_summary_markdown(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None = None) -> str:
    plan, facts, comps, curves, examples = _sections(scenario, role, year_targets)
    md = markdown_text
    out = [f"# {md(plan.title)}: variable pay plan", f"*Scenario: {md(scenario.name)}*", "", md(scenario.description), "",
           "## Pay", _md(facts), "",
           "## Components"]
    out.append(_md(comps.fillna("")))
    out.append("\n## Curves and tables")
    for name, table in curves:
        out += [f"### {md(name)}", _md(table, index=table.index.dtype == object), ""]
    out += ["## Example payouts (full year, every goal at the same attainment)", _md(examples.round(2)), ""]
    return "\n".join(out)


def _md(df: pd.DataFrame, index: bool = False) -> str:
    """A Markdown table without extra dependencies."""
    frame = df.reset_index() if index else df
    cols = [markdown_text(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        cells = [f"{v:,.2f}" if isinstance(v, float) else markdown_text(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plan_summary_html(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None = None) -> str:
    plan, facts, comps, curves, examples = _sections(scenario, role, year_targets)
    esc = html.escape
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(plan.title)} plan</title>",
             "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;font-size:12px}"
             "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 6px}"
             "@media print{body{margin:0}}</style></head><body>",
             f"<h1>{esc(plan.title)}: variable pay plan</h1><p><i>Scenario: {esc(scenario.name)}</i></p>",
             f"<p>{esc(scenario.description)}</p><h2>Pay</h2>", facts.to_html(index=False),
             "<h2>Components</h2>", comps.fillna("").to_html(index=False, float_format=lambda v: f"{v:,.2f}"),
             "<h2>Curves and tables</h2>"]
    for name, table in curves:
        parts += [f"<h3>{esc(name)}</h3>", table.to_html(index=table.index.dtype == object, na_rep="")]
    parts += ["<h2>Example payouts (full year, every goal at the same attainment)</h2>",
              examples.to_html(index=False, float_format=lambda v: f"{v:,.2f}"), "</body></html>"]
    return "".join(parts)
