"""A plan's component basis on a set of windows: actual, target, attainment, payout %, earned."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from comp_models.types import FloatArray

DETAIL_FIELDS = ("actual", "target", "attainment", "payout_pct", "earned")


class Detail(Mapping):
    """A plan's component basis on a set of windows: field -> (S, W, K) array (see DETAIL_FIELDS).

    payout_pct and earned are computed for every scenario; actual, target and attainment are the
    goals' own arrays ((S, W), or (W,) for a target the same in every scenario), referenced per
    component and stacked into (S, W, K) only when read (statements do, simulations do not).
    """

    LAZY = ("actual", "target", "attainment")

    def __init__(self, s: int, w: int, k: int):
        self.shape = (s, w, k)
        # component-major memory behind (S, W, K) views: each component writes one contiguous block
        self.eager = {f: np.empty((k, s, w)).transpose(1, 2, 0) for f in ("payout_pct", "earned")}
        self.sources: dict[str, list[FloatArray | None]] = {f: [None] * k for f in self.LAZY}
        self._built: dict[str, FloatArray] = {}

    def measure(self, i: int, actual: FloatArray, target: FloatArray, attainment: FloatArray) -> None:
        """Component i is measured on a goal: keep references to its arrays (no copy)."""
        self.sources["actual"][i], self.sources["attainment"][i] = actual, attainment
        self.sources["target"][i] = target

    def copy_components(self, other: "Detail", idx: list[int]) -> None:
        """Take components idx (e.g. commission, measured on periods) from another Detail."""
        for f in ("payout_pct", "earned"):
            self.eager[f][:, :, idx] = other.eager[f][:, :, idx]
        for f in self.LAZY:
            for i in idx:
                self.sources[f][i] = other.sources[f][i]

    def finish(self) -> "Detail":
        return self

    def __getitem__(self, field: str) -> FloatArray:
        if field in self.eager:
            return self.eager[field]
        if field not in self.LAZY:
            raise KeyError(field)
        if field not in self._built:
            out = np.full(self.shape, np.nan)
            for i, src in enumerate(self.sources[field]):
                if src is not None:
                    out[:, :, i] = src
            self._built[field] = out
        return self._built[field]

    def __iter__(self):
        return iter(DETAIL_FIELDS)

    def __len__(self) -> int:
        return len(DETAIL_FIELDS)
