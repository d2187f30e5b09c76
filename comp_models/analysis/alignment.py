"""The alignment scorecard: every alignment measure of the two VPs' plans, each explained.

Formulas, thresholds and modelling choices are in docs/alignment.md; every scorecard row names
its section there (`doc`) and the function that computed it (`function`).

The pieces are pure functions of (scenario, history, annual targets) so a page can call each:

    sharing.shared_pay_share(scenario)                                      -> SharedPay
    comovement.co_movement(scenario, history, annual_targets)               -> CoMovement
    conflicts.conflict_periods(scenario, history, annual_targets)           -> Conflicts
    gradients.incentive_gradients(scenario, history, annual_targets)        -> Gradients
    pay_elasticity.pay_for_performance(scenario, history, annual_targets)   -> PayForPerformance
    stress.stress_tests(scenario, history, annual_targets)                  -> DataFrame
    alignment.alignment_scorecard(scenario, history, annual_targets)        -> Scorecard

(modules of `comp_models.analysis`, which also exports each name). "The two VPs" are the
scenario's first two roles (`pairing.vp_pair`); every pairwise measure compares those two
plans, and a scenario with fewer than two roles raises InputError. Payout % is compared on
plan-year quarters (plan years when either plan measures annually; calendar quarters and years
when the scenario's fiscal_year_start is 1): each role's period earned (true-up included) is
summed into the quarter its period ends in and divided by the target variable of the periods
summed (`stress.run.payout_series`).

Every measure studies the scenario as designed (`Scenario.as_designed()`, docs/money.md §14): the
current plans over whole plan years, without employment dates, earlier plan versions, adjustments
or SPIFFs (those are facts of the history's dates, not of the plans' design).

`alignment_scorecard` does one stacked replay for everything computed on the history (the
history itself, every +1% lever and every stress test on the scenario axis S) and one Monte
Carlo run (`simulate.monte_carlo`) for the rows over simulated years, then builds the rows
(`scorecard_rows`) and the overall verdict (`scorecard`).
"""

from __future__ import annotations

import time

import numpy as np

from comp_models.analysis._common import _Base, _monte_carlo
from comp_models.analysis.comovement import _co_movement
from comp_models.analysis.conflicts import _conflicts
from comp_models.analysis.gradients import STEP_PCT, _gradients, _lever_variants, gradient_levers
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, vp_pair
from comp_models.analysis.pay_elasticity import _pay_for_performance
from comp_models.analysis.scorecard import Scorecard, _overall
from comp_models.analysis.scorecard_rows import _Context, _rows
from comp_models.analysis.simulate.sampler import plan_year
from comp_models.analysis.sharing import shared_pay_share
from comp_models.analysis.stress.levers import LEVERS
from comp_models.analysis.stress.run import (base_columns, company_totals, payout_series, replay_stacked, role_totals,
                                             stacked_windows, stress_records, stress_variants)
from comp_models.analysis.stress.run import stress_strengths as resolve_stress_strengths
from comp_models.analysis.stress.stresses import STRESSES
from comp_models.engine import performance, with_on_target_commission
from comp_models.metrics import History
from comp_models.plans import Scenario

__all__ = ["alignment_scorecard"]


def alignment_scorecard(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                        simulations: int = 10_000, seed: int = 7, threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD,
                        stress_strengths: dict[str, float] | None = None, step_pct: float = STEP_PCT,
                        mc=None) -> Scorecard:
    """Every alignment measure of the scenario's first two roles, each judged in plain language
    with how it was computed.

    One stacked replay on the history (S = 1 + levers + whole business + stresses) and one Monte
    Carlo run of `simulations` years (skipped when 0; a precomputed `mc` may be passed, and then
    its seed and method are the ones reported). Raises InputError for a scenario with fewer than
    two roles or an unknown stress name.
    """
    t0 = time.perf_counter()
    scenario = scenario.as_designed()
    pair = vp_pair(scenario)
    strengths = resolve_stress_strengths(stress_strengths)
    perf = performance(scenario, history, annual_targets, scenario.name)
    base = base_columns(perf)
    levers = gradient_levers(scenario)
    lever_vars = _lever_variants(base, levers, step_pct / 100.0)
    whole = LEVERS["whole_business"](base, STEP_PCT / 100.0)
    stress_names = list(STRESSES)
    stress_vars = stress_variants(scenario, perf, base, stress_names, strengths)
    variants = [*lever_vars, whole, *stress_vars]
    t1 = time.perf_counter()
    windows = stacked_windows(scenario, perf, variants)
    result = replay_stacked(windows)
    t2 = time.perf_counter()
    series = payout_series(result, pair)
    pay = role_totals(result)
    revenue = company_totals([base, *variants])["revenue"]
    hist = _Base(windows, series.first())  # the drivers and revenue read row 0: the history's own
    # the on-target commissions of the year the simulation and the shared pay speak of (the last complete
    # plan year), stated once: the simulation then has none to work out
    stated = with_on_target_commission(scenario, annual_targets, plan_year(history, scenario.fiscal_year_start))
    if mc is None:
        mc, note = _monte_carlo(stated, history, annual_targets, simulations, seed)
    else:
        note = ""
    method = getattr(mc, "method", "bootstrap") if mc is not None else "bootstrap"
    seed = int(getattr(mc, "seed", seed)) if mc is not None else seed
    t3 = time.perf_counter()
    shared = shared_pay_share(stated)
    com = _co_movement(scenario, hist, mc)
    con = _conflicts(scenario, hist, threshold_pct, mc)
    grad = _gradients(scenario, levers, pay, revenue, step_pct)
    pfp = _pay_for_performance(scenario, pay, revenue, len(lever_vars) + 1, mc)
    stress = stress_records(scenario, result, [base, *stress_vars], stress_names,
                          [strengths[n] for n in stress_names], offset=len(lever_vars) + 1, series=series,
                          threshold_pct=threshold_pct)
    ctx = _Context(pair, _titles(scenario), hist.series, note, method, strengths, bool(np.isfinite(revenue[0])))
    rows = _rows(ctx, shared, com, con, grad, pfp, stress)
    overall, status = _overall(rows)
    t4 = time.perf_counter()
    timing = {"perturb_ms": 1e3 * (t1 - t0), "replay_ms": 1e3 * (t2 - t1), "monte_carlo_ms": 1e3 * (t3 - t2),
              "measures_ms": 1e3 * (t4 - t3), "total_ms": 1e3 * (t4 - t0)}
    return Scorecard(scenario.name, _titles(scenario), history.source, (perf.months[0], perf.months[-1]),
                     0 if mc is None else mc.n_years, seed, threshold_pct, rows, overall, status, shared, com, con,
                     grad, pfp, stress, {k: round(v, 2) for k, v in timing.items()},
                     method if mc is not None else "", strengths, mc.assumptions if mc is not None else "")


def _titles(scenario: Scenario) -> dict[str, str]:
    """The two VPs: role -> title."""
    return {r: scenario.roles[r].title for r in vp_pair(scenario)}
