"""A printable one-page summary of one VP's plan (Markdown or HTML).

Example payouts evaluate the plan with every goal at the same attainment (80/100/120%) for a
full year, gates and conditions met where that attainment meets them; commission is computed
on the amount at that attainment of the goal's annual target.
"""

from __future__ import annotations

import calendar

import html

import numpy as np
import pandas as pd

from comp_models.engine import apply_conditions, commission_earned, component_payout_pct, plan_adjustments, round_cents
from comp_models.metrics import METRICS
from comp_models.statements.money import CURRENCY_SYMBOLS, money_text  # noqa: F401 (re-exported)
from comp_models.plans import BonusComponent, CommissionComponent, MatrixComponent, ObjectivesComponent, Plan, Scenario
from comp_models.reports.plan_text import curve_text, plan_rows
from comp_models.reports.safety import markdown_text
from comp_models.types import Aggregation, FloatArray

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


def _value_text(value, metric: str, currency: str) -> str:
    """A goal's target in its metric's unit: money, a count, a rate as %, days."""
    unit = METRICS[metric].unit
    if metric == "objective":
        return f"score {value:g}%"
    if unit == "fraction":
        return f"{100.0 * value:.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "days":
        return f"{value:,.1f} days"
    return money_text(value, currency, 0)


def _curve_table(c, scenario: Scenario) -> pd.DataFrame:
    """The component's payout table with labelled rows and columns (text cells)."""
    label = lambda g: scenario.goals[g].display_label
    if isinstance(c, BonusComponent):
        return pd.DataFrame([(f"{x:g}%", f"{y:g}%") for x, y in c.curve], columns=["Attainment", "Payout"])
    if isinstance(c, MatrixComponent):
        return pd.DataFrame([[f"{v:g}%" for v in row] for row in c.payouts],
                            columns=[f"≥ {x:g}%" for x in c.levels_x],
                            index=pd.Index([f"≥ {y:g}%" for y in c.levels_y],
                                           name=f"{label(c.goal_y)} (rows) \\ {label(c.goal)} (columns)"))
    if isinstance(c, ObjectivesComponent):  # scored by the CEO: each objective's weight and scale
        rows = []
        for o in c.objectives:
            sc = scenario.goals[o.goal].resolved_scoring
            scale = ", ".join(f"{k} = {v:g}%" for k, v in sc.levels.items()) if sc.levels else f"0-{sc.max_score:g}%"
            rows.append({"Objective": label(o.goal), "Weight": f"{o.weight:g}%", "Scored": sc.scored, "Scale": scale})
        return pd.DataFrame(rows)
    unit = "%" if c.tier_basis.value == "attainment" else ""
    rows = []
    for t in c.tiers:
        start = f"{t.start:g}% of target" if unit else money_text(t.start, scenario.currency, 0)
        row = {"From": start}
        if t.rate is not None:
            row["Rate"] = f"{t.rate:g}%"
        if t.amount is not None:
            row["Amount"] = money_text(t.amount, scenario.currency)
        rows.append(row)
    return pd.DataFrame(rows).fillna("")


def _targets_table(scenario: Scenario, role: str, year_targets: dict[str, FloatArray], year: int | None) -> pd.DataFrame:
    """The plan year's target of every goal the plan pays on (sums: the year's total; ratios: the level)."""
    plan = scenario.roles[role]
    goals = list(dict.fromkeys(g for c in plan.components for g in (c.goal, getattr(c, "goal_y", None)) if g))
    rows = []
    for g in goals:
        goal = scenario.goals[g]
        monthly = year_targets.get(g)
        if monthly is None:
            value = "from the targets file"
        else:
            m = METRICS[goal.metric]
            total = float(np.sum(monthly)) if m.aggregation is Aggregation.SUM else float(np.mean(monthly))
            value = _value_text(total, goal.metric, scenario.currency)
        rows.append({"Goal": goal.display_label, f"Target{f' {year}' if year else ''}": value,
                     "Direction": goal.resolved_direction.value.replace("_", " "),
                     "Shared": "shared with the other VP" if g in scenario.shared_goals() else "own"})
    return pd.DataFrame(rows)


def _how_short(row: dict) -> str:
    """How a component pays, when its table below does not already say it (curves and matrices do)."""
    if row["kind"] in ("bonus", "matrix"):
        return f"the {row['kind'] == 'bonus' and 'curve' or 'grid'} below"
    return row["how_it_pays"]


def _timing_facts(scenario: Scenario, role: str, plan: Plan) -> list[tuple[str, str]]:
    """Plan year, plan versions, employment and proration, termination terms and SPIFFs (docs/money.md
    §12-15), each only when it applies."""
    out = []
    fy = scenario.fiscal_year_start
    if fy != 1:
        out.append(("Plan year", f"{calendar.month_name[fy]} to {calendar.month_name[(fy - 2) % 12 + 1]}, named by "
                    "the year it ends in"))
    earlier = scenario.earlier_plans.get(role, [])
    if earlier or plan.effective_from:
        starts = ", ".join(p.effective_from or "the start" for p in earlier)
        out.append(("Plan version", f"in force from {plan.effective_from or 'the start'}"
                    + (f" (earlier versions from {starts})" if earlier else "")))
    e = scenario.employment.get(role)
    if e and (e.start or e.end):
        dates = " ".join(x for x in (f"from {e.start}" if e.start else "", f"to {e.end}" if e.end else "") if x)
        out.append(("Employment", f"{dates}; a partial year prorated by {plan.proration} employed"))
    t = plan.at_termination
    if plan.holdback_pct or plan.draw:
        out.append(("On leaving", f"holdback {'forfeited' if t.holdback == 'forfeit' else 'paid out'}"
                    + (f"; draw balance {'forgiven' if t.draw_balance == 'forgive' else 'recovered'}"
                       if plan.draw and plan.draw.recoverable else "")))
    for x in scenario.spiffs:
        if role in x.roles:
            award = money_text(x.amount, scenario.currency, 0) if x.amount is not None else \
                f"{x.rate_pct:g}% of {scenario.goals[x.goal].display_label}"
            cond = ""
            if x.min_actual is not None:
                cond = f" if {scenario.goals[x.goal].display_label} reaches {x.min_actual:g}"
            elif x.min_attainment is not None:
                cond = f" if {scenario.goals[x.goal].display_label} reaches {x.min_attainment:g}% of target"
            out.append((f"SPIFF: {x.name}", f"{award}{cond}, {x.start} to {x.end}; outside the weights"))
    return out


def _sections(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None, year: int | None = None):
    """Every part of the summary as text tables: pay facts, the year's targets, components, curves, examples."""
    plan = scenario.roles[role]
    cur = scenario.currency
    targets = year_targets or {}
    otc = sum(on_target_commission_for_year(c, plan, targets.get(c.goal))
              for c in plan.components if isinstance(c, CommissionComponent))
    variable = plan.annual_target_incentive + otc
    base_pct, var_pct = 100.0 * plan.base_salary / (plan.base_salary + variable), 100.0 * variable / (plan.base_salary + variable)
    otc_note = " (the tier table at 100% of the year's target)" if plan.commission_target_from_tiers else ""
    label = lambda g: scenario.goals[g].display_label
    facts = pd.DataFrame([
        ("Base salary", money_text(plan.base_salary, cur)),
        ("Target incentive (bonus)", money_text(plan.annual_target_incentive, cur)),
        ("On-target commission", (money_text(otc, cur) + otc_note) if otc or otc_note else "none"),
        ("Pay mix (base / variable)", f"{base_pct:.0f}% / {var_pct:.0f}%" if var_pct == var_pct
         else "set by the year's targets (give them to compute it)"),
        ("Measured / true-up", f"{plan.measurement_period.value} / {plan.true_up.value}"),
        ("Holdback / claw-back", f"{plan.holdback_pct:g}% / {plan.clawback_pct:g}%"),
        ("Plan cap", f"{plan.plan_cap:g}% of target variable" if plan.plan_cap else "none"),
        ("Multiplier", f"{label(plan.multiplier.goal)}: {curve_text(plan.multiplier.curve)}" if plan.multiplier else "none"),
        ("Draw", f"{money_text(plan.draw.amount, cur)} per period "
                 f"({'recoverable' if plan.draw.recoverable else 'non-recoverable'})" if plan.draw else "none"),
        *_timing_facts(scenario, role, plan),
    ], columns=["Term", "Value"])
    comps = pd.DataFrame([{
        "Component": r["component"], "Kind": r["kind"], "Goal": ", ".join(label(g) for g in r["goal"].split(", ") if g),
        "Shared": "shared" if r["shared"] else "own",
        "Weight": "" if r["weight_pct"] is None else f"{r['weight_pct']:g}%",
        "Pay at target": "" if r["annual_target_pay"] is None else money_text(r["annual_target_pay"], cur, 0),
        "How it pays": _how_short(r), "Conditions": r["conditions"] or "none",
    } for r in plan_rows(role, plan, scenario)])
    curves = [(c.name, _curve_table(c, scenario)) for c in plan.components]
    ex = example_payouts(scenario, role, year_targets)
    level_cols = [c for c in ex.columns if c != "component"]
    examples = pd.DataFrame([{
        "": r["component"],
        **{f"Every goal {c}": ((f"{r[c]:.1f}%" if r[c] == r[c] else "needs the year's targets")
                               if r["component"] == "% of target variable" else money_text(r[c], cur))
           for c in level_cols}} for r in ex.to_dict("records")])
    return plan, facts, _targets_table(scenario, role, targets, year), comps, curves, examples


def plan_summary_markdown(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None = None,
                          year: int | None = None) -> str:
    plan, facts, targets, comps, curves, examples = _sections(scenario, role, year_targets, year)
    md = markdown_text
    out = [f"# {md(plan.title)}: variable pay plan", f"*Scenario: {md(scenario.name)}*", "", md(scenario.description), "",
           "## Pay", _md(facts), "", f"## Targets{f' for {year}' if year else ''}", _md(targets), "",
           "## Components", _md(comps), "", "## Curves and tables"]
    for name, table in curves:
        out += [f"### {md(name)}", _md(table, index=table.index.name is not None), ""]
    out += ["## Example payouts (full year, every goal at the same attainment)", _md(examples), ""]
    return "\n".join(out)


def _md(df: pd.DataFrame, index: bool = False) -> str:
    """A Markdown table without extra dependencies (text cells escaped; nothing missing shows as None)."""
    frame = df.reset_index() if index else df
    cols = [markdown_text(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        cells = [f"{v:,.2f}" if isinstance(v, float) else markdown_text("" if v is None else v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


PRINT_CSS = ("@page{size:A4;margin:10mm}body{font-family:'DejaVu Sans',sans-serif;max-width:900px;margin:1em auto;"
             "font-size:9px;line-height:1.25}h1{font-size:1.6em;margin:0 0 2px}h2{font-size:1.2em;margin:.7em 0 2px}"
             "h3{font-size:1.05em;margin:4px 0 1px}p{margin:2px 0}table{border-collapse:collapse;margin:2px 0;"
             "font-size:inherit}td,th{border:1px solid #bbb;padding:1px 4px;vertical-align:top;text-align:left}"
             "th{background:#eef}.row{display:flex;flex-wrap:wrap;gap:0 16px}.curves{display:flex;flex-wrap:wrap;"
             "gap:4px 12px}.ack{margin-top:10px;border:1px solid #888;padding:6px}.ack td{border:none;padding:10px 8px 0 0}"
             ".line{border-bottom:1px solid #000;width:180px;display:inline-block}@media print{body{margin:0}}")


def _html_table(df: pd.DataFrame, index: bool = False) -> str:
    return df.to_html(index=index, na_rep="", escape=True, border=0)


def plan_summary_html(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None = None,
                      year: int | None = None, *, acknowledgement: bool = True) -> str:
    """The summary as one printable HTML page; with an acknowledgement block (name, signature, date)."""
    plan, facts, targets, comps, curves, examples = _sections(scenario, role, year_targets, year)
    esc = html.escape
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(plan.title)} plan</title>",
             f"<style>{PRINT_CSS}</style></head><body>",
             f"<h1>{esc(plan.title)}: variable pay plan{f' {year}' if year else ''}</h1>"
             f"<p><i>Scenario: {esc(scenario.name)}</i></p>",
             f"<p>{esc(scenario.description)}</p><div class='row'><div><h2>Pay</h2>", _html_table(facts),
             f"</div><div><h2>Targets{f' for {year}' if year else ''}</h2>", _html_table(targets), "</div></div>",
             "<h2>Components</h2>", _html_table(comps), "<h2>Curves and tables</h2><div class='curves'>"]
    for name, table in curves:
        parts += [f"<div><h3>{esc(name)}</h3>", _html_table(table, index=table.index.name is not None), "</div>"]
    parts += ["</div><h2>Example payouts (full year, every goal at the same attainment)</h2>", _html_table(examples)]
    if acknowledgement:
        parts += ["<div class='ack'><b>Acknowledgement.</b> I have read and understood this plan.<table><tr>"
                  f"<td>Name: <span class='line'>&nbsp;</span></td><td>Role: {esc(plan.title)}</td></tr>"
                  "<tr><td>Signature: <span class='line'>&nbsp;</span></td>"
                  "<td>Date: <span class='line'>&nbsp;</span></td></tr></table></div>"]
    parts.append("</body></html>")
    return "".join(parts)
