"""Real browser at 800 px (issue 12's review): the Compare and Statements tables fit the page beside the
sidebar, no column cut. Marked `browser`; needs /usr/bin/chromium like tests/app/test_browser.py."""

from __future__ import annotations

import pytest

from tools.app_server import CHROMIUM, SETUP_HINT, app_server, browser, open_app

pytestmark = pytest.mark.browser

# each table's scrolling box (a data grid's scroller, a static table's wrapper): its content width and its own
WIDTHS = """() => [...document.querySelectorAll('[data-testid=stDataFrame], [data-testid=stTable]')].map(el => {
  const box = el.querySelector('.dvn-scroller') || el.querySelector('table').parentElement;
  return [el.dataset.testid, box.scrollWidth, box.clientWidth] })"""


def test_compare_and_statement_tables_are_not_cut_at_800_px(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(SETUP_HINT, pytrace=False)
    with app_server(tmp_path / "saved", timeout=60) as url, sync_playwright() as p, browser(p) as b:
        page = b.new_context(viewport={"width": 800, "height": 1000}).new_page()
        page.set_default_timeout(60_000)
        for path, heading in (("compare", "Compare scenarios"), ("statements", "Statements")):
            open_app(page, f"{url}/{path}?scenario=preset:integrated")
            expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=20_000)
            tables = page.locator("[data-testid=stDataFrame], [data-testid=stTable]")
            expect(tables.first).to_be_visible(timeout=20_000)
            page.wait_for_timeout(500)  # the grid sizes its columns after it is drawn
            widths = page.evaluate(WIDTHS)
            assert widths and all(content <= box + 1 for _, content, box in widths), (path, widths)
