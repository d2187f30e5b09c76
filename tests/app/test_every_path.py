"""Every path a user can take (issue 9): every preset on every page, opened by link; every page after
an upload of a history that has only some columns; a saved scenario that no longer loads; a role id
with a hyphen; two sessions in one process that must not see each other's data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from comp_models import SAMPLE_HISTORY, preset_paths

from .apptest import APP, use_history_upload

PAGES = ["app_pages/overview.py", "app_pages/plans.py", "app_pages/backtest.py", "app_pages/alignment.py",
         "app_pages/compare.py", "app_pages/scenarios.py", "app_pages/data.py", "app_pages/export.py",
         "app_pages/statement.py"]


def _no_exception(at: AppTest, where: str) -> None:
    assert not at.exception, f"{where}: " + "; ".join(str(e.message)[:300] for e in at.exception)


def _open(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    from streamlit import config
    config.set_option("client.showErrorDetails", "full")  # after the project's config is read: see the cause
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    _no_exception(at, f"open {query}")
    return at


@pytest.mark.parametrize("preset", sorted(preset_paths()))
def test_every_preset_on_every_page(preset):
    at = _open(scenario=f"preset:{preset}")
    for page in PAGES:
        at.switch_page(page).run()
        _no_exception(at, f"{preset} on {page}")
        assert at.title, f"{preset} on {page}: no title"


def test_after_an_upload_every_preset_opens_on_every_page():
    """An upload keeps every mapped column: switching preset afterwards must not crash."""
    frame = pd.read_csv(SAMPLE_HISTORY)
    frame["revenue"] = (frame["revenue"] * 0.8).round(2)
    at = use_history_upload(_open(), frame.to_csv(index=False).encode())
    assert "history.csv" in at.session_state["history"].label
    assert any("lives in this browser session only" in c.value for c in at.sidebar.caption)
    for preset in sorted(preset_paths()):
        at.selectbox(key="sidebar_source").select(f"preset:{preset}").run()
        assert at.session_state["source"] == f"preset:{preset}"
        assert "history.csv" in at.session_state["history"].label  # the upload stays in use
        for page in PAGES:
            at.switch_page(page).run()
            _no_exception(at, f"{preset} on {page} after an upload")


def test_a_history_without_a_plans_column_says_which_goal_and_column():
    frame = pd.read_csv(SAMPLE_HISTORY)[["month", "revenue", "bookings", "mqls", "marketing_spend",
                                         "discount_given"]]
    at = use_history_upload(_open(scenario="preset:siloed"), frame.to_csv(index=False).encode())
    at.selectbox(key="sidebar_source").select("preset:integrated").run()
    assert at.session_state["source"] == "preset:integrated"
    for page in PAGES:
        at.switch_page(page).run()
        _no_exception(at, f"integrated on {page} with a partial history")
    at.switch_page("app_pages/overview.py").run()
    text = " ".join(e.value for e in at.error).replace("\\", "")  # user text is shown escaped, as text
    assert "pipeline_created" in text and "Data page" in text


def test_a_saved_scenario_that_no_longer_loads_is_listed_with_its_error(tmp_path):
    saved = Path(tmp_path / "saved")
    saved.mkdir(parents=True, exist_ok=True)
    (saved / "broken.toml").write_text("name = 'x'\n[roles\n", encoding="utf-8")
    at = _open(scenario="saved:broken")
    assert any("broken" in w.value for w in at.warning), "the link's scenario is said not to load"
    assert at.session_state["source"] == "preset:integrated"
    at.switch_page("app_pages/scenarios.py").run()
    _no_exception(at, "scenarios page with a broken saved file")
    assert any("broken" in e.value for e in [*at.error, *at.warning])
    at.selectbox(key="sidebar_source").select("saved:broken").run()  # picked in the sidebar: an error, no crash
    _no_exception(at, "picking a broken saved scenario")
    assert at.session_state["source"] == "preset:integrated"
    assert any("broken" in e.value for e in at.error)


def test_a_role_id_with_a_hyphen(tmp_path):
    text = preset_paths()["integrated"].read_text(encoding="utf-8").replace("vp_marketing", "vp-marketing")
    saved = Path(tmp_path / "saved")
    saved.mkdir(parents=True, exist_ok=True)
    (saved / "hyphen.toml").write_text(text, encoding="utf-8")
    at = _open(scenario="saved:hyphen")
    for page in PAGES:
        at.switch_page(page).run()
        _no_exception(at, f"hyphenated role on {page}")


def _upload_with_targets(at: AppTest, raw: bytes, targets: bytes | None) -> AppTest:
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="history_upload").set_value(("h.csv", raw, "text/csv"))
    if targets is not None:
        at.file_uploader(key="targets_upload").set_value(("t.csv", targets, "text/csv"))
    at.run()
    at.button(key="validate_history").click().run()
    _no_exception(at, "validate")
    return at


def test_two_sessions_do_not_see_each_others_targets():
    """Session A uploads h.csv with its own targets; session B uploads the same h.csv with the sample's:
    B's payouts are the sample's, never A's (the cache is keyed by content: history and targets)."""
    raw = pd.read_csv(SAMPLE_HISTORY).to_csv(index=False).encode()
    sample_targets = (SAMPLE_HISTORY.parent / "targets.csv").read_bytes()
    targets = pd.read_csv(SAMPLE_HISTORY.parent / "targets.csv")
    money = targets["metric"].isin(["bookings", "revenue", "mqls"])
    targets.loc[money, "annual_target"] = targets.loc[money, "annual_target"] * 3
    a = _upload_with_targets(_open(scenario="preset:siloed"), raw, targets.to_csv(index=False).encode())
    a.button(key="use_history").click().run()
    a.switch_page("app_pages/overview.py").run()
    shown_a = [m.value for m in a.metric]
    b = _upload_with_targets(_open(scenario="preset:siloed"), raw, sample_targets)
    b.button(key="use_history").click().run()
    b.switch_page("app_pages/overview.py").run()
    shown_b = [m.value for m in b.metric]
    fresh = _open(scenario="preset:siloed")  # the sample history with the sample targets
    assert shown_b == [m.value for m in fresh.metric]
    assert shown_a != shown_b


def test_an_upload_without_targets_is_refused_at_validation_not_later():
    """No silent fall-back to the sample's targets: the Data page says what is missing before use."""
    raw = pd.read_csv(SAMPLE_HISTORY).to_csv(index=False).encode()
    at = _upload_with_targets(_open(scenario="preset:siloed"), raw, None)
    text = " ".join(e.value for e in at.error).replace("\\", "")
    assert "no target for metric bookings" in text
    assert not [b for b in at.button if b.key == "use_history"]


def test_the_cache_key_covers_the_targets():
    from comp_models import load_history, load_targets
    from ui.state import HistoryData
    h = load_history(SAMPLE_HISTORY)
    t = load_targets(SAMPLE_HISTORY.parent / "targets.csv")
    other = {k: v * 2 for k, v in t.items()}
    assert HistoryData.of(h, t, "x", "upload").key != HistoryData.of(h, other, "x", "upload").key
    assert HistoryData.of(h, t, "x", "upload").key == HistoryData.of(h, dict(t), "y", "upload").key


def test_a_scenario_with_objectives_opens_on_every_page(tmp_path):
    """A shared objective scored by the CEO (docs/money.md §9) on every page."""
    text = (Path(__file__).resolve().parents[1] / "data" / "scenarios" / "integrated_with_objectives.toml").read_text(
        encoding="utf-8")
    saved = Path(tmp_path / "saved")
    saved.mkdir(parents=True, exist_ok=True)
    (saved / "objectives.toml").write_text(text, encoding="utf-8")
    at = _open(scenario="saved:objectives")
    assert at.session_state["source"] == "saved:objectives"
    for page in PAGES:
        at.switch_page(page).run()
        _no_exception(at, f"objectives on {page}")


def test_the_pay_mix_counts_a_commission_left_to_its_tier_table():
    """Siloed's VP of Sales: base 300,000, on-target commission from the table at 100% of the 2025 bookings
    target 393,150 (1.5% of 26.21M): 300,000 / 693,150 = 43% base, 57% variable (not 100 / 0)."""
    at = _open(scenario="preset:siloed")
    at.switch_page("app_pages/plans.py").run()
    _no_exception(at, "siloed on the plan builder")
    mixes = [c.value for c in at.caption if c.value.startswith("Pay mix")]
    assert mixes[0] == "Pay mix (base / variable at target, 2025): 43% / 57%", mixes
