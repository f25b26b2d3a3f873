"""A built site opened in headless Chromium: the browser tests and ``benchmarks.search_latency``.

Playwright's own browser download does not work on our machines, so both drive Debian's
Chromium (``CHROMIUM_PATH`` overrides where it is) with the flags below, against the output
folder served on a free local port. Kept here, in the installed package, so that the tests and
the benchmark start the browser the same way.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Headless, no sandbox (we run as root in containers), and nothing that calls home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request (a search fetches dozens of fragments)."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1 while the block runs; its base URL (no
    trailing slash). ``handler``: a ``QuietHandler`` that adds headers or error pages."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
