"""The Import page shows the CRM importer's problems in its own words (the review found temporary paths and
command-line flags): each flag becomes the page's control, the temporary plan file "the open plan"."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

import pytest

from comp_models import InputError, load_scenario, preset_paths, scenario_to_toml
from comp_models.data.crm import import_crm
from ui.crm_words import on_this_page

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("generate_crm_exports",
                                                  ROOT / "scenarios" / "data" / "crm" / "generate_crm_exports.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules["generate_crm_exports"] = gen
    spec.loader.exec_module(gen)
    return gen


def test_import_problems_name_this_pages_controls_not_flags_or_temp_files(tmp_path):
    gen = _generator()
    files = gen.write_exports(tmp_path / "hubspot", "hubspot", gen.Company(months=24, leads_per_month=60))
    with tempfile.TemporaryDirectory(prefix="crm_plan_") as plan_dir:
        plan = Path(plan_dir) / "open_plan.toml"
        plan.write_text(scenario_to_toml(load_scenario(preset_paths()["integrated"])), encoding="utf-8")
        with pytest.raises(InputError) as exc:
            import_crm(files["opportunities"], files["leads"], scenario=plan)
    raw = " ".join(f"{i.file} {i.where} {i.problem} {i.fix}" for i in exc.value.issues)
    assert "--" in raw and "crm_plan_" in raw  # the library speaks for the command line
    shown = " ".join(f"{i.file} {i.where} {i.problem} {i.fix}" for i in map(on_this_page, exc.value.issues))
    assert "--" not in shown and "crm_plan_" not in shown and "/tmp" not in shown
    assert "the Assumptions box" in shown or "the monthly inputs upload" in shown
