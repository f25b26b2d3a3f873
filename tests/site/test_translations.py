"""Every string the theme shows goes through the catalog, and the committed .mo matches the .po.

The compiled catalog is committed (a build needs neither Babel nor a compile step); this test is
what keeps it honest: edit the .po, run ``pybabel compile -d theme/translations``, commit both.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest

babel = pytest.importorskip("babel")
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "theme" / "translations"
PO = TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.mo"


def catalog():
    with PO.open("rb") as f:
        return read_po(f, locale="vi")


def used_messages() -> set[str]:
    """msgids in the templates and in the plugins' N_() markers."""
    found = set()
    for folder, method in [(ROOT / "theme" / "templates", "jinja2"), (ROOT / "plugins", "python")]:
        pattern = "**.html" if method == "jinja2" else "**.py"
        for _file, _line, message, _comments, _context in extract_from_dir(
            folder,
            method_map=[(pattern, method)],
            keywords={"_": None, "gettext": None, "N_": None},
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_shown_string_has_a_vietnamese_translation():
    translations = {m.id: m.string for m in catalog() if m.id}
    used = used_messages()
    assert used, "extraction found nothing"
    missing = sorted(m for m in used if not translations.get(m))
    assert not missing, f"add to {PO.relative_to(ROOT)}: {missing}"


def messages(mo: io.BufferedIOBase) -> dict:
    """A compiled catalog's messages, its header without the ``Generated-By`` line.

    The header names the Babel release that compiled it; a new Babel is not a new translation
    (and the plural rule, which the header also holds and gettext reads, is still compared).
    """
    found = dict(gettext.GNUTranslations(mo)._catalog)
    found[""] = "".join(
        line for line in found[""].splitlines(keepends=True) if not line.startswith("Generated-By:")
    )
    return found


def test_compiled_catalog_matches_the_po_file():
    buffer = io.BytesIO()
    write_mo(buffer, catalog())
    buffer.seek(0)
    with MO.open("rb") as f:
        committed = messages(f)
    assert committed == messages(buffer), "run: pybabel compile -d theme/translations"
