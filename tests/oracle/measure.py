"""Calendar, targets, metrics, attainment, curves and commission tables (docs/money.md §1-§4, §7)."""

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


def label(months: list[Month], size: int) -> str:
    """§1: period labels `2024-03`, `2024-Q1`, `2024`."""
    y, m = months[0]
    return {1: f"{y}-{m:02d}", 3: f"{y}-Q{(m - 1) // 3 + 1}", 12: f"{y}"}[size]


def cut_periods(months: list[Month], size: int) -> list[dict]:
    """§1: calendar-aligned runs of `size` months cut from the first month; the last may be partial.

    Each period: label, year, idx (history row indices), n (months present), calendar (all the
    calendar months of the period, for whole-window tier targets) and closes_year (last month is a
    December)."""
    out = []
    for start in range(0, len(months), size):
        idx = list(range(start, min(start + size, len(months))))
        y, m = months[start]
        out.append({"label": label([months[start]], size), "year": y, "idx": idx, "n": len(idx),
                    "calendar": [(y, m + k) for k in range(size)],
                    "closes_year": months[idx[-1]][1] == 12})
    return out


def resolve_targets(goal: dict, years: list[int], file_targets: dict) -> dict[Month, float]:
    """§2: monthly targets of every month of every year (January-December, beyond the history too).

    1. period_targets give their months; 2. else the annual target (goal, then targets file);
    3. summed metrics spread `annual − Σ overrides` over the other months by profile weight;
    4. ratio / accuracy: the annual level in every month, overrides replace a month;
    5. target_pct scales the result."""
    agg = METRICS[goal["metric"]][0]
    out: dict[Month, float] = {}
    for y in years:
        overrides = {m: v for (oy, m), v in goal["period"].items() if oy == y}
        annual = goal["annual"].get(y, file_targets.get((y, goal["metric"])))
        monthly = dict(overrides)
        rest = [m for m in range(1, 13) if m not in overrides]
        if rest and annual is None:
            raise ValueError(f"goal {goal['id']}: no target for {y} (months {rest} have no override)")
        if agg == SUM and rest:
            remaining = annual - sum(overrides.values())
            if remaining <= 0:
                raise ValueError(f"goal {goal['id']}, {y}: overrides reach or exceed the annual target (§2.3)")
            wsum = sum(goal["weights"][m - 1] for m in rest)
            for m in rest:
                monthly[m] = remaining * goal["weights"][m - 1] / wsum
        elif rest:
            for m in rest:
                monthly[m] = annual
        for m in range(1, 13):
            out[(y, m)] = monthly[m] * goal["target_pct"] / 100.0
    return out


class Data:
    """The history columns, the goals' monthly targets, and memoised window attainments."""

    def __init__(self, months: list[Month], cols: dict[str, list[float]], goals: dict, file_targets: dict,
                 scores: dict | None = None):
        self.months, self.cols, self.goals = months, cols, goals
        self.scores = scores or {}  # §9: (goal, scoring period label) -> percent
        years = sorted({y for y, _ in months})
        self.targets = {gid: resolve_targets(g, years, file_targets) for gid, g in goals.items()
                        if g["metric"] != "objective"}
        self._att: dict = {}

    def score(self, goal_id: str, month: Month) -> float:
        """§9: the score of the scoring period a month falls in (0 when not scored)."""
        y, m = month
        k = self.goals[goal_id]["scored_months"]
        label = {1: f"{y}-{m:02d}", 3: f"{y}-Q{(m - 1) // 3 + 1}", 6: f"{y}-H{(m - 1) // 6 + 1}", 12: f"{y}"}[k]
        return self.scores.get((goal_id, label), 0.0)

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
