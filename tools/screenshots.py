"""Save a full-page screenshot of every page of the app to docs/screenshots/<page>.png (1440 px wide) and
docs/screenshots/<page>_800.png (800 px wide, a laptop's split screen).

Run by hand from the repo root: `python tools/screenshots.py`. Starts the app like the browser test does
(tools/app_server.py), on the default preset, with saved scenarios in a throwaway folder. Needs /usr/bin/chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.app_server import app_server, browser, full_page_screenshot, open_app

OUT = ROOT / "docs" / "screenshots"
WIDTHS = (1440, 800)
# (file name, url path) in navigation order; the Payouts page is the default page at "/".
PAGES = [
    ("payouts", ""),
    ("plan_builder", "plans"),
    ("backtest", "backtest"),
    ("statements", "statements"),
    ("alignment", "alignment"),
    ("compare_scenarios", "compare"),
    ("scenarios", "scenarios"),
    ("data", "data"),
    ("export", "export"),
]


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    problems = []
    with app_server() as url, sync_playwright() as p, browser(p) as b:
        for width in WIDTHS:
            context = b.new_context(viewport={"width": width, "height": 1000})
            context.set_default_timeout(90_000)
            page = context.new_page()
            for name, path in PAGES:
                open_app(page, f"{url}/{path}")
                page.wait_for_timeout(1500)  # charts render after the run ends
                target = OUT / (f"{name}.png" if width == WIDTHS[0] else f"{name}_{width}.png")
                full_page_screenshot(page, target, width)
                bad = page.get_by_test_id("stException").count() > 0
                if bad:
                    problems.append(f"{name} at {width} px")
                print(f"{target.relative_to(ROOT)}{'  (shows an exception)' if bad else ''}")
            context.close()
    sys.stdout.flush()
    if problems:
        print(f"pages showing an exception: {', '.join(problems)}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
