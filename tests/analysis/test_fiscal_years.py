"""Plan (fiscal) years in the analysis layer (docs/money.md §12): the sampler draws whole plan years
of the scenario's fiscal_year_start, detrends by plan year and simulates the target plan year's months;
payout % is compared on plan-year quarters; quarter-end stresses, the outcome chart and the optimiser
speak of plan years. Hand-worked where the numbers allow."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import LINEAR, make_scenario

from comp_models import History, performance, replay
from comp_models.analysis import monte_carlo, optimise_weights, payout_series, simulate_performance
from comp_models.analysis.outcome import pay_vs_outcome
from comp_models.analysis.simulate.sampler import YearSampler, complete_years, growth_factors, plan_year
from comp_models.analysis.stress import STRESSES
from comp_models.analysis.stress.run import quarter_phase
from comp_models.dates import plan_year_months
from comp_models.errors import InputError


def _months(first: str, n: int) -> list[str]:
    return [str(p) for p in pd.period_range(first, periods=n, freq="M")]


def _relabelled(history: History, first: str, n: int | None = None) -> History:
    """The sample history's rows (the first n) under months from `first` on."""
    frame = history.frame.iloc[: n or len(history.frame)].copy().reset_index(drop=True)
    frame["month"] = _months(first, len(frame))
    return History(frame, f"<sample from {first}>")


def _two_vps(fiscal_year_start: int = 7, period: str = "monthly"):
    return make_scenario({"fiscal_year_start": fiscal_year_start,
                          "goals": {"rev": {"metric": "revenue", "label": "Revenue"},
                                    "bk": {"metric": "bookings", "label": "Bookings"}},
                          "roles": {"vp_sales": {"title": "VP Sales", "measurement_period": period,
                                                 "components": [{"name": "Revenue", "goal": "rev", "weight": 60},
                                                                {"name": "Bookings", "goal": "bk", "weight": 40}]},
                                    "vp_marketing": {"title": "VP Marketing", "measurement_period": period,
                                                     "components": [{"name": "Revenue", "goal": "rev"}]}}})


# --- the sampler: complete plan years, the target plan year's months ----------------------------------


def test_complete_years_are_plan_years(history):
    h = _relabelled(history, "2022-01")  # 2022-01 .. 2024-12
    assert complete_years(h) == [2022, 2023, 2024]
    # from July: FY2022 holds 2022-01..06 only, FY2023 = 2022-07..2023-06, FY2024, FY2025 = 2024-07..12 only
    assert complete_years(h, 7) == [2023, 2024]
    assert plan_year(h, 7) == 2024 and plan_year(h) == 2024
    short = _relabelled(history, "2024-03", 10)  # 2024-03 .. 2024-12: no whole plan year of either kind
    assert complete_years(short, 7) == [] and plan_year(short, 7) == 2025  # the plan year of its last month


def test_the_sampler_draws_plan_years_july_to_june(history):
    h = _relabelled(history, "2022-07")  # 36 months: FY2023, FY2024, FY2025
    sampler = YearSampler.fit(h, block_months=12, fiscal_year_start=7)
    assert sampler.years == [2023, 2024, 2025] and sampler.target_year == 2025
    assert sampler.months == [f"2024-{m:02d}" for m in range(7, 13)] + [f"2025-{m:02d}" for m in range(1, 7)]
    assert sampler.months == plan_year_months(2025, 7)
    frame = h.frame
    raw = np.stack([frame.loc[frame["month"].isin(plan_year_months(y, 7)), sampler.columns].to_numpy(float)
                    for y in sampler.years])
    np.testing.assert_array_equal(sampler.data[-1], raw[-1])  # the target plan year as it was
    growth = growth_factors(raw.sum(axis=1), sampler.years, 2025)
    col = sampler.columns.index("revenue")
    np.testing.assert_allclose(sampler.data[:, :, col], raw[:, :, col] * growth[:, None, col], rtol=1e-12)
    # whole source years (block_months = 12): every simulated year is one of the detrended plan years
    draws = sampler.draw(3, 0, 40, ["revenue"])["revenue"]
    assert all(any(np.array_equal(d, y) for y in sampler.data[:, :, col]) for d in draws)


def test_a_partial_first_and_last_plan_year_are_not_sources(history):
    h = _relabelled(history, "2022-01")  # FY2022 (6 months) .. FY2025 (6 months)
    sampler = YearSampler.fit(h, fiscal_year_start=7)
    assert sampler.years == [2023, 2024] and sampler.months == plan_year_months(2024, 7)
    target_rows = h.frame[h.frame["month"].isin(plan_year_months(2024, 7))][sampler.columns].to_numpy(float)
    np.testing.assert_array_equal(sampler.data[-1], target_rows)  # rows 2023-07..2024-06 in place


def test_detrending_is_by_plan_year():
    """FY2023 (2022-07..2023-06) revenue 100 a month, FY2024 200 a month: the log-linear trend through
    1,200 and 2,400 has slope ln 2, so FY2023 is carried to FY2024's level: 100 x 2 = 200 a month."""
    months = _months("2022-07", 24)
    h = History(pd.DataFrame({"month": months, "revenue": [100.0] * 12 + [200.0] * 12}), "<two plan years>")
    fiscal = YearSampler.fit(h, fiscal_year_start=7)
    assert fiscal.years == [2023, 2024]
    np.testing.assert_allclose(fiscal.data[..., 0], 200.0, rtol=1e-12)
    np.testing.assert_allclose(fiscal.draw(1, 0, 50)["revenue"], 200.0, rtol=1e-12)
    # calendar years of the same months: one complete year, 2023 = Jan-Jun at 100, Jul-Dec at 200
    calendar = YearSampler.fit(h)
    assert calendar.years == [2023]
    np.testing.assert_array_equal(calendar.data[0, :, 0], [100.0] * 6 + [200.0] * 6)


def test_month_positions_are_plan_year_positions():
    """One plan year, bookings = 1..12 from July: any bootstrap reproduces it month by month."""
    h = History(pd.DataFrame({"month": _months("2024-07", 12), "bookings": np.arange(1.0, 13.0)}), "<one year>")
    sampler = YearSampler.fit(h, block_months=1, fiscal_year_start=7)
    draws = sampler.draw(11, 0, 30)["bookings"]
    np.testing.assert_array_equal(draws, np.tile(np.arange(1.0, 13.0), (30, 1)))


def test_no_complete_plan_year_is_refused_in_its_words():
    h = History(pd.DataFrame({"month": _months("2024-01", 12), "revenue": 1.0}), "<calendar 2024>")
    with pytest.raises(InputError) as info:
        YearSampler.fit(h, fiscal_year_start=7)
    (issue,) = info.value.issues
    assert issue.problem == "has no complete plan year (July to June, fiscal_year_start = 7)"
    assert issue.fix == "give at least 12 months, July to June"


def test_fiscal_year_start_1_is_the_default_sampler(history):
    a, b = YearSampler.fit(history), YearSampler.fit(history, fiscal_year_start=1)
    assert a.years == b.years and a.months == b.months and np.array_equal(a.data, b.data)
    assert np.array_equal(a.draw(9, 0, 20)["bookings"], b.draw(9, 0, 20)["bookings"])


def test_simulations_of_a_fiscal_scenario_are_its_target_plan_year(history):
    scenario = _two_vps(7)
    h = _relabelled(history, "2022-07")
    annual = {(m, y): t for m, t in (("revenue", 36e6), ("bookings", 16e6)) for y in (2023, 2024, 2025)}
    perf = simulate_performance(scenario, h, annual, 30, 4)
    assert perf.months == plan_year_months(2025, 7)
    np.testing.assert_allclose(perf.targets["rev"].sum(), 36e6)  # FY2025's target over its 12 months
    mc = monte_carlo(scenario, h, annual, 30, 4)
    assert mc.target_year == 2025 and mc.n_years == 30
    opt = optimise_weights(scenario, h, annual, n_candidates=10, n_years=40, verify=1)
    assert opt.settings["target_year"] == 2025 and opt.performance.months == plan_year_months(2025, 7)


# --- payout % on plan-year quarters; quarter-end stresses ---------------------------------------------


def test_payout_series_compares_plan_year_quarters_short_at_the_edges():
    """History 2024-08..2025-01 with plan years from July: FY2025-Q1 is Aug-Sep (the history starts
    inside it), Q2 Oct-Dec, Q3 January alone. Revenue 120, 120 | 100, 100, 100 | 50 against 100 a month
    (monthly periods, linear curve): 120%, 100%, 50% for both VPs."""
    scenario = make_scenario({"fiscal_year_start": 7, "goals": {"rev": "revenue"},
                              "roles": {"vp_sales": {"components": [{"name": "Revenue", "goal": "rev",
                                                                     "curve": LINEAR}]},
                                        "vp_marketing": {"components": [{"name": "Revenue", "goal": "rev",
                                                                         "curve": LINEAR}]}}})
    h = History(pd.DataFrame({"month": _months("2024-08", 6), "revenue": [120.0, 120, 100, 100, 100, 50]}), "<h>")
    result = replay(scenario, performance(scenario, h, {("revenue", 2025): 1200.0}))
    series = payout_series(result)
    assert series.labels == ["FY2025-Q1", "FY2025-Q2", "FY2025-Q3"]
    assert series.start.tolist() == [0, 2, 5] and series.end.tolist() == [2, 5, 6]
    np.testing.assert_allclose(series.pct["vp_sales"][0], [120.0, 100.0, 50.0])
    np.testing.assert_allclose(series.target["vp_marketing"], [20_000.0, 30_000.0, 10_000.0])


def test_calendar_payout_series_is_unchanged(history, annual, presets):
    scenario = presets["siloed"]
    series = payout_series(replay(scenario, performance(scenario, history, annual)))
    assert series.labels[:2] == ["2023-Q1", "2023-Q2"] and len(series.labels) == 12
    assert series.start.tolist() == list(range(0, 36, 3))


def test_deal_timing_moves_deals_across_plan_year_quarter_ends():
    """Six months starting in a quarter's second month (phase 1): quarter ends at indices 1 and 4; a
    quarter of their deals slips into the next month (sandbagging, strength -0.25)."""
    cols = {"bookings": np.full(6, 100.0), "won_deals": np.full(6, 4.0)}
    out = STRESSES["deal_timing"](cols, -0.25, phase=1)
    np.testing.assert_allclose(out["bookings"], [100, 75, 125, 100, 75, 125])
    np.testing.assert_allclose(out["won_deals"], [4, 3, 5, 4, 3, 5])
    default = STRESSES["deal_timing"](cols, -0.25)  # phase 0: quarter ends at index 2 (and 5, the last month)
    np.testing.assert_allclose(default["bookings"], [100, 100, 75, 125, 100, 100])
    assert quarter_phase(_two_vps(7), ["2024-08"]) == 1 and quarter_phase(_two_vps(1), ["2024-08"]) == 1
    assert quarter_phase(_two_vps(2), ["2024-08"]) == 0  # plan years from February: Q3 = Aug-Oct


# --- the outcome chart -------------------------------------------------------------------------------


def test_pay_vs_outcome_replays_the_last_complete_plan_year(history):
    scenario = _two_vps(7)
    h = _relabelled(history, "2022-07")
    annual = {(m, y): t for m, t in (("revenue", 36e6), ("bookings", 16e6)) for y in (2023, 2024, 2025)}
    df = pay_vs_outcome(scenario, h, annual, "rev", levels=(100.0,))
    assert set(df["year"]) == {2025}
    # FY2025 (2024-07..2025-06) with revenue and bookings each scaled to 100% of the year's target, flat
    # monthly targets T/12 and linear curves on monthly periods: the months' payouts sum to
    # TI/12 x sum(a_m / (T/12)) = TI x sum(a_m) / T = TI: 100% of target for both VPs
    np.testing.assert_allclose(df["payout_pct"], 100.0, atol=1e-3)  # up to the rounding of attainment (§3)
