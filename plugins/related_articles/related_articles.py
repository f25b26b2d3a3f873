"""Related articles: those that share real entities (people, places, organisations, documents).

A tag every article carries says nothing, so each shared entity weighs its inverse document
frequency ``log(N / df)``: an entity in every article weighs 0, a rare one a lot. Scores come
from an inverted index (entity -> articles, newest first) and, for each of an article's
entities, only its ``RELATED_ARTICLES_WINDOW`` nearest neighbours in that entity's list (the
articles closest in time), so the work is at most articles × entities × 2·window: linear in
the size of the archive, never all pairs.

On a big archive the lists are found in a fork of the build, started as soon as the articles
and their entities are final (``article_generator_pretaxonomy``), from the newest article on:
the other core finds them while this one groups the articles by tag, author and period, and
the other plugins finish them. As late as they can be taken (``all_generators_finalized``: the
render cache digests the articles, related ones included, when Pelican then asks for its
writer) this process finds the rest from the oldest article on, until it meets the fork,
instead of waiting for it: a byte per article in memory shared with the fork says which are
taken. (Imported articles name about 15 entities each: at 20,000 of them the lists take 2.9 s
of CPU, of which this process found 1.6 s' worth when it took them at
``article_generator_finalized``.)
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import heapq
import logging
import math
import mmap
import os
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Article attributes whose names count as shared entities.
    "RELATED_ARTICLES_ATTRIBUTES": ["people", "places", "organisations", "documents"],
    # How many related articles each article shows.
    "RELATED_ARTICLES_MAX": 5,
    # Neighbours taken on each side in one entity's article list (bounds the work).
    "RELATED_ARTICLES_WINDOW": 30,
    # From this many articles, the lists are found in a fork of the build (0: never). Below it
    # the work takes less than the fork saves.
    "RELATED_ARTICLES_FORK_MIN": 2000,
}


# This process helps a fork only while more than 1/HELP_FROM_SHARE of the lists are left. Its
# own index costs about a fifth of the time of all the lists (1.1 s of 3.6 s at 20,000
# articles, before names were folded once), in which the fork finds that many: with fewer
# left, helping ends later than waiting.
HELP_FROM_SHARE = 4


def setting(settings: dict[str, Any], key: str) -> Any:
    """A RELATED_ARTICLES_* setting, or its default."""
    return settings.get(key, DEFAULTS[key])


def entity_keys(
    article: Any, attributes: Sequence[str], folded: dict[int, tuple[Any, str]] | None = None
) -> set[tuple[str, str]]:
    """The (kind, name) pairs of one article; strings "a; b" are split too.

    ``folded``: the folded name of each object met so far, by identity (kept with it). The
    entities of a build are one object per name, shared by every article that names it
    (plugins/taxonomies): each is turned into a string and folded once, not once per article
    (360,000 times at 20,000 articles, two thirds of the index's cost).
    """
    keys: set[tuple[str, str]] = set()
    for attr in attributes:
        value = getattr(article, attr, None)
        if value is None:
            continue
        items = value.split(";") if isinstance(value, str) else value
        for item in items:
            known = folded.get(id(item)) if folded is not None else None
            if known is None:
                name = str(item).strip().casefold()
                if folded is not None and type(item) is not str:
                    folded[id(item)] = (item, name)
            else:
                name = known[1]
            if name:
                keys.add((attr, name))
    return keys


def related(
    articles: Sequence[Any], attributes: Sequence[str], limit: int = 5, window: int = 30
) -> list[list[Any]]:
    """For each article (same order), its related articles, best first.

    Ties go to the newer article, then to the order given, so the result is deterministic.
    """
    lists = related_indices(articles, attributes, limit, window)
    return [[articles[other] for other in found] for found in lists]


def related_indices(
    articles: Sequence[Any], attributes: Sequence[str], limit: int = 5, window: int = 30
) -> list[list[int]]:
    """:func:`related`, as positions in ``articles``: what a fork can send back."""
    scorer = Scorer(articles, attributes, limit, window)
    return [scorer.related(index) for index in range(len(articles))]


class Scorer:
    """The inverted index of a list of articles, and each one's related articles from it."""

    def __init__(
        self, articles: Sequence[Any], attributes: Sequence[str], limit: int = 5, window: int = 30
    ) -> None:
        postings: dict[tuple[str, str], list[int]] = defaultdict(list)
        folded: dict[int, tuple[Any, str]] = {}
        for index, article in enumerate(articles):
            for key in entity_keys(article, attributes, folded):
                postings[key].append(index)
        total = len(articles)
        # Each article's shared entities as (weight, the entity's articles, the article's
        # place among them), in the order of the entities' keys: float sums depend on their
        # order, and a set's order on the process's hash seed, so unsorted, two builds of the
        # same articles could break ties differently. Made here in one pass over the index,
        # not looked up per article (tuple keys hashed for every entity of every article).
        self.entries: list[list[tuple[float, list[int], int]]] = [[] for _ in range(total)]
        for key in sorted(postings):
            ids = postings[key]
            share = math.log(total / len(ids))
            if share <= 0:  # in every article: says nothing
                continue
            for pos, index in enumerate(ids):
                self.entries[index].append((share, ids, pos))
        self.limit = limit
        self.window = window

    def related(self, index: int) -> list[int]:
        """The related articles of the article at ``index``, best first (positions).

        Each entity adds its weight to the score of the articles nearest in time on its list.
        (A dict's ``get`` here, not a ``defaultdict``: a third less time for the million
        additions of a big archive.)
        """
        window = self.window
        scores: dict[int, float] = {}
        get = scores.get
        for share, ids, pos in self.entries[index]:
            start = pos - window
            for other in ids[start if start > 0 else 0 : pos]:
                scores[other] = get(other, 0.0) + share
            for other in ids[pos + 1 : pos + window + 1]:
                scores[other] = get(other, 0.0) + share
        return best(scores, self.limit)


def best(scores: dict[int, float], limit: int) -> list[int]:
    """The ``limit`` highest-scored articles, ties to the newer (smaller index).

    The cut is the ``limit``-th highest score (a heap of ``limit`` floats, not a sort of the
    300 scored articles an article has on average: a quarter less time to rank, 6-12 % less
    for all the lists of 20,000 articles); only the few that make it, ties at the cut
    included, are then ranked with their article.
    """
    if len(scores) > limit:
        cut = heapq.nlargest(limit, scores.values())[-1]
        candidates = [item for item in scores.items() if item[1] >= cut]
    else:
        candidates = list(scores.items())
    return [other for other, _score in sorted(candidates, key=_rank)[:limit]]


def _rank(item: tuple[int, float]) -> tuple[float, int]:
    other, score = item
    return (-score, other)


Options = tuple[tuple[str, ...], int, int]


def options(settings: dict[str, Any]) -> Options:
    """The settings :func:`related_indices` takes after the articles: attributes, limit, window."""
    return (
        tuple(setting(settings, "RELATED_ARTICLES_ATTRIBUTES")),
        int(setting(settings, "RELATED_ARTICLES_MAX")),
        int(setting(settings, "RELATED_ARTICLES_WINDOW")),
    )


@dataclass
class Fork:
    """A fork finding the related articles of ``articles`` (the list as it was when forked),
    from the first on. ``taken``: a byte per article, shared with the fork, set for each article
    that one of the two processes has started on."""

    pid: int
    result: Path
    articles: list[Any]
    options: Options
    taken: mmap.mmap

    def reap(self) -> dict[int, list[int]] | None:
        """Wait for the fork; the lists it found, by position, or None if it failed."""
        try:
            _, status = os.waitpid(self.pid, 0)
            if status != 0:
                raise OSError(f"process {self.pid} ended with status {status}")
            with self.result.open("rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.PickleError) as err:
            logger.warning("Related articles: the fork found nothing (%s); found here", err)
            return None
        finally:
            self.result.unlink(missing_ok=True)

    def discard(self) -> None:
        """Stop the fork at its next article, wait for it if not waited for yet, and remove
        what it wrote, unread."""
        with contextlib.suppress(ValueError):  # (closed: the fork was reaped)
            self.taken[:] = b"\1" * len(self.taken)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.result.unlink(missing_ok=True)


# Forks not collected yet: at most one per build, and one left by a build that stopped before
# its articles were finalized (``pelican --autoreload`` goes on to the next build).
_forks: list[Fork] = []


def reap_all() -> None:
    """Wait for every fork not collected, and remove what they wrote."""
    while _forks:
        _forks.pop().discard()


atexit.register(reap_all)


def _run_child(articles: Sequence[Any], opts: Options, result: Path, taken: mmap.mmap) -> None:
    """In a forked process: find the lists from the first article on, until the build process
    has taken the next one; pickle them to ``result``, by position; exit."""
    status = 0
    # What the fork inherits is never freed here: out of the collector's sight, its index does
    # not set off walks of the whole heap (0.3 s at 20,000 articles, and every page they
    # touched copied from the build's memory).
    gc.freeze()
    try:
        scorer = Scorer(articles, *opts)
        found: dict[int, list[int]] = {}
        for index in range(len(articles)):
            if taken[index]:
                break  # the build process has this one, and every one after it
            taken[index] = 1
            found[index] = scorer.related(index)
        with result.open("wb") as f:
            pickle.dump(found, f, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # the build finds them itself
        status = 1
    finally:
        os._exit(status)


def on_pretaxonomy(generator: Any) -> None:
    """Signal handler: on a big archive, start finding the related articles in a fork.

    The articles and their entities are final here: Pelican only groups them from now on.
    """
    reap_all()
    articles = list(generator.articles)
    minimum = int(setting(generator.settings, "RELATED_ARTICLES_FORK_MIN"))
    if not minimum or len(articles) < minimum or not hasattr(os, "fork"):
        return
    if (os.cpu_count() or 1) < 2:
        return  # no other core: the fork would only take turns with this process
    opts = options(generator.settings)
    taken = mmap.mmap(-1, len(articles))
    result = Path(tempfile.mkstemp(prefix="related-articles-", suffix=".pickle")[1])
    pid = os.fork()
    if pid == 0:
        _run_child(articles, opts, result, taken)
    _forks.append(Fork(pid, result, articles, opts, taken))


def _shared_lists(articles: Sequence[Any], opts: Options) -> list[list[int]] | None:
    """The lists of these very articles (same objects, same order, same settings as the
    fork's), found from the last article on until this process meets the fork, and by the
    fork for the others; None without a fork for them."""
    if not _forks:
        return None
    fork = _forks.pop()
    same = (
        fork.options == opts
        and len(fork.articles) == len(articles)
        and all(a is b for a, b in zip(fork.articles, articles, strict=True))
    )
    if not same:
        logger.debug("Related articles: the articles changed after the fork; found here")
        fork.discard()
        return None
    scorer: Scorer | None = None  # (not made when the fork has found them all)
    mine: dict[int, list[int]] = {}
    at = fork.taken.find(b"\0")  # the fork goes up from the first: where it is
    left = 0 if at == -1 else len(articles) - at
    if left * HELP_FROM_SHARE < len(articles):
        left = 0  # nearly done: the fork finishes sooner than this process can make its index
    for index in range(len(articles) - 1, len(articles) - 1 - left, -1):
        if fork.taken[index]:
            break  # the fork has this one, and every one before it
        fork.taken[index] = 1
        scorer = scorer or Scorer(articles, *opts)
        mine[index] = scorer.related(index)
    found = fork.reap() or {}
    fork.taken.close()
    logger.debug("Related articles: %d found in a fork, %d here", len(found), len(mine))
    lists = []
    for index in range(len(articles)):
        if index in mine:
            lists.append(mine[index])
        elif index in found:
            lists.append(found[index])
        else:  # (the fork failed)
            scorer = scorer or Scorer(articles, *opts)
            lists.append(scorer.related(index))
    return lists


def on_articles_finalized(generator: Any) -> None:
    """Signal handler: set ``article.related_articles`` on every published article.

    The cycle collector is paused meanwhile: the index made here (300,000 tuples at 20,000
    articles) set off four full collections of a heap of articles not frozen yet, 0.5 s that
    freed nothing; what is kept (a list per article) is then walked once, young.
    """
    articles = generator.articles
    opts = options(generator.settings)
    enabled = gc.isenabled()
    gc.disable()
    try:
        lists = _shared_lists(articles, opts)
        if lists is None:
            lists = related_indices(articles, *opts)
        for article, found in zip(articles, lists, strict=True):
            article.related_articles = [articles[other] for other in found]
    finally:
        if enabled:
            gc.enable()


def on_generators_finalized(generators: Sequence[Any]) -> None:
    """Signal handler: the articles generator's lists, taken after every other plugin has
    finished the articles (the fork has gone on meanwhile)."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            on_articles_finalized(generator)


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.article_generator_pretaxonomy.connect(on_pretaxonomy)
    signals.all_generators_finalized.connect(on_generators_finalized)
