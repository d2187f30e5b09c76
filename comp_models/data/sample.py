"""Where the shipped sample history, its targets and the preset scenarios live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
DATA_DIR = SCENARIO_DIR / "data"
SAMPLE_HISTORY = DATA_DIR / "history.csv"
SAMPLE_TARGETS = DATA_DIR / "targets.csv"
DEFAULT_SCENARIO = SCENARIO_DIR / "integrated.toml"


def preset_paths() -> dict[str, Path]:
    """Scenario files shipped under scenarios/, by file stem."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.toml"))}
