"""Freed memory kept for reuse while large simulations run (glibc's malloc), so that temporaries are not
handed back to the kernel and faulted in again on the next chunk.

A replay of 25,000 simulated years allocates and frees a few MB of temporaries per line, chunk after chunk.
By default glibc returns freed memory at the top of its heap to the kernel, and serves an array above its
mmap threshold from fresh pages; either way the next chunk's arrays start on pages the kernel must map and
zero again. On the 2-core VM this was measured on, that was up to 10,000 page faults per replay of 100,000
years (Siloed; none in some processes, as glibc's moving thresholds happen to settle), about 2.5 µs each:
up to 25 ms, as long as the arithmetic itself (README, "Performance"). A replay of 100,000 years in one
call, with every line's detail, holds between 512 MB and 1 GB of temporaries at its peak: with 128 MB kept,
glibc handed it all back at the end and the next replay faulted 56,000 pages in again (half its time: 250
against 146 ms warm, one core).

`keep_freed_memory()` sets two of malloc's thresholds (`mallopt`): freed memory at the top of the heap is
returned to the kernel only beyond `COMP_ALIGN_KEEP_MEMORY_MB` (default 1024) MB (M_TRIM_THRESHOLD), and
arrays up to 32 MB come from the heap (M_MMAP_THRESHOLD: the most glibc's own moving threshold reaches, fixed
there from the start). The chunks, and replays of up to about 100,000 years in one call, then reuse the same
pages: no faults (measured: 0 per replay). Larger arrays (above 32 MB, as in a replay of 1,000,000 years in
one call) are mapped for each call as before. It is called by the engine on its first large array
(`engine.windows.Windows`), never for a history of a few years, so the app's replays leave malloc as it is.
What it costs: a process keeps resident up to that much of the memory it freed, never more than its own peak
(what it once held, it may keep; a server whose simulations stream in chunks of 25,000 years peaks far
below). `COMP_ALIGN_KEEP_MEMORY_MB` sets less; 0 leaves malloc alone; on a C library other than glibc it does
nothing.

Imports nothing from comp_models.
"""

from __future__ import annotations

import ctypes
import os
import platform

KEEP_MB_DEFAULT = 1024  # a replay of 100,000 years in one call peaks between 512 MB and 1 GB
HEAP_ARRAYS_MB = 32  # arrays up to this size from the heap
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's <malloc.h>

_applied: bool | None = None  # None: not asked yet


def keep_mb() -> int:
    """The MB to keep (COMP_ALIGN_KEEP_MEMORY_MB, default KEEP_MB_DEFAULT; 0 or an unreadable value: none)."""
    raw = os.environ.get("COMP_ALIGN_KEEP_MEMORY_MB", str(KEEP_MB_DEFAULT)).strip()
    try:
        return min(max(int(raw), 0), 2047)  # mallopt takes an int of bytes
    except ValueError:
        return 0


def keep_freed_memory() -> bool:
    """Ask glibc's malloc, once per process, to keep `keep_mb()` MB of freed memory for reuse. True when it
    is set (now or earlier), False when turned off or not glibc."""
    global _applied
    if _applied is None:
        _applied = False
        mb = keep_mb()
        if mb and platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
            try:
                libc = ctypes.CDLL(None)  # the process's own C library
                _applied = bool(libc.mallopt(ctypes.c_int(M_TRIM_THRESHOLD), ctypes.c_int(mb << 20))
                                and libc.mallopt(ctypes.c_int(M_MMAP_THRESHOLD), ctypes.c_int(HEAP_ARRAYS_MB << 20)))
            except (OSError, AttributeError):
                _applied = False
    return _applied


def applied() -> bool | None:
    """Whether `keep_freed_memory` has set malloc (None: never asked in this process)."""
    return _applied
