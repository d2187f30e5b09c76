"""Shared pieces of the AppTests: the app's path, opening it, reading markdown as the user sees it."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def start(**query) -> AppTest:
    """The app opened with these query parameters, after its first run (which must not raise)."""
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_components(at: AppTest) -> AppTest:
    """The Plan builder's component editors open, each plan's, as a user opens them (each an expander drawn only
    when open), after a run of the page; a page left and opened again shows them closed."""
    for role in at.session_state["draft"]["roles"]:
        at.session_state[f"open_components/{role}"] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown(text: str) -> str:
    """Markdown source as the reader sees it: user text is escaped so that it renders as text."""
    return re.sub(r"\\(.)", r"\1", text)


def use_history_upload(at: AppTest, raw: bytes, name: str = "history.csv") -> AppTest:
    """On the Data page: `raw` uploaded as the history with the sample's targets, validated and put in use."""
    from comp_models import SAMPLE_HISTORY

    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="history_upload").set_value((name, raw, "text/csv"))
    targets = (SAMPLE_HISTORY.parent / "targets.csv").read_bytes()
    at.file_uploader(key="targets_upload").set_value(("targets.csv", targets, "text/csv")).run()
    assert not at.exception, f"upload: {[e.message for e in at.exception]}"
    for button in ("validate_history", "use_history"):
        at.button(key=button).click().run()
        assert not at.exception, f"{button}: {[e.message for e in at.exception]}"
    return at
