"""Plan documents as PDF: one page, the year's targets, labelled columns, the acknowledgement block.

The text check reads the PDF back with poppler's pdftotext and renders it to an image with pdftoppm
(Debian's poppler-utils); the page count comes from WeasyPrint itself."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from comp_models import load_scenario, load_targets, preset_paths
from comp_models.data import SAMPLE_TARGETS
from comp_models.periods import year_monthly_targets
from comp_models.reports.pdf import plan_pdf, plan_pdf_pages

TARGETS = load_targets(SAMPLE_TARGETS)


@pytest.mark.parametrize("preset", sorted(preset_paths()))
def test_every_presets_plan_is_one_page(preset):
    scenario = load_scenario(preset_paths()[preset])
    year_targets = year_monthly_targets(scenario, TARGETS, 2025)
    for role in scenario.roles:
        assert plan_pdf_pages(scenario, role, year_targets, 2025) == 1, (preset, role)


@pytest.fixture(scope="module")
def siloed_pdf(tmp_path_factory):
    scenario = load_scenario(preset_paths()["siloed"])
    data = plan_pdf(scenario, "vp_marketing", year_monthly_targets(scenario, TARGETS, 2025), 2025)
    assert data.startswith(b"%PDF-")
    path = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    path.write_bytes(data)
    return path


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (apt-get install poppler-utils)")
def test_the_pdf_reads_as_a_plan_document(siloed_pdf):
    text = subprocess.run(["pdftotext", "-layout", str(siloed_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ["VP of Marketing: variable pay plan 2025", "Targets for 2025", "Base salary", "Weight",
                  "Conditions", "How it pays", "Acknowledgement", "Signature", "Date", "Every goal at 100%"]:
        assert words in text, words
    assert "$100,000.00" in text  # hand-checked: Siloed's VP of Marketing target incentive
    for raw in ["weight_pct", "annual_target_pay", "True", "False", "None", "nan", "[["]:
        assert raw not in text, raw


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (apt-get install poppler-utils)")
def test_the_pdf_renders_to_one_image(siloed_pdf, tmp_path):
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(siloed_pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1 and pages[0].stat().st_size > 5_000
