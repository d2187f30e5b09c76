"""Where each band of a tier table ends: at the next tier's start, the last at the ceiling."""

from __future__ import annotations

import numpy as np

from comp_models.types import FloatArray


def band_ends(starts: FloatArray, ceiling: FloatArray | float | None) -> FloatArray:
    """Ends (..., T) of the bands starting at `starts` (..., T): the next start, then the ceiling (inf if none)."""
    ceil = np.inf if ceiling is None else np.asarray(ceiling, dtype=np.float64)
    last_end = np.broadcast_to(np.asarray(ceil, dtype=np.float64), starts.shape[:-1])[..., None]
    return np.concatenate([starts[..., 1:], last_end], axis=-1)
