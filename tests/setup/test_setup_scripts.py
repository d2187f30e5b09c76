"""The two set-up commands (./run_app.sh, ./run_tests.sh) share tools/bootstrap.sh.

These tests run the bootstrap functions in a shell, as the commands do: a second set-up on a
ready checkout is a fast no-op, and a machine whose Python is too old gets a clear message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = ROOT / "tools" / "bootstrap.sh"


def _bash(script: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", f'source "{BOOTSTRAP}"; {script}'], capture_output=True, text=True,
                          env=env, timeout=600)  # a first set-up after a requirements change installs


def test_set_up_again_is_a_fast_no_op():
    """The suite runs inside the environment the set-up made: running it again changes nothing."""
    if not (ROOT / ".venv" / ".requirements.sha256").exists():
        import pytest
        pytest.skip("the suite was not started through ./run_tests.sh (no .venv/ stamp)")
    first = _bash("setup_python; need_chromium; need_pdf_libs; need_debs x poppler-utils")  # brings .venv/ up to date if requirements.txt changed
    assert first.returncode == 0, first.stderr
    t0 = time.monotonic()
    out = _bash("setup_python; need_chromium; need_pdf_libs; need_debs x poppler-utils")
    elapsed = time.monotonic() - t0
    assert out.returncode == 0, out.stderr
    assert out.stderr == "", f"a second set-up should be silent, said: {out.stderr}"
    assert elapsed < 10, f"a second set-up took {elapsed:.1f} s"


def _fake_path(tmp_path: Path, version: str) -> str:
    """A PATH whose only Python reports `version`, plus the few tools bootstrap.sh needs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "sha256sum", "cut", "cat", "head", "id", "dirname", "rm", "env"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    major, minor = version.split(".")[:2]
    fake = bin_dir / "python3"
    fake.write_text("#!/bin/sh\n"
                    f'case "$*" in *version_info*) exit 1 ;; *--version*) echo "Python {version}" ;; esac\n')
    fake.chmod(0o755)
    return str(bin_dir)


def test_old_python_is_refused_with_a_clear_message(tmp_path):
    env = {"PATH": _fake_path(tmp_path, "3.9.2"), "HOME": str(tmp_path)}
    out = _bash("find_python", env)
    assert out.returncode != 0
    assert "needs Python 3.11 or newer" in out.stderr
    assert "Python 3.9.2" in out.stderr


def test_failed_install_names_the_cause(tmp_path):
    """A package that cannot be installed stops the set-up with a message saying what to check."""
    env = dict(os.environ, PATH=f"{tmp_path}:{os.environ['PATH']}")
    pip_stub = tmp_path / "venv" / "bin"
    pip_stub.mkdir(parents=True)
    (pip_stub / "python").write_text("#!/bin/sh\nexit 1\n")
    (pip_stub / "python").chmod(0o755)
    out = _bash(f'VENV_PY="{pip_stub / "python"}"; STAMP="{tmp_path}/stamp"; ensure_requirements', env)
    assert out.returncode != 0
    assert "could not be installed" in out.stderr and "PyPI" in out.stderr
    assert not (tmp_path / "stamp").exists()
