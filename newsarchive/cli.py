"""``python -m newsarchive import SRC [SRC ...] --output DIR [--report FILE] [--jobs N]``.

Exit status: 0 when nothing failed, 1 when some files failed (all others were still written),
2 on a usage error (bad options, a missing input, a setting that cannot work).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .errors import UsageError
from .importer import STATUSES, import_paths
from .settings import load_settings

logger = logging.getLogger("newsarchive")


class ProgressBar:
    """A one-line progress bar on a terminal; silent when the output is a file or a pipe."""

    def __init__(self, stream=sys.stderr, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.enabled = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\rĐang nhập [{bar}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsarchive",
        description="Import raw news articles into Pelican Markdown for the archive.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser(
        "import",
        help="import raw article texts and saved pages into content/",
        description="Clean raw article texts and saved HTML pages and write one Markdown "
        "file per article.",
    )
    imp.add_argument(
        "sources", nargs="+", type=Path, metavar="SRC", help="files or folders to import"
    )
    imp.add_argument(
        "--output",
        "-o",
        type=Path,
        required=True,
        metavar="DIR",
        help="content folder to write into",
    )
    imp.add_argument(
        "--report", type=Path, metavar="FILE.json", help="write a JSON report of every file"
    )
    imp.add_argument(
        "--jobs", "-j", type=int, default=0, metavar="N", help="worker processes (0: one per core)"
    )
    imp.add_argument(
        "--settings",
        type=Path,
        default=None,
        metavar="FILE",
        help="Pelican settings file with the IMPORT_* settings (default: ./pelicanconf.py)",
    )
    imp.add_argument(
        "--force", action="store_true", help="overwrite articles that were edited after import"
    )
    imp.add_argument("--quiet", "-q", action="store_true", help="print only failures")
    imp.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="FILE",
        help="remember what each raw file became; unchanged files are not read again",
    )
    return parser


def run_import(args: argparse.Namespace) -> int:
    settings_path = args.settings
    if settings_path is None and Path("pelicanconf.py").is_file():
        settings_path = Path("pelicanconf.py")
    settings = load_settings(settings_path)
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (one per core) or more")
    jobs = args.jobs or os.cpu_count() or 1
    report = import_paths(
        args.sources,
        args.output,
        settings,
        jobs=jobs,
        force=args.force,
        progress=ProgressBar(),
        cache_path=args.cache,
    )
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report.to_json() + "\n", encoding="utf-8")
    for entry in report.entries:
        if entry.status == "failed" or (not args.quiet and entry.status in ("skipped", "draft")):
            print(f"{entry.status}: {entry.file}: {entry.reason}", file=sys.stderr)
    counts = report.counts
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    print(f"{len(report.entries)} files: {summary or 'nothing to import'}", file=sys.stderr)
    return 1 if report.failed else 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.ERROR)
    args = build_parser().parse_args(argv)
    try:
        if args.command == "import":
            return run_import(args)
    except UsageError as exc:
        print(f"newsarchive: error: {exc}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
