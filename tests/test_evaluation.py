"""The importer's evaluation gate: the corpus is sound, the scorer scores, and no field drops.

``tests/evaluation/evaluate.py`` scores the importer over ``tests/fixtures/importer`` and the five
samples; ``baseline.json`` pins the floor. These tests make CI fail when an importer change makes
any field worse, when a fixture's expectation could never fail (a "drop" line that is not in the
raw file), or when the scorer itself stops telling right from wrong.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from newsarchive.article import Article, Block, BlockKind

EVALUATE = Path(__file__).parent / "evaluation" / "evaluate.py"


def _load_evaluate() -> Any:
    """Import the gate script as a module (it lives outside any package, like trafilatura's)."""
    spec = importlib.util.spec_from_file_location("importer_evaluate", EVALUATE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ev = _load_evaluate()
CASES = ev.all_cases()
FIXTURES = [c for c in CASES if c.group == "fixture"]


# --- The corpus ------------------------------------------------------------------------------


def test_corpus_is_large_and_covers_every_kind_of_rule() -> None:
    """At least 45 cases, several of each kind, at least 5 saved pages and 4 encodings."""
    assert len(FIXTURES) >= 45
    kinds = {c.name.rsplit("/", 1)[-1].split("_", 1)[0] for c in FIXTURES}
    assert {"date", "byline", "source", "section", "furniture", "caption", "heading"} <= kinds
    assert {"encoding", "text", "tags", "html", "edge"} <= kinds
    assert sum(c.path.suffix in (".html", ".htm") for c in FIXTURES) >= 5
    assert {c.expected.get("encoding") for c in FIXTURES} >= {"utf-8-sig", "utf-16", "cp1258"}
    assert any(c.expected.get("status") == "draft" for c in FIXTURES)
    assert any(c.expected.get("status") in ("skipped", "failed") for c in FIXTURES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_expectation_is_consistent_with_its_raw_file(case: Any) -> None:
    """Known keys, +07:00 dates, and every drop/keep/caption/heading really in the raw text."""
    assert ev.corpus_problems(case) == []


def test_encoded_fixtures_are_stored_as_the_bytes_they_claim() -> None:
    """The encoding cases must not have been 'fixed' into UTF-8 by an editor."""
    root = ev.FIXTURES
    assert (root / "encoding_utf8_bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (root / "encoding_utf16_le_bom.txt").read_bytes().startswith(b"\xff\xfe")
    no_bom = (root / "encoding_utf16_no_bom.txt").read_bytes()
    assert not no_bom.startswith((b"\xff\xfe", b"\xfe\xff")) and no_bom[1] == 0
    cp1258 = (root / "encoding_windows_1258.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        cp1258.decode("utf-8")
    assert "\u0309" in cp1258.decode("cp1258")  # tone marks stored apart, as cp1258 does
    nfd = (root / "text_nfd_input.txt").read_text(encoding="utf-8")
    assert "\u0301" in nfd


def test_samples_copy_matches_the_shared_expectations() -> None:
    """The repo's copy of expected.json is what the gate falls back to without ../shared."""
    copy = json.loads(ev.SAMPLES_EXPECTED_COPY.read_text(encoding="utf-8"))
    shared = ev.SHARED_SEEDS / "expected.json"
    if shared.exists():
        assert copy == json.loads(shared.read_text(encoding="utf-8"))
    assert {a["file"] for a in copy["articles"]} <= {p.name for p in ev.RAW.glob("*.txt")}


def test_samples_fall_back_to_raw_without_the_shared_seeds(monkeypatch: Any) -> None:
    """A checkout without ../shared still scores the five samples, from raw/ and the copy."""
    monkeypatch.setattr(ev, "SHARED_SEEDS", ev.REPO / "no-such-folder")
    samples = ev.sample_cases()
    assert len(samples) == 5
    assert all(c.path.parent == ev.RAW and c.path.exists() for c in samples)


# --- The scorer ------------------------------------------------------------------------------


def _as_expected(exp: dict[str, Any]) -> Article:
    """The article a perfect importer would return for an expectation."""
    body = [Block(BlockKind.PARAGRAPH, exp.get("summary_starts", "Đoạn mở đầu."))]
    body += [Block(BlockKind.HEADING, h) for h in exp.get("headings", [])]
    body += [Block(BlockKind.CAPTION, c) for c in exp.get("captions", [])]
    for phrase in exp.get("keep", []) + exp.get("keep_once", []):
        if not any(phrase in b.text for b in body):
            body.append(Block(BlockKind.PARAGRAPH, phrase))
    date = exp.get("date", "2024-01-01T08:00:00+07:00")
    return Article(
        title=exp.get("title", "Tiêu đề"),
        body=body,
        date=datetime.fromisoformat(date) if date else None,
        modified=datetime.fromisoformat(exp["modified"]) if exp.get("modified") else None,
        authors=list(exp.get("authors", [])),
        author_affiliation=exp.get("author_affiliation"),
        source=exp.get("source"),
        source_code=exp.get("source_code"),
        category=exp.get("section"),
        summary=exp.get("summary_starts", ""),
        people=list(exp.get("people", [])) + list(exp.get("tags_include", [])),
        places=list(exp.get("places", [])),
        organisations=list(exp.get("organisations", [])),
        documents=list(exp.get("documents", [])),
        encoding=exp.get("encoding", "utf-8"),
        warnings=[f"cảnh báo: {w}" for w in exp.get("warnings_include", [])],
    )


def _perfect(case: Any) -> Any:
    if case.expected.get("status") in ev.NOT_IMPORTED:
        return ev.Outcome(case.expected["status"], reason="chỉ có phần khung trang")
    article = _as_expected(case.expected)
    return ev.Outcome("draft" if article.is_draft else "imported", article)


def test_a_perfect_importer_scores_full_marks() -> None:
    """The checks accept exactly what the expectations describe (no field unreachable)."""
    scores = ev.score_cases(CASES, _perfect)
    failures = {name: fs.failures for name, fs in scores.items() if fs.failures}
    assert failures == {}
    assert all(fs.score == 1.0 for fs in scores.values())


@pytest.mark.parametrize(
    ("field", "damage"),
    [
        ("title", lambda a: replace(a, title=a.title + " - Báo Cần Thơ")),
        ("date", lambda a: replace(a, date=a.date and a.date.replace(day=1, month=1))),
        ("authors", lambda a: replace(a, authors=[x.upper() for x in a.authors] or ["X"])),
        ("captions", lambda a: replace(a, body=a.body + a.body[-1:])),
        ("furniture", lambda a: replace(a, body=[*a.body, Block(BlockKind.PARAGRAPH, "M")])),
        ("safety", lambda a: replace(a, summary=a.summary + "<script>alert(1)</script>\u00a0Ð")),
    ],
)
def test_a_damaged_field_costs_points(field: str, damage: Any) -> None:
    """Break one field of every article: that field's score falls, and the gate reports it."""

    def runner(case: Any) -> Any:
        outcome = _perfect(case)
        if outcome.article is not None:
            outcome.article = damage(outcome.article)
        return outcome

    scores = ev.score_cases(CASES, runner)
    assert scores[field].score < 1.0
    assert ev.regressions(scores, {field: 1.0})


def test_a_crash_fails_the_case_without_stopping_the_run() -> None:
    """An exception that is not the importer's own error is scored, not raised."""

    class Boom(Exception):
        pass

    def extract_file(path: Path, settings: object, root: Path | None = None) -> Article:
        raise RuntimeError("lỗi không mong đợi")

    outcome = ev.run_case(FIXTURES[0], extract_file, None, Boom)
    assert outcome.status == "crashed"
    assert ev.check_field("title", FIXTURES[0].expected, outcome)


# --- The gate on the real importer ---------------------------------------------------------


def test_importer_scores_at_least_the_baseline() -> None:
    """CI fails when any field scores below tests/evaluation/baseline.json."""
    pytest.importorskip("newsarchive.extract")
    baseline = ev.load_baseline()
    assert baseline, "tests/evaluation/baseline.json pins no field"
    scores = ev.evaluate()
    detail = "\n".join(
        f"[{name}] {case}: {'; '.join(problems)}"
        for name, fs in scores.items()
        for case, problems in fs.failures
        if name in {r.split(":")[0] for r in ev.regressions(scores, baseline)}
    )
    assert ev.regressions(scores, baseline) == [], detail


def test_main_exits_nonzero_below_the_baseline(tmp_path: Path, monkeypatch: Any) -> None:
    """The command line fails CI on a drop and writes nothing without --update-baseline."""
    pytest.importorskip("newsarchive.extract")
    impossible = tmp_path / "baseline.json"
    impossible.write_text(json.dumps({"fields": {"title": 1.01}}), encoding="utf-8")
    monkeypatch.setattr(ev, "BASELINE", impossible)
    monkeypatch.setattr(ev, "all_cases", lambda: FIXTURES[:3])
    before = impossible.read_text(encoding="utf-8")
    assert ev.main([]) == 1
    assert impossible.read_text(encoding="utf-8") == before
