"""Bounded load test of the app on this machine: N real browser sessions against one local server.

    python tools/load_test.py [--sessions 20] [--seconds 60]

Starts `streamlit run app.py` on 127.0.0.1 (loopback only), opens N sessions in one headless Debian
chromium (one browser context each: separate cookies, separate Streamlit sessions), and has every
session walk the pages and move a slider until the time is up. Prints the number of page loads and
reruns, every error seen (an exception box on a page, a page that did not finish), and the server's
peak memory (VmHWM). Exit code 1 if any error was seen. Every loop is bounded by the time limit.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.app_server import CHROMIUM, CHROMIUM_ARGS, app_server  # noqa: E402

PAGES = ["payouts", "plans", "backtest", "alignment", "compare", "scenarios", "data", "export"]
PRESETS = ["preset:integrated", "preset:siloed", "preset:shared_revenue", "preset:marketing_serves_sales"]


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MB, from /proc (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


async def _settle(page, timeout: float) -> None:
    await page.wait_for_timeout(150)
    await page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", state="attached",
                                 timeout=timeout)


async def session(i: int, browser, url: str, deadline: float, stats: dict) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    n = 0
    try:
        while time.monotonic() < deadline:
            target = f"{url}/{PAGES[n % len(PAGES)]}?scenario={PRESETS[(n // len(PAGES) + i) % len(PRESETS)]}"
            n += 1
            try:
                await page.goto(target, wait_until="domcontentloaded", timeout=60_000)
                await page.wait_for_selector("[data-testid=stMainBlockContainer]", state="attached", timeout=60_000)
                await _settle(page, 60_000)
                stats["loads"] += 1
                if await page.get_by_test_id("stException").count():
                    stats["errors"].append(f"session {i}: exception on {target}")
                slider = page.get_by_role("slider").first
                if await slider.count():
                    await slider.focus()
                    await slider.press("ArrowRight")
                    await _settle(page, 60_000)
                    stats["reruns"] += 1
                    if await page.get_by_test_id("stException").count():
                        stats["errors"].append(f"session {i}: exception after a slider move on {target}")
            except Exception as exc:  # a page that did not finish in time is an error of the run
                stats["errors"].append(f"session {i}: {target}: {type(exc).__name__}: {str(exc)[:160]}")
    finally:
        await context.close()


async def main_async(sessions: int, seconds: float) -> int:
    from playwright.async_api import async_playwright

    stats = {"loads": 0, "reruns": 0, "errors": []}
    with app_server(timeout=90) as url:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            t0 = time.monotonic()
            deadline = t0 + seconds
            await asyncio.gather(*(session(i, browser, url, deadline, stats) for i in range(sessions)))
            elapsed = time.monotonic() - t0
            await browser.close()
        peak = peak_rss_mb(url.pid)
    print(f"{sessions} sessions for {elapsed:.0f} s against {url}: {stats['loads']} page loads, "
          f"{stats['reruns']} slider reruns, {len(stats['errors'])} errors; server peak memory {peak:.0f} MB")
    for e in stats["errors"][:50]:
        print("  error:", e)
    return 1 if stats["errors"] else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    args = ap.parse_args()
    if not 1 <= args.sessions <= 50 or not 1 <= args.seconds <= 600:
        print("error: sessions must be 1-50 and seconds 1-600", file=sys.stderr)
        return 2
    return asyncio.run(main_async(args.sessions, args.seconds))


if __name__ == "__main__":
    sys.exit(main())
