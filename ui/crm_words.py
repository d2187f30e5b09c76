"""The CRM importer's problems in the Import page's words: its controls for the command line's flags, and
"the open plan" for the temporary file the plan is checked from (the library speaks for the CLI)."""

from __future__ import annotations

import re

from comp_models.errors import Issue

# the importer speaks the command line's words; on this page each is a control
_ON_PAGE = [
    (re.compile(r"--spend FILE|--spend"), "the monthly inputs upload (under Optional)"),
    (re.compile(r"--assume COLUMN=VALUE|--assume [a-z_]+=VALUE|--assume"), "the Assumptions box"),
    (re.compile(r"--growth PCT|--growth"), "the growth box"),
    (re.compile(r"--annual-target METRIC:YEAR=VALUE|--annual-target"), "the top-down annual numbers box"),
    (re.compile(r"--hindsight-targets"), "the hindsight targets option"),
    (re.compile(r"--mapping FILE|--mapping"), "the mapping file upload (under Optional)"),
    (re.compile(r"--timezone( [A-Za-z/_]+)?"), "the time zone box (under Optional)"),
    (re.compile(r"--trim"), "the trim option (under Optional)"),
    (re.compile(r"--fiscal-year-start( N| \d+)?"), "the plan years on Plan builder"),
]


def on_this_page(issue: Issue) -> Issue:
    """An import problem in this page's words: its controls for the command line's flags, 'the open plan'
    for the temporary file the plan is checked from."""
    def words(text: str) -> str:
        text = re.sub(r"\S*crm_plan_[^/\s]*/open_plan\.toml", "the open plan", text)
        text = re.sub(r"\S*crm_upload_[^/\s]*/[a-z]+/", "", text)  # an upload's temporary folder
        for pattern, control in _ON_PAGE:
            text = pattern.sub(control, text)
        return text
    return Issue(words(issue.file), words(issue.where), words(issue.problem), words(issue.fix))


