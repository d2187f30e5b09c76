"""What "the two VPs" means, and the statistics every alignment measure shares.

Alignment compares two plans: the scenario's first two roles (`vp_pair`). Payout % is
earned / target variable * 100, NaN where the target variable is 0 (undefined, never 0%).
Co-movement is a Pearson correlation over finite pairs. A conflict is one VP at >= 100% of
target while the other is below the threshold. One definition of each, used by the history
measures, the stress tests, the Monte Carlo and the optimiser.
"""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray
from comp_models.errors import InputError, Issue
from comp_models.plans import Scenario

# A conflict: one VP earns >= 100% of target while the other earns below this % of target.
# 70% is the low end of where executive plans put their threshold band (DOMAIN.md: thresholds
# at 70-90% attainment; a standard 80%->50%, 100%->100% curve pays 70% at 88% attainment).
DEFAULT_CONFLICT_THRESHOLD = 70.0


def vp_pair(scenario: Scenario) -> tuple[str, str]:
    """The two roles whose plans are compared: the scenario's first two.

    Raises InputError for a scenario with fewer than two roles (there is nothing to align).
    """
    roles = list(scenario.roles)
    if len(roles) < 2:
        raise InputError([Issue(scenario.name, "roles", f"alignment compares two plans; this scenario has {len(roles)}",
                                "add a second role (e.g. vp_marketing) to compare the plans")])
    return roles[0], roles[1]


def payout_pct(earned: FloatArray, target_variable: FloatArray | float) -> FloatArray:
    """100 * earned / target variable; NaN where the target variable is not positive."""
    target = np.asarray(target_variable, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(target > 0, 100.0 * np.asarray(earned, dtype=np.float64) / target, np.nan)


def co_movement(x: FloatArray, y: FloatArray) -> float:
    """Pearson correlation over the finite pairs; NaN with fewer than 3 pairs or a constant series."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.all():  # the finite pairs only (no copy when every pair is finite, as in most simulations)
        x, y = x[ok], y[ok]
    if x.size < 3:
        return float("nan")
    if x.min() == x.max() or y.min() == y.max():  # a constant series (np.ptp == 0)
        return float("nan")
    return float(np.clip(np.corrcoef(x, y)[0, 1], -1.0, 1.0))


def conflict_mask(pct_a: FloatArray, pct_b: FloatArray,
                  threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD) -> np.ndarray:
    """Conflict: one VP earns >= 100% of target while the other earns below `threshold_pct` of target.
    Undefined payouts (NaN) are never a conflict; count them out of the denominator with `np.isfinite`."""
    a, b = np.asarray(pct_a), np.asarray(pct_b)
    return ((a >= 100.0) & (b < threshold_pct)) | ((b >= 100.0) & (a < threshold_pct))
