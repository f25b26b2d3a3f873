"""Names that differ only in tone marks get distinct, stable slugs, and distinct pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .unique_slugs import distinct_slugs, name_key

TEST_DATA = Path(__file__).resolve().parent / "test_data"
SETTINGS = {"SLUG_REGEX_SUBSTITUTIONS": [(r"[Đđ]", "d"), (r"[^\w\s-]", ""), (r"[-\s]+", "-")]}


def test_colliding_names_get_distinct_slugs():
    slugs = distinct_slugs(["Hà", "Hạ", "Trường", "Trương", "Hải"], SETTINGS)
    assert len(set(slugs.values())) == 5
    assert slugs[name_key("Hà")] == "ha"  # first in code-point order keeps the plain slug
    assert slugs[name_key("Hạ")].startswith("ha-")
    assert {slugs[name_key("Trường")], slugs[name_key("Trương")]} >= {"truong"}


def test_slugs_do_not_depend_on_reading_order():
    names = ["Trường", "Trương", "Hà", "Hạ"]
    assert distinct_slugs(names, SETTINGS) == distinct_slugs(reversed(names), SETTINGS)


def test_names_equal_but_for_case_share_one_slug():
    slugs = distinct_slugs(["Cần Thơ", "cần thơ", "CẦN THƠ"], SETTINGS)
    assert set(slugs.values()) == {"can-tho"}


def test_html_entities_are_read_as_characters():
    slugs = distinct_slugs(["Kinh tế &amp; Đô thị"], SETTINGS)
    assert list(slugs.values()) == ["kinh-te-do-thi"]


BUILD = """
import sys
from pelican import Pelican
from pelican.settings import read_settings
content, output, plugins = sys.argv[1:4]
settings = read_settings(override={
    "PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": output + "/cache",
    "PLUGIN_PATHS": [plugins], "PLUGINS": ["unique_slugs"], "READERS": {"rst": None},
    "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None, "SLUGIFY_SOURCE": "basename",
})
Pelican(settings).run()
"""


def test_pelican_writes_one_page_per_distinct_name(tmp_path: Path):
    # A process of its own: Pelican's signals are global, and other plugins connected by
    # earlier builds in this test session would run (and need our theme) here too.
    plugins = str(Path(__file__).resolve().parents[1])
    subprocess.run(
        [sys.executable, "-c", BUILD, str(TEST_DATA), str(tmp_path), plugins],
        check=True,
        capture_output=True,
    )
    tag_pages = sorted(p.name for p in (tmp_path / "tag").glob("*.html"))
    assert len(tag_pages) == 4, tag_pages  # Hà, Hạ, Trường, Trương
    author_pages = sorted(p.name for p in (tmp_path / "author").glob("*.html"))
    assert len(author_pages) == 2, author_pages
    ha = (tmp_path / "tag" / "ha.html").read_text(encoding="utf-8")
    assert "Bài về Hà" in ha and "Bài về Hạ" not in ha


def test_names_slugged_in_an_earlier_build_are_not_slugified_again(monkeypatch):
    """Objects of unchanged articles come back from the content cache with their base slug."""
    from types import SimpleNamespace

    from pelican.urlwrappers import Tag

    from . import unique_slugs as plugin

    def tags(*names: str) -> list[Tag]:
        return [Tag(name, SETTINGS) for name in names]

    earlier = tags("Hà", "Trường", "Hải")
    plugin.assign_slugs([SimpleNamespace(tags=earlier)], SETTINGS)
    slugged: list[str] = []
    base_slug = plugin.base_slug

    def counting(name: str, settings: dict, class_name: str = "") -> str:
        slugged.append(name)
        return base_slug(name, settings, class_name)

    monkeypatch.setattr(plugin, "base_slug", counting)
    renamed = earlier[2]
    renamed.name = "Hạ"  # (an object whose name is not the one it was slugged under)
    again = [*earlier, *tags("Trương")]
    plugin.assign_slugs([SimpleNamespace(tags=again)], SETTINGS)
    assert sorted(slugged) == ["Hạ", "Trương"]
    fresh = tags("Hà", "Trường", "Hạ", "Trương")
    monkeypatch.setattr(plugin, "base_slug", base_slug)
    plugin.assign_slugs([SimpleNamespace(tags=fresh)], SETTINGS)
    assert [t.slug for t in again] == [t.slug for t in fresh]
    assert len({t.slug for t in fresh}) == 4
