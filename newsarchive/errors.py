"""What can go wrong with one input file, as exceptions the importer turns into report lines.

Each error names the file and the reason, and decides the file's status in the report: an input
that is not an article at all is ``skipped``; one that cannot be read is ``failed``. Neither stops
the rest of the batch.
"""

from __future__ import annotations


class ImportError_(Exception):
    """Base class: one input file could not become an article."""

    status = "failed"

    def __init__(self, reason: str, path: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class UnreadableInput(ImportError_):
    """The bytes are not text in any encoding we know (binary junk, an unknown code page)."""


class EmptyInput(ImportError_):
    """The file holds nothing, or only white space."""

    status = "skipped"


class NotAnArticle(ImportError_):
    """The text has no title or no article text: page furniture only, a list page."""

    status = "skipped"


class InputTooLarge(ImportError_):
    """The file is larger than any article could be (a dump of a whole site, a binary)."""


class UsageError(Exception):
    """The command line or the settings cannot work; the run stops before touching anything."""
