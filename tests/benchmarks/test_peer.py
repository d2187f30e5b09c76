"""The plain-pandas peer (benchmarks/peer.py) agrees with the engine to the cent: each role's earned per
simulated year, and per period, on a few hundred simulated years of every preset. Correctness only:
the timings are the benchmark's (`python -m benchmarks`), never asserted here."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from benchmarks import peer_bench
from benchmarks.peer import Peer
from comp_models import SAMPLE_TARGETS, load_scenario, preset_paths, replay

PRESETS = preset_paths()
YEARS = 300


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_peer_gives_the_engines_cents_per_year_and_per_period(name, history, annual):
    scenario = load_scenario(PRESETS[name])
    perf = peer_bench.simulated(scenario, history, annual, YEARS, seed=17)
    columns = {c: np.asarray(v) for c, v in perf.columns.items()}
    peer = Peer(PRESETS[name], SAMPLE_TARGETS, list(perf.months))
    engine = peer_bench.engine_earned(scenario, perf)
    got = peer.earned(columns)
    assert set(got) == set(scenario.roles)
    assert peer_bench.differences(engine, got) == []
    result = replay(scenario, perf)
    per_period = peer.earned_per_period(columns)
    for role, rr in result.roles.items():
        np.testing.assert_array_equal(per_period[role], np.rint(rr.period_earned * 100).astype(np.int64), err_msg=role)


def test_the_check_can_disagree(history, annual, tmp_path):
    """A peer of a changed plan (one curve point moved) gives other cents, and the check says so."""
    name = "shared_revenue"
    scenario = load_scenario(PRESETS[name])
    perf = peer_bench.simulated(scenario, history, annual, 50, seed=3)
    text = PRESETS[name].read_text(encoding="utf-8")
    assert "[130, 200]" in text
    changed = tmp_path / "changed.toml"
    changed.write_text(text.replace("[130, 200]", "[131, 200]"), encoding="utf-8")
    tomllib.loads(changed.read_text(encoding="utf-8"))
    got = Peer(changed, SAMPLE_TARGETS, list(perf.months)).earned({c: np.asarray(v) for c, v in perf.columns.items()})
    diffs = peer_bench.differences(peer_bench.engine_earned(scenario, perf), got)
    assert diffs and "years differ" in diffs[0]


def test_peer_imports_nothing_of_the_library():
    """Independent of the engine: the peer's source imports only the standard library, numpy and pandas."""
    import ast
    from pathlib import Path

    import benchmarks.peer as peer_module

    tree = ast.parse(Path(peer_module.__file__).read_text(encoding="utf-8"))
    imports = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imports |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imports <= {"__future__", "tomllib", "dataclasses", "pathlib", "numpy", "pandas"}, imports
