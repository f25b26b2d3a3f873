"""Score the importer against the fixture corpus and the five samples, and fail below the baseline.

Modelled on trafilatura's evaluation (``tests/evaldata`` + a scoring script): every case is a raw
file plus a JSON expectation written by a careful editor; the importer runs over all of them and
each field (title, date, authors, captions, ...) gets a score, the fraction of the cases that name
the field and pass it. The pinned numbers in ``baseline.json`` are the floor: a change to the
importer that makes any field worse fails CI, so a rule fixed for one page cannot silently break
another.

    python tests/evaluation/evaluate.py                    # score, print the table, exit 1 on a drop
    python tests/evaluation/evaluate.py --verbose          # also list every failing case and why
    python tests/evaluation/evaluate.py --update-baseline  # pin the current scores

Nothing is written unless ``--update-baseline`` is given. The importer is imported lazily, so this
module (and its case loading) stays importable before ``newsarchive.extract`` exists.
"""

from __future__ import annotations

import argparse
import codecs
import html
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "importer"
BASELINE = HERE / "baseline.json"
SAMPLES_EXPECTED_COPY = HERE / "samples_expected.json"
SHARED_SEEDS = REPO.parent / "shared" / "seeds"
RAW = REPO / "raw"
SETTINGS_FILE = REPO / "pelicanconf.py"

#: Raw inputs the importer reads; any other file next to a ``<case>.json`` is ignored.
INPUT_SUFFIXES = (".txt", ".html", ".htm")

#: Which expectation keys each scored field covers, in the order the table prints them.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date",),
    "modified": ("modified",),
    "authors": ("authors", "author_affiliation"),
    "source": ("source_code", "source"),
    "section": ("section",),
    "summary": ("summary_starts",),
    "captions": ("captions",),
    "headings": ("headings",),
    "furniture": ("drop", "keep", "keep_once"),
    "tags": ("tags_include", "tags_exclude", "people", "places", "organisations", "documents"),
    "warnings": ("warnings_include",),
    "encoding": ("encoding",),
    "status": ("status",),
    "safety": ("body_must_not_contain",),
}

#: Every key an expectation may use; anything else is a typo the fixture check reports.
KNOWN_KEYS = frozenset(k for keys in FIELDS.values() for k in keys) | {"notes", "file"}

#: Outcomes that mean "not imported": the corpus accepts either for hopeless input.
NOT_IMPORTED = frozenset({"skipped", "failed"})

#: Drop entries this short are checked against whole blocks, not as substrings ("M" is a stray
#: one-letter line in a sample; as a substring it would be found in every article).
SHORT_DROP = 4


# --- Cases -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    """One raw input and what a careful editor extracts from it."""

    name: str
    path: Path
    expected: dict[str, Any]
    group: str  # "fixture" or "sample"


def fixture_cases(root: Path = FIXTURES) -> list[Case]:
    """Every ``<case>.json`` under ``root`` with its raw file of the same stem (any subfolder)."""
    cases = []
    for spec in sorted(root.rglob("*.json")):
        inputs = [spec.with_suffix(s) for s in INPUT_SUFFIXES if spec.with_suffix(s).exists()]
        if len(inputs) != 1:
            raise ValueError(f"{spec}: expected exactly one raw input next to it, found {inputs}")
        expected = json.loads(spec.read_text(encoding="utf-8"))
        name = spec.relative_to(root).with_suffix("").as_posix()
        cases.append(Case(name, inputs[0], expected, "fixture"))
    return cases


def samples_source() -> tuple[Path, Path]:
    """Where the five samples live: the shared seeds next to the repo, else raw/ + our copy."""
    if (SHARED_SEEDS / "expected.json").exists():
        return SHARED_SEEDS, SHARED_SEEDS / "expected.json"
    return RAW, SAMPLES_EXPECTED_COPY


def sample_cases() -> list[Case]:
    """The five real samples with the editor's expected.json."""
    folder, spec = samples_source()
    articles = json.loads(spec.read_text(encoding="utf-8"))["articles"]
    return [
        Case(f"sample/{a['file']}", folder / a["file"], a, "sample")
        for a in articles
        if (folder / a["file"]).exists()
    ]


def all_cases() -> list[Case]:
    """Fixtures first, then the samples."""
    return [*fixture_cases(), *sample_cases()]


# --- Normalisation ---------------------------------------------------------------------------


def norm(text: str | None) -> str:
    """How texts are compared: Unicode NFC, the look-alike 'Ð' (U+00D0) read as 'Đ', trimmed."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").strip()


def skeleton(text: str) -> str:
    """A very loose form (entities decoded, no tone marks, one space, lower case).

    Only used to check that the corpus is consistent (an expected caption really is in the raw
    file), never to score the importer.
    """
    text = unicodedata.normalize(
        "NFD", norm(html.unescape(text)).replace("Đ", "D").replace("đ", "d")
    )
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


def decode_raw(data: bytes) -> str:
    """Decode a raw file for the corpus check: BOM, then UTF-16 by its NUL bytes, UTF-8, cp1258."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data[1:200:2].count(0) > 40:
        return data.decode("utf-16-le")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258")


def raw_skeleton(path: Path) -> str:
    """The raw file as loose text; markup of saved pages replaced by spaces."""
    text = decode_raw(path.read_bytes())
    if path.suffix in (".html", ".htm"):
        text = re.sub(r"<[^>]+>", " ", text)
    return skeleton(text)


def encoding_family(name: str | None) -> str:
    """Codec names as Python spells them; UTF-16 with either byte order counts as 'utf-16'."""
    if not name:
        return ""
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return name.lower()
    return "utf-16" if canonical.startswith("utf-16") else canonical


def parse_iso(value: str) -> datetime:
    """An expected ISO 8601 timestamp (always with its +07:00 offset)."""
    return datetime.fromisoformat(value)


# --- Corpus consistency ----------------------------------------------------------------------

#: Expectation keys holding text that must occur in the raw file (or the check could never fail).
_MUST_OCCUR = ("drop", "keep", "keep_once", "captions", "headings")
_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")


def corpus_problems(case: Case) -> list[str]:
    """What is wrong with one case as data: unknown keys, bad dates, expectations not in the raw.

    A "drop" line that is not in the raw file would pass whatever the importer does; a caption
    that is not there could never pass. Both are mistakes in the corpus, caught here.
    """
    exp = case.expected
    problems = [f"unknown key {k!r}" for k in exp if k not in KNOWN_KEYS]
    if case.group == "fixture" and not exp.get("notes"):
        problems.append("no notes saying which rule the case tests")
    for key in ("date", "modified"):
        if exp.get(key) is not None and not _TIME.match(exp[key]):
            problems.append(f"{key} {exp[key]!r} is not ISO 8601 with +07:00")
    if exp.get("status", "imported") not in {"imported", "draft", *NOT_IMPORTED}:
        problems.append(f"unknown status {exp['status']!r}")
    if (exp.get("status") == "draft") != ("date" in exp and exp["date"] is None):
        problems.append("status draft goes with date null, and only with it")
    raw = raw_skeleton(case.path)
    texts = [(k, v) for k in _MUST_OCCUR for v in exp.get(k, [])]
    if "summary_starts" in exp:
        texts.append(("summary_starts", exp["summary_starts"]))
    if "title" in exp:
        texts.append(("title", exp["title"]))
    for key, value in texts:
        if skeleton(value) not in raw:
            problems.append(f"{key} {value!r} does not occur in the raw file")
    return problems


# --- Running the importer --------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What the importer did with one case."""

    status: str  # imported | draft | skipped | failed | crashed
    article: Any = None
    reason: str = ""


def load_importer() -> tuple[Callable[..., Any], Any, type[BaseException]]:
    """``extract_file``, the loaded settings and the importer's base error, imported late."""
    from newsarchive.errors import ImportError_
    from newsarchive.extract import extract_file
    from newsarchive.settings import load_settings

    return extract_file, load_settings(SETTINGS_FILE), ImportError_


def case_root(case: Case) -> Path:
    """The source folder a case is read from: a subfolder below it names the section.

    For fixtures that is ``tests/fixtures/importer`` (so ``Kiểm tra giám sát/x.txt`` is filed
    under "Kiểm tra giám sát"), for samples the folder they sit in (no section from the folder).
    """
    return FIXTURES if case.group == "fixture" else case.path.parent


def run_case(case: Case, extract_file: Callable[..., Any], settings: Any, error: type) -> Outcome:
    """Import one case; the importer's own errors are outcomes, anything else is a crash."""
    try:
        article = extract_file(case.path, settings, root=case_root(case))
    except error as exc:
        status = getattr(exc, "status", "failed")
        return Outcome(status, reason=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a crash must cost points, not stop the evaluation
        return Outcome("crashed", reason=f"{type(exc).__name__}: {exc}")
    return Outcome("draft" if article.is_draft else "imported", article)


# --- Checks ----------------------------------------------------------------------------------


def body_blocks(article: Any) -> list[str]:
    """Every block of the body (lead, paragraphs, headings, captions), normalised."""
    return [norm(b.text) for b in article.body]


def body_text(article: Any) -> str:
    """All blocks joined: what "drop"/"keep" look in."""
    return "\n".join(body_blocks(article))


def raw_text(article: Any) -> str:
    """Every text the reader gets, exactly as extracted (not normalised): what safety looks in.

    Not normalised on purpose: markup, a BOM, NUL bytes or leftover combining tone marks must be
    caught as the importer left them.
    """
    parts = [article.title, article.summary, *article.authors, *(b.text for b in article.body)]
    parts += [article.author_affiliation or "", article.source or "", article.category or ""]
    return "\n".join(parts)


def _missing(expected: Iterable[str], actual: Iterable[str]) -> list[str]:
    have = {norm(a) for a in actual}
    return [e for e in expected if norm(e) not in have]


def check_date(actual: datetime | None, expected: str | None) -> str:
    """Same instant and printed in Vietnam time (+07:00)."""
    if expected is None:
        return "" if actual is None else f"expected no date, got {actual.isoformat()}"
    if actual is None:
        return f"expected {expected}, got none"
    want = parse_iso(expected)
    if actual.utcoffset() is None:
        return f"naive datetime {actual.isoformat()}"
    if actual != want or actual.utcoffset() != want.utcoffset():
        return f"expected {expected}, got {actual.isoformat()}"
    return ""


def check_field(name: str, exp: dict[str, Any], outcome: Outcome) -> list[str]:
    """Problems with one field of one case (empty: passes)."""
    a = outcome.article
    if name == "status":
        want = exp.get("status", "imported")
        got = outcome.status
        if want in NOT_IMPORTED:
            if got not in NOT_IMPORTED:
                return [f"expected {want}, got {got}"]
            return [] if outcome.reason.strip() else [f"{got} without a reason"]
        return [] if got == want else [f"expected {want}, got {got} {outcome.reason}".strip()]
    if a is None:
        return [f"no article ({outcome.status}: {outcome.reason})"]
    problems: list[str] = []
    if name == "title" and norm(a.title) != norm(exp["title"]):
        problems.append(f"expected {exp['title']!r}, got {a.title!r}")
    elif name == "date":
        problems += [p for p in [check_date(a.date, exp["date"])] if p]
    elif name == "modified":
        problems += [p for p in [check_date(a.modified, exp["modified"])] if p]
    elif name == "authors":
        if "authors" in exp and [norm(x) for x in a.authors] != [norm(x) for x in exp["authors"]]:
            problems.append(f"authors: expected {exp['authors']}, got {a.authors}")
        if "author_affiliation" in exp and norm(a.author_affiliation) != norm(
            exp["author_affiliation"]
        ):
            problems.append(
                f"affiliation: expected {exp['author_affiliation']!r}, got {a.author_affiliation!r}"
            )
    elif name == "source":
        for key in ("source_code", "source"):
            if key in exp and norm(getattr(a, key)) != norm(exp[key]):
                problems.append(f"{key}: expected {exp[key]!r}, got {getattr(a, key)!r}")
    elif name == "section" and norm(a.category) != norm(exp["section"]):
        problems.append(f"expected {exp['section']!r}, got {a.category!r}")
    elif name == "summary" and not norm(a.summary).startswith(norm(exp["summary_starts"])):
        problems.append(f"expected to start {exp['summary_starts']!r}, got {a.summary[:90]!r}")
    elif name == "captions":
        problems += check_captions(a, exp["captions"])
    elif name == "headings":
        got = [norm(h) for h in a.headings]
        if got != [norm(h) for h in exp["headings"]]:
            problems.append(f"expected {exp['headings']}, got {a.headings}")
    elif name == "furniture":
        problems += check_furniture(a, exp)
    elif name == "tags":
        problems += check_tags(a, exp)
    elif name == "warnings":
        joined = "\n".join(norm(w).lower() for w in a.warnings)
        for want in exp["warnings_include"]:
            if norm(want).lower() not in joined:
                problems.append(f"no warning mentioning {want!r} (warnings: {a.warnings})")
    elif name == "encoding" and encoding_family(a.encoding) != encoding_family(exp["encoding"]):
        problems.append(f"expected {exp['encoding']}, got {a.encoding}")
    elif name == "safety":
        text = raw_text(a)
        problems += [f"contains {bad!r}" for bad in exp["body_must_not_contain"] if bad in text]
    return problems


def check_captions(article: Any, expected: list[str]) -> list[str]:
    """Each expected caption exactly once, marked as a caption; no caption beyond them."""
    got = [norm(c) for c in article.captions]
    blocks = body_blocks(article)
    problems = []
    for cap in expected:
        c = norm(cap)
        if got.count(c) != 1:
            problems.append(f"caption {cap!r} marked {got.count(c)} times")
        elif blocks.count(c) != 1:
            problems.append(f"caption {cap!r} also appears as another block")
    extra = [c for c in got if c not in {norm(e) for e in expected}]
    if extra:
        problems.append(f"unexpected captions {extra}")
    return problems


def check_furniture(article: Any, exp: dict[str, Any]) -> list[str]:
    """Page furniture gone from the body, article text still there."""
    blocks = body_blocks(article)
    text = "\n".join(blocks)
    problems = []
    for junk in exp.get("drop", []):
        j = norm(junk)
        found = j in blocks if len(j) < SHORT_DROP else j in text
        if found:
            problems.append(f"kept furniture {junk!r}")
    problems += [f"lost text {k!r}" for k in exp.get("keep", []) if norm(k) not in text]
    for once in exp.get("keep_once", []):
        if (n := text.count(norm(once))) != 1:
            problems.append(f"{once!r} found {n} times, expected once")
    return problems


def check_tags(article: Any, exp: dict[str, Any]) -> list[str]:
    """Named entities found (more are fine) and common words not taken for entities."""
    problems = []
    lists = {
        "tags_include": article.tags,
        "people": article.people,
        "places": article.places,
        "organisations": article.organisations,
        "documents": article.documents,
    }
    for key, actual in lists.items():
        if key in exp and (missing := _missing(exp[key], actual)):
            problems.append(f"{key} missing {missing} (got {list(actual)})")
    have = {norm(t) for t in article.tags}
    wrong = [t for t in exp.get("tags_exclude", []) if norm(t) in have]
    if wrong:
        problems.append(f"tags that are not entities: {wrong}")
    return problems


# --- Scoring ---------------------------------------------------------------------------------


@dataclass(slots=True)
class FieldScore:
    """How many of the cases naming a field pass it, and which fail."""

    passed: int = 0
    total: int = 0
    failures: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(self.passed / self.total, 4) if self.total else 1.0


def applies(name: str, exp: dict[str, Any]) -> bool:
    """Status is checked for every case (default "imported"); other fields when named."""
    return name == "status" or any(k in exp for k in FIELDS[name])


def score_cases(cases: list[Case], runner: Callable[[Case], Outcome]) -> dict[str, FieldScore]:
    """Run every case once and score every field it names."""
    scores = {name: FieldScore() for name in FIELDS}
    for case in cases:
        outcome = runner(case)
        for name in FIELDS:
            if not applies(name, case.expected):
                continue
            fs = scores[name]
            fs.total += 1
            problems = check_field(name, case.expected, outcome)
            if problems:
                fs.failures.append((case.name, problems))
            else:
                fs.passed += 1
    return scores


def evaluate(cases: list[Case] | None = None) -> dict[str, FieldScore]:
    """Score the real importer over ``cases`` (default: every fixture and sample)."""
    extract_file, settings, error = load_importer()
    cases = all_cases() if cases is None else cases
    return score_cases(cases, lambda c: run_case(c, extract_file, settings, error))


def load_baseline(path: Path | None = None) -> dict[str, float]:
    """Pinned per-field scores; a missing file pins nothing."""
    path = path or BASELINE
    if not path.exists():
        return {}
    return {k: float(v) for k, v in json.loads(path.read_text(encoding="utf-8"))["fields"].items()}


def regressions(scores: dict[str, FieldScore], baseline: dict[str, float]) -> list[str]:
    """Fields scoring below their pinned floor."""
    return [
        f"{name}: {fs.score:.4f} < baseline {baseline[name]:.4f}"
        for name, fs in scores.items()
        if name in baseline and fs.score + 1e-9 < baseline[name]
    ]


def table(scores: dict[str, FieldScore], baseline: dict[str, float]) -> str:
    """The score table, one row per field."""
    lines = [f"{'field':<11} {'pass':>9} {'score':>7} {'baseline':>9}", "-" * 40]
    for name, fs in scores.items():
        base = f"{baseline[name]:.4f}" if name in baseline else "-"
        flag = "  BELOW" if name in baseline and fs.score + 1e-9 < baseline[name] else ""
        lines.append(f"{name:<11} {fs.passed:>4}/{fs.total:<4} {fs.score:>7.4f} {base:>9}{flag}")
    return "\n".join(lines)


def write_baseline(scores: dict[str, FieldScore], path: Path | None = None) -> None:
    """Pin the current scores (only with --update-baseline)."""
    path = path or BASELINE
    data = {
        "about": "Per-field floor of tests/evaluation/evaluate.py: the fraction of cases naming "
        "the field that pass it. Raise it when the importer improves; never lower it to hide a "
        "regression.",
        "fields": {name: fs.score for name, fs in scores.items()},
        "cases": {name: fs.total for name, fs in scores.items()},
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Score, print, compare with the baseline; 1 on a regression, 2 without an importer."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update-baseline", action="store_true", help="pin the current scores")
    parser.add_argument("--verbose", action="store_true", help="list failing cases and why")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    try:
        scores = evaluate()
    except ImportError as exc:
        print(f"importer not available: {exc}", file=sys.stderr)
        return 2
    baseline = load_baseline()
    print(table(scores, baseline))
    if args.verbose:
        for name, fs in scores.items():
            for case, problems in fs.failures:
                print(f"[{name}] {case}: {'; '.join(problems)}")
    if args.update_baseline:
        write_baseline(scores)
        print(f"baseline written to {BASELINE.relative_to(REPO)}")
        return 0
    bad = regressions(scores, baseline)
    for line in bad:
        print(f"REGRESSION {line}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
