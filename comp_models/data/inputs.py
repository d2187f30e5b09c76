"""From files to a replay: the glue the command line and the app share."""

from __future__ import annotations

from pathlib import Path

from comp_models.data.adjustments_file import load_adjustments, with_adjustments
from comp_models.data.history_files import load_history, load_targets
from comp_models.data.scores_file import load_scores, with_scores
from comp_models.data.sample import SAMPLE_HISTORY, preset_paths
from comp_models.engine import ReplayResult, performance, replay, required_columns
from comp_models.metrics import History
from comp_models.plans import Scenario, load_scenario


def load_inputs(scenario_path: str | Path, history_path: str | Path | None = None,
                targets_path: str | Path | None = None, *, sheet: str | None = None,
                targets_sheet: str | None = None) -> tuple[Scenario, History, dict, str | None]:
    """(scenario, history, annual targets, targets file) from files.

    History defaults to the shipped sample; targets come from `targets_path`, else a
    targets.csv beside the history file, if any (else none: goals must carry their own).
    sheet / targets_sheet: the sheet to read of an Excel history / targets workbook.
    """
    scenario = load_scenario(scenario_path)
    history_path = Path(history_path) if history_path else SAMPLE_HISTORY
    history = load_history(history_path, required=required_columns(scenario), sheet=sheet)
    if targets_path is None and (history_path.parent / "targets.csv").exists():
        targets_path = history_path.parent / "targets.csv"
    annual = load_targets(targets_path, sheet=targets_sheet) if targets_path else {}
    return scenario, history, annual, str(targets_path) if targets_path else None


def run(scenario_path: str | Path, history_path: str | Path | None = None,
        targets_path: str | Path | None = None,
        adjustments_path: str | Path | None = None,
        scores_path: str | Path | None = None) -> tuple[Scenario, History, ReplayResult]:
    """Load a scenario and a history (default: the shipped sample), add the adjustments of an
    adjustments file and the scores of a scores file (if any) to the scenario's own, and replay it."""
    scenario, history, annual, targets_file = load_inputs(scenario_path, history_path, targets_path)
    if adjustments_path:
        scenario = with_adjustments(scenario, load_adjustments(adjustments_path), str(adjustments_path))
    if scores_path:
        scenario = with_scores(scenario, load_scores(scores_path), str(scores_path))
    perf = performance(scenario, history, annual, str(scenario_path), targets_file)
    return scenario, history, replay(scenario, perf)


def sample_inputs(preset: str = "integrated") -> tuple[Scenario, History, dict]:
    """A preset with the shipped sample history and targets (benchmarks, examples)."""
    scenario, history, annual, _ = load_inputs(preset_paths()[preset])
    return scenario, history, annual
