"""Faster equivalents of Pelican 4.12 steps whose cost grows with the archive.

* ``ArticlesGenerator._build_period_archives`` filters every month with
  ``[a for a in articles if a in dates]``: months × articles list lookups, quadratic. Before
  Pelican builds the archives (``article_generator_pretaxonomy``) this plugin gives the generator
  an equivalent that uses a set of ids: same result, same order, linear.
* ``Content.url`` formats the URL pattern (with ``strftime``) on every access, and a page of
  lists reads it many times. Once the articles are final, each URL is computed once and kept in
  ``override_url``, Pelican's own hook for a fixed URL, and ``save_as`` beside it, from the same
  ``url_format`` (not in ``override_save_as``, which would tell the writer that the article
  may overwrite another page).
* Python's cycle collector walks every live object on each full collection; once the
  generators are done, the objects they made live until the build ends, and are frozen (until
  the next build starts, so that the process exits without walking them once more).
* A caching generator stamps every file it reads (an md5 of the file, with
  ``CHECK_MODIFIED_METHOD = "md5"``) twice a build, to look up and to store its own cache,
  even when the cache is kept by the readers (``CONTENT_CACHING_LAYER = "reader"``) and its own
  is always empty. The readers' stamp is the one that counts; the generator's two are skipped.
* The readers' stamp hashes every file on every build too (0.8 s at 20,000 articles): they now
  know an unchanged file by its status, as git does, and hash only a file whose status moved
  (``file_stamps.py``).
* Pelican formats every date through its own ``strftime`` (two regexes and one C call per
  directive, to support ``%-d``): each article's URL and ``save_as`` (``{date:%Y}``) and every
  sitemap line. A format made only of C89 directives gives what ``datetime.strftime`` gives in
  one call, and goes there (13 % of a rebuild at 20,000 articles). pelican-sitemap's
  ``format_date`` (two such calls for each page's date) writes what one ``isoformat`` gives,
  and its writer takes each page's URL from its path without ``relpath`` (``fast_sitemap.py``).
* Each generator's readers write their whole cache back at the end of a build (a pickle of
  every article: 1.4 s at 20,000), even when they read no file anew. They now write nothing
  when they stored nothing, and when they stored a few entries (a daily update's articles),
  only those, to a journal next to the cache that the next build adds to what it loads; the
  whole cache is written again once the journal holds a twentieth of it.
* Every URL and ``save_as`` of an article (three or more a build), and its creation, ask
  ``Content.get_relative_source_path``: a ``relpath`` of two ``abspath``s, 11 us each time,
  1.1 s of a rebuild at 20,000 articles. The answer depends only on the two paths and the
  working folder, and is kept.
* Every article's HTML is searched for images without alt text on every build, with a pattern
  compiled each time (0.2 s at 20,000 articles): only articles that hold an ``<img`` are. The
  same for the links to static files (``{static}``): only articles with a ``{`` or ``|`` are.
* Loading that cache makes about a million objects that all live on, and the collections their
  allocations set off walk them again and again: 1.1-1.4 s for the 175 MB cache of 20,000
  articles, 0.65 s with the collector paused while it loads, as it now is. A third of those
  objects were tags, authors and categories, one per article and name: each article read
  holds the build's one object of each name, and the cache is written with one per name.
* Even from that cache, every article was made again on every build (metadata rules, every
  plugin's signals, the ``Article``, its checks: 4.3 s at 20,000 articles, plus 1 s to load
  the cache). With ``CONTENT_CACHING_LAYER = "generator"`` the generators keep a snapshot of
  each article as it was made, and make an unchanged file's article from it
  (``article_cache.py``); the snapshots are stamped like the readers' entries, and written as
  a journal while few changed, like theirs.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import functools
import gc
import logging
import os
import pickle
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from itertools import chain, groupby
from operator import attrgetter
from typing import Any

from pelican import readers, signals, utils
from pelican.cache import FileDataCacher
from pelican.contents import Content
from pelican.generators import CachingGenerator
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag, URLWrapper

from . import article_cache, fast_sitemap, file_stamps

logger = logging.getLogger(__name__)

GRANULARITY_KEYS = {
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


def build_period_archives(
    sorted_articles: Sequence[Any], articles: Sequence[Any], settings: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """What Pelican's ``_build_period_archives`` returns, in linear time."""
    period_archives: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for granularity, key_func in GRANULARITY_KEYS.items():
        prefix = granularity.upper()
        save_as_fmt = settings[f"{prefix}_ARCHIVE_SAVE_AS"]
        url_fmt = settings[f"{prefix}_ARCHIVE_URL"]
        if not save_as_fmt:
            continue
        # The articles of every period, in the order of ``articles``: one pass, not one per
        # period (a filter per month is months × articles).
        in_period: dict[Any, list[Any]] = defaultdict(list)
        for article in articles:
            in_period[key_func(article)].append(article)
        for period, group in groupby(sorted_articles, key=key_func):
            dates = list(group)
            first = dates[0].date
            archive: dict[str, Any] = {
                "dates": dates,
                "articles": in_period[period],
                "save_as": save_as_fmt.format(date=first),
                "url": url_fmt.format(date=first),
            }
            if granularity == "year":
                archive["period"] = (period,)
                archive["period_num"] = (period,)
            else:
                month_name = calendar.month_name[period[1]]
                archive["period"] = (period[0], month_name, *period[2:])
                archive["period_num"] = tuple(period)
            period_archives[granularity].append(archive)
    return period_archives


def on_pretaxonomy(generator: Any) -> None:
    """Signal handler: the generator builds its period archives with the linear version."""
    generator._build_period_archives = build_period_archives


_URL_FORMAT = Content.url_format
_SAVE_AS = Content.save_as


def kept_url_format(self: Content) -> dict[str, Any]:
    """``Content.url_format``, or the one :func:`freeze_urls` is expanding both patterns with."""
    kept = self.__dict__.get("_kept_url_format")
    return kept if kept is not None else _URL_FORMAT.fget(self)


def kept_save_as(self: Content) -> str:
    """``Content.save_as``, or the one :func:`freeze_urls` kept."""
    kept = self.__dict__.get("_kept_save_as")
    return kept if kept is not None else _SAVE_AS.fget(self)


def freeze_urls(contents: Sequence[Any]) -> None:
    """Compute each content's URL and ``save_as`` once, from one ``url_format`` (a copy of the
    metadata with the date, slug, author and category in it: two thirds of the cost); later
    reads cost an attribute lookup."""
    for content in contents:
        content._kept_url_format = content.url_format
        try:
            if not hasattr(content, "override_url"):
                content.override_url = content.url
            content._kept_save_as = content.save_as
        finally:
            del content._kept_url_format


def on_articles_finalized(generator: Any) -> None:
    """Signal handler: URLs of every article are final once the generator is."""
    freeze_urls(
        list(
            chain(
                generator.articles,
                generator.translations,
                generator.hidden_articles,
                generator.hidden_translations,
                generator.drafts,
                generator.drafts_translations,
            )
        )
    )


def _no_stamp(filename: str) -> None:
    """The stamp of a file in a cache that is never kept: none, and nothing read to get it."""


def on_generator_init(generator: Any) -> None:
    """Signal handler: a generator whose own cache is off does not stamp files for it.

    With the generator's cache off, Pelican looks a file up in an empty dict (no stamp can
    match it) and stores nothing, so a constant stamp changes no result.
    """
    caching = generator.settings.get("CONTENT_CACHING_LAYER") == "generator"
    if not caching and hasattr(generator, "_filestamp_func"):
        generator._filestamp_func = _no_stamp


# A date format whose every directive is one C89 directive of Pelican's ``strftime`` (no
# ``%-d``, nothing Pelican would leave unformatted): ``datetime.strftime`` gives the same text.
PLAIN_DATE_FORMAT = re.compile(r"(?:[^%]|%[aAbBcdfGHIjmMpSUuVwWxXyYzZ%])*")
# Directives whose text is a number of the date: str.format writes them without the C call,
# which for a date with a time zone asks the zone for its offset first (3.5 us a call; the
# URL patterns ``{date:%Y}/{date:%m}`` alone make 120,000 calls a build at 20,000 articles).
NUMERIC_DIRECTIVES = {
    "Y": "{0.year}",  # (for years from 1000 on: C does not pad shorter years)
    "m": "{0.month:02d}",
    "d": "{0.day:02d}",
    "H": "{0.hour:02d}",
    "M": "{0.minute:02d}",
    "S": "{0.second:02d}",
    "%": "%",
}
_formats: dict[str, str | bool] = {}


def numeric_template(fmt: str) -> str | None:
    """A ``str.format`` template that gives what ``strftime(fmt)`` gives, when ``fmt`` holds
    only :data:`NUMERIC_DIRECTIVES`; else None."""
    parts = []
    pieces = iter(fmt)
    for char in pieces:
        if char == "%":
            template = NUMERIC_DIRECTIVES.get(next(pieces, ""))
            if template is None:
                return None
            parts.append(template)
        else:
            parts.append(char * 2 if char in "{}" else char)
    return "".join(parts)


def fast_strftime(self: utils.SafeDatetime, fmt: str, safe: bool = True) -> str:
    """``SafeDatetime.strftime``: by ``str.format`` when the format holds only numbers, in one
    C call when Pelican's extensions play no part."""
    kind = _formats.get(fmt)
    if kind is None:
        kind = _formats[fmt] = numeric_template(fmt) or PLAIN_DATE_FORMAT.fullmatch(fmt) is not None
    if type(kind) is str and self.year >= 1000:
        return kind.format(self)
    if kind or not safe:
        return datetime.datetime.strftime(self, fmt)
    return utils.strftime(self, fmt)


def sitemap_date(date: datetime.datetime) -> str:
    """What pelican-sitemap's ``format_date`` writes (``2023-11-07T08:05:09+07:00``, or
    ``-00:00`` for a naive date), in one ``isoformat`` call instead of two ``strftime`` calls:
    its sitemap dates every page on every build (0.4 s of a rebuild at 20,000 articles)."""
    offset = date.utcoffset()
    if date.year < 1000 or (offset is not None and offset % datetime.timedelta(minutes=1)):
        # (strftime does not pad such years; an offset in seconds has no place in "+hh:mm")
        if offset is None:
            return date.strftime("%Y-%m-%dT%H:%M:%S") + "-00:00"
        tz = date.strftime("%z")
        return date.strftime("%Y-%m-%dT%H:%M:%S") + tz[:-2] + ":" + tz[-2:]
    stamp = datetime.datetime.isoformat(date, timespec="seconds")
    return stamp if offset is not None else stamp + "-00:00"


def last_date_kept(format_date: Any) -> Any:
    """``format_date`` that answers at once when asked about the same date object again.

    pelican-sitemap dates every list page with one date (``render_cache`` makes it the newest
    article's): 50,000 of the 72,000 pages of a 20,000-article archive. (The date asked about
    last is held, so no other object can take its identity.)
    """
    last: tuple[Any, str] = (None, "")

    @functools.wraps(format_date)
    def formatted(date: Any) -> str:
        nonlocal last
        if date is not last[0]:
            last = (date, format_date(date))
        return last[1]

    return formatted


# A reader cache's journal: the entries stored since its main file was written, so that a
# build that read a few files writes those, not the whole cache (1.4 s at 20,000 articles
# for one new article). The main file is written again, and the journal folded into it, once
# the journal holds more than this share of the entries (and more than JOURNAL_MIN of them).
JOURNAL_SUFFIX = ".journal"
JOURNAL_SHARE = 0.05
JOURNAL_MIN = 100


def file_identity(path: str) -> tuple[int, int, int] | None:
    """What tells one writing of a file from another: inode, size, modification time."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def load_journal(cacher: FileDataCacher) -> None:
    """Add the entries of the cache's journal to what was loaded from its main file.

    A journal counts only for the very main file it was written over (its identity is in the
    journal): one left behind when the main file was written again, or deleted (the render cache
    drops reader caches made under other settings), is ignored.
    """
    cacher._journal_base = file_identity(cacher._cache_path) if cacher._cache else None
    cacher._journal = {}
    if cacher._journal_base is None:
        return
    try:
        with cacher._cache_open(cacher._cache_path + JOURNAL_SUFFIX, "rb") as handle:
            base, entries = pickle.load(handle)
    except (OSError, EOFError, ValueError, TypeError, UnicodeDecodeError, pickle.PickleError):
        return
    if tuple(base) == cacher._journal_base and isinstance(entries, dict):
        cacher._cache.update(entries)
        cacher._journal = entries


# Pelican's own URL classes, whose objects are the same thing when their class and name are.
# (Not subclasses: another plugin's, as the entities of ``taxonomies``, may tell apart objects of
# one name, by kind, and may have made them before this plugin's handler runs.)
PELICAN_WRAPPERS = frozenset({Author, Category, Tag})


def share_wrappers(metadata: dict[str, Any], known: dict[tuple[type, str], URLWrapper]) -> None:
    """Pelican's own tags, authors and category of one article's metadata: one object of each
    class and name among all that ``known`` has seen (in place).

    Pelican's readers make (and its reader cache keeps) a Tag per article and name: 342,899 for
    5,842 names at 20,000 imported articles, which ``unique_slugs`` slugs and the render cache
    digests one by one. (Interchangeable: ``unique_slugs`` sets every slug again on each build.)
    """
    for field, value in metadata.items():
        if type(value) in PELICAN_WRAPPERS:
            metadata[field] = known.setdefault((type(value), value.name), value)
        elif isinstance(value, list) and value and type(value[0]) in PELICAN_WRAPPERS:
            metadata[field] = [
                known.setdefault((type(v), v.name), v) if type(v) in PELICAN_WRAPPERS else v
                for v in value
            ]


def on_article_context(generator: Any, metadata: dict[str, Any]) -> None:
    """Signal handler: each article read holds the build's one object of each name."""
    share_wrappers(metadata, generator.__dict__.setdefault("speedups_wrappers", {}))


def share_cached_wrappers(cache: dict[str, Any]) -> None:
    """One object for each tag, author and category name in a reader cache about to be written:
    pickle then writes each once, and the cache of 20,000 imported articles loads in 0.86 s
    instead of 1.42 s. Only the cache's own metadata is changed: Pelican copies it into each
    article."""
    known: dict[tuple[type, str], URLWrapper] = {}
    for entry in cache.values():
        try:
            _stamp, (_content, metadata) = entry
        except (TypeError, ValueError):
            continue
        if isinstance(metadata, dict):
            share_wrappers(metadata, known)


def save_cache_if_changed(self: FileDataCacher) -> None:
    """``Readers.save_cache`` (and a generator's), skipped when nothing was stored since the
    cache was loaded, and written as a journal of the changed entries while they are few.

    Without a file on disk it is written all the same (an empty cache is still a cache).
    """
    changed = getattr(self, "_cache_changed", set())
    if (not changed and os.path.exists(self._cache_path)) or not self._cache_data_policy:
        return
    self._cache_changed = set()
    journal = {**getattr(self, "_journal", {}), **{name: self._cache[name] for name in changed}}
    base = getattr(self, "_journal_base", None)
    small = len(journal) <= max(JOURNAL_MIN, JOURNAL_SHARE * len(self._cache))
    if base is not None and base == file_identity(self._cache_path) and small:
        partial = self._cache_path + JOURNAL_SUFFIX + ".tmp"
        try:
            with self._cache_open(partial, "wb") as handle:
                pickle.dump((base, journal), handle)
            os.replace(partial, self._cache_path + JOURNAL_SUFFIX)
            self._journal = journal
            return
        except (OSError, pickle.PicklingError, TypeError) as err:
            logger.debug("speedups: cannot write %s (%s)", partial, err)
    if isinstance(self, Readers):  # (a generator's snapshots share theirs: article_cache)
        share_cached_wrappers(self._cache)
    FileDataCacher.save_cache(self)
    with contextlib.suppress(OSError):
        os.unlink(self._cache_path + JOURNAL_SUFFIX)
    self._journal_base, self._journal = file_identity(self._cache_path), {}


_load_cache = FileDataCacher.__init__


def load_cache_uncollected(self: FileDataCacher, *args: Any, **kwargs: Any) -> None:
    """``FileDataCacher.__init__`` (which unpickles the cache) with the cycle collector paused,
    and the cache's journal added.

    What was loaded is frozen (``freeze_heap``) before the collector resumes: it lives for the
    build, and the objects made while the collector was paused are all young, so its next
    collection walked every one of them (0.15 s at 20,000 articles) to free nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        _load_cache(self, *args, **kwargs)
        load_journal(self)
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


pelican_relative_source_path = Content.get_relative_source_path


@functools.cache
def relative_path(root: str, source_path: str, cwd: str) -> str:
    """``source_path`` relative to the content folder ``root``, as Pelican's
    ``get_relative_source_path`` gives it, when the working folder is ``cwd`` (relative paths
    are made absolute from there)."""
    return utils.posixize_path(
        os.path.relpath(
            os.path.abspath(os.path.join(root, source_path)),
            os.path.abspath(root),
        )
    )


def kept_relative_source_path(self: Content, source_path: str | None = None) -> str | None:
    """``Content.get_relative_source_path``, computed once per path."""
    if not source_path:
        source_path = self.source_path
    if source_path is None:
        return None
    return relative_path(self.settings["PATH"], source_path, os.getcwd())


pelican_find_empty_alt = readers.find_empty_alt


def find_empty_alt(content: str, path: str) -> None:
    """``readers.find_empty_alt`` (a warning per image without alt text), which compiles its
    pattern and reads every article with it on every build: only for articles with an image.
    (Its pattern needs a literal ``<img``; imported articles have none.)"""
    if "<img" in content:
        pelican_find_empty_alt(content, path)


pelican_get_static_links = Content.get_static_links
# Pelican's default: a link to other content starts with "{" or "|" ("{static}", "|filename|").
PELICAN_INTRASITE_LINK = DEFAULT_CONFIG["INTRASITE_LINK_REGEX"]


def get_static_links(self: Content) -> set[str]:
    """``Content.get_static_links``, which compiles its pattern and reads the article with it
    on every build (0.2 s at 20,000 articles): with Pelican's link syntax, only for articles
    that hold a ``{`` or a ``|``."""
    if self.settings.get("INTRASITE_LINK_REGEX") == PELICAN_INTRASITE_LINK:
        # As held: text, or a snapshot's bytes, not decoded for this (see article_cache).
        html = vars(self).get("_content") or ""
        brace, bar = (b"{", b"|") if type(html) is bytes else ("{", "|")
        if brace not in html and bar not in html:
            return set()
    return pelican_get_static_links(self)


def install_fast_paths(*_: Any) -> None:
    """Signal handler: Pelican's date formatting and reader cache take the fast paths above.

    Installed on the classes before any generator exists, so that every reader, and every
    plugin storing into a reader's cache (``parallel_read``), goes through them.
    """
    utils.SafeDatetime.strftime = fast_strftime
    Readers.cache_data = file_stamps.cache_data
    Readers.get_cached_data = file_stamps.get_cached_data
    Readers.save_cache = save_cache_if_changed
    CachingGenerator.save_cache = save_cache_if_changed  # type: ignore[method-assign]
    article_cache.install()
    FileDataCacher.__init__ = load_cache_uncollected  # type: ignore[method-assign]
    Content.get_relative_source_path = kept_relative_source_path  # type: ignore[method-assign]
    readers.find_empty_alt = find_empty_alt
    Content.get_static_links = get_static_links  # type: ignore[method-assign]
    Content.url_format = property(kept_url_format)  # type: ignore[method-assign,assignment]
    Content.save_as = property(kept_save_as)  # type: ignore[method-assign,assignment]
    sitemap = sys.modules.get("pelican.plugins.sitemap.sitemap")
    if sitemap is not None:
        sitemap.format_date = last_date_kept(sitemap_date)
        sitemap.SitemapGenerator._write_out = fast_sitemap.write_out


def freeze_heap(*_: Any) -> None:
    """Signal handler: what exists once the reader cache is loaded, and once the generators are
    done, lives until the build ends.

    ``gc.freeze`` moves it out of the collector's sight: a full collection no longer walks
    the articles, their HTML and the reader cache (about 900,000 objects at 20,000 articles,
    0.36 s per walk, 18 walks in a cold build), and the render processes forked afterwards
    do not copy the memory those walks would touch.
    """
    gc.freeze()


def unfreeze_heap(*_: Any) -> None:
    """Signal handler: a build starts; what the last one froze is the collector's again (a server
    that rebuilds in one process, ``pelican --autoreload``, would otherwise keep every build).

    Not when a build ends: the process of ``pelican`` then exits with its heap frozen, and the
    collection Python runs on its way out does not walk it (0.6 s less per build at 20,000
    articles; the memory goes back with the process).
    """
    gc.unfreeze()


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.initialized.connect(install_fast_paths)
    signals.article_generator_init.connect(freeze_heap)
    signals.all_generators_finalized.connect(freeze_heap)
    signals.get_generators.connect(unfreeze_heap)
    signals.article_generator_init.connect(on_generator_init)
    signals.page_generator_init.connect(on_generator_init)
    signals.article_generator_pretaxonomy.connect(on_pretaxonomy)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.article_generator_context.connect(on_article_context)
