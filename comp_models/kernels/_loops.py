"""The compiled loops (numba, compiled once and kept on disk). Each states the numpy code it does element by
element; IEEE operations in the same order give the same bits (no fastmath: nothing reassociated or fused).
Arguments are 1-D float64 arrays of one length unless said otherwise. error_model="numpy": a division by zero
gives inf or NaN as in numpy, never an exception."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, error_model="numpy")
def round_cents(x, out):  # pragma: no cover - compiled; tests/kernels compares it with the numpy code
    """out = rounding.round_cents(x): y = round(100·x, 4) (multiply by 10,000, rint, divide), then
    copysign(floor(|y| + 0.5), y) / 100."""
    for i in range(x.size):
        y = np.rint(x[i] * 100.0 * 10000.0) / 10000.0
        out[i] = np.copysign(np.floor(np.abs(y) + 0.5), y) / 100.0


@njit(cache=True, nogil=True, error_model="numpy")
def curve(a, xs, ys, slopes, left, right, out):  # pragma: no cover - compiled
    """out = np.interp(np.fmax(a, 0), xs, ys, left, right) as numpy computes it: NaN attains 0; below xs[0]
    left, above xs[-1] right; at a point (and at the last) its ys; between xs[j] and xs[j+1]
    slopes[j]·(v − xs[j]) + ys[j], then from the right end if that is NaN. xs non-decreasing (a repeated point
    is a vertical step), slopes (ys[1:] − ys[:-1]) / (xs[1:] − xs[:-1]) as numpy precomputes them.

    Written without branches on the value (the segment is a count of points at or below it, the cases are
    selects), which the processor runs about 2.5× faster than a search on attainments that jump between
    segments."""
    n = xs.size
    first = xs[0]
    last = xs[n - 1]
    if n == 1:  # no segment: left, the point, right (np.interp's one-point case)
        for i in range(a.size):
            v = a[i] if a[i] > 0.0 else 0.0
            out[i] = left if v < first else (right if v > last else ys[0])
        return
    for i in range(a.size):
        v = a[i] if a[i] > 0.0 else 0.0  # np.fmax(v, 0.0): NaN, negatives and −0 to 0
        j = 0  # the last point at or below v, as numpy's binary search finds it (for v >= xs[0])
        for k in range(1, n):
            j += v >= xs[k]
        s = j if j < n - 1 else n - 2  # the segment's slope (unused at or after the last point)
        r = slopes[s] * (v - xs[j]) + ys[j]
        if np.isnan(r) and j < n - 1:  # rare: try from the right end, as numpy does
            r = slopes[j] * (v - xs[j + 1]) + ys[j + 1]
            if np.isnan(r) and ys[j] == ys[j + 1]:
                r = ys[j]
        r = ys[j] if (j == n - 1 or xs[j] == v) else r
        r = left if v < first else r
        out[i] = right if v > last else r


@njit(cache=True, nogil=True, error_model="numpy")
def round_cents_inplace(x):  # pragma: no cover - compiled
    """round_cents(x) written over x. A loop of its own: reading and writing one array, the compiler need not
    guard against two arrays that overlap, and the loop runs on vector lanes (about 3× faster in place)."""
    for i in range(x.size):
        y = np.rint(x[i] * 100.0 * 10000.0) / 10000.0
        x[i] = np.copysign(np.floor(np.abs(y) + 0.5), y) / 100.0


@njit(cache=True, nogil=True, error_model="numpy")
def _attained(p, mode, budget):  # pragma: no cover - compiled
    """One attainment from 100·(actual / target) = p, as `attainment` says."""
    if mode == 1:
        p = 200.0 - p
    elif mode == 2:
        p = p - budget
        p = 100.0 - p
        if p > 100.0:  # np.minimum: NaN stays NaN
            p = 100.0
    p = np.rint(p * 1000000.0) / 1000000.0
    return p if p > 0.0 else 0.0  # as numpy's fmax(p, 0) gives it: NaN, negatives and −0 → 0


@njit(cache=True, nogil=True, error_model="numpy")
def attainment(a, t, mode, budget, out):  # pragma: no cover - compiled
    """out = windows.attainment_pct(a, t, ...): pct = 100·(a / t); lower is better (mode 1): 200 − pct; budget
    (mode 2): min(100 − (pct − budget), 100) with budget = 100 + tolerance, NaN staying NaN; then round(pct, 6)
    (multiply by 10⁶, rint, divide) and fmax(pct, 0). t: one target per element, or a single target for all
    (one month's window across every scenario)."""
    if t.size == 1:
        tv = t[0]
        for i in range(a.size):
            out[i] = _attained(a[i] / tv * 100.0, mode, budget)
    else:
        for i in range(a.size):
            out[i] = _attained(a[i] / t[i] * 100.0, mode, budget)


@njit(cache=True, nogil=True, error_model="numpy")
def window_sums(buf, row_stride, width, out):  # pragma: no cover - compiled
    """out[k] = x[k·width] + x[k·width + 1] + ... + x[k·width + width − 1], added in that order (numpy's
    `out = x[first].copy(); out += x[first + 1]; ...`), for the months x[m] of simulated years, each a contiguous
    run of scenarios: month m's scenario i is buf[m·row_stride + i] (a month-major column, or a chunk of its
    rows, seen as one span of memory). out (windows, scenarios) C-contiguous. Worked in blocks of scenarios
    that stay in the first-level cache, each month added as one contiguous run."""
    n, s = out.shape
    block = 2048
    for k in range(n):
        first = k * width
        for a in range(0, s, block):
            b = min(a + block, s)
            dst = out[k, a:b]  # slices, so that every index is a loop counter from 0 (no negative-index checks)
            src = buf[first * row_stride + a: first * row_stride + b]
            for i in range(b - a):
                dst[i] = src[i]
            for j in range(1, width):
                src = buf[(first + j) * row_stride + a: (first + j) * row_stride + b]
                for i in range(b - a):
                    dst[i] += src[i]


@njit(cache=True, nogil=True, error_model="numpy")
def curve_finite(a, xs, ys, slopes, left, right, out):  # pragma: no cover - compiled
    """`curve` for a curve of at least two points whose payouts and non-vertical slopes are finite, so that no
    segment a value falls in gives NaN and numpy's retry from the right end never happens. Worked in blocks
    of values that stay in the first-level cache, one segment at a time over the block: where the value is at
    or past the segment's first point, the segment's value (its first payout exactly on the point) replaces
    what an earlier segment gave. The last segment whose first point is at or below the value wins: numpy's
    segment. A vertical step's infinite slope is always replaced by the next segment's value or the last point's
    cases. Each loop is a select over contiguous values, on vector lanes."""
    n = xs.size
    first = xs[0]
    last = xs[n - 1]
    y_last = ys[n - 1]
    block = 256
    vb = np.empty(block)
    rb = np.empty(block)
    for a0 in range(0, a.size, block):
        m = min(block, a.size - a0)
        src = a[a0:a0 + m]  # slices, so that every index is a loop counter from 0 (no negative-index checks)
        dst = out[a0:a0 + m]
        for t in range(m):
            x = src[t]
            vb[t] = x if x > 0.0 else 0.0  # np.fmax(v, 0.0)
            rb[t] = left  # below the first point
        for k in range(n - 1):
            xk = xs[k]
            yk = ys[k]
            sk = slopes[k]
            for t in range(m):
                v = vb[t]
                val = yk if v == xk else sk * (v - xk) + yk
                rb[t] = val if v >= xk else rb[t]
        for t in range(m):
            v = vb[t]
            r = y_last if v == last else rb[t]
            dst[t] = right if v > last else r


def warm() -> None:
    """Call each loop once on a few values, with the argument types the engine passes (1-D C-contiguous
    float64 arrays, Python ints and floats, a read-only span for the window sums), so that its machine code is
    loaded from the disk cache (or compiled) now, not on the engine's first large array."""
    x = np.linspace(-1.0, 1.0, 8)
    out = np.empty(8)
    round_cents(x, out)
    round_cents_inplace(out)
    xs, ys = np.array([0.0, 50.0, 100.0]), np.array([0.0, 50.0, 150.0])
    slopes = np.diff(ys) / np.diff(xs)
    curve(x, xs, ys, slopes, 0.0, 150.0, out)
    curve_finite(x, xs, ys, slopes, 0.0, 150.0, out)
    attainment(x, x[:1], 0, 102.0, out)
    attainment(x, x, 0, 102.0, out)
    span = np.lib.stride_tricks.as_strided(x, shape=(8,), strides=(8,), writeable=False)
    window_sums(span, 4, 2, np.empty((1, 4)))
