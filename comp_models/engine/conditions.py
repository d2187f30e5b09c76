"""Conditions across goals: gates, conditional caps, the joint upside rule, multiplier and plan cap."""

from __future__ import annotations

import numpy as np

from comp_models.engine.rounding import round_cents
from comp_models.payouts import curve_payout, matrix_payout
from comp_models.plans import BonusComponent, CommissionComponent, MatrixComponent, ObjectivesComponent, Plan
from comp_models.types import FloatArray


def apply_conditions(c: BonusComponent | MatrixComponent | CommissionComponent, plan: Plan, pct: FloatArray,
                     goal_att: dict[str, FloatArray]) -> FloatArray:
    """Apply gates (plan and component), conditional caps and joint-upside rules to payout %."""
    for gate in [*plan.gates, *c.gates]:
        pct = np.where(goal_att[gate.goal] >= gate.min_attainment, pct, 0.0)
    for cc in getattr(c, "conditional_caps", []):
        pct = np.where(goal_att[cc.goal] >= cc.min_attainment, pct, np.minimum(pct, cc.cap))
    required = getattr(c, "upside_requires", [])
    if required:
        all_met = np.logical_and.reduce([goal_att[g] >= 100.0 for g in required])
        pct = np.where(all_met, pct, np.minimum(pct, 100.0))
    return pct


def component_payout_pct(c: BonusComponent | MatrixComponent, plan: Plan, goal_att: dict[str, FloatArray]) -> FloatArray:
    """Payout % of a bonus or matrix component from its goals' attainment %, conditions applied.

    goal_att: goal -> attainment % arrays (any shape, all alike); the result has that shape.
    """
    if isinstance(c, ObjectivesComponent):
        pct = objectives_score(c, goal_att)
        if c.cap is not None:
            pct = np.minimum(pct, c.cap)
        return apply_conditions(c, plan, pct, goal_att)
    att = goal_att[c.goal]
    if isinstance(c, BonusComponent):
        pct = curve_payout(att, c.curve)
    else:
        pct = matrix_payout(att, goal_att[c.goal_y], c.levels_x, c.levels_y, c.payouts)
    return apply_conditions(c, plan, pct, goal_att)


def payout_key(c: BonusComponent | MatrixComponent | ObjectivesComponent, plan: Plan) -> tuple:
    """Everything `component_payout_pct` reads of a component and its plan besides the goals' attainments: two
    components with the same key pay the same % on the same attainments, whatever their names and weights (a
    shared goal on the same curve and conditions in both plans, or a plan whose weights moved)."""
    conditions = (tuple((g.goal, g.min_attainment) for g in plan.gates),
                  tuple((g.goal, g.min_attainment) for g in c.gates),
                  tuple((cc.goal, cc.min_attainment, cc.cap) for cc in c.conditional_caps),
                  tuple(c.upside_requires))
    if isinstance(c, ObjectivesComponent):
        return ("objectives", tuple((o.goal, o.weight) for o in c.objectives), c.cap, conditions)
    if isinstance(c, BonusComponent):
        return ("bonus", c.goal, tuple(c.curve), conditions)
    return ("matrix", c.goal, c.goal_y, tuple(c.levels_x), tuple(c.levels_y), tuple(map(tuple, c.payouts)),
            conditions)


def objectives_score(c: ObjectivesComponent, goal_att: dict[str, FloatArray]) -> FloatArray:
    """Σ objective weight × its score (%), before the cap and the conditions."""
    total = 0.0
    for o in c.objectives:
        total = total + o.weight / 100.0 * goal_att[o.goal]
    return np.asarray(total, dtype=np.float64)


def plan_adjustments(plan: Plan, target_variable: FloatArray, component_total: FloatArray,
                     goal_att: dict[str, FloatArray]) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Multiplier and plan-cap lines (S, W) in cents on a component total (S, W) of windows whose
    target variable is `target_variable` (W,), plus the multiplier factor (S, W) and the cap limit (W,).

    multiplier line = cents(total × (factor − 1)); plan-cap line = min(0, limit − (total + multiplier))
    with limit = cents(plan_cap% × target variable) (docs/money.md §5, §7).
    """
    if plan.multiplier:
        factor = curve_payout(goal_att[plan.multiplier.goal], plan.multiplier.curve, below_first="flat") / 100.0
        mult_line = round_cents((factor - 1.0) * component_total)
    else:
        factor = np.ones_like(component_total)
        mult_line = np.zeros(np.shape(component_total))
    tv = np.asarray(target_variable, dtype=np.float64)
    if plan.plan_cap is not None:
        limit = round_cents(plan.plan_cap / 100.0 * tv)  # a money limit, on cents like every line
        cap_line = np.minimum(0.0, limit - (component_total + mult_line))
    else:
        limit = np.full(tv.shape, np.inf)
        cap_line = np.zeros(np.shape(component_total))
    return mult_line, cap_line, factor, limit
