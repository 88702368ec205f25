"""Which files are content, and how they are read: never through a link, never past the cap.

A content folder is listed without following links; a link, a device, a FIFO or a folder inside
a kind folder is a located error (never opened), a hidden file a warning. A file is opened
without following a link and read up to the size cap, so a committed symlink cannot make the
build read the machine (`/etc/passwd`, `/dev/zero`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import Problem, Severity
from .load import ID_RE, MAX_FILE_BYTES
from .paths import slug

_NOT_REGULAR = "content is read from regular files only: commit the file itself"


def read_regular_file(file: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a content file, read without following a link (a committed symlink could
    point anywhere on the build machine) and never more than the size cap (a device such as
    /dev/zero never ends). Anything but a regular file is a located problem, never opened for
    reading: the listing refuses links, devices and FIFOs, and this open refuses them again in
    case the file was replaced in between."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(file, flags)
    except OSError as error:
        return None, [Problem(shown, 1, 1, f"cannot be read ({error.strerror}): {_NOT_REGULAR}")]
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None, [Problem(shown, 1, 1, f"is not a regular file: {_NOT_REGULAR}")]
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        message = f"file too large (over the limit of {MAX_FILE_BYTES} bytes): split it"
        return None, [Problem(shown, 1, 1, message)]
    return raw, []


def check_file_name(file: Path, display_path: str) -> Problem | None:
    """The id rule applied to the file name (the file name is the id)."""
    if not file.name.endswith(".yaml"):
        return Problem(display_path, 1, 1, "content files end in .yaml")
    stem = file.name.removesuffix(".yaml")
    if not ID_RE.match(stem):
        suggestion = slug(stem)
        return Problem(
            display_path,
            1,
            1,
            f"file name '{stem}' is not an id: use lower-case letters, digits and single hyphens"
            + (f" (e.g. '{suggestion}.yaml')" if suggestion else ""),
        )
    return None


def display_path(file: Path) -> str:
    """The path as a contributor types it: relative to the working folder when inside it."""
    try:
        return file.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def _shown_in(folder: Path) -> str:
    """The display prefix of a folder's files, worked out once instead of once per file."""
    return display_path(folder) + "/"


def known_ids(content_dir: Path, kinds: list[str]) -> dict[str, frozenset[str]]:
    """Kind -> the ids its folder holds a regular file for, read from the folder listing alone.

    A reference to one of these is never "unknown", even when that file has errors of its own
    (it reports them itself); and every file can be checked against this listing on its own."""
    known: dict[str, frozenset[str]] = {}
    for kind in kinds:
        folder = content_dir / kind
        entries = _listing(folder) if _is_real_folder(folder) else []
        yaml_files = [e for e in entries if e.name.endswith(".yaml")]
        names = [e.name[:-5] for e in yaml_files if e.is_file(follow_symlinks=False)]
        known[kind] = frozenset(name for name in names if ID_RE.match(name))
    return known


def _is_real_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    # scandir knows each entry's type from the listing, without a stat per file
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def _entry_problem(entry: os.DirEntry[str], shown: str) -> Problem | None:
    """Why an entry of a kind folder is not read as a content file, if it is not."""
    if entry.is_symlink():
        return Problem(shown, 1, 1, f"is a symbolic link, which is never followed: {_NOT_REGULAR}")
    if entry.is_dir(follow_symlinks=False):
        return Problem(shown, 1, 1, "folders inside a kind folder are not read: move the files up")
    if not entry.is_file(follow_symlinks=False):
        return Problem(shown, 1, 1, f"is a device, FIFO or socket: {_NOT_REGULAR}")
    if entry.name.startswith("."):
        message = "hidden files are not read: remove it, or name it like the other files"
        return Problem(shown, 1, 1, message, Severity.WARNING)
    return None


def content_files(
    content_dir: Path, kinds: list[str]
) -> tuple[list[tuple[str, Path, str]], list[Problem]]:
    """(kind, file, display path) of every content file, and problems with everything else in
    the content folder: links, devices, hidden or misnamed files, unknown folders."""
    files: list[tuple[str, Path, str]] = []
    problems: list[Problem] = []
    if not _is_real_folder(content_dir):
        what = "is a symbolic link" if content_dir.is_symlink() else "not found"
        return [], [Problem(display_path(content_dir), 1, 1, f"content folder {what}")]
    top = _shown_in(content_dir)
    for entry in _listing(content_dir):
        shown = top + entry.name  # never resolved: a link's target is not shown
        if entry.is_symlink():
            problems.append(Problem(shown, 1, 1, f"is a symbolic link: {_NOT_REGULAR}"))
        elif not entry.is_dir(follow_symlinks=False) or entry.name not in kinds:
            message = f"not a content kind folder: expected one of {kinds}"
            severity = Severity.WARNING if entry.name.startswith(".") else Severity.ERROR
            problems.append(Problem(shown, 1, 1, message, severity))
    for kind in kinds:
        folder = content_dir / kind
        if not _is_real_folder(folder):
            continue
        prefix = _shown_in(folder)
        for entry in _listing(folder):
            name = entry.name
            if name.lower() == "readme.md" and entry.is_file(follow_symlinks=False):
                continue  # notes for contributors, documented in CONTRIBUTING.md
            shown = prefix + name
            problem = _entry_problem(entry, shown) or check_file_name(folder / name, shown)
            if problem:
                problems.append(problem)
                continue
            files.append((kind, folder / name, shown))
    return files, problems
