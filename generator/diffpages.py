"""`python -m generator diff REV`: the pages a change adds, removes or alters.

The content folder as it was at git revision REV and as it is now are both rendered with the
current templates, so the comparison shows exactly what the YAML edits do to the site.
"""

from __future__ import annotations

import difflib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .pipeline import build_pages


class RevisionError(RuntimeError):
    """The revision or the repository cannot be read: the message says what git answered."""


@dataclass
class PageChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Path -> (lines added, lines removed)."""
    diffs: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _git(cwd: Path, *args: str) -> bytes:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {' '.join(args)} failed")
    return result.stdout


def content_at(revision: str, content_dir: Path, into: Path) -> Path:
    """Extract the content folder as it was at `revision` into `into`; return its path there.

    Only regular files and folders are extracted: links, devices and the like in that tree are
    left out, as the loader would refuse them anyway, and nothing is written outside `into`."""
    if revision.startswith("-"):
        raise RevisionError("a revision cannot start with '-': git would read it as an option")
    root = Path(_git(content_dir, "rev-parse", "--show-toplevel").decode().strip())
    relative = content_dir.resolve().relative_to(root.resolve()).as_posix()
    try:
        tree = _git(root, "rev-parse", "--verify", "--end-of-options", f"{revision}^{{tree}}")
    except RevisionError:
        raise RevisionError("no commit or tree of that name in this repository") from None
    # The object id, not the name the user typed, reaches `git archive`: it cannot be an option.
    archive = _git(
        root, "archive", "--format=tar", "--end-of-options", tree.decode().strip(), relative
    )
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar:
                _extract(tar, member, into)
    except (OSError, tarfile.TarError) as error:
        raise RevisionError(f"cannot extract the content folder: {error}") from None
    return into / relative


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, into: Path) -> None:
    parts = PurePosixPath(member.name).parts
    if not parts or member.name.startswith("/") or ".." in parts:
        raise RevisionError(f"the archive names a path outside the content folder: {member.name}")
    target = into.joinpath(*parts)
    if member.isdir():
        target.mkdir(parents=True, exist_ok=True)
    elif member.isreg():
        source = tar.extractfile(member)
        if source is None:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        # `into` is a fresh folder holding only what this loop made, none of it a link; the
        # flags still make sure a file is created, never opened through a link.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        with source, os.fdopen(os.open(target, flags, 0o644), "wb") as out:
            shutil.copyfileobj(source, out)
    # Anything else (a symbolic or hard link, a device, a FIFO) is left out.


def compare(before: dict[str, str], after: dict[str, str]) -> PageChanges:
    changes = PageChanges()
    changes.added = sorted(set(after) - set(before))
    changes.removed = sorted(set(before) - set(after))
    for path in sorted(set(before) & set(after)):
        if before[path] == after[path]:
            continue
        lines = list(
            difflib.unified_diff(
                before[path].splitlines(keepends=True),
                after[path].splitlines(keepends=True),
                f"a/{path}",
                f"b/{path}",
            )
        )
        plus = sum(1 for x in lines if x.startswith("+") and not x.startswith("+++"))
        minus = sum(1 for x in lines if x.startswith("-") and not x.startswith("---"))
        changes.changed[path] = (plus, minus)
        changes.diffs[path] = "".join(lines)
    return changes


def diff_pages(revision: str, content_dir: Path, overrides: Path | None = None) -> PageChanges:
    """Pages (and data files) that differ between `revision` and the working tree."""
    with tempfile.TemporaryDirectory() as tmp:
        old = content_at(revision, content_dir, Path(tmp))  # first: a bad revision fails fast
        after = build_pages(content_dir, overrides)
        before = build_pages(old, overrides) if old.is_dir() else {}
    return compare(before, after)
