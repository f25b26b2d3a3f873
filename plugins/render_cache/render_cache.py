"""Incremental builds: a page whose inputs did not change is not rendered again.

Pelican renders and rewrites every page on every build, and its own cache only spares the
Markdown step. At 20,000 articles that makes adding one article cost a whole build. This plugin
gives Pelican a writer that remembers, for every file it writes, a key of everything the file
was made from, and keeps the file itself (a hard link, so no second copy on disk) under
``RENDER_CACHE_PATH``. On the next build a file whose key is unchanged is linked into the
output instead of being rendered; the output is byte for byte what a cold build writes
(``test_render_cache.py`` builds sites both ways and compares them).

What a key covers:

* the **site**: every setting (except where output and caches go), the versions of Pelican,
  Jinja and Markdown, the source of every enabled plugin, and the theme's files other than its
  templates and static files (its translations);
* the **templates**: the source of the page's template and of every template it extends,
  includes or imports;
* the **data**: the values of exactly the variables those templates read (found by Jinja's own
  ``meta.find_undeclared_variables``), digested deeply: an article by its attributes (title,
  HTML, dates, tags, plugin-added fields...); on its own page also which articles it points to
  (related, previous and next) and their attributes. Not further: a template that showed the
  related articles of a related article, or of an article in a list, would not be rendered
  again when those change (the theme shows neither). A page of a list is keyed by its own
  articles, its number and the list's length, not by the whole list, where its templates
  can show no more of it (read from the templates' syntax trees: ``variable_uses``), so that
  editing an article renders the pages that show it, not every page of its lists.

A page stays cached as long as nothing it reads changes. A template that reads the list of all
articles makes its pages depend on every article, which is correct and also the reason the
theme reads only the articles a page lists. Feeds are cached the same way, keyed by their
entries. Pelican's content caches (``CACHE_CONTENT``, readers' or generators') are invalidated by
this plugin whenever the settings or versions change (Pelican keeps them across settings changes
otherwise).

``pelican --ignore-cache`` (``LOAD_CONTENT_CACHE = False``) renders everything and refreshes
the cache.

Pelican's generators only record the pages and feeds they write. Once they have all written,
the records are shared out between ``RENDER_CACHE_PROCESSES`` processes (forks of the build),
and each keys its share, links the files whose key is unchanged and renders the others.
Keying is most of a rebuild's writing time, so it is split between the cores too. The
articles' digests, which nearly every key needs, are started in forks as soon as the articles
are final (when Pelican asks for its writer), and are made while the generators record pages.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import logging
import mmap
import os
import pickle
import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

from blinker import ANY
from jinja2 import meta, nodes
from pelican import signals, writers
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.paginator import Page as PaginatorPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

logger = logging.getLogger(__name__)

# Fewer jobs than this per process are not worth a fork.
FORK_MIN_JOBS = 100
# Bump when the meaning of a key changes, so that older caches are not trusted.
FORMAT = 2

DEFAULTS: dict[str, Any] = {
    "RENDER_CACHE_ENABLED": True,
    # Processes that render the pages to write (None: one per core).
    "RENDER_CACHE_PROCESSES": None,
    # None: "render" inside CACHE_PATH.
    "RENDER_CACHE_PATH": None,
}
# Settings that say where things go, whether caches are read, or how many processes do the
# work: not inputs of any page.
NOT_INPUTS = frozenset(
    {
        "OUTPUT_PATH",
        "CACHE_PATH",
        "CACHE_CONTENT",
        "LOAD_CONTENT_CACHE",
        "CHECK_MODIFIED_METHOD",
        "GZIP_CACHE",
        "CONTENT_CACHING_LAYER",
        "DELETE_OUTPUT_DIRECTORY",
        "OUTPUT_RETENTION",
        "WRITE_SELECTED",
        "RENDER_CACHE_ENABLED",
        "RENDER_CACHE_PATH",
        "RENDER_CACHE_PROCESSES",
        "PARALLEL_READ_PROCESSES",
        "PARALLEL_READ_MIN_FILES",
    }
)
# Attributes of contents that are not data of the page: the whole site's context and settings
# (the settings are part of every key already).
SKIPPED_ATTRIBUTES = frozenset({"_context", "settings"})
# Attributes of tags, categories and authors written out through their name and slug.
# "name" and "slug" too: Pelican's URLWrapper.as_dict() (run by every ``.url``) writes them into
# the instance's own attributes, so whether they are there depends on what read the URL first.
URLWRAPPER_OWN = frozenset({"settings", "_name", "_slug", "_slug_from_name", "name", "slug"})
# Pelican's content caches (its readers' and its generators'), dropped when the site key changes.
CONTENT_CACHES = (
    "ArticlesGenerator-Readers",
    "PagesGenerator-Readers",
    "ArticlesGenerator",
    "PagesGenerator",
)
# Intrasite link markers ({filename}, {static}, {tag}...): such content depends on other URLs.
INTRASITE_LINK = re.compile(r"[{|](?:filename|static|attach|category|tag|author|index)[}|]")
# A digest of the kind of value that cannot be told apart between builds: never cached.
UNSTABLE_REPR = re.compile(r" at 0x[0-9a-f]+")
# What an article's attribute holding other articles is, in the digest of the article.
POINTS_TO = "\0articles"
# Markers, in the digest of an article, of a tag, author or category (or a list of them) written
# as its digest, and of a date written as its repr.
WRAPPER, WRAPPERS, DATE = "\0wrapper", "\0wrappers", "\0date"
# Values whose repr is their whole data.
SCALARS = frozenset({str, int, float, bool, type(None)})
# What a template reads that the page does not define (a macro library imported by name).
MISSING = "\0undefined"


def setting(settings: dict[str, Any], key: str) -> Any:
    """A plugin setting, with the plugin's default."""
    return settings.get(key, DEFAULTS[key])


def cache_path(settings: dict[str, Any]) -> Path:
    """Where the cached pages and their keys are kept."""
    path = setting(settings, "RENDER_CACHE_PATH")
    return Path(path) if path else Path(settings["CACHE_PATH"]) / "render"


class Uncacheable(Exception):
    """A value whose digest would differ between builds (an object shown by its address)."""


def stable_repr(value: Any) -> str:
    """``repr`` for plain values; functions by name; refuses reprs that carry an address."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    text = repr(value)
    if UNSTABLE_REPR.search(text):
        raise Uncacheable(text)
    return text


def settings_digest(settings: dict[str, Any]) -> str:
    """A digest of every setting that can change a page."""
    parts = []
    for key in sorted(settings):
        if key in NOT_INPUTS:
            continue
        try:
            parts.append(f"{key}={stable_repr(settings[key])}")
        except Uncacheable:
            # A setting shown by its address (an object): keyed by its type only; its
            # behaviour is code, covered by the plugin sources.
            parts.append(f"{key}=<{type(settings[key]).__qualname__}>")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of the names and bytes of some files."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def plugin_sources(plugins: Iterable[Any]) -> list[Path]:
    """The Python files of every enabled plugin (not its tests)."""
    files: list[Path] = []
    for module in plugins:
        if not getattr(module, "__file__", None):
            continue
        folder = Path(module.__file__).parent
        files += [p for p in folder.rglob("*.py") if not p.name.startswith("test_")]
    return files


def theme_data_files(theme: str) -> list[Path]:
    """Theme files that are neither templates nor static files: translations, mostly."""
    root = Path(theme)
    skip = {root / "templates", root / "static"}
    return [
        p
        for p in root.rglob("*")
        if p.is_file() and not any(parent in skip for parent in p.parents)
    ]


def site_key(settings: dict[str, Any], plugins: Iterable[Any]) -> str:
    """What every page of the site depends on: settings, versions, plugin code, theme data."""
    import jinja2
    import markdown
    import pelican

    versions = f"{FORMAT} {pelican.__version__} {jinja2.__version__} {markdown.__version__}"
    parts = [
        versions,
        settings_digest(settings),
        files_digest(plugin_sources(plugins)),
        files_digest(theme_data_files(settings["THEME"])),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def reference(*parts: Any) -> None:
    """Stands, in a digest, for an object written out by what a page can show of it."""


class Digester:
    """Digests of page data, remembered for the build (objects are kept alive meanwhile).

    A value is pickled (C code, fast for the strings, lists and dicts that make up most of it)
    and the bytes are hashed. Objects a page knows by a few fields are pickled as those fields
    (``reducer_override``): a tag by the digest of its name, slug and own fields, an article
    met inside another value by the digest of its own attributes, each computed once per
    build. Pickling without a memo (``fast``) makes equal values give equal bytes whatever
    object sharing they have.

    An article's own tags, authors and date are written as plain values before pickling
    (``_plain``): pickle calls back into Python for every object that is not a builtin, twice
    for each reduced one (the object, then the function naming it), and the entities of 20,000
    articles made that a million calls per build.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[int, int], tuple[Any, bytes]] = {}
        # Digests of tags, authors, categories and entities, by id (with the object, kept
        # alive so that its id is not reused).
        self._wrappers: dict[int, tuple[URLWrapper, bytes]] = {}
        self._kinds: dict[type, str] = {}
        self._nested: dict[int, list[Content]] = {}
        # The digest of each article as a list shows it (depth 1), by id (the article is kept
        # alive by ``_memo``): what the key of a page of a list is made of (``_listed_digests``).
        self._listed: dict[int, bytes] = {}
        # Attributes that point to other articles on some article (see ``learn_pointers``).
        self.pointers: frozenset[str] = frozenset()
        # Forks digesting articles, with the file each reports into; the articles they were
        # given and which of them are taken (see ``fork_digests``).
        self._forked: list[tuple[int, Path]] = []
        self._forked_over: tuple[Sequence[Content], Any] = ((), None)

    def digest(self, value: Any, depth: int = 0) -> bytes:
        """A 16-byte digest of ``value`` and everything reachable from it that a page can show.

        An article at depth 1 (in a list, or pointed to) is its own attributes, with a
        placeholder for each article it points to. At depth 0 (the article of its own page)
        those articles follow, each at depth 1: one pickling per article serves both.
        """
        key = (id(value), depth)
        found = self._memo.get(key)
        if found is not None:
            return found[1]
        cls = type(value)
        if cls in SCALARS:
            # Not remembered: a string's digest is cheaper to compute than to keep.
            return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()
        if isinstance(value, Content) and depth == 0:
            h = hashlib.blake2b(self.digest(value, 1), digest_size=16)
            for nested in self._nested[id(value)]:
                h.update(self.digest(nested, 1))
            result = h.digest()
        elif (
            depth == 0
            and cls is list
            and (
                (listed := self._listed_digests(value)) is not None
                or all(isinstance(v, Content) for v in value)
            )
        ):
            # A list page's articles (thousands for a big tag), each digested once per build:
            # found in one pass when all are (nearly always), else digested one by one.
            if listed is None:
                listed = b"".join(self.digest(item, 1) for item in value)
            result = hashlib.blake2b(b"contents" + listed, digest_size=16).digest()
        elif cls is PaginatorPage:
            # One page of a list: its articles are a slice of its paginator's whole list, fixed
            # by the page's number (the page size is in the paginator's digest, orphans in the
            # settings), so the page is its number, its names and its paginator.
            h = hashlib.blake2b(b"page", digest_size=16)
            h.update(repr((value.number, value.full_name, value.base_url)).encode())
            h.update(self.digest(value.paginator, depth))
            result = h.digest()
        else:
            nested: list[Content] = []
            data = self._own(value, nested, self.pointers) if isinstance(value, Content) else value
            result, met = self._pickled(data, depth, value)
            if isinstance(value, Content):
                self._nested[id(value)] = nested + met
                if depth == 1:
                    self._listed[id(value)] = result
        self._memo[key] = (value, result)
        return result

    def _listed_digests(self, items: list[Any]) -> bytes | None:
        """The digests of ``items`` one after the other, when each is an article digested as a
        list shows it; None otherwise.

        Found by C code alone (``map``): a page of a list is keyed by its articles, a million
        look-ups at 20,000 articles, which a loop in Python made a third of the pages' keying.
        """
        try:
            return b"".join(map(self._listed.__getitem__, map(id, items)))
        except KeyError:
            return None

    def _pickled(self, data: Any, depth: int, value: Any) -> tuple[bytes, list[Content]]:
        """The digest of ``data`` (standing for ``value``) pickled as a page sees it, and the
        articles met inside it at depth 1 and over (see ``reduce``)."""
        buffer = io.BytesIO()
        pickler = _Pickler(buffer, self, depth)
        try:
            pickler.dump(data)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as err:
            raise Uncacheable(f"{type(value).__qualname__}: {err}") from err
        return hashlib.blake2b(buffer.getvalue(), digest_size=16).digest(), pickler.nested

    def learn_pointers(self, contents: Iterable[Content]) -> None:
        """Note the attributes that point to other articles on at least one of ``contents``.

        Where such an attribute points nowhere (``None``: the newest article has no newer
        one), it is the same placeholder as where it points (see ``_own``). Otherwise adding an
        article at the top would change the data of the one that was newest, and with it every
        page of every list that shows it (a thousand pages at 1,000 articles), for output that
        stays the same. Learnt from the whole list before any page is keyed, in every process.
        """
        found: set[str] = set()
        for content in contents:
            # The tests of ``_pointed_to``, inline: a function call for each value that is not
            # a string or a number (350,000 at 20,000 articles) was a third of this, which runs
            # twice a build. A list of tags is passed over at its first item.
            for name, value in vars(content).items():
                kind = type(value)
                if kind in SCALARS:
                    continue
                if kind is list or kind is tuple:
                    if (
                        value
                        and name not in found
                        and isinstance(value[0], Content)
                        and all(isinstance(item, Content) for item in value)
                    ):
                        found.add(name)  # (an empty list says nothing: a placeholder anyway)
                elif isinstance(value, Content) or (
                    isinstance(value, (list, tuple)) and _pointed_to(value)  # (a subclass)
                ):
                    found.add(name)
        pointers = frozenset(found)
        if pointers != self.pointers:
            self._memo.clear()
            self._nested.clear()
            self._listed.clear()
            self.pointers = pointers

    def digest_all(self, contents: Sequence[Content], processes: int) -> None:
        """Digest every one of ``contents`` as listed (depth 1) now, split between processes.

        Every page process meets nearly every article (in lists, or as the related article of
        another), so each would digest them all; digested here, by forks that send back the
        digests and which of ``contents`` each article points to, the page processes forked
        afterwards inherit them. An article that cannot be digested, or that points to content
        not in ``contents``, is left to be digested when a page needs it.
        """
        forks = processes - 1
        self.fork_digests(contents, forks)
        self.collect_digests()

    def fork_digests(self, contents: Sequence[Content], forks: int) -> None:
        """Start ``forks`` processes digesting ``contents`` (see ``digest_all``) from the
        start; ``collect_digests`` takes what they found.

        Forked before Pelican's generators write (``get_writer``), they digest on the other
        cores while this process records the pages to write. ``collect_digests`` then digests
        from the end until it meets them: a byte per article in memory shared with the forks
        says which are taken, so no article waits for a busy process while another is idle.
        """
        if forks < 1 or not contents:
            return
        position = {id(content): i for i, content in enumerate(contents)}
        taken = mmap.mmap(-1, len(contents))
        for share in range(forks):
            result = Path(tempfile.mkstemp(prefix="render-cache-", suffix=".pickle")[1])
            pid = os.fork()
            if pid == 0:  # the child: digest its share, report, never return into Pelican
                status = 0
                try:
                    found = []
                    for i in range(share, len(contents), forks):
                        if taken[i]:
                            break  # the parent took the rest, from the end
                        taken[i] = 1
                        with contextlib.suppress(Uncacheable):
                            digest = self.digest(contents[i], 1)
                            nested = [position.get(id(c)) for c in self._nested[id(contents[i])]]
                            if None not in nested:
                                found.append((i, digest, nested))
                    with result.open("wb") as f:
                        pickle.dump(found, f, protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # the parent digests on demand what is missing
                    status = 1
                finally:
                    os._exit(status)
            self._forked.append((pid, result))
        self._forked_over = (contents, taken)

    @property
    def forked(self) -> bool:
        """Whether forks are digesting articles for this process."""
        return bool(self._forked)

    def collect_digests(self, digest_rest: bool = True) -> None:
        """Digest from the end what the forks of ``fork_digests`` have not taken (unless
        ``digest_rest`` is false); wait for them and remember the digests they sent back.

        Call ``learn_pointers`` after: it drops them if the articles' pointers changed since.
        """
        if not self._forked:
            return
        forked, self._forked = self._forked, []
        contents, taken = self._forked_over
        if not digest_rest:
            taken[:] = b"\1" * len(taken)  # the forks stop at their next article
        for i in range(len(contents) - 1, -1, -1):
            if taken[i]:
                break  # a fork has it; the forks go up, so they have all below
            taken[i] = 1
            with contextlib.suppress(Uncacheable):
                self.digest(contents[i], 1)
        for pid, result in forked:
            _, status = os.waitpid(pid, 0)
            try:
                if status == 0:
                    with result.open("rb") as f:
                        for i, digest, nested in pickle.load(f):
                            content = contents[i]
                            self._memo[(id(content), 1)] = (content, digest)
                            self._listed[id(content)] = digest
                            self._nested[id(content)] = [contents[j] for j in nested]
            except (OSError, EOFError, pickle.PickleError) as err:
                logger.debug("render cache: digests of process %d lost (%s)", pid, err)
            finally:
                result.unlink(missing_ok=True)
        taken.close()
        self._forked_over = ((), None)

    def reduce(self, value: Any, pickler: _Pickler) -> Any:
        """How ``value`` is pickled into a digest (``NotImplemented``: as pickle does)."""
        cls = type(value)
        kind = self._kinds.get(cls)
        if kind is None:
            kind = self._kinds[cls] = _kind(cls)
        if kind == "native":
            return NotImplemented
        depth = pickler.depth
        if kind == "content":
            if depth >= 1:
                # Inside an article: another article. Not even its name: which articles an
                # article points to is part of its own page's key (see ``digest``), and nothing
                # else shows them; naming them here would render every list page showing an
                # article again whenever its related articles change.
                pickler.nested.append(value)
                return reference, ("content",)
            return reference, ("content", self.digest(value, depth + 1))
        if kind == "wrapper":
            return reference, (WRAPPER, self.wrapper_digest(value))
        if kind == "paginator":
            # The paginator's list is the page's whole list; its settings are in the site key.
            return reference, (
                "paginator",
                value.name,
                value.url,
                value.per_page,
                self.digest(value.object_list, depth),
            )
        attributes = getattr(value, "__dict__", None)
        if attributes and not SKIPPED_ATTRIBUTES.isdisjoint(attributes):
            own = {k: v for k, v in attributes.items() if k not in SKIPPED_ATTRIBUTES}
            return reference, (cls.__qualname__, own)
        return NotImplemented

    def wrapper_digest(self, wrapper: URLWrapper) -> bytes:
        """The digest of a tag, author, category or entity: its name, slug and own fields."""
        found = self._wrappers.get(id(wrapper))
        if found is not None:
            return found[1]
        # The slug is computed on first use: ask for it, so that the digest does not depend on
        # whether something read it before.
        extra = {k: v for k, v in vars(wrapper).items() if k not in URLWRAPPER_OWN}
        data = (type(wrapper).__qualname__, wrapper.name, wrapper.slug, extra)
        digest, _ = self._pickled(data, 1, wrapper)
        self._wrappers[id(wrapper)] = (wrapper, digest)
        return digest

    def _plain(self, value: Any) -> Any:
        """An attribute's value as a page can show it, in builtin types where that is cheap:
        a tag (or a list of tags) as its digest, a date as its repr; else the value itself."""
        kind = type(value)
        if kind is list:
            if not value:
                return value
            # The digests looked up here, not through a call: 700,000 tags at 20,000 articles.
            # (An object that is not a wrapper has no entry: the wrappers are kept alive, so
            # no other object has the id of one.)
            wrappers = self._wrappers
            digests = []
            for item in value:
                found = wrappers.get(id(item))
                if found is not None:
                    digests.append(found[1])
                elif isinstance(item, URLWrapper):
                    digests.append(self.wrapper_digest(item))
                else:
                    return value
            return WRAPPERS, b"".join(digests)
        elif isinstance(value, URLWrapper):
            return WRAPPER, self.wrapper_digest(value)
        elif isinstance(value, datetime):
            text = repr(value)  # class, fields and time zone
            if not UNSTABLE_REPR.search(text):
                return DATE, text
        return value

    def _own(
        self, content: Content, nested: list[Content], pointers: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """An article's or page's own attributes; the articles it points to go to ``nested``.

        An attribute holding articles (related, previous, next) becomes a placeholder, whether
        it holds none, one or several, or is ``None`` where other articles' ``pointers`` hold
        one: which they are is added on the article's own page (``digest`` at depth 0), and is
        not the data of a list showing the article.

        Pelican copies every metadata value to an attribute of the same name: a value that is
        the attribute itself is written once. Links to other content (``{filename}``...) are
        resolved at render time, so for such content the resolved HTML is part of the data.
        """
        attributes = vars(content)
        own: dict[str, Any] = {}
        for name, value in sorted(attributes.items()):
            if name in SKIPPED_ATTRIBUTES:
                continue
            if type(value) in SCALARS:  # most of them: no article, no tag
                if value is None and name in pointers:
                    value = POINTS_TO
            else:
                plain = self._plain(value)  # (tags first: lists of them are the most common)
                pointed = _pointed_to(value) if plain is value else None
                if pointed is not None:
                    nested += pointed
                    value = POINTS_TO
                else:
                    value = plain
            own[name] = value
        own["metadata"] = {
            k: self._plain(v)
            for k, v in getattr(content, "metadata", {}).items()
            if attributes.get(k, MISSING) is not v
        }
        own["\0class"] = type(content).__qualname__
        # The HTML as UTF-8 bytes, as pickling text would write it: an article from the
        # speedups plugin's cache holds those bytes until a page reads its text.
        html = own.get("_content")
        if type(html) is str:
            html = own["_content"] = html.encode("utf-8")
        if html and (b"{" in html or b"|" in html) and INTRASITE_LINK.search(content._content):
            own["\0html"] = content.content
        return own


def _pointed_to(value: Any) -> list[Content] | None:
    """The articles an attribute's value points to (one, or a list or tuple of them, maybe
    none); None when the value is something else."""
    if isinstance(value, Content):
        return [value]
    if isinstance(value, list | tuple) and all(isinstance(v, Content) for v in value):
        return list(value)
    return None


def _kind(cls: type) -> str:
    """How the digest treats instances of ``cls``: see ``Digester.reduce``."""
    if issubclass(cls, Content):
        return "content"
    if issubclass(cls, URLWrapper):
        return "wrapper"
    if issubclass(cls, Paginator):
        return "paginator"
    if issubclass(cls, (type, datetime, tzinfo)) or cls.__name__ == "function":
        return "native"  # pickled by reference or by value, as pickle does
    return "object"


class _Pickler(pickle.Pickler):
    """A pickler that writes Pelican's objects as a page sees them (see ``Digester``)."""

    def __init__(self, file: io.BytesIO, digester: Digester, depth: int) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True
        self.digester = digester
        self.depth = depth
        self.nested: list[Content] = []

    def reducer_override(self, obj: Any) -> Any:
        return self.digester.reduce(obj, self)


class TemplateInputs:
    """For a template: the templates it is made of, the variables they read, and how."""

    def __init__(self) -> None:
        self._memo: dict[tuple[int, str], tuple[str, tuple[str, ...]]] = {}
        self._uses: dict[tuple[int, str], dict[str, frozenset[tuple[str, ...]]]] = {}
        self._parts: dict[tuple[int, str, str], tuple[str, frozenset[str], tuple, dict]] = {}

    def of(self, template: Any) -> tuple[str, tuple[str, ...]]:
        """(digest of the sources of the template and its parts, names of variables read)."""
        env = template.environment
        key = (id(env), template.name)
        if key not in self._memo:
            self._memo[key], self._uses[key] = self._closure(env, template.name)
        return self._memo[key]

    def uses(self, template: Any) -> dict[str, frozenset[tuple[str, ...]]]:
        """How the template and its parts use each variable (see ``variable_uses``)."""
        self.of(template)
        return self._uses[(id(template.environment), template.name)]

    def _part(self, env: Any, name: str) -> tuple[str, frozenset[str], tuple, dict]:
        """One template: its source, the variables it reads, the templates it refers to, and
        how it uses each variable."""
        key = (id(env), "\0part", name)
        if key not in self._parts:
            source = env.loader.get_source(env, name)[0]
            tree = env.parse(source)
            self._parts[key] = (
                source,
                frozenset(meta.find_undeclared_variables(tree)),
                tuple(meta.find_referenced_templates(tree)),
                variable_uses(tree),
            )
        return self._parts[key]

    def _closure(
        self, env: Any, name: str
    ) -> tuple[tuple[str, tuple[str, ...]], dict[str, frozenset[tuple[str, ...]]]]:
        seen: set[str] = set()
        names: set[str] = set()
        uses: dict[str, set[tuple[str, ...]]] = {}
        todo = [name]
        digest = hashlib.sha256()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            source, variables, references, part_uses = self._part(env, current)
            digest.update(f"{current}\0{source}\0".encode())
            names |= variables
            for variable, found in part_uses.items():
                uses.setdefault(variable, set()).update(found)
            for referenced in references:
                if referenced is None:
                    # A template chosen at render time: the page depends on all of them.
                    todo += env.list_templates()
                else:
                    todo.append(referenced)
        frozen = {variable: frozenset(found) for variable, found in uses.items()}
        return (digest.hexdigest(), tuple(sorted(names))), frozen


# Where a use of a variable only asks whether it is there, or true: its value is not shown.
_TESTS_OF_PRESENCE = frozenset({"defined", "undefined", "none"})
# Filters that show only how long a list is.
_LENGTH_FILTERS = frozenset({"length", "count"})
# What a ``paginator.page(n)`` may be asked for without showing its articles.
_PAGE_PLACES = frozenset({"url", "save_as", "number", "full_name", "base_url", "base_name"})
_PAGE_PLACE_USES = frozenset(("getattr", name) for name in _PAGE_PLACES)
# What of a stable page (``paginator.stable``) shows its place in the whole list, whose length
# then counts.
_PLACE_IN_LIST = frozenset({"start_index", "end_index", "paginator"})
# What a paginator may be asked for without showing its articles.
_PAGINATOR_FIELDS = frozenset(
    {"name", "url", "per_page", "orphans", "count", "num_pages", "page_range", "settings"}
)


def variable_uses(tree: Any) -> dict[str, set[tuple[str, ...]]]:
    """For each variable a template loads, how each occurrence uses it.

    ``("getattr", name)``: its attribute ``name``; ``("page-place",)``: ``v.page(n).url`` and
    the like; ``("filter", name)``; ``("test", name)`` for ``v is defined``;
    ``("truth",)`` where only its truth counts (``if v``, ``not v``, ``v and w`` inside a
    condition); ``("other",)`` for anything else: shown, passed to a macro or filter,
    assigned, indexed. The render cache keys a list page by its own slice of articles only
    when no use could show more (``CachingWriter._summary``).
    """
    uses: dict[str, set[tuple[str, ...]]] = {}

    def truth_position(node: Any, ancestors: list[Any]) -> bool:
        """Whether the value of ``node`` is used for its truth only."""
        child = node
        for parent in reversed(ancestors):
            if isinstance(parent, nodes.Not):
                return True
            if isinstance(parent, (nodes.If, nodes.CondExpr)) and parent.test is child:
                return True
            if isinstance(parent, nodes.For) and parent.test is child:
                return True
            if not isinstance(parent, (nodes.And, nodes.Or)):
                return False  # ("a or b" shows a or b where it is not a condition)
            child = parent
        return False

    def use(node: Any, ancestors: list[Any]) -> tuple[str, ...]:
        parent = ancestors[-1] if ancestors else None
        if isinstance(parent, nodes.Getattr) and parent.node is node:
            if parent.attr == "page" and len(ancestors) >= 3:
                call, place = ancestors[-2], ancestors[-3]
                if (
                    isinstance(call, nodes.Call)
                    and call.node is parent
                    and isinstance(place, nodes.Getattr)
                    and place.node is call
                    and place.attr in _PAGE_PLACES
                ):
                    return ("page-place",)
            return ("getattr", parent.attr)
        if isinstance(parent, nodes.Filter) and parent.node is node:
            return ("filter", parent.name)
        if isinstance(parent, nodes.Test) and parent.node is node:
            return ("test", parent.name)
        if truth_position(node, ancestors):
            return ("truth",)
        return ("other",)

    def visit(node: Any, ancestors: list[Any]) -> None:
        if isinstance(node, nodes.Name) and node.ctx == "load":
            uses.setdefault(node.name, set()).add(use(node, ancestors))
        ancestors.append(node)
        for child in node.iter_child_nodes():
            visit(child, ancestors)
        ancestors.pop()

    visit(tree, [])
    return uses


def _only_asks_presence(found: tuple[str, ...]) -> bool:
    return found == ("truth",) or (found[0] == "test" and found[1] in _TESTS_OF_PRESENCE)


def summary_kind(value: Any, uses: frozenset[tuple[str, ...]] | None) -> str | None:
    """How a page may digest ``value`` given how its templates use it; None: whole.

    Asked for each variable of each page (120,000 times at 20,000 articles) with a handful of
    ``uses`` per site: the answer depends only on them and on what ``value`` is, and is
    remembered for the two (``_summary_kind``).

    * ``"place"``: a page of a list asked only where it is (``next_page.url``): its number
      and names.
    * ``"page"``: a page of a list used for anything but its ``paginator``: its number, its
      paginator's size and its own articles (not the whole list).
    * ``"paginator"``: a paginator asked only for its size, its names and its pages' URLs.
    * ``"length"``: a list whose length only is shown (``articles|length``).
    """
    if not uses:
        return None
    if isinstance(value, PaginatorPage):
        shape = "page"
    elif isinstance(value, Paginator):
        shape = "paginator"
    elif isinstance(value, list | tuple):
        shape = "list"
    else:
        return None
    return _summary_kind(shape, uses)


@lru_cache(maxsize=1024)
def _summary_kind(shape: str, uses: frozenset[tuple[str, ...]]) -> str | None:
    """``summary_kind`` for a value of this shape (a page of a list, a paginator, a list)."""
    if shape == "page":
        if all(_only_asks_presence(u) or u in _PAGE_PLACE_USES for u in uses):
            return "place"
        if all(_only_asks_presence(u) or (u[0] == "getattr" and u[1] != "paginator") for u in uses):
            return "page"
    elif shape == "paginator":
        if all(
            _only_asks_presence(u)
            or u == ("page-place",)
            or (u[0] == "getattr" and u[1] in _PAGINATOR_FIELDS)
            for u in uses
        ):
            return "paginator"
    elif all(
        _only_asks_presence(u) or (u[0] == "filter" and u[1] in _LENGTH_FILTERS) for u in uses
    ):
        return "length"
    return None


class RenderCache:
    """The keys of the files written by the last build, and their hard-linked copies."""

    def __init__(self, root: Path, site: str, load: bool) -> None:
        self.root = root
        self.site = site
        self.files = root / "files"
        self.index_path = root / "index.pickle"
        self.previous: dict[str, tuple[bytes, int, int]] = {}
        if load:
            try:
                with self.index_path.open("rb") as f:
                    stored = pickle.load(f)
                if stored.get("format") == FORMAT and stored.get("site") == site:
                    self.previous = stored["files"]
            except (OSError, pickle.PickleError, EOFError, AttributeError, KeyError) as err:
                logger.debug("render cache: none loaded from %s (%s)", self.index_path, err)
        self.current: dict[str, tuple[bytes, int, int]] = {}
        self.reused = 0
        self.rendered = 0

    def fetch(self, relative: str, key: bytes, target: str) -> bool:
        """Put the cached file for ``key`` at ``target``; False when there is none."""
        entry = self.previous.get(relative)
        if entry is None or entry[0] != key:
            return False
        stored = os.path.join(self.files, relative)
        try:
            stat = os.stat(stored)
            if (stat.st_size, stat.st_mtime_ns) != entry[1:]:
                return False  # changed since it was cached: not to be trusted
            if not _is_file(target, stat):
                _place(stored, target)
        except OSError as err:
            logger.debug("render cache: cannot reuse %s (%s)", relative, err)
            return False
        self.current[relative] = entry
        self.reused += 1
        return True

    def store(self, relative: str, key: bytes, written: str) -> None:
        """Keep the file just written at ``written`` for the next build."""
        stored = os.path.join(self.files, relative)
        try:
            _place(written, stored)
            stat = os.stat(stored)
        except OSError as err:
            logger.debug("render cache: cannot keep %s (%s)", relative, err)
            return
        self.current[relative] = (key, stat.st_size, stat.st_mtime_ns)
        self.rendered += 1

    def save(self) -> None:
        """Write the index of this build; forget files this build did not write."""
        for relative in self.previous.keys() - self.current.keys():
            with contextlib.suppress(OSError):
                (self.files / relative).unlink()
        self.root.mkdir(parents=True, exist_ok=True)
        partial = self.index_path.with_suffix(".tmp")
        with partial.open("wb") as f:
            pickle.dump(
                {"format": FORMAT, "site": self.site, "files": self.current},
                f,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(partial, self.index_path)


def _is_file(path: str, stat: os.stat_result) -> bool:
    """Whether ``path`` already is the file of ``stat``: most pages of a rebuild in place.

    One ``stat``, where linking first would fail and ask :func:`os.path.samefile` (three system
    calls and an exception, 0.4 s of a rebuild at 20,000 articles).
    """
    try:
        there = os.stat(path)
    except OSError:
        return False
    return there.st_ino == stat.st_ino and there.st_dev == stat.st_dev


def _place(source: str, target: str) -> None:
    """Make ``target`` the file ``source`` is: a hard link, or a copy across file systems.

    Tries the link first (most targets are new files in existing folders), so that reusing
    60,000 pages costs about one system call each.
    """
    try:
        os.link(source, target)
        return
    except FileExistsError:
        if os.path.samefile(source, target):
            return
        os.unlink(target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except OSError:  # another file system: no hard links
        shutil.copy2(source, target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@dataclass
class PageJob:
    """A page to render: its template, the site's context and what the page adds to it.

    ``unkeyed``: the key is still to be computed, and last build's file reused if it matches.
    """

    name: str
    path: str
    key: bytes | None
    template: Any
    context: dict[str, Any]
    overrides: dict[str, Any]
    unkeyed: bool = False


@dataclass
class FeedJob:
    """A feed to write: its entries and what Pelican's ``write_feed`` was given."""

    name: str
    path: str
    key: bytes | None
    elements: list[Any]
    context: dict[str, Any]
    url: str | None
    feed_type: str
    feed_title: str | None
    unkeyed: bool = False


def _run_child(writer: CachingWriter, jobs: list[PageJob | FeedJob], result: Path) -> NoReturn:
    """In a forked process: do ``jobs``, pickle the cache entries and counts (or error), exit."""
    status = 0
    try:
        report: dict[str, Any] = {"files": {}, "rendered": 0, "reused": 0}
        if writer.cache is not None:
            writer.cache.current = report["files"]
            writer.cache.rendered = writer.cache.reused = 0
        writer._run(jobs)
        if writer.cache is not None:
            report.update(rendered=writer.cache.rendered, reused=writer.cache.reused)
    except BaseException as err:
        report = {"error": "".join(traceback.format_exception(err))}
        status = 1
    try:
        with result.open("wb") as f:
            pickle.dump(report, f, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(status)


class Announcer:
    """``signal.send(sender, context=...)``, for a signal sent once per page with a new sender
    (the page's path) each time.

    Blinker's ``send`` finds, for each page, the receivers connected to any sender and to that
    one: a set copied and weak references followed, 0.6 s of a build's 72,000 pages. While
    every receiver listens to any sender (as pelican-sitemap's does), they are found once and
    called directly, found again whenever the receivers change, and left to ``send`` when one
    listens to particular senders.
    """

    def __init__(self, signal: Any) -> None:
        self.signal = signal
        self._known: tuple[Any, ...] | None = None
        self._receivers: list[Any] | None = None

    def __call__(self, sender: Any, context: dict[str, Any]) -> None:
        signal = self.signal
        if signal.is_muted:
            return
        known = tuple(signal.receivers)
        if known != self._known:
            receivers = list(signal.receivers_for(ANY))
            self._receivers = receivers if len(receivers) == len(known) else None
            self._known = known
        if self._receivers is None:
            signal.send(sender, context=context)
            return
        for receiver in self._receivers:
            receiver(sender, context=context)


class CachingWriter(Writer):
    """Pelican's writer, reusing files whose key is unchanged since the last build.

    ``write_file`` follows Pelican 4.12's (pagination, relative URLs, ``content_written``
    for every file, cached or not, so that the sitemap still sees every page).
    """

    cache: RenderCache | None = None
    digester = Digester()
    templates = TemplateInputs()
    processes = 1
    current: CachingWriter | None = None
    # The finished articles, between ``all_generators_finalized`` and ``get_writer``.
    articles: Sequence[Content] = []

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        # Pages and feeds are keyed, and reused or rendered, at ``flush``: all with the same
        # finished context, whether in one process or several (a key taken while generators
        # still add to the context would differ from one taken after).
        self.jobs: list[PageJob | FeedJob] | None = []
        self._shared: dict[tuple[int, ...], tuple[tuple[Any, ...], bytes]] = {}
        self._announce = Announcer(signals.content_written)
        CachingWriter.current = self

    def _may_write(self, path: str, override: bool) -> bool:
        """Pelican's rule for a path written twice (``Writer._open_w``); False: skip it."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it previously'
                " (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    def _key(
        self, template: Any, name: str, context: dict[str, Any], overrides: dict[str, Any]
    ) -> bytes | None:
        """Everything the page at ``name`` is made of; None when it cannot be told.

        The variables the page takes from the site's context (settings, site-wide lists) are
        the same objects for every page of a template: digested once per build.
        """
        sources, names = self.templates.of(template)
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{sources}\0{name}\0".encode())
        try:
            shared_names = tuple(n for n in names if n not in overrides)
            shared = tuple(context.get(n, MISSING) for n in shared_names)
            memo = (id(template), id(context), *map(id, shared))
            found = self._shared.get(memo)
            if found is None:
                digest = hashlib.blake2b(repr(shared_names).encode())
                digest.update(b"".join(map(self.digester.digest, shared)))
                # The values are kept, so that their ids are not reused while remembered.
                found = self._shared[memo] = (shared, digest.digest())
            h.update(found[1])
            uses = self.templates.uses(template)
            for variable in names:
                if variable in overrides:
                    h.update(variable.encode())
                    h.update(self._summary(overrides[variable], uses.get(variable)))
        except Uncacheable as err:
            logger.debug("render cache: %s not cacheable (%s)", name, err)
            return None
        return h.digest()

    def _summary(self, value: Any, uses: frozenset[tuple[str, ...]] | None) -> bytes:
        """The digest of a page's own variable: of what its templates can show of it.

        A page of a list is not keyed by the whole list (see ``summary_kind``): editing an
        article then renders again the pages that show it (and their neighbours, whose
        previous and next pages do), not every page of every list it is in.
        """
        kind = summary_kind(value, uses)
        if kind is None:
            return self.digester.digest(value)
        h = hashlib.blake2b(kind.encode(), digest_size=16)
        if kind == "length":
            h.update(repr(len(value)).encode())
            return h.digest()
        if kind == "place":
            h.update(repr((value.number, value.full_name, value.url, value.save_as)).encode())
            return h.digest()
        page = value if kind == "page" else None
        paginator = value.paginator if page is not None else value
        fields = (paginator.name, paginator.url, paginator.per_page, paginator.orphans)
        # A stable paginator's page (plugins/stable_pagination) holds the same articles however
        # long the list grows: unless the page shows its place in the list, its length does
        # not count, and adding an article renders the newest page of each list, not all.
        shows_place = any(u[0] == "getattr" and u[1] in _PLACE_IN_LIST for u in uses or ())
        if page is None or not getattr(paginator, "stable", False) or shows_place:
            h.update(repr((*fields, paginator.count)).encode())
        else:
            h.update(repr((*fields, page.has_previous(), page.has_next())).encode())
        if page is not None:
            h.update(repr((page.number, page.full_name, page.base_url)).encode())
            h.update(self.digester.digest(page.object_list))
        return h.digest()

    def _write(
        self,
        template: Any,
        context: dict[str, Any],
        overrides: dict[str, Any],
        name: str,
        override: bool,
    ) -> None:
        """Reuse the file at ``name``, or render it (now, or with the other jobs: ``flush``)."""
        localcontext = context.copy()
        localcontext.update(overrides)
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        if not self._may_write(path, override):
            self._announce(path, localcontext)
            return
        cache = self.cache
        if self.jobs is not None and not localcontext["localsiteurl"]:
            # Keyed and reused, or rendered, later, maybe in another process: keep what makes
            # the page, not a copy of the whole context per page.
            self.jobs.append(
                PageJob(name, path, None, template, context, overrides, cache is not None)
            )
        else:
            key = self._key(template, name, context, overrides) if cache else None
            if cache is not None and key is not None and cache.fetch(name, key, path):
                logger.debug('Reusing "%s"', path)
            else:
                self._render_page(template, localcontext, name, path, key)
        self._announce(path, localcontext)

    def _render_page(
        self, template: Any, localcontext: dict[str, Any], name: str, path: str, key: bytes | None
    ) -> None:
        try:
            output = template.render(localcontext)
        except Exception as err:
            err.add_note(f"while rendering {name} from template {template.name}")
            raise
        with _open_fresh(path) as f:
            f.write(output)
        logger.info('Writing "%s"', path)
        if self.cache is not None and key is not None:
            self.cache.store(name, key, path)

    def _render_feed(self, job: FeedJob) -> None:
        """Pelican's ``write_feed``, for a feed recorded by ``write_feed``."""
        context = job.context
        self.site_url = context.get("SITEURL", path_to_url(get_relative_path(job.name)))
        self.feed_domain = context.get("FEED_DOMAIN")
        self.feed_url = self.urljoiner(self.feed_domain, job.url or job.name)
        feed = self._create_new_feed(job.feed_type, job.feed_title, context)
        for element in job.elements[: self.settings["FEED_MAX_ITEMS"]]:
            self._add_item_to_the_feed(feed, element)
        with _open_fresh(job.path) as fp:
            feed.write(fp, "utf-8")
        logger.info('Writing "%s"', job.path)
        if self.cache is not None and job.key is not None:
            self.cache.store(job.name, job.key, job.path)

    def _reuse(self, job: PageJob | FeedJob) -> bool:
        """Key a recorded job; True when last build's file for that key is now in place."""
        if isinstance(job, FeedJob):
            job.key = self._feed_key(
                job.elements, job.context, job.name, job.url, job.feed_type, job.feed_title
            )
        else:
            job.key = self._key(job.template, job.name, job.context, job.overrides)
        if self.cache is None or job.key is None:
            return False
        if self.cache.fetch(job.name, job.key, job.path):
            logger.debug('Reusing "%s"', job.path)
            return True
        return False

    def _run(self, jobs: list[PageJob | FeedJob]) -> None:
        for job in jobs:
            if job.unkeyed and self._reuse(job):
                continue
            if isinstance(job, FeedJob):
                self._render_feed(job)
            else:
                localcontext = job.context.copy()
                localcontext.update(job.overrides)
                self._render_page(job.template, localcontext, job.name, job.path, job.key)

    def flush(self) -> None:
        """Key, reuse or render the recorded jobs in ``RENDER_CACHE_PROCESSES`` processes;
        write directly after.

        The other processes are forks: they share the finished context (articles, templates)
        without pickling it, each does every n-th job, and sends back only the cache entries
        of the files it placed and its counts.
        """
        resume_collector()
        jobs, self.jobs = self.jobs or [], None
        articles = next((job.context.get("articles") for job in jobs), None) or []
        digested = self.digester.forked
        self.digester.collect_digests()
        self.digester.learn_pointers(articles)
        processes = min(self.processes, max(1, len(jobs) // FORK_MIN_JOBS))
        if processes <= 1 or not hasattr(os, "fork"):
            self._run(jobs)
            return
        if self.cache is not None and not digested:
            self.digester.digest_all(articles, processes)
        children = []
        for worker in range(1, processes):
            result = Path(tempfile.mkstemp(prefix="render-cache-", suffix=".pickle")[1])
            pid = os.fork()
            if pid == 0:  # the child: render its share, report, never return into Pelican
                _run_child(self, jobs[worker::processes], result)
            children.append((pid, result))
        failure: BaseException | None = None
        try:
            self._run(jobs[0::processes])
        except BaseException as err:
            failure = err
        for pid, result in children:
            os.waitpid(pid, 0)
            try:
                with result.open("rb") as f:
                    report = pickle.load(f)
            except (OSError, EOFError, pickle.PickleError) as err:
                report = {"error": f"the render process {pid} left no report ({err})"}
            finally:
                result.unlink(missing_ok=True)
            if "error" in report and failure is None:
                failure = RuntimeError(f"Rendering failed in another process: {report['error']}")
            elif self.cache is not None and "files" in report:
                self.cache.current.update(report["files"])
                self.cache.rendered += report["rendered"]
                self.cache.reused += report["reused"]
        if failure is not None:
            raise failure

    def write_file(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: dict[str, Any] | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Render the template and write the file, or reuse last build's identical file."""
        if not name:
            return

        def localcontext_for(name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
            """What the page's context adds to the site's (Pelican's ``_get_localcontext``)."""
            overrides = {"localsiteurl": context.get("localsiteurl")}
            if relative_urls:
                relative_url = path_to_url(get_relative_path(name))
                overrides["SITEURL"] = relative_url
                overrides["localsiteurl"] = relative_url
            overrides["output_file"] = name
            overrides.update(kwargs)
            return overrides

        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}

        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            self._write(template, context, localcontext_for(name, kwargs), name, override_output)
            return

        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        # Through Pelican's writer module: a plugin may give it another paginator
        # (plugins/stable_pagination).
        paginators = {
            key: writers.Paginator(name, url, val, self.settings, per_page)
            for key, val in paginated.items()
        }
        for page_num in range(next(iter(paginators.values())).num_pages):
            paginated_kwargs = kwargs.copy()
            for key, paginator in paginators.items():
                previous_page = paginator.page(page_num) if page_num > 0 else None
                page = paginator.page(page_num + 1)
                next_page = (
                    paginator.page(page_num + 2) if page_num + 1 < paginator.num_pages else None
                )
                paginated_kwargs.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": previous_page,
                        f"{key}_next_page": next_page,
                    }
                )
            self._write(
                template,
                context,
                localcontext_for(page.save_as, paginated_kwargs),
                page.save_as,
                override_output,
            )

    def _feed_key(
        self,
        elements: list[Any],
        context: dict[str, Any],
        path: str,
        url: str | None,
        feed_type: str,
        feed_title: str | None,
    ) -> bytes | None:
        """Everything a feed is made of: its entries and the site fields it prints; None when
        that cannot be told."""
        h = hashlib.blake2b(digest_size=16)
        h.update(f"feed\0{path}\0{url}\0{feed_type}\0{feed_title}\0".encode())
        for name in ("SITEURL", "FEED_DOMAIN", "SITENAME", "SITESUBTITLE"):
            h.update(repr(context.get(name)).encode())
        try:
            h.update(self.digester.digest(list(elements[: self.settings["FEED_MAX_ITEMS"]])))
        except Uncacheable:
            return None
        return h.digest()

    def write_feed(
        self,
        elements: list[Any],
        context: dict[str, Any],
        path: str | None = None,
        url: str | None = None,
        feed_type: str = "atom",
        override_output: bool = False,
        feed_title: str | None = None,
    ) -> Any:
        """Write a feed, or reuse last build's identical one (when no plugin edits feeds)."""
        cache = self.cache
        cacheable = (
            cache is not None
            and path
            and not (signals.feed_generated.receivers or signals.feed_written.receivers)
        )
        if cacheable and self.jobs is not None:
            # Keyed and reused, or written, with the pages, maybe in another process.
            complete_path = sanitised_join(self.output_path, path)
            if self._may_write(complete_path, override_output):
                self.jobs.append(
                    FeedJob(
                        path,
                        complete_path,
                        None,
                        list(elements),
                        context,
                        url,
                        feed_type,
                        feed_title,
                        unkeyed=True,
                    )
                )
            return None
        key = None
        if cacheable:
            key = self._feed_key(elements, context, path, url, feed_type, feed_title)
        if cache is None or key is None:
            return super().write_feed(
                elements, context, path, url, feed_type, override_output, feed_title
            )
        complete_path = sanitised_join(self.output_path, path)
        if complete_path not in self._written_files and cache.fetch(path, key, complete_path):
            self._written_files.add(complete_path)
            return None
        if not self._may_write(complete_path, override_output):
            return None
        job = FeedJob(path, complete_path, key, list(elements), context, url, feed_type, feed_title)
        self._render_feed(job)
        return None


def _open_fresh(path: str) -> Any:
    """Open ``path`` for writing as a new file: it may be a hard link to the cache, which must
    never be written through."""
    if os.path.lexists(path) and not os.path.isdir(path):
        os.unlink(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return open(path, "w", encoding="utf-8")


def add_defaults(pelican: Any) -> None:
    """Signal handler: defaults; open the cache; drop reader caches made under other settings."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    resume_collector()  # (an earlier build stopped while recording)
    thaw_collector()
    CachingWriter.cache = None
    CachingWriter.digester.collect_digests(digest_rest=False)  # an earlier build failed
    CachingWriter.digester = Digester()
    CachingWriter.articles = []
    if not setting(settings, "RENDER_CACHE_ENABLED"):
        return
    site = site_key(settings, pelican.plugins)
    root = cache_path(settings)
    marker = root / "site-key"
    try:
        previous = marker.read_text("ascii")
    except OSError:
        previous = ""
    if previous != site:
        # Pelican's content caches do not notice settings or version changes (Markdown
        # extensions, for one): start them afresh with the rest.
        for name in CONTENT_CACHES:
            Path(settings["CACHE_PATH"], name).unlink(missing_ok=True)
        root.mkdir(parents=True, exist_ok=True)
        marker.write_text(site, "ascii")
    CachingWriter.cache = RenderCache(root, site, load=settings.get("LOAD_CONTENT_CACHE", False))
    CachingWriter.processes = int(
        setting(settings, "RENDER_CACHE_PROCESSES") or os.cpu_count() or 1
    )


# Whether this plugin paused Python's cycle collector while the generators record pages, and
# whether it froze what they recorded when it resumed it.
_collector_paused = False
_collector_froze = False


def pause_collector() -> None:
    """Pause the cycle collector while the generators record pages, if it runs.

    Recording keeps every page's job until the pages are rendered (72,000 at 20,000 articles),
    so the collections that the allocations set off free nothing and walk more each time: four
    full ones, 0.55 s of a rebuild's 2.6 s of recording. Resumed when the pages are flushed, or
    when the next build starts if this one stopped before.
    """
    global _collector_paused
    if gc.isenabled():
        gc.disable()
        _collector_paused = True


def resume_collector() -> None:
    """Resume the cycle collector if :func:`pause_collector` paused it.

    What was made meanwhile (the recorded pages: 72,000 at 20,000 articles) is frozen first,
    out of the collector's sight until the next build (``add_defaults``): it is all young, and
    the first collections after the pause walked it three times, 0.77 s of the flush, to free
    nothing. (The render processes forked then do not copy the memory those walks touch.)
    """
    global _collector_paused, _collector_froze
    if _collector_paused:
        gc.freeze()
        _collector_froze = True
        gc.enable()
        _collector_paused = False


def thaw_collector() -> None:
    """Give back to the collector what :func:`resume_collector` froze in an earlier build (a
    process that builds again, ``pelican --autoreload``, would otherwise keep it)."""
    global _collector_froze
    if _collector_froze:
        gc.unfreeze()
        _collector_froze = False


def remember_articles(generators: Sequence[Any]) -> None:
    """Signal handler: note the finished articles, for ``get_writer`` to start digesting."""
    CachingWriter.articles = next(
        (g.articles for g in generators if isinstance(g, ArticlesGenerator)), []
    )


def get_writer(pelican: Any) -> type[Writer] | None:
    """Signal handler: Pelican writes through the caching writer when the cache is on.

    Pelican asks for its writer once every article is final (after ``all_generators_finalized``
    and the refresh of intrasite links in summaries) and before any generator writes: the
    articles' digests, which every page key needs, are started here in forks, which work on
    the other cores while this process records the pages (a few seconds at 20,000 articles).
    ``flush`` takes them in, and drops them if an article's pointers changed meanwhile.
    """
    if CachingWriter.cache is None:
        return None
    articles, CachingWriter.articles = CachingWriter.articles, []
    forks = CachingWriter.processes - 1
    if forks >= 1 and len(articles) >= FORK_MIN_JOBS and hasattr(os, "fork"):
        CachingWriter.digester.learn_pointers(articles)
        CachingWriter.digester.fork_digests(articles, forks)
    pause_collector()  # (after the forks: they collect as usual)
    return CachingWriter


def flush(generator: Any, writer: Any) -> None:
    """Signal handler: the pages generator has written, so has every list and article page.

    The recorded pages are rendered now, before ``finalized`` handlers (the search index)
    read the output; later writers (template pages) write directly.
    """
    if isinstance(writer, CachingWriter):
        writer.flush()


def save(pelican: Any) -> None:
    """Signal handler: keep this build's keys; report how much was reused."""
    cache = CachingWriter.cache
    if cache is None:
        return
    if CachingWriter.current is not None:
        CachingWriter.current.flush()
        CachingWriter.current = None
    cache.save()
    logger.info(
        "Render cache: %d files rendered, %d reused from the last build, in %s",
        cache.rendered,
        cache.reused,
        pelican.output_path,
    )
    CachingWriter.cache = None
    CachingWriter.digester = Digester()


def newest_change(articles: Iterable[Any]) -> datetime | None:
    """When the newest article was published or last modified."""
    return max(
        (getattr(a, "modified", None) or a.date for a in articles),
        default=None,
    )


def date_sitemap(generator: Any) -> None:
    """Signal handler: list pages in the sitemap are dated by the newest article, not the clock.

    pelican-sitemap dates a page that is not an article (the home page, tag pages...) with the
    time of the build, so two builds of the same content differ. The newest article's date is
    when those pages last changed, and it makes the output reproducible.
    """
    module = sys.modules.get("pelican.plugins.sitemap.sitemap")
    newest = newest_change(generator.articles)
    if module is not None and newest is not None:
        module.generator.now = newest


def start_sitemap(pelican: Any) -> None:
    """Signal handler: pelican-sitemap starts each build with an empty list, for this build.

    It keeps the pages it is told of, and the Pelican object it writes for, in one object for
    the whole process, and forgets both only when a build ends well: after a build that
    failed, the next one in the same process (``pelican --autoreload``, ``invoke
    regenerate``) listed the failed build's pages twice, or, under a new Pelican object,
    wrote no sitemap at all. (No page is written before ``get_generators``; subsites that
    share a sitemap, i18n_subsites, are not used here.)
    """
    module = sys.modules.get("pelican.plugins.sitemap.sitemap")
    if module is not None:
        module.generator._main_pelican = pelican
        module.generator.page_queue = []


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.initialized.connect(add_defaults)
    signals.get_generators.connect(start_sitemap)
    signals.article_generator_finalized.connect(date_sitemap)
    signals.all_generators_finalized.connect(remember_articles)
    signals.get_writer.connect(get_writer)
    signals.page_writer_finalized.connect(flush)
    signals.finalized.connect(save)
