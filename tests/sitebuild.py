"""Helpers to run real MkDocs builds in tests, with the repository's mkdocs.yml."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import ROOT


def mkdocs(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    return subprocess.run(
        [*command, "--site-dir", str(site)], capture_output=True, text=True, env=env, check=False
    )


def config_for(content: Path, workdir: Path) -> Path:
    """A copy of the project's mkdocs.yml that reads `content` instead of content/."""
    workdir.mkdir(parents=True, exist_ok=True)
    for folder in ("docs", "site_overrides"):
        shutil.copytree(ROOT / folder, workdir / folder, dirs_exist_ok=True)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("content: content", f"content: {content.as_posix()}")
    config = workdir / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def built_both_ways(factory: pytest.TempPathFactory, option: str) -> tuple[Path, Path]:
    """The real content built as always, and with the facts plugin's `option` off."""
    return built_with(factory, {}), built_with(factory, {option: False})


def built_with(factory: pytest.TempPathFactory, options: dict[str, bool]) -> Path:
    """The real content built into a site of its own, with the facts plugin's `options` set."""
    work = factory.mktemp("site")
    config = config_for(ROOT / "content", work)
    switch = "      overrides: site_overrides\n"
    lines = "".join(f"      {key}: {str(value).lower()}\n" for key, value in options.items())
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(switch, switch + lines), encoding="utf-8")
    result = mkdocs(config, work / "site")
    assert result.returncode == 0, result.stderr
    return work / "site"


class _Visible(HTMLParser):
    """A page as a reader meets it: its text (whitespace runs as one space, as browsers show
    them), the addresses it links to, and its icons (inline or by reference)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.icons = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag == "svg":
            self.icons += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def seen(self) -> tuple[str, list[str], int]:
        return " ".join("".join(self.text).split()), self.links, self.icons


def seen(path: Path, html: str | None = None) -> tuple[str, list[str], int]:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8") if html is None else html)
    return parser.seen()


_SLOT = re.compile(r'<div data-atlas-chrome="(\w+)"></div>')
_CHROME = re.compile(r'<script src="((?:\.\./)*)assets/atlas/chrome\.[0-9a-f]+\.js"></script>')
_RELATIVE = re.compile(r'(\s)(href|src)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|[#/?"])')


def chrome_parts(site: Path) -> tuple[dict[str, str], dict[str, object]]:
    """The parts and theme configuration that the site's chrome.js writes into item pages."""
    (script,) = site.glob("assets/atlas/chrome.*.js")
    text = script.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    start = text.rindex("})(") + 3
    parts, end = decoder.raw_decode(text, start)
    config, _ = decoder.raw_decode(text, end + 2)
    return parts, config


def with_chrome(html: str, parts: dict[str, str]) -> str:
    """A page as chrome.js leaves it: its placeholders and the navigation written in (the
    theme's configuration aside), each part's relative addresses from the page's folder."""
    found = _CHROME.search(html)
    if found is None:
        return html
    up = found.group(1)

    def fix(part: str) -> str:
        return _RELATIVE.sub(lambda m: f'{m.group(1)}{m.group(2)}="{up}', part)

    html = _SLOT.sub(lambda m: fix(parts[m.group(1)]), html)
    return html.replace(found.group(0), fix(parts["nav"]) + found.group(0), 1)
