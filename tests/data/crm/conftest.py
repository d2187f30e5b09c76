"""Synthetic CRM exports for the import tests, generated into each test's tmp dir by the committed generator."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("generate_crm_exports",
                                               ROOT / "scenarios" / "data" / "crm" / "generate_crm_exports.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules["generate_crm_exports"] = gen  # dataclasses look their module up
_spec.loader.exec_module(gen)

SMALL = gen.Company(months=24, leads_per_month=120)


@pytest.fixture(scope="session")
def exports(tmp_path_factory):
    """{shape: {"leads": path, "opportunities": path}} for the three shapes (small, seeded)."""
    base = tmp_path_factory.mktemp("crm")
    return {shape: gen.write_exports(base / shape, shape, SMALL) for shape in gen.SHAPES}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
