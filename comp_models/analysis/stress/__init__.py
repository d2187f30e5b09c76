"""Named perturbations of a monthly history: stress tests and the +1% levers of the gradients.

Every perturbation is a pure function `(columns, strength) -> columns`: `columns` maps history
column names to arrays of shape (..., M) (M months on the last axis; any leading shape), the
result has the same keys and shapes, and the input is never modified. A perturbation touches
only the columns present, so it works on a history that lacks some columns.

How a move travels through the business (the sample data's own rules, DATA_DICTIONARY.md):
- Volumes above SQL (inquiries, MQLs, SALs) moving on their own create nothing downstream:
  more MQLs from the same SQLs is lower conversion, not more business.
- From SQLs on, downstream volumes follow at held rates, with the funnel's lags: pipeline
  30% in the SQL's month and 70% the next month; won deals 10/35/40/15% 1-4 months later.
  A lag is applied to the relative change: factor_t = 1 + sum_j w_j (f_{t-j} - 1), with no
  change before the first month; what would land after the last month is outside the history.
- Won deals carry bookings, discount and cycle days with them (deal size, discount rate and
  average cycle held).
- Bookings become revenue as subscription revenue does: a month's bookings add bookings / 12
  of monthly recurring revenue, 60% the next month, 30% after two and 10% after three, and
  recurring revenue churns 1.8% a month. So revenue reacts to a bookings change slowly and
  partially within the history window; gross profit moves with revenue at the month's margin.
- Subsets are floored to their parents afterwards (sqls <= sals <= mqls <= inquiries, ...).

Modules: `funnel` (the lags, revenue from bookings and the scaling helpers above), `levers` (the
+1% moves `LEVERS` that `comp_models.analysis.gradients` uses for finite differences),
`stresses` (the named stress tests `STRESSES`) and `run` (the stacked replay of many perturbed
histories, the payout % per comparison period and the stress table `stress_tests`).
"""

from comp_models.analysis.stress.funnel import (MONTHLY_CHURN, PIPELINE_LAG, REVENUE_LAG, WIN_LAG, Columns,
                                                lagged_factor, revenue_from_bookings)
from comp_models.analysis.stress.levers import FUNNEL_LEVERS, LEVERS, METRIC_LEVERS, Perturbation
from comp_models.analysis.stress.run import (TOLERANCE, PayoutSeries, base_columns, company_totals, payout_series,
                                             role_totals, stacked_replay, stress_frame, stress_strengths, stress_tests)
from comp_models.analysis.stress.stresses import STRESSES

__all__ = ["Columns", "Perturbation", "STRESSES", "LEVERS", "FUNNEL_LEVERS", "METRIC_LEVERS",
           "lagged_factor", "revenue_from_bookings", "stacked_replay", "stress_tests", "stress_strengths",
           "role_totals", "company_totals", "PayoutSeries", "payout_series", "TOLERANCE",
           "base_columns", "stress_frame", "MONTHLY_CHURN", "PIPELINE_LAG", "REVENUE_LAG", "WIN_LAG"]
