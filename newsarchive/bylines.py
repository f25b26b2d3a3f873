"""Bylines and source lines: who wrote the article and where it was taken from.

Forms seen on Vietnamese news pages:

* a label and names: ``Tin, ảnh: THANH THY``, ``Bài, ảnh: Hoàng Trường Sa``, ``Bài và ảnh: ...``,
  ``Bài: MINH TÂM - HOÀNG NAM``;
* a name alone on the last line, possibly with an affiliation in brackets:
  ``Phan Xuân Bính (Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh)``;
* a source line: ``Theo Báo Nhân Dân``, ``Nguồn: TTXVN``, ``Theo Hoàng Nam (Báo Nhân Dân)``.

Names printed in capitals are put in proper Vietnamese case (``TRƯỜNG SƠN`` -> ``Trường Sơn``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .patterns import (
    BYLINE_LABELS,
    NOT_AUTHOR_WORDS,
    OFFICE_ENDS,
    OFFICE_STARTS,
    PUBLICATION_WORDS,
    SOURCE_LABELS,
)

_LABEL = re.compile(
    r"^\s*(?:"
    + "|".join(re.escape(label) for label in BYLINE_LABELS)
    + r")\s*[:：]\s*(?P<names>.+)$",
    re.IGNORECASE,
)
_SOURCE = re.compile(
    r"^\s*(?:"
    + "|".join(re.escape(label) for label in SOURCE_LABELS)
    + r")\s*[:：]?\s+(?P<what>.+?)\s*[.]?$",
    re.IGNORECASE,
)
# How a labelled byline starts: its first part (all of it, or up to a second label) is one.
_LABEL_START = re.compile(
    r"^\s*(?:" + "|".join(re.escape(label) for label in BYLINE_LABELS) + r")\s*[:：]",
    re.IGNORECASE,
)
# Where a second label starts in one byline line: "Bài: A và B - Ảnh: C".
_SEGMENT = re.compile(
    r"\s+[-–—|/]\s+(?=(?:" + "|".join(re.escape(label) for label in BYLINE_LABELS) + r")\s*[:：])",
    re.IGNORECASE,
)
# The characters that separate two labelled parts of a byline (see _SEGMENT).
_SEGMENT_MARKS = "-–—|/"
_NAME_SPLIT = re.compile(r"\s*(?:[,;/&+]|\s[-–—]\s|\svà\s|\s-|-\s)\s*")
# One word of a name: a capital and letters; "Thị", "Văn" and all-capitals words too.
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*\.?$")
# "Name (Affiliation)"; the affiliation is a body, written with a capital ("(thực hiện)" is a role).
_AFFILIATION = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<aff>[^()a-zđ][^()]{2,})\)\s*$")
_ROLE = re.compile(
    r"^(?P<name>[^()]+?)\s*\((?:thực hiện|ghi|lược ghi|tổng hợp|biên soạn|dịch|giới thiệu)\)\s*$"
)


@dataclass(frozen=True)
class Byline:
    """The authors of a byline line, and what else it said."""

    authors: tuple[str, ...] = ()
    affiliation: str | None = None
    source: str | None = None
    photo_only: bool = False
    labels: tuple[str, ...] = field(default=())


def proper_case(name: str) -> str:
    """``TRƯỜNG SƠN`` -> ``Trường Sơn``; names already in mixed case are kept as printed."""
    if name.isupper() and " " not in name.strip() and len(name) <= 6:
        return name  # an agency's initials: TTXVN, VOV
    if name.isupper() or name.islower():
        return " ".join(word[:1].upper() + word[1:].lower() for word in name.split())
    return name


def looks_like_name(text: str, max_words: int = 5) -> bool:
    """Two to five capitalised words of letters: how a person's name looks in a byline."""
    words = text.split()
    if not 2 <= len(words) <= max_words or len(text) > 45:
        return False
    return all(_NAME_WORD.match(w) and w[0].isupper() for w in words)


def _split_names(names: str) -> list[str]:
    parts = [p.strip(" .") for p in _NAME_SPLIT.split(names)]
    return [p for p in parts if p]


def _is_publication(text: str) -> bool:
    lowered = text.casefold()
    return any(word in lowered for word in PUBLICATION_WORDS) or (
        text.isupper() and len(text.replace(" ", "")) <= 8
    )


def parse_labelled_byline(line: str) -> Byline | None:
    """``Tin, ảnh: THANH THY`` -> Thanh Thy; ``Ảnh: TTXVN`` names only a photographer;
    ``Bài: Minh Hiển và Thúy Liễu - Ảnh: Quốc Việt`` names writers and photographer."""
    if ":" not in line and "：" not in line:
        return None  # every label ends in a colon: most lines are passed over here
    if not _LABEL_START.match(line):
        return None  # (a paragraph with a colon and a dash: no need to split it at the dashes)
    # (A second label follows a dash, bar or slash: without one, no need to split the line.)
    segments = _SEGMENT.split(line) if any(c in line for c in _SEGMENT_MARKS) else [line]
    if len(segments) > 1:
        parsed = [parse_labelled_byline(segment) for segment in segments]
        if any(p is None for p in parsed):
            return None
        authors = tuple(dict.fromkeys(a for p in parsed if p for a in p.authors))
        return Byline(
            authors,
            next((p.affiliation for p in parsed if p and p.affiliation), None),
            None,
            all(p.photo_only for p in parsed if p),
            tuple(label for p in parsed if p for label in p.labels),
        )
    return _parse_one_label(line)


def _parse_one_label(line: str) -> Byline | None:
    if len(line) > 120:
        return None
    match = _LABEL.match(line)
    if not match:
        return None
    label = line[: match.start("names")].strip().rstrip(":：").strip().casefold()
    names = match["names"].strip()
    affiliation = None
    aff = _AFFILIATION.match(names)
    if aff:
        names, affiliation = aff["name"], aff["aff"].strip()
    authors = []
    for part in _split_names(names):
        if part.casefold() in NOT_AUTHOR_WORDS:
            continue
        if not looks_like_name(part) and not (part.isupper() and len(part.split()) <= 5):
            return None  # "Ảnh: minh họa của phóng viên" is a caption, not a byline
        authors.append(proper_case(part))
    if not authors:
        return Byline(labels=(label,))
    photo_only = label in ("ảnh", "video", "clip")
    return Byline(tuple(authors), affiliation, None, photo_only, (label,))


def parse_name_line(line: str) -> Byline | None:
    """A name alone on a line, as bylines at the end of an article are printed.

    ``Phan Xuân Bính (Đảng ủy Khối ...)`` keeps the affiliation apart; ``Phạm Diệp`` is a name;
    ``Quang cảnh buổi Tọa đàm`` is not (lower-case words).
    """
    affiliation = None
    text = line.strip().rstrip(".")
    # A role or an affiliation closes the line with a bracket; most last lines are paragraphs,
    # which the two patterns would read to the end for nothing.
    bracketed = text.rstrip().endswith(")")
    role = _ROLE.match(text) if bracketed else None
    if role:
        text = role["name"].strip()
    aff = _AFFILIATION.match(text) if bracketed else None
    if aff:
        text, affiliation = aff["name"].strip(), aff["aff"].strip()
    if _has_lower_case_word(text):
        return None  # (a paragraph, told apart before the costly split into names)
    names = _split_names(text)
    if not names or not all(looks_like_name(n) for n in names):
        return None
    return Byline(tuple(proper_case(n) for n in names), affiliation)


def _has_lower_case_word(text: str) -> bool:
    """A word opening on a small letter, other than "và": no split of the text into names can
    then be names only (separators never take a word's first letter, except the whole "và")."""
    # The first words settle it for a paragraph: split past them only when they do not.
    words = text.split(None, _FIRST_WORDS)
    rest = words.pop() if len(words) > _FIRST_WORDS else ""
    return any(map(_is_lower_case_word, words)) or any(map(_is_lower_case_word, rest.split()))


# How many words :func:`_has_lower_case_word` reads before it splits the rest of a text.
_FIRST_WORDS = 8


def _is_lower_case_word(word: str) -> bool:
    return word[0].isalpha() and not word[0].isupper() and word != "và"


def is_office_byline(line: str) -> bool:
    """An office signing the article on its last line: ``Ban Dân vận Huyện ủy``, ``Văn phòng
    Tỉnh ủy``. A few words, opened by the name of an office, with no sentence in them."""
    words = line.split()
    return (
        2 <= len(words) <= 8
        and line.casefold().startswith(OFFICE_STARTS)
        and not any(c in line for c in '.,;:!?“”"')
        and all(w[0].isupper() or w.islower() for w in words)
        and (words[-1][0].isupper() or line.casefold().endswith(OFFICE_ENDS))
    )


def parse_source_line(line: str) -> Byline | None:
    """``Theo Báo Nhân Dân`` / ``Nguồn: TTXVN`` -> the source; ``Theo Hoàng Nam (Báo Nhân Dân)``
    -> an author and a source. A sentence starting with "Theo" is not a source line."""
    if len(line) > 90:
        return None
    match = _SOURCE.match(line)
    if not match:
        return None
    what = match["what"].strip()
    if not what or what[0].islower():
        return None
    aff = _AFFILIATION.match(what)
    if aff and looks_like_name(aff["name"].strip()):
        return Byline((proper_case(aff["name"].strip()),), None, aff["aff"].strip())
    if _is_publication(what) or line.casefold().startswith("nguồn"):
        if "," in what or len(what.split()) > 10:
            return None
        return Byline(source=what)
    if looks_like_name(what):
        return Byline((proper_case(what),))
    return None
