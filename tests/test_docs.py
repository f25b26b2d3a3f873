"""Every setting and every invoke task is documented where a maintainer looks for it."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def settings_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if (
                isinstance(target, ast.Name)
                and target.id.isupper()
                and not target.id.startswith("_")
            ):
                names.append(target.id)
    return names


@pytest.mark.parametrize("path", ["pelicanconf.py", "publishconf.py"])
def test_every_setting_is_documented(path):
    missing = [name for name in settings_of(ROOT / path) if f"`{name}`" not in README]
    assert not missing, f"settings of {path} missing from README's Settings: {missing}"


def test_every_task_is_listed_and_documented():
    listing = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"],
        cwd=ROOT / "tests",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    tasks = re.findall(r"^  (\S+)\s{2,}\S", listing, flags=re.MULTILINE)
    assert {
        "import",
        "build",
        "rebuild",
        "serve",
        "reserve",
        "livereload",
        "regenerate",
        "preview",
        "publish",
        "clean",
        "test",
        "lint",
    } <= set(tasks)
    for name in tasks:
        assert f"`invoke {name}`" in README, f"task {name} is not in the README"


def test_invoke_list_works_with_a_broken_setting(tmp_path):
    (tmp_path / "tasks.py").write_text(
        (ROOT / "tasks.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "pelicanconf.py").write_text("THIS IS NOT PYTHON\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0 and "build" in result.stdout


def test_publish_without_a_target_says_what_to_configure(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        (project / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISH_")}
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode != 0
    assert "PUBLISH_RSYNC_TARGET" in result.stderr and "PUBLISH_S3_BUCKET" in result.stderr
    # Nothing was imported, built or sent.
    assert sorted(p.name for p in project.iterdir()) == [
        "pelicanconf.py",
        "publishconf.py",
        "tasks.py",
    ]
