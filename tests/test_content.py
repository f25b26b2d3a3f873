"""content/ holds what the importer makes of raw/ today: rebuilding changes no byte of it."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsarchive.importer import import_paths
from newsarchive.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_reimporting_raw_leaves_content_byte_identical(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    report = import_paths([ROOT / "raw"], content, load_settings(ROOT / "pelicanconf.py"))
    assert {e.status for e in report.entries} == {"unchanged"}, (
        "content/ is out of date with the importer: run `invoke import` and commit content/"
    )
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before
