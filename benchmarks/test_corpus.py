"""The synthetic corpus must be reproducible and shaped like the real archive.

Benchmarks are only comparable across runs and machines if the same seed gives the same
articles, and only meaningful if the articles look like what the importer and Pelican really
get: dated in range with recent years heavier, a few hot entities and a long tail, raw files in
the scraper's layouts, Markdown with the header the importer writes.
"""

from __future__ import annotations

import html
import random
import re
import tomllib
from collections import Counter
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from benchmarks import corpus, hugo_site


@pytest.fixture(scope="module")
def markdown_articles() -> list[tuple[corpus.Synthetic, str, str]]:
    return list(corpus.iter_articles(400, seed=11, fmt="markdown"))


def test_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    first = corpus.generate(25, tmp_path / "a", seed=4, fmt="mixed")
    second = corpus.generate(25, tmp_path / "b", seed=4, fmt="mixed")
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_another_seed_writes_other_articles() -> None:
    one = [text for _, _, text in corpus.iter_articles(5, seed=1, fmt="txt")]
    two = [text for _, _, text in corpus.iter_articles(5, seed=2, fmt="txt")]
    assert not set(one) & set(two)


def test_start_continues_the_same_sequence() -> None:
    """The benchmark's "one more article" is the article the full corpus would have had next."""
    whole = list(corpus.iter_articles(6, seed=3, fmt="markdown"))
    tail = list(corpus.iter_articles(2, seed=3, fmt="markdown", start=4))
    assert [(n, t) for _, n, t in whole[4:]] == [(n, t) for _, n, t in tail]


def test_text_is_made_of_the_samples_sentences() -> None:
    sentences = corpus.read_sentences()
    assert len(sentences) > 50
    assert "Chia sẻ bài viết" not in sentences
    assert not any(s.startswith("(CT)") for s in sentences)
    assert any("Quy định 171-QĐ/TW" in s for s in sentences)


def test_dates_are_in_range_and_recent_years_heavier(markdown_articles) -> None:
    years = Counter(a.date.year for a, _, _ in markdown_articles)
    assert min(years) >= corpus.FIRST_YEAR
    assert max(years) <= corpus.LAST_YEAR
    assert years[2024] + years[2025] > 3 * (years[2010] + years[2011])


def test_zipf_draws_few_hot_items_and_a_long_tail() -> None:
    draw = corpus.Zipf(range(1000), s=1.0)
    rng = random.Random(0)
    counts = Counter(draw(rng) for _ in range(20_000))
    assert 5 < counts[0] / counts[9] < 20  # rank 1 about ten times rank 10
    assert len(counts) > 600  # most of the tail shows up at least once


def test_entities_spread_like_a_news_archive(markdown_articles) -> None:
    tags = Counter(t for a, _, _ in markdown_articles for t in a.people + a.places + a.docs)
    most = tags.most_common(1)[0][1]
    once = sum(1 for n in tags.values() if n == 1)
    assert most > 0.05 * len(markdown_articles)
    assert once > len(tags) / 3
    assert len(tags) > 400


def test_entities_are_named_in_the_text(markdown_articles) -> None:
    for a, _, text in markdown_articles[:50]:
        for name in a.people + a.places + a.orgs + a.docs:
            assert name in text


def test_names_look_vietnamese(markdown_articles) -> None:
    people = {p for a, _, _ in markdown_articles for p in a.people}
    surnames = {s for s, _ in corpus.SURNAMES}
    assert all(p.split()[0] in surnames and len(p.split()) >= 3 for p in people)
    places = {p for a, _, _ in markdown_articles for p in a.places}
    assert "Hà Nội" in places


def test_headlines_repeat_only_occasionally(markdown_articles) -> None:
    titles = Counter(a.title for a, _, _ in markdown_articles)
    repeated = sum(n for n in titles.values() if n > 1)
    assert repeated < 0.1 * len(markdown_articles)


def test_markdown_header_is_what_the_importer_writes(markdown_articles) -> None:
    slugs = set()
    for a, name, text in markdown_articles:
        meta, body = hugo_site.parse_pelican(text)
        assert html.unescape(meta["title"]) == a.title
        assert datetime.fromisoformat(meta["date"]) == a.date
        assert name == f"{a.date.year}/{meta['slug']}.md"
        assert re.fullmatch(r"[a-z0-9-]+", meta["slug"])
        slugs.add(meta["slug"])
        assert "{: .lead }" in body
    assert len(slugs) == len(markdown_articles)  # repeated headlines still get their own slug


def test_text_dumps_carry_title_date_line_and_furniture() -> None:
    date_line = re.compile(r"\d{1,2}[/-]\d{1,2}[/-]\d{4}|\d{4}-\d{2}-\d{2}")
    bylines = re.compile(r"^(Tin, ảnh|Bài, ảnh): |^\S+ \S+ \S+", re.M)
    for a, name, text in corpus.iter_articles(60, seed=5, fmt="txt"):
        assert name.endswith(".txt")
        lines = text.splitlines()
        assert a.title in (line.strip() for line in lines)
        assert any(date_line.search(line) for line in lines[:6])
        assert bylines.search(text)
        if a.source_code:
            assert f"({a.source_code})" in text


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.h1 = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("property"):
            self.meta[values["property"] or ""] = values.get("content") or ""
        self.h1 = tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self.h1 = False

    def handle_data(self, data: str) -> None:
        if self.h1:
            self.title += data


def test_saved_pages_parse_and_carry_their_metadata() -> None:
    for a, name, text in corpus.iter_articles(10, seed=6, fmt="html"):
        assert name.endswith(".html")
        page = _Meta()
        page.feed(text)
        assert page.title == a.title
        assert datetime.fromisoformat(page.meta["article:published_time"]) == a.date
        assert page.meta["og:url"].startswith("https://")


def test_hugo_front_matter_is_valid_toml_with_the_same_fields(markdown_articles) -> None:
    a, _, text = markdown_articles[0]
    meta, body = hugo_site.parse_pelican(text)
    front = hugo_site.front_matter(meta)
    data = tomllib.loads(front.strip().removeprefix("+++").removesuffix("+++"))
    assert data["title"] == a.title
    assert data["date"] == a.date
    assert data["url"] == f"/{a.date:%Y}/{a.date:%m}/{meta['slug']}.html"
    assert set(data["tags"]) == set(a.people + a.places + a.orgs + a.docs)
    assert data["categories"] == [a.section]
    assert "{.lead}" in hugo_site.convert_body(body)


def test_memory_of_a_session_counts_its_processes() -> None:
    """The benchmark's summed-memory figure sees this very process, and no other session's."""
    import os

    from benchmarks.run import session_pss_kib

    own = session_pss_kib(os.getsid(0))
    assert own > 1000  # a Python process with pytest loaded holds megabytes
    assert session_pss_kib(-1) == 0
