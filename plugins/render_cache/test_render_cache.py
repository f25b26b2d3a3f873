"""An incremental build writes exactly what a cold build writes, and renders only what changed.

The sites are the five real articles of ``content/`` with two articles a page, so that adding,
editing and removing articles moves articles between list pages.
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError

from .render_cache import Digester, TemplateInputs, Uncacheable

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from support import build_site  # noqa: E402

pytestmark = pytest.mark.build

SITE = {"DEFAULT_PAGINATION": 2, "SEARCH_ENABLED": False}
COUNTS = re.compile(r"Render cache: (\d+) files rendered, (\d+) reused")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def assert_same_site(built: Path, expected: Path) -> None:
    got, want = tree(built), tree(expected)
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []


class Sites:
    """Builds of one content folder: incremental ones share a cache, cold ones do not."""

    def __init__(self, root: Path, caplog: pytest.LogCaptureFixture) -> None:
        self.root = root
        self.content = root / "content"
        shutil.copytree(ROOT / "content", self.content)
        self.theme = root / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.caplog = caplog
        self.builds = 0

    def build(
        self, cold: bool = False, output: Path | None = None, **overrides: object
    ) -> tuple[Path, int, int]:
        """Build (into a new folder unless ``output`` is given); return the output folder and
        how many files were rendered and reused."""
        self.builds += 1
        output = output or self.root / f"out{self.builds}"
        cache = self.root / (f"cold{self.builds}" if cold else "cache")
        self.caplog.clear()
        with self.caplog.at_level(logging.INFO, logger="render_cache.render_cache"):
            build_site(
                self.content,
                output,
                cache,
                THEME=str(self.theme),
                LOAD_CONTENT_CACHE=not cold,
                **{**SITE, **overrides},
            )
        rendered, reused = map(int, COUNTS.findall(self.caplog.text)[-1])
        return output, rendered, reused

    def article(self, stem: str) -> Path:
        return next(self.content.rglob(f"{stem}*.md"))


@pytest.fixture
def sites(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Sites:
    return Sites(tmp_path, caplog)


def test_nothing_changed_nothing_rendered(sites: Sites):
    first, rendered, reused = sites.build()
    assert rendered > 40 and reused == 0
    second, rendered, reused = sites.build()
    assert (rendered, reused) == (0, len(tree(sites.root / "cache" / "render" / "files")))
    assert_same_site(second, first)


def test_added_edited_and_removed_articles_build_as_from_scratch(sites: Sites):
    sites.build()
    # A later article by the same editor: a new headline, the same real text.
    source = sites.article("phat-huy-vai-tro-to-chuc-dang")
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^Title: .*$", "Title: Cần Thơ sơ kết Quy định 171-QĐ/TW", text, flags=re.M)
    text = re.sub(r"^Slug: .*$", "Slug: can-tho-so-ket-quy-dinh-171", text, flags=re.M)
    text = re.sub(r"^Date: .*$", "Date: 2023-10-02T09:00:00+07:00", text, flags=re.M)
    (sites.content / "2023" / "can-tho-so-ket-quy-dinh-171.md").write_text(text, "utf-8")
    # An editor fixes a sentence of another article and removes a third.
    edited = sites.article("chi-dao-to-chuc-co-so-dang")
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("đảng viên", "đảng viên ", 1), "utf-8"
    )
    sites.article("tang-cuong-cong-tac-xay-dung-dang").unlink()

    incremental, rendered, reused = sites.build()
    cold, _, _ = sites.build(cold=True)
    assert_same_site(incremental, cold)
    assert rendered > 0 and reused > 0


def test_an_edited_article_renders_the_list_pages_that_show_it_not_the_others(sites: Sites):
    # Two a page, numbered from the oldest: the home page shows the three newest articles,
    # trang-1.html the two oldest. Fixing the oldest headline changes trang-1.html, not the
    # home page, which shows neither it nor the list (only trang-1.html's address).
    first, _, _ = sites.build()
    oldest = sites.article("phat-huy-vai-tro-cua-doan-the")
    text = oldest.read_text(encoding="utf-8").replace("Thành phố", "thành phố", 1)
    oldest.write_text(text, "utf-8")

    second, rendered, reused = sites.build()
    cold, _, _ = sites.build(cold=True)
    assert_same_site(second, cold)

    def reused_from(name: str) -> bool:
        return (first / name).stat().st_ino == (second / name).stat().st_ino

    assert "thành phố tham gia" in (second / "trang-1.html").read_text("utf-8")
    assert not reused_from("trang-1.html")
    assert reused_from("index.html")
    # The indexes of all names show each name and its number of articles, which did not change.
    assert reused_from("chu-de/index.html") and reused_from("dia-danh/index.html")
    assert reused > rendered


def test_a_new_article_renders_the_newest_page_of_its_lists_not_the_older_ones(sites: Sites):
    # Pages are numbered from the oldest (plugins/stable_pagination): with Pelican's numbering
    # from the newest, each new article moved every page of every list it joined.
    sites.build()
    source = sites.article("phat-huy-vai-tro-to-chuc-dang")
    text = source.read_text(encoding="utf-8")
    builds = []
    for day in (2, 3):
        new = re.sub(r"^Date: .*$", f"Date: 2023-10-0{day}T09:00:00+07:00", text, flags=re.M)
        new = re.sub(r"^Slug: (.*)$", rf"Slug: \1-{day}", new, flags=re.M)
        new = re.sub(r"^Title: (.*)$", rf"Title: \1 ({day}/10)", new, flags=re.M)
        (sites.content / "2023" / f"bai-moi-{day}.md").write_text(new, "utf-8")
        built, _, _ = sites.build()
        assert_same_site(built, sites.build(cold=True)[0])
        assert f"({day}/10)" in (built / "index.html").read_text("utf-8")
        builds.append(built)
    # The sixth article made a second numbered page of the home page (and of the lists it
    # joined); the seventh went to the newest pages and left the numbered ones alone.
    six, seven = builds
    numbered = sorted(p.relative_to(six) for p in six.rglob("trang-*.html"))
    assert [str(p) for p in numbered] == ["trang-1.html", "trang-2.html"]
    assert [p for p in numbered if (six / p).stat().st_ino != (seven / p).stat().st_ino] == []


def test_list_pages_are_keyed_by_what_their_templates_can_show():
    from jinja2 import DictLoader, Environment
    from pelican.paginator import Paginator
    from pelican.settings import DEFAULT_CONFIG

    from .render_cache import summary_kind

    theme = ROOT / "theme" / "templates" / "partial"
    env = Environment(
        loader=DictLoader(
            {
                # The theme's own: pages by their slice, the paginator by its size.
                "partial/pagination.html": (theme / "pagination.html").read_text("utf-8"),
                "partial/article_list.html": (theme / "article_list.html").read_text("utf-8"),
                "theme.html": '{% include "partial/article_list.html" %}'
                "{% if articles_page is defined and articles_page %}{% endif %}"
                "{{ articles|length }}",
                # A paginator asked for its size and its pages' addresses only.
                "places.html": "{{ articles_paginator.page(1).url }}"
                "{{ articles_paginator.num_pages }}",
                # Each of these shows, or may show, more than its own slice or size.
                "whole.html": (
                    "{% for a in articles_page.paginator.object_list %}{{ a }}{% endfor %}"
                    "{{ articles_paginator.page(2).object_list }}{{ x or articles }}"
                ),
                "passed.html": (
                    "{% macro m(p) %}{{ p }}{% endmacro %}{{ m(articles_page) }}"
                    "{{ articles_paginator|attr('object_list') }}{{ articles|first }}"
                ),
            }
        ),
        extensions=["jinja2.ext.i18n"],
    )
    env.filters["vi_datetime"] = str  # (site_locale's; only parsed here)
    settings = dict(DEFAULT_CONFIG)
    paginator = Paginator("index.html", "", list(range(5)), settings, 2)
    values = {
        "articles_page": paginator.page(2),
        "articles_next_page": paginator.page(3),
        "articles_paginator": paginator,
        "articles": list(range(5)),
    }
    kinds = {
        "articles_page": "page",
        "articles_next_page": "place",
        "articles_paginator": None,
        "articles": "length",
    }
    inputs = TemplateInputs()
    uses = inputs.uses(env.get_template("theme.html"))
    assert {name: summary_kind(v, uses.get(name)) for name, v in values.items()} == kinds
    uses = inputs.uses(env.get_template("places.html"))
    assert summary_kind(paginator, uses["articles_paginator"]) == "paginator"
    for name in ("whole.html", "passed.html"):
        uses = inputs.uses(env.get_template(name))
        assert {n: summary_kind(v, uses.get(n)) for n, v in values.items()} == dict.fromkeys(values)


def stable_paginator(name: str, newest_first: list) -> Any:
    """Two a page, numbered from the oldest (plugins/stable_pagination), with the project's
    page URLs."""
    from pelican.paginator import PaginationRule

    sys.path.insert(0, str(ROOT / "plugins"))
    from stable_pagination.stable_pagination import StablePaginator

    settings = {
        "DEFAULT_ORPHANS": 0,
        "PAGINATION_PATTERNS": [
            PaginationRule(1, "{url}", "{save_as}"),
            PaginationRule(2, "{base_name}/trang-{number}.html", "{base_name}/trang-{number}.html"),
        ],
    }
    return StablePaginator(name, name, newest_first, settings, 2)


def test_a_stable_page_is_keyed_by_its_own_articles_unless_it_shows_its_place():
    from .render_cache import CachingWriter

    writer = CachingWriter.__new__(CachingWriter)

    def oldest_page(count: int, uses: set) -> bytes:
        newest_first = list(range(count, 0, -1))
        paginator = stable_paginator("index.html", newest_first)
        page = paginator.page(paginator.num_pages)
        assert page.object_list == [2, 1]
        return writer._summary(page, frozenset(uses))

    theme = {("getattr", "object_list"), ("getattr", "has_next"), ("getattr", "url")}
    assert oldest_page(6, theme) == oldest_page(7, theme)  # one more article: same page
    place = theme | {("getattr", "start_index")}
    assert oldest_page(6, place) != oldest_page(7, place)  # "articles 6-7 of 7" shows the count


@pytest.mark.parametrize("template", ["index", "tag", "category", "author", "source", "entity"])
def test_a_list_page_of_the_theme_is_keyed_without_the_length_of_its_list(template: str):
    # The theme's paginated templates show nothing that changes with the list's length (no
    # count, no "page X of Y"): a new article then renders the newest page of a list, not all.
    from types import SimpleNamespace

    from jinja2 import Environment, FileSystemLoader

    from .render_cache import CachingWriter

    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"))
    # The plugins' filters (only parsed here).
    for name in [
        "vi_datetime",
        "vi_date",
        "vi_month",
        "figure_captions",
        "news_article_jsonld",
        "other_tags",
        "reading_minutes",
        "static_version",
    ]:
        env.filters[name] = str
    page_template = SimpleNamespace(environment=env, name=f"{template}.html")
    inputs = TemplateInputs()
    _, names = inputs.of(page_template)
    uses = inputs.uses(page_template)
    writer = CachingWriter.__new__(CachingWriter)

    def oldest_page_key(count: int) -> dict[str, bytes]:
        newest_first = list(range(count, 0, -1))
        paginator = stable_paginator("chu-de/dang.html", newest_first)
        oldest = paginator.num_pages
        values = {
            "articles": newest_first,
            "dates": newest_first,
            "articles_page": paginator.page(oldest),
            "articles_paginator": paginator,
            "articles_previous_page": paginator.page(oldest - 1),
            "articles_next_page": None,
        }
        return {k: writer._summary(v, uses.get(k)) for k, v in values.items() if k in names}

    assert "articles_page" in names
    assert oldest_page_key(6) == oldest_page_key(7)


def test_a_changed_template_renders_the_pages_that_use_it(sites: Sites):
    first, _, _ = sites.build()
    article = sites.theme / "templates" / "article.html"
    article.write_text(article.read_text("utf-8").replace("</article>", "</article>\n"), "utf-8")

    incremental, rendered, reused = sites.build()
    cold, _, _ = sites.build(cold=True)
    assert_same_site(incremental, cold)
    articles = [p for p in tree(first) if re.fullmatch(r"\d{4}/\d\d/(?!index)[^/]+\.html", p)]
    assert rendered == len(articles)  # the article pages, nothing else
    assert reused > 0


def test_a_changed_static_file_renders_the_pages_that_link_it(sites: Sites):
    def stylesheet_link(site: Path) -> str:
        return re.search(r"css/site\.css\?v=\w+", (site / "index.html").read_text("utf-8"))[0]

    first, _, _ = sites.build()
    stylesheet = sites.theme / "static" / "css" / "site.css"
    stylesheet.write_text(stylesheet.read_text("utf-8") + "\n/* changed */\n", "utf-8")

    incremental, _, reused = sites.build()
    cold, _, _ = sites.build(cold=True)
    assert_same_site(incremental, cold)
    assert stylesheet_link(incremental) != stylesheet_link(first)
    published = incremental / "theme" / "css" / "site.css"
    assert published.read_text("utf-8").endswith("/* changed */\n")
    assert reused == 0  # every page links the stylesheet


def test_a_changed_setting_renders_everything(sites: Sites):
    sites.build()
    incremental, _, reused = sites.build(SITESUBTITLE="Kho lưu trữ")
    cold, _, _ = sites.build(cold=True, SITESUBTITLE="Kho lưu trữ")
    assert_same_site(incremental, cold)
    assert reused == 0
    assert "Kho lưu trữ" in (incremental / "index.html").read_text("utf-8")


def test_a_changed_markdown_setting_reads_the_articles_again(sites: Sites):
    """Pelican's reader cache alone would keep the HTML of the old Markdown settings."""
    sites.build()
    plain = {"extension_configs": {"markdown.extensions.meta": {}}, "output_format": "html5"}
    incremental, _, _ = sites.build(MARKDOWN=plain)
    cold, _, _ = sites.build(cold=True, MARKDOWN=plain)
    assert_same_site(incremental, cold)
    page = next(incremental.glob("2023/09/phat-huy-vai-tro-to-chuc-dang*.html"))
    assert "{: .lead }" in page.read_text("utf-8")


def test_a_page_changed_after_the_build_is_not_reused(sites: Sites):
    first, _, _ = sites.build()
    # Output files are hard links to the cache: writing into one changes both.
    with (first / "index.html").open("a", encoding="utf-8") as f:
        f.write("<!-- edited by hand -->")
    second, rendered, _ = sites.build()
    assert rendered == 1
    assert b"edited by hand" not in (second / "index.html").read_bytes()


def test_a_rebuild_in_place_puts_back_a_page_replaced_in_the_output(sites: Sites):
    first, _, _ = sites.build(DELETE_OUTPUT_DIRECTORY=False)
    kept = (first / "index.html").stat().st_ino
    replaced = next(first.glob("chuyen-muc/*.html"))
    replaced.unlink()  # not through the hard link: the cached page is untouched
    replaced.write_text("<p>replaced by hand</p>", encoding="utf-8")
    again, rendered, reused = sites.build(output=first, DELETE_OUTPUT_DIRECTORY=False)
    assert again == first and rendered == 0 and reused > 40
    cached = sites.root / "cache" / "render" / "files" / replaced.relative_to(first)
    assert replaced.read_bytes() == cached.read_bytes()
    assert replaced.stat().st_ino == cached.stat().st_ino
    assert (first / "index.html").stat().st_ino == kept


def test_an_article_digest_follows_what_its_page_shows():
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Tag

    settings = dict(DEFAULT_CONFIG)

    def article(title: str, tags: list[str]) -> Article:
        return Article(
            "<p>Đồng chí Nguyễn Quang Trường phát biểu.</p>",
            metadata={
                "title": title,
                "tags": [Tag(t, settings) for t in tags],
                "date": __import__("datetime").datetime(2023, 9, 18, 22, 29),
            },
            settings=settings,
            source_path=f"/c/{title}.md",
        )

    def digest(a: Article) -> bytes:
        return Digester().digest(a)

    a, b = article("Cần Thơ", ["Lê Tấn Thủ"]), article("Hậu Giang", ["Lê Tấn Thủ"])
    a.related_articles = [b]
    before = digest(a)
    assert digest(a) == before  # the same data, the same digest, in another build
    b.title = "Hậu Giang sơ kết"  # a related article's title shows on the page
    assert digest(a) != before
    a.tags[0] = Tag("Lê Tấn Thu", settings)  # a tag differing only by a tone mark
    assert digest(a) != Digester().digest(article("Cần Thơ", ["Lê Tấn Thủ"]))
    c = article("Sóc Trăng", [])
    before = digest(a)
    a.related_articles = [c]  # another related article
    assert digest(a) != before
    # A list shows its articles, not what they point to: b's related articles are not its data.
    b.related_articles = []  # every article has the attribute (plugins/related_articles)
    listed = Digester().digest([b])
    b.related_articles = [c]
    assert Digester().digest([b]) == listed
    # Nor which article is newer: a new article at the top gives the newest one a neighbour.
    b.newer_article, c.newer_article = None, b  # plugins/neighbours: None for the newest
    before = Digester()
    before.learn_pointers([b, c])
    listed = before.digest([b])
    b.newer_article = article("Bạc Liêu", [])
    after = Digester()
    after.learn_pointers([b, c])
    assert after.digest([b]) == listed
    assert after.digest(b) != before.digest(b)  # its own page shows it
    # The same for an attribute holding a list of articles on some, None on others.
    b.series, c.series = None, [b]
    before = Digester()
    before.learn_pointers([b, c])
    listed = before.digest([b])
    b.series = [c]
    after = Digester()
    after.learn_pointers([b, c])
    assert after.digest([b]) == listed
    # Reading a tag's URL leaves its name and slug in its attributes (Pelican's as_dict):
    # the same tag, whatever read it before.
    tag = Tag("Bạc Liêu", settings)
    unread = Digester().digest([tag])
    assert tag.url and "slug" in vars(tag)
    assert Digester().digest([tag]) == unread


def linked_articles() -> list:
    """Seven articles sharing a tag, each pointing to two others; one points outside them."""
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Tag

    settings = dict(DEFAULT_CONFIG)
    articles = [
        Article(
            f"<p>Đoàn khảo sát làm việc tại Cần Thơ, lần {n}.</p>",
            metadata={
                "title": f"Khảo sát {n}",
                "tags": [Tag("Quy định 171-QĐ/TW", settings), Tag(f"Đợt {n}", settings)],
                "date": __import__("datetime").datetime(2023, 9, n + 1, 8, 0),
            },
            settings=settings,
            source_path=f"/c/{n}.md",
        )
        for n in range(7)
    ]
    for n, article in enumerate(articles):
        article.related_articles = [articles[(n + 1) % 7], articles[(n + 3) % 7]]
    outside = Article("<p>Trang giới thiệu.</p>", metadata={"title": "Giới thiệu"})
    articles[5].related_articles = [outside]  # points outside the list: digested on demand
    return articles


def test_digests_made_in_other_processes_are_those_made_here():
    articles = linked_articles()
    shared = Digester()
    shared.digest_all(articles, processes=3)
    for article in articles:
        alone = Digester()
        assert shared.digest(article) == alone.digest(article)  # its page's key
        assert shared.digest(article, 1) == alone.digest(article, 1)  # as listed


def test_a_list_has_one_digest_however_its_articles_were_digested():
    # A page of a list is keyed from its articles' digests found in one pass when every one is
    # known, else one by one: both must give the same key, or a rebuild renders it again.
    articles = linked_articles()
    one_by_one = Digester().digest(articles[:4])  # none digested yet
    known = Digester()
    for article in articles:
        known.digest(article, 1)
    assert known.digest(articles[:4]) == one_by_one
    assert known.digest(articles[1:5]) != one_by_one
    partly = Digester()
    partly.digest(articles[2], 1)
    assert partly.digest(articles[:4]) == one_by_one
    forked = Digester()
    forked.digest_all(articles, processes=3)  # digests sent back by other processes
    assert forked.digest(articles[:4]) == one_by_one
    # Digests made before the articles' pointers were learnt are forgotten with them.
    newest, older = articles[0], articles[1]
    newest.newer_article, older.newer_article = None, newest
    stale = Digester()
    before = stale.digest([newest])
    stale.learn_pointers(articles)
    after = Digester()
    after.learn_pointers(articles)
    assert stale.digest([newest]) == after.digest([newest]) != before


def test_digests_forked_early_leave_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Forked when Pelican asks for its writer; taken in at flush, or dropped when the build
    # failed in between (the next build in the process reaps the forks): no report file stays.
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    articles = linked_articles()
    for digest_rest in (True, False):
        early = Digester()
        early.fork_digests(articles, 2)
        assert early.forked and len(list(tmp_path.iterdir())) == 2
        early.collect_digests(digest_rest=digest_rest)
        assert not early.forked and list(tmp_path.iterdir()) == []
        for article in articles:
            assert early.digest(article) == Digester().digest(article)


def test_an_object_known_only_by_its_address_is_not_cached():
    with pytest.raises(Uncacheable):
        Digester().digest({"filter": lambda x: x})


def test_template_inputs_follow_extends_and_includes():
    from jinja2 import DictLoader, Environment

    env = Environment(
        loader=DictLoader(
            {
                "base.html": "{{ SITENAME }}{% block body %}{% endblock %}",
                "list.html": "{% for a in articles_page %}{{ a.title }}{% endfor %}",
                "tag.html": (
                    '{% extends "base.html" %}{% block body %}{{ tag }}'
                    '{% include "list.html" %}{% endblock %}'
                ),
            }
        )
    )
    sources, names = TemplateInputs().of(env.get_template("tag.html"))
    assert names == ("SITENAME", "articles_page", "tag")
    env.loader.mapping["list.html"] += "<hr>"
    assert TemplateInputs().of(env.get_template("tag.html"))[0] != sources


def test_two_processes_write_what_one_writes(sites: Sites, monkeypatch: pytest.MonkeyPatch):
    from . import render_cache

    monkeypatch.setattr(render_cache, "FORK_MIN_JOBS", 1)
    forked, rendered, _ = sites.build(cold=True, RENDER_CACHE_PROCESSES=2)
    single, _, _ = sites.build(cold=True, RENDER_CACHE_PROCESSES=1)
    assert_same_site(forked, single)
    assert rendered == len(tree(sites.root / f"cold{sites.builds - 1}" / "render" / "files"))


def test_two_processes_reuse_what_one_reuses(sites: Sites, monkeypatch: pytest.MonkeyPatch):
    """With forks, keys are computed and files reused in the forks: the counts and the bytes
    must still be those of a single process."""
    from . import render_cache

    monkeypatch.setattr(render_cache, "FORK_MIN_JOBS", 1)
    first, rendered, _ = sites.build(RENDER_CACHE_PROCESSES=2)
    # How many processes is not an input of any page: the next build reuses everything.
    second, *counts = sites.build(RENDER_CACHE_PROCESSES=1)
    assert counts == [0, rendered]
    assert_same_site(second, first)
    edited = sites.article("chi-dao-to-chuc-co-so-dang")
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("đảng viên", "đảng viên ", 1), "utf-8"
    )
    incremental, again, reused = sites.build(RENDER_CACHE_PROCESSES=2)
    cold, _, _ = sites.build(cold=True, RENDER_CACHE_PROCESSES=1)
    assert_same_site(incremental, cold)
    assert 0 < again < rendered and again + reused == rendered


def test_a_template_error_names_the_page(sites: Sites):
    tag = sites.theme / "templates" / "tag.html"
    tag.write_text(
        tag.read_text("utf-8").replace("{% set item = tag %}", "{% set item = tag.x.y %}")
    )
    with pytest.raises(Exception) as failure:
        sites.build(cold=True)
    assert any("while rendering chu-de/" in note for note in failure.value.__notes__)


def test_a_build_after_a_failed_one_writes_its_sitemap_once(sites: Sites):
    tag = sites.theme / "templates" / "tag.html"
    good = tag.read_text("utf-8")
    tag.write_text(good.replace("{% set item = tag %}", "{% set item = tag.x.y %}"))
    with pytest.raises(UndefinedError):
        sites.build()
    tag.write_text(good)
    output, _, _ = sites.build()
    urls = re.findall(r"<loc>([^<]+)</loc>", (output / "sitemap.xml").read_text("utf-8"))
    assert len(urls) > 40
    assert len(urls) == len(set(urls))


def test_builds_with_different_hash_seeds_are_identical(tmp_path: Path):
    """Pelican lists content files as a set; nothing in the output may follow its order."""
    import os
    import subprocess

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    # Five more articles of the very minute of another: only the tie-break orders them.
    source = next(content.rglob("phat-huy-vai-tro-to-chuc-dang*.md"))
    for n in range(1, 6):
        text = re.sub(r"^Slug: (.*)$", rf"Slug: \1-{n}", source.read_text("utf-8"), flags=re.M)
        text = re.sub(r"^Title: (.*)$", rf"Title: \1 ({n})", text, flags=re.M)
        (source.parent / f"cung-phut-{n}.md").write_text(text, "utf-8")
    outputs = []
    for seed in ("1", "2", "3", "4"):
        output = tmp_path / f"out{seed}"
        command = [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(ROOT / "pelicanconf.py"),
        ]
        command += ["-o", str(output), "--cache-path", str(tmp_path / f"cache{seed}"), "-q"]
        subprocess.run(
            [*command, "-e", "SEARCH_ENABLED=false", "DEFAULT_PAGINATION=2"],
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(output)
    for output in outputs[1:]:
        assert_same_site(output, outputs[0])


def test_pages_are_announced_as_blinker_sends_them():
    """``content_written`` for each page, without blinker's per-send lookup: every receiver
    is called, one that joins later too, and one for a single page only for that page."""
    from blinker import Signal

    from .render_cache import Announcer

    signal = Signal()
    heard: list[tuple[str, str, str]] = []

    def sitemap(path: str, context: dict) -> None:
        heard.append(("sitemap", path, context["output_file"]))

    def search(path: str, context: dict) -> None:
        heard.append(("search", path, context["output_file"]))

    def one_page(path: str, context: dict) -> None:
        heard.append(("one page", path, context["output_file"]))

    announce = Announcer(signal)
    signal.connect(sitemap)
    announce("out/index.html", {"output_file": "index.html"})
    signal.connect(search)
    announce("out/chu-de/can-tho.html", {"output_file": "chu-de/can-tho.html"})
    signal.connect(one_page, sender="out/2023/a.html")
    announce("out/2023/a.html", {"output_file": "2023/a.html"})
    announce("out/2023/b.html", {"output_file": "2023/b.html"})
    with signal.muted():
        announce("out/2023/c.html", {"output_file": "2023/c.html"})
    assert sorted(heard) == sorted(
        [
            ("sitemap", "out/index.html", "index.html"),
            ("sitemap", "out/chu-de/can-tho.html", "chu-de/can-tho.html"),
            ("search", "out/chu-de/can-tho.html", "chu-de/can-tho.html"),
            ("sitemap", "out/2023/a.html", "2023/a.html"),
            ("search", "out/2023/a.html", "2023/a.html"),
            ("one page", "out/2023/a.html", "2023/a.html"),
            ("sitemap", "out/2023/b.html", "2023/b.html"),
            ("search", "out/2023/b.html", "2023/b.html"),
        ]
    )


def test_the_collector_is_paused_while_pages_are_recorded_and_resumed_after(sites: Sites):
    import gc

    from . import render_cache as plugin

    plugin.pause_collector()
    assert not gc.isenabled()
    plugin.resume_collector()
    assert gc.isenabled()
    gc.disable()  # paused by someone else: theirs to resume
    plugin.pause_collector()
    plugin.resume_collector()
    assert not gc.isenabled()
    gc.enable()
    plugin.pause_collector()  # a build that stopped while recording: the next one resumes
    sites.build()
    assert gc.isenabled()


def test_what_was_recorded_is_frozen_when_the_collector_resumes_until_the_next_build(
    monkeypatch: pytest.MonkeyPatch,
):
    import gc
    from types import SimpleNamespace

    from . import render_cache as plugin

    gc.unfreeze()
    plugin.pause_collector()
    recorded = [[name] for name in ("Cần Thơ", "Hậu Giang") * 500]  # (tracked objects)
    plugin.resume_collector()
    assert gc.isenabled() and gc.get_freeze_count() >= len(recorded)
    thawed = []
    monkeypatch.setattr(gc, "unfreeze", lambda: thawed.append(True))
    plugin.add_defaults(SimpleNamespace(settings={"RENDER_CACHE_ENABLED": False}, plugins=[]))
    assert thawed == [True]
    plugin.add_defaults(SimpleNamespace(settings={"RENDER_CACHE_ENABLED": False}, plugins=[]))
    assert thawed == [True]  # once: nothing frozen by this plugin since
    monkeypatch.undo()
    gc.unfreeze()
