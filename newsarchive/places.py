"""Vietnam's places as they were named before the 2025 merger, from a maintained package.

The archive's articles (2010-2024) name the 63 old provinces and their districts, towns and
communes. ``vietnamadminunits`` ships that legacy list (and keeps it up to date); we read its data
once per process and key every name by its normalised spelling, so ``Vị Thuỷ`` in an old article
and ``Vị Thủy`` in the list are one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .normalize import normalize_line

# The names an editor uses for a place where the list's short name is ambiguous or newer.
CANONICAL_PLACE_NAMES = {
    "Hồ Chí Minh": "TP Hồ Chí Minh",
    "Huế": "Thừa Thiên Huế",
    "Bà Rịa - Vũng Tàu": "Bà Rịa - Vũng Tàu",
}
# Other spellings of provinces printed in articles.
PROVINCE_ALIASES = {
    "Thừa Thiên Huế": "Thừa Thiên Huế",
    "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "Bà Rịa – Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "HCM": "TP Hồ Chí Minh",
    "TPHCM": "TP Hồ Chí Minh",
    "Sài Gòn": "TP Hồ Chí Minh",
}


def key(name: str) -> str:
    """How names are compared: normalised spelling (tone placement, Đ), no case."""
    return normalize_line(name).casefold()


@dataclass(frozen=True)
class Gazetteer:
    """Names of provinces, districts and wards (communes, towns), each keyed by :func:`key`."""

    provinces: dict[str, str]
    districts: dict[str, str]
    wards: dict[str, str]
    longest: int

    def find(self, words: str, levels: tuple[str, ...]) -> str | None:
        """The canonical name of a place called ``words`` (already normalised text) at one of
        ``levels``, or None."""
        k = words.casefold()
        for level in levels:
            name = getattr(self, level).get(k)
            if name:
                return name
        return None


def _canonical(name: str) -> str:
    name = normalize_line(name)
    return CANONICAL_PLACE_NAMES.get(name, name)


@cache
def load_gazetteer() -> Gazetteer:
    """Read the legacy (pre-2025) administrative units of ``vietnamadminunits``."""
    data_file = resources.files("vietnamadminunits").joinpath("data/parser_legacy.json")
    data = json.loads(data_file.read_text(encoding="utf-8"))
    provinces = {
        key(p["provinceShort"]): _canonical(p["provinceShort"])
        for p in data["DICT_PROVINCE"].values()
    }
    for alias, name in PROVINCE_ALIASES.items():
        provinces[key(alias)] = name
    districts: dict[str, str] = {}
    for by_district in data["DICT_PROVINCE_DISTRICT"].values():
        for district in by_district.values():
            short = district["districtShort"]
            if not isinstance(short, str) or not short or short[0].isdigit():
                continue  # "Quận 1" is only ever named with its prefix
            districts.setdefault(key(short), _canonical(short))
    wards: dict[str, str] = {}
    for by_district in data["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].values():
        for by_ward in by_district.values():
            for ward in by_ward.values():
                short = ward["wardShort"]
                if isinstance(short, str) and short and not short[0].isdigit():
                    wards.setdefault(key(short), normalize_line(short))
    longest = max(len(name.split()) for table in (provinces, districts, wards) for name in table)
    return Gazetteer(provinces, districts, wards, longest)
