"""Each content file's history, read from one pass over the git log.

One `git log -p -U0 -M` over the whole content folder gives every commit with the lines it
changed in every file; reading it once, newest commit first, is linear in the log's size, where
one `git log` per file would start thousands of processes on a large corpus.

For each commit and file the reader keeps the action (added, changed, renamed) and the top-level
YAML keys the change touched. A changed line at column 0 such as `summary: ...` names its key;
a nested line (indented, or a `- ` list item under its key) belongs to the key named last in its
hunk, or else to the hunk header's function context: git's default funcname is the nearest
preceding line that starts with a letter, which in YAML is the enclosing top-level key.

Renames keep their history: walking newest first, a map from a path at that point in history to
the current path it became follows every rename back to the file's first commit. A commit that
adds a file ends its lineage, so an older file that once had the same path (deleted, or renamed
away) never lends its history to the newer one.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO

SUBJECT_LIMIT = 200
MARKER = b"\x1e"  # starts each commit's line; a patch line never starts with it
FORMAT = "%x1e%H%x1f%ct%x1f%s"

# Options that make the patch independent of the user's git configuration: prefixes, colours,
# external diff and textconv drivers, hunk merging, attributes (`--text`: a file marked `-diff`
# is still read) and the root commit's diff all change what the reader sees. `--date-order`
# lists a commit before its parents even when clocks disagree, which following renames newest
# first relies on.
LOG_OPTIONS = (
    "-c", "core.quotePath=false", "-c", "log.showRoot=true", "-c", "log.showSignature=false",
    "-c", f"core.attributesFile={os.devnull}",
    "--literal-pathspecs", "log", "--date-order", f"--format={FORMAT}", "--encoding=UTF-8",
    "-p", "-U0",
    "--inter-hunk-context=0", "-M", "-D", "--diff-filter=AMRD", "--no-color", "--no-ext-diff",
    "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "--text",
)  # fmt: skip

# Variables a git hook exports to point git at its own repository; inherited, they would make
# git read that repository instead of the one asked about.
HOOK_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX")

HUNK = re.compile(rb"@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@ ?(.*)")
KEY = re.compile(rb"([A-Za-z][\w.-]*)[ \t]*:(?:[ \t\r]|$)")
ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13}


@dataclass(frozen=True)
class Change:
    """One commit's change to one file, as the file's history lists it."""

    commit: str
    time: int  # committer time, Unix seconds
    subject: str
    action: str  # "added", "changed" or "renamed"
    fields: tuple[str, ...]  # top-level keys touched, sorted; () for "added"
    path: str  # relative to the content folder, at that commit


@dataclass(frozen=True)
class History:
    """Every current content file's changes, newest first, and the commit they were read at."""

    files: dict[str, tuple[Change, ...]]
    head: str

    def of(self, path: str) -> tuple[Change, ...]:
        return self.files.get(path, ())


@dataclass
class _FileDiff:
    """One file's part of a commit's patch; `old` differs from `new` only for a rename."""

    old: str
    new: str
    action: str = "changed"  # or "added", "renamed", "deleted"
    fields: set[str] = field(default_factory=set)


@dataclass
class _Commit:
    sha: str
    time: int
    subject: str
    files: list[_FileDiff] = field(default_factory=list)


def read_history(repo: Path, content: Path) -> tuple[History | None, str | None]:
    """(history, None), or (None, reason) when there is no history to read.

    There is none when git is missing, `content` is not inside the work tree of the repository
    at `repo`, the clone is shallow (its oldest commits would look like files being added), or
    no commit touches `content`. The reason is one sentence for the build log.
    """
    located, reason = _locate(repo, content)
    if located is None:
        return None, reason
    top, prefix, head = located
    try:
        files = _read_log(top, prefix)
    except _GitFailed as failed:
        return None, f"history left out: git log failed ({failed})"
    if files is None:
        return None, "history left out: no commit touches the content folder"
    return History(files, head), None


class _GitFailed(Exception):
    pass


def _locate(repo: Path, content: Path) -> tuple[tuple[Path, str, str] | None, str | None]:
    """The work tree's top, `content` relative to it (with a trailing slash) and HEAD's sha."""
    command = ["git", "-C", str(repo), "rev-parse", "--show-toplevel",
               "--is-shallow-repository", "--verify", "-q", "HEAD^{commit}"]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, env=_git_env(), check=False)
    except OSError:
        return None, "history left out: git is not installed"
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 2:
        return None, "history left out: the content folder is not inside a git work tree"
    top = Path(lines[0])
    if lines[1] == "true":
        return None, (
            "history left out: this is a shallow clone "
            "(fetch the full history with `git fetch --unshallow`)"
        )
    if done.returncode != 0 or len(lines) < 3:
        return None, "history left out: the repository has no commits yet"
    try:
        relative = content.resolve().relative_to(top.resolve())
    except ValueError:
        return None, "history left out: the content folder is not inside the git work tree"
    prefix = "" if relative == Path() else relative.as_posix() + "/"
    return (top, prefix, lines[2]), None


def _git_env() -> dict[str, str]:
    """The environment git runs in: no hook variables, and neither the user's nor the system's
    configuration and attributes, which could set a diff driver's function-context pattern
    or rename limit and so change which fields a commit is said to touch."""
    env = {name: value for name, value in os.environ.items() if name not in HOOK_VARIABLES}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_ATTR_NOSYSTEM="1")
    return env


def _read_log(top: Path, prefix: str) -> dict[str, tuple[Change, ...]] | None:
    """Run the one `git log` and read its output as it arrives; None when it lists no commit."""
    command = ["git", "-C", str(top), *LOG_OPTIONS, "--", prefix or "."]
    # stderr goes to a file: a pipe nobody reads could fill up and stall git.
    with tempfile.TemporaryFile() as errors:
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, env=_git_env()
        ) as process:
            assert process.stdout is not None  # stdout=PIPE
            files = _attribute(_commits(process.stdout, prefix))
        if process.returncode != 0:
            raise _GitFailed(_first_line(errors) or f"exit status {process.returncode}")
    return files


def _first_line(stream: IO[bytes]) -> str:
    stream.seek(0)
    lines = stream.read().decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else ""


# -- reading the patch -------------------------------------------------------------------------


class _Reader:
    """A line-by-line reader of `git log -p -U0` output that yields each commit when it ends.

    It counts each hunk's lines (from the `@@` header) so that a changed line that happens to
    look like a header (a removed `-- a/x` prints as `--- a/x`) is still read as content.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.commit: _Commit | None = None
        self.file: _FileDiff | None = None
        self.left = 0  # lines still to come in the current hunk
        self.keys: list[str | None] = [None, None]  # key in force on the old and new side

    def line(self, raw: bytes) -> _Commit | None:
        """Read one line; return the previous commit when this line starts the next one."""
        line = raw.rstrip(b"\n")
        if self.left:
            if line[:1] == b"\\":
                return None  # "\ No newline at end of file": not counted in the header
            self.left -= 1
            self._changed(line)
            return None
        if line.startswith(MARKER):
            done = self.finish()
            self.commit = _header(line)
            return done
        if self.commit is not None:
            self._file_header(line)
        return None

    def skip_added(self, lines: Iterator[bytes]) -> None:
        """Pass over an added file's hunk without a Python call per line: its lines name no
        field, and a first commit adding a whole corpus is most of a log's size."""
        if self.left and self.file is not None and self.file.action == "added":
            deque(islice(lines, self.left), maxlen=0)
            self.left = 0

    def finish(self) -> _Commit | None:
        self._end_file()
        done, self.commit = self.commit, None
        return done

    def _file_header(self, line: bytes) -> None:
        if line.startswith(b"diff --git "):
            self._end_file()
            old, new = _diff_paths(line[len(b"diff --git ") :])
            self.file = _FileDiff(old, new)
        elif self.file is None:
            return
        elif line.startswith(b"@@ "):
            self._hunk(line)
        elif line.startswith(b"new file mode"):
            self.file.action = "added"
        elif line.startswith(b"deleted file mode"):
            self.file.action = "deleted"
        elif line.startswith(b"rename from "):
            self.file.old = _decode(_unquote(line[len(b"rename from ") :]))
            self.file.action = "renamed"
        elif line.startswith(b"rename to "):
            self.file.new = _decode(_unquote(line[len(b"rename to ") :]))
            self.file.action = "renamed"

    def _hunk(self, line: bytes) -> None:
        match = HUNK.match(line)
        if match is None:
            return
        removed, added, context = match.groups()
        self.left = (1 if removed is None else int(removed)) + (1 if added is None else int(added))
        enclosing = _key(context)
        self.keys = [enclosing, enclosing]

    def _changed(self, line: bytes) -> None:
        """A `+`/`-` line: it names its own top-level key, or belongs to the one in force."""
        side = 0 if line[:1] == b"-" else 1 if line[:1] == b"+" else -1
        if side < 0 or self.file is None:
            return
        text = line[1:]
        if not text.strip() or text[:1] == b"#" or text[:3] in (b"---", b"..."):
            return  # blank, a comment or a document marker: no field changes
        if text[:1].isalpha():
            self.keys[side] = _key(text)
        key = self.keys[side]
        if key is not None:
            self.file.fields.add(key)

    def _end_file(self) -> None:
        file, self.file = self.file, None
        self.left = 0
        if file is None or self.commit is None:
            return
        # The pathspec keeps git inside the content folder; paths become relative to it.
        if file.old.startswith(self.prefix) and file.new.startswith(self.prefix):
            cut = len(self.prefix)
            file.old, file.new = file.old[cut:], file.new[cut:]
            self.commit.files.append(file)


def _commits(stream: Iterable[bytes], prefix: str) -> Iterator[_Commit]:
    reader = _Reader(prefix)
    lines = iter(stream)
    for raw in lines:
        done = reader.line(raw)
        if done is not None:
            yield done
        reader.skip_added(lines)
    done = reader.finish()
    if done is not None:
        yield done


def _header(line: bytes) -> _Commit:
    # Our format prints all three fields; the subject comes last, so separators in it stay in it.
    sha, time, subject = line[len(MARKER) :].split(b"\x1f", 2)
    return _Commit(sha.decode("ascii"), int(time), _subject(subject))


def _subject(raw: bytes) -> str:
    """The subject as plain text: control characters become spaces, and it is capped.

    The subject is data for the page renderer, which escapes it; only what could break a line
    or a table cell (control characters, line and paragraph separators) is replaced here.
    """
    text = raw.decode("utf-8", "replace")
    text = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text
    ).strip()
    if len(text) > SUBJECT_LIMIT:
        text = text[: SUBJECT_LIMIT - 1].rstrip() + "…"
    return text


def _key(text: bytes) -> str | None:
    match = KEY.match(text)
    return match.group(1).decode("ascii") if match else None


def _diff_paths(rest: bytes) -> tuple[str, str]:
    """The two paths of `diff --git a/P b/P`, without their prefixes.

    Git quotes a path that needs it; an unquoted pair may contain spaces, but outside a rename
    (whose paths come again on `rename from`/`rename to` lines) both halves are equal, which
    tells where the first one ends.
    """
    if rest.startswith(b'"'):
        old, end = _quoted(rest)
        new = rest[end + 2 :]  # after the closing quote and the space
        new = _unquote(new) if new.startswith(b'"') else new
        return _decode(old[2:]), _decode(new[2:])
    half = (len(rest) - 5) // 2
    path = rest[2 : 2 + half]
    if rest[2 + half :] == b" b/" + path:
        return _decode(path), _decode(path)
    return _decode(rest[2:]), _decode(rest[2:])  # a rename: its own lines follow


def _unquote(text: bytes) -> bytes:
    return _quoted(text)[0] if text.startswith(b'"') else text


def _quoted(text: bytes) -> tuple[bytes, int]:
    """Git's C-style quoted path at the start of `text`, and the index of its closing quote."""
    out = bytearray()
    index = 1
    while index < len(text) and text[index : index + 1] != b'"':
        char = text[index : index + 1]
        if char != b"\\":
            out += char
            index += 1
            continue
        escaped = text[index + 1 : index + 2]
        if escaped.isdigit():
            out.append(int(text[index + 1 : index + 4], 8) & 0xFF)
            index += 4
        else:
            out.append(ESCAPES.get(escaped, escaped[0] if escaped else 92))
            index += 2
    return bytes(out), index


def _decode(path: bytes) -> str:
    # As `Path` does on POSIX, so a name that is not UTF-8 still matches the file it names.
    return path.decode("utf-8", "surrogateescape")


# -- following files back through renames ------------------------------------------------------


def _attribute(commits: Iterable[_Commit]) -> dict[str, tuple[Change, ...]] | None:
    """Each current file's changes, newest first; None when there were no commits at all.

    `owner` maps a path, at the point of history being read, to the current path of the file
    that had it then (None: a file that no longer exists). A path not yet in the map belongs to
    a current file of that name: had the file been deleted or renamed later, the newer commit
    doing it would already have put the path in the map.
    """
    owner: dict[str, str | None] = {}
    changes: dict[str, list[Change]] = {}
    seen = False
    for commit in commits:
        seen = True
        for file, current in _owners(commit, owner):
            if current is not None and current.endswith(".yaml"):
                changes.setdefault(current, []).append(_change(commit, file))
    if not seen:
        return None
    return {path: tuple(found) for path, found in sorted(changes.items())}


def _owners(commit: _Commit, owner: dict[str, str | None]) -> list[tuple[_FileDiff, str | None]]:
    """Each file the commit touched with its current path, moving `owner` to before the commit.

    All lookups come first: one commit may rename `a` to `b` and add a new `a`, or swap two
    names, and each file must be found under the name it had after the commit.
    """
    found = [(file, owner.get(file.new, file.new)) for file in commit.files]
    for file, _ in found:
        if file.action != "changed":
            owner[file.new] = None  # nothing older had this path as this file
    for file, current in found:
        if file.action in ("changed", "renamed"):
            owner[file.old] = current
    return [(file, current) for file, current in found if file.action != "deleted"]


def _change(commit: _Commit, file: _FileDiff) -> Change:
    fields = () if file.action == "added" else tuple(sorted(file.fields))  # all of it is new
    return Change(commit.sha, commit.time, commit.subject, file.action, fields, file.new)
