"""A stated assumption of a CRM import travels with the history and is shown beside it in the app."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from comp_models import History

APP = str(Path(__file__).resolve().parents[3] / "app.py")


def test_the_sidebar_names_the_assumed_columns_of_the_history_in_use():
    from ui.state import HistoryData
    from comp_models import SAMPLE_HISTORY, load_history, load_targets

    st.cache_data.clear()
    sample = load_history(SAMPLE_HISTORY)
    h = History(sample.frame, "crm import", assumed=(("marketing_spend", "400000 a month, stated"),))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.session_state["history"] = HistoryData.of(h, load_targets(SAMPLE_HISTORY.parent / "targets.csv"), "crm", "crm")
    at.run()
    assert not at.exception
    text = " ".join(w.value for w in at.sidebar.warning).replace("\\", "")
    assert "Assumed, not from data: marketing_spend (400000 a month, stated)" in text
    assert isinstance(pd.DataFrame(), pd.DataFrame)
