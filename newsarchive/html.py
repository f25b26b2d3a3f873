"""Saved HTML pages of articles -> the article's text lines and the page's own metadata.

A saved page says more than its text: ``<title>``, ``og:*``, ``article:published_time``, a JSON-LD
``NewsArticle``, ``<time datetime>``, a byline element, a breadcrumb. We read those with lxml,
find the element that holds the article, and hand its text on as lines, to be cleaned by the same
rules as a plain-text dump. Scripts, styles and every tag are dropped: what reaches the archive is
text, never markup from the page.

The page was read with beautifulsoup4 on lxml until lxml alone took over, three times faster;
every line and field comes out as bs4 gave it (checked page by page over the benchmark corpus
and hostile pages), so an archive imported before the change reads the same after it. That is
why some rules below look like bs4's rather than lxml's: text is the strings bs4 would see (the
pieces of text between tags and comments, a ``<br>`` in the article as a line break of its own),
``class`` and a link's ``rel`` are lists of words, and the text of ``<script>``, ``<style>``,
``<template>``, ``<rt>`` and ``<rp>`` counts only for the element itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

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

# A page's tree: lxml's own (``etree._Element``) or, for the few pages lxml's tree builder gives
# up on, ``_Node``s rebuilt from the parser's events. Both answer the same questions.
Element = Any

# Tags whose text is a kind of its own, seen only by a get_text() on that tag (bs4's "string
# containers"): the text of a <script> inside an <h1> is not the headline's.
_STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})
_PRESERVE_WHITESPACE = frozenset({"pre", "textarea"})
_ASCII_SPACES = " \n\t\x0c\r"
# Attributes that hold a list of words, on every tag and on some.
_WORD_LISTS = frozenset({"class", "accesskey", "dropzone"})
_WORD_LISTS_OF: dict[str, frozenset[str]] = {
    "a": frozenset({"rel", "rev"}),
    "link": frozenset({"rel", "rev"}),
    "td": frozenset({"headers"}),
    "th": frozenset({"headers"}),
    "form": frozenset({"accept-charset"}),
    "object": frozenset({"archive"}),
    "area": frozenset({"rel"}),
    "icon": frozenset({"sizes"}),
    "iframe": frozenset({"sandbox"}),
    "output": frozenset({"for"}),
}
# What a removed element becomes: an empty element of a name no rule asks about (and the parser,
# which lower-cases names, never gives). Keeping it in place keeps the text before and after it
# two strings, as bs4's decompose() left them.
_REMOVED = "REMOVED"
# lxml's tree builder stops (and drops the rest of the page) past 256 levels of elements or on
# a text of 10 MB; the parser's events go on. Such pages are rebuilt from the events.
_MAX_DEPTH = 256
_TOO_DEEP = etree.XPath("boolean(" + "/*" * _MAX_DEPTH + ")")
_MAX_TREE_CHARS = 10_000_000 // 4  # four bytes of UTF-8 at most a character
_DOCTYPE = re.compile(r"<!doctype", re.IGNORECASE)
_DOCUMENT = "document"  # the root of a rebuilt page, standing for the page itself


def _is_element(node: Element) -> bool:
    """An element, not a comment, processing instruction or doctype."""
    return isinstance(node.tag, str)


class _Node:
    """One node of a page rebuilt from the parser's events, with the part of lxml's element API
    that this module uses (an element's ``tag`` is its name; a comment's is ``etree.Comment``).

    Python-made lxml elements refuse text with control characters, which pages do hold."""

    __slots__ = ("attrib", "children", "parent", "tag", "tail", "text")

    def __init__(self, tag: Any, attrib: dict[str, str] | None = None) -> None:
        self.tag = tag
        self.attrib = attrib or {}
        self.text: str | None = None
        self.tail: str | None = None
        self.children: list[_Node] = []
        self.parent: _Node | None = None

    def append(self, child: _Node) -> None:
        child.parent = self
        self.children.append(child)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrib.get(name, default)

    def __iter__(self) -> Iterator[_Node]:
        return iter(self.children)

    def __reversed__(self) -> Iterator[_Node]:
        return reversed(self.children)

    def __len__(self) -> int:
        return len(self.children)

    def getparent(self) -> _Node | None:
        return self.parent

    def iterancestors(self, *tags: Any) -> Iterator[_Node]:
        node = self.parent
        while node is not None:
            if _matches(node, tags):
                yield node
            node = node.parent

    def iterdescendants(self, *tags: Any) -> Iterator[_Node]:
        """Descendants in document order (by a stack: pages nest thousands of levels deep)."""
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if _matches(node, tags):
                yield node
            stack.extend(reversed(node.children))

    def iter(self, *tags: Any) -> Iterator[_Node]:
        if _matches(self, tags):
            yield self
        yield from self.iterdescendants(*tags)

    def clear(self, keep_tail: bool = False) -> None:
        for child in self.children:
            child.parent = None
        self.children = []
        self.attrib = {}
        self.text = None
        if not keep_tail:
            self.tail = None


def _matches(node: _Node, tags: tuple[Any, ...]) -> bool:
    """``node`` is one of ``tags`` (names, or ``etree.Element`` for any element; none: any node)."""
    return not tags or node.tag in tags or (etree.Element in tags and _is_element(node))


class _Events:
    """lxml parser target: the page as a tree of ``_Node``s, built from the parser's events the
    way bs4 built its tree from them (a doctype inside the page is a node between two strings)."""

    def __init__(self) -> None:
        self.document = _Node(_DOCUMENT)
        self.open = [self.document]
        self.pending: list[str] = []

    def _flush(self) -> None:
        if not self.pending:
            return
        text = "".join(self.pending)
        self.pending = []
        parent = self.open[-1]
        last = parent.children[-1] if parent.children else None
        if (last.tail if last is not None else parent.text) is not None:
            last = _Node(_REMOVED)  # two strings in a row stay two strings
            parent.append(last)
        if last is None:
            parent.text = text
        else:
            last.tail = text

    def _leaf(self, tag: Any, text: str) -> None:
        self._flush()
        node = _Node(tag)
        node.text = text
        self.open[-1].append(node)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self._flush()
        node = _Node(tag, dict(attrib))
        self.open[-1].append(node)
        self.open.append(node)

    def end(self, tag: str) -> None:
        self._flush()
        # The most recent open element of that name closes, with those opened after it.
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                break

    def data(self, text: str) -> None:
        self.pending.append(text)

    def comment(self, text: str) -> None:
        self._leaf(etree.Comment, text)

    def pi(self, target: str, data: str) -> None:
        self._leaf(etree.PI, f"{target} {data}")

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        value = name or ""
        if pubid is not None:
            value += f' PUBLIC "{pubid}"' + (f' "{system}"' if system is not None else "")
        elif system is not None:
            value += f' SYSTEM "{system}"'
        self._leaf(etree.Comment, value)

    def close(self) -> _Node:
        self._flush()
        return self.document


def _parse(html: str) -> tuple[Element, list[Element]]:
    """The page's tree and its elements: lxml's tree, or one rebuilt from the parser's events
    where lxml's would not be the tree bs4 built.

    Both come from the same parse (one feed of the whole text, as bs4 fed it), and lxml's own
    tree, three times quicker to build, is the same tree on all but odd pages: it keeps no text
    outside <html> (all the text of a page without a <body>) and no doctype inside the page, and
    it stops at its size limits."""
    if html.startswith("\ufeff"):
        html = html[1:]
    if len(html) <= _MAX_TREE_CHARS and not _doctype_inside(html):
        parser = etree.HTMLParser()
        parser.feed(html)
        root = parser.close()
        if root is not None and root.find("body") is not None:
            tags = _elements(root)
            if len(tags) < _MAX_DEPTH or not _TOO_DEEP(root):
                return root, tags
    events = etree.HTMLParser(target=_Events())
    events.feed(html)
    root = events.close()
    return root, _elements(root)


def _doctype_inside(html: str) -> bool:
    """A doctype anywhere but at the start of the page (rare, and a string of its own)."""
    first = _DOCTYPE.search(html)
    if first is None:
        return False
    return bool(html[: first.start()].strip()) or _DOCTYPE.search(html, first.end()) is not None


def _elements(root: Element) -> list[Element]:
    """Every element of the page, in document order.

    A rebuilt page's root stands for the page and is not one. lxml's root is the first <html>;
    a page with a stray ``</html>`` has a second one after it, and bs4 read that too."""
    if isinstance(root, _Node):
        return list(root.iterdescendants(etree.Element))
    before = list(root.itersiblings(preceding=True))
    first = before[-1] if before else root
    tops = [first, *first.itersiblings()]
    return [tag for top in tops for tag in top.iter(etree.Element)]


def _descendants(root: Element, names: str | frozenset[str] | None = None) -> list[Element]:
    """The elements under ``root`` named ``names`` (one name or a set; None: all)."""
    tags = root.iterdescendants(etree.Element)
    if names is None:
        return list(tags)
    if isinstance(names, str):
        return [t for t in tags if t.tag == names]
    return [t for t in tags if t.tag in names]


def _attribute(tag: Element, name: str) -> str | list[str] | None:
    """An attribute's value; one that holds words (``class``, a link's ``rel``) as their list."""
    value = tag.get(name)
    if value is not None and (name in _WORD_LISTS or name in _WORD_LISTS_OF.get(tag.tag, ())):
        return value.split()
    return value


def _classes(tag: Element) -> list[str]:
    value = tag.get("class")
    return value.split() if value else []


def _values_match(value: object, test: Callable[[str], bool]) -> bool:
    """How a search for an attribute's value matched it: a list of words matches if one of its
    words does, or all of them joined by spaces; an absent attribute never."""
    if value is None:
        return False
    values = value if isinstance(value, list) else [value]
    if any(test(v) for v in values):
        return True
    return len(values) != 1 and test(" ".join(values))


def _class_matches(tag: Element, pattern: re.Pattern[str]) -> bool:
    """One of ``tag``'s classes, or all of them, matches ``pattern`` (``_values_match``, written
    out: it is asked of every element of the page)."""
    value = tag.get("class")
    if value is None:
        return False
    words = value.split()
    if any(pattern.search(word) for word in words):
        return True
    return len(words) != 1 and pattern.search(" ".join(words)) is not None


def _attribute_is(tag: Element, attribute: str, wanted: str) -> bool:
    """``tag``'s ``attribute`` is ``wanted`` (or, for a list of words, holds it)."""
    return _values_match(_attribute(tag, attribute), lambda v: v == wanted)


def _kind(tag: Element) -> str | None:
    """Which kind of string the text right inside ``tag`` is: the name of the nearest string
    container it is in, or None for plain text."""
    if tag.tag in _STRING_CONTAINERS:
        return tag.tag
    return next((a.tag for a in tag.iterancestors(*_STRING_CONTAINERS)), None)


def _strings(tag: Element, breaks: bool = False, collapse: bool = False) -> list[str]:
    """The strings of ``tag``'s text, in order: the ones its get_text() joined.

    Only strings of ``tag``'s own kind count (plain text; of a <script> or <rt>, its own text),
    never a comment. ``breaks``: each <br> is a string of one line break (in the article's element,
    where the lines are read). ``collapse``: a string of ASCII white space alone becomes one
    newline or one space, outside <pre> and <textarea>, as bs4 stored it."""
    if not collapse and _plain(tag, breaks):
        return list(tag.itertext())
    wanted = tag.tag if tag.tag in _STRING_CONTAINERS else None
    preserve = collapse and (
        tag.tag in _PRESERVE_WHITESPACE
        or any(a.tag in _PRESERVE_WHITESPACE for a in tag.iterancestors())
    )
    out: list[str] = []
    stack: list[Any] = [(tag, _kind(tag), preserve)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        node, kind, keep = item
        if node.text and kind == wanted:
            out.append(node.text if keep or not collapse else _collapsed(node.text))
        for child in reversed(node):
            if child.tail and kind == wanted:
                stack.append(child.tail if keep or not collapse else _collapsed(child.tail))
            name = child.tag
            if not isinstance(name, str):
                continue
            if breaks and name == "br":
                if wanted is None:
                    stack.append(_LINE_BREAK)
                continue
            stack.append(
                (
                    child,
                    name if name in _STRING_CONTAINERS else kind,
                    keep or name in _PRESERVE_WHITESPACE,
                )
            )
    return out


def _plain(tag: Element, breaks: bool) -> bool:
    """``tag`` is an lxml element whose strings are all plain text, with no <br> to stand for a
    line break: lxml's own itertext() gives them, several times quicker than a walk in Python."""
    if isinstance(tag, _Node):
        return False
    special = (*_STRING_CONTAINERS, "br") if breaks else _STRING_CONTAINERS
    return (
        next(tag.iter(*special), None) is None
        and next(tag.iterancestors(*_STRING_CONTAINERS), None) is None
    )


def _collapsed(text: str) -> str:
    """A string of ASCII white space alone as one newline or one space; others as they are."""
    if text.strip(_ASCII_SPACES):
        return text
    return "\n" if "\n" in text else " "


def _own_strings(tag: Element) -> list[str]:
    """The strings right inside ``tag``, comments and doctypes too, with each <br> a line break."""
    out = [tag.text] if tag.text else []
    for child in tag:
        if child.tag == "br":
            out.append(_LINE_BREAK)
        elif not _is_element(child):
            out.append(_node_string(child))
        if child.tail:
            out.append(child.tail)
    return out


def _node_string(node: Element) -> str:
    """The string a comment, processing instruction or doctype was to bs4."""
    if node.tag is etree.PI and not isinstance(node, _Node):
        return f"{node.target} {node.text or ''}"
    return node.text or ""


def _string(tag: Element) -> str | None:
    """The one string ``tag`` holds (a script's JSON), or None when it holds none or several."""
    contents: list[Any] = [tag.text] if tag.text else []
    for child in tag:
        contents.append(child)
        if child.tail:
            contents.append(child.tail)
    if len(contents) != 1:
        return None
    only = contents[0]
    if isinstance(only, str):
        return only
    return _string(only) if _is_element(only) else _node_string(only)


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


def _json_ld_articles(tags: list[Element]) -> list[dict]:
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

    scripts = [t for t in tags if t.tag == "script" and _attribute_is(t, "type", JSON_LD)]
    for script in scripts:
        try:
            walk(json.loads(_string(script) or ""))
        except (json.JSONDecodeError, TypeError):
            continue
    # A NewsArticle says more than the WebPage around it.
    found.sort(key=lambda node: node.get("@type") == "WebPage")
    return found


_META_KEYS = ("property", "name", "itemprop")
MetaIndex = dict[tuple[str, str], Element]


def _meta_index(tags: list[Element]) -> MetaIndex:
    """The first ``<meta>`` of the page for each ``property``, ``name`` and ``itemprop`` value,
    found in one walk of the page."""
    index: MetaIndex = {}
    for tag in (t for t in tags if t.tag == "meta"):
        for attribute in _META_KEYS:
            value = tag.get(attribute)
            if value is not None:
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
            return str(tag.get("content")).strip()
    return None


def _text(tag: Element | None) -> str | None:
    """``tag``'s strings, each stripped, joined by spaces; None when there is no text."""
    if tag is None:
        return None
    return " ".join(s for s in (s.strip() for s in _strings(tag)) if s) or None


def _is_furniture(tag: Element) -> bool:
    words = " ".join([*_classes(tag), tag.get("id", "")])
    return bool(words.strip()) and bool(FURNITURE_CLASS.search(words))


def _is_container(tag: Element) -> bool:
    if (
        tag.tag in CONTAINER_TAGS
        or tag.get("itemprop") == "articleBody"
        or tag.get("id") == "content"
    ):
        return True
    return any(c in CONTAINER_CLASSES for c in _classes(tag))


def _container(page: list[Element], default: Element) -> Element:
    """The element that holds the article: of those named for it, the one with the most text in
    paragraphs; else ``default`` (the <body>, or the whole page)."""
    candidates = [t for t in page if _is_container(t)]
    if not candidates:
        return default
    # Containers nest (<main><article><div class="content">): each paragraph is measured once.
    lengths: dict[Element, int] = {}

    def weight(tag: Element) -> int:
        plain = _plain(tag, breaks=False)
        paragraphs = _descendants(tag, "p")
        for p in paragraphs:
            if p not in lengths:
                strings = p.itertext() if plain else _strings(p)
                lengths[p] = sum(len(s.strip()) for s in strings)
        return sum(lengths[p] for p in paragraphs)

    weights = [weight(tag) for tag in candidates]
    best = max(range(len(candidates)), key=weights.__getitem__)
    return candidates[best] if weights[best] else default


_LINE_BREAK = "\u2028"  # a <br>, kept as a string of its own; normalize_text splits on it


def _block_text(block: Element, nested: bool, plain: bool) -> str:
    """The text of a block; of a block holding other blocks (an old layout's <td>), only its own.
    ``plain``: the block is in an element found ``_plain``."""
    if nested:
        strings = _own_strings(block)
    else:
        strings = list(block.itertext()) if plain else _strings(block, breaks=True)
    text = " ".join(strings)
    if _LINE_BREAK not in text:
        return " ".join(text.split())
    return _LINE_BREAK.join(" ".join(part.split()) for part in text.split(_LINE_BREAK)).strip()


def _holds_block(tag: Element) -> bool:
    """True when a block holds other blocks."""
    return next(tag.iterdescendants(*BLOCK_TAGS), None) is not None


def _lines(container: Element, page: Page) -> list[str]:
    """The container's text, a line per block (paragraph, heading, caption, list item)."""
    blocks = _descendants(container, _BLOCK_NAMES)
    if not blocks:
        text = "\n".join(_strings(container, breaks=True, collapse=True))
        return text.replace(_LINE_BREAK, "\n").split("\n")
    lines: list[str] = []
    plain = _plain(container, breaks=True)
    for block in blocks:
        nested = _holds_block(block)
        text = _block_text(block, nested, plain)
        if not text.strip(_LINE_BREAK + " "):
            continue
        if block.tag in ("h2", "h3", "h4", "h5", "h6"):
            page.headings.append(text)
        elif block.tag == "figcaption" or (
            block.tag == "p" and next(block.iterancestors("figure"), None) is not None
        ):
            page.captions.append(text)
        lines.extend(["", *text.split(_LINE_BREAK)])
    return lines


def _remove(tag: Element) -> None:
    """Take ``tag`` and all it holds out of the page, leaving an empty ``_REMOVED`` in its place
    (the text around it stays two strings)."""
    tag.clear(keep_tail=True)
    tag.tag = _REMOVED


def read_page(html: str) -> Page:
    """The article text and metadata of one saved page."""
    # Every element of the page as parsed, for all the questions asked before the page is cut
    # down.
    root, tags = _parse(html)
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

    h1 = _text(next((t for t in tags if t.tag == "h1"), None))
    page.title = page.title or _meta(metas, "og:title", "twitter:title") or h1
    if not page.title:
        # <title> is "headline - site" or "site - section": its parts are only candidates.
        title = _text(next((t for t in tags if t.tag == "title"), None))
        page.title_parts = [p for p in _TITLE_SPLIT.split(title) if p] if title else []
    page.published = page.published or _meta(
        metas, "article:published_time", "datePublished", "pubdate", "dc.date", "date"
    )
    if not page.published:
        time_tag = next(
            (t for t in tags if t.tag == "time" and t.get("datetime") is not None), None
        )
        page.published = str(time_tag.get("datetime")) if time_tag is not None else None
    if not page.published:
        # A date printed in an element named for it: <span class="date">05/09/2023 - 06:10</span>.
        for tag in (t for t in tags if _class_matches(t, DATE_CLASS)):
            text = _text(tag) or ""
            if any(c.isdigit() for c in text) and len(text) <= 80:
                page.published = text
                break
    page.modified = page.modified or _meta(metas, "article:modified_time", "dateModified")
    page.source = page.source or _meta(metas, "og:site_name", "application-name")
    page.section = page.section or _meta(metas, "article:section")
    canonical = next(
        (t for t in tags if t.tag == "link" and _attribute_is(t, "rel", "canonical")), None
    )
    page.url = (
        page.url
        or (str(canonical.get("href")) if canonical is not None and canonical.get("href") else None)
        or _meta(metas, "og:url")
    )
    page.description = _meta(metas, "og:description", "description")
    if not page.authors:
        author = _meta(metas, "author", "article:author")
        byline = next((t for t in tags if _class_matches(t, BYLINE_CLASS)), None)
        if byline is None:
            byline = next((t for t in tags if _attribute_is(t, "rel", "author")), None)
        name = author or _text(byline)
        page.authors = [name] if name else []
    if not page.section:
        crumbs = next((t for t in tags if _class_matches(t, BREADCRUMB_CLASS)), None)
        if crumbs is not None:
            items = [i for i in map(_text, _descendants(crumbs, _CRUMB_NAMES)) if i]
            page.section = items[-1] if items else None

    for tag in (t for t in tags if t.tag in _DROP_NAMES):
        _remove(tag)
    # What is left of the page, once; the <body> (or, without one, the whole page) holds the
    # article unless an element named for it does.
    left = _elements(root)
    body = next((t for t in left if t.tag == "body"), None)
    container = _container(left, root if body is None else body)
    lead = _lead_outside(left, container)
    _drop_furniture(container)
    page.lines = _lines(container, page)
    if lead:
        page.lines[:0] = ["", lead]
    return page


def _drop_furniture(container: Element) -> None:
    """Remove the share bars, related lists and widgets inside the article element; one inside
    another already removed is gone with it."""
    for tag in _descendants(container):
        if _is_furniture(tag) and _inside(tag, container):
            _remove(tag)


def _inside(tag: Element, ancestor: Element) -> bool:
    """``tag`` is still in ``ancestor`` (not in a part of it already removed)."""
    return any(parent is ancestor for parent in tag.iterancestors())


def _lead_outside(page: list[Element], container: Element) -> str | None:
    """The lead ("sapo") that many sites print above the article's body element.

    Not one in the container or holding it, nor in or around an element just like it (bs4 asked
    ``container in tag.parents``, which compares elements by their contents)."""
    for tag in (t for t in page if _class_matches(t, LEAD_CLASS)):
        if tag is container or _within(tag, container) or _within(container, tag):
            continue
        text = " ".join(" ".join(_strings(tag)).split())
        if len(text) >= 40:
            return text
    return None


def _within(tag: Element, ancestor: Element) -> bool:
    """One of ``tag``'s ancestors is ``ancestor``, or an element just like it."""
    return any(_same(parent, ancestor) for parent in tag.iterancestors())


def _same(a: Element, b: Element) -> bool:
    """The two elements have the same name, attributes and contents (strings by their text)."""
    if a is b:
        return True
    if a.tag != b.tag or _attributes(a) != _attributes(b):
        return False
    contents_a, contents_b = _contents(a), _contents(b)
    if len(contents_a) != len(contents_b):
        return False
    for x, y in zip(contents_a, contents_b, strict=True):
        if isinstance(x, str) or isinstance(y, str):
            if x != y:
                return False
        elif not _same(x, y):
            return False
    return True


def _attributes(tag: Element) -> dict[str, str | list[str] | None]:
    return {name: _attribute(tag, name) for name in tag.attrib}


def _contents(tag: Element) -> list[Any]:
    """The elements and strings right inside ``tag`` (comments as their text), each string as
    bs4 stored it (white space alone collapsed), removed elements left out."""
    keep = any(t.tag in _PRESERVE_WHITESPACE for t in (tag, *tag.iterancestors()))

    def stored(text: str) -> str:
        return text if keep else _collapsed(text)

    contents: list[Any] = [stored(tag.text)] if tag.text else []
    for child in tag:
        if _is_element(child):
            if child.tag != _REMOVED:
                contents.append(child)
        else:
            contents.append(stored(_node_string(child)))
        if child.tail:
            contents.append(stored(child.tail))
    return contents
