"""Plan documents as PDF: the one-page plan summary per VP (`plan_summary_html`) rendered by WeasyPrint
on the system's fonts (DejaVu Sans), A4, with the acknowledgement block. If the summary would run
over one page, the text is set smaller (down to a floor) until it fits; `plan_pdf_pages` says how
many pages the document has, for tests and callers that must be sure.
"""

from __future__ import annotations

from comp_models.plans import Scenario
from comp_models.reports.plan_summary import plan_summary_html
from comp_models.types import FloatArray

__all__ = ["plan_pdf", "plan_pdf_pages"]

_FONT_PX = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5)


def _document(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None, year: int | None):
    from weasyprint import CSS, HTML  # imported here: only the PDF export needs it

    html = HTML(string=plan_summary_html(scenario, role, year_targets, year))
    doc = None
    for px in _FONT_PX:  # truly one page: set the type smaller until it fits
        doc = html.render(stylesheets=[CSS(string=f"body{{font-size:{px}px}}")])
        if len(doc.pages) == 1:
            break
    return doc


def plan_pdf(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None = None,
             year: int | None = None) -> bytes:
    """The plan summary of `role` as PDF bytes (one A4 page for the presets)."""
    return _document(scenario, role, year_targets, year).write_pdf()


def plan_pdf_pages(scenario: Scenario, role: str, year_targets: dict[str, FloatArray] | None = None,
                   year: int | None = None) -> int:
    return len(_document(scenario, role, year_targets, year).pages)
