"""Browser benchmark of the app: what a user waits for, in a real browser on loopback.

    python tools/browser_bench.py [--steps 20] [--json]

Starts `streamlit run app.py` on 127.0.0.1 (a free port, saved scenarios in a throwaway folder, the
server's log read for its own timings: COMP_ALIGN_TIMING=1 makes app.py print each script run's time
and every full garbage collection's), drives Debian's /usr/bin/chromium headless with Playwright, and
prints, beside issue 13's goals:

- cold start: `streamlit run` started -> the first page's payouts (the Earned figures) visible
  (the browser is launched before the server, so its own start is not counted); goal <= 2 s;
- slider release -> payout text updated: on the Plan builder, a key press on the company-revenue
  target slider (each press is a release and a new value, so every step recomputes) until both
  VPs' Earned figures show new text, timed in the page (keydown to the DOM change);
  median and range of --steps (>= 20); goal median <= 80 ms; then the same on the VP of Sales'
  company-revenue weight (the plan's other weights follow each press);
- the server's script time of those reruns (from its log line: app.py start to end for a whole-page run,
  the live fragment's own for the Plan builder's value-only controls, which rerun only it) and the full
  collections after them (Streamlit's post-run gc); goal script <= 100 ms;
- warm page switch: each page in the sidebar opened a second time, click -> the run finished
  (script state back to notRunning), timed in the page; goal <= 400 ms.

Needs what `./run_tests.sh` installs (Playwright in .venv, chromium). Times are wall-clock on a
shared machine: report ranges, not single figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.app_server import CHROMIUM, SETUP_HINT, browser, free_port  # noqa: E402

GOAL_SLIDER_MS = 80.0  # slider release -> payout updated, median of >= 20
GOAL_SCRIPT_MS = 100.0  # the server's script time of that rerun
GOAL_COLD_S = 2.0  # cold start to the first page's payouts visible
GOAL_SWITCH_MS = 400.0  # warm page switch
TARGET_SLIDER = "Target level · Company revenue (% of plan)"
WEIGHT_SLIDER = "Weight: Company revenue (% of target incentive)"  # the VP of Sales' (the first column)
PAGES = ["Plan builder", "Back-test", "Statements", "Alignment", "Compare scenarios", "Scenarios", "Data",
         "Export", "Payouts"]
TIMING_LINE = re.compile(r"comp-align timing: (script|gc gen2) ([\d.]+) ms")
STARTED = re.compile(r"comp-align timing: script ([\d.]+) ms, page \S+, started ([\d.]+)")

# In the page: the time of the next keydown / click (capture phase, before Streamlit sees it) and of the
# first change after it: the Earned figures' text, or the script state going running -> notRunning.
WATCH_EARNED = """() => {
  window.__t0 = null; window.__t1 = null;
  const values = () => Array.from(document.querySelectorAll('[data-testid=stMetric]'))
      .filter(m => (m.querySelector('[data-testid=stMetricLabel]')?.innerText || '').trim() === 'Earned')
      .map(m => m.querySelector('[data-testid=stMetricValue]')?.innerText).join('|');
  const before = values();
  window.addEventListener('keydown', () => { if (window.__t0 === null) window.__t0 = performance.now(); },
                          {capture: true, once: true});
  const obs = new MutationObserver(() => {
    if (window.__t0 !== null && window.__t1 === null && values() !== before) {
      window.__t1 = performance.now(); obs.disconnect();
    }
  });
  obs.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
WATCH_RUN = """() => {
  window.__t0 = null; window.__t1 = null;
  const app = document.querySelector('[data-testid=stApp]');
  let running = false;
  window.addEventListener('click', () => { if (window.__t0 === null) window.__t0 = performance.now(); },
                          {capture: true, once: true});
  const obs = new MutationObserver(records => {
    const s = app.getAttribute('data-test-script-state');
    if (s === 'running' || records.some(r => r.oldValue === 'running')) running = true;
    if (running && s === 'notRunning' && window.__t1 === null) { window.__t1 = performance.now(); obs.disconnect(); }
  });
  obs.observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
}"""


class Server:
    """`streamlit run app.py` on loopback with the app's timing lines on; the log is kept to read them."""

    def __init__(self, saved_dir: Path, logdir: Path, extra_args: list[str] = ()):
        self.log = logdir / "streamlit.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "COMP_ALIGN_SAVED_DIR": str(saved_dir), "COMP_ALIGN_TIMING": "1"}
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
               f"--server.port={self.port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none", *extra_args]
        self.started = time.perf_counter()
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self._offset = 0

    def new_lines(self) -> list[tuple[str, float]]:
        """Timing lines written since the last call: ('script' | 'gc gen2', ms)."""
        text = self.log.read_text(errors="replace")
        new, self._offset = text[self._offset:], len(text)
        return [(m.group(1), float(m.group(2))) for m in TIMING_LINE.finditer(new)]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)


def _wait_healthy_fast(server: "Server", timeout: float = 120.0) -> float:
    """Poll /_stcore/health every 20 ms (app_server.wait_healthy sleeps 0.5 s between polls, which would add up
    to half a second to the cold start); return the time since `streamlit run` started (s)."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.proc.returncode}:\n"
                               f"{server.log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=5) as resp:
                if resp.read().decode().strip() == "ok":
                    return time.perf_counter() - server.started
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.02)
    raise TimeoutError(f"streamlit not healthy after {timeout:.0f}s:\n{server.log.read_text(errors='replace')}")


def cold_start(page, server: "Server") -> dict:
    """`streamlit run` started -> the first page's Earned figures visible, and where the time went: server
    healthy, page loaded (DOM), first script run started and its duration (from the server log)."""
    healthy_s = _wait_healthy_fast(server)
    page.goto(server.url, wait_until="domcontentloaded")
    dom_s = time.perf_counter() - server.started
    _earned(page).first.wait_for(state="visible", timeout=120_000)
    cold_s = time.perf_counter() - server.started
    first_run = _settle(page, server)
    text = server.log.read_text(errors="replace")
    m = STARTED.search(text)
    run_start_s = float(m.group(2)) - server.started if m else None
    return {"cold_start_s": cold_s, "healthy_s": healthy_s, "dom_loaded_s": dom_s, "first_run_start_s": run_start_s,
            "first_run_log": first_run}


def _wait_idle(page, timeout: float = 60_000) -> None:
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", state="attached", timeout=timeout)


def _link(page, name: str):
    """The sidebar's link to a page, by its exact title (the icon's text is beside it)."""
    return page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has=page.get_by_text(name, exact=True))


def _earned(page):
    label = page.get_by_test_id("stMetricLabel").filter(has_text=re.compile(r"^\s*Earned\s*$"))
    return page.get_by_test_id("stMetric").filter(has=label).get_by_test_id("stMetricValue")


def _in_page_ms(page, timeout_s: float = 30.0) -> float | None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        t0, t1 = page.evaluate("() => [window.__t0, window.__t1]")
        if t0 is not None and t1 is not None:
            return t1 - t0
        page.wait_for_timeout(10)
    return None


def _settle(page, server: Server) -> list[tuple[str, float]]:
    """Wait for the run to end and its log lines (the post-run gc comes just after the script)."""
    _wait_idle(page)
    page.wait_for_timeout(300)
    return server.new_lines()


def _slider_steps(page, server: Server, name: str, steps: int) -> tuple[list, list, list, int]:
    """`steps` key presses on the first slider named `name` (right for the first half and 25 more, then left):
    each press's time to the Earned figures' change, the server's script times and full collections, and the
    count of presses that changed no Earned figure."""
    slider = page.get_by_role("slider", name=name).first
    slider_ms, script_ms, gc_ms, missed = [], [], [], 0
    for i in range(steps):
        page.evaluate(WATCH_EARNED)
        slider.focus()
        slider.press("ArrowRight" if i < steps // 2 + 25 else "ArrowLeft")
        ms = _in_page_ms(page)
        lines = _settle(page, server)
        if ms is None:
            missed += 1
        else:
            slider_ms.append(ms)
        script_ms += [v for k, v in lines if k == "script"]
        gc_ms.append(sum(v for k, v in lines if k == "gc gen2"))
    return slider_ms, script_ms, gc_ms, missed


def measure(steps: int, extra_args: list[str] = ()) -> dict:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(SETUP_HINT)
    with tempfile.TemporaryDirectory(prefix="comp-align-bench-") as tmp, sync_playwright() as p, browser(p) as b:
        context = b.new_context(viewport={"width": 1440, "height": 1000})
        context.set_default_timeout(90_000)
        page = context.new_page()
        server = Server(Path(tmp) / "saved", Path(tmp), list(extra_args))
        try:
            # cold start: the server process started -> the first page's Earned figures visible
            cold = cold_start(page, server)

            # slider release -> payouts updated, on the Plan builder: a target level, then a weight
            _link(page, "Plan builder").click()
            page.get_by_role("slider", name=TARGET_SLIDER).wait_for(state="visible")
            _settle(page, server)
            slider_ms, script_ms, gc_ms, missed = _slider_steps(page, server, TARGET_SLIDER, steps)
            weight = _slider_steps(page, server, WEIGHT_SLIDER, steps)

            # warm page switches: every page once (caches filled), then each again, timed
            for name in PAGES:
                _link(page, name).click()
                page.wait_for_timeout(200)
                _wait_idle(page, 180_000)
            server.new_lines()
            switch_ms: dict[str, float | None] = {}
            switch_script_ms: dict[str, float | None] = {}
            for name in PAGES:
                page.evaluate(WATCH_RUN)
                _link(page, name).click()
                switch_ms[name] = _in_page_ms(page, 60.0)
                scripts = [v for k, v in _settle(page, server) if k == "script"]
                switch_script_ms[name] = scripts[-1] if scripts else None
        finally:
            server.stop()
            context.close()
    return {**cold, "slider_ms": slider_ms, "slider_missed": missed,
            "script_ms": script_ms, "gc_after_rerun_ms": gc_ms,
            "weight_slider_ms": weight[0], "weight_slider_missed": weight[3], "weight_script_ms": weight[1],
            "page_switch_ms": switch_ms,
            "page_switch_script_ms": switch_script_ms}


def measure_cold(runs: int, extra_args: list[str] = ()) -> list[dict]:
    """`runs` cold starts, each a new server and a new browser context (the browser itself launched once)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(SETUP_HINT)
    out = []
    with sync_playwright() as p, browser(p) as b:
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="comp-align-bench-") as tmp:
                context = b.new_context(viewport={"width": 1440, "height": 1000})
                context.set_default_timeout(90_000)
                page = context.new_page()
                server = Server(Path(tmp) / "saved", Path(tmp), list(extra_args))
                try:
                    out.append(cold_start(page, server))
                finally:
                    server.stop()
                    context.close()
    return out


def _spread(xs: list[float], unit: str = "s", scale: float = 1.0) -> str:
    xs = [x * scale for x in xs if x is not None]
    if not xs:
        return "n/a"
    return (f"median {statistics.median(xs):.2f} {unit}, min {min(xs):.2f}, max {max(xs):.2f} (n={len(xs)})")


def render_cold(runs: list[dict]) -> str:
    ok = {True: "PASS", False: "FAIL"}
    cold = [r["cold_start_s"] for r in runs]
    firsts = [next((v for k, v in r["first_run_log"] if k == "script"), None) for r in runs]
    return "\n".join([
        f"cold start (streamlit run -> first payouts visible): {_spread(cold)}  "
        f"[goal <= {GOAL_COLD_S:g} s: {ok[statistics.median(cold) <= GOAL_COLD_S]}]",
        f"  server healthy: {_spread([r['healthy_s'] for r in runs])}",
        f"  page DOM loaded: {_spread([r['dom_loaded_s'] for r in runs])}",
        f"  first script run started: {_spread([r['first_run_start_s'] for r in runs])}",
        f"  first script run (imports included, to its end): {_spread(firsts, 's', 1e-3)}",
    ])


def _range(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.0f} ms, range {min(xs):.0f}-{max(xs):.0f} ms (n={len(xs)})"


def render(f: dict) -> str:
    ok = {True: "PASS", False: "FAIL"}
    s = f["slider_ms"]
    first = [v for k, v in f["first_run_log"] if k == "script"]
    lines = [f"cold start (streamlit run -> first payouts visible): {f['cold_start_s']:.2f} s"
             + (f", of which the first script run {first[0] / 1e3:.2f} s (imports included)" if first else "")
             + f"  [goal <= {GOAL_COLD_S:g} s: {ok[f['cold_start_s'] <= GOAL_COLD_S]}]"]
    if s:
        missed = f", {f['slider_missed']} steps showed no change" if f["slider_missed"] else ""
        lines.append(f"slider release -> payout text updated: {_range(s)}{missed}  "
                     f"[goal median <= {GOAL_SLIDER_MS:g} ms: {ok[statistics.median(s) <= GOAL_SLIDER_MS]}]")
    if f["script_ms"]:
        sm = f["script_ms"]
        lines.append(f"  server script time of those reruns (server log): {_range(sm)}  "
                     f"[goal <= {GOAL_SCRIPT_MS:g} ms: {ok[statistics.median(sm) <= GOAL_SCRIPT_MS]}]")
    if f["gc_after_rerun_ms"]:
        lines.append(f"  full garbage collections after each rerun (Streamlit's post-run gc): "
                     f"{_range(f['gc_after_rerun_ms'])}")
    w = f.get("weight_slider_ms")
    if w:
        missed = f", {f['weight_slider_missed']} steps showed no change" if f["weight_slider_missed"] else ""
        lines.append(f"weight slider release -> payout text updated: {_range(w)}{missed}  "
                     f"[goal median <= {GOAL_SLIDER_MS:g} ms: {ok[statistics.median(w) <= GOAL_SLIDER_MS]}]")
        if f["weight_script_ms"]:
            lines.append(f"  server script time of those reruns (server log): {_range(f['weight_script_ms'])}")
    for name, ms in f["page_switch_ms"].items():
        script = f["page_switch_script_ms"].get(name)
        lines.append(f"warm page switch to {name}: " + (f"{ms:.0f} ms" if ms is not None else "no run seen")
                     + (f" (server script {script:.0f} ms)" if script is not None else "")
                     + (f"  [goal <= {GOAL_SWITCH_MS:g} ms: {ok[ms <= GOAL_SWITCH_MS]}]" if ms is not None else ""))
    sw = [v for v in f["page_switch_ms"].values() if v is not None]
    if sw:
        lines.append(f"warm page switches: {_range(sw)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="slider steps (at least 20 for the goal's median)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--streamlit-arg", action="append", default=[], metavar="ARG",
                        help="passed to streamlit run, e.g. --streamlit-arg=--runner.postScriptGC=false")
    parser.add_argument("--cold", type=int, default=0, metavar="N",
                        help="only the cold start, N times (a new server each time): its median and range")
    args = parser.parse_args(argv)
    if args.cold:
        runs = measure_cold(args.cold, args.streamlit_arg)
        print(json.dumps(runs, indent=2) if args.json else render_cold(runs))
        return 0
    fig = measure(max(args.steps, 1), args.streamlit_arg)
    fig["streamlit_args"] = args.streamlit_arg
    print(json.dumps(fig, indent=2) if args.json else render(fig))
    return 0


if __name__ == "__main__":
    sys.exit(main())
