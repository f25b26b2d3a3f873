"""The linear period archives equal Pelican's own; frozen URLs equal computed ones."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from .speedups import build_period_archives, freeze_urls, on_generator_init
from .test_file_stamps import settings as reader_cache_settings


def test_same_archives_as_pelican():
    start = datetime(2020, 1, 1, 8, 0)
    articles = [SimpleNamespace(date=start + timedelta(days=13 * i), n=i) for i in range(60)]
    articles.reverse()  # newest first, as Pelican orders them
    dates = sorted(articles, key=lambda a: a.date)
    settings = dict(DEFAULT_CONFIG, DAY_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/{date:%d}.html")
    settings.update(
        YEAR_ARCHIVE_SAVE_AS="{date:%Y}/index.html",
        MONTH_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/index.html",
    )
    expected = ArticlesGenerator._build_period_archives(None, dates, articles, settings)
    assert build_period_archives(dates, articles, settings) == expected
    assert set(expected) == {"year", "month", "day"}


def test_frozen_url_and_save_as_are_the_computed_ones(monkeypatch):
    from pelican.contents import Article
    from pelican.utils import SafeDatetime

    from . import speedups
    from .speedups import install_fast_paths

    install_fast_paths()
    settings = dict(
        DEFAULT_CONFIG,
        ARTICLE_URL="{date:%Y}/{date:%m}/{slug}.html",
        ARTICLE_SAVE_AS="{date:%Y}/{date:%m}/{slug}/index.html",
    )
    metadata = {"title": "Phát huy vai trò", "date": SafeDatetime(2023, 9, 18, 22, 29)}
    article = Article("<p>Text.</p>", metadata=dict(metadata), settings=settings)
    article.slug = "phat-huy-vai-tro"  # as unique_slugs gives it, after the article was made
    computed = (article.url, article.save_as)
    assert computed == ("2023/09/phat-huy-vai-tro.html", "2023/09/phat-huy-vai-tro/index.html")

    formats = []
    upstream = speedups._URL_FORMAT.fget
    monkeypatch.setattr(
        speedups, "_URL_FORMAT", property(lambda self: formats.append(self) or upstream(self))
    )
    freeze_urls([article])
    assert (article.url, article.save_as) == computed
    assert (article.url, article.save_as) == computed
    assert len(formats) == 1  # one url_format for both patterns, none after
    assert not hasattr(article, "override_save_as")  # which would let it overwrite other pages


def test_a_generator_without_its_own_cache_does_not_stamp_files(tmp_path):
    settings = dict(DEFAULT_CONFIG, CACHE_PATH=str(tmp_path), CHECK_MODIFIED_METHOD="md5")
    article = tmp_path / "a.md"
    article.write_text("Title: A\n\nText.\n", encoding="utf-8")
    for layer, stamped in (("reader", False), ("generator", True)):
        settings["CONTENT_CACHING_LAYER"] = layer
        generator = ArticlesGenerator(
            context={}, settings=settings, path=str(tmp_path), theme="", output_path="."
        )
        on_generator_init(generator)
        assert (generator._get_file_stamp("a.md") is not None) == stamped
        assert generator.get_cached_data("a.md") is None


def test_the_heap_is_frozen_while_pages_are_written_and_released_after():
    import gc

    from .speedups import freeze_heap, unfreeze_heap

    kept = [{"article": i} for i in range(1000)]
    try:
        freeze_heap()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        unfreeze_heap()
    assert gc.get_freeze_count() == 0


def test_the_heap_stays_frozen_after_a_build_until_the_next_one_starts():
    from pelican import signals

    from .speedups import register, unfreeze_heap

    register()
    # Released when a build asks for its generators (each build, also under --autoreload), not
    # when one ends: the process exits without walking it.
    assert unfreeze_heap in set(signals.get_generators.receivers_for(None))
    assert unfreeze_heap not in set(signals.finalized.receivers_for(None))


def test_dates_are_formatted_as_pelican_formats_them():
    from pelican import utils

    from .speedups import fast_strftime

    formats = [
        "{date:%Y}/{date:%m}/{slug}.html",
        "%Y-%m-%dT%H:%M:%S",
        "%z",
        "%-d/%-m/%Y",
        "ngày %d tháng %m năm %Y, %H:%M",
        "%e %Y",  # not C89: Pelican leaves it as written
        "100%% %A %B %j %U %W %w %y %p %I %f %Z",
        "%G-W%V-%u",
        "",
        "%Y",
        "%m",
        "%d/%m/%Y",
        "%Y-%m-%dT%H:%M:%S",
        "{%Y} 100%% %d%%m",
    ]
    tz = datetime.fromisoformat("2023-11-07T08:05:09+07:00").tzinfo
    dates = [
        utils.SafeDatetime(2010, 1, 2, 0, 0, 1),
        utils.SafeDatetime(2025, 12, 31, 23, 59, 59, 7, tz),
        utils.SafeDatetime(999, 3, 4, 5, 6, 7, tzinfo=tz),
        utils.SafeDatetime(1000, 10, 11, 12, 13, 14),
    ]
    for date in dates:
        for fmt in formats:
            fmt = fmt.replace("{date:", "").replace("}", "")
            assert fast_strftime(date, fmt) == utils.strftime(date, fmt), fmt
    assert fast_strftime(dates[0], "%-d") == "2"


def test_sitemap_dates_are_written_as_pelican_sitemap_writes_them():
    import importlib.util
    from datetime import timedelta, timezone

    from pelican import utils
    from pelican.plugins.sitemap import sitemap

    from .speedups import install_fast_paths, sitemap_date

    # pelican-sitemap's own format_date, from a fresh copy of its module (the build patches it).
    spec = importlib.util.spec_from_file_location("pristine_sitemap", sitemap.__file__)
    pristine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pristine)
    dates = [
        utils.SafeDatetime(2010, 1, 2, 0, 0, 1),
        utils.SafeDatetime(2023, 11, 7, 8, 5, 9, 123456, timezone(timedelta(hours=7))),
        utils.SafeDatetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
        utils.SafeDatetime(2024, 2, 29, 12, 0, 0, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        utils.SafeDatetime(2024, 2, 29, 12, 0, 0, tzinfo=timezone(timedelta(seconds=25200 + 17))),
        utils.SafeDatetime(999, 5, 1, 1, 2, 3, tzinfo=timezone(timedelta(hours=7))),
    ]
    for date in dates:
        assert sitemap_date(date) == pristine.format_date(date), date
    assert sitemap_date(dates[1]) == "2023-11-07T08:05:09+07:00"
    install_fast_paths()
    assert sitemap.format_date.__wrapped__ is sitemap_date
    assert [sitemap.format_date(date) for date in dates + dates[::-1]] == [
        pristine.format_date(date) for date in dates + dates[::-1]
    ]


def test_the_sitemap_is_the_one_pelican_sitemap_writes(tmp_path):
    import importlib.util
    from datetime import timedelta, timezone

    from pelican import utils
    from pelican.contents import Article
    from pelican.plugins.sitemap import sitemap

    from .fast_sitemap import write_out

    spec = importlib.util.spec_from_file_location("pristine_sitemap", sitemap.__file__)
    pristine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pristine)
    out = tmp_path / "out"
    out.mkdir()
    settings = dict(DEFAULT_CONFIG, SITEURL="https://tinhuy.example.vn")
    vn = timezone(timedelta(hours=7))

    def article(slug: str, **metadata: object) -> Article:
        metadata = {"title": slug, "slug": slug, **metadata}
        metadata.setdefault("date", utils.SafeDatetime(2023, 9, 18, 19, 15, tzinfo=vn))
        return Article("<p>Nội dung.</p>", metadata=metadata, settings=settings)

    english = article("english-version", lang="en")
    pages = [
        ("index.html", None),
        ("trang-2.html", None),
        ("chu-de/can-tho.html", None),
        ("dia-danh/Cần Thơ/index.html", None),
        ("tac-gia/thanh thy.html", None),
        ("tim-kiem/index.html", None),
        ("2023/index.html", None),
        ("2023/myindexXhtml", None),
        ("../ngoai-le.html", None),
        ("2023/09/a.html", article("phat-huy-vai-tro")),
        (
            "2023/09/b.html",
            article("sua-doi", modified=utils.SafeDatetime(2023, 10, 1, 8, 0, tzinfo=vn)),
        ),
        ("2023/09/c.html", article("ban-nhap", status="draft")),
        ("2023/09/d.html", article("rieng-tu", private="True")),
        ("2023/09/e.html", article("hang-tuan", changefreq="weekly", priority="0.8")),
        ("2023/09/f.html", article("co-ban-dich", translations=[english])),
    ]
    for config in (
        {"exclude": ["^tim-kiem/", "ngoai"], "priorities": {"indexes": 0.3}},
        {"format": "txt", "exclude": ["^tim-kiem/"]},
        {},
    ):
        generator = sitemap.SitemapGenerator()
        generator.now = utils.SafeDatetime(2025, 12, 31, 18, 21, tzinfo=vn)
        generator.page_queue = [
            (os.path.abspath(os.path.join(out, path)), obj) for path, obj in pages
        ]
        build = SimpleNamespace(output_path=str(out), settings=dict(settings, SITEMAP=config))
        written = out / f"sitemap.{config.get('format', 'xml')}"
        pristine.SitemapGenerator._write_out(generator, build)
        expected = written.read_text("utf-8")
        written.unlink()
        write_out(generator, build)
        assert written.read_text("utf-8") == expected
        assert "C%E1%BA%A7n%20Th%C6%A1" in expected  # (quoted as the plugin quotes it)


def test_readers_write_their_cache_only_when_it_changed(tmp_path, monkeypatch):
    import os

    from pelican.readers import Readers

    from . import speedups
    from .speedups import install_fast_paths

    install_fast_paths()
    settings = reader_cache_settings(tmp_path)
    article = tmp_path / "a.md"
    article.write_text("Title: A\nDate: 2023-11-07\n\nMột câu.\n", encoding="utf-8")
    cache = tmp_path / "cache" / "ArticlesGenerator-Readers"
    journal = tmp_path / "cache" / "ArticlesGenerator-Readers.journal"

    def build() -> str:
        readers = Readers(settings, "ArticlesGenerator-Readers")
        content = readers.read_file(str(tmp_path), "a.md").content
        readers.save_cache()
        return content

    def cached_texts() -> list[str]:
        """What a new build finds in the cache, before it reads any file."""
        entries = Readers(settings, "ArticlesGenerator-Readers")._cache.values()
        return [data[1][0] for data in entries]

    assert "Một câu." in build()
    assert cache.exists() and not journal.exists()
    os.utime(cache, ns=(0, 0))
    assert "Một câu." in build()
    assert cache.stat().st_mtime_ns == 0, "nothing new was read: the cache is not rewritten"
    assert not journal.exists()
    # An edited article: its entry goes to the journal, not the whole cache again.
    article.write_text("Title: A\nDate: 2023-11-07\n\nHai câu.\n", encoding="utf-8")
    assert "Hai câu." in build()
    assert cache.stat().st_mtime_ns == 0 and journal.exists()
    assert ["Hai câu." in text for text in cached_texts()] == [True]
    # A journal counts only over the main file it was written for.
    os.utime(cache, ns=(1, 1))
    assert ["Một câu." in text for text in cached_texts()] == [True]
    os.utime(cache, ns=(0, 0))
    # Once the journal holds a share of the entries, the whole cache is written, with them.
    monkeypatch.setattr(speedups, "JOURNAL_MIN", 0)
    monkeypatch.setattr(speedups, "JOURNAL_SHARE", 0.0)
    article.write_text("Title: A\nDate: 2023-11-07\n\nBa câu.\n", encoding="utf-8")
    assert "Ba câu." in build()
    assert cache.stat().st_mtime_ns != 0 and not journal.exists()
    assert ["Ba câu." in text for text in cached_texts()] == [True]


def test_the_collector_is_paused_while_a_cache_loads_and_only_then(tmp_path, monkeypatch):
    import gc
    import pickle

    from pelican.readers import Readers

    from .speedups import install_fast_paths

    install_fast_paths()
    settings = dict(
        DEFAULT_CONFIG,
        CACHE_PATH=str(tmp_path),
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        CONTENT_CACHING_LAYER="reader",
        GZIP_CACHE=False,
    )
    (tmp_path / "ArticlesGenerator-Readers").write_bytes(pickle.dumps({"a.md": ("stamp", 1)}))
    collecting = []
    load = pickle.load

    def watched_load(handle):
        collecting.append(gc.isenabled())
        return load(handle)

    monkeypatch.setattr(pickle, "load", watched_load)
    gc.unfreeze()
    readers = Readers(settings, "ArticlesGenerator-Readers")
    assert readers._cache == {"a.md": ("stamp", 1)}
    assert collecting == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what was loaded lives for the build: not walked
    gc.unfreeze()


def test_kept_relative_source_paths_are_pelicans(tmp_path, monkeypatch):
    from pelican.contents import Article

    from .speedups import kept_relative_source_path, pelican_relative_source_path

    (tmp_path / "content" / "2023").mkdir(parents=True)
    (tmp_path / "other" / "content").mkdir(parents=True)
    source = str(tmp_path / "content" / "2023" / "phat-huy-vai-tro.md")
    monkeypatch.chdir(tmp_path)
    for root in (str(tmp_path / "content"), "content", "content/"):
        settings = dict(DEFAULT_CONFIG, PATH=root)
        article = Article("<p>x</p>", {"title": "A"}, settings=settings, source_path=source)
        for given in (None, "2023/anh.jpg", "../ngoai.md", source):
            expected = pelican_relative_source_path(article, given)
            assert kept_relative_source_path(article, given) == expected
        assert kept_relative_source_path(article) == "2023/phat-huy-vai-tro.md"
    # A relative content folder is another folder from another working folder.
    monkeypatch.chdir(tmp_path / "other")
    article = Article("", {"title": "A"}, settings=settings, source_path=source)
    assert kept_relative_source_path(article) == "../../content/2023/phat-huy-vai-tro.md"
    assert kept_relative_source_path(article) == pelican_relative_source_path(article)


def test_the_reader_cache_holds_one_object_per_name(tmp_path):
    from pelican.readers import Readers

    from .speedups import install_fast_paths

    install_fast_paths()
    settings = reader_cache_settings(tmp_path)
    for stem, tags in (("a", "Cần Thơ; Hà Nội"), ("b", "Hà Nội; Hạ Long"), ("c", "Cần Thơ")):
        (tmp_path / f"{stem}.md").write_text(
            f"Title: {stem}\nDate: 2023-11-07\nCategory: Xây dựng Đảng\nTags: {tags}\n\nMột câu.\n",
            encoding="utf-8",
        )
    readers = Readers(settings, "ArticlesGenerator-Readers")
    read = {stem: readers.read_file(str(tmp_path), f"{stem}.md") for stem in "abc"}
    readers.save_cache()

    entries = Readers(settings, "ArticlesGenerator-Readers")._cache
    metadata = {os.path.basename(path)[0]: data[1][1] for path, data in entries.items()}
    # What each article was read with, names and kinds as they were.
    for stem, article in read.items():
        assert [(type(t), t.name) for t in metadata[stem]["tags"]] == [
            (type(t), t.name) for t in article.tags
        ]
        assert metadata[stem]["category"].name == "Xây dựng Đảng"
    # One object per name across the articles.
    tags = [t for stem in "abc" for t in metadata[stem]["tags"]]
    assert len({id(t) for t in tags}) == len({t.name for t in tags}) == 3
    assert len({id(metadata[stem]["category"]) for stem in "abc"}) == 1


def test_images_without_alt_text_are_still_reported(caplog):
    from pelican import readers

    from .speedups import install_fast_paths, pelican_find_empty_alt

    install_fast_paths()
    pages = {
        "a.md": '<p>Ảnh: <img src="/anh/hoi-nghi.jpg" alt=""></p>',
        "b.md": '<p><img alt="Hội nghị" src="/anh/hoi-nghi.jpg"></p>',
        "c.md": "<p>Không có ảnh.</p>",
    }
    for run in ("pelican", "fast"):  # (in two folders: Pelican's log drops repeated messages)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="pelican.readers"):
            for path, content in pages.items():
                find = readers.find_empty_alt if run == "fast" else pelican_find_empty_alt
                find(content, f"{run}/{path}")
        assert [r.getMessage() for r in caplog.records] == [
            f"Empty alt attribute for image hoi-nghi.jpg in {run}/a.md"
        ]
    assert readers.find_empty_alt is not pelican_find_empty_alt


def test_links_to_static_files_are_found_as_pelican_finds_them():
    from pelican.contents import Article

    from .speedups import get_static_links, pelican_get_static_links

    settings = dict(DEFAULT_CONFIG, PATH="/site/content")
    bodies = [
        '<p><img src="{static}/anh/hoi-nghi.jpg" alt="Hội nghị"></p>',
        '<p><a href="|attach|bien-ban.pdf">Biên bản</a> và <a href="{filename}/b.md">bài</a></p>',
        "<p>Đồng chí Bí thư phát biểu; 100% chi bộ hoàn thành nhiệm vụ.</p>",
        "",
    ]
    found = []
    for body in bodies:
        article = Article(
            body,
            metadata={"title": "Hội nghị"},
            settings=settings,
            source_path="/site/content/2023/a.md",
        )
        found.append(get_static_links(article))
        assert found[-1] == pelican_get_static_links(article)
    assert found == [{"anh/hoi-nghi.jpg"}, {"2023/bien-ban.pdf"}, set(), set()]
    other = dict(settings, INTRASITE_LINK_REGEX="@(?P<what>.*?)@")  # a site's own syntax
    article = Article(
        '<p><img src="@static@/anh/x.jpg"></p>',
        metadata={"title": "Hội nghị"},
        settings=other,
        source_path="/site/content/2023/a.md",
    )
    assert get_static_links(article) == pelican_get_static_links(article) == {"anh/x.jpg"}


def test_pelican_tags_authors_and_categories_are_shared_by_name_and_class():
    from pelican.urlwrappers import Author, Category, Tag

    from .speedups import share_wrappers

    known: dict = {}
    first = {
        "tags": [Tag("Cần Thơ", DEFAULT_CONFIG)],
        "category": Category("Thời sự", DEFAULT_CONFIG),
    }
    second = {
        "tags": [Tag("Hà Nội", DEFAULT_CONFIG), Tag("Cần Thơ", DEFAULT_CONFIG)],
        "authors": [Author("Cần Thơ", DEFAULT_CONFIG)],
        "category": Category("Thời sự", DEFAULT_CONFIG),
        "title": "Cần Thơ",
    }
    for metadata in (first, second):
        share_wrappers(metadata, known)
    assert second["tags"][1] is first["tags"][0]
    assert second["category"] is first["category"]
    assert type(second["authors"][0]) is Author  # the same name, another class
    assert [t.name for t in second["tags"]] == ["Hà Nội", "Cần Thơ"]
    assert second["title"] == "Cần Thơ"


def test_other_plugins_url_objects_are_left_as_they_are():
    """A subclass may tell apart objects of one name (``taxonomies``: a place and a body both
    called "Châu Thành A"); sharing them by class and name would merge their pages."""
    from pelican.urlwrappers import Tag

    from .speedups import share_wrappers

    class Entity(Tag):
        def __init__(self, name, settings, kind):
            super().__init__(name, settings)
            self.kind = kind

    known: dict = {}
    place = {"places": [Entity("Châu Thành A", DEFAULT_CONFIG, "places")]}
    body = {"organisations": [Entity("Châu Thành A", DEFAULT_CONFIG, "organisations")]}
    for metadata in (place, body):
        share_wrappers(metadata, known)
    assert body["organisations"][0].kind == "organisations"
    assert known == {}


def test_each_article_read_holds_the_builds_one_tag_of_a_name():
    from types import SimpleNamespace

    from pelican import signals
    from pelican.urlwrappers import Tag

    from .speedups import on_article_context, register

    register()
    assert on_article_context in set(signals.article_generator_context.receivers_for(None))
    generator = SimpleNamespace()
    first = {"tags": [Tag("Cần Thơ", DEFAULT_CONFIG)]}
    second = {"tags": [Tag("Hà Nội", DEFAULT_CONFIG), Tag("Cần Thơ", DEFAULT_CONFIG)]}
    for metadata in (first, second):
        on_article_context(generator, metadata)
    assert second["tags"][1] is first["tags"][0]
