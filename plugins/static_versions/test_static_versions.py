"""Theme files are linked with a version that changes when, and only when, their bytes do."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from .static_versions import UnknownStaticFile, static_versions, versioned

THEME = Path(__file__).resolve().parents[2] / "theme"


def make_theme(root: Path) -> Path:
    (root / "static" / "js").mkdir(parents=True)
    (root / "static" / "js" / "search.js").write_text("export const a = 1;\n", "utf-8")
    (root / "static" / "robots.txt").write_text("User-agent: *\n", "utf-8")
    (root / "extra.css").write_text("body{}\n", "utf-8")
    return root


def test_files_are_known_by_their_path_in_the_output_static_folder(tmp_path: Path):
    theme = make_theme(tmp_path)
    versions = static_versions(theme, ["static", "extra.css"])
    assert sorted(versions) == ["extra.css", "js/search.js", "robots.txt"]
    expected = hashlib.sha256(b"export const a = 1;\n").hexdigest()[:10]
    assert versions["js/search.js"] == expected


def test_a_changed_file_gets_a_new_version_and_the_others_keep_theirs(tmp_path: Path):
    theme = make_theme(tmp_path)
    before = static_versions(theme, ["static"])
    (theme / "static" / "js" / "search.js").write_text("export const a = 2;\n", "utf-8")
    after = static_versions(theme, ["static"])
    assert after["js/search.js"] != before["js/search.js"]
    assert after["robots.txt"] == before["robots.txt"]


def test_the_filter_links_the_file_with_its_version():
    versions = static_versions(THEME, ["static"])
    link = versioned(versions)("js/search.js")
    assert link == f"js/search.js?v={versions['js/search.js']}"


def test_a_file_the_theme_does_not_have_is_an_error_naming_it():
    with pytest.raises(UnknownStaticFile, match=re.escape("'css/sites.css'")):
        versioned(static_versions(THEME, ["static"]))("css/sites.css")
