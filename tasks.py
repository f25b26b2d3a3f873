"""Maintainer tasks: import, build, serve, preview and publish the archive (``invoke --list``).

Shaped like the ``tasks.py`` that ``pelican-quickstart`` writes, with its fragile parts fixed:
every path is relative to this file (the tasks work from any folder of the project), settings
are read only when a task needs them (``invoke --list`` works even when a setting is wrong), and
a build is written to a temporary folder and swapped in only when it succeeded.
"""

from __future__ import annotations

import contextlib
import os
import re
import runpy
import shlex
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from invoke import Context, Exit, task

ROOT = Path(__file__).resolve().parent
SETTINGS_BASE = ROOT / "pelicanconf.py"
SETTINGS_PUBLISH = ROOT / "publishconf.py"
PYTHON = shlex.quote(sys.executable)


def _settings(path: Path = SETTINGS_BASE) -> dict:
    """The settings of a Pelican settings file, read when a task needs them."""
    sys.path.insert(0, str(ROOT))
    try:
        return runpy.run_path(str(path))
    except Exception as exc:
        raise Exit(f"{path.name} cannot be read: {exc}", code=2) from exc
    finally:
        sys.path.remove(str(ROOT))


def _path(settings: dict, key: str) -> Path:
    return (ROOT / settings[key]).resolve()


def _output(settings: dict) -> Path:
    return _path(settings, "OUTPUT_PATH") if "OUTPUT_PATH" in settings else ROOT / "output"


def _pelican_command(settings_file: Path, output: Path, extra: str = "") -> str:
    content = _path(_settings(settings_file), "PATH")
    return (
        f"{PYTHON} -m pelican {shlex.quote(str(content))} -s {shlex.quote(str(settings_file))}"
        f" -o {shlex.quote(str(output))} --fatal errors {extra}"
    )


def _run_pelican(c: Context, settings_file: Path, output: Path, extra: str = "") -> None:
    c.run(_pelican_command(settings_file, output, extra), pty=False)


def _site_check():
    """plugins/site_check (settings and built-site checks), imported only when a task needs it."""
    plugins = str(ROOT / "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    from site_check import site_check

    return site_check


def _check_settings(path: Path = SETTINGS_BASE, production: bool = False) -> dict:
    """The settings of ``path``, or a stop naming every wrong setting before any work starts."""
    settings = _settings(path)
    problems = _site_check().settings_problems(settings, path.parent, production=production)
    if problems:
        raise Exit(
            f"Settings error in {path.name} (nothing was imported, built or published):\n  "
            + "\n  ".join(problems),
            code=2,
        )
    return settings


_FRAME = re.compile(r'File "([^"]+)", line (\d+)')
_LOG_LEVEL = re.compile(r"\b(CRITICAL|ERROR)\s+(.*?)(?:\s+\S+\.py:\d+)?\s*$")


def _failure_reason(log: str) -> str:
    """What made Pelican fail, from its log: the error, and where in our code (template, plugin).

    Pelican prints a traceback through its own and Jinja's code; the frame that matters to a
    maintainer is the last one in the project (a template line, a plugin handler).
    """
    messages: list[str] = []
    lines = log.splitlines()
    for number, line in enumerate(lines):
        match = _LOG_LEVEL.search(line)
        if not match:
            continue
        message = [match.group(2)]
        for more in lines[number + 1 :]:  # a message of several lines, as Pelican indents it
            if not more.startswith(" ") or not more.strip() or "Traceback" in more:
                break
            if _LOG_LEVEL.search(more):
                break
            message.append(more.strip())
        messages.append("\n  ".join(m for m in message if m))
    reason = next((m for m in messages if m), "Pelican stopped (see its output above)")
    ours = [
        (file, line)
        for file, line in _FRAME.findall(log)
        if "site-packages" not in file and not file.startswith(sys.base_prefix)
    ]
    if ours:
        file, line = ours[-1]
        with contextlib.suppress(ValueError):  # outside the project: the full path
            file = str(Path(file).resolve().relative_to(ROOT))
        reason += f" (at {file}, line {line})"
    return reason


def _log_width() -> dict[str, str]:
    """Pelican's log as wide as the terminal (or 200 columns in a log file), not Rich's 80.

    Through a pipe Rich wraps every line at 80 columns, which splits the file names of a
    traceback that ``_failure_reason`` reads.
    """
    width = shutil.get_terminal_size((200, 24)).columns if sys.stdout.isatty() else 200
    return {"COLUMNS": str(max(width, 100))}


def _atomic_build(c: Context, settings_file: Path) -> Path:
    """Build into a temporary folder beside the output; swap it in only when the build succeeded.

    A build that fails (a bad template, a bad setting, a crashing plugin) leaves the previous
    site in place, byte for byte, and serving; the message says what failed and where.
    """
    output = _output(_settings(settings_file))
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".output-new-", dir=output.parent))
    try:
        result = c.run(
            _pelican_command(settings_file, staging), pty=False, warn=True, env=_log_width()
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build interrupted: the previous site in {output} is untouched.", file=sys.stderr)
        raise
    if result.failed:
        shutil.rmtree(staging, ignore_errors=True)
        raise Exit(
            f"Build failed: {_failure_reason(result.stdout + result.stderr)}\n"
            f"The previous site in {output} is untouched.",
            code=result.exited or 1,
        )
    previous = output.with_name(f".output-old-{os.getpid()}")
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)
    return output


@task(name="import")
def import_(c, source=None, output=None, report=None, jobs=None, force=False):
    """Import raw article texts into content/ (defaults from pelicanconf.py)."""
    settings = _settings()
    source_path = Path(source) if source else _path(settings, "IMPORT_SOURCE_PATH")
    output_path = Path(output) if output else _path(settings, "IMPORT_OUTPUT_PATH")
    report_path = Path(report) if report else _path(settings, "IMPORT_REPORT_PATH")
    job_count = jobs if jobs is not None else settings.get("IMPORT_JOBS", 0)
    command = [
        PYTHON, "-m", "newsarchive", "import", shlex.quote(str(source_path)),
        "--output", shlex.quote(str(output_path)),
        "--report", shlex.quote(str(report_path)),
        "--jobs", str(job_count),
        "--settings", shlex.quote(str(SETTINGS_BASE)),
    ]  # fmt: skip
    if settings.get("IMPORT_CACHE_PATH"):
        command += ["--cache", shlex.quote(str(_path(settings, "IMPORT_CACHE_PATH")))]
    if force:
        command.append("--force")
    result = c.run(" ".join(command), warn=True, pty=False)
    if result.exited == 2:
        raise Exit("Import stopped: see the error above.", code=2)
    if result.exited:
        print(f"Some files failed to import; see {report_path}.", file=sys.stderr)


@task
def clean(c):
    """Remove the built site and the caches."""
    settings = _settings()
    for path in (_output(settings), ROOT / settings.get("CACHE_PATH", "cache")):
        if path.exists():
            shutil.rmtree(path)


@task
def build(c):
    """Import what changed, then build the site into output/ (atomically)."""
    _check_settings(SETTINGS_BASE)
    import_(c)
    _atomic_build(c, SETTINGS_BASE)


@task
def rebuild(c):
    """Build from scratch: clean, import, build."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Rebuild the site whenever content, theme or settings change."""
    settings = _settings()
    c.run(
        f"{PYTHON} -m pelican {shlex.quote(str(_path(settings, 'PATH')))} -r"
        f" -s {shlex.quote(str(SETTINGS_BASE))} -o {shlex.quote(str(_output(settings)))}"
    )


@task
def serve(c, host=None, port=None):
    """Serve output/ at http://localhost:8000/ (PORT and BIND in pelicanconf.py)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    settings = _settings()
    bind = host or settings.get("BIND", "127.0.0.1")
    port = int(port or settings.get("PORT", 8000))

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    server = AddressReuseTCPServer(str(_output(settings)), (bind, port), ComplexHTTPRequestHandler)
    print(f"Serving the archive at http://{bind}:{port}/ (Ctrl+C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task
def reserve(c, host=None, port=None):
    """`build`, then `serve`."""
    build(c)
    serve(c, host=host, port=port)


@task
def livereload(c, host=None, port=None):
    """Rebuild on every change and refresh the browser."""
    from livereload import Server

    settings = _settings()

    def cached_build() -> None:
        _run_pelican(
            c, SETTINGS_BASE, _output(settings), "-e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true"
        )

    cached_build()
    server = Server()
    theme = _path(settings, "THEME")
    for pattern in (
        str(SETTINGS_BASE),
        f"{theme}/templates/**/*.html",
        f"{theme}/static/**/*",
        f"{_path(settings, 'PATH')}/**/*.md",
        f"{ROOT}/plugins/**/*.py",
    ):
        server.watch(pattern, cached_build)
    server.serve(
        host=host or settings.get("BIND", "127.0.0.1"),
        port=int(port or settings.get("PORT", 8000)),
        root=str(_output(settings)),
    )


@task
def preview(c):
    """Build the production site (publishconf.py) into output/."""
    _check_settings(SETTINGS_PUBLISH)
    import_(c)
    _atomic_build(c, SETTINGS_PUBLISH)


def _publish_targets(settings: dict) -> dict[str, str]:
    """The publish targets that are configured, in publishconf.py or the environment."""
    targets = {
        "rsync": os.environ.get("PUBLISH_RSYNC_TARGET") or settings.get("PUBLISH_RSYNC_TARGET"),
        "github": os.environ.get("PUBLISH_GITHUB_REMOTE") or settings.get("PUBLISH_GITHUB_REMOTE"),
        "s3": os.environ.get("PUBLISH_S3_BUCKET") or settings.get("PUBLISH_S3_BUCKET"),
    }
    return {name: value for name, value in targets.items() if value}


_RSYNC_REMOTE = re.compile(r"^(?:[^/:]+@)?[^/:]+:(.*)$")  # [user@]host:path, not a local path


def _check_rsync_target(target: str, output: Path) -> None:
    """Stop before building when rsync --delete would wipe a folder that is not the archive's.

    ``--delete`` removes at the target whatever the site does not have: a target of ``/``, a
    home folder, the project itself or the output folder would lose everything else in it.
    """
    remote = _RSYNC_REMOTE.match(target)
    path = (remote.group(1) if remote else target).strip()
    if remote:
        dangerous = path.rstrip("/") in {"", "~", ".", "/root", "/home", "/var", "/var/www", "/srv"}
    else:
        folder = Path(path).expanduser().resolve()
        dangerous = (
            folder == Path(folder.anchor)
            or folder == Path.home().resolve()
            or ROOT.is_relative_to(folder)
            or folder.is_relative_to(output)
        )
    if dangerous:
        raise Exit(
            f"PUBLISH_RSYNC_TARGET {target!r} is not a folder of its own: rsync --delete would "
            "remove everything in it that the site does not have. Point it at the archive's "
            "own folder, e.g. 'user@host:/var/www/archive/'.",
            code=2,
        )


@task(help={"to": "rsync, github or s3 (default: every configured target)", "yes": "do not ask"})
def publish(c, to=None, yes=False):
    """Build with publishconf.py and publish to rsync, GitHub Pages or S3 (dry run first)."""
    settings = _settings(SETTINGS_PUBLISH)
    targets = _publish_targets(settings)
    if to:
        targets = {k: v for k, v in targets.items() if k == to}
    if not targets:
        raise Exit(
            "Nothing to publish to. Configure at least one target in publishconf.py or the "
            "environment:\n"
            "  PUBLISH_RSYNC_TARGET = 'user@host:/var/www/archive/'   (rsync over SSH)\n"
            "  PUBLISH_GITHUB_REMOTE = 'origin'   (and PUBLISH_GITHUB_BRANCH, default gh-pages)\n"
            "  PUBLISH_S3_BUCKET = 's3://bucket/path'   (and PUBLISH_S3_ENDPOINT for non-AWS)",
            code=2,
        )
    _check_settings(SETTINGS_PUBLISH, production=True)
    if "rsync" in targets:
        _check_rsync_target(targets["rsync"], _output(settings))
    preview(c)
    _publish_site(c, _output(settings), settings, targets, yes=yes)


def _refuse_broken_site(output: Path, siteurl: str) -> None:
    """Stop unless the built site has articles and no broken internal link (plugins/site_check)."""
    checks = _site_check()
    problems = checks.publish_problems(output, siteurl)
    if problems:
        raise Exit(
            f"Refusing to publish {output}: {len(problems)} problem(s) in the build.\n"
            f"{checks.summarize(problems)}\n"
            "Nothing was sent anywhere. Fix them (`invoke check` lists them), then publish again.",
            code=1,
        )


def _publish_site(c: Context, output: Path, settings: dict, targets: dict, yes: bool) -> None:
    """Check the built site, then for each target: dry run, question, the real thing.

    Every command is idempotent: rsync compares checksums and deletes what the site no longer
    has, so publishing the same build twice changes nothing at the target.
    """
    _refuse_broken_site(output, settings.get("SITEURL", ""))
    for name, target in targets.items():
        commands = _publish_commands(name, target, output, settings)
        print(f"--- {name}: dry run of what would change at {target}")
        c.run(commands["dry"], pty=False)
        if not yes and input(f"Publish to {target}? [y/N] ").strip().lower() != "y":
            print(f"Skipped {name}.")
            continue
        c.run(commands["real"], pty=False)


@task(help={"html": "also validate the HTML of every page (needs html5lib: the test extra)"})
def check(c, html=False):
    """Check output/: broken internal links, no article pages, inline code a strict CSP blocks."""
    settings = _settings()
    output = _output(settings)
    checks = _site_check()
    # output/ holds a local build (relative links) or a preview (absolute links under the
    # production SITEURL): links under either address are internal.
    siteurl = _settings(SETTINGS_PUBLISH).get("SITEURL", "")
    problems = checks.publish_problems(output, siteurl)
    if html and output.is_dir():
        problems += checks.validate_site(output)
    inline = checks.inline_code(output) if output.is_dir() else []
    if inline:
        kinds = Counter((p.page, p.message.rsplit("> ", 1)[-1]) for p in inline)
        print(
            "Inline code that the Content-Security-Policy of docs/SECURITY.md blocks (a theme "
            "defect; `invoke publish` still goes on):\n"
            + "\n".join(f"  {page}: {n} {kind}" for (page, kind), n in sorted(kinds.items())),
            file=sys.stderr,
        )
    if problems:
        raise Exit(f"{len(problems)} problem(s) in {output}:\n{checks.summarize(problems)}", code=1)
    print(f"{output}: {len(checks.article_pages(output))} article pages, no broken internal link.")


def _publish_commands(name: str, target: str, output: Path, settings: dict) -> dict[str, str]:
    site = shlex.quote(str(output).rstrip("/") + "/")
    if name == "rsync":
        base = f"rsync --delete --exclude .DS_Store -pthrvzc {site} {shlex.quote(target)}"
        return {"dry": f"{base} --dry-run --itemize-changes", "real": base}
    if name == "github":
        branch = os.environ.get("PUBLISH_GITHUB_BRANCH") or settings.get(
            "PUBLISH_GITHUB_BRANCH", "gh-pages"
        )
        message = shlex.quote(f"Publish {settings.get('SITENAME', 'site')}")
        ghp = f"{PYTHON} -m ghp_import -n -b {shlex.quote(branch)} -m {message} {site}"
        return {
            "dry": f"{ghp} && git diff --stat {shlex.quote(target)}/{branch} {branch} || true",
            "real": f"{ghp} -p -r {shlex.quote(target)}",
        }
    endpoint = os.environ.get("PUBLISH_S3_ENDPOINT") or settings.get("PUBLISH_S3_ENDPOINT")
    flag = f" --endpoint-url {shlex.quote(endpoint)}" if endpoint else ""
    base = f"aws s3 sync {site} {shlex.quote(target)} --delete{flag}"
    return {"dry": f"{base} --dryrun", "real": base}


@task
def test(c):
    """Run every test: importer, site build, browser tests."""
    c.run(f"{PYTHON} -m pytest", pty=False)


@task
def lint(c):
    """Check the code with ruff (lint and format)."""
    c.run(f"{PYTHON} -m ruff check {ROOT}")
    c.run(f"{PYTHON} -m ruff format --check {ROOT}")


@task(help={"sizes": "comma-separated article counts", "jobs": "import jobs"})
def bench(c, sizes="1000,5000,20000", jobs=2):
    """Measure import, build, rebuild and search at scale against Hugo (writes BENCHMARKS.md)."""
    c.run(f"{PYTHON} -m benchmarks.run --sizes {sizes} --jobs {jobs} --output BENCHMARKS.md")
