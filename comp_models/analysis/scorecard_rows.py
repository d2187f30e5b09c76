"""The scorecard's rows: for each family of measures the rows it contributes, each judged
aligned / mixed / misaligned / info against its bands, with a plain verdict, how it was
computed (with the figures used), its section of docs/alignment.md and the dotted path of the
function that computes it (`_where`); `_Context` carries what every row builder needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from comp_models.analysis.comovement import CoMovement, co_movement
from comp_models.analysis.conflicts import Conflicts, conflict_periods
from comp_models.analysis.gradients import MATERIAL_ELASTICITY, Gradients, incentive_gradients
from comp_models.analysis.pay_elasticity import PayForPerformance, pay_for_performance
from comp_models.analysis.scorecard import ALIGNED, INFO, MISALIGNED, MIXED, MetricRow
from comp_models.analysis.sharing import SharedPay, shared_pay_share
from comp_models.analysis.stress.run import PayoutSeries, stress_tests

DOC = "docs/alignment.md"
NO_REVENUE = "company revenue not in the history"
SIMULATION_METHODS = {"bootstrap": "seasonal block bootstrap of the history",
                      "parametric": "parametric model fitted to the history"}


def _rows_of(columns: dict) -> list[dict]:
    """A measure's columns (name -> one value per row) as one dict per row, as the row builders read them."""
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


def _where(fn) -> str:
    """A row's `function`: the dotted path of the library function that computes its figure."""
    return f"{fn.__module__}.{fn.__name__}"


def _pair_min(values: dict[str, float], pair: tuple[str, str]) -> float:
    """The lower of the two VPs' figures; NaN when either is undefined (never the other's by default)."""
    a, b = (float(values.get(r, float("nan"))) for r in pair)
    return min(a, b) if np.isfinite(a) and np.isfinite(b) else float("nan")


def _fmt_pct(x: float, digits: int = 0) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}%"


def _fmt(x: float, digits: int = 2) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def _band(x: float | None, good: float, ok: float) -> str:
    """aligned if x >= good, mixed if x >= ok, misaligned below; info when undefined."""
    if x is None or not np.isfinite(x):
        return INFO
    return ALIGNED if x >= good else MIXED if x >= ok else MISALIGNED


def _band_rate(rate: float) -> str:
    """A conflict rate: aligned at 0, mixed up to 10%, misaligned above; info when undefined."""
    if rate is None or not np.isfinite(rate):
        return INFO
    return ALIGNED if rate == 0 else MIXED if rate <= 0.10 else MISALIGNED


def _per_vp_text(values: dict[str, float], titles: dict[str, str], fmt) -> str:
    return ", ".join(f"{titles[r]} {fmt(v)}" for r, v in values.items())


@dataclass(frozen=True)
class _Context:
    """What every row builder needs beside its measure."""

    pair: tuple[str, str]
    titles: dict[str, str]  # the pair: role -> title
    series: PayoutSeries  # the pair's payout % on the history (S = 1)
    mc_note: str  # why there is no simulation ("" when simulated)
    method: str  # the Monte Carlo's simulation method
    strengths: dict[str, float]  # the stress strengths used
    revenue_known: bool  # the history has company revenue

    @property
    def both(self) -> str:
        return " and ".join(self.titles[r] for r in self.pair)

    @property
    def span(self) -> str:
        return f"{self.series.labels[0]}..{self.series.labels[-1]}" if self.series.labels else "no periods"

    @property
    def unit(self) -> str:
        kind = "plan-year" if any(lab.startswith("FY") for lab in self.series.labels) else "calendar"
        if self.series.basis == "quarter":
            return f"{kind} quarters"
        return "plan years" if kind == "plan-year" else "calendar years"


def _shared_rows(ctx: _Context, shared: SharedPay) -> list[MetricRow]:
    titles = ctx.titles
    low = _pair_min(shared.share, ctx.pair)
    st = _band(low, 50, 20)
    if not np.isfinite(low):
        verdict = "Undefined: a VP has no target variable."
    elif not shared.shared_goals:
        verdict = "Nothing is shared: no goal pays both VPs, so each can win while the other loses."
    elif st == ALIGNED:
        verdict = "Most of both VPs' target incentive rides on goals they share."
    else:
        verdict = f"Only part of the pay is shared (lowest: {low:.0f}% of target variable)."
    comp_text = "; ".join(
        f"{titles[r]}: " + (", ".join(f"{row['component']} {row['pct_of_target_variable']:.0f}%"
                                      for row in shared.rows if row["role"] == r and row["shared"]) or "none")
        for r in ctx.pair)
    share_row = MetricRow(
        "shared_pay_share", "Shared-pay share", None, "% of target variable", dict(shared.share), st, verdict,
        f"Sum of the target-variable weights of components paying on a goal both plans pay on "
        f"(shared goals: {', '.join(shared.shared_goals) or 'none'}). {comp_text}.",
        f"{DOC}#1-shared-pay-share-and-weight-overlap", _where(shared_pay_share),
        {"shared_goals": shared.shared_goals, "gated_share": dict(shared.gated_share)})
    st = _band(shared.overlap, 50, 20)
    overlap_row = MetricRow(
        "weight_overlap", "Weight overlap", shared.overlap, "% of target variable", None, st,
        {ALIGNED: "The two plans weight the same goals much the same way.",
         MIXED: "The plans overlap on some goals but weight them differently.",
         MISALIGNED: "The plans weight different goals: they measure different things.",
         INFO: "Undefined: a VP has no target variable."}[st],
        f"O = sum over goals of min(weight for {ctx.both}) with each plan's weights in % of its target variable: "
        f"O = {_fmt(shared.overlap, 1)}%.", f"{DOC}#1-shared-pay-share-and-weight-overlap", _where(shared_pay_share))
    return [share_row, overlap_row]


def _co_movement_rows(ctx: _Context, com: CoMovement) -> list[MetricRow]:
    titles, series = ctx.titles, ctx.series
    rows = []
    st = _band(com.history, 0.5, 0.0)
    pct_stats = "; ".join(
        f"{titles[r]} mean {np.mean(v):.0f}%, sd {np.std(v):.0f}" if len(v := series.pct[r][0][np.isfinite(
            series.pct[r][0])]) else f"{titles[r]} payout % undefined (no target variable)" for r in ctx.pair)
    rows.append(MetricRow(
        "co_movement_history", "Co-movement (history)", com.history, "correlation", None, st,
        {ALIGNED: "The two VPs' payouts rise and fall together.",
         MIXED: "The two VPs' payouts are only loosely related.",
         MISALIGNED: "When one VP's payout rises the other's tends to fall.",
         INFO: "Undefined: a payout % is undefined or never changes, or too few periods."}[st],
        f"Pearson correlation of payout % (period earned incl. true-up / target variable) over "
        f"{com.n_periods} {ctx.unit} {ctx.span}: {pct_stats}; rho = {_fmt(com.history)}.",
        f"{DOC}#2-co-movement", _where(co_movement), {"n_periods": com.n_periods, "basis": com.basis}))
    st = _band(com.joint_outcome_rate, 0.75, 0.5)
    rows.append(MetricRow(
        "joint_outcome_rate", "Joint-outcome rate", com.joint_outcome_rate, "share of periods", None, st,
        {ALIGNED: "The VPs usually hit or miss target together.",
         MIXED: "The VPs often land on opposite sides of target.",
         MISALIGNED: "Most periods one VP is at or above target while the other is below.",
         INFO: "Undefined: a VP's payout % is undefined."}[st],
        f"Share of the {com.n_periods} {ctx.unit} in which both payouts are >= 100% or both < 100%: "
        f"{_fmt_pct(100 * com.joint_outcome_rate)}.", f"{DOC}#2-co-movement", _where(co_movement)))
    if com.simulated is None:
        rows.append(MetricRow("co_movement_simulated", "Co-movement (simulated years)", None, "correlation", None,
                              INFO, f"Monte Carlo {ctx.mc_note}.", "No simulated years.", f"{DOC}#2-co-movement",
                              _where(co_movement)))
    else:
        st = _band(com.simulated, 0.5, 0.0)
        rows.append(MetricRow(
            "co_movement_simulated", "Co-movement (simulated years)", com.simulated, "correlation", None, st,
            {ALIGNED: "Across plausible years the two payouts move together.",
             MIXED: "Across plausible years the two payouts are only loosely related.",
             MISALIGNED: "Across plausible years a good year for one VP tends to be a bad one for the other.",
             INFO: "Undefined: a payout % is undefined or constant across simulated years."}[st],
            f"Pearson correlation of annual payout % across {com.n_years:,} simulated years "
            f"({SIMULATION_METHODS.get(ctx.method, ctx.method)}): rho = {_fmt(com.simulated)}.",
            f"{DOC}#2-co-movement", _where(co_movement), {"n_years": com.n_years, "method": ctx.method}))
    return rows


def _conflict_rows(ctx: _Context, con: Conflicts, stress: list[dict]) -> list[MetricRow]:
    rows = []
    st = _band_rate(con.rate)
    causes = con.conflict_causes()
    listed = "; ".join(f"{period}: {cause}" for period, cause in causes) or "none"
    rows.append(MetricRow(
        "conflict_rate_history", "Conflict rate (history)", con.rate, "share of periods", None, st,
        {ALIGNED: "No finger-pointing periods: neither VP celebrated while the other was below threshold.",
         MIXED: "Rare finger-pointing periods (one VP at target, the other below threshold).",
         MISALIGNED: "Frequent finger-pointing periods: one VP at target while the other is below threshold.",
         INFO: "Undefined: a VP's payout % is undefined."}[st],
        f"Share of the {con.n_periods} {ctx.unit} in which one VP earns >= 100% of target while the other earns "
        f"< {con.threshold_pct:g}%: {len(causes)} of {con.n_periods} = "
        f"{_fmt_pct(100 * con.rate, 1)}. Periods: {listed}.",
        f"{DOC}#3-conflict-rate", _where(conflict_periods),
        {"periods": [period for period, _ in causes], "threshold_pct": con.threshold_pct}))
    if con.simulated is None:
        rows.append(MetricRow("conflict_rate_simulated", "Conflict rate (simulated years)", None, "share of years",
                              None, INFO, f"Monte Carlo {ctx.mc_note}.", "No simulated years.",
                              f"{DOC}#3-conflict-rate", _where(conflict_periods)))
    else:
        s = con.simulated
        st = _band_rate(s)
        rows.append(MetricRow(
            "conflict_rate_simulated", "Conflict rate (simulated years)", s, "share of years", None, st,
            {ALIGNED: "No simulated year has one VP at target while the other is below threshold.",
             MIXED: "Few simulated years put the VPs on opposite sides.",
             MISALIGNED: "Many simulated years put one VP at target and the other below threshold.",
             INFO: "Undefined: a VP has no target variable."}[st],
            f"Share of {con.n_years:,} simulated years ({SIMULATION_METHODS.get(ctx.method, ctx.method)}) with one "
            f"VP >= 100% of target and the other < {con.threshold_pct:g}%: {_fmt_pct(100 * s, 2)}.",
            f"{DOC}#3-conflict-rate", _where(conflict_periods), {"n_years": con.n_years, "method": ctx.method}))
    under = sum(int(r["conflict_periods"]) for r in stress)
    n_under = sum(int(r["n_periods"]) for r in stress)
    rate_under = under / n_under if n_under else float("nan")
    st = _band_rate(rate_under)
    per_stress = "; ".join(f"{r['label']} {int(r['conflict_periods'])} of {int(r['n_periods'])}" for r in stress)
    used = ", ".join(f"{r['label']} {r['strength']:g}" for r in stress)
    rows.append(MetricRow(
        "conflict_rate_stressed", "Conflict rate (stressed histories)", rate_under, "share of periods", None, st,
        {ALIGNED: "Even under the stress tests neither VP celebrates while the other is below threshold.",
         MIXED: "Under some stresses one VP celebrates while the other is below threshold.",
         MISALIGNED: "Under the stresses finger-pointing periods are common.",
         INFO: "Undefined: a VP's payout % is undefined."}[st],
        f"The same count over the {n_under} periods (both payouts defined) of the {len(stress)} stressed histories "
        f"(strengths: {used}): {under} conflict periods ({per_stress}).", f"{DOC}#3-conflict-rate",
        _where(stress_tests), {"strengths": dict(ctx.strengths)}))
    return rows


def _gradient_rows(ctx: _Context, grad: Gradients) -> list[MetricRow]:
    titles, pair = ctx.titles, ctx.pair
    rows = []
    st = _band(grad.cosine, 0.7, 0.3)
    gt = grad.columns
    levers = _rows_of(gt)  # rows as dicts: a role id need not be a Python identifier (vp-marketing)
    vec = "; ".join(f"{r['label']} " + "/".join(f"{r[f'{x}_elasticity']:+.2f}" for x in pair) for r in levers)
    rows.append(MetricRow(
        "gradient_agreement", "Incentive-gradient agreement", grad.cosine, "cosine", None, st,
        {ALIGNED: "The moves that pay one VP pay the other too: the plans pull the same way.",
         MIXED: "The plans reward partly different moves.",
         MISALIGNED: "The plans reward different (or opposite) moves: effort is pulled apart.",
         INFO: "Undefined: a VP's pay does not respond to any lever."}[st],
        f"cos(g_S, g_M) of the two VPs' elasticities (% pay per +{grad.step_pct:g}% move, whole history) over "
        f"{len(levers)} levers (S / M): {vec}. Funnel levers only: {_fmt(grad.cosine_funnel)}.",
        f"{DOC}#4-incentive-gradient-agreement", _where(incentive_gradients),
        {"cosine_funnel": grad.cosine_funnel, "levers": list(gt["lever"])}))
    low_rev = _pair_min(grad.cosine_revenue, pair) if ctx.revenue_known else float("nan")
    st = _band(low_rev, 0.7, 0.3)
    rows.append(MetricRow(
        "gradient_revenue_agreement", "Gradient agreement with revenue", None, "cosine",
        dict(grad.cosine_revenue), st,
        {ALIGNED: "Each VP is paid most for the moves that grow company revenue.",
         MIXED: "At least one VP is paid partly for moves that do not grow revenue.",
         MISALIGNED: "At least one VP is paid for moves that do not grow (or shrink) revenue.",
         INFO: f"Undefined: {NO_REVENUE}." if not ctx.revenue_known
         else "Undefined: a VP's pay does not respond to any lever."}[st],
        f"cos(g_i, g_R) with g_R the revenue elasticity of each lever: "
        f"{_per_vp_text(grad.cosine_revenue, titles, _fmt)}.",
        f"{DOC}#4-incentive-gradient-agreement", _where(incentive_gradients)))
    n_orphan = len(grad.orphans)
    paying = int((np.column_stack([np.abs(np.asarray(gt[f"{r}_elasticity"], dtype=float)) for r in pair])
                  >= MATERIAL_ELASTICITY).any(axis=1).sum())
    st = ALIGNED if n_orphan == 0 else MIXED if n_orphan * 3 <= paying else MISALIGNED
    orphan_text = "; ".join(f"{r['label']} (moves {r['orphan']} only)" for r in levers if r["orphan"]) or "none"
    rows.append(MetricRow(
        "orphan_levers", "Orphan levers", n_orphan, "levers", None, st,
        {ALIGNED: "Every lever that moves one VP's pay moves the other's too.",
         MIXED: "A few levers move only one VP's pay.",
         MISALIGNED: "Many levers move only one VP's pay: each VP has moves the other does not care about."}[st],
        f"Levers whose +{grad.step_pct:g}% move changes one VP's pay by at least {MATERIAL_ELASTICITY:g}% per 1% "
        f"and the other's by less: {n_orphan} of {paying} levers that move anyone's pay: {orphan_text}.",
        f"{DOC}#4-incentive-gradient-agreement", _where(incentive_gradients), {"levers": grad.orphans}))
    harm = "; ".join(f"{r['label']} (pays {r['harmful']}; revenue {r['revenue_elasticity']:+.2f}%)"
                     for r in levers if r["harmful"]) or "none"
    neutral = "; ".join(f"{r['label']} (pays {r['value_neutral']})" for r in levers if r["value_neutral"]) or "none"
    n_bad = len(grad.harmful) + len(grad.value_neutral)
    if not ctx.revenue_known:
        st, n_bad = INFO, float("nan")
    else:
        st = MISALIGNED if grad.harmful else MIXED if grad.value_neutral else ALIGNED
    rows.append(MetricRow(
        "harmful_levers", "Levers that pay without growing revenue (harmful + value-neutral)", n_bad, "levers",
        None, st,
        {ALIGNED: "No lever pays a VP without growing revenue.",
         MIXED: "Some levers pay a VP without growing revenue (value-neutral moves: gaming exposure).",
         MISALIGNED: "Some levers pay a VP while company revenue falls.",
         INFO: f"Undefined: {NO_REVENUE}."}[st],
        f"{len(grad.harmful)} harmful + {len(grad.value_neutral)} value-neutral levers. Harmful: levers whose move "
        f"raises a VP's pay (elasticity >= {MATERIAL_ELASTICITY:g}) while revenue falls: {harm}. Value-neutral: "
        f"paying while revenue does not move: {neutral}. Opposite signs for the two VPs: "
        f"{', '.join(grad.sign_conflicts) or 'none'}.",
        f"{DOC}#4-incentive-gradient-agreement", _where(incentive_gradients),
        {"harmful": grad.harmful, "value_neutral": grad.value_neutral, "sign_conflicts": grad.sign_conflicts}))
    return rows


def _pay_rows(ctx: _Context, pfp: PayForPerformance) -> list[MetricRow]:
    titles = ctx.titles
    sim = pfp.elasticity_simulated
    el = sim if sim is not None else pfp.elasticity_history
    low_el = _pair_min(el, ctx.pair)
    st = INFO if not np.isfinite(low_el) else ALIGNED if low_el >= 0.5 else MIXED if low_el > 0 else MISALIGNED
    how = (f"History: with the whole business 1% bigger (demand funnel at held rates), revenue over the history "
           f"moves {pfp.revenue_change_pct_history:+.2f}% and pay "
           f"{_per_vp_text(pfp.pay_change_pct_history, titles, lambda v: f'{v:+.2f}%')}: elasticity "
           f"{_per_vp_text(pfp.elasticity_history, titles, _fmt)}.")
    if sim is not None:
        how += (f" Simulated: slope of ln(pay) on ln(revenue) across {pfp.n_years:,} years "
                f"{_per_vp_text(sim, titles, _fmt)}; correlation of payout % with revenue "
                f"{_per_vp_text(pfp.revenue_correlation_simulated, titles, _fmt)}. The verdict uses the simulated "
                f"elasticity.")
    undefined = f"Undefined: {NO_REVENUE}." if not ctx.revenue_known else \
        "Undefined: a VP's pay or payout % is undefined (no target variable or no pay)."
    rows = [MetricRow(
        "pay_elasticity_to_revenue", "Pay elasticity to company revenue", None, "% pay per 1% revenue", dict(el), st,
        {ALIGNED: "Both VPs' pay rises clearly when company revenue rises.",
         MIXED: "At least one VP's pay barely follows company revenue.",
         MISALIGNED: "At least one VP's pay does not rise (or falls) when company revenue rises.",
         INFO: undefined}[st], how, f"{DOC}#5-pay-for-company-performance", _where(pay_for_performance),
        {"history": dict(pfp.elasticity_history), "simulated": None if sim is None else dict(sim),
         "revenue_correlation_simulated": pfp.revenue_correlation_simulated})]
    cost = pfp.cost_pct_of_revenue_simulated if pfp.cost_pct_of_revenue_simulated is not None \
        else pfp.cost_pct_of_revenue_history
    how = f"All roles' variable pay earned / revenue over the history: {_fmt(pfp.cost_pct_of_revenue_history)}%."
    if pfp.cost_pct_of_revenue_simulated is not None:
        how += (f" Simulated: expected cost / expected revenue {_fmt(pfp.cost_pct_of_revenue_simulated)}%; "
                f"correlation of cost with revenue {_fmt(pfp.cost_revenue_correlation_simulated)}.")
    verdict = f"Undefined: {NO_REVENUE}." if not ctx.revenue_known else \
        f"The two plans cost {_fmt(cost)}% of revenue" + (
            ", and the cost rises with revenue." if (pfp.cost_revenue_correlation_simulated or 0) > 0.3 else ".")
    rows.append(MetricRow(
        "cost_pct_of_revenue", "Cost of variable pay (% of revenue)", cost, "% of revenue", None, INFO, verdict,
        how, f"{DOC}#5-pay-for-company-performance", _where(pay_for_performance),
        {"history": pfp.cost_pct_of_revenue_history, "simulated": pfp.cost_pct_of_revenue_simulated,
         "cost_revenue_correlation_simulated": pfp.cost_revenue_correlation_simulated}))
    return rows


def _stress_rows(ctx: _Context, stress: list[dict]) -> list[MetricRow]:
    titles, pair = ctx.titles, ctx.pair
    n_flag = sum(bool(r["flag"]) for r in stress)
    per_vp = {x: sum(bool(r[f"{x}_flag"]) for r in stress) for x in pair}
    if not ctx.revenue_known:
        st, value = INFO, float("nan")
    else:
        st, value = ALIGNED if n_flag == 0 else MIXED if n_flag == 1 else MISALIGNED, n_flag
    lines = "; ".join(
        f"{r['label']} (strength {r['strength']:g}): revenue {r['revenue_change_pct']:+.1f}%, gross profit "
        f"{r['gross_profit_change_pct']:+.1f}%, " + ", ".join(
            f"{titles[x]} {r[f'{x}_change_pct']:+.1f}%" for x in pair)
        + (f" FLAG: {r['flagged']}" if r["flag"] else "") for r in stress)
    return [MetricRow(
        "stress_flags", "Stress tests where a VP gains while the company loses", value, "stress tests", per_vp, st,
        {ALIGNED: "No stress test pays a VP more while the company does worse.",
         MIXED: "One stress test pays a VP more while the company does worse.",
         MISALIGNED: "Several stress tests pay a VP more while the company does worse.",
         INFO: f"Undefined: {NO_REVENUE}."}[st],
        f"Each stress replayed on the whole history; flagged when a VP earns more while company revenue or gross "
        f"profit falls: {lines}.", f"{DOC}#6-stress-tests", _where(stress_tests),
        {"flagged": [r["stress"] for r in stress if r["flag"]], "strengths": dict(ctx.strengths)})]


def _rows(ctx: _Context, shared: SharedPay, com: CoMovement, con: Conflicts, grad: Gradients,
          pfp: PayForPerformance, stress: list[dict]) -> list[MetricRow]:
    return [*_shared_rows(ctx, shared), *_co_movement_rows(ctx, com), *_conflict_rows(ctx, con, stress),
            *_gradient_rows(ctx, grad), *_pay_rows(ctx, pfp), *_stress_rows(ctx, stress)]

