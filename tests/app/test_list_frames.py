"""A list editor's table, built once per content (ui/editing._list_frame), is the frame a fresh build gives, on
every call, to every caller, and a value of another type is another content."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ui import editing

CASES = [
    ([[80.0, 50.0], [100.0, 100.0], [120.0, 150.0]], ("attainment %", "payout %"), ()),
    ([], ("attainment %", "payout %"), ()),
    ([{"goal": "company_revenue", "min_attainment": 75.0}, {"goal": "bookings"}], ("goal", "min_attainment"),
     ("min_attainment",)),
    ([{"start": 0, "rate": 5}, {"start": "1000000", "rate": "x"}], ("start", "rate", "amount"),
     ("start", "rate", "amount")),
    ([], ("goal", "min_attainment", "cap"), ("min_attainment", "cap")),
]


@pytest.mark.parametrize("rows,columns,numbers", CASES)
def test_cached_frame_equals_a_fresh_build_every_time(rows, columns, numbers):
    fresh = editing._build_list_frame(rows, columns, numbers)
    first = editing._list_frame(rows, columns, numbers)
    pd.testing.assert_frame_equal(first, fresh)
    for column in list(first.columns):  # a caller changing its frame in place changes nobody else's
        del first[column]
    first["extra"] = 1
    pd.testing.assert_frame_equal(editing._list_frame(rows, columns, numbers), fresh)
    assert editing._list_frame(rows, columns, numbers) is not editing._list_frame(rows, columns, numbers)


def test_values_of_other_types_are_other_contents():
    cols = ("goal", "min_attainment")
    frames = [editing._list_frame([{"goal": g, "min_attainment": 75.0}], cols, ()) for g in (1, 1.0, "1", True)]
    for f, g in zip(frames, (1, 1.0, "1", True)):  # each the frame of its own value, not of an equal one's
        pd.testing.assert_frame_equal(f, editing._build_list_frame([{"goal": g, "min_attainment": 75.0}], cols, ()))
    assert len({str(f["goal"].dtype) for f in frames}) == 4


def test_rows_of_other_objects_are_built_every_time():
    rows = [[np.float64(80.0), 50.0]]
    before = len(editing._FRAMES)
    pd.testing.assert_frame_equal(editing._list_frame(rows, ("a", "b"), ()),
                                  editing._build_list_frame(rows, ("a", "b"), ()))
    assert len(editing._FRAMES) == before
