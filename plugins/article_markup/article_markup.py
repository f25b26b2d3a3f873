"""Template filters for the article page: captions as figures, reading time, JSON-LD.

The importer marks photo captions ``{: .caption }`` (a ``<p class="caption">``) because the raw
texts carry no images; on the page a caption is a ``<figure>`` with a ``<figcaption>``, so
assistive technology announces it as a caption and not as running text.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup
from pelican import signals

DEFAULTS: dict[str, Any] = {
    # Reading speed used for "N phút đọc".
    "ARTICLE_MARKUP_WORDS_PER_MINUTE": 200,
    # Article attributes listed by kind on the page; other tags are shown as plain topics.
    "ARTICLE_MARKUP_ENTITY_ATTRIBUTES": ["people", "places", "organisations", "documents"],
}

_CAPTION = re.compile(r'<p class="caption">(.*?)</p>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def figure_captions(content: str) -> Markup:
    """``<p class="caption">X</p>`` -> ``<figure class="caption"><figcaption>X</figcaption>``."""
    return Markup(
        _CAPTION.sub(r'<figure class="caption"><figcaption>\1</figcaption></figure>', content)
    )


def reading_minutes(content: str, words_per_minute: int = 200) -> int:
    """Whole minutes to read the text of an HTML fragment, at least 1."""
    words = len(html.unescape(_TAG.sub(" ", content)).split())
    return max(1, math.ceil(words / words_per_minute))


def _text(value: Any) -> str:
    return html.unescape(_TAG.sub("", str(value))).strip()


def _absolute(siteurl: str, path: str) -> str:
    return f"{siteurl}/{path}" if siteurl else f"/{path}"


def news_article(article: Any, siteurl: str = "", sitename: str = "") -> dict[str, Any]:
    """The schema.org NewsArticle of an article, as a dict ready for JSON."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": _text(article.title),
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "url": _absolute(siteurl, article.url),
        "mainEntityOfPage": _absolute(siteurl, article.url),
        "inLanguage": "vi",
    }
    summary = getattr(article, "summary", "")
    if summary:
        data["description"] = _text(summary)
    authors = getattr(article, "authors", None) or []
    if authors:
        data["author"] = [
            {"@type": "Person", "name": _text(a), "url": _absolute(siteurl, a.url)} for a in authors
        ]
    source = getattr(article, "source", None)
    publisher_name = _text(source) if source else _text(sitename)
    data["publisher"] = {"@type": "Organization", "name": publisher_name}
    source_url = getattr(article, "source_url", None)
    if source_url:
        data["isBasedOn"] = str(source_url)
    category = getattr(article, "category", None)
    if category:
        data["articleSection"] = _text(category)
    tags = getattr(article, "tags", None) or []
    if tags:
        data["keywords"] = [_text(t) for t in tags]
    return data


def news_article_jsonld(article: Any, siteurl: str = "", sitename: str = "") -> Markup:
    """JSON-LD text safe inside ``<script>``: ``<``, ``>`` and ``&`` are escaped."""
    text = json.dumps(news_article(article, siteurl, sitename), ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def other_tags(tags: Iterable[Any], article: Any, attributes: Iterable[str] | None = None) -> list:
    """Tags of the article that are none of its entities (shown as plain topics)."""
    attributes = attributes or DEFAULTS["ARTICLE_MARKUP_ENTITY_ATTRIBUTES"]
    names = {
        str(item).casefold()
        for attr in attributes
        for item in (getattr(article, attr, None) or [])
        if not isinstance(getattr(article, attr, None), str)
    }
    return [tag for tag in tags if str(tag).casefold() not in names]


def install(generator: Any) -> None:
    """Add the filters to one generator's Jinja environment."""
    settings = generator.settings
    wpm = int(
        settings.get("ARTICLE_MARKUP_WORDS_PER_MINUTE", DEFAULTS["ARTICLE_MARKUP_WORDS_PER_MINUTE"])
    )
    attributes = settings.get(
        "ARTICLE_MARKUP_ENTITY_ATTRIBUTES", DEFAULTS["ARTICLE_MARKUP_ENTITY_ATTRIBUTES"]
    )
    generator.env.filters.update(
        {
            "figure_captions": figure_captions,
            "reading_minutes": lambda content: reading_minutes(content, wpm),
            "news_article_jsonld": news_article_jsonld,
            "other_tags": lambda tags, article: other_tags(tags, article, attributes),
        }
    )


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.generator_init.connect(install)
