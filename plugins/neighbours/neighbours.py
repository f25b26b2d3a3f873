"""Previous and next article in the archive, for the article page.

Finding an article's place in the list from a template is a search per page (quadratic over
the archive); one pass here sets ``article.newer_article`` and ``article.older_article``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pelican import signals


def link_neighbours(articles: Sequence[Any]) -> None:
    """Articles are newest first (Pelican's order): the one before is newer."""
    for index, article in enumerate(articles):
        article.newer_article = articles[index - 1] if index > 0 else None
        article.older_article = articles[index + 1] if index + 1 < len(articles) else None


def on_articles_finalized(generator: Any) -> None:
    """Signal handler: link every published article to its neighbours by date."""
    ordered = sorted(generator.articles, key=lambda a: a.date, reverse=True)
    link_neighbours(ordered)


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.article_generator_finalized.connect(on_articles_finalized)
