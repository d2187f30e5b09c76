"""The oracle's inputs as plain data: the scenario (TOML), the history, targets and adjustments (CSV).

The metric table is written out here as data (copied from the data dictionary), so the oracle
shares no code with the engine. Only what the rules need is validated; anything the oracle does
not implement (unknown fields) is refused with NotImplementedError rather than silently ignored.
"""

from __future__ import annotations

import calendar
import csv
import io
import math
import tomllib

SUM, RATIO, ACCURACY, SCORE = "sum", "ratio", "accuracy", "score"
HIGHER, LOWER, BUDGET = "higher_is_better", "lower_is_better", "budget"

# metric: (aggregation, default direction, numerator, denominator, extra numerator, extra denominator)
METRICS: dict[str, tuple] = {
    "revenue": (SUM, HIGHER, "revenue", None, None, None),
    "bookings": (SUM, HIGHER, "bookings", None, None, None),
    "gross_profit": (SUM, HIGHER, "gross_profit", None, None, None),
    "pipeline_created": (SUM, HIGHER, "pipeline_created", None, None, None),
    "marketing_sourced_pipeline": (SUM, HIGHER, "marketing_sourced_pipeline", None, None, None),
    "marketing_spend": (SUM, LOWER, "marketing_spend", None, None, None),
    "sales_expense": (SUM, LOWER, "sales_expense", None, None, None),
    "inquiries": (SUM, HIGHER, "inquiries", None, None, None),
    "mqls": (SUM, HIGHER, "mqls", None, None, None),
    "sals": (SUM, HIGHER, "sals", None, None, None),
    "sqls": (SUM, HIGHER, "sqls", None, None, None),
    "won_deals": (SUM, HIGHER, "won_deals", None, None, None),
    "launches_delivered": (SUM, HIGHER, "launches_delivered", None, None, None),
    "trainings_delivered": (SUM, HIGHER, "trainings_delivered", None, None, None),
    "cost_per_lead": (RATIO, LOWER, "marketing_spend", "mqls", None, None),
    "cac": (RATIO, LOWER, "marketing_spend", "won_deals", "sales_expense", None),
    "mql_to_sql_rate": (RATIO, HIGHER, "sqls", "mqls", None, None),
    "win_rate": (RATIO, HIGHER, "won_deals", "sqls", None, None),
    "sla_follow_up_rate": (RATIO, HIGHER, "mqls_followed_up_in_sla", "mqls", None, None),
    "sales_cycle_days": (RATIO, LOWER, "sales_cycle_days_total", "won_deals", None, None),
    "gross_margin_pct": (RATIO, HIGHER, "gross_profit", "revenue", None, None),
    "average_deal_size": (RATIO, HIGHER, "bookings", "won_deals", None, None),
    "discount_rate": (RATIO, LOWER, "discount_given", "bookings", None, "discount_given"),
    "forecast_accuracy": (ACCURACY, HIGHER, "bookings", "forecast_bookings", None, None),
    "objective": (SCORE, HIGHER, None, None, None, None),  # §9: scored by the CEO, not measured
}
FRACTION_METRICS = {"mql_to_sql_rate", "win_rate", "sla_follow_up_rate", "gross_margin_pct", "discount_rate",
                    "forecast_accuracy"}
HISTORY_COLUMNS = ["revenue", "bookings", "gross_profit", "discount_given", "pipeline_created",
                   "marketing_sourced_pipeline", "marketing_spend", "sales_expense", "inquiries", "mqls", "sals",
                   "sqls", "won_deals", "mqls_followed_up_in_sla", "sales_cycle_days_total", "forecast_bookings",
                   "launches_delivered", "trainings_delivered"]
COUNT_COLUMNS = {"inquiries", "mqls", "sals", "sqls", "won_deals", "mqls_followed_up_in_sla",
                 "sales_cycle_days_total", "launches_delivered", "trainings_delivered"}
MAY_BE_NEGATIVE = {"bookings", "revenue", "gross_profit", "pipeline_created", "marketing_sourced_pipeline"}  # §11
SUBSETS = [("mqls", "inquiries"), ("sals", "mqls"), ("sqls", "sals"), ("mqls_followed_up_in_sla", "mqls"),
           ("marketing_sourced_pipeline", "pipeline_created")]
MONEY_LIMIT = 1e12  # §11
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}
ACCUMULATE_MONTHS = {"period": 0, "quarter": 3, "year": 12}

OUT_OF_SCOPE = "nothing documented in docs/money.md §1-§15"
SCORING_MONTHS = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "annual": 12}
_TOP = {"schema_version", "name", "description", "currency", "monthly_profiles", "goals", "roles", "adjustments",
        "scores", "fiscal_year_start", "earlier_plans", "employment", "spiffs"}
_GOAL = {"metric", "label", "direction", "budget_tolerance_pct", "annual_targets", "period_targets",
         "monthly_profile", "target_pct", "scoring"}
_ROLE = {"title", "base_salary", "target_incentive", "target_incentive_pct_of_base", "measurement_period",
         "true_up", "holdback_pct", "clawback_pct", "installments", "plan_cap", "multiplier", "gates", "draw",
         "components", "effective_from", "proration", "at_termination"}
_KIND = {
    "bonus": {"kind", "name", "goal", "weight", "curve", "gates", "conditional_caps", "upside_requires"},
    "matrix": {"kind", "name", "goal", "goal_y", "weight", "levels_x", "levels_y", "payouts", "gates",
               "conditional_caps", "upside_requires"},
    "commission": {"kind", "name", "goal", "target_earnings", "tier_mode", "tier_basis", "accumulate", "tiers",
                   "ceiling", "gates"},
    "objectives": {"kind", "name", "weight", "objectives", "cap", "gates", "conditional_caps", "upside_requires"},
}
_SUB = {"gate": {"goal", "min_attainment"}, "cap": {"goal", "min_attainment", "cap"}, "multiplier": {"goal", "curve"},
        "draw": {"amount", "recoverable", "forgive_at_year_end"}, "tier": {"start", "rate", "amount"},
        "adjustment": {"month", "role", "component", "amount", "share_pct", "reason"},
        "scoring": {"scored", "levels", "max_score", "simulated_score"}, "score": {"goal", "period", "score", "note"},
        "objective": {"goal", "weight"}, "at_termination": {"holdback", "draw_balance"},
        "employment": {"start", "end"},
        "spiff": {"name", "roles", "start", "end", "amount", "rate_pct", "goal", "min_actual", "min_attainment", "note"}}


def _only(table: dict, allowed: set, where: str) -> dict:
    extra = sorted(set(table) - allowed)
    if extra:
        raise NotImplementedError(f"{where}: the oracle does not implement {extra} (out of scope: {OUT_OF_SCOPE}, "
                                  "or unknown to docs/money.md)")
    return table


def _money(value: float, where: str) -> float:
    if not math.isfinite(value) or abs(value) > MONEY_LIMIT:
        raise ValueError(f"{where}: {value} is beyond the 1e12 money bound (§11)")
    return float(value)


def _check_curve(points: list, where: str) -> list[tuple[float, float]]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if not points or any(b <= a for a, b in zip(xs, xs[1:])) or any(b < a for a, b in zip(ys, ys[1:])):
        raise ValueError(f"{where}: curve points must increase and payouts never decrease")
    return [(float(x), float(y)) for x, y in points]


def _gates(raw: list, where: str) -> list[dict]:
    return [{"goal": g["goal"], "min_attainment": float(g["min_attainment"])}
            for g in (_only(g, _SUB["gate"], where) for g in raw)]


def parse_scenario(text: str) -> dict:
    """The scenario as dicts with every default filled in (README, "Scenario files")."""
    data = _only(tomllib.loads(text), _TOP, "scenario")
    fy_start = int(data.get("fiscal_year_start", 1))
    if not 1 <= fy_start <= 12:
        raise ValueError("fiscal_year_start: a month 1-12 (§12)")
    profiles = {k: [float(w) for w in v] for k, v in data.get("monthly_profiles", {}).items()}
    goals = {gid: _goal(gid, g, profiles) for gid, g in data.get("goals", {}).items()}
    roles = {rid: _plan(rid, r, goals) for rid, r in data.get("roles", {}).items()}
    versions = {}  # §14: role -> [plan, ...] oldest first, the current plan last
    for rid, plan in roles.items():
        earlier = [_plan(rid, r, goals, f"earlier_plans.{rid}[{k}]")
                   for k, r in enumerate(data.get("earlier_plans", {}).get(rid, []))]
        chain = [*earlier, plan]
        if earlier and plan["effective_from"] is None:
            raise ValueError(f"roles.{rid}: the current plan needs its effective_from after earlier_plans (§14)")
        if any(p["effective_from"] is None for p in chain[1:]):
            raise ValueError(f"earlier_plans.{rid}: only the first version may leave out effective_from (§14)")
        froms = [p["effective_from"] for p in chain if p["effective_from"] is not None]
        if any(b <= a for a, b in zip(froms, froms[1:])):
            raise ValueError(f"earlier_plans.{rid}: versions must be oldest first (§14)")
        versions[rid] = chain
    unknown = set(data.get("earlier_plans", {})) - set(roles)
    if unknown:
        raise ValueError(f"earlier_plans name unknown roles {sorted(unknown)}")
    employment = {}
    for rid, e in data.get("employment", {}).items():
        _only(e, _SUB["employment"], f"employment.{rid}")
        if rid not in roles:
            raise ValueError(f"employment.{rid}: unknown role")
        start = None if e.get("start") is None else _date(str(e["start"]), f"employment.{rid}.start")
        end = None if e.get("end") is None else _date(str(e["end"]), f"employment.{rid}.end")
        if start and end and end < start:
            raise ValueError(f"employment.{rid}: ends before it starts")
        employment[rid] = {"start": start, "end": end}
    spiffs = [_spiff(x, f"spiffs[{k}]", goals, roles) for k, x in enumerate(data.get("spiffs", []))]
    adjustments = [_adjustment(a, "adjustments") for a in data.get("adjustments", [])]
    scores = {}
    for s in data.get("scores", []):  # §9: (goal, scoring period) -> percent
        _only(s, _SUB["score"], "scores")
        goal = goals[s["goal"]]
        value = s["score"]
        scores[(s["goal"], str(s["period"]))] = float(goal["levels"][value]) if isinstance(value, str) else float(value)
    return {"goals": goals, "roles": roles, "adjustments": adjustments, "scores": scores, "fy_start": fy_start,
            "versions": versions, "employment": employment, "spiffs": spiffs}


def _month(text: str, where: str) -> tuple[int, int]:
    if len(text) != 7 or text[4] != "-":
        raise ValueError(f"{where}: {text!r} is not YYYY-MM")
    y, m = int(text[:4]), int(text[5:7])
    if not 1 <= m <= 12:
        raise ValueError(f"{where}: {text!r} is not a month")
    return y, m


def _date(text: str, where: str) -> tuple[int, int, int]:
    """§13: `YYYY-MM-DD`, or `YYYY-MM` for the month's first day."""
    if len(text) == 7:
        return (*_month(text, where), 1)
    y, m = _month(text[:7], where)
    d = int(text[8:10])
    if len(text) != 10 or text[7] != "-" or not 1 <= d <= calendar.monthrange(y, m)[1]:
        raise ValueError(f"{where}: {text!r} is not YYYY-MM-DD")
    return y, m, d


def _spiff(x: dict, where: str, goals: dict, roles: dict) -> dict:
    """§15: a one-off award: a fixed `amount` or `rate_pct` of `goal`'s actual over `start`..`end`, with an
    optional condition on `goal` (`min_actual` or `min_attainment`)."""
    _only(x, _SUB["spiff"], where)
    if (x.get("amount") is None) == (x.get("rate_pct") is None):
        raise ValueError(f"{where}: needs exactly one of amount and rate_pct (§15)")
    goal = x.get("goal")
    if goal is not None and goal not in goals:
        raise ValueError(f"{where}: unknown goal {goal!r}")
    if (x.get("rate_pct") is not None or x.get("min_actual") is not None or x.get("min_attainment") is not None) \
            and goal is None:
        raise ValueError(f"{where}: rate_pct and a condition need a goal (§15)")
    if x.get("rate_pct") is not None and METRICS[goals[goal]["metric"]][0] != SUM:
        raise ValueError(f"{where}: rate_pct needs an amount metric (§15)")
    if x.get("min_actual") is not None and x.get("min_attainment") is not None:
        raise ValueError(f"{where}: one condition, min_actual or min_attainment (§15)")
    missing = sorted(set(x["roles"]) - set(roles))
    if missing:
        raise ValueError(f"{where}: unknown roles {missing}")
    start, end = _month(str(x["start"]), f"{where}.start"), _month(str(x["end"]), f"{where}.end")
    if end < start:
        raise ValueError(f"{where}: the window ends before it starts")
    return {"name": str(x["name"]), "roles": list(x["roles"]), "start": start, "end": end,
            "amount": None if x.get("amount") is None else _money(float(x["amount"]), f"{where}.amount"),
            "rate_pct": None if x.get("rate_pct") is None else float(x["rate_pct"]), "goal": goal,
            "min_actual": None if x.get("min_actual") is None else float(x["min_actual"]),
            "min_attainment": None if x.get("min_attainment") is None else float(x["min_attainment"])}


def _goal(gid: str, g: dict, profiles: dict) -> dict:
    where = f"goals.{gid}"
    _only(g, _GOAL, where)
    metric = g["metric"]
    if metric not in METRICS:
        raise ValueError(f"{where}: unknown metric {metric!r}")
    profile = g.get("monthly_profile", "flat")
    if profile == "flat":
        weights = [1 / 12] * 12
    else:
        weights = profiles[profile] if isinstance(profile, str) else [float(w) for w in profile]
        if len(weights) != 12 or min(weights) <= 0 or abs(sum(weights) - 1) > 1e-6:
            raise ValueError(f"{where}.monthly_profile: needs 12 positive weights summing to 1 (§2.3)")
    annual = {int(k): _money(float(v), f"{where}.annual_targets") for k, v in g.get("annual_targets", {}).items()}
    period = {(int(k[:4]), int(k[5:7])): _money(float(v), f"{where}.period_targets")
              for k, v in g.get("period_targets", {}).items()}
    if any(v <= 0 for v in [*annual.values(), *period.values()]):
        raise ValueError(f"{where}: targets must be positive")
    direction = g.get("direction") or METRICS[metric][1]
    if direction not in (HIGHER, LOWER, BUDGET):
        raise ValueError(f"{where}.direction: unknown direction {direction!r}")
    scoring = _only(g.get("scoring", {}), _SUB["scoring"], f"{where}.scoring")
    return {"id": gid, "metric": metric, "direction": direction, "weights": weights, "annual": annual,
            "period": period, "target_pct": float(g.get("target_pct", 100.0)),
            "tolerance": float(g.get("budget_tolerance_pct", 2.0)),
            "scored_months": SCORING_MONTHS[scoring.get("scored", "quarterly")],
            "levels": {k: float(v) for k, v in scoring.get("levels", {}).items()}}


def _plan(rid: str, r: dict, goals: dict, where: str | None = None) -> dict:
    where = where or f"roles.{rid}"
    _only(r, _ROLE, where)
    term = _only(r.get("at_termination", {}), _SUB["at_termination"], f"{where}.at_termination")
    _money(float(r["base_salary"]), f"{where}.base_salary")
    if r.get("target_incentive") is not None:
        ti = float(r["target_incentive"])
    else:
        ti = float(r["base_salary"]) * float(r.get("target_incentive_pct_of_base", 0.0)) / 100.0
    period = r.get("measurement_period", "quarterly")
    mult = r.get("multiplier")
    draw = r.get("draw")
    plan = {
        "id": rid, "ti": _money(ti, f"{where}.target_incentive"), "months": PERIOD_MONTHS[period],
        "true_up": r.get("true_up", "annual"), "holdback_pct": float(r.get("holdback_pct", 0.0)),
        "clawback_pct": float(r.get("clawback_pct", 0.0)), "installments": int(r.get("installments", 1)),
        "plan_cap": None if r.get("plan_cap") is None else float(r["plan_cap"]),
        "multiplier": None if mult is None else {
            "goal": _only(mult, _SUB["multiplier"], f"{where}.multiplier")["goal"],
            "curve": _check_curve(mult["curve"], f"{where}.multiplier")},
        "gates": _gates(r.get("gates", []), f"{where}.gates"),
        "draw": None if draw is None else {
            "amount": _money(float(_only(draw, _SUB["draw"], f"{where}.draw")["amount"]), f"{where}.draw"),
            "recoverable": bool(draw.get("recoverable", True)),
            "forgive_at_year_end": bool(draw.get("forgive_at_year_end", False))},
        "components": [_component(c, f"{where}.components[{i}]", period) for i, c in enumerate(r["components"])],
        "effective_from": None if r.get("effective_from") is None else _month(str(r["effective_from"]),
                                                                                f"{where}.effective_from"),
        "effective_from_text": str(r.get("effective_from") or ""),
        "proration": r.get("proration", "months"),
        "at_termination": {"holdback": term.get("holdback", "forfeit"), "draw_balance": term.get("draw_balance", "forgive")},
    }
    if plan["proration"] not in ("months", "days") or plan["at_termination"]["holdback"] not in ("forfeit", "pay") \
            or plan["at_termination"]["draw_balance"] not in ("forgive", "recover"):
        raise ValueError(f"{where}: proration months|days, at_termination holdback forfeit|pay, "
                         "draw_balance forgive|recover (§13)")
    if plan["true_up"] not in ("none", "annual", "ytd"):
        raise ValueError(f"{where}.true_up: unknown {plan['true_up']!r}")
    weighted = [c["weight"] for c in plan["components"] if c["kind"] != "commission"]
    if weighted and abs(sum(weighted) - 100.0) > 1e-6:
        raise ValueError(f"{where}: weights sum to {sum(weighted)}, not 100")
    refs = [g["goal"] for g in plan["gates"]] + ([mult["goal"]] if mult else [])
    for c in plan["components"]:
        refs += [c["goal"], c.get("goal_y", c["goal"]), *(g["goal"] for g in c["gates"] + c.get("caps", [])),
                 *c.get("upside", []), *(g for g, _ in c.get("objectives", []))]
        if c["kind"] == "commission" and METRICS[goals[c["goal"]]["metric"]][0] != SUM:
            raise ValueError(f"{where}.{c['name']}: commission needs a summed metric")
    missing = sorted(set(refs) - set(goals))
    if missing:
        raise ValueError(f"{where}: refers to undefined goals {missing}")
    return plan


def _component(c: dict, where: str, period: str) -> dict:
    kind = c.get("kind")
    if kind not in _KIND:
        raise NotImplementedError(f"{where}: component kind {kind!r} (out of scope: {OUT_OF_SCOPE})")
    _only(c, _KIND[kind], where)
    if kind == "objectives":  # §9
        objs = [_only(o, _SUB["objective"], f"{where}.objectives") for o in c["objectives"]]
        return {"kind": kind, "name": c["name"], "goal": objs[0]["goal"], "weight": float(c["weight"]),
                "objectives": [(o["goal"], float(o["weight"])) for o in objs],
                "cap": None if c.get("cap") is None else float(c["cap"]),
                "gates": _gates(c.get("gates", []), f"{where}.gates"),
                "caps": [{"goal": k["goal"], "min_attainment": float(k.get("min_attainment", 100.0)),
                          "cap": float(k.get("cap", 100.0))} for k in c.get("conditional_caps", [])],
                "upside": list(c.get("upside_requires", []))}
    out = {"kind": kind, "name": c["name"], "goal": c["goal"], "gates": _gates(c.get("gates", []), f"{where}.gates")}
    if kind == "bonus":
        out["curve"] = _check_curve(c["curve"], where)
    if kind == "matrix":
        out.update(goal_y=c["goal_y"], levels_x=[float(v) for v in c["levels_x"]],
                   levels_y=[float(v) for v in c["levels_y"]], payouts=[[float(v) for v in r] for r in c["payouts"]])
        for levels in (out["levels_x"], out["levels_y"]):
            if not levels or any(b <= a for a, b in zip(levels, levels[1:])):
                raise ValueError(f"{where}: matrix levels must increase")
    if kind in ("bonus", "matrix"):
        out["weight"] = float(c["weight"])
        out["caps"] = [{"goal": k["goal"], "min_attainment": float(k.get("min_attainment", 100.0)),
                        "cap": float(k.get("cap", 100.0))}
                       for k in (_only(k, _SUB["cap"], f"{where}.conditional_caps") for k in c.get("conditional_caps", []))]
        out["upside"] = list(c.get("upside_requires", []))
        return out
    tiers = [_only(t, _SUB["tier"], f"{where}.tiers") for t in c["tiers"]]
    out.update(mode=c.get("tier_mode", "marginal"), basis=c.get("tier_basis", "amount"),
               accumulate=c.get("accumulate", "period"), ceiling=None if c.get("ceiling") is None else float(c["ceiling"]),
               starts=[float(t["start"]) for t in tiers], rates=[float(t.get("rate") or 0.0) for t in tiers],
               amounts=[float(t.get("amount") or 0.0) for t in tiers],
               target_earnings=None if c.get("target_earnings") is None else float(c["target_earnings"]))
    for value in [*out["starts"], *out["amounts"], out["ceiling"] or 0.0, out["target_earnings"] or 0.0]:
        _money(value, f"{where}.tiers")
    starts = out["starts"]
    if not starts or any(b <= a for a, b in zip(starts, starts[1:])):
        raise ValueError(f"{where}: tier starts must increase")
    if out["mode"] == "interpolated" and (out["ceiling"] is None or out["ceiling"] <= starts[-1]):
        raise ValueError(f"{where}: interpolated tiers need a ceiling above the last start")
    acc = ACCUMULATE_MONTHS[out["accumulate"]]
    if acc and acc < PERIOD_MONTHS[period]:
        raise ValueError(f"{where}: cannot accumulate within a {out['accumulate']} on a {period} plan")
    return out


def _adjustment(a: dict, where: str) -> dict:
    _only(a, _SUB["adjustment"], where)
    share = a.get("share_pct")
    share = 100.0 if share in (None, "") else float(share)
    return {"month": str(a["month"]).strip(), "role": str(a["role"]).strip(), "component": str(a["component"]).strip(),
            "amount": _money(float(a["amount"]), f"{where}.amount"), "share_pct": share,
            "reason": str(a.get("reason") or "")}


def parse_adjustments(text: str | None) -> list[dict]:
    """Adjustments CSV: month, role, component, amount, share_pct, reason (§10)."""
    if not text:
        return []
    return [_adjustment({k: v for k, v in row.items() if v is not None}, f"adjustments row {i}")
            for i, row in enumerate(csv.DictReader(io.StringIO(text)), start=2)]


def parse_history(text: str) -> tuple[list[tuple[int, int]], dict[str, list[float]]]:
    """(months as (year, month), column -> monthly values). Consecutive months, from any month (§1)."""
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise ValueError("history: no rows")
    months = [(int(r["month"][:4]), int(r["month"][5:7])) for r in rows]
    for (y0, m0), (y1, m1) in zip(months, months[1:]):
        if y1 * 12 + m1 != y0 * 12 + m0 + 1:
            raise ValueError(f"history: months not consecutive at {y1}-{m1:02d}")
    cols: dict[str, list[float]] = {}
    for col in rows[0]:
        if col == "month":
            continue
        values = [float(r[col].replace(",", "")) for r in rows]
        for v in values:
            _money(v, f"history column {col}")
            if v < 0 and col not in MAY_BE_NEGATIVE:
                raise ValueError(f"history: {col} cannot be negative")
            if col in COUNT_COLUMNS and v != int(v):
                raise ValueError(f"history: {col} must be whole numbers")
        cols[col] = values
    for small, large in SUBSETS:
        if small in cols and large in cols and any(s > g for s, g in zip(cols[small], cols[large])):
            raise ValueError(f"history: {small} exceeds {large}")
    return months, cols


def parse_targets(text: str | None) -> dict[tuple[int, str], float]:
    """Targets CSV rows (year, metric, annual_target) -> {(year, metric): target}."""
    if not text:
        return {}
    out = {}
    for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        value = float(row["annual_target"])
        if value <= 0:
            raise ValueError(f"targets: {row['metric']} {row['year']} is not positive")
        out[(int(row["year"]), row["metric"].strip())] = value
    return out
