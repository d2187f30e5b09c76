"""Saving scenarios: exactly one winner for a new name, never outside the folder, portable names."""

from __future__ import annotations

import threading

import pytest

from comp_models import InputError, ScenarioExistsError, load_scenario, preset_paths
from comp_models.plans import save_scenario, scenario_file_name, scenario_path

SCENARIO = load_scenario(preset_paths()["integrated"])


def test_four_threads_saving_one_new_name_have_exactly_one_winner(tmp_path):
    target = tmp_path / "race.toml"
    wins, refused, start = [], [], threading.Barrier(4)

    def save(i: int) -> None:
        start.wait()
        try:
            save_scenario(SCENARIO.model_copy(update={"name": f"writer {i}"}), target)
            wins.append(i)
        except ScenarioExistsError:
            refused.append(i)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(wins) == 1 and len(refused) == 3
    assert load_scenario(target).name == f"writer {wins[0]}"  # the winner's file, whole
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left behind


def test_a_path_outside_the_folder_is_refused(tmp_path):
    folder = tmp_path / "saved"
    with pytest.raises(InputError, match="outside the scenarios folder"):
        save_scenario(SCENARIO, folder / ".." / "escape.toml", folder=folder)
    assert not (tmp_path / "escape.toml").exists()
    assert save_scenario(SCENARIO, folder / "inside.toml", folder=folder).exists()


@pytest.mark.parametrize("name", ["con", "NUL", "com1", "lpt9.toml", "aux.plan"])
def test_windows_device_names_are_refused(name):
    with pytest.raises(InputError, match="reserved device name"):
        scenario_file_name(name)


def test_a_toml_suffix_is_the_extension_and_case_variants_are_one_file(tmp_path):
    assert scenario_file_name("x.toml") == "x" and scenario_file_name(" My plan ") == "My plan"
    with pytest.raises(InputError, match="cannot be a file name"):
        scenario_file_name("../etc/passwd")
    save_scenario(SCENARIO, scenario_path(tmp_path, "Plan"))
    assert scenario_path(tmp_path, "plan") == tmp_path / "Plan.toml"  # 'plan' is the same file: it asks first
    with pytest.raises(ScenarioExistsError):
        save_scenario(SCENARIO, scenario_path(tmp_path, "PLAN.toml"))
