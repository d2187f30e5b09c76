"""Plans described in words: one row per component (how it pays, its conditions) and per plan."""

from __future__ import annotations

import pandas as pd

from comp_models.plans import BonusComponent, CommissionComponent, ObjectivesComponent, Plan, Scenario, component_goals


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
            elif isinstance(c, ObjectivesComponent):
                how = "objectives scored by the CEO: " + "; ".join(
                    _objective_text(scenario.goals[o.goal], o.weight) for o in c.objectives)
                if c.cap is not None:
                    how += f"; capped at {c.cap:g}%"
            else:
                lx = ", ".join(f"{v:g}%" for v in c.levels_x)
                ly = ", ".join(f"{v:g}%" for v in c.levels_y)
                how = (f"matrix of {goal.display_label} levels {lx} × {scenario.goals[c.goal_y].display_label} "
                       f"levels {ly}; payout % from the grid ({c.payouts[0][0]:g}% at the lowest levels, "
                       f"{c.payouts[-1][-1]:g}% at the highest)")
            weight, target_pay = c.weight, plan.annual_target_incentive * c.weight / 100
        goals = component_goals(c)
        rows.append({"role": role, "title": plan.title, "component": c.name, "kind": c.kind, "goal": ", ".join(goals),
                     "metric": goal.metric, "direction": goal.resolved_direction.value,
                     "shared": any(g in shared for g in goals), "weight_pct": weight, "annual_target_pay": target_pay,
                     "how_it_pays": how, "conditions": "; ".join(conditions)})
    return rows


def _objective_text(goal, weight: float) -> str:
    sc = goal.resolved_scoring
    scale = (" / ".join(f"{k} {v:g}%" for k, v in sc.levels.items()) if sc.levels
             else f"0-{sc.max_score:g}%")
    return f"{goal.display_label} {weight:g}% (scored {sc.scored}: {scale})"


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
