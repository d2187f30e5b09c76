"""Property tests of the money invariants (hypothesis, derandomized so every run is the same).

Plans are drawn at random (measurement period, true-up, holdback, claw-back, installments,
plan cap, multiplier, gates, draw; bonus, matrix and commission components) and replayed over
random monthly data; the invariants must hold for every draw.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from comp_models.engine.rounding import round_cents
from comp_models import (Direction, TierMode, annual_summary, attainment_pct, curve_payout, replay, statement,
                         tiered_commission)
from comp_models.statements import period_table

from helpers import make_scenario, months, perf

HALF_CENT = 0.005 + 1e-9  # a money limit is rounded to the cent, half up (docs/money.md §7)
SETTINGS = dict(derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

GOALS = {
    "rev": {"metric": "revenue", "label": "Revenue"},
    "pipe": {"metric": "pipeline_created", "label": "Pipeline"},
    "cpl": {"metric": "cost_per_lead", "label": "Cost per lead"},
    "bk": {"metric": "bookings", "label": "Bookings"},
    "sq": {"metric": "sqls", "label": "SQLs"},
}
TARGETS = {"rev": 100_000.0, "pipe": 300_000.0, "cpl": 50.0, "bk": 80_000.0, "sq": 40.0}
BONUS_GOALS = ["rev", "pipe", "cpl", "sq"]
ROLES = ("vp_sales", "vp_marketing")

# ---------------------------------------------------------------------------------------
# Strategies


@st.composite
def curves(draw, max_points: int = 5):
    """A valid curve: attainment strictly increasing, payout never decreasing, all >= 0."""
    n = draw(st.integers(1, max_points))
    x0 = draw(st.integers(0, 120))
    dxs = draw(st.lists(st.integers(1, 40), min_size=n - 1, max_size=n - 1))
    y0 = draw(st.integers(0, 120))
    dys = draw(st.lists(st.integers(0, 80), min_size=n - 1, max_size=n - 1))
    xs = np.cumsum([x0, *dxs]).tolist()
    ys = np.cumsum([y0, *dys]).tolist()
    return [[float(x), float(y)] for x, y in zip(xs, ys)]


@st.composite
def weights(draw, k: int):
    if k == 1:
        return [100]
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=k - 1, max_size=k - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, 100])]


def gate_lists(goal_choices=BONUS_GOALS):
    return st.lists(st.builds(lambda g, m: {"goal": g, "min_attainment": m},
                              st.sampled_from(goal_choices), st.integers(50, 120)), max_size=1)


@st.composite
def bonus_components(draw, name: str, weight: float):
    c = {"kind": "bonus", "name": name, "goal": draw(st.sampled_from(BONUS_GOALS)), "weight": weight,
         "curve": draw(curves()), "gates": draw(gate_lists())}
    if draw(st.booleans()):
        c["conditional_caps"] = [{"goal": draw(st.sampled_from(BONUS_GOALS)),
                                  "min_attainment": draw(st.integers(80, 110)), "cap": draw(st.integers(50, 120))}]
    if draw(st.booleans()):
        c["upside_requires"] = draw(st.lists(st.sampled_from(BONUS_GOALS), min_size=1, max_size=2, unique=True))
    return c


@st.composite
def matrix_components(draw, name: str, weight: float):
    nx, ny = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    lx = np.cumsum([draw(st.integers(50, 100))] + [draw(st.integers(5, 30)) for _ in range(nx - 1)]).tolist()
    ly = np.cumsum([draw(st.integers(50, 100))] + [draw(st.integers(5, 30)) for _ in range(ny - 1)]).tolist()
    payouts = [[float(draw(st.integers(0, 200))) for _ in range(nx)] for _ in range(ny)]
    gx, gy = draw(st.lists(st.sampled_from(BONUS_GOALS), min_size=2, max_size=2, unique=True))
    return {"kind": "matrix", "name": name, "goal": gx, "goal_y": gy, "weight": weight,
            "levels_x": lx, "levels_y": ly, "payouts": payouts, "gates": draw(gate_lists())}


@st.composite
def commission_tables(draw, basis: str | None = None):
    """(tier_mode, tier_basis, tiers, ceiling) of a valid commission table."""
    mode = draw(st.sampled_from(["marginal", "retroactive", "interpolated"]))
    basis = basis or draw(st.sampled_from(["amount", "attainment"]))
    n = draw(st.integers(1, 4))
    step = (lambda: draw(st.integers(5, 60))) if basis == "attainment" else (lambda: draw(st.integers(10, 80)) * 1_000)
    starts = np.cumsum([0 if draw(st.booleans()) else step()] + [step() for _ in range(n - 1)]).tolist()
    if mode == "interpolated":
        tiers = [{"start": float(s), "amount": float(draw(st.integers(0, 20_000)))} for s in starts]
        ceiling = float(starts[-1] + step())
    else:
        tiers = [{"start": float(s), "rate": draw(st.integers(0, 150)) / 10} for s in starts]
        ceiling = float(starts[-1] + step()) if draw(st.booleans()) else None
    return mode, basis, tiers, ceiling


@st.composite
def commission_components(draw, name: str, period: str):
    mode, basis, tiers, ceiling = draw(commission_tables())
    allowed = ["period", "year"] + (["quarter"] if period != "annual" else [])
    c = {"kind": "commission", "name": name, "goal": "bk", "target_earnings": float(draw(st.integers(0, 200)) * 1_000),
         "tier_mode": mode, "tier_basis": basis, "accumulate": draw(st.sampled_from(allowed)), "tiers": tiers,
         "gates": draw(gate_lists())}
    if ceiling is not None:
        c["ceiling"] = ceiling
    return c


_ANY = object()


@st.composite
def plans(draw, *, true_up=_ANY, holdback=_ANY, clawback=_ANY, draw_allowed=True, installments=_ANY,
          plan_cap=_ANY, period=_ANY):
    """A random valid plan. Each keyword fixes a setting (a value) or restricts it (a list of values)."""

    def pick(given, default):
        options = default if given is _ANY else given if isinstance(given, list) else [given]
        return draw(st.sampled_from(options))

    period = pick(period, ["monthly", "quarterly", "annual"])
    k_weighted = draw(st.integers(0, 3))
    has_commission = draw(st.booleans()) if k_weighted else True
    ws = draw(weights(k_weighted)) if k_weighted else []
    comps = []
    for i, w in enumerate(ws):
        maker = matrix_components if draw(st.integers(0, 3)) == 0 else bonus_components
        comps.append(draw(maker(f"C{i}", w)))
    if has_commission:
        comps.append(draw(commission_components("Commission", period)))
    p = {"measurement_period": period,
         "true_up": pick(true_up, ["none", "annual", "ytd"]),
         "holdback_pct": pick(holdback, [0, 0, 10, 25]),
         "clawback_pct": pick(clawback, [0, 0, 50, 100]),
         "installments": pick(installments, [1, 1, 2, 3]),
         "gates": draw(gate_lists()),
         "components": comps}
    if k_weighted:
        p["target_incentive"] = float(draw(st.integers(10, 300)) * 1_000)
    cap = pick(plan_cap, [None, None, 120, 200])
    if cap:
        p["plan_cap"] = cap
    if draw(st.booleans()):
        p["multiplier"] = {"goal": draw(st.sampled_from(BONUS_GOALS)), "curve": draw(curves(3))}
    if draw_allowed and draw(st.integers(0, 3)) == 0:
        p["draw"] = {"amount": float(draw(st.integers(0, 40)) * 1_000), "recoverable": draw(st.booleans())}
    return p


@st.composite
def scenarios(draw, n_roles=None, **plan_kw):
    n = n_roles or draw(st.integers(1, 2))
    return make_scenario({"goals": GOALS, "roles": {r: draw(plans(**plan_kw)) for r in ROLES[:n]}})


def random_perf(seed: int, n_months: int, n_scen: int = 1):
    """Monthly data around target (0 to ~2.2x), with some empty months (undefined ratios, zero actuals)."""
    rng = np.random.default_rng(seed)
    shape = (n_scen, n_months)

    def col(level):
        x = level * rng.uniform(0.0, 2.2, shape)
        x[rng.uniform(size=shape) < 0.1] = 0.0
        return np.round(x, 2)

    mqls = np.round(col(200.0))
    columns = {"revenue": col(100_000), "pipeline_created": col(300_000), "bookings": col(80_000),
               "sqls": np.round(col(40.0)), "mqls": mqls, "marketing_spend": col(10_000)}
    return perf(months(n_months), columns, TARGETS)


seeds = st.integers(0, 2**32 - 1)


# ---------------------------------------------------------------------------------------
# Curves, attainment, commission tables


@settings(max_examples=200, **SETTINGS)
@given(curve=curves(), att=st.lists(st.floats(-50, 400, allow_nan=False), min_size=2, max_size=30))
def test_curve_payout_monotone_and_never_above_cap(curve, att):
    a = np.sort(np.array(att))
    pay = curve_payout(a, curve)
    assert np.all(np.diff(pay) >= 0)
    assert np.all(pay <= curve[-1][1]) and np.all(pay >= 0)
    assert np.all(pay[a < curve[0][0]] == 0)  # nothing below the threshold
    assert np.all(pay[a >= curve[-1][0]] == curve[-1][1])  # flat after the last point


@settings(max_examples=40, **SETTINGS)
@given(curve=curves(), ti=st.integers(1, 500), att=st.lists(st.integers(0, 40_000), min_size=2, max_size=40))
def test_replayed_bonus_monotone_in_attainment_and_capped(curve, ti, att):
    # S scenarios of one month, actuals ascending: revenue at att/100 % of a 100,000 target
    actual = np.sort(np.array(att, dtype=float)) * 10.0
    sc = make_scenario({"goals": GOALS, "roles": {"vp": {"target_incentive": ti * 1_000.0, "components": [
        {"name": "Revenue", "goal": "rev", "curve": curve}]}}})
    rr = replay(sc, perf(months(1), {"revenue": actual[:, None]}, TARGETS)).roles["vp"]
    earned = rr.earned[:, 0, 0]
    assert np.all(np.diff(earned) >= -1e-9)
    share = ti * 1_000.0 / 12
    assert np.all(earned <= curve[-1][1] / 100 * share + 0.005)  # the cap, rounded half up to the cent


@settings(max_examples=100, **SETTINGS)
@given(target=st.floats(0.01, 1e7), actual=st.lists(st.floats(0, 1e8), min_size=2, max_size=30))
def test_lower_is_better_attainment_decreasing_in_actual(target, actual):
    a = np.sort(np.array(actual))
    att = attainment_pct(a, np.full_like(a, target), Direction.LOWER)
    assert np.all(np.diff(att) <= 1e-9)
    assert np.all(att >= 0) and np.all(att <= 200.0 + 1e-9)
    positive = att[:-1] > 1e-6
    assert np.all(np.diff(att)[positive & (np.diff(a) > 1e-6 * target)] < 0)  # strictly, while above 0


@settings(max_examples=30, **SETTINGS)
@given(spend=st.lists(st.integers(0, 400_000), min_size=2, max_size=30))
def test_replayed_lower_is_better_goal_pays_less_as_spend_rises(spend):
    goals = {"spend": {"metric": "marketing_spend", "label": "Spend"}}
    sc = make_scenario({"goals": goals, "roles": {"vp": {"components": [{"name": "Spend", "goal": "spend"}]}}})
    x = np.sort(np.array(spend, dtype=float))
    rr = replay(sc, perf(months(1), {"marketing_spend": x[:, None]}, {"spend": 100_000.0})).roles["vp"]
    att = rr.detail["attainment"][:, 0, 0]
    assert np.all(np.diff(att) <= 1e-9)
    assert np.all(np.diff(rr.earned[:, 0, 0]) <= 1e-9)


@settings(max_examples=150, **SETTINGS)
@given(table=commission_tables(basis="amount"), amounts=st.lists(st.floats(0, 1e6), min_size=2, max_size=30))
def test_commission_monotone_in_amount(table, amounts):
    mode, _, tiers, ceiling = table
    if mode == "retroactive":
        mode = "marginal"  # retroactive tables may legitimately drop (a lower rate on a higher tier)
    x = np.sort(np.array(amounts))
    starts = np.array([t["start"] for t in tiers])
    kw = dict(rates_pct=np.array([t.get("rate", 0.0) for t in tiers]),
              tier_amounts=np.array([t.get("amount", 0.0) for t in tiers]), ceiling=ceiling)
    if mode == "interpolated" and ceiling is None:
        kw["ceiling"] = starts[-1] + 10_000
    com = tiered_commission(x, starts, TierMode(mode), **kw)
    assert np.all(np.diff(com) >= -1e-9)
    assert np.all(com >= 0)


# ---------------------------------------------------------------------------------------
# Statement arithmetic: exact cents


def _row_amounts(result, stmt, s: int) -> np.ndarray:
    """The engine's amount of every statement row of scenario s (balance rows: 0, they pay nothing)."""
    out = np.empty(len(stmt))
    for j, row in enumerate(stmt.itertuples(index=False)):
        rr = result.roles[row.role]
        p = rr.grid.labels.index(row.period)
        if row.line == "payment":
            out[j] = rr.ledger.lines[row.component][s, p]
        elif row.line == "adjustment":
            out[j] = sum(a for _, q, a in rr.adjustments if q == p)
        elif row.line == "balance":
            out[j] = 0.0
        else:
            src = rr.true_up if row.line == "true-up" else rr.earned
            out[j] = src[s, p, rr.line_names.index(row.component)]
    return out


@settings(max_examples=30, **SETTINGS)
@given(sc=scenarios(), seed=seeds, n_months=st.sampled_from([12, 17, 24]))
def test_statement_sums_exactly_in_cents(sc, seed, n_months):
    result = replay(sc, random_perf(seed, n_months, n_scen=2))
    for s in range(2):
        _check_statement(result, s)


def _check_statement(result, s: int) -> None:
    stmt = statement(result, s)
    cents = stmt["_cents"].to_numpy()
    earned_mask = stmt["_earned"].to_numpy(dtype=bool)
    # money columns are the cents: earned lines earn and pay them, payment lines only pay
    assert np.array_equal(np.rint(stmt["paid"].to_numpy() * 100).astype(np.int64), cents)
    assert np.array_equal(np.rint(stmt["earned"].to_numpy() * 100).astype(np.int64), np.where(earned_mask, cents, 0))
    # every engine line is already on cents, and the statement line is exactly it (rounded once, in the engine)
    exact = _row_amounts(result, stmt, s) * 100
    assert np.allclose(exact, np.rint(exact), atol=1e-6), "an engine line is not on cents"
    assert np.array_equal(cents, np.rint(exact).astype(np.int64))
    # periods are sums of their lines and equal the engine's period figures exactly; years sum their periods
    per = period_table(stmt)
    summary = annual_summary(result, stmt)
    for role, rr in result.roles.items():
        for p, label in enumerate(rr.grid.labels):
            lines = stmt[(stmt["role"] == role) & (stmt["period"] == label)]
            prow = per[(per["role"] == role) & (per["period"] == label)].iloc[0]
            e_c = int(lines.loc[lines["_earned"], "_cents"].sum())
            paid_c = int(lines["_cents"].sum())
            assert round(prow["earned"] * 100) == e_c and round(prow["paid"] * 100) == paid_c
            assert e_c == round(rr.period_earned[s, p] * 100)
            assert paid_c == round(rr.ledger.paid[s, p] * 100)
            if rr.plan.clawback_pct == 0 and not rr.adjustments:
                assert paid_c >= 0, f"{role} {label} pays {paid_c / 100} with no claw-back in the plan"
        for year in np.unique(rr.grid.year):
            srow = summary[(summary["role"] == role) & (summary["year"] == year)].iloc[0]
            prows = per[(per["role"] == role) & (per["year"] == year)]
            lines = stmt[(stmt["role"] == role) & (stmt["year"] == year)]
            assert round(srow["earned"] * 100) == round(prows["earned"].sum() * 100) == int(
                lines.loc[lines["_earned"], "_cents"].sum())
            assert round(srow["paid"] * 100) == round(prows["paid"].sum() * 100) == int(lines["_cents"].sum())


@settings(max_examples=300, **SETTINGS)
@given(cents=st.integers(-10**13, 10**13), tenths_of_cent=st.integers(0, 9))
def test_round_cents_is_half_away_from_zero(cents, tenths_of_cent):
    """round_cents agrees with Decimal ROUND_HALF_UP (payroll's rounding) on amounts with a tenth of a cent."""
    from decimal import ROUND_HALF_UP, Decimal

    exact = Decimal(cents) / 100 + Decimal(tenths_of_cent) / 1000 * (1 if cents >= 0 else -1)
    expected = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    got = round_cents(float(exact))
    assert Decimal(str(float(got))) == expected
    assert round_cents(-float(exact)) == -got  # symmetric
    assert round_cents(got) == got  # idempotent


# ---------------------------------------------------------------------------------------
# Plan rules: plan cap, gates


@settings(max_examples=50, **SETTINGS)
@given(sc=scenarios(n_roles=1, plan_cap=[80, 100, 120, 150]), seed=seeds)
def test_plan_cap_holds(sc, seed):
    result = replay(sc, random_perf(seed, 24))
    for rr in result.roles.values():
        if rr.plan.plan_cap is None:
            continue
        cap = rr.plan.plan_cap / 100 * rr.plan.annual_target_variable
        g = rr.grid
        period_total = rr.earned.sum(axis=2)[0]
        if rr.plan.true_up.value == "none" or g.period.months == 12:
            # every period: total <= cap x the period's target variable
            assert np.all(period_total <= cap * g.months / 12 + HALF_CENT)
        elif rr.plan.true_up.value == "ytd":
            # earned to date <= cap x the year-to-date target variable
            for p in range(g.n):
                in_year = (g.year == g.year[p]) & (np.arange(g.n) <= p)
                assert period_total[in_year].sum() <= cap * (g.end[p] - g.year_start[p]) / 12 + HALF_CENT
        else:
            # advances <= cap x period target variable; a closed year <= cap x annual target variable
            assert np.all(period_total <= cap * g.months / 12 + HALF_CENT)
            for year in np.unique(g.year[g.closes_year]):
                assert rr.period_earned[0, g.year == year].sum() <= cap + HALF_CENT


@settings(max_examples=50, **SETTINGS)
@given(sc=scenarios(n_roles=1), seed=seeds)
def test_closed_gate_pays_nothing(sc, seed):
    result = replay(sc, random_perf(seed, 24))
    rr = result.roles[next(iter(result.roles))]
    plan = rr.plan
    for i, c in enumerate(plan.components):
        gates = [*plan.gates, *c.gates]
        weighted = c.kind != "commission"
        checks = [(rr.detail, rr.goal_attainment)] if (weighted or rr.basis == "period") else []
        if weighted and rr.annual_goal_attainment:
            checks.append((rr.annual_detail, rr.annual_goal_attainment))
        for detail, att in checks:
            for gate in gates:
                closed = att[gate.goal][0] < gate.min_attainment  # NaN (no re-measure) compares False
                assert np.all(np.nan_to_num(detail["earned"][0, closed, i]) == 0.0), (c.name, gate)
        if rr.basis == "period" and plan.true_up.value == "none":
            for gate in gates:
                closed = rr.goal_attainment[gate.goal][0] < gate.min_attainment
                assert np.all(rr.earned[0, closed, i] == 0.0)


# ---------------------------------------------------------------------------------------
# Ledger conservation: true-up, holdback


def _year_sums(rr, values):
    g = rr.grid
    return {int(y): values[0, g.year == y].sum() for y in np.unique(g.year[g.closes_year])}


_OVERPAID = make_scenario({"goals": GOALS, "roles": {"vp_sales": {
    "measurement_period": "quarterly", "true_up": "annual", "clawback_pct": 100,
    "components": [{"name": "Revenue", "goal": "rev", "curve": [[90, 50], [100, 100], [150, 200]]}]}}})


def _overpaid_perf():
    """Revenue at 150% in Q1 (a 200% advance), then nothing: the year at 37.5% earns nothing."""
    p = random_perf(0, 24)
    rev = np.zeros((1, 24))
    rev[0, :3] = 150_000.0
    return perf(p.months, {**p.columns, "revenue": rev}, TARGETS)


@settings(max_examples=60, **SETTINGS)
@example(sc=_OVERPAID, seed=-1)  # seed -1: _overpaid_perf()
@given(sc=scenarios(true_up=["annual", "ytd"], period=["monthly", "quarterly"], holdback=0, draw_allowed=False,
                    installments=1, clawback=[0, 50, 100]), seed=seeds)
def test_true_up_conservation(sc, seed):
    result = replay(sc, _overpaid_perf() if seed == -1 else random_perf(seed, 24))
    for rr in result.roles.values():
        earned = _year_sums(rr, rr.period_earned)
        paid = _year_sums(rr, rr.ledger.paid)
        forgiven = _year_sums(rr, rr.ledger.lines["floor (no claw-back)"])
        assert earned, "24 months hold two complete years"
        for y in earned:
            # total paid = annual earned + forgiven excess >= annual earned
            assert paid[y] == pytest.approx(earned[y] + forgiven[y], abs=1e-6)
            assert forgiven[y] >= -1e-6
            assert paid[y] >= earned[y] - 1e-6
            if rr.plan.clawback_pct == 100:
                assert paid[y] == pytest.approx(earned[y], abs=1e-6)


@settings(max_examples=50, **SETTINGS)
@given(sc=scenarios(holdback=[10, 25, 50]), seed=seeds, n_months=st.sampled_from([12, 24, 20]))
def test_holdback_sums_to_zero_over_a_closed_year(sc, seed, n_months):
    result = replay(sc, random_perf(seed, n_months))
    stmt = statement(result)
    for role, rr in result.roles.items():
        hold = rr.ledger.lines["holdback"]
        for y, total in _year_sums(rr, hold).items():
            assert abs(total) <= 1e-6
            held = stmt[(stmt["role"] == role) & (stmt["year"] == y) & (stmt["component"] == "holdback")]
            assert int(held["_cents"].sum()) == 0
        assert np.all(rr.ledger.held[0, rr.grid.closes_year] == 0)
