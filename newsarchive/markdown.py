"""Article -> Markdown with a Pelican metadata header.

Input text is text, never markup: every character that Markdown or HTML would act on is
escaped, so nothing from a scraped page can inject a tag, a link or a script into the site.
Metadata values are HTML-escaped (Pelican inserts titles into pages as HTML) and kept on one line.

The lead and captions are marked with ``attr_list`` classes (``{: .lead }``, ``{: .caption }``) that
the theme renders as the lead and as figure captions.
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache

from .article import Article, BlockKind
from .dates import isoformat

IMPORT_HASH_FIELD = "Import_Hash"
LIST_SEPARATOR = "; "

# Characters Markdown acts on anywhere in a line.
_INLINE_CHARACTERS = "\\`*_{}[]<>|~"
_INLINE = re.compile(f"([{re.escape(_INLINE_CHARACTERS)}])")
# What Markdown acts on at the start of a line: headings, quotes, lists, rules, tables.
_LINE_START = re.compile(r"^(\s*)([#>+-])")
_ORDERED_LIST = re.compile(r"^(\s*\d+)([.)])")


def escape_markdown(text: str) -> str:
    """Text that Python-Markdown renders as exactly this text, with no markup of its own."""
    text = html.escape(text, quote=False)  # &, <, > become entities first
    # Few texts hold one of these: str searches rule the others out faster than the regex reads.
    if any(char in text for char in _INLINE_CHARACTERS):
        text = _INLINE.sub(r"\\\1", text)
    text = text.replace("!\\[", "\\!\\[")
    # Each pattern can only match at the start: a match there, not a substitution, which
    # tries (and fails) at every character of the text (1.5 us of 2 for a paragraph).
    for start in (_ORDERED_LIST, _LINE_START):
        if found := start.match(text):
            text = f"{found[1]}\\{found[2]}{text[found.end() :]}"
    return text


@lru_cache(maxsize=4096)
def escape_value(text: str) -> str:
    """A metadata value: one line, HTML-escaped (quotes too: templates put titles in attributes).

    Remembered: a name is escaped for ``Tags`` and for its own field, and places and bodies
    recur from article to article."""
    return html.escape(" ".join(text.split()), quote=True)


def join_list(items: list[str]) -> str:
    """Pelican splits list fields on ``;`` when there is one, else on commas.

    A ``;`` in a name becomes a comma before the name is escaped: the ``;`` that ends an
    escape (``&amp;``) stays, and the site's readers (plugin ``taxonomies``) do not split there.
    """
    value = LIST_SEPARATOR.join(escape_value(i.replace(";", ",")) for i in items)
    return value + ";" if len(items) == 1 and "," in value else value


def metadata_fields(article: Article, slug: str) -> list[tuple[str, str]]:
    """The header fields, in a fixed order, without empty ones."""
    fields: list[tuple[str, str | None]] = [
        ("Title", escape_value(article.title)),
        ("Date", isoformat(article.date) if article.date else None),
        ("Modified", isoformat(article.modified) if article.modified else None),
        ("Authors", join_list(article.authors) if article.authors else None),
        (
            "Author_Affiliation",
            escape_value(article.author_affiliation) if article.author_affiliation else None,
        ),
        ("Category", escape_value(article.category) if article.category else None),
        ("Tags", join_list(article.tags) if article.tags else None),
        ("People", join_list(article.people) if article.people else None),
        ("Places", join_list(article.places) if article.places else None),
        ("Organisations", join_list(article.organisations) if article.organisations else None),
        ("Documents", join_list(article.documents) if article.documents else None),
        ("Source", escape_value(article.source) if article.source else None),
        ("Source_Code", escape_value(article.source_code) if article.source_code else None),
        ("Source_Url", escape_value(article.source_url) if article.source_url else None),
        (
            "Summary",
            " ".join(escape_markdown(article.summary).split()) if article.summary else None,
        ),
        ("Slug", slug),
        ("Status", "draft" if article.is_draft else None),
        ("Raw_File", escape_value(article.raw_file) if article.raw_file else None),
        ("Raw_Hash", article.raw_hash or None),
    ]
    return [(name, value) for name, value in fields if value]


def render_body(article: Article) -> str:
    """The body in Markdown: lead, paragraphs, ``##`` subheadings and marked captions."""
    parts: list[str] = []
    lead_done = False
    for block in article.body:
        text = escape_markdown(block.text)
        if block.kind is BlockKind.HEADING:
            parts.append(f"## {text}")
        elif block.kind is BlockKind.CAPTION:
            parts.append(f"{text}\n{{: .caption }}")
        elif not lead_done:
            parts.append(f"{text}\n{{: .lead }}")
            lead_done = True
        else:
            parts.append(text)
    return "\n\n".join(parts) + "\n"


# Line breaks other than "\n" that str.splitlines() also splits on.
OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _has_other_line_breaks(text: str) -> bool:
    """True when ``text`` holds one of :data:`OTHER_LINE_BREAKS`. (A search for each character
    reads a file many times faster than one regex over it: this runs on every file written.)"""
    return any(char in text for char in OTHER_LINE_BREAKS)


def content_hash(text: str) -> str:
    """The hash of a rendered file without its own hash line: tells a person's edit apart."""
    stamp = IMPORT_HASH_FIELD + ":"
    if stamp in text or _has_other_line_breaks(text):
        lines = [line for line in text.splitlines() if not line.startswith(stamp)]
        unstamped = "\n".join(lines)
    else:  # what the line-by-line form gives for a file without a stamp, without the split
        unstamped = text[:-1] if text.endswith("\n") else text
    return hashlib.sha256(unstamped.encode("utf-8")).hexdigest()[:16]


def render_article(
    article: Article, slug: str, extra: list[tuple[str, str]] | tuple[()] = ()
) -> str:
    """The whole Markdown file, with a hash of itself that a later import checks for edits.

    ``extra`` fields (the store's story key) go after the article's own.
    """
    fields = [*metadata_fields(article, slug), *extra]
    header = "\n".join(f"{name}: {value}" for name, value in fields)
    return _stamp(header, render_body(article))


def _stamp(header: str, body: str) -> str:
    """The file of this header and body, with the hash line last in the header."""
    text = f"{header}\n\n{body}"
    return f"{header}\n{IMPORT_HASH_FIELD}: {content_hash(text)}\n\n{body}"


def with_slug(text: str, slug: str) -> str:
    """A file from :func:`render_article` as it renders for another slug.

    The slug is one header line and the hash covers it: the import renders each file in a worker
    process for the slug its headline gives, and the one process that gives out slugs changes
    that line when the slug is taken, without the body (which need not cross between them).
    """
    header, _, body = text.partition("\n\n")
    lines = [
        f"Slug: {slug}" if line.startswith("Slug: ") else line
        for line in header.split("\n")
        if not line.startswith(f"{IMPORT_HASH_FIELD}: ")
    ]
    return _stamp("\n".join(lines), body)


def read_header(text: str) -> dict[str, str]:
    """The metadata header of a Markdown file (up to the first blank line)."""
    header: dict[str, str] = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        name, sep, value = line.partition(":")
        if sep and name and " " not in name:
            header[name.strip()] = value.strip()
    return header


def is_edited(text: str) -> bool:
    """True when a file written by the importer was changed since (or has no stamp at all)."""
    stamp = read_header(text).get(IMPORT_HASH_FIELD)
    return stamp is None or stamp != content_hash(text)
