"""Binding widgets to the draft scenario: seed a widget from the draft, write back on change."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from . import state

Path = tuple


def get_in(d: Any, path: Path, default=None):
    for p in path:
        try:
            d = d[p]
        except (KeyError, IndexError, TypeError):
            return default
    return d


def set_in(path: Path, value) -> None:
    """Set a value in the draft (a copy is stored, so cached frames never alias it)."""
    new = copy.deepcopy(state.draft())
    d = new
    for p in path[:-1]:
        d = d.setdefault(p, {}) if isinstance(d, dict) else d[p]
    if value is None and isinstance(d, dict):
        d.pop(path[-1], None)
    else:
        d[path[-1]] = value
    state.update_draft(new)


def key_for(path: Path) -> str:
    return state.WIDGET_PREFIX + "/".join(str(p) for p in path)


def bind(path: Path, default=None, *, transform=None) -> dict:
    """kwargs for a widget bound to `path` in the draft: key + on_change; seeds the value once."""
    key = key_for(path)
    if key not in st.session_state:
        value = get_in(state.draft(), path, default)
        st.session_state[key] = default if value is None else value  # a null field (no plan cap) reads as the default

    def _write() -> None:
        value = st.session_state[key]
        set_in(path, transform(value) if transform else value)

    return {"key": key, "on_change": _write}


def structural(fn):
    """Wrap a callback that changes the draft's shape: widgets re-seed from the draft afterwards."""
    def wrapper(*args, **kwargs):
        fn(*args, **kwargs)
        state.clear_widgets()
    return wrapper


def editor_version(path: Path) -> int:
    return st.session_state.setdefault("editor_versions", {}).get("/".join(map(str, path)), 0)


def bump_editor(path: Path) -> None:
    versions = st.session_state.setdefault("editor_versions", {})
    k = "/".join(map(str, path))
    versions[k] = versions.get(k, 0) + 1
