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
    # rsync: tests/test_safety.py publishes to a local folder through `invoke publish`.
    if ! command -v rsync >/dev/null 2>&1; then
        sudo_cmd=""
        if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
        $sudo_cmd apt-get update
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends rsync
    fi
    if [ -f scripts/install-browser.sh ]; then
        bash scripts/install-browser.sh
    fi
else
    .venv/bin/python -m pip install --quiet -e .
fi
