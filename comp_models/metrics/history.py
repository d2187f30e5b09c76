"""The validated monthly history: one row per month, oldest first, no gaps, from any month."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from comp_models.dates import plan_year


@dataclass(frozen=True)
class History:
    """Validated monthly history: one row per month, oldest first, no gaps. It may start in any month
    (docs/money.md §12): a history that starts after its plan year's first month starts with a
    partial plan year."""

    frame: pd.DataFrame  # columns: month (str YYYY-MM) + numeric columns, float64
    source: str = "<history>"
    # columns that are stated assumptions, not data (e.g. a CRM import's marketing spend): (column, how)
    assumed: tuple[tuple[str, str], ...] = ()
    # what is derived from this history once and read again (its months, columns, fitted year samplers): a
    # History is never changed after it is built, so each instance keeps its own (a new History starts empty)
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # a view of its own: pandas' copy-on-write keeps a caller's later in-place change of the frame it
        # passed out of this one (and so out of what the memo derived from it), without copying any data
        object.__setattr__(self, "frame", self.frame.copy(deep=False))

    def __setstate__(self, state: dict) -> None:
        """Unpickled (st.cache_data hands back unpickled copies): the kept columns are read-only again, as
        `column` gives them (pickle restores arrays writable)."""
        self.__dict__.update(state)
        for value in self.memo.values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    def __copy__(self) -> "History":
        """A copy with a memo of its own (the frame, never changed, is shared), as a new History has."""
        new = object.__new__(History)
        new.__dict__.update({**self.__dict__, "memo": {}})
        return new

    @property
    def months(self) -> list[str]:
        if "months" not in self.memo:
            self.memo["months"] = tuple(self.frame["month"].tolist())
        return list(self.memo["months"])

    def column(self, name: str) -> np.ndarray:
        """A numeric column as a read-only float64 array (read from the frame once)."""
        key = ("column", name)
        if key not in self.memo:
            values = self.frame[name].to_numpy(dtype=np.float64)
            values.flags.writeable = False  # shared by every reader (a view is read-only already; a converted copy too)
            self.memo[key] = values
        return self.memo[key]

    def yearly_totals(self, name: str, fiscal_year_start: int = 1) -> pd.Series:
        """Plan-year sums of a column (plan year -> total), plan years starting in `fiscal_year_start`
        and named by the calendar year they end in (1: calendar years); a partial first or last plan
        year sums the months the history has. Empty when the history has no such column."""
        if name not in self.frame:
            return pd.Series(dtype=float)
        years = self.frame["month"].map(lambda m: plan_year(m, fiscal_year_start)).astype(int).rename("year")
        return self.frame[name].groupby(years).sum()
