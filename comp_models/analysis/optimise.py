"""Search the two plans' component weights for alignment under a cost budget.

Objective (higher is better), from one fixed-seed Monte Carlo shared by every candidate
(common random numbers, so differences between candidates are differences of plans, not of
luck):

    alignment = co-movement - conflict rate

    co-movement    `pairing.co_movement` across simulated years of the two VPs' payout %
                   (`pairing.payout_pct`: earned / annual target variable); 0 when either
                   payout is constant
    conflict rate  share of simulated years in which one VP earns >= 100% of target while
                   the other earns below `threshold_pct` (70%) of target

Constraints, per plan: bonus weights are multiples of `step_pct` summing to 100, none above
`max_weight_pct` (default 100: no limit). A plan with k weighted components cannot keep every
weight under a cap below 100 / k; for such a plan the cap is raised to the smallest multiple
of `step_pct` that is at least 100 / k (one component: 100; two: 50), so every preset can be
searched at any cap, and the caps used are reported in `settings["max_weight_by_role"]`. The
weights on functional goals (components whose
goals no other role pays on) sum to at least `min_functional_pct` (when the plan has both
functional and shared components); and, for the chosen answer, the expected cost (mean
variable pay of both roles per simulated year) is <= `budget` (default: the current plans'
expected cost). The current plans are always scored as a reference, even when they break a
constraint (they then appear only in `baseline`). The shared-goal share of each plan is 100 minus its
functional share, so searching weights searches it too. Commission components have no weight
and are left as they are.

Method: seeded random search. Each role gets `n_candidates` weight vectors: the functional
share drawn uniformly from the range the constraints allow ([min_functional_pct, 100],
narrowed so that each group can hold its share under the cap), split within the functional
and shared groups by Dirichlet(1) draws, each weight above the cap clipped and the excess
handed to the group's other weights in proportion to their room under the cap, rounded to
`step_pct` (largest remainder, which never lifts a weight above a cap that is a multiple of
the step), deduplicated; the current weights are always included. When the functional
minimum and the cap contradict each other (e.g. one functional component, a 40% cap and a
60% minimum) the search raises InputError saying which setting to change. Every pair of a sales and a marketing candidate is
scored.

Why it is fast and still exact: a component's payout % in a window (attainment through its
curve, gates, conditional caps, joint-upside rules, matrix look-ups) does not depend on any
weight. One engine replay of the current plans gives those percentages; a plan's earnings
for a year are then, exactly,

    sum over basis windows w of  min(factor_w * (share_w * sum_k weight_k * pct_wk / 10^4 + commission_w), cap_w)

where the basis windows are the full year for plans with an annual or year-to-date true-up
and the measurement periods otherwise, factor_w is the plan multiplier and cap_w the plan
cap. So plan caps and multipliers are honoured, not ignored. Payout % per candidate is a
matrix product; co-movement and conflict for all pairs are three more matrix products.
The frontier points are then checked by a full engine replay of `apply_weights(...)`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from comp_models.types import FloatArray, TrueUp
from comp_models.payouts import curve_payout
from comp_models.engine import Performance, RoleResult, replay
from comp_models.errors import InputError, Issue
from comp_models.metrics import History
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, co_movement, conflict_mask, payout_pct, vp_pair
from comp_models.plans import CommissionComponent, Plan, Scenario, scenario_from_dict
from comp_models.analysis.simulate import replay_years, simulate_performance

__all__ = ["OptimisationResult", "alignment_score", "apply_weights", "optimise_weights",
           "pareto_mask"]

COST_RTOL = 1e-9  # relative tolerance on the budget (float summation order differs between evaluators)
# The candidates' random stream: SeedSequence(seed, spawn_key=CANDIDATE_SPAWN_KEY). The simulated
# years use spawn keys (block,) of length one, so a two-element key never shares their stream.
CANDIDATE_SPAWN_KEY = (1, 0)


def _candidate_rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=CANDIDATE_SPAWN_KEY))


# ---------------------------------------------------------------------------------------
# Weights in and out of scenarios


def apply_weights(scenario: Scenario, weights: dict[str, dict[str, float]]) -> Scenario:
    """A new, validated Scenario with the given bonus weights (percent) replaced.

    weights: role -> component name -> weight. Components not named keep their weight. Raises
    InputError naming every unknown role or component, and every validation problem (e.g.
    weights that no longer sum to 100).
    """
    data = scenario.model_dump(mode="python")
    issues = []
    for role, by_name in weights.items():
        if role not in data["roles"]:
            issues.append(Issue(scenario.name, f"roles.{role}", "is not a role of the scenario",
                                f"use one of: {', '.join(data['roles'])}"))
            continue
        comps = {c["name"]: c for c in data["roles"][role]["components"]}
        for name, w in by_name.items():
            comp = comps.get(name)
            if comp is None:
                issues.append(Issue(scenario.name, f"roles.{role}.components", f"has no component {name!r}",
                                    f"use one of: {', '.join(comps)}"))
            elif comp["kind"] == "commission":
                issues.append(Issue(scenario.name, f"roles.{role}.components ({name})",
                                    "is a commission, which has no weight", "leave it out of the weights"))
            else:
                comp["weight"] = float(w)
    if issues:
        raise InputError(issues)
    return scenario_from_dict(data, scenario.name)


def _weighted(plan: Plan) -> list[int]:
    return [i for i, c in enumerate(plan.components) if not isinstance(c, CommissionComponent)]


def _shared_mask(scenario: Scenario, plan: Plan) -> np.ndarray:
    """(K_weighted,) True where a weighted component pays on a goal another role also pays on."""
    shared = set(scenario.shared_goals())
    return np.array([c.goal in shared or getattr(c, "goal_y", None) in shared
                     for c in plan.weighted_components()], dtype=bool)


# ---------------------------------------------------------------------------------------
# Exact earnings for any weights from one replay


@dataclass(frozen=True)
class _Basis:
    """What a plan's year earnings are made of, independent of weights. W = basis windows.

    pct (S, W, K) weighted components' payout %; share (W,) target incentive of each window;
    commission (S, W); factor (S, W) plan multiplier; cap (W,) plan cap amount (inf if none).
    """

    pct: FloatArray
    share: FloatArray
    commission: FloatArray
    factor: FloatArray
    cap: FloatArray

    def earned(self, weights: FloatArray, batch: int = 256) -> FloatArray:
        """(N, S) year earnings for weight vectors (N, K) in percent."""
        n = weights.shape[0]
        s, w, k = self.pct.shape
        out = np.empty((n, s))
        for a in range(0, n, batch):  # bounded memory for plans with many windows
            wt = weights[a:a + batch]
            if k:
                comp = np.tensordot(self.pct, wt, axes=([2], [1])) / 1e4  # (S, W, n)
                comp = comp * self.share[None, :, None]
            else:
                comp = np.zeros((s, w, wt.shape[0]))
            comp += self.commission[:, :, None]
            total = np.minimum(self.factor[:, :, None] * comp, self.cap[None, :, None])
            out[a:a + batch] = total.sum(axis=1).T
        return out


def _basis(rr: RoleResult) -> _Basis:
    plan, grid = rr.plan, rr.grid
    widx = _weighted(plan)
    cidx = [i for i, c in enumerate(plan.components) if isinstance(c, CommissionComponent)]
    s = rr.earned.shape[0]
    period_comm = rr.earned[:, :, cidx].sum(axis=2) if cidx else np.zeros((s, grid.n))
    ti = plan.annual_target_incentive
    cap_full = np.inf if plan.plan_cap is None else plan.plan_cap / 100.0 * plan.annual_target_variable
    short = plan.measurement_period.months < 12
    one_year = grid.n > 0 and bool(grid.closes_year[-1]) and int(grid.first_of_year.sum()) == 1
    if short and plan.true_up is not TrueUp.NONE and not one_year:
        raise InputError([Issue(rr.role, "months", "the optimiser expects one complete calendar year per "
                                "simulated path", "replay simulated years of 12 months (simulate_performance)")])
    last = grid.n - 1
    if short and plan.true_up is TrueUp.ANNUAL:  # the year is re-measured: earnings = the year's lines
        pct = rr.annual_detail["payout_pct"][:, last:last + 1][:, :, widx]
        if plan.multiplier:
            att = rr.annual_goal_attainment[plan.multiplier.goal][:, last:last + 1]
            factor = curve_payout(att, plan.multiplier.curve, below_first="flat") / 100.0
        else:
            factor = np.ones((s, 1))
        return _Basis(np.nan_to_num(pct), np.array([ti]), period_comm.sum(axis=1, keepdims=True), factor,
                      np.array([cap_full]))
    if short and plan.true_up is TrueUp.YTD:  # increments telescope: earnings = the last year-to-date lines
        pct = rr.detail["payout_pct"][:, last:last + 1][:, :, widx]
        comm = np.nan_to_num(rr.detail["earned"][:, last, cidx]).sum(axis=1, keepdims=True) if cidx \
            else np.zeros((s, 1))
        return _Basis(np.nan_to_num(pct), np.array([ti]), comm, rr.multiplier[:, last:last + 1],
                      rr.cap_limit[last:last + 1])
    pct = rr.detail["payout_pct"][:, :, widx]
    share = ti * grid.months / 12.0
    return _Basis(np.nan_to_num(pct), share.astype(float), period_comm, rr.multiplier, rr.cap_limit)


# ---------------------------------------------------------------------------------------
# Candidates


def _round_to_step(w: FloatArray, step: float) -> FloatArray:
    """Round rows of percent weights (summing to 100) to multiples of step, keeping the sum (largest remainder)."""
    units = int(round(100.0 / step))
    x = w / 100.0 * units
    base = np.floor(x)
    short = (units - base.sum(axis=1)).astype(int)  # units still to hand out per row
    order = np.argsort(-(x - base), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(w.shape[1])[None, :].repeat(w.shape[0], 0), axis=1)
    base += rank < short[:, None]
    return base * step


def _role_cap(k: int, max_weight: float, step: float) -> float:
    """The cap on one weight for a plan with k weighted components: the largest multiple of `step`
    not above `max_weight`, raised to the smallest multiple of `step` that is >= 100 / k when the
    plan could not otherwise sum to 100 (module docstring)."""
    if k == 0:
        return 100.0
    units = int(round(100.0 / step))
    cap_units = max(int(np.floor(max_weight / step + 1e-9)), -(-units // k))
    return min(cap_units * step, 100.0)


def _functional_range(shared: np.ndarray, min_functional: float, cap: float) -> tuple[float, float]:
    """[lo, hi] of the functional share that the functional minimum and the cap allow."""
    n_s, n_f = int(shared.sum()), int((~shared).sum())
    if not n_f:
        return 0.0, 0.0
    if not n_s:
        return 100.0, 100.0
    return max(min_functional, 100.0 - n_s * cap), min(100.0, n_f * cap)


def _clip_to_cap(x: FloatArray, cap: float) -> FloatArray:
    """Rows of weights, each row's excess over `cap` handed to its other weights in proportion to
    their room under the cap (the row sum is kept; a row must sum to at most k * cap)."""
    x = x.copy()
    for _ in range(x.shape[1]):  # one pass settles it; repeat only against rounding
        excess = np.clip(x - cap, 0.0, None).sum(axis=1, keepdims=True)
        if not (excess > 1e-12).any():
            break
        np.minimum(x, cap, out=x)
        room = cap - x
        total = room.sum(axis=1, keepdims=True)
        x += np.divide(room * excess, total, out=np.zeros_like(x), where=total > 0)
    return np.minimum(x, cap)


def _candidates(current: FloatArray, shared: np.ndarray, n: int, min_functional: float, step: float,
                rng: np.random.Generator, max_weight: float = 100.0) -> FloatArray:
    """(N, K) weight vectors in percent: the current weights first, then deduplicated random draws,
    every draw within the cap (`_role_cap`) and the functional minimum."""
    k = len(current)
    if k == 0:
        return np.zeros((1, 0))
    functional = ~shared
    cap = _role_cap(k, max_weight, step)
    if k == 1:
        draws = np.full((1, 1), 100.0)
    else:
        n_s, n_f = int(shared.sum()), int(functional.sum())
        lo, hi = _functional_range(shared, min_functional, cap)
        f_total = rng.uniform(lo, hi, size=(n, 1)) if n_s and n_f else np.full((n, 1), lo)
        draws = np.zeros((n, k))
        if n_f:
            draws[:, functional] = _clip_to_cap(rng.dirichlet(np.ones(n_f), size=n) * f_total, cap)
        if n_s:
            draws[:, shared] = _clip_to_cap(rng.dirichlet(np.ones(n_s), size=n) * (100.0 - f_total), cap)
        draws = _round_to_step(draws, step)
    pool = np.vstack([current[None, :], draws])
    ok = _feasible(pool, functional, min_functional, cap)
    ok[0] = True  # the current plan is always scored (it may violate the functional minimum)
    pool = pool[ok]
    _, first = np.unique(np.round(pool, 9), axis=0, return_index=True)
    keep = np.sort(first)
    if keep[0] != 0:
        keep = np.concatenate([[0], keep])
    return pool[keep]


def _feasible(w: FloatArray, functional: np.ndarray, min_functional: float, max_weight: float = 100.0) -> np.ndarray:
    """Rows satisfying the constraints: sum 100 (a plan without bonus components has nothing to
    constrain), each weight <= max_weight, functional share >= min_functional when the plan has
    both functional and shared components."""
    if w.shape[1] == 0:
        return np.ones(w.shape[0], dtype=bool)
    ok = (np.abs(w.sum(axis=1) - 100.0) <= 1e-6) & (w.max(axis=1) <= max_weight + 1e-9)
    if functional.any() and not functional.all():
        ok &= w[:, functional].sum(axis=1) >= min_functional - 1e-9
    return ok


# ---------------------------------------------------------------------------------------
# Scoring


def alignment_score(pct_a: FloatArray, pct_b: FloatArray,
                    threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> tuple[float, float, float]:
    """(alignment, co-movement, conflict rate) of two payout % series over the same simulated years.

    Co-movement is `pairing.co_movement`, taken as 0 where it is undefined (a constant payout)."""
    a, b = np.asarray(pct_a, float), np.asarray(pct_b, float)
    co = co_movement(a, b)
    co = 0.0 if np.isnan(co) else co
    conflict = float(conflict_mask(a, b, threshold_pct).mean())
    return co - conflict, co, conflict


def _pair_scores(pa: FloatArray, pb: FloatArray, threshold: float) -> tuple[FloatArray, FloatArray]:
    """Co-movement and conflict rate for every pair of rows of pa (Na, S) and pb (Nb, S)."""
    s = pa.shape[1]

    def z(p):
        c = p - p.mean(axis=1, keepdims=True)
        sd = np.sqrt((c ** 2).mean(axis=1, keepdims=True))
        return np.divide(c, sd, out=np.zeros_like(c), where=sd > 1e-12 * (1 + np.abs(p).mean(axis=1, keepdims=True)))

    co = z(pa) @ z(pb).T / s
    hi_a, lo_a = (pa >= 100.0).astype(float), (pa < threshold).astype(float)
    hi_b, lo_b = (pb >= 100.0).astype(float), (pb < threshold).astype(float)
    conflict = (hi_a @ lo_b.T + lo_a @ hi_b.T) / s
    return np.clip(co, -1.0, 1.0), conflict


def pareto_mask(alignment: FloatArray, cost: FloatArray) -> np.ndarray:
    """Non-dominated points for (maximise alignment, minimise cost): no other point is at least as
    good on both and strictly better on one. Exact duplicates keep one representative."""
    order = np.lexsort((-alignment, cost))  # cost ascending, then alignment descending
    keep = np.zeros(len(cost), dtype=bool)
    a_sorted = alignment[order]
    running = np.maximum.accumulate(np.concatenate([[-np.inf], a_sorted[:-1]]))
    keep[order] = a_sorted > running
    return keep


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


def optimise_weights(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                     budget: float | None = None, min_functional_pct: float = 20.0, step_pct: float = 5.0,
                     max_weight_pct: float = 100.0,
                     n_candidates: int = 1000, n_years: int = 2000, seed: int = 7, method: str = "bootstrap",
                     block_months: int = 3, target_year: int | None = None,
                     threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD, verify: int = 25) -> OptimisationResult:
    """Search both plans' bonus weights for the highest alignment within the budget (module docstring).

    Returns the Pareto frontier of alignment against expected cost over all scored pairs (the
    budget marks rows, it does not cut the frontier) and the best pair within the budget.
    The best row and up to `verify` frontier rows are re-checked by a full engine replay on
    the same simulated years.
    """
    t0 = time.perf_counter()
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
    names, cands, pct, earned, shared = {}, {}, {}, {}, {}
    for role in roles:
        plan = scenario.roles[role]
        comps = plan.weighted_components()
        names[role] = [c.name for c in comps]
        shared[role] = _shared_mask(scenario, plan)
        current = np.array([c.weight for c in comps], dtype=float)
        cands[role] = _candidates(current, shared[role], n_candidates, min_functional_pct, step_pct, rng,
                                  max_weight_pct)
        basis = _basis(result.roles[role])
        earned[role] = basis.earned(cands[role])
        pct[role] = payout_pct(earned[role], plan.annual_target_variable)  # > 0: checked by _two_roles
    a, b = roles
    co, conflict = _pair_scores(pct[a], pct[b], threshold_pct)
    align = co - conflict
    cost = earned[a].mean(axis=1)[:, None] + earned[b].mean(axis=1)[None, :]
    base_cost = float(cost[0, 0])
    budget = base_cost if budget is None else float(budget)
    baseline = {"alignment": float(align[0, 0]), "co_movement": float(co[0, 0]),
                "conflict_rate": float(conflict[0, 0]), "expected_cost": base_cost}

    # feasibility of each candidate (the current plan may violate the functional minimum)
    ok = {r: _feasible(cands[r], ~shared[r], min_functional_pct, caps[r]) for r in roles}
    pair_ok = ok[a][:, None] & ok[b][None, :]
    flat_align, flat_cost = align[pair_ok], cost[pair_ok]
    ia, ib = np.nonzero(pair_ok)
    front = pareto_mask(flat_align, flat_cost)
    fi = np.flatnonzero(front)
    fi = fi[np.argsort(flat_cost[fi], kind="stable")]
    rows = []
    for j in fi:  # the frontier is a few dozen rows
        row = {"alignment": flat_align[j], "co_movement": co[ia[j], ib[j]], "conflict_rate": conflict[ia[j], ib[j]],
               "expected_cost": flat_cost[j], "within_budget": flat_cost[j] <= budget * (1 + COST_RTOL)}
        for role, idx in ((a, ia[j]), (b, ib[j])):
            w = cands[role][idx]
            row[f"{role}.functional_share"] = float(w[~shared[role]].sum())
            row[f"{role}.shared_share"] = float(w[shared[role]].sum())
            row[f"{role}.p_at_or_above_target"] = float(np.mean(pct[role][idx] >= 100.0))
            for name, v in zip(names[role], w):
                row[f"w:{role}:{name}"] = float(v)
        rows.append(row)
    frontier = pd.DataFrame(rows)
    frontier["is_baseline"] = (ia[fi] == 0) & (ib[fi] == 0)
    res = OptimisationResult(frontier, None, None, baseline, budget, roles, names, int(pair_ok.sum()), 0.0, 0.0,
                             {"min_functional_pct": min_functional_pct, "step_pct": step_pct,
                              "max_weight_pct": max_weight_pct, "max_weight_by_role": caps,
                              "n_candidates": n_candidates, "n_years": n_years,
                              "seed": seed, "method": method,
                              "block_months": block_months, "threshold_pct": threshold_pct,
                              "target_year": int(perf.months[0][:4])}, perf)
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
    relative difference between the fast evaluation and the replay (cost and alignment)."""
    f = res.frontier
    f["verified_alignment"] = np.nan
    f["verified_cost"] = np.nan
    if not len(f):
        return 0.0
    picks = set(np.unique(np.linspace(0, len(f) - 1, num=min(limit, len(f))).round().astype(int)).tolist())
    if res.best is not None:
        picks.add(int(res.best.name))
    err = 0.0
    a, b = res.roles
    for i in sorted(picks):  # a few dozen full replays of the simulated years
        sc = apply_weights(scenario, res.weights(i))
        earned = replay_years(sc, res.performance)
        pct = {r: payout_pct(earned[r], sc.roles[r].annual_target_variable) for r in res.roles}
        al, _, _ = alignment_score(pct[a], pct[b], threshold)
        cost = float(earned[a].mean() + earned[b].mean())
        f.loc[i, "verified_alignment"] = al
        f.loc[i, "verified_cost"] = cost
        err = max(err, abs(cost - f.loc[i, "expected_cost"]) / max(abs(cost), 1.0),
                  abs(al - f.loc[i, "alignment"]))
    return float(err)
