"""The reader cache knows a file unchanged by its status, and hashes it only when that moved.

With ``CHECK_MODIFIED_METHOD = "md5"`` Pelican reads and hashes every source file on every
build to learn that it did not change: 38 us a file, 0.8 s of a rebuild at 20,000 articles.
Git answers the same question for its index without reading: a file whose inode, size,
modification and change times (in nanoseconds) are those it had when it was hashed still has
those bytes, because any write moves its change time, which no program can set back.

So the readers keep, with each file's cache entry, a :class:`FileStamp`: that status and the
digest. A file whose status is the kept one is not read; one whose status moved (``touch``,
``git checkout``, a copy made with ``cp -p``) is hashed, and kept when its bytes are the
same, with the new status stored; only a changed digest makes Pelican read the file again, as
before. Like git, a stamp taken within :data:`SETTLE_NS` of the file's last change is not
trusted by its status alone: a second write in the same tick of the file system's clock could
leave the status as it was (the new article of a daily update is hashed on the next build).

``CHECK_MODIFIED_METHOD = "mtime"`` is Pelican's own check and is left alone.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from typing import Any

from pelican.cache import FileDataCacher, FileStampDataCacher
from pelican.readers import Readers

# How long after a file's last change its status alone may vouch for its bytes. The kernel
# stamps files from a clock that lags by up to a tick (a few ms), and FAT keeps modification
# times to 2 s: a change that close to the stamp could leave the status as it was.
SETTLE_NS = 2_000_000_000
# What marks a cache entry's stamp as one of :class:`FileStamp`.
CACHED_KIND = "file-stamp"


@dataclass(frozen=True)
class FileStamp:
    """A file as the readers read it: its status, the digest of its bytes, and whether the
    status alone vouches for the digest (the file had settled when it was stamped)."""

    status: tuple[int, int, int, int]
    digest: bytes
    settled: bool

    def cached(self) -> tuple[str, tuple[int, int, int, int], bytes, bool]:
        """The stamp as the cache keeps it: a plain tuple, which unpickles without this
        module (a build without this plugin then finds a stamp that matches nothing)."""
        return (CACHED_KIND, self.status, self.digest, self.settled)

    @classmethod
    def from_cached(cls, value: object) -> FileStamp | None:
        """The stamp a cache entry holds; None for one of Pelican's own (a digest, a time)."""
        if isinstance(value, tuple) and len(value) == 4 and value[0] == CACHED_KIND:
            return cls(*value[1:])
        return None


def file_status(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What any write to a file changes: its inode, size, and modification and change times."""
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def digest(path: str, method: str) -> bytes:
    """The digest of a file's bytes by ``hashlib``'s ``method``, as Pelican computes it."""
    with open(path, "rb") as handle:
        return hashlib.new(method, handle.read()).digest()


def stamp_file(path: str, method: str) -> FileStamp:
    """Stamp ``path`` now: its status taken before its bytes are hashed, so that a write
    while it is hashed moves the status away from the kept one."""
    now = time.time_ns()
    stat = os.stat(path)
    settled = stat.st_ctime_ns + SETTLE_NS < now and stat.st_mtime_ns + SETTLE_NS < now
    return FileStamp(file_status(stat), digest(path, method), settled)


def still_holds(stamp: FileStamp, path: str, method: str) -> FileStamp | None:
    """``stamp`` if ``path`` still has the bytes it was stamped with, a fresh stamp if it has
    them under another status, None if its bytes changed or it cannot be read."""
    try:
        stat = os.stat(path)
        if stamp.settled and file_status(stat) == stamp.status:
            return stamp
        fresh = stamp_file(path, method)
    except OSError:
        return None
    if fresh.digest != stamp.digest:
        return None
    return stamp if fresh.status == stamp.status else fresh


def _hashing(readers: Readers) -> str | None:
    """The hash of ``CHECK_MODIFIED_METHOD``, or None for ``mtime`` (Pelican's own check)."""
    method = readers.settings.get("CHECK_MODIFIED_METHOD", "mtime")
    return method if method in hashlib.algorithms_available else None


def note_change(readers: Readers, filename: str) -> None:
    """Remember that the entry of ``filename`` changed: the cache is saved only when one did,
    and then only the entries that did, while they are few (``speedups.save_cache_if_changed``).
    """
    readers.__dict__.setdefault("_cache_changed", set()).add(filename)


def cache_data(readers: Readers, filename: str, data: Any, path: str | None = None) -> None:
    """``Readers.cache_data``, keeping a :class:`FileStamp` with the data.

    ``path``: the file to stamp, when ``filename`` (the key) is not its path (a generator's
    cache keys files by their path in its folder)."""
    note_change(readers, filename)
    method = _hashing(readers)
    if method is None:
        FileStampDataCacher.cache_data(readers, filename, data)
        return
    try:
        stamp: tuple[object, ...] | str = stamp_file(path or filename, method).cached()
    except OSError:
        stamp = ""  # (as Pelican stamps a file it cannot read: never matched, read next time)
    FileDataCacher.cache_data(readers, filename, (stamp, data))


def get_cached_data(
    readers: Readers, filename: str, default: Any = None, path: str | None = None
) -> Any:
    """``Readers.get_cached_data``: the cached data while the file's bytes are the stamped ones.

    A stamp of Pelican's own kind (a cache written without this plugin) never matches: the
    file is read again once, and stamped this plugin's way. ``path``: as for :func:`cache_data`.
    """
    method = _hashing(readers)
    if method is None:
        return FileStampDataCacher.get_cached_data(readers, filename, default)
    cached, data = FileDataCacher.get_cached_data(readers, filename, (None, default))
    stamp = FileStamp.from_cached(cached)
    if stamp is None:
        return default
    held = still_holds(stamp, path or filename, method)
    if held is None:
        return default
    if held is not stamp:  # same bytes, another status: keep it, not to hash them again
        note_change(readers, filename)
        FileDataCacher.cache_data(readers, filename, (held.cached(), data))
    return data
