"""Captions become figures, reading time is whole minutes, JSON-LD is safe and complete."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from .article_markup import figure_captions, news_article_jsonld, other_tags, reading_minutes

VN = timezone(timedelta(hours=7))


class Name(str):
    """A str with a url, like Pelican's URL objects when printed."""

    url = "tac-gia/x.html"


def test_captions_become_figures_and_other_paragraphs_stay():
    html = '<p class="lead">Lead</p>\n<p class="caption">Đồng chí A phát biểu.</p>\n<p>Text</p>'
    out = figure_captions(html)
    assert '<figure class="caption"><figcaption>Đồng chí A phát biểu.</figcaption></figure>' in out
    assert '<p class="lead">Lead</p>' in out and "<p>Text</p>" in out


def test_reading_minutes_rounds_up_and_is_at_least_one():
    assert reading_minutes("<p>một hai</p>") == 1
    assert reading_minutes("<p>" + "chữ " * 401 + "</p>", words_per_minute=200) == 3


def test_json_ld_is_a_news_article_and_cannot_close_its_script():
    article = SimpleNamespace(
        title="Tiêu đề &amp; &lt;/script&gt;",  # titles arrive HTML-escaped
        date=datetime(2023, 9, 18, 22, 29, tzinfo=VN),
        modified=None,
        url="2023/09/a.html",
        summary="<p>Tóm tắt</p>",
        authors=[Name("Thanh Thy")],
        source=Name("Báo Cần Thơ"),
        source_url=None,
        category=Name("Xây dựng Đảng"),
        tags=[Name("Cần Thơ")],
    )
    text = str(news_article_jsonld(article, "https://example.vn", "Lưu trữ"))
    assert "</script>" not in text
    data = json.loads(text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tiêu đề & </script>"
    assert data["datePublished"] == data["dateModified"] == "2023-09-18T22:29:00+07:00"
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Thanh Thy",
        "url": "https://example.vn/tac-gia/x.html",
    }
    assert data["publisher"]["name"] == "Báo Cần Thơ"
    assert data["articleSection"] == "Xây dựng Đảng"
    assert data["url"] == "https://example.vn/2023/09/a.html"


def test_other_tags_are_those_of_no_entity_kind():
    article = SimpleNamespace(people=[Name("A")], places=[Name("B")])
    assert other_tags([Name("A"), Name("B"), Name("C")], article) == ["C"]
