#!/usr/bin/env bash
# Set up what the tests need (.venv/ with the pinned requirements, Debian chromium for the
# real-browser tests), then run the whole suite. A second run skips the set-up. Extra arguments
# go to pytest, e.g. ./run_tests.sh -x -q tests/engine
source "$(dirname "${BASH_SOURCE[0]}")/tools/bootstrap.sh"
setup_python
need_chromium
need_pdf_libs
need_debs "the PDF tests" poppler-utils
cd "$ROOT"
exec "$VENV_PY" -m pytest "$@"
