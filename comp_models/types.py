"""Type aliases and closed sets used across the library."""

from __future__ import annotations

from enum import Enum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class Direction(str, Enum):
    """Whether more of a metric is better (revenue) or less is better (cost per lead)."""

    HIGHER = "higher_is_better"
    LOWER = "lower_is_better"
    BUDGET = "budget"  # spend against a budget: on or under budget attains 100%, overspend less


class Aggregation(str, Enum):
    """How a metric is computed for a period from monthly rows."""

    SUM = "sum"  # summed over the months
    RATIO = "ratio"  # ratio of sums: sum(numerator) / sum(denominator)
    ACCURACY = "accuracy"  # 1 - sum(|actual - forecast|) / sum(forecast) over the months, floored at 0
    SCORE = "score"  # an objective's score (percent), the mean over the months; each score holds for its scoring period


class Period(str, Enum):
    """Measurement period of a plan."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "annual": 12}[self.value]


class TrueUp(str, Enum):
    """How period payouts are reconciled with the year.

    none   -- each period is final; the year is the sum of its periods.
    annual -- period payouts are advances; at the last period of the year the plan is
              re-measured on full-year attainment and the difference is paid (a true-up line).
    ytd    -- each period re-measures year-to-date attainment and pays earned-to-date
              minus what earlier periods of the year earned.
    """

    NONE = "none"
    ANNUAL = "annual"
    YTD = "ytd"


class TierMode(str, Enum):
    """How a commission rate table applies to an amount (the three modes ICM suites offer)."""

    MARGINAL = "marginal"  # each band at its own rate, tax-bracket style
    RETROACTIVE = "retroactive"  # the highest reached tier's rate on the whole amount
    INTERPOLATED = "interpolated"  # a money amount per tier, earned pro rata within the tier


class TierBasis(str, Enum):
    """Unit of commission tier boundaries."""

    AMOUNT = "amount"  # currency amounts of the metric
    ATTAINMENT = "attainment"  # percent of the accumulation window's target


class Accumulate(str, Enum):
    """Where a commission's tier position is measured."""

    PERIOD = "period"  # on the measurement period's amount alone
    QUARTER = "quarter"  # on the cumulative amount within the calendar quarter
    YEAR = "year"  # on the cumulative amount within the calendar year

    @property
    def months(self) -> int:
        return {"period": 0, "quarter": 3, "year": 12}[self.value]
