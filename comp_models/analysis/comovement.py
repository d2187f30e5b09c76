"""Co-movement (docs/alignment.md section 2): the correlation of the two VPs' payout % over the
history's comparison periods and across simulated years, the joint-outcome rate (both at or
above target, or both below) and each VP's correlation with company revenue per period.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

import comp_models.analysis.pairing as pairing
from comp_models.analysis._common import _Base, _base, _monte_carlo
from comp_models.analysis.pairing import vp_pair
from comp_models.analysis.stress.run import PayoutSeries
from comp_models.engine import Windows
from comp_models.metrics import History
from comp_models.plans import Scenario
from comp_models.types import FloatArray

__all__ = ["CoMovement", "co_movement"]


# ---------------------------------------------------------------------------------------
# 2. Co-movement


@dataclass(frozen=True)
class CoMovement:
    """history: corr of the two VPs' payout % over the comparison periods (rho);
    joint_outcome_rate: share of periods (both payouts defined) where both are >= 100% or both < 100%;
    revenue_correlation: VP -> corr of its payout % with revenue per period (history);
    simulated: corr across simulated years (None when not simulated); columns: per period, the
    period, each VP's payout % and revenue; `table` is the same as a frame (built when first read)."""

    history: float
    n_periods: int
    basis: str
    joint_outcome_rate: float
    revenue_correlation: dict[str, float]
    simulated: float | None
    n_years: int
    columns: dict[str, Any]

    @cached_property
    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.columns)


def _period_revenue(windows: Windows, series: PayoutSeries) -> FloatArray:
    if "revenue" not in windows.perf.columns:
        return np.full(len(series.labels), np.nan)
    return windows.col_sum("revenue", series.start, series.end)[0]


def _co_movement(scenario: Scenario, base: _Base, mc=None) -> CoMovement:
    pair = vp_pair(scenario)
    series = base.series
    pct = {r: series.pct[r][0] for r in pair}
    revenue = _period_revenue(base.windows, series)
    a, b = pct[pair[0]], pct[pair[1]]
    rho = pairing.co_movement(a, b)
    ok = np.isfinite(a) & np.isfinite(b)
    joint = float(np.mean((a[ok] >= 100) == (b[ok] >= 100))) if ok.any() else float("nan")
    table = {"period": series.labels, **{f"{r}_pct": v for r, v in pct.items()}, "revenue": revenue}
    sim = None if mc is None else pairing.co_movement(mc.payout_pct[pair[0]], mc.payout_pct[pair[1]])
    return CoMovement(rho, len(series.labels), series.basis, joint,
                      {r: pairing.co_movement(v, revenue) for r, v in pct.items()},
                      sim, 0 if mc is None else mc.n_years, table)


def co_movement(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float], *,
                simulations: int = 0, seed: int = 7, mc=None) -> CoMovement:
    """Correlation of the two VPs' payout % across periods of the history and, with
    `simulations` > 0 (or a MonteCarlo `mc`), across simulated years. Studies the scenario as
    designed (`Scenario.as_designed()`)."""
    scenario = scenario.as_designed()
    vp_pair(scenario)
    mc = mc if mc is not None else _monte_carlo(scenario, history, annual_targets, simulations, seed)[0]
    return _co_movement(scenario, _base(scenario, history, annual_targets), mc)

