"""One distinct, stable ASCII slug per distinct name, for every taxonomy.

Pelican slugs tags, authors and categories through Unidecode, and its URL objects compare by
slug: "Hà" and "Hạ", or "Trường" and "Trương", get one slug and Pelican silently merges them
into one page. Before Pelican groups articles (``article_generator_pretaxonomy``), this plugin
collects every name of every taxonomy; where several distinct names share a slug, the first in
code-point order keeps it and each other name gets ``-`` and a short hash of its exact text.
A name's slug therefore depends only on the set of names that collide with it, never on the
order articles are read in. Names equal but for letter case stay one (same slug).
"""

from __future__ import annotations

import functools
import hashlib
import html
import logging
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from itertools import chain
from typing import Any

from pelican import signals
from pelican.urlwrappers import URLWrapper
from pelican.utils import slugify

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Article attributes holding URL objects (one or a list) to give distinct slugs.
    "UNIQUE_SLUGS_ATTRIBUTES": [
        "category",
        "tags",
        "authors",
        "source",
        "people",
        "places",
        "organisations",
        "documents",
    ],
    # Length of the hexadecimal hash appended to a colliding name's slug.
    "UNIQUE_SLUGS_HASH_LENGTH": 6,
}


def setting(settings: dict[str, Any], key: str) -> Any:
    """A UNIQUE_SLUGS_* setting, or its default."""
    return settings.get(key, DEFAULTS[key])


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """What makes two names the same name: NFC text, unescaped, case-folded."""
    return unicodedata.normalize("NFC", html.unescape(name)).strip().casefold()


def name_hash(name: str, length: int = 6) -> str:
    """Short stable hash of a name's exact text (by :func:`name_key`)."""
    return hashlib.sha1(name_key(name).encode("utf-8")).hexdigest()[:length]


def base_slug(name: str, settings: dict[str, Any], class_name: str = "") -> str:
    """The slug Pelican would give, with HTML entities read as the characters they stand for."""
    regex_subs = settings.get(
        f"{class_name.upper()}_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    )
    return slugify(
        html.unescape(name),
        regex_subs=regex_subs,
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def distinct_slugs(
    names: Iterable[str],
    settings: dict[str, Any],
    hash_length: int = 6,
    class_name: str = "",
    bases: dict[str, str] | None = None,
) -> dict[str, str]:
    """``{name_key: slug}``: one distinct slug per distinct name (see the module docstring).

    ``bases``: the base slugs of names (what :func:`base_slug` gives) known already; those of
    the other names are computed and added to it."""
    bases = {} if bases is None else bases
    by_slug: dict[str, set[str]] = defaultdict(set)
    for name in names:
        base = bases.get(name)
        if base is None:
            base = bases[name] = base_slug(name, settings, class_name)
        by_slug[base].add(name_key(name))
    result: dict[str, str] = {}
    for slug, keys in by_slug.items():
        ordered = sorted(keys)
        if len(ordered) > 1:
            logger.info("unique_slugs: %s share the slug %r; told apart by a hash", ordered, slug)
        for position, key in enumerate(ordered):
            if slug and position == 0:
                result[key] = slug
            else:
                suffix = hashlib.sha1(key.encode("utf-8")).hexdigest()[:hash_length]
                result[key] = f"{slug}-{suffix}" if slug else f"x-{suffix}"
    return result


def _wrappers(value: Any) -> list[Any]:
    """The URL objects (tags, authors, entities...) in an attribute's value.

    A type test, not ``hasattr(v, "slug")``: that would compute (slugify) the slug of every
    instance, which is what this plugin replaces: 13 s of a 20,000-article build.
    """
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, URLWrapper)]
    return [value] if isinstance(value, URLWrapper) else []


def namespace(wrapper: Any) -> tuple[str, str]:
    """Names compete for slugs only within one kind of page (tags with tags, ...)."""
    return type(wrapper).__name__, str(getattr(wrapper, "kind", ""))


# Where a URL object keeps its name's base slug: (name, class name, base slug). The objects of
# articles that did not change come back from the content cache with it (plugins/speedups:
# article_cache), so a rebuild slugifies only new names (5,800 names at 20,000 articles:
# 0.3 s of Unidecode and regexes). The settings that make a slug are the same for every object
# in the cache: it is dropped when settings change (render_cache's site key).
BASE_SLUG = "_unique_slugs_base"


def known_bases(wrappers: Iterable[Any], class_name: str) -> dict[str, str]:
    """The base slugs the objects keep for their current names, by name."""
    bases: dict[str, str] = {}
    for wrapper in wrappers:
        kept = wrapper.__dict__.get(BASE_SLUG)
        if kept is not None and kept[0] == wrapper.name and kept[1] == class_name:
            bases[kept[0]] = kept[2]
    return bases


def assign_slugs(contents: Iterable[Any], settings: dict[str, Any]) -> None:
    """Give every URL object on the contents its distinct slug."""
    attributes = setting(settings, "UNIQUE_SLUGS_ATTRIBUTES")
    hash_length = int(setting(settings, "UNIQUE_SLUGS_HASH_LENGTH"))
    found: dict[tuple[str, str], list[Any]] = defaultdict(list)
    seen: set[int] = set()  # (a wrapper many contents share, as entities are, is slugged once)
    for content in contents:
        for attr in attributes:
            for wrapper in _wrappers(getattr(content, attr, None)):
                if id(wrapper) not in seen:
                    seen.add(id(wrapper))
                    found[namespace(wrapper)].append(wrapper)
    for (class_name, _kind), wrappers in found.items():
        bases = known_bases(wrappers, class_name)
        slugs = distinct_slugs({w.name for w in wrappers}, settings, hash_length, class_name, bases)
        for wrapper in wrappers:
            # Set, never compare: reading ``wrapper.slug`` would slugify every instance again.
            wrapper.slug = slugs[name_key(wrapper.name)]
            setattr(wrapper, BASE_SLUG, (wrapper.name, class_name, bases[wrapper.name]))


def on_pretaxonomy(generator: Any) -> None:
    """Signal handler: slugs are fixed before Pelican groups articles by them."""
    contents = chain(
        generator.articles,
        generator.translations,
        generator.hidden_articles,
        generator.hidden_translations,
        generator.drafts,
        generator.drafts_translations,
    )
    assign_slugs(contents, generator.settings)


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.article_generator_pretaxonomy.connect(on_pretaxonomy)
