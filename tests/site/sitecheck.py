"""Whole-site checks over a built output folder: HTML validity and internal links.

The checkers moved to ``plugins/site_check/site_check.py`` so that ``invoke check`` and
``invoke publish`` run the very same checks on a real build without importing the tests; this
module re-exports them under their old names for the whole-site tests.

Chosen over the W3C checker (vnu is Java, not installed, and needs no network here anyway) and
over link-check packages that need a server or a network: html5lib is the reference
implementation of the WHATWG parsing algorithm in pure Python, so its parse errors are exactly
the syntax errors a validator reports; on top of it a few conformance rules a parser does not
check (unique ids, one h1, heading levels in order, alt on images, lang on html), and a crawler
that resolves every internal reference (href, src, fragment) against the files on disk.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PLUGINS = str(Path(__file__).resolve().parents[2] / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)

from site_check.site_check import (  # noqa: E402
    LINK_ATTRIBUTES,
    Problem,
    broken_links,
    conformance_problems,
    external_requests,
    html_files,
    inline_code,
    is_internal,
    parse_errors,
    references,
    resolve,
    summarize,
    validate_site,
)

__all__ = [
    "LINK_ATTRIBUTES",
    "Problem",
    "broken_links",
    "conformance_problems",
    "external_requests",
    "html_files",
    "inline_code",
    "is_internal",
    "parse_errors",
    "references",
    "resolve",
    "summarize",
    "validate_site",
]
