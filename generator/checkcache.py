"""A cache of `check` results, keyed by the content of every file and of the generator itself.

When nothing changed since the last run, `check` prints the stored result without loading a
model. The key is a hash over the generator's source and each content file's path and content
hash; a file's content hash is reused while its size and modification time are unchanged (as
git's index does), so an unchanged tree is recognised without reading it. The cache lives in
`.cache/check.json` beside the content folder: deleting it only makes the next run cold.

This module imports nothing heavy: the point is to answer before pydantic is loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from .errors import Problem, Severity

VERSION = 1
GENERATOR = Path(__file__).resolve().parent
# Kind folders, in the order `check` reports counts (the models' KINDS; a test keeps them equal).
KIND_NAMES = (
    "agreements", "people", "organisations", "countries", "events", "sources", "statements",
)  # fmt: skip


def cache_file(content_dir: Path) -> Path:
    return content_dir.resolve().parent / ".cache" / "check.json"


@cache
def _generator_digest() -> str:
    """The generator's source and the versions of the libraries that decide what is valid."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for package in ("pydantic", "pydantic-core", "pycountry", "PyYAML"):
        digest.update(f"{package}=={version(package)}\n".encode())
    for path in sorted(GENERATOR.rglob("*.py")):
        digest.update(path.relative_to(GENERATOR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_states(content_dir: Path, known: dict[str, Any]) -> dict[str, list[Any]]:
    """Path -> [size, mtime_ns, sha256 or None] of every entry under the content folder; the
    hash is the stored one while size and time are unchanged, else None (not read here)."""
    found: dict[str, list[Any]] = {}
    for entry in sorted(os.scandir(content_dir), key=lambda e: e.name):
        if not entry.is_dir():
            found[entry.name] = [0, 0, "not a folder"]
            continue
        for item in os.scandir(entry.path):
            stat = item.stat()
            key = f"{entry.name}/{item.name}"
            old = known.get(key)
            if not item.is_file():
                found[key] = [0, 0, "folder"]
            elif old and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
                found[key] = old
            else:
                found[key] = [stat.st_size, stat.st_mtime_ns, None]
    return found


def _key(content_dir: Path, files: dict[str, list[Any]]) -> str:
    digest = hashlib.sha256(f"{VERSION}\n{_generator_digest()}\n".encode())
    # Problems name files relative to the working folder, so where we run from is part of it.
    digest.update(f"{content_dir.resolve()}\n{Path.cwd().resolve()}\n".encode())
    for path in sorted(files):
        digest.update(f"{path}\0{files[path][2]}\n".encode())
    return digest.hexdigest()


class CheckCache:
    def __init__(self, content_dir: Path) -> None:
        self.path = cache_file(content_dir)
        try:
            self.stored: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.stored = {}
        if self.stored.get("version") != VERSION:
            self.stored = {}
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
                    digest = hashlib.sha256((self.content_dir / path).read_bytes()).hexdigest()
                state[2] = digest
        record = {
            "version": VERSION,
            "key": _key(self.content_dir, self.files),
            "files": self.files,
            "problems": [[p.path, p.line, p.column, p.message, p.severity.value] for p in problems],
            "counts": counts,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            (self.path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(record), encoding="utf-8")
            temporary.replace(self.path)  # atomic: a reader never sees half a file
        except OSError:
            pass  # a read-only checkout still checks, just without a cache
