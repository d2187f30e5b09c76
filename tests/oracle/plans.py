"""Hypothesis strategies for random *valid* inputs, as text: a scenario (TOML), a history (CSV), an
optional targets CSV and an optional adjustments CSV.

Valid means the constraints of docs/money.md and the README hold: positive targets, increasing
curve points with non-decreasing payouts, increasing tiers, an interpolated ceiling above the last
start, accumulation windows at least the measurement period, weights of the weighted components
summing to exactly 100, funnel subsets (sqls ≤ sals ≤ mqls ≤ inquiries, ...), money ≤ 1e12.
Numbers are realistic and often round, so that attainments land exactly on levels (115 of 100),
denominators are sometimes zero and bookings sometimes negative.

A share of the scenarios (each drawn independently, so that about half draw none of them and the
older mechanics stay well covered) draws the mechanics of docs/money.md §12-§15: a fiscal year
starting in another month than January, a history starting inside a plan year (a partial first
plan year), employment dates (start, end, either proration, termination terms), a plan version
change (an earlier plan), SPIFFs. The cases the rules leave ambiguous (rules.py A14-A18) are not
drawn: an employment ending after the history, a termination or a version change inside a partial
first plan year, an employment starting in a partial history's first month, forgive_at_year_end
with a termination that recovers the draw; versions of one role share their draw's presence and
recoverability.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import strategies as st

from .inputs import FRACTION_METRICS, HISTORY_COLUMNS, METRICS, SUM
from .measure import add_months, plan_year, plan_year_months, year_prefix

FACTORS = [1.0, 1.0, 1.0, 0.8, 0.85, 0.9, 1.02, 1.1, 1.15, 1.2, 1.5, 0.5, 0.0]
CURVES = [[[85, 50], [100, 100], [115, 150], [130, 200]], [[80, 50], [100, 100]], [[0, 0], [200, 200]],
          [[100, 100]], [[90, 0], [100, 100], [120, 140]], [[90, 50], [110, 150]], [[75, 30], [100, 100], [140, 200]]]
MULTIPLIER_CURVES = [[[90, 80], [100, 100], [110, 120]], [[80, 50], [100, 100]], [[100, 100], [120, 130]]]
MATRIX = ([85, 100, 115], [[40, 60, 80], [60, 100, 130], [80, 130, 175]])
NAMED_PROFILE = [0.0634, 0.0679, 0.0817, 0.0695, 0.0807, 0.0976, 0.0812, 0.0661, 0.0877, 0.0740, 0.0883, 0.1419]
ROLES = ["vp_sales", "vp_marketing"]
MONEY_GOALS = ["revenue", "bookings", "gross_profit", "pipeline"]


@dataclass(frozen=True)
class Inputs:
    scenario_toml: str
    history_csv: str
    targets_csv: str | None = None
    adjustments_csv: str | None = None

    def args(self) -> tuple:
        return self.scenario_toml, self.history_csv, self.targets_csv, self.adjustments_csv


# ---------------------------------------------------------------------------------------------
# Text writers


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + " }"


def toml_document(scenario: dict) -> str:
    """A scenario dict as TOML: tables for profiles, goals and roles, arrays of tables for the
    components and adjustments, inline values below that."""
    new = any(scenario.get(k) for k in ("fiscal_year_start", "employment", "earlier_plans", "spiffs")) or any(
        "effective_from" in r or "proration" in r for r in scenario["roles"].values())
    out = [f"schema_version = {4 if new else 1}", f"name = {toml_value(scenario['name'])}"]
    if scenario.get("fiscal_year_start"):
        out.append(f"fiscal_year_start = {scenario['fiscal_year_start']}")
    if scenario.get("monthly_profiles"):
        out += ["", "[monthly_profiles]"] + [f"{k} = {toml_value(v)}" for k, v in scenario["monthly_profiles"].items()]
    for gid, goal in scenario["goals"].items():
        out += ["", f"[goals.{gid}]"] + [f"{k} = {toml_value(v)}" for k, v in goal.items()]
    for rid, role in scenario["roles"].items():
        out += ["", f"[roles.{rid}]"] + [f"{k} = {toml_value(v)}" for k, v in role.items() if k != "components"]
        for comp in role["components"]:
            out += ["", f"[[roles.{rid}.components]]"] + [f"{k} = {toml_value(v)}" for k, v in comp.items()]
    for rid, plans in scenario.get("earlier_plans", {}).items():
        for role in plans:
            out += ["", f"[[earlier_plans.{rid}]]"] + [f"{k} = {toml_value(v)}" for k, v in role.items()
                                                       if k != "components"]
            for comp in role["components"]:
                out += ["", f"[[earlier_plans.{rid}.components]]"] + [f"{k} = {toml_value(v)}" for k, v in comp.items()]
    for rid, emp in scenario.get("employment", {}).items():
        out += ["", f"[employment.{rid}]"] + [f"{k} = {toml_value(v)}" for k, v in emp.items()]
    for spiff in scenario.get("spiffs", []):
        out += ["", "[[spiffs]]"] + [f"{k} = {toml_value(v)}" for k, v in spiff.items()]
    for adj in scenario.get("adjustments", []):
        out += ["", "[[adjustments]]"] + [f"{k} = {toml_value(v)}" for k, v in adj.items()]
    return "\n".join(out) + "\n"


def csv_text(header: list[str], rows: list[list]) -> str:
    return "\n".join(",".join(str(v) for v in row) for row in [header, *rows]) + "\n"


# ---------------------------------------------------------------------------------------------
# History


BASES = {"revenue": [100_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000]}


@st.composite
def factors(draw, n: int) -> list[float]:
    """Monthly factors on a column's base level: constant, per quarter, or per month."""
    pick = st.one_of(st.sampled_from(FACTORS), st.integers(30, 180).map(lambda k: k / 100))
    style = draw(st.sampled_from(["flat", "quarterly", "monthly"]))
    if style == "flat":
        return [draw(pick)] * n
    if style == "quarterly":
        per_q = [draw(pick) for _ in range((n + 2) // 3)]
        return [per_q[k // 3] for k in range(n)]
    return [draw(pick) for _ in range(n)]


@st.composite
def history(draw, n: int) -> tuple[dict, dict]:
    """(column -> monthly values, column -> base monthly level)."""
    revenue = draw(st.sampled_from(BASES["revenue"]))
    base = {"revenue": revenue, "bookings": revenue * draw(st.sampled_from([0.4, 0.5])),
            "pipeline_created": revenue * 2, "marketing_spend": revenue // 10, "sales_expense": revenue * 3 // 20,
            "inquiries": draw(st.sampled_from([5_000, 10_000, 20_000])), "won_deals": draw(st.sampled_from([20, 50]))}
    base |= {"mqls": base["inquiries"] // 5, "sals": base["inquiries"] // 12, "sqls": base["inquiries"] // 25,
             "launches_delivered": 1, "trainings_delivered": 1}
    cols = {c: [round(base[c] * f) for f in draw(factors(n))] for c in base if c not in
            ("launches_delivered", "trainings_delivered")}
    for c in ("launches_delivered", "trainings_delivered"):
        cols[c] = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    if draw(st.integers(0, 4)) == 0:  # a quarter with a zero denominator
        col = draw(st.sampled_from(["mqls", "won_deals", "revenue", "sqls"]))
        q = draw(st.integers(0, (n - 1) // 3))
        for k in range(3 * q, min(3 * q + 3, n)):
            cols[col][k] = 0
    margin = draw(st.sampled_from([0.7, 0.75]))
    cols["gross_profit"] = [round(v * margin) for v in cols["revenue"]]
    cols["marketing_sourced_pipeline"] = [round(v * draw(st.sampled_from([0.5, 0.6, 1.0]))) for v in cols["pipeline_created"]]
    cols["mqls_followed_up_in_sla"] = [round(v * draw(st.sampled_from([0.8, 0.85, 1.0]))) for v in cols["mqls"]]
    if draw(st.integers(0, 5)) == 0:  # a de-booking month
        k = draw(st.integers(0, n - 1))
        cols["bookings"][k] = -round(base["bookings"] * draw(st.sampled_from([0.2, 0.5, 1.5])))
    error = draw(st.sampled_from([0.0, 0.05, -0.1, 0.5, -0.5]))
    cols["forecast_bookings"] = [max(0, round(b * (1 + error))) for b in cols["bookings"]]
    if draw(st.integers(0, 6)) == 0:
        cols["forecast_bookings"][draw(st.integers(0, n - 1))] = 0
    cols["discount_given"] = [round(max(b, 0) * 0.1) for b in cols["bookings"]]
    for small, large in [("mqls", "inquiries"), ("sals", "mqls"), ("sqls", "sals"), ("mqls_followed_up_in_sla", "mqls")]:
        cols[small] = [min(s, g) for s, g in zip(cols[small], cols[large])]
    cols["sales_cycle_days_total"] = [w * draw(st.sampled_from([75, 88, 100])) for w in cols["won_deals"]]
    base |= {"gross_profit": revenue * margin, "marketing_sourced_pipeline": base["pipeline_created"] * 0.6,
             "mqls_followed_up_in_sla": base["mqls"] * 0.85, "sales_cycle_days_total": base["won_deals"] * 88,
             "forecast_bookings": base["bookings"], "discount_given": base["bookings"] * 0.1}
    return cols, base


# ---------------------------------------------------------------------------------------------
# Goals and targets


def ratio_level(metric: str, base: dict) -> float:
    """A ratio metric's level at the history's base levels."""
    _, _, num, den, extra_num, extra_den = METRICS[metric]
    n = base[num] + (base[extra_num] if extra_num else 0)
    d = base[den] + (base[extra_den] if extra_den else 0)
    return n / d


@st.composite
def goal(draw, gid: str, metric: str, years: list[int], base: dict, csv_rows: list, profiles: dict,
         direction: str | None = None, fy_start: int = 1) -> dict:
    g: dict = {"metric": metric}
    if direction:
        g["direction"] = direction
        if direction == "budget" and draw(st.booleans()):
            g["budget_tolerance_pct"] = draw(st.sampled_from([0, 2, 5]))
    agg = METRICS[metric][0]
    tf = draw(st.sampled_from([1.0, 1.0, 1.0, 0.8, 0.9, 1.1, 1.25]))
    if metric == "launches_delivered":
        level = draw(st.sampled_from([4, 5, 6, 12]))
    elif agg == SUM:
        level = max(base[METRICS[metric][2]], 1) * 12 * tf
        level = round(level) if level >= 100 else level
        profile = draw(st.sampled_from(["flat", "flat", "named", "list"]))
        if profile == "named":
            profiles["seasonal"] = NAMED_PROFILE
            g["monthly_profile"] = "seasonal"
        elif profile == "list":
            ks = draw(st.lists(st.integers(1, 20), min_size=12, max_size=12))
            g["monthly_profile"] = [k / sum(ks) for k in ks]
    elif metric == "forecast_accuracy":
        level = draw(st.sampled_from([0.5, 0.8, 0.9, 0.95]))
    else:
        level = ratio_level(metric, base) * tf
        level = min(round(level, 4), 0.95) if metric in FRACTION_METRICS else round(level, 2)
    annual = {str(y): level for y in years}
    if draw(st.booleans()):
        g["annual_targets"] = annual
    else:
        csv_rows += [[y, metric, v] for y, v in annual.items() if [y, metric] not in [r[:2] for r in csv_rows]]
        if [r for r in csv_rows if r[1] == metric and r[2] != level]:  # the file already holds this metric
            g["annual_targets"] = annual  # (the goal's own targets win over the file's)
    if draw(st.integers(0, 4)) == 0:
        y = draw(st.sampled_from(years))
        months = draw(st.lists(st.integers(0, 11), min_size=1, max_size=2, unique=True))
        share = draw(st.sampled_from([1.0, 0.5, 1.5]))
        value = level / 12 * share if agg == SUM else level * share
        value = round(value, 2) if agg == SUM or metric not in FRACTION_METRICS else min(round(value, 4), 1.0)
        in_year = plan_year_months(y, fy_start)  # §12: overrides re-spread within their month's plan year
        g["period_targets"] = {f"{in_year[k][0]}-{in_year[k][1]:02d}": value for k in sorted(months)}
    if agg == SUM and "annual_targets" in g and draw(st.integers(0, 7)) == 0:
        # a year with only overrides, one per month, and no annual target (12 overrides *and* an annual
        # target is ambiguous in docs/money.md, see A2 in rules.py, so it is not generated)
        y = draw(st.sampled_from(years))
        shares = draw(st.lists(st.sampled_from([0.8, 1.0, 1.0, 1.2]), min_size=12, max_size=12))
        g["period_targets"] = {f"{cy}-{cm:02d}": round(level / 12 * s, 2)
                               for (cy, cm), s in zip(plan_year_months(y, fy_start), shares)}
        del g["annual_targets"][str(y)]
        g["_only_overrides"] = str(y)
    if draw(st.integers(0, 5)) == 0:
        g["target_pct"] = draw(st.sampled_from([90, 110]))
    return g


@st.composite
def goals(draw, years: list[int], base: dict, fy_start: int = 1) -> tuple[dict, dict, list]:
    """The goal pool every plan draws from: money sums, counts, a ratio, forecast accuracy, a lower
    is better and a budget goal."""
    csv_rows: list = []
    profiles: dict = {}
    ratio = draw(st.sampled_from(["cost_per_lead", "mql_to_sql_rate", "win_rate", "sla_follow_up_rate",
                                  "gross_margin_pct", "average_deal_size"]))
    lower = draw(st.sampled_from(["sales_cycle_days", "cac", "discount_rate", "cost_per_lead", "marketing_spend"]))
    spend = draw(st.sampled_from(["marketing_spend", "sales_expense"]))
    pool = {"revenue": "revenue", "bookings": "bookings", "gross_profit": "gross_profit",
            "pipeline": "pipeline_created", "sqls": "sqls", "sals": "sals", "mqls": "mqls",
            "launches": "launches_delivered", "ratio": ratio, "accuracy": "forecast_accuracy", "lower": lower,
            "budget": spend}
    out = {}
    for gid, metric in pool.items():
        out[gid] = draw(goal(gid, metric, years, base, csv_rows, profiles, "budget" if gid == "budget" else None,
                             fy_start))
    for g in out.values():  # a year with only overrides must have no annual target in the file either
        y = g.pop("_only_overrides", None)
        if y and any(str(row[0]) == y and row[1] == g["metric"] for row in csv_rows):
            del g["period_targets"]
            g["annual_targets"][y] = next(row[2] for row in csv_rows if str(row[0]) == y and row[1] == g["metric"])
    return out, profiles, csv_rows


# ---------------------------------------------------------------------------------------------
# Plans


OBJECTIVE_GOALS = ("launch_obj", "positioning_obj")
LEVELS = {"missed": 0, "met": 100, "exceeded": 150}


@st.composite
def weights(draw, n: int) -> list[int]:
    """n non-negative integer weights summing to exactly 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=n - 1, max_size=n - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, 100])]


@st.composite
def conditions(draw, goal_ids: list[str]) -> dict:
    out: dict = {}
    if draw(st.integers(0, 4)) == 0:
        out["gates"] = [{"goal": draw(st.sampled_from(goal_ids)), "min_attainment": draw(st.sampled_from([75, 90, 100]))}]
    if draw(st.integers(0, 4)) == 0:
        out["conditional_caps"] = [{"goal": draw(st.sampled_from(goal_ids)), "min_attainment": 100,
                                    "cap": draw(st.sampled_from([80, 100, 120]))}]
    if draw(st.integers(0, 4)) == 0:
        out["upside_requires"] = draw(st.lists(st.sampled_from(goal_ids), min_size=1, max_size=2, unique=True))
    return out


@st.composite
def curve(draw) -> list:
    if draw(st.integers(0, 3)):
        return draw(st.sampled_from(CURVES))
    xs = sorted(draw(st.lists(st.integers(50, 150), min_size=1, max_size=4, unique=True)))
    ys = sorted(draw(st.lists(st.integers(0, 250), min_size=len(xs), max_size=len(xs))))
    return [[x, y] for x, y in zip(xs, ys)]


@st.composite
def commission(draw, name: str, months: int, base: dict, goal_ids: list[str]) -> dict:
    goal_id = draw(st.sampled_from(MONEY_GOALS))
    accumulate = draw(st.sampled_from(["period", "year"] + (["quarter"] if months <= 3 else [])))
    mode = draw(st.sampled_from(["marginal", "retroactive", "interpolated"]))
    basis = draw(st.sampled_from(["amount", "attainment"]))
    n = draw(st.integers(1, 3))
    if basis == "attainment":
        starts = draw(st.sampled_from([[0], [0, 100], [0, 80, 100], [50, 100, 120], [0, 100, 150]]))[:n]
        ceiling = starts[-1] + draw(st.sampled_from([20, 50]))
    else:
        metric = {"revenue": "revenue", "bookings": "bookings", "gross_profit": "gross_profit",
                  "pipeline": "pipeline_created"}[goal_id]
        window = {"period": months, "quarter": 3, "year": 12}[accumulate]
        unit = round(base[metric] * window)
        starts = [round(unit * f) for f in draw(st.sampled_from([[0], [0, 1.0], [0, 0.8, 1.2], [0.5, 1.0]]))[:n]]
        ceiling = starts[-1] + max(unit // 2, 1)
    c: dict = {"kind": "commission", "name": name, "goal": goal_id, "tier_mode": mode, "tier_basis": basis,
               "accumulate": accumulate}
    if mode == "interpolated":
        c["tiers"] = [{"start": s, "amount": draw(st.sampled_from([5_000, 10_000, 25_000]))} for s in starts]
        c["ceiling"] = ceiling
    else:
        rates = sorted(draw(st.lists(st.sampled_from([0.5, 1, 2, 3, 5, 7]), min_size=len(starts), max_size=len(starts))))
        c["tiers"] = [{"start": s, "rate": r} for s, r in zip(starts, rates)]
        if draw(st.integers(0, 3)) == 0:
            c["ceiling"] = ceiling
    if draw(st.booleans()):
        c["target_earnings"] = draw(st.sampled_from([0, 50_000, 100_000, 250_000]))
    if draw(st.integers(0, 3)) == 0:
        c["gates"] = [{"goal": draw(st.sampled_from(goal_ids)), "min_attainment": draw(st.sampled_from([80, 90, 100]))}]
    return c


@st.composite
def role(draw, rid: str, base: dict, goal_ids: list[str]) -> dict:
    period = draw(st.sampled_from(["quarterly", "quarterly", "monthly", "annual"]))
    months = {"monthly": 1, "quarterly": 3, "annual": 12}[period]
    n_weighted = draw(st.integers(0, 3))
    n_commission = draw(st.integers(0 if n_weighted else 1, 2))
    r: dict = {"title": rid.replace("_", " ").title(), "base_salary": draw(st.sampled_from([200_000, 250_000, 300_000]))}
    if n_weighted == 0:
        r["target_incentive"] = 0
    elif draw(st.integers(0, 3)):
        r["target_incentive"] = draw(st.sampled_from([100_000, 120_000, 150_000, 160_000, 123_456.78]))
    else:
        r["target_incentive_pct_of_base"] = draw(st.sampled_from([25, 40, 50]))
    r |= {"measurement_period": period, "true_up": draw(st.sampled_from(["none", "annual", "ytd"])),
          "holdback_pct": draw(st.sampled_from([0, 0, 0, 10, 20, 12.5])),
          "clawback_pct": draw(st.sampled_from([0, 0, 50, 100])), "installments": draw(st.sampled_from([1, 1, 1, 2, 3, 4]))}
    if draw(st.integers(0, 3)) == 0:
        r["plan_cap"] = draw(st.sampled_from([100, 120, 150, 200]))
    if draw(st.integers(0, 3)) == 0:
        r["multiplier"] = {"goal": draw(st.sampled_from(goal_ids)), "curve": draw(st.sampled_from(MULTIPLIER_CURVES))}
    if draw(st.integers(0, 4)) == 0:
        r["gates"] = [{"goal": draw(st.sampled_from(goal_ids)), "min_attainment": draw(st.sampled_from([75, 90, 100]))}]
    if draw(st.integers(0, 3)) == 0:
        per_period = (r.get("target_incentive") or 100_000) * months / 12
        d = {"amount": round(per_period * draw(st.sampled_from([0.25, 0.5, 1.0]))), "recoverable": draw(st.booleans())}
        if d["recoverable"] and draw(st.booleans()):
            d["forgive_at_year_end"] = draw(st.booleans())
        r["draw"] = d
    comps = []
    for k, w in enumerate(draw(weights(n_weighted)) if n_weighted else []):
        if draw(st.integers(0, 3)) == 0:
            x, y = draw(st.lists(st.sampled_from(goal_ids), min_size=2, max_size=2, unique=True))
            levels, payouts = MATRIX if draw(st.booleans()) else ([90, 100], [[50, 80], [80, 120]])
            comps.append({"kind": "matrix", "name": f"Matrix {k + 1}", "goal": x, "goal_y": y, "weight": w,
                          "levels_x": levels, "levels_y": levels, "payouts": payouts})
        elif OBJECTIVE_GOALS[0] in goal_ids and draw(st.integers(0, 2)) == 0:  # §9 objectives
            ow = draw(weights(2))
            comps.append({"kind": "objectives", "name": f"Objectives {k + 1}", "weight": w,
                          "objectives": [{"goal": g, "weight": x} for g, x in zip(OBJECTIVE_GOALS, ow)]})
            if draw(st.booleans()):
                comps[-1]["cap"] = draw(st.sampled_from([100, 120, 130]))
        else:
            comps.append({"kind": "bonus", "name": f"Bonus {k + 1}", "goal": draw(st.sampled_from(goal_ids)),
                          "weight": w, "curve": draw(curve())})
        comps[-1] |= draw(conditions(goal_ids))
    for k in range(n_commission):
        comps.append(draw(commission(f"Commission {k + 1}", months, base, goal_ids)))
    r["components"] = draw(st.permutations(comps))
    return r


def month_text(ym: tuple[int, int]) -> str:
    return f"{ym[0]}-{ym[1]:02d}"


@st.composite
def employment(draw, months: list[tuple[int, int]], first_full: int) -> tuple[dict, int, int]:
    """§13: ({start, end}, first employed index, last employed index) inside the history: a start after
    the history's first month, an end at or after the first full plan year's start (first_full), either
    as a day or as a month (its first day)."""
    n = len(months)
    kind = draw(st.sampled_from(["start", "end", "both"]))
    out: dict = {}
    lo, hi = 0, n - 1
    if kind in ("start", "both"):
        lo = draw(st.integers(1, n - 2))
    if kind in ("end", "both"):
        hi = draw(st.integers(max(lo, first_full), n - 1))
    for key, k in (("start", lo), ("end", hi)):
        if key == "start" and kind == "end" or key == "end" and kind == "start":
            continue
        y, m = months[k]
        day = draw(st.sampled_from([None, 1, 12, 15, 28, 31 if m in (1, 3, 5, 7, 8, 10, 12) else 30]))
        if m == 2 and day and day > 28:
            day = 28
        if key == "end" and kind == "both" and lo == hi:  # one month: the end on its last day, on or after the start
            day = 28 if m == 2 else 31 if m in (1, 3, 5, 7, 8, 10, 12) else 30
        out[key] = month_text((y, m)) if day is None else f"{y}-{m:02d}-{day:02d}"
    return out, lo, hi


@st.composite
def spiffs(draw, months: list[tuple[int, int]], rids: list[str], base: dict, goal_ids: list[str]) -> list[dict]:
    """§15: one or two SPIFFs: a fixed award or a rate of a money goal's actual, with or without a
    condition; a window mostly inside the history, sometimes pending (ending after it) or starting
    before it."""
    n = len(months)
    out = []
    for k in range(draw(st.integers(1, 2))):
        start = draw(st.integers(-2, n - 1))
        end = start + draw(st.integers(0, 5))
        x: dict = {"name": draw(st.sampled_from(["Launch SPIFF", "Bookings SPIFF", "Q3 push"])) + f" {k + 1}",
                   "roles": draw(st.sampled_from([rids, rids[:1], rids[-1:]])),
                   "start": month_text(add_months(months[0], start)), "end": month_text(add_months(months[0], end))}
        metric = {"revenue": "revenue", "bookings": "bookings", "gross_profit": "gross_profit",
                  "pipeline": "pipeline_created"}
        if draw(st.booleans()):
            x["amount"] = draw(st.sampled_from([5_000, 2_500.5, 10_000, 0.125]))
        else:
            x["rate_pct"] = draw(st.sampled_from([1, 0.5, 2.5]))
            x["goal"] = draw(st.sampled_from(MONEY_GOALS))
        condition = draw(st.sampled_from(["none", "none", "min_actual", "min_attainment"]))
        if condition == "min_actual":
            x.setdefault("goal", draw(st.sampled_from(MONEY_GOALS)))
            x["min_actual"] = round(base[metric[x["goal"]]] * (end - start + 1) * draw(st.sampled_from([0.5, 1.0, 1.2])))
        elif condition == "min_attainment":
            x.setdefault("goal", draw(st.sampled_from([g for g in goal_ids if g not in OBJECTIVE_GOALS])))
            x["min_attainment"] = draw(st.sampled_from([80, 100, 115]))
        if draw(st.integers(0, 3)) == 0:
            x["note"] = "random SPIFF"
        out.append(x)
    return out


@st.composite
def inputs(draw, adjustments_in: str = "either") -> Inputs:
    """Random valid inputs. adjustments_in: "scenario" ([[adjustments]]), "csv" or "either"."""
    n = draw(st.integers(12, 30))
    fy_start = 1 if draw(st.integers(0, 3)) else draw(st.sampled_from([7, 4, 10, 2, 12]))
    offset = 0 if draw(st.integers(0, 3)) else draw(st.integers(1, 11))  # a partial first plan year (§12)
    start_year = draw(st.sampled_from([2023, 2024]))
    first = add_months((start_year, fy_start), offset)
    months_ym = [add_months(first, k) for k in range(n)]
    years = sorted({plan_year(ym, fy_start) for ym in months_ym})
    first_full = (12 - offset) % 12  # index of the first plan year's first month in the history (0: whole)
    cols, base = draw(history(n))
    goal_defs, profiles, target_rows = draw(goals(years, base, fy_start))
    scores = []
    if draw(st.integers(0, 2)) == 0:  # §9: two objectives scored by the CEO, some periods left unscored
        goal_defs[OBJECTIVE_GOALS[0]] = {"metric": "objective", "label": "Joint launch",
                                         "scoring": {"scored": "quarterly", "levels": LEVELS}}
        goal_defs[OBJECTIVE_GOALS[1]] = {"metric": "objective", "scoring": {"scored": "half-yearly"}}
        for y in years:
            prefix = year_prefix(y, fy_start)  # §12: score periods in plan-year form
            for q in range(1, 5):
                if draw(st.integers(0, 3)):
                    scores.append({"goal": OBJECTIVE_GOALS[0], "period": f"{prefix}-Q{q}",
                                   "score": draw(st.sampled_from(list(LEVELS)))})
            for h in (1, 2):
                if draw(st.integers(0, 3)):
                    scores.append({"goal": OBJECTIVE_GOALS[1], "period": f"{prefix}-H{h}",
                                   "score": draw(st.sampled_from([0, 50, 87.5, 100, 110, 150]))})
    rids = draw(st.sampled_from([ROLES[:1], ROLES[1:], ROLES]))
    roles = {rid: draw(role(rid, base, list(goal_defs))) for rid in rids}
    scenario: dict = {"name": "random", "monthly_profiles": profiles, "goals": goal_defs, "roles": roles}
    if fy_start != 1 or draw(st.integers(0, 9)) == 0:
        scenario["fiscal_year_start"] = fy_start
    employed = {rid: (0, n - 1) for rid in rids}
    for rid in rids:
        terms: dict = {}
        if draw(st.integers(0, 4)) == 0:  # §13: employment dates
            emp, lo, hi = draw(employment(months_ym, first_full))
            scenario.setdefault("employment", {})[rid] = emp
            employed[rid] = (lo, hi)
            terms["proration"] = draw(st.sampled_from(["months", "days"]))
            if "end" in emp and draw(st.booleans()):
                terms["at_termination"] = {"holdback": draw(st.sampled_from(["forfeit", "pay"])),
                                           "draw_balance": draw(st.sampled_from(["forgive", "recover"]))}
                draw_terms = roles[rid].get("draw") or {}
                if draw_terms.get("forgive_at_year_end"):  # A17 is not drawn
                    terms["at_termination"]["draw_balance"] = "forgive"
        if n - first_full >= 2 and draw(st.integers(0, 4)) == 0:  # §14: a version change inside the history
            k = draw(st.integers(max(first_full, 1), n - 1))
            earlier = draw(role(rid, base, list(goal_defs)))
            current = roles[rid]
            if "draw" in current:  # versions share the draw's presence and recoverability
                earlier["draw"] = {**current["draw"], "amount": draw(st.sampled_from([current["draw"]["amount"],
                                                                                      current["draw"]["amount"] // 2]))}
            else:
                earlier.pop("draw", None)
            earlier |= terms
            scenario.setdefault("earlier_plans", {})[rid] = [earlier]
            current["effective_from"] = month_text(months_ym[k])
        roles[rid] |= terms
    if scores:
        scenario["scores"] = scores
    if draw(st.integers(0, 3)) == 0:  # §15
        scenario["spiffs"] = draw(spiffs(months_ym, rids, base, [g for g in goal_defs]))
    adjustments = []
    if draw(st.integers(0, 4)) == 0:
        for _ in range(draw(st.integers(1, 3))):
            rid = draw(st.sampled_from(rids))
            k = draw(st.integers(*employed[rid]))
            in_force = roles[rid]  # the adjustment names a component of the version in force in its month
            if rid in scenario.get("earlier_plans", {}) and month_text(months_ym[k]) < roles[rid]["effective_from"]:
                in_force = scenario["earlier_plans"][rid][0]
            names = {c["name"] for c in in_force["components"]}
            adjustments.append({"month": month_text(months_ym[k]), "role": rid,
                                "component": draw(st.sampled_from(sorted(names) + ["plan"])),
                                "amount": draw(st.sampled_from([-10_000, 2_500.5, 100.005, -0.125])),
                                "share_pct": draw(st.sampled_from([50, 100, 33.3])), "reason": "random adjustment"})
    where = adjustments_in if adjustments_in != "either" else draw(st.sampled_from(["scenario", "csv"]))
    adjustments_csv = None
    if adjustments and where == "scenario":
        scenario["adjustments"] = adjustments
    elif adjustments:
        adjustments_csv = csv_text(["month", "role", "component", "amount", "share_pct", "reason"],
                                   [[a[k] for k in ("month", "role", "component", "amount", "share_pct", "reason")]
                                    for a in adjustments])
    history_csv = csv_text(["month", *HISTORY_COLUMNS], [[month_text(ym), *(cols[c][k] for c in HISTORY_COLUMNS)]
                                                         for k, ym in enumerate(months_ym)])
    targets_csv = csv_text(["year", "metric", "annual_target"], target_rows) if target_rows else None
    return Inputs(toml_document(scenario), history_csv, targets_csv, adjustments_csv)
