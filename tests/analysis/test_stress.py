"""Stress tests and +1% levers: each perturbation moves the columns it documents, by hand-worked
amounts, never touches its input, and the one stacked replay equals separate replays."""

from __future__ import annotations

import numpy as np
import pytest

from comp_models import load_scenario, preset_paths
from comp_models.engine import Performance, replay
from comp_models.engine import performance
from comp_models.analysis.stress.funnel import MONTHLY_CHURN, WIN_LAG, lagged_factor, revenue_from_bookings
from comp_models.analysis.stress.levers import LEVERS
from comp_models.analysis.stress.run import base_columns, role_totals, stress_tests
from comp_models.analysis.stress.stresses import STRESSES


@pytest.fixture(scope="module")
def cols(sample):
    history, _ = sample
    return {c: history.column(c) for c in history.frame.columns if c != "month"}


def frozen(cols):
    out = {}
    for c, v in cols.items():
        a = v.copy()
        a.setflags(write=False)
        out[c] = a
    return out


# ---------------------------------------------------------------------------------------
# Propagation helpers, by hand


def test_lagged_factor_spreads_a_relative_change_over_later_months():
    f = np.array([1.1, 1.0, 1.0, 1.0, 1.0, 1.0])
    # wins 10/35/40/15% 1-4 months after the SQL: +10% SQLs in month 0 -> +1%, +3.5%, +4%, +1.5%
    out = lagged_factor(f, WIN_LAG)
    np.testing.assert_allclose(out, [1.0, 1.01, 1.035, 1.04, 1.015, 1.0])
    # a permanent +10% reaches +10% once every lag is inside the history
    np.testing.assert_allclose(lagged_factor(np.full(6, 1.1), WIN_LAG)[4:], 1.1)


def test_revenue_from_bookings_by_hand():
    # 1,200 of bookings in month 0 -> 100 of MRR: 60 live in month 1, 30 in month 2, 10 in month 3,
    # and live MRR churns 1.8% a month
    d = revenue_from_bookings(np.array([1200.0, 0, 0, 0, 0]))
    keep = 1 - MONTHLY_CHURN
    m1 = 60.0
    m2 = m1 * keep + 30.0
    m3 = m2 * keep + 10.0
    m4 = m3 * keep
    np.testing.assert_allclose(d, [0.0, m1, m2, m3, m4])
    # vectorised over leading axes, linear
    two = revenue_from_bookings(np.array([[1200.0, 0, 0, 0, 0], [2400.0, 0, 0, 0, 0]]))
    np.testing.assert_allclose(two[1], 2 * two[0])


# ---------------------------------------------------------------------------------------
# Levers


@pytest.mark.parametrize("name", list(LEVERS))
def test_every_lever_is_pure_and_keeps_shapes(cols, name):
    src = frozen(cols)
    out = LEVERS[name](src, 0.01)  # would raise on a write to the frozen input
    assert set(out) == set(src)
    for c in src:
        assert out[c].shape == src[c].shape
        assert np.all(np.isfinite(out[c]))
    assert LEVERS[name].description


def test_lever_works_without_optional_columns():
    out = LEVERS["conversion"]({"sqls": np.array([10.0, 10.0]), "mqls": np.array([100.0, 100.0])}, 0.01)
    np.testing.assert_allclose(out["sqls"], [10.1, 10.1])


def test_mql_volume_moves_mqls_only(cols):
    out = LEVERS["mql_volume"](cols, 0.01)
    np.testing.assert_allclose(out["mqls"], cols["mqls"] * 1.01)
    for c in cols:
        if c not in ("mqls", "inquiries"):
            np.testing.assert_array_equal(out[c], cols[c], err_msg=c)
    # conversion falls by exactly 1/1.01
    np.testing.assert_allclose(out["sqls"] / out["mqls"], cols["sqls"] / cols["mqls"] / 1.01)


def test_win_rate_moves_wins_bookings_and_revenue_holding_deal_size(cols):
    out = LEVERS["win_rate"](cols, 0.01)
    np.testing.assert_allclose(out["won_deals"], cols["won_deals"] * 1.01)
    np.testing.assert_allclose(out["bookings"] / out["won_deals"], cols["bookings"] / cols["won_deals"])
    np.testing.assert_allclose(out["sales_cycle_days_total"] / out["won_deals"],
                               cols["sales_cycle_days_total"] / cols["won_deals"])
    np.testing.assert_array_equal(out["sqls"], cols["sqls"])
    d_rev = out["revenue"] - cols["revenue"]
    np.testing.assert_allclose(d_rev, revenue_from_bookings(cols["bookings"] * 0.01))
    assert d_rev[0] == 0 and np.all(d_rev[1:] > 0)
    # gross profit moves at the month's margin
    np.testing.assert_allclose(out["gross_profit"] / out["revenue"], cols["gross_profit"] / cols["revenue"])


def test_conversion_moves_sqls_then_lagged_pipeline_and_wins(cols):
    out = LEVERS["conversion"](cols, 0.01)
    np.testing.assert_allclose(out["sqls"], cols["sqls"] * 1.01)
    np.testing.assert_array_equal(out["mqls"], cols["mqls"])
    pipe = out["pipeline_created"] / cols["pipeline_created"]
    assert pipe[0] == pytest.approx(1.003)  # 30% in the SQL's month
    np.testing.assert_allclose(pipe[1:], 1.01)
    won = out["won_deals"] / cols["won_deals"]
    np.testing.assert_allclose(won[:5], [1.0, 1.001, 1.0045, 1.0085, 1.01])


def test_discount_keeps_list_price_and_lowers_bookings(cols):
    out = LEVERS["discount"](cols, 0.01)
    np.testing.assert_allclose(out["bookings"] + out["discount_given"], cols["bookings"] + cols["discount_given"])
    np.testing.assert_allclose(out["discount_given"], cols["discount_given"] * 1.01)
    assert out["revenue"].sum() < cols["revenue"].sum()


def test_forecast_accuracy_lever_raises_monthly_accuracy_by_one_percent_of_itself():
    b = np.array([100.0, 100.0, 100.0])
    f = np.array([110.0, 90.0, 100.5])
    out = LEVERS["forecast_accuracy"]({"bookings": b, "forecast_bookings": f}, 0.01)
    # 110: accuracy 1 - 10/110 = 0.90909; the forecast moves down by 0.01 x 0.90909 x 110 = 1.0
    # 90: accuracy 1 - 10/90 = 0.8889; the forecast moves up by 0.01 x 0.8889 x 90 = 0.8
    # 100.5: within 1% -> the forecast equals bookings
    np.testing.assert_allclose(out["forecast_bookings"], [109.0, 90.8, 100.0])
    np.testing.assert_array_equal(out["bookings"], b)


def test_lever_strength_outside_range_is_refused(cols):
    with pytest.raises(ValueError, match="outside"):
        LEVERS["win_rate"](cols, 0.9)


# ---------------------------------------------------------------------------------------
# Stresses


@pytest.mark.parametrize("name", list(STRESSES))
def test_every_stress_is_pure_keeps_shapes_and_subsets(cols, name):
    src = frozen(cols)
    p = STRESSES[name]
    for s in (p.min_strength, p.default_strength, p.max_strength):
        out = p(src, s)
        for c in src:
            assert out[c].shape == src[c].shape
            assert np.all(np.isfinite(out[c])) and np.all(out[c] >= 0), (name, s, c)
        assert np.all(out["sqls"] <= out["sals"] + 1e-9) and np.all(out["sals"] <= out["mqls"] + 1e-9)
        assert np.all(out["mqls"] <= out["inquiries"] + 1e-9)
        assert np.all(out["gross_profit"] <= out["revenue"] + 1e-6)
    assert p.description and p.label


@pytest.mark.parametrize("name", list(STRESSES))
def test_zero_strength_is_the_history(cols, name):
    if STRESSES[name].min_strength > 0:
        pytest.skip("no zero strength")
    out = STRESSES[name](cols, 0.0)
    for c in cols:
        np.testing.assert_allclose(out[c], cols[c], err_msg=c)


def test_lead_quality_drop_by_hand(cols):
    out = STRESSES["lead_quality_drop"](cols, 0.45)
    np.testing.assert_allclose(out["mqls"], cols["mqls"] * 1.45)
    np.testing.assert_allclose(out["inquiries"], cols["inquiries"] + 0.45 * cols["mqls"])
    # SQLs x (1 - 0.15): conversion falls to 0.85 / 1.45 = 0.586 of itself (about -40%, the 2024-Q3 episode)
    np.testing.assert_allclose(out["sqls"] / out["mqls"], cols["sqls"] / cols["mqls"] * 0.85 / 1.45)
    np.testing.assert_array_equal(out["sals"], cols["sals"])
    np.testing.assert_array_equal(out["mqls_followed_up_in_sla"], cols["mqls_followed_up_in_sla"])
    np.testing.assert_array_equal(out["marketing_spend"], cols["marketing_spend"])
    assert out["revenue"].sum() < cols["revenue"].sum()
    np.testing.assert_allclose((out["won_deals"] / cols["won_deals"])[4:], 0.85)


def test_sandbagging_moves_deals_into_next_quarter_keeping_totals(cols):
    out = STRESSES["deal_timing"](cols, -0.25)
    for c in ("won_deals", "bookings", "discount_given"):
        assert out[c].sum() == pytest.approx(cols[c].sum())
    # March -> April: 25% of March's bookings move
    moved = 0.25 * cols["bookings"][2]
    assert out["bookings"][2] == pytest.approx(cols["bookings"][2] - moved)
    assert out["bookings"][3] == pytest.approx(cols["bookings"][3] + moved)
    # the last December has no next month inside the history: untouched
    assert out["bookings"][-1] == cols["bookings"][-1]
    assert out["revenue"].sum() < cols["revenue"].sum()  # later deals, less revenue in the window


def test_pull_forward_concedes_ten_percent_on_the_moved_deals(cols):
    out = STRESSES["deal_timing"](cols, 0.5)
    moved = 0.5 * cols["bookings"][3]  # April's deals into March
    assert out["bookings"][2] == pytest.approx(cols["bookings"][2] + 0.9 * moved)
    assert out["bookings"][3] == pytest.approx(cols["bookings"][3] - moved)
    lst = out["bookings"] + out["discount_given"]
    assert lst.sum() == pytest.approx((cols["bookings"] + cols["discount_given"]).sum())
    assert out["won_deals"].sum() == pytest.approx(cols["won_deals"].sum())


def test_discount_driven_bookings_revenue_up_margin_down(cols):
    out = STRESSES["discount_driven_bookings"](cols, 0.10)
    lst0 = cols["bookings"] + cols["discount_given"]
    lst1 = out["bookings"] + out["discount_given"]
    np.testing.assert_allclose(lst1, lst0 * 1.15)  # 1.5 x 10 points more discount -> 15% more deals
    np.testing.assert_allclose(out["discount_given"] / lst1, cols["discount_given"] / lst0 + 0.10)
    np.testing.assert_allclose(out["won_deals"], cols["won_deals"] * 1.15)
    assert out["revenue"].sum() > cols["revenue"].sum()
    assert out["gross_profit"].sum() < cols["gross_profit"].sum()


def test_budget_cut_and_drought_by_hand(cols):
    cut = STRESSES["marketing_budget_cut"](cols, 0.2)
    np.testing.assert_allclose(cut["marketing_spend"], cols["marketing_spend"] * 0.8)
    np.testing.assert_allclose(cut["mqls"], cols["mqls"] * 0.84)  # elasticity 0.8
    np.testing.assert_allclose(cut["sqls"], cols["sqls"] * 0.84)
    dry = STRESSES["pipeline_drought"](cols, 0.2)
    np.testing.assert_array_equal(dry["mqls"], cols["mqls"])
    np.testing.assert_allclose(dry["sqls"], cols["sqls"] * 0.8)
    np.testing.assert_allclose((dry["pipeline_created"] / cols["pipeline_created"])[1:], 0.8)
    assert dry["revenue"].sum() < cols["revenue"].sum()


def test_stress_strength_outside_range_is_refused(cols):
    with pytest.raises(ValueError, match="outside"):
        STRESSES["marketing_budget_cut"](cols, 1.5)


# ---------------------------------------------------------------------------------------
# The stacked replay and the table


def test_stacked_replay_equals_separate_replays(sample):
    history, annual = sample
    scenario = load_scenario(preset_paths()["integrated"])
    table = stress_tests(scenario, history, annual)
    perf = performance(scenario, history, annual)
    base = base_columns(perf)
    pay0 = role_totals(replay(scenario, perf))
    for row in table.itertuples():
        cols = STRESSES[row.stress](base, row.strength)
        one = Performance(perf.months, {c: v[None, :] for c, v in cols.items()}, perf.targets)
        pay = role_totals(replay(scenario, one))
        for role in scenario.roles:
            assert getattr(row, f"{role}_change") == pytest.approx(pay[role][0] - pay0[role][0], abs=1e-6)
        assert row.revenue_change == pytest.approx(cols["revenue"].sum() - base["revenue"].sum())


def test_flag_means_paid_more_while_the_company_does_worse(sample):
    history, annual = sample
    for preset in ("siloed", "integrated", "shared_revenue", "marketing_serves_sales"):
        scenario = load_scenario(preset_paths()[preset])
        table = stress_tests(scenario, history, annual)
        assert list(table["stress"]) == list(STRESSES)
        for row in table.itertuples():
            worse = row.revenue_change < 0 or row.gross_profit_change < 0
            assert row.company_worse == worse
            for role in scenario.roles:
                assert getattr(row, f"{role}_flag") == (worse and getattr(row, f"{role}_change") > 0.01)
            assert row.flag == any(getattr(row, f"{r}_flag") for r in scenario.roles)


def test_siloed_shows_flags_and_integrated_fewer_on_the_sample(sample):
    history, annual = sample
    siloed = stress_tests(load_scenario(preset_paths()["siloed"]), history, annual).set_index("stress")
    integrated = stress_tests(load_scenario(preset_paths()["integrated"]), history, annual).set_index("stress")
    # buying cheap leads pays the MQL-paid VP of Marketing +57% while revenue falls 6%
    assert siloed.loc["lead_quality_drop", "vp_marketing_flag"]
    assert siloed.loc["lead_quality_drop", "vp_marketing_change_pct"] > 20
    assert siloed.loc["lead_quality_drop", "revenue_change_pct"] < -1
    assert not integrated.loc["lead_quality_drop", "flag"]
    # discounting pays the bookings commission while gross profit falls
    assert siloed.loc["discount_driven_bookings", "vp_sales_flag"]
    # sandbagging across the 2024/2025 year end pays the annual accelerator
    assert siloed.loc["deal_timing", "vp_sales_flag"]
    assert not integrated.loc["deal_timing", "flag"]
    assert siloed["flag"].sum() >= 2
    assert integrated["flag"].sum() < siloed["flag"].sum()


def test_user_strengths_are_used_and_unknown_names_refused(sample):
    history, annual = sample
    scenario = load_scenario(preset_paths()["siloed"])
    table = stress_tests(scenario, history, annual, strengths={"lead_quality_drop": 0.1})
    assert table.set_index("stress").loc["lead_quality_drop", "strength"] == 0.1
    with pytest.raises(ValueError, match="unknown stress"):
        stress_tests(scenario, history, annual, strengths={"meteor": 1.0})


# ---------------------------------------------------------------------------------------
# Review fixes


def test_company_totals_without_revenue_columns_are_nan_per_variant():
    from comp_models.analysis.stress.run import company_totals
    cols = [{"mqls": np.array([1.0, 2.0])}, {"mqls": np.array([3.0, 4.0])}, {"mqls": np.array([5.0, 6.0])}]
    out = company_totals(cols)
    assert set(out) == {"revenue", "gross_profit"}
    for v in out.values():
        assert v.shape == (3,) and np.isnan(v).all()
    with_rev = company_totals([{"revenue": np.array([1.0, 2.0])}, {"revenue": np.array([2.0, 2.0])}])
    np.testing.assert_allclose(with_rev["revenue"], [3.0, 4.0])
    assert np.isnan(with_rev["gross_profit"]).all()


def test_stress_tests_run_on_a_history_without_revenue(sample):
    history, annual = sample
    from comp_models import History
    frame = history.frame.drop(columns=["revenue", "gross_profit"])
    table = stress_tests(load_scenario(preset_paths()["siloed"]), History(frame, "<no revenue>"), annual)
    assert len(table) == len(STRESSES)
    assert table["revenue_change"].isna().all() and table["gross_profit_change"].isna().all()
    assert not table["company_worse"].any() and not table["flag"].any()


def test_mql_volume_cut_floors_subsets_parents_first():
    toy = {c: np.full(3, 100.0) for c in ("inquiries", "mqls", "sals", "sqls")}
    out = LEVERS["mql_volume"](toy, -0.5)
    np.testing.assert_allclose(out["mqls"], 50.0)
    assert np.all(out["sqls"] <= out["sals"]) and np.all(out["sals"] <= out["mqls"])
    assert np.all(out["mqls"] <= out["inquiries"])
    np.testing.assert_allclose(out["sqls"], 50.0)


def test_unknown_stress_is_an_input_error_naming_the_known_ones(sample):
    from comp_models import InputError
    from comp_models.analysis.stress.run import stress_strengths
    with pytest.raises(InputError, match="meteor") as exc:
        stress_strengths({"meteor": 1.0, "lead_quality_drop": 0.1})
    assert "lead_quality_drop" in str(exc.value) and "pipeline_drought" in str(exc.value)
    assert stress_strengths({"lead_quality_drop": 0.1})["lead_quality_drop"] == 0.1
    assert stress_strengths()["lead_quality_drop"] == STRESSES["lead_quality_drop"].default_strength


def test_stress_module_imports_no_private_alignment_names():
    from pathlib import Path
    analysis = Path(__file__).resolve().parents[2] / "comp_models" / "analysis"
    paths = [*analysis.glob("stress*.py"), *analysis.glob("stress/*.py")]
    assert paths
    for path in paths:
        src = path.read_text(encoding="utf-8")
        assert "analysis.alignment" not in src and "_floor_subsets" not in src, path
