"""The validated monthly history: one row per month, January first, no gaps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class History:
    """Validated monthly history: one row per month, January first, no gaps."""

    frame: pd.DataFrame  # columns: month (str YYYY-MM) + numeric columns, float64
    source: str = "<history>"
    # columns that are stated assumptions, not data (e.g. a CRM import's marketing spend): (column, how)
    assumed: tuple[tuple[str, str], ...] = ()

    @property
    def months(self) -> list[str]:
        return self.frame["month"].tolist()

    def column(self, name: str) -> np.ndarray:
        return self.frame[name].to_numpy(dtype=np.float64)

    def yearly_totals(self, name: str) -> pd.Series:
        """Calendar-year sums of a column (year -> total); empty when the history has no such column."""
        if name not in self.frame:
            return pd.Series(dtype=float)
        years = self.frame["month"].str[:4].astype(int).rename("year")
        return self.frame[name].groupby(years).sum()
