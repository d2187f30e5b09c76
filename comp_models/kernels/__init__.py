"""Compiled loops for large arrays: each does in one pass, element by element, exactly the floating-point
operations of the numpy code it stands in for, in the same order, so the results are the same bit for bit
(tests/kernels checks each against that numpy code).

numpy runs a chain like `round_cents` (multiply, round to 4 decimals, abs, add, floor, copysign, divide) as
one pass over memory per operation, each allocating or rewriting the whole array; over a simulated chunk of
25,000 years that is most of the time a replay spends outside the window sums. The loops are numba functions
compiled once and kept on disk (`cache=True`), and release the interpreter lock, so the chunks of a
simulation run on both cores.

Loading them costs about 0.4 s of one core, once per process (importing numba, then each loop's machine code
from its disk cache; about 1 s more the very first time, compiling them), and they save about a quarter of
a replay's time: 5-10 ms per 100,000 simulated years. One simulation, even of 1,000,000 years, does not repay
that (measured: its first call in a fresh process 0.73-0.96 s without them, 1.19-1.39 s loading them on a
background thread, which competes with the simulation's own threads for the interpreter). A process that
simulates again does (the app's server, a notebook, a benchmark). So the loops are loaded at a process's
second replay of at least `LOAD_MIN` monthly values (20,000 simulated years; `load_for`), and from then on the
element-by-element loops (rounding to the cent, curves, attainment) take every array of at least
`ELEMENTWISE_MIN` elements and the window sums every array of at least `KERNEL_MIN`. Smaller work (the app's
replays of a history, the Alignment lab's default 10,000 years) never counts and never imports numba.
`COMP_ALIGN_KERNELS=0` turns them off (the numpy code everywhere).

Imports nothing from comp_models.
"""

from __future__ import annotations

import os
import threading
from types import ModuleType

import numpy as np

KERNEL_MIN = 16_384  # elements of a window sum; below it the numpy code is as fast
ELEMENTWISE_MIN = 2_048  # elements of an element-by-element loop; below it numpy's few calls are as fast
LOAD_MIN = 240_000  # monthly values in one replay (20,000 simulated years) that counts as large
LOAD_AFTER = 2  # the loops are loaded at a process's second large replay

_compiled: ModuleType | None = None  # comp_models.kernels._loops once loaded and warm
_large_replays = 0  # replays of at least LOAD_MIN monthly values so far (`load_for`)
_lock = threading.Lock()  # guards _large_replays
_load_lock = threading.Lock()  # one load at a time


def enabled() -> bool:
    """Whether the compiled loops may be used (not turned off by COMP_ALIGN_KERNELS=0)."""
    return os.environ.get("COMP_ALIGN_KERNELS", "1") != "0"


def active() -> bool:
    """Whether the compiled loops are loaded (`load_for`) and not turned off."""
    return _compiled is not None and enabled()


def load_for(values: int) -> None:
    """Count a replay of `values` monthly values; load the compiled loops (synchronously, ~0.4 s) at the
    LOAD_AFTER-th replay of at least LOAD_MIN values in this process, unless they are turned off."""
    global _large_replays
    if values < LOAD_MIN or _compiled is not None or not enabled():
        return
    with _lock:
        _large_replays += 1
        due = _large_replays >= LOAD_AFTER
    if due:
        compiled()


def flat(x: object, size_from: int = ELEMENTWISE_MIN) -> np.ndarray | None:
    """x as a 1-D float64 view in its memory order when a compiled loop should take it: the loops are loaded
    (`active`), and x is a float64 array of at least `size_from` elements, contiguous in C or Fortran order.
    Else None (the caller runs numpy)."""
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64 and x.size >= size_from and active()):
        return None
    if not (x.flags.c_contiguous or x.flags.f_contiguous):
        return None
    return x.ravel(order="K")  # a view: x is contiguous


def compiled() -> ModuleType:
    """The compiled loops (`comp_models.kernels._loops`), loaded on first use: numba imported, each loop's
    machine code read from its disk cache (`_loops.warm`). Only then do `active` and `flat` see them."""
    global _compiled
    if _compiled is None:
        with _load_lock:
            if _compiled is None:
                import importlib
                module = importlib.import_module("comp_models.kernels._loops")
                module.warm()
                _compiled = module
    return _compiled


def like(x: np.ndarray) -> np.ndarray:
    """An uninitialised array of x's shape in x's memory layout (C or Fortran)."""
    return np.empty_like(x, order="K")
