"""The server's own time of a run, for tools/browser_bench.py (COMP_ALIGN_TIMING=1 prints it to the log)."""

from __future__ import annotations

import os
import time

ON = os.environ.get("COMP_ALIGN_TIMING") == "1"


def run_done(started: float, where: str) -> None:
    """A run's time (`started`: time.perf_counter() at its start; "started": that moment on the system's
    monotonic clock, which time.perf_counter is on Linux, for the benchmark to place a cold start's first run)."""
    if ON:
        print(f"comp-align timing: script {1e3 * (time.perf_counter() - started):.1f} ms, page {where}, "
              f"started {started:.4f}", flush=True)


def fragment_done(started: float, where: str) -> None:
    """The time of a fragment-only run, as `run_done`; nothing in a whole-page run, whose time app.py's line
    already covers."""
    if not ON:
        return
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and ctx.fragment_ids_this_run:
        run_done(started, where)
