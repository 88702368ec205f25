"""Command line: `python -m generator check | render | schema | new | diff | fieldref`.

Exit codes: 0 success (warnings allowed), 1 content has errors, 2 usage error (including a bad
id for `new`, an existing file, or a git revision that cannot be read), 3 a page template
failed (a bug in the templates, not in the content).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .checkcache import CheckCache
from .errors import ContentError, Problem, Severity, TemplateError, has_errors
from .kinds import FOLDERS

Result = TypeVar("Result")

# The other commands' modules (the renderer, git, the scaffolds) are imported by the commands
# that use them, so `check`, run on every save and commit, starts quickly.


def _report(problems: list[Problem], style: str = "text") -> None:
    for problem in problems:
        if style == "github":
            print(problem.github())  # the runner reads workflow commands from standard output
        else:
            print(problem.format(), file=sys.stderr)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    cache = None if args.no_cache or not args.content.is_dir() else CheckCache(args.content)
    found = cache.result() if cache else None
    if found is None:
        from .contentcheck import check_content  # loads the models: only when needed
        from .memory import collector_paused

        with collector_paused():
            found = check_content(args.content, cache.read if cache else None)
        if cache:
            cache.save(*found)
    problems, counts = found
    _report(problems, args.format)
    if not has_errors(problems):
        print("content ok: " + ", ".join(f"{counts[kind]} {kind}" for kind in FOLDERS))
    return 1 if has_errors(problems) else 0


def _whole_run(run: Callable[[], Result]) -> Result | int:
    """`run` over the whole corpus with the collector paused (memory.py); a failure becomes its
    exit code: 1 for content, 3 for a template."""
    from .memory import collector_paused

    try:
        with collector_paused():
            return run()
    except ContentError as error:
        _report(error.problems)
        return 1
    except TemplateError as error:
        print(error, file=sys.stderr)
        return 3


def cmd_render(args: argparse.Namespace) -> int:
    from .chronicle import read_chronicle
    from .pipeline import build_site

    # As the site: with the committed history (no commit links: the host is mkdocs.yml's).
    chronicle, reason = read_chronicle(args.content.parent, args.content, None)
    if reason:
        print(reason, file=sys.stderr)
    built = _whole_run(lambda: build_site(args.content, args.overrides, chronicle=chronicle))
    if isinstance(built, int):
        return built
    pages, problems = built
    _report(problems)
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    for path, page in sorted(pages.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {out}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .export import json_schema

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for kind in FOLDERS:
        text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        (out / f"{kind}.schema.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(FOLDERS)} schemas to {out}")
    return 0


def cmd_fieldref(args: argparse.Namespace) -> int:
    from .fieldref import update_reference

    path: Path = args.update
    try:
        path.write_text(update_reference(path.read_text(encoding="utf-8")), encoding="utf-8")
    except (OSError, ValueError) as error:
        print(f"error: {path}: {error}", file=sys.stderr)
        return 2
    print(f"updated the field reference in {path}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .diffpages import RevisionError, diff_pages

    try:
        changes = _whole_run(lambda: diff_pages(args.revision, args.content, args.overrides))
    except RevisionError as error:
        print(f"error: {args.revision}: {error}", file=sys.stderr)
        return 2
    if isinstance(changes, int):
        return changes
    for path in changes.added:
        print(f"added    {path}")
    for path in changes.removed:
        print(f"removed  {path}")
    for path, (plus, minus) in changes.changed.items():
        print(f"changed  {path}  (+{plus} -{minus})")
        if args.unified:
            print(changes.diffs[path], end="")
    count = f"{len(changes.added)} added, {len(changes.removed)} removed"
    print(f"{count}, {len(changes.changed)} changed, compared with {args.revision}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, create

    try:
        path = create(args.content, args.kind, args.id)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {path}: fill it in, then run 'python -m generator check'")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    commands = main.add_subparsers(dest="command", required=True)
    for name, func, help_text in (
        ("check", cmd_check, "validate all content and print every problem"),
        ("render", cmd_render, "write the generated Markdown tree"),
        ("schema", cmd_schema, "write a JSON Schema per content kind"),
        ("new", cmd_new, "write a commented skeleton of a new content file"),
        ("fieldref", cmd_fieldref, "regenerate the field reference in a Markdown file"),
        ("diff", cmd_diff, "list the pages a change adds, removes or alters since a git revision"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--content", type=Path, default=Path("content"), help="content folder")
        sub.set_defaults(func=func)
        if name == "new":
            sub.add_argument("kind", help="content kind: a folder or its singular (agreement)")
            sub.add_argument("id", help="the new item's id, which becomes its file name")
        if name == "diff":
            sub.add_argument("revision", help="git revision to compare with, e.g. origin/main")
            sub.add_argument("--unified", action="store_true", help="also print each page's diff")
        if name == "fieldref":
            sub.add_argument("--update", type=Path, default=Path("CONTRIBUTING.md"),
                             help="file with the field-reference markers")  # fmt: skip
        if name == "check":
            sub.add_argument(
                "--no-cache", action="store_true",
                help="ignore and do not write .cache/check.json beside the content folder",
            )  # fmt: skip
            sub.add_argument(
                "--format", choices=["text", "github"], default="text",
                help="'github': GitHub Actions annotations on standard output",
            )  # fmt: skip
        if name in ("render", "schema"):
            sub.add_argument("--out", type=Path, required=True, help="output folder")
        if name in ("render", "diff"):
            sub.add_argument(
                "--overrides", type=Path, default=Path("site_overrides"),
                help="folder whose templates replace the packaged ones",
            )  # fmt: skip
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.func(args)
    return code
