"""Entities and sources as taxonomies, and cheap index pages and feeds for every taxonomy.

The importer writes ``People``, ``Places``, ``Organisations`` and ``Documents`` as strings
``"a; b"`` and ``Source`` as one name. This plugin turns them into URL-bearing objects (like
Pelican's tags), groups articles by every taxonomy (category, tag, author, source and the four
entity kinds) in one pass, and writes for each name a paginated page (and, for category, tag,
author and source, Atom and RSS feeds), plus an index of all names of each entity kind and of
sources.

Indexes of all names (sections, topics, authors, sources, people...) are in the order and under
the initial letters of the ``vi_sorted``/``vi_initial`` template filters (plugin site_locale);
past ``TAXONOMIES_INDEX_SPLIT`` names an index gets one page per letter, so that 20,000 articles'
thousands of topics do not make one page of half a megabyte.

Pelican 4.12 also writes tag, category and author pages itself, but filters each one with
``[a for a in dates if a in articles]``: quadratic in the number of articles. This plugin takes
that job over (it empties the generator's groupings once the context holds them), so 20,000
articles cost a linear pass.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from html.entities import html5 as html5_references
from typing import Any

from pelican import readers, signals
from pelican.urlwrappers import URLWrapper

logger = logging.getLogger(__name__)

# Metadata field -> URL folder of its pages. "source" is one name per article, others lists.
DEFAULT_KINDS = {
    "source": "nguon",
    "people": "nhan-vat",
    "places": "dia-danh",
    "organisations": "to-chuc",
    "documents": "van-ban",
}
DEFAULTS: dict[str, Any] = {
    "TAXONOMIES_KINDS": DEFAULT_KINDS,
    # Separator of several names in one metadata field.
    "TAXONOMIES_SEPARATOR": ";",
    # Feeds of each source ({slug}); "" or None: none.
    "TAXONOMIES_SOURCE_FEED_ATOM": "feeds/nguon/{slug}.atom.xml",
    "TAXONOMIES_SOURCE_FEED_RSS": "feeds/nguon/{slug}.rss.xml",
    # Pelican's own pages for tags, categories and authors are replaced by ours (linear time).
    "TAXONOMIES_REPLACE_PELICAN_PAGES": True,
    # An index of all names with more names than this gets one page per initial letter.
    "TAXONOMIES_INDEX_SPLIT": 400,
}
# Initial letters in ASCII for URLs, the way Vietnamese is typed without diacritics (Telex).
LETTER_SLUGS = {
    "Ă": "aw",
    "Â": "aa",
    "Đ": "dd",
    "Ê": "ee",
    "Ô": "oo",
    "Ơ": "ow",
    "Ư": "uw",
    "#": "khac",
}
# Kinds with a single name per article.
SINGLE_KINDS = frozenset({"source"})


def setting(settings: dict[str, Any], key: str) -> Any:
    """A TAXONOMIES_* setting, or its default."""
    return settings.get(key, DEFAULTS[key])


class Entity(URLWrapper):
    """A named thing of one kind (a person, a place, a source...) with its own page.

    Pelican's URLWrapper compares by slug only; an entity also compares by kind, so a person and
    a place that share a slug stay apart.
    """

    def __init__(self, name: str, settings: dict[str, Any], kind: str, folder: str):
        super().__init__(name, settings)
        self.kind = kind
        self.folder = folder

    @property
    def url(self) -> str:
        return f"{self.folder}/{self.slug}.html"

    @property
    def save_as(self) -> str:
        return self.url

    @property
    def page_name(self) -> str:
        return f"{self.folder}/{self.slug}"

    def __hash__(self) -> int:
        return hash((self.kind, self.slug))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Entity):
            return (self.kind, self.slug) == (other.kind, other.slug)
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Entity):
            return (self.kind, self.slug) < (other.kind, other.slug)
        return super().__lt__(other)


# A character reference: what a ";" may close without separating two names.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def closes_reference(text: str, at: int) -> bool:
    """Whether the ``;`` at ``at`` ends a character reference (``&amp;``, ``&#x27;``) that
    HTML knows, so that it belongs to a name rather than separating two."""
    start = text.rfind("&", max(0, at - 40), at)
    if start == -1 or not _REFERENCE.fullmatch(text, start, at + 1):
        return False
    return text[start + 1] == "#" or text[start + 1 : at + 1] in html5_references


def split_outside_references(text: str, separator: str) -> list[str]:
    """``text.split(separator)``, but a ``;`` closing a character reference does not separate.

    Metadata values are HTML, as Pelican puts them into pages: the importer writes
    ``Báo Kinh tế & Đô thị`` as ``Báo Kinh tế &amp; Đô thị``, one name, not
    ``Báo Kinh tế &amp`` and ``Đô thị``.
    """
    if not separator.startswith(";") or "&" not in text:
        return text.split(separator)
    parts = []
    start = search = 0
    while (at := text.find(separator, search)) != -1:
        if closes_reference(text, at):
            search = at + 1
            continue
        parts.append(text[start:at])
        start = search = at + len(separator)
    parts.append(text[start:])
    return parts


def metadata_list(text: Any) -> list[Any]:
    """Pelican's ``readers.ensure_metadata_list`` for tags and authors (split on ``;`` when
    there is one, else on ``,``; stripped; empty parts and repeats dropped), where a ``;``
    that closes a character reference separates nothing."""
    if isinstance(text, str):
        parts = split_outside_references(text, ";")
        text = parts if len(parts) > 1 else text.split(",")
    return split_names(list(text))


def split_names(value: Any, separator: str = ";") -> list[str]:
    """``"a; b; a"`` -> ``["a", "b"]``: stripped, empty parts and repeats dropped, order kept
    (a ``;`` closing a character reference is part of a name)."""
    if value is None:
        return []
    if isinstance(value, str):
        parts: Iterable[Any] = split_outside_references(value, separator)
    else:
        parts = value
    seen: dict[str, None] = {}
    for part in parts:
        name = str(part).strip()
        if name:
            seen.setdefault(name, None)
    return list(seen)


def make_entities(
    metadata: dict[str, Any],
    settings: dict[str, Any],
    known: dict[tuple[str, str], Entity] | None = None,
) -> None:
    """Replace the string fields of one article's metadata by Entity objects (in place).

    ``known``: the entities of the build so far, by kind and name. Every article that names
    ``Cần Thơ`` then holds the one Entity for it, as Hugo keeps one term per name: 20,000
    articles make a few thousand entities instead of 150,000, each slugged once, and grouping
    them hashes the same few objects.
    """
    known = {} if known is None else known
    separator = setting(settings, "TAXONOMIES_SEPARATOR")
    for kind, folder in setting(settings, "TAXONOMIES_KINDS").items():
        if kind not in metadata:
            continue
        names = split_names(metadata[kind], separator)
        entities = []
        for name in names:
            entity = known.get((kind, name))
            if entity is None:
                entity = known[(kind, name)] = Entity(name, settings, kind, folder)
            entities.append(entity)
        if kind in SINGLE_KINDS:
            metadata[kind] = entities[0] if entities else None
            if len(entities) > 1:
                logger.warning(
                    "taxonomies: %s has several names %r; keeping the first", kind, names
                )
        else:
            metadata[kind] = entities


def on_article_context(generator: Any, metadata: dict[str, Any]) -> None:
    """Signal handler: entity strings become Entity objects as each article is read, and every
    name is one object in the build."""
    known = generator.__dict__.setdefault("taxonomies_entities", {})
    make_entities(metadata, generator.settings, known)


def group_articles(articles: Iterable[Any], attributes: Iterable[str]) -> dict[str, dict]:
    """For each attribute, ``{name object: [articles]}``, articles in the given order.

    One pass over the articles: the cost is the number of (article, name) links. The links are
    gathered by object first, which costs no hash of a name object (its slug, 360,000 times
    at 20,000 articles); the objects are then grouped as a dict groups them (equal objects,
    as an article read this build and one from the content cache may hold for one name, are
    one group, in the order of their first article).
    """
    articles = list(articles)
    place: dict[int, int] = {}  # each article's place in the list, made if ever needed
    groups: dict[str, dict[Any, list[Any]]] = {}
    for attr in attributes:
        by_object: dict[int, tuple[Any, list[Any]]] = {}
        for article in articles:
            value = getattr(article, attr, None)
            if value is None:
                continue
            for item in value if isinstance(value, list | tuple) else (value,):
                found = by_object.get(id(item))
                if found is None:
                    found = by_object[id(item)] = (item, [])
                found[1].append(article)
        group: dict[Any, list[Any]] = {}
        for item, linked in by_object.values():
            merged = group.setdefault(item, linked)
            if merged is not linked:  # an equal object seen first: one list, in article order
                place = place or {id(a): i for i, a in enumerate(articles)}
                merged.extend(linked)
                merged.sort(key=lambda a: place[id(a)])
        groups[attr] = group
    return groups


def on_articles_finalized(generator: Any) -> None:
    """Group the published articles by every taxonomy and publish the groups in the context."""
    settings = generator.settings
    kinds = list(setting(settings, "TAXONOMIES_KINDS"))
    groups = group_articles(generator.articles, ["category", "tags", "authors", *kinds])
    generator.taxonomy_groups = groups
    generator.context["taxonomy_groups"] = {
        attr: list(group.items()) for attr, group in groups.items()
    }
    generator.context["taxonomy_kinds"] = dict(setting(settings, "TAXONOMIES_KINDS"))
    generator.context["taxonomy_feeds"] = feed_patterns(settings)
    if setting(settings, "TAXONOMIES_REPLACE_PELICAN_PAGES"):
        # The context keeps its copies (used by the tags/categories/authors index pages); the
        # generator's own loops over these (quadratic) then have nothing to do.
        generator.tags = {}
        generator.categories = []
        generator.authors = []


def feed_patterns(settings: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """Feed path patterns per taxonomy attribute, for templates and the writer."""
    return {
        "category": {
            "atom": settings.get("CATEGORY_FEED_ATOM"),
            "rss": settings.get("CATEGORY_FEED_RSS"),
        },
        "tags": {"atom": settings.get("TAG_FEED_ATOM"), "rss": settings.get("TAG_FEED_RSS")},
        "authors": {
            "atom": settings.get("AUTHOR_FEED_ATOM"),
            "rss": settings.get("AUTHOR_FEED_RSS"),
        },
        "source": {
            "atom": setting(settings, "TAXONOMIES_SOURCE_FEED_ATOM"),
            "rss": setting(settings, "TAXONOMIES_SOURCE_FEED_RSS"),
        },
    }


# attribute -> (template of one name's page, variable name in that template)
PAGE_TEMPLATES = {"category": "category", "tags": "tag", "authors": "author", "source": "source"}


def write_pages(generator: Any, writer: Any) -> None:
    """Write every taxonomy page (paginated), its feeds, and the all-names indexes."""
    groups = getattr(generator, "taxonomy_groups", None)
    if groups is None:
        return
    settings = generator.settings
    replace = setting(settings, "TAXONOMIES_REPLACE_PELICAN_PAGES")
    feeds = feed_patterns(settings)
    for attr, group in groups.items():
        if attr in {"category", "tags", "authors"} and not replace:
            continue
        template_name = PAGE_TEMPLATES.get(attr, "entity")
        template = generator.get_template(template_name)
        variable = "author" if attr == "authors" else PAGE_TEMPLATES.get(attr, "entity")
        for item, articles in group.items():
            if not item.slug:
                logger.warning("taxonomies: %s %r has no slug; page not written", attr, item)
                continue
            writer.write_file(
                item.save_as,
                template,
                generator.context,
                relative_urls=settings["RELATIVE_URLS"],
                paginated={"articles": articles},
                template_name=template_name,
                url=item.url,
                page_name=item.page_name,
                articles=articles,
                dates=articles,
                blog=True,
                all_articles=generator.articles,
                taxonomy=attr,
                **{variable: item},
            )
            for feed_type, pattern in feeds.get(attr, {}).items():
                if pattern:
                    path = str(pattern).format(slug=item.slug)
                    writer.write_feed(
                        articles,
                        generator.context,
                        path,
                        path,
                        feed_title=str(item),
                        feed_type=feed_type,
                    )
    write_indexes(generator, writer, groups)


def letter_slug(letter: str) -> str:
    """``Đ`` -> ``dd``, ``Â`` -> ``aa``, ``B`` -> ``b``: an ASCII name for an initial letter.

    Letter pages live in a folder of their own (``chu-de/chu-cai/dd.html``): no name's slug can
    contain a ``/``, so they never collide with a name's page.
    """
    return LETTER_SLUGS.get(letter, letter.lower())


def letter_groups(
    pairs: Iterable[tuple[Any, Any]], sort: Any, initial: Any
) -> list[tuple[str, str, list[tuple[Any, Any]]]]:
    """``(letter, letter slug, pairs)`` in alphabetical order of the pairs' first items
    (``sort(pairs, "0")`` orders)."""
    groups: list[tuple[str, str, list[tuple[Any, Any]]]] = []
    for pair in sort(list(pairs), "0"):
        letter = initial(pair[0])
        if not groups or groups[-1][0] != letter:
            groups.append((letter, letter_slug(letter), []))
        groups[-1][2].append(pair)
    return groups


def index_locations(settings: dict[str, Any]) -> dict[str, str]:
    """Where the index of all names of each taxonomy is written."""
    locations = {
        "category": settings["CATEGORIES_SAVE_AS"],
        "tags": settings["TAGS_SAVE_AS"],
        "authors": settings["AUTHORS_SAVE_AS"],
    }
    for kind, folder in setting(settings, "TAXONOMIES_KINDS").items():
        locations[kind] = f"{folder}/index.html"
    return locations


def _plain_sort(items: list[Any], attribute: str) -> list[Any]:
    return sorted(items, key=lambda pair: str(pair[int(attribute)]).casefold())


def _plain_initial(item: Any) -> str:
    text = str(item).strip()
    return text[:1].upper() if text[:1].isalpha() else "#"


def write_indexes(generator: Any, writer: Any, groups: dict[str, dict]) -> None:
    """Write the index of all names of every taxonomy, split by letter when it is long."""
    settings = generator.settings
    sort = generator.env.filters.get("vi_sorted", _plain_sort)
    initial = generator.env.filters.get("vi_initial", _plain_initial)
    split_above = int(setting(settings, "TAXONOMIES_INDEX_SPLIT"))
    template = generator.get_template("taxonomy_index")
    for attr, save_as in index_locations(settings).items():
        if not save_as:
            continue
        # Each name with its number of articles, which is all the index shows of them: its
        # render-cache key then holds names and counts, not every article of every name (a
        # million digests at 20,000 articles), and editing an article renders no index page.
        pairs = [(item, len(articles)) for item, articles in groups.get(attr, {}).items()]
        by_letter = letter_groups(pairs, sort, initial)
        folder = save_as.rsplit("/", 1)[0] if "/" in save_as else ""
        split = len(pairs) > split_above
        letters = [
            {
                "letter": letter,
                "count": len(members),
                "url": f"{folder}/chu-cai/{slug}.html" if split else f"{save_as}#chu-{slug}",
            }
            for letter, slug, members in by_letter
        ]
        pages = [(save_as, None, [] if split else by_letter)]
        if split:
            pages += [
                (f"{folder}/chu-cai/{slug}.html", letter, [(letter, slug, members)])
                for letter, slug, members in by_letter
            ]
        for page_save_as, letter, shown in pages:
            writer.write_file(
                page_save_as,
                template,
                generator.context,
                relative_urls=settings["RELATIVE_URLS"],
                url=page_save_as,
                page_name=page_save_as.rsplit(".", 1)[0],
                taxonomy=attr,
                letter=letter,
                letters=letters,
                letter_groups=shown,
                index_url=save_as,
                total=len(pairs),
            )


def split_tags_and_authors(*_: Any) -> None:
    """Signal handler: Pelican's readers split tags and authors with :func:`metadata_list`.

    Its own rule splits ``Báo Kinh tế &amp; Đô thị`` in two. (Installed before any generator
    reads: the readers' lambdas look ``ensure_metadata_list`` up in their module each time.)
    """
    readers.ensure_metadata_list = metadata_list


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.initialized.connect(split_tags_and_authors)
    signals.article_generator_context.connect(on_article_context)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.article_writer_finalized.connect(write_pages)
