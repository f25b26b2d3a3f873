"""Injected code never runs: the importer's escaping and the Content-Security-Policy, in Chromium.

One small site is built (one extra build for this module): an article imported from a raw text
that carries `<script>window.__pwned = 1</script>`, `<img src=x onerror="window.__pwned=2">`
and `javascript:` links, and a hand-written Markdown article with the same markup left raw (as
if an editor pasted HTML by hand: the importer is bypassed, only the policy protects; it is
hidden, so that it is on no list page). It is
served with the Content-Security-Policy of docs/examples/_headers, as a host configured by
docs/SECURITY.md would serve it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import build_site

from newsarchive.headless import QuietHandler, serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ROOT / "docs" / "examples" / "_headers"
SAMPLE = ROOT / "raw" / "000_f64fa409ad2f9f8f.txt"
TITLE = "Phát huy vai trò tổ chức đảng cơ quan hội quần chúng"

SCRIPT = "<script>window.__pwned = 1</script>"
IMAGE = '<img src=x onerror="window.__pwned=2">'
HOSTILE_TITLE = f"Bài thử mã độc {SCRIPT} trong tiêu đề"

HAND_WRITTEN = f"""Title: Bài viết tay có mã nhúng
Date: 2023-09-20T08:00:00+07:00
Authors: Ban biên tập
Category: Tin tức
Slug: bai-viet-tay-co-ma-nhung
Summary: Bài viết tay.
Status: hidden

Đoạn mở đầu của bài viết tay.

{SCRIPT}

<p>Ảnh {IMAGE} và <a href="javascript:window.__pwned=3">liên kết</a>.</p>
"""

# Records every violation of the policy; init scripts run outside the page's policy.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def content_security_policy() -> str:
    """The policy of docs/examples/_headers (docs/SECURITY.md), as a host sends it."""
    match = re.search(r"^\s+Content-Security-Policy: (.+)$", HEADERS.read_text(), re.MULTILINE)
    assert match, f"no Content-Security-Policy in {HEADERS}"
    return match.group(1).strip()


def hostile_raw_text() -> str:
    """The first sample article with the payloads in its headline, a paragraph and links."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace(TITLE, HOSTILE_TITLE, 1)
    text = text.replace(
        "Đồng chí Lê Tấn Thủ,",
        f"Đồng chí {IMAGE} Lê Tấn Thủ, xem [tại đây](javascript:window.__pwned=3) và "
        '<a href="javascript:window.__pwned=4">liên kết</a>,',
        1,
    )
    return text.replace("Hiện nay, TP Cần Thơ", f"{SCRIPT}\n\nHiện nay, TP Cần Thơ", 1)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsarchive.importer import import_paths
    from newsarchive.settings import load_settings

    base = tmp_path_factory.mktemp("injection")
    raw = base / "raw"
    raw.mkdir()
    (raw / "ma-doc.txt").write_text(hostile_raw_text(), encoding="utf-8")
    content = base / "content"
    report = import_paths([raw], content, load_settings(ROOT / "pelicanconf.py"), jobs=1)
    assert [e.status for e in report.entries] == ["imported"]
    (content / "2023" / "bai-viet-tay.md").write_text(HAND_WRITTEN, encoding="utf-8")
    output = base / "output"
    build_site(content, output, base / "cache")
    return output


class _PolicyHandler(QuietHandler):
    """Serves the site with the documented Content-Security-Policy on every response."""

    policy = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()


@pytest.fixture(scope="module")
def policy_server(hostile_site: Path) -> Iterator[str]:
    handler = type("Handler", (_PolicyHandler,), {"policy": content_security_policy()})
    with serve(hostile_site, handler) as url:
        yield url


@pytest.fixture
def open_page(browser, policy_server: str) -> Iterator:
    contexts = []

    def _open(path: str):
        context = browser.new_context()
        contexts.append(context)
        context.add_init_script(WATCH_VIOLATIONS)
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        response = page.goto(policy_server + path, wait_until="load")
        assert response is not None and response.ok, path
        assert response.headers["content-security-policy"] == content_security_policy()
        return page, console

    yield _open
    for context in contexts:
        context.close()


def article_path(site: Path, slug_start: str) -> str:
    page = next(site.glob(f"2023/09/{slug_start}*.html"))
    return "/" + page.relative_to(site).as_posix()


NO_INJECTED_ELEMENTS = """() => ({
  pwned: typeof window.__pwned,
  inlineScripts: [...document.scripts].filter((s) => !s.src && !/json/.test(s.type)).length,
  handlers: [...document.querySelectorAll("*")].filter((e) =>
    [...e.attributes].some((a) => a.name.startsWith("on"))).length,
  javascriptUrls: [...document.querySelectorAll("[href], [src], [action]")].filter((e) =>
    /^\\s*javascript:/i.test(e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action") || "")).length,
  images: [...document.querySelectorAll("img")].map((i) => i.getAttribute("src")),
  text: document.querySelector("main").innerText,
  title: document.title,
})"""


def test_imported_payloads_are_text_not_code(hostile_site, open_page):
    page, _console = open_page(article_path(hostile_site, "bai-thu-ma-doc"))
    found = page.evaluate(NO_INJECTED_ELEMENTS)
    assert found["pwned"] == "undefined"
    assert found["inlineScripts"] == 0
    assert found["handlers"] == 0
    assert found["javascriptUrls"] == 0
    assert "x" not in found["images"]
    # What the raw text said is kept, and shown as the text it was.
    assert SCRIPT in found["title"]
    assert SCRIPT in found["text"] and IMAGE in found["text"]
    assert "[tại đây](javascript:window.__pwned=3)" in found["text"]
    assert page.evaluate("window.__violations") == []


def test_the_policy_stops_markup_that_reached_the_page(hostile_site, open_page):
    page, console = open_page(article_path(hostile_site, "bai-viet-tay"))
    found = page.evaluate(NO_INJECTED_ELEMENTS)
    # The hand-written article really carries the markup: only the policy protects here.
    assert found["inlineScripts"] == 1 and found["handlers"] == 1 and found["javascriptUrls"] == 1
    page.click("main a[href^='javascript:']")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src-elem inline") for v in violations), violations
    assert any(v.startswith("script-src-attr inline") for v in violations), violations
    assert any("Content Security Policy" in line for line in console), console


@pytest.mark.parametrize("path", ["/", "/2023/09/", "/tim-kiem/?q=can+tho"])
def test_the_theme_works_under_the_policy(hostile_site, open_page, path):
    page, console = open_page(path)
    if path.startswith("/tim-kiem/"):
        page.wait_for_selector(".search-results li", timeout=15000)
    assert page.evaluate("window.__violations") == [], console
    assert not [line for line in console if "Content Security Policy" in line], console
