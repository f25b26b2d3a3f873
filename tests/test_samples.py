"""The five sample articles come out as the careful editor of expected.json reads them.

The expectations are ``shared/seeds/expected.json``, copied to ``tests/fixtures/samples/``; the
raw texts are the archive's own input in ``raw/``. Nothing in the importer knows these files.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from newsarchive.extract import extract_file
from newsarchive.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((ROOT / "tests/fixtures/samples/expected.json").read_text(encoding="utf-8"))
CASES = {case["file"]: case for case in EXPECTED["articles"]}
SETTINGS = load_settings(ROOT / "pelicanconf.py")


def canon(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110")


@pytest.fixture(scope="module", params=sorted(CASES))
def sample(request):
    case = CASES[request.param]
    return case, extract_file(ROOT / "raw" / case["file"], SETTINGS)


def body_text(article) -> str:
    return "\n".join(block.text for block in article.body)


def test_title(sample):
    case, article = sample
    assert article.title == canon(case["title"])


def test_date_in_vietnam_time(sample):
    case, article = sample
    assert article.date == datetime.fromisoformat(case["date"])
    assert article.date.isoformat() == case["date"]


def test_authors(sample):
    case, article = sample
    assert article.authors == [canon(a) for a in case["authors"]]
    if "author_affiliation" in case:
        assert article.author_affiliation == canon(case["author_affiliation"])


def test_source_code(sample):
    case, article = sample
    assert article.source_code == case["source_code"]
    if case["source_code"]:
        assert article.source == SETTINGS.source_codes[case["source_code"]]


def test_section(sample):
    case, article = sample
    if "section" not in case:
        pytest.skip("the editor names no section for this sample")
    assert article.category == canon(case["section"])


def test_summary_is_the_lead_without_agency_code(sample):
    case, article = sample
    assert article.summary.startswith(canon(case["summary_starts"]))


def test_captions_kept_once_and_marked(sample):
    case, article = sample
    expected = [canon(c) for c in case["captions"]]
    assert article.captions == expected
    text = body_text(article)
    for caption in expected:
        assert text.count(caption) == 1


def test_headings(sample):
    case, article = sample
    assert article.headings == [canon(h) for h in case.get("headings", [])]


def test_furniture_dropped(sample):
    case, article = sample
    lines = {block.text for block in article.body}
    text = body_text(article)
    for furniture in map(canon, case["drop"]):
        assert furniture.strip() not in lines
        if len(furniture) >= 8:
            assert furniture.strip() not in text


def test_tags_include_real_entities(sample):
    case, article = sample
    assert set(map(canon, case["tags_include"])) <= set(article.tags)


def test_no_duplicate_paragraphs(sample):
    _, article = sample
    texts = [block.text for block in article.body]
    assert len(texts) == len(set(texts))
