"""Vietnam's places as they were named before the 2025 merger, from a maintained package.

The archive's articles (2010-2024) name the 63 old provinces and their districts, towns and
communes. ``vietnamadminunits`` ships that legacy list (and keeps it up to date); we read its data
once per process and key every name by its normalised spelling, so ``Vị Thuỷ`` in an old article
and ``Vị Thủy`` in the list are one place.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from functools import cache, cached_property
from pathlib import Path

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


# Spellings of one name that sites use interchangeably: "Đăk Hà" and "Đắk Hà".
_VARIANTS = ((re.compile(r"\bđăk\b"), "đắk"), (re.compile(r"\bdak\b"), "đắk"))


# Units merged away before the list's date but named by the archive's older articles.
FORMER_PROVINCES = ("Hà Tây",)
FORMER_DISTRICTS = ("Hoành Bồ", "Đông Sơn", "Quận 2", "Quận 9")


def key(name: str) -> str:
    """How names are compared: normalised spelling (tone placement, Đ, Đăk/Đắk), no case."""
    folded = normalize_line(name).casefold()
    for pattern, spelling in _VARIANTS:
        folded = pattern.sub(spelling, folded)
    return folded


# How many spellings :meth:`Gazetteer.knows` remembers before it starts again.
MAX_REMEMBERED = 200_000


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
        if "đăk" in k or "dak" in k:
            k = key(words)
        for level in levels:
            name = getattr(self, level).get(k)
            if name:
                return name
        return None

    def knows(self, words: str) -> bool:
        """True when ``words`` names a place at any level: a cheap test before :meth:`find`.

        Remembered per spelling: entity search asks this of every capitalised word of every
        article, and a handful of words ("Ngày", "Đảng", "Theo") make most of the questions.
        """
        known = self._known.get(words)
        if known is None:
            if len(self._known) >= MAX_REMEMBERED:
                self._known.clear()
            k = words.casefold()
            if "đăk" in k or "dak" in k:
                k = key(words)
            known = k in self.provinces or k in self.districts or k in self.wards
            self._known[words] = known
        return known

    @cached_property
    def _known(self) -> dict[str, bool]:
        """What :meth:`knows` answered, by spelling (not a field: not stored, not compared)."""
        return {}


def _canonical(name: str) -> str:
    name = normalize_line(name)
    name = re.sub(r"\bĐăk\b", "Đắk", name)
    return CANONICAL_PLACE_NAMES.get(name, name)


_NUMBERED = re.compile(r"^(?:\d+[A-Z]?|[IVXL]+)$")


def _bare_name(full: object, kind: object) -> str | None:
    """``Huyện Long Mỹ`` -> ``Long Mỹ``. The list's short names disambiguate twins with a suffix
    ("Long Mỹ (Huyện)"), so the bare name comes from the full one. Numbered units ("Quận 1",
    "Phường V") are left out: only their full name names them."""
    if not isinstance(full, str) or not isinstance(kind, str):
        return None
    if not full.casefold().startswith(kind.casefold()):
        return None
    bare = full[len(kind) :].strip()
    if not bare or _NUMBERED.match(bare):
        return None
    return bare


def build_gazetteer(data: dict) -> Gazetteer:
    """Key every legacy (pre-2025) unit of ``vietnamadminunits``' parser data by its name."""
    provinces = {
        key(p["provinceShort"]): _canonical(p["provinceShort"])
        for p in data["DICT_PROVINCE"].values()
    }
    for alias, name in PROVINCE_ALIASES.items():
        provinces[key(alias)] = name
    for name in FORMER_PROVINCES:
        provinces.setdefault(key(name), name)
    districts: dict[str, str] = {}
    for by_district in data["DICT_PROVINCE_DISTRICT"].values():
        for district in by_district.values():
            short = _bare_name(district.get("district"), district.get("districtType"))
            if short:
                districts.setdefault(key(short), _canonical(short))
    wards: dict[str, str] = {}
    for by_district in data["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].values():
        for by_ward in by_district.values():
            for ward in by_ward.values():
                short = _bare_name(ward.get("ward"), ward.get("wardType"))
                if short:
                    wards.setdefault(key(short), normalize_line(short))
    for name in FORMER_DISTRICTS:
        districts.setdefault(key(name), name)
    longest = max(len(name.split()) for table in (provinces, districts, wards) for name in table)
    return Gazetteer(provinces, districts, wards, longest)


def _cache_folder() -> Path | None:
    """Where built tables are kept between runs: the user's cache folder (XDG); None without a
    home folder (then nothing is kept)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home == "~":
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "newsarchive"


def _fingerprint(raw: bytes) -> str:
    """Changes with the package's data and with the code that keys the names."""
    digest = hashlib.sha256(raw)
    for module in ("places.py", "normalize.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()[:20]


def _read_cached(path: Path) -> Gazetteer | None:
    try:
        tables = json.loads(path.read_text(encoding="utf-8"))
        return Gazetteer(**tables)
    except (OSError, ValueError, TypeError):
        return None


def _write_cached(path: Path, gazetteer: Gazetteer) -> None:
    """Best effort: a read-only or full disk only costs the next run the build again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(gazetteer), handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def _data_file() -> Path:
    """The package's legacy parser data, found without importing the package (its import
    loads all of its data, half a second)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed")
    return Path(spec.submodule_search_locations[0]) / "data" / "parser_legacy.json"


@cache
def load_gazetteer() -> Gazetteer:
    """The place tables, built once per data version and kept in the user's cache folder.

    Building them keys 70,000 names (0.6 s); every worker process of an import needs them, so
    the built tables are stored as JSON, named by a fingerprint of the package's data and of this
    code, and read back in a few milliseconds.
    """
    raw = _data_file().read_bytes()
    folder = _cache_folder()
    try:
        cached = folder / f"gazetteer-{_fingerprint(raw)}.json" if folder else None
    except OSError:  # no source files to fingerprint (an unusual install): build every time
        cached = None
    gazetteer = _read_cached(cached) if cached else None
    if gazetteer is None:
        gazetteer = build_gazetteer(json.loads(raw.decode("utf-8")))
        if cached:
            _write_cached(cached, gazetteer)
    return gazetteer
