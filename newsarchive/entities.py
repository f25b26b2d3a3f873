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
from functools import lru_cache
from typing import NamedTuple

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
    r"(?<![\w-])("
    + "|".join(sorted(DOCUMENT_KINDS, key=len, reverse=True))
    + r")\s+(?:số\s+)?"
    + _CODE
    + r"(?![\w/-])",
    re.IGNORECASE,
)
# The longest kind: a citation's kind starts at most this far before the white space that leads
# to its code.
_LONGEST_KIND = max(map(len, DOCUMENT_KINDS))
# Where a cited document's code may start: a digit after white space, then the rest of a code
# (as :data:`_DOCUMENT` reads it, case aside). The digit comes first so that the scan can skip to
# digits; most digits start no code, and most texts cite nothing.
_CITED_CODE = re.compile(
    _CODE.replace(r"(\d{1,5}", r"(\d(?<=\s\d)\d{0,4}", 1) + r"(?![\w/-])", re.IGNORECASE
)
_OPENERS = frozenset(PLACE_PREFIXES) | frozenset(c for c in PERSON_CUES if " " not in c)
# The code's first digit comes first, so that the scan can skip to digits; the look-behind after it
# is the code's left edge (as in ``(?<![\w/-])`` before the code, only faster).
_BARE_CODE = re.compile(_CODE.replace(r"(\d{1,5}", r"(\d(?<![\w/-]\d)\d{0,4}", 1) + r"(?![\w/-])")
_ANY_CODE = re.compile(r"\d[A-Za-z]?(?:[-–/][A-ZĐ]|/\d{4}/)")
# The marks that every code has: a code (as _CODE reads it) has its first within 6 characters
# of its start (after "12345a" or "12345" of "12345/2024") and ends within 10 after its last.
_CODE_MARKS = "-–/"
_CODE_LEAD = 6
_CODE_TAIL = 10


def _trie_pattern(phrases: Iterable[str]) -> str:
    """A regex for the alternation of ``phrases``, longest first, written as a tree of their
    shared beginnings: ``Ban (?:Bí thư|Dân vận Trung ương|...)``.

    It matches what ``"|".join(sorted(phrases, key=len, reverse=True))`` matches: at each
    letter at most one branch can go on, and where a phrase ends and a longer one goes on, the
    longer is tried first. The regex engine tries a flat alternation's every branch at every
    position that one of them could start at (a capital: "Ban", "Bộ", "Hội", ...), and the tree's
    one at a time.
    """
    tree: dict[str, dict] = {}
    for phrase in phrases:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here

    def branches(node: dict[str, dict]) -> str:
        goes_on = [re.escape(char) + branches(child) for char, child in node.items() if char]
        if not goes_on:
            return ""
        if len(goes_on) == 1 and "" not in node:
            return goes_on[0]
        return "(?:" + "|".join(goes_on) + ")" + ("?" if "" in node else "")

    return branches(tree)


# No look-behind at the start (it would stop the scan from skipping to the names' first letters):
# the left edge is checked by ``_national_names``.
_NATIONAL = re.compile("(?:" + _trie_pattern(NATIONAL_ORGANISATIONS) + r")(?!\w)")
_WORD_CHAR = re.compile(r"\w")


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


_UPPER = "".join(
    chr(c)
    for c in [*range(0x41, 0x5B), *range(0xC0, 0x1F00)]
    if chr(c).isupper() and chr(c).isalpha()
)
# A run of capitalised words separated by single spaces: "Nguyễn Quang Trường", "Cần Thơ". The
# check that no letter comes before the run follows its first letter, so that the scan can skip
# to capitals.
_RUN = re.compile(rf"[{_UPPER}](?<![^\W\d_].)[^\W\d_]*(?: [{_UPPER}][^\W\d_]*)*(?![^\W\d_])")
# The items of a list of names before a run: ", Lộc Ninh, " / " và " (the run is the last item).
# (Written "item (item)*" rather than "(item)+", so that the pattern opens on a capital and the
# search can skip to capitals.)
_ITEM = rf"[{_UPPER}][^\W\d_]*(?: [{_UPPER}][^\W\d_]*)*(?:, | và | và các |; )"
_LIST_ITEM = re.compile(rf"{_ITEM}(?:{_ITEM})*$")
_SEPARATORS = (", ", " và ", " và các ", "; ")
# The same items read backwards from the end of the text (each reversed: a separator, then words
# that end in a capital). Matched at the start of the reversed text, the longest run of items
# comes first: a word takes its letters back to the first capital of the run of letters, and
# only a space can follow it. One pass over the list, where a search for _LIST_ITEM tries
# every capital of the text before it.
_LIST_ITEMS_REVERSED = re.compile(
    "(?:(?:"
    + "|".join(re.escape(s[::-1]) for s in _SEPARATORS)
    + rf")[^\W\d_]*[{_UPPER}](?: [^\W\d_]*[{_UPPER}])*)+"
)
# What may stand between the words just before a run: letters, spaces and the dot of "TP.".
_NOT_CONTEXT = re.compile(r"[^\w. ]|\d|_")
# Characters that _NOT_CONTEXT matches and that often end the text before a run's space (", ",
# "; ", "(...) "): after one of them the run has no context.
_ENDS_CONTEXT = ",;:!?()[]\"'“”‘’-–—/0123456789\n"


def _context(text: str, start: int, through_list: bool = False) -> str:
    """Up to six words just before ``start``, with nothing but spaces (or "TP.") between them.

    ``through_list``: an item of a list takes the words before the list, so that in "các xã Ninh
    Thạnh Lợi, Lộc Ninh, Ninh Quới" each name is a commune's. (Only for places: in "bà Kim Thị
    Sa Rinh, Phó Bí thư" the words after the comma are not another "bà".)
    """
    if start == 0 or text[start - 1] != " ":
        return ""
    if through_list:
        before = text[max(0, start - 200) : start]
        listed = _list_start(before)
        if listed is not None:
            before = before[:listed] + " "
        window = before[-60:]
    elif start == 1 or text[start - 2] in _ENDS_CONTEXT:
        return ""  # (a quarter of runs with a space before: no need to read the window)
    else:
        window = text[max(0, start - 60) : start]
    return _last_words(window)


@lru_cache(maxsize=16384)
def _last_words(window: str) -> str:
    """Up to six words at the end of ``window``, with nothing but spaces (or "TP.") between them.

    Memoised: windows before a run recur in an archive (bylines, titles, "đồng chí ..., Phó Bí
    thư Thường trực Tỉnh ủy"): three lookups in four, over 3000 articles read once.
    """
    # What follows the last character that may not stand in a context (found from the end).
    last = _NOT_CONTEXT.search(window[::-1])
    tail = window[len(window) - last.start() :] if last else window
    return " ".join(tail.split()[-6:])


def _list_start(before: str) -> int | None:
    """Where the list of names that ``before`` ends with starts: ``_LIST_ITEM.search(before)``'s
    start, read backwards."""
    if before.endswith("\n"):  # ($ matches before a final line break too: the plain search)
        listed = _LIST_ITEM.search(before)
        return listed.start() if listed else None
    items = _LIST_ITEMS_REVERSED.match(before[::-1])
    return len(before) - items.end() if items else None


def _runs(text: str, gazetteer: Gazetteer) -> Iterable[tuple[list[str], str, str]]:
    """Each run of capitalised words (acronyms split runs), the words just before it, and the
    words before the list it is an item of.

    A lone word can only be a place, and most lone words ("Ngày", "Theo") name none: those are
    passed over before their context (the costly part) is read.
    """
    knows = gazetteer.knows
    for match in _RUN.finditer(text):
        run = match[0]
        if " " not in run and not knows(run):
            continue
        start = match.start()
        context = _context(text, start)
        words = run.split(" ")
        listed = context
        if text.endswith((", ", " và ", "; "), 0, start) and _may_name_a_place(words, gazetteer):
            listed = _context(text, start, through_list=True)
        chunk: list[str] = []
        for word in words:
            if len(word) >= 2 and word.isupper():  # an acronym (inline: once per word of a run)
                if chunk:
                    yield chunk, context, listed
                context = listed = f"{context} {' '.join(chunk)} {word}".strip()
                chunk = []
            else:
                chunk.append(word)
        if chunk:
            yield chunk, context, listed


def _may_name_a_place(words: list[str], gazetteer: Gazetteer) -> bool:
    """Whether some leading part of ``words`` names a place at some level.

    The context through a list (the costliest to read) only says what level of place a run
    names; when no place starts the run, :func:`_scan_runs` finds none whatever the level, so
    the context is not read (fourteen items of lists in fifteen).
    """
    knows = gazetteer.knows
    return any(knows(" ".join(words[:n])) for n in range(1, min(len(words), gazetteer.longest) + 1))


def _suffixes(context: str, longest: int) -> list[str]:
    """The last one, two, ... ``longest`` words of ``context``, longest first."""
    words = context.split()
    return [" ".join(words[-n:]) for n in range(min(longest, len(words)), 0, -1)]


def _phrase_index(phrases: Iterable[str]) -> tuple[dict[str, str], int]:
    """Phrases keyed by their case-folded form, and the most words any has."""
    index = {p.casefold(): p for p in phrases}
    return index, max(len(p.split()) for p in index)


_PERSON_CUES, _PERSON_CUES_LONGEST = _phrase_index(PERSON_CUES)
_NOT_PERSON, _NOT_PERSON_LONGEST = _phrase_index(NOT_PERSON_BEFORE)
_PREFIXES, _PREFIXES_LONGEST = _phrase_index(PLACE_PREFIXES)
# "Thành ủy", "UBND tỉnh", "Ủy ban nhân dân thành phố": committees just before a place name.
_HEADS = {
    f"{head} {prefix}".strip(): f"{head} {prefix}".strip()
    for head in PLACE_ORGANISATION_HEADS
    for prefix in ("", *PLACE_PREFIXES)
}
_HEADS_LONGEST = max(len(h.split()) for h in _HEADS)


def _ends_with(
    context: str, index: dict[str, str], longest: int, casefold: bool = True
) -> str | None:
    """The longest phrase of ``index`` that ``context`` ends with (as whole words)."""
    for suffix in _suffixes(context, longest):
        found = index.get(suffix.casefold() if casefold else suffix)
        if found:
            return found
    return None


@lru_cache(maxsize=8192)
def _place_prefix(context: str) -> str | None:
    """``huyện``, ``TP.`` just before a place: the level of place that it names."""
    prefix = _ends_with(context.replace("TP.", "TP"), _PREFIXES, _PREFIXES_LONGEST)
    return PLACE_PREFIXES[prefix] if prefix else None


def _organisation_head(context: str) -> str | None:
    """``Thành ủy`` / ``UBND tỉnh`` just before a place: the organisation's head words."""
    return _ends_with(context, _HEADS, _HEADS_LONGEST, casefold=False)


def _match_place(
    words: list[str], levels: tuple[str, ...], gazetteer: Gazetteer
) -> tuple[str, int] | None:
    """The longest leading part of ``words`` that names a place: (name, words used)."""
    for n in range(min(len(words), gazetteer.longest), 0, -1):
        name = gazetteer.find(" ".join(words[:n]), levels)
        if name:
            return name, n
    return None


def _names_a_person(context: str) -> bool:
    """``ông``, ``bà``, ``đồng chí`` just before: what follows is a person's name."""
    return _ends_with(context, _PERSON_CUES, _PERSON_CUES_LONGEST) is not None


def _names_something_else(context: str) -> bool:
    """``Trường``, ``đường``, ``huyện`` just before: what follows names a school, a street..."""
    return _ends_with(context, _NOT_PERSON, _NOT_PERSON_LONGEST) is not None


class _Cues(NamedTuple):
    """What the words just before a run say about it."""

    level: str | None  # of the place it names: _place_prefix
    head: str | None  # of the place's organisation: _organisation_head
    names_a_person: bool
    names_something_else: bool


@lru_cache(maxsize=8192)
def _cues(context: str) -> _Cues:
    """Every rule's reading of one context, memoised as one: a run asks all four, and one lookup
    in place of four memoised apart saves a thirtieth of the scan of runs."""
    return _Cues(
        _place_prefix(context),
        _organisation_head(context),
        _names_a_person(context),
        _names_something_else(context),
    )


def _is_person_shaped(words: list[str], cues: _Cues) -> bool:
    """A family name and two or three more words; after ``ông``, ``bà``, ``đồng chí``, any two to
    five capitalised words (``bà Kim Thị Sa Rinh``, ``ông Y Khuê Niê``, ``ông A Thuấn``).

    ``words``: words of a run from :func:`_runs`, which holds no acronym (runs are split at
    acronyms there), so no word needs asking whether it is one. (Asking again of every word of
    every run cost a fifteenth of the scan of runs.)
    """
    if not 2 <= len(words) <= 5:
        return False
    if cues.names_something_else:
        return False
    if cues.names_a_person:
        return True
    if len(words) >= 3 and words[1] == "Thị":
        return len(words) <= 5  # a woman's name: "Nguyễn Thị Mai Hương", "Kim Thị Sa Rinh"
    return words[0] in SURNAMES and 3 <= len(words) <= 4


def _scan_runs(text: str, found: Entities, gazetteer: Gazetteer) -> None:
    for words, context, listed in _runs(text, gazetteer):
        # A capitalised prefix or title opens the run at a sentence start: "Huyện Vị Thủy có",
        # "Ông Nguyễn Thanh Thuấn cho biết".
        while len(words) > 1 and words[0].casefold() in _OPENERS:
            context = listed = f"{context} {words[0]}".strip()
            words = words[1:]
        cues = _cues(context)
        level, head = cues.level, cues.head
        if not level and listed != context:  # (the same context would give the same answer)
            level = _place_prefix(listed)
        if level or head:
            levels = _LEVELS[level] if level else ("provinces", "districts")
            match = _match_place(words, levels, gazetteer)
            if match:
                name, _used = match
                found.add("places", name)
                if head:
                    found.add("organisations", f"{head} {name.removeprefix('TP ')}")
                continue
        if _is_person_shaped(words, cues):
            found.add("people", " ".join(words))
            continue
        # A bare name counts only when the whole run is the name: one lookup.
        name = len(words) <= gazetteer.longest and gazetteer.find(
            " ".join(words), ("provinces", "districts")
        )
        if name:
            found.add("places", name)


def canonical_document(kind: str, code: str) -> str:
    """``quy định``, ``171–QĐ/TW`` -> ``Quy định 171-QĐ/TW``."""
    kind = kind[0].upper() + kind[1:].lower()
    return f"{kind} {code.replace('–', '-')}"


def _kind_start_bound(text: str, code_start: int) -> int:
    """No citation whose code starts at ``code_start`` starts before this: its kind ends where
    the white space before the code (or before a ``số`` before it) starts."""
    end = code_start
    while end and text[end - 1].isspace():
        end -= 1
    before_so = end - 2  # (whatever the two characters are: a bound, not a match)
    while before_so > 0 and text[before_so - 1].isspace():
        before_so -= 1
    return max(0, min(end, before_so) - _LONGEST_KIND)


def _code_span(text: str) -> tuple[int, int]:
    """Where every code of ``text`` lies: from its first mark's lead to its last mark's tail and
    the character after it (which the codes' look-ahead reads).

    The regex scans for codes read every character of a text to the end (a sixth of the cost of
    entities, in the few texts that cite); a str search finds the marks many times faster, and
    a citing text's marks lie within a third of it.
    """
    first = min((at for at in map(text.find, _CODE_MARKS) if at != -1), default=len(text))
    last = max(map(text.rfind, _CODE_MARKS))
    return max(0, first - _CODE_LEAD), min(len(text), last + _CODE_TAIL + 2)


def _citations(text: str, pos: int, endpos: int) -> Iterable[re.Match[str]]:
    """What ``_DOCUMENT.finditer(text)`` finds, found from the codes back to their kinds (the
    codes from ``pos`` to ``endpos``: see :func:`_code_span`).

    :data:`_DOCUMENT` opens with a look-behind and ignores case, so the regex engine tries it at
    every character of the text; codes are rare, and a citation ends with one. Each code is
    looked for first; the citation is then searched for only between the farthest its kind can
    start and the end of the code. (No citation starts between the last one found and that
    bound: its code would be one already passed over.)
    """
    done = 0  # where the last citation found ends
    while code := _CITED_CODE.search(text, pos, endpos):
        start = max(done, _kind_start_bound(text, code.start()))
        # The citation's code is this one, or none: the search need not read past it (and the
        # character after it, for the code's right edge).
        match = _DOCUMENT.search(text, start, code.end() + 1)
        if match:
            yield match
            done = pos = match.end()
        else:
            pos = code.end()


def _ends_a_number(text: str, at: int) -> bool:
    r"""Whether a code's number (``171``, ``12a``) ends just before ``at``: a digit (what ``\d``
    matches, Unicode category Nd), or one ASCII letter after one."""
    before = text[at - 1]
    if before.isdecimal():
        return True
    return at >= 2 and before.isascii() and before.isalpha() and text[at - 2].isdecimal()


def _may_cite_a_code(text: str) -> bool:
    """``_ANY_CODE.search(text)``, found from the dashes and slashes: every code has one after
    its number (``171-QĐ/TW``, ``12a/QĐ-UBND``), and a str search skips to them many times
    faster than the regex."""
    for mark in _CODE_MARKS:
        at = text.find(mark, 1)
        while at != -1:
            if _ends_a_number(text, at):
                after = text[at + 1 : at + 6]
                if after[:1] and ("A" <= after[0] <= "Z" or after[0] == "Đ"):
                    return True
                if mark == "/" and len(after) == 5 and after[:4].isdecimal() and after[4] == "/":
                    return True
            at = text.find(mark, at + 1)
    return False


def find_documents(text: str) -> list[str]:
    """Cited documents in canonical form, in order of first mention."""
    if not _may_cite_a_code(text):
        return []
    found: dict[str, None] = {}
    kinds_by_code: dict[str, str] = {}
    pos, endpos = _code_span(text)
    for match in _citations(text, pos, endpos):
        name = canonical_document(match[1], match[2])
        kinds_by_code[match[2].replace("–", "-")] = name
        found.setdefault(name, None)
    for match in _BARE_CODE.finditer(text, pos, endpos):
        code = match[1].replace("–", "-")
        if code in kinds_by_code:
            continue
        letters = re.split(r"[-/]", code)[1] if "-" in code else ""
        kind = DOCUMENT_CODE_KINDS.get(letters)
        if kind:
            found.setdefault(f"{kind} {code}", None)
    return list(found)


def _national_names(text: str) -> Iterable[str]:
    """The national bodies named in ``text``, not inside a word: what a leading look-behind
    on :data:`_NATIONAL` would find."""
    pos = 0
    while match := _NATIONAL.search(text, pos):
        start = match.start()
        if start and _WORD_CHAR.match(text, start - 1):
            pos = start + 1  # inside a word: look again from the next character
            continue
        yield match[0]
        pos = match.end()


def find_entities(texts: Iterable[str], gazetteer: Gazetteer | None = None) -> Entities:
    """Every entity of an article's title, lead, headings, captions and paragraphs."""
    gazetteer = gazetteer or load_gazetteer()
    found = Entities()
    for text in texts:
        for name in _national_names(text):
            found.add("organisations", name)
        _scan_runs(text, found, gazetteer)
        for document in find_documents(text):
            found.add("documents", document)
    return found
