"""Full-text search: runs Pagefind over the site Pelican has just written.

Pagefind (its PyPI package ``pagefind-bin`` ships the binary) indexes the built HTML and writes a
static bundle that ``theme/static/js/search.js`` queries in the browser. Only article pages are
indexed: the glob is derived from ``ARTICLE_SAVE_AS`` (list and index pages are never even read,
which is what makes a 50,000-article site affordable), and ``article.html`` marks the article with
``data-pagefind-body`` so that any other page the glob happens to match is skipped, and the
header, footer and related lists are never indexed.

Pagefind folds tone marks (``can tho`` finds ``Cần Thơ``) but not ``đ``, a letter of its own;
that is done at query time by ``search.js`` (each ``d`` of an unaccented query word is also tried
as ``đ``), so the index holds the real text and excerpts never show folded words.

The index is built on Pelican's ``finalized`` signal, into ``OUTPUT_PATH`` as Pelican was told
(``invoke build`` writes to a temporary folder and swaps it in afterwards). The same step runs on
its own for benchmarks::

    python plugins/search/search.py OUTPUT_FOLDER [--settings pelicanconf.py]

or ``index_site(Path(output), settings)`` from Python.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from glob import iglob
from pathlib import Path, PurePosixPath
from typing import Any

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Run Pagefind at the end of every build (False: the search page says search is unavailable).
    "SEARCH_ENABLED": True,
    # Folder of the search bundle inside the output folder.
    "SEARCH_BUNDLE_DIR": "pagefind",
    # Glob of the pages Pagefind reads, relative to the output folder (None: from ARTICLE_SAVE_AS).
    "SEARCH_GLOB": None,
    # One bundle per year of articles (pagefind/2023/, ...) merged in the browser.
    "SEARCH_BUNDLE_PER_YEAR": False,
    # With one bundle per year, the newest year gets one per quarter, and its newest quarter one
    # per month (pagefind/2025-12/, pagefind/2025-11/, pagefind/2025-Q3/, ...): new articles
    # land in the newest month, and Pagefind reads about 250 pages a second, so a daily update
    # indexes one month again, not the busiest year of the archive (see ``year_bundles``).
    "SEARCH_NEWEST_YEAR_BY_QUARTER": False,
    # Most Pagefind queries one search may run when it also tries "đ" for each "d" typed.
    "SEARCH_MAX_VARIANTS": 16,
    # Results shown at once (and loaded by each "more results").
    "SEARCH_PAGE_SIZE": 20,
    # Most web workers the search page searches with, one per core of the reader's device: with
    # one bundle per year, each worker searches a share of the years, side by side.
    "SEARCH_WORKERS": 4,
    # Without JavaScript: an external search form (action URL, query parameter, hidden fields);
    # None: only a message.
    "SEARCH_FALLBACK_URL": None,
    "SEARCH_FALLBACK_QUERY_PARAM": "q",
    "SEARCH_FALLBACK_FIELDS": {},
    # Extra command-line arguments for Pagefind, e.g. ["--exclude-selectors", ".ad"].
    "SEARCH_PAGEFIND_ARGS": [],
    # Pagefind runs at once, one per bundle to build (None: one per core).
    "SEARCH_PROCESSES": None,
    # Most pages the Pagefind runs under way may hold between them (a bundle with more runs
    # alone): Pagefind 1.5 keeps about 0.36 MB of memory per page until it has written.
    "SEARCH_PAGES_AT_ONCE": 4000,
}

# Files of Pagefind's own UIs; the theme has its own, so they are not published.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
BUNDLES_MANIFEST = "bundles.json"
# In the cache folder: what was read of each page, by its size, time and inode.
KNOWN_PAGES = "pages.json"
# In the cache folder: which cached bundle each folder of the output's bundle folder holds, and
# which bundle folder that is (device and inode), as the last run that finished left them.
PLACED_BUNDLES = "placed.json"
# The start tag of the element Pagefind indexes, and Pagefind's attributes anywhere on a page.
BODY_START = re.compile(rb"<([a-zA-Z][\w-]*)\b[^>]*\sdata-pagefind-body\b[^>]*>")
PAGEFIND_ATTRIBUTE = re.compile(
    rb"\sdata-pagefind-[\w-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?"
)


class SearchSettingError(ValueError):
    """A SEARCH_* setting has a value the plugin cannot use; the message names it."""


@dataclass
class IndexReport:
    """What one indexing run did: numbers a benchmark or a log line wants."""

    bundle: Path
    pages: int = 0
    words: int = 0
    seconds: float = 0.0
    bytes: int = 0
    files: int = 0
    bundles: list[str] = field(default_factory=list)
    # Bundles taken unchanged from the last build.
    reused: list[str] = field(default_factory=list)


def setting(settings: Mapping[str, Any], key: str) -> Any:
    """A SEARCH_* setting, or its default."""
    value = settings.get(key)
    return DEFAULTS[key] if value is None else value


def check_settings(settings: Mapping[str, Any]) -> None:
    """Refuse values that would break the build or delete the wrong folder, naming the key."""
    bundle = setting(settings, "SEARCH_BUNDLE_DIR")
    if not isinstance(bundle, str) or not bundle.strip("/. "):
        raise SearchSettingError(f"SEARCH_BUNDLE_DIR must name a folder, not {bundle!r}")
    parts = PurePosixPath(bundle).parts
    if PurePosixPath(bundle).is_absolute() or ".." in parts or "." in parts:
        raise SearchSettingError(
            f"SEARCH_BUNDLE_DIR must be a folder inside the output folder, not {bundle!r}"
        )
    variants = setting(settings, "SEARCH_MAX_VARIANTS")
    if not isinstance(variants, int) or isinstance(variants, bool) or not 1 <= variants <= 256:
        raise SearchSettingError(f"SEARCH_MAX_VARIANTS must be 1..256, not {variants!r}")
    for key in ("SEARCH_PAGE_SIZE", "SEARCH_WORKERS"):
        count = setting(settings, key)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise SearchSettingError(f"{key} must be a positive number, not {count!r}")
    args = setting(settings, "SEARCH_PAGEFIND_ARGS")
    if not isinstance(args, list | tuple) or not all(isinstance(a, str) for a in args):
        raise SearchSettingError(f"SEARCH_PAGEFIND_ARGS must be a list of strings, not {args!r}")
    fields = setting(settings, "SEARCH_FALLBACK_FIELDS")
    if not isinstance(fields, Mapping):
        raise SearchSettingError(f"SEARCH_FALLBACK_FIELDS must be a dict, not {fields!r}")
    for key in ("SEARCH_PROCESSES", "SEARCH_PAGES_AT_ONCE"):
        count = settings.get(key)
        if count is not None and (
            not isinstance(count, int) or isinstance(count, bool) or count < 1
        ):
            raise SearchSettingError(f"{key} must be a positive number or None, not {count!r}")
    glob = setting(settings, "SEARCH_GLOB")
    if glob is not None and (not isinstance(glob, str) or not glob):
        raise SearchSettingError(f"SEARCH_GLOB must be a glob such as '*/*/*.html', not {glob!r}")
    if setting(settings, "SEARCH_BUNDLE_PER_YEAR"):
        year_glob_template(settings)
    if "SEARCH_NEWEST_MONTH_APART" in settings:
        raise SearchSettingError(
            "SEARCH_NEWEST_MONTH_APART is now SEARCH_NEWEST_YEAR_BY_QUARTER: the newest year has a"
            " bundle per quarter and its newest quarter one per month, so that a new month no"
            " longer indexes its year again"
        )
    if setting(settings, "SEARCH_NEWEST_YEAR_BY_QUARTER"):
        if not setting(settings, "SEARCH_BUNDLE_PER_YEAR"):
            raise SearchSettingError(
                "SEARCH_NEWEST_YEAR_BY_QUARTER needs SEARCH_BUNDLE_PER_YEAR = True"
            )
        month_glob_template(settings)


# Glob of what a strftime code writes; codes not listed match anything.
DATE_CODE_GLOBS = {"%Y": "[0-9]" * 4, "%m": "[0-9]" * 2, "%d": "[0-9]" * 2}


def _field_glob(field: str) -> str:
    """Glob of one ``{field}`` of a *_SAVE_AS pattern: dates digit by digit, the rest ``*``."""
    name, _, spec = field.partition(":")
    if name != "date" or not spec:
        return "*"
    parts = re.split(r"(%.)", spec)
    globbed = [DATE_CODE_GLOBS.get(part, "*") if part.startswith("%") else part for part in parts]
    return re.sub(r"\*+", "*", "".join(globbed))


def glob_from_save_as(save_as: str) -> str:
    """The glob matching every path ``save_as`` can produce, and little else.

    ``{date:%Y}/{date:%m}/{slug}.html`` -> ``[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html``: the
    paginated tag and source pages (``chu-de/slug/trang-2.html``) are not even read, which is a
    quarter of the files of a large build. A field inside a path segment (``bai-{slug}.html``)
    stays inside it (``bai-*.html``).
    """
    return re.sub(r"\{([^{}]*)\}", lambda m: _field_glob(m.group(1)), save_as)


def article_glob(settings: Mapping[str, Any]) -> str:
    """SEARCH_GLOB, or the glob of ARTICLE_SAVE_AS."""
    glob = setting(settings, "SEARCH_GLOB")
    if glob:
        return glob
    return glob_from_save_as(settings.get("ARTICLE_SAVE_AS", "{slug}.html"))


def _glob_template(
    settings: Mapping[str, Any], folders: str, fields: str, setting_name: str
) -> str:
    """The article glob with ``fields`` in place of the leading date ``folders`` of
    ARTICLE_SAVE_AS (the rest globbed, braces escaped for ``str.format``)."""
    save_as = settings.get("ARTICLE_SAVE_AS", "")
    if not save_as.startswith(folders):
        raise SearchSettingError(
            f"{setting_name} needs ARTICLE_SAVE_AS to start with {folders!r}, not {save_as!r}"
        )
    rest = glob_from_save_as(save_as[len(folders) :])
    return fields + rest.replace("{", "{{").replace("}", "}}")


def year_glob_template(settings: Mapping[str, Any]) -> str:
    """The article glob with ``{year}`` in place of the year folder, for one bundle per year."""
    return _glob_template(settings, "{date:%Y}/", "{year}/", "SEARCH_BUNDLE_PER_YEAR")


def month_glob_template(settings: Mapping[str, Any]) -> str:
    """The article glob with ``{year}/{month}`` in place of the date folders, for the bundles of
    the newest year (``{month}`` may be a ``{07,08}`` alternative: Pagefind reads those)."""
    return _glob_template(
        settings, "{date:%Y}/{date:%m}/", "{year}/{month}/", "SEARCH_NEWEST_YEAR_BY_QUARTER"
    )


def article_years(output: Path) -> list[str]:
    """Year folders of the built site, newest first."""
    years = [p.name for p in output.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)]
    return sorted(years, reverse=True)


def year_months(year: Path) -> list[str]:
    """Month folders of a year folder, newest first."""
    months = [p.name for p in year.iterdir() if p.is_dir() and re.fullmatch(r"\d{2}", p.name)]
    return sorted(months, reverse=True)


@dataclass
class Bundle:
    """One search bundle: its name (its folder, and the value of the year or month filter that
    picks its pages in the browser; empty for the one bundle of a site without yearly ones),
    the glob Pagefind gets and the plain globs of its pages."""

    name: str
    glob: str
    pages: list[str]


def year_bundles(output: Path, settings: Mapping[str, Any]) -> list[Bundle]:
    """The bundles, newest first: ``2024`` for a year's articles; with
    SEARCH_NEWEST_YEAR_BY_QUARTER, ``2025-12``, ``2025-11``... for each month of the newest
    year's newest quarter, and ``2025-Q3``... for each of its earlier quarters.

    Every name also tells the browser how to pick the bundle's pages among the bundles merged
    with it: by the page's ``month`` filter, or ``year`` (``article.html``), in date order.

    A bundle is a function of its pages, and Pagefind cannot add pages to one. With only the
    newest month apart and the year's earlier months in one bundle, the first article of each
    month moved last month into the year's bundle, and the update indexed the year again
    (3,800 pages, 14 s at 20,000 articles: more than the rest of the rebuild). Now a new month
    indexes itself, and a new quarter its last quarter's three months, once; a year is indexed
    whole once, when the next one starts. One bundle per month of the whole year would spare
    that too, but each bundle the browser merges costs a first search about 250 KB more (an
    index chunk per bundle): at most six bundles for the newest year, not twelve.
    """
    years = article_years(output)
    template = year_glob_template(settings)
    bundles = []
    months = year_months(output / years[0]) if years else []
    if setting(settings, "SEARCH_NEWEST_YEAR_BY_QUARTER") and months:
        by_month = month_glob_template(settings)
        newest = years.pop(0)
        newest_quarter = _quarter(months[0])
        quarters: dict[int, list[str]] = {}
        for month in months:
            if _quarter(month) == newest_quarter:
                glob = by_month.format(year=newest, month=month)
                bundles.append(Bundle(f"{newest}-{month}", glob, [glob]))
            else:
                quarters.setdefault(_quarter(month), []).append(month)
        for quarter, in_quarter in quarters.items():
            either = "{" + ",".join(in_quarter) + "}" if len(in_quarter) > 1 else in_quarter[0]
            globs = [by_month.format(year=newest, month=m) for m in in_quarter]
            glob = by_month.format(year=newest, month=either)
            bundles.append(Bundle(f"{newest}-Q{quarter}", glob, globs))
    for year in years:
        glob = template.format(year=year)
        bundles.append(Bundle(year, glob, [glob]))
    return bundles


def _quarter(month: str) -> int:
    """The quarter of a month folder's name: ``"08"`` → 3."""
    return (int(month) - 1) // 3 + 1


def pagefind_executable() -> Path:
    """The Pagefind binary of the ``pagefind-bin`` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise OSError("pagefind-bin is not installed: pip install pagefind-bin") from exc
    return get_executable()


def pagefind_command(
    executable: Path, output: Path, glob: str, bundle: Path, extra: Sequence[str] = ()
) -> list[str]:
    """The Pagefind command line for one bundle."""
    return [
        str(executable),
        "--site",
        str(output),
        "--glob",
        glob,
        "--output-path",
        str(bundle),
        *extra,
    ]


def parse_counts(log: str) -> tuple[int, int]:
    """Pages and words indexed, from Pagefind's summary ("Indexed 5 pages", "Indexed 517 words")."""
    pages = sum(int(n) for n in re.findall(r"Indexed (\d+) pages?", log))
    words = sum(int(n) for n in re.findall(r"Indexed (\d+) words?", log))
    return pages, words


def run_pagefind(command: Sequence[str]) -> str:
    """Run Pagefind; its output, or an error carrying Pagefind's own message."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    log = result.stdout + result.stderr
    if result.returncode != 0 and "not able to build an index" in log:
        return log  # no page to index (an empty site): a warning, not a failed build
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed (exit {result.returncode}): {log.strip()[-2000:]}")
    return log


def run_all(
    commands: Sequence[Sequence[str]], pages: Sequence[int], processes: int, budget: int
) -> list[str]:
    """Run Pagefind ``commands``, at most ``processes`` at once; their logs, in order.

    ``pages`` is how many pages each indexes. The largest that fits starts first, and a run
    starts only while the runs under way hold no more than ``budget`` pages between them (one
    bigger than that runs alone): Pagefind's memory grows with its pages. After a failure, no
    new run starts; the first error is raised once the others are done.
    """
    logs: list[str] = [""] * len(commands)
    pending = sorted(range(len(commands)), key=lambda i: pages[i], reverse=True)
    errors: list[BaseException] = []
    state = threading.Condition()
    in_use = 0

    def fits(i: int) -> bool:
        return in_use == 0 or in_use + pages[i] <= budget

    def next_run() -> int | None:
        nonlocal in_use
        with state:
            state.wait_for(lambda: not pending or errors or any(map(fits, pending)))
            if not pending or errors:
                return None
            i = next(i for i in pending if fits(i))
            pending.remove(i)
            in_use += pages[i]
            return i

    def worker() -> None:
        nonlocal in_use
        while (i := next_run()) is not None:
            try:
                logs[i] = run_pagefind(commands[i])
            except BaseException as err:
                with state:
                    errors.append(err)
            finally:
                with state:
                    in_use -= pages[i]
                    state.notify_all()

    threads = [threading.Thread(target=worker) for _ in range(min(processes, len(commands)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return logs


def prune_bundle(bundle: Path) -> None:
    """Remove Pagefind's own UIs from a bundle: the theme does not load them."""
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and files under a folder."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def indexed_part(html: bytes) -> bytes:
    """What of a page Pagefind can read: its head, its ``data-pagefind-body`` element and any
    ``data-pagefind-*`` attribute elsewhere; the whole page when that cannot be told (no head,
    no body element, several, or one that does not close).

    The rest (previous/next links, related articles after the article) is not indexed, and
    changes whenever an article is added nearby: it must not make a year's index be rebuilt.
    """
    head_end = html.find(b"</head>")
    bodies = list(BODY_START.finditer(html))
    if head_end < 0 or len(bodies) != 1:
        return html
    start = bodies[0]
    tag = re.compile(rb"<(/?)" + re.escape(start.group(1)) + rb"\b[^>]*>", re.IGNORECASE)
    depth = 1
    for match in tag.finditer(html, start.end()):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            break
    else:
        return html
    outside = html[head_end : start.start()] + b"\0" + html[match.end() :]
    attributes = b"\0".join(PAGEFIND_ATTRIBUTE.findall(outside))
    return html[:head_end] + b"\0" + html[start.start() : match.end()] + b"\0" + attributes


def pages_stamp(
    output: Path,
    globs: Sequence[str],
    key: str,
    known: dict[str, list] | None = None,
    used: dict[str, list] | None = None,
) -> tuple[str, int]:
    """What a bundle was made from: the pages' names and what Pagefind reads of them, and ``key``;
    and how many pages the globs match.

    An article page written again only because its related articles or its neighbours changed
    (adding one article changes hundreds, across the years) keeps its year's stamp. ``known``
    maps a page to ``[size, mtime_ns, inode, digest]`` from the last build: a page that is the
    same file (the render cache links unchanged pages) is not read again. The entries of this
    build's pages go to ``used``, for the next build.
    """
    known = {} if known is None else known
    used = {} if used is None else used
    digest = hashlib.sha256(key.encode())
    # Names as strings, matched by ``glob`` relative to the output (with ``**`` and hidden
    # files, as ``Path.glob``): paths made, compared and sorted as ``Path`` objects were 0.3 s
    # of the 0.5 s of a run that reused every bundle at 20,000 articles.
    pages = sorted(
        {
            name
            for pattern in globs
            for name in iglob(pattern, root_dir=output, recursive=True, include_hidden=True)
        }
    )
    for name in pages:
        path = os.path.join(output, name)
        stat = os.stat(path)
        identity = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        entry = known.get(name)
        if entry is None or entry[:3] != identity:
            with open(path, "rb") as f:
                indexed = indexed_part(f.read())
            entry = [*identity, hashlib.blake2b(indexed).hexdigest()]
        used[name] = entry
        digest.update(f"{name}\0{entry[3]}\0".encode())
    return digest.hexdigest(), len(pages)


# A bundle's pages, words, bytes and files.
Counts = tuple[int, int, int, int]


def cached_counts(cache: Path | None, stamp: str) -> Counts | None:
    """The counts of the bundle cached under ``stamp``; None when there is none."""
    if cache is None:
        return None
    try:
        counts = json.loads((cache / stamp / "counts.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(counts, list) and len(counts) == 2:  # kept by an older version, without size
        counts += folder_size(cache / stamp / "bundle")
    if not isinstance(counts, list) or len(counts) != 4:
        return None
    return tuple(counts)  # type: ignore[return-value]


def link_bundle(cache: Path, stamp: str, target: Path) -> bool:
    """Link the bundle cached under ``stamp`` to ``target``; False when it cannot be."""
    saved = cache / stamp / "bundle"
    try:
        shutil.copytree(saved, target, copy_function=os.link)
    except OSError as exc:
        logger.debug("search: no reusable bundle %s (%s)", saved, exc)
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def keep_bundle(cache: Path | None, stamp: str, bundle: Path, pages: int, words: int) -> Counts:
    """Keep a bundle just built under its stamp, for the next build; its counts."""
    counts = (pages, words, *folder_size(bundle))
    if cache is None:
        return counts
    saved = cache / stamp
    shutil.rmtree(saved, ignore_errors=True)
    try:
        shutil.copytree(bundle, saved / "bundle", copy_function=os.link)
        (saved / "counts.json").write_text(json.dumps(counts), "utf-8")
    except OSError as exc:
        logger.debug("search: cannot keep bundle %s (%s)", saved, exc)
        shutil.rmtree(saved, ignore_errors=True)
    return counts


def load_placed(cache: Path, bundle: Path) -> dict[str, str]:
    """The stamp of the bundle that each folder of ``bundle`` holds, as the last run that
    finished left it; nothing when ``bundle`` is not the folder it left (removed, made again,
    a copy: ``invoke build`` builds into a new folder)."""
    try:
        record = json.loads((cache / PLACED_BUNDLES).read_text("utf-8"))
        status = bundle.stat()
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict) or record.get("folder") != [status.st_dev, status.st_ino]:
        return {}
    placed = record.get("bundles")
    return placed if isinstance(placed, dict) else {}


def save_placed(cache: Path, bundle: Path, placed: dict[str, str]) -> None:
    """Note which bundle each folder of ``bundle`` holds now (see ``load_placed``)."""
    status = bundle.stat()
    record = {"folder": [status.st_dev, status.st_ino], "bundles": placed}
    partial = cache / (PLACED_BUNDLES + ".tmp")
    partial.write_text(json.dumps(record), "utf-8")
    os.replace(partial, cache / PLACED_BUNDLES)


def clear_bundle_folder(bundle: Path, keep: set[Path]) -> None:
    """Remove what ``bundle`` holds, but for the bundle folders in ``keep`` (everything is
    kept when ``bundle`` itself is in it: a site with one bundle)."""
    if bundle in keep or not bundle.exists():
        return
    if not keep:
        shutil.rmtree(bundle)
        return
    for child in bundle.iterdir():
        if child in keep:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def forget_bundles(cache: Path | None, kept: set[str]) -> None:
    """Remove cached bundles this build did not use."""
    if cache is None or not cache.is_dir():
        return
    for saved in cache.iterdir():
        if saved.is_dir() and saved.name not in kept:
            shutil.rmtree(saved, ignore_errors=True)


def load_known_pages(cache: Path) -> dict[str, list]:
    """What the last build read of each page (see ``pages_stamp``); empty when unreadable."""
    try:
        known = json.loads((cache / KNOWN_PAGES).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def save_known_pages(cache: Path, known: dict[str, list]) -> None:
    """Keep what was read of each page for the next build (atomically)."""
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / (KNOWN_PAGES + ".tmp")
    partial.write_text(json.dumps(known), "utf-8")
    os.replace(partial, cache / KNOWN_PAGES)


def bundle_cache(settings: Mapping[str, Any]) -> Path | None:
    """Where bundles are kept between builds: Pelican's ``CACHE_PATH`` when it caches content."""
    if not settings.get("CACHE_CONTENT") or not settings.get("CACHE_PATH"):
        return None
    return Path(settings["CACHE_PATH"]) / "search"


def index_site(
    output: Path, settings: Mapping[str, Any], cache: Path | None = None, reuse: bool = True
) -> IndexReport:
    """Index the built site in ``output``; the bundle replaces any previous one.

    With SEARCH_BUNDLE_PER_YEAR, each year folder (the newest year by quarter and month, with
    SEARCH_NEWEST_YEAR_BY_QUARTER) gets its own bundle under the bundle folder and ``bundles.json``
    lists them, newest first, with their page counts, for the browser to merge (and to share
    out evenly among its search workers). With a ``cache``
    folder, a year whose article pages are the very files of the last build (see
    ``pages_stamp``) gets last build's bundle again instead of a Pagefind run (unless
    ``reuse`` is off): adding one article to a big archive indexes one year. A year folder
    that already holds that bundle, as the last run left it, is left as it is: removing and
    linking again the 20,000 files of the bundles of a 20,000-article archive was half of a
    run that indexed one month.
    """
    check_settings(settings)
    output = Path(output).resolve()
    bundle = output / setting(settings, "SEARCH_BUNDLE_DIR")
    placed = load_placed(cache, bundle) if cache is not None and reuse else {}
    if cache is not None:  # (no record until this run has placed every bundle)
        (cache / PLACED_BUNDLES).unlink(missing_ok=True)
    executable = pagefind_executable()
    extra = list(setting(settings, "SEARCH_PAGEFIND_ARGS"))
    report = IndexReport(bundle=bundle)
    started = time.perf_counter()
    # Anything else a bundle depends on: Pagefind itself and how it is run.
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    key = f"{executable} {executable.stat().st_size} {extra} {code}"
    kept: set[str] = set()
    known = load_known_pages(cache) if cache is not None and reuse else {}
    used: dict[str, list] = {}

    per_year = setting(settings, "SEARCH_BUNDLE_PER_YEAR")
    if per_year:
        bundles = year_bundles(output, settings)
    else:
        glob = article_glob(settings)
        bundles = [Bundle("", glob, [glob])]
    wanted = [(b.glob, b.pages, bundle / b.name) for b in bundles]
    stamps = {
        target: pages_stamp(output, globs, f"{key} {glob}", known, used)
        for glob, globs, target in wanted
    }
    in_place = {t for t, (stamp, _) in stamps.items() if placed.get(t.name) == stamp}
    clear_bundle_folder(bundle, {t for t in in_place if t.is_dir()})
    counts: dict[Path, Counts] = {}
    to_build: list[tuple[str, Path, str, int]] = []
    for glob, _, target in wanted:
        stamp, pages = stamps[target]
        kept.add(stamp)
        reused = cached_counts(cache, stamp) if reuse else None
        if reused is not None and (target.is_dir() or link_bundle(cache, stamp, target)):
            report.reused.append(target.name)
            counts[target] = reused
        else:
            shutil.rmtree(target, ignore_errors=True)
            if pages:
                to_build.append((glob, target, stamp, pages))
            else:
                counts[target] = (0, 0, 0, 0)
    logs = run_all(
        [
            pagefind_command(executable, output, glob, target, extra)
            for glob, target, *_ in to_build
        ],
        [pages for *_, pages in to_build],
        int(setting(settings, "SEARCH_PROCESSES") or os.cpu_count() or 1),
        int(setting(settings, "SEARCH_PAGES_AT_ONCE")),
    )
    for (_, target, stamp, _), log in zip(to_build, logs, strict=True):
        pages, words = parse_counts(log)
        counts[target] = (pages, words, 0, 0)
        if pages:
            prune_bundle(target)
            counts[target] = keep_bundle(cache, stamp, target, pages, words)

    if per_year:
        manifest = []
        for *_, target in wanted:
            pages, words, size, files = counts[target]
            if not pages:
                shutil.rmtree(target, ignore_errors=True)
                continue
            report.bundles.append(target.name)
            report.pages += pages
            report.words += words
            report.bytes += size
            report.files += files
            manifest.append({"name": target.name, "pages": pages})
        bundle.mkdir(parents=True, exist_ok=True)
        text = json.dumps(manifest) + "\n"
        (bundle / BUNDLES_MANIFEST).write_text(text, encoding="utf-8")
        report.bytes += len(text.encode())
        report.files += 1
    else:
        report.pages, report.words, report.bytes, report.files = counts[bundle]
        report.bundles.append("")
    forget_bundles(cache, kept)
    if cache is not None:
        save_known_pages(cache, used)
        if bundle.is_dir():
            save_placed(cache, bundle, {t.name: stamps[t][0] for t in counts if counts[t][0]})
    report.seconds = time.perf_counter() - started
    return report


# --- Pelican signals ----------------------------------------------------------------------
def add_defaults(pelican: Any) -> None:
    """Give templates every SEARCH_* setting, defaults included, and check them once."""
    for key, value in DEFAULTS.items():
        if pelican.settings.get(key) is None:
            pelican.settings[key] = value
    try:
        check_settings(pelican.settings)
    except SearchSettingError as exc:
        logger.error("search: %s", exc)
        pelican.settings["SEARCH_ENABLED"] = False


def build_index(pelican: Any) -> None:
    """Index the site just written to OUTPUT_PATH (never a hard-coded folder)."""
    if not setting(pelican.settings, "SEARCH_ENABLED"):
        logger.info("search: SEARCH_ENABLED is off; no search index built")
        return
    output = Path(pelican.settings["OUTPUT_PATH"])
    try:
        report = index_site(
            output,
            pelican.settings,
            bundle_cache(pelican.settings),
            reuse=bool(pelican.settings.get("LOAD_CONTENT_CACHE")),
        )
    except (RuntimeError, OSError, SearchSettingError) as exc:
        logger.error("search: no search index: %s", exc)
        return
    if not report.pages:
        logger.warning(
            "search: Pagefind indexed no page in %s (SEARCH_GLOB %r)",
            output,
            article_glob(pelican.settings),
        )
    logger.info(
        "search: indexed %s pages, %s words in %.1f s (%d of %d bundles unchanged since the"
        " last build); bundle %s: %s files, %s bytes",
        report.pages,
        report.words,
        report.seconds,
        len(report.reused),
        len(report.bundles),
        report.bundle,
        report.files,
        report.bytes,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Index an already built site: ``python plugins/search/search.py OUTPUT [-s SETTINGS]``."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("output", type=Path, help="the built site")
    parser.add_argument(
        "-s",
        "--settings",
        type=Path,
        default=Path("pelicanconf.py") if Path("pelicanconf.py").is_file() else None,
        help="Pelican settings file (default: pelicanconf.py of the current folder)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="keep each year's bundle here, and reuse those whose article pages did not change",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings: dict[str, Any] = {}
    if args.settings:
        from pelican.settings import read_settings

        settings = read_settings(str(args.settings))
    try:
        report = index_site(args.output, settings, args.cache)
    except (RuntimeError, OSError, SearchSettingError) as exc:
        logger.error("search: %s", exc)
        return 1
    print(
        f"pages={report.pages} words={report.words} seconds={report.seconds:.2f} "
        f"bytes={report.bytes} files={report.files} bundle={report.bundle} "
        f"bundles={len(report.bundles)} reused={len(report.reused)}"
    )
    return 0


def register() -> None:
    signals.initialized.connect(add_defaults)
    signals.finalized.connect(build_index)


if __name__ == "__main__":
    sys.exit(main())
