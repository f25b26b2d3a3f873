"""Files read in parallel make the same site as files read one by one, broken files included."""

from __future__ import annotations

import logging
import re
import shutil
import sys
from pathlib import Path

import pytest
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings

from .parallel_read import prefill, process_count, read_share, uncached_files

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from support import build_site  # noqa: E402

# A header Pelican cannot read: its date is no date. The article must be reported by name
# and every other article still built, whichever process read it first.
BROKEN = "Title: Bài hỏng\nDate: ngày 32 tháng 13\nCategory: Xây dựng Đảng\n\nNội dung.\n"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The five real sample articles, and one broken article."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    (folder / "2023" / "bai-hong.md").write_text(BROKEN, encoding="utf-8")
    return folder


def generator(content: Path, cache: Path, **overrides: object) -> ArticlesGenerator:
    """Pelican's articles generator over ``content``, as a build creates it."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "CACHE_PATH": str(cache),
            "LOAD_CONTENT_CACHE": False,
            "PLUGINS": [],
            **overrides,
        },
    )
    return ArticlesGenerator(
        context={}, settings=settings, path=str(content), theme=settings["THEME"], output_path="."
    )


@pytest.mark.build
def test_parallel_build_writes_the_serial_site(
    content: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    built = {}
    for processes in (1, 2):
        caplog.clear()
        output = tmp_path / f"out{processes}"
        with caplog.at_level(logging.INFO):
            build_site(
                content,
                output,
                tmp_path / f"cache{processes}",
                SEARCH_ENABLED=False,
                PARALLEL_READ_PROCESSES=processes,
                PARALLEL_READ_MIN_FILES=1,
            )
        built[processes] = tree(output)
        # The broken article is named, as Pelican names it, and the others are built.
        assert "Could not process 2023/bai-hong.md" in caplog.text
        assert ("Parallel read: 6 files read in 2 processes" in caplog.text) == (processes == 2)
    assert sorted(built[2]) == sorted(built[1])
    assert [name for name in built[1] if built[2][name] != built[1][name]] == []
    articles = [n for n in built[1] if re.fullmatch(r"\d{4}/\d\d/[^/]+(?<!/index)\.html", n)]
    assert len(articles) == 5


def test_prefill_puts_what_the_readers_read_in_their_cache(content: Path, tmp_path: Path) -> None:
    # Made with one process, so that a handler left connected by an earlier build in this
    # process reads nothing ahead; then read ahead here, in two.
    parallel = generator(content, tmp_path / "a", PARALLEL_READ_PROCESSES=1)
    parallel.settings.update(PARALLEL_READ_PROCESSES=2, PARALLEL_READ_MIN_FILES=1)
    assert prefill(parallel, "ARTICLE_PATHS", "ARTICLE_EXCLUDES") == 6
    serial = generator(content, tmp_path / "b", PARALLEL_READ_PROCESSES=1)
    paths = sorted(parallel.readers._cache)
    assert len(paths) == 5  # the broken one is left to Pelican
    for path, (content_html, metadata) in read_share(serial.readers, paths):
        assert parallel.readers.get_cached_data(path) == (content_html, metadata)
    # Tags read in another process refer to this build's settings, not to a copy of them.
    tags = [t for _, (_, meta) in parallel.readers._cache.items() for t in meta[1].get("tags", [])]
    assert tags and all(tag.settings is parallel.settings for tag in tags)


def test_a_failing_file_is_left_out_not_raised(content: Path, tmp_path: Path) -> None:
    readers = generator(content, tmp_path, PARALLEL_READ_PROCESSES=1).readers
    broken = str(content / "2023" / "bai-hong.md")
    good = str(next((content / "2020").glob("*.md")))
    assert [path for path, _ in read_share(readers, [broken, good])] == [good]


def test_few_files_are_not_worth_a_fork() -> None:
    settings = {"PARALLEL_READ_PROCESSES": 2, "PARALLEL_READ_MIN_FILES": 100}
    assert process_count(settings, 150) == 1
    assert process_count(settings, 250) == 2
    assert process_count({**settings, "PARALLEL_READ_PROCESSES": 1}, 10_000) == 1


def test_articles_the_generator_keeps_are_not_read_ahead(content: Path, tmp_path: Path) -> None:
    """With ``CONTENT_CACHING_LAYER = "generator"`` a rebuild takes unchanged articles from the
    generator's own cache (plugins/speedups/article_cache.py): reading them would be wasted."""
    made = generator(content, tmp_path, CONTENT_CACHING_LAYER="generator")
    paths, excludes = made.settings["ARTICLE_PATHS"], made.settings["ARTICLE_EXCLUDES"]
    every = uncached_files(made, paths, excludes)
    kept = next(iter(made.get_files(paths, exclude=excludes)))
    made._cache[kept] = ("stamp", "snapshot")
    assert uncached_files(made, paths, excludes) == [p for p in every if p != str(content / kept)]
    assert len(every) == 6
