"""How long a reader waits for search results on a built site, in a real browser.

The build benchmarks (``benchmarks.run``) time how long the index takes to make; this times what
it costs to use. It serves a built output folder on 127.0.0.1, opens the search page with a query
in headless Chromium (Debian's, as the browser tests use), each time in a new browser context so
that nothing is cached, and times until ``search.js`` has answered: that first answer includes
loading and merging every index bundle. Then it types a second query into the same page, which
is the cost of a search once the bundles are loaded. Requests and bytes fetched from the search
bundle are counted for the first answer.

``--cores N`` (repeatable) opens the page as a device with N cores would (``navigator.
hardwareConcurrency``): the search page starts one search worker per core, within
``SEARCH_WORKERS``, so ``--cores 1 --cores 4`` compares one worker with several in one run.
The table says how many workers each search started.

Usage (needs the test extras and Chromium: ``scripts/setup.sh --test``)::

    python -m benchmarks.search_latency OUTPUT [--query dang --query "can tho"] [--repeat 3]
                                               [--cores 1 --cores 4]

It prints a Markdown table; times are medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsarchive.headless import CHROMIUM, CHROMIUM_ARGS, serve

# search.js has answered: results, or a status that is not "searching" (as in the browser tests).
ANSWERED = (
    "() => { const s = document.querySelector('.search-status');"
    " const r = document.getElementById('search');"
    " return s && s.textContent && !r.hasAttribute('aria-busy')"
    " && !s.textContent.startsWith('Đang tìm'); }"
)
DEFAULT_QUERIES = ["dang", "can tho", "xay dung dang&sort=newest"]
SECOND_QUERY = "ban chap hanh"


class SearchUnavailable(RuntimeError):
    """The site's search page offers no search (built with SEARCH_ENABLED off, or no index)."""


@dataclass
class Timing:
    """One query's measurements over the repeats."""

    query: str
    cores: int | None = None
    status: str = ""
    first: list[float] = field(default_factory=list)
    second: list[float] = field(default_factory=list)
    requests: int = 0
    bytes: int = 0
    workers: int = 0


def search_address(base: str, search_url: str, query: str) -> str:
    """The search page's address for ``query`` (``words&option=value`` keeps its options)."""
    words, _, options = query.partition("&")
    address = f"{base}/{search_url}?q={words.replace(' ', '+')}"
    return f"{address}&{options}" if options else address


def measure(
    browser: Any,
    base: str,
    queries: Sequence[str],
    repeat: int,
    search_url: str = "tim-kiem/",
    cores: Sequence[int | None] = (None,),
) -> list[Timing]:
    """Time each query ``repeat`` times in fresh contexts, as a device with each of ``cores``
    (None: this machine's); see the module's docstring."""
    timings = [Timing(query, count) for query in queries for count in cores]
    for _ in range(repeat):
        for timing in timings:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
            if timing.cores is not None:
                context.add_init_script(
                    "Object.defineProperty(navigator, 'hardwareConcurrency',"
                    f" {{ get: () => {timing.cores} }})"
                )
            page = context.new_page()
            fetched: list[Any] = []
            page.on("requestfinished", lambda request, into=fetched: into.append(request))
            started = time.perf_counter()
            page.goto(search_address(base, search_url, timing.query))
            page.wait_for_function(ANSWERED, timeout=300_000)
            timing.first.append(time.perf_counter() - started)
            timing.status = page.locator(".search-status").inner_text()
            if page.locator("#search-page-q").is_hidden():
                raise SearchUnavailable(f"no search form; the page says {timing.status!r}")
            bundle = [r for r in fetched if "/pagefind/" in r.url]
            timing.requests = len(bundle)
            timing.bytes = sum(r.sizes()["responseBodySize"] for r in bundle)
            timing.workers = sum(r.url.endswith("pagefind-worker.js") for r in bundle)
            started = time.perf_counter()
            page.fill("#search-page-q", SECOND_QUERY)
            page.press("#search-page-q", "Enter")
            # Until search.js starts on it, the status line still answers the first query.
            page.wait_for_function(
                "() => document.getElementById('search').hasAttribute('aria-busy')"
                " || document.querySelector('.search-status').textContent"
                f".includes('{SECOND_QUERY}')",
                timeout=300_000,
            )
            page.wait_for_function(ANSWERED, timeout=300_000)
            timing.second.append(time.perf_counter() - started)
            context.close()
    return timings


def table(timings: Sequence[Timing]) -> str:
    """A Markdown table of the medians."""
    lines = [
        "| Query | Answer | First answer (s) | Next query (s) | Bundle requests | Bundle KiB "
        "| Cores | Workers |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for t in timings:
        lines.append(
            f"| `{t.query}` | {t.status} | {statistics.median(t.first):.2f} "
            f"| {statistics.median(t.second):.2f} | {t.requests} | {t.bytes / 1024:,.0f} "
            f"| {t.cores or 'this machine'} | {t.workers} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: see the module's docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a built site (Pelican's output folder)")
    parser.add_argument("--query", action="append", help="query, repeatable (default: three)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (default 3)")
    parser.add_argument("--search-url", default="tim-kiem/", help="the search page, from the root")
    parser.add_argument(
        "--cores", type=int, action="append", help="open as a device with N cores (repeatable)"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with serve(args.output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            timings = measure(
                browser,
                base,
                args.query or DEFAULT_QUERIES,
                args.repeat,
                args.search_url,
                args.cores or [None],
            )
        except SearchUnavailable as exc:
            parser.exit(1, f"search_latency: {args.output}: {exc}\n")
        finally:
            browser.close()
    print(table(timings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
