"""Bootstrapped simulated years as engine columns made when first read (`DrawnMonths`), and their window sums
from per-window tables (`WindowTables`) instead of from their months.

A bootstrapped year's month m of a column is that month of the source year its block draws:
source[choice[i, (m + phase[i]) // block] * 12 + m] (`YearSampler`). Gathering every month of every column
of 25,000 simulated years is most of a simulation's draw, yet many plans read a column only through sums of
whole windows (a quarter, the plan year). A window's months come from the few slots of the draws that cover
it, so its sum is one of a few source sums: one per phase and per choice of source year in each slot it
touches. `WindowTables` adds those sums once per sampler (each window's months added in order, the engine's
own additions: the same values bit for bit), and a window sum of a simulated year is then one value read
from its table, not `width` months gathered and added.
"""

from __future__ import annotations

import threading

import numpy as np

from comp_models.engine import MonthColumns
from comp_models.types import FloatArray, IntArray

TABLE_MAX = 1 << 14  # sums in one window's table at most (128 KB): a longer history or a shorter block gathers
KEPT_MAX = 1 << 22  # sums one sampler's tables keep at most (32 MB); past it, the months are gathered


class WindowTables:
    """The sums of every window a bootstrap can give, per column and windows, kept for a sampler.

    source (C, Y*12): each column's Y detrended source years of 12 months; block: months per bootstrap block
    (12 or more: whole years). A window of months [a, b) reads, whatever the phase, slots first = a // block
    to last = (b − 1 + block − 1) // block of the draws (L = last − first + 1 slots); a simulated year's code
    is phase · Y^L + Σ_j choice[first + j] · Y^j, and the window's table holds the sum for every code (a
    phase that does not reach a slot gives the same sum whatever that slot drew)."""

    def __init__(self, source: FloatArray, block: int):
        self.source, self.block = source, min(int(block), 12)
        self.n_source = source.shape[1] // 12
        self._layouts: dict[tuple, list[tuple[int, int]] | None] = {}
        self._tables: dict[tuple, list[FloatArray]] = {}
        self._kept = 0  # sums in self._tables
        self._lock = threading.Lock()

    def phases(self) -> int:
        return 1 if self.block >= 12 else self.block

    def layout(self, windows: tuple[tuple[int, int], ...]) -> list[tuple[int, int]] | None:
        """Per window [first, end) of months: (first slot, slots); None when a table would be over TABLE_MAX
        sums (the caller adds months instead)."""
        if windows not in self._layouts:
            out: list[tuple[int, int]] | None = []
            for first_month, end_month in windows:
                first, last = first_month // self.block, (end_month - 1 + self.phases() - 1) // self.block
                if self.phases() * self.n_source ** (last - first + 1) > TABLE_MAX:
                    out = None
                    break
                out.append((first, last - first + 1))
            self._layouts[windows] = out
        return self._layouts[windows]

    def tables(self, columns: tuple[int, ...], windows: tuple[tuple[int, int], ...]) -> list[FloatArray] | None:
        """Per window [first, end), (codes,) the window's sum for every code: its months added in order, as
        the engine adds a window's months (and as its running totals do from month 0). columns: (c,), a
        column's months, or (a, f), the absolute errors |a − f| of two columns month by month (a forecast
        accuracy's), as the engine takes them. None when the windows have no tables (`layout`) or the tables
        kept would pass KEPT_MAX sums."""
        key = (columns, windows)
        if key not in self._tables:
            layout = self.layout(windows)
            if layout is None:
                return None
            size = sum(self.phases() * self.n_source ** slots for _, slots in layout)
            if self._kept + size > KEPT_MAX:
                return None
            built = []
            for (first_month, end_month), (first, slots) in zip(windows, layout):
                codes = np.arange(self.n_source ** slots)
                digits = [(codes // self.n_source ** j) % self.n_source for j in range(slots)]
                parts = []
                for p in range(self.phases()):
                    total = None
                    for m in range(first_month, end_month):
                        values = self._month(columns, digits[(m + p) // self.block - first] * 12 + m)
                        total = values if total is None else total + values
                    parts.append(total)
                built.append(np.concatenate(parts))
            with self._lock:
                if key not in self._tables:
                    self._tables[key] = built
                    self._kept += size
        return self._tables[key]

    def _month(self, columns: tuple[int, ...], at: IntArray) -> FloatArray:
        if len(columns) == 1:
            return self.source[columns[0]][at]
        return np.abs(np.subtract(self.source[columns[0]][at], self.source[columns[1]][at]))


class DrawnMonths(MonthColumns):
    """The bootstrapped months of simulated years i = 0 .. n−1, column -> (n, 12) month-major, each column
    gathered when first read; a column's window sums from its `WindowTables` when they have a table (its
    months are then never gathered). `given`: columns drawn otherwise (the objectives' simulated scores)."""

    def __init__(self, tables: WindowTables, columns: dict[str, int], choice: IntArray, phase: IntArray,
                 given: dict[str, FloatArray] | None = None):
        self._t, self._index, self._choice, self._phase = tables, columns, choice, phase
        self._made: dict[str, FloatArray] = dict(given or {})
        self._codes: dict[tuple[int, int], IntArray] = {}  # (first slot, slots) -> each year's code
        self._digit_sums: dict[tuple[int, int], IntArray] = {}  # (first slot, slots) -> `_digits`
        self._flat: IntArray | None = None
        self.n_scenarios = len(choice)

    def __iter__(self):
        yield from self._index
        yield from (c for c in self._made if c not in self._index)

    def __len__(self) -> int:
        return len(self._index) + sum(c not in self._index for c in self._made)

    def __contains__(self, name: object) -> bool:
        return name in self._index or name in self._made

    def __getitem__(self, name: str) -> FloatArray:
        if name not in self._made:
            if name not in self._index:
                raise KeyError(name)
            if self._flat is None:
                self._flat = flat_months(self._choice, self._phase, self._t.block)
            self._made[name] = np.take(self._t.source[self._index[name]], self._flat).T  # (n, 12) month-major
        return self._made[name]

    def tiled_sum(self, name: str, n: int, width: int) -> FloatArray | None:
        """(S, n) sums of n windows of `width` months from month 0, month-major (the engine's layout): each
        simulated year's value read from the window's table; None for a column gathered otherwise or a layout
        without tables."""
        if name not in self._index:
            return None
        return self._from_tables((self._index[name],), _tiled(n, width))

    def tiled_abs_error_sum(self, actual: str, forecast: str, n: int, width: int) -> FloatArray | None:
        if actual not in self._index or forecast not in self._index:
            return None
        return self._from_tables((self._index[actual], self._index[forecast]), _tiled(n, width))

    def running_differences(self, name: str, start: IntArray, end: IntArray) -> FloatArray | None:
        """(S, W) running total at `end` minus running total at `start` of windows [start, end), month-major,
        each running total (0 at month 0, then the months added in order) read from its table; None as
        `tiled_sum`."""
        marks = sorted(set(start.tolist()) | set(end.tolist()))
        if name not in self._index or not marks or marks[0] < 0 or marks[-1] > 12:
            return None
        ends = tuple((0, e) for e in marks if e > 0)
        totals = self._from_tables((self._index[name],), ends) if ends else None
        if totals is None:
            return None
        rows = np.empty((len(ends) + 1, self.n_scenarios))
        rows[0] = 0.0
        rows[1:] = totals.T
        at = {e: i + (marks[0] > 0) for i, e in enumerate(marks)}  # month e's running total's row
        return np.subtract(rows[[at[e] for e in end.tolist()]], rows[[at[s] for s in start.tolist()]]).T

    def _from_tables(self, columns: tuple[int, ...], windows: tuple[tuple[int, int], ...]) -> FloatArray | None:
        if any(not 0 <= a < b <= 12 for a, b in windows):
            return None
        tables = self._t.tables(columns, windows)
        if tables is None:
            return None
        codes = self.codes(windows)
        out = np.empty((len(windows), self.n_scenarios))
        for k in range(len(windows)):
            np.take(tables[k], codes[k], out=out[k])
        return out.T

    def codes(self, windows: tuple[tuple[int, int], ...]) -> list[IntArray]:
        """Per window, (S,) each simulated year's code in the window's table (the same for every column):
        phase · Y^L + Σ_j choice[first + j] · Y^j (kept per first slot and slots: windows that read the
        same slots share their codes)."""
        out = []
        for first, slots in self._t.layout(windows):
            if (first, slots) not in self._codes:
                self._codes[(first, slots)] = self._phase * self._t.n_source ** slots + self._digits(first, slots)
            out.append(self._codes[(first, slots)])
        return out

    def _digits(self, first: int, slots: int) -> IntArray:
        """(S,) Σ_{j < slots} choice[first + j] · Y^j, one slot added to the sum of the slots before it (kept:
        the slots from one first slot are read by its longer windows too). No division: numpy divides
        integers slowly."""
        key = (first, slots)
        if key not in self._digit_sums:
            added = self._choice[:, first + slots - 1] * self._t.n_source ** (slots - 1)
            self._digit_sums[key] = added if slots == 1 else self._digits(first, slots - 1) + added
        return self._digit_sums[key]


def _tiled(n: int, width: int) -> tuple[tuple[int, int], ...]:
    return tuple((k * width, k * width + width) for k in range(n))


def flat_months(choice: IntArray, phase: IntArray, block: int) -> IntArray:
    """(12, n) flat indices (year * 12 + month) of the source months the draws pick, month-major: month m of
    year i is month m of source year choice[i, (m + phase[i]) // block] (block 12 or more: choice[i, 0])."""
    n = len(choice)
    months = np.arange(12)[:, None]
    if block >= 12:
        src_year = np.broadcast_to(choice[:, 0], (12, n))
    else:
        slot = (months + phase) // block  # (12, n)
        src_year = np.take(np.ascontiguousarray(choice.T), slot * n + np.arange(n))  # choice[i, slot[m, i]]
    return src_year * 12 + months
