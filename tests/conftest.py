"""Shared fixtures: one build of the sample site per test session, and a local server for it.

``built_site`` imports the five sample articles in ``raw/`` with the importer into a temporary
content folder and builds the site with Pelican and ``pelicanconf.py`` into a temporary output
folder.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import build_site

from newsarchive.headless import QuietHandler, serve

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
# One article a page in the test build, so that five articles exercise pagination everywhere
# (home, sections, topics, sources, people...): later pages, their links and canonical URLs.
TEST_PAGINATION = 1
# Indexes of all names longer than this get a page per initial letter: small, so that the
# samples' topics exercise the letter pages too.
TEST_INDEX_SPLIT = 12

logger = logging.getLogger(__name__)


def import_samples(destination: Path) -> None:
    """Import raw/ into ``destination`` with the importer, as `invoke import` does."""
    from newsarchive.importer import import_paths
    from newsarchive.settings import load_settings

    report = import_paths([RAW], destination, load_settings(ROOT / "pelicanconf.py"), jobs=1)
    assert not report.failed, report.to_json()


@pytest.fixture(scope="session")
def per_page() -> int:
    """Articles a page in the ``built_site`` build."""
    return TEST_PAGINATION


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once per session; returns the output folder."""
    base = tmp_path_factory.mktemp("site")
    content = base / "content"
    content.mkdir()
    import_samples(content)
    output = base / "output"
    build_site(
        content,
        output,
        base / "cache",
        DEFAULT_PAGINATION=TEST_PAGINATION,
        TAXONOMIES_INDEX_SPLIT=TEST_INDEX_SPLIT,
    )
    return output


class _NotFoundHandler(QuietHandler):
    """Serves the built site; unknown paths get the site's own 404.html, as a host would."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of a local HTTP server serving the built site."""
    with serve(built_site, _NotFoundHandler) as url:
        yield url


@pytest.fixture(scope="session")
def in_ci() -> bool:
    """True on CI, where a missing browser is a failure and not a skip."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
