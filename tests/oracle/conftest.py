"""Run the engine comparison last, so that `pytest tests/oracle -x` checks the oracle's own tests
first even while the engine still disagrees with it."""

from pathlib import Path

ENGINE_COMPARISON = Path(__file__).with_name("test_engine_agrees.py")


def pytest_collection_modifyitems(session, config, items):
    engine = [item for item in items if Path(item.path) == ENGINE_COMPARISON]
    if engine:
        items[:] = [item for item in items if Path(item.path) != ENGINE_COMPARISON] + engine
