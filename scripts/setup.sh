#!/usr/bin/env bash
# Set up the archive on a fresh machine: a virtualenv in .venv with every dependency.
#   bash scripts/setup.sh          the archive itself (import, build, serve, publish)
#   bash scripts/setup.sh --test   plus the test tools and Debian's Chromium for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
    .venv/bin/python -m pip install --quiet -e ".[test]"
    if [ -f scripts/install-browser.sh ]; then
        bash scripts/install-browser.sh
    fi
else
    .venv/bin/python -m pip install --quiet -e .
fi
