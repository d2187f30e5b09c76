"""Payout primitives: curves, the two-goal matrix and commission tier tables.

Pure, vectorised functions of attainment or amounts: arrays of any shape in, the same shape out.
One small module per kind of scale (after OpenFisca-core's taxscales): `curves` (piecewise-linear
payout curves), `matrix` (a payout looked up from two goals' levels) and `tiers/` (commission
tables in their three modes: marginal, retroactive, interpolated). Imports only
`comp_models.types`; knows nothing of plans, periods or money.
"""

from comp_models.payouts.curves import CurvePoints, curve_payout, curve_segment
from comp_models.payouts.matrix import matrix_payout
from comp_models.payouts.tiers import tiered_commission

__all__ = ["CurvePoints", "curve_payout", "curve_segment", "matrix_payout", "tiered_commission"]
