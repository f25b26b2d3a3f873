"""Theme files linked with a version taken from their bytes, so that no reader keeps a stale one.

A browser may keep ``theme/js/search.js`` for days without asking again. When a build changes
that file together with something it reads (``pagefind/bundles.json`` changed its shape once),
a reader whose browser kept the old script gets a broken search page until it expires. Linking
``theme/js/search.js?v=3f1c0b9e2a`` instead, where the version is a digest of the file, gives a
changed file a new address, and an unchanged one keeps its address and its place in caches.

The plugin reads the theme's static folders (``THEME_STATIC_PATHS``) once, when Pelican starts,
and puts the versions into the settings as ``THEME_STATIC_VERSIONS`` (path -> version). Being a
setting, they are part of every page's render-cache key: changing a static file renders again
the pages that link it, as it must, since their links change. Templates link a file with the
``static_version`` filter::

    {{ SITEURL }}/{{ THEME_STATIC_DIR }}/{{ 'css/site.css'|static_version }}

A path the theme does not have stops the build, naming the path: a typo would otherwise publish
a link to nothing on every page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from pelican import signals

# Hex digits of the SHA-256 of a file kept in its version: 40 bits, so that two versions of one
# file are told apart (a clash would need a million versions of it).
VERSION_LENGTH = 10


class UnknownStaticFile(LookupError):
    """A template links a static file the theme does not have."""


def static_versions(theme: Path, static_paths: Iterable[str]) -> dict[str, str]:
    """Every file of the theme's static folders by its path in the output's static folder
    (as Pelican copies them: a folder's files under their path inside it, a file by its name),
    with a version made from its bytes."""
    versions: dict[str, str] = {}
    for static in static_paths:
        source = theme / static
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for path in files:
            if path.is_file():
                name = path.name if path == source else path.relative_to(source).as_posix()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                versions[name] = digest[:VERSION_LENGTH]
    return versions


def versioned(versions: Mapping[str, str]) -> Callable[[str], str]:
    """The ``static_version`` filter: ``css/site.css`` -> ``css/site.css?v=<version>``."""

    def static_version(path: str) -> str:
        version = versions.get(path)
        if version is None:
            raise UnknownStaticFile(
                f"static_version: the theme has no static file {path!r} "
                f"(known: {', '.join(sorted(versions)) or 'none'})"
            )
        return f"{path}?v={version}"

    return static_version


def theme_versions(settings: Mapping[str, Any]) -> dict[str, str]:
    """:func:`static_versions` of the theme and static folders ``settings`` name."""
    return static_versions(Path(settings["THEME"]), settings.get("THEME_STATIC_PATHS", ["static"]))


def add_versions(pelican: Any) -> None:
    """Read the theme's static files once, before any generator starts."""
    pelican.settings["THEME_STATIC_VERSIONS"] = theme_versions(pelican.settings)


def install(generator: Any) -> None:
    """Give one generator's templates the ``static_version`` filter."""
    versions = generator.settings.get("THEME_STATIC_VERSIONS")
    if versions is None:
        # Pelican's signals belong to the process: a generator made by other code after a build
        # in the same process (a tool, a test) comes here without this plugin's ``initialized``.
        versions = theme_versions(generator.settings)
    generator.env.filters["static_version"] = versioned(versions)


def register() -> None:
    """Connect the plugin's handlers to Pelican's signals."""
    signals.initialized.connect(add_versions)
    signals.generator_init.connect(install)
