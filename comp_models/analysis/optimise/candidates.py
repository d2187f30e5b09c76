"""The candidate weight vectors of the random search: seeded draws of the functional share and
Dirichlet splits within the functional and shared groups, clipped to the per-plan cap, rounded
to the step by largest remainder and deduplicated, always led by the current weights; the cap a
plan can honour, the functional range the constraints allow, and the feasibility check.
"""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray

# The candidates' random stream: SeedSequence(seed, spawn_key=CANDIDATE_SPAWN_KEY). The simulated
# years use spawn keys (block,) of length one, so a two-element key never shares their stream.
CANDIDATE_SPAWN_KEY = (1, 0)


def _candidate_rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=CANDIDATE_SPAWN_KEY))


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
    plan could not otherwise sum to 100 (package docstring)."""
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


