"""Where articles go in ``content/``, written once, idempotently, and never over a person's edit.

* Each story has a key (its folded title and its publication minute); a re-scrape of the same
  story, or the same file imported twice, finds its earlier file and keeps its URL.
* Slugs are ASCII, readable and stable; two different stories with the same headline get
  different slugs (the date, then a short hash, is added to the later one).
* A file is rewritten only when its bytes would change, so re-running the import over unchanged
  input leaves ``content/`` byte-identical.
* A file a person edited after import (its ``Import_Hash`` no longer matches) is never
  overwritten unless the maintainer forces it.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify
from unidecode import unidecode

from .article import Article
from .markdown import is_edited, read_header, render_article, with_slug
from .normalize import fold

STORY_FIELD = "Story"
MAX_SLUG_LENGTH = 80
DRAFTS_FOLDER = "drafts"


def story_key(article: Article) -> str:
    """Identity of a story across re-scrapes: headline and publication minute (or the lead's
    start for an undated draft)."""
    when = article.date.strftime("%Y-%m-%dT%H:%M") if article.date else fold(article.summary[:200])
    return hashlib.sha1(f"{fold(article.title)}|{when}".encode()).hexdigest()[:16]


def _bare_letters() -> dict[int, str]:
    """Each letter that decomposes (NFKD) into an ASCII letter and marks that transliterate to
    nothing (``ế`` -> ``e``) -> that letter.

    slugify decomposes a title and transliterates it, which drops such marks: a title given
    with these letters already bare slugifies alike, and a Vietnamese title is then ASCII, which
    slugify passes over the transliteration (a Python loop over every character, two fifths of
    the slug's cost).
    """
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x2000):
        parts = unicodedata.normalize("NFKD", chr(code))
        marks = parts[1:]
        if (
            marks
            and parts[0].isascii()
            and parts[0].isalpha()
            and all(unicodedata.combining(m) and not unidecode(m) for m in marks)
        ):
            table[code] = parts[0]
    return table


_BARE_LETTERS = _bare_letters()


def base_slug(title: str) -> str:
    """``Phát huy vai trò tổ chức đảng`` -> ``phat-huy-vai-tro-to-chuc-dang``."""
    slug = slugify(
        title.replace("Đ", "D").replace("đ", "d").translate(_BARE_LETTERS),
        max_length=MAX_SLUG_LENGTH,
        word_boundary=True,
        save_order=True,
    )
    return slug or "bai-viet"


@dataclass(frozen=True)
class Rendering:
    """An article's Markdown file, rendered ahead of the write for the slug its headline gives.

    ``data``: the file, encoded (UTF-8) where it was rendered, in a worker process: bytes cross
    to the one process that writes for a copy, where a text is decoded there and encoded again
    to be written (50 us an article, a tenth of that process's work). ``staged``: the file
    already written under a temporary name in the folder of ``target`` (:func:`stage`);
    ``new_folders``: the folders made for it, the deepest last.
    """

    key: str
    slug: str
    data: bytes
    staged: Path | None = None
    target: Path | None = None
    new_folders: tuple[Path, ...] = ()


def render_ahead(article: Article) -> Rendering:
    """Everything of a write that needs no knowledge of ``content/``: the story key, the slug the
    headline gives and the file for that slug. The import does this in its worker processes, so
    that the one process that writes only gives out slugs and writes files."""
    key = story_key(article)
    slug = base_slug(article.title)
    text = render_article(article, slug, extra=[(STORY_FIELD, key)])
    return Rendering(key, slug, text.encode("utf-8"))


def article_path(root: Path, article: Article, slug: str) -> Path:
    """Where an article with this slug is filed: a folder per year, undated ones apart."""
    folder = f"{article.date:%Y}" if article.date else DRAFTS_FOLDER
    return root / folder / f"{slug}.md"


@dataclass
class _Folder:
    """A folder of the content folder as the stager found it."""

    path: Path
    names: set[str] | None  # what it held when first seen (None: unknown, ask for each file)
    new: tuple[Path, ...]  # folders made for it, not reported yet
    usable: bool = True


class Stager:
    """Writes rendered files beside the place they will most likely take, under temporary names.

    Creating a file costs five times more than renaming one. The import stages each file as it
    arrives from a worker, while the others are still being read, so that the writing (in a
    fixed order, once every file is read) only renames it into place. Nothing is staged where a
    file already stands (the writer compares with it first) or when the folder cannot be written
    to (the writer then says why). Each folder is listed (or made) once, when its first file
    comes: staging a file then costs its creation and nothing else. (A file staged where one
    stands would be harmless: the writer still compares before it renames.)
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[str, _Folder] = {}

    def stage(self, rendering: Rendering, article: Article) -> Rendering:
        name = f"{article.date:%Y}" if article.date else DRAFTS_FOLDER
        folder = self._folders.get(name) or self._see(name)
        new_folders, folder.new = folder.new, ()  # (reported once: for the one to remove them)
        if not folder.usable:
            return Rendering(rendering.key, rendering.slug, rendering.data, new_folders=new_folders)
        target = folder.path / f"{rendering.slug}.md"  # (article_path, from a known folder)
        if (folder.names is None or target.name in folder.names) and target.exists():
            return rendering
        try:
            staged = write_temporary(target, rendering.data)
        except OSError:
            return Rendering(rendering.key, rendering.slug, rendering.data, new_folders=new_folders)
        return Rendering(rendering.key, rendering.slug, rendering.data, staged, target, new_folders)

    def _see(self, name: str) -> _Folder:
        """List a folder once, or make it (and the folders above it) if it is missing."""
        path = self.root / name
        try:
            folder = _Folder(path, set(os.listdir(path)), ())
        except FileNotFoundError:
            missing: list[Path] = []
            for above in (path, *path.parents):
                if above.exists():
                    break
                missing.append(above)
            folder = _Folder(path, set(), tuple(reversed(missing)))
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError:
                folder.usable = False
        except OSError:
            folder = _Folder(path, None, ())
        self._folders[name] = folder
        return folder


def stage(rendering: Rendering, article: Article, root: Path) -> Rendering:
    """Stage one file (see :class:`Stager`)."""
    return Stager(root).stage(rendering, article)


@dataclass(frozen=True)
class Stored:
    """An article file already in ``content/``."""

    path: Path
    slug: str


@dataclass(frozen=True)
class Outcome:
    """What writing one article did."""

    status: str  # imported, unchanged, draft, skipped
    reason: str
    path: Path | None


class ContentStore:
    """The Markdown files under one content folder, indexed by story and by slug."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.by_story: dict[str, Stored] = {}
        self.slugs: set[str] = set()
        self.paths: set[str] = set()  # resolved, as text: a path hashes slower than its text
        self._folders: dict[str, str] = {}
        self.placed: set[Path] = set()  # staged files renamed into place
        self.written_folders: set[Path] = set()  # folders written into, and their parents
        if root.is_dir():
            for path in sorted(root.rglob("*.md")):
                self._index(path)

    def _index(self, path: Path) -> None:
        self.paths.add(str(path.resolve()))
        try:
            with path.open(encoding="utf-8") as handle:
                head = handle.read(8192)
        except (OSError, UnicodeDecodeError):
            return
        header = read_header(head)
        slug = header.get("Slug") or path.stem
        self.slugs.add(slug)
        story = header.get(STORY_FIELD)
        if story:
            self.by_story.setdefault(story, Stored(path, slug))

    def allocate_slug(self, article: Article, key: str, base: str | None = None) -> str:
        """A slug no other story has: the headline's, then with the date, then with the key.

        ``base``: the headline's slug, when it was made already.
        """
        base = base or base_slug(article.title)
        if base not in self.slugs:  # nearly always: the others are made only when needed
            return base
        candidates = [f"{base}-{article.date:%Y%m%d}"] if article.date else []
        candidates.append(f"{base}-{key[:8]}")
        for slug in candidates:
            if slug not in self.slugs:
                return slug
        return f"{base}-{key}"

    def path_for(self, article: Article, slug: str) -> Path:
        return article_path(self.root, article, slug)

    def write(
        self, article: Article, *, force: bool = False, rendering: Rendering | None = None
    ) -> Outcome:
        """Write one article, or say why not.

        ``rendering``: the article rendered ahead (:func:`render_ahead`), for the slug its
        headline gives; when another slug is given out, only its slug line changes. With it,
        ``article`` needs no body (see :func:`~newsarchive.importer._extract`).
        """
        key = rendering.key if rendering else story_key(article)
        stored = self.by_story.get(key)
        base = rendering.slug if rendering else None
        slug = stored.slug if stored else self.allocate_slug(article, key, base)
        if stored:
            path = stored.path
        elif rendering and rendering.target and rendering.slug == slug:
            path = rendering.target  # where it was staged: path_for(article, slug)
        else:
            path = self.path_for(article, slug)
        found = None if stored else self._look(path)
        if found and found[0] in self.paths:
            slug = f"{slug}-{key[:8]}"
            path = self.path_for(article, slug)
            found = self._look(path)
        ahead = rendering if rendering and rendering.slug == slug else None
        if ahead:
            data = ahead.data
        elif rendering:
            data = with_slug(rendering.data.decode("utf-8"), slug).encode("utf-8")
        else:
            data = render_article(article, slug, extra=[(STORY_FIELD, key)]).encode("utf-8")
        done = "draft" if article.is_draft else "imported"

        if found[1] if found else path.exists():
            old = path.read_text(encoding="utf-8", errors="replace")
            if old == data.decode("utf-8"):
                return Outcome("unchanged", "already imported, nothing changed", path)
            if is_edited(old) and not force:
                return Outcome(
                    "skipped",
                    "the Markdown file was edited after import; not overwritten (use --force)",
                    path,
                )
            reason = "updated from a newer copy of the story"
        else:
            reason = (
                "new article" if not article.is_draft else "no publication date: kept as a draft"
            )
        if ahead and ahead.staged and (path is ahead.target or path == ahead.target):
            os.replace(ahead.staged, path)
            self.placed.add(ahead.staged)
        else:
            if path.parent not in self.written_folders:  # (else its parents are there too)
                self.written_folders.update((path.parent, *path.parent.parents))
            atomic_write(path, data)
        self.by_story[key] = Stored(path, slug)
        self.slugs.add(slug)
        self.paths.add(self._resolve(path))
        return Outcome(done, reason, path)

    def _look(self, path: Path) -> tuple[str, bool]:
        """``(str(path.resolve()), path.exists())``, from one ``lstat`` when ``path`` is no link.

        Asked of every new article, in the part of an import that runs on one core: two
        look-ups of the same missing file cost 20,000 system calls more at 20,000 articles.
        """
        try:
            mode = os.lstat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return self._resolve(path), False
        if stat.S_ISLNK(mode):
            return str(path.resolve()), path.exists()
        return self._resolve(path), True

    def _resolve(self, path: Path) -> str:
        """``str(path.resolve())`` of a path that is no link (a missing file, or one just renamed
        into place: a rename replaces a link, it does not follow it), each folder resolved once
        per run: a full resolve looks up every folder of the path, twice per article."""
        folder, name = os.path.split(os.fspath(path))
        resolved = self._folders.get(folder)
        if resolved is None:
            resolved = self._folders[folder] = str(Path(folder).resolve())
        return os.path.join(resolved, name)


# Temporary files are opened as tempfile.mkstemp opens them (only by this process, never through
# a link, mode 0600), under names of this process and a serial number: mkstemp's random names and
# a text wrapper cost more than writing a small file.
_TEMPORARY_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_SERIAL = itertools.count()


def write_temporary(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (a text is written as UTF-8) to a new hidden file beside ``path`` (whose
    folder exists); its name."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    while True:
        tmp = path.with_name(f".{path.name}.{os.getpid()}-{next(_SERIAL)}.tmp")
        try:
            fd = os.open(tmp, _TEMPORARY_FLAGS, 0o600)
            break
        except FileExistsError:  # left by an earlier process of the same number: another name
            continue
    try:
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
        finally:
            os.close(fd)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file so that a crash leaves either the old or the new content, never half.

    ``data``: a text (written as UTF-8) or its bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def discard_staged(renderings: list[Rendering], store: ContentStore | None) -> None:
    """Remove the staged files that were not renamed into place (stories skipped, slugs given
    out otherwise, files unchanged, or the import stopped), and the folders made only for them:
    the content folder ends up as if nothing had been staged."""
    placed = store.placed if store else set()
    written = store.written_folders if store else set()
    folders: dict[Path, None] = {}
    for rendering in renderings:
        if rendering.staged and rendering.staged not in placed:
            with contextlib.suppress(OSError):
                rendering.staged.unlink(missing_ok=True)
        folders.update(dict.fromkeys(rendering.new_folders))
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder not in written:
            with contextlib.suppress(OSError):  # not empty: a staged file was kept there
                folder.rmdir()
