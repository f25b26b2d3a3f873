"""Time the whole pipeline on synthetic archives of several sizes and compare the build with Hugo.

Per size N: generate N raw articles (benchmarks.corpus), import them with the project's importer,
build with Pelican cold, rebuild with nothing changed, after adding one article and after editing
one, index with Pagefind, and build the same Markdown with Hugo (benchmarks.hugo_site). Every
step runs as its own subprocess and is measured with ``os.wait4``, which returns that child's
own resource usage (wall time, user+system CPU, peak RSS of the largest process in its tree),
so numbers do not leak from one step into the next. Since the build and the indexer run
several processes at once, the summed memory of all of a step's processes (PSS, sampled every
``MEMORY_SAMPLE_SECONDS``) is measured as well.

Usage::

    python -m benchmarks.run --sizes 1000,5000 [--jobs 2] [--output BENCHMARKS.md]
                             [--keep WORKDIR] [--source auto|import|markdown] [--profile N]

Results are printed as Markdown; with ``--output`` they replace the results block of that file
(``--append`` adds a block instead). Work happens in benchmarks/work/ (git-ignored) and is
removed at the end unless ``--keep`` names a folder to keep it in.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import logging
import os
import platform
import pstats
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus, hugo_site

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WORK = REPO / "benchmarks" / "work"
#: The project code being measured: the working tree, or a commit exported by ``--commit``.
TREE = REPO
PYTHON = sys.executable
#: Article pages only (YEAR/MONTH/slug.html), for a Pagefind run without the project's own setup.
PAGEFIND_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html"
BEGIN, END = "<!-- benchmark results -->", "<!-- /benchmark results -->"


@dataclass
class Measure:
    """What one step cost, from the kernel's accounting for its process tree."""

    step: str
    command: list[str]
    wall: float = 0.0
    cpu: float = 0.0
    max_rss_kib: int = 0
    # Highest sum of the proportional set sizes of all the step's processes, sampled.
    peak_pss_kib: int = 0
    returncode: int = 0
    note: str = ""
    output: str = ""

    @property
    def rss_mib(self) -> float:
        return self.max_rss_kib / 1024

    @property
    def pss_mib(self) -> float:
        return self.peak_pss_kib / 1024


@dataclass
class SizeResult:
    """Every measure for one corpus size, plus what the build produced."""

    size: int
    articles: int = 0
    source: str = ""
    steps: list[Measure] = field(default_factory=list)
    profile: str = ""

    def get(self, step: str) -> Measure | None:
        return next((m for m in self.steps if m.step == step), None)


GNU_TIME = Path("/usr/bin/time")
# How often the memory of a step's processes is summed (a peak shorter than this may be missed).
MEMORY_SAMPLE_SECONDS = 0.2


def session_pss_kib(session: int) -> int:
    """Sum of the proportional set size (PSS) of every process in ``session``.

    PSS shares each page between the processes that map it, so forks that share their
    parent's memory copy-on-write are not counted twice, as summing RSS would.
    """
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            # Fields after the command name, which is in parentheses: state, ppid, pgrp, session.
            if int(stat[stat.rindex(")") + 2 :].split()[3]) != session:
                continue
            for line in Path(entry.path, "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile, or /proc says less than expected
    return total


class MemorySampler(threading.Thread):
    """Samples the summed PSS of a session's processes until stopped; keeps the highest."""

    def __init__(self, session: int) -> None:
        super().__init__(daemon=True)
        self.session = session
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(MEMORY_SAMPLE_SECONDS):
            self.peak = max(self.peak, session_pss_kib(self.session))

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


def run_measured(step: str, command: list[str], log: Path, cwd: Path | None = None) -> Measure:
    """Run ``command`` to completion and return its wall time, CPU time and peak RSS.

    The step runs under GNU time when it is installed: the child is then forked from a small
    process, so its peak RSS is its own. (A child forked straight from this Python process can
    report this process's RSS as its peak: Linux carries the parent's high-water mark through
    vfork+exec.) Without GNU time, ``os.wait4`` gives the same figures for the child and the
    grandchildren it waited for (importer workers), with that caveat on small peaks.
    """
    cwd = cwd or TREE
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(cwd))
    stats = log.with_name("time.txt")
    wrapped = command
    if GNU_TIME.exists():
        wrapped = [str(GNU_TIME), "-f", "%e %U %S %M", "-o", str(stats), "--", *command]
    with log.open("ab") as out:
        out.write(f"\n$ {shlex.join(command)}\n".encode())
        out.flush()
        began = time.perf_counter()
        proc = subprocess.Popen(
            wrapped, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        sampler = MemorySampler(proc.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: take the step's whole process group down with us
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            raise
        finally:
            peak_pss = sampler.stop()
        wall = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu, max_rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
    if wrapped is not command and stats.exists():
        # The last line: GNU time prefixes "Command exited with non-zero status" on failure.
        fields = stats.read_text().strip().splitlines()[-1].split()
        cpu, max_rss = float(fields[1]) + float(fields[2]), int(fields[3])
        stats.unlink()
    measure = Measure(step, command, wall, cpu, max_rss, peak_pss, proc.returncode)
    if proc.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        measure.note = f"failed (exit {proc.returncode})"
        logger.error(
            "%s failed (exit %s); last lines of %s:\n%s",
            step,
            proc.returncode,
            log,
            "\n".join(tail),
        )
    logger.info(
        "%-30s %7.1f s wall %7.1f s CPU %7.0f MiB (all processes %.0f MiB)",
        step,
        wall,
        measure.cpu,
        measure.rss_mib,
        measure.pss_mib,
    )
    return measure


def tree_size(path: Path, pattern: str = "*") -> tuple[int, int]:
    """Total bytes and number of files under ``path``."""
    total = count = 0
    for file in path.rglob(pattern):
        if file.is_file():
            total += file.stat().st_size
            count += 1
    return total, count


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def importer_available() -> bool:
    """True once the project's importer answers ``python -m newsarchive import --help``."""
    if not (TREE / "newsarchive" / "__main__.py").exists():
        return False
    result = subprocess.run(
        [PYTHON, "-m", "newsarchive", "import", "--help"],
        cwd=TREE,
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def import_command(raw: Path, content: Path, jobs: int, work: Path) -> list[str]:
    """The importer's documented command line, with its report kept out of the checkout."""
    command = [
        PYTHON,
        "-m",
        "newsarchive",
        "import",
        str(raw),
        "--output",
        str(content),
        "--jobs",
        str(jobs),
    ]
    help_text = subprocess.run(
        [PYTHON, "-m", "newsarchive", "import", "--help"],
        cwd=TREE,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    if "--report" in help_text:
        command += ["--report", str(work / "import-report.json")]
    if "--quiet" in help_text:
        command.append("--quiet")
    return command


def import_accuracy(truth_file: Path, content: Path) -> str:
    """Share of articles whose title, date, authors and agency code came out as generated.

    A scale check of the importer, not its test suite: the synthetic layouts are close to the
    samples but not the same, so a drop here is a lead to follow, not a verdict.
    """
    truth = {}
    for line in truth_file.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        truth[record["file"]] = record
    hits = dict.fromkeys(("title", "date", "authors", "source code"), 0)
    for path in content.rglob("*.md"):
        meta, _ = hugo_site.parse_pelican(path.read_text(encoding="utf-8"))
        want = truth.get(meta.get("raw_file", ""))
        if not want:
            continue
        hits["title"] += html.unescape(meta.get("title", "")) == want["title"]
        hits["date"] += meta.get("date", "")[:16] == want["date"][:16]
        authors = [a.strip() for a in meta.get("authors", "").split(";") if a.strip()]
        hits["authors"] += authors == want["authors"]
        hits["source code"] += (meta.get("source_code") or None) == want["source_code"]
    total = len(truth) or 1
    return "correct: " + ", ".join(f"{k} {100 * v / total:.1f} %" for k, v in hits.items())


def search_script() -> Path | None:
    """The project's search indexer (plugins/search/search.py) when the build uses it."""
    script = TREE / "plugins" / "search" / "search.py"
    plugins = getattr(corpus.load_pelicanconf(TREE / "pelicanconf.py"), "PLUGINS", []) or []
    if "search" in plugins and script.exists() and "def main(" in script.read_text("utf-8"):
        return script
    return None


def pelican_command(
    content: Path,
    output: Path,
    cache: Path,
    *,
    ignore_cache: bool = False,
    overrides: dict[str, object] | None = None,
) -> list[str]:
    """The project's build (its pelicanconf.py) into a scratch output and cache folder.

    When the search plugin indexes the site at the end of the build, that is switched off
    here and timed as its own step (the project's indexer over the same output), so the
    build step is Pelican alone, comparable with Hugo; build + search is the project's cost.
    """
    command = [PYTHON, "-m", "pelican", str(content), "-s", str(TREE / "pelicanconf.py")]
    command += ["-o", str(output), "--cache-path", str(cache)]
    overrides = dict(overrides or {})
    if search_script():
        overrides["SEARCH_ENABLED"] = False
    if overrides:  # one -e: Pelican keeps only the last -e given
        command += ["-e", *(f"{k}={json.dumps(v)}" for k, v in overrides.items())]
    return command + (["--ignore-cache"] if ignore_cache else [])


def pagefind_command(site: Path, cache: Path | None = None) -> tuple[list[str], str]:
    """Search indexing as the project does it: its search plugin's indexer, else Pagefind.

    With ``cache`` (and an indexer that takes ``--cache``), year bundles whose article pages
    did not change are reused, as in a build. Without the plugin: Pagefind indexes the pages
    the theme marks ``data-pagefind-body``, or with a glob kept to article pages
    (YEAR/MONTH/slug.html) when none is marked.
    """
    script = search_script()
    if script:
        command = [PYTHON, str(script), str(site), "-s", str(TREE / "pelicanconf.py")]
        if cache is not None and "--cache" in script.read_text("utf-8"):
            command += ["--cache", str(cache)]
        return command, "the search plugin's indexer, plugins/search/search.py"
    command = [PYTHON, "-m", "pagefind_bin", "--site", str(site)]
    templates = TREE / "theme" / "templates"
    marked = any(
        "data-pagefind-body" in t.read_text(encoding="utf-8") for t in templates.rglob("*.html")
    )
    if marked:
        return command, "pages the theme marks data-pagefind-body"
    return [*command, "--glob", PAGEFIND_GLOB], f"pagefind --glob {PAGEFIND_GLOB}"


def newest_date(content: Path) -> datetime:
    """The ``Date`` of the newest article under ``content``."""
    newest = None
    for path in content.rglob("*.md"):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.startswith("Date:"):
                    date = datetime.fromisoformat(line[5:].strip())
                    newest = date if newest is None else max(newest, date)
                    break
                if not line.strip():
                    break
    if newest is None:
        raise ValueError(f"no dated article under {content}")
    return newest


def add_article(content: Path, seed: int, index: int) -> Path:
    """One new article, not in the corpus yet, with a slug that cannot collide, dated an hour
    after the newest: the daily update, which adds today's news (an old article edited is the
    "1 edited" step)."""
    scratch = content.parent / "new-article"
    shutil.rmtree(scratch, ignore_errors=True)
    (path,) = corpus.generate(1, scratch, seed=seed, fmt="markdown", start=index)
    date = newest_date(content) + timedelta(hours=1)
    text = re.sub(
        r"^Slug: (.*)$", r"Slug: \1-bai-moi", path.read_text(encoding="utf-8"), count=1, flags=re.M
    )
    text = re.sub(r"^Date: .*$", f"Date: {date.isoformat()}", text, count=1, flags=re.M)
    target = content / str(date.year) / ("bai-moi-" + path.name)
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    shutil.rmtree(scratch)
    return target


def edit_article(content: Path, which: int) -> Path:
    """Change one paragraph of one existing article, as an editor fixing a typo would."""
    files = sorted(content.rglob("*.md"))
    path = files[(len(files) // 3 * (which + 1)) % len(files)]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nBài viết được biên tập lại.\n", encoding="utf-8")
    return path


def bench_size(size: int, args: argparse.Namespace, work: Path, result: SizeResult) -> None:
    """Run every step for one corpus size in ``work/N``, recording each into ``result``."""
    base = work / str(size)
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    log = base / "log.txt"
    raw, content, out, cache = base / "raw", base / "content", base / "output", base / "cache"
    use_import = args.source == "import" or (args.source == "auto" and importer_available())
    gen = [PYTHON, "-m", "benchmarks.corpus", str(size), str(raw if use_import else content)]
    gen += ["--seed", str(args.seed), "--format", "mixed" if use_import else "markdown"]
    gen += ["--truth", str(base / "truth.jsonl")]
    result.steps.append(run_measured("Generate corpus", gen, log, cwd=REPO))
    if use_import:
        result.source = "raw text + saved HTML, imported with the project's importer"
        step = run_measured("Import", import_command(raw, content, args.jobs, base), log)
        result.steps.append(step)
    else:
        why = "--source markdown" if args.source == "markdown" else "importer not available"
        result.source = f"Markdown written directly by benchmarks.corpus ({why})"
    result.articles = len(list(content.rglob("*.md")))
    _, raw_files = tree_size(raw) if use_import else (0, 0)
    if use_import:
        result.get("Import").output = (
            f"{result.articles} of {raw_files} files → Markdown; "
            + import_accuracy(base / "truth.jsonl", content)
        )

    cold = run_measured(
        "Pelican: cold build", pelican_command(content, out, cache, ignore_cache=True), log
    )
    size_bytes, files = tree_size(out)
    cold.output = f"{files} files, {human_bytes(size_bytes)}"
    result.steps.append(cold)

    if not args.no_hugo:
        site, public = base / "hugo-site", base / "hugo-public"
        hugo_site.write_site(content, site, hugo_settings())
        hugo = run_measured(
            "Hugo: build (same Markdown)", hugo_site.hugo_command(site, public), log
        )
        size_bytes, files = tree_size(public)
        hugo.output = f"{files} files, {human_bytes(size_bytes)}"
        result.steps.append(hugo)

    if not args.no_search:
        command, how = pagefind_command(out, cache / "search")
        step = run_measured("Search index (Pagefind)", command, log)
        index_bytes, index_files = tree_size(out / "pagefind")
        step.output = f"{index_files} files, {human_bytes(index_bytes)} ({how})"
        result.steps.append(step)

    def rebuild(step: str, cache_path: Path = cache, **overrides: object) -> None:
        command = pelican_command(content, out, cache_path, overrides=overrides)
        result.steps.append(run_measured(step, command, log))

    def reindex(step: str) -> None:
        if not args.no_search:
            command, _ = pagefind_command(out, cache / "search")
            result.steps.append(run_measured(step, command, log))

    if not args.skip_rebuilds:
        rebuild("Pelican: rebuild, no change")
        reindex("Search index, no change")
        add_article(content, args.seed, size)
        rebuild("Pelican: rebuild, +1 article")
        reindex("Search index, +1 article")
        edit_article(content, 0)
        rebuild("Pelican: rebuild, 1 edited")
        reindex("Search index, 1 edited")
    if args.with_cache:
        # What Pelican's own reader cache would buy (off in the committed settings).
        on = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
        rebuild("Pelican: cache on, first build", base / "cache-on", **on)
        rebuild("Pelican: cache on, no change", base / "cache-on", **on)
        edit_article(content, 1)
        rebuild("Pelican: cache on, 1 edited", base / "cache-on", **on)

    if args.profile == size:
        result.profile = profile_build(content, base)


def hugo_settings() -> dict:
    """The few Pelican settings the Hugo site mirrors (title, pagination, feed length)."""
    conf = corpus.load_pelicanconf(TREE / "pelicanconf.py")
    keys = ("SITENAME", "DEFAULT_PAGINATION", "FEED_MAX_ITEMS")
    return {key: getattr(conf, key) for key in keys if getattr(conf, key, None)}


def build_setup() -> str:
    """The theme and plugins the Pelican build ran with (they change as the project grows)."""
    conf = corpus.load_pelicanconf(TREE / "pelicanconf.py")
    plugins = ", ".join(getattr(conf, "PLUGINS", []) or []) or "none"
    return f"theme `{getattr(conf, 'THEME', '?')}`, plugins: {plugins}"


def profile_build(content: Path, base: Path, top: int = 25) -> str:
    """cProfile a cold Pelican build; return the top functions by own and cumulative time."""
    prof = base / "pelican.prof"
    command = [PYTHON, "-m", "cProfile", "-o", str(prof), "-m", "pelican"]
    command += pelican_command(
        content, base / "output-profile", base / "cache-profile", ignore_cache=True
    )[3:]
    run_measured("Pelican: cold build (cProfile)", command, base / "log.txt")
    lines = []
    for order in ("tottime", "cumulative"):
        stream = _Capture()
        stats = pstats.Stats(str(prof), stream=stream)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        body = stream.text()
        body = body[body.find("   ncalls") :]
        lines.append(f"Top {top} by {order}:\n\n```\n{body.rstrip()}\n```\n")
    return "\n".join(lines)


class _Capture:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


# --- Report -----------------------------------------------------------------------------------
def machine() -> str:
    """What the numbers were measured on: cores, memory, CPU model, load, versions."""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"MemTotal:\s+(\d+)", meminfo)
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    load = os.getloadavg()
    versions = []
    for name in ("pelican", "markdown", "jinja2", "hugo", "pagefind_bin"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:
            versions.append(f"{name} (not installed)")
    return (
        f"{os.cpu_count()} CPUs ({model.group(1).strip() if model else platform.processor()}), "
        f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {', '.join(versions)}; "
        f"load average at start {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"
    )


def git_commit(rev: str | None) -> str:
    """The measured commit, and whether uncommitted changes were measured with it."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    if rev:
        return f"commit {git('rev-parse', '--short', rev) or rev}"
    dirty = git("status", "--porcelain", "--", "newsarchive", "plugins", "theme", "pelicanconf.py")
    return f"working tree at {git('rev-parse', '--short', 'HEAD')}" + (
        " with uncommitted changes" if dirty else ""
    )


def export_commit(rev: str, dest: Path) -> Path:
    """Check out ``rev`` into ``dest`` with ``git archive`` (no change to the checkout or index)."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], cwd=REPO, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def _ratio(a: float, b: float) -> str:
    return (f"{a / b:.2f}×" if a < b else f"{a / b:.1f}×") if b else "–"


def render(
    results: list[SizeResult], command: str, started: datetime, host: str, rev: str | None
) -> str:
    """The Markdown results block: one table per size, a summary, the profile if any."""
    out = [
        f"### Run of {started:%Y-%m-%d %H:%M} UTC ({git_commit(rev)})",
        "",
        f"Command: `{command}`  ",
        f"Machine: {host}  ",
        f"Pelican settings: pelicanconf.py of the measured code; {build_setup()}",
        "",
    ]
    for r in results:
        out += [
            f"#### {r.size:,} articles".replace(",", " "),
            "",
            f"Input: {r.source}; {r.articles} Markdown files built.",
            "",
            "| Step | Wall (s) | CPU (s) | Peak RSS (MiB) | All processes (MiB) | Rate | Output |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for m in r.steps:
            rate = f"{r.articles / m.wall:,.0f} articles/s" if m.wall and not m.note else ""
            if m.step.startswith(
                ("Generate", "Pelican: rebuild", "Pelican: cache", "Search index,")
            ):
                rate = ""
            output = m.note or m.output
            out.append(
                f"| {m.step} | {m.wall:.1f} | {m.cpu:.1f} | {m.rss_mib:.0f} | {m.pss_mib:.0f} "
                f"| {rate} | {output} |"
            )
        cold, hugo = r.get("Pelican: cold build"), r.get("Hugo: build (same Markdown)")
        if cold and hugo:
            out.append(
                f"| **Pelican cold / Hugo** | **{_ratio(cold.wall, hugo.wall)}** | "
                f"**{_ratio(cold.cpu, hugo.cpu)}** | "
                f"**{_ratio(cold.max_rss_kib, hugo.max_rss_kib)}** | "
                f"**{_ratio(cold.peak_pss_kib, hugo.peak_pss_kib)}** | | |"
            )
        out.append("")
    out += [
        "#### Summary",
        "",
        "Build + search is what `invoke build` costs: Pelican, then the search index (Pagefind "
        "runs only for the years where what it indexes changed). Targets of issue 6: cold build + "
        "search / Hugo ≤ 1.0; +1 article / cold ≤ 0.10 and +1 article / Hugo ≤ 0.33.",
        "",
        "| Articles | Import (articles/s) | Cold build + search (s) | No change (s) "
        "| +1 article (s) | 1 edited (s) | Hugo (s) | cold / Hugo | +1 / cold | +1 / Hugo |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:

        def total(*steps: str, r: SizeResult = r) -> float | None:
            found = [r.get(step) for step in steps]
            return sum(m.wall for m in found if m) if found[0] else None

        def show(value: float | None) -> str:
            return f"{value:.1f}" if value is not None else "–"

        def ratio(a: float | None, b: float | None) -> str:
            return _ratio(a, b) if a is not None and b else "–"

        imp = r.get("Import")
        cold = total("Pelican: cold build", "Search index (Pagefind)")
        plus = total("Pelican: rebuild, +1 article", "Search index, +1 article")
        hugo = total("Hugo: build (same Markdown)")
        out.append(
            f"| {r.size} | {f'{r.articles / imp.wall:.0f}' if imp and imp.wall else '–'} | "
            f"{show(cold)} | "
            f"{show(total('Pelican: rebuild, no change', 'Search index, no change'))} | "
            f"{show(plus)} | "
            f"{show(total('Pelican: rebuild, 1 edited', 'Search index, 1 edited'))} | "
            f"{show(hugo)} | {ratio(cold, hugo)} | {ratio(plus, cold)} | {ratio(plus, hugo)} |"
        )
    out.append("")
    for r in results:
        if r.profile:
            out += [
                f"#### Where the cold build's time goes ({r.size} articles, cProfile)",
                "",
                r.profile,
            ]
    return "\n".join(out)


def write_report(path: Path, block: str, append: bool) -> None:
    """Put the results block into ``path`` between the result markers, keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN not in text:
        text = text.rstrip() + f"\n\n## Results\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    old, tail = rest.split(END, 1)
    new = (old.strip() + "\n\n" + block if append and old.strip() else block).strip()
    path.write_text(f"{head}{BEGIN}\n{new}\n{END}{tail}", encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes", default="1000", help="comma-separated corpus sizes (default 1000)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="importer worker processes (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, help="Markdown file to write the results into")
    parser.add_argument("--append", action="store_true", help="add to the results in --output")
    parser.add_argument("--keep", type=Path, metavar="WORKDIR", help="work in WORKDIR and keep it")
    parser.add_argument(
        "--source", choices=("auto", "import", "markdown"), default="auto",
        help="raw articles through the importer, or Markdown straight from the generator",
    )  # fmt: skip
    parser.add_argument(
        "--profile", type=int, metavar="N", help="also cProfile the cold build at size N"
    )
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--no-search", action="store_true", help="skip Pagefind")
    parser.add_argument(
        "--commit", metavar="REV", help="measure this commit (exported) instead of the working tree"
    )
    parser.add_argument(
        "--skip-rebuilds", action="store_true", help="cold build only (rebuilds take as long)"
    )
    parser.add_argument(
        "--with-cache", action="store_true", help="also time builds with Pelican's content cache"
    )
    args = parser.parse_args(argv)
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    started = datetime.now(UTC)
    host = machine()
    # SIGTERM (a CI timeout, kill PID) unwinds like Ctrl-C: the running step is stopped, the
    # results so far are reported, the work folder is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = (args.keep or DEFAULT_WORK / f"run-{os.getpid()}").resolve()
    if args.commit:
        global TREE  # every step measures the exported code
        # Pin the hash now: HEAD moves while a long run works.
        args.commit = subprocess.run(
            ["git", "rev-parse", "--short", args.commit],
            cwd=REPO, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        TREE = export_commit(args.commit, work / "tree")
    work.mkdir(parents=True, exist_ok=True)
    command = "python -m benchmarks.run " + shlex.join(argv if argv is not None else sys.argv[1:])
    results = []
    try:
        for size in args.size_list:
            logger.info("--- %s articles (work in %s)", size, work / str(size))
            results.append(SizeResult(size))  # reported even if interrupted half-way
            bench_size(size, args, work, results[-1])
    finally:
        if results:
            block = render(results, command, started, host, args.commit)
            print(block)
            if args.output:
                write_report(args.output, block, args.append)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    failed = [m.step for r in results for m in r.steps if m.returncode]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
