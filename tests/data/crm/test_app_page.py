"""The "Import CRM export" page renders (AppTest cannot upload files; the import itself is tested above)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.data.crm.conftest import ROOT

SCRIPT = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from ui import state
state.init_state()
exec(compile(open({str(ROOT / 'app_pages' / 'crm_import.py')!r}).read(), "crm_import.py", "exec"))
"""


def test_the_page_renders_without_an_upload():
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Import CRM export"
    assert [u.label for u in at.get("file_uploader")][:2] == [
        "Opportunities / deals export", "Leads / contacts export (optional: funnel counts and the attribution join)"]


FAKE_UPLOADS = """
import streamlit as st
from pathlib import Path

class _Upload:
    def __init__(self, path):
        self.name, self.file_id, self._raw = Path(path).name, str(path), Path(path).read_bytes()
    def getbuffer(self):
        return memoryview(self._raw)

_files = {files!r}
_real = st.file_uploader
st.file_uploader = lambda label, **kw: _Upload(_files[kw["key"]]) if kw.get("key") in _files else _real(label, **kw)
"""


def test_import_then_use_this_history_puts_it_in_the_session(exports):
    files = {"crm_opps": str(exports["salesforce"]["opportunities"]), "crm_leads": str(exports["salesforce"]["leads"])}
    script = SCRIPT.replace("from ui import state", FAKE_UPLOADS.format(files=files) + "\nfrom ui import state")
    at = AppTest.from_string(script, default_timeout=90).run()
    at.checkbox(key="crm_plan").uncheck().run()
    at.text_area(key="crm_assume").input("marketing_spend=80000").run()
    at.button(key="crm_import").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Imported: 2023-01 to 2024-12" in s.value for s in at.success)
    at.button(key="crm_use").click().run()
    hist = at.session_state["history"]
    assert hist.key.startswith("crm:") and "assumed: marketing_spend" in hist.label
    assert hist.history.months[0] == "2023-01" and "marketing_spend" in hist.history.frame
    assert ("bookings", 2024) in hist.targets  # the helper's targets come with it, never the sample's
