"""What the engine replays: monthly columns and each goal's monthly targets, from a history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from comp_models.dates import month_in_plan_year, month_ordinal, month_text
from comp_models.engine.objectives import objective_columns
from comp_models.errors import InputError, Issue
from comp_models.metrics import HISTORY_COLUMNS, METRICS, History, columns_for
from comp_models.periods import resolve_targets
from comp_models.plans import Scenario
from comp_models.types import FloatArray, IntArray


class MonthColumns(Mapping):
    """Monthly columns (S, M) that are made when first read (simulated years: each column gathered from its
    source months only if something reads its months). `n_scenarios` is S without making a column. The sums
    methods may give a column's window sums without its months: the same values as the engine's own
    additions (each window's months in order; running totals from month 0), or None to let the engine add
    the months."""

    n_scenarios: int

    def tiled_sum(self, name: str, n: int, width: int) -> FloatArray | None:
        """(S, n) the sums of n windows of `width` months from month 0."""
        return None

    def tiled_abs_error_sum(self, actual: str, forecast: str, n: int, width: int) -> FloatArray | None:
        """`tiled_sum` of the monthly absolute errors |actual − forecast| (a forecast accuracy's), each month's
        taken first, as the engine takes them."""
        return None

    def running_differences(self, name: str, start: IntArray, end: IntArray) -> FloatArray | None:
        """(S, W) the column's running total at `end` minus its running total at `start` (the running total
        of month 0 is 0, then the months added in order), or None to let the engine add the months."""
        return None


@dataclass(frozen=True)
class Performance:
    """Monthly performance to replay: columns (S, M) and each goal's monthly targets.

    columns: a dict, or a `MonthColumns` (simulated years, each column made when first read).
    Targets may run past the last month (to the year's end, length >= M): windows inside the
    history read only their own months; a commission tier window that the history ends inside
    reads its whole target."""

    months: list[str]
    columns: dict[str, FloatArray] | MonthColumns
    targets: dict[str, FloatArray]

    @property
    def n_scenarios(self) -> int:
        if isinstance(self.columns, MonthColumns):
            return self.columns.n_scenarios
        return next(iter(self.columns.values())).shape[0]


def required_columns(scenario: Scenario) -> list[str]:
    cols = {c for g in scenario.goals.values() for c in columns_for(METRICS[g.metric])}
    return sorted(cols)


def missing_columns(scenario: Scenario, history: History) -> list[Issue]:
    """One problem per history column a goal of the scenario needs and the history lacks, naming the
    goals that need it and how to add it."""
    have = set(history.frame.columns)
    needs: dict[str, list[str]] = {}
    for gid, goal in scenario.goals.items():
        for col in columns_for(METRICS[goal.metric]):
            if col not in have:
                needs.setdefault(col, []).append(f"{goal.display_label} ({gid})")
    return [Issue(history.source, f"column {col}", f"this history has no {col} ({HISTORY_COLUMNS[col][1]}), which "
                  f"the goal{'s' if len(goals) > 1 else ''} {', '.join(goals)} of this plan need"
                  f"{'' if len(goals) > 1 else 's'}",
                  f"map a column to {col} on the Data page (or add it to the file), or open a plan that does not "
                  f"pay on it")
            for col, goals in sorted(needs.items())]


def performance(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float],
                scenario_file: str = "<scenario>", targets_file: str | None = None) -> Performance:
    """History (S = 1) and the scenario's goals resolved into monthly targets. Raises InputError
    naming every column a goal needs and the history lacks."""
    missing = missing_columns(scenario, history)
    if missing:
        raise InputError(missing)
    months = history.months
    columns = {c: history.column(c)[None, :] for c in history.frame.columns if c != "month"}
    columns.update(objective_columns(scenario, months))  # the CEO's scores, as monthly series
    return Performance(months, columns, resolve_targets(scenario, through_year_end(months, scenario.fiscal_year_start),
                                                        annual_targets,
                                                        scenario_file, targets_file))


def through_year_end(months: list[str], fiscal_year_start: int = 1) -> list[str]:
    """The months, extended to the last month of the last plan year: a quarter's or year's commission
    tiers need that window's whole target even when the history stops inside it."""
    last = month_ordinal(months[-1])
    rest = 11 - month_in_plan_year(months[-1], fiscal_year_start)
    return months + [month_text(last + i) for i in range(1, rest + 1)]
