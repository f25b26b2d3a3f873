"""site_check: wrong settings are named before any work; a built site's flaws are found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from .site_check import (
    SettingsError,
    article_pages,
    inline_code,
    publish_problems,
    settings_problems,
)

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(__file__).parent / "test_data" / "site"
GOOD = {
    "PLUGIN_PATHS": ["plugins"],
    "PLUGINS": ["site_check", "search", "sitemap"],
    "THEME": "theme",
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "SITEURL": "",
    "DIRECT_TEMPLATES": ["index", "search"],
    "SEARCH_SAVE_AS": "tim-kiem/index.html",
}


def problems(production: bool = False, **changes: object) -> list[str]:
    return settings_problems(GOOD | changes, ROOT, production=production)


def test_the_good_settings_pass():
    assert problems() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"PLUGINS": ["site_check", "sitemapp"]}, "PLUGINS: no plugin named 'sitemapp'"),
        ({"PLUGINS": "search"}, "PLUGINS: should be a list"),
        ({"PLUGIN_PATHS": ["plugin"]}, "PLUGIN_PATHS: folder"),
        ({"THEME": "them"}, "THEME: no theme folder"),
        ({"TIMEZONE": "Asia/Hanoi"}, "TIMEZONE: 'Asia/Hanoi' is not a time zone name"),
        ({"SITEURL": "https://luutru.vn/"}, "SITEURL: 'https://luutru.vn/' ends with '/'"),
        (
            {"SEARCH_PAGESIZE": 10},
            "SEARCH_PAGESIZE: plugin search has no such setting (did you mean SEARCH_PAGE_SIZE?)",
        ),
        (
            {"SEARCH_PAGE_SIZE": "10"},
            "SEARCH_PAGE_SIZE: should be a whole number like the default 20, not '10'",
        ),
        ({"SEARCH_PAGEFIND_ARGS": "--verbose"}, "SEARCH_PAGEFIND_ARGS: should be a list"),
    ],
)
def test_each_mistake_is_named(changes, expected):
    found = problems(**changes)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_pelicans_own_settings_are_not_taken_for_a_plugins():
    # SEARCH_SAVE_AS / SEARCH_URL belong to the "search" direct template, not the plugin.
    assert problems(SEARCH_URL="tim-kiem/") == []


@pytest.mark.parametrize(
    ("siteurl", "expected"),
    [
        ("", "is not an absolute http(s) address"),
        ("https://example.org/luu-tru", "is a placeholder"),
        ("http://localhost:8000", "is a placeholder"),
        ("https://luutru.vn", None),
    ],
)
def test_production_needs_a_real_siteurl(siteurl, expected):
    found = problems(production=True, SITEURL=siteurl)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0] and found[0].startswith("SITEURL")


def test_pelican_stops_at_initialisation_naming_the_setting(tmp_path):
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(tmp_path),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "TIMEZONE": "Vietnam/Hanoi",
        },
    )
    with pytest.raises(SettingsError, match="TIMEZONE: 'Vietnam/Hanoi'"):
        Pelican(settings)
    assert not (tmp_path / "output").exists()


def test_a_broken_link_and_a_missing_fragment_are_found(tmp_path):
    site = shutil.copytree(SITE, tmp_path / "site")
    found = [str(p) for p in publish_problems(site, "https://luutru.test/kho")]
    assert found == [
        f"2023/09/phat-huy-vai-tro.html: <a> ../../chu-de/can-tho.html -> missing {site / 'chu-de/can-tho.html'}",
        f"index.html: <a> https://luutru.test/kho/2023/09/bai-da-xoa.html -> missing {site / '2023/09/bai-da-xoa.html'}",
        f"theme/css/site.css: url(../images/logo.svg) -> missing {site / 'theme/images/logo.svg'}",
    ]
    (site / "chu-de").mkdir()
    (site / "chu-de" / "can-tho.html").write_text("<p>Cần Thơ</p>", encoding="utf-8")
    (site / "2023/09/bai-da-xoa.html").write_text("<p>Bài</p>", encoding="utf-8")
    (site / "theme/images").mkdir()
    (site / "theme/images/logo.svg").write_text("<svg/>", encoding="utf-8")
    assert publish_problems(site, "https://luutru.test/kho") == []
    article = site / "2023/09/phat-huy-vai-tro.html"
    article.write_text(article.read_text(encoding="utf-8").replace(' id="noi-dung"', ""))
    assert [p.message for p in publish_problems(site, "https://luutru.test/kho")] == [
        "<a> 2023/09/phat-huy-vai-tro.html#noi-dung -> no id 'noi-dung'"
    ]


def test_an_archive_without_articles_is_reported(tmp_path):
    site = shutil.copytree(SITE, tmp_path / "site")
    assert [p.name for p in article_pages(site)] == ["phat-huy-vai-tro.html"]
    (site / "2023/09/phat-huy-vai-tro.html").unlink()
    messages = [p.message for p in publish_problems(site)]
    assert messages[0] == "the archive holds no article page (empty archive)"
    assert publish_problems(tmp_path / "nothing")[0].message.startswith("no built site")


def test_data_blocks_and_escaped_text_are_not_inline_code():
    assert inline_code(SITE) == []
