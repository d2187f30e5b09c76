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

from comp_models import (
    InputError,
    Issue,
    Scenario,
    load_scenario,
    load_targets,
    parse_history,
    preset_paths,
    scenario_from_dict,
)
from comp_models.data import SAMPLE_HISTORY, SAMPLE_TARGETS, SCENARIO_DIR

DEFAULT_PRESET = "integrated"
WIDGET_PREFIX = "w:"
OPEN_EDITORS = "open_editors"  # the Plan builder's plans whose component editor is open, {role}: outlives the page
PICKED = "picked_components"  # the component each plan's editor shows, {role: index}: cleared when a scenario opens
WEIGHT_LOCKS = "weight_locks"  # the Plan builder's locked weights, {"role/component"}: cleared when a scenario opens


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


_PRESET_NAMES: dict[tuple[str, int, int], str] = {}  # (path, mtime_ns, size) -> the scenario's name, per process


def _preset_name(path: Path) -> str:
    """A preset file's scenario name, parsed once per process and file version (the sidebar labels every
    option on every rerun; presets are shared files, not session data)."""
    st_ = path.stat()
    key = (str(path), st_.st_mtime_ns, st_.st_size)
    name = _PRESET_NAMES.get(key)
    if name is None:
        name = _PRESET_NAMES[key] = load_scenario(path).name
    return name


def source_label(source: str) -> str:
    kind, _, name = source.partition(":")
    if kind == "preset":
        try:
            return f"{_preset_name(preset_paths()[name])} (preset)"
        except (InputError, KeyError, OSError):
            return f"{name} (preset)"
    return f"{name} ({kind})"


def content_key(history, targets: dict) -> str:
    """A digest of everything a replay reads from the history side: every month's values and every
    annual target. Two sessions share a cached result only when both are the same."""
    h = hashlib.sha256(history.frame.to_csv(index=False).encode("utf-8"))
    h.update(repr(sorted((str(k), float(v)) for k, v in targets.items())).encode("utf-8"))
    return h.hexdigest()[:32]


@dataclass(frozen=True)
class HistoryData:
    """The history in use: a content key for caching, the validated frame, annual targets, a label."""

    key: str
    history: object
    targets: dict
    label: str

    @classmethod
    def of(cls, history, targets: dict, label: str, kind: str) -> HistoryData:
        return cls(f"{kind}:{content_key(history, targets)}", history, targets, label)


@st.cache_resource(show_spinner=False)
def _sample_history() -> HistoryData:
    h = parse_history(SAMPLE_HISTORY.read_bytes(), str(SAMPLE_HISTORY.name))
    return HistoryData.of(h, load_targets(SAMPLE_TARGETS), "Sample history (36 months, synthetic B2B company)",
                          "sample")


def init_state() -> None:
    ss = st.session_state
    if "source" not in ss:
        wanted = st.query_params.get("scenario", f"preset:{DEFAULT_PRESET}")
        if wanted not in source_paths():
            ss["url_warning"] = f"Scenario {wanted!r} from the link was not found; opened the default preset."
            wanted = f"preset:{DEFAULT_PRESET}"
        problems = open_source(wanted)
        if problems:
            ss["url_warning"] = (f"Scenario {wanted!r} from the link cannot be opened ({problems[0]}); opened the "
                                 "default preset.")
            open_source(f"preset:{DEFAULT_PRESET}")
    ss.setdefault("history", _sample_history())


def open_source(source: str) -> list[Issue]:
    """Load a preset or saved scenario into the editor (clears widget state). A file that no longer
    loads leaves the open scenario as it was and returns its problems (also kept in
    `open_problems` for the page to show)."""
    path = source_paths().get(source)
    if path is None:
        problems = [Issue(source, "scenario", "no longer exists", "pick another scenario")]
    else:
        try:
            set_scenario(load_scenario(path), source)
            st.session_state.pop("open_problems", None)
            return []
        except InputError as exc:
            problems = exc.issues
    st.session_state["open_problems"] = (source, problems)
    return problems


def has_unsaved_edits() -> bool:
    """Whether the draft differs from the scenario as it was opened (or last saved)."""
    ss = st.session_state
    return "base" in ss and ss["draft"] != ss["base"].model_dump(mode="json")


def request_open(source: str) -> None:
    """Open `source`, unless the open scenario has unsaved edits: then ask first (`pending_open`;
    the sidebar shows the question; `confirm_open` / `cancel_open` answer it)."""
    if source == st.session_state.get("source"):
        return
    if has_unsaved_edits():
        st.session_state["pending_open"] = source
        return
    open_source(source)


def confirm_open() -> None:
    source = st.session_state.pop("pending_open", None)
    if source:
        open_source(source)


def cancel_open() -> None:
    st.session_state.pop("pending_open", None)


def set_scenario(scenario: Scenario, source: str) -> None:
    ss = st.session_state
    ss["source"] = source
    ss["base"] = scenario
    ss["draft"] = scenario.model_dump(mode="json")
    ss["last_valid"] = scenario
    ss.pop(WEIGHT_LOCKS, None)
    ss.pop(PICKED, None)
    clear_widgets()
    st.query_params["scenario"] = source


def saved_as(scenario: Scenario, source: str) -> None:
    """The draft was saved as `scenario` under `source`: that is now the open scenario (the sidebar, the link
    and Reset name it) and the draft is it, so nothing is unsaved. Widgets keep their state: the saved plan is
    the draft they already show (only its name may differ)."""
    ss = st.session_state
    ss["source"] = source
    ss["base"] = scenario
    ss["draft"] = scenario.model_dump(mode="json")
    ss["last_valid"] = scenario
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
