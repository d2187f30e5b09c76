"""Calendar and plan years, targets, metrics, attainment, curves and commission tables (docs/money.md §1-§4,
§7, §12)."""

from __future__ import annotations

import math

from .inputs import BUDGET, HIGHER, LOWER, METRICS, RATIO, SUM

Month = tuple[int, int]


def cents(x: float) -> int:
    """§7: `cents(x) = sign(y) · floor(|y| + 0.5)` with `y = round(100 · x, 4)` (half away from zero)."""
    y = round(100.0 * x, 4)
    return -math.floor(-y + 0.5) if y < 0 else math.floor(y + 0.5)


def pct_of_cents(pct: float, amount_cents: int) -> int:
    """§7: the ledger's percentages "are applied to cents and rounded the same way"."""
    return cents(pct / 100.0 * (amount_cents / 100.0))


def add_months(ym: Month, k: int) -> Month:
    t = ym[0] * 12 + ym[1] - 1 + k
    return (t // 12, t % 12 + 1)


def plan_year(ym: Month, fy_start: int) -> int:
    """§12: the plan year a month is in, named by the calendar year it ends in (FY2025 = 2024-07..2025-06
    for a July start; the calendar year for a January start)."""
    y, m = ym
    return y if fy_start == 1 or m < fy_start else y + 1


def plan_month(ym: Month, fy_start: int) -> int:
    """§12: the month's position in its plan year, 0 (the plan year's first month) to 11."""
    return (ym[1] - fy_start) % 12


def plan_year_months(year: int, fy_start: int) -> list[Month]:
    """§12: the 12 calendar months of plan year `year`, in order."""
    first = (year, 1) if fy_start == 1 else (year - 1, fy_start)
    return [add_months(first, k) for k in range(12)]


def year_prefix(year: int, fy_start: int) -> str:
    """§1: `2024` for calendar plan years, `FY2025` for fiscal ones."""
    return f"{year}" if fy_start == 1 else f"FY{year}"


def label(ym: Month, size: int, fy_start: int = 1) -> str:
    """§1 / §12: period labels `2024-03` (monthly, always the month), `2024-Q1` / `FY2025-Q1` (plan-year
    quarter), `2024` / `FY2025`."""
    if size == 1:
        return f"{ym[0]}-{ym[1]:02d}"
    prefix = year_prefix(plan_year(ym, fy_start), fy_start)
    return prefix if size == 12 else f"{prefix}-Q{plan_month(ym, fy_start) // 3 + 1}"


def score_label(ym: Month, months: int, fy_start: int = 1) -> str:
    """§9 / §12: the scoring period a month falls in, in plan-year form: `2024-03`, `FY2025-Q1`,
    `FY2025-H1`, `FY2025` (`2025-Q1`, `2025-H1`, `2025` for calendar plan years)."""
    if months == 1:
        return f"{ym[0]}-{ym[1]:02d}"
    prefix = year_prefix(plan_year(ym, fy_start), fy_start)
    k = plan_month(ym, fy_start)
    return {3: f"{prefix}-Q{k // 3 + 1}", 6: f"{prefix}-H{k // 6 + 1}", 12: prefix}[months]


def resolve_targets(goal: dict, years: list[int], file_targets: dict, fy_start: int = 1) -> dict[Month, float]:
    """§2 / §12: monthly targets of every month of every plan year (its 12 months, beyond the history too).

    1. period_targets give their months; 2. else the plan year's annual target (goal, then targets
    file); 3. summed metrics spread `annual − Σ overrides` over the plan year's other months by their
    calendar months' profile weights; 4. ratio / accuracy: the annual level in every month, overrides
    replace a month; 5. target_pct scales the result."""
    agg = METRICS[goal["metric"]][0]
    out: dict[Month, float] = {}
    for y in years:
        months = plan_year_months(y, fy_start)
        overrides = {ym: v for ym, v in goal["period"].items() if ym in months}
        annual = goal["annual"].get(y, file_targets.get((y, goal["metric"])))
        monthly = dict(overrides)
        rest = [ym for ym in months if ym not in overrides]
        if rest and annual is None:
            raise ValueError(f"goal {goal['id']}: no target for {y} (months {rest} have no override)")
        if agg == SUM and rest:
            remaining = annual - sum(overrides.values())
            if remaining <= 0:
                raise ValueError(f"goal {goal['id']}, {y}: overrides reach or exceed the annual target (§2.3)")
            wsum = sum(goal["weights"][m - 1] for _, m in rest)
            for ym in rest:
                monthly[ym] = remaining * goal["weights"][ym[1] - 1] / wsum
        elif rest:
            for ym in rest:
                monthly[ym] = annual
        for ym in months:
            out[ym] = monthly[ym] * goal["target_pct"] / 100.0
    return out


class Data:
    """The history columns, the goals' monthly targets, and memoised window attainments."""

    def __init__(self, months: list[Month], cols: dict[str, list[float]], goals: dict, file_targets: dict,
                 scores: dict | None = None, fy_start: int = 1):
        self.months, self.cols, self.goals, self.fy_start = months, cols, goals, fy_start
        self.scores = scores or {}  # §9: (goal, scoring period label) -> percent
        self.years = sorted({plan_year(ym, fy_start) for ym in months})
        self.targets = {gid: resolve_targets(g, self.years, file_targets, fy_start) for gid, g in goals.items()
                        if g["metric"] != "objective"}
        self._att: dict = {}

    def score(self, goal_id: str, month: Month) -> float:
        """§9 / §12: the score of the scoring period (plan-year form) a month falls in (0 when not scored)."""
        period = score_label(month, self.goals[goal_id]["scored_months"], self.fy_start)
        return self.scores.get((goal_id, period), 0.0)

    def column_sum(self, col: str, idx: list[int]) -> float:
        values = self.cols[col]
        total = 0.0
        for i in idx:
            total += values[i]
        return total

    def amount(self, goal_id: str, idx: list[int]) -> float:
        """A summed goal's amount on history rows `idx`."""
        return self.column_sum(METRICS[self.goals[goal_id]["metric"]][2], idx)

    def denominator(self, metric: str, i: int) -> float:
        _, _, _, den, _, extra_den = METRICS[metric]
        return self.cols[den][i] + (self.cols[extra_den][i] if extra_den else 0.0)

    def window_target(self, goal_id: str, months: list[Month], idx: list[int] | None = None) -> float:
        """§2, a window's target: summed = Σ months' targets; ratio = the months' targets weighted by
        each month's denominator (plain mean when the window's denominator is not positive);
        accuracy = plain mean."""
        metric = self.goals[goal_id]["metric"]
        ts = [self.targets[goal_id][ym] for ym in months]
        agg = METRICS[metric][0]
        if agg == SUM:
            total = 0.0
            for t in ts:
                total += t
            return total
        if agg == RATIO and idx is not None:
            ds = [self.denominator(metric, i) for i in idx]
            dsum = sum(ds)
            if dsum > 0:
                return sum(t * d for t, d in zip(ts, ds)) / dsum
        return sum(ts) / len(ts)

    def actual(self, goal_id: str, idx: list[int]) -> float | None:
        """§3: sum; ratio of sums (undefined when the denominator sum ≤ 0); forecast accuracy
        `max(0, 1 − Σ|b − f| / Σ f)` (undefined when Σ f ≤ 0)."""
        agg, _, num, den, extra_num, extra_den = METRICS[self.goals[goal_id]["metric"]]
        if agg == SUM:
            return self.column_sum(num, idx)
        if agg == RATIO:
            n = self.column_sum(num, idx) + (self.column_sum(extra_num, idx) if extra_num else 0.0)
            d = self.column_sum(den, idx) + (self.column_sum(extra_den, idx) if extra_den else 0.0)
            return n / d if d > 0 else None
        f = self.column_sum(den, idx)
        if f <= 0:
            return None
        err = 0.0
        for i in idx:
            err += abs(self.cols[num][i] - self.cols[den][i])
        return max(0.0, 1.0 - err / f)

    def attainment(self, goal_id: str, idx: list[int]) -> float:
        """§3: a goal's rounded attainment (percent) on the window of history rows `idx`; an objective's
        (§9) is the mean of its monthly scores against a target of 100."""
        key = (goal_id, tuple(idx))
        if key not in self._att and self.goals[goal_id]["metric"] == "objective":
            mean = sum(self.score(goal_id, self.months[i]) for i in idx) / max(len(idx), 1)
            self._att[key] = attainment(mean, 100.0, HIGHER, 0.0)
        if key not in self._att:
            goal = self.goals[goal_id]
            t = self.window_target(goal_id, [self.months[i] for i in idx], idx)
            self._att[key] = attainment(self.actual(goal_id, idx), t, goal["direction"], goal["tolerance"])
        return self._att[key]


def attainment(x: float | None, t: float, direction: str, tolerance: float) -> float:
    """§3 Attainment, rounded to 6 decimals: higher `100·x/t`; lower `max(0, 100·(2 − x/t))`;
    budget `100` when `100·x/t ≤ 100 + τ`, else `max(0, 100 − (100·x/t − 100 − τ))`;
    an undefined actual attains 0."""
    if x is None:
        return 0.0
    if direction == HIGHER:
        a = 100.0 * x / t
    elif direction == LOWER:
        a = max(0.0, 100.0 * (2.0 - x / t))
    elif direction == BUDGET:
        r = 100.0 * x / t
        a = 100.0 if r <= 100.0 + tolerance else max(0.0, 100.0 - (r - 100.0 - tolerance))
    else:
        raise ValueError(direction)
    return round(a, 6)


def curve_pct(points: list[tuple[float, float]], a: float, flat_below: bool = False) -> float:
    """§4 Bonus curve: 0 below the first point (a multiplier, §5, is flat below it instead),
    linear between points, flat after the last; levels are tested with `>=`."""
    if a < points[0][0]:
        return points[0][1] if flat_below else 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if a < x1:
            return y0 + (y1 - y0) * (a - x0) / (x1 - x0)
    return points[-1][1]


def matrix_pct(comp: dict, a_x: float, a_y: float) -> float:
    """§4 Matrix: `payouts[i][j]` for the highest levels reached (`>=`); 0 unless both reach level 1."""
    i = max((k for k, lv in enumerate(comp["levels_y"]) if a_y >= lv), default=None)
    j = max((k for k, lv in enumerate(comp["levels_x"]) if a_x >= lv), default=None)
    return 0.0 if i is None or j is None else comp["payouts"][i][j]


def tier_table(comp: dict, window_target: float) -> tuple[list[float], float | None]:
    """§3: tier starts (and the ceiling) in % of target become money `start_pct × target / 100`,
    rounded to the cent; amounts are used as given."""
    if comp["basis"] != "attainment":
        return comp["starts"], comp["ceiling"]
    money = [cents(s * window_target / 100.0) / 100.0 for s in comp["starts"]]
    ceiling = None if comp["ceiling"] is None else cents(comp["ceiling"] * window_target / 100.0) / 100.0
    return money, ceiling


def commission_value(comp: dict, x: float, starts: list[float], ceiling: float | None) -> float:
    """§4 C(x), 0 for x ≤ 0: marginal `Σ rate_t/100 · max(0, min(x, end_t) − start_t)`;
    retroactive `rate_T/100 · min(x, ceiling)` for the highest T with x ≥ start_T;
    interpolated `Σ amount_t · clip((x − start_t)/(end_t − start_t), 0, 1)`.
    The amount is taken to the cent first (§3), for the comparisons and the rates alike."""
    x_cents = cents(x) / 100.0
    if x_cents <= 0:
        return 0.0
    x = x_cents
    ends = starts[1:] + [ceiling if ceiling is not None else math.inf]
    mode = comp["mode"]
    if mode == "marginal":
        total = 0.0
        for rate, start, end in zip(comp["rates"], starts, ends):
            top = x if x_cents < end else end
            if x_cents >= start:
                total += rate / 100.0 * (top - start)
        return total
    if mode == "retroactive":
        reached = [k for k, s in enumerate(starts) if x_cents >= s]
        if not reached:
            return 0.0
        top = x if ceiling is None or x_cents < ceiling else ceiling
        return comp["rates"][reached[-1]] / 100.0 * top
    total = 0.0
    for amount, start, end in zip(comp["amounts"], starts, ends):
        if x_cents >= end:
            total += amount
        elif x_cents > start:
            total += amount * (x - start) / (end - start)
    return total
