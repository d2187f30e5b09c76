"""The History table's own helpers."""

import pandas as pd

from comp_models import History


def test_yearly_totals_sums_calendar_years_by_default_and_is_empty_without_the_column():
    frame = pd.DataFrame({"month": ["2024-11", "2024-12", "2025-01"], "revenue": [10.0, 20.0, 5.5]})
    h = History(frame)
    # 2024: 10 + 20 = 30; 2025: 5.5
    assert h.yearly_totals("revenue").to_dict() == {2024: 30.0, 2025: 5.5}
    assert h.yearly_totals("bookings").empty


def test_yearly_totals_sums_plan_years_named_by_the_year_they_end_in():
    # fiscal_year_start = 7: FY2024 = 2023-07..2024-06, FY2025 = 2024-07..2025-06, FY2026 from 2025-07
    frame = pd.DataFrame({"month": ["2024-05", "2024-06", "2024-07", "2024-12", "2025-01", "2025-06", "2025-07"],
                          "revenue": [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]})
    h = History(frame)
    # FY2024: 1 + 2 = 3 (a partial plan year: the months it has); FY2025: 4 + 8 + 16 + 32 = 60; FY2026: 64
    assert h.yearly_totals("revenue", fiscal_year_start=7).to_dict() == {2024: 3.0, 2025: 60.0, 2026: 64.0}
    # calendar years of the same months: 2024: 1 + 2 + 4 + 8 = 15; 2025: 16 + 32 + 64 = 112
    assert h.yearly_totals("revenue").to_dict() == {2024: 15.0, 2025: 112.0}
    # fiscal_year_start = 2: FY2025 = 2024-02..2025-01 holds every month up to 2025-01; FY2026 the rest
    assert h.yearly_totals("revenue", fiscal_year_start=2).to_dict() == {2025: 31.0, 2026: 96.0}


def test_months_are_read_once_and_each_caller_gets_its_own_list():
    h = History(pd.DataFrame({"month": ["2024-01", "2024-02"], "bookings": [1.0, 2.0]}))
    months = h.months
    months.append("2024-03")  # a caller's own list: the history's months stay
    assert h.months == ["2024-01", "2024-02"] and h.months is not h.months
    assert History(h.frame.copy()).memo == {}  # a new history starts with nothing kept


def test_a_column_is_read_once_as_read_only_float64():
    h = History(pd.DataFrame({"month": ["2024-01", "2024-02"], "mqls": [3, 4]}))  # integers: a converted copy
    x = h.column("mqls")
    assert x.dtype == "float64" and x.tolist() == [3.0, 4.0] and h.column("mqls") is x
    assert not x.flags.writeable


def test_changing_the_frame_passed_in_afterwards_changes_nothing_the_history_holds():
    frame = pd.DataFrame({"month": ["2024-01", "2024-02"], "bookings": [1.0, 2.0]})
    h = History(frame)
    before = h.column("bookings")
    frame.loc[0, "bookings"] = 99.0  # the caller's frame, changed in place
    frame["bookings"] *= 2
    assert h.frame["bookings"].tolist() == [1.0, 2.0] and before.tolist() == [1.0, 2.0]
    assert History(frame).column("bookings").tolist() == [198.0, 4.0]


def test_an_unpickled_history_keeps_its_columns_read_only_and_a_copy_keeps_its_own_memo():
    import copy
    import pickle

    h = History(pd.DataFrame({"month": ["2024-01", "2024-02"], "bookings": [1.0, 2.0]}))
    h.column("bookings")
    back = pickle.loads(pickle.dumps(h))
    kept = back.memo[("column", "bookings")]
    assert kept.tolist() == [1.0, 2.0] and not kept.flags.writeable  # pickle alone gives it back writable
    assert back.column("bookings") is kept
    c = copy.copy(h)
    assert c.memo == {} and c.memo is not h.memo and c.frame is h.frame
    c.column("bookings")
    assert ("column", "bookings") in c.memo and c.memo is not h.memo
