"""A rebuild makes only the articles whose file changed, each as a build from scratch makes it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG

from . import article_cache
from .article_cache import revive, snapshot

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from support import build_site  # noqa: E402

# A real article's header and lead (content/2023, Tin, ảnh: THANH THY).
LEAD = (
    "<p>Ngày 18-9-2023, đoàn khảo sát của Đảng ủy Khối các cơ quan Trung ương do đồng chí "
    "Nguyễn Quang Trường, Phó Bí thư Đảng ủy Khối, làm Trưởng đoàn, làm việc với Thành ủy "
    'Cần Thơ về kết quả 15 năm thực hiện <a href="{filename}/2023/quy-dinh.md">Quy định '
    "171-QĐ/TW</a>.</p>"
)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files Pelican's readers read (from their cache or not), by name, in order."""
    read: list[str] = []
    read_file = Readers.read_file

    def counting(self: Readers, base_path: str, path: str, *args: object, **kwargs: object):
        read.append(Path(path).name)
        return read_file(self, base_path, path, *args, **kwargs)

    monkeypatch.setattr(Readers, "read_file", counting)
    return read


@pytest.mark.build
def test_a_rebuild_makes_only_the_edited_article_and_writes_the_same_site(
    tmp_path: Path, reads: list[str]
):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache = tmp_path / "cache"
    site = {"SEARCH_ENABLED": False, "LOAD_CONTENT_CACHE": True}
    build_site(content, tmp_path / "first", cache, **site)
    assert len(reads) == 5

    reads.clear()
    build_site(content, tmp_path / "second", cache, **site)
    assert reads == []  # every article from the generator's cache
    assert tree(tmp_path / "second") == tree(tmp_path / "first")

    edited = next(content.rglob("chi-dao-to-chuc-co-so-dang*.md"))
    edited.write_text(
        edited.read_text("utf-8").replace("Title: ", "Title: Vị Thủy: ", 1), encoding="utf-8"
    )
    reads.clear()
    build_site(content, tmp_path / "third", cache, **site)
    assert reads == [edited.name]
    build_site(content, tmp_path / "cold", tmp_path / "cold-cache", SEARCH_ENABLED=False)
    assert tree(tmp_path / "third") == tree(tmp_path / "cold")
    assert "Vị Thủy: " in (tmp_path / "third" / "index.html").read_text("utf-8")


def article(settings: dict, context: dict) -> Article:
    tags = ["Nguyễn Quang Trường", "Cần Thơ"]
    metadata = {"title": "Phát huy vai trò tổ chức đảng", "tags": tags, "summary": LEAD}
    return Article(LEAD, metadata=metadata, settings=settings, context=context)


def test_a_snapshot_holds_the_article_as_it_was_made():
    settings = dict(DEFAULT_CONFIG)
    made = article(settings, {"one": "build"})
    kept = snapshot(made)
    # What later steps of the same build do to the article.
    made.slug = "phat-huy-vai-tro-to-chuc-dang-2"
    made.related_articles = [made]
    made.metadata["summary"] = "<p>đã sửa</p>"
    made.tags.append("Hà Nội")

    later = {"next": "build"}
    again = revive(kept, settings, later)
    assert type(again) is Article
    assert again.slug == "phat-huy-vai-tro-to-chuc-dang"
    assert not hasattr(again, "related_articles")
    assert again.metadata["summary"] == LEAD
    assert again.tags == ["Nguyễn Quang Trường", "Cần Thơ"]
    # One list, as Pelican made it: the render cache's digests write it once.
    assert again.tags is again.metadata["tags"]
    assert again.settings is settings and again._context is later
    assert "settings" not in kept[1] and "_context" not in kept[1]


def test_links_resolved_in_one_build_do_not_reach_the_snapshot():
    """Pelican resolves ``{filename}`` links of the summary in the article's metadata, in place;
    the next build must resolve them again, against URLs that may have changed."""
    settings = dict(DEFAULT_CONFIG)
    kept = snapshot(article(settings, {}))
    first = revive(kept, settings, {})
    first.metadata["summary"] = first.metadata["summary"].replace("{filename}", "/2023/09/")
    second = revive(kept, settings, {})
    assert "{filename}/2023/quy-dinh.md" in second.metadata["summary"]


def generator(tmp_path: Path) -> ArticlesGenerator:
    (tmp_path / "a.md").write_text("Title: Hội nghị\n\nĐồng chí Bí thư phát biểu.\n", "utf-8")
    settings = dict(
        DEFAULT_CONFIG,
        CACHE_PATH=str(tmp_path / "cache"),
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        CONTENT_CACHING_LAYER="generator",
        CHECK_MODIFIED_METHOD="mtime",
    )
    return ArticlesGenerator(
        context={}, settings=settings, path=str(tmp_path), theme="", output_path="."
    )


def test_an_article_cached_by_pelicans_own_layer_is_read_again(tmp_path: Path):
    """Pelican's generator layer pickles the article itself, with a build's settings and
    context in it: such an entry is passed over, not taken."""
    article_cache.install()
    made = generator(tmp_path)
    pelicans_own = Article("<p>Đồng chí Bí thư phát biểu.</p>", metadata={"title": "Hội nghị"})
    made._cache["a.md"] = (made._get_file_stamp("a.md"), pelicans_own)
    assert made.get_cached_data("a.md") is None

    made.cache_data("a.md", pelicans_own)
    assert made.get_cached_data("a.md").title == "Hội nghị"


def test_an_article_from_a_snapshot_decodes_its_html_only_when_read(
    monkeypatch: pytest.MonkeyPatch,
):
    """A rebuild renders a few of thousands of cached articles: the others' HTML stays the
    bytes the cache loaded, and what is asked of it without reading it is still answered."""
    from pelican.contents import Content

    from .speedups import install_fast_paths

    install_fast_paths()
    settings = dict(DEFAULT_CONFIG, PATH="/site/content")
    context = {"generated_content": {}, "static_content": {}}
    with_image = LEAD + '<p><img src="{static}/anh/hoi-nghi.jpg" alt="Hội nghị"></p>'
    made = Article(
        with_image,
        metadata={"title": "Hội nghị"},
        settings=settings,
        source_path="/site/content/a.md",
        context=context,
    )
    plain = Article(
        "<p>Đồng chí Bí thư phát biểu.</p>", metadata={"title": "Hội nghị"}, settings=settings
    )
    again, other = (revive(snapshot(a), settings, context) for a in (made, plain))

    assert type(vars(again)["_content"]) is bytes
    assert other.get_static_links() == set()
    assert type(vars(other)["_content"]) is bytes  # no link mark: not decoded to look
    assert again.get_static_links() == made.get_static_links() == {"anh/hoi-nghi.jpg"}
    assert again._content == made._content == with_image
    assert type(vars(again)["_content"]) is str  # decoded once, kept
    assert again.content == made.content

    # Without the plugin's attribute on Content, an article is made with its text.
    monkeypatch.delattr(Content, "_content")
    assert vars(revive(snapshot(made), settings, context))["_content"] == with_image
