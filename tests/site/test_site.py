"""The built sample site, read as a reader (and a feed reader, a crawler) would read it.

One build per session (``built_site`` in tests/conftest.py), with one article a page so that
five articles show pagination on every kind of list.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))

from site_locale.site_locale import sort_key  # noqa: E402

pytestmark = pytest.mark.build

# The first sample (raw/000_f64fa409ad2f9f8f.txt), as a careful editor reads it.
SAMPLE_TITLE = "Phát huy vai trò tổ chức đảng cơ quan hội quần chúng"
SAMPLE_DATE_TEXT = "Thứ Hai, 18/09/2023, 22:29"
SAMPLE_AUTHOR = "Thanh Thy"
SAMPLE_SOURCE = "Báo Cần Thơ"
SAMPLE_CAPTION = "Đồng chí Nguyễn Quang Trường phát biểu tại buổi làm việc."
SAMPLE_PERSON = "Nguyễn Quang Trường"
VI_DATETIME = re.compile(r"^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d/\d\d/\d{4}, \d\d:\d\d$")
ATOM = "{http://www.w3.org/2005/Atom}"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def visible_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


@pytest.fixture(scope="module")
def article_pages(built_site: Path) -> dict[str, Path]:
    """Published article pages by headline."""
    pages = {}
    for path in built_site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html"):
        if path.name == "index.html":
            continue
        pages[soup_of(path).h1.get_text(strip=True)] = path
    return pages


@pytest.fixture(scope="module")
def sample(article_pages: dict[str, Path]) -> BeautifulSoup:
    assert SAMPLE_TITLE in article_pages, sorted(article_pages)
    return soup_of(article_pages[SAMPLE_TITLE])


def index_names(built_site: Path, folder: str) -> list[str]:
    """Names listed by the index of all names of a folder, in reading order (letter pages too)."""
    index = soup_of(built_site / folder / "index.html")
    pages = [index]
    if not index.select(".name-list"):
        pages = [soup_of(built_site / a["href"].lstrip("/")) for a in index.select(".letters a")]
    return [a.get_text(strip=True) for page in pages for a in page.select(".name-list li > a")]


# --- Home ----------------------------------------------------------------------------------


def test_home_lists_latest_articles_with_date_source_section_summary(
    built_site: Path, per_page: int
):
    home = soup_of(built_site / "index.html")
    cards = home.select(".article-list article")
    assert len(cards) == per_page
    dates = [card.time["datetime"] for card in cards]
    assert dates == sorted(dates, reverse=True), "newest first"
    for card in cards:
        assert VI_DATETIME.match(card.time.get_text(strip=True))
        links = [a["href"] for a in card.select(".meta a")]
        assert any(href.startswith("/chuyen-muc/") for href in links), "section linked"
        article = soup_of(built_site / card.h2.a["href"].lstrip("/"))
        if article.select_one(".byline a[href^='/nguon/']"):
            assert any(href.startswith("/nguon/") for href in links), "source linked"
        assert card.select_one(".summary").get_text(strip=True)


def test_home_is_paginated_with_links_both_ways(built_site: Path):
    home = soup_of(built_site / "index.html")
    older = home.select_one('.pagination a[rel="next"]')
    assert older is not None
    second = built_site / older["href"].lstrip("/")
    page2 = soup_of(second)
    assert page2.select_one('.pagination a[rel="prev"]')["href"] == "/index.html"
    canonical = page2.find("link", rel="canonical")["href"]
    assert canonical == older["href"]
    # Numbered from the oldest, the page says which days it spans (never "page 2 of N",
    # which would change with every new article) and links to both ends of the list.
    days = [t["datetime"][:10] for t in page2.select(".article-list time")]
    span = re.search(r"Từ (\d\d)/(\d\d)/(\d{4}) đến (\d\d)/(\d\d)/(\d{4})", visible_text(page2))
    assert span, "the page's span of dates"
    first, last = (f"{y}-{m}-{d}" for d, m, y in (span.groups()[:3], span.groups()[3:]))
    assert (first, last) == (min(days), max(days))
    ends = {a.get_text(strip=True): a["href"] for a in page2.select(".pagination a")}
    assert ends["Mới nhất"] == "/index.html"
    oldest = soup_of(built_site / ends.get("Cũ nhất", older["href"]).lstrip("/"))
    assert oldest.select_one('.pagination a[rel="next"]') is None
    assert ends.get("Cũ nhất", "/trang-1.html") == "/trang-1.html"


def test_header_has_search_box_placeholder(built_site: Path):
    form = soup_of(built_site / "index.html").select_one("header form[role=search]")
    assert form["action"] == "/tim-kiem/" and form["method"] == "get"
    label = form.find("label")
    assert label.get_text(strip=True) == "Tìm kiếm"
    assert form.find(id=label["for"]).get("name") == "q"


# --- Article -------------------------------------------------------------------------------


def test_article_headline_date_time_in_vietnamese(sample: BeautifulSoup):
    header = sample.select_one(".article-header")
    assert header.h1.get_text(strip=True) == SAMPLE_TITLE
    time = header.select_one(".meta time")
    assert time.get_text(strip=True) == SAMPLE_DATE_TEXT
    assert time["datetime"] == "2023-09-18T22:29:00+07:00"
    assert re.search(r"\d+ phút đọc", header.select_one(".meta").get_text())


def test_article_authors_source_and_section_are_links(sample: BeautifulSoup, built_site: Path):
    byline = sample.select_one(".byline")
    author = byline.find("a", string=SAMPLE_AUTHOR)
    assert author["href"].startswith("/tac-gia/")
    source = byline.find("a", string=SAMPLE_SOURCE)
    assert source["href"].startswith("/nguon/")
    section = sample.select_one(".article-header .kicker a")
    assert section["href"].startswith("/chuyen-muc/")
    for link in (author, source, section):
        assert (built_site / link["href"].lstrip("/")).is_file()


def test_article_lead_and_captions_as_figures(sample: BeautifulSoup):
    body = sample.select_one(".article-body")
    assert body.select_one("p.lead").get_text(strip=True)
    captions = [c.get_text(strip=True) for c in body.select("figure > figcaption")]
    assert captions.count(SAMPLE_CAPTION) == 1
    assert not body.select("p.caption"), "captions are figures, not paragraphs"


def test_article_entities_grouped_by_kind(sample: BeautifulSoup):
    groups = {
        dt.get_text(strip=True): [a.get_text(strip=True) for a in dt.find_next_sibling("dd")("a")]
        for dt in sample.select(".entities dt")
    }
    assert SAMPLE_PERSON in groups["Nhân vật"]
    assert "Cần Thơ" in groups["Địa danh"]
    person = sample.select_one(".entities a[href^='/nhan-vat/']")
    assert person is not None


def test_article_previous_next_and_related(sample: BeautifulSoup, built_site: Path):
    neighbours = sample.select("nav.neighbours a")
    assert neighbours, "previous/next links"
    related = sample.select(".related li a")
    assert related, "the sample shares Cần Thơ / Lê Tấn Thủ with another article"
    for link in [*neighbours, *related]:
        assert (built_site / link["href"].lstrip("/")).is_file()


def test_article_print_footer_has_source_address_date(sample: BeautifulSoup):
    footer = visible_text(sample.select_one(".print-footer"))
    assert SAMPLE_SOURCE in footer
    assert ".html" in footer
    assert SAMPLE_DATE_TEXT in footer


def test_article_opengraph_and_canonical(sample: BeautifulSoup):
    meta = {m["property"]: m["content"] for m in sample.find_all("meta", property=True)}
    assert meta["og:type"] == "article"
    assert meta["og:title"] == SAMPLE_TITLE
    assert meta["article:published_time"] == "2023-09-18T22:29:00+07:00"
    assert meta["og:url"].endswith(".html")
    assert sample.find("link", rel="canonical")["href"] == meta["og:url"]


def test_article_json_ld_news_article(sample: BeautifulSoup):
    data = json.loads(sample.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == SAMPLE_TITLE
    assert data["datePublished"] == "2023-09-18T22:29:00+07:00"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", data["dateModified"])
    assert [a["name"] for a in data["author"]] == [SAMPLE_AUTHOR]
    assert data["publisher"]["name"] == SAMPLE_SOURCE
    assert data["articleSection"]


def test_every_article_page_has_vietnamese_date(article_pages: dict[str, Path]):
    assert len(article_pages) >= 5
    for path in article_pages.values():
        text = soup_of(path).select_one(".article-header .meta time").get_text(strip=True)
        assert VI_DATETIME.match(text), (path, text)


# --- Index pages and feeds -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "feed_folder"),
    [
        ("chuyen-muc", "chuyen-muc"),
        ("chu-de", "chu-de"),
        ("tac-gia", "tac-gia"),
        ("nguon", "nguon"),
    ],
)
def test_every_name_page_lists_its_articles_and_has_feeds(
    built_site: Path, folder: str, feed_folder: str
):
    pages = [p for p in (built_site / folder).glob("*.html") if p.name != "index.html"]
    assert pages
    for page in pages:
        soup = soup_of(page)
        assert soup.select(".article-list article"), page
        for kind in ("atom", "rss"):
            feed = built_site / "feeds" / feed_folder / f"{page.stem}.{kind}.xml"
            assert feed.is_file(), feed
            assert soup.find("link", href=f"/feeds/{feed_folder}/{page.stem}.{kind}.xml")


def listed_counts(built_site: Path, folder: str) -> dict[str, int]:
    """Each name's article count, as the index of names of ``folder`` shows it."""
    counts = {}
    for index in (built_site / folder).rglob("*.html"):
        for item in soup_of(index).select("li"):
            link, count = item.find("a"), item.select_one(".count")
            if link and count:
                counts[link["href"]] = int(count.get_text(strip=True).strip("()"))
    return counts


def test_name_pages_are_paginated(built_site: Path, per_page: int):
    """A name's newest page links to older pages down to the oldest, which hold every one of its
    articles once: full pages, and the rest on the newest (pages are numbered from the oldest)."""
    paginated = 0
    for folder in ("chuyen-muc", "chu-de", "tac-gia", "nguon", "nhan-vat", "dia-danh"):
        counts = listed_counts(built_site, folder)
        for page in (built_site / folder).glob("*.html"):
            if page.name == "index.html":
                continue
            soup = soup_of(page)
            sizes, articles = [], []
            while True:
                cards = [a["href"] for a in soup.select(".article-list .card-title a")]
                sizes.append(len(cards))
                articles += cards
                following = soup.select_one('.pagination a[rel="next"]')
                if following is None:
                    break
                soup = soup_of(built_site / following["href"].lstrip("/"))
                assert soup.h1.get_text(strip=True) == soup_of(page).h1.get_text(strip=True)
            assert len(set(articles)) == len(articles) == counts[f"/{folder}/{page.name}"], page
            assert all(size == per_page for size in sizes[1:])
            if len(sizes) > 1:
                paginated += 1
                assert per_page <= sizes[0] < 2 * per_page
    assert paginated, "the samples give at least one section or place more than one page"


def test_source_page_lists_exactly_that_sources_articles(built_site: Path, article_pages):
    source_page = soup_of(built_site / "nguon" / "bao-can-tho.html")
    listed = {a.get_text(strip=True) for a in source_page.select(".card-title a")}
    expected = {
        title
        for title, path in article_pages.items()
        if soup_of(path).select_one(".byline").find("a", string=SAMPLE_SOURCE)
    }
    assert listed == expected and SAMPLE_TITLE in listed


@pytest.mark.parametrize("folder", ["nhan-vat", "dia-danh", "to-chuc", "van-ban"])
def test_entity_pages_and_indexes(built_site: Path, folder: str):
    assert index_names(built_site, folder), folder
    for page in (built_site / folder).glob("*.html"):
        if page.name == "index.html":
            continue
        soup = soup_of(page)
        assert soup.h1.get_text(strip=True) in index_names(built_site, folder)
        assert soup.select(".article-list article")


@pytest.mark.parametrize(
    "folder", ["chu-de", "tac-gia", "nguon", "chuyen-muc", "nhan-vat", "dia-danh"]
)
def test_all_names_indexes_are_in_vietnamese_order(built_site: Path, folder: str):
    names = index_names(built_site, folder)
    assert names and names == sorted(names, key=sort_key)
    assert len(names) == len(set(names))


def test_long_index_has_a_page_per_letter(built_site: Path):
    index = soup_of(built_site / "chu-de" / "index.html")
    links = {a.get_text(strip=True): a["href"] for a in index.select(".letters a")}
    assert not index.select(".name-list"), "the samples' topics exceed the test split"
    assert links["Đ"] == "/chu-de/chu-cai/dd.html"
    letter_page = soup_of(built_site / "chu-de" / "chu-cai" / "dd.html")
    assert letter_page.h1.get_text(strip=True) == "Chủ đề: Đ"
    names = [a.get_text(strip=True) for a in letter_page.select(".name-list li > a")]
    assert names and all(name.startswith("Đ") for name in names)
    current = letter_page.select_one('.letters a[aria-current="page"]')
    assert current.get_text(strip=True) == "Đ"


def test_index_letters_follow_the_vietnamese_alphabet(built_site: Path):
    index = soup_of(built_site / "chu-de" / "index.html")
    letters = [a.get_text(strip=True) for a in index.select(".letters a")]
    alphabet = "#AĂÂBCDĐEÊFGHIJKLMNOÔƠPQRSTUƯVWXYZ"
    assert letters == sorted(letters, key=alphabet.index)
    assert len(letters) == len(set(letters)) > 1


def test_site_feeds_are_valid_atom_and_rss(built_site: Path):
    atom = ET.parse(built_site / "feeds" / "all.atom.xml").getroot()
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) >= 5
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert SAMPLE_TITLE in titles
    rss = ET.parse(built_site / "feeds" / "all.rss.xml").getroot()
    assert len(rss.findall("channel/item")) >= 5


def test_tag_feed_holds_only_that_tags_articles(built_site: Path):
    tag_page = next(p for p in (built_site / "chu-de").glob("*.html") if p.name != "index.html")
    listed = {a.get_text(strip=True) for a in soup_of(tag_page).select(".card-title a")}
    feed = ET.parse(built_site / "feeds" / "chu-de" / f"{tag_page.stem}.atom.xml").getroot()
    assert {e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")} == listed


# --- Archives ------------------------------------------------------------------------------


def test_year_and_month_archives(built_site: Path):
    month = soup_of(built_site / "2023" / "09" / "index.html")
    assert month.h1.get_text(strip=True) == "Tháng 9 năm 2023"
    assert SAMPLE_TITLE in visible_text(month)
    year = soup_of(built_site / "2023" / "index.html")
    assert year.h1.get_text(strip=True) == "Năm 2023"


def test_archive_overview_chart_counts_each_month(built_site: Path, article_pages):
    overview = soup_of(built_site / "luu-tru" / "index.html")
    years = overview.select(".archive-year")
    assert years
    counted = 0
    heights = []
    for year in years:
        columns = year.select("ol.bars > li")
        assert len(columns) == 12
        for column in columns:
            n = int(column.select_one(".n").get_text(strip=True))
            height = float(column.select_one("rect.bar")["height"])
            assert (n == 0) == (height == 0)
            heights.append(height)
            counted += n
            link = column.find("a")
            if n:
                assert link is not None and (built_site / link["href"].lstrip("/")).is_file()
                label = link.select_one(".visually-hidden").get_text(strip=True)
                assert re.match(r"\d\d/\d{4}: \d+ bài$", label), label
            else:
                assert link is None
    assert counted == len(article_pages)
    assert max(heights) == pytest.approx(100)


# --- Site furniture ------------------------------------------------------------------------


def test_sitemap_robots_and_404(built_site: Path, article_pages):
    sitemap = ET.parse(built_site / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    for path in article_pages.values():
        assert any(loc.endswith(path.relative_to(built_site).as_posix()) for loc in locs)
    assert not any("404" in loc for loc in locs)
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    not_found = soup_of(built_site / "404.html")
    assert not_found.h1.get_text(strip=True) == "Không tìm thấy trang"
    assert not_found.find("a", href="/")


def test_article_page_is_small(built_site: Path, article_pages):
    """Under 30 KB of HTML and the CSS it loads, before compression."""
    for path in article_pages.values():
        soup = soup_of(path)
        css = sum(
            (built_site / urlsplit(link["href"]).path.lstrip("/")).stat().st_size
            for link in soup.find_all("link", rel="stylesheet")
        )
        assert path.stat().st_size + css < 30 * 1024, (path.name, path.stat().st_size, css)


def test_theme_files_are_linked_with_the_version_of_their_bytes(built_site: Path):
    """A changed stylesheet or script gets a new address, so no browser keeps a stale copy."""
    linked = {}
    for name in ["index.html", "tim-kiem/index.html"]:
        soup = soup_of(built_site / name)
        for tag in soup.find_all(["link", "script"]):
            url = urlsplit(tag.get("href") or tag.get("src") or "")
            if url.path.startswith("/theme/"):
                linked[url.path] = url.query
    assert {"/theme/css/site.css", "/theme/css/search.css", "/theme/js/search.js"} <= set(linked)
    for path, query in linked.items():
        digest = hashlib.sha256((built_site / path.lstrip("/")).read_bytes()).hexdigest()
        assert query == f"v={digest[:10]}", path


def test_no_english_left_on_pages(built_site: Path):
    english = re.compile(
        r"\b(Page|Archives|Published|Updated|Related articles|Search|Home|Topics|By|Source)\b"
    )
    for name in ["index.html", "404.html", "luu-tru/index.html", "chu-de/index.html"]:
        soup = soup_of(built_site / name)
        for script in soup(["script", "style"]):
            script.decompose()
        assert not english.search(visible_text(soup)), name


# --- Hand-written articles ---------------------------------------------------------------------


def test_article_without_a_category_is_filed_under_the_default_section(tmp_path: Path):
    """Not under its folder's name: content is filed by year, and Pelican's default
    (``USE_FOLDER_AS_CATEGORY``) would make a section called "2019"."""
    from support import build_site

    folder = tmp_path / "content" / "2019"
    folder.mkdir(parents=True)
    (folder / "ghi-chep.md").write_text(
        "Title: Ghi chép của ban biên tập\n"
        "Date: 2019-05-02T08:00:00+07:00\n\n"
        "Một bài viết tay của ban biên tập, không ghi chuyên mục.\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    build_site(tmp_path / "content", output, tmp_path / "cache", SEARCH_ENABLED=False)
    page = soup_of(output / "2019" / "05" / "ghi-chep-cua-ban-bien-tap.html")
    section = page.select_one(".article-header .kicker a")
    assert section.get_text(strip=True) == "Tin tức"
    assert section["href"] == "/chuyen-muc/tin-tuc.html"
    assert not (output / "chuyen-muc" / "2019.html").exists()


def test_names_with_ampersands_and_quotes_stay_whole(tmp_path: Path):
    """Metadata is HTML, so the importer escapes ``&`` as ``&amp;``; the ``;`` of an escape
    is no separator of names (it split "Báo Kinh tế & Đô thị" into "Báo Kinh tế &" and
    "Đô thị")."""
    from datetime import datetime

    from support import build_site

    from newsarchive.article import Article, Block, BlockKind
    from newsarchive.dates import VIETNAM
    from newsarchive.markdown import render_article

    article = Article(
        title="Hội thảo về kinh tế đô thị",
        body=[Block(BlockKind.PARAGRAPH, "Sáng 5-6-2024, hội thảo khai mạc tại Hà Nội.")],
        date=datetime(2024, 6, 5, 9, 0, tzinfo=VIETNAM),
        authors=["Minh Anh"],
        source="Báo Kinh tế & Đô thị",
        category="Kinh tế",
        summary="Sáng 5-6-2024, hội thảo khai mạc tại Hà Nội.",
        organisations=['Công ty "Sông Hậu"', "Hội Nông dân; Hội Phụ nữ"],
        places=["Hà Nội"],
    )
    folder = tmp_path / "content" / "2024"
    folder.mkdir(parents=True)
    (folder / "hoi-thao.md").write_text(render_article(article, "hoi-thao"), encoding="utf-8")
    output = tmp_path / "output"
    build_site(tmp_path / "content", output, tmp_path / "cache", SEARCH_ENABLED=False)

    page = soup_of(output / "2024" / "06" / "hoi-thao.html")
    source = page.select_one(".byline a[href^='/nguon/']")
    assert source.get_text() == "Báo Kinh tế & Đô thị"
    assert source["href"] == "/nguon/bao-kinh-te-do-thi.html"
    organisations = [a.get_text() for a in page.select(".entities a[href^='/to-chuc/']")]
    assert organisations == ['Công ty "Sông Hậu"', "Hội Nông dân, Hội Phụ nữ"]
    topics = [a.get_text() for a in page.select(".entities a[href^='/chu-de/']")]
    assert not any(t.endswith("&") or t.startswith(("amp", "quot")) for t in topics)
    assert sorted(p.name for p in (output / "nguon").glob("*.html")) == [
        "bao-kinh-te-do-thi.html",
        "index.html",
    ]
