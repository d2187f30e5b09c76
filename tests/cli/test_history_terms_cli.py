"""`validate` warns about what the history's dates leave unpaid (docs/money.md §14-15): a pending SPIFF, a
plan version that takes effect after the history."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from comp_models import load_scenario, preset_paths, scenario_from_dict, scenario_to_toml

ROOT = Path(__file__).resolve().parents[2]


def test_validate_warns_of_a_pending_spiff_and_a_future_plan_version(tmp_path):
    data = load_scenario(preset_paths()["integrated"]).model_dump(mode="json")
    data["spiffs"] = [{"name": "Q4 2030 launch", "roles": ["vp_sales"], "start": "2030-10", "end": "2030-12",
                       "amount": 5000}]
    earlier = dict(data["roles"]["vp_sales"])
    data["earlier_plans"] = {"vp_sales": [earlier]}
    data["roles"]["vp_sales"] = {**earlier, "effective_from": "2031-01"}
    path = tmp_path / "dated.toml"
    path.write_text(scenario_to_toml(scenario_from_dict(data)), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "comp_models", "validate", str(path)], cwd=ROOT, capture_output=True,
                         text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    assert "SPIFF Q4 2030 launch is pending" in out.stdout
    assert "the plan version from 2031-01 takes effect after the history" in out.stdout
