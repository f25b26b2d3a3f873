"""The site's language: gettext catalogs for the theme, dates and alphabetical order in code.

Pelican does not install a catalog for Jinja by itself, and this machine (like many hosts) has no
``vi_VN`` locale, so ``strftime`` names and ``locale.strxfrm`` cannot be trusted. This plugin:

* adds ``jinja2.ext.i18n`` and installs the catalog ``THEME/translations/LANG/LC_MESSAGES/
  messages.mo`` for ``DEFAULT_LANG`` on every generator (the i18n_subsites recipe);
* gives templates the filters ``vi_datetime``, ``vi_date``, ``vi_month`` (dates spelled out
  through the catalog, never through the OS locale) and ``vi_sorted`` (Vietnamese alphabetical
  order, see :func:`sort_key`).
"""

from __future__ import annotations

import gettext
import logging
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import pass_environment
from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Folder of the gettext catalogs; None: the theme's translations/ folder.
    "SITE_LOCALE_LOCALEDIR": None,
    # Catalog domain (file name of the .mo without extension).
    "SITE_LOCALE_DOMAIN": "messages",
}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


# Weekday names, Monday first like ``datetime.weekday()``; translated through the catalog.
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
# Placeholders: weekday, day, month, year, hour, minute (all already formatted).
DATETIME_PATTERN = N_("{weekday}, {day}/{month}/{year}, {hour}:{minute}")
DATE_PATTERN = N_("{weekday}, {day}/{month}/{year}")
MONTH_PATTERN = N_("{month}/{year}")
MONTH_LONG_PATTERN = N_("Month {month} of {year}")

# --- Vietnamese alphabetical order ----------------------------------------------------------
# The 29 letters of the Vietnamese alphabet, plus the foreign f, j, w, z where they fall in
# the Latin alphabet. A letter with its breve/circumflex/horn is a letter of its own.
_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Tone marks, in the dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Characters that are not letters sort before every letter, digits after other symbols.
_LETTER_BASE = 1000


def _char_key(char: str) -> tuple[int, int]:
    """(rank of the letter without its tone, tone) of one NFC character, lower-cased."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            kept.append(part)
    letter = unicodedata.normalize("NFC", "".join(kept))
    if letter in _LETTER_RANK:
        return _LETTER_BASE + _LETTER_RANK[letter], tone
    if letter.isdigit():
        return 500 + (ord(letter) % 500), tone
    if letter.isspace():
        return 0, tone
    return 1 + ord(letter) % 499 if ord(letter) < 499 else 499, tone


@lru_cache(maxsize=16384)
def _syllable_key(syllable: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Remembered: names share their syllables (``Nguyễn``, ``Văn``, ``tỉnh``), and the indexes
    of all names sort every name of the archive on each build."""
    keys = [_char_key(char) for char in syllable]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys)


def sort_key(text: str) -> tuple[tuple[tuple[tuple[int, ...], tuple[int, ...]], ...], str]:
    """Key for Vietnamese dictionary order, which Python's code-point order gets wrong.

    Syllable by syllable, as dictionaries do: within a syllable letters are compared first
    (``a < ă < â < b ... d < đ ... o < ô < ơ ... u < ư``) and the tone only breaks a tie
    (ngang, huyền, hỏi, ngã, sắc, nặng), so ``Đảng ủy`` comes before ``Đặng Ngọc``; the exact
    text last, so the order is total and stable.
    """
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return tuple(_syllable_key(syllable) for syllable in text.split()), text


def vi_sorted(items: Iterable[Any], attribute: str | None = None) -> list[Any]:
    """Items in Vietnamese order, by ``str(item)`` or by ``item[attribute]``/``item.attribute``.

    ``attribute`` may be an index into tuples (``"0"``), as in ``tags|vi_sorted("0")`` for the
    ``(tag, articles)`` pairs Pelican puts in the context.
    """

    def get(item: Any) -> Any:
        if attribute is None:
            return item
        if attribute.isdigit():
            return item[int(attribute)]
        return getattr(item, attribute)

    return sorted(items, key=lambda item: sort_key(str(get(item))))


def initial(text: Any) -> str:
    """The letter a name is filed under in an index: ``Ân`` under Â, ``Đảng`` under Đ.

    Tone marks are dropped (``Ấp`` is filed under Â, as dictionaries do); anything that is not a
    letter is filed under ``#``, which sorts before every letter.
    """
    text = unicodedata.normalize("NFC", str(text)).strip()
    if not text:
        return "#"
    first = text[0].casefold()
    letter = unicodedata.normalize(
        "NFC", "".join(p for p in unicodedata.normalize("NFD", first) if p not in _TONES)
    )
    return letter.upper() if letter in _LETTER_RANK else "#"


# --- Dates ------------------------------------------------------------------------------------
def _parts(moment: datetime, translate: Callable[[str], str]) -> dict[str, str]:
    return {
        "weekday": translate(WEEKDAYS[moment.weekday()]),
        "day": f"{moment.day:02d}",
        "month": f"{moment.month:02d}",
        "year": str(moment.year),
        "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}",
    }


def format_datetime(moment: datetime, translate: Callable[[str], str] = str) -> str:
    """``Thứ Hai, 18/09/2023, 22:29`` with the Vietnamese catalog: the time as written (local)."""
    return translate(DATETIME_PATTERN).format(**_parts(moment, translate))


def format_date(moment: datetime, translate: Callable[[str], str] = str) -> str:
    """``Thứ Hai, 18/09/2023`` with the Vietnamese catalog."""
    return translate(DATE_PATTERN).format(**_parts(moment, translate))


def format_month(year: int, month: int, translate: Callable[[str], str] = str, long=False) -> str:
    """``09/2023``, or ``Tháng 9 năm 2023`` when ``long``."""
    pattern = MONTH_LONG_PATTERN if long else MONTH_PATTERN
    month_text = str(month) if long else f"{month:02d}"
    return translate(pattern).format(month=month_text, year=year)


def _translator(env: Any) -> Callable[[str], str]:
    translations = getattr(env, "site_locale_translations", None)
    return translations.gettext if translations is not None else str


@pass_environment
def _vi_datetime(env: Any, moment: datetime) -> str:
    return format_datetime(moment, _translator(env))


@pass_environment
def _vi_date(env: Any, moment: datetime) -> str:
    return format_date(moment, _translator(env))


@pass_environment
def _vi_month(env: Any, period: tuple[int, int], long: bool = False) -> str:
    return format_month(period[0], period[1], _translator(env), long=long)


# --- Catalogs -------------------------------------------------------------------------------
def load_translations(settings: dict[str, Any], theme: str) -> gettext.NullTranslations:
    """The catalog for DEFAULT_LANG, or no translation (with an error) when it is missing."""
    localedir = settings.get("SITE_LOCALE_LOCALEDIR") or str(Path(theme) / "translations")
    domain = settings.get("SITE_LOCALE_DOMAIN", DEFAULTS["SITE_LOCALE_DOMAIN"])
    lang = settings.get("DEFAULT_LANG", "en")
    try:
        return gettext.translation(domain, localedir, [lang])
    except OSError:
        logger.error(
            "site_locale: no catalog %s.mo for DEFAULT_LANG %r in %s (SITE_LOCALE_LOCALEDIR)",
            domain,
            lang,
            localedir,
        )
        return gettext.NullTranslations()


def install(generator: Any) -> None:
    """Install the catalog and the filters into one generator's Jinja environment."""
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    translations = load_translations(generator.settings, generator.theme)
    env.install_gettext_translations(translations, True)
    # Kept for the date filters, which translate outside any template context.
    env.site_locale_translations = translations
    env.filters.update(
        {
            "vi_datetime": _vi_datetime,
            "vi_date": _vi_date,
            "vi_month": _vi_month,
            "vi_sorted": vi_sorted,
            "vi_initial": initial,
        }
    )


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.generator_init.connect(install)
