"""Every app test runs with its own saved-scenarios folder and an empty st.cache_data (shared by every
AppTest in one process)."""

import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("COMP_ALIGN_SAVED_DIR", str(tmp_path / "saved"))
    st.cache_data.clear()
    yield
