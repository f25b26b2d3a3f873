"""Whole-site checks over a built output folder: HTML validity and internal links.

Chosen over the W3C checker (vnu is Java, not installed, and needs no network here anyway) and
over link-check packages that need a server or a network: html5lib is the reference
implementation of the WHATWG parsing algorithm in pure Python, so its parse errors are exactly
the syntax errors a validator reports; on top of it a few conformance rules a parser does not
check (unique ids, one h1, heading levels in order, alt on images, lang on html), and a crawler
that resolves every internal reference (href, src, fragment) against the files on disk.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
from bs4 import BeautifulSoup

# Attributes that make the browser fetch or navigate, per element.
LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass(frozen=True)
class Problem:
    """One problem found in one file of the site."""

    page: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}"


def html_files(root: Path) -> list[Path]:
    """Every HTML page of the site, in a stable order."""
    return sorted(root.rglob("*.html"))


def parse_errors(text: str) -> list[str]:
    """Syntax errors of an HTML document by the HTML5 parsing algorithm (html5lib)."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(text)
    return [
        f"line {line}:{col} {code} {data or ''}".strip()
        for (line, col), code, data in parser.errors
    ]


def conformance_problems(soup: BeautifulSoup) -> Iterator[str]:
    """Rules a parser does not check but a validator and WCAG do."""
    html = soup.find("html")
    if html is None or not html.get("lang"):
        yield "<html> without lang"
    if soup.find("title") is None or not soup.find("title").get_text(strip=True):
        yield "no <title>"
    seen: set[str] = set()
    for element in soup.find_all(id=True):
        if element["id"] in seen:
            yield f"duplicate id {element['id']!r}"
        seen.add(element["id"])
    headings = soup.find_all(re.compile(r"^h[1-6]$"))
    if sum(1 for h in headings if h.name == "h1") != 1:
        yield "not exactly one <h1>"
    previous = 0
    for heading in headings:
        level = int(heading.name[1])
        if level > previous + 1:
            yield f"heading <{heading.name}> after <h{previous}>: {heading.get_text(strip=True)!r}"
        previous = level
    for image in soup.find_all("img"):
        if image.get("alt") is None:
            yield f"<img src={image.get('src')!r}> without alt"
    for name in ("main", "header", "footer", "nav"):
        if soup.find(name) is None:
            yield f"no <{name}> landmark"


def validate_site(root: Path) -> list[Problem]:
    """Parse errors and conformance problems of every page."""
    problems: list[Problem] = []
    for path in html_files(root):
        page = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        problems += [Problem(page, f"parse error {e}") for e in parse_errors(text)]
        soup = BeautifulSoup(text, "html.parser")
        problems += [Problem(page, message) for message in conformance_problems(soup)]
    return problems


def references(soup: BeautifulSoup) -> Iterator[tuple[str, str]]:
    """(element name, URL) of everything a page links to or loads."""
    for name, attribute in LINK_ATTRIBUTES.items():
        for element in soup.find_all(name):
            value = element.get(attribute)
            if value:
                yield name, value


def is_internal(url: str, siteurl: str = "") -> bool:
    """A reference inside the site: relative, root-relative, or under SITEURL."""
    parts = urlsplit(url)
    if parts.scheme in {"mailto", "tel", "data", "javascript"}:
        return False
    if parts.scheme or parts.netloc:
        return bool(siteurl) and url.startswith(siteurl)
    return True


def resolve(root: Path, page: str, url: str, siteurl: str = "") -> tuple[Path, str]:
    """The file an internal URL points to from ``page``, and its fragment."""
    if siteurl and url.startswith(siteurl):
        url = url[len(siteurl) :] or "/"
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        target = path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    file = root / target
    if path.endswith("/") or file.is_dir() or not target:
        file = file / "index.html"
    return file, parts.fragment


def _ids(file: Path, cache: dict[Path, set[str]]) -> set[str]:
    if file not in cache:
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        cache[file] = {element["id"] for element in soup.find_all(id=True)}
    return cache[file]


def broken_links(root: Path, siteurl: str = "") -> list[Problem]:
    """Every internal reference of every page (and stylesheet) that points at nothing."""
    problems: list[Problem] = []
    ids: dict[Path, set[str]] = {}
    for path in html_files(root):
        page = path.relative_to(root).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for name, url in references(soup):
            if not is_internal(url, siteurl):
                continue
            file, fragment = resolve(root, page, url, siteurl)
            if not file.is_file():
                problems.append(Problem(page, f"<{name}> {url} -> missing {file}"))
            elif fragment and file.suffix == ".html" and fragment not in _ids(file, ids):
                problems.append(Problem(page, f"<{name}> {url} -> no id {fragment!r}"))
    for css in root.rglob("*.css"):
        page = css.relative_to(root).as_posix()
        for url in _CSS_URL.findall(css.read_text(encoding="utf-8")):
            if is_internal(url, siteurl) and not url.startswith("#"):
                file, _ = resolve(root, page, url, siteurl)
                if not file.is_file():
                    problems.append(Problem(page, f"url({url}) -> missing {file}"))
    return problems


def external_requests(root: Path) -> list[Problem]:
    """Anything a page would load from another host (fonts, scripts, styles, images, frames).

    Plain links (``<a href>``, ``<link rel="canonical|alternate">``) are not requests.
    """
    problems: list[Problem] = []
    for path in html_files(root):
        page = path.relative_to(root).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for name, url in references(soup):
            if name == "a":
                continue
            if name == "link":
                element = soup.find("link", href=url)
                rel = set(element.get("rel", [])) if element else set()
                if rel & {"canonical", "alternate"}:
                    continue
            if urlsplit(url).scheme in {"http", "https"} or url.startswith("//"):
                problems.append(Problem(page, f"<{name}> loads {url}"))
    for css in root.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in _CSS_URL.findall(text):
            if urlsplit(url).scheme in {"http", "https"} or url.startswith("//"):
                problems.append(Problem(css.relative_to(root).as_posix(), f"url({url})"))
        if "@import" in text:
            problems.append(Problem(css.relative_to(root).as_posix(), "@import"))
    return problems


def summarize(problems: Iterable[Problem], limit: int = 30) -> str:
    """The first problems, one a line, for an assertion message."""
    problems = list(problems)
    shown = "\n".join(str(p) for p in problems[:limit])
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return shown + more
