"""Related articles: those that share real entities (people, places, organisations, documents).

A tag every article carries says nothing, so each shared entity weighs its inverse document
frequency ``log(N / df)``: an entity in every article weighs 0, a rare one a lot. Scores come
from an inverted index (entity -> articles, newest first) and, for each of an article's
entities, only its ``RELATED_ARTICLES_WINDOW`` nearest neighbours in that entity's list (the
articles closest in time), so the work is at most articles × entities × 2·window: linear in
the size of the archive, never all pairs.

On a big archive the lists are found in a fork of the build, started as soon as the articles
and their entities are final (``article_generator_pretaxonomy``) and collected where they are
needed (``article_generator_finalized``): the other core finds them while this one groups the
articles by tag, author and period (about 1.5 s of 20,000 articles' rebuild taken off its
single-core part).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import math
import os
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals

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


def setting(settings: dict[str, Any], key: str) -> Any:
    """A RELATED_ARTICLES_* setting, or its default."""
    return settings.get(key, DEFAULTS[key])


def entity_keys(article: Any, attributes: Sequence[str]) -> set[tuple[str, str]]:
    """The (kind, name) pairs of one article; strings "a; b" are split too."""
    keys: set[tuple[str, str]] = set()
    for attr in attributes:
        value = getattr(article, attr, None)
        if value is None:
            continue
        items = value.split(";") if isinstance(value, str) else value
        for item in items:
            name = str(item).strip().casefold()
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
    keys = [entity_keys(article, attributes) for article in articles]
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, article_keys in enumerate(keys):
        for key in article_keys:
            postings[key].append(index)
    total = len(articles)
    weight = {key: math.log(total / len(ids)) for key, ids in postings.items()}
    position = {(key, index): pos for key, ids in postings.items() for pos, index in enumerate(ids)}
    result: list[list[int]] = []
    for index, article_keys in enumerate(keys):
        scores: dict[int, float] = defaultdict(float)
        # Sorted: float sums depend on their order, and a set's order on the process's hash
        # seed; unsorted, two builds of the same articles could break ties differently.
        for key in sorted(article_keys):
            share = weight[key]
            if share <= 0:
                continue
            ids = postings[key]
            pos = position[(key, index)]
            for other in ids[max(0, pos - window) : pos]:
                scores[other] += share
            for other in ids[pos + 1 : pos + window + 1]:
                scores[other] += share
        result.append(best(scores, limit))
    return result


def best(scores: dict[int, float], limit: int) -> list[int]:
    """The ``limit`` highest-scored articles, ties to the newer (smaller index).

    Only the scores that can make the cut are sorted with their article: the cut itself comes
    from sorting the bare floats (most of an article's neighbours share one entity with it).
    """
    if len(scores) > limit:
        cut = sorted(scores.values(), reverse=True)[limit - 1]
        scores = {other: score for other, score in scores.items() if score >= cut}
    ranked = sorted((-score, other) for other, score in scores.items())
    return [other for _score, other in ranked[:limit]]


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
    """A fork finding the related articles of ``articles`` (the list as it was when forked)."""

    pid: int
    result: Path
    articles: list[Any]
    options: Options

    def reap(self) -> list[list[int]] | None:
        """Wait for the fork; what it found, or None if it failed."""
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
        """Wait for the fork, if not waited for yet, and remove what it wrote, unread."""
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


def _run_child(articles: Sequence[Any], opts: Options, result: Path) -> None:
    """In a forked process: find the lists, pickle them to ``result``, exit."""
    status = 0
    try:
        with result.open("wb") as f:
            pickle.dump(related_indices(articles, *opts), f, protocol=pickle.HIGHEST_PROTOCOL)
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
    result = Path(tempfile.mkstemp(prefix="related-articles-", suffix=".pickle")[1])
    pid = os.fork()
    if pid == 0:
        _run_child(articles, opts, result)
    _forks.append(Fork(pid, result, articles, opts))


def _forked_lists(articles: Sequence[Any], opts: Options) -> list[list[int]] | None:
    """The lists a fork found for these very articles (same objects, same order, same
    settings), or None."""
    if not _forks:
        return None
    fork = _forks.pop()
    lists = fork.reap()
    same = (
        fork.options == opts
        and len(fork.articles) == len(articles)
        and all(a is b for a, b in zip(fork.articles, articles, strict=True))
    )
    if lists is not None and not same:
        logger.debug("Related articles: the articles changed after the fork; found here")
    return lists if same else None


def on_articles_finalized(generator: Any) -> None:
    """Signal handler: set ``article.related_articles`` on every published article."""
    articles = generator.articles
    opts = options(generator.settings)
    lists = _forked_lists(articles, opts)
    if lists is None:
        lists = related_indices(articles, *opts)
    for article, found in zip(articles, lists, strict=True):
        article.related_articles = [articles[other] for other in found]


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.article_generator_pretaxonomy.connect(on_pretaxonomy)
    signals.article_generator_finalized.connect(on_articles_finalized)
