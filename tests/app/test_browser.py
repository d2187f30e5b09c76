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
        context = b.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
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


def test_plan_builder_sliders_move_payouts_and_weights_stay_whole(app_url, page):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    try:
        # Payouts page (the default): both VPs' figures for the latest year, as money.
        open_app(page, app_url)
        expect(page.get_by_role("heading", name=re.compile(r"^Payouts"))).to_be_visible()
        expect(page.get_by_test_id("stMetricValue").first).to_be_visible()
        _no_exception(page)
        payouts_earned = _metric_values(page, "Earned").all_inner_texts()
        assert len(payouts_earned) == 2, payouts_earned
        assert all(re.fullmatch(r"-?\$[\d,]+", v) for v in payouts_earned), payouts_earned

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

        # Move the VP of Sales' first weight by 3 points: the others follow, the plan stays valid.
        weight = page.get_by_role("slider", name=WEIGHT_SLIDER).first
        start = int(weight.get_attribute("aria-valuenow") or weight.input_value())
        all_weights = page.get_by_role("slider", name=re.compile(r"^Weight: "))
        weights_before = [w.input_value() for w in all_weights.all()]
        earned_before = earned.all_inner_texts()
        _press(page, weight, "ArrowRight", 3)
        expect(page.get_by_role("slider", name=WEIGHT_SLIDER).first).to_have_value(str(start + 3))
        # the live figures reran alone (a fragment): the other weights followed and the payouts moved
        weights_after = [w.input_value() for w in all_weights.all()]
        assert sum(a != b for a, b in zip(weights_before, weights_after)) >= 2, (weights_before, weights_after)
        expect(earned).not_to_have_text(earned_before)
        expect(page.get_by_text(re.compile(r"Bonus weights sum to .*not 100%"))).to_have_count(0)
        expect(page.get_by_text(re.compile(r"Bonus weights sum to 100%")).first).to_be_visible()
        expect(earned).to_have_count(2)
        _no_exception(page)
        full_page_screenshot(page, ARTIFACTS / "browser_plan_builder.png")
    except BaseException:
        full_page_screenshot(page, ARTIFACTS / "browser_failure.png")
        raise


VERDICT = re.compile(r"(Aligned|Partly aligned|Misaligned) · alignment score \d+/100")
MONEY = re.compile(r"^-?\$\d{1,3}(,\d{3})*(\.\d\d)?$")


def _sized(page, width: int):
    page.set_viewport_size({"width": width, "height": 1000})


def _nav(page, title: str) -> None:
    nav = page.get_by_test_id("stSidebarNav")
    if not nav.is_visible():  # narrow: the sidebar is collapsed behind its button
        page.get_by_test_id("stExpandSidebarButton").click()
    # has_text is a case-insensitive substring: "Export" also finds "Import CRM export", listed before it
    page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has_text=title).last.click()
    wait_for_run(page)


@pytest.mark.parametrize("width", [1440, 800])
def test_the_ceos_journey(app_url, page, width):
    """Payouts: the verdict line, money, the pay-vs-outcome chart; apply the one change; the link keeps the scenario."""
    from playwright.sync_api import expect

    _sized(page, width)
    try:
        open_app(page, f"{app_url}/?scenario=preset:siloed")
        expect(page.get_by_text(VERDICT).first).to_be_visible()
        expect(page.get_by_text("Most helpful change").first).to_be_visible()
        for v in _metric_values(page, "Earned").all_inner_texts():
            assert MONEY.match(v), v
            assert "…" not in v
        expect(page.get_by_text("Pay vs company outcome")).to_be_visible()
        expect(page.locator("[data-testid=stVegaLiteChart]").first).to_be_visible()
        charts = page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg.marks")
        expect(charts.first).to_be_visible()
        widths = [b["width"] for b in (c.bounding_box() for c in charts.all()) if b]
        assert len(widths) >= 4 and min(widths) > 200, widths  # no chart collapsed to a line
        _no_exception(page)
        page.get_by_role("button", name="Apply this change").click()
        wait_for_run(page)
        expect(page.get_by_text("Applied: every figure now uses the changed weights.")).to_be_visible()
        _no_exception(page)
        _nav(page, "Back-test")
        expect(page.get_by_role("heading", name="Back-test")).to_be_visible()
        assert "scenario=preset%3Asiloed" in page.url or "scenario=preset:siloed" in page.url, page.url
        _no_exception(page)
        full_page_screenshot(page, ARTIFACTS / f"browser_ceo_{width}.png", width)
    except BaseException:
        full_page_screenshot(page, ARTIFACTS / f"browser_failure_ceo_{width}.png", width)
        raise


@pytest.mark.parametrize("width", [1440, 800])
def test_the_vps_and_hrs_journey(app_url, page, width):
    """A VP reads a statement with money and labels; HR finds the PDF plan documents; /payouts opens cleanly."""
    from playwright.sync_api import expect

    _sized(page, width)
    try:
        open_app(page, f"{app_url}/payouts")
        expect(page.get_by_role("heading", name=re.compile(r"^Payouts"))).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        _nav(page, "Statements")
        expect(page.get_by_role("heading", name="Statements")).to_be_visible()
        for label in ["Earned", "Paid", "Held back"]:
            values = _metric_values(page, label).all_inner_texts()
            assert values and all(MONEY.match(v) for v in values), (label, values)
        expect(page.locator("[data-testid^=glide-cell]").filter(has_text="Company revenue").first).to_be_attached()
        expect(page.get_by_text("company_revenue")).to_have_count(0)
        _no_exception(page)
        _nav(page, "Export")
        expect(page.get_by_role("button", name=re.compile(r"VP of Sales: plan document \(PDF\)"))).to_be_visible()
        with page.expect_download() as dl:
            page.get_by_role("button", name=re.compile(r"VP of Sales: plan document \(PDF\)")).click()
        assert dl.value.suggested_filename.endswith("_vp_sales.pdf")
        _no_exception(page)
        full_page_screenshot(page, ARTIFACTS / f"browser_vp_{width}.png", width)
    except BaseException:
        full_page_screenshot(page, ARTIFACTS / f"browser_failure_vp_{width}.png", width)
        raise


def test_quick_weight_moves_never_crash_the_page(app_url, page):
    """A user holding the arrow key: moves arrive while the page re-seeds its sliders (a KeyError once)."""
    from playwright.sync_api import expect

    open_app(page, app_url)
    page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has_text="Plan builder").click()
    wait_for_run(page)
    weight = page.get_by_role("slider", name=WEIGHT_SLIDER).first
    start = int(weight.get_attribute("aria-valuenow") or weight.input_value())
    weight.focus()
    for _ in range(4):  # no wait between the presses
        weight.press("ArrowRight")
    wait_for_run(page)
    page.wait_for_timeout(1500)
    wait_for_run(page)
    _no_exception(page)
    expect(page.get_by_text(re.compile(r"Bonus weights sum to 100%")).first).to_be_visible()
    moved = page.get_by_role("slider", name=WEIGHT_SLIDER).first
    now = int(moved.get_attribute("aria-valuenow") or moved.input_value())
    assert start < now <= start + 4


def _choose(page, box, label: str) -> None:
    """Pick the option `label` in the select box `box` (its stSelectbox element), as a user does."""
    for _ in range(3):
        box.locator("input").click()
        try:
            page.wait_for_selector("[role=listbox]", timeout=8_000)
            break
        except Exception:  # noqa: BLE001 - the list did not open on a busy machine: close and try again
            page.keyboard.press("Escape")
            wait_for_run(page)
    page.locator("[role=option]", has_text=label).first.click()
    wait_for_run(page)
    page.wait_for_timeout(400)
    wait_for_run(page)


def _open_preset(page, label: str) -> None:
    """Pick a scenario in the sidebar's Scenario box, as a user does."""
    _choose(page, page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first, label)


def test_switching_presets_keeps_each_plans_multiplier_and_never_crashes(app_url, page):
    """Marketing serves sales is the preset whose VP of Marketing has a multiplier. Opened after Siloed, its tick
    must show (the checkbox's identity is its key: a value passed as `value` left the browser showing Siloed's
    empty box, and the next weight move took the multiplier off); and preset after preset never crashes."""
    from playwright.sync_api import expect

    open_app(page, f"{app_url}/plans?scenario=preset:siloed")
    _open_preset(page, "Marketing serves sales")
    boxes = page.get_by_role("checkbox", name="Multiplier on the plan total")
    expect(boxes).to_have_count(2)
    assert [boxes.nth(i).is_checked() for i in range(2)] == [False, True]
    weight = page.get_by_role("slider", name=re.compile(r"^Weight:")).first
    _press(page, weight, "ArrowLeft", 1)  # any rerun: the multiplier stays
    assert [boxes.nth(i).is_checked() for i in range(2)] == [False, True]
    expect(page.get_by_text("Multiplier curve: 100% leaves the total unchanged").first).to_be_visible()
    for label in ("Shared revenue", "Integrated", "Marketing serves sales", "Siloed"):
        _open_preset(page, label)
        _no_exception(page)
        expect(page.get_by_text("This app has encountered an error")).to_have_count(0)
        if label == "Marketing serves sales":
            assert [boxes.nth(i).is_checked() for i in range(2)] == [False, True]


def test_alignment_tabs_open_on_click_and_keep_their_settings(app_url, page):
    """The Alignment page's tabs are drawn when clicked (lazy); the optimiser's settings and the self-assessment's
    answers are still there after another tab was open."""
    from playwright.sync_api import expect

    open_app(page, f"{app_url}/alignment?scenario=preset:siloed")
    tab = lambda name: page.get_by_role("tab", name=name)  # noqa: E731
    tab("Monte Carlo").click()
    wait_for_run(page)
    expect(_metric_values(page, "P(conflict)")).to_have_count(1)
    tab("Optimiser").click()
    wait_for_run(page)
    budget = page.get_by_label(re.compile(r"^Budget, expected annual cost"))
    budget.fill("500000")
    budget.press("Enter")
    wait_for_run(page)
    tab("Self-assessment").click()
    wait_for_run(page)
    page.get_by_test_id("stCheckbox").first.click()
    wait_for_run(page)
    tab("Gradients").click()
    wait_for_run(page)
    tab("Optimiser").click()
    wait_for_run(page)
    expect(page.get_by_label(re.compile(r"^Budget, expected annual cost"))).to_have_value("500000")
    tab("Self-assessment").click()
    wait_for_run(page)
    assert page.get_by_test_id("stCheckbox").first.get_by_role("checkbox").is_checked()
    _no_exception(page)


def test_a_component_editor_opens_on_click_and_stays_open_through_live_moves(app_url, page):
    """The Plan builder opens with each plan's component editor closed (an expander drawn only when open); a click
    opens it, with the component's name and its curve's preview; a target level's move reruns the payouts and
    the editor stays open, its preview drawn; left open (or closed), it is so again after another page."""
    from playwright.sync_api import expect

    open_app(page, f"{app_url}/plans?scenario=preset:integrated")
    expect(page.get_by_role("heading", name="Plan builder")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_count(0)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)
    page.get_by_text("Edit a component: curve or tiers, preview, upside, gates").first.click()
    wait_for_run(page)
    expect(page.get_by_label("Name")).to_have_count(1)
    expect(page.get_by_label("Name")).to_have_value("Company revenue")  # the VP of Sales' first component
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)  # its curve's preview
    earned = _metric_values(page, "Earned")
    before = earned.all_inner_texts()
    target = page.get_by_role("slider", name=TARGET_SLIDER)
    _press(page, target, "ArrowRight", 2)  # a live move: the open editor and its preview stay
    expect(earned).not_to_have_text(before)
    expect(page.get_by_label("Name")).to_have_value("Company revenue")
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    _nav(page, "Back-test")  # another page and back: the editor is as it was left
    _nav(page, "Plan builder")
    expect(page.get_by_label("Name")).to_have_value("Company revenue")
    page.get_by_text("Edit a component: curve or tiers, preview, upside, gates").first.click()  # closed again
    wait_for_run(page)
    expect(page.get_by_label("Name")).to_have_count(0)
    _nav(page, "Payouts")
    _nav(page, "Plan builder")
    expect(page.get_by_role("slider", name=TARGET_SLIDER)).to_have_count(1)
    expect(page.get_by_label("Name")).to_have_count(0)
    _no_exception(page)


def test_the_component_box_names_the_component_its_editor_shows(app_url, page):
    """Review: after the picked component was removed (a whole-page run re-seeds the page's widgets), the box kept
    showing its label while the editor showed the plan's first component. The box is seeded through the session
    state, so the browser shows what the editor shows; a rename shows in the box at once too."""
    from playwright.sync_api import expect

    open_app(page, f"{app_url}/plans?scenario=preset:integrated")
    page.get_by_text("Edit a component: curve or tiers, preview, upside, gates").first.click()
    wait_for_run(page)
    box = page.get_by_role("combobox", name="Edit component").first
    _choose(page, page.get_by_test_id("stSelectbox").filter(has=box), "Forecast accuracy · bonus")
    name = page.get_by_label("Name")
    expect(name).to_have_value("Forecast accuracy")
    page.get_by_role("button", name="Remove component").click()
    wait_for_run(page)
    shown = name.input_value()
    assert shown != "Forecast accuracy"
    expect(box).to_have_value(re.compile(rf"^{re.escape(shown)} · "))  # the box names the component shown
    name.fill("Renamed in the box")
    name.press("Enter")
    wait_for_run(page)
    expect(box).to_have_value(re.compile(r"^Renamed in the box · "))
    _no_exception(page)
