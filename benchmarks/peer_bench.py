"""Engine against the independent plain-pandas peer (benchmarks/peer.py), every preset, same cents.

    python -m benchmarks.peer_bench [--sizes 1000 10000 100000] [--reps 5] [--json]

(also part of `python -m benchmarks`). Per preset and size: the simulated years are drawn once
(`simulate_performance`, as the app draws them), then the engine (`replay_years`: the per-year totals)
and the peer (`Peer.earned` from the same plain (S, 12) arrays) run alternately — engine, peer,
engine, peer, ... — after one untimed run each, so a change in the machine's load hits both alike.
Every timed run's result is compared: each role's earned per simulated year equal to the cent.

Printed per preset and size: engine and peer min / median seconds, and engine / peer time ratio
as min and median over the runs' pairs, beside the goal (issue 13): the engine >= 5x faster than
the peer at 100,000 years, i.e. engine / peer <= 0.2.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

GOAL_PEER_SPEEDUP = 5.0  # engine >= 5x faster than the plain-pandas peer at 100,000 years, every preset
SIZES = (1_000, 10_000, 100_000)
REPS = 5
SEED = 20250


def simulated(scenario, history, annual, n_years: int, seed: int = SEED):
    """n_years simulated plan years as the app simulates them, the columns the scenario reads."""
    from comp_models.analysis import simulate_performance

    try:
        from comp_models.analysis.simulate.years import _needed_columns
        cols = _needed_columns(scenario, [c for c in history.frame.columns if c != "month"])
    except ImportError:  # the engine moved: draw every column (values do not depend on which are drawn)
        cols = None
    return simulate_performance(scenario, history, annual, n_years, seed, columns=cols)


def engine_earned(scenario, perf) -> dict[str, np.ndarray]:
    """The engine's earned per simulated year per role, integer cents: `replay_years`, the engine's call for
    exactly this (chunks of REPLAY_CHUNK years, earned pay only, on the worker threads the process may use;
    the benchmark pins the process to one core, so one at a time there)."""
    from comp_models.analysis import replay_years

    return {role: np.rint(v * 100.0).astype(np.int64) for role, v in replay_years(scenario, perf).items()}


def differences(engine: dict[str, np.ndarray], peer: dict[str, np.ndarray]) -> list[str]:
    out = []
    for role in sorted(set(engine) | set(peer)):
        a, b = engine.get(role), peer.get(role)
        if a is None or b is None or a.shape != b.shape:
            out.append(f"{role}: engine {None if a is None else a.shape}, peer {None if b is None else b.shape}")
            continue
        bad = np.flatnonzero(a != b)
        if bad.size:
            i = int(bad[0])
            out.append(f"{role}: {bad.size} years differ, first year {i}: engine {a[i]} cents, peer {b[i]} cents")
    return out


def bench_preset(name: str, path, sizes=SIZES, reps: int = REPS) -> dict:
    from benchmarks.peer import Peer
    from comp_models.data import SAMPLE_TARGETS, sample_inputs

    scenario, history, annual = sample_inputs(name)
    out = {}
    for n in sizes:
        perf = simulated(scenario, history, annual, n)
        columns = {c: np.asarray(v) for c, v in perf.columns.items()}  # plain arrays for the peer
        peer = Peer(path, SAMPLE_TARGETS, list(perf.months))
        engine_earned(scenario, perf), peer.earned(columns)  # untimed: first touch of the memory
        eng_t, peer_t, diffs = [], [], []
        for _ in range(reps):
            t = time.perf_counter()
            e = engine_earned(scenario, perf)
            eng_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            p = peer.earned(columns)
            peer_t.append(time.perf_counter() - t)
            diffs = diffs or differences(e, p)
        ratios = np.asarray(eng_t) / np.asarray(peer_t)
        out[n] = {"engine_s_min": min(eng_t), "engine_s_median": float(np.median(eng_t)),
                  "peer_s_min": min(peer_t), "peer_s_median": float(np.median(peer_t)),
                  "ratio_min": float(ratios.min()), "ratio_median": float(np.median(ratios)),
                  "ratio_max": float(ratios.max()), "reps": reps, "cents_match": not diffs,
                  "differences": diffs[:5]}
        del perf, columns
    return out


def run(sizes=SIZES, reps: int = REPS, presets: list[str] | None = None) -> dict:
    from comp_models import preset_paths

    paths = preset_paths()
    names = presets or sorted(paths)
    fig = {name: bench_preset(name, paths[name], sizes, reps) for name in names}
    at_goal = [v[100_000]["ratio_median"] for v in fig.values() if 100_000 in v]
    return {"presets": fig, "goal": {"engine_over_peer_max": 1 / GOAL_PEER_SPEEDUP, "at_years": 100_000,
                                     "pass": (max(at_goal) <= 1 / GOAL_PEER_SPEEDUP) if at_goal else None}}  # None: not measured


def _faster(ratio: float) -> str:
    return f"engine {1 / ratio:.1f}x faster" if ratio <= 1 else f"engine {ratio:.1f}x slower"


def render(fig: dict) -> str:
    lines = [f"engine vs the plain-pandas peer (benchmarks/peer.py): earned per simulated year per role, "
             f"runs alternating engine, peer, ...; goal at 100,000 years: engine >= {GOAL_PEER_SPEEDUP:g}x faster "
             f"(engine/peer <= {1 / GOAL_PEER_SPEEDUP:.2f}), every preset"]
    for name, sizes in fig["presets"].items():
        for n, v in sizes.items():
            goal = ""
            if n == 100_000:
                ok = v["ratio_median"] <= 1 / GOAL_PEER_SPEEDUP
                goal = f"  [goal engine/peer <= {1 / GOAL_PEER_SPEEDUP:.2f}: {'PASS' if ok else 'FAIL'}]"
            lines.append(
                f"  {name:<24} {n:>7,} years: engine {v['engine_s_min'] * 1e3:8.1f} / {v['engine_s_median'] * 1e3:8.1f} ms, "
                f"peer {v['peer_s_min'] * 1e3:8.1f} / {v['peer_s_median'] * 1e3:8.1f} ms (min / median of {v['reps']}); "
                f"engine/peer min {v['ratio_min']:.2f}, median {v['ratio_median']:.2f} "
                f"({_faster(v['ratio_median'])}); same cents: {'yes' if v['cents_match'] else 'NO'}{goal}")
            for d in v["differences"]:
                lines.append(f"      {d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.peer_bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--reps", type=int, default=REPS)
    parser.add_argument("--presets", nargs="+")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.reps < 5:
        print("note: fewer than 5 runs; the goal is stated on at least 5", file=sys.stderr)
    from benchmarks.engine import _one_core, load_kernels

    print(load_kernels(), file=sys.stderr)

    with _one_core():
        fig = run(tuple(args.sizes), args.reps, args.presets)
    print(json.dumps(fig, indent=2, default=str) if args.json else render(fig))
    return 0 if all(v["cents_match"] for s in fig["presets"].values() for v in s.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
