"""The importer's settings, read from ``pelicanconf.py`` without importing Pelican.

The importer is a separate tool (like ``pelican-import``): it takes its settings as arguments.
``load_settings`` reads the ``IMPORT_*`` keys of a Pelican settings file so that one file
configures both the importer and the site, and checks them once, before any work starts.
"""

from __future__ import annotations

import runpy
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import UsageError

DEFAULTS: dict[str, object] = {
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "IMPORT_DEFAULT_CATEGORY": "Tin tức",
    "IMPORT_SOURCE_CODES": {},
    "IMPORT_CATEGORY_RULES": [],
    "IMPORT_MAX_BYTES": 8 * 1024 * 1024,
}


@dataclass(frozen=True)
class ImportSettings:
    """What the extraction rules need to know about the site."""

    timezone: str = "Asia/Ho_Chi_Minh"
    default_category: str = "Tin tức"
    source_codes: dict[str, str] = field(default_factory=dict)
    category_rules: tuple[tuple[str, tuple[str, ...]], ...] = ()
    max_bytes: int = 8 * 1024 * 1024

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def settings_from_mapping(values: dict[str, object]) -> ImportSettings:
    """Check the ``IMPORT_*`` settings and build :class:`ImportSettings`.

    Raises :class:`UsageError` naming the setting when a value cannot work, so that a typo in
    ``pelicanconf.py`` stops the run before any file is read.
    """
    merged = {**DEFAULTS, **{k: v for k, v in values.items() if k in DEFAULTS}}

    timezone = merged["TIMEZONE"]
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"TIMEZONE: unknown time zone {timezone!r}") from exc

    codes = merged["IMPORT_SOURCE_CODES"]
    if not isinstance(codes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in codes.items()
    ):
        raise UsageError("IMPORT_SOURCE_CODES: must map agency codes to publication names")

    rules = merged["IMPORT_CATEGORY_RULES"]
    checked_rules: list[tuple[str, tuple[str, ...]]] = []
    if not isinstance(rules, list | tuple):
        raise UsageError("IMPORT_CATEGORY_RULES: must be a list of (category, [words]) pairs")
    for rule in rules:
        if (
            not isinstance(rule, list | tuple)
            or len(rule) != 2
            or not isinstance(rule[0], str)
            or not isinstance(rule[1], list | tuple)
            or not all(isinstance(w, str) and w for w in rule[1])
        ):
            raise UsageError(f"IMPORT_CATEGORY_RULES: {rule!r} is not a (category, [words]) pair")
        checked_rules.append((rule[0], tuple(w.casefold() for w in rule[1])))

    default_category = merged["IMPORT_DEFAULT_CATEGORY"]
    if not isinstance(default_category, str) or not default_category.strip():
        raise UsageError("IMPORT_DEFAULT_CATEGORY: must be a non-empty category name")

    max_bytes = merged["IMPORT_MAX_BYTES"]
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise UsageError("IMPORT_MAX_BYTES: must be a positive number of bytes")

    return ImportSettings(
        timezone=str(timezone),
        default_category=default_category.strip(),
        source_codes=dict(codes),
        category_rules=tuple(checked_rules),
        max_bytes=max_bytes,
    )


def load_settings(path: Path | None) -> ImportSettings:
    """Read a Pelican settings file (``pelicanconf.py``) for its importer settings.

    The file is executed as Python, as Pelican itself does; nothing of Pelican is imported.
    ``None`` gives the defaults.
    """
    if path is None:
        return settings_from_mapping({})
    if not path.is_file():
        raise UsageError(f"settings file not found: {path}")
    try:
        values = runpy.run_path(str(path))
    except Exception as exc:  # a settings file can raise anything
        raise UsageError(f"{path}: cannot be read: {exc}") from exc
    return settings_from_mapping(values)
