"""The optimiser's fast paths give, bit for bit, what the plain formulas give (issue 13).

Each fast path is checked against the straightforward expression it replaces: the pair scores
(three float64 matrix products), the year earnings of any weights, the Pareto frontier of every
pair (one sort of every pair) and the frontier's verification (one full replay per row).
"""

from __future__ import annotations

import numpy as np
import pytest

from comp_models.analysis.optimise.scoring import (_Basis, _count_pairs, _pair_frontier, _pair_scores, alignment_score,
                                                   pareto_mask)
from comp_models.analysis.optimise.search import _verify, optimise_weights
from comp_models.analysis.optimise.weights import apply_weights
from comp_models.analysis.pairing import payout_pct
from comp_models.analysis.simulate.sampler import plan_year
from comp_models.analysis.simulate.years import replay_years
from comp_models.engine import with_on_target_commission


def _same(x, y) -> bool:
    """Equal bit for bit (NaN included)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    return x.shape == y.shape and np.array_equal(x.view(np.int64), y.view(np.int64))


def _plain_pair_scores(pa, pb, threshold):
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


def _plain_earned(basis, weights, batch=256):
    n = weights.shape[0]
    s, w, k = basis.pct.shape
    out = np.empty((n, s))
    for a in range(0, n, batch):
        wt = weights[a:a + batch]
        if k:
            comp = np.tensordot(basis.pct, wt, axes=([2], [1])) / 1e4
            comp = comp * basis.share[None, :, None]
        else:
            comp = np.zeros((s, w, wt.shape[0]))
        comp += basis.commission[:, :, None]
        total = np.minimum(basis.factor[:, :, None] * comp, basis.cap[None, :, None])
        out[a:a + batch] = total.sum(axis=1).T
    return out


def _payouts(rng, n, s, hit=0.3, low=0.3):
    """Payout % rows: some constant, some rarely at target, some often."""
    p = rng.normal(90.0, 25.0, size=(n, s)) * rng.uniform(0.5, 1.5, size=(n, 1))
    p[: max(n // 10, 1)] = 100.0  # constant rows
    p[n // 3: n // 2] = np.clip(p[n // 3: n // 2], None, 99.0)  # never at target
    p[-1, : s // 2] = np.nan
    return p


@pytest.mark.parametrize("seed", range(4))
def test_pair_scores_equal_the_plain_matrix_products(seed):
    rng = np.random.default_rng(seed)
    s = [60, 301, 1000, 7][seed]
    pa, pb = _payouts(rng, 40 + seed, s), _payouts(rng, 33, s)
    pa[5] = 1e-14 * np.arange(s)  # almost constant: scaled, as before
    for threshold in (70.0, 100.0, 120.0):
        co, conflict = _pair_scores(pa, pb, threshold)
        want_co, want_conflict = _plain_pair_scores(pa, pb, threshold)
        assert _same(co, want_co) and _same(conflict, want_conflict)


def test_count_pairs_counts_exactly():
    rng = np.random.default_rng(3)
    x = rng.random((50, 400)) < 0.05
    y = rng.random((70, 400)) < 0.5
    x[:20] = False  # rows and years without a flag are left out
    y[:, :100] = False
    assert _same(_count_pairs(x, y), x.astype(float) @ y.astype(float).T)
    assert _same(_count_pairs(x[:, :0], y[:, :0]), np.zeros((50, 70)))
    assert _same(_count_pairs(np.zeros((3, 9), bool), y[:, :9]), np.zeros((3, 70)))


@pytest.mark.parametrize("case", ["plain", "commission", "multiplier-and-cap", "windows", "no-weights", "no-cap"])
def test_earned_equals_the_plain_expression(case):
    basis, weights = _basis_case(case, 11, 500, 600, zeros=True)
    weights[:3] = np.round(weights[:3] / 5) * 5
    assert _same(basis.earned(weights), _plain_earned(basis, weights))


def _basis_case(case: str, seed: int, s: int, n: int, zeros: bool = False) -> tuple[_Basis, np.ndarray]:
    """A plan's basis of `case` over s years (payout % some 0 when `zeros`) and n weight vectors."""
    rng = np.random.default_rng(seed)
    w, k = (4 if case == "windows" else 1), (0 if case == "no-weights" else 5)
    pct = rng.uniform(0.0, 180.0, size=(s, w, k))
    if zeros:
        pct[rng.random(pct.shape) < 0.2] = 0.0
    share = np.full(w, 300000.0 / w)
    commission = rng.uniform(0, 5e4, size=(s, w)) if case in ("commission", "no-weights") else np.zeros((s, w))
    factor = rng.uniform(0.8, 1.2, size=(s, w)) if case in ("multiplier-and-cap", "windows") else np.ones((s, w))
    cap = np.full(w, np.inf) if case == "no-cap" else np.full(w, 330000.0 / w)
    weights = rng.dirichlet(np.ones(k), size=n) * 100 if k else np.zeros((n, 0))
    return _Basis(pct, share, commission, factor, cap), weights


def _pairs_case(rng, na, nb, ties):
    ca, cb = np.round(rng.uniform(1e4, 2e4, na), ties), np.round(rng.uniform(1e4, 2e4, nb), ties)
    align = np.round(rng.uniform(-1, 1, size=(na, nb)), 1 if ties else 12)
    return align, ca, cb


@pytest.mark.parametrize("seed", range(6))
def test_pair_frontier_equals_pareto_mask_of_every_pair(seed):
    rng = np.random.default_rng(seed)
    align, ca, cb = _pairs_case(rng, 30 + 7 * seed, 25 + 3 * seed, ties=seed % 2)
    if seed == 4:  # costs that round to the same sum, and -0.0 beside 0.0
        ca[:5] = 1e16
        cb[:4] = [0.0, 1.0, 2.0, 3.0]
        align[0, :3] = [0.0, -0.0, 0.0]
    if seed == 5:
        align[2, 3] = np.nan  # not finite: sorts every pair
    want = np.flatnonzero(pareto_mask(align.ravel(), (ca[:, None] + cb[None, :]).ravel()))
    assert np.array_equal(_pair_frontier(align, ca, cb), want)


def test_pair_frontier_keeps_the_first_of_exact_duplicates():
    align = np.array([[0.5, 0.5], [0.5, 0.2]])
    ca, cb = np.array([0.5, 0.5]), np.array([0.5, 0.0])
    want = np.flatnonzero(pareto_mask(align.ravel(), (ca[:, None] + cb[None, :]).ravel()))
    assert np.array_equal(_pair_frontier(align, ca, cb), want)
    assert np.array_equal(_pair_frontier(np.zeros((0, 3)), np.zeros(0), np.zeros(3)), np.zeros(0, int))


def _plain_verify(res, scenario, threshold, limit):
    f = res.frontier
    picks = set(np.unique(np.linspace(0, len(f) - 1, num=min(limit, len(f))).round().astype(int)).tolist())
    if res.best is not None:
        picks.add(int(res.best.name))
    out = np.full((2, len(f)), np.nan)
    a, b = res.roles
    for i in sorted(picks):
        sc = apply_weights(scenario, res.weights(i))
        earned = replay_years(sc, res.performance)
        pct = {r: payout_pct(earned[r], sc.roles[r].annual_target_variable) for r in res.roles}
        out[:, i] = alignment_score(pct[a], pct[b], threshold)[0], float(earned[a].mean() + earned[b].mean())
    return out


@pytest.mark.parametrize("name", ["integrated", "shared_revenue"])
def test_verification_replays_each_plan_once_and_agrees_with_a_replay_per_row(presets, history, annual, name):
    res = optimise_weights(presets[name], history, annual, n_years=200, n_candidates=60, verify=8)
    assert len(res.frontier) > 1
    designed = presets[name].as_designed()  # the scenario the search replays: as designed, on-target commission
    scenario = with_on_target_commission(designed, annual, plan_year(history, designed.fiscal_year_start))
    want = _plain_verify(res, scenario, res.settings["threshold_pct"], 8)
    assert _same(res.frontier["verified_alignment"], want[0])
    assert _same(res.frontier["verified_cost"], want[1])
    assert res.max_verify_error == _verify(res, scenario, res.settings["threshold_pct"], 8)


@pytest.mark.parametrize("name", ["integrated", "marketing_serves_sales", "shared_revenue", "siloed"])
def test_reweighted_is_the_scenario_apply_weights_validates(presets, name):
    from comp_models.analysis.optimise.weights import _reweighted

    scenario = presets[name].as_designed()
    rng = np.random.default_rng(5)
    for role, plan in scenario.roles.items():
        names = [c.name for c in plan.weighted_components()]
        if not names:  # a commission-only plan has no weight
            assert _reweighted(scenario, role, {}) == scenario
            continue
        for _ in range(3):
            w = rng.dirichlet(np.ones(len(names))) * 100.0
            w[-1] = 100.0 - w[:-1].sum()
            weights = dict(zip(names, w.tolist()))
            assert _reweighted(scenario, role, weights) == apply_weights(scenario, {role: weights})
    assert scenario == presets[name].as_designed()  # the original is untouched


def _linear_side(rng, n, s, k, constant_rows=0):
    """Rows scale * (weights @ coef + const) as `_Basis.linear` gives them, some of them constant."""
    coef = rng.normal(0.0, 3e4, size=(k, s))
    const = rng.uniform(0.0, 5e4, size=s)
    weights = rng.dirichlet(np.ones(k), size=n) * 100
    weights[1] = weights[0]  # a duplicate: the same co-movement
    if constant_rows:
        coef[:, :] = coef[:1]  # every component the same: a row's variation then cancels when its weights do
        weights[-constant_rows:] = 0.0
        const[:] = 4e4  # no commission variation: rows of zero weights are constant
    scale = 100.0 / 250000.0
    return (weights, coef, const, scale), scale * (weights @ coef + const)


@pytest.mark.parametrize("seed", range(4))
def test_pair_scores_from_the_linear_basis_equal_the_plain_products(seed):
    rng = np.random.default_rng(seed)
    s = [60, 301, 2000, 9][seed]
    la, pa = _linear_side(rng, 45, s, 4, constant_rows=3 if seed % 2 else 0)
    lb, pb = _linear_side(rng, 38, s, 2)
    for threshold in (70.0, 100.0):
        co, conflict = _pair_scores(pa, pb, threshold, (la, lb))
        want_co, want_conflict = _plain_pair_scores(pa, pb, threshold)
        assert np.allclose(co, want_co, rtol=0, atol=1e-12) and _same(conflict, want_conflict)
        assert _same(co[0], co[1])  # duplicate plans: the same figures
        if seed % 2:
            assert not co[-3:].any()  # constant payouts: no co-movement, as the plain products give


@pytest.mark.parametrize("case", ["plain", "commission", "multiplier-and-cap", "windows", "no-weights", "no-cap"])
def test_the_linear_basis_gives_the_earnings_wherever_no_cap_binds(case):
    basis, weights = _basis_case(case, 12, 400, 300)
    earned, capped = basis.earned_capped(weights)
    assert _same(earned, basis.earned(weights))
    uncapped = _Basis(basis.pct, basis.share, basis.commission, basis.factor, np.full(basis.cap.shape, np.inf))
    plain = _plain_earned(uncapped, weights)  # never capped
    assert capped == (not np.array_equal(plain, earned))  # the cap bound somewhere exactly when it changed a year
    assert capped == (case not in ("no-cap", "no-weights"))  # both kinds are tried
    coef, const = basis.linear()
    if not capped:
        assert np.allclose(weights @ coef + const, earned, rtol=1e-12, atol=1e-6)


@pytest.mark.parametrize("name", ["integrated", "marketing_serves_sales", "shared_revenue", "siloed"])
def test_the_linear_path_finds_the_same_frontier_as_the_plain_products(presets, history, annual, name, monkeypatch):
    from comp_models.analysis.optimise.scoring import _Basis as Basis

    calls = []
    linear = Basis.linear
    monkeypatch.setattr(Basis, "linear", lambda self: calls.append(1) or linear(self))
    fast = optimise_weights(presets[name], history, annual, n_years=300, n_candidates=120, verify=10)
    assert len(calls) == 2  # no cap bound on these presets: both plans took the linear path
    monkeypatch.setattr(Basis, "linear", lambda self: (_ for _ in ()).throw(AssertionError("not linear")))
    real = Basis.earned_capped
    monkeypatch.setattr(Basis, "earned_capped", lambda self, w, batch=256: (real(self, w, batch)[0], True))
    plain = optimise_weights(presets[name], history, annual, n_years=300, n_candidates=120, verify=10)
    cols = [c for c in plain.frontier.columns if c.startswith("w:")] + ["verified_alignment", "verified_cost"]
    assert plain.frontier[cols].equals(fast.frontier[cols])
    assert np.allclose(fast.frontier["alignment"], plain.frontier["alignment"], rtol=0, atol=1e-10)


@pytest.mark.parametrize("name,settings", [  # plans correlated all but perfectly: alignments within 1e-12 of each other
    ("integrated", dict(n_years=300, n_candidates=200, seed=3, block_months=12)),
    ("integrated", dict(min_functional_pct=0.0, max_weight_pct=20.0, min_company_pct=0.0, min_each_pct=0.0, seed=7)),
    ("marketing_serves_sales", dict(n_years=300, n_candidates=150, seed=7, block_months=12)),
])
def test_near_ties_are_ties_on_either_path(presets, history, annual, name, settings, monkeypatch):
    import comp_models.analysis.optimise.search as search
    from comp_models.analysis.optimise.search import ALIGNMENT_DECIMALS

    fast = optimise_weights(presets[name], history, annual, **settings)
    monkeypatch.setattr(search, "_pair_scores", lambda pa, pb, threshold, linear=None: _pair_scores(pa, pb, threshold))
    plain = optimise_weights(presets[name], history, annual, **settings)
    cols = [c for c in plain.frontier.columns if c.startswith("w:")]
    assert plain.frontier[cols].equals(fast.frontier[cols]) and plain.best_weights == fast.best_weights
    assert (fast.frontier["alignment"] == fast.frontier["alignment"].round(ALIGNMENT_DECIMALS)).all()
