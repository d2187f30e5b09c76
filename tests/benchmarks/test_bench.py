"""The benchmark's plumbing, and the presets against the independent oracle (tests/oracle) on the
sample history and on simulated years: every statement line equal to the cent."""

from __future__ import annotations

import copy
import json
from types import SimpleNamespace

import numpy as np
import pytest

from benchmarks import engine as bench
from benchmarks.oracle_reference import OracleReplay, differing_lines, engine_lines
from comp_models import SAMPLE_TARGETS, load_scenario, performance, preset_paths, replay
from comp_models.analysis.simulate import simulate_performance

PRESETS = preset_paths()


def _oracle(name: str) -> OracleReplay:
    return OracleReplay(PRESETS[name].read_text(encoding="utf-8"), SAMPLE_TARGETS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_on_the_sample_history_agrees_with_the_oracle_on_every_line(name, history, annual):
    scenario = load_scenario(PRESETS[name])
    perf = performance(scenario, history, annual)
    result = replay(scenario, perf)
    ref = _oracle(name).run(perf.months, {c: v for c, v in perf.columns.items()}, 1)[0]
    diffs = differing_lines(engine_lines(result, 0), ref)
    assert not diffs, f"{len(diffs)} lines differ, e.g.:\n" + "\n".join(diffs[:10])


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_on_simulated_years_agrees_with_the_oracle_on_every_line(name, history, annual):
    scenario = load_scenario(PRESETS[name])
    perf = bench.simulated_years(scenario, history, annual, 40, seed=11)
    result = replay(scenario, perf)
    ok, diffs = bench.cents_match(result, _oracle(name).run(perf.months, perf.columns, 40), 40)
    assert ok, "\n".join(diffs)


def test_cents_match_sees_one_wrong_line_and_one_wrong_period(history, annual):
    """The check compares every line, and every period's paid: it can disagree."""
    scenario = load_scenario(PRESETS["integrated"])
    perf = bench.simulated_years(scenario, history, annual, 5, seed=3)
    result = replay(scenario, perf)
    ref = _oracle("integrated").run(perf.months, perf.columns, 5)
    assert bench.cents_match(result, ref, 5)[0]
    bad = copy.deepcopy(ref)
    key = next(k for k in bad[2] if k[2] == "component")
    e, p, b = bad[2][key]
    bad[2][key] = (e + 1, p + 1, b)  # one cent on one line of year 2
    ok, diffs = bench.cents_match(result, bad, 5)
    assert not ok and any(str(key) in d for d in diffs)
    ok, diffs = bench.cents_match(result, bad, 0)  # lines not compared: the period's paid still is
    assert not ok and "paid per period" in diffs[0]


def test_bench_json_small(capsys):
    assert bench.main(SimpleNamespace(json=True, years=300, no_peer=True)) == 0
    fig = json.loads(capsys.readouterr().out)
    assert set(fig) == {"sample_replay_ms_median", "sample_replay_ms_p95", "statement_ms_median", "large_replay_s",
                        "year_totals_s", "year_totals_runs_s",
                        "component_period_evaluations_per_s", "reference_evaluations_per_s", "speedup",
                        "speedup_pairs", "speedup_median", "bandwidth_floor_s", "cents_match", "cents_differences", "goals", "machine", "alignment_lab",
                        "kernels"}
    assert fig["kernels"].startswith("compiled loops: ")  # loaded up front, or said to be off
    assert fig["goals"]["optimiser_pairs_per_s"]["min"] == bench.GOAL_OPTIMISER_PAIRS_PER_S
    assert len(fig["speedup_pairs"]) == bench.LARGE_REPS and fig["speedup"] == min(fig["speedup_pairs"])
    assert fig["cents_match"] is True and fig["cents_differences"] == []
    assert {"python", "numpy", "cpu_count"} <= set(fig["machine"])
    assert fig["machine"]["workload"]["reference_years"] == 300
    text = bench.render(fig).splitlines()
    assert not any("for 100,000 years" in line for line in text)  # the goal is stated for 100,000 years only
    fig["goals"]["large_replay_s"] = {"max": bench.GOAL_LARGE_S, "pass": True}
    text = bench.render(fig).splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("large replay:"))
    assert text[at + 1].startswith("  memory-bandwidth floor:")
    assert text[at + 2].startswith("  [goal <= 30 ms for 100,000 years, warm") and text[at + 2].endswith("PASS]")
    assert text[at + 3].startswith("  the same years' earned per year only (replay_years")
    assert text[at + 4].startswith("  engine:")
    assert any(line.startswith("optimiser default search") for line in text)


def test_bench_simulates_what_the_app_simulates(history, annual):
    """The bench's years are simulate_performance's (the Monte Carlo's sampler), same seed, same values."""
    scenario = load_scenario(PRESETS["integrated"])
    perf = bench.simulated_years(scenario, history, annual, 500, seed=5)
    app = simulate_performance(scenario, history, annual, 500, 5)
    assert perf.months == app.months and perf.columns.keys() <= app.columns.keys()
    assert {"revenue", "bookings", "mqls"} <= set(perf.columns)
    for c, v in perf.columns.items():
        assert v.shape == (500, 12) and np.array_equal(v, app.columns[c]), c
    for g, t in perf.targets.items():
        np.testing.assert_array_equal(t, app.targets[g])
