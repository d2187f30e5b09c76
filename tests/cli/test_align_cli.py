"""`python -m comp_models align`: the scorecard as text and as JSON, equal to the library's figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from comp_models import SAMPLE_HISTORY, SAMPLE_TARGETS, load_history, load_scenario, load_targets, preset_paths
from comp_models.analysis.alignment import alignment_scorecard

ROOT = Path(__file__).resolve().parents[2]
SIMS = "1000"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "comp_models", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def siloed_card():
    return alignment_scorecard(load_scenario(preset_paths()["siloed"]), load_history(SAMPLE_HISTORY),
                               load_targets(SAMPLE_TARGETS), simulations=int(SIMS), seed=5)


def test_align_prints_the_scorecard(siloed_card):
    out = cli("align", "scenarios/siloed.toml", "--simulations", SIMS, "--seed", "5")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("Alignment scorecard: Siloed")
    assert "Overall: " + siloed_card.overall in text
    for m in siloed_card.metrics:
        assert m.label in text
        assert f"{m.label} [{m.status}]: {m.verdict}" in text
    assert "VP of Sales" in text and "VP of Marketing" in text
    # the figures printed are the library's
    assert f"{siloed_card.metric('co_movement_history').value:+.2f}" in text
    assert f"{siloed_card.metric('co_movement_simulated').value:+.2f}" in text
    for section in ("Conflict periods", "Payout % per period", "Incentive gradients", "Stress tests"):
        assert section in text
    for label in siloed_card.stress["label"]:
        assert label in text
    stress_rows = text.split("Stress tests (payout change", 1)[1].splitlines()
    lead = next(line for line in stress_rows if line.startswith("Lead-quality drop"))
    assert lead.rstrip().endswith("VP of Marketing")  # the flag: paid more while the company does worse


def test_align_json_has_every_metric_by_name_per_vp(siloed_card):
    out = cli("align", "scenarios/siloed.toml", "--simulations", SIMS, "--seed", "5", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    lib = siloed_card.to_dict()
    assert list(data["metrics"]) == list(lib["metrics"])
    for name, m in data["metrics"].items():
        assert m["value"] == pytest.approx(lib["metrics"][name]["value"]), name
        assert m["status"] == lib["metrics"][name]["status"]
        assert m["how"] and m["doc"].startswith("docs/alignment.md#")
        if m["per_vp"] is not None:
            assert set(m["per_vp"]) == {"vp_sales", "vp_marketing"}
    assert data["metrics"]["shared_pay_share"]["per_vp"] == {"vp_sales": 0.0, "vp_marketing": 0.0}
    assert data["overall"]["verdict"] == siloed_card.overall
    assert data["simulations"] == int(SIMS) and data["seed"] == 5
    assert len(data["stress_tests"]) == 5 and len(data["gradients"]) == 7
    assert "NaN" not in out.stdout


def test_align_with_explicit_files_and_no_simulation():
    out = cli("align", "scenarios/integrated.toml", "--history", str(SAMPLE_HISTORY), "--targets",
              str(SAMPLE_TARGETS), "--simulations", "0", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["simulations"] == 0
    assert data["metrics"]["co_movement_simulated"]["value"] is None
    assert data["metrics"]["gradient_agreement"]["value"] > 0.5


def test_align_reports_bad_input_without_traceback(tmp_path):
    out = cli("align", str(tmp_path / "nope.toml"))
    assert out.returncode == 2
    assert "cannot be read" in out.stderr and "Traceback" not in out.stderr
    out = cli("align", "scenarios/siloed.toml", "--simulations", "-5")
    assert out.returncode == 2 and "--simulations" in out.stderr and "Traceback" not in out.stderr
    bad = tmp_path / "h.csv"
    bad.write_text("month,revenue\n2024-01,1\n", encoding="utf-8")
    out = cli("align", "scenarios/siloed.toml", "--history", str(bad))
    assert out.returncode == 2 and "is missing" in out.stderr and "Traceback" not in out.stderr
