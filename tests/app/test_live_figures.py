"""The Plan builder's live figures (AppTest): a value-only control reruns only the fragment that draws the
payouts, the verdict, the warnings, the goals table, the pay mix and the preview, and what that fragment draws
is what a full run of the page draws for the same plan.

The oracle is the full run: it lays out the page again and computes every figure from the draft, without the
fragment's own arguments (the places it was given by the run before).
"""

from __future__ import annotations

import json
import sys

import pytest

from .apptest import open_components, start, use_history_upload

PRESETS = ["preset:integrated", "preset:siloed", "preset:marketing_serves_sales", "preset:shared_revenue"]


def _figures(at) -> dict:
    """What the live fragment draws, as the user reads it."""
    charts = at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")
    tables = [t.value for t in at.dataframe if "Target level" in t.value.columns]
    return {"metrics": [(m.label, m.value) for m in at.metric],
            "alerts": [e.value for kind in ("success", "warning", "error", "info") for e in at.get(kind)],
            "pay_mix": sorted(c.value for c in at.caption if c.value.startswith("Pay mix")),
            "goals_table": [t.to_dict("records") for t in tables],
            "previews": [(json.loads(c.proto.spec), [bytes(ds.data.data) for ds in c.proto.datasets]) for c in charts],
            "weights": _weights(at)}


def _weights(at) -> dict:
    return {s.key: s.value for s in at.slider if s.key.endswith("/weight")}


def _only_live_widgets(at) -> bool:
    """The tree after a run holds only what the live fragment draws (the figures, the target levels, the
    plans' terms and weights), none of the page's other widgets: the component editor (its name, its pick),
    the add-component controls, the multiplier switch, the sidebar's scenario."""
    return (bool(at.slider) and not at.text_input and not at.multiselect
            and not any(s.key.startswith(("w:pick/", "w:add/")) or s.key == "sidebar_source" for s in at.selectbox)
            and all(c.key.startswith("lock/") for c in at.checkbox))


def _set(at, kind: str, key: str, value) -> None:
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]


def _controls(at) -> list[tuple[str, str, float]]:
    """Every value-only control of the page, each with a new value inside its range."""
    d = at.session_state["draft"]
    goal = next(g for g, v in d["goals"].items() if v.get("metric") != "objective")
    role = next(iter(d["roles"]))
    plan = d["roles"][role]
    ti = ("target_incentive", float(plan["target_incentive"]) + 5000.0) if plan.get("target_incentive") is not None \
        else ("target_incentive_pct_of_base", float(plan["target_incentive_pct_of_base"]) + 5.0)
    target = float(d["goals"][goal].get("target_pct", 100.0))
    holdback = float(plan.get("holdback_pct") or 0.0)
    cap = plan.get("plan_cap")
    return [("slider", f"w:goals/{goal}/target_pct", 93.0 if target != 93.0 else 94.0),
            ("slider", f"w:roles/{role}/holdback_pct", holdback + 5.0 if holdback < 50.0 else 45.0),
            ("slider", f"w:roles/{role}/plan_cap", 150.0 if cap is None or float(cap) != 150.0 else 155.0),
            ("number_input", f"w:roles/{role}/base_salary", float(plan["base_salary"]) + 10000.0),
            ("number_input", f"w:roles/{role}/{ti[0]}", ti[1]),
            ("selectbox", f"w:roles/{role}/true_up", "ytd" if plan.get("true_up", "annual") != "ytd" else "none"),
            ("selectbox", f"w:roles/{role}/measurement_period",
             "monthly" if plan.get("measurement_period", "quarterly") != "monthly" else "quarterly")]


@pytest.mark.parametrize("scenario", PRESETS)
def test_each_value_only_control_reruns_the_figures_alone_and_they_match_a_full_run(scenario):
    at = start(scenario=scenario)
    at.switch_page("app_pages/plans.py").run()
    assert not at.exception
    for kind, key, value in _controls(at):
        assert getattr(at, kind)(key=key) is not None  # on the page before the change
        full_before = _figures(at)
        _set(at, kind, key, value)
        live = _figures(at)
        assert _only_live_widgets(at), key  # no other widget of the page sent again
        assert live["metrics"], key  # the payouts are in what was redrawn
        at.run()  # the whole page, from the draft
        assert not at.exception
        assert getattr(at, kind)(key=key).value == value  # the control kept its new value
        assert _figures(at) == live, key
        if key.endswith("target_pct"):
            assert live["metrics"] != full_before["metrics"]  # a target level moves the payouts
            assert live["goals_table"] != full_before["goals_table"]  # and the table's target level


def test_a_target_change_moves_the_preview_mark_and_the_table():
    at = start(scenario="preset:integrated")
    at.switch_page("app_pages/plans.py").run()
    open_components(at)  # the component editors: an expander each, drawn when open
    before = _figures(at)
    _set(at, "slider", "w:goals/company_revenue/target_pct", 120.0)
    after = _figures(at)
    assert after["previews"] and after["previews"] != before["previews"]  # this year's mark moved
    row = next(r for r in after["goals_table"][0] if r["Goal"] == "Company revenue")
    assert row["Target level"] == "120%"


def test_a_live_change_then_a_whole_page_change_keep_both():
    at = start(scenario="preset:integrated")
    at.switch_page("app_pages/plans.py").run()
    _set(at, "slider", "w:goals/company_revenue/target_pct", 95.0)
    at.run()
    role = next(iter(at.session_state["draft"]["roles"]))
    _set(at, "selectbox", f"w:roles/{role}/true_up", "none")  # a whole-page control after a live one
    d = at.session_state["draft"]
    assert d["goals"]["company_revenue"]["target_pct"] == 95.0 and d["roles"][role]["true_up"] == "none"
    assert at.slider(key="w:goals/company_revenue/target_pct").value == 95.0


@pytest.mark.parametrize("scenario", PRESETS)
def test_a_weight_move_reruns_the_figures_alone_the_other_weights_follow(scenario):
    at = start(scenario=scenario)
    at.switch_page("app_pages/plans.py").run()
    weights = _weights(at)
    roles = sorted({k.split("/")[1] for k in weights}, key=lambda r: -sum(k.split("/")[1] == r for k in weights))
    role = roles[0]  # the plan with the most weights: the others follow a move
    mine = sorted(k for k in weights if k.split("/")[1] == role)
    assert len(mine) >= 2
    key = mine[0]
    new = weights[key] + 10.0 if weights[key] <= 80.0 else weights[key] - 10.0
    before = _figures(at)
    _set(at, "slider", key, new)
    live = _figures(at)
    assert _only_live_widgets(at)
    assert live["weights"][key] == new
    assert sum(v for k, v in live["weights"].items() if k.split("/")[1] == role) == 100.0  # the others followed
    draft = at.session_state["draft"]["roles"][role]["components"]
    assert {k: float(draft[int(k.split("/")[3])]["weight"]) for k in mine} == {k: live["weights"][k] for k in mine}
    assert live["metrics"] != before["metrics"] or live["alerts"] != before["alerts"]  # the figures moved
    at.run()
    assert _figures(at) == live


def test_rebalance_drawn_by_the_fragment_reruns_the_whole_page():
    at = start(scenario="preset:integrated")
    at.switch_page("app_pages/plans.py").run()
    open_components(at)  # the component editors: an expander each, drawn when open
    at.button(key="w:rm/vp_sales/0").click().run()  # a bonus component removed: the weights sum below 100
    assert not at.exception
    assert any("not 100%" in w.value for w in at.warning)
    at.button(key="w:rebalance/vp_sales").click().run()
    assert not at.exception
    assert at.selectbox  # the whole page ran: its other widgets are there again
    weights = {k: v for k, v in _weights(at).items() if "/vp_sales/" in k}
    assert sum(weights.values()) == 100.0
    draft = at.session_state["draft"]["roles"]["vp_sales"]["components"]
    assert sum(float(c["weight"]) for c in draft if c.get("kind", "bonus") != "commission") == 100.0


def _charts(at) -> list[str]:
    return [c.proto.spec for c in (at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart"))]


def test_a_preview_left_empty_by_the_whole_page_can_be_drawn_by_the_fragment_later():
    """Siloed: an invalid draft (a target incentive on a commission-only plan), the commission renamed (the last
    valid replay has no line of that name: no tier preview, an empty place), then the draft valid again from a
    value-only control: the fragment draws the preview into the place left empty (a review found the page
    raising here instead)."""
    at = start(scenario="preset:siloed")
    at.switch_page("app_pages/plans.py").run()
    open_components(at)  # the component editors: an expander each, drawn when open
    ti = "w:roles/vp_sales/target_incentive"
    before = at.number_input(key=ti).value
    assert any("Commission by tier" in spec for spec in _charts(at))
    _set(at, "number_input", ti, 40000.0)
    assert any("Not valid yet" in e.value for e in at.error)
    at.run()
    name = next(t for t in at.text_input if t.key.startswith("w:roles/vp_sales/components/") and t.key.endswith("/name"))
    name.input(name.value + " 2026").run()
    assert not at.exception
    assert not any("Commission by tier" in spec for spec in _charts(at))  # no line of that name replayed yet
    _set(at, "number_input", ti, before)  # valid again: only the fragment reruns
    assert not at.exception, [e.message for e in at.exception]
    assert any("Commission by tier" in spec for spec in _charts(at))
    at.run()
    assert not at.exception and any("Commission by tier" in spec for spec in _charts(at))


def test_after_an_upload_the_live_figures_replay_the_uploaded_history():
    """An uploaded history (revenue 20% below the sample's): the fragment's payouts are those of the upload, not
    of the sample, and every value-only control still draws what a whole-page run draws."""
    import pandas as pd

    from comp_models import SAMPLE_HISTORY

    at = start(scenario="preset:integrated")
    at.switch_page("app_pages/plans.py").run()
    sample = _figures(at)["metrics"]
    frame = pd.read_csv(SAMPLE_HISTORY)
    frame["revenue"] = (frame["revenue"] * 0.8).round(2)
    use_history_upload(at, frame.to_csv(index=False).encode())
    at.switch_page("app_pages/plans.py").run()
    uploaded = _figures(at)["metrics"]
    assert uploaded != sample
    for kind, key, value in _controls(at):
        _set(at, kind, key, value)
        live = _figures(at)
        assert _only_live_widgets(at), key
        assert "history.csv" in at.session_state["history"].label
        at.run()
        assert not at.exception
        assert _figures(at) == live, key


@pytest.mark.parametrize("scenario", PRESETS)
def test_no_plan_builder_slider_reads_the_whole_session_state(scenario, monkeypatch):
    """Every slider on the Plan builder is given its value (ui/editing.bind_slider): a slider without one copies
    the whole session state to learn whether it is a range (about 0.4 ms each, 26 a rerun). The values shown
    are still the session state's: a weight move sets the other weights, and those sliders show them."""
    from streamlit.runtime.state.session_state import SessionState

    at = start(scenario=scenario)
    at.switch_page("app_pages/plans.py").run()
    readers: list[str] = []
    whole = SessionState.filtered_state.fget

    def recorded(self):
        frame = sys._getframe(1)
        while "runtime/state" in frame.f_code.co_filename:  # the session state's own wrappers
            frame = frame.f_back
        readers.append(frame.f_code.co_filename)
        return whole(self)

    monkeypatch.setattr(SessionState, "filtered_state", property(recorded))
    key = next(s.key for s in at.slider if s.key.startswith("w:goals/"))
    _set(at, "slider", key, 120.0)
    at.run()
    assert readers, "the whole session state is still read by the other widgets"
    assert not [f for f in readers if f.endswith("slider.py")], readers
    assert at.slider(key=key).value == 120.0
