"""The search itself: `optimise_weights` checks the settings, simulates the years once, scores
every pair of a sales and a marketing candidate, keeps the Pareto frontier of alignment against
expected cost, picks the best pair within the budget and re-checks frontier rows by full engine
replays; `OptimisationResult` is its answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from comp_models.analysis.optimise.candidates import (_candidate_rng, _candidates, _feasible, _functional_range,
                                                      _role_cap)
from comp_models.analysis.optimise.scoring import _basis, _pair_frontier, _pair_scores, alignment_score
from comp_models.analysis.optimise.weights import _reweighted, _shared_mask
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, payout_pct, vp_pair
from comp_models.analysis.simulate.sampler import plan_year
from comp_models.analysis.simulate.years import simulate_performance
from comp_models.dates import plan_year as month_plan_year
from comp_models.engine import Performance, Windows, replay, with_on_target_commission, year_totals
from comp_models.errors import InputError, Issue
from comp_models.metrics import History
from comp_models.plans import Scenario

__all__ = ["OptimisationResult", "optimise_weights"]

COST_RTOL = 1e-9  # relative tolerance on the budget (float summation order differs between evaluators)


# ---------------------------------------------------------------------------------------
# The search


@dataclass
class OptimisationResult:
    """The search's answer.

    frontier: one row per non-dominated (alignment, expected cost) pair of plans, cheapest
    first: alignment, co_movement, conflict_rate, expected_cost, within_budget, per role its
    shared and functional share and one column per weight ("w:<role>:<component>"), and, for
    rows checked by a full engine replay, verified_alignment / verified_cost.
    best: the frontier row with the highest alignment within the budget (None if none fits).
    baseline: today's plans' alignment, co_movement, conflict_rate, expected_cost, and `feasible`: whether
    they meet the constraints themselves (when they do, best is at least as aligned; when they do not,
    e.g. a functional share under the minimum, best may be less aligned than today's plans).
    """

    frontier: pd.DataFrame
    best: pd.Series | None
    best_weights: dict[str, dict[str, float]] | None
    baseline: dict[str, float]
    budget: float
    roles: list[str]
    component_names: dict[str, list[str]]
    n_pairs: int
    seconds: float
    max_verify_error: float
    settings: dict = field(default_factory=dict)
    performance: Performance | None = field(default=None, repr=False)

    def weights(self, row: int) -> dict[str, dict[str, float]]:
        """role -> component -> weight of the frontier row at position `row`."""
        r = self.frontier.iloc[row]
        return {role: {name: float(r[f"w:{role}:{name}"]) for name in names}
                for role, names in self.component_names.items()}


def _two_roles(scenario: Scenario) -> list[str]:
    """The VP pair (`pairing.vp_pair`); a third role would be left out of the cost, so it is refused."""
    a, b = vp_pair(scenario)
    if len(scenario.roles) > 2:
        raise InputError([Issue(scenario.name, "roles", f"the optimiser aligns two plans; this scenario has "
                                f"{len(scenario.roles)}", "remove the roles beyond the first two to optimise them")])
    for role in (a, b):
        if not scenario.roles[role].annual_target_variable > 0:
            raise InputError([Issue(scenario.name, f"roles.{role}", "has no target variable pay, so its payout % "
                                    "is undefined", "give it a target incentive or a commission target")])
    return [a, b]


def _check_settings(scenario: Scenario, min_functional_pct: float, step_pct: float, max_weight_pct: float,
                    threshold_pct: float) -> None:
    issues = []
    where = "optimiser settings"
    if not 0 <= min_functional_pct <= 100:
        issues.append(Issue(scenario.name, where, f"min_functional_pct is {min_functional_pct:g}",
                            "choose a minimum functional weight between 0 and 100"))
    if not 0 < step_pct <= 100 or abs(100.0 / step_pct - round(100.0 / step_pct)) > 1e-9:
        issues.append(Issue(scenario.name, where, f"step_pct is {step_pct:g}",
                            "choose a step that divides 100 (e.g. 1, 2.5, 5, 10)"))
    if not 0 < max_weight_pct <= 100:
        issues.append(Issue(scenario.name, where, f"max_weight_pct is {max_weight_pct:g}",
                            "choose a maximum weight above 0 and at most 100"))
    if not 0 < threshold_pct <= 100:
        issues.append(Issue(scenario.name, where, f"threshold_pct is {threshold_pct:g}",
                            "choose a conflict threshold above 0 and at most 100 (% of target)"))
    if issues:
        raise InputError(issues)


COMPANY_METRICS = ("revenue", "bookings")  # goals the company floor protects
ALIGNMENT_DECIMALS = 10  # a pair's alignment is compared to 1e-10: finer differences are rounding, not alignment


def optimise_weights(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                     budget: float | None = None, min_functional_pct: float = 20.0, step_pct: float = 5.0,
                     max_weight_pct: float = 100.0,
                     n_candidates: int = 1000, n_years: int = 2000, seed: int = 7, method: str = "bootstrap",
                     block_months: int = 3, target_year: int | None = None,
                     threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD, verify: int = 25,
                     min_company_pct: float | None = None, p_target_band: tuple[float, float] | None = None,
                     min_each_pct: float | None = None) -> OptimisationResult:
    """Search both plans' bonus weights for the highest alignment within the budget (package docstring).

    Returns the Pareto frontier of alignment against expected cost over all scored pairs (the
    budget marks rows, it does not cut the frontier) and the best pair within the budget.
    The best row and up to `verify` frontier rows are re-checked by a full engine replay on
    the same simulated years.

    Sensible plans (each off by default): `min_company_pct`, a floor on each plan's weight on company
    revenue and bookings goals (plans with such a component); `p_target_band` = (lo, hi), each VP's
    probability of reaching 100% of target, in percent, within the band; `min_each_pct`, a floor on
    every bonus weight (no component dropped to nothing). Candidates outside them are not scored.

    The plans are searched as designed (`Scenario.as_designed()`: the current plans over whole plan
    years of the scenario's fiscal_year_start; docs/money.md §14).
    """
    t0 = time.perf_counter()
    scenario = scenario.as_designed()
    scenario = with_on_target_commission(scenario, annual_targets,
                                         target_year or plan_year(history, scenario.fiscal_year_start))
    roles = _two_roles(scenario)
    _check_settings(scenario, min_functional_pct, step_pct, max_weight_pct, threshold_pct)
    caps = {}
    for role in roles:  # contradictory constraints are reported before any simulation
        plan = scenario.roles[role]
        shared_r = _shared_mask(scenario, plan)
        caps[role] = _role_cap(len(shared_r), max_weight_pct, step_pct)
        lo, hi = _functional_range(shared_r, min_functional_pct, caps[role])
        if shared_r.any() and not shared_r.all() and lo > hi + 1e-9:
            n_f = int((~shared_r).sum())
            raise InputError([Issue(scenario.name, f"roles.{role}", f"{n_f} functional component(s) at most "
                                    f"{caps[role]:g}% each cannot carry the minimum functional weight of "
                                    f"{min_functional_pct:g}%", f"raise the maximum weight to at least "
                                    f"{np.ceil(min_functional_pct / n_f / step_pct - 1e-9) * step_pct:g}% or lower "
                                    f"the functional minimum to {hi:g}% or less")])
    perf = simulate_performance(scenario, history, annual_targets, n_years, seed, method=method,
                                block_months=block_months, target_year=target_year)
    result = replay(scenario, perf)
    rng = _candidate_rng(seed)
    names, cands, pct, earned, shared, linear = {}, {}, {}, {}, {}, {}
    for role in roles:
        plan = scenario.roles[role]
        comps = plan.weighted_components()
        names[role] = [c.name for c in comps]
        shared[role] = _shared_mask(scenario, plan)
        current = np.array([c.weight for c in comps], dtype=float)
        cands[role] = _candidates(current, shared[role], n_candidates, min_functional_pct, step_pct, rng,
                                  max_weight_pct)
        basis = _basis(result.roles[role])
        earned[role], capped = basis.earned_capped(cands[role])
        # payout_pct(earned, target variable), in place: the target variable is > 0 (checked by _two_roles)
        pct[role] = np.multiply(earned[role], 100.0)
        pct[role] /= float(plan.annual_target_variable)
        if not capped:  # earnings linear in the weights: co-movement from the basis (`_pair_scores`)
            linear[role] = (cands[role], *basis.linear(), 100.0 / float(plan.annual_target_variable))
    a, b = roles
    co, conflict = _pair_scores(pct[a], pct[b], threshold_pct,
                                (linear[a], linear[b]) if a in linear and b in linear else None)
    # alignment to ALIGNMENT_DECIMALS: pairs as aligned as each other but for floating-point noise (plans
    # correlated all but perfectly: 1.0 against 0.9999999999999997) tie, and the frontier keeps the cheaper
    align = np.round(co - conflict, ALIGNMENT_DECIMALS)
    cost_a, cost_b = earned[a].mean(axis=1), earned[b].mean(axis=1)
    base_cost = float(cost_a[0] + cost_b[0])  # a pair's expected cost: cost_a[i] + cost_b[j]
    budget = base_cost if budget is None else float(budget)
    baseline = {"alignment": float(align[0, 0]), "co_movement": float(co[0, 0]),
                "conflict_rate": float(conflict[0, 0]), "expected_cost": base_cost}

    # feasibility of each candidate (the current plan may violate the functional minimum)
    ok = {r: _feasible(cands[r], ~shared[r], min_functional_pct, caps[r]) for r in roles}
    for r in roles:  # sensible plans: company floor, chance of reaching target, no weight at nothing
        company = np.array([scenario.goals[c.goal].metric in COMPANY_METRICS
                            for c in scenario.roles[r].weighted_components()], dtype=bool)
        if min_company_pct is not None and company.any():
            ok[r] &= cands[r][:, company].sum(axis=1) >= float(min_company_pct) - 1e-9
        if p_target_band is not None:
            p_hit = 100.0 * np.mean(pct[r] >= 100.0, axis=1)
            ok[r] &= (p_hit >= float(p_target_band[0]) - 1e-9) & (p_hit <= float(p_target_band[1]) + 1e-9)
        if min_each_pct is not None and cands[r].shape[1]:
            ok[r] &= cands[r].min(axis=1) >= float(min_each_pct) - 1e-9
    # the chance of reaching target each VP's candidate plans can give (set by the targets more than the weights)
    p_hits = {r: 100.0 * np.mean(pct[r] >= 100.0, axis=1) for r in roles}
    p_range = {r: (float(p_hits[r].min()), float(p_hits[r].max())) for r in roles}
    # today's plans are candidates only when they meet the constraints (e.g. each VP's functional minimum)
    baseline["feasible"] = bool(ok[a][0] and ok[b][0])
    ra, rb = np.flatnonzero(ok[a]), np.flatnonzero(ok[b])
    n_pairs = len(ra) * len(rb)
    if len(ra) == len(ok[a]) and len(rb) == len(ok[b]):  # every pair is feasible
        k = _pair_frontier(align, cost_a, cost_b)
    else:
        k = _pair_frontier(align[np.ix_(ra, rb)], cost_a[ra], cost_b[rb]) if n_pairs else np.zeros(0, dtype=np.intp)
    ia, ib = (ra[k // len(rb)], rb[k % len(rb)]) if n_pairs else (k, k)  # the frontier's pairs, by flat index
    by_cost = np.argsort(cost_a[ia] + cost_b[ib], kind="stable")
    ia, ib = ia[by_cost], ib[by_cost]
    rows = []
    for i, j in zip(ia, ib):  # the frontier is a few dozen rows
        cost = cost_a[i] + cost_b[j]
        row = {"alignment": align[i, j], "co_movement": co[i, j], "conflict_rate": conflict[i, j],
               "expected_cost": cost, "within_budget": cost <= budget * (1 + COST_RTOL)}
        for role, idx in ((a, i), (b, j)):
            w = cands[role][idx]
            row[f"{role}.functional_share"] = float(w[~shared[role]].sum())
            row[f"{role}.shared_share"] = float(w[shared[role]].sum())
            row[f"{role}.p_at_or_above_target"] = float(np.mean(pct[role][idx] >= 100.0))
            for name, v in zip(names[role], w):
                row[f"w:{role}:{name}"] = float(v)
        rows.append(row)
    frontier = pd.DataFrame(rows)
    frontier["is_baseline"] = (ia == 0) & (ib == 0)
    res = OptimisationResult(frontier, None, None, baseline, budget, roles, names, int(n_pairs), 0.0, 0.0,
                             {"min_functional_pct": min_functional_pct, "step_pct": step_pct,
                              "max_weight_pct": max_weight_pct, "max_weight_by_role": caps,
                              "n_candidates": n_candidates, "n_years": n_years,
                              "seed": seed, "method": method,
                              "block_months": block_months, "threshold_pct": threshold_pct,
                              "target_year": month_plan_year(perf.months[0], scenario.fiscal_year_start),
                              "min_company_pct": min_company_pct,
                              "p_target_band": p_target_band, "min_each_pct": min_each_pct,
                              "baseline_p_at_or_above_target": {r: float(np.mean(pct[r][0] >= 100.0))
                                                                for r in roles},
                              "p_at_target_range_pct": p_range}, perf)
    fits = frontier.index[frontier["within_budget"]] if len(frontier) else []
    if len(fits):
        best_pos = int(frontier.loc[fits, "alignment"].idxmax())
        res.best = frontier.loc[best_pos]
        res.best_weights = res.weights(best_pos)
    res.max_verify_error = _verify(res, scenario, threshold_pct, verify)
    if res.best is not None:
        res.best = res.frontier.loc[res.best.name]
    res.seconds = time.perf_counter() - t0
    return res


def _verify(res: OptimisationResult, scenario: Scenario, threshold: float, limit: int) -> float:
    """Full replays of the best row and up to `limit` evenly spaced frontier rows; returns the largest
    relative difference between the fast evaluation and the replay (cost and alignment).

    A role's pay is replayed from its own plan alone, and frontier rows share plans, so each distinct plan
    of a role is replayed once, that role only (`year_totals` with `roles`, as `replay_years` adds it up).
    Weights change no goal: every replay reads the window sums and attainments of the first
    (`Windows.for_scenario`)."""
    f = res.frontier
    f["verified_alignment"] = np.nan
    f["verified_cost"] = np.nan
    if not len(f):
        return 0.0
    picks = set(np.unique(np.linspace(0, len(f) - 1, num=min(limit, len(f))).round().astype(int)).tolist())
    if res.best is not None:
        picks.add(int(res.best.name))
    a, b = res.roles
    picks = sorted(picks)
    chosen = {i: res.weights(i) for i in picks}
    keys = {i: {r: tuple(chosen[i][r].items()) for r in res.roles} for i in picks}
    distinct = {r: list(dict.fromkeys(keys[i][r] for i in picks)) for r in res.roles}
    replayed: dict[tuple[str, tuple], tuple[np.ndarray, float]] = {}  # (role, weights) -> (S,) earned, target variable
    windows = Windows(res.performance, scenario)
    for r in res.roles:  # a few dozen replays of one role over the simulated years
        for w in distinct[r]:
            sc = _reweighted(scenario, r, dict(w))
            earned = year_totals(sc, res.performance, [r], windows=windows)[r].sum(axis=1)
            replayed[(r, w)] = (earned, sc.roles[r].annual_target_variable)
    err = 0.0
    verified = np.full((2, len(f)), np.nan)
    for i in picks:
        earned = {r: replayed[(r, keys[i][r])][0] for r in res.roles}
        pct = {r: payout_pct(earned[r], replayed[(r, keys[i][r])][1]) for r in res.roles}
        al, _, _ = alignment_score(pct[a], pct[b], threshold)
        cost = float(earned[a].mean() + earned[b].mean())
        verified[:, i] = al, cost
        err = max(err, abs(cost - f["expected_cost"].iat[i]) / max(abs(cost), 1.0), abs(al - f["alignment"].iat[i]))
    f["verified_alignment"] = verified[0]
    f["verified_cost"] = verified[1]
    return float(err)
