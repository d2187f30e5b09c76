"""Scores files (docs/money.md §9): the CEO's scores of objectives, read and merged into a scenario."""

from __future__ import annotations

import pytest

from comp_models import InputError
from comp_models.data import parse_scores, with_scores

from helpers import make_scenario

GOALS = {"launch": {"metric": "objective", "label": "Joint launch",
                    "scoring": {"scored": "quarterly", "levels": {"missed": 0, "met": 100, "exceeded": 150}}},
         "rev": "revenue"}
ROLES = {"vp": {"components": [{"name": "Revenue", "goal": "rev", "weight": 90},
                               {"kind": "objectives", "name": "Launch", "weight": 10,
                                "objectives": [{"goal": "launch", "weight": 100}]}]}}


def test_a_scores_file_is_read_and_replaces_the_scenarios_score_of_the_same_period():
    sc = make_scenario({"goals": GOALS, "roles": ROLES,
                        "scores": [{"goal": "launch", "period": "2024-Q1", "score": "missed", "note": "draft"}]})
    rows = parse_scores(b"goal,period,score,note\nlaunch,2024-Q1,met,on time\nlaunch,2024-Q2,112.5,\n", "s.csv")
    merged = with_scores(sc, rows, "s.csv")
    assert merged.score_of("launch", "2024-Q1").score == "met"  # the file's newer word
    assert merged.score_of("launch", "2024-Q2").score == 112.5


def test_problems_name_the_row_and_column():
    with pytest.raises(InputError, match="column score: is missing"):
        parse_scores(b"goal,period\nlaunch,2024-Q1\n", "s.csv")
    with pytest.raises(InputError, match=r"row 2, column score"):
        parse_scores(b"goal,period,score\nlaunch,2024-Q1,$100\n", "s.csv")
    sc = make_scenario({"goals": GOALS, "roles": ROLES})
    with pytest.raises(InputError, match="is not a level of Joint launch"):
        with_scores(sc, parse_scores(b"goal,period,score\nlaunch,2024-Q1,great\n", "s.csv"), "s.csv")
