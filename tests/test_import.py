"""A batch import as a maintainer runs it: report, exit codes, idempotence, nothing lost."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from newsarchive import importer
from newsarchive.article import Article
from newsarchive.errors import ImportError_
from newsarchive.extract import extract_file
from newsarchive.importer import import_paths
from newsarchive.markdown import read_header, render_article
from newsarchive.settings import load_settings
from newsarchive.store import STORY_FIELD, discard_staged, render_ahead, stage, story_key

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SETTINGS = load_settings(ROOT / "pelicanconf.py")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    shutil.copytree(RAW, folder)
    return folder


def test_imports_the_samples_into_year_folders(raw, tmp_path):
    report = import_paths([raw], tmp_path / "content", SETTINGS)
    assert report.counts["imported"] == 5 and not report.failed
    files = sorted(
        str(p.relative_to(tmp_path / "content")) for p in (tmp_path / "content").rglob("*.md")
    )
    assert files == [
        "2020/phat-huy-vai-tro-cua-doan-the-khoi-cac-co-quan-thanh-pho-tham-gia-xay-dung-dang.md",
        "2020/tang-cuong-cong-tac-xay-dung-dang-vung-manh-ve-chinh-tri-tu-tuong-va-to-chuc.md",
        "2021/chi-dao-to-chuc-co-so-dang-thuc-hien-tot-chuc-nang-nhiem-vu.md",
        "2023/nhieu-giai-phap-duoc-de-xuat-nham-doi-moi-hoat-dong-cua-cac-to-chuc-dang-thuoc.md",
        "2023/phat-huy-vai-tro-to-chuc-dang-co-quan-hoi-quan-chung.md",
    ]


def test_reimport_changes_no_byte(raw, tmp_path):
    content = tmp_path / "content"
    import_paths([raw], content, SETTINGS)
    before = snapshot(content)
    report = import_paths([raw], content, SETTINGS, jobs=2)
    assert report.counts["unchanged"] == 5
    assert snapshot(content) == before


def test_parallel_import_writes_the_same_files(raw, tmp_path):
    import_paths([raw], tmp_path / "one", SETTINGS, jobs=1)
    import_paths([raw], tmp_path / "two", SETTINGS, jobs=2)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def _collector_state(job):
    """A worker's job that reports whether the worker's cycle collector runs."""
    source, _settings = job
    return ImportError_(f"collector on: {gc.isenabled()}", str(source.path))


def test_the_import_pauses_the_collector_but_its_workers_collect(tmp_path, monkeypatch):
    """The import keeps every article until all are written, and pauses Python's cycle
    collector meanwhile; its workers, forked while it is paused, must collect as usual."""
    monkeypatch.setattr(importer, "_extract", _collector_state)  # (the forks inherit it)
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(6):
        (raw / f"{i}.txt").write_text("Tin\n\nNội dung.", encoding="utf-8")
    report = import_paths([raw], tmp_path / "content", load_settings(None), jobs=2)
    assert [e.reason for e in report.entries] == ["collector on: True"] * 6
    assert gc.isenabled()


def test_parallel_import_leaves_nothing_but_the_articles(raw, tmp_path):
    # Files staged for a story printed twice, or for a headline whose slug went to another
    # story, are not left behind in content/, nor the folders made for them.
    text = (raw / "000_f64fa409ad2f9f8f.txt").read_text(encoding="utf-8")
    (raw / "rescrape.txt").write_text("Trang chủ > Tin tức\n\n" + text, encoding="utf-8")
    (raw / "other-day.txt").write_text(
        text.replace("18/09/2023 - 22:29", "19/09/2024 - 08:00"), encoding="utf-8"
    )
    import_paths([raw], tmp_path / "one", SETTINGS, jobs=1)
    report = import_paths([raw], tmp_path / "two", SETTINGS, jobs=2)
    assert report.counts["skipped"] == 1
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    folders = sorted(str(p.relative_to(tmp_path / "two")) for p in (tmp_path / "two").iterdir())
    assert folders == ["2020", "2021", "2023", "2024"]
    # The later story's file was rendered for the headline's slug, and moved to a dated one.
    later = (tmp_path / "two" / "2024").iterdir()
    (moved,) = [p for p in later if p.stem.endswith("-20240919")]
    article = extract_file(raw / "other-day.txt", SETTINGS)
    text = render_article(article, moved.stem, extra=[(STORY_FIELD, story_key(article))])
    assert moved.read_text(encoding="utf-8") == text


def test_staged_files_that_were_not_used_are_removed(tmp_path):
    article = Article(title="Hội nghị Ban Chấp hành", body=[], date=datetime(2019, 5, 1))
    content = tmp_path / "content"
    content.mkdir()
    staged = stage(render_ahead(article), article, content)
    assert staged.staged is not None and staged.staged.parent == content / "2019"
    discard_staged([staged], None)
    assert list(content.iterdir()) == []


def test_same_story_twice_is_written_once(raw, tmp_path):
    # A re-scrape: the same story with different page furniture around it.
    original = (raw / "000_f64fa409ad2f9f8f.txt").read_text(encoding="utf-8")
    (raw / "rescrape.txt").write_text(
        "Trang chủ > Tin tức\n\n" + original + "\n\nXem thêm\n", encoding="utf-8"
    )
    report = import_paths([raw], tmp_path / "content", SETTINGS)
    assert len(list((tmp_path / "content").rglob("*.md"))) == 5
    skipped = [e for e in report.entries if e.status == "skipped"]
    assert len(skipped) == 1 and "same story" in skipped[0].reason


def test_same_headline_different_story_gets_its_own_url(raw, tmp_path):
    text = (raw / "000_f64fa409ad2f9f8f.txt").read_text(encoding="utf-8")
    (raw / "other-day.txt").write_text(
        text.replace("18/09/2023 - 22:29", "19/09/2024 - 08:00"), encoding="utf-8"
    )
    import_paths([raw], tmp_path / "content", SETTINGS)
    slugs = sorted(
        p.name for p in (tmp_path / "content").rglob("phat-huy-vai-tro-to-chuc-dang-co-quan*")
    )
    assert slugs == [
        "phat-huy-vai-tro-to-chuc-dang-co-quan-hoi-quan-chung-20240919.md",
        "phat-huy-vai-tro-to-chuc-dang-co-quan-hoi-quan-chung.md",
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_under_another_slug_keeps_its_name(raw, tmp_path, jobs):
    # A person's file holds the name the headline gives, under a slug of its own: the import
    # leaves it alone and files the story under a name of its own.
    person = (
        tmp_path / "content" / "2023" / "phat-huy-vai-tro-to-chuc-dang-co-quan-hoi-quan-chung.md"
    )
    person.parent.mkdir(parents=True)
    person.write_text("Title: Bài viết tay\nSlug: bai-viet-tay\n\nNội dung.\n", encoding="utf-8")
    report = import_paths([raw], tmp_path / "content", SETTINGS, jobs=jobs)
    assert report.counts["imported"] == 5
    assert person.read_text(encoding="utf-8").startswith("Title: Bài viết tay")
    (written,) = (tmp_path / "content" / "2023").glob(
        "phat-huy-vai-tro-to-chuc-dang-co-quan-hoi-quan-chung-*.md"
    )
    assert read_header(written.read_text(encoding="utf-8"))["Slug"] == written.stem


def test_hand_edited_article_is_not_overwritten(raw, tmp_path):
    content = tmp_path / "content"
    import_paths([raw], content, SETTINGS)
    target = next(content.rglob("phat-huy-vai-tro-to-chuc-dang-co-quan-hoi-quan-chung.md"))
    edited = target.read_text(encoding="utf-8").replace(
        "Category: Tin tức", "Category: Xây dựng Đảng"
    )
    target.write_text(edited, encoding="utf-8")
    # The raw text changes too (a re-scrape with a corrected paragraph).
    raw_file = raw / "000_f64fa409ad2f9f8f.txt"
    raw_file.write_text(
        raw_file.read_text(encoding="utf-8").replace("135 tổ chức", "136 tổ chức"), encoding="utf-8"
    )
    report = import_paths([raw], content, SETTINGS)
    entry = next(e for e in report.entries if e.file.endswith("000_f64fa409ad2f9f8f.txt"))
    assert entry.status == "skipped" and "edited" in entry.reason
    assert target.read_text(encoding="utf-8") == edited
    forced = import_paths([raw], content, SETTINGS, force=True)
    assert (
        next(e for e in forced.entries if e.file.endswith("000_f64fa409ad2f9f8f.txt")).status
        == "imported"
    )
    assert "136 tổ chức" in target.read_text(encoding="utf-8")


def test_undated_article_is_a_draft(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = (
        (RAW / "000_f64fa409ad2f9f8f.txt")
        .read_text(encoding="utf-8")
        .replace("18/09/2023 - 22:29", "")
    )
    (raw / "undated.txt").write_text(text, encoding="utf-8")
    report = import_paths([raw], tmp_path / "content", SETTINGS)
    assert [e.status for e in report.entries] == ["draft"]
    written = Path(report.entries[0].output)
    assert written.parent.name == "drafts" and "Status: draft" in written.read_text(
        encoding="utf-8"
    )


def test_one_bad_file_does_not_stop_the_others(raw, tmp_path):
    (raw / "empty.txt").write_bytes(b"")
    (raw / "junk.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (raw / "furniture.txt").write_text(
        "Chia sẻ bài viết\n\nXem thêm\n\nÝ kiến bạn đọc\n", encoding="utf-8"
    )
    (raw / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = import_paths([raw], tmp_path / "content", SETTINGS, jobs=2)
    by_name = {Path(e.file).name: e for e in report.entries}
    assert by_name["empty.txt"].status == "skipped" and "empty" in by_name["empty.txt"].reason
    assert by_name["junk.txt"].status == "failed" and "binary" in by_name["junk.txt"].reason
    assert by_name["furniture.txt"].status == "skipped"
    assert by_name["photo.jpg"].status == "skipped"
    assert report.counts["imported"] == 5


def run_cli(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "newsarchive", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_report_and_exit_codes(raw, tmp_path):
    (raw / "junk.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    report_file = tmp_path / "report.json"
    result = run_cli(
        "import",
        str(raw),
        "--output",
        str(tmp_path / "content"),
        "--report",
        str(report_file),
        "--jobs",
        "2",
    )
    assert result.returncode == 1, result.stderr
    assert "junk.txt" in result.stderr and "binary" in result.stderr
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["counts"]["imported"] == 5 and report["counts"]["failed"] == 1
    entry = next(f for f in report["files"] if f["file"].endswith("000_f64fa409ad2f9f8f.txt"))
    assert entry["title"] == "Phát huy vai trò tổ chức đảng cơ quan hội quần chúng"
    assert entry["date"] == "2023-09-18T22:29:00+07:00"
    assert entry["authors"] == ["Thanh Thy"] and entry["source"] == "Báo Cần Thơ"
    assert "Quy định 171-QĐ/TW" in entry["tags"] and entry["category"]


def test_cli_success_and_usage_errors(tmp_path):
    assert run_cli("import", str(RAW), "--output", str(tmp_path / "c")).returncode == 0
    assert (
        run_cli("import", str(tmp_path / "missing"), "--output", str(tmp_path / "c")).returncode
        == 2
    )
    assert run_cli("import", str(RAW)).returncode == 2  # --output is required
    bad = tmp_path / "bad.py"
    bad.write_text("IMPORT_SOURCE_CODES = ['CT']\n", encoding="utf-8")
    result = run_cli("import", str(RAW), "--output", str(tmp_path / "c"), "--settings", str(bad))
    assert result.returncode == 2 and "IMPORT_SOURCE_CODES" in result.stderr


def test_folder_names_the_section(tmp_path):
    raw = tmp_path / "raw" / "Kiểm tra giám sát"
    raw.mkdir(parents=True)
    shutil.copy(RAW / "000_f64fa409ad2f9f8f.txt", raw / "a.txt")
    report = import_paths([tmp_path / "raw"], tmp_path / "content", SETTINGS)
    assert report.entries[0].category == "Kiểm tra giám sát"


def test_links_out_of_the_import_folder_are_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    shutil.copy(RAW / "000_f64fa409ad2f9f8f.txt", outside)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "link.txt").symlink_to(outside)
    report = import_paths([raw], tmp_path / "content", SETTINGS)
    assert [e.status for e in report.entries] == ["skipped"]
    assert "outside" in report.entries[0].reason


def test_a_folder_is_read_in_name_order_without_hidden_files_or_linked_folders(tmp_path):
    """What an import reads of a folder: article files at every depth, each folder's files by
    name before its folders; hidden files and folders, other files and folder links left out."""
    raw = tmp_path / "raw"
    for name in ("b.txt", "a.html", "Z/c.txt", "Z/Y/d.htm", ".hidden.txt", ".git/e.txt"):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text("x", encoding="utf-8")
    (raw / "anh.jpg").write_bytes(b"\xff\xd8")
    (raw / "README").write_text("x", encoding="utf-8")
    (raw / "inside.txt").symlink_to(raw / "b.txt")
    (raw / "linked").symlink_to(raw / "Z", target_is_directory=True)
    sources, refused = importer.find_sources([raw])
    assert [str(s.path.relative_to(raw)) for s in sources] == [
        "a.html",
        "b.txt",
        "inside.txt",
        "Z/c.txt",
        "Z/Y/d.htm",
    ]
    assert all(s.root == raw for s in sources)
    assert [(Path(e.file).name, e.reason) for e in refused] == [
        ("README", "not an article file (no suffix)"),
        ("anh.jpg", "not an article file (.jpg)"),
    ]


def test_a_list_of_stories_is_not_an_article(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    items = "\n\n".join(
        f"Tin số {i} về công tác xây dựng Đảng ở cơ sở trong năm\n{8 + i}:15 2{i}/12/2023\n"
        f"(HG) - Sáng 19-12, Ủy ban Kiểm tra Thành ủy Vị Thanh tổ chức hội nghị tổng kết công tác kiểm tra, giám sát năm 2023 lần {i}..."
        for i in range(5)
    )
    (raw / "list.txt").write_text("Trang chủ > Xây dựng Đảng\n\n" + items, encoding="utf-8")
    report = import_paths([raw], tmp_path / "content", SETTINGS)
    assert report.entries[0].status == "skipped" and "list of stories" in report.entries[0].reason


def test_the_cache_skips_only_what_is_unchanged(raw, tmp_path):
    content, cache = tmp_path / "content", tmp_path / "cache.json"
    first = import_paths([raw], content, SETTINGS, cache_path=cache)
    assert first.counts["imported"] == 5 and cache.is_file()
    before = snapshot(content)

    again = import_paths([raw], content, SETTINGS, cache_path=cache)
    assert again.counts["unchanged"] == 5 and snapshot(content) == before
    cached = next(e for e in again.entries if e.file.endswith("000_f64fa409ad2f9f8f.txt"))
    assert (
        cached.title == "Phát huy vai trò tổ chức đảng cơ quan hội quần chúng"
    )  # the report still says what it is

    # A changed raw file, a deleted article and a hand edit are all noticed.
    raw_file = raw / "001_6d0cf70b94e3f8a1.txt"
    raw_file.write_text(
        raw_file.read_text(encoding="utf-8").replace("94 tổ chức", "95 tổ chức"), encoding="utf-8"
    )
    next(content.rglob("chi-dao-to-chuc-co-so-dang-*.md")).unlink()
    edited = next(content.rglob("phat-huy-vai-tro-to-chuc-dang-co-quan-hoi-quan-chung.md"))
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nGhi chú của biên tập viên.\n", encoding="utf-8"
    )
    third = import_paths([raw], content, SETTINGS, cache_path=cache)
    status = {Path(e.file).name: e.status for e in third.entries}
    assert status["001_6d0cf70b94e3f8a1.txt"] == "imported"  # updated from the new raw text
    assert status["004_68bbb75da05f07e3.txt"] == "imported"  # written again
    assert status["000_f64fa409ad2f9f8f.txt"] == "skipped"  # the hand edit is seen, and kept
    assert "Ghi chú của biên tập viên" in edited.read_text(encoding="utf-8")
    assert "95 tổ chức" in next(content.rglob("nhieu-giai-phap-*.md")).read_text(encoding="utf-8")


def test_the_cache_is_dropped_when_the_rules_change(raw, tmp_path):
    from dataclasses import replace

    content, cache = tmp_path / "content", tmp_path / "cache.json"
    import_paths([raw], content, SETTINGS, cache_path=cache)
    renamed = replace(SETTINGS, source_codes={**SETTINGS.source_codes, "CT": "Báo Cần Thơ điện tử"})
    report = import_paths([raw], content, renamed, cache_path=cache)
    entry = next(e for e in report.entries if e.file.endswith("000_f64fa409ad2f9f8f.txt"))
    assert entry.status == "imported" and entry.source == "Báo Cần Thơ điện tử"
