"""Commission tier tables in the three modes ICM suites offer, one module per mode.

A table is a list of tier starts (ascending) with a rate (marginal, retroactive) or a money amount
per band (interpolated); the last band ends at an optional ceiling. `tiered_commission` picks the
mode's function; each mode's module states its rule.
"""

from __future__ import annotations

import numpy as np

from comp_models.payouts.tiers.bands import band_ends
from comp_models.payouts.tiers.interpolated import interpolated_commission
from comp_models.payouts.tiers.marginal import marginal_commission
from comp_models.payouts.tiers.retroactive import retroactive_commission
from comp_models.types import FloatArray, TierMode


def tiered_commission(amount: FloatArray, starts: FloatArray, mode: TierMode, *, rates_pct: FloatArray | None = None,
                      tier_amounts: FloatArray | None = None, ceiling: FloatArray | float | None = None) -> FloatArray:
    """Commission earned on `amount` from a tier table.

    amount: any shape (..., ); starts: tier starts broadcastable to (..., T), ascending.
    marginal     -- each band [start_t, start_t+1) at its own rate (last band open unless ceiling).
    retroactive  -- the highest reached tier's rate on the whole amount (amount capped at ceiling).
    interpolated -- tier_amounts[t] earned pro rata across band t; the last band ends at ceiling.
    """
    x = np.asarray(amount, dtype=np.float64)[..., None]
    starts = np.asarray(starts, dtype=np.float64)
    ends = band_ends(starts, ceiling)
    if mode is TierMode.MARGINAL:
        return marginal_commission(x, starts, ends, np.asarray(rates_pct, dtype=np.float64))
    if mode is TierMode.RETROACTIVE:
        return retroactive_commission(x, starts, np.asarray(rates_pct, dtype=np.float64), ceiling)
    return interpolated_commission(x, starts, ends, np.asarray(tier_amounts, dtype=np.float64))


__all__ = ["band_ends", "interpolated_commission", "marginal_commission", "retroactive_commission",
           "tiered_commission"]
