"""Simulated plan years: reproducibility, shapes, levels, co-movement of metrics, summaries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from comp_models.engine import with_on_target_commission

from comp_models import parse_history, performance, replay
from comp_models.engine import Performance
from comp_models.errors import InputError
from comp_models.data import SAMPLE_HISTORY
from comp_models.engine import annual_totals
from benchmarks.analysis import bench_monte_carlo
from comp_models.analysis.pairing import conflict_mask
from comp_models.analysis.simulate.sampler import METHODS, RNG_BLOCK, YearSampler, complete_years, growth_factors
from comp_models.analysis.simulate.years import MonteCarlo, monte_carlo, replay_years, simulate_performance

KEY = ["revenue", "bookings", "pipeline_created", "mqls", "sqls"]


@pytest.fixture(scope="module")
def integrated(presets):
    return presets["integrated"]


def _same(p1: Performance, p2: Performance) -> bool:
    return p1.columns.keys() == p2.columns.keys() and all(np.array_equal(p1.columns[c], p2.columns[c])
                                                          for c in p1.columns)


# --- reproducibility -----------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_same_seed_same_years_different_seed_different(integrated, history, annual, method):
    a = simulate_performance(integrated, history, annual, 500, 42, method=method)
    b = simulate_performance(integrated, history, annual, 500, 42, method=method)
    c = simulate_performance(integrated, history, annual, 500, 43, method=method)
    assert _same(a, b)
    assert not np.array_equal(a.columns["bookings"], c.columns["bookings"])
    assert not np.array_equal(a.columns["mqls"], c.columns["mqls"])


@pytest.mark.parametrize("method", METHODS)
def test_chunking_never_changes_values_and_reports_progress(integrated, history, annual, method):
    n = RNG_BLOCK + 700  # spans two random streams, chunks cut across the stream boundary
    whole = simulate_performance(integrated, history, annual, n, 5, method=method)
    calls: list[float] = []
    chunked = simulate_performance(integrated, history, annual, n, 5, method=method, chunk=300, progress=calls.append)
    assert _same(whole, chunked)
    assert len(calls) == -(-n // 300)
    assert calls == sorted(calls) and calls[-1] == 1.0 and calls[0] > 0
    shorter = simulate_performance(integrated, history, annual, 400, 5, method=method)
    assert all(np.array_equal(whole.columns[c][:400], shorter.columns[c]) for c in shorter.columns)


def test_monte_carlo_reproducible_and_chunk_invariant(integrated, history, annual):
    calls: list[float] = []
    a = monte_carlo(integrated, history, annual, 1500, 9)
    b = monte_carlo(integrated, history, annual, 1500, 9, chunk=400, progress=calls.append)
    c = monte_carlo(integrated, history, annual, 1500, 10)
    for r in integrated.roles:
        np.testing.assert_array_equal(a.earned[r], b.earned[r])
    assert not np.array_equal(a.earned["vp_sales"], c.earned["vp_sales"])
    assert len(calls) == 4 and calls[-1] == 1.0


@pytest.mark.parametrize("preset", ["integrated", "siloed", "shared_revenue", "marketing_serves_sales"])
def test_workers_never_change_values(presets, history, annual, preset):
    """Chunks replayed on several threads at once give the same cents, in the same order, as one thread."""
    scenario = presets[preset]
    one = monte_carlo(scenario, history, annual, 2300, 3, chunk=500, workers=1)
    calls: list[float] = []
    three = monte_carlo(scenario, history, annual, 2300, 3, chunk=500, workers=3, progress=calls.append)
    for r in scenario.roles:
        np.testing.assert_array_equal(one.earned[r], three.earned[r])
    np.testing.assert_array_equal(one.company_revenue, three.company_revenue)
    assert calls == [i / 5 for i in range(1, 6)]  # in order, one per chunk, on the calling thread
    perf = simulate_performance(scenario, history, annual, 2300, 3)
    serial = replay_years(scenario, perf, chunk=700, workers=1)
    parallel = replay_years(scenario, perf, chunk=700, workers=2)
    whole = replay_years(scenario, perf, chunk=None)
    for r in scenario.roles:
        np.testing.assert_array_equal(serial[r], parallel[r])
        np.testing.assert_array_equal(serial[r], whole[r])
        np.testing.assert_array_equal(serial[r], one.earned[r])


# --- shapes and targets --------------------------------------------------------------------


def test_shapes_months_and_targets(integrated, history, annual):
    perf = simulate_performance(integrated, history, annual, 37, 1)
    assert perf.months == [f"2025-{m:02d}" for m in range(1, 13)]
    assert perf.n_scenarios == 37
    # the history's columns, and one column of simulated scores per objective (Integrated's joint launch plan:
    # simulated years have no CEO scores, docs/money.md §9)
    assert set(perf.columns) == set(history.frame.columns) - {"month"} | {"objective:joint_launch"}
    assert all(v.shape == (37, 12) and v.dtype == np.float64 for v in perf.columns.values())
    assert set(perf.targets) == set(integrated.goals)
    hist_perf = performance(integrated, history, annual)
    for g, t in perf.targets.items():  # the target year's monthly targets, exactly as a replay resolves them
        np.testing.assert_array_equal(t, hist_perf.targets[g][24:36])
    mc = monte_carlo(integrated, history, annual, 37, 1)
    assert mc.n_years == 37 and mc.roles == ["vp_sales", "vp_marketing"]
    for arr in [*mc.payout_pct.values(), *mc.earned.values(), mc.company_revenue, mc.revenue_attainment]:
        assert arr.shape == (37,)


def test_explicit_target_year(integrated, history, annual):
    perf = simulate_performance(integrated, history, annual, 10, 1, target_year=2024)
    assert perf.months[0] == "2024-01"
    np.testing.assert_array_equal(perf.targets["bookings"],
                                  performance(integrated, history, annual).targets["bookings"][12:24])
    with pytest.raises(InputError, match="2030"):
        simulate_performance(integrated, history, annual, 10, 1, target_year=2030)


def test_argument_checks(integrated, history, annual):
    with pytest.raises(ValueError):
        simulate_performance(integrated, history, annual, 0, 1)
    with pytest.raises(ValueError, match="method"):
        simulate_performance(integrated, history, annual, 5, 1, method="garch")
    with pytest.raises(ValueError, match="block_months"):
        simulate_performance(integrated, history, annual, 5, 1, block_months=0)


def test_partial_year_is_not_a_source_and_parametric_needs_two_years(integrated, annual):
    text = SAMPLE_HISTORY.read_text().splitlines()
    one_and_a_half = "\n".join(text[: 1 + 18]).encode()  # 2023 complete + 6 months of 2024
    h = parse_history(one_and_a_half, "short.csv")
    assert complete_years(h) == [2023]
    perf = simulate_performance(integrated, h, annual, 50, 1, block_months=1)
    assert perf.months[0] == "2023-01"
    np.testing.assert_array_equal(np.unique(perf.columns["bookings"][:, 0]), [h.column("bookings")[0]])
    with pytest.raises(InputError, match="two complete plan years"):
        simulate_performance(integrated, h, annual, 10, 1, method="parametric")
    with pytest.raises(InputError, match="no complete plan year"):
        simulate_performance(integrated, parse_history("\n".join(text[:7]).encode(), "x.csv"), annual, 10, 1)


# --- detrending and levels -----------------------------------------------------------------


def test_growth_factors_keep_the_target_year_and_each_years_deviation():
    years = [2023, 2024, 2025]
    totals = np.array([[100.0, 10.0], [110.0, 0.0], [121.0, 30.0]])  # 10% growth exactly; a column with a zero
    f = growth_factors(totals, years, 2025)
    np.testing.assert_allclose(f[:, 0], [1.1 ** 2, 1.1, 1.0])
    np.testing.assert_allclose((totals * f)[:, 0], 121.0)  # on the trend: every year carried to the target level
    np.testing.assert_allclose(f[:, 1], [3.0, np.sqrt(3.0), 1.0])  # fitted on the positive years: slope log(3) / 2
    bumpy = totals[:, :1] * np.array([[1.0], [0.9], [1.0]])  # a weak middle year stays weak after detrending
    g = growth_factors(bumpy, years, 2025)
    detrended = (bumpy * g)[:, 0]
    assert detrended[1] < detrended[0] and detrended[1] < detrended[2] and g[2, 0] == 1.0


def _scored_as_in(scenario, year: str):
    """The scenario with each objective's simulated score fixed at the mean of the CEO's scores of `year`
    (quarterly scores, each holding for three months: the year's mean is the mean of the four, which an
    annual true-up pays for the year, docs/money.md §9): Integrated's 2025 joint launch plan scored met,
    exceeded, met, met = (100 + 130 + 100 + 100) / 4 = 107.5%."""
    goals = dict(scenario.goals)
    for gid, g in scenario.goals.items():
        if g.is_objective:
            sc = g.resolved_scoring
            scores = [sc.levels.get(s.score, s.score) if isinstance(s.score, str) else s.score
                      for s in scenario.scores if s.goal == gid and s.period.startswith(year)]
            assert len(scores) == 4
            goals[gid] = g.model_copy(update={"scoring": sc.model_copy(update={"simulated_score": float(np.mean(scores))})})
    return scenario.model_copy(update={"goals": goals})


def test_whole_year_blocks_replay_the_history_exactly(presets, history, annual):
    """block_months=12 copies whole detrended years; the target year's copies are the raw history (and, with
    each objective simulated at its 2025 scores' mean, pay exactly what 2025 paid)."""
    sampler = YearSampler.fit(history)
    raw_2025 = history.frame.iloc[24:36]
    assert _scored_as_in(presets["integrated"], "2025").goals["joint_launch"].scoring.simulated_score == 107.5
    for name, scenario in presets.items():
        scenario = _scored_as_in(scenario, "2025")
        perf = simulate_performance(scenario, history, annual, 60, 3, block_months=12)
        src = np.stack([perf.columns[c] for c in sampler.columns], axis=2)  # (S, 12, C)
        match = (src[:, None] == sampler.data[None]).all(axis=(2, 3))  # (S, Y)
        assert match.sum(axis=1).min() >= 1  # every simulated year is one detrended history year
        is_2025 = match[:, -1]
        assert is_2025.any() and (~is_2025).any()
        for c in sampler.columns:
            np.testing.assert_array_equal(perf.columns[c][is_2025][0], raw_2025[c].to_numpy(float))
        hist = annual_totals(replay(scenario, performance(scenario, history, annual)))
        sim = replay_years(scenario, perf)
        for role in scenario.roles:
            np.testing.assert_allclose(sim[role][is_2025], hist[role][0, 2], rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_mean_annual_totals_match_the_target_year_level(integrated, history, annual, method):
    """The expected annual total of a simulated year is the mean of the detrended history years.

    Checked to 4 standard errors of the Monte Carlo mean (a false failure about once in 16,000
    runs). Against the target year's actual total the tolerance is 5%: with three history years
    the log-linear trend leaves the first and last detrended years equal to the target year and
    moves only the middle one, so the expectation sits a third of the middle year's deviation from
    trend away from the actual (2024 is 12% below trend in bookings, 11% above in MQLs: 4.1% and
    3.7% after dividing by three); revenue, which is smooth, is held to 1%.
    """
    n = 20_000
    perf = simulate_performance(integrated, history, annual, n, 11, method=method)
    sampler = YearSampler.fit(history)
    expected = sampler.data.sum(axis=1).mean(axis=0)
    actual = history.frame.iloc[24:36]
    for c in KEY:
        totals = perf.columns[c].sum(axis=1)
        se = totals.std() / np.sqrt(n)
        e = expected[sampler.columns.index(c)]
        assert abs(totals.mean() - e) <= 4 * se + 1e-9 * e, c
        tol = 0.01 if c == "revenue" else 0.05
        assert abs(totals.mean() / actual[c].sum() - 1) <= tol, c


def test_mean_payout_matches_the_detrended_history_level(presets, history, annual):
    """Bootstrap mean payout % vs the mean over the detrended history years replayed whole.

    Block resampling gives every month-of-year position the same distribution as whole-year draws,
    so summed metrics keep their expectation; payout % is a non-linear (threshold, cap) function of
    the annual sums and mixing blocks narrows their spread, which moves the mean payout only through
    the curves' convexity over a few % of attainment: 3 points of payout is ample (observed <= 1.5).
    The target year's own payout, for reference, is reproduced exactly by the test above.
    """
    sampler = YearSampler.fit(history)
    whole_years = Performance(sampler.months, {c: sampler.data[:, :, i] for i, c in enumerate(sampler.columns)},
                              {})
    for name, scenario in presets.items():
        perf = simulate_performance(scenario, history, annual, 1, 1)
        whole = Performance(whole_years.months, whole_years.columns, perf.targets)
        level = replay_years(scenario, whole)
        mc = monte_carlo(scenario, history, annual, 6000, 21)
        stated = with_on_target_commission(scenario, annual, sampler.target_year)  # the plan year's on-target figures
        for role, plan in stated.roles.items():
            ref = 100 * level[role].mean() / plan.annual_target_variable
            assert abs(np.mean(mc.payout_pct[role]) - ref) <= 3.0, (name, role)


def test_bootstrap_preserves_the_mql_sql_correlation(integrated, history, annual):
    """Whole months are copied, so the pooled month-level correlation equals the detrended history's."""
    sampler = YearSampler.fit(history)
    flat = sampler.data.reshape(-1, len(sampler.columns))
    i, j = sampler.columns.index("mqls"), sampler.columns.index("sqls")
    ref = np.corrcoef(flat[:, i], flat[:, j])[0, 1]
    perf = simulate_performance(integrated, history, annual, 8000, 2)
    got = np.corrcoef(perf.columns["mqls"].ravel(), perf.columns["sqls"].ravel())[0, 1]
    assert abs(got - ref) < 0.05
    # and within a month: SQLs never exceed the MQLs they come from
    assert (perf.columns["sqls"] <= perf.columns["mqls"]).all()


def test_parametric_reproduces_the_fitted_log_covariance(integrated, history, annual):
    """The lognormal's log residuals (per month of year) have the history's pooled covariance."""
    sampler = YearSampler.fit(history, method="parametric")
    perf = simulate_performance(integrated, history, annual, 20_000, 4, method="parametric")
    i, j = sampler.columns.index("mqls"), sampler.columns.index("sqls")
    z = {c: np.log(perf.columns[c] + sampler.shift[sampler.columns.index(c)]) for c in ("mqls", "sqls")}
    resid = {c: (z[c] - z[c].mean(axis=0)).ravel() for c in z}
    sigma = sampler.chol @ sampler.chol.T
    ref = sigma[i, j] / np.sqrt(sigma[i, i] * sigma[j, j])
    got = np.corrcoef(resid["mqls"], resid["sqls"])[0, 1]
    assert abs(got - ref) < 0.05
    assert abs(np.std(resid["mqls"]) / np.sqrt(sigma[i, i]) - 1) < 0.05
    assert -0.9 <= sampler.phi <= 0.9
    assert all((v >= 0).all() for v in perf.columns.values())


# --- Monte Carlo summaries ----------------------------------------------------------------


def test_conflict_definition_hand_worked():
    a = np.array([120.0, 100.0, 40.0, 90.0, 100.0])
    b = np.array([40.0, 49.9, 120.0, 50.0, 100.0])
    np.testing.assert_array_equal(conflict_mask(a, b), [True, True, True, False, False])
    np.testing.assert_array_equal(conflict_mask(a, b, threshold_pct=45), [True, False, True, False, False])


def test_monte_carlo_summary_hand_worked():
    mc = MonteCarlo(payout_pct={"s": np.array([120.0, 100.0, 40.0, 90.0]), "m": np.array([40.0, 49.9, 120.0, 50.0])},
                    earned={"s": np.array([120.0, 100.0, 40.0, 90.0]), "m": np.array([20.0, 24.95, 60.0, 25.0])},
                    company_revenue=np.array([1000.0, 1000.0, 2000.0, 0.0]),
                    revenue_attainment=np.array([100.0, 100.0, 200.0, 0.0]),
                    target_variable={"s": 100.0, "m": 50.0})
    assert mc.p_conflict() == 0.75
    assert mc.p_conflict(threshold_pct=45.0) == 0.5
    assert mc.p_at_or_above_target("s") == 0.5 and mc.p_at_or_above_target("m") == 0.25
    total = np.array([140.0, 124.95, 100.0, 115.0])
    assert mc.expected_cost == pytest.approx(total.mean())
    assert mc.cost_p95 == pytest.approx(np.percentile(total, 95))
    assert mc.cost_pct_of_revenue == pytest.approx(100 * total.mean() / 1000.0)
    assert mc.correlation() == pytest.approx(np.corrcoef(mc.payout_pct["s"], mc.payout_pct["m"])[0, 1])
    assert mc.correlation() < 0
    assert mc.summary()["p_conflict"] == 0.75
    assert list(mc.frame().columns)[:2] == ["company_revenue", "revenue_attainment"]


def test_revenue_attainment_uses_the_goal_or_the_targets_file(presets, history, annual):
    integrated = presets["integrated"]
    mc = monte_carlo(integrated, history, annual, 200, 1)
    goal_target = simulate_performance(integrated, history, annual, 1, 1).targets["company_revenue"].sum()
    np.testing.assert_allclose(mc.revenue_attainment, 100 * mc.company_revenue / goal_target)
    siloed = presets["siloed"]  # no revenue goal: the targets file's revenue target for 2025
    assert "revenue" not in {g.metric for g in siloed.goals.values()}
    ms = monte_carlo(siloed, history, annual, 200, 1)
    np.testing.assert_allclose(ms.revenue_attainment, 100 * ms.company_revenue / annual[("revenue", 2025)])
    np.testing.assert_array_equal(ms.company_revenue, mc.company_revenue)  # same seed, same years


def test_monte_carlo_is_the_replay_of_simulate_performance(integrated, history, annual):
    perf = simulate_performance(integrated, history, annual, 700, 8, method="parametric")
    a = monte_carlo(integrated, history, annual, 700, 8, method="parametric")
    assert (a.seed, a.method, a.target_year) == (8, "parametric", 2025)
    b = replay_years(integrated, perf, chunk=300)
    for role, plan in integrated.roles.items():
        np.testing.assert_allclose(a.earned[role], b[role], rtol=1e-12)
        np.testing.assert_allclose(a.payout_pct[role], 100 * a.earned[role] / plan.annual_target_variable)
    np.testing.assert_allclose(a.company_revenue, perf.columns["revenue"].sum(axis=1))
    full = replay(integrated, perf)
    for role, tot in annual_totals(full).items():
        np.testing.assert_allclose(a.earned[role], tot[:, 0], rtol=1e-12)


def test_alignment_differs_between_presets(presets, history, annual):
    """A sanity check the library exists for: integrated plans co-move, siloed ones do not."""
    rho = {n: monte_carlo(s, history, annual, 4000, 7).correlation() for n, s in presets.items()}
    assert rho["integrated"] > 0.3
    assert rho["marketing_serves_sales"] > 0.3
    assert rho["siloed"] < rho["integrated"]


def test_bench_monte_carlo_reports_figures():
    out = bench_monte_carlo(n_years=2000, repeats=1, mc_years=500)
    for k in ("simulate_s", "replay_s", "simulate_and_replay_s", "monte_carlo_500_s"):
        assert out[k]["best"] > 0 and out[k]["median"] >= out[k]["best"]
    assert out["n_years"] == 2000 and out["scenario"] == "integrated"
    assert isinstance(pd.Series(out).to_dict(), dict)


# --- review fixes --------------------------------------------------------------------------


def _mc(payouts: dict[str, list[float]]) -> MonteCarlo:
    pct = {r: np.array(v, dtype=float) for r, v in payouts.items()}
    n = len(next(iter(pct.values())))
    return MonteCarlo(pct, dict(pct), np.full(n, 1000.0), np.full(n, 100.0), {r: 100.0 for r in pct})


def test_correlation_is_the_first_two_roles_and_nan_for_one_role():
    one = _mc({"s": [50.0, 100.0, 150.0, 80.0]})
    assert np.isnan(one.correlation())  # not 1.0: a role does not co-move with itself
    assert np.isnan(one.summary()["co_movement"])
    s, m, x = [50.0, 100.0, 150.0, 80.0], [60.0, 90.0, 160.0, 70.0], [150.0, 100.0, 50.0, 120.0]
    three = _mc({"s": s, "m": m, "x": x})
    assert three.correlation() == pytest.approx(np.corrcoef(s, m)[0, 1])
    assert three.correlation("s", "x") == pytest.approx(np.corrcoef(s, x)[0, 1])
    with pytest.raises(ValueError):
        three.correlation("s")
    undefined = _mc({"s": [np.nan, 100.0, 150.0, 80.0, 90.0], "m": [60.0, 90.0, 160.0, 70.0, 75.0]})
    finite = np.corrcoef([100.0, 150.0, 80.0, 90.0], [90.0, 160.0, 70.0, 75.0])[0, 1]
    assert undefined.correlation() == pytest.approx(finite)  # the undefined year is left out


def test_payout_pct_is_nan_for_a_role_without_target_variable(integrated, annual):
    """One payout % convention (pairing.payout_pct): undefined, not 0%, when the target variable is 0."""
    from types import SimpleNamespace

    from comp_models.analysis.simulate.years import _assemble

    roles = {"vp": SimpleNamespace(annual_target_variable=100.0), "ops": SimpleNamespace(annual_target_variable=0.0)}
    fake = SimpleNamespace(roles=roles, goals=integrated.goals, goal_users=integrated.goal_users)
    earned = {r: np.array([0.0, 10.0, 20.0]) for r in roles}
    mc = _assemble(fake, {"company_revenue": np.ones(12)}, earned, np.array([1.0, 2.0, 3.0]), annual, 2025)
    assert np.isnan(mc.payout_pct["ops"]).all()
    np.testing.assert_array_equal(mc.payout_pct["vp"], [0.0, 10.0, 20.0])


def test_total_cost_is_computed_once():
    mc = _mc({"s": [50.0, 100.0], "m": [60.0, 90.0]})
    assert mc.total_cost is mc.total_cost
    np.testing.assert_array_equal(mc.total_cost, [110.0, 190.0])


def test_detrended_data_are_the_complete_years_in_place(history):
    """The (Y, 12, C) array holds each complete year's months, year by year (checked against the frame)."""
    sampler = YearSampler.fit(history, block_months=12)
    frame = history.frame
    raw = np.stack([frame.loc[frame["month"].str.startswith(str(y)), sampler.columns].to_numpy(float)
                    for y in sampler.years])
    growth = growth_factors(raw.sum(axis=1), sampler.years, sampler.target_year)
    expected = raw * growth[:, None, :]
    for small, large in (("sqls", "sals"), ("sals", "mqls")):
        assert (sampler.data[:, :, sampler.columns.index(small)]
                <= sampler.data[:, :, sampler.columns.index(large)]).all()
    np.testing.assert_array_equal(sampler.data[-1], raw[-1])  # the target year is left as it was
    mask = np.ones(len(sampler.columns), dtype=bool)
    mask[[sampler.columns.index(c) for c in ("mqls", "sals", "sqls", "mqls_followed_up_in_sla",
                                             "marketing_sourced_pipeline")]] = False
    np.testing.assert_allclose(sampler.data[:, :, mask], expected[:, :, mask], rtol=1e-12)


def test_replay_years_is_each_years_total(integrated, history, annual):
    perf = simulate_performance(integrated, history, annual, 50, 3)
    full = replay(integrated, perf)
    for role, total in replay_years(integrated, perf, chunk=7).items():
        np.testing.assert_allclose(total, annual_totals(full)[role][:, 0], rtol=1e-12)


def test_history_without_revenue_gives_nan_revenue(presets, annual):
    siloed = presets["siloed"]
    from comp_models.engine import required_columns

    text = SAMPLE_HISTORY.read_text().splitlines()
    header = text[0].split(",")
    keep = [i for i, c in enumerate(header) if c == "month" or c in required_columns(siloed)]
    assert header.index("revenue") not in keep
    raw = "\n".join(",".join(row.split(",")[i] for i in keep) for row in text).encode()
    h = parse_history(raw, "no_revenue.csv", required=required_columns(siloed))
    mc = monte_carlo(siloed, h, annual, 50, 1)
    assert np.isnan(mc.company_revenue).all() and mc.company_revenue.shape == (50,)


@pytest.mark.parametrize("method", METHODS)
def test_simulated_columns_are_month_major_and_equal_year_by_year(integrated, history, annual, method):
    """Each month's values lie together in memory (the engine adds months across all years at once), and the
    layout changes no value: drawing the years one at a time gives the same numbers."""
    perf = simulate_performance(integrated, history, annual, 40, 9, method=method)
    one_by_one = simulate_performance(integrated, history, annual, 40, 9, method=method, chunk=1)
    for c, x in perf.columns.items():
        if x.shape[0] > 1 and not c.startswith("objective:"):
            assert x.strides[0] == x.itemsize, c  # years adjacent: each month contiguous
        assert np.array_equal(x, one_by_one.columns[c]), c


def test_objective_scores_spread_per_chunk_are_the_whole_draw(integrated):
    """The objectives' draws kept per scoring period and spread chunk by chunk give the whole (n, M) series."""
    from comp_models.engine import simulated_objective_columns, simulated_objective_draws

    months = [f"2025-{m:02d}" for m in range(1, 13)]
    whole = simulated_objective_columns(integrated, months, 500, 3)
    draws = simulated_objective_draws(integrated, months, 500, 3)
    assert whole and whole.keys() == draws.keys()
    for col, d in draws.items():
        parts = np.concatenate([d.months(a, min(a + 37, 500)) for a in range(0, 500, 37)])
        assert np.array_equal(parts, whole[col]) and whole[col].shape == (500, 12)
        assert len(np.unique(whole[col][:, :3])) > 1  # drawn, not one constant


def test_objective_draws_are_kept_for_a_rerun_and_are_the_same_draws(integrated, monkeypatch):
    """A rerun with the same seed reads the kept draws (read-only): each objective's normal stream, clipped to
    [0, max score], the same as drawn afresh, whether kept or too large to keep; another seed draws others."""
    from comp_models.engine import objectives, simulated_objective_draws

    months = [f"2025-{m:02d}" for m in range(1, 13)]
    first = simulated_objective_draws(integrated, months, 800, 5)
    again = simulated_objective_draws(integrated, months, 800, 5)
    for k, (col, d) in enumerate(first.items()):
        goal = integrated.goals[col.split(":", 1)[1]]
        spec, top = goal.resolved_scoring.simulated_score, goal.resolved_scoring.max_score
        rule = np.clip(np.random.default_rng([5, 20_871, k]).normal(spec.mean, spec.sd, d.per_period.shape), 0.0, top)
        assert np.array_equal(d.per_period, rule) and d.per_period.shape == (800, 4)  # four quarters scored
        assert again[col].per_period is d.per_period and not d.per_period.flags.writeable
        assert not np.array_equal(simulated_objective_draws(integrated, months, 800, 6)[col].per_period, rule)
    monkeypatch.setattr(objectives, "SCORES_KEPT_MAX", 0)  # too large to keep: drawn afresh, the same draws
    fresh = simulated_objective_draws(integrated, months, 800, 5)
    assert all(fresh[c].per_period is not d.per_period and np.array_equal(fresh[c].per_period, d.per_period)
               for c, d in first.items())


def test_a_history_is_fitted_once_per_setting_and_a_new_history_afresh(integrated, history, annual):
    from comp_models import History

    h = History(history.frame.copy(), history.source)
    first = YearSampler.fit(h)
    assert YearSampler.fit(h) is first  # kept in the history's memo
    assert YearSampler.fit(h, block_months=6) is not first and YearSampler.fit(h, block_months=6).block_months == 6
    assert YearSampler.fit(h, method="parametric").method == "parametric"
    assert not first.data.flags.writeable  # shared by every later simulation: nobody may change it
    other = History(history.frame.copy(), history.source)  # the same months, another history: fitted afresh
    again = YearSampler.fit(other)
    assert again is not first and np.array_equal(again.data, first.data)
    # a simulation reading a kept fit gives the same cents as one fitting afresh
    warm = monte_carlo(integrated, h, annual, 3_000, 11)
    cold = monte_carlo(integrated, History(history.frame.copy(), history.source), annual, 3_000, 11)
    assert all(np.array_equal(warm.earned[r], cold.earned[r]) for r in integrated.roles)


def test_a_bad_setting_is_refused_every_time_and_never_kept(history):
    from comp_models import History

    h = History(history.frame.copy(), history.source)
    for _ in range(2):
        with pytest.raises(ValueError, match="block_months"):
            YearSampler.fit(h, block_months=0)
    assert not [k for k in h.memo if isinstance(k, tuple)]


def test_a_long_draw_is_the_years_of_its_chunks_and_an_empty_one_is_empty(history):
    sampler = YearSampler.fit(history)
    whole = sampler.draw(5, 100, 70_100, ["bookings", "mqls"])  # more than 32 blocks of 1,024 years at once
    parts = [sampler.draw(5, a, b, ["bookings", "mqls"]) for a, b in ((100, 33_000), (33_000, 70_100))]
    for c in ("bookings", "mqls"):
        assert np.array_equal(whole[c], np.concatenate([p[c] for p in parts]))
        assert whole[c].flags.f_contiguous  # month-major, as the engine reads simulated columns
    for span in ((0, 0), (1024, 1024), (7, 7)):
        assert {c: v.shape for c, v in sampler.draw(5, *span, ["bookings"]).items()} == {"bookings": (0, 12)}


def test_kept_block_draws_are_the_streams_own_and_never_change_a_simulation(integrated, history, annual):
    """A block's bootstrap draws are kept (a rerun of the same history and seed draws them again): they are the
    block's stream's draws, phase first then each slot's source year, read-only, and a simulation run with them
    kept gives what it gives with them drawn afresh."""
    from comp_models.analysis.simulate.sampler import _block_draws, _stream

    _block_draws.cache_clear()
    choice, phase = _block_draws(7, 3, 3, 3)
    rng = _stream(7, 3)
    assert np.array_equal(phase, rng.integers(0, 3, size=(RNG_BLOCK, 1))[:, 0])
    assert np.array_equal(choice, rng.integers(0, 3, size=(RNG_BLOCK, 5)))  # slots: (11 + 2) // 3 + 1
    assert not choice.flags.writeable and not phase.flags.writeable
    assert _block_draws(7, 3, 3, 3)[0] is choice
    kept = monte_carlo(integrated, history, annual, n_years=3000, seed=11)
    _block_draws.cache_clear()
    fresh = monte_carlo(integrated, history, annual, n_years=3000, seed=11)
    assert all(np.array_equal(kept.earned[r], fresh.earned[r]) for r in kept.roles)
