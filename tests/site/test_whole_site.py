"""Every page of the built sample site: valid HTML, no broken internal link, nothing external."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitecheck import broken_links, external_requests, html_files, summarize, validate_site

pytestmark = pytest.mark.build


def test_site_has_every_kind_of_page(built_site: Path):
    names = {p.relative_to(built_site).as_posix() for p in html_files(built_site)}
    for expected in [
        "index.html",
        "404.html",
        "luu-tru/index.html",
        "chu-de/index.html",
        "chuyen-muc/index.html",
        "tac-gia/index.html",
        "nguon/index.html",
        "nhan-vat/index.html",
        "dia-danh/index.html",
        "to-chuc/index.html",
        "van-ban/index.html",
    ]:
        assert expected in names


def test_every_page_is_valid_html(built_site: Path):
    problems = validate_site(built_site)
    assert not problems, summarize(problems)


def test_no_broken_internal_link(built_site: Path):
    problems = broken_links(built_site)
    assert not problems, summarize(problems)


def test_no_request_leaves_the_site(built_site: Path):
    problems = external_requests(built_site)
    assert not problems, summarize(problems)
