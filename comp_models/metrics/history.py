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

    @property
    def months(self) -> list[str]:
        return self.frame["month"].tolist()

    def column(self, name: str) -> np.ndarray:
        return self.frame[name].to_numpy(dtype=np.float64)
