"""The real entities of an article: people, places, organisations and cited documents.

Not every capitalised word is an entity ("Hội thảo", "Ban Thường vụ" are not). Each kind has its
own rule, on runs of capitalised words and the words just before them:

* a **place** is a run that the gazetteer knows, at the level its prefix names
  (``thị trấn Nàng Mau``, ``huyện Vị Thủy``, ``TP Cần Thơ``), or a province or district named
  bare (``Hà Nội``);
* an **organisation** is a party or people's committee of a place (``Thành ủy Cần Thơ``,
  ``UBND tỉnh Hậu Giang``) or a national body from the list in ``patterns``;
* a **person** is a run of three or four words that starts with a Vietnamese family name
  (two after ``đồng chí``, ``ông``, ``bà``), that is not a place and not part of the name of a
  school or a street (``Trường Chính trị Trần Phú``);
* a **document** is a kind and a code (``Quy định số 171-QĐ/TW`` -> ``Quy định 171-QĐ/TW``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .patterns import (
    DOCUMENT_CODE_KINDS,
    DOCUMENT_KINDS,
    NATIONAL_ORGANISATIONS,
    NOT_ENTITIES,
    NOT_PERSON_BEFORE,
    PERSON_CUES,
    PLACE_ORGANISATION_HEADS,
    PLACE_PREFIXES,
    SURNAMES,
)
from .places import Gazetteer, load_gazetteer

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_LEVELS = {
    "province": ("provinces",),
    "city": ("provinces", "districts"),
    "district": ("districts",),
    "ward": ("wards", "districts"),
}
_CODE = (
    r"(\d{1,5}[a-z]?(?:/\d{4})?[-–/][A-ZĐ][A-Za-zĐđ]{0,5}(?:[-–/][A-ZĐ0-9][A-Za-zĐđ0-9]{0,9}){1,2})"
)
_DOCUMENT = re.compile(
    r"(?<![\w-])(" + "|".join(DOCUMENT_KINDS) + r")\s+(?:số\s+)?" + _CODE + r"(?![\w/-])",
    re.IGNORECASE,
)
_OPENERS = frozenset(PLACE_PREFIXES) | frozenset(c for c in PERSON_CUES if " " not in c)
_BARE_CODE = re.compile(r"(?<![\w/-])" + _CODE + r"(?![\w/-])")
_NATIONAL = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(o) for o in sorted(NATIONAL_ORGANISATIONS, key=len, reverse=True))
    + r")(?!\w)"
)


@dataclass
class Entities:
    """Entities of one article, each list in order of first mention, each name once."""

    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    def add(self, kind: str, name: str) -> None:
        names = getattr(self, kind)
        if name not in names and name not in NOT_ENTITIES:
            names.append(name)


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper() and not self.is_acronym

    @property
    def is_acronym(self) -> bool:
        return len(self.text) >= 2 and self.text.isupper()


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _runs(text: str, tokens: list[_Token]) -> Iterable[tuple[int, int]]:
    """Index ranges [i, j) of maximal runs of capitalised words separated by single spaces."""
    i = 0
    while i < len(tokens):
        if not tokens[i].capitalised:
            i += 1
            continue
        j = i + 1
        while (
            j < len(tokens)
            and tokens[j].capitalised
            and text[tokens[j - 1].end : tokens[j].start] == " "
        ):
            j += 1
        yield i, j
        i = j


def _words_before(text: str, tokens: list[_Token], i: int, count: int) -> str:
    """Up to ``count`` words before token i, joined by spaces, if only spaces separate them."""
    words: list[str] = []
    k = i - 1
    while k >= 0 and len(words) < count:
        gap = text[tokens[k].end : tokens[k + 1].start]
        if gap.strip(" .") or len(gap) > 2:
            break
        words.insert(0, tokens[k].text + ("." if "." in gap else ""))
        k -= 1
    return " ".join(words)


def _ends_with(context: str, phrases: Iterable[str], casefold: bool = True) -> str | None:
    """The longest of ``phrases`` that ``context`` ends with (as whole words)."""
    probe = context.casefold() if casefold else context
    best = None
    for phrase in phrases:
        p = phrase.casefold() if casefold else phrase
        if (probe == p or probe.endswith(" " + p)) and (best is None or len(p) > len(best)):
            best = phrase
    return best


def _place_prefix(context: str) -> str | None:
    prefix = _ends_with(context.replace("TP.", "TP"), PLACE_PREFIXES)
    return PLACE_PREFIXES[prefix] if prefix else None


def _organisation_head(context: str) -> str | None:
    """``Thành ủy`` / ``UBND tỉnh`` just before a place: the organisation's head words."""
    for head in sorted(PLACE_ORGANISATION_HEADS, key=len, reverse=True):
        for prefix in ("", *PLACE_PREFIXES):
            phrase = f"{head} {prefix}".strip()
            if context == phrase or context.endswith(" " + phrase):
                return phrase
    return None


def _match_place(
    words: list[str], levels: tuple[str, ...], gazetteer: Gazetteer
) -> tuple[str, int] | None:
    """The longest leading part of ``words`` that names a place: (name, words used)."""
    for n in range(min(len(words), gazetteer.longest), 0, -1):
        name = gazetteer.find(" ".join(words[:n]), levels)
        if name:
            return name, n
    return None


def _is_person_shaped(words: list[str], context: str) -> bool:
    if not words or words[0] not in SURNAMES or len(words) > 4:
        return False
    if any(w.isupper() and len(w) > 1 for w in words):
        return False
    if _ends_with(context, NOT_PERSON_BEFORE):
        return False
    if len(words) >= 3:
        return True
    return len(words) == 2 and _ends_with(context, PERSON_CUES) is not None


def _scan_runs(text: str, found: Entities, gazetteer: Gazetteer) -> None:
    tokens = _tokens(text)
    for i, j in _runs(text, tokens):
        words = [t.text for t in tokens[i:j]]
        context = _words_before(text, tokens, i, 5)
        # A capitalised prefix or title opens the run at a sentence start: "Huyện Vị Thủy có",
        # "Ông Nguyễn Thanh Thuấn cho biết".
        while len(words) > 1 and words[0].casefold() in _OPENERS:
            context = f"{context} {words[0]}".strip()
            words = words[1:]
        level = _place_prefix(context)
        head = _organisation_head(context)
        person = _is_person_shaped(words, context)
        if level or head:
            levels = _LEVELS[level] if level else ("provinces", "districts")
            match = _match_place(words, levels, gazetteer)
            if match:
                name, _used = match
                found.add("places", name)
                if head:
                    found.add("organisations", f"{head} {name.removeprefix('TP ')}")
                continue
        if person:
            found.add("people", " ".join(words))
            continue
        match = _match_place(words, ("provinces", "districts"), gazetteer)
        if match and match[1] == len(words):
            found.add("places", match[0])


def canonical_document(kind: str, code: str) -> str:
    """``quy định``, ``171–QĐ/TW`` -> ``Quy định 171-QĐ/TW``."""
    kind = kind[0].upper() + kind[1:].lower()
    return f"{kind} {code.replace('–', '-')}"


def find_documents(text: str) -> list[str]:
    """Cited documents in canonical form, in order of first mention."""
    found: dict[str, None] = {}
    kinds_by_code: dict[str, str] = {}
    for match in _DOCUMENT.finditer(text):
        name = canonical_document(match[1], match[2])
        kinds_by_code[match[2].replace("–", "-")] = name
        found.setdefault(name, None)
    for match in _BARE_CODE.finditer(text):
        code = match[1].replace("–", "-")
        if code in kinds_by_code:
            continue
        letters = re.split(r"[-/]", code)[1] if "-" in code else ""
        kind = DOCUMENT_CODE_KINDS.get(letters)
        if kind:
            found.setdefault(f"{kind} {code}", None)
    return list(found)


def find_entities(texts: Iterable[str], gazetteer: Gazetteer | None = None) -> Entities:
    """Every entity of an article's title, lead, headings, captions and paragraphs."""
    gazetteer = gazetteer or load_gazetteer()
    found = Entities()
    for text in texts:
        for match in _NATIONAL.finditer(text):
            found.add("organisations", match[1])
        _scan_runs(text, found, gazetteer)
        for document in find_documents(text):
            found.add("documents", document)
    return found
