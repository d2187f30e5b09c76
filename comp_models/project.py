"""From files to a replay: the shipped sample data and the glue the CLI and the app share."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .engine import Performance, ReplayResult, replay
from .history import History, load_history, load_targets
from .metrics import METRICS, columns_for
from .scenario import Scenario, load_scenario
from .targets import resolve_targets

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "scenarios"
DATA_DIR = SCENARIO_DIR / "data"
SAMPLE_HISTORY = DATA_DIR / "history.csv"
SAMPLE_TARGETS = DATA_DIR / "targets.csv"
DEFAULT_SCENARIO = SCENARIO_DIR / "integrated.toml"


def preset_paths() -> dict[str, Path]:
    """Scenario files shipped under scenarios/, by file stem."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.toml"))}


def required_columns(scenario: Scenario) -> list[str]:
    cols = {c for g in scenario.goals.values() for c in columns_for(METRICS[g.metric])}
    return sorted(cols)


def performance(scenario: Scenario, history: History, annual_targets: dict[tuple[str, int], float],
                scenario_file: str = "<scenario>", targets_file: str | None = None) -> Performance:
    """History (S = 1) and the scenario's goals resolved into monthly targets."""
    months = history.months
    columns = {c: history.column(c)[None, :] for c in history.frame.columns if c != "month"}
    return Performance(months, columns, resolve_targets(scenario, through_year_end(months), annual_targets,
                                                        scenario_file, targets_file))


def through_year_end(months: list[str]) -> list[str]:
    """The months, extended to the December of the last year: a quarter's or year's commission
    tiers need that window's whole target even when the history stops inside it."""
    last_year, last_month = int(months[-1][:4]), int(months[-1][5:7])
    return months + [f"{last_year}-{m:02d}" for m in range(last_month + 1, 13)]


def load_inputs(scenario_path: str | Path, history_path: str | Path | None = None,
                targets_path: str | Path | None = None) -> tuple[Scenario, History, dict, str | None]:
    """(scenario, history, annual targets, targets file) from files.

    History defaults to the shipped sample; targets come from `targets_path`, else a
    targets.csv beside the history file, if any (else none: goals must carry their own).
    """
    scenario = load_scenario(scenario_path)
    history_path = Path(history_path) if history_path else SAMPLE_HISTORY
    history = load_history(history_path, required=required_columns(scenario))
    if targets_path is None and (history_path.parent / "targets.csv").exists():
        targets_path = history_path.parent / "targets.csv"
    annual = load_targets(targets_path) if targets_path else {}
    return scenario, history, annual, str(targets_path) if targets_path else None


def run(scenario_path: str | Path, history_path: str | Path | None = None,
        targets_path: str | Path | None = None) -> tuple[Scenario, History, ReplayResult]:
    """Load a scenario and a history (default: the shipped sample) and replay it."""
    scenario, history, annual, targets_file = load_inputs(scenario_path, history_path, targets_path)
    perf = performance(scenario, history, annual, str(scenario_path), targets_file)
    return scenario, history, replay(scenario, perf)


def sample_inputs(preset: str = "integrated") -> tuple[Scenario, History, dict]:
    """A preset with the shipped sample history and targets (benchmarks, examples)."""
    scenario, history, annual, _ = load_inputs(preset_paths()[preset])
    return scenario, history, annual


def annual_totals(result: ReplayResult) -> dict[str, np.ndarray]:
    """role -> (S, Y) earned per plan year, floats (for simulations; statements round to cents)."""
    out = {}
    for role, rr in result.roles.items():
        firsts = np.flatnonzero(rr.grid.first_of_year)
        out[role] = np.add.reduceat(rr.period_earned, firsts, axis=1)
    return out
