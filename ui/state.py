"""Session state: the scenario being edited (a draft that may be invalid), its source and the history.

The draft is a plain dict (the scenario's JSON form). Widgets seed their value from it and
write back on change, so edits survive moving between pages; an invalid draft (weights not
summing to 100%) never crashes anything: pages show its problems and the last valid plan.
"""

from __future__ import annotations

import copy
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from comp_models import (InputError, Issue, Scenario, load_scenario, load_targets, parse_history, preset_paths,
                         scenario_from_dict)
from comp_models.data import SAMPLE_HISTORY, SAMPLE_TARGETS, SCENARIO_DIR

DEFAULT_PRESET = "integrated"
WIDGET_PREFIX = "w:"


def saved_dir() -> Path:
    """Where users' saved scenarios live (COMP_ALIGN_SAVED_DIR overrides, e.g. in tests)."""
    return Path(os.environ.get("COMP_ALIGN_SAVED_DIR", SCENARIO_DIR / "saved"))


def saved_paths() -> dict[str, Path]:
    d = saved_dir()
    return {p.stem: p for p in sorted(d.glob("*.toml"))} if d.exists() else {}


def source_paths() -> dict[str, Path]:
    """Every scenario the user can open: 'preset:<stem>' and 'saved:<stem>'."""
    out = {f"preset:{k}": v for k, v in preset_paths().items()}
    out.update({f"saved:{k}": v for k, v in saved_paths().items()})
    return out


def source_label(source: str) -> str:
    kind, _, name = source.partition(":")
    if kind == "preset":
        try:
            return f"{load_scenario(preset_paths()[name]).name} (preset)"
        except (InputError, KeyError):
            return f"{name} (preset)"
    return f"{name} ({kind})"


@dataclass(frozen=True)
class HistoryData:
    """The history in use: an id for caching, the validated frame, annual targets, a label."""

    key: str
    history: object
    targets: dict
    label: str


@st.cache_resource(show_spinner=False)
def _sample_history() -> HistoryData:
    raw = SAMPLE_HISTORY.read_bytes()
    h = parse_history(raw, str(SAMPLE_HISTORY.name))
    return HistoryData("sample:" + hashlib.sha256(raw).hexdigest()[:16], h, load_targets(SAMPLE_TARGETS),
                       "Sample history (36 months, synthetic B2B company)")


def init_state() -> None:
    ss = st.session_state
    if "source" not in ss:
        wanted = st.query_params.get("scenario", f"preset:{DEFAULT_PRESET}")
        if wanted not in source_paths():
            ss["url_warning"] = f"Scenario {wanted!r} from the link was not found; opened the default preset."
            wanted = f"preset:{DEFAULT_PRESET}"
        open_source(wanted)
    ss.setdefault("history", _sample_history())


def open_source(source: str) -> None:
    """Load a preset or saved scenario into the editor (clears widget state)."""
    path = source_paths()[source]
    scenario = load_scenario(path)
    set_scenario(scenario, source)


def set_scenario(scenario: Scenario, source: str) -> None:
    ss = st.session_state
    ss["source"] = source
    ss["base"] = scenario
    ss["draft"] = scenario.model_dump(mode="json")
    ss["last_valid"] = scenario
    clear_widgets()
    st.query_params["scenario"] = source


def clear_widgets() -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET_PREFIX)]:
        del st.session_state[key]


def draft() -> dict:
    return st.session_state["draft"]


def update_draft(new: dict) -> None:
    st.session_state["draft"] = new


def validated() -> tuple[Scenario | None, list[Issue]]:
    """The draft as a Scenario, or None and its problems. Remembers the last valid one."""
    try:
        s = scenario_from_dict(copy.deepcopy(draft()), "current plan")
    except InputError as exc:
        return None, exc.issues
    st.session_state["last_valid"] = s
    return s, []


def scenario_for_numbers() -> tuple[Scenario, list[Issue]]:
    """The scenario to compute with: the draft if valid, else the last valid one (with its problems)."""
    s, issues = validated()
    return (s if s is not None else st.session_state["last_valid"]), issues


def history() -> HistoryData:
    return st.session_state["history"]
