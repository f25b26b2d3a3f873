"""Search in a real Chromium, against the sample site built once per session.

The Pagefind index is the one the build wrote (plugins/search runs on Pelican's ``finalized``
signal). Each folding case of the search issue is typed as a reader would, and the first result
is checked against the sample article that holds the words as printed; highlighted words must
be the printed words of that article, never a folded copy. A second build, served under a
sub-path with one index per year and an external fallback search configured, checks hosting
under /archive/, yearly indexes merged in the browser, and the page without JavaScript.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from newsarchive.headless import serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SEARCH = "/tim-kiem/"
WIDTHS = {"phone": (375, 740), "desktop": (1280, 900)}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Sample articles, by the end of their address.
CAN_THO_2023 = "/2023/09/phat-huy-vai-tro-to-chuc-dang-co-quan-hoi-quan-chung.html"
HDND_2020 = (
    "/2020/10/tang-cuong-cong-tac-xay-dung-dang-vung-manh-ve-chinh-tri-tu-tuong-va-to-chuc.html"
)
UY_BAN_2023 = (
    "/2023/11/nhieu-giai-phap-duoc-de-xuat-nham-doi-moi-hoat-dong-cua-cac-to-chuc-dang-thuoc.html"
)
THI_TRAN_2021 = "/2021/12/chi-dao-to-chuc-co-so-dang-thuc-hien-tot-chuc-nang-nhiem-vu.html"


def fold(text: str) -> str:
    """Lower case without tone marks; đ stays đ (what Pagefind does by itself)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@pytest.fixture(scope="module")
def bodies(built_site: Path) -> dict[str, str]:
    """The indexed text of each article page (furniture marked data-pagefind-ignore removed)."""
    texts = {}
    for path in sorted(built_site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("[data-pagefind-body]")
        if body is None:
            continue
        for ignored in body.select("[data-pagefind-ignore]"):
            ignored.decompose()
        texts["/" + path.relative_to(built_site).as_posix()] = body.get_text(" ")
    assert len(texts) == 5, "the five sample articles"
    return texts


@dataclass
class Watch:
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def context(browser) -> Iterator:
    """One browser context for the module's pages: Vietnamese, desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    yield context
    context.close()


def watch_page(page) -> Watch:
    watch = Watch()
    page.on(
        "console",
        lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: watch.console_errors.append(str(exc)))
    page.on("requestfailed", lambda req: watch.failed.append(req.url))
    page.on(
        "response",
        lambda res: watch.failed.append(f"{res.status} {res.url}") if res.status >= 400 else None,
    )
    return watch


@pytest.fixture
def search_page(context, site_server: str) -> Iterator:
    """Open the search page with a query string; waits until search.js has answered."""
    pages = []

    def _open(query: str = "", base: str = site_server, path: str = SEARCH):
        page = context.new_page()
        pages.append(page)
        watch = watch_page(page)
        page.goto(base + path + query)
        wait_for_answer(page)
        return page, watch

    yield _open
    for page in pages:
        page.close()


def wait_for_answer(page) -> None:
    """search.js has finished: results, or a status that is not "searching"."""
    page.wait_for_function(
        "() => { const s = document.querySelector('.search-status');"
        " const r = document.getElementById('search');"
        " return s && s.textContent && !r.hasAttribute('aria-busy')"
        " && !s.textContent.startsWith('Đang tìm'); }"
    )


def results(page) -> list[str]:
    """Result addresses, in order (path only)."""
    hrefs = page.locator(".search-result h2 a").evaluate_all("els => els.map(a => a.href)")
    return [urlparse(href).path for href in hrefs]


def marks(page, index: int = 0) -> list[str]:
    """Highlighted words of one result's excerpt."""
    return page.locator(".search-result").nth(index).locator("mark").all_inner_texts()


def search_for(page, query: str) -> None:
    page.fill("#search-page-q", query)
    page.press("#search-page-q", "Enter")
    page.wait_for_timeout(50)
    wait_for_answer(page)


FOLDING_CASES = [
    # (typed, printed: the words a reader means, the article that must come first; None: any of
    # those that print them)
    ("can tho", "cần thơ", CAN_THO_2023),
    ("uy ban", "ủy ban", None),
    ("uỷ ban", "ủy ban", None),  # old tone placement typed, new one printed
    ("hoa", "hóa", None),
    ("hdnd", "hđnd", HDND_2020),
    ("171-qd/tw", "171-qđ/tw", CAN_THO_2023),
    ("171-QĐ/TW", "171-qđ/tw", CAN_THO_2023),
    ("171", "171-qđ/tw", CAN_THO_2023),
    ("trần", "trần", HDND_2020),  # typed with diacritics: exact ones first...
    ("trấn", "trấn", THI_TRAN_2021),  # ...so one tone mark changes the first article
]


def core(word: str) -> str:
    """A word without the punctuation around it."""
    return re.sub(r"^[^\w]+|[^\w]+$", "", word)


def holds(text: str, printed: str) -> bool:
    """The article prints these words side by side, as whole words."""
    words = [core(w).casefold() for w in text.split()]
    wanted = printed.split()
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words)))


@pytest.mark.parametrize(("query", "printed", "first"), FOLDING_CASES)
def test_folding_case_finds_the_sample_article_first(search_page, bodies, query, printed, first):
    page, watch = search_page(f"?q={query}")
    found = results(page)
    holding = {url for url, text in bodies.items() if holds(text, printed)}
    assert holding, f"no sample prints {printed!r}"
    assert found, f"{query!r} found nothing"
    if first:
        assert found[0] == first, f"{query!r}: {found}"
    # Every article that prints the words comes before every one that does not.
    assert set(found[: len(holding)]) == holding, f"{query!r}: {found}"
    # The reader sees them highlighted as printed in the first result's excerpt.
    shown = " ".join(core(m).casefold() for m in marks(page))
    assert printed in shown, f"{query!r} highlighted {shown!r}"
    assert watch.console_errors == [] and watch.failed == []


@pytest.mark.parametrize(
    ("query", "printed"),
    [("dang", "đảng"), ("dong chi", "đồng chí"), ("thanh uy", "thành ủy")],
)
def test_unaccented_words_find_every_article_that_prints_them(search_page, bodies, query, printed):
    """`dang` finds every article with Đảng, `dong chi` every one with đồng chí, and so on."""
    page, watch = search_page(f"?q={query}")
    found = results(page)
    holding = {url for url, text in bodies.items() if holds(text, printed)}
    assert holding, f"no sample prints {printed!r}"
    assert holding <= set(found), f"{query!r} missed {holding - set(found)}"
    assert found[0] in holding
    shown = " ".join(core(m).casefold() for m in marks(page))
    assert printed in shown, f"{query!r} highlighted {shown!r}"
    assert watch.console_errors == []


def test_excerpts_show_the_words_as_printed(search_page, bodies):
    """Every highlighted word is a word of that article's text, diacritics and đ included."""
    for query in ("dang uy can tho hdnd", "dong chi", "171-qd/tw"):
        page, _ = search_page(f"?q={query}")
        for index, url in enumerate(results(page)):
            words = {core(w).casefold() for w in bodies[url].split()}
            for mark in marks(page, index):
                for word in mark.split():
                    assert core(word).casefold() in words, f"{word!r} is not printed in {url}"


def test_a_word_and_the_query_typed_with_d_find_the_same_first_article(search_page):
    # Typing đ or not makes no difference to what comes first for an unambiguous code.
    page, _ = search_page("?q=HĐND")
    with_d = results(page)
    search_for(page, "hdnd")
    assert results(page)[0] == with_d[0] == HDND_2020


def test_d_is_also_tried_as_đ_within_bounds(search_page):
    """The spellings search.js runs for what was typed (its own functions, in the page)."""
    page, _ = search_page()
    variants = page.evaluate(
        """async () => {
            const m = await import(document.querySelector('script[src*="/search.js"]').src);
            return {
                hdnd: m.queryVariants("hdnd"),
                code: m.queryVariants("171-qd/tw"),
                dongchi: m.queryVariants("dong chi"),
                typed: m.queryVariants("Đảng dân"),
                many: m.queryVariants("dd dd dd dd dd"),
            };
        }"""
    )
    assert variants["hdnd"][0] == "hdnd" and "hđnđ" in variants["hdnd"]
    assert len(variants["hdnd"]) == 4
    assert variants["code"] == ["171-qd/tw", "171-qđ/tw"]
    assert variants["dongchi"] == ["dong chi", "đong chi"]
    # A word typed with diacritics was typed on a Vietnamese keyboard: its d is a d.
    assert variants["typed"] == ["Đảng dân"]
    assert len(variants["many"]) == 16  # SEARCH_MAX_VARIANTS
    assert variants["many"][0] == "dd dd dd dd dd"


def test_the_window_title_names_the_search(search_page):
    page, _ = search_page("?q=can tho")
    assert page.title().startswith("“can tho” – Tìm kiếm")


# --- No results, filters, order ----------------------------------------------------------------
def test_nonsense_says_no_results_kindly(search_page):
    page, watch = search_page("?q=xqzvw kkjjh")
    assert results(page) == []
    status = page.locator(".search-status").inner_text()
    assert "Không tìm thấy bài nào cho “xqzvw kkjjh”" in status
    assert "bộ lọc" in status  # and says what to try
    assert page.locator(".search-more").is_hidden()
    assert watch.console_errors == [] and watch.failed == []


def test_an_empty_query_asks_for_words(search_page):
    page, _ = search_page()
    assert results(page) == []
    assert "Gõ một từ" in page.locator(".search-status").inner_text()


def test_filters_narrow_the_results_and_stay_in_the_address(search_page):
    page, watch = search_page("?q=dang")
    everything = results(page)
    assert len(everything) == 5
    years = page.locator("#search-year option").all_inner_texts()
    assert years == ["Tất cả", "2023", "2021", "2020"]
    page.select_option("#search-year", "2023")
    wait_for_answer(page)
    in_2023 = results(page)
    assert sorted(in_2023) == sorted(u for u in everything if u.startswith("/2023/"))
    assert parse_qs(urlparse(page.url).query)["year"] == ["2023"]
    page.select_option("#search-source", "Báo Cần Thơ")
    wait_for_answer(page)
    assert results(page) == [CAN_THO_2023]
    page.select_option("#search-year", "")
    page.select_option("#search-source", "")
    page.select_option("#search-section", "Tin tức")
    wait_for_answer(page)
    assert sorted(results(page)) == sorted([CAN_THO_2023, UY_BAN_2023])
    assert watch.console_errors == [] and watch.failed == []


def test_filters_from_the_address_are_applied(search_page):
    page, _ = search_page("?q=dang&year=2020")
    assert page.locator("#search-year").input_value() == "2020"
    found = results(page)
    assert len(found) == 2 and all(u.startswith("/2020/") for u in found)


def test_newest_first(search_page):
    page, _ = search_page("?q=dang")
    relevant = results(page)
    page.select_option("#search-sort", "newest")
    wait_for_answer(page)
    newest = results(page)
    assert sorted(newest) == sorted(relevant)
    dated = [
        # /YYYY/MM/slug.html; the sample has one article per month.
        u.split("/")[1] + u.split("/")[2]
        for u in newest
    ]
    assert dated == sorted(dated, reverse=True)
    assert "sort=newest" in page.url


# --- From the header, links, without JavaScript, under a sub-path -----------------------------
def test_the_header_box_leads_to_results_and_a_result_to_its_article(context, site_server):
    page = context.new_page()
    watch = watch_page(page)
    page.goto(site_server + "/")
    page.fill("#search-q", "can tho")
    page.press("#search-q", "Enter")
    page.wait_for_url("**/tim-kiem/?q=can+tho")
    wait_for_answer(page)
    assert page.locator("#search-page-q").input_value() == "can tho"
    assert results(page)[0] == CAN_THO_2023
    page.locator(".search-result h2 a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Phát huy vai trò tổ chức đảng cơ quan hội quần chúng"
    assert watch.console_errors == [] and watch.failed == []
    page.close()


def _load_site_helpers():
    """tests/conftest.py's build helpers (one build recipe for every test)."""
    spec = importlib.util.spec_from_file_location("site_build", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def subpath_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The samples built for https://host/archive/: yearly indexes, an external fallback search."""
    helpers = _load_site_helpers()
    base = tmp_path_factory.mktemp("subpath")
    output = base / "www" / "archive"
    helpers.build_site(
        built_site.parent / "content",
        output,
        base / "cache",
        SITEURL="/archive",
        SEARCH_BUNDLE_PER_YEAR=True,
        SEARCH_FALLBACK_URL="https://duckduckgo.com/",
        SEARCH_FALLBACK_FIELDS={"sites": "example.org"},
    )

    with serve(base / "www") as address:
        yield address


def test_search_works_under_a_sub_path(search_page, subpath_server):
    page, watch = search_page("?q=hdnd", base=subpath_server, path="/archive" + SEARCH)
    assert results(page)[0] == "/archive" + HDND_2020
    page.locator(".search-result h2 a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/archive" + HDND_2020)
    assert watch.console_errors == [] and watch.failed == []


def test_yearly_indexes_merge_filter_and_sort_newest_first(search_page, subpath_server):
    page, watch = search_page("?q=dang&sort=newest", base=subpath_server, path="/archive" + SEARCH)
    newest = [u.removeprefix("/archive") for u in results(page)]
    assert len(newest) == 5
    months = [u.split("/")[1] + u.split("/")[2] for u in newest]
    assert months == sorted(months, reverse=True)
    page.select_option("#search-year", "2020")
    wait_for_answer(page)
    assert [u.split("/")[2] for u in results(page)] == ["2020", "2020"]
    search_for(page, "can tho")
    assert results(page)[0] == "/archive" + HDND_2020  # 2020's article prints Cần Thơ
    assert watch.console_errors == [] and watch.failed == []


def open_with_cores(context, address: str, cores: int):
    """The search page as a device with ``cores`` cores opens it; the workers it started."""
    page = context.new_page()
    page.add_init_script(
        f"Object.defineProperty(navigator, 'hardwareConcurrency', {{ get: () => {cores} }})"
    )
    workers: list[str] = []
    page.on("request", lambda r: workers.append(r.url) if r.url.endswith("-worker.js") else None)
    watch = watch_page(page)
    page.goto(address)
    wait_for_answer(page)
    return page, watch, workers


@pytest.mark.parametrize("query", ["dang", "can tho", "dang&sort=newest", "dang&year=2023"])
def test_yearly_indexes_give_the_same_results_with_one_worker_or_several(
    context, subpath_server, query
):
    address = f"{subpath_server}/archive{SEARCH}?q={query}"
    manifest = context.request.get(f"{subpath_server}/archive/pagefind/bundles.json").json()
    assert len(manifest) >= 3 and all(b["pages"] >= 1 for b in manifest)
    one, one_watch, one_workers = open_with_cores(context, address, 1)
    many, many_watch, many_workers = open_with_cores(context, address, 8)
    # One worker per core, at most SEARCH_WORKERS (4), each from its own bundle's address.
    assert len(one_workers) == 1
    assert len(set(many_workers)) == len(many_workers) == min(4, len(manifest))
    assert results(one) and results(many) == results(one)
    assert many.locator(".search-status").inner_text() == one.locator(".search-status").inner_text()
    for page, watch in ((one, one_watch), (many, many_watch)):
        assert watch.console_errors == [] and watch.failed == []
        page.close()


def test_each_bundle_is_picked_by_its_year_month_or_quarter(search_page):
    """The filter search.js lists one bundle's pages by, newest first (its own function)."""
    page, _ = search_page()
    filters = page.evaluate(
        """async () => {
            const m = await import(document.querySelector('script[src*="/search.js"]').src);
            return ["2024", "2025-12", "2025-Q1", "2025-Q4"].map(m.bundleFilter);
        }"""
    )
    assert filters == [
        {"year": "2024"},
        {"month": "2025-12"},
        {"month": {"any": ["2025-01", "2025-02", "2025-03"]}},
        {"month": {"any": ["2025-10", "2025-11", "2025-12"]}},
    ]


def test_bundles_are_shared_out_evenly_in_order(search_page):
    """How search.js shares the yearly bundles among its workers (its own function, in the page)."""
    page, _ = search_page()
    shares = page.evaluate(
        """async () => {
            const m = await import(document.querySelector('script[src*="/search.js"]').src);
            const pages = { "2025-12": 320, 2025: 3392, 2024: 3000, 2023: 2680, 2022: 2087,
                            2021: 1682, 2020: 1400, 2019: 1153, 2018: 906, 2017: 791 };
            const names = Object.keys(pages).sort().reverse();
            return {
                names,
                two: m.shareOut(names, 2, (n) => pages[n]),
                four: m.shareOut(names, 4, (n) => pages[n]),
                more: m.shareOut(["a", "b"], 8),
                skewed: m.shareOut(["a", "b", "c"], 2, (n) => ({ a: 1, b: 1, c: 100 })[n]),
                one: m.shareOut(["a"], 4),
            };
        }"""
    )
    # Consecutive runs, in order, none empty; about the same number of pages in each.
    # 9 392 and 8 019 pages: 2023 goes with the newer years, as its middle comes before half.
    assert shares["two"] == [
        ["2025-12", "2025", "2024", "2023"],
        ["2022", "2021", "2020", "2019", "2018", "2017"],
    ]
    assert [name for share in shares["four"] for name in share] == shares["names"]
    assert len(shares["four"]) == 4 and all(shares["four"])
    assert shares["more"] == [["a"], ["b"]]
    assert shares["skewed"] == [["a", "b"], ["c"]]
    assert shares["one"] == [["a"]]


def test_without_javascript_the_page_explains_and_offers_the_fallback(browser, subpath_server):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    watch = watch_page(page)
    page.goto(subpath_server + "/archive/")
    page.fill("#search-q", "can tho")
    page.press("#search-q", "Enter")
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/archive" + SEARCH
    # (Playwright's text locators skip <noscript>: the notice is found by its class.)
    assert "cần JavaScript" in page.locator(".search-notice").inner_text()
    assert page.locator(".search-form").is_hidden()  # no search box that would do nothing
    fallback = page.locator("form.search-fallback")
    assert fallback.get_attribute("action") == "https://duckduckgo.com/"
    assert (
        fallback.locator("input[type=hidden][name=sites]").get_attribute("value") == "example.org"
    )
    assert fallback.locator("input[type=search]").is_visible()
    assert watch.failed == []
    context.close()


def test_without_a_fallback_the_page_only_explains(browser, site_server):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(site_server + SEARCH + "?q=dang")
    assert "cần JavaScript" in page.locator(".search-notice").inner_text()
    assert page.locator("form.search-fallback").count() == 0
    assert page.get_by_role("link", name="Xem lưu trữ theo tháng").is_visible()
    context.close()


# --- Looks ----------------------------------------------------------------------------------
@pytest.mark.parametrize("width", list(WIDTHS))
def test_search_page_fits_and_passes_axe(browser, site_server, axe_source, artifacts, width):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="vi-VN")
    page = context.new_page()
    watch = watch_page(page)
    page.goto(site_server + SEARCH + "?q=dang uy")
    wait_for_answer(page)
    assert results(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(artifacts / f"search-{width}.png"), full_page=True)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.help))",
        AXE_TAGS,
    )
    assert violations == []
    assert watch.console_errors == [] and watch.failed == []
    context.close()
