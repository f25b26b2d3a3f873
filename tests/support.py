"""Helpers the test modules share: build a site with the project's settings.

(Like Pelican's own ``tests/support.py``: plain functions, importable from any test module,
where fixtures in conftest.py are not. Serving a folder: ``newsarchive.headless.serve``.)
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_site(content: Path, output: Path, cache: Path, **overrides: object) -> None:
    """Build ``content`` into ``output`` with the project's pelicanconf.py."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(cache),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "DELETE_OUTPUT_DIRECTORY": True,
            "LOAD_CONTENT_CACHE": False,
            **overrides,
        },
    )
    Pelican(settings).run()
