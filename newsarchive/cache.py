"""What an earlier import made of each raw file, so that unchanged files are not read again.

A daily update adds a handful of articles to an archive of tens of thousands; extracting every
raw file again would take minutes for nothing. The cache remembers, per raw file, the hash of
its bytes, the *rules* it was imported with (a fingerprint of the importer's code, its settings
and the place list) and the file it became. A raw file whose bytes and rules are unchanged, and
whose Markdown file is as it was written, is reported ``unchanged`` without being extracted.
Anything else, or ``--force``, extracts it again. Losing the cache loses nothing but time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from .settings import ImportSettings
from .store import atomic_write

CACHE_VERSION = 1


def rules_fingerprint(settings: ImportSettings) -> str:
    """Changes whenever the importer could write something else for the same raw bytes."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for source in sorted(package.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    digest.update(json.dumps(asdict(settings), sort_keys=True, default=str).encode())
    from importlib import metadata  # here: importing it costs 50 ms that runs without a cache skip

    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("vietnamadminunits").encode())
    return digest.hexdigest()[:20]


def raw_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass
class Cached:
    """One raw file's last import."""

    raw: str
    rules: str
    story: str
    output: str
    size: int
    mtime_ns: int
    entry: dict

    def still_valid(self, data_hash: str, rules: str) -> bool:
        if self.raw != data_hash or self.rules != rules:
            return False
        try:
            stat = os.stat(self.output)
        except OSError:
            return False
        return stat.st_size == self.size and stat.st_mtime_ns == self.mtime_ns


class ImportCache:
    """A JSON file of :class:`Cached` records, keyed by the raw file's resolved path."""

    def __init__(self, path: Path, records: dict[str, Cached] | None = None) -> None:
        self.path = path
        self.records = records or {}

    @classmethod
    def load(cls, path: Path) -> ImportCache:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != CACHE_VERSION:
                return cls(path)
            return cls(path, {k: Cached(**v) for k, v in data["files"].items()})
        except (OSError, ValueError, TypeError, KeyError):
            return cls(path)  # no cache, or a broken one: import everything

    def lookup(self, raw_path: Path, data_hash: str, rules: str) -> Cached | None:
        record = self.records.get(str(raw_path.resolve()))
        return record if record and record.still_valid(data_hash, rules) else None

    def record(
        self, raw_path: Path, data_hash: str, rules: str, story: str, output: Path, entry: dict
    ) -> None:
        stat = output.stat()
        self.records[str(raw_path.resolve())] = Cached(
            data_hash, rules, story, str(output), stat.st_size, stat.st_mtime_ns, entry
        )

    def save(self) -> None:
        data = {"version": CACHE_VERSION, "files": {k: asdict(v) for k, v in self.records.items()}}
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
