"""An article whose source did not change is not made again: Pelican's generator cache, made sound.

With ``CONTENT_CACHING_LAYER = "reader"`` Pelican keeps what its readers returned for each file
(the HTML and the metadata), and still makes every article again on every build: its metadata
rules, the signals of every plugin, the ``Article`` object, its checks. At 20,000 articles
that was 4.3 s of a rebuild with nothing to read, plus 1 s to load that cache.

With ``CONTENT_CACHING_LAYER = "generator"`` Pelican keeps the articles themselves, and takes
an unchanged file's article from its cache instead of reading the file. As Pelican does it, it
is not safe: it pickles each article at the end of reading, after the plugins have changed it
for that build (``article_generator_pretaxonomy`` handlers have run), each article with the
build's settings and the generator's whole context, and it keeps the cache across a change of
settings. Here the generator keeps instead, for each file it read:

* a **snapshot** of the article as its reader and the signals of reading made it, taken when
  Pelican stores it (``cache_data``, right after the article is made and checked): its
  attributes, with lists and dicts copied, so that what a later step of the build sets or
  changes in place is not in it;
* without the settings and the context, which the build gives back to the article it makes
  from the snapshot (a new object with its own attributes and metadata);
* stamped as ``file_stamps`` stamps files for the readers (status, then digest).

The cache is written only when an entry changed, as a journal while few did (``speedups``'s
``save_cache_if_changed``); the render cache drops it with the reader caches when the site key
(settings, versions, plugin code) changes. The readers' own cache is then neither loaded nor
written (Pelican's rule for this layer); ``parallel_read`` still hands what forks read to the
readers through it, in memory.

Tags, authors and other URL objects in a snapshot are the ones pickled with it: an article read
anew this build has its own objects of the same names, equal to them (Pelican compares them by
slug, and ``unique_slugs`` sets every slug again on each build), as every article had before
the readers shared them.

A snapshot keeps the article's HTML (``_content``) as UTF-8 bytes, and an article made from it
holds those bytes until something reads its ``_content`` (``LazyText``): a rebuild renders a few
hundred of 20,000 articles, but decoding every article's HTML from the cache was 0.4 s of its
loading (Vietnamese text takes Python's slow path), and the render cache, which digests the
HTML as bytes, encoded it all again (0.3 s).
"""

from __future__ import annotations

import os
from typing import Any

from pelican.contents import Content
from pelican.generators import CachingGenerator

from . import file_stamps

# What a content holds that is the build's, not the file's: given back to each article made
# from a snapshot.
BUILD_ATTRIBUTES = frozenset({"settings", "_context"})

Snapshot = tuple[type, dict[str, Any]]


def _copies() -> Any:
    """A function that copies lists and dicts (dicts with their values copied the same way),
    each object once: a list that is both an attribute and a metadata value (Pelican sets
    ``article.tags`` to ``metadata["tags"]``) stays one list, as the render cache's digests
    expect. Anything else is returned as it is."""
    made: dict[int, Any] = {}

    def copy(value: Any) -> Any:
        kind = type(value)
        if kind is not list and kind is not dict:
            return value
        found = made.get(id(value))
        if found is None:
            if kind is list:
                found = made[id(value)] = list(value)
            else:
                found = made[id(value)] = {}
                found.update((key, copy(item)) for key, item in value.items())
        return found

    return copy


class LazyText:
    """``Content._content``, held as UTF-8 bytes until read (see the module docstring).

    Set as a class attribute of Pelican's ``Content``, it takes every read and write of the
    attribute: what is written is kept in the object's own ``__dict__`` as it is (text, or the
    bytes of a snapshot); the first read of bytes decodes them there, once. Code that looks at
    ``vars(content)`` sees either, undecoded.
    """

    def __get__(self, content: Any, owner: type | None = None) -> Any:
        if content is None:
            return self
        attributes = content.__dict__
        try:
            value = attributes["_content"]
        except KeyError:
            raise AttributeError("_content") from None
        if type(value) is bytes:
            value = attributes["_content"] = value.decode("utf-8")
        return value

    def __set__(self, content: Any, value: Any) -> None:
        content.__dict__["_content"] = value

    def __delete__(self, content: Any) -> None:
        try:
            del content.__dict__["_content"]
        except KeyError:
            raise AttributeError("_content") from None


def snapshot(content: Any) -> Snapshot:
    """The content as made from its file: its class and attributes, without the build's; its
    HTML as UTF-8 bytes."""
    copy = _copies()
    state = {
        name: copy(value) for name, value in vars(content).items() if name not in BUILD_ATTRIBUTES
    }
    if type(state.get("_content")) is str:
        state["_content"] = state["_content"].encode("utf-8")
    return type(content), state


def revive(data: Snapshot, settings: dict[str, Any], context: dict[str, Any]) -> Any:
    """A new content object from a snapshot, holding this build's settings and context.

    Its attributes are its own; their values are the snapshot's, but for the metadata, which
    Pelican changes in place (it resolves the links of the summary once every URL is known):
    a copy. (Copying every list too cost 0.6 s a rebuild at 20,000 articles, for lists that
    nothing changes in place.)
    """
    cls, state = data
    content = cls.__new__(cls)
    content.__dict__.update(state)
    html = state.get("_content")
    if type(html) is bytes and not isinstance(getattr(cls, "_content", None), LazyText):
        content.__dict__["_content"] = html.decode("utf-8")  # (not installed: text now)
    metadata = state.get("metadata")
    if type(metadata) is dict:
        content.metadata = dict(metadata)
    content.settings = settings
    content._context = context
    return content


def _is_snapshot(data: Any) -> bool:
    """A snapshot of this module's (not an object cached by Pelican's own generator cache)."""
    return (
        type(data) is tuple
        and len(data) == 2
        and isinstance(data[0], type)
        and type(data[1]) is dict
    )


def cache_content(self: CachingGenerator, filename: str, content: Any) -> None:
    """``CachingGenerator.cache_data``: keep the snapshot of a content just made, stamped.

    ``filename`` is relative to the generator's folder, as Pelican passes it."""
    if self._cache_data_policy:
        path = os.path.join(self.path, filename)
        file_stamps.cache_data(self, filename, snapshot(content), path=path)


def get_cached_content(self: CachingGenerator, filename: str, default: Any = None) -> Any:
    """``CachingGenerator.get_cached_data``: the content of an unchanged file, made anew from
    its snapshot; ``default`` when the file changed or was never cached."""
    path = os.path.join(self.path, filename)
    data = file_stamps.get_cached_data(self, filename, None, path=path)
    if not _is_snapshot(data):
        return default
    return revive(data, self.settings, self.context)


def install() -> None:
    """Generators keep and take back snapshots (see the module docstring)."""
    CachingGenerator.cache_data = cache_content  # type: ignore[method-assign]
    CachingGenerator.get_cached_data = get_cached_content  # type: ignore[method-assign]
    Content._content = LazyText()  # type: ignore[attr-defined]
