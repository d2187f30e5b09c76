"""Binding widgets to the draft scenario: seed a widget from the draft, write back on change."""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

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
        if isinstance(d, dict):
            if d.get(p) is None:  # an absent table (scoring = None in the JSON form) becomes one
                d[p] = {}
            d = d[p]
        else:
            d = d[p]
    if value is None and isinstance(d, dict):
        d.pop(path[-1], None)
    else:
        d[path[-1]] = value
    state.update_draft(new)


def key_for(path: Path) -> str:
    return state.WIDGET_PREFIX + "/".join(str(p) for p in path)


def bind(path: Path, default=None, *, transform=None, rerun: str | None = None) -> dict:
    """kwargs for a widget bound to `path` in the draft: key + on_change; seeds the value once.

    rerun: the key of the fragment that draws the widget, which alone reruns after a change (`rerun_fragment`:
    the widget changes only what that fragment draws, and the page's other widgets are not sent again)."""
    key = key_for(path)
    if key not in st.session_state:
        value = get_in(state.draft(), path, default)
        st.session_state[key] = default if value is None else value  # a null field (no plan cap) reads as the default

    def _write() -> None:
        value = st.session_state[key]
        set_in(path, transform(value) if transform else value)
        if rerun is not None:
            rerun_fragment(rerun)

    return {"key": key, "on_change": _write}


def bind_slider(path: Path, default=None, *, transform=None, rerun: str | None = None) -> dict:
    """`bind` for st.slider, with the slider's current value passed as its `value`. A slider given no value reads
    the whole session state to learn whether it is a range slider (Streamlit's `filtered_state`: about 0.4 ms
    with the Plan builder's ~90 keys, and it draws 26 sliders a rerun); its key stays its identity, so the value
    passed never resets it, and the value shown is the session state's either way."""
    kw = bind(path, default, transform=transform, rerun=rerun)
    return {**kw, "value": st.session_state[kw["key"]]}


def rerun_fragment(key: str) -> None:
    """From the callback of a widget the fragment `key` draws: only that fragment reruns after it. In the
    browser it already does (Streamlit reruns the fragment that drew the widget), and a second, keyed start
    would only cost time; a run of the whole page (AppTest runs the whole page for every widget) becomes that
    fragment's (`st.rerun(key)`), or stays the whole page when the session has no such fragment yet (a page
    reloaded after a server restart)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and ctx.fragment_ids_this_run:
        return
    try:
        st.rerun(key)
    except StreamlitAPIException:
        pass


def editor_open_key(role: str) -> str:
    """The session-state key of a plan's component editor on the Plan builder (an expander: open or not)."""
    return f"open_components/{role}"


def keep_editor_open(role: str, is_open: bool) -> None:
    """Whether a plan's component editor is open, kept where leaving the page does not clear it (Streamlit drops
    a widget's state when a run does not draw it): the page seeds the expander from it when it comes back."""
    held = set(st.session_state.get(state.OPEN_EDITORS, set()))
    (held.add if is_open else held.discard)(role)
    st.session_state[state.OPEN_EDITORS] = held


def pick(role: str, index: int) -> None:
    """The component a plan's editor shows (state.PICKED: outlives the box's own state, which a structural
    change clears and leaving the page drops); the page seeds the box from it."""
    st.session_state[state.PICKED] = {**st.session_state.get(state.PICKED, {}), role: index}


def show_component(role: str, index: int) -> None:
    """From a callback that added component `index` to the plan: its editor opens on it at the next run."""
    st.session_state[editor_open_key(role)] = True
    keep_editor_open(role, True)
    pick(role, index)


def structural(fn):
    """Wrap a callback that changes the draft's shape: widgets re-seed from the draft afterwards, in a run of
    the whole page (also when the widget is drawn by a fragment, which alone would rerun otherwise)."""
    def wrapper(*args, **kwargs):
        fn(*args, **kwargs)
        state.clear_widgets()
        st.rerun()
    return wrapper


def editor_version(path: Path) -> int:
    return st.session_state.setdefault("editor_versions", {}).get("/".join(map(str, path)), 0)


def bump_editor(path: Path) -> None:
    versions = st.session_state.setdefault("editor_versions", {})
    k = "/".join(map(str, path))
    versions[k] = versions.get(k, 0) + 1


EDIT_PARTS = ("edited_rows", "added_rows", "deleted_rows")


def edited_frame(df: pd.DataFrame, delta: dict) -> pd.DataFrame:
    """`df` with a data editor's edit state applied: edited cells, deleted rows, added rows (in that order)."""
    data = df.copy()
    for i, change in (delta.get("edited_rows") or {}).items():
        for col, val in change.items():
            data.loc[int(i), col] = val
    data = data.drop(index=[int(i) for i in delta.get("deleted_rows") or []])
    added = pd.DataFrame(delta.get("added_rows") or [], columns=df.columns)
    return pd.concat([data, added], ignore_index=True) if len(added) else data.reset_index(drop=True)


def table_editor(path: Path, df: pd.DataFrame, write, *, column_config=None, caption: str = "",
                 num_rows: str = "dynamic") -> None:
    """Edit a table of the draft in a data editor. `df` is the table as the draft holds it now; `write(frame)`
    stores the edited table in the draft. The editor's input stays fixed for its key: an edit is applied in
    on_change and the key's version is bumped, so the next run shows a fresh editor on the updated draft.
    An edit state no callback applied (one assigned before the run, as AppTest does) is applied here and the
    page reruns, so the figures above the table use it too."""
    key = f"{state.WIDGET_PREFIX}ed/{'/'.join(map(str, path))}/{editor_version(path)}"

    def _apply() -> None:
        write(edited_frame(df, st.session_state[key]))
        bump_editor(path)

    pending = st.session_state.get(key)
    if isinstance(pending, dict) and any(pending.get(k) for k in EDIT_PARTS):
        _apply()
        st.rerun()
    st.data_editor(df, key=key, on_change=_apply, num_rows=num_rows, hide_index=True, width="stretch",
                   column_config=column_config, placeholder="")  # a missing cell is empty, never 'None'
    if caption:
        st.caption(caption)


def _plain(v):
    """A cell as a plain Python value (numpy scalars and arrays become floats, ints and lists)."""
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def clean_records(frame: pd.DataFrame) -> list[dict]:
    """A table's rows as records of plain values without empty cells (NaN, None, "")."""
    out = []
    for r in frame.to_dict("records"):
        row = {k: _plain(v) for k, v in r.items()}
        out.append({k: v for k, v in row.items()
                    if v is not None and not (isinstance(v, float) and pd.isna(v)) and not (isinstance(v, str) and not v.strip())})
    return out


def _is_number(config) -> bool:
    return isinstance(config, dict) and (config.get("type_config") or {}).get("type") == "number"


_FRAMES: OrderedDict[tuple, pd.DataFrame] = OrderedDict()  # (columns, number columns, rows' repr) -> frame
_FRAMES_LOCK = threading.Lock()
_FRAMES_MAX = 256


def _build_list_frame(rows: list, columns: tuple, numbers: tuple) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    for c in numbers:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df


def _list_frame(rows: list, columns: tuple, numbers: tuple) -> pd.DataFrame:
    """The editor's table of a list of the draft, built once per content and copied out on later runs (building
    it and converting its number columns costs about half a millisecond; a copy a few hundredths). Keyed by the
    rows' repr, which tells apart every value and type of plain JSON rows (1 from 1.0, "1" from 1); rows of
    anything else are built every time. Each caller gets a frame of its own."""
    if not _plain_json(rows):
        return _build_list_frame(rows, columns, numbers)
    key = (columns, numbers, repr(rows))
    with _FRAMES_LOCK:
        df = _FRAMES.get(key)
        if df is not None:
            _FRAMES.move_to_end(key)
    if df is None:
        df = _build_list_frame(rows, columns, numbers)
        with _FRAMES_LOCK:
            _FRAMES[key] = df
            while len(_FRAMES) > _FRAMES_MAX:
                _FRAMES.popitem(last=False)
    return df.copy()


def _plain_json(value) -> bool:
    """Only dicts with str keys, lists, str, bool, int, float and None, all the way down."""
    if value is None or type(value) in (str, bool, int, float):
        return True
    if type(value) is list:
        return all(_plain_json(v) for v in value)
    if type(value) is dict:
        return all(type(k) is str and _plain_json(v) for k, v in value.items())
    return False


def list_editor(path: Path, columns: list[str], caption: str = "", *, column_config=None) -> None:
    """Edit a list of the draft: pairs / rows of numbers (curve points, matrix rows) when `column_config` is
    None, else records (tiers, gates, caps; empty cells left out). A record column configured as a number
    column holds floats (a column no row fills is a number column with empty cells, not text)."""
    rows = get_in(state.draft(), path, []) or []
    records = column_config is not None
    numbers = tuple(c for c in columns if records and _is_number(column_config.get(c)))
    df = _list_frame(rows, tuple(columns), numbers)

    def _write(data: pd.DataFrame) -> None:
        if records:
            set_in(path, clean_records(data))
        else:
            set_in(path, [[float(v) if pd.notna(v) else 0.0 for v in r] for r in data[columns].itertuples(index=False)])

    table_editor(path, df, _write, column_config=column_config, caption=caption)
