"""Text at the boundary: bytes -> one clean Unicode form of Vietnamese.

Everything downstream compares strings (title lines repeated, captions printed twice, place names
spelled ``Thuỷ`` or ``Thủy``), so the text is normalised once, here, and never again:

* the encoding is detected (UTF-8, UTF-8 with BOM, UTF-16 with or without BOM, Windows-1258);
* Unicode NFC, so decomposed tone marks (as Windows-1258 and some Mac tools write them) compose;
* the look-alike ``Ð`` (U+00D0, Icelandic eth) becomes ``Đ`` (U+0110);
* one tone-mark placement, the classic one (``hòa``, ``khỏe``, ``thủy``) that most Vietnamese
  news sites and our editors use;
* non-breaking, zero-width and repeated spaces are folded; typographic quotes are kept.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from functools import lru_cache

# Combining tone marks of Vietnamese, in the order ngang (none), huyền, sắc, hỏi, ngã, nặng.
TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_TONE_SET = frozenset(TONE_MARKS)

LOOKALIKES = {"\u00d0": "\u0110", "\u00f0": "\u0111"}

# Spaces that are not U+0020, and characters that are not there at all.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_REPEATED_SPACES = re.compile(r" {2,}")
# Any character that one of the three rules above changes: most lines hold none.
_ODD_CHARACTER = re.compile("|".join(p.pattern for p in (_SPACES, _INVISIBLE, _CONTROL)))


def detect_encoding(data: bytes) -> str:
    """Name the encoding of raw article bytes: ``utf-8-sig``, ``utf-16``, ``utf-8`` or ``cp1258``.

    Raises ``ValueError`` for bytes that are no text (NUL bytes outside UTF-16, control junk).
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _looks_like_bomless_utf16(data):
        return "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
    if b"\x00" in data:
        raise ValueError("binary data: the file holds NUL bytes")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A file cut off in the middle of a character is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
        # Mostly valid UTF-8 with the odd broken byte: UTF-8 with damage, not a code page.
        valid_multibyte = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data))
        invalid = len(data.decode("utf-8", errors="replace")) - len(
            data.decode("utf-8", errors="ignore")
        )
        if valid_multibyte > 10 * max(invalid, 1):
            return "utf-8"
    text = data.decode("cp1258", errors="replace")
    if _control_ratio(text) > 0.01 or text.count("\ufffd") > len(text) // 100:
        raise ValueError("binary data: the bytes are not text in UTF-8, UTF-16 or Windows-1258")
    return "cp1258"


def _looks_like_bomless_utf16(data: bytes) -> bool:
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return False  # (no NUL byte: no count below can say UTF-16)
    even, odd = data[0::2], data[1::2]
    # ASCII-heavy UTF-16 has a NUL in every other byte; Vietnamese letters are U+00xx/U+1Exx/U+01xx.
    return (
        max(even.count(0), odd.count(0)) > len(data) // 4
        and min(even.count(0), odd.count(0)) < len(data) // 50
    )


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def decode(data: bytes) -> tuple[str, str]:
    """Decode raw bytes; return the text and the name of the encoding that was detected.

    Broken bytes in otherwise good UTF-8 (a truncated file) become U+FFFD rather than failing the
    whole article; the caller warns about them.
    """
    if not data.startswith(_BOMS) and b"\x00" not in data:
        # What detect_encoding() finds first for most files, without decoding them twice.
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    encoding = detect_encoding(data)
    codec = (
        "utf-16"
        if encoding.startswith("utf-16")
        and data[:2]
        in (
            codecs.BOM_UTF16_LE,
            codecs.BOM_UTF16_BE,
        )
        else encoding
    )
    text = data.decode(codec, errors="replace")
    reported = "utf-16" if encoding.startswith("utf-16") else encoding
    return text, reported


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _tone_of(char: str) -> tuple[str, str]:
    """Split one letter into its base (with hat, breve or horn) and its tone mark ('' if none)."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in decomposed if c in _TONE_SET)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_SET))
    return base, tone


def encode_cp1258(text: str) -> bytes:
    """Text as legacy Vietnamese tools wrote it in Windows-1258: a base letter (which may carry
    a hat, breve or horn) followed by a combining tone mark. The inverse of :func:`decode` for
    such files; the tests and the benchmark corpus use it to make them."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, tone = _tone_of(char)
            out += (base + tone).encode("cp1258")
    return bytes(out)


def _classic_pairs() -> dict[str, str]:
    """Every new-style ending (``oà``, ``uỷ``, ``oẹ``, in any case) -> its classic spelling."""
    pairs: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in TONE_MARKS:
            for f in (first, first.upper()):
                for t in (second, second.upper()):
                    new = f + unicodedata.normalize("NFC", t + tone)
                    classic = unicodedata.normalize("NFC", f + tone) + t
                    pairs[new] = classic
    return pairs


_PAIRS = _classic_pairs()
# A new-style pair that ends a word and is the whole vowel nucleus: not after another vowel
# ("khuya", "ngoeo") and, for uy, not after q ("quý": the u belongs to the consonant qu-).
_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"


def _new_style_pattern(pairs: dict[str, str]) -> re.Pattern[str]:
    """``o``/``u`` (not after a vowel or q), then a toned ``a``, ``e`` or ``y`` that ends the word.

    The look-behind follows the first letter rather than opening the pattern, so that the regex
    engine can skip ahead to the letters o and u.
    """
    seconds: dict[str, str] = {}
    for pair in pairs:
        assert len(pair) == 2, pair
        seconds[pair[0]] = seconds.get(pair[0], "") + pair[1]
    branches = (
        f"{first}(?<![{_VOWELS}qQ].)[{letters}]" for first, letters in sorted(seconds.items())
    )
    return re.compile("(?:" + "|".join(branches) + r")(?!\w)")


_NEW_STYLE = _new_style_pattern(_PAIRS)


def classic_tone_marks(text: str) -> str:
    """Put every tone mark in the classic place: ``hoà`` -> ``hòa``, ``Thuỷ`` -> ``Thủy``."""
    return _NEW_STYLE.sub(lambda m: _PAIRS[m[0]], text)


def normalize_line(line: str) -> str:
    """One line of text in canonical form (NFC, Đ, classic tones, single spaces, stripped)."""
    return canonical_text(line).strip()


def canonical_text(text: str) -> str:
    """The rules of :func:`normalize_line` but ``strip``, on a line or a whole text (none reads
    across a line break, and NFC never reaches across one: a line break is a starter that
    composes with nothing).

    Each rule runs only on text it would change (most text is already clean): this runs on
    every article.
    """
    text = unicodedata.normalize("NFC", text)  # (the same string, fast, when it is NFC)
    for lookalike, letter in LOOKALIKES.items():  # (str.translate is slow on non-ASCII text)
        if lookalike in text:
            text = text.replace(lookalike, letter)
    if _ODD_CHARACTER.search(text):
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub("", text)
        text = _SPACES.sub(" ", text)
    text = classic_tone_marks(text)
    if "  " in text:
        text = _REPEATED_SPACES.sub(" ", text)
    return text


# Formatting tags that text dumps keep from their pages; their text stays, the tags go.
_FORMATTING_TAG = re.compile(
    r"</?(?:b|i|u|em|strong|span|font|p|div|br|small|big|sup|sub|mark)(?:\s[^<>]{0,200})?\s*/?>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.IGNORECASE)


def strip_markup_residue(text: str) -> str:
    """A text dump that kept ``<b>`` tags and ``&quot;`` entities from its page: the tags go,
    the entities become their characters. Other tags (``<script>``) stay, as text."""
    if "<" in text:
        text = _FORMATTING_TAG.sub("", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return text


def normalize_text(text: str) -> list[str]:
    """Split text into normalised lines, keeping empty lines (they carry layout).

    The rules run once on the whole text (:func:`canonical_text`), then each line is stripped:
    the same lines as :func:`normalize_line` gives line by line. Asked line by line, each of an
    article's hundred lines paid for every rule; three texts in four hold a look-alike ``Ð``,
    and most lines need no rule at all.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return [line.strip() for line in canonical_text(text).split("\n")]


# Combining marks: the only characters :func:`fold` drops (it turns every other one into one
# character or more).
_COMBINING_MARKS = range(0x0300, 0x0370)
_COMBINING_MARK = re.compile(f"[{chr(_COMBINING_MARKS[0])}-{chr(_COMBINING_MARKS[-1])}]")


def _fold_table() -> dict[int, str | None]:
    """Each Latin letter with marks -> its bare letter; đ -> d; stray combining marks -> none."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0x00C0, 0x1F00):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            table[code] = base.lower()
    for code in _COMBINING_MARKS:
        table[code] = None
    return table


_FOLD = _fold_table()


@lru_cache(maxsize=4096)
def casefolded(text: str) -> str:
    """``text.casefold()``, remembered: the furniture, tail, duplicate and caption rules each
    compare a line without case, and folding a paragraph costs forty times a lookup."""
    return text.casefold()


def may_fold_within(text: str, length: int) -> bool:
    """False when ``fold(text)`` is surely longer than ``length``, told without folding it:
    counting what fold could drop costs fifty times less than the translation."""
    return len(text) <= length or len(text) - len(_COMBINING_MARK.findall(text)) <= length


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """A comparison key without case, tone marks or đ: ``Thủy`` and ``THUỶ`` fold alike.

    Cached: a headline is folded against each line under it.
    """
    return text.translate(_FOLD).casefold()
