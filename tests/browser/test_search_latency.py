"""benchmarks/search_latency.py, run as its command on the sample site: it must time real answers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def bundles(site: Path) -> list[dict]:
    return json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))


def test_the_search_latency_benchmark_times_real_answers(browser, built_site: Path) -> None:
    # `browser` only makes the test skip (or fail on CI) where there is no Chromium.
    command = [sys.executable, "-m", "benchmarks.search_latency", str(built_site)]
    result = subprocess.run(
        [*command, "--repeat", "1", "--query", "hdnd", "--query", "zzqxj", "--cores", "4"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    rows = [line for line in result.stdout.splitlines() if line.startswith("| `")]
    assert len(rows) == 2
    found, missing = ([cell.strip() for cell in row.split("|")[1:-1]] for row in rows)
    # The answers are the page's own status lines: the samples that print HĐND, and none.
    assert found[1] == "Tìm thấy 2 bài cho “hdnd”"
    assert missing[1].startswith("Không tìm thấy bài nào cho “zzqxj”")
    # Times are measured, and the first answer fetched the index from the bundle.
    assert float(found[2]) > 0 and float(found[3]) > 0
    assert int(found[4]) > 0 and float(found[5].replace(",", "")) > 0
    # As a four-core device: one worker per yearly bundle of the samples, four at most.
    assert found[6] == "4" and int(found[7]) == min(4, len(bundles(built_site)))
