"""Photo captions and subheadings: short lines between paragraphs, told apart by what they say.

A scraped page keeps a photo's caption as a short line among the paragraphs, and often the
signs of the photo around it: its file name on the line before (``5551 nguyen doan hoan``), the
caption printed twice (as alt text and as caption), a blank gap where the picture was, an
``(Ảnh: ...)`` credit. A caption *describes a photo*: who is in it and what they are doing
("Đồng chí Nguyễn Trọng Vân ... báo cáo tại Hội thảo", "Quang cảnh buổi Tọa đàm").

A subheading is a short line with no final full stop that describes nothing of the sort.
Each signal adds to a score; the weights are the rule, tested on real lines.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .furniture import ends_sentence
from .normalize import casefolded
from .patterns import CAPTION_MARKERS, CAPTION_SUBJECTS, CAPTION_VERBS, NEWS_WORDS

CAPTION_THRESHOLD = 3
MAX_CAPTION_LENGTH = 300
MAX_HEADING_LENGTH = 160
MAX_SCENE_LENGTH = 110
LONG_CAPTION_LENGTH = 200


# "Dịp này, ...", "Tại buổi lễ, ...": a sentence that opens on when or where tells news.
_OPENING_ADVERBIAL = re.compile(
    r"^(?:dịp|tại|sau|trước|trong|theo|nhân|cùng|hiện|qua|đến|từ|ngoài|bên|đồng thời|tiếp)"
    r"\b[^,]{0,30},\s",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^(?:\d{1,2}|[IVX]{1,4}|[a-đ])[.)]\s+")


class LineContext(NamedTuple):
    """What the page showed around one line. (A named tuple: one is made for every line of the
    body, and a tuple is made five times faster than a frozen dataclass.)"""

    after_photo_file: bool = False
    printed_twice: bool = False
    blank_lines_before: int = 1


def _openings(phrases: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The phrases, and each followed by a space or a comma."""
    return frozenset(phrases), tuple(p + end for p in phrases for end in (" ", ","))


def _word_forms(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Each phrase as a whole word: after a space, before a space, a comma or a full stop."""
    return tuple(f" {p}{end}" for p in phrases for end in (" ", ",", "."))


# Built once, not on every line.
_SUBJECTS = _openings(CAPTION_SUBJECTS)
_VERB_FORMS = _word_forms(CAPTION_VERBS)


def _starts_with_any(lowered: str, phrases: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    """``lowered`` (case-folded) is one of the phrases or opens with one as a word."""
    whole, openings = phrases
    return lowered in whole or lowered.startswith(openings)


def _contains_word(lowered: str, forms: tuple[str, ...]) -> bool:
    """``lowered`` (case-folded) holds one of the phrases as a word (``forms``: their
    :func:`_word_forms`)."""
    padded = f" {lowered} "
    return any(form in padded for form in forms)


def _sentences(text: str) -> int:
    return text.count(". ") + text.count("! ") + text.count("? ") + 1


def is_short_scene(text: str) -> bool:
    """One short sentence that tells what is seen, not what happened: how captions read.

    ``Quang cảnh hội nghị.``, ``Đảng viên ấp Nhơn Lộc 1 tham gia làm đường giao thông nông
    thôn.`` Running text of that length tells news: it has ``đã``, ``sẽ``, a quote, a colon.
    """
    core = text.partition(" Ảnh:")[0].partition(" (Ảnh")[0].strip()
    if len(core) > MAX_SCENE_LENGTH:
        return False  # (before folding a whole paragraph for nothing)
    lowered = f" {core.casefold().rstrip('.!?…')} "
    return (
        not core.endswith("?")
        and _sentences(core) == 1
        and not core.startswith(("“", '"', "-", "–", "(", "["))
        and not _OPENING_ADVERBIAL.match(core)
        and ":" not in core
        and not any(word in lowered for word in NEWS_WORDS)
    )


def caption_score(text: str, context: LineContext) -> int:
    """How strongly a line reads as a photo caption (``CAPTION_THRESHOLD`` and up: it is one)."""
    score = 0
    lowered = casefolded(text)
    ends = ends_sentence(text)
    if context.after_photo_file:
        score += 3
    if context.printed_twice:
        score += 3
    for marker in CAPTION_MARKERS:  # (a loop: a generator costs more than the searches)
        if marker in lowered:
            score += 3
            break
    if _starts_with_any(lowered, _SUBJECTS):
        score += 2
        if _contains_word(lowered, _VERB_FORMS):
            score += 1
    if not ends:
        score += 1
    if ends and is_short_scene(text):
        score += 3
    if context.blank_lines_before >= 2:
        score += 1
    if len(text) > MAX_CAPTION_LENGTH:
        score -= 3
    elif len(text) > LONG_CAPTION_LENGTH:
        score -= 2
    if _sentences(text) > 2:
        score -= 2
    if ";" in text:
        score -= 1  # a list of who attended: running text, not what a photo shows
    return score


def is_caption(text: str, context: LineContext) -> bool:
    """True when a line is a photo caption."""
    if is_long_unmarked_line(text, context):
        return False  # (most lines of the body: a paragraph is told apart before it is scored)
    return caption_score(text, context) >= CAPTION_THRESHOLD


def is_long_unmarked_line(text: str, context: LineContext) -> bool:
    """A line longer than a caption, with no photo around it and no caption marker: no caption.

    :func:`caption_score` gives such a line at most 2 + 1 (a subject and a verb), 1 (no final
    stop) and 1 (a gap before it), less 3 for its length: 2, under the threshold; and no short
    scene, as without a marker its core is the whole line. Told with two searches where the score
    reads the line a dozen times (markers, sentences, scene): most lines of a body are such
    paragraphs. Every marker holds "ảnh" but "(photo".
    """
    if len(text) <= MAX_CAPTION_LENGTH or context.after_photo_file or context.printed_twice:
        return False
    lowered = casefolded(text)
    return "ảnh" not in lowered and "(photo" not in lowered and len(text.strip()) > MAX_SCENE_LENGTH


def is_heading(text: str) -> bool:
    """A subheading: a short line of several words with no final punctuation, numbered or not
    (``2. Những hạn chế cần khắc phục``), or a short question (``Vì sao chi bộ yếu?``)."""
    if len(text) > MAX_HEADING_LENGTH:
        return False
    core = _NUMBERING.sub("", text)
    words = core.split()
    question = text.endswith("?") and len(words) <= 12 and not text.startswith(("“", '"'))
    return (
        3 <= len(words) <= 30
        and len(text) <= MAX_HEADING_LENGTH
        and (question or not ends_sentence(text))
        and core[:1].isupper()
    )
