"""Helpers to run real MkDocs builds in tests, with the repository's mkdocs.yml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
