"""The search plugin: which pages Pagefind reads, what ends up in the index, settings it refuses.

The indexing tests run the real Pagefind binary (pagefind-bin) over a tiny built site in
test_data/site: two article pages marked ``data-pagefind-body``, a month list and a tag page
that are not articles. The index fragments are read back (gzip + JSON) to check what a reader
would find and see in excerpts.
"""

from __future__ import annotations

import gzip
import json
import logging
import shutil
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from . import search
from .search import (
    DEFAULTS,
    SearchSettingError,
    add_defaults,
    article_glob,
    build_index,
    check_settings,
    glob_from_save_as,
    index_site,
    indexed_part,
    main,
    month_glob_template,
    parse_counts,
    run_all,
    year_glob_template,
)

TEST_SITE = Path(__file__).parent / "test_data" / "site"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}.html"
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the tiny built site."""
    target = tmp_path / "output"
    shutil.copytree(TEST_SITE, target)
    return target


def fragments(bundle: Path) -> list[dict]:
    """The indexed pages as Pagefind stored them (url, content, meta, filters)."""
    pages = []
    for path in sorted(bundle.rglob("fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        pages.append(json.loads(data[len(b"pagefind_dcd") :]))
    return pages


# --- Which pages -----------------------------------------------------------------------------
def test_the_glob_follows_article_save_as() -> None:
    articles = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html"
    assert glob_from_save_as(ARTICLE_SAVE_AS) == articles
    assert (
        glob_from_save_as("bai/{date:%Y}/bai-{slug}.html") == "bai/[0-9][0-9][0-9][0-9]/bai-*.html"
    )
    assert glob_from_save_as("{date:%Y-%m-%d}-{slug}.html") == (
        "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-*.html"
    )
    assert glob_from_save_as("{date:%B}/{slug}.html") == "*/*.html"
    assert article_glob({"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS}) == articles
    assert article_glob({"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS, "SEARCH_GLOB": "**/*.html"}) == (
        "**/*.html"
    )


def test_one_bundle_per_year_needs_the_year_first_in_article_save_as() -> None:
    template = year_glob_template({"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS})
    assert template.format(year=2023) == "2023/[0-9][0-9]/*.html"
    with pytest.raises(SearchSettingError, match="ARTICLE_SAVE_AS"):
        year_glob_template({"ARTICLE_SAVE_AS": "bai/{slug}.html"})


def test_bundles_by_quarter_and_month_need_month_folders_and_yearly_bundles() -> None:
    template = month_glob_template({"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS})
    assert template.format(year=2025, month="03") == "2025/03/*.html"
    by_month = {"SEARCH_BUNDLE_PER_YEAR": True, "SEARCH_NEWEST_YEAR_BY_QUARTER": True}
    with pytest.raises(SearchSettingError, match=r"SEARCH_NEWEST_YEAR_BY_QUARTER.*ARTICLE_SAVE_AS"):
        check_settings({**by_month, "ARTICLE_SAVE_AS": "{date:%Y}/{slug}.html"})
    with pytest.raises(SearchSettingError, match="needs SEARCH_BUNDLE_PER_YEAR"):
        check_settings({"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS, "SEARCH_NEWEST_YEAR_BY_QUARTER": True})
    check_settings({**by_month, "ARTICLE_SAVE_AS": ARTICLE_SAVE_AS})


def test_the_setting_it_replaces_is_refused_with_the_new_name() -> None:
    # Kept silently, the old name would leave the newest year in one bundle: a settings file
    # written for it must say so, not index otherwise than it asks.
    old = {"SEARCH_BUNDLE_PER_YEAR": True, "SEARCH_NEWEST_MONTH_APART": True}
    with pytest.raises(SearchSettingError, match="now SEARCH_NEWEST_YEAR_BY_QUARTER"):
        check_settings({**old, "ARTICLE_SAVE_AS": ARTICLE_SAVE_AS})


@pytest.mark.parametrize("value", ["", ".", "/", "../pagefind", "/var/www/pagefind", "a/../.."])
def test_a_bundle_folder_outside_the_output_is_refused(value: str) -> None:
    # The plugin deletes the previous bundle: it must never point at the output folder itself.
    with pytest.raises(SearchSettingError, match="SEARCH_BUNDLE_DIR"):
        check_settings({"SEARCH_BUNDLE_DIR": value})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("SEARCH_MAX_VARIANTS", 0),
        ("SEARCH_MAX_VARIANTS", "16"),
        ("SEARCH_PAGE_SIZE", -1),
        ("SEARCH_WORKERS", 0),
        ("SEARCH_WORKERS", True),
        ("SEARCH_PAGEFIND_ARGS", "--verbose"),
        ("SEARCH_PROCESSES", 0),
        ("SEARCH_PAGES_AT_ONCE", "4000"),
        ("SEARCH_FALLBACK_FIELDS", ["sitesearch"]),
    ],
)
def test_bad_values_are_refused_naming_the_setting(key: str, value: object) -> None:
    with pytest.raises(SearchSettingError, match=key):
        check_settings({key: value})


def test_a_bad_setting_turns_search_off_with_an_error(caplog: pytest.LogCaptureFixture) -> None:
    pelican = SimpleNamespace(settings={"SEARCH_BUNDLE_DIR": ".."})
    with caplog.at_level(logging.ERROR):
        add_defaults(pelican)
    assert pelican.settings["SEARCH_ENABLED"] is False
    assert "SEARCH_BUNDLE_DIR" in caplog.text
    # Every other setting reaches the templates with its default.
    assert pelican.settings["SEARCH_MAX_VARIANTS"] == DEFAULTS["SEARCH_MAX_VARIANTS"]


def test_parse_counts_reads_pagefinds_summary() -> None:
    log = (
        "Total: \n  Indexed 1 language\n  Indexed 5 pages\n  Indexed 517 words\n  Indexed 3 filters"
    )
    assert parse_counts(log) == (5, 517)


# --- What is indexed -------------------------------------------------------------------------
def test_only_article_bodies_are_indexed_as_printed(site: Path) -> None:
    report = index_site(site, {"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS})
    assert report.pages == 2
    # One index, in the language of <html lang="vi"> (Pagefind has no Vietnamese stemmer, so
    # syllables are indexed whole, as written).
    assert [p.name.split("_")[0] for p in report.bundle.glob("*.pf_meta")] == ["pagefind.vi"]
    pages = {page["url"]: page for page in fragments(report.bundle)}
    assert set(pages) == {"/2023/09/phat-huy-vai-tro.html", "/2020/10/tang-cuong-cong-tac.html"}
    article = pages["/2023/09/phat-huy-vai-tro.html"]
    # Real text, diacritics and đ as printed: excerpts are cut from this.
    assert "Quy định 171-QĐ/TW" in article["content"]
    assert "Thành ủy Cần Thơ" in article["content"]
    # Header, navigation, footer and the marked furniture stay out.
    for page in pages.values():
        assert "tuyển dụng" not in page["content"]
        assert "Kênh tin" not in page["content"]
        assert "18/09/2023" not in page["content"]
    assert article["meta"]["title"] == "Phát huy vai trò tổ chức đảng cơ quan hội quần chúng"
    assert article["meta"]["section"] == "Tin tức"
    assert article["meta"]["date"] == "Thứ Hai, 18/09/2023, 22:29"
    assert article["filters"] == {"section": ["Tin tức"], "year": ["2023"], "month": ["2023-09"]}


def test_the_bundle_replaces_the_previous_one_and_leaves_out_pagefinds_ui(site: Path) -> None:
    stale = site / "pagefind" / "fragment" / "vi_stale.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    report = index_site(site, {"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS})
    assert not stale.exists()
    assert (report.bundle / "pagefind.js").is_file()
    assert not (report.bundle / "pagefind-ui.js").exists()
    assert report.bytes > 0 and report.files > 0
    # The site itself is untouched.
    assert (site / "2023" / "09" / "index.html").is_file()


def test_one_bundle_per_year(site: Path) -> None:
    report = index_site(site, {"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS, "SEARCH_BUNDLE_PER_YEAR": True})
    assert report.bundles == ["2023", "2020"]
    assert json.loads((report.bundle / "bundles.json").read_text()) == [
        {"name": "2023", "pages": 1},
        {"name": "2020", "pages": 1},
    ]
    for year in ("2023", "2020"):
        assert (report.bundle / year / "pagefind.js").is_file()
        assert [page["filters"]["year"] for page in fragments(report.bundle / year)] == [[year]]
    assert report.pages == 2


def add_article(site: Path, path: str, day: str, sentence: str) -> None:
    """A copy of the 2023 sample page under ``path``, dated ``day`` (YYYY-MM-DD), new text."""
    sample = (site / "2023" / "09" / "phat-huy-vai-tro.html").read_text("utf-8")
    year, month, _ = day.split("-")
    page = (
        sample.replace("2023-09-18", day)
        .replace("month:2023-09", f"month:{year}-{month}")
        .replace("year:2023", f"year:{year}")
        .replace("Ngày 18-9-2023, đoàn khảo sát", sentence)
    )
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, "utf-8")


def test_the_newest_year_has_a_bundle_per_quarter_and_its_newest_quarter_per_month(
    site: Path, tmp_path: Path
) -> None:
    settings = {
        "ARTICLE_SAVE_AS": ARTICLE_SAVE_AS,
        "SEARCH_BUNDLE_PER_YEAR": True,
        "SEARCH_NEWEST_YEAR_BY_QUARTER": True,
    }
    add_article(site, "2023/11/hoi-nghi.html", "2023-11-07", "Sáng 7-11, hội nghị Ban Chấp hành")
    add_article(site, "2023/10/tong-ket.html", "2023-10-02", "Ngày 2-10, hội nghị tổng kết")
    cache = tmp_path / "cache"
    first = index_site(site, settings, cache)
    assert first.bundles == ["2023-11", "2023-10", "2023-Q3", "2020"] and first.pages == 4
    manifest = json.loads((first.bundle / "bundles.json").read_text())
    assert manifest == [
        {"name": "2023-11", "pages": 1},
        {"name": "2023-10", "pages": 1},
        {"name": "2023-Q3", "pages": 1},
        {"name": "2020", "pages": 1},
    ]
    # Each bundle holds the pages its name picks as a filter (search.js ``bundleFilter``): how
    # the browser sorts by date.
    for name, kind, value in (
        ("2023-11", "month", "2023-11"),
        ("2023-Q3", "month", "2023-09"),
        ("2020", "year", "2020"),
    ):
        assert [page["filters"][kind] for page in fragments(first.bundle / name)] == [[value]]
    # Tomorrow's article: Pagefind reads its month again, nothing else.
    add_article(site, "2023/11/ket-luan.html", "2023-11-08", "Chiều 8-11, kết luận hội nghị")
    second = index_site(site, settings, cache)
    assert second.reused == ["2023-10", "2023-Q3", "2020"] and second.pages == 5
    assert "kết luận hội nghị" in json.dumps(
        fragments(second.bundle / "2023-11"), ensure_ascii=False
    )
    # An article edited in an earlier quarter: that quarter's bundle is made again.
    add_article(site, "2023/09/phat-huy-vai-tro.html", "2023-09-18", "Ngày 18-9, đoàn công tác")
    assert index_site(site, settings, cache).reused == ["2023-11", "2023-10", "2020"]
    # A new month: only its own bundle is made (before, the month before joined the year's).
    add_article(site, "2023/12/cuoi-nam.html", "2023-12-28", "Ngày 28-12, tổng kết năm")
    third = index_site(site, settings, cache)
    assert third.bundles == ["2023-12", "2023-11", "2023-10", "2023-Q3", "2020"]
    assert third.reused == ["2023-11", "2023-10", "2023-Q3", "2020"]
    # A new year: last year is one bundle of all its months.
    add_article(site, "2024/01/dau-nam.html", "2024-01-02", "Ngày 2-1-2024, đầu năm mới")
    fourth = index_site(site, settings, cache)
    assert fourth.bundles == ["2024-01", "2023", "2020"] and fourth.reused == ["2020"]
    assert len(fragments(fourth.bundle / "2023")) == 5 and fourth.pages == 7
    assert [page["filters"]["year"] for page in fragments(fourth.bundle / "2023")] == [["2023"]] * 5
    # A new quarter: the last quarter's months become its bundle, once.
    add_article(site, "2024/02/thang-hai.html", "2024-02-03", "Ngày 3-2-2024, mừng Đảng")
    add_article(site, "2024/04/thang-tu.html", "2024-04-01", "Ngày 1-4-2024, sơ kết quý")
    fifth = index_site(site, settings, cache)
    assert fifth.bundles == ["2024-04", "2024-Q1", "2023", "2020"]
    assert fifth.reused == ["2023", "2020"] and len(fragments(fifth.bundle / "2024-Q1")) == 2
    add_article(site, "2024/05/thang-nam.html", "2024-05-19", "Ngày 19-5-2024, sinh nhật Bác")
    assert index_site(site, settings, cache).reused == ["2024-04", "2024-Q1", "2023", "2020"]


def test_the_build_indexes_pelicans_output_path(site: Path) -> None:
    # `invoke build` writes to a temporary folder: the index must land in OUTPUT_PATH, whatever it is.
    pelican = SimpleNamespace(
        settings={"OUTPUT_PATH": str(site), "ARTICLE_SAVE_AS": ARTICLE_SAVE_AS}
    )
    add_defaults(pelican)
    build_index(pelican)
    assert len(fragments(site / "pagefind")) == 2


def test_search_can_be_turned_off(site: Path) -> None:
    pelican = SimpleNamespace(settings={"OUTPUT_PATH": str(site), "SEARCH_ENABLED": False})
    build_index(pelican)
    assert not (site / "pagefind").exists()


def test_the_command_line_indexes_a_built_site(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(site), "--settings", str(PROJECT / "pelicanconf.py")]) == 0
    assert "pages=2 " in capsys.readouterr().out
    # pelicanconf.py asks for one bundle per year, and for the newest year's newest quarter one
    # per month.
    manifest = json.loads((site / "pagefind" / "bundles.json").read_text())
    assert [bundle["name"] for bundle in manifest] == ["2023-09", "2020"]
    assert (site / "pagefind" / "2023-09" / "pagefind.js").is_file()


def test_a_site_without_articles_builds_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "index.html").write_text("<html lang=vi><body><h1>Trang chủ</h1></body></html>")
    pelican = SimpleNamespace(
        settings={"OUTPUT_PATH": str(tmp_path), "ARTICLE_SAVE_AS": ARTICLE_SAVE_AS}
    )
    with caplog.at_level(logging.WARNING):
        build_index(pelican)
    assert "indexed no page" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_year_whose_pages_did_not_change_keeps_its_bundle(site: Path, tmp_path: Path) -> None:
    settings = {"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS, "SEARCH_BUNDLE_PER_YEAR": True}
    cache = tmp_path / "cache"
    first = index_site(site, settings, cache)
    assert first.reused == []
    before = {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*.pf_*")}
    # A new build rewrites the 2023 article (a new file); the 2020 one is the same file.
    page = site / "2023" / "09" / "phat-huy-vai-tro.html"
    text = page.read_text("utf-8")
    page.unlink()
    page.write_text(text.replace("171-QĐ/TW", "171-QĐ/TW ngày 27-8-2008"), "utf-8")
    second = index_site(site, settings, cache)
    assert second.reused == ["2020"]
    assert second.bundles == ["2023", "2020"] and second.pages == first.pages
    after = {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*.pf_*")}
    old_2020 = {k: v for k, v in before.items() if k.parts[1] == "2020"}
    assert {k: v for k, v in after.items() if k.parts[1] == "2020"} == old_2020
    assert "ngày 27-8-2008" in json.dumps(fragments(site / "pagefind" / "2023"), ensure_ascii=False)
    # A new related article after the article body: not indexed, so 2023 keeps its bundle.
    text = page.read_text("utf-8")
    related = '<section class="related"><a href="/2020/06/a.html">Tăng cường</a></section>'
    page.unlink()
    page.write_text(text.replace("</main>", related + "</main>"), "utf-8")
    assert index_site(site, settings, cache).reused == ["2023", "2020"]
    # Without reuse (a cold build), every year is indexed again.
    assert index_site(site, settings, cache, reuse=False).reused == []


def test_a_bundle_left_in_place_is_not_linked_again_unless_the_folder_is_new(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = {"ARTICLE_SAVE_AS": ARTICLE_SAVE_AS, "SEARCH_BUNDLE_PER_YEAR": True}
    cache = tmp_path / "cache"
    bundle = site / "pagefind"
    first = index_site(site, settings, cache)
    linked: list[str] = []
    original = search.link_bundle

    def link_bundle(cache: Path, stamp: str, target: Path) -> bool:
        linked.append(target.name)
        return original(cache, stamp, target)

    monkeypatch.setattr(search, "link_bundle", link_bundle)
    entry = bundle / "2020" / "pagefind-entry.json"
    (bundle / "stray.txt").write_text("x", "utf-8")
    second = index_site(site, settings, cache)
    assert second.reused == ["2023", "2020"]
    assert linked == []  # neither removed nor linked again
    assert not (bundle / "stray.txt").exists()
    assert json.loads((bundle / "bundles.json").read_text("utf-8")) == [
        {"name": "2023", "pages": 1},
        {"name": "2020", "pages": 1},
    ]
    sizes = [p.stat().st_size for p in bundle.rglob("*") if p.is_file()]
    assert (second.bytes, second.files) == (first.bytes, first.files) == (sum(sizes), len(sizes))
    # The bundle folder is now another one, a copy that lost a file: every bundle is linked
    # from the cache again, not trusted to be what the last run left.
    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    shutil.rmtree(bundle)
    copy.rename(bundle)
    entry.unlink()
    assert index_site(site, settings, cache).reused == ["2023", "2020"]
    assert linked == ["2023", "2020"]
    assert entry.is_file()


ARTICLE_PAGE = (
    '<html lang="vi"><head><title>Tin</title></head><body><nav>Trang chủ</nav>'
    "<article data-pagefind-body><h1>Cần Thơ</h1><article><p>Hộp</p></article>"
    "<p>Quy định 171-QĐ/TW.</p></article>"
    '<section class="related"><a href="/a.html">Bài cũ</a></section>'
    '<p data-pagefind-meta="image:/a.jpg">ảnh</p></body></html>'
)


def test_what_pagefind_reads_of_a_page() -> None:
    page = ARTICLE_PAGE.encode()
    part = indexed_part(page)
    assert "Quy định 171".encode() in part
    assert "Bài cũ".encode() not in part and b"Trang ch" not in part
    assert b'data-pagefind-meta="image:/a.jpg"' in part  # attributes outside the body count
    # A nested element of the same name does not end the body early.
    assert indexed_part(page.replace(b"171-Q", b"172-Q")) != part
    assert indexed_part(page.replace("Bài cũ".encode(), "Bài mới".encode())) == part
    # Without one body element, the whole page is what Pagefind reads.
    assert indexed_part(page.replace(b" data-pagefind-body", b"")) == page.replace(
        b" data-pagefind-body", b""
    )


# --- Running Pagefind -------------------------------------------------------------------------
class FakePagefind:
    """Stands for ``run_pagefind``: notes which runs are under way together."""

    def __init__(self, pages: dict[str, int], fail: str = "") -> None:
        self.pages, self.fail = pages, fail
        self.lock = threading.Lock()
        self.running: set[str] = set()
        self.started: list[str] = []
        self.together: list[set[str]] = []

    def __call__(self, command: list[str]) -> str:
        name = command[0]
        with self.lock:
            self.started.append(name)
            self.running.add(name)
            self.together.append(set(self.running))
        time.sleep(0.05)
        with self.lock:
            self.running.discard(name)
        if name == self.fail:
            raise RuntimeError(f"Pagefind failed on {name}")
        return f"log of {name}"


def test_runs_share_the_cores_and_the_page_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {"2024": 3000, "2023": 2800, "2012": 400, "2011": 300, "2010": 200}
    fake = FakePagefind(pages)
    monkeypatch.setattr("search.search.run_pagefind", fake)
    names = list(pages)
    logs = run_all([[n] for n in names], list(pages.values()), processes=2, budget=4000)
    assert logs == [f"log of {n}" for n in names]  # in the order asked, whatever the order run
    assert fake.started[0] == "2024"  # the largest first
    assert max(len(group) for group in fake.together) == 2
    assert all(sum(pages[n] for n in group) <= 4000 for group in fake.together)
    # The two large years never run together: 5,800 pages would be over the budget.
    assert not any({"2024", "2023"} <= group for group in fake.together)


def test_a_run_bigger_than_the_budget_runs_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakePagefind({"2024": 9000, "2023": 100})
    monkeypatch.setattr("search.search.run_pagefind", fake)
    run_all([["2024"], ["2023"]], [9000, 100], processes=2, budget=4000)
    assert all(len(group) == 1 for group in fake.together)


def test_a_failed_run_fails_the_index_and_starts_no_other(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakePagefind({}, fail="2024")
    monkeypatch.setattr("search.search.run_pagefind", fake)
    with pytest.raises(RuntimeError, match="2024"):
        run_all([["2024"], ["2023"], ["2022"]], [300, 200, 100], processes=1, budget=4000)
    assert fake.started == ["2024"]
