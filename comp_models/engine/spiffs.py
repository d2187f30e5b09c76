"""SPIFFs and one-off awards (docs/money.md §15): outside the weights and outside the ledger.

An award is measured on its window's months and paid to each of its roles in the role's period
holding the window's last month: a fixed `amount`, or `rate_pct` of the goal's actual, when the
condition (min_actual, or min_attainment) holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from comp_models.engine.rounding import round_cents
from comp_models.engine.windows import Windows
from comp_models.periods import PeriodGrid
from comp_models.plans import Scenario, Spiff
from comp_models.types import FloatArray


@dataclass(frozen=True)
class SpiffAward:
    """A SPIFF paid in one of a role's periods; arrays are (S,)."""

    index: int  # in scenario.spiffs
    spiff: Spiff
    period: int
    amount: FloatArray  # cents, per scenario
    actual: FloatArray | None  # the goal's actual over the window (when the award has a goal)
    attainment: FloatArray | None
    met: FloatArray  # 1 where the condition holds (or there is none), else 0


def spiff_window(spiff: Spiff, months: list[str]) -> tuple[int, int] | None:
    """Month indices [start, end) of the award's window, or None when it is not wholly in the history."""
    index = {m: i for i, m in enumerate(months)}
    if spiff.start not in index or spiff.end not in index:
        return None
    return index[spiff.start], index[spiff.end] + 1


def spiff_awards(scenario: Scenario, role: str, win: Windows, grid: PeriodGrid) -> list[SpiffAward]:
    """The role's SPIFF awards that its history can pay (measured windows, the end month employed)."""
    months = win.perf.months
    out = []
    s = win.perf.n_scenarios
    for j, spiff in enumerate(scenario.spiffs):
        if role not in spiff.roles:
            continue
        window = spiff_window(spiff, months)
        if window is None:
            continue
        a, b = window
        period = int(np.searchsorted(grid.end, b - 1, side="right"))
        if period >= grid.n or grid.start[period] > b - 1:
            continue  # not employed (or no plan in force) in the window's last month
        actual = attainment = None
        met = np.ones(s)
        if spiff.goal is not None:
            act, _, att = win.goal(spiff.goal, np.array([a]), np.array([b]))
            actual, attainment = np.broadcast_to(act[:, 0], (s,)).copy(), np.broadcast_to(att[:, 0], (s,)).copy()
            if spiff.min_actual is not None:
                met = (actual >= spiff.min_actual).astype(float)
            elif spiff.min_attainment is not None:
                met = (attainment >= spiff.min_attainment).astype(float)
        if spiff.amount is not None:
            amount = np.full(s, float(round_cents(spiff.amount))) * met
        else:
            amount = round_cents(spiff.rate_pct / 100.0 * np.maximum(actual, 0.0)) * met
        out.append(SpiffAward(j, spiff, period, amount, actual, attainment, met))
    return out
