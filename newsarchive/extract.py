"""Raw article -> :class:`Article`: the importer's extraction, read top to bottom.

1. Bytes are decoded and normalised (``normalize``); a saved page is reduced to its text and
   metadata (``html``).
2. The text becomes *units* (non-empty lines) that remember the blank lines before them and
   whether they were printed right under the previous line.
3. Furniture goes: share bars and file names anywhere, the tail from ``Xem thêm`` on, runs of
   links to other stories.
4. The header (everything before the lead) gives the section, the title (once), the date lines
   and a byline.
5. The body: the lead, then paragraphs, subheadings and captions, duplicates removed; the byline
   and source lines at the end are taken out.
6. Source, section, summary and entities are read from what is left.

Every rule is general; none knows a site or a file.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from . import bylines, dates
from .article import Article, Block, BlockKind
from .cache import raw_hash
from .captions import LineContext, is_caption, is_heading
from .entities import find_entities
from .errors import EmptyInput, InputTooLarge, NotAnArticle, UnreadableInput
from .furniture import (
    ends_sentence,
    furniture_reason,
    is_photo_file_name,
    is_tail_marker,
    looks_like_link_title,
)
from .html import Page, looks_like_html, read_page
from .normalize import (
    casefolded,
    decode,
    fold,
    may_fold_within,
    normalize_line,
    normalize_text,
    strip_markup_residue,
)
from .patterns import BREADCRUMB_ROOTS, PROPER_TERMS
from .settings import ImportSettings

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MIN_LEAD_LENGTH = 80
MAX_TITLE_LENGTH = 300
# Hard-wrapped dumps: lines no longer than this, most within WRAP_SLACK of the longest.
MAX_WRAP_WIDTH = 100
WRAP_SLACK = 14
# An article prints its date once or twice; a page with more dated items is a list of stories.
MAX_BODY_DATE_LINES = 3
# "(CT) - ", "(LĐTĐ) ", "(HGO) – ", and without brackets "ĐCSVN - ", "TTXVN – ".
_AGENCY_CODE = re.compile(
    r"^(?:\((?P<code>[A-ZĐ][A-Za-zĐđ.]{0,15})\)\s*(?:[-–—:]\s*)?"
    r"|(?P<bare>[A-ZĐ]{2,8}(?:\.vn)?)\s+[-–—]\s+)"
)
_AGENCY_CODE_LINE = re.compile(r"^\((?P<code>[A-ZĐ][A-Za-zĐđ.]{0,15})\)$")
# "Hoàng Long - 21:45 01/02/2024": a byline and a date on one line.
_NAME_AND_DATE = re.compile(
    r"^(?:(?P<name>[^\d|–-]{3,45}?)\s+[-–|]\s+(?P<date>.*\d.*)"
    r"|(?P<date2>.*\d.*?)\s+[-–|]\s+(?P<name2>[^\d|–-]{3,45}))$"
)
_URL_LINE = re.compile(r"^https?://\S+$")
# "Báo Long An - Chiều 18/6, ...": the lead opens with its publication's name.
_PUBLICATION_DATELINE = re.compile(
    r"^(?P<name>(?:Báo|Tạp chí|Đài|Thông tấn xã) [^-–—.,:]{2,40}?)\s+[-–—]\s+"
)
_SECTION_LABEL = re.compile(
    r"^(?:chuyên mục|danh mục|mục|chủ đề)\s*:\s*(?P<section>.{2,60})$", re.I
)
SITE_NAME_STARTS = ("báo ", "tạp chí ", "cổng thông tin", "trang thông tin", "đài ", "thông tấn")
_BREADCRUMB = re.compile(r"\s+(?:>|»|›|→)\s+")
_SLASH_CRUMB = re.compile(r"\s+/\s+")


class Unit(NamedTuple):
    """One non-empty line of the text and what the page showed around it.

    (A named tuple: every line of every article becomes one, twice, and a tuple is made five
    times faster than a frozen dataclass.)
    """

    text: str
    blank_before: int
    joined: bool  # printed right under the previous line, no blank line between
    after_photo_file: bool = False
    printed_twice: bool = False


# --- 2. Units ----------------------------------------------------------------------------
def _is_hard_wrapped(lines: list[str]) -> tuple[bool, int]:
    """A dump whose paragraphs were broken at a fixed width (e-mail, old portals, PDFs): no
    line is much longer than the width, and many lines run right up to it."""
    texts = [line for line in lines if line]
    if len(texts) < 6:
        return False, 0
    width = max(len(t) for t in texts)
    if not 40 <= width <= MAX_WRAP_WIDTH:
        return False, 0
    full = sum(
        1
        for line, following in itertools.pairwise(lines)
        if line and following and len(line) >= width - WRAP_SLACK
    )
    return full >= len(texts) * 0.3, width


def unwrap(lines: list[str]) -> list[str]:
    """Join the lines of hard-wrapped paragraphs; leave headlines, dates and short lines be."""
    wrapped, width = _is_hard_wrapped(lines)
    if not wrapped:
        return lines
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        continues = (
            previous
            and line
            and not ends_sentence(previous)
            and (line[0].islower() or line[0].isdigit() or len(previous) >= width - WRAP_SLACK)
            and not dates.parse_date_line(previous)
            and not dates.parse_date_line(line)
        )
        if continues:
            out[-1] = f"{previous} {line}"
        else:
            out.append(line)
    return out


def to_units(lines: list[str]) -> list[Unit]:
    """Non-empty lines with their layout."""
    units: list[Unit] = []
    blanks = 0
    for line in lines:
        if not line:
            blanks += 1
            continue
        units.append(Unit(line, blanks, joined=bool(units) and blanks == 0))
        blanks = 0
    return units


# --- 3. Furniture ----------------------------------------------------------------------------
def drop_furniture(units: list[Unit], dropped: list[str]) -> list[Unit]:
    """Remove furniture lines; the line after a photo file name is marked as coming after one."""
    kept: list[Unit] = []
    after_file = False
    lost_link = False
    for unit in units:
        reason = furniture_reason(unit.text)
        if reason:
            dropped.append(unit.text)
            after_file = is_photo_file_name(unit.text)
            lost_link = True
            continue
        joined = unit.joined and not lost_link
        kept.append(Unit(unit.text, unit.blank_before, joined, after_file, unit.printed_twice))
        after_file = lost_link = False
    return kept


def _is_running_text(text: str) -> bool:
    return len(text) >= 120 and ends_sentence(text)


def cut_tail(units: list[Unit], lead_index: int, dropped: list[str]) -> list[Unit]:
    """Drop the tail: from a marker such as ``Xem thêm`` to the end, when what follows is a list
    of other stories (titles with their dates). A marker followed by a few titles and then the
    article again is an inline box: only the marker and its titles go."""
    kept: list[Unit] = units[: lead_index + 1]
    i = lead_index + 1
    while i < len(units):
        if not is_tail_marker(units[i].text):
            kept.append(units[i])
            i += 1
            continue
        j = i + 1
        while (
            j < len(units)
            and looks_like_link_title(units[j].text)
            and not dates.parse_date_line(units[j].text)
        ):
            j += 1
        resumes = j < len(units) and _is_running_text(units[j].text)
        if not resumes:
            dropped.extend(u.text for u in units[i:])
            return kept
        dropped.extend(u.text for u in units[i:j])
        i = j
    return kept


def drop_link_runs(units: list[Unit], dropped: list[str]) -> list[Unit]:
    """Drop runs of two or more short unpunctuated lines printed together: related stories."""
    kept: list[Unit] = []
    i = 0
    while i < len(units):
        j = i + 1
        while j < len(units) and units[j].joined:
            j += 1
        run = units[i:j]
        if len(run) >= 2 and all(looks_like_link_title(u.text) for u in run):
            dropped.extend(u.text for u in run)
        else:
            kept.extend(run)
        i = j
    return kept


# --- 4. Header -------------------------------------------------------------------------------
def is_section_line(text: str) -> bool:
    """An ALL-CAPS line of a few words above the headline: the section's name."""
    if len(text.split()) > 12 or ends_sentence(text):
        return False  # (asked first: a paragraph is ruled out without counting its letters)
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def breadcrumb_section(text: str) -> str | None:
    """``Trang chủ > Xây dựng Đảng > Tổ chức`` -> ``Tổ chức``; a trail of only roots
    (``Trang chủ > Tin tức``) -> ``""``; a line that is no breadcrumb -> None."""
    crumbs = [c.strip() for c in _BREADCRUMB.split(text) if c.strip()]
    if len(crumbs) < 2:
        # "Trang chủ / Xây dựng Đảng": a slash separates crumbs only after a root crumb.
        crumbs = [c.strip() for c in _SLASH_CRUMB.split(text) if c.strip()]
        if len(crumbs) < 2 or crumbs[0].casefold() not in BREADCRUMB_ROOTS:
            return None
    if any(len(c) > 60 or len(c.split()) > 8 for c in crumbs):
        return None
    crumbs = [c for c in crumbs if c.casefold() not in BREADCRUMB_ROOTS]
    return crumbs[-1] if crumbs else ""


def sentence_case(text: str) -> str:
    """``CÁC BAN XÂY DỰNG ĐẢNG CỦA THÀNH ỦY`` -> ``Các ban xây dựng Đảng của Thành ủy``."""
    if not text.isupper():
        return text
    lowered = text.lower()
    for term in sorted(PROPER_TERMS, key=len, reverse=True):
        lowered = re.sub(rf"(?<!\w){re.escape(term.lower())}(?!\w)", term, lowered)
    return lowered[:1].upper() + lowered[1:]


def find_lead_index(units: list[Unit], start: int) -> int | None:
    """The first unit from ``start`` that reads as running text: the lead paragraph.

    First choice, a paragraph of news length; failing that (a short brief), the first sentence
    of six words or more.
    """
    brief = None  # the first sentence of six words or more, if no paragraph comes
    for i in _lead_candidates(units, start):
        text = units[i].text
        if len(text) >= MIN_LEAD_LENGTH and (ends_sentence(text) or len(text) >= 160):
            return i
        if (
            brief is None
            and len(text.split()) >= 6
            and text.rstrip().endswith((".", "!", "?", "…", ".”", '."'))
        ):
            brief = i
    return brief


def _lead_candidates(units: list[Unit], start: int) -> Iterator[int]:
    """The units from ``start`` up to a tail marker that are neither date lines nor bylines.

    A generator: the lead is usually among the first few, and the lines after it need not be
    read for it.
    """
    for i in range(start, len(units)):
        text = units[i].text
        if is_tail_marker(text):
            return
        if not dates.parse_date_line(text) and not bylines.parse_labelled_byline(text):
            yield i


@dataclass
class Header:
    title: str | None = None
    section: str | None = None
    site: str | None = None
    source_code: str | None = None
    url: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    authors: tuple[str, ...] = ()
    affiliation: str | None = None


def read_date(text: str, header: Header, warnings: list[str], settings: ImportSettings) -> bool:
    """Take a date line into the header; True if the line was one."""
    line = dates.parse_date_line(text, settings.tz)
    if line is None:
        return False
    take_date(line, header, warnings)
    return True


def take_date(line: dates.DateLine, header: Header, warnings: list[str]) -> None:
    """Fill the header's dates that are still empty from a parsed date line."""
    if header.published is None and line.published is not None:
        header.published = line.published
    if header.modified is None and line.modified is not None:
        header.modified = line.modified
    warnings.extend(line.warnings)


def _is_site_name(text: str) -> bool:
    """``Báo Quảng Ninh điện tử``, ``Cổng thông tin điện tử ...``: the publication's masthead."""
    folded = casefolded(text)
    return folded.startswith(SITE_NAME_STARTS) or folded.endswith(" điện tử")


def _could_be_title(text: str) -> bool:
    return len(text.split()) >= 2 and len(text) <= MAX_TITLE_LENGTH and not _AGENCY_CODE.match(text)


def read_header(
    units: list[Unit],
    lead_index: int,
    settings: ImportSettings,
    warnings: list[str],
    dropped: list[str],
    forced_title: str | None = None,
) -> tuple[Header, list[Unit]]:
    """Section, title, dates and byline from the units before the lead; what else is body.

    The headline is the first line of headline length (six words or more) before the lead,
    else the last short one; short lines above it name the section or the site.
    """
    header = Header()
    candidates: list[Unit] = []
    for unit in units[:lead_index]:
        text = unit.text
        if read_date(text, header, warnings, settings):
            dropped.append(text)
            continue
        crumb = breadcrumb_section(text)
        if crumb is not None:
            header.section = header.section or crumb or None
            dropped.append(text)
            continue
        label = _SECTION_LABEL.match(text)
        if label:
            header.section = header.section or label["section"].strip()
            dropped.append(text)
            continue
        code = _AGENCY_CODE_LINE.match(text)
        if code:
            header.source_code = header.source_code or code["code"]
            dropped.append(text)
            continue
        byline = bylines.parse_labelled_byline(text)
        if byline:
            if byline.authors and not header.authors:
                header.authors = byline.authors
                header.affiliation = byline.affiliation
            dropped.append(text)
            continue
        name_and_date = _NAME_AND_DATE.match(text)
        name = name_and_date and (name_and_date["name"] or name_and_date["name2"])
        when = name_and_date and (name_and_date["date"] or name_and_date["date2"])
        if name and bylines.looks_like_name(name) and read_date(when, header, warnings, settings):
            header.authors = header.authors or (bylines.proper_case(name),)
            dropped.append(text)
            continue
        if (
            candidates
            and text.isupper()
            and len(text.split()) <= 4
            and bylines.looks_like_name(text)
        ):
            # "MINH LUẬN" under the headline: a byline without a label.
            header.authors = header.authors or (bylines.proper_case(text),)
            dropped.append(text)
            continue
        if _URL_LINE.match(text):
            header.url = header.url or text
            dropped.append(text)
            continue
        candidates.append(unit)

    titles = [
        i
        for i, u in enumerate(candidates)
        if _could_be_title(u.text) and not (is_section_line(u.text) and i + 1 < len(candidates))
    ]
    if forced_title is not None:
        chosen = 0
    else:
        long_ones = [
            i
            for i in titles
            if len(candidates[i].text.split()) >= 6
            and not _is_site_name(candidates[i].text)
            and not is_section_line(candidates[i].text)
        ]
        chosen = long_ones[0] if long_ones else (titles[-1] if titles else None)
    rest: list[Unit] = []
    for i, unit in enumerate(candidates):
        text = unit.text
        if chosen is not None and i < chosen:
            if _is_site_name(text):
                header.site = header.site or text
            elif is_section_line(text) or len(text.split()) <= 6:
                header.section = header.section or sentence_case(text)
            else:
                rest.append(unit)
                continue
            dropped.append(text)
        elif i == chosen:
            header.title = text
        elif header.title is not None and fold(text) == fold(header.title):
            dropped.append(text)  # the headline printed again
        else:
            rest.append(unit)
    return header, rest


# --- 5. Body ---------------------------------------------------------------------------------
def merge_duplicates(units: list[Unit], dropped: list[str]) -> list[Unit]:
    """Keep one of each line; a line printed twice in a row is remembered as such (a caption's
    alt text and caption, or a lead printed twice)."""
    kept: list[Unit] = []
    seen: set[str] = set()
    last_key = None  # the case-folded text of kept[-1]
    for unit in units:
        key = casefolded(unit.text)  # the text is normalised already: case is all that differs
        if kept and last_key == key:
            kept[-1] = kept[-1]._replace(printed_twice=True)
            dropped.append(unit.text)
            continue
        if key in seen and len(unit.text) > 40:
            dropped.append(unit.text)
            continue
        seen.add(key)
        kept.append(unit)
        last_key = key
    return kept


@dataclass
class Credits:
    authors: tuple[str, ...] = ()
    affiliation: str | None = None
    source: str | None = None


def take_credits(units: list[Unit], credits: Credits, dropped: list[str]) -> list[Unit]:
    """Take bylines and source lines out of the body (labelled anywhere, names at the end)."""
    kept: list[Unit] = []
    for unit in units:
        byline = bylines.parse_labelled_byline(unit.text)
        if byline is not None:
            if byline.authors and not byline.photo_only and not credits.authors:
                credits.authors, credits.affiliation = byline.authors, byline.affiliation
            dropped.append(unit.text)
            continue
        kept.append(unit)
    # The last lines: a source line, or a name alone (with an affiliation in brackets).
    while kept:
        last = kept[-1].text
        source = bylines.parse_source_line(last)
        if source is not None:
            credits.source = credits.source or source.source
            if source.authors and not credits.authors:
                credits.authors = source.authors
            dropped.append(last)
            kept.pop()
            continue
        name = bylines.parse_name_line(last) if len(kept) > 1 else None
        if name is None and len(kept) > 1 and bylines.is_office_byline(last):
            name = bylines.Byline((last,))
        if name is not None and not credits.authors:
            credits.authors, credits.affiliation = name.authors, name.affiliation
            dropped.append(last)
            kept.pop()
            continue
        break
    return kept


def classify(units: list[Unit], page: Page | None) -> list[Block]:
    """The body's blocks: paragraphs, subheadings and captions. The lead is the first
    paragraph; a caption printed above it (a photo before the text) stays a caption."""
    page_headings = {fold(h) for h in page.headings} if page else set()
    page_captions = {fold(c) for c in page.captions} if page else set()
    longest = max(map(len, page_headings | page_captions), default=-1)
    blocks: list[Block] = []
    seen_paragraph = False
    for i, unit in enumerate(units):
        text = unit.text
        context = LineContext(unit.after_photo_file, unit.printed_twice, unit.blank_before)
        # (None: no heading or caption of the page can be this text; a paragraph is none)
        key = fold(text) if longest >= 0 and may_fold_within(text, longest) else None
        if key in page_captions or (key not in page_headings and is_caption(text, context)):
            kind = BlockKind.CAPTION
        elif seen_paragraph and (key in page_headings or (is_heading(text) and i + 1 < len(units))):
            kind = BlockKind.HEADING
        else:
            kind = BlockKind.PARAGRAPH
        if kind is BlockKind.CAPTION and not seen_paragraph and len(text) >= MIN_LEAD_LENGTH * 2:
            kind = BlockKind.PARAGRAPH  # a long first block is the lead, whatever it starts with
        seen_paragraph = seen_paragraph or kind is BlockKind.PARAGRAPH
        blocks.append(Block(kind, text))
    if not seen_paragraph:
        # A brief of one short sentence reads like a caption; it is the article's text.
        blocks[0] = Block(BlockKind.PARAGRAPH, blocks[0].text)
    return blocks


# --- 6. Source, section, summary -----------------------------------------------------------
def split_agency_code(lead: str) -> tuple[str | None, str]:
    """``(CT) - Ngày 18-9-2023, ...`` -> ``("CT", "Ngày 18-9-2023, ...")``."""
    match = _AGENCY_CODE.match(lead)
    if not match:
        return None, lead
    return match["code"] or match["bare"], lead[match.end() :]


def choose_category(
    candidates: list[str | None], title: str, lead: str, settings: ImportSettings
) -> str:
    """The first section the page names, else one configured by rule, else the default."""
    for candidate in candidates:
        if candidate and candidate.strip():
            return sentence_case(normalize_line(candidate))
    haystack = f"{title} {lead}".casefold()
    for category, words in settings.category_rules:
        if any(word in haystack for word in words):
            return category
    return settings.default_category


def folder_section(path: Path, root: Path | None) -> str | None:
    """The name of the folder an article was filed in under the import root, if any."""
    if root is None or (path.parent == root and not path.is_symlink()):
        return None  # (a file right in the root: no need to resolve both paths to say so)
    if not root.is_dir():
        return None
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return normalize_line(relative.parent.name) or None if relative.parent.parts else None


def extract_text(
    text: str,
    settings: ImportSettings,
    *,
    page: Page | None = None,
    folder: str | None = None,
) -> Article:
    """Extract an article from its (decoded) text, with a saved page's metadata if any."""
    warnings: list[str] = []
    dropped: list[str] = []
    lines = normalize_text("\n".join(page.lines) if page else strip_markup_residue(text))
    units = drop_furniture(to_units(unwrap(lines)), dropped)

    # The title from page metadata opens the text, so the header rules see it first.
    page_title = normalize_line(page.title) if page and page.title else None
    if page and not page_title:
        # A <title> part that the page also prints is the headline ("headline - site").
        printed = {u.text.casefold() for u in units}
        page_title = next(
            (t for t in map(normalize_line, page.title_parts) if t.casefold() in printed), None
        )
    if page_title:
        units.insert(0, Unit(page_title, 0, False))

    lead_index = find_lead_index(units, 1)
    if lead_index is None:
        if find_lead_index(units, 0) == 0:
            raise NotAnArticle("no title: the text starts with its first paragraph")
        raise NotAnArticle("no article text: only a title, dates or page furniture")
    units = cut_tail(units, lead_index, dropped)
    header, before_lead = read_header(
        units, lead_index, settings, warnings, dropped, forced_title=page_title
    )
    if header.title is None:
        raise NotAnArticle("no title: the text has no headline before its first paragraph")

    parsed = [
        (u, dates.parse_date_line(u.text, settings.tz)) for u in before_lead + units[lead_index:]
    ]
    body_dates = sum(1 for _unit, line in parsed[len(before_lead) :] if line is not None)
    if body_dates >= MAX_BODY_DATE_LINES:
        raise NotAnArticle(f"a list of stories ({body_dates + 1} dated items), not one article")
    # Dates printed after the byline or under the lead: the first date line anywhere counts.
    remaining: list[Unit] = []
    for unit, line in parsed:
        if line is not None:
            if header.published is None and header.modified is None:
                take_date(line, header, warnings)
            dropped.append(unit.text)
            continue
        remaining.append(unit)
    body_units = drop_link_runs(remaining, dropped)
    body_units = merge_duplicates(body_units, dropped)
    credits = Credits(header.authors, header.affiliation)
    body_units = take_credits(body_units, credits, dropped)
    if not body_units:
        raise NotAnArticle("no article text after removing page furniture")
    blocks = classify(body_units, page)

    published, modified = header.published, header.modified
    if page:
        # The page's own metadata wins over dates printed in its text, when it can be read.
        if page.published:
            published = dates.parse_iso(page.published, settings.tz) or published
        if page.modified:
            modified = dates.parse_iso(page.modified, settings.tz) or modified
    if published is None and modified is not None:
        published, modified = modified, None  # "Cập nhật lúc ..." is the only date printed
    if modified is not None and published is not None and modified <= published:
        modified = None
    if published is None:
        warnings.append("no publication date found: imported as a draft")

    lead_at = next(i for i, b in enumerate(blocks) if b.kind is BlockKind.PARAGRAPH)
    code, summary = split_agency_code(blocks[lead_at].text)
    dateline = _PUBLICATION_DATELINE.match(summary) if not code else None
    if dateline:
        credits.source = credits.source or dateline["name"]
        summary = summary[dateline.end() :]
    if code or dateline:  # the code names the source; the lead reads on without it
        blocks[lead_at] = Block(BlockKind.PARAGRAPH, summary)
    if not code and credits.source in settings.source_codes:
        code = credits.source  # "Theo TTXVN"
    code = code or header.source_code
    source = credits.source
    if code:
        source = settings.source_codes.get(code) or source or code
        if code not in settings.source_codes:
            warnings.append(f"agency code ({code}) is not in IMPORT_SOURCE_CODES")
    if page and page.source and not source:
        source = normalize_line(page.source)
    source = source or header.site

    authors = list(credits.authors)
    if page and page.authors:
        # A page's structured byline (JSON-LD, meta author) names people in full; an
        # organisation as "author" is left to the text's byline.
        named = [bylines.proper_case(normalize_line(a)) for a in page.authors if a.strip()]
        named = [a for a in named if bylines.looks_like_name(a) and not _is_site_name(a)]
        authors = named or authors

    category = choose_category(
        [header.section, normalize_line(page.section) if page and page.section else None, folder],
        header.title,
        summary,
        settings,
    )
    texts = [header.title, *(b.text for b in blocks)]
    found = find_entities(texts)
    return Article(
        title=header.title,
        body=blocks,
        date=published,
        modified=modified,
        authors=authors,
        author_affiliation=credits.affiliation,
        source=source,
        source_code=code,
        category=category,
        summary=summary,
        people=[p for p in found.people if p not in authors],
        places=found.places,
        organisations=found.organisations,
        documents=found.documents,
        source_url=(page.url if page else None) or header.url,
        dropped=dropped,
        warnings=warnings,
    )


def extract_file(path: Path, settings: ImportSettings, root: Path | None = None) -> Article:
    """Read one raw file (text dump or saved page) and extract its article.

    Raises an :class:`~newsarchive.errors.ImportError_` naming the file and the reason when the
    file cannot become an article.
    """
    try:
        # The size is asked of the open file: one look-up of the path per file, not two.
        with open(path, "rb", buffering=0) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > settings.max_bytes:
                raise InputTooLarge(
                    f"{size:,} bytes is larger than IMPORT_MAX_BYTES ({settings.max_bytes:,})",
                    str(path),
                )
            data = handle.readall()
    except OSError as exc:
        raise UnreadableInput(f"cannot read the file: {exc.strerror or exc}", str(path)) from exc
    if not data:
        raise EmptyInput("the file is empty", str(path))
    if not data.strip():
        raise EmptyInput("the file holds only white space", str(path))
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        raise UnreadableInput(str(exc), str(path)) from exc
    if not text.strip():
        raise EmptyInput("the file holds only white space", str(path))

    page = None
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(text):
        page = read_page(text)
    try:
        article = extract_text(text, settings, page=page, folder=folder_section(path, root))
    except NotAnArticle as exc:
        exc.path = str(path)
        raise
    article.raw_file = path.name
    article.raw_hash = raw_hash(data)
    article.encoding = encoding
    if "\ufffd" in text:
        article.warnings.append("some bytes were not valid text and were replaced")
    return article
