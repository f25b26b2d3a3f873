"""The linear period archives equal Pelican's own; frozen URLs equal computed ones."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from .speedups import build_period_archives, freeze_urls


def test_same_archives_as_pelican():
    start = datetime(2020, 1, 1, 8, 0)
    articles = [SimpleNamespace(date=start + timedelta(days=13 * i), n=i) for i in range(60)]
    articles.reverse()  # newest first, as Pelican orders them
    dates = sorted(articles, key=lambda a: a.date)
    settings = dict(DEFAULT_CONFIG, DAY_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/{date:%d}.html")
    settings.update(
        YEAR_ARCHIVE_SAVE_AS="{date:%Y}/index.html",
        MONTH_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/index.html",
    )
    expected = ArticlesGenerator._build_period_archives(None, dates, articles, settings)
    assert build_period_archives(dates, articles, settings) == expected
    assert set(expected) == {"year", "month", "day"}


def test_frozen_url_is_the_computed_url():
    class Content:
        calls = 0

        @property
        def url(self):
            if hasattr(self, "override_url"):
                return self.override_url
            Content.calls += 1
            return "2023/09/a.html"

    content = Content()
    freeze_urls([content])
    assert [content.url, content.url] == ["2023/09/a.html"] * 2
    assert Content.calls == 1
