"""The History table's own helpers."""

import pandas as pd

from comp_models import History


def test_yearly_totals_sums_calendar_years_and_is_empty_without_the_column():
    frame = pd.DataFrame({"month": ["2024-11", "2024-12", "2025-01"], "revenue": [10.0, 20.0, 5.5]})
    h = History(frame)
    # 2024: 10 + 20 = 30; 2025: 5.5
    assert h.yearly_totals("revenue").to_dict() == {2024: 30.0, 2025: 5.5}
    assert h.yearly_totals("bookings").empty
