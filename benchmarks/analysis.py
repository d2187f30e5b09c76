"""Benchmarks of the analysis layer: the alignment scorecard, the Monte Carlo and the optimiser.

Figures only (printed by `python -m benchmarks`); goals are stated beside them, never asserted in
timed unit tests.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np

from benchmarks.engine import GOAL_LARGE_S, GOAL_OPTIMISER_S
from comp_models.analysis import YearSampler, alignment_scorecard, monte_carlo, optimise_weights, replay_years
from comp_models.analysis.simulate.years import _needed_columns
from comp_models.data import sample_inputs
from comp_models.engine import Performance
from comp_models.periods import resolve_targets


def bench_alignment(presets: tuple[str, ...] = ("siloed", "integrated"), simulations: int = 10_000,
                    repeats: int = 5, seed: int = 7) -> dict:
    """Timing of `alignment_scorecard` on the sample history (ms; best and median of `repeats`
    after one untimed warm-up), per preset, with the split into perturb / replay / Monte Carlo /
    measures of the median run. Goal: well under 400 ms with 10,000 simulated years."""
    out: dict[str, Any] = {"simulations": simulations, "repeats": repeats, "goal_ms": 400.0, "presets": {}}
    for name in presets:
        scenario, history, annual = sample_inputs(name)
        alignment_scorecard(scenario, history, annual, simulations=simulations, seed=seed)  # warm-up
        times, parts = [], []
        for _ in range(repeats):
            t = time.perf_counter()
            card = alignment_scorecard(scenario, history, annual, simulations=simulations, seed=seed)
            times.append(1e3 * (time.perf_counter() - t))
            parts.append(card.timing_ms)
        order = np.argsort(times)
        median_parts = parts[int(order[len(order) // 2])]
        out["presets"][name] = {"best_ms": round(min(times), 1), "median_ms": round(statistics.median(times), 1),
                                "max_ms": round(max(times), 1), "parts_ms_of_median_run": median_parts}
    out["worst_median_ms"] = max(p["median_ms"] for p in out["presets"].values())
    out["meets_goal"] = out["worst_median_ms"] < out["goal_ms"]
    return out


def bench_monte_carlo(n_years: int = 100_000, repeats: int = 3, mc_years: int = 10_000) -> dict:
    """Timing figures (seconds; best and median of `repeats` runs) on the integrated preset.

    simulate: bootstrap of n_years years x 12 months, every column the plans read;
    replay: both plans over those years (engine replay + annual totals, chunked);
    monte_carlo_10k: one monte_carlo(n_years=mc_years) call end to end.
    Bootstrap and replay use elementwise numpy only (no BLAS), so they run on one core.
    """
    scenario, history, annual = sample_inputs("integrated")
    sampler = YearSampler.fit(history)
    targets = resolve_targets(scenario, sampler.months, annual)
    needed = _needed_columns(scenario, sampler.columns)
    sim, rep, mc = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        perf = Performance(sampler.months, sampler.draw(7, 0, n_years, needed), targets)
        t1 = time.perf_counter()
        replay_years(scenario, perf)
        t2 = time.perf_counter()
        monte_carlo(scenario, history, annual, n_years=mc_years, seed=7)
        t3 = time.perf_counter()
        sim.append(t1 - t0)
        rep.append(t2 - t1)
        mc.append(t3 - t2)

    def fig(xs: list[float]) -> dict[str, float]:
        return {"best": round(min(xs), 4), "median": round(statistics.median(xs), 4)}

    return {"n_years": n_years, "months": 12, "scenario": "integrated", "repeats": repeats,
            "simulate_s": fig(sim), "replay_s": fig(rep),
            "simulate_and_replay_s": fig([a + b for a, b in zip(sim, rep)]),
            "replay_goal_s": GOAL_LARGE_S, f"monte_carlo_{mc_years}_s": fig(mc)}


def bench_optimiser(repeats: int = 3, preset: str = "integrated") -> dict:
    """Seconds for the default search on a preset (best and median of `repeats` runs), and its size."""
    scenario, history, annual = sample_inputs(preset)
    times, res = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = optimise_weights(scenario, history, annual)
        times.append(time.perf_counter() - t0)
    assert res is not None
    return {"preset": preset, "repeats": repeats, "seconds_best": round(min(times), 3),
            "seconds_median": round(statistics.median(times), 3), "goal_s": GOAL_OPTIMISER_S, "n_pairs": res.n_pairs,
            "frontier_rows": len(res.frontier), "max_verify_error": res.max_verify_error,
            "baseline_alignment": round(res.baseline["alignment"], 4),
            "best_alignment": None if res.best is None else round(float(res.best["alignment"]), 4)}
