"""The engine question, measured: the Markdown `render --out` writes, built by other engines,
and the theme's floor (one-line pages at the same paths, the same mkdocs.yml).

The engines are installed into a virtual environment of the benchmark's own (`ENGINES`, exact
versions), never into the project's: ProperDocs is a maintained MkDocs fork; Zensical is the
theme makers' successor, of which the newest version that installs from the registries here is
taken (newer ones need a `zensical-ui` that is not published there).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ENGINES = {
    "properdocs": ["properdocs==1.6.7", "mkdocs-material==9.8.1", "pymdown-extensions==13.1"],
    "zensical": ["zensical==0.0.60"],
}
"""Engine -> the packages its build needs, exactly."""

_TITLE = re.compile(r'^title: "(.*)"$', re.M)


def floor_docs(markdown: Path, floor: Path) -> int:
    """One-line pages at every path of `markdown` (the page's title as its only heading), and
    its other files as they are; returns the number of pages."""
    shutil.rmtree(floor, ignore_errors=True)
    pages = 0
    for path in markdown.rglob("*"):
        if not path.is_file():
            continue
        target = floor / path.relative_to(markdown)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix != ".md":
            shutil.copyfile(path, target)
            continue
        found = _TITLE.search(path.read_text(encoding="utf-8")[:2000])
        title = found.group(1) if found else path.stem
        target.write_text(f"# {title}\n", encoding="utf-8")
        pages += 1
    return pages


def engine_python(work: Path, engine: str) -> Path | None:
    """The Python of a virtual environment holding `engine`, made on first use; None when the
    engine does not install here (the reason is printed)."""
    venv = work / f"venv-{engine}"
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if marker.exists():
        return python
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         *ENGINES[engine]],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        print(f"{engine} does not install: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    marker.touch()
    return python


def engine_command(engine: str, python: Path, config: Path, site: Path) -> list[str]:
    """The command that builds `config` into `site` with `engine`.

    Zensical 0.0.60 panics on absolute `docs_dir` and `site_dir` and cannot run the theme
    overrides (its template engine lacks Jinja's `dict.items()`): its copy of the configuration
    names both folders relative to itself and leaves `custom_dir` out, so it builds the pages
    with the theme alone (no search box, policy, structured data or citation of ours)."""
    if engine == "properdocs":
        return [str(python), "-m", "properdocs", "build", "--quiet", "-f", str(config),
                "--site-dir", str(site)]  # fmt: skip
    here = config.parent
    lines = []
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.startswith("docs_dir:"):
            docs = Path(line.split(":", 1)[1].strip())
            line = f"docs_dir: {docs.relative_to(here) if docs.is_absolute() else docs}"
        if "custom_dir:" not in line:
            lines.append(line)
    lines.append(f"site_dir: {site.relative_to(here)}")
    own = config.with_name(f"{config.stem}-{engine}.yml")
    own.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(python), "-m", "zensical", "build", "-f", str(own), "--clean"]


def html_bytes(site: Path) -> tuple[int, int]:
    """(pages, bytes of their HTML) in a built site."""
    sizes = [p.stat().st_size for p in site.rglob("*.html")]
    return len(sizes), sum(sizes)


def chrome_and_content(site: Path) -> tuple[float, float]:
    """KiB per page of a built site outside its `<article>` (the theme's chrome: header,
    navigation, search box, footer) and inside it (the page's own content)."""
    pages = total = article = 0
    for path in site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.find("</article>")
        pages += 1
        total += len(html.encode())
        if 0 <= start < end:
            article += len(html[start : end + len("</article>")].encode())
    pages = max(pages, 1)
    return (total - article) / pages / 1024, article / pages / 1024
