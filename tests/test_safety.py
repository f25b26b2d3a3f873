"""Safety of the maintainer's commands: a failed build, a broken site or a wrong setting harms nothing.

* A build that fails half-way (a template that raises, a plugin that crashes on a signal, a
  mistyped setting) leaves the previous output/ byte for byte, and says what failed and where.
* `invoke publish` refuses a site with broken internal links or without articles before any dry
  run, and sends nothing; a good site is published with `--yes`, and publishing it again
  changes nothing at the target (rsync to a local folder stands in for the server).
* A wrong setting stops `invoke build` / `preview` / `publish` before anything is imported or
  built, with a message that names the setting.
* The built site has no inline script, event handler or `javascript:` URL, so the
  Content-Security-Policy of docs/SECURITY.md holds.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from invoke import Config, Context, Exit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

from site_check import site_check  # noqa: E402
from test_hostile import CASES  # noqa: E402

import tasks  # noqa: E402

RSYNC = shutil.which("rsync")
needs_rsync = pytest.mark.skipif(
    RSYNC is None, reason="rsync is not installed (bash scripts/setup.sh --test installs it)"
)


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` and the hash of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def quiet_context() -> Context:
    """An invoke Context as the tasks get one, without a terminal and with output captured."""
    return Context(Config(overrides={"run": {"in_stream": False, "hide": "both"}}))


# --- A build that fails keeps the previous site ----------------------------------------------

CRASHING_PLUGIN = '''
"""A plugin that crashes while the articles are being generated."""

from pelican import signals


def explode(generator):
    raise RuntimeError("crashing_plugin: the article list exploded")


def register():
    signals.article_generator_finalized.connect(explode)
'''


@pytest.fixture(scope="module")
def failing_project(tmp_path_factory, built_site: Path) -> Path:
    """Sample content, a copy of the theme, and an output/ holding a previous, good site."""
    base = tmp_path_factory.mktemp("failing")
    content = base / "content"
    for source in built_site.parent.joinpath("content").rglob("*.md"):
        target = content / source.relative_to(built_site.parent / "content")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    shutil.copytree(built_site, base / "output")
    shutil.copytree(ROOT / "theme", base / "theme")
    plugin = base / "extra_plugins" / "crashing_plugin"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(CRASHING_PLUGIN, encoding="utf-8")
    return base


def settings_file(base: Path, extra: str = "") -> Path:
    """A settings file for the build in ``base``: pelicanconf.py, with paths inside ``base``."""
    path = base / "conf.py"
    path.write_text(
        textwrap.dedent(
            f"""\
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from pelicanconf import *
            PATH = {str(base / "content")!r}
            OUTPUT_PATH = {str(base / "output")!r}
            CACHE_PATH = {str(base / "cache")!r}
            THEME = {str(base / "theme")!r}
            PLUGIN_PATHS = [{str(ROOT / "plugins")!r}, {str(base / "extra_plugins")!r}]
            SEARCH_ENABLED = False
            """
        )
        + extra,
        encoding="utf-8",
    )
    return path


FAILURES = {
    # name: (what breaks, text the message must hold)
    "template raises": ("template", ["undefined_helper", "base.html, line 1"]),
    "plugin crashes on a signal": (
        'PLUGINS = PLUGINS + ["crashing_plugin"]\n',
        ["the article list exploded", "crashing_plugin/__init__.py, line 8"],
    ),
    "time zone that does not exist": (
        'TIMEZONE = "Vietnam/Hanoi"\n',
        ["TIMEZONE", "Vietnam/Hanoi"],
    ),
    "setting with a typo": ("SEARCH_ENABLD = False\n", ["SEARCH_ENABLD", "SEARCH_ENABLED"]),
}


@pytest.mark.build
@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failed_build_keeps_the_previous_site_and_says_why(failing_project, failure):
    breakage, expected = FAILURES[failure]
    base = failing_project
    before = tree(base / "output")
    base_html = base / "theme" / "templates" / "base.html"
    good_template = base_html.read_text(encoding="utf-8")
    if breakage == "template":
        base_html.write_text("{{ undefined_helper() }}\n" + good_template, encoding="utf-8")
        conf = settings_file(base)
    else:
        conf = settings_file(base, breakage)
    try:
        with pytest.raises(Exit) as stopped:
            tasks._atomic_build(quiet_context(), conf)
    finally:
        base_html.write_text(good_template, encoding="utf-8")
    message = str(stopped.value.message)
    assert message.startswith("Build failed: ")
    for text in expected:
        assert text in message, message
    assert f"previous site in {base / 'output'} is untouched" in message
    assert stopped.value.code != 0
    assert tree(base / "output") == before
    assert [p.name for p in base.iterdir() if p.name.startswith(".output-")] == []


def test_failure_reason_names_the_error_and_our_frame():
    log = textwrap.dedent(
        """\
        [10:00:00] CRITICAL UndefinedError: 'x' is undefined          __init__.py:683
                            Traceback (most recent call last):
                              File "/usr/lib/python3/site-packages/jinja2/environment.py", line 1295, in render
                              File "/srv/archive/theme/templates/article.html", line 40, in block
                              File "/usr/lib/python3/site-packages/jinja2/utils.py", line 92, in from_obj
        """
    )
    assert tasks._failure_reason(log) == (
        "UndefinedError: 'x' is undefined (at /srv/archive/theme/templates/article.html, line 40)"
    )


# --- Settings checked before any work ----------------------------------------------------------


def project_copy(base: Path) -> Path:
    """A project to run `invoke` in: its own settings, tasks and raw/; shared code linked."""
    project = base / "project"
    project.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("plugins", "newsarchive", "theme"):
        (project / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copytree(ROOT / "raw", project / "raw")
    return project


def run_invoke(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("PUBLISH_", "ARCHIVE_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )


BAD_SETTINGS = {
    # task, settings file, line added, what the message must name
    "plugin that does not exist": (
        "build",
        "pelicanconf.py",
        'PLUGINS = PLUGINS + ["sitemapp"]',
        "PLUGINS: no plugin named 'sitemapp'",
    ),
    "theme missing": (
        "build",
        "pelicanconf.py",
        'THEME = "themes/archive"',
        "THEME: no theme folder",
    ),
    "time zone invalid": (
        "build",
        "pelicanconf.py",
        'TIMEZONE = "Asia/Hanoi"',
        "TIMEZONE: 'Asia/Hanoi' is not a time zone",
    ),
    "plugin setting misspelt": (
        "build",
        "pelicanconf.py",
        "RELATED_ARTICLES_MAXIMUM = 3",
        "did you mean RELATED_ARTICLES_MAX?",
    ),
    "SITEURL with a trailing slash": (
        "preview",
        "publishconf.py",
        'SITEURL = "https://luutru.vn/"',
        "SITEURL: 'https://luutru.vn/' ends with '/'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_a_wrong_setting_stops_the_task_before_any_work(tmp_path, case):
    task, file, line, expected = BAD_SETTINGS[case]
    project = project_copy(tmp_path)
    with (project / file).open("a", encoding="utf-8") as settings:
        settings.write(f"\n{line}\n")
    result = run_invoke(project, task)
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr
    assert f"Settings error in {file}" in result.stderr
    # Nothing was imported or built.
    assert not (project / "content").exists() and not (project / "output").exists()


def test_publish_refuses_a_placeholder_siteurl_before_building(tmp_path):
    project = project_copy(tmp_path)
    target = tmp_path / "www"
    result = run_invoke(project, "publish", "--yes", PUBLISH_RSYNC_TARGET=f"{target}/")
    assert result.returncode == 2
    assert "SITEURL" in result.stderr and "ARCHIVE_SITEURL" in result.stderr
    assert not (project / "output").exists() and not target.exists()


def test_the_project_settings_are_clean():
    for name in ("pelicanconf.py", "publishconf.py"):
        assert site_check.settings_problems(tasks._settings(ROOT / name), ROOT) == []


def test_plugin_setting_types_are_checked():
    settings = tasks._settings(ROOT / "pelicanconf.py") | {
        "SEARCH_ENABLED": "no",
        "RELATED_ARTICLES_MAX": 5.0,  # a number is a number
        "SEARCH_FALLBACK_URL": "https://www.google.com/search",  # default None: any type
        "SEARCH_SAVE_AS": "tim-kiem/index.html",  # Pelican's, not the plugin's
    }
    problems = site_check.settings_problems(settings, ROOT)
    assert problems == ["SEARCH_ENABLED: should be True or False like the default True, not 'no'"]


# --- Publish: checks first, nothing sent when broken, idempotent -------------------------------


def copy_site(built_site: Path, destination: Path) -> Path:
    shutil.copytree(built_site, destination)
    return destination


@needs_rsync
def test_a_broken_link_stops_publish_and_nothing_is_sent(tmp_path, built_site, capsys):
    site = copy_site(built_site, tmp_path / "output")
    index = site / "index.html"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "</main>", '<a href="2023/09/bai-da-xoa.html">Bài đã xóa</a></main>'
        ),
        encoding="utf-8",
    )
    target = tmp_path / "www"
    with pytest.raises(Exit) as stopped:
        tasks._publish_site(
            quiet_context(), site, {"SITEURL": ""}, {"rsync": f"{target}/"}, yes=True
        )
    message = stopped.value.message
    assert "Refusing to publish" in message and "Nothing was sent" in message
    assert "index.html: <a> 2023/09/bai-da-xoa.html -> missing" in message
    assert "dry run" not in capsys.readouterr().out  # refused before any dry run
    assert not target.exists()


@needs_rsync
def test_an_archive_without_articles_is_not_published(tmp_path, built_site):
    site = copy_site(built_site, tmp_path / "output")
    for page in site_check.article_pages(site):
        page.unlink()
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("the site people read now", encoding="utf-8")
    with pytest.raises(Exit) as stopped:
        tasks._publish_site(
            quiet_context(), site, {"SITEURL": ""}, {"rsync": f"{target}/"}, yes=True
        )
    assert "empty archive" in stopped.value.message
    assert tree(target) == {"index.html": hashlib.sha256(b"the site people read now").hexdigest()}


@pytest.mark.parametrize("target", ["/", "~/", "..", "archive@host:/", "host:~"])
def test_publish_refuses_a_target_rsync_would_wipe(target):
    with pytest.raises(Exit) as stopped:
        tasks._check_rsync_target(target, ROOT / "output")
    assert "PUBLISH_RSYNC_TARGET" in stopped.value.message


def test_a_folder_of_its_own_is_a_fine_target(tmp_path):
    tasks._check_rsync_target(f"{tmp_path}/www/", ROOT / "output")
    tasks._check_rsync_target("archive@host:/var/www/archive/", ROOT / "output")


def test_publish_to_a_dangerous_target_stops_before_building(tmp_path):
    project = project_copy(tmp_path)
    result = run_invoke(
        project, "publish", "--yes", PUBLISH_RSYNC_TARGET="/", ARCHIVE_SITEURL="https://luutru.test"
    )
    assert result.returncode == 2 and "rsync --delete would remove" in result.stderr
    assert not (project / "content").exists() and not (project / "output").exists()


@needs_rsync
@pytest.mark.build
def test_publish_stops_when_the_build_fails_and_sends_nothing(tmp_path):
    project = project_copy(tmp_path)
    (project / "theme").unlink()
    shutil.copytree(ROOT / "theme", project / "theme")
    article = project / "theme" / "templates" / "article.html"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "{{ article.title }}", "{{ article.title|no_such_filter }}", 1
        ),
        encoding="utf-8",
    )
    target = tmp_path / "www"
    result = run_invoke(
        project,
        "publish",
        "--yes",
        PUBLISH_RSYNC_TARGET=f"{target}/",
        ARCHIVE_SITEURL="https://luutru.test/kho",
    )
    assert result.returncode != 0
    assert "Build failed: TemplateAssertionError: No filter named 'no_such_filter'" in result.stderr
    assert "theme/templates/article.html, line" in result.stderr
    assert "dry run" not in result.stdout and not target.exists()


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """`invoke publish --yes` of the sample archive to a local rsync target (one real build)."""
    if RSYNC is None:
        pytest.skip("rsync is not installed")
    base = tmp_path_factory.mktemp("publish")
    project = project_copy(base)
    target = base / "www"
    result = run_invoke(
        project,
        "publish",
        "--yes",
        PUBLISH_RSYNC_TARGET=f"{target}/",
        ARCHIVE_SITEURL="https://luutru.test/kho",
    )
    return project, target, result


@pytest.mark.build
def test_a_good_site_is_published_with_yes(published):
    project, target, result = published
    assert result.returncode == 0, result.stderr[-3000:]
    assert "--- rsync: dry run" in result.stdout
    assert tree(target) == tree(project / "output")
    pages = site_check.article_pages(target)
    assert len(pages) == 5
    assert 'href="https://luutru.test/kho/' in pages[0].read_text(encoding="utf-8")


@pytest.mark.build
def test_publishing_again_changes_nothing(published):
    project, target, result = published
    assert result.returncode == 0, result.stderr[-3000:]
    before = tree(target)
    context = Context(Config(overrides={"run": {"in_stream": False, "hide": "both"}}))
    settings = {"SITEURL": "https://luutru.test/kho"}
    commands = tasks._publish_commands("rsync", f"{target}/", project / "output", settings)
    dry = context.run(commands["dry"], pty=False)
    assert not re.search(r"^(>f|\*deleting|cd)", dry.stdout, flags=re.MULTILINE), dry.stdout
    tasks._publish_site(context, project / "output", settings, {"rsync": f"{target}/"}, yes=True)
    assert tree(target) == before


# --- The built site satisfies the Content-Security-Policy --------------------------------------


def test_no_page_has_inline_script_handler_or_javascript_url(built_site):
    problems = [p for p in site_check.inline_code(built_site) if "inline style" not in p.message]
    assert problems == [], site_check.summarize(problems)


def test_no_page_has_inline_style(built_site):
    problems = [p for p in site_check.inline_code(built_site) if "inline style" in p.message]
    assert problems == [], site_check.summarize(problems)


def test_inline_code_is_found(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(
        "<!DOCTYPE html><html><head><script>alert(1)</script>"
        '<script type="application/ld+json">{"a": 1}</script><style>p{}</style></head>'
        '<body><p onclick="x()" style="color:red"><a href=" JaVa\tscript:alert(2)">x</a>'
        '<img src="x" onerror="y()"></p><script src="ok.js"></script></body></html>',
        encoding="utf-8",
    )
    assert [p.message for p in site_check.inline_code(tmp_path)] == [
        "inline <script> without src",
        "inline <style> element",
        "<p onclick=...> event handler attribute",
        "<p style='color:red'> inline style attribute",
        "<a href=' JaVa\\tscript:alert(2)'> javascript: URL",
        "<img onerror=...> event handler attribute",
    ]


# --- Docs that cannot drift ---------------------------------------------------------------------


def test_the_csp_is_the_same_everywhere():
    policy = re.compile(r"default-src 'none';[^\"\n`]*")
    found = {
        name: policy.findall((ROOT / name).read_text(encoding="utf-8"))
        for name in ("docs/SECURITY.md", "docs/examples/_headers", "docs/examples/nginx.conf")
    }
    assert {p.strip() for policies in found.values() for p in policies} == {
        found["docs/examples/_headers"][0].strip()
    }, found
    assert all(found.values()), found


# Every input of tests/test_hostile.py: what it is, the reason the import report gives (it must
# hold the detail CASES asserts), and what is kept.
BAD_INPUTS: dict[str, tuple[str, str, str]] = {
    "empty.txt": ("an empty file", "the file is empty", "the raw file, untouched"),
    "whitespace.txt": (
        "only spaces, tabs and line breaks",
        "the file holds only white space",
        "the raw file, untouched",
    ),
    "binary.txt": (
        "a PNG image named `.txt`",
        "binary data: the file holds NUL bytes",
        "the raw file, untouched; the other files are imported",
    ),
    "nul-bytes.txt": (
        "an article with NUL bytes between paragraphs",
        "binary data: the file holds NUL bytes",
        "the raw file, untouched: fix and re-import",
    ),
    "truncated-utf8.txt": (
        "UTF-8 cut off in the middle of a letter",
        "encoding utf-8, warning “some bytes were not valid text and were replaced”",
        "the whole article; only the broken last letter is replaced",
    ),
    "utf16-bom.txt": ("UTF-16 with a byte-order mark", "encoding utf-16", "the whole article"),
    "utf16-no-bom.txt": (
        "UTF-16 LE without a byte-order mark",
        "encoding utf-16",
        "the whole article",
    ),
    "windows-1258.txt": (
        "Windows-1258, the old Vietnamese Windows code page",
        "encoding cp1258",
        "the whole article, tone marks recomposed (NFC)",
    ),
    "bom.txt": ("UTF-8 with a byte-order mark", "encoding utf-8-sig", "the whole article"),
    "huge.txt": (
        "9 MiB of one letter",
        "9,437,184 bytes is larger than IMPORT_MAX_BYTES (8,388,608)",
        "the raw file, unread (raise `IMPORT_MAX_BYTES` if it is real)",
    ),
    "long-line.txt": (
        "a paragraph of a million characters on one line",
        "encoding utf-8",
        "the whole paragraph",
    ),
    "no-date.txt": (
        "an article without its date line",
        "no publication date: kept as a draft",
        "the article, as a draft in `content/drafts/` (not on the site until dated)",
    ),
    "no-title.txt": (
        "paragraphs without a headline",
        "no title: the text has no headline before its first paragraph",
        "the raw file, untouched",
    ),
    "only-furniture.txt": (
        "a share bar, a date and “Xem thêm”, no article",
        "no article text: only a title, dates or page furniture",
        "the raw file, untouched",
    ),
    "script-page.html": (
        "a saved page with `<script>`, `onerror`, `onclick` and a `javascript:` link",
        "encoding utf-8; scripts, handlers and links dropped",
        "every word of the article, as text (“&lt;script&gt;” written in it stays text)",
    ),
    "markdown-control.txt": (
        "text holding Markdown and template syntax (`---`, `Title:`, `[..](javascript:..)`, `{% raw %}`, `# `, `<iframe>`)",
        "encoding utf-8; the syntax escaped",
        "all of it, shown as the text it is",
    ),
    "tên có dấu cách.txt": (
        "a file name with spaces and tone marks",
        "encoding utf-8",
        "the article; its URL comes from its title",
    ),
    "a..b.txt": (
        "a file name with `..`",
        "encoding utf-8",
        "the article; no path is built from the name",
    ),
    "link-outside.txt": (
        "a symbolic link to a file outside `raw/`",
        "a link that leads outside the import folder",
        "nothing is read through the link",
    ),
}
STATUS = {name: status for name, (_data, status, _detail) in CASES.items()} | {
    "link-outside.txt": "skipped"
}


def bad_input_table() -> str:
    """The README's "Bad input: what happens" table, from CASES and BAD_INPUTS."""
    rows = ["| input | what it is | outcome and reason | nothing lost: what is kept |"]
    rows.append("| --- | --- | --- | --- |")
    for name in sorted(STATUS):
        what, reason, kept = BAD_INPUTS[name]
        rows.append(f"| `{name}` | {what} | **{STATUS[name]}**: {reason} | {kept} |")
    return "\n".join(rows)


def test_bad_input_table_covers_every_hostile_case():
    assert set(BAD_INPUTS) == set(STATUS)
    for name, (_data, _status, detail) in CASES.items():
        assert detail in BAD_INPUTS[name][1], name


def test_readme_bad_input_table_matches_the_cases():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Bad input: what happens" in readme
    section = readme.split("## Bad input: what happens", 1)[1].split("\n## ", 1)[0]
    assert bad_input_table() in section, (
        "README's table is out of date; regenerate it with `python tests/test_safety.py`:\n"
        + bad_input_table()
    )


if __name__ == "__main__":
    print(bad_input_table())
