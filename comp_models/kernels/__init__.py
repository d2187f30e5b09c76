"""Compiled loops for large arrays: each does in one pass, element by element, exactly the floating-point
operations of the numpy code it stands in for, in the same order, so the results are the same bit for bit
(tests/kernels checks each against that numpy code).

numpy runs a chain like `round_cents` (multiply, round to 4 decimals, abs, add, floor, copysign, divide) as
one pass over memory per operation, each allocating or rewriting the whole array; over a simulated chunk of
25,000 years that is most of the time a replay spends outside the window sums. The loops are numba functions
compiled once and kept on disk (`cache=True`), and release the interpreter lock, so the chunks of a
simulation run on both cores.

Loading them costs about 0.4 s once per process (importing numba, then the compiled code from its disk cache;
about 1 s more the very first time, compiling it), which a replay repays only from a few hundred thousand
monthly values. So the engine loads them for a replay of at least `LOAD_MIN` monthly values (20,000 simulated
years; `load_for`), and once loaded they take every array of at least `KERNEL_MIN` elements. Until then, and
below `KERNEL_MIN` (the app's replays of a history, the Alignment lab's default 10,000 years), the numpy code
runs and numba is never imported. `COMP_ALIGN_KERNELS=0` turns them off (the numpy code everywhere).

Imports nothing from comp_models.
"""

from __future__ import annotations

import os
from types import ModuleType

import numpy as np

KERNEL_MIN = 16_384  # elements; below it the numpy code is as fast
LOAD_MIN = 240_000  # monthly values in one replay (20,000 simulated years): from here the loops are loaded

_compiled: ModuleType | None = None  # comp_models.kernels._loops once imported


def enabled() -> bool:
    """Whether the compiled loops may be used (not turned off by COMP_ALIGN_KERNELS=0)."""
    return os.environ.get("COMP_ALIGN_KERNELS", "1") != "0"


def active() -> bool:
    """Whether the compiled loops are loaded (`load_for`) and not turned off."""
    return _compiled is not None and enabled()


def load_for(values: int) -> None:
    """Load the compiled loops for a replay of `values` monthly values when it is large enough to repay
    loading them (at least LOAD_MIN), unless they are turned off."""
    if values >= LOAD_MIN and _compiled is None and enabled():
        compiled()


def flat(x: object, size_from: int = KERNEL_MIN) -> np.ndarray | None:
    """x as a 1-D float64 view in its memory order when a compiled loop should take it: the loops are loaded
    (`active`), and x is a float64 array of at least `size_from` elements, contiguous in C or Fortran order.
    Else None (the caller runs numpy)."""
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64 and x.size >= size_from and active()):
        return None
    if not (x.flags.c_contiguous or x.flags.f_contiguous):
        return None
    return x.ravel(order="K")  # a view: x is contiguous


def compiled() -> ModuleType:
    """The compiled loops (`comp_models.kernels._loops`), imported on first use (numba is imported then)."""
    global _compiled
    if _compiled is None:
        import importlib
        _compiled = importlib.import_module("comp_models.kernels._loops")
    return _compiled


def like(x: np.ndarray) -> np.ndarray:
    """An uninitialised array of x's shape in x's memory layout (C or Fortran)."""
    return np.empty_like(x, order="K")
