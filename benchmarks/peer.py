"""An independent plain-pandas peer of the engine: each role's earned per simulated plan year.

What a competent analyst would write in a notebook from docs/money.md and a scenario TOML, without
the library: the monthly columns in one long frame, `groupby` per measurement period (and per year),
attainment per goal, `np.interp` curves, the matrix by `searchsorted`, tier bands for commission,
gates, conditional caps, the joint upside rule, the multiplier, the plan cap, the annual or
year-to-date true-up, each line rounded to the cent as docs/money.md §7 says. Vectorised over the
simulated years (every operation works on all S years at once).

It imports nothing from comp_models: the scenario is read with `tomllib`, the targets with pandas
from the targets CSV, and the metric definitions below are the data dictionary's
(scenarios/data/DATA_DICTIONARY.md), written out again here. The benchmark hands it the simulated
years' monthly columns as plain (S, 12) arrays (the same arrays the engine replays).

Mechanics covered (every one the presets in scenarios/ use):
- periods: monthly, quarterly, annual; true-up: none, annual, ytd;
- metrics: sums, ratios (extra numerator / denominator; ratio targets weighted by the denominator),
  forecast accuracy, objectives (the monthly score column); directions higher, lower, budget;
- components: bonus (curve), matrix (two goals, levels), objectives (weights, cap), commission
  (marginal / retroactive / interpolated tiers, basis amount or % of target, accumulate period /
  quarter / year, on-target commission for the plan cap);
- conditions: plan and component gates (commission gates re-tested on the year), conditional caps,
  upside_requires, plan multiplier, plan cap (of target variable, TI + on-target commission).
Not covered (none of them arises in simulated whole plan years): employment dates and proration,
plan versions, SPIFFs, adjustments, period_targets overrides, and the payment ledger (holdback,
draw, installments change what is paid, not what is earned).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

# metric -> (aggregation, direction, numerator, denominator, extra numerator, extra denominator)
METRICS: dict[str, tuple] = {
    **{m: ("sum", "higher", m, None, None, None) for m in (
        "revenue", "bookings", "gross_profit", "pipeline_created", "marketing_sourced_pipeline", "inquiries",
        "mqls", "sals", "sqls", "won_deals", "launches_delivered", "trainings_delivered")},
    "marketing_spend": ("sum", "lower", "marketing_spend", None, None, None),
    "sales_expense": ("sum", "lower", "sales_expense", None, None, None),
    "cost_per_lead": ("ratio", "lower", "marketing_spend", "mqls", None, None),
    "cac": ("ratio", "lower", "marketing_spend", "won_deals", "sales_expense", None),
    "mql_to_sql_rate": ("ratio", "higher", "sqls", "mqls", None, None),
    "win_rate": ("ratio", "higher", "won_deals", "sqls", None, None),
    "sla_follow_up_rate": ("ratio", "higher", "mqls_followed_up_in_sla", "mqls", None, None),
    "sales_cycle_days": ("ratio", "lower", "sales_cycle_days_total", "won_deals", None, None),
    "gross_margin_pct": ("ratio", "higher", "gross_profit", "revenue", None, None),
    "average_deal_size": ("ratio", "higher", "bookings", "won_deals", None, None),
    "discount_rate": ("ratio", "lower", "discount_given", "bookings", None, "discount_given"),
    "forecast_accuracy": ("accuracy", "higher", "bookings", "forecast_bookings", None, None),
    "objective": ("objective", "higher", None, None, None, None),
}
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


def cents(x):
    """docs/money.md §7: half away from zero after discarding noise below 1/10,000 of a cent; integer cents."""
    y = np.round(np.asarray(x, dtype=float) * 100.0, 4)
    return np.sign(y) * np.floor(np.abs(y) + 0.5)


def curve(a, points):
    xs, ys = zip(*points)
    return np.interp(a, xs, ys, left=0.0)  # 0 below the first point, linear, flat after the last


def load_annual_targets(path: str | Path) -> dict[tuple[str, int], float]:
    t = pd.read_csv(path)
    return {(m, int(y)): float(v) for y, m, v in t[["year", "metric", "annual_target"]].itertuples(index=False)}


@dataclass
class _Goal:
    gid: str
    agg: str
    direction: str
    num: str | None
    den: str | None
    xnum: str | None
    xden: str | None
    monthly_target: np.ndarray  # (12,) in the simulated year's month order
    tolerance: float


class Peer:
    """The prepared peer of one scenario file and one target plan year."""

    def __init__(self, scenario_path: str | Path, targets_csv: str | Path, months: list[str]):
        self.doc = tomllib.loads(Path(scenario_path).read_text(encoding="utf-8"))
        self.months = list(months)
        if len(self.months) != 12:
            raise ValueError("the peer replays whole simulated plan years of 12 months")
        annual = load_annual_targets(targets_csv)
        year = int(self.months[-1][:4])  # a plan year is named by the calendar year it ends in
        profiles = self.doc.get("monthly_profiles", {})
        self.goals: dict[str, _Goal] = {}
        for gid, g in self.doc.get("goals", {}).items():
            agg, direction, num, den, xnum, xden = METRICS[g["metric"]]
            direction = g.get("direction", direction)
            if agg == "objective":
                monthly = np.full(12, 100.0)
                num = f"objective:{gid}"
            else:
                level = float(g.get("annual_targets", {}).get(str(year), annual.get((g["metric"], year), np.nan)))
                if agg == "sum":
                    prof = g.get("monthly_profile", "flat")
                    w = (np.full(12, 1 / 12) if prof == "flat" else np.asarray(
                        prof if isinstance(prof, list) else profiles[prof], dtype=float))
                    w = w[[int(m[5:7]) - 1 for m in self.months]]  # calendar-order weights, plan-year order
                    monthly = level * w / w.sum()
                else:
                    monthly = np.full(12, level)
                monthly = monthly * g.get("target_pct", 100.0) / 100.0
            self.goals[gid] = _Goal(gid, agg, direction, num, den, xnum, xden, monthly,
                                    float(g.get("budget_tolerance_pct", 2.0)))
        self.roles = self.doc["roles"]

    # -- the monthly frame and its window sums ------------------------------------------------------

    def columns_needed(self) -> list[str]:
        out = set()
        for g in self.goals.values():
            out.update(c for c in (g.num, g.den, g.xnum, g.xden) if c)
        return sorted(out)

    def frame(self, columns: dict[str, np.ndarray]) -> pd.DataFrame:
        """Long monthly frame: one row per (simulated year, month), the columns the goals read, plus the
        derived monthly series (|actual - forecast|, target x denominator)."""
        s = next(iter(columns.values())).shape[0]
        data = {"sim": np.repeat(np.arange(s), 12), "m": np.tile(np.arange(12), s)}
        for c in self.columns_needed():
            data[c] = np.asarray(columns[c], dtype=float).ravel()
        df = pd.DataFrame(data)
        for g in self.goals.values():
            if g.agg == "accuracy":
                df[f"abs_err:{g.gid}"] = (df[g.num] - df[g.den]).abs()
            elif g.agg == "ratio":
                den = df[g.den] + df[g.xden] if g.xden else df[g.den]
                df[f"den:{g.gid}"] = den
                df[f"tden:{g.gid}"] = den * g.monthly_target[df["m"].to_numpy()]
        return df

    def _attainment(self, sums: pd.DataFrame, months: np.ndarray) -> dict[str, np.ndarray]:
        """goal -> attainment % (rounded to 6 decimals, undefined = 0) on windows; `months` (W, 12) marks
        which months of the year each window holds, in the order the windows repeat in `sums`."""
        w = months.shape[0]
        out = {}
        reps = len(sums) // w
        for gid, g in self.goals.items():
            tsum = np.tile(months @ g.monthly_target, reps)
            n = np.tile(months.sum(axis=1), reps)
            with np.errstate(divide="ignore", invalid="ignore"):
                if g.agg == "sum":
                    x, t = sums[g.num].to_numpy(), tsum
                elif g.agg == "objective":
                    x, t = sums[g.num].to_numpy() / n, np.full(len(sums), 100.0)
                elif g.agg == "accuracy":
                    f = sums[g.den].to_numpy()
                    x = np.where(f > 0, np.maximum(0.0, 1.0 - sums[f"abs_err:{g.gid}"].to_numpy() / f), np.nan)
                    t = tsum / n
                else:
                    num = sums[g.num].to_numpy() + (sums[g.xnum].to_numpy() if g.xnum else 0.0)
                    den = sums[f"den:{g.gid}"].to_numpy()
                    x = np.where(den > 0, num / den, np.nan)
                    t = np.where(den > 0, sums[f"tden:{g.gid}"].to_numpy() / den, tsum / n)
                r = x / t
                if g.direction == "higher":
                    a = 100.0 * r
                elif g.direction == "lower":
                    a = np.maximum(0.0, 100.0 * (2.0 - r))
                else:  # budget: on or under budget (within the tolerance) pays 100, each point over takes one
                    p = 100.0 * r
                    a = np.where(p <= 100.0 + g.tolerance, 100.0, np.maximum(0.0, 100.0 - (p - 100.0 - g.tolerance)))
            out[gid] = np.round(np.where(np.isnan(a), 0.0, a), 6)
        return out

    # -- components ---------------------------------------------------------------------------------

    @staticmethod
    def _conditions(pct, comp, plan, att):
        for cc in comp.get("conditional_caps", []):
            pct = np.where(att[cc["goal"]] >= cc.get("min_attainment", 100.0), pct,
                           np.minimum(pct, cc.get("cap", 100.0)))
        if comp.get("upside_requires"):
            ok = np.logical_and.reduce([att[g] >= 100.0 for g in comp["upside_requires"]])
            pct = np.where(ok, pct, np.minimum(pct, 100.0))
        return pct * Peer._gate(comp, plan, att)

    @staticmethod
    def _gate(comp, plan, att):
        gates = plan.get("gates", []) + comp.get("gates", [])
        if not gates:
            return 1.0
        return np.logical_and.reduce([att[g["goal"]] >= g["min_attainment"] for g in gates]).astype(float)

    def _payout_pct(self, comp, plan, att):
        kind = comp["kind"]
        if kind == "bonus":
            pct = curve(att[comp["goal"]], comp["curve"])
        elif kind == "matrix":
            i = np.searchsorted(comp["levels_y"], att[comp["goal_y"]], side="right") - 1
            j = np.searchsorted(comp["levels_x"], att[comp["goal"]], side="right") - 1
            table = np.asarray(comp["payouts"], dtype=float)
            pct = np.where((i >= 0) & (j >= 0), table[np.maximum(i, 0), np.maximum(j, 0)], 0.0)
        elif kind == "objectives":
            pct = sum(o["weight"] / 100.0 * att[o["goal"]] for o in comp["objectives"])
            if comp.get("cap") is not None:
                pct = np.minimum(pct, comp["cap"])
        else:
            raise ValueError(kind)
        return self._conditions(pct, comp, plan, att)

    @staticmethod
    def _tier_c(x, comp, window_target):
        """C(x): the tier table's commission on amounts x (cents first), boundaries from the window target."""
        x = cents(x) / 100.0
        tiers = comp["tiers"]
        pct_basis = comp.get("tier_basis", "amount") == "attainment"
        starts = [cents(t["start"] * window_target / 100.0) / 100.0 if pct_basis else np.asarray(float(t["start"]))
                  for t in tiers]
        ceiling = comp.get("ceiling")
        mode = comp.get("tier_mode", "marginal")
        out = np.zeros(np.broadcast(x, starts[0]).shape)
        if mode == "marginal":
            for k, t in enumerate(tiers):
                end = starts[k + 1] if k + 1 < len(tiers) else (ceiling if ceiling is not None else np.inf)
                out = out + t["rate"] / 100.0 * np.maximum(0.0, np.minimum(x, end) - starts[k])
        elif mode == "retroactive":
            capped = np.minimum(x, ceiling) if ceiling is not None else x
            for k, t in enumerate(tiers):  # ascending: the highest start reached wins
                out = np.where(x >= starts[k], t["rate"] / 100.0 * capped, out)
        else:  # interpolated
            for k, t in enumerate(tiers):
                end = starts[k + 1] if k + 1 < len(tiers) else ceiling
                with np.errstate(divide="ignore", invalid="ignore"):
                    out = out + t["amount"] * np.clip((x - starts[k]) / (end - starts[k]), 0.0, 1.0)
        return np.where(x > 0, out, 0.0)

    def _commission(self, comp, per: pd.DataFrame, k: int, s: int) -> np.ndarray:
        """(S, P) ungated commission per period, to the cent."""
        p = 12 // k
        amount = per[self.goals[comp["goal"]].num].to_numpy().reshape(s, p)
        acc = comp.get("accumulate", "period")
        span = {"period": k, "quarter": 3, "year": 12}[acc]
        if span < k:
            raise NotImplementedError("an accumulation window shorter than the period")
        per_window = span // k  # periods per accumulation window
        tgt = self.goals[comp["goal"]].monthly_target
        win_target = np.repeat(tgt.reshape(-1, span).sum(axis=1), per_window)  # (P,) the window's whole target
        to_date = amount.reshape(s, p // per_window, per_window).cumsum(axis=2).reshape(s, p)
        before = to_date - amount
        return cents(self._tier_c(to_date, comp, win_target) - self._tier_c(before, comp, win_target)) / 100.0

    def _on_target_commission(self, comp) -> float:
        if comp.get("target_earnings") is not None:
            return float(comp["target_earnings"])
        span = {"period": PERIOD_MONTHS[self._plan_period], "quarter": 3, "year": 12}[comp.get("accumulate", "period")]
        wt = self.goals[comp["goal"]].monthly_target.reshape(-1, span).sum(axis=1)
        return float(np.sum(self._tier_c(wt, comp, wt)))

    # -- one role -----------------------------------------------------------------------------------

    def role_earned(self, plan: dict, df: pd.DataFrame, s: int) -> tuple[np.ndarray, np.ndarray]:
        """(S,) earned in the year and (S, P) earned per period (true-up included), integer cents."""
        k = PERIOD_MONTHS[plan.get("measurement_period", "quarterly")]
        self._plan_period = plan.get("measurement_period", "quarterly")
        p = 12 // k
        true_up = plan.get("true_up", "annual") if p > 1 else "none"
        ti = (plan["target_incentive"] if plan.get("target_incentive") is not None
              else plan.get("target_incentive_pct_of_base", 0.0) / 100.0 * plan["base_salary"])
        comps = plan["components"]
        tv_year = ti + sum(self._on_target_commission(c) for c in comps if c["kind"] == "commission")
        sums = df.drop(columns=["sim", "m"]).groupby(df["sim"].to_numpy() * p + df["m"].to_numpy() // k).sum()
        sim = np.repeat(np.arange(s), p)  # the simulated year of each period row
        per_months = np.kron(np.eye(p), np.ones(k))  # (P, 12)
        commission = {i: self._commission(c, sums, k, s) for i, c in enumerate(comps) if c["kind"] == "commission"}

        def measure(win: pd.DataFrame, months: np.ndarray, ungated: dict, gate_att=None):
            """Component lines (cents), multiplier and plan-cap lines on windows -> (S, W) each."""
            w = months.shape[0]
            att = self._attainment(win, months)
            att = {g: a.reshape(s, w) for g, a in att.items()}
            n = months.sum(axis=1)
            lines = []
            for i, c in enumerate(comps):
                if c["kind"] == "commission":
                    lines.append(ungated[i] * self._gate(c, plan, att))
                else:
                    pct = self._payout_pct(c, plan, att)
                    lines.append(cents(pct / 100.0 * c["weight"] / 100.0 * ti * n / 12.0) / 100.0)
            total = np.sum(lines, axis=0)
            mult = cap = np.zeros_like(total)
            if plan.get("multiplier"):
                factor = np.interp(att[plan["multiplier"]["goal"]], *zip(*plan["multiplier"]["curve"])) / 100.0
                mult = cents(total * (factor - 1.0)) / 100.0
            if plan.get("plan_cap") is not None:
                limit = cents(plan["plan_cap"] / 100.0 * tv_year * n / 12.0) / 100.0
                cap = np.minimum(0.0, limit - (total + mult))
            return lines, mult, cap

        if true_up == "ytd":  # each period: the year to date re-measured, minus the same at the period before
            ytd = sums.groupby(sim).cumsum()
            cum_months = np.tril(np.ones((p, p))) @ per_months
            cum_comm = {i: v.cumsum(axis=1) for i, v in commission.items()}
            lines, mult, cap = measure(ytd, cum_months, cum_comm)
            to_date = np.sum(lines, axis=0) + mult + cap
            period = np.diff(to_date, axis=1, prepend=0.0)
        else:
            lines, mult, cap = measure(sums, per_months, commission)
            period = np.sum(lines, axis=0) + mult + cap
            if true_up == "annual":  # re-measure the year; each line's true-up is the year minus its advances
                year = sums.groupby(sim).sum()  # year sums from the period sums
                year_comm = {i: v.sum(axis=1, keepdims=True) for i, v in commission.items()}
                ylines, ymult, ycap = measure(year, np.ones((1, 12)), year_comm)
                trued = sum((yl[:, 0] - l.sum(axis=1)) for yl, l in zip(ylines, lines))
                trued = trued + (ymult[:, 0] - mult.sum(axis=1)) + (ycap[:, 0] - cap.sum(axis=1))
                period = period.copy()
                period[:, -1] += trued
        period_cents = np.rint(period * 100.0).astype(np.int64)
        return period_cents.sum(axis=1), period_cents

    def earned(self, columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """role -> (S,) earned per simulated year, integer cents."""
        df = self.frame(columns)
        s = next(iter(columns.values())).shape[0]
        return {role: self.role_earned(plan, df, s)[0] for role, plan in self.roles.items()}

    def earned_per_period(self, columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """role -> (S, P) earned per period (true-up included), integer cents."""
        df = self.frame(columns)
        s = next(iter(columns.values())).shape[0]
        return {role: self.role_earned(plan, df, s)[1] for role, plan in self.roles.items()}
