"""Related articles: those that share real entities (people, places, organisations, documents).

A tag every article carries says nothing, so each shared entity weighs its inverse document
frequency ``log(N / df)``: an entity in every article weighs 0, a rare one a lot. Scores come
from an inverted index (entity -> articles, newest first) and, for each of an article's
entities, only its ``RELATED_ARTICLES_WINDOW`` nearest neighbours in that entity's list (the
articles closest in time), so the work is at most articles × entities × 2·window: linear in
the size of the archive, never all pairs.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Sequence
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
    keys = [entity_keys(article, attributes) for article in articles]
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, article_keys in enumerate(keys):
        for key in article_keys:
            postings[key].append(index)
    total = len(articles)
    weight = {key: math.log(total / len(ids)) for key, ids in postings.items()}
    position = {(key, index): pos for key, ids in postings.items() for pos, index in enumerate(ids)}
    result: list[list[Any]] = []
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
        result.append([articles[other] for other in best(scores, limit)])
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


def on_articles_finalized(generator: Any) -> None:
    """Signal handler: set ``article.related_articles`` on every published article."""
    settings = generator.settings
    articles = generator.articles
    lists = related(
        articles,
        setting(settings, "RELATED_ARTICLES_ATTRIBUTES"),
        int(setting(settings, "RELATED_ARTICLES_MAX")),
        int(setting(settings, "RELATED_ARTICLES_WINDOW")),
    )
    for article, found in zip(articles, lists, strict=True):
        article.related_articles = found


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.article_generator_finalized.connect(on_articles_finalized)
