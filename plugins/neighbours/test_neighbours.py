"""Previous/next links follow the archive's date order."""

from __future__ import annotations

from types import SimpleNamespace

from .neighbours import link_neighbours


def test_newest_first_list_links_both_ways():
    new, mid, old = (SimpleNamespace(name=n) for n in ("new", "mid", "old"))
    link_neighbours([new, mid, old])
    assert (new.newer_article, new.older_article) == (None, mid)
    assert (mid.newer_article, mid.older_article) == (new, old)
    assert (old.newer_article, old.older_article) == (mid, None)
