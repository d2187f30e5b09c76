"""Real-browser test: the app served by `streamlit run`, driven by Playwright on the system's chromium.

Slow (~30 s) and needs /usr/bin/chromium (the README's set-up installs it). Marked `browser`; run alone with
`python -m pytest tests/test_browser.py -q`. The server helpers live in tools/app_server.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools.app_server import CHROMIUM, SETUP_HINT, app_server, browser, full_page_screenshot, open_app, wait_for_run

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TIMEOUT = 20_000  # ms, for auto-retrying expectations: the CI box is small and shared
TARGET_SLIDER = "Target level · Company revenue (% of plan)"
WEIGHT_SLIDER = "Weight: Company revenue (% of target incentive)"  # VP of Sales' column comes first


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        # Fail, never skip: CI installs chromium, and a skipped browser test would hide a broken set-up.
        pytest.fail(SETUP_HINT, pytrace=False)
    return CHROMIUM


@pytest.fixture
def app_url(chromium, tmp_path):
    with app_server(tmp_path / "saved", timeout=60) as url:
        yield url


@pytest.fixture
def page(chromium):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT)
    with sync_playwright() as p, browser(p) as b:
        context = b.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(60_000)
        yield context.new_page()
        context.close()


def _no_exception(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException"), "the app raised an exception").to_have_count(0)


def _metric_values(page, label: str):
    """Locator for the values of the metrics labelled exactly `label` (one per VP)."""
    label_el = page.get_by_test_id("stMetricLabel").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    return page.get_by_test_id("stMetric").filter(has=label_el).get_by_test_id("stMetricValue")


def _press(page, slider, key: str, times: int) -> None:
    """Keyboard steps on a slider; each step is a release, so each reruns the app."""
    for _ in range(times):
        slider.focus()
        slider.press(key)
        wait_for_run(page)


def test_plan_builder_sliders_move_payouts_and_weights_rebalance(app_url, page):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    try:
        # Payouts page (the default): both VPs' figures for the latest year.
        open_app(page, app_url)
        expect(page.get_by_role("heading", name=re.compile(r"^Payouts"))).to_be_visible()
        expect(page.get_by_test_id("stMetricValue").first).to_be_visible()
        _no_exception(page)
        payouts_earned = _metric_values(page, "Earned").all_inner_texts()
        assert len(payouts_earned) == 2, payouts_earned
        assert all(re.fullmatch(r"-?[\d,]+\.\d\d", v) for v in payouts_earned), payouts_earned

        # Plan builder: the same scenario, so the same latest-year earnings.
        page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has_text="Plan builder").click()
        wait_for_run(page)
        expect(page.get_by_role("heading", name="Plan builder")).to_be_visible()
        target = page.get_by_role("slider", name=TARGET_SLIDER)
        expect(target).to_have_count(1)
        _no_exception(page)
        earned = _metric_values(page, "Earned")
        expect(earned).to_have_text(payouts_earned)

        # Raise company revenue targets by 5 points: attainment falls, so the earnings change.
        expect(target).to_have_value("100")
        _press(page, target, "ArrowRight", 5)
        expect(target).to_have_value("105")
        expect(earned).not_to_have_text(payouts_earned)
        expect(earned).to_have_count(2)
        _no_exception(page)
        expect(page.get_by_text(re.compile(r"Bonus weights sum to .*not 100%"))).to_have_count(0)

        # Unbalance the VP of Sales' first component weight (VP of Sales is the first column).
        weight = page.get_by_role("slider", name=WEIGHT_SLIDER).first
        expect(weight).to_have_value("40")
        _press(page, weight, "ArrowRight", 3)
        expect(page.get_by_role("slider", name=WEIGHT_SLIDER).first).to_have_value("43")
        warning = page.get_by_test_id("stAlert").filter(has_text=re.compile(r"Bonus weights sum to 103%, not 100%"))
        expect(warning).to_have_count(1)
        _no_exception(page)

        # Rebalance: the warning (and its button) go away.
        page.get_by_role("button", name="Rebalance to 100%").click()
        wait_for_run(page)
        expect(warning).to_have_count(0)
        expect(page.get_by_role("button", name="Rebalance to 100%")).to_have_count(0)
        expect(page.get_by_text(re.compile(r"Bonus weights sum to .*not 100%"))).to_have_count(0)
        expect(earned).to_have_count(2)
        _no_exception(page)
        full_page_screenshot(page, ARTIFACTS / "browser_plan_builder.png")
    except BaseException:
        full_page_screenshot(page, ARTIFACTS / "browser_failure.png")
        raise
