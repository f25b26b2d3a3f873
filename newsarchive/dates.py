"""Date lines of Vietnamese news pages -> aware datetimes in Vietnam time.

A *date line* is a line that is nothing but a date, a time and the words around them
(``18/09/2023 - 22:29``, ``Thứ Hai, ngày 06/12/2021 | 08:09``, ``Cập nhật lúc 08:25 ngày
15/10/2020``, ``Thứ năm, 7/11/2023, 07:38 (GMT+7)``). A date inside a sentence ("Chiều ngày
03/11/2023, Ban Thường vụ ...") is never one: what is left of the line once the date, the time
and the date words are taken out must be nothing but punctuation.

Dates are always read day first. Two-digit years are 20xx up to 69, 19xx above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from .normalize import fold
from .patterns import DATE_LINE_WORDS, UPDATE_WORDS, WEEKDAYS

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\2\s?(\d{4}|\d{2})(?![\d/.-])"
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ](?=\d))?(?!\d)")
_WORDED_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*|\s+)năm\s+(\d{4})(?!\d)", re.IGNORECASE
)
_TIME = re.compile(
    r"(?<![\d:/])(\d{1,2})\s?(?::|h|g|giờ)\s?(\d{2})(?:\s?(?::|p|phút)\s?(\d{2})?)?"
    r"(?:\s?(am|pm|sa|ch|sáng|chiều|tối))?(?![\d/])",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"\(?\b(?:gmt|utc)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?\)?", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"\b(thứ\s+(?:hai|ba|tư|bốn|năm|sáu|bảy|[2-7])|chủ\s+nhật|cn|t[2-7])\b", re.IGNORECASE
)
_SEGMENT_SPLIT = re.compile(r"(?i)(?=\b(?:cập nhật|sửa đổi|chỉnh sửa|updated|modified)\b)")
_LEFTOVER = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class DateLine:
    """What one date line says: when it was published, when updated, and what looked wrong."""

    published: datetime | None = None
    modified: datetime | None = None
    warnings: tuple[str, ...] = field(default=())


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _hour(hour: int, meridiem: str | None) -> int:
    meridiem = (meridiem or "").lower()
    if meridiem in ("pm", "ch", "chiều", "tối") and hour < 12:
        return hour + 12
    if meridiem in ("am", "sa", "sáng") and hour == 12:
        return 0
    return hour


_DATE_WORDS = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        re.escape(w) for w in sorted({fold(w) for w in DATE_LINE_WORDS}, key=len, reverse=True)
    )
    + r")(?!\w)"
)


def _leftover_is_date_words(text: str) -> bool:
    """True when nothing but date words and punctuation is left of a line."""
    return not _LEFTOVER.sub("", _DATE_WORDS.sub(" ", fold(text)))


def _parse_segment(segment: str, tz: ZoneInfo) -> tuple[datetime | None, list[str]]:
    """The one date (and time) of a segment of a date line, or None."""
    warnings: list[str] = []
    match = (
        _NUMERIC_DATE.search(segment) or _WORDED_DATE.search(segment) or _ISO_DATE.search(segment)
    )
    if not match:
        return None, warnings
    if match.re is _NUMERIC_DATE:
        day, month, year = int(match[1]), int(match[3]), _year(match[4])
    elif match.re is _ISO_DATE:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    rest = segment[: match.start()] + " " + segment[match.end() :]
    hour = minute = second = 0
    time_match = _TIME.search(rest)
    if time_match:
        hour = _hour(int(time_match[1]), time_match[4])
        minute, second = int(time_match[2]), int(time_match[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return None, warnings
    try:
        naive = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None, warnings
    if not 1900 <= year <= 2100:
        return None, warnings
    offset = _OFFSET.search(segment)
    if offset:
        sign = -1 if offset[1] == "-" else 1
        delta = timedelta(hours=int(offset[2]), minutes=int(offset[3] or 0)) * sign
        when = naive.replace(tzinfo=timezone(delta)).astimezone(tz)
    else:
        when = naive.replace(tzinfo=tz)
    weekday = _WEEKDAY.search(segment)
    if weekday:
        key = re.sub(r"\s+", " ", weekday[1].lower())
        printed = WEEKDAYS.get(key)
        if printed is not None and printed != naive.weekday():
            warnings.append(
                f"the weekday {weekday[1]!r} does not match the date {naive:%d/%m/%Y}; "
                "the date was kept"
            )
    return when, warnings


def parse_date_line(line: str, tz: ZoneInfo = VIETNAM) -> DateLine | None:
    """Read a line that is only a date line; anything else (a sentence with a date) gives None.

    Cached: the extraction asks about the same line at several steps (the answer is immutable).
    The time zone is passed on explicitly so that calls with and without it share the cache.
    """
    return _parse_date_line(line, tz)


@lru_cache(maxsize=4096)
def _parse_date_line(line: str, tz: ZoneInfo) -> DateLine | None:
    if len(line) > 120 or not any(map(str.isdigit, line)):
        return None
    stripped = _NUMERIC_DATE.sub(" ", line)
    stripped = _WORDED_DATE.sub(" ", stripped)
    stripped = _ISO_DATE.sub(" ", stripped)
    if stripped == line:
        return None
    stripped = _TIME.sub(" ", stripped)
    stripped = _OFFSET.sub(" ", stripped)
    stripped = _WEEKDAY.sub(" ", stripped)
    if not _leftover_is_date_words(stripped):
        return None

    published: datetime | None = None
    modified: datetime | None = None
    warnings: list[str] = []
    for segment in filter(None, (s.strip() for s in _SEGMENT_SPLIT.split(line))):
        when, segment_warnings = _parse_segment(segment, tz)
        warnings.extend(segment_warnings)
        if when is None:
            continue
        is_update = fold(segment).startswith(tuple(fold(w) for w in UPDATE_WORDS))
        if is_update:
            modified = modified or when
        else:
            published = published or when
    if published is None and modified is None:
        return None
    return DateLine(published, modified, tuple(warnings))


def parse_iso(value: str, tz: ZoneInfo = VIETNAM) -> datetime | None:
    """An ISO 8601 timestamp from page metadata, in Vietnam time; naive ones are local."""
    value = value.strip()
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        line = parse_date_line(value, tz)
        return line.published if line else None
    if when.tzinfo is None:
        return when.replace(tzinfo=tz)
    return when.astimezone(tz)


def isoformat(when: datetime) -> str:
    """ISO 8601 with the offset, to the second: what Pelican reads unambiguously."""
    return when.isoformat(timespec="seconds")
