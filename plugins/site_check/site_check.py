"""Checks of a built site and of the settings, run before anything is built or published.

Two halves, one module, so that the build, the maintainer tasks and the tests share one truth:

* The **settings check** (``settings_problems``) finds mistakes in ``pelicanconf.py`` /
  ``publishconf.py`` that Pelican either accepts silently or reports only half-way through a
  build: a plugin in ``PLUGINS`` that does not exist, a missing ``THEME``, a ``TIMEZONE`` that
  is no time zone, a ``SITEURL`` ending in ``/`` (every URL would get ``//``), a misspelt or
  mistyped ``PREFIX_*`` setting of one of our plugins. ``tasks.py`` runs it before
  ``invoke build``/``preview``/``publish`` start any work; as a plugin it also runs on
  Pelican's ``initialized`` signal, so a plain ``pelican`` run stops before reading content.
* The **site checks** run over a built output folder: internal links and fragments that point
  at nothing, an archive without a single article page, and inline code that a strict
  Content-Security-Policy would block (docs/SECURITY.md). ``invoke check`` prints them;
  ``invoke publish`` refuses to publish while there are any. The whole-site tests
  (``tests/site/sitecheck.py``) use the same functions, plus the HTML validator
  (``validate_site``, which needs html5lib from the ``test`` extra).
"""

from __future__ import annotations

import difflib
import importlib
import importlib.machinery
import importlib.util
import logging
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from pelican import signals

logger = logging.getLogger(__name__)

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
# What marks an article page in the theme (theme/templates/article.html).
ARTICLE_MARKER = '<meta property="og:type" content="article">'
# Script types a browser runs; any other type (application/ld+json, application/json) is a data
# block, which no Content-Security-Policy blocks and no browser executes.
SCRIPT_TYPES = frozenset(
    {"", "module", "importmap", "text/javascript", "application/javascript", "text/ecmascript"}
)
# Attributes whose value a browser may navigate to or submit to.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")
# Host names reserved for examples (RFC 2606): a production SITEURL there is a placeholder.
EXAMPLE_HOSTS = re.compile(r"(^|\.)example\.(org|com|net)$|^localhost$|^127\.0\.0\.1$")


class SettingsError(ValueError):
    """A setting is wrong; the message names it."""


@dataclass(frozen=True)
class Problem:
    """One problem found in one file of the site."""

    page: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}"


# --- Settings ------------------------------------------------------------------------------


def _absolute(base: Path, value: str) -> Path:
    return (base / value).resolve()


def plugin_spec(name: str, plugin_paths: Iterable[Path]) -> importlib.machinery.ModuleSpec | None:
    """Where Pelican would find plugin ``name`` (namespace package, PLUGIN_PATHS, installed)."""
    candidates = [name] if name.startswith("pelican.plugins.") else [f"pelican.plugins.{name}"]
    for candidate in candidates:
        try:
            spec = importlib.util.find_spec(candidate)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            return spec
    top = name.split(".")[0]
    spec = importlib.machinery.PathFinder.find_spec(top, [str(p) for p in plugin_paths])
    if spec is not None:
        return spec
    try:
        return importlib.util.find_spec(name)
    except (ModuleNotFoundError, ValueError):
        return None


def _plugin_defaults(name: str, plugin_paths: list[Path]) -> dict[str, Any]:
    """The DEFAULTS of one of our plugins (module ``NAME.NAME`` in PLUGIN_PATHS), or {}."""
    if "." in name or not any((p / name / f"{name}.py").is_file() for p in plugin_paths):
        return {}
    import sys

    added = [str(p) for p in plugin_paths if str(p) not in sys.path]
    sys.path[:0] = added
    try:
        module = importlib.import_module(f"{name}.{name}")
    except Exception:  # the plugin itself is broken: Pelican will say how when it loads it
        return {}
    finally:
        for path in added:
            sys.path.remove(path)
    defaults = getattr(module, "DEFAULTS", {})
    return dict(defaults) if isinstance(defaults, Mapping) else {}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "True or False"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a text in quotes"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a dict"
    return type(value).__name__


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, list | tuple):
        return isinstance(value, list | tuple)
    if isinstance(default, Mapping):
        return isinstance(value, Mapping)
    return isinstance(value, type(default))


def _pelican_keys(settings: Mapping[str, Any]) -> set[str]:
    """Settings Pelican itself knows, including ``NAME_URL``/``NAME_SAVE_AS`` of templates."""
    from pelican.settings import DEFAULT_CONFIG

    keys = set(DEFAULT_CONFIG)
    for template in settings.get("DIRECT_TEMPLATES", []) or []:
        keys |= {f"{template.upper()}_URL", f"{template.upper()}_SAVE_AS"}
    return keys


def plugin_setting_problems(settings: Mapping[str, Any], plugin_paths: list[Path]) -> list[str]:
    """Misspelt or mistyped ``PREFIX_*`` settings of the listed plugins that have DEFAULTS."""
    problems: list[str] = []
    known = _pelican_keys(settings)
    for name in settings.get("PLUGINS") or []:
        if not isinstance(name, str):
            continue
        defaults = _plugin_defaults(name, plugin_paths)
        if not defaults:
            continue
        prefix = f"{name.upper()}_"
        for key in sorted(k for k in settings if k.startswith(prefix) and k not in known):
            value = settings[key]
            if key not in defaults:
                guess = difflib.get_close_matches(key, list(defaults), n=1)
                hint = f" (did you mean {guess[0]}?)" if guess else ""
                problems.append(
                    f"{key}: plugin {name} has no such setting{hint}; it knows "
                    + ", ".join(sorted(defaults))
                )
            elif (
                value is not None
                and defaults[key] is not None
                and not _same_kind(value, defaults[key])
            ):
                problems.append(
                    f"{key}: should be {_type_name(defaults[key])} like the default "
                    f"{defaults[key]!r}, not {value!r}"
                )
    return problems


def settings_problems(
    settings: Mapping[str, Any], base: Path, production: bool = False
) -> list[str]:
    """Every mistake found in the settings, each message starting with the setting's name.

    ``base`` is the folder relative paths are read from (the settings file's folder);
    ``production`` adds the checks of a site about to be published (an absolute SITEURL that is
    not a placeholder).
    """
    problems: list[str] = []
    plugin_paths = [_absolute(base, p) for p in settings.get("PLUGIN_PATHS") or []]
    for path in plugin_paths:
        if not path.is_dir():
            problems.append(f"PLUGIN_PATHS: folder {path} does not exist")
    plugins = settings.get("PLUGINS")
    if plugins is not None and not isinstance(plugins, list | tuple):
        problems.append(f"PLUGINS: should be a list of plugin names, not {plugins!r}")
        plugins = []
    for name in plugins or []:
        if isinstance(name, str) and plugin_spec(name, plugin_paths) is None:
            where = ", ".join(str(p) for p in plugin_paths) or "no PLUGIN_PATHS"
            problems.append(
                f"PLUGINS: no plugin named {name!r} (looked in {where} and the installed "
                "pelican.plugins packages)"
            )
    theme = settings.get("THEME")
    if theme is not None:
        import pelican

        builtin = Path(pelican.__file__).parent / "themes" / str(theme)
        if not _absolute(base, str(theme)).is_dir() and not builtin.is_dir():
            problems.append(f"THEME: no theme folder {_absolute(base, str(theme))}")
        elif not (
            (_absolute(base, str(theme)) / "templates").is_dir() or (builtin / "templates").is_dir()
        ):
            problems.append(f"THEME: {theme} has no templates/ folder")
    timezone = settings.get("TIMEZONE")
    if timezone is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(str(timezone))
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(
                f"TIMEZONE: {timezone!r} is not a time zone name (the archive uses "
                "'Asia/Ho_Chi_Minh')"
            )
    siteurl = settings.get("SITEURL", "")
    if not isinstance(siteurl, str):
        problems.append(f"SITEURL: should be a text, not {siteurl!r}")
    elif siteurl.endswith("/"):
        problems.append(
            f"SITEURL: {siteurl!r} ends with '/'; write it without (every URL would get '//')"
        )
    if production and isinstance(siteurl, str):
        parts = urlsplit(siteurl)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            problems.append(
                f"SITEURL: {siteurl!r} is not an absolute http(s) address; a published site needs "
                "one for feeds, canonical links and the sitemap (set ARCHIVE_SITEURL)"
            )
        elif EXAMPLE_HOSTS.search(parts.hostname or ""):
            problems.append(
                f"SITEURL: {siteurl!r} is a placeholder or local address; set ARCHIVE_SITEURL to "
                "where the archive is served"
            )
    problems += plugin_setting_problems(settings, plugin_paths)
    return problems


def check_settings(pelican: Any) -> None:
    """On ``initialized``: stop the build before any content is read when a setting is wrong."""
    # Pelican has made every path setting absolute by now.
    problems = settings_problems(pelican.settings, Path.cwd())
    if problems:
        raise SettingsError("Settings error:\n  " + "\n  ".join(problems))


# --- Built site ----------------------------------------------------------------------------


def _parser() -> str:
    """lxml when installed (a project dependency): several times faster than html.parser."""
    return "lxml" if importlib.util.find_spec("lxml") else "html.parser"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), _parser())


def html_files(root: Path) -> list[Path]:
    """Every HTML page of the site, in a stable order."""
    return sorted(root.rglob("*.html"))


def parse_errors(text: str) -> list[str]:
    """Syntax errors of an HTML document by the HTML5 parsing algorithm (html5lib)."""
    import html5lib  # the `test` extra: only the whole-site tests validate HTML

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
        cache[file] = {element["id"] for element in _soup(file).find_all(id=True)}
    return cache[file]


def broken_links(root: Path, siteurl: str = "") -> list[Problem]:
    """Every internal reference of every page (and stylesheet) that points at nothing."""
    problems: list[Problem] = []
    ids: dict[Path, set[str]] = {}
    for path in html_files(root):
        page = path.relative_to(root).as_posix()
        for name, url in references(_soup(path)):
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


def _is_javascript_url(value: str) -> bool:
    # Browsers ignore ASCII white space and control characters inside the scheme.
    return re.sub(r"[\x00-\x20]", "", value).lower().startswith("javascript:")


def inline_code_in(soup: BeautifulSoup) -> Iterator[str]:
    """Inline scripts, event handlers, ``javascript:`` URLs and inline styles of one page.

    Each is something ``script-src 'self'`` / ``style-src 'self'`` (docs/SECURITY.md) blocks:
    a page holding one either breaks under that policy or carries injected code.
    """
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                yield f"<{element.name} {attribute}=...> event handler attribute"
            elif attribute.lower() in URL_ATTRIBUTES and _is_javascript_url(text):
                yield f"<{element.name} {attribute}={text[:40]!r}> javascript: URL"
            elif attribute.lower() == "style":
                yield f"<{element.name} style={text[:40]!r}> inline style attribute"
        if element.name == "script" and not element.get("src"):
            kind = (element.get("type") or "").split(";")[0].strip().lower()
            if kind in SCRIPT_TYPES:
                yield f"inline <script{f' type={kind!r}' if kind else ''}> without src"
        elif element.name == "style":
            yield "inline <style> element"


def inline_code(root: Path) -> list[Problem]:
    """Every inline script, event handler, ``javascript:`` URL or inline style of the site."""
    return [
        Problem(path.relative_to(root).as_posix(), message)
        for path in html_files(root)
        for message in inline_code_in(_soup(path))
    ]


def article_pages(root: Path, marker: str = ARTICLE_MARKER) -> list[Path]:
    """The article pages of a built site (the theme marks them with ``og:type`` article)."""
    return [path for path in html_files(root) if marker in path.read_text(encoding="utf-8")]


def publish_problems(root: Path, siteurl: str = "") -> list[Problem]:
    """What makes a built site unfit to publish: no site, no articles, broken internal links.

    Inline code is reported apart (``inline_code``): it is a theme defect to fix, not a reason
    to keep an otherwise correct archive offline.
    """
    if not root.is_dir():
        return [Problem(str(root), "no built site: run `invoke build` (or `invoke preview`)")]
    if not html_files(root):
        return [Problem(str(root), "the site holds no HTML page")]
    problems: list[Problem] = []
    if not article_pages(root):
        problems.append(Problem(str(root), "the archive holds no article page (empty archive)"))
    return problems + broken_links(root, siteurl)


def summarize(problems: Iterable[Problem], limit: int = 30) -> str:
    """The first problems, one a line, for an assertion or error message."""
    problems = list(problems)
    shown = "\n".join(str(p) for p in problems[:limit])
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return shown + more


def register() -> None:
    """Check the settings as soon as Pelican has read them and loaded the plugins."""
    signals.initialized.connect(check_settings)
