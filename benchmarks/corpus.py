"""Generate a synthetic archive of raw articles that looks like the five real samples in raw/.

Why synthetic: we have five real articles and need tens of thousands to see how the importer,
Pelican and Pagefind scale. The text is recombined from the real sentences of the samples (read
from raw/ at run time), wrapped in the same page furniture the scraper leaves behind (date lines
in several formats, agency codes, captions, photo file names, bylines, share bars, related
lists), with dates skewed towards recent years and a Zipf-like spread of a few thousand entities,
so that tag pages, feeds and the search index have a realistic long tail.

Usage::

    python -m benchmarks.corpus N OUTDIR [--seed S] [--format txt|html|mixed|markdown]

``markdown`` skips the importer and writes Pelican Markdown (``OUTDIR/YEAR/slug.md``) directly,
to benchmark the build alone. Output is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import html
import importlib.util
import itertools
import json
import logging
import random
import re
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
RAW_DIR = REPO / "raw"
VN_TZ = timezone(timedelta(hours=7))
FIRST_YEAR, LAST_YEAR = 2010, 2025
FORMATS = ("txt", "html", "mixed", "markdown")
#: Share of saved HTML pages in a ``mixed`` corpus.
HTML_SHARE = 0.15
#: Chance that an article reuses an earlier headline word for word (real archives do this).
REPEAT_TITLE_SHARE = 0.01

# --- Names ------------------------------------------------------------------------------------
# Common Vietnamese surnames, weighted roughly by frequency (Nguyễn is ~38%).
SURNAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4),
    ("Phan", 4.5), ("Vũ", 3.9), ("Võ", 3.5), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4),
    ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8),
    ("Lâm", 0.5), ("Đoàn", 0.6), ("Mai", 0.4), ("Cao", 0.4), ("Tạ", 0.3), ("Lương", 0.3),
]  # fmt: skip
MIDDLE_NAMES = [
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Hoàng", "Công",
    "Đình", "Trọng", "Quang", "Thị Thu", "Thị Kim", "Tấn", "Bá", "Doãn", "Tiến", "Hồng",
    "Anh", "Khắc", "Việt", "Thành", "Kim", "Phương", "Mạnh", "Như", "Trung",
]  # fmt: skip
GIVEN_NAMES = [
    "Trường", "Thủ", "Sơn", "Vân", "Hiểu", "Trung", "Hoàn", "Vĩnh", "Thuấn", "Ái", "Bính",
    "Thy", "Diệp", "Hùng", "Dũng", "Hải", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Long",
    "Minh", "Nam", "Nga", "Phong", "Phúc", "Quân", "Tâm", "Thắng", "Thảo", "Thành", "Thịnh",
    "Tuấn", "Tùng", "Việt", "Vinh", "Yến", "Bình", "Cường", "Đạt", "Định", "Giang", "Huy",
    "Khánh", "Khoa", "Lộc", "Lợi", "Mai", "Nhân", "Ninh", "Quang", "Quý", "Sang", "Tài",
    "Thuận", "Toàn", "Trí", "Tú", "Uyên", "Xuân", "Châu", "Điệp", "Đông", "Hiền", "Hoa",
]  # fmt: skip
ROLES = [
    "Ủy viên Trung ương Đảng, Bí thư {party}",
    "Phó Bí thư Thường trực {party}",
    "Phó Bí thư {party}, Chủ tịch UBND {kind}",
    "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức {party}",
    "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo {party}",
    "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận {party}",
    "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra {party}",
    "{party_member} viên, Bí thư Đảng ủy Khối các cơ quan {kind}",
    "Phó Chủ tịch HĐND {kind}",
    "Chủ tịch Ủy ban MTTQ Việt Nam {kind}",
]
CENTRAL_ORGS = [
    "Ban Tổ chức Trung ương", "Ủy ban Kiểm tra Trung ương", "Ban Tuyên giáo Trung ương",
    "Ban Dân vận Trung ương", "Đảng ủy Khối các cơ quan Trung ương",
    "Đảng ủy Khối Doanh nghiệp Trung ương", "Ban Nội chính Trung ương",
    "Học viện Chính trị quốc gia Hồ Chí Minh", "Văn phòng Trung ương Đảng",
    "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực",
]  # fmt: skip
DOC_KINDS = [
    ("Nghị quyết", "NQ", 5), ("Chỉ thị", "CT", 3), ("Quy định", "QĐ", 3), ("Kết luận", "KL", 2),
    ("Quyết định", "QĐ", 1), ("Hướng dẫn", "HD", 1),
]  # fmt: skip
DOC_ISSUERS = [("TW", 10), ("TU", 3), ("ĐUK", 1), ("HU", 1), ("BTCTW", 1), ("UBKTTW", 1)]
SECTIONS = [
    "Xây dựng Đảng", "Tổ chức xây dựng Đảng", "Kiểm tra, giám sát", "Tuyên giáo", "Dân vận",
    "Hoạt động đoàn thể", "Các ban xây dựng Đảng của Thành ủy", "Thời sự", "Chính trị",
    "Nội chính", "Học tập và làm theo Bác", "Bảo vệ nền tảng tư tưởng của Đảng",
    "Phòng, chống tham nhũng", "Đại hội Đảng các cấp", "Công tác cán bộ", "Đảng viên trẻ",
    "Quốc phòng - An ninh", "Cải cách hành chính", "Gương sáng đảng viên", "Tin tức",
]  # fmt: skip
NOUN_PHRASES = [
    "tổ chức đảng cơ quan hội quần chúng", "sinh hoạt chi bộ", "đội ngũ cán bộ, đảng viên",
    "công tác kiểm tra, giám sát", "công tác dân vận", "công tác phát triển đảng viên",
    "năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng", "công tác tuyên giáo",
    "công tác bảo vệ chính trị nội bộ", "công tác cán bộ", "vai trò nêu gương của người đứng đầu",
    "công tác đào tạo, bồi dưỡng cán bộ", "hiệu quả hoạt động của các tổ chức đảng",
    "quy chế dân chủ ở cơ sở", "công tác phòng, chống tham nhũng, tiêu cực",
    "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "chất lượng đảng viên", "công tác thi đua, khen thưởng", "hoạt động của chi bộ",
    "chất lượng đội ngũ báo cáo viên", "công tác tổ chức xây dựng Đảng", "phong trào Dân vận khéo",
    "công tác xây dựng Đảng trong doanh nghiệp", "công tác nắm bắt tư tưởng cán bộ, đảng viên",
]  # fmt: skip
TITLE_TEMPLATES = [
    "Phát huy vai trò {np} ở {place}",
    "Nâng cao chất lượng {np} ở {place}",
    "{place}: nâng cao chất lượng {np}",
    "{org} tổng kết {n} năm thực hiện {doc}",
    "{central} làm việc với {org}",
    "{org} tổ chức hội nghị về {np}",
    "Đổi mới {np} tại {place}",
    "{org} tăng cường {np} năm {year}",
    "{org}: {np_cap} đạt nhiều kết quả",
    "{org} học tập, quán triệt {doc}",
    "Sơ kết {n} năm thực hiện {doc} ở {place}",
    "{place} khai giảng lớp bồi dưỡng {np} năm {year}",
    "{person}: {np_cap} phải đi vào thực chất",
    "Hội thảo khoa học về {np} tại {place}",
]
PARAGRAPH_TEMPLATES = [
    "Đồng chí {person}, {role}, phát biểu tại {event}.",
    "Tham dự có đồng chí {person}, {role}; đồng chí {person2}, {role2}.",
    "{org} đã ban hành kế hoạch triển khai thực hiện {doc} của {central}.",
    "Hiện nay, {place} có {n} tổ chức cơ sở đảng với {m} đảng viên.",
    "Theo đồng chí {person}, thời gian tới {org} tiếp tục thực hiện tốt {doc}.",
    "Qua {n} năm thực hiện {doc}, {org} đã lãnh đạo, chỉ đạo nâng cao {np}.",
]
CAPTION_TEMPLATES = [
    "Đồng chí {person} phát biểu tại buổi làm việc.",
    "Đồng chí {person}, {role}, phát biểu chỉ đạo.",
    "Quang cảnh {event}.",
    "Các đại biểu dự {event}",
    "Đồng chí {person} trao Kỷ niệm chương cho các cán bộ.",
]
EVENTS = ["hội nghị", "buổi làm việc", "hội thảo", "buổi tọa đàm", "buổi họp mặt", "lễ khai giảng"]
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
DATE_LINE_FORMATS = [
    "{d:02d}/{mo:02d}/{y} - {h:02d}:{mi:02d}",  # 000
    "{h:02d}:{mi:02d} {d:02d}/{mo:02d}/{y}",  # 001
    "Cập nhật lúc {h:02d}:{mi:02d} ngày {d:02d}/{mo:02d}/{y}",  # 002
    "{d:02d}/{mo:02d}/{y} {h:02d}:{mi:02d}",  # 003
    "{wd}, ngày {d:02d}/{mo:02d}/{y} | {h:02d}:{mi:02d}",  # 004
    "{wd}, {d}/{mo}/{y}, {h:02d}:{mi:02d} (GMT+7)",
    "Ngày đăng: {d:02d}/{mo:02d}/{y} {h:02d}:{mi:02d}",
    "{wd}, {d:02d}/{mo:02d}/{y} - {h:02d}:{mi:02d} GMT+7",
    "{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}",
    "Đăng lúc {h:02d} giờ {mi:02d} ngày {d}-{mo}-{y}",
]
SHARE_BARS = [
    "Chia sẻ bài viết",
    "Chia sẻ bài viết:        Chia sẻ Zalo Google Bookmarks \n  In bài viết",
    "EmailPrintAa",
    "Chia sẻ Facebook Twitter Zalo",
    "Ý kiến bạn đọc",
    "Viết bình luận mới",
]
BYLINES = ["Tin, ảnh: {upper}", "Bài, ảnh: {name}", "{name}", "Bài, ảnh: {upper}", "{name} ({aff})"]
FURNITURE_STOP = ("Viết bình luận mới", "Xem thêm", "THÔNG TIN CẦN BIẾT")
_CODE_PREFIX = re.compile(r"^\((?P<code>[^)]{1,12})\)\s*[-–]?\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


# --- Source text ------------------------------------------------------------------------------
def read_sentences(raw_dir: Path = RAW_DIR) -> list[str]:
    """Real sentences of the sample articles: the running text, without furniture.

    Paragraph lines are the long ones; everything after a comment box or "related" list is
    page furniture and is skipped. Each paragraph is split into sentences; repeated sentences
    (the samples repeat their lead) are kept once.
    """
    seen: dict[str, None] = {}
    for path in sorted(raw_dir.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
        for line in text.splitlines():
            line = line.strip()
            if line.startswith(FURNITURE_STOP):
                break
            if len(line) < 80 or line[-1] not in '.…;”"':
                continue
            line = _CODE_PREFIX.sub("", line)
            for sentence in split_sentences(line):
                if len(sentence) >= 25:
                    seen.setdefault(sentence, None)
    if not seen:
        raise SystemExit(f"no article text found in {raw_dir}")
    return list(seen)


def split_sentences(paragraph: str) -> list[str]:
    """Split at sentence ends followed by a capital letter (not after "TP." and the like)."""
    parts = _SENTENCE_END.split(paragraph)
    out: list[str] = []
    for part in parts:
        if out and ((not part[:1].isupper() and part[:1] not in '“"') or out[-1].endswith("TP.")):
            out[-1] += " " + part
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


# --- Entities ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """A province (63 pre-2025) or district, with the party committee that leads it."""

    name: str
    kind: str  # "tỉnh", "thành phố", "huyện", ...
    party: str  # "Tỉnh ủy Cần Thơ"
    province: bool = False


def load_places() -> list[Place]:
    """Provinces and districts from the vietnamadminunits package data (legacy 63 provinces)."""
    import vietnamadminunits

    data_file = Path(vietnamadminunits.__file__).parent / "data" / "parser_legacy.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    places: list[Place] = []
    for key, province in data["DICT_PROVINCE"].items():
        short = province["provinceShort"]
        city = province["province"].startswith("Thành phố")
        places.append(
            Place(
                short,
                "thành phố" if city else "tỉnh",
                ("Thành ủy " if city else "Tỉnh ủy ") + short,
                True,
            )
        )
        for district in data["DICT_PROVINCE_DISTRICT"].get(key, {}).values():
            dkind = district["districtType"]
            party = {"Quận": "Quận ủy", "Huyện": "Huyện ủy", "Thị xã": "Thị ủy"}.get(
                dkind, "Thành ủy"
            )
            places.append(
                Place(
                    district["districtShort"], dkind.lower(), f"{party} {district['districtShort']}"
                )
            )
    # Provinces first: they are mentioned far more often than districts (Zipf rank).
    return sorted(places, key=lambda p: not p.province)


def load_pelicanconf(path: Path = REPO / "pelicanconf.py") -> ModuleType:
    """The project's pelicanconf.py, loaded by path so this works from any directory."""
    spec = importlib.util.spec_from_file_location("_bench_pelicanconf", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def source_codes() -> dict[str, str]:
    """The agency codes the importer knows (pelicanconf.IMPORT_SOURCE_CODES)."""
    return dict(load_pelicanconf().IMPORT_SOURCE_CODES)


SOURCE_NAMES = source_codes()


class Zipf:
    """Draw items with probability proportional to 1 / rank**s: a few hot, a long tail."""

    def __init__(self, items: Sequence, s: float = 1.0) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(1.0 / (r**s) for r in range(1, len(self.items) + 1)))

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


@dataclass
class World:
    """Every pool the generator draws from, built once per seed."""

    sentences: list[str]
    people: Zipf
    places: Zipf
    orgs: Zipf
    docs: Zipf
    sources: Zipf
    sections: Zipf
    authors: Zipf
    year_weights: list[float] = field(default_factory=list)


def build_world(rng: random.Random, raw_dir: Path = RAW_DIR) -> World:
    """A few thousand entities with a Zipf spread, deterministic for the generator's seed."""
    surnames, weights = zip(*SURNAMES, strict=True)
    people: dict[str, None] = {}
    while len(people) < 2500:
        surname = rng.choices(surnames, weights)[0]
        people.setdefault(f"{surname} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}", None)
    places = load_places()
    # The package lists provinces by code and districts by province: shuffle both so the Zipf
    # ranks spread over the country, but keep the capital the most mentioned place.
    provinces, districts = places[1:63], places[63:]
    rng.shuffle(provinces)
    rng.shuffle(districts)
    places[1:] = provinces + districts
    orgs = [p.party for p in places[:63]] + CENTRAL_ORGS
    orgs += [f"Đảng ủy Khối các cơ quan {p.kind} {p.name}" for p in places[:63]]
    orgs += [p.party for p in places[63:400]]
    rng.shuffle(orgs)
    docs: dict[str, None] = {}
    kinds, kweights = zip(*[(k[:2], k[2]) for k in DOC_KINDS], strict=True)
    issuers, iweights = zip(*DOC_ISSUERS, strict=True)
    while len(docs) < 600:
        (kind, abbr), issuer = rng.choices(kinds, kweights)[0], rng.choices(issuers, iweights)[0]
        docs.setdefault(f"{kind} {rng.randint(1, 220):02d}-{abbr}/{issuer}", None)
    authors = [n for n in itertools.islice(people, 2000, 2300)]
    return World(
        sentences=read_sentences(raw_dir),
        people=Zipf(list(people), 0.9),
        places=Zipf(places, 1.1),
        orgs=Zipf(orgs, 1.0),
        docs=Zipf(list(docs), 1.1),
        sources=Zipf(list(SOURCE_NAMES), 0.8),
        sections=Zipf(SECTIONS, 0.7),
        authors=Zipf(authors, 0.9),
        year_weights=[1.22 ** (y - FIRST_YEAR) for y in range(FIRST_YEAR, LAST_YEAR + 1)],
    )


# --- Articles ---------------------------------------------------------------------------------
@dataclass
class Synthetic:
    """One generated article: what the raw page says, and what an editor would extract."""

    index: int
    title: str
    date: datetime
    lead: str
    body: list[tuple[str, str]]  # (kind, text): paragraph / caption / heading
    authors: list[str]
    affiliation: str | None
    source_code: str | None
    section: str
    people: list[str]
    places: list[str]
    orgs: list[str]
    docs: list[str]
    related: list[tuple[str, datetime, str]]


def _fill(template: str, ctx: dict[str, str]) -> str:
    text = template.format_map(ctx)
    return text[0].upper() + text[1:]


def make_article(
    index: int, rng: random.Random, world: World, titles: dict[str, None]
) -> Synthetic:
    """One article, drawn from the world's pools with the generator's random state."""
    year = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), world.year_weights)[0]
    date = datetime(year, 1, 1, tzinfo=VN_TZ) + timedelta(
        days=rng.randrange(365), hours=rng.randrange(6, 23), minutes=rng.randrange(60)
    )
    people = list(dict.fromkeys(world.people(rng) for _ in range(rng.randint(1, 4))))
    places = list(dict.fromkeys(world.places(rng) for _ in range(rng.randint(1, 2))))
    orgs = list(
        dict.fromkeys([places[0].party] + [world.orgs(rng) for _ in range(rng.randint(0, 1))])
    )
    docs = list(dict.fromkeys(world.docs(rng) for _ in range(rng.randint(0, 2))))
    ctx = {
        "np": rng.choice(NOUN_PHRASES),
        "place": places[0].name,
        "kind": f"{places[0].kind} {places[0].name}",
        "party": places[0].party,
        "party_member": places[0].party.split()[0],
        "org": orgs[-1],
        "central": rng.choice(CENTRAL_ORGS),
        "doc": docs[0] if docs else "Nghị quyết Trung ương 4 (khóa XII)",
        "person": people[0],
        "person2": people[-1],
        "event": rng.choice(EVENTS),
        "n": str(rng.choice([3, 5, 10, 15, 20])),
        "m": f"{rng.randint(120, 9000):,}".replace(",", "."),
        "year": str(year),
    }
    ctx["np_cap"] = ctx["np"][0].upper() + ctx["np"][1:]
    ctx["role"] = rng.choice(ROLES).format_map(ctx)
    ctx["role2"] = rng.choice(ROLES).format_map(ctx)
    if titles and rng.random() < REPEAT_TITLE_SHARE:
        title = rng.choice(list(titles)[-50:])  # the same event, reported again
    else:
        templates = TITLE_TEMPLATES if docs else [t for t in TITLE_TEMPLATES if "{doc}" not in t]
        for _ in range(30):  # repeats come from REPEAT_TITLE_SHARE, not from chance collisions
            title = _fill(rng.choice(templates), ctx | {"np": rng.choice(NOUN_PHRASES)})
            if title not in titles:
                break
    titles[title] = None
    when = rng.choice(
        ["Ngày {d}-{mo}-{y}", "Chiều {d}/{mo}", "Sáng {d}-{mo}", "Chiều ngày {d:02d}/{mo:02d}/{y}"]
    )
    lead = (
        when.format(d=date.day, mo=date.month, y=year)
        + f", {ctx['org']} tổ chức {ctx['event']} về {ctx['np']}. "
        + rng.choice(world.sentences)
    )
    body: list[tuple[str, str]] = []
    own_sentences = rng.sample(PARAGRAPH_TEMPLATES, len(PARAGRAPH_TEMPLATES))
    for i in range(rng.randint(3, 8)):
        sentences = rng.sample(world.sentences, rng.randint(2, 4))
        if own_sentences and rng.random() < 0.6:
            sentences.insert(rng.randrange(len(sentences) + 1), _fill(own_sentences.pop(), ctx))
        if i and rng.random() < 0.25:
            body.append(("caption", _fill(rng.choice(CAPTION_TEMPLATES), ctx)))
        if i > 2 and rng.random() < 0.1:
            body.append(
                (
                    "heading",
                    _fill(rng.choice(["Nâng cao {np}", "Tăng cường {np}", "Kết quả nổi bật"]), ctx),
                )
            )
        body.append(("paragraph", " ".join(sentences)))
    author_count = 1 if rng.random() < 0.9 else 2
    authors = list(dict.fromkeys(world.authors(rng) for _ in range(author_count)))
    related = [
        (
            _fill(rng.choice(TITLE_TEMPLATES), ctx | {"np": rng.choice(NOUN_PHRASES)}),
            date - timedelta(days=rng.randrange(1, 30), minutes=rng.randrange(600)),
            rng.choice(world.sentences),
        )
        for _ in range(rng.randint(0, 6))
    ]
    affiliation = ctx["org"] if rng.random() < 0.1 else None
    # Keep only the entities the text really names: the rest were drawn but not used.
    text = "\n".join([title, lead, *(t for _, t in body)])
    people, docs = [n for n in people if n in text], [d for d in docs if d in text]
    orgs = [o for o in orgs if o in text]
    places = [p for p in places if p.name in text]
    return Synthetic(
        index=index,
        title=title,
        date=date,
        lead=lead,
        body=body,
        authors=authors,
        affiliation=affiliation,
        source_code=world.sources(rng) if rng.random() < 0.7 else None,
        section=world.sections(rng),
        people=people,
        places=[p.name for p in places],
        orgs=orgs,
        docs=docs,
        related=related,
    )


# --- Writers ----------------------------------------------------------------------------------
def _date_line(date: datetime, fmt: str) -> str:
    return fmt.format(
        d=date.day,
        mo=date.month,
        y=date.year,
        h=date.hour,
        mi=date.minute,
        wd=WEEKDAYS[date.weekday()],
    )


def _photo_name(rng: random.Random, caption: str) -> str:
    words = [w for w in caption.split() if w.isalpha()][:3]
    ascii_words = unicodedata.normalize("NFKD", " ".join(words)).encode("ascii", "ignore").decode()
    return f"{rng.randrange(10000):04d} {ascii_words.lower()} {rng.randint(1, 9)}".strip()


def render_txt(a: Synthetic, rng: random.Random) -> str:
    """A plain-text dump in one of six layouts modelled on the samples (see raw/)."""
    layout = rng.randrange(6)
    name = a.authors[0]
    byline = rng.choice(BYLINES[:-1]).format(name=name, upper=name.upper())
    if a.affiliation:
        byline = BYLINES[-1].format(name=name, aff=a.affiliation)
    if len(a.authors) > 1:
        byline = "Bài, ảnh: " + " - ".join(a.authors)
    code = f"({a.source_code}) - " if a.source_code else ""
    date_line = _date_line(
        a.date, DATE_LINE_FORMATS[layout] if layout < 5 else rng.choice(DATE_LINE_FORMATS)
    )
    lines: list[str] = []
    if layout == 2:
        lines += [
            a.section.upper(),
            "",
            a.title,
            a.title,
            date_line,
            "",
            code + a.lead,
            "",
            "",
            a.lead,
        ]
    elif layout == 1:
        lines += [a.title, "EmailPrintAa", date_line, "", code + a.lead]
    elif layout == 3:
        lines += [
            "M",
            date_line,
            "",
            a.title,
            "",
            f"({a.source_code}) " + a.lead if a.source_code else a.lead,
        ]
        lines += [""] + [r[0] for r in a.related[:3]]
    elif layout == 4:
        lines += [a.title, "", date_line, "", code + a.lead]
    else:
        lines += [date_line, "", a.title + " ", "", code + a.lead]
    for kind, text in a.body:
        lines.append("")
        if kind == "caption":
            if layout == 3:
                lines.append(_photo_name(rng, text))
            elif layout == 2:
                lines.append("")
            lines.append(text)
            if layout == 0:
                lines += ["", text]  # the sample prints the caption twice (alt text + caption)
        else:
            lines.append(text)
    lines += ["", byline, ""]
    if layout == 4 or (layout == 5 and a.related):
        lines += ["Viết bình luận mới", "", "Xem thêm", ""]
        for title, when, lead in a.related:
            lines += [title, "", _date_line(when, DATE_LINE_FORMATS[1]), "", lead, ""]
    elif layout == 3:
        lines.append("Nguồn :")
    else:
        lines.append(rng.choice(SHARE_BARS))
    return "\n".join(lines)


def article_url(a: Synthetic) -> str:
    """Where the saved HTML page claims to come from (og:url)."""
    host = {"CT": "baocantho.com.vn", "LĐTĐ": "laodongthudo.vn", "HG": "baohaugiang.com.vn"}.get(
        a.source_code or "", "xaydungdang.org.vn"
    )
    return f"https://{host}/{slugify(a.title)}-a{a.index + 100000}.html"


def render_html(a: Synthetic, rng: random.Random) -> str:
    """A saved article page: metadata in <head>, the article in <article>, furniture around it."""
    esc = html.escape
    paras = []
    for kind, text in a.body:
        if kind == "caption":
            paras.append(
                f'<figure><img src="/uploads/{_photo_name(rng, text).replace(" ", "-")}.jpg" '
                f'alt="{esc(text)}"><figcaption>{esc(text)}</figcaption></figure>'
            )
        elif kind == "heading":
            paras.append(f"<h2>{esc(text)}</h2>")
        else:
            paras.append(f"<p>{esc(text)}</p>")
    code = f"({esc(a.source_code)}) - " if a.source_code else ""
    related = "".join(f'<li><a href="#">{esc(t)}</a></li>' for t, _, _ in a.related)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{esc(a.title)} | Báo điện tử</title>
<meta property="og:title" content="{esc(a.title)}">
<meta property="og:url" content="{esc(article_url(a))}">
<link rel="canonical" href="{esc(article_url(a))}">
<meta property="article:published_time" content="{a.date.isoformat()}">
<meta property="article:section" content="{esc(a.section)}">
<meta name="author" content="{esc(", ".join(a.authors))}">
</head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/xay-dung-dang">Xây dựng Đảng</a></nav></header>
<main><article>
<div class="breadcrumb">{esc(a.section)}</div>
<h1 class="title">{esc(a.title)}</h1>
<div class="date">{esc(_date_line(a.date, rng.choice(DATE_LINE_FORMATS)))}</div>
<div class="share">Chia sẻ Facebook Zalo</div>
<div class="sapo"><p>{code}{esc(a.lead)}</p></div>
<div class="content">
{chr(10).join(paras)}
</div>
<p class="author">{esc(" - ".join(a.authors))}</p>
</article>
<aside><h3>Tin liên quan</h3><ul>{related}</ul></aside></main>
<footer>Bản quyền thuộc về Báo điện tử. Ghi rõ nguồn khi phát hành lại.</footer>
</body></html>
"""


_SLUG_DROP = re.compile(r"[^\w\s-]")
_SLUG_DASH = re.compile(r"[-\s]+")


def slugify(text: str) -> str:
    """ASCII slug like pelicanconf's SLUG_REGEX_SUBSTITUTIONS (Đ -> d, tone marks dropped)."""
    text = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG_DASH.sub("-", _SLUG_DROP.sub("", text)).strip("-")


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", text)


def render_markdown(a: Synthetic, slug: str) -> str:
    """The Pelican Markdown the importer would write for this article (header as in common.md)."""
    esc = html.escape
    header = [
        ("Title", esc(a.title, quote=False)),
        ("Date", a.date.isoformat()),
        ("Authors", "; ".join(a.authors)),
        ("Author_Affiliation", a.affiliation),
        ("Category", a.section),
        ("Tags", "; ".join(dict.fromkeys(a.people + a.places + a.orgs + a.docs))),
        ("People", "; ".join(a.people)),
        ("Places", "; ".join(a.places)),
        ("Organisations", "; ".join(a.orgs)),
        ("Documents", "; ".join(a.docs)),
        ("Source", SOURCE_NAMES.get(a.source_code or "")),
        ("Source_Code", a.source_code),
        ("Summary", _md_escape(a.lead)),
        ("Slug", slug),
        ("Raw_File", f"{a.index:05d}.txt"),
    ]
    lines = [f"{k}: {v}" for k, v in header if v]
    lines += ["", _md_escape(a.lead), "{: .lead }"]
    for kind, text in a.body:
        lines.append("")
        if kind == "heading":
            lines.append("## " + _md_escape(text))
        else:
            lines.append(_md_escape(text))
            if kind == "caption":
                lines.append("{: .caption }")
    return "\n".join(lines) + "\n"


def iter_articles(
    count: int, seed: int = 1, fmt: str = "mixed", raw_dir: Path = RAW_DIR, start: int = 0
) -> Iterator[tuple[Synthetic, str, str]]:
    """Yield ``(article, relative file name, file text)`` for articles ``start..start+count``.

    The same seed and index always give the same article: earlier articles are generated (not
    written) to keep the random stream, which lets a benchmark add "one more article" later.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    rng = random.Random(seed)
    world = build_world(rng, raw_dir)
    titles: dict[str, None] = {}
    slugs: set[str] = set()
    for index in range(start + count):
        a = make_article(index, rng, world, titles)
        if fmt == "markdown":
            slug = base = slugify(a.title)[:80].rstrip("-")
            n = 1
            while slug in slugs:
                n += 1
                slug = f"{base}-{n}"
            slugs.add(slug)
            name, text = f"{a.date.year}/{slug}.md", render_markdown(a, slug)
        else:
            is_html = fmt == "html" or (fmt == "mixed" and rng.random() < HTML_SHARE)
            digest = hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:16]
            name = f"{index:05d}_{digest}.{'html' if is_html else 'txt'}"
            text = render_html(a, rng) if is_html else render_txt(a, rng)
        if index >= start:
            yield a, name, text


def truth(a: Synthetic, name: str) -> dict[str, object]:
    """What a careful editor would extract from the file (for accuracy checks of the importer)."""
    return {
        "file": name,
        "title": a.title,
        "date": a.date.isoformat(),
        "authors": a.authors,
        "source_code": a.source_code,
        "people": a.people,
        "places": a.places,
        "organisations": a.orgs,
        "documents": a.docs,
        "captions": [text for kind, text in a.body if kind == "caption"],
    }


def generate(
    count: int,
    outdir: Path,
    seed: int = 1,
    fmt: str = "mixed",
    raw_dir: Path = RAW_DIR,
    start: int = 0,
    truth_file: Path | None = None,
) -> list[Path]:
    """Write the articles to ``outdir``; return the files written, in order.

    With ``truth_file``, also write what each file should import to (JSON lines).
    """
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    records = []
    for a, name, text in iter_articles(count, seed, fmt, raw_dir, start):
        path = outdir / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
        if truth_file:
            records.append(json.dumps(truth(a, name), ensure_ascii=False))
    if truth_file:
        truth_file.write_text("\n".join(records) + "\n", encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=FORMATS, default="mixed")
    parser.add_argument("--start", type=int, default=0, help="index of the first article to write")
    parser.add_argument(
        "--truth", type=Path, help="also write the expected extraction (JSON lines)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    began = time.perf_counter()
    files = generate(
        args.count, args.outdir, args.seed, args.format, start=args.start, truth_file=args.truth
    )
    logger.info(
        "wrote %s files to %s in %.1f s", len(files), args.outdir, time.perf_counter() - began
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
