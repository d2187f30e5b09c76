"""charts.drawn: a chart built and converted once per content gives the spec Streamlit would send for the chart."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec as convert

from ui import charts

OUTCOME = pd.DataFrame({"level": [90.0, 100.0, 90.0, 100.0], "role": ["a", "a", "b", "b"], "title": ["A", "A", "B", "B"],
                        "payout_pct": [80.0, 100.0, 70.0, 100.0]})
CASES = [
    (charts.curve_preview, ([[80, 50], [100, 100], [120, 150]], 97.0), {}),
    (charts.curve_preview, ([[80, 90], [120, 110]], None), {"y_title": "Multiplier %"}),
    (charts.tier_preview, ([{"start": 0, "rate": 5}, {"start": 1_000_000, "rate": 10}], "marginal", "amount", None,
                           1_000_000.0), {}),
    (charts.matrix_preview, ([0, 100], [0, 100], [[0, 50], [50, 120]], "Revenue", "SQLs", (104.0, 96.0)), {}),
    (charts.outcome_chart, (OUTCOME, "Company revenue", 102.4), {}),
    (charts.payout_timeline, (pd.DataFrame({"role": ["a"], "period": ["2024-Q1"], "earned": [1234.5],
                                            "paid": [1234.5]}), {"a": "A"}), {"currency": "EUR"}),
    (charts.tornado_chart, (pd.DataFrame({"label": ["small", "big"], "a_change": [10.0, -500.0],
                                          "b_change": [5.0, 100.0]}), {"a": "A", "b": "B"}), {}),
]


@pytest.mark.parametrize("builder,args,kwargs", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_drawn_sends_the_charts_own_spec(builder, args, kwargs):
    expected = convert(builder(*args, **kwargs))  # what st.altair_chart(chart) sends, validated by altair
    assert convert(charts.drawn(builder, *args, **kwargs)) == expected
    assert convert(charts.drawn(builder, *args, **kwargs)) == expected  # and again, from the cache


def test_drawn_builds_once_per_content_and_again_for_new_content(monkeypatch):
    calls = []

    def builder(points, marked):
        calls.append(marked)
        return charts.curve_preview(points, marked)

    builder.__qualname__ = f"counting_builder_{id(calls)}"
    pts = [[80, 50], [100, 100]]
    first = charts.drawn(builder, pts, 97.0).to_dict()
    first["layer"].clear()  # a caller editing its copy never reaches the cache
    assert charts.drawn(builder, [[80, 50], [100, 100]], 97.0).to_dict()["layer"]
    assert calls == [97.0]
    charts.drawn(builder, pts, 98.0)
    assert calls == [97.0, 98.0]


@pytest.mark.parametrize("points,attainment,y_title", [
    ([[80, 50], [100, 100], [120, 150]], 97.0, "Payout %"),
    ([[80, 50], [100, 100], [120, 150]], 131.25, "Payout %"),
    ([[80, 50], [100, 100]], 100, "Payout %"),
    ([[90, 80], [110, 120]], 104.5, "Multiplier %"),
    ([[80, 50], [100, 100]], None, "Payout %"),
    ([[80, 50], [100, 100]], float("nan"), "Payout %"),
    ([], 97.0, "Payout %"),
])
def test_curve_preview_drawn_is_the_curve_preview(points, attainment, y_title):
    expected = convert(charts.curve_preview(points, attainment, y_title=y_title))
    got = convert(charts.curve_preview_drawn(points, attainment, y_title=y_title))
    assert got == expected
    assert list(got) == list(expected) and list(got.get("datasets", {})) == list(expected.get("datasets", {}))
    # the same JSON text too (keys in the same order), as Streamlit sends it
    plain = lambda spec: json.dumps({k: v for k, v in spec.items() if k != "datasets"})  # noqa: E731
    assert plain(got) == plain(expected)


def test_content_key_follows_every_value_and_never_pickles():
    """The cache names a chart by its arguments' content: any changed cell, label or dtype gives another key,
    equal content the same key, and an argument it cannot name exactly is drawn uncached (no key)."""
    import numpy as np
    import pandas as pd

    from ui import charts

    df = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})
    key = charts._content_key(charts.compare_chart, (df, "USD"), {})
    assert key == charts._content_key(charts.compare_chart, (df.copy(), "USD"), {})
    changed = df.copy()
    changed.loc[1, "a"] = 2.0000001
    renamed = df.rename(columns={"b": "c"})
    as_int = df.astype({"a": "int64"})
    others = [charts._content_key(charts.compare_chart, (f, "USD"), {}) for f in (changed, renamed, as_int)]
    others.append(charts._content_key(charts.compare_chart, (df, "EUR"), {}))
    others.append(charts._content_key(charts.annual_pct_chart, (df, "USD"), {}))
    others.append(charts._content_key(charts.compare_chart, (df.iloc[::-1], "USD"), {}))
    assert None not in others and len({key, *others}) == len(others) + 1
    assert charts._content_key(charts.compare_chart, (object(),), {}) is None
    arr = np.arange(4.0)
    assert (charts._content_key(charts.compare_chart, (arr,), {})
            != charts._content_key(charts.compare_chart, (arr + 1,), {}))
    assert "pickle" not in open(charts.__file__).read().replace("(no pickle)", "")
