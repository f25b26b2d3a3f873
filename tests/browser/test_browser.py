"""The sample site in a real Chromium: pages load cleanly, links work, axe-core finds nothing.

Each page is opened at a phone width and a desktop width (light), and at the phone width in the
dark colour scheme; a screenshot of each is saved under test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WIDTHS = {"phone": (375, 740), "desktop": (1280, 900)}
# Both widths in the light scheme; the dark scheme (its own colours, so its own contrast) once.
VIEWS = [("phone", "light"), ("desktop", "light"), ("phone", "dark")]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def first_link(root: Path, folder: str) -> str:
    """A page of the given index folder, other than the index itself."""
    page = next(p for p in sorted((root / folder).glob("*.html")) if p.name != "index.html")
    return "/" + page.relative_to(root).as_posix()


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, str]:
    """The page kinds the issue names, as paths on the local server."""
    sample = next(p for p in sorted(built_site.glob("2023/09/*.html")) if p.name != "index.html")
    return {
        "home": "/",
        "article": "/" + sample.relative_to(built_site).as_posix(),
        "tag": first_link(built_site, "chu-de"),
        "source": first_link(built_site, "nguon"),
        "month": "/2023/09/",
        "archives": "/luu-tru/",
        "404": "/khong-co-trang-nay.html",
    }


@dataclass
class Watch:
    """What went wrong while a page loaded."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser, site_server: str) -> Iterator:
    contexts = []

    def _open(path: str, width: str = "desktop", scheme: str = "light", javascript=True):
        w, h = WIDTHS[width]
        context = browser.new_context(
            viewport={"width": w, "height": h},
            color_scheme=scheme,
            java_script_enabled=javascript,
            locale="vi-VN",
        )
        contexts.append(context)
        page = context.new_page()
        watch = Watch()
        page.on(
            "console",
            lambda msg: (
                watch.console_errors.append(f"{msg.text} ({msg.location.get('url')})")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda exc: watch.console_errors.append(str(exc)))
        page.on("requestfailed", lambda req: watch.failed.append(req.url))
        page.on("request", lambda req: watch.requests.append(req.url))
        page.on(
            "response",
            lambda res: (
                watch.failed.append(f"{res.status} {res.url}")
                if res.status >= 400 and res.request.resource_type != "document"
                else None
            ),
        )
        response = page.goto(site_server + path, wait_until="load")
        return page, response, watch

    yield _open
    for context in contexts:
        context.close()


def run_axe(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize(("width", "scheme"), VIEWS)
@pytest.mark.parametrize("kind", ["home", "article", "tag", "source", "month", "archives", "404"])
def test_page_loads_cleanly_and_passes_axe(
    open_page, pages, axe_source, artifacts, site_server, kind, width, scheme
):
    page, response, watch = open_page(pages[kind], width, scheme)
    expected_status = 404 if kind == "404" else 200
    assert response.status == expected_status
    assert page.locator("h1").count() == 1
    if kind == "404":
        # Chromium reports the document's own 404 status as a console error; nothing else.
        document = site_server + pages[kind]
        watch.console_errors = [
            e for e in watch.console_errors if f"404 (Not Found) ({document})" not in e
        ]
    assert watch.console_errors == []
    assert watch.failed == []
    outside = [url for url in watch.requests if not url.startswith(site_server)]
    assert outside == [], "no request leaves the site"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "no horizontal scrolling"
    page.screenshot(path=str(artifacts / f"{kind}-{width}-{scheme}.png"), full_page=True)
    violations = run_axe(page, axe_source)
    assert violations == [], "\n".join(violations)


def test_navigation_by_links(open_page):
    page, _, watch = open_page("/", "phone")
    title = page.locator(".card-title a").first.inner_text()
    page.locator(".card-title a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    section = page.locator(".article-header .kicker a")
    name = section.text_content().strip()
    section.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    page.get_by_role("link", name="Lưu trữ", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Lưu trữ"
    page.locator("ol.bars a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Tháng ")
    page.get_by_role("link", name="Trang chủ").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tin mới nhất"
    assert watch.console_errors == [] and watch.failed == []


def test_skip_link_is_first_and_moves_focus(open_page, pages):
    page, _, _ = open_page(pages["article"], "desktop")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Bỏ qua, đến nội dung chính"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"


def test_pages_work_without_javascript(open_page, pages):
    page, response, watch = open_page(pages["article"], "phone", javascript=False)
    assert response.status == 200
    assert page.locator(".article-body p.lead").is_visible()
    assert page.locator("form[role=search] input[name=q]").is_visible()
    assert watch.failed == []


def test_print_view_shows_source_address_and_date(open_page, pages):
    page, _, _ = open_page(pages["article"], "desktop")
    page.emulate_media(media="print")
    footer = page.locator(".print-footer")
    assert footer.is_visible()
    assert not page.locator(".site-header").is_visible()
    text = footer.inner_text()
    assert "Nguồn" in text and ".html" in text and "/20" in text
