#!/usr/bin/env bash
# Set up what is missing (.venv/ with the pinned requirements), then start the app on the shipped
# sample data and print its local URL. A second run skips the set-up. Extra arguments go to
# `streamlit run`, e.g. ./run_app.sh --server.port 8600
source "$(dirname "${BASH_SOURCE[0]}")/tools/bootstrap.sh"
setup_python
need_pdf_libs
cd "$ROOT"
port=8501
prev=""
for a in "$@"; do
  case "$a" in --server.port=*) port="${a#*=}" ;; esac
  [ "$prev" = "--server.port" ] && port="$a"
  prev="$a"
done
say "starting the app on the sample data at http://localhost:$port (Ctrl+C stops it)"
exec "$VENV_PY" -m streamlit run app.py --server.port "$port" "$@"
