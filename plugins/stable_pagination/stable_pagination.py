"""List pages that keep their articles as the archive grows: pages numbered from the oldest.

Pelican numbers the pages of a list from the newest: ``trang-2.html`` holds articles 21-40, so
one new article moves every page of every list it joins by one article. At 20,000 articles a
daily update renders the home page's 1,000 pages and the pages of each of its sections, tags and
sources again (1,257 files for one article), uploads them all again, and invalidates every
cached copy a reader or a CDN holds; over years of daily updates that is quadratic work.

Here a list of ``n`` articles, ``per_page`` a page, has ``max(1, n // per_page)`` pages. The
oldest page is number 1 and holds the oldest ``per_page`` articles, page 2 the next ones, and so
on: a page other than the newest always holds the same articles, whatever is added after them.
The newest page is the list's own URL (the home page, the tag page) and holds the rest, from
``per_page`` to ``2 * per_page - 1`` articles; when it would reach twice the page size, its
oldest half becomes the next numbered page. Adding an article renders the newest page of each
list it joins (and, once in ``per_page`` additions, one new numbered page), nothing else.

The writer still asks for pages by their place from the newest (``paginator.page(1)`` is the
newest), as Pelican's writer and the render cache's do; ``page.number`` is the stable number
that URLs are made of. What a page shows never depends on the list's length, so a template
should not show "page X of Y": the theme shows the dates its articles span, and links to the
newest and oldest pages (``page.newest_url``, ``page.oldest_url``).

Installed on ``initialized`` in place of ``pelican.writers.Paginator``, for builds with this
plugin only (``STABLE_PAGINATION``, which this plugin sets); the render cache makes its
paginators through the same name, and keys a stable page by its own articles (``stable``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pelican import signals, writers
from pelican.paginator import Page, Paginator


class StablePaginator(Paginator):
    """A list's pages, numbered from the oldest, each but the newest holding fixed articles.

    ``object_list`` is newest first, as Pelican passes it; ``page(position)`` takes the place
    from the newest (1: the newest page), as Pelican's writer asks.
    """

    # Pages hold fixed slices: the render cache may key a page by its own articles.
    stable = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # URL and SAVE_AS of each page by (key, newest, number): every page of a list has the
        # list's names, and a page's place is asked by its own key, its neighbours' keys
        # (their previous and next links) and the writer, 40,000 pages at 20,000 articles.
        self.places: dict[tuple[str, bool, int], str] = {}

    @property
    def num_pages(self) -> int:  # type: ignore[override]
        """Full pages of ``per_page``; the newest takes the remainder (never an empty page)."""
        if self.per_page <= 0:
            return 1
        return max(1, self.count // self.per_page)

    def page(self, number: int) -> StablePage:
        """The page at place ``number`` from the newest (1-based, as Pelican asks)."""
        pages = self.num_pages
        if not 1 <= number <= pages:
            raise IndexError(f"{self.name} has {pages} pages, not page {number}")
        stable_number = pages - number + 1
        if number == 1:
            top = self.count - (pages - 1) * self.per_page
            items = self.object_list[:top]
        else:
            bottom = self.count - stable_number * self.per_page
            items = self.object_list[bottom : bottom + self.per_page]
        return StablePage(self.name, self.url, items, stable_number, self, self.settings)


class StablePage(Page):
    """One page of a ``StablePaginator``: ``number`` counts from the oldest page (1)."""

    paginator: StablePaginator

    @property
    def newest(self) -> bool:
        """Whether this is the list's newest page (its own URL)."""
        return self.number == self.paginator.num_pages

    def has_next(self) -> bool:
        """Whether an older page follows (Pelican's "next" is the older page)."""
        return self.number > 1

    def has_previous(self) -> bool:
        """Whether a newer page comes before."""
        return not self.newest

    def next_page_number(self) -> int:
        return self.number - 1

    def previous_page_number(self) -> int:
        return self.number + 1

    def start_index(self) -> int:
        """1-based place of the page's first article in the whole list (newest first)."""
        if not self.object_list:
            return 0
        if self.newest:
            return 1
        return self.paginator.count - self.number * self.paginator.per_page + 1

    def end_index(self) -> int:
        """1-based place of the page's last article in the whole list (newest first)."""
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0

    @property
    def newest_url(self) -> str:
        """URL of the list's newest page (its own URL)."""
        return self._place("URL", newest=True, number=self.paginator.num_pages)

    @property
    def oldest_url(self) -> str:
        """URL of the list's oldest page: ``trang-1.html`` whenever there are two pages."""
        pages = self.paginator.num_pages
        return self._place("URL", newest=pages == 1, number=1)

    def _place(self, key: str, newest: bool, number: int) -> str:
        """``key`` (URL or SAVE_AS) of the page numbered ``number`` of this list.

        Pelican picks the last pattern of PAGINATION_PATTERNS whose ``min_page`` the page's
        number reaches. The newest page takes the patterns of Pelican's first page (the list's
        own URL); page ``k`` from the oldest those of Pelican's page ``k + 1``, so that with the
        usual patterns it is ``.../trang-{k}.html`` even for ``k = 1``; ``min_page = -1`` (the
        last page) is the oldest. Found once per list and page (``StablePaginator.places``).
        """
        places = self.paginator.places
        found = places.get((key, newest, number))
        if found is None:
            found = places[(key, newest, number)] = self._find_place(key, newest, number)
        return found

    def _find_place(self, key: str, newest: bool, number: int) -> str:
        """``_place``, from the settings."""
        as_pelican = 1 if newest else number + 1
        rule = None
        for pattern in self.settings["PAGINATION_PATTERNS"]:
            if pattern.min_page == -1:
                if number == 1 and not newest:
                    rule = pattern
                    break
            elif pattern.min_page <= as_pelican:
                rule = pattern
        if rule is None:
            return ""
        value = getattr(rule, key)
        if not isinstance(value, str):
            return value
        formatted = value.format(
            save_as=self.full_name,
            url=self.base_url,
            name=self.name,
            base_name=self.base_name,
            extension=self.extension,
            number=number,
        )
        # Pelican removes one leading slash (see ``Page._from_settings``).
        return formatted[1:] if formatted.startswith("/") else formatted

    @property
    def url(self) -> str:  # type: ignore[override]
        return self._place("URL", self.newest, self.number)

    @property
    def save_as(self) -> str:  # type: ignore[override]
        return self._place("SAVE_AS", self.newest, self.number)


def make_paginator(
    name: str,
    url: str,
    object_list: Sequence[Any],
    settings: dict[str, Any],
    per_page: int | None = None,
) -> Paginator:
    """What ``pelican.writers.Paginator`` makes: a stable paginator for builds with this plugin."""
    cls = StablePaginator if settings.get("STABLE_PAGINATION") else Paginator
    return cls(name, url, object_list, settings, per_page)


def install(pelican: Any) -> None:
    """Signal handler: this build's writers number list pages from the oldest."""
    pelican.settings["STABLE_PAGINATION"] = True
    writers.Paginator = make_paginator  # type: ignore[assignment,misc]


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.initialized.connect(install)
