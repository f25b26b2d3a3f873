"""Pages numbered from the oldest keep their articles, and their URLs, as the list grows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pelican import writers
from pelican.paginator import PaginationRule, Paginator

from .stable_pagination import StablePaginator, install, make_paginator

# The project's patterns (pelicanconf.py): the list's own URL, then .../trang-N.html.
SETTINGS = {
    "DEFAULT_ORPHANS": 0,
    "PAGINATION_PATTERNS": [
        PaginationRule(1, "{url}", "{save_as}"),
        PaginationRule(2, "{base_name}/trang-{number}.html", "{base_name}/trang-{number}.html"),
    ],
}
# Headlines of a tag's list, newest first (from the sample articles).
HEADLINES = [
    "Phát huy vai trò tổ chức đảng cơ quan hội quần chúng",
    "Chỉ đạo tổ chức cơ sở đảng thực hiện tốt nhiệm vụ",
    "Tăng cường công tác xây dựng Đảng",
    "Phát huy vai trò của đoàn thể",
    "Cần Thơ sơ kết Quy định 171-QĐ/TW",
]


def pages(items: list, per_page: int) -> list:
    """Every page of a tag's list, newest first, as the writer asks for them."""
    paginator = StablePaginator("chu-de/dang.html", "chu-de/dang.html", items, SETTINGS, per_page)
    return [paginator.page(place) for place in range(1, paginator.num_pages + 1)]


def test_pages_other_than_the_newest_keep_their_articles_as_the_list_grows():
    for count in range(1, 60):
        newest_first = list(range(count, 0, -1))  # 1 is the oldest article, ``count`` the newest
        grown = [count + 1, *newest_first]
        before = {p.number: (p.url, p.object_list) for p in pages(newest_first, 5)[1:]}
        after = {p.number: (p.url, p.object_list) for p in pages(grown, 5)}
        assert all(after[number] == kept for number, kept in before.items())


def test_every_article_is_on_one_page_and_the_newest_page_takes_the_rest():
    for count in range(0, 40):
        newest_first = list(range(count, 0, -1))
        listed = pages(newest_first, 5)
        assert [a for p in listed for a in p.object_list] == newest_first
        assert all(len(p.object_list) == 5 for p in listed[1:])
        newest = len(listed[0].object_list)
        assert newest == count if count < 10 else 5 <= newest < 10
        # Page 1 holds the oldest articles.
        assert [p.number for p in listed] == list(range(len(listed), 0, -1))


def test_urls_newest_at_the_list_url_then_numbered_from_the_oldest():
    newest, middle, oldest = pages([*HEADLINES, "Bài 6", "Bài 7"], 2)
    assert [newest.url, middle.url, oldest.url] == [
        "chu-de/dang.html",
        "chu-de/dang/trang-2.html",
        "chu-de/dang/trang-1.html",
    ]
    assert oldest.save_as == "chu-de/dang/trang-1.html"
    assert oldest.object_list == ["Bài 6", "Bài 7"]
    assert {p.newest_url for p in (newest, middle, oldest)} == {"chu-de/dang.html"}
    assert {p.oldest_url for p in (newest, middle, oldest)} == {"chu-de/dang/trang-1.html"}
    # Pelican's "previous" is the newer page, "next" the older one.
    assert (newest.has_previous(), newest.has_next()) == (False, True)
    assert (middle.has_previous(), middle.has_next()) == (True, True)
    assert (oldest.has_previous(), oldest.has_next()) == (True, False)
    assert [middle.previous_page_number(), middle.next_page_number()] == [3, 1]
    assert [(p.start_index(), p.end_index()) for p in (newest, middle, oldest)] == [
        (1, 3),
        (4, 5),
        (6, 7),
    ]


def test_a_short_list_is_one_page_at_its_own_url():
    (only,) = pages(HEADLINES[:3], 5)
    assert (only.url, only.object_list) == ("chu-de/dang.html", HEADLINES[:3])
    assert not only.has_other_pages()
    assert only.oldest_url == only.newest_url == "chu-de/dang.html"
    (empty,) = pages([], 5)
    assert (empty.object_list, empty.start_index()) == ([], 0)
    with pytest.raises(IndexError):
        StablePaginator("index.html", "index.html", HEADLINES, SETTINGS, 2).page(3)


def test_only_builds_with_the_plugin_get_stable_pages(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(writers, "Paginator", writers.Paginator)
    assert type(make_paginator("index.html", "", HEADLINES, SETTINGS, 2)) is Paginator

    build = SimpleNamespace(settings=dict(SETTINGS))
    install(build)
    made = writers.Paginator("index.html", "", HEADLINES, build.settings, 2)
    assert isinstance(made, StablePaginator)
    assert type(writers.Paginator("index.html", "", HEADLINES, SETTINGS, 2)) is Paginator
