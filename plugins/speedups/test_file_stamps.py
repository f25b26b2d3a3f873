"""The reader cache trusts a settled file's status, and notices every change of its bytes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG

from . import file_stamps
from .file_stamps import FileStamp, stamp_file, still_holds
from .speedups import install_fast_paths

TEXT = "Title: Hội nghị\nDate: 2023-11-07T08:00:00+07:00\n\nĐồng chí Bí thư phát biểu.\n"
# The same length in bytes as TEXT: a change that keeps the file's size.
EDITED = TEXT.replace("phát biểu", "kết luận")


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The files hashed, in order."""
    calls: list[str] = []
    digest = file_stamps.digest

    def counting(path: str, method: str) -> bytes:
        calls.append(os.path.basename(path))
        return digest(path, method)

    monkeypatch.setattr(file_stamps, "digest", counting)
    return calls


@pytest.fixture
def later(monkeypatch) -> None:
    """Stamps are taken ten seconds after the files were written: every file has settled."""
    real = time.time_ns
    monkeypatch.setattr(file_stamps.time, "time_ns", lambda: real() + 10_000_000_000)


def settings(tmp_path: Path, method: str = "md5") -> dict:
    return dict(
        DEFAULT_CONFIG,
        CACHE_PATH=str(tmp_path / "cache"),
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        CONTENT_CACHING_LAYER="reader",
        CHECK_MODIFIED_METHOD=method,
    )


def build(tmp_path: Path, method: str = "md5") -> tuple[str, Readers]:
    """One build's read of ``a.md`` through the readers and their cache, saved afterwards."""
    install_fast_paths()
    readers = Readers(settings(tmp_path, method), "ArticlesGenerator-Readers")
    content = readers.read_file(str(tmp_path), "a.md").content
    readers.save_cache()
    return content, readers


def cached_stamp(readers: Readers, tmp_path: Path) -> FileStamp | None:
    return FileStamp.from_cached(readers._cache[str(tmp_path / "a.md")][0])


def test_a_settled_unchanged_file_is_not_read_again(tmp_path, hashed, later):
    (tmp_path / "a.md").write_text(TEXT, encoding="utf-8")
    content, readers = build(tmp_path)
    assert "phát biểu" in content
    assert hashed == ["a.md"] and cached_stamp(readers, tmp_path).settled
    hashed.clear()
    content, _ = build(tmp_path)
    assert "phát biểu" in content
    assert hashed == [], "its status vouches for its bytes"


def test_an_edit_that_keeps_size_and_modification_time_is_read(tmp_path, hashed, later):
    article = tmp_path / "a.md"
    article.write_text(TEXT, encoding="utf-8")
    assert len(EDITED.encode()) == len(TEXT.encode())
    build(tmp_path)
    before = article.stat()
    time.sleep(0.05)  # (past a tick of the file system's clock: the change time moves)
    article.write_text(EDITED, encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert article.stat().st_mtime_ns == before.st_mtime_ns
    content, _ = build(tmp_path)
    assert "kết luận" in content


def test_a_touched_file_is_hashed_once_and_kept(tmp_path, hashed, later):
    article = tmp_path / "a.md"
    article.write_text(TEXT, encoding="utf-8")
    build(tmp_path)
    os.utime(article, ns=(0, 1_000_000_000))  # a checkout or a copy: same bytes, new times
    hashed.clear()
    content, readers = build(tmp_path)
    assert "phát biểu" in content and hashed == ["a.md"]
    assert cached_stamp(readers, tmp_path).status[2] == 1_000_000_000, "the new status is kept"
    hashed.clear()
    build(tmp_path)
    assert hashed == []


def test_a_file_stamped_as_it_changed_is_hashed_on_every_check(tmp_path, hashed):
    """Changed within SETTLE_NS of its stamp, a file might change again in the same clock tick
    without its status moving: its status alone is not trusted."""
    article = tmp_path / "a.md"
    article.write_text(TEXT, encoding="utf-8")
    _, readers = build(tmp_path)
    stamp = cached_stamp(readers, tmp_path)
    assert stamp is not None and not stamp.settled
    hashed.clear()
    assert "phát biểu" in build(tmp_path)[0]
    assert hashed == ["a.md"]
    # Rewritten in the same tick (the status made to look as it did): the bytes tell.
    article.write_text(EDITED, encoding="utf-8")
    assert (
        still_holds(
            FileStamp(file_stamps.file_status(article.stat()), stamp.digest, False),
            str(article),
            "md5",
        )
        is None
    )


def test_a_settled_stamp_with_another_status_is_checked_by_its_bytes(tmp_path, later):
    article = tmp_path / "a.md"
    article.write_text(TEXT, encoding="utf-8")
    stamp = stamp_file(str(article), "md5")
    assert still_holds(stamp, str(article), "md5") is stamp
    ino, size, mtime, ctime = stamp.status
    moved = FileStamp((ino, size, mtime, ctime - 1), stamp.digest, True)
    assert still_holds(moved, str(article), "md5") == stamp, "same bytes: the fresh stamp"
    wrong = FileStamp((ino, size, mtime, ctime - 1), b"another digest", True)
    assert still_holds(wrong, str(article), "md5") is None
    article.unlink()
    assert still_holds(stamp, str(article), "md5") is None


def test_a_cache_of_pelicans_own_stamps_is_read_again(tmp_path, hashed, later):
    article = tmp_path / "a.md"
    article.write_text(TEXT, encoding="utf-8")
    _, readers = build(tmp_path)
    readers._cache[str(article)] = (b"an md5 digest", ("<p>old</p>", {}))
    readers.save_cache()
    content, readers = build(tmp_path)
    assert "phát biểu" in content
    assert cached_stamp(readers, tmp_path) is not None


def test_the_cache_unpickles_without_this_plugin(tmp_path, later):
    """A build that leaves the plugin out finds stamps it does not know, not a missing module."""
    import pickle

    (tmp_path / "a.md").write_text(TEXT, encoding="utf-8")
    _, readers = build(tmp_path)
    entry = readers._cache[str(tmp_path / "a.md")]
    assert "file_stamps" not in pickle.dumps(entry).decode("latin-1")


def test_modification_times_are_pelicans_own_check(tmp_path, hashed):
    article = tmp_path / "a.md"
    article.write_text(TEXT, encoding="utf-8")
    _, readers = build(tmp_path, method="mtime")
    assert readers._cache[str(article)][0] == os.path.getmtime(article)
    assert hashed == []
    article.write_text(EDITED, encoding="utf-8")
    os.utime(article, ns=(0, 5_000_000_000))
    assert "kết luận" in build(tmp_path, method="mtime")[0]
