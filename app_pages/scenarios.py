"""Scenarios: open a preset or saved scenario, save (never overwriting without confirmation),
upload or download a scenario file, reset to the opened version."""

from pathlib import Path

import streamlit as st

from comp_models import InputError, ScenarioExistsError, load_scenario, parse_scenario, save_scenario, scenario_to_toml
from comp_models.plans import scenario_path
from ui import state, widgets
from ui.text import esc


def _save(scenario, path: Path, *, overwrite: bool) -> str:
    """Save under `path` (never replacing a file unless overwrite); the saved version becomes the open one.
    The scenario keeps its own description; its name becomes the file's."""
    saved = scenario.model_copy(update={"name": path.stem})
    try:
        save_scenario(saved, path, overwrite=overwrite, folder=state.saved_dir())
    except ScenarioExistsError:
        return "exists"
    except InputError as exc:
        widgets.show_issues(exc.issues, title="Not saved")
        return "error"
    except OSError as exc:
        st.error(f"{path} could not be written ({exc.strerror or exc}). Nothing was changed. "
                 "Fix: check that the folder is writable and the disk has space.")
        return "error"
    state.saved_as(saved, f"saved:{path.stem}")  # now the open scenario; Reset returns to this version
    st.session_state["save_note"] = f"{'Overwrote' if overwrite else 'Saved as'} {esc(path.stem)}."
    return "saved"


st.title("Scenarios")
st.caption(f"Open now: **{esc(state.source_label(st.session_state['source']))}**. The page URL carries it, so a link "
           "opens the same scenario.")

st.subheader("Open")
for src, path in state.source_paths().items():
    try:
        s = load_scenario(path)
    except InputError as exc:
        st.warning(f"{esc(path.name)} cannot be opened: {esc(exc.issues[0])}")
        continue
    c1, c2 = st.columns([4, 1])
    c1.markdown(f"**{esc(s.name)}** · *{src.split(':')[0]}*  \n{esc(s.description)}")
    c2.button("Open", key=f"open/{src}", on_click=state.request_open, args=(src,),
              disabled=src == st.session_state["source"])

st.subheader("Save the current plan")
scenario, issues = state.validated()
if issues:
    widgets.show_issues(issues, title="Fix these before saving")
else:
    name = st.text_input("Name", value=st.session_state.get("save_name", ""), key="save_name",
                         help="Letters, digits, spaces, - _ and . only; saved under scenarios/saved/.")
    if st.button("Save", key="save", type="primary", disabled=not name):
        try:
            target = scenario_path(state.saved_dir(), name)  # "Plan" finds plan.toml: never two files
        except InputError as exc:
            widgets.show_issues(exc.issues, title="Not saved")
        else:
            outcome = _save(scenario, target, overwrite=False)
            if outcome == "exists":
                st.session_state["confirm_overwrite"] = str(target)
            elif outcome == "saved":
                st.rerun()  # "Open now", the sidebar and the Open list name the scenario just saved
    pending = st.session_state.get("confirm_overwrite")
    if pending:
        st.warning(f"A saved scenario named “{esc(Path(pending).stem)}” already exists. Overwrite it?")
        a, b = st.columns(2)
        if a.button("Overwrite", key="overwrite_yes", type="primary"):
            del st.session_state["confirm_overwrite"]
            _save(scenario, Path(pending), overwrite=True)
            st.rerun()  # the prompt goes away
        if b.button("Cancel", key="overwrite_no"):
            del st.session_state["confirm_overwrite"]
            st.session_state["save_note"] = "Nothing was overwritten."
            st.rerun()
    if st.session_state.get("save_note"):
        st.success(st.session_state.pop("save_note"))
    st.download_button("Download scenario file (.toml)", scenario_to_toml(scenario).encode("utf-8"),
                       file_name=f"{scenario.name.replace(' ', '_').lower()}.toml", mime="application/toml",
                       key="download_scenario", on_click="ignore")

st.subheader("Upload a scenario file")
up = st.file_uploader("Scenario (.toml)", type=["toml"], key="scenario_upload")
if up is not None:
    try:
        uploaded = parse_scenario(up.getvalue(), up.name)
    except InputError as exc:
        widgets.show_issues(exc.issues, title=f"{esc(up.name)} cannot be used")
    else:
        st.success(f"{esc(up.name)} is valid: {esc(uploaded.name)}.")
        st.button("Open uploaded scenario", key="open_upload", on_click=state.set_scenario,
                  args=(uploaded, f"uploaded:{up.name}"))

st.subheader("Reset")
st.button("Reset to the opened version (discard edits)", key="reset",
          on_click=state.set_scenario, args=(st.session_state["base"], st.session_state["source"]))
