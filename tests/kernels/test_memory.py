"""Freed memory kept for reuse in large simulations (comp_models.kernels.memory): when it is set, what it
changes (page faults on reallocation), and that a history's replays never set it."""

from __future__ import annotations

import json
import platform
import subprocess
import sys

import pytest

from comp_models.kernels.memory import KEEP_MB_DEFAULT, keep_mb

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def _run(code: str, **env: str) -> dict:
    import os
    full_env = {**os.environ, **env}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full_env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("raw, want", [(None, KEEP_MB_DEFAULT), ("16", 16), ("0", 0), ("-3", 0), ("lots", 0),
                                       (" 32 ", 32), ("100000", 2047)])
def test_the_amount_kept_reads_its_setting(monkeypatch, raw, want):
    if raw is None:
        monkeypatch.delenv("COMP_ALIGN_KEEP_MEMORY_MB", raising=False)
    else:
        monkeypatch.setenv("COMP_ALIGN_KEEP_MEMORY_MB", raw)
    assert keep_mb() == want


REPLAYS = (
    "import json\n"
    "from comp_models import replay, performance\n"
    "from comp_models.data import sample_inputs\n"
    "from comp_models.statements import statement\n"
    "from comp_models.kernels import memory\n"
    "seen = {}\n"
    "for p in ['integrated', 'marketing_serves_sales', 'shared_revenue', 'siloed']:\n"
    "    sc, hist, annual = sample_inputs(p)\n"
    "    statement(replay(sc, performance(sc, hist, annual)))\n"
    "seen['history'] = memory.applied()\n"
    "from comp_models.analysis import simulate_performance, replay_years\n"
    "sc, hist, annual = sample_inputs('siloed')\n"
    "replay_years(sc, simulate_performance(sc, hist, annual, 5000, 1), workers=1)\n"
    "seen['simulated'] = memory.applied()\n"
    "print(json.dumps(seen))\n"
)


def test_a_history_leaves_malloc_alone_and_a_simulation_sets_it():
    seen = _run(REPLAYS)
    assert seen["history"] is None  # never asked: 36 months stay under KERNEL_MIN
    assert seen["simulated"] is GLIBC


def test_turned_off_it_is_never_set():
    seen = _run(REPLAYS, COMP_ALIGN_KEEP_MEMORY_MB="0")
    assert seen == {"history": None, "simulated": False}


FAULTS = (
    "import json, resource, sys\n"
    "from comp_models.data import sample_inputs\n"
    "from comp_models.analysis import simulate_performance, replay_years\n"
    "sc, hist, annual = sample_inputs('siloed')\n"
    "perf = simulate_performance(sc, hist, annual, 50_000, 7)\n"
    "replay_years(sc, perf, workers=1)\n"
    "f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
    "for _ in range(3):\n"
    "    replay_years(sc, perf, workers=1)\n"
    "print(json.dumps({'faults': (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0) / 3}))\n"
)


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_a_simulations_later_replays_reuse_their_pages():
    """Replays of 50,000 simulated years after the first: with freed memory kept, the chunks' temporaries come
    back on the same pages (measured 0 faults; by default glibc's moving thresholds give up to thousands, or
    none, depending on how they settle, so only the kept figure is held to a bound)."""
    kept = _run(FAULTS, COMP_ALIGN_KERNELS="0")["faults"]  # numba's import (at the second replay) maps pages too
    assert kept < 200, kept


FULL_REPLAY_FAULTS = (
    "import json, resource\n"
    "from comp_models import replay\n"
    "from comp_models.data import sample_inputs\n"
    "from comp_models.analysis import simulate_performance\n"
    "sc, hist, annual = sample_inputs('integrated')\n"
    "perf = simulate_performance(sc, hist, annual, 40_000, 7)\n"
    "replay(sc, perf)\n"
    "f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
    "for _ in range(3):\n"
    "    replay(sc, perf)\n"
    "print(json.dumps({'faults': (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0) / 3}))\n"
)


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_a_replay_of_many_years_in_one_call_reuses_its_pages_by_default():
    """A full replay of 40,000 simulated years (every line's detail, payments) holds a few hundred MB of
    temporaries at its peak. Kept by default, the next call's come back on the same pages (measured 244
    faults a call); keeping only 128 MB, as before, glibc handed them back at the end of each call and the
    next faulted them in again (measured 34,913 a call): the bound tells the two apart."""
    kept = _run(FULL_REPLAY_FAULTS, COMP_ALIGN_KERNELS="0")["faults"]
    handed_back = _run(FULL_REPLAY_FAULTS, COMP_ALIGN_KERNELS="0", COMP_ALIGN_KEEP_MEMORY_MB="128")["faults"]
    assert kept < 2_000, kept
    assert handed_back > 10 * max(kept, 1_000), (kept, handed_back)
