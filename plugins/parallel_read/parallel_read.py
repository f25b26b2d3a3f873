"""Markdown files are read in one process per core, and handed to Pelican through its reader cache.

Reading (Markdown to HTML, plus the metadata header) is the largest single cost of a cold build:
about 3 ms an article, a minute at 20,000 articles, all of it on one core while the other
waits. Pelican reads files one by one in ``generate_context``, but before it looks at a file
its ``Readers`` ask their cache for what the reader returned last time. So, when a generator is
created, this plugin finds the files that neither that cache nor the generator's own
(``CONTENT_CACHING_LAYER = "generator"``: whole articles) holds, reads them in forks of the
build process, each taking every n-th file, and puts what the readers returned into the
readers' cache (in memory only, when it is not the layer Pelican keeps). Pelican's own loop
then finds every file cached and does the rest as it always does: its metadata rules, signals,
``Content`` objects, and the error message for a file that cannot be read (a file that fails in
a fork is simply left out of the cache and read again, and reported, by Pelican).

Only what Pelican's reader cache holds goes through here, so the site is the one a serial
build writes; ``test_parallel_read.py`` compares the two byte for byte. A rebuild that adds one
article has one file to read and forks nothing.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from pelican import signals
from pelican.readers import _filter_discardable_metadata

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Processes that read files on a build with many to read (None: one per core; 1: off).
    "PARALLEL_READ_PROCESSES": None,
    # Fewer files than this per process are read by Pelican alone: a fork costs more.
    "PARALLEL_READ_MIN_FILES": 100,
}
# Stands for the build's settings in the pickles the forks send back: every Tag, Author and
# Category the readers make refers to them, and they must stay the parent's own object.
SETTINGS_ID = "settings"


def setting(settings: Mapping[str, Any], key: str) -> Any:
    """A plugin setting, with its default."""
    return settings.get(key, DEFAULTS[key])


def process_count(settings: Mapping[str, Any], files: int) -> int:
    """How many processes read ``files`` files: none beyond what is worth a fork."""
    wanted = setting(settings, "PARALLEL_READ_PROCESSES") or os.cpu_count() or 1
    per_process = max(1, int(setting(settings, "PARALLEL_READ_MIN_FILES")))
    return max(1, min(int(wanted), files // per_process))


def uncached_files(generator: Any, paths: Sequence[str], excludes: Sequence[str]) -> list[str]:
    """Absolute paths of the generator's files that neither its readers' cache nor its own
    holds.

    ``paths`` and ``excludes`` are what the generator passes to ``get_files``. A file a
    cache holds under an old stamp (an edited article) is left to Pelican, which checks
    stamps anyway: looking at the keys costs nothing, stamping every file would not.
    """
    cached = getattr(generator.readers, "_cache", {})
    held = getattr(generator, "_cache", {})  # (the generator's own cache: whole articles)
    files = [f for f in generator.get_files(paths, exclude=excludes) if f not in held]
    absolute = (os.path.abspath(os.path.join(generator.path, f)) for f in files)
    return [path for path in absolute if path not in cached]


def hand_over(readers: Any, path: str, data: Any) -> None:
    """Put what was read into the readers' cache, where ``read_file`` looks first; kept on
    disk only if Pelican keeps that cache (``CONTENT_CACHING_LAYER = "reader"``)."""
    keeps = readers._cache_data_policy
    readers._cache_data_policy = True
    try:
        readers.cache_data(path, data)
    finally:
        readers._cache_data_policy = keeps


def read_raw(readers: Any, path: str) -> tuple[str, dict[str, Any]]:
    """What ``Readers.read_file`` keeps in the reader cache for ``path``."""
    extension = os.path.splitext(path)[1][1:]
    content, metadata = readers.readers[extension].read(path)
    return content, _filter_discardable_metadata(metadata)


def read_share(readers: Any, paths: Sequence[str]) -> list[tuple[str, Any]]:
    """Read ``paths``; a file that fails is left out (Pelican reads it again and says why)."""
    results = []
    for path in paths:
        try:
            results.append((path, read_raw(readers, path)))
        except Exception:  # reported by Pelican's own read of the file
            logger.debug("Left to Pelican: %s", path, exc_info=True)
    return results


class _Pickler(pickle.Pickler):
    """Pickles read results, with the build's settings as a reference instead of a copy."""

    def __init__(self, file: Any, settings: Mapping[str, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings = settings

    def persistent_id(self, obj: Any) -> str | None:
        return SETTINGS_ID if obj is self.settings else None


class _Unpickler(pickle.Unpickler):
    """Unpickles read results onto the parent's settings."""

    def __init__(self, file: Any, settings: Mapping[str, Any]) -> None:
        super().__init__(file)
        self.settings = settings

    def persistent_load(self, pid: Any) -> Any:
        if pid != SETTINGS_ID:
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self.settings


def _run_child(readers: Any, paths: Sequence[str], result: Path) -> NoReturn:
    """In a forked process: read ``paths``, pickle what was read, exit without returning."""
    status = 0
    try:
        with result.open("wb") as f:
            _Pickler(f, readers.settings).dump(read_share(readers, paths))
    except BaseException:  # the parent reads those files itself
        status = 1
    finally:
        os._exit(status)


def _collect(readers: Any, pid: int, result: Path) -> None:
    """Wait for one fork and put what it read into the cache; nothing if it failed."""
    _, status = os.waitpid(pid, 0)
    try:
        if status != 0:
            raise OSError(f"process {pid} ended with status {status}")
        with result.open("rb") as f:
            for path, data in _Unpickler(f, readers.settings).load():
                hand_over(readers, path, data)
    except (OSError, EOFError, pickle.PickleError) as err:
        logger.warning(
            "Parallel read: no result from a reading process, its files are read one by one (%s)",
            err,
        )
    finally:
        result.unlink(missing_ok=True)


def prefill(generator: Any, paths_key: str, excludes_key: str) -> int:
    """Read the generator's uncached files in parallel into its readers' cache; how many.

    ``paths_key`` and ``excludes_key`` name the settings the generator reads its files from.
    """
    settings = generator.settings
    if not settings.get("CACHE_CONTENT"):
        return 0
    paths = uncached_files(generator, settings[paths_key], settings[excludes_key])
    processes = process_count(settings, len(paths))
    if processes <= 1 or not hasattr(os, "fork"):
        return 0
    readers = generator.readers
    children = []
    for worker in range(1, processes):
        result = Path(tempfile.mkstemp(prefix="parallel-read-", suffix=".pickle")[1])
        pid = os.fork()
        if pid == 0:  # the child: read its share, report, never return into Pelican
            _run_child(readers, paths[worker::processes], result)
        children.append((pid, result))
    try:
        for path, data in read_share(readers, paths[0::processes]):
            hand_over(readers, path, data)
    finally:
        for pid, result in children:
            _collect(readers, pid, result)
    logger.info("Parallel read: %d files read in %d processes", len(paths), processes)
    return len(paths)


def on_articles_init(generator: Any) -> None:
    """Signal handler: the articles are read ahead, in parallel."""
    prefill(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def on_pages_init(generator: Any) -> None:
    """Signal handler: the pages are read ahead, in parallel (when there are enough)."""
    prefill(generator, "PAGE_PATHS", "PAGE_EXCLUDES")


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.article_generator_init.connect(on_articles_init)
    signals.page_generator_init.connect(on_pages_init)
