"""The ten-question self-assessment: scoring, stage bands, presets."""

from __future__ import annotations

import pytest

from comp_models.data import preset_paths
from comp_models.plans import load_scenario
from comp_models.analysis.self_assessment import (QUESTIONS, STAGES, Stage, krk_equivalent, score, stage_for_points)

ALIGNED = {q.key: q.aligned_answer for q in QUESTIONS}


def with_points(points: int) -> dict[str, bool]:
    """Answers with exactly `points` aligned answers (the first `points` questions aligned)."""
    return {q.key: (q.aligned_answer if i < points else not q.aligned_answer) for i, q in enumerate(QUESTIONS)}


def test_ten_questions_with_one_reverse_scored():
    assert len(QUESTIONS) == 10 and len({q.key for q in QUESTIONS}) == 10
    reverse = [q.key for q in QUESTIONS if not q.aligned_answer]
    assert reverse == ["duplication_of_effort"]


def test_all_yes_is_integrated_except_that_duplication_costs_a_point():
    all_yes = {q.key: True for q in QUESTIONS}
    a = score(all_yes)
    assert a.points == 9 and a.krk_equivalent == 92
    assert a.stage is Stage.INTEGRATED and a.preset == "integrated"
    assert [q.key for q in a.gaps] == ["duplication_of_effort"]


def test_all_no_is_undefined_with_one_point_for_no_duplication():
    a = score({q.key: False for q in QUESTIONS})
    assert a.points == 1 and a.krk_equivalent == 28
    assert a.stage is Stage.UNDEFINED and a.preset == "siloed"
    assert len(a.gaps) == 9 and a.points_to_next_stage == 2


def test_a_typical_defined_company():
    answers = {"joint_meetings": True, "marketing_owns_growth": False, "lead_handoff": True,
               "conflict_resolution": True, "common_reporting_line": False, "duplication_of_effort": True,
               "complex_sale": False, "joint_planning_targets": False, "joint_customer_discussions": False,
               "joint_signoff_communications": False}
    a = score(answers)
    assert a.points == 3 and a.stage is Stage.DEFINED and a.preset == "shared_revenue"
    assert a.points_to_next_stage == 2


@pytest.mark.parametrize("points, stage, preset, krk", [
    (0, Stage.UNDEFINED, "siloed", 20), (2, Stage.UNDEFINED, "siloed", 36),
    (3, Stage.DEFINED, "shared_revenue", 44), (4, Stage.DEFINED, "shared_revenue", 52),
    (5, Stage.ALIGNED, "marketing_serves_sales", 60), (7, Stage.ALIGNED, "marketing_serves_sales", 76),
    (8, Stage.INTEGRATED, "integrated", 84), (10, Stage.INTEGRATED, "integrated", 100),
])
def test_band_boundaries(points, stage, preset, krk):
    a = score(with_points(points))
    assert (a.points, a.stage, a.preset, a.krk_equivalent) == (points, stage, preset, krk)
    assert a.info.krk_band[0] <= krk <= a.info.krk_band[1]


def test_bands_partition_both_scales():
    covered = [p for s in STAGES for p in range(s.points[0], s.points[1] + 1)]
    assert covered == list(range(11))
    assert [s.krk_band for s in STAGES] == [(20, 39), (40, 59), (60, 79), (80, 100)]
    for p in range(11):
        assert stage_for_points(p).points[0] <= p <= stage_for_points(p).points[1]
    with pytest.raises(ValueError):
        krk_equivalent(11)


def test_each_stage_links_to_a_shipped_preset():
    presets = preset_paths()
    assert [s.preset for s in STAGES] == ["siloed", "shared_revenue", "marketing_serves_sales", "integrated"]
    for s in STAGES:
        assert s.preset in presets
    a = score(ALIGNED)
    assert a.points == 10 and a.points_to_next_stage is None and not a.gaps
    assert a.preset == "integrated"
    load_scenario(presets[a.preset])  # loads and validates


def test_flipping_the_reverse_scored_question_moves_across_a_boundary():
    answers = with_points(8)  # questions 1-8 aligned, so duplication (6th) is answered "no"
    assert answers["duplication_of_effort"] is False and score(answers).stage is Stage.INTEGRATED
    answers["duplication_of_effort"] = True
    assert score(answers).points == 7 and score(answers).stage is Stage.ALIGNED


def test_bad_answers_are_reported_together():
    answers = dict(ALIGNED)
    del answers["joint_meetings"]
    answers["free_lunch"] = True
    answers["lead_handoff"] = "yes"
    with pytest.raises(ValueError) as err:
        score(answers)
    msg = str(err.value)
    assert "joint_meetings" in msg and "free_lunch" in msg and "lead_handoff" in msg


def test_point_bands_are_derived_from_the_published_bands():
    """One source of truth: each stage's point band is the points whose 20-100 equivalent is in its band."""
    assert [s.points for s in STAGES] == [(0, 2), (3, 4), (5, 7), (8, 10)]
    for s in STAGES:
        lo, hi = s.points
        assert s.krk_band[0] <= krk_equivalent(lo) and krk_equivalent(hi) <= s.krk_band[1]
        assert "points" not in s.__dataclass_fields__  # derived, never stored twice


@pytest.mark.parametrize("bad", [True, False, 3.0, 2.5, "3", None])
def test_points_must_be_an_int(bad):
    with pytest.raises(TypeError):
        krk_equivalent(bad)
    with pytest.raises(TypeError):
        stage_for_points(bad)


def test_numpy_integers_are_accepted():
    import numpy as np

    assert krk_equivalent(np.int64(5)) == 60 and stage_for_points(np.int64(5)).stage is Stage.ALIGNED
    with pytest.raises(ValueError):
        stage_for_points(-1)
