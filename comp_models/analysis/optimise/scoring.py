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

