"""A batch import: find the raw files, extract them in parallel, write them one by one, report.

Extraction is pure and CPU-bound, so it runs in worker processes; writing touches ``content/``
and runs in this process, in a fixed order (by date, then file name), so that slugs are given out
the same way on every run. One bad file never stops the others: its error becomes a report line.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .article import Article
from .cache import Cached, ImportCache, raw_hash, rules_fingerprint
from .errors import ImportError_, UsageError
from .extract import HTML_SUFFIXES, extract_file
from .places import load_gazetteer
from .settings import ImportSettings
from .store import ContentStore, Rendering, Stager, discard_staged, render_ahead

logger = logging.getLogger(__name__)

ARTICLE_SUFFIXES = frozenset({".txt", ".text", *HTML_SUFFIXES})
STATUSES = ("imported", "unchanged", "draft", "skipped", "failed")


@dataclass(frozen=True)
class Source:
    """One input file and the folder it was found under (which may name its section)."""

    path: Path
    root: Path | None


@dataclass
class Entry:
    """One line of the import report."""

    file: str
    status: str
    reason: str
    output: str | None = None
    title: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Every input file's outcome."""

    entries: list[Entry] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(e.status for e in self.entries)

    @property
    def failed(self) -> bool:
        return self.counts["failed"] > 0

    def to_json(self) -> str:
        """The report, one file a line: easy to grep, and written by json's C encoder (which an
        indented dump does not use: half the time, for a report written after the import)."""
        counts = self.counts
        head = json.dumps({status: counts[status] for status in STATUSES})
        # One encoder for every line: json.dumps with a keyword makes a new one per call.
        line = json.JSONEncoder(ensure_ascii=False).encode
        files = ",\n    ".join(line(e.__dict__) for e in self.entries)
        files = f"[\n    {files}\n  ]" if files else "[]"
        return f'{{\n  "counts": {head},\n  "files": {files}\n}}'


def find_sources(paths: list[Path]) -> tuple[list[Source], list[Entry]]:
    """Every article file under the given files and folders, and report lines for the rest.

    Folders are read recursively, hidden files are passed over, and a link that leads out of
    the folder it was found in is refused: an import reads only what it was pointed at.
    """
    sources: list[Source] = []
    refused: list[Entry] = []
    for given in paths:
        if not given.exists():
            raise UsageError(f"{given}: no such file or folder")
        if given.is_file():
            sources.append(Source(given, None))
            continue
        _walk(given, given, given.resolve(), sources, refused)
    return sources, refused


def _walk(
    folder: Path | str, given: Path, root: Path, sources: list[Source], refused: list[Entry]
) -> None:
    """The files of ``folder`` by name, then its folders by name, as ``os.walk`` gives them
    (links to folders are not followed).

    A directory entry says whether it is a link and a folder without asking the file system
    again: asking each path took a third of a second at 20,000 files, before any worker could
    start.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return  # (unreadable: as os.walk, passed over)
    folders: list[os.DirEntry[str]] = []
    for item in entries:
        if item.name.startswith("."):
            continue
        try:
            is_folder = item.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            folders.append(item)
            continue
        suffix = _suffix(item.name)
        if suffix.lower() not in ARTICLE_SUFFIXES:
            reason = f"not an article file ({suffix or 'no suffix'})"
            refused.append(Entry(item.path, "skipped", reason))
            continue
        path = Path(item.path)
        if item.is_symlink() and not path.resolve().is_relative_to(root):
            refused.append(
                Entry(item.path, "skipped", "a link that leads outside the import folder")
            )
            continue
        sources.append(Source(path, given))
    for item in folders:
        if not item.is_symlink():
            _walk(item.path, given, root, sources, refused)


def _suffix(name: str) -> str:
    """``PurePath(name).suffix``, without making a path of every file name."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


Extracted = tuple[Article, Rendering] | ImportError_


def _extract(job: tuple[Source, ImportSettings]) -> Extracted:
    """One file's article and its Markdown rendered ahead, or why it cannot be imported."""
    source, settings = job
    try:
        article = extract_file(source.path, settings, source.root)
        # The body crosses to the writing process once, inside the rendering: the article goes
        # without it (and without the lines dropped as furniture, which no report shows). A
        # whole article pickles to twice the bytes of its file, and the one process that writes
        # was spending a fifth of its time unpickling them.
        return replace(article, body=[], dropped=[]), render_ahead(article)
    except ImportError_ as exc:
        exc.path = exc.path or str(source.path)
        return exc
    except Exception as exc:  # a bug must not stop the batch: report it against the file
        logger.exception("unexpected error extracting %s", source.path)
        return ImportError_(f"unexpected error: {type(exc).__name__}: {exc}", str(source.path))


def extract_all(
    sources: list[Source], settings: ImportSettings, jobs: int, output: Path | None = None
) -> Iterator[tuple[Source, Extracted]]:
    """Extract every source, in worker processes when there are several jobs and files.

    ``output``: the content folder. While the workers extract, this process has little to do
    but wait: it stages each file it receives there (:func:`~newsarchive.store.stage`), so that
    the writing, which must wait for every file, only renames them into place. (Alone, a
    process has nothing to gain from staging: it would write each file and then rename it.)
    """
    work = [(s, settings) for s in sources]
    if jobs <= 1 or len(sources) < 2 * jobs:
        yield from zip(sources, map(_extract, work), strict=True)
        return
    load_gazetteer()  # once, here: forked workers inherit the tables instead of each loading them
    stager = Stager(output) if output is not None else None
    # The workers collect cycles as usual (the import pauses the collector: ``import_paths``).
    with ProcessPoolExecutor(max_workers=jobs, initializer=gc.enable) as pool:
        # Small chunks: a worker that finishes early waits at most one chunk (~16 files) for
        # the other, and a chunk costs little more than its settings, sent once.
        chunk = max(1, min(16, len(work) // (jobs * 8)))
        for source, result in zip(sources, pool.map(_extract, work, chunksize=chunk), strict=True):
            if stager is not None and not isinstance(result, ImportError_):
                article, rendering = result
                result = article, stager.stage(rendering, article)
            yield source, result


def _entry(source: Source, article: Article) -> Entry:
    return Entry(
        file=str(source.path),
        status="",
        reason="",
        title=article.title,
        date=article.date.isoformat() if article.date else None,
        authors=list(article.authors),
        source=article.source,
        category=article.category,
        tags=article.tags,
        encoding=article.encoding,
        warnings=list(article.warnings),
    )


# An extracted file and its line of the report, filled in when it is written.
Result = tuple[Source, Extracted, Entry | None]


def _order(item: Result) -> tuple[int, datetime | str, str]:
    source, result, _line = item
    if not isinstance(result, ImportError_) and result[0].date:
        return (0, result[0].date.isoformat(), str(source.path))
    return (1, "", str(source.path))


def _cached_sources(
    sources: list[Source], cache: ImportCache | None, rules: str
) -> tuple[list[Source], list[tuple[Source, Cached]]]:
    """Split sources into those to extract and those an earlier run imported as they are."""
    if cache is None:
        return sources, []
    fresh: list[Source] = []
    known: list[tuple[Source, Cached]] = []
    for source in sources:
        try:
            hit = cache.lookup(source.path, raw_hash(source.path.read_bytes()), rules)
        except OSError:
            hit = None
        if hit:
            known.append((source, hit))
        else:
            fresh.append(source)
    return fresh, known


def _write_all(
    results: list[Result],
    store: ContentStore,
    report: Report,
    first_of_story: dict[str, str],
    force: bool,
    cache: ImportCache | None,
    rules: str,
) -> None:
    """Write the extracted articles in a fixed order (by date, then file name), so that slugs
    are given out the same way on every run; report on each."""
    for source, result, entry in sorted(results, key=_order):
        if isinstance(result, ImportError_):
            report.entries.append(Entry(str(source.path), result.status, result.reason))
            logger.warning("%s: %s: %s", result.status, source.path, result.reason)
            continue
        article, rendering = result
        entry = entry or _entry(source, article)
        key = rendering.key
        if key in first_of_story:
            entry.status, entry.reason = "skipped", f"the same story as {first_of_story[key]}"
            report.entries.append(entry)
            continue
        first_of_story[key] = str(source.path)
        try:
            outcome = store.write(article, force=force, rendering=rendering)
        except OSError as exc:
            entry.status, entry.reason = "failed", f"cannot write the article: {exc}"
            report.entries.append(entry)
            continue
        entry.status, entry.reason = outcome.status, outcome.reason
        entry.output = str(outcome.path) if outcome.path else None
        if outcome.status == "skipped":
            logger.warning("%s: %s", source.path, outcome.reason)
        elif cache is not None and outcome.path is not None:
            cache.record(source.path, article.raw_hash, rules, key, outcome.path, entry.__dict__)
        for warning in article.warnings:
            logger.info("%s: %s", source.path, warning)
        report.entries.append(entry)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while articles are extracted and written, if it runs.

    The import keeps every article it receives until all are written (their order decides the
    slugs), and those are not cycles: each collection walks them all to free nothing, more of
    them each time. At 20,000 articles that was 807 collections, 0.96 s of this process's CPU,
    taken from the workers' cores and from the writing, which runs alone. (The workers
    collect as usual: ``extract_all``.)
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            # What was made meanwhile joins the oldest generation, as if it had survived the
            # collections it skipped, rather than being walked at the next allocation, all of it
            # at once (0.2 s at 20,000 articles, alone on one core).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def import_paths(
    paths: list[Path],
    output: Path,
    settings: ImportSettings,
    *,
    jobs: int = 1,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cache_path: Path | None = None,
) -> Report:
    """Import every article file under ``paths`` into ``output``; report on each file.

    With ``cache_path``, raw files that an earlier run imported, unchanged since and under the
    same rules, are reported ``unchanged`` without being read again (``force`` reads them all).
    """
    sources, refused = find_sources(paths)
    report = Report(list(refused))
    cache = ImportCache.load(cache_path) if cache_path else None
    rules = rules_fingerprint(settings) if cache else ""
    sources, known = _cached_sources(sources, None if force else cache, rules)
    first_of_story: dict[str, str] = {}
    for source, hit in known:
        first_of_story.setdefault(hit.story, str(source.path))
        entry = Entry(**{**hit.entry, "file": str(source.path)})
        entry.status, entry.reason = "unchanged", "already imported, nothing changed"
        report.entries.append(entry)

    results: list[Result] = []
    store = None
    with collector_paused():
        try:
            total = len(sources) + len(known)
            extracted = extract_all(sources, settings, max(1, jobs), output)
            for done, (source, result) in enumerate(extracted, start=1):
                # The report's line is made now, while the workers extract the next files: the
                # writing, after the last one, runs on one core.
                entry = None if isinstance(result, ImportError_) else _entry(source, result[0])
                results.append((source, result, entry))
                if progress:
                    progress(done + len(known), total)
            store = ContentStore(output)
            _write_all(results, store, report, first_of_story, force, cache, rules)
        finally:
            renderings = [r[1] for _s, r, _e in results if not isinstance(r, ImportError_)]
            discard_staged(renderings, store)
    if cache is not None:
        cache.save()
    report.entries.sort(key=lambda e: e.file)
    return report
