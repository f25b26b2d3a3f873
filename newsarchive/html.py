"""Saved HTML pages of articles -> the article's text lines and the page's own metadata.

A saved page says more than its text: ``<title>``, ``og:*``, ``article:published_time``, a JSON-LD
``NewsArticle``, ``<time datetime>``, a byline element, a breadcrumb. We read those with
beautifulsoup4, find the element that holds the article, and hand its text on as lines, to be
cleaned by the same rules as a plain-text dump. Scripts, styles and every tag are dropped: what
reaches the archive is text, never markup from the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BlogPosting",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "WebPage",
    }
)
# Elements that never hold article text.
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "form",
    "button",
    "nav",
    "header",
    "footer",
    "aside",
    "select",
    "input",
    "object",
    "embed",
    "canvas",
)
# Class or id words of page furniture inside the article element.
FURNITURE_CLASS = re.compile(
    r"(?:^|[-_\s])(?:share|social|sharing|related|relate|comment|comments|tags?|breadcrumbs?|banner|"
    r"advert|ads?|menu|sidebar|footer|header|nav|tinlienquan|lienquan|most-?read|popular|"
    r"newsletter|print|toolbar|rating|author-box|widget|weather|box-news|other-news|tin-khac|"
    r"views?|view-count|luot-?xem|counter|hits)(?:$|[-_\s])",
    re.IGNORECASE,
)
# Elements that hold the article on Vietnamese news sites and in common CMS themes.
CONTAINER_CLASSES = frozenset(
    {
        "article-content", "article__body", "article-body", "detail-content", "content-detail",
        "detail__content", "fck_detail", "entry-content", "post-content", "news-content",
        "cms-body", "content-news", "noidung", "news-detail", "article__content", "detail-body",
    }
)  # fmt: skip
CONTAINER_TAGS = frozenset({"article", "main"})
BLOCK_TAGS = (
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "li",
    "blockquote",
    "pre",
    "td",
    "dd",
    "dt",
)
LEAD_CLASS = re.compile(r"sapo|chapeau|article-lead|lead|summary|tom-?tat|desc", re.IGNORECASE)
DATE_CLASS = re.compile(r"date|time|publish|ngay|thoigian", re.IGNORECASE)
BYLINE_CLASS = re.compile(r"author|byline", re.IGNORECASE)
BREADCRUMB_CLASS = re.compile(r"breadcrumb", re.IGNORECASE)
_CRUMB_NAMES = frozenset({"a", "li", "span"})
JSON_LD = "application/ld+json"
# lxml parses ten times faster than Python's html.parser and copes with broken pages as well.
PARSER = "lxml"
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


@dataclass
class Page:
    """What a saved page says about its article, besides the text."""

    title: str | None = None
    title_parts: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    section: str | None = None
    url: str | None = None
    description: str | None = None
    headings: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


_DROP_NAMES = frozenset(DROP_TAGS)
_BLOCK_NAMES = frozenset(BLOCK_TAGS)


def _tags(root: Tag, names: str | frozenset[str] | None = None) -> list[Tag]:
    """The tags under ``root`` named ``names`` (one name or a set; None: all), in document order:
    ``root.find_all(names)`` by a plain walk, as bs4's filters cost more than parsing the page."""
    if names is None:
        return [t for t in root.descendants if isinstance(t, Tag)]
    if isinstance(names, str):
        return [t for t in root.descendants if isinstance(t, Tag) and t.name == names]
    return [t for t in root.descendants if isinstance(t, Tag) and t.name in names]


def _values_match(value: object, test: Callable[[str], bool]) -> bool:
    """How bs4's ``find(attrs={attribute: ...})`` matches an attribute's value: a multi-valued
    one (``class``, ``rel``) matches if one of its values does, or all of them joined by spaces;
    an absent one never."""
    if value is None:
        return False
    values = value if isinstance(value, list) else [value]
    if any(test(v) for v in values):
        return True
    return len(values) != 1 and test(" ".join(values))


def _class_matches(tag: Tag, pattern: re.Pattern[str]) -> bool:
    """``tag`` would be found by ``find(attrs={"class": pattern})``."""
    return _values_match(tag.get("class"), lambda v: pattern.search(v) is not None)


def _attribute_is(tag: Tag, attribute: str, wanted: str) -> bool:
    """``tag`` would be found by ``find(attrs={attribute: wanted})``."""
    return _values_match(tag.get(attribute), lambda v: v == wanted)


def looks_like_html(text: str) -> bool:
    """A text dump that is really a saved page (some scrapers save pages as .txt)."""
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _json_ld_articles(tags: list[Tag]) -> list[dict]:
    found: list[dict] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kinds = node.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(k in ARTICLE_TYPES for k in kinds if isinstance(k, str)):
                found.append(node)
            if "@graph" in node:
                walk(node["@graph"])

    scripts = [t for t in tags if t.name == "script" and _attribute_is(t, "type", JSON_LD)]
    for script in scripts:
        try:
            walk(json.loads(script.string or ""))
        except (json.JSONDecodeError, TypeError):
            continue
    # A NewsArticle says more than the WebPage around it.
    found.sort(key=lambda node: node.get("@type") == "WebPage")
    return found


_META_KEYS = ("property", "name", "itemprop")
MetaIndex = dict[tuple[str, str], Tag]


def _meta_index(tags: list[Tag]) -> MetaIndex:
    """The first ``<meta>`` of the page for each ``property``, ``name`` and ``itemprop`` value.

    One walk of the page, where asking ``soup.find`` for each name walked it three times a name.
    """
    index: MetaIndex = {}
    for tag in (t for t in tags if t.name == "meta"):
        for attribute in _META_KEYS:
            value = tag.get(attribute)
            if isinstance(value, str):
                index.setdefault((attribute, value), tag)
    return index


def _meta(index: MetaIndex, *names: str) -> str | None:
    """The content of the first of ``names`` that the page's meta tags give, by property, then
    name, then itemprop."""
    for name in names:
        tag = next(
            (index[(key, name)] for key in _META_KEYS if (key, name) in index),
            None,
        )
        if tag is not None and tag.get("content"):
            return str(tag["content"]).strip()
    return None


def _text(tag: Tag | None) -> str | None:
    if not isinstance(tag, Tag):
        return None
    text = tag.get_text(" ", strip=True)
    return text or None


def _is_furniture(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    words = " ".join([*tag.get("class", []), str(tag.get("id", ""))])
    return bool(words.strip()) and bool(FURNITURE_CLASS.search(words))


def _is_container(tag: Tag) -> bool:
    if (
        tag.name in CONTAINER_TAGS
        or tag.get("itemprop") == "articleBody"
        or tag.get("id") == "content"
    ):
        return True
    return any(c in CONTAINER_CLASSES for c in tag.get("class") or ())


def _container(soup: BeautifulSoup) -> Tag:
    candidates = [t for t in _tags(soup) if _is_container(t)]
    if not candidates:
        return soup.body or soup

    def weight(tag: Tag) -> int:
        return sum(len(p.get_text(strip=True)) for p in _tags(tag, "p"))

    best = max(candidates, key=weight)
    return best if weight(best) else (soup.body or soup)


_LINE_BREAK = "\u2028"  # a <br>, kept through get_text(); normalize_text splits on it


def _block_text(block: Tag, nested: bool) -> str:
    """The text of a block; of a block holding other blocks (an old layout's <td>), only its own."""
    if nested:
        parts = [str(s) for s in block.find_all(string=True, recursive=False)]
        text = " ".join(parts)
    else:
        text = block.get_text(" ")
    return _LINE_BREAK.join(" ".join(part.split()) for part in text.split(_LINE_BREAK)).strip()


def _holds_block(tag: Tag) -> bool:
    """True when a block holds other blocks (``tag.find(BLOCK_TAGS)``, without bs4's filters)."""
    return any(isinstance(d, Tag) and d.name in _BLOCK_NAMES for d in tag.descendants)


def _lines(container: Tag, page: Page) -> list[str]:
    """The container's text, a line per block (paragraph, heading, caption, list item)."""
    for br in _tags(container, "br"):
        br.replace_with(_LINE_BREAK)
    blocks = _tags(container, _BLOCK_NAMES)
    if not blocks:
        return container.get_text("\n").replace(_LINE_BREAK, "\n").split("\n")
    lines: list[str] = []
    for block in blocks:
        nested = _holds_block(block)
        text = _block_text(block, nested)
        if not text.strip(_LINE_BREAK + " "):
            continue
        if block.name in ("h2", "h3", "h4", "h5", "h6"):
            page.headings.append(text)
        elif block.name == "figcaption" or (
            block.name == "p" and any(p.name == "figure" for p in block.parents)
        ):
            page.captions.append(text)
        lines.extend(["", *text.split(_LINE_BREAK)])
    return lines


def read_page(html: str) -> Page:
    """The article text and metadata of one saved page."""
    soup = BeautifulSoup(html, PARSER)
    # Every tag of the page as parsed, walked once for all the questions asked before the page
    # is cut down (bs4's find() walks it again for each, and its filters cost more than the walk).
    tags = _tags(soup)
    metas = _meta_index(tags)
    page = Page()

    for node in _json_ld_articles(tags):
        page.title = page.title or (node.get("headline") or None)
        page.published = page.published or node.get("datePublished")
        page.modified = page.modified or node.get("dateModified")
        page.authors = page.authors or _names(node.get("author"))
        page.source = page.source or next(iter(_names(node.get("publisher"))), None)
        section = node.get("articleSection")
        if isinstance(section, list):
            section = section[0] if section else None
        page.section = page.section or section
        page.url = page.url or node.get("url") or None

    h1 = _text(next((t for t in tags if t.name == "h1"), None))
    page.title = page.title or _meta(metas, "og:title", "twitter:title") or h1
    if not page.title:
        # <title> is "headline - site" or "site - section": its parts are only candidates.
        title = _text(next((t for t in tags if t.name == "title"), None))
        page.title_parts = [p for p in _TITLE_SPLIT.split(title) if p] if title else []
    page.published = page.published or _meta(
        metas, "article:published_time", "datePublished", "pubdate", "dc.date", "date"
    )
    if not page.published:
        time_tag = next(
            (t for t in tags if t.name == "time" and t.get("datetime") is not None), None
        )
        page.published = str(time_tag["datetime"]) if isinstance(time_tag, Tag) else None
    if not page.published:
        # A date printed in an element named for it: <span class="date">05/09/2023 - 06:10</span>.
        for tag in (t for t in tags if _class_matches(t, DATE_CLASS)):
            text = tag.get_text(" ", strip=True)
            if any(c.isdigit() for c in text) and len(text) <= 80:
                page.published = text
                break
    page.modified = page.modified or _meta(metas, "article:modified_time", "dateModified")
    page.source = page.source or _meta(metas, "og:site_name", "application-name")
    page.section = page.section or _meta(metas, "article:section")
    canonical = next(
        (t for t in tags if t.name == "link" and _attribute_is(t, "rel", "canonical")), None
    )
    page.url = (
        page.url
        or (
            str(canonical["href"]) if isinstance(canonical, Tag) and canonical.get("href") else None
        )
        or _meta(metas, "og:url")
    )
    page.description = _meta(metas, "og:description", "description")
    if not page.authors:
        author = _meta(metas, "author", "article:author")
        byline = next((t for t in tags if _class_matches(t, BYLINE_CLASS)), None) or next(
            (t for t in tags if _attribute_is(t, "rel", "author")), None
        )
        name = author or _text(byline if isinstance(byline, Tag) else None)
        page.authors = [name] if name else []
    if not page.section:
        crumbs = next((t for t in tags if _class_matches(t, BREADCRUMB_CLASS)), None)
        if isinstance(crumbs, Tag):
            items = [t.get_text(" ", strip=True) for t in _tags(crumbs, _CRUMB_NAMES)]
            items = [i for i in items if i]
            page.section = items[-1] if items else None

    for tag in (t for t in tags if t.name in _DROP_NAMES):
        tag.decompose()
    container = _container(soup)
    lead = _lead_outside(soup, container)
    _drop_furniture(container)
    page.lines = _lines(container, page)
    if lead:
        page.lines[:0] = ["", lead]
    return page


def _drop_furniture(container: Tag) -> None:
    """Remove the share bars, related lists and widgets inside the article element.

    A tag inside one already removed is passed over. (bs4's ``tag.decomposed`` would say so,
    but asking a live tag for it searches the tag's whole subtree for a child named
    ``_decomposed``.)
    """
    removed: set[int] = set()
    for tag in _tags(container):
        if id(tag) in removed or not _is_furniture(tag):
            continue
        removed.update(id(d) for d in tag.descendants)
        tag.decompose()


def _lead_outside(soup: BeautifulSoup, container: Tag) -> str | None:
    """The lead ("sapo") that many sites print above the article's body element."""
    for tag in (t for t in _tags(soup) if _class_matches(t, LEAD_CLASS)):
        if tag is container or container in tag.parents or tag in container.parents:
            continue
        if any(parent is container for parent in tag.parents):
            continue
        text = " ".join(tag.get_text(" ").split())
        if len(text) >= 40:
            return text
    return None
