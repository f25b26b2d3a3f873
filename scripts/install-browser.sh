#!/usr/bin/env bash
# Install what the browser tests need, only when it is missing:
#  - Debian's Chromium (Playwright's own browser download does not work here) and a font with
#    Vietnamese glyphs, so screenshots show real text;
#  - axe-core from the npm registry into the git-ignored node_modules/, injected into pages by
#    tests/browser (no CDN at test time).
# Safe to run again: each step checks first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ ! -x /usr/bin/chromium ]; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends \
        chromium fonts-dejavu-core
else
    echo "chromium: already installed at /usr/bin/chromium"
fi

axe_version="4.10.3"
if [ ! -f "$here/node_modules/axe-core/axe.min.js" ]; then
    if command -v npm >/dev/null 2>&1; then
        (cd "$here" && npm install --no-save --no-audit --no-fund --no-package-lock "axe-core@$axe_version")
    else
        echo "npm is missing: the browser tests will skip the axe-core checks" >&2
    fi
else
    echo "axe-core: already in node_modules/"
fi
