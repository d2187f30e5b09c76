"""Start the Streamlit app as a subprocess and drive it from a real browser (Playwright + chromium).

Shared by tests/test_browser.py and tools/screenshots.py. Nothing here is imported by the app.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SETUP_HINT = ("Chromium is missing at /usr/bin/chromium; run the README's set-up command: "
              "apt-get update && apt-get install -y chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    """Poll /_stcore/health until it answers `ok`; raise with the server log if it dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as resp:
                if resp.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"streamlit not healthy after {timeout:.0f}s:\n{log.read_text(errors='replace')}")


class ServerUrl(str):
    """The server's URL, carrying the server process's pid (for memory figures)."""

    pid: int


@contextlib.contextmanager
def app_server(saved_dir: str | Path | None = None, *, timeout: float = 60.0,
               root: str | Path = ROOT) -> Iterator[str]:
    """Run `streamlit run app.py` from `root` (the repo root) on a free port; yield its URL; always stop the server.

    Saved scenarios go to `saved_dir` (a fresh temporary folder when None), never to scenarios/saved/.
    """
    with contextlib.ExitStack() as stack:
        if saved_dir is None:
            saved_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="comp-align-saved-"))
        logdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="comp-align-server-")))
        log = logdir / "streamlit.log"
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "COMP_ALIGN_SAVED_DIR": str(saved_dir)}
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none"]
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_healthy(url, proc, log, timeout)
            served = ServerUrl(url)
            served.pid = proc.pid
            yield served
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=15)


@contextlib.contextmanager
def browser(playwright, *, headless: bool = True):
    """A chromium browser from /usr/bin/chromium (never a downloaded one)."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(SETUP_HINT)
    b = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=headless, args=CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()


def wait_for_run(page, timeout: float = 60_000) -> None:
    """Wait for the script run to finish, as Streamlit's own e2e suite does: a short pause for the rerun to
    start, then the app's script state back to notRunning."""
    page.wait_for_timeout(150)
    page.wait_for_selector("[data-testid=stApp][data-test-connection-state=CONNECTED]", state="attached",
                           timeout=timeout)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", state="attached",
                           timeout=timeout)


def open_app(page, url: str, timeout: float = 60_000) -> None:
    """Load a URL of the app and wait for its first run (the main block rendered, the script idle)."""
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    page.wait_for_selector("[data-testid=stApp]", state="attached", timeout=timeout)
    page.wait_for_selector("[data-testid=stMainBlockContainer]", state="attached", timeout=timeout)
    wait_for_run(page, timeout)


def full_page_screenshot(page, path: str | Path, width: int = 1400) -> None:
    """Screenshot the whole page. Streamlit scrolls inside its main block, not the document, so Playwright's
    full_page option sees only the viewport: grow the viewport to the content's height instead, then restore it."""
    before = page.viewport_size
    height = page.evaluate("""() => {
        const main = document.querySelector('[data-testid=stMain]');
        const side = document.querySelector('[data-testid=stSidebarContent]');
        return Math.max(main ? main.scrollHeight : 0, side ? side.scrollHeight : 0, window.innerHeight);
    }""")
    page.set_viewport_size({"width": width, "height": min(int(height) + 20, 16_000)})
    page.wait_for_timeout(800)  # let charts and tables re-lay out at the new size
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    if before:
        page.set_viewport_size(before)
