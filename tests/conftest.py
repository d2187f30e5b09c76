import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
for _path in (ROOT, TESTS):  # the project's packages, and the tests' shared helpers (helpers.py)
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from comp_models import load_history, load_scenario, load_targets, preset_paths  # noqa: E402
from comp_models.data import SAMPLE_HISTORY, SAMPLE_TARGETS  # noqa: E402


@pytest.fixture(scope="session")
def history():
    """The shipped sample history (validated)."""
    return load_history(SAMPLE_HISTORY)


@pytest.fixture(scope="session")
def annual():
    """The shipped annual targets: {(metric, year): target}."""
    return load_targets(SAMPLE_TARGETS)


@pytest.fixture(scope="session")
def sample(history, annual):
    return history, annual


@pytest.fixture(scope="session")
def presets():
    """Every preset scenario by file stem."""
    return {name: load_scenario(p) for name, p in preset_paths().items()}
