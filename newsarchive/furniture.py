"""Page furniture: the lines of a scraped page that are not the article.

Three kinds, each a small rule:

* lines that are furniture wherever they stand (share and print bars, comment prompts, photo
  file names, a stray letter from a drop cap);
* the *tail*: from a marker such as ``Xem thêm`` or ``Viết bình luận mới`` to the end, lists of
  other stories with their own dates, weather boxes and news digests;
* runs of short unpunctuated lines printed together, which are links to other stories.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import casefolded
from .patterns import (
    FOOTER_STARTS,
    FURNITURE_LINES,
    FURNITURE_PATTERNS,
    FURNITURE_PREFIXES,
    SHARE_WORDS,
    TAIL_MARKER_WORDS,
    TAIL_MARKERS,
)

_PHOTO_FILE = re.compile(
    r"""^(?:
        [\w\-. ()]{1,80}\.(?:jpe?g|png|gif|webp|bmp|tiff?|heic)   # anh-1.jpg, IMG_2034.JPG
      | \d{2,6}(?:[ _-][a-z0-9]+){1,6}                            # 5551 nguyen doan hoan
      | (?:img|dsc|dscn|dji|p|pic|photo)[_-]?\d{2,}[a-z0-9_ -]*   # IMG_2034, DSC_0457 2
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_SENTENCE_END = re.compile(r"[.!?…:;)\]\"”'’»]$")
_STOP_END = re.compile(r"[.!?…:;][\"”’»)]?$")
# What a furniture phrase may be followed by: white space (as ``\s`` or str.strip() know it; all
# of it lies below U+3001) and ":.-–—>»|".
_TRAILING_PUNCT = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + ":.-–—>»|"
_WORD = re.compile(r"[\w+-]+")


# One regex for the patterns: it finds a line when one of them does, in one search (a line is
# read by each pattern otherwise, and a body has a dozen lines short enough to be asked).
_FURNITURE_PATTERN = re.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS))
_COUNTER = re.compile(r"\s*\(\d+\)$")


def _key(line: str) -> str:
    """A line as furniture phrases are written: no case, no trailing punctuation or counter."""
    return _folded_key(casefolded(line).strip())


def _folded_key(key: str) -> str:
    """:func:`_key` of a line already case-folded and stripped."""
    if key.endswith(")"):
        key = _COUNTER.sub("", key)
    return key.rstrip(_TRAILING_PUNCT).strip()


def is_photo_file_name(line: str) -> bool:
    """A photo's file name left by the scraper where the picture was: ``5551 nguyen doan hoan``.

    (No branch of the pattern takes a comma: most lines of text hold one and are passed over
    before the pattern, which reads up to 80 characters of a line looking for an extension.)
    """
    if "," in line or not _PHOTO_FILE.match(line):
        return False
    # "2020 - 2025" or a phone number is not a file name; a file name has letters.
    return any(c.isalpha() for c in line) and line == line.strip()


def furniture_reason(line: str) -> str | None:
    """Why a single line is page furniture wherever it stands, or None if it may be text."""
    stripped = line.strip()
    if not stripped:
        return None
    if "|" in stripped and len(stripped) < 120:
        # "In trang | Gửi email | Về đầu trang": a bar of links, furniture if every part is.
        parts = [p.strip() for p in stripped.split("|") if p.strip()]
        if parts and all(furniture_reason(p) for p in parts):
            return "share, print or comment bar"
    lowered = casefolded(stripped)
    if lowered in FURNITURE_LINES or _folded_key(lowered) in FURNITURE_LINES:
        return "share, print or comment bar"
    if lowered.startswith(FURNITURE_PREFIXES) and len(stripped) < 200:
        return "tag, share or related-story line"
    if len(stripped) < 200 and _FURNITURE_PATTERN.search(lowered):
        return "follow-us, newsletter or link line"
    first = _WORD.search(lowered)  # most lines start with a word that is no share word
    if first and first[0] in SHARE_WORDS:
        words = _WORD.findall(lowered)
        if all(w in SHARE_WORDS for w in words) and len(words) <= 12:
            return "share, print or comment bar"
    if is_photo_file_name(stripped):
        return "photo file name"
    if len(stripped) <= 6:
        letters = [c for c in stripped if c.isalpha()]
        if len(letters) <= 2 and not any(c.isdigit() for c in stripped):
            return "stray letters"
    return None


@lru_cache(maxsize=4096)
def is_tail_marker(line: str) -> bool:
    """A heading after which the page holds no more of the article (or the page's footer).

    Cached: the lead search and the tail cut ask about the same lines.
    """
    key = _key(line)
    if key.startswith(FOOTER_STARTS):
        return True
    if key in TAIL_MARKERS:
        return True
    return (
        len(key.split(None, 7)) <= 6  # (no need to split a paragraph past its 7th word)
        and not ends_sentence(line)
        and any(w in key for w in TAIL_MARKER_WORDS)
    )


def looks_like_link_title(line: str) -> bool:
    """A short line with no sentence punctuation at its end: the title of another story."""
    return 10 <= len(line) <= 180 and not _STOP_END.search(line, len(line) - 3)


def ends_sentence(line: str) -> bool:
    """True when a line ends the way running text does."""
    text = line.rstrip()
    # Only the last characters can match: no need to scan the whole paragraph.
    return bool(_SENTENCE_END.search(text, max(0, len(text) - 2)))
