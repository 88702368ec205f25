"""A cache of `check` results, keyed by the content of every file and of the generator itself.

When nothing changed since the last run, `check` prints the stored result without loading a
model. The key is a hash over the generator's source and each content file's path and content
hash; a file's content hash is reused while its size and modification time are unchanged (as
git's index does), so an unchanged tree is recognised without reading it. The cache lives in
`.cache/check.json` beside the content folder: deleting it only makes the next run cold.

This module imports nothing heavy: the point is to answer before pydantic is loaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
from functools import cache
from pathlib import Path
from typing import Any

from .errors import Problem, Severity

VERSION = 1
GENERATOR = Path(__file__).resolve().parent


def cache_file(content_dir: Path) -> Path:
    return content_dir.resolve().parent / ".cache" / "check.json"


@cache
def _generator_digest() -> str:
    """The generator's source and the versions of the libraries that decide what is valid."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for package in ("pydantic", "pydantic-core", "pycountry", "PyYAML", "confusable-homoglyphs"):
        digest.update(f"{package}=={version(package)}\n".encode())
    for path in sorted(GENERATOR.rglob("*.py")):
        digest.update(path.relative_to(GENERATOR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_states(content_dir: Path, known: dict[str, Any]) -> dict[str, list[Any]]:
    """Path -> [size, mtime_ns, sha256 or None] of every entry under the content folder; the
    hash is the stored one while size and time are unchanged, else None (not read here).

    Links are not followed and only regular files are ever read: anything else is recorded by
    what it is (a link by its target's name), so replacing it still changes the key."""
    found: dict[str, list[Any]] = {}
    for entry in sorted(os.scandir(content_dir), key=lambda e: e.name):
        if not entry.is_dir(follow_symlinks=False):
            found[entry.name] = [0, 0, "not a folder:" + _marker(entry)]
            continue
        for item in os.scandir(entry.path):
            key = f"{entry.name}/{item.name}"
            if not item.is_file(follow_symlinks=False):
                found[key] = [0, 0, _marker(item)]
                continue
            info = item.stat(follow_symlinks=False)
            old = known.get(key)
            if old and old[0] == info.st_size and old[1] == info.st_mtime_ns:
                found[key] = old
            else:
                found[key] = [info.st_size, info.st_mtime_ns, None]
    return found


def _marker(entry: os.DirEntry[str]) -> str:
    if entry.is_symlink():
        try:
            return "link:" + os.readlink(entry.path)
        except OSError:
            return "link"
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    return "regular file" if entry.is_file(follow_symlinks=False) else "special file"


def _key(content_dir: Path, files: dict[str, list[Any]]) -> str:
    digest = hashlib.sha256(f"{VERSION}\n{_generator_digest()}\n".encode())
    # Problems name files relative to the working folder, so where we run from is part of it.
    digest.update(f"{content_dir.resolve()}\n{Path.cwd().resolve()}\n".encode())
    for path in sorted(files):
        digest.update(f"{path}\0{files[path][2]}\n".encode())
    return digest.hexdigest()


# A committed `.cache` may hold links: the cache is only read and written through a descriptor
# of the `.cache` folder opened without following a link, and never opens a file through one.
_NOFOLLOW = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW


def _open_folder(path: Path, create: bool) -> int | None:
    """A descriptor of the cache folder, or None when it is missing, a link or not a folder."""
    if create:
        try:
            path.mkdir(parents=True)
        except FileExistsError:
            pass  # an existing folder is used; a link or a file of that name is refused below
        except OSError:
            return None
    try:
        return os.open(path, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW)
    except OSError:
        return None


def _read_regular(name: str, folder: int | None = None) -> bytes | None:
    """The bytes of a regular file, or None for a link, a device, a FIFO or an unreadable file."""
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW, dir_fd=folder)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return file.read()


def _write(folder: int, name: str, text: str) -> None:
    """Write `text` to a new file with a random name, then rename it to `name`: a reader never
    sees half a file, and the rename replaces a link of that name rather than its target."""
    temporary = f".check-{secrets.token_hex(8)}.tmp"
    descriptor = os.open(temporary, _NEW_FILE, 0o644, dir_fd=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise


def _well_formed(stored: Any) -> bool:
    # The file may have been committed by anyone: only a record of the expected shape is used.
    return (
        isinstance(stored, dict)
        and stored.get("version") == VERSION
        and isinstance(stored.get("files"), dict)
        and all(isinstance(s, list) and len(s) == 3 for s in stored["files"].values())
        and isinstance(stored.get("problems"), list)
        and all(isinstance(p, list) and len(p) == 5 for p in stored["problems"])
        and isinstance(stored.get("counts"), dict)
    )


def _load(path: Path) -> dict[str, Any]:
    folder = _open_folder(path.parent, create=False)
    if folder is None:
        return {}
    try:
        raw = _read_regular(path.name, folder)
    finally:
        os.close(folder)
    try:
        stored = json.loads(raw) if raw is not None else {}
    except (ValueError, RecursionError):
        return {}
    return stored if _well_formed(stored) else {}


def _write_gitignore(folder: int) -> None:
    """Ask git to ignore the folder, unless a `.gitignore` (even a link) is there already."""
    try:
        descriptor = os.open(".gitignore", _NEW_FILE, 0o644, dir_fd=folder)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write("*\n")


class CheckCache:
    def __init__(self, content_dir: Path) -> None:
        self.path = cache_file(content_dir)
        self.stored = _load(self.path)
        self.content_dir = content_dir
        self.files = _file_states(content_dir, self.stored.get("files", {}))
        self.read: dict[str, str] = {}
        """Filled by the check with the hash of each file it read."""

    def result(self) -> tuple[list[Problem], dict[str, int]] | None:
        """The stored result when nothing changed, else None."""
        if any(state[2] is None for state in self.files.values()):
            return None  # a file is new or touched: its content must be read
        if self.stored.get("key") != _key(self.content_dir, self.files):
            return None
        problems = [
            Problem(p[0], p[1], p[2], p[3], Severity(p[4])) for p in self.stored["problems"]
        ]
        return problems, self.stored["counts"]

    def save(self, problems: list[Problem], counts: dict[str, int]) -> None:
        for path, state in self.files.items():
            if state[2] is None:
                digest = self.read.get(path)
                if digest is None:  # not a content file the check read (e.g. a stray file)
                    raw = _read_regular(str(self.content_dir / path))
                    if raw is None:  # replaced by a link or a FIFO since the listing
                        return
                    digest = hashlib.sha256(raw).hexdigest()
                state[2] = digest
        record = {
            "version": VERSION,
            "key": _key(self.content_dir, self.files),
            "files": self.files,
            "problems": [[p.path, p.line, p.column, p.message, p.severity.value] for p in problems],
            "counts": counts,
        }
        folder = _open_folder(self.path.parent, create=True)
        if folder is None:
            return  # a read-only checkout, or a `.cache` that is a link: no cache
        try:
            _write_gitignore(folder)
            _write(folder, self.path.name, json.dumps(record))
        except OSError:
            pass  # a read-only checkout still checks, just without a cache
        finally:
            os.close(folder)
