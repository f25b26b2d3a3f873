"""The one record every stage of the importer passes on.

Raw text goes in at one end (``extract.extract_article``), an :class:`Article` comes out, and
``markdown.render_article`` turns it into a Pelican Markdown file. Keeping every extracted field in
one typed record (instead of the positional tuples of ``pelican-import``) lets each stage be tested
on its own and lets the report show exactly what was extracted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block of the article body is; the Markdown writer renders each kind differently."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    CAPTION = "caption"


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the body, in reading order."""

    kind: BlockKind
    text: str

    def __reduce__(self) -> tuple[type[Block], tuple[BlockKind, str]]:
        """Pickled as its two values. (A slotted frozen dataclass pickles through dataclasses'
        generic state functions, which look up the fields again for each block: a third
        slower, and every block of every article crosses from a worker to the importer.)"""
        return Block, (self.kind, self.text)


@dataclass(slots=True)
class Article:
    """Everything a careful editor takes out of one raw article."""

    title: str
    body: list[Block]
    date: datetime | None = None
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    author_affiliation: str | None = None
    source: str | None = None
    source_code: str | None = None
    category: str | None = None
    summary: str = ""
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    source_url: str | None = None
    raw_file: str = ""
    raw_hash: str = ""
    encoding: str = "utf-8"
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __reduce__(self) -> tuple[type[Article], tuple[object, ...]]:
        """Pickled as its values in field order (see :meth:`Block.__reduce__`)."""
        return Article, tuple(getattr(self, name) for name in _ARTICLE_FIELDS)

    @property
    def captions(self) -> list[str]:
        """Photo captions, in order, each once."""
        return [b.text for b in self.body if b.kind is BlockKind.CAPTION]

    @property
    def headings(self) -> list[str]:
        """Subheadings of the body, in order."""
        return [b.text for b in self.body if b.kind is BlockKind.HEADING]

    @property
    def paragraphs(self) -> list[str]:
        """Running text, without headings and captions."""
        return [b.text for b in self.body if b.kind is BlockKind.PARAGRAPH]

    @property
    def tags(self) -> list[str]:
        """Every entity once, people first: what Pelican's ``Tags`` field carries."""
        seen: dict[str, None] = {}
        for name in (*self.people, *self.places, *self.organisations, *self.documents):
            seen.setdefault(name, None)
        return list(seen)

    @property
    def is_draft(self) -> bool:
        """An article without a date is kept, but as a draft for an editor to date."""
        return self.date is None


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
