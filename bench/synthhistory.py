"""Give a synthetic corpus a synthetic git history, for benchmarking `generator.history`.

    python bench/synth.py --agreements 10000 --out build/corpus-10000/content
    python bench/synthhistory.py --content build/corpus-10000/content --commits 20

The folder holding `content/` becomes a new git repository with one commit adding every file,
then `commits - 1` commits each editing the summary of about 1 % of the agreements. Nothing is
renamed, so every id stays and the corpus keeps building. Commits go through `git fast-import`,
which writes tens of thousands of files in about a second where `git add` and `git commit` take
far longer, and carry fixed dates: the same corpus, count and seed give the same commit ids.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import yaml

START = 1_700_000_000  # the first commit's time; each next commit is a day later
IDENTITY = b"Synthetic History <synthetic-history@example.org>"
BRANCH = "main"
SHARE = 0.01  # of the agreements edited by each commit after the first

# Variables a git hook exports to point git at its own repository: inherited, they would make
# git write into that repository instead of the new one.
HOOK_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX")


def make_history(content: Path, commits: int = 20, seed: int = 0) -> None:
    """Make the folder holding `content` a git repository whose history has `commits` commits.

    The working tree ends equal to the last commit: the edited agreements are written back.
    Refuses a folder inside another git work tree (unless that repository ignores it), so it
    never rewrites a real one.
    """
    content = content.resolve()  # a relative path would not be inside `root` below
    root = content.parent
    if not content.is_dir():
        raise ValueError(f"{content} is not a folder")
    if _inside_work_tree(root):
        raise ValueError(f"{root} is already inside a git work tree: give a corpus of its own")
    if commits < 1:
        raise ValueError("commits must be at least 1")
    _git(root, "init", "-q", "-b", BRANCH)
    files = sorted(p for p in content.rglob("*") if p.is_file())
    texts = {p.relative_to(root).as_posix(): p.read_bytes() for p in files}
    agreements = sorted(name for name in texts if name.startswith("content/agreements/"))
    edited = _import(root, texts, _edits(texts, agreements, commits, seed))
    for name in edited:
        (root / name).write_bytes(texts[name])
    _git(root, "reset", "-q")  # the index, empty after fast-import, now matches HEAD


def _edits(
    texts: dict[str, bytes], agreements: list[str], commits: int, seed: int
) -> Iterator[list[str]]:
    """For each commit after the first, the agreements it edits; `texts` is updated in place."""
    rng = random.Random(seed)
    count = min(len(agreements), max(1, round(len(agreements) * SHARE)))
    for number in range(1, commits):
        chosen = sorted(rng.sample(agreements, count)) if agreements else []
        for name in chosen:
            texts[name] = _revise_summary(texts[name], number)
        yield chosen


def _revise_summary(text: bytes, number: int) -> bytes:
    """The file with a sentence appended to its top-level `summary`, written as synth.py does."""
    lines = text.decode("utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("summary:")), None)
    if start is None:
        lines.append(f"summary: Revised in update {number}.\n")
        return "".join(lines).encode("utf-8")
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "\t")):
        end += 1  # continuation lines of a long summary
    summary = yaml.safe_load("".join(lines[start:end]))["summary"]
    revised = {"summary": f"{summary} Revised in update {number}."}
    block = yaml.safe_dump(revised, allow_unicode=True, sort_keys=False, width=100)
    return "".join([*lines[:start], block, *lines[end:]]).encode("utf-8")


def _import(root: Path, texts: dict[str, bytes], edits: Iterator[list[str]]) -> set[str]:
    """Write the commits through one `git fast-import`; the names of every edited file."""
    edited: set[str] = set()
    command = ["git", "-C", str(root), "fast-import", "--quiet", "--done"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, env=_env()) as process:
        assert process.stdin is not None  # stdin=PIPE
        _commit(process.stdin, 0, "Add the corpus", sorted(texts), texts)
        for number, chosen in enumerate(edits, start=1):
            subject = f"Revise {len(chosen)} agreement summaries (update {number})"
            _commit(process.stdin, number, subject, chosen, texts)
            edited.update(chosen)
        process.stdin.write(b"done\n")
        process.stdin.close()
    if process.returncode != 0:
        raise RuntimeError(f"git fast-import failed with exit status {process.returncode}")
    return edited


def _commit(
    stream: IO[bytes], number: int, subject: str, names: list[str], texts: dict[str, bytes]
) -> None:
    when = f"{START + 86_400 * number} +0000".encode()
    message = subject.encode("utf-8") + b"\n"
    stream.write(f"commit refs/heads/{BRANCH}\n".encode())
    stream.write(b"author " + IDENTITY + b" " + when + b"\n")
    stream.write(b"committer " + IDENTITY + b" " + when + b"\n")
    stream.write(b"data %d\n%s" % (len(message), message))
    for name in names:
        data = texts[name]
        stream.write(b"M 100644 inline %s\ndata %d\n%s\n" % (name.encode(), len(data), data))
    stream.write(b"\n")


def _inside_work_tree(folder: Path) -> bool:
    """Whether `folder` is part of another repository's work tree. A folder that repository
    ignores (the benchmark's `build/bench/`) may hold a repository of its own."""
    probe = folder
    while not probe.exists():
        probe = probe.parent
    command = ["git", "-C", str(probe), "rev-parse", "--is-inside-work-tree"]
    if subprocess.run(command, capture_output=True, env=_env(), check=False).returncode != 0:
        return False
    ignored = ["git", "-C", str(probe), "check-ignore", "-q", str(folder)]
    return subprocess.run(ignored, capture_output=True, env=_env(), check=False).returncode != 0


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], env=_env(), check=True)


def _env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in HOOK_VARIABLES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True, help="the corpus's content folder")
    parser.add_argument("--commits", type=int, default=20, help="commits in the history")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    try:
        make_history(args.content, args.commits, args.seed)
    except ValueError as refused:
        parser.error(str(refused))
    print(f"{args.content.resolve().parent}: {args.commits} commits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
