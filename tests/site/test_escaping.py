"""Text from the input stays text in every place the theme puts it: attributes, <title>, feeds.

The importer writes titles and summaries HTML-escaped; a template filter that unescapes them
(``striptags`` does) must escape again, or a headline like ``"><script>`` breaks out of an
attribute. This builds a site from one hostile raw article and reads every page as HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import build_site

from newsarchive.importer import import_paths
from newsarchive.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = """Tin "><script>alert('tiêu đề')</script> về công tác xây dựng Đảng ở cơ sở
18/09/2023 - 22:29

(CT) - "><img src=x onerror=alert('sapo')> Ngày 18-9-2023, đoàn khảo sát của Đảng ủy Khối các cơ quan Trung ương làm việc với Thành ủy Cần Thơ về kết quả thực hiện Quy định 171-QĐ/TW.

Đồng chí Lê Tấn Thủ, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Thành ủy phát biểu, nhấn mạnh vai trò của tổ chức đảng trong các cơ quan hội quần chúng ở thành phố.

Tin, ảnh: THANH THY
"""


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("escaping")
    raw = base / "raw"
    raw.mkdir()
    (raw / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    content = base / "content"
    report = import_paths([raw], content, load_settings(ROOT / "pelicanconf.py"))
    assert report.counts["imported"] == 1, report.to_json()
    output = base / "output"
    build_site(content, output, base / "cache", SEARCH_ENABLED=False)
    return output


def test_no_page_gains_an_element_or_attribute_from_the_input(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert pages
    for page in pages:
        parser = _Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parser.tags:
            assert tag != "img" or attrs.get("src") != "x", page
            assert "onerror" not in attrs, page
            if tag == "script":
                assert attrs.get("type") in (
                    "application/ld+json",
                    "application/json",
                    "module",
                    None,
                )
                assert "src" in attrs or attrs.get("type") in (
                    "application/ld+json",
                    "application/json",
                ), page


def test_the_hostile_text_is_shown_as_text(hostile_site):
    article = next(p for p in hostile_site.rglob("*.html") if "tin-script-alert" in p.name)
    html = article.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in html
    assert "<script>alert" not in html and "<img src=x" not in html
