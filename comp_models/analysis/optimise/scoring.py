"""Scoring candidate weights without replaying them: a plan's exact year earnings for any weight
vectors from one replay of the current plans (`_Basis`, the identity in the package docstring),
the alignment score (co-movement minus conflict rate) of one pair or of every pair of candidates
at once, and the Pareto mask of alignment against cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from comp_models.analysis.optimise.weights import _weighted
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, co_movement, conflict_mask
from comp_models.engine import RoleResult, round_cents
from comp_models.errors import InputError, Issue
from comp_models.payouts import curve_payout
from comp_models.plans import CommissionComponent
from comp_models.types import FloatArray, TrueUp

__all__ = ["alignment_score", "pareto_mask"]


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
        return self.earned_capped(weights, batch)[0]

    def linear(self) -> tuple[FloatArray, FloatArray]:
        """(coef (K, S), const (S,)): earnings = weights @ coef + const wherever the plan cap does not bind
        (the multiplier and the commission do not depend on the weights)."""
        coef = np.einsum("sw,swk,w->ks", self.factor, self.pct, self.share) / 1e4
        const = (self.factor * self.commission).sum(axis=1)
        return coef, const

    def earned_capped(self, weights: FloatArray, batch: int = 256) -> tuple[FloatArray, bool]:
        """`earned`, and whether the plan cap bound for any weights in any year (else earnings are `linear`)."""
        n = weights.shape[0]
        capped = False
        s, w, k = self.pct.shape
        # steps that change no value are left out: adding a commission of exactly 0 to sums of non-negative
        # terms (never -0.0), multiplying by a factor of exactly 1, capping at infinity
        add_commission = bool(self.commission.any()) or not (k and (self.pct >= 0).all() and (weights >= 0).all()
                                                             and (self.share >= 0).all())
        multiply = not (self.factor == 1.0).all()
        cap = not np.isposinf(self.cap).all()
        out_t = np.empty((s, n))  # (S, N), written in the layout the products come in, turned once at the end
        for a in range(0, n, batch):  # bounded memory for plans with many windows
            wt = weights[a:a + batch]
            if k:
                comp = np.tensordot(self.pct, wt, axes=([2], [1]))  # (S, W, n)
                comp /= 1e4  # in place from here: the same operations, in the same order, as one expression
                comp *= self.share[None, :, None]
            else:
                comp = np.zeros((s, w, wt.shape[0]))
            if add_commission:
                comp += self.commission[:, :, None]
            if multiply:
                np.multiply(self.factor[:, :, None], comp, out=comp)
            if cap:
                capped = capped or bool((comp > self.cap[None, :, None]).any())
                np.minimum(comp, self.cap[None, :, None], out=comp)
            if w == 1:
                out_t[:, a:a + batch] = comp[:, 0, :]
            else:
                comp.sum(axis=1, out=out_t[:, a:a + batch])
        out = np.empty((n, s))
        for a in range(0, s, 256):  # the transpose in blocks that stay in cache
            out[:, a:a + 256] = out_t[a:a + 256].T
        return out, capped


def _basis(rr: RoleResult) -> _Basis:
    plan, grid = rr.plan, rr.grid
    widx = _weighted(plan)
    cidx = [i for i, c in enumerate(plan.components) if isinstance(c, CommissionComponent)]
    s = rr.earned.shape[0]
    # commission per period, its true-up (a gate re-tested on the year) included
    period_comm = (rr.earned + rr.true_up)[:, :, cidx].sum(axis=2) if cidx else np.zeros((s, grid.n))
    ti = plan.annual_target_incentive
    cap_full = np.inf if plan.plan_cap is None else round_cents(plan.plan_cap / 100.0 * rr.target_variable.sum())
    short = plan.measurement_period.months < 12
    one_year = grid.n > 0 and bool(grid.closes_year[-1]) and int(grid.first_of_year.sum()) == 1
    if short and plan.true_up is not TrueUp.NONE and not one_year:
        raise InputError([Issue(rr.role, "months", "the optimiser expects one complete plan year per "
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


Linear = tuple[FloatArray, FloatArray, FloatArray, float]  # weights (N, K), coef (K, S), const (S,), scale


def _pair_scores(pa: FloatArray, pb: FloatArray, threshold: float,
                 linear: tuple[Linear, Linear] | None = None) -> tuple[FloatArray, FloatArray]:
    """Co-movement and conflict rate for every pair of rows of pa (Na, S) and pb (Nb, S).

    linear: for each side, rows that are `scale * (weights @ coef + const)` (`_Basis.linear`, no plan cap
    binding): the covariances then come from the (K+1) x (K+1) products of the centred basis rows instead of
    an (Na, S) x (S, Nb) product, the same figures in exact arithmetic (within 1e-12 in floating point;
    tested against the plain products). Each row's mean and spread are taken from its own values
    either way."""
    s = pa.shape[1]

    def z(p):  # rows centred and scaled to unit variance; 0 where a row is constant
        m = p.mean(axis=1, keepdims=True)
        c = p - m
        sd = np.sqrt(np.multiply(c, c).mean(axis=1, keepdims=True))
        ok = _varies(p, m[:, 0], sd[:, 0])[:, None]
        if not ok.all():
            return np.divide(c, sd, out=np.zeros_like(c), where=ok)
        c /= sd
        return c

    if linear is None:
        co = z(pa) @ z(pb).T
        co /= s
    else:
        co = _linear_covariance(*linear)
        co /= _spread(pa)[:, None]
        co /= _spread(pb)[None, :]
    np.clip(co, -1.0, 1.0, out=co)
    # conflicting years are counted: conflict = (hi_a @ lo_b.T + lo_a @ hi_b.T) / s, each term a count
    conflict = _count_pairs(pa >= 100.0, pb < threshold)
    conflict += _count_pairs(pb >= 100.0, pa < threshold).T
    conflict /= s
    return co, conflict


def _spread(p: FloatArray) -> FloatArray:
    """(N,) each row's standard deviation (as `_pair_scores`'s z takes it), inf where the row is constant (its
    co-movement is 0)."""
    m = p.mean(axis=1)
    c = p - m[:, None]
    sd = np.sqrt(np.einsum("ij,ij->i", c, c) / p.shape[1])
    return np.where(_varies(p, m, sd), sd, np.inf)


def _varies(p: FloatArray, m: FloatArray, sd: FloatArray) -> np.ndarray:
    """(N,) whether each row of p (N, S), of mean m and standard deviation sd (N,), varies; a constant row's
    co-movement is 0. Constant means sd <= 1e-12 * (1 + mean |p|); mean |p| <= |mean p| + sd, so a row spread
    well beyond that bound needs no mean of |p|: it is taken only for the rows that need it."""
    ok = sd > 1e-10 * (1.0 + np.abs(m) + sd)
    rows = np.flatnonzero(~ok)
    ok[rows] = sd[rows] > 1e-12 * (1 + np.abs(p[rows]).mean(axis=1))
    return ok


def _linear_covariance(a: Linear, b: Linear) -> FloatArray:
    """(Na, Nb) covariances over the years of rows scale * (weights @ coef + const) of each side."""
    def centred(side: Linear) -> tuple[FloatArray, FloatArray]:
        weights, coef, const, scale = side
        basis = np.vstack([coef, const[None, :]])  # (K + 1, S)
        basis = basis - basis.mean(axis=1, keepdims=True)
        rows = np.hstack([weights, np.ones((weights.shape[0], 1))]) * scale  # (N, K + 1)
        return rows, basis

    ra, ba = centred(a)
    rb, bb = centred(b)
    gram = ba @ bb.T / ba.shape[1]  # (Ka + 1, Kb + 1)
    return (ra @ gram) @ rb.T


def _count_pairs(x: np.ndarray, y: np.ndarray) -> FloatArray:
    """(Nx, Ny) float64 counts of the years in which both flags are set, x (Nx, S) and y (Ny, S) booleans:
    `x.astype(float) @ y.astype(float).T`, exactly. Counts are integers, so leaving out rows and years that
    add nothing, and summing in float32 (integers below 2**24 are exact in any order), change no value."""
    out = np.zeros((x.shape[0], y.shape[0]))
    rows_x, rows_y = np.flatnonzero(x.any(axis=1)), np.flatnonzero(y.any(axis=1))
    years = np.flatnonzero(x.any(axis=0) & y.any(axis=0))
    if not (len(rows_x) and len(rows_y) and len(years)):
        return out
    exact = np.float32 if len(years) < 2 ** 24 else np.float64
    xs = x[rows_x][:, years].astype(exact)
    ys = y[rows_y][:, years].astype(exact)
    counts = xs @ ys.T
    if len(rows_x) == x.shape[0] and len(rows_y) == y.shape[0]:
        out[...] = counts
    else:
        out[np.ix_(rows_x, rows_y)] = counts
    return out


def _pair_frontier(align: FloatArray, cost_a: FloatArray, cost_b: FloatArray) -> np.ndarray:
    """`pareto_mask` of every pair, as row-major flat indices, ascending: align (Na, Nb), a pair's cost
    cost_a[i] + cost_b[j].

    The same answer as `np.flatnonzero(pareto_mask(align.ravel(), cost.ravel()))` with
    cost = cost_a[:, None] + cost_b[None, :], found by sorting only the pairs that can be on the frontier.
    A pair is set aside when another pair of its row (or column) costs no more and is strictly better
    aligned: that pair comes before it in `pareto_mask`'s order (cost ascending, then alignment descending),
    so it is dominated, and whatever it dominates is dominated by a pair kept, so the running maximum over
    the pairs kept is the one over all pairs. Rounded addition is monotone, so along a row the pairs cost no
    less in the order of cost_b, whatever cost_a[i] is (and along a column in the order of cost_a)."""
    na, nb = align.shape
    if align.size == 0:
        return np.zeros(0, dtype=np.intp)
    if not (np.isfinite(align).all() and np.isfinite(cost_a).all() and np.isfinite(cost_b).all()):
        return np.flatnonzero(pareto_mask(align.ravel(), (cost_a[:, None] + cost_b[None, :]).ravel()))
    order = np.argsort(cost_b, kind="stable")  # along each row
    a = align[:, order]
    best = np.maximum.accumulate(a, axis=1)  # best alignment at no more cost, this pair included
    keep = np.ones((na, nb), dtype=bool)
    keep[:, order[1:]] = a[:, 1:] >= best[:, :-1]
    rows = np.flatnonzero(keep.any(axis=1))
    if len(rows) > 1:  # along each column, over the rows with a pair left
        order = rows[np.argsort(cost_a[rows], kind="stable")]
        a = align[order]
        best = np.maximum.accumulate(a, axis=0)
        keep[order[1:]] &= a[1:] >= best[:-1]
    idx = np.flatnonzero(keep)
    return idx[pareto_mask(align.ravel()[idx], cost_a[idx // nb] + cost_b[idx % nb])]


def pareto_mask(alignment: FloatArray, cost: FloatArray) -> np.ndarray:
    """Non-dominated points for (maximise alignment, minimise cost): no other point is at least as
    good on both and strictly better on one. Exact duplicates keep one representative."""
    order = np.lexsort((-alignment, cost))  # cost ascending, then alignment descending
    keep = np.zeros(len(cost), dtype=bool)
    a_sorted = alignment[order]
    running = np.maximum.accumulate(np.concatenate([[-np.inf], a_sorted[:-1]]))
    keep[order] = a_sorted > running
    return keep

