"""Playwright fixtures driving Debian's Chromium (Playwright's own download does not work here).

Without /usr/bin/chromium the browser tests are skipped with a message, except on CI
(``CI=true``), where they fail: a green CI must mean the pages were really opened.
axe-core comes from the npm registry into node_modules/ (scripts/install-browser.sh).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsarchive.headless import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"


def _missing(what: str, in_ci: bool) -> None:
    message = f"{what}; run scripts/install-browser.sh"
    if in_ci:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(in_ci: bool) -> Iterator[object]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.is_file():
        _missing(f"Chromium not found at {CHROMIUM}", in_ci)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def axe_source(in_ci: bool) -> str:
    """The axe-core script, injected into pages (never fetched from a CDN)."""
    if not AXE.is_file():
        _missing(f"axe-core not found at {AXE}", in_ci)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
