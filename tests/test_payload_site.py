"""Every exit of content, end to end: a payload in every free-text field of every kind.

The tree comes from the models (tests/payloads.py), so a new field is covered by itself. The
site is built twice with `mkdocs build --strict`: once hostile, once with harmless text of the
same shape, each committed to git under a commit subject of its kind (so history sections, the
Changes page and the feeds carry it). Every HTML page of the hostile build is parsed, and it
may hold no element, no attribute and no link target that the harmless build does not; the
search index, the downloads and the feeds are checked too.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml

from generator.pipeline import build_pages

from .payloads import HOSTILE, harmless_text, hostile_text, write_tree
from .sitebuild import config_for, mkdocs

# Attributes whose value the browser acts on: a target, a refresh, a handler, a style.
ACTIVE = {"href", "src", "action", "formaction", "content", "http-equiv", "srcset", "style",
          "xlink:href", "poster", "data"}  # fmt: skip


COMMIT = re.compile(r"\b[0-9a-f]{40}\b")


class Shape(HTMLParser):
    """What a page is made of: each element with its attribute names, and the active values."""

    def __init__(self, root: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.root = root
        self.elements: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.active: set[tuple[str, str, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        # A meta element's content is text (a description, a link preview's title) unless the
        # element is an http-equiv one (a refresh, a policy), which the browser acts on.
        passive = tag == "meta" and not any(name == "http-equiv" for name, _ in attrs)
        for name, value in attrs:
            if passive and name == "content":
                continue
            if name in ACTIVE or name.startswith("on"):
                # In-page anchors are made from heading text, which differs by design.
                value = "#" if (value or "").startswith("#") else (value or "")
                # Edit links name the content folder, which is another one in each build, and
                # history links a commit, another one in each build.
                value = COMMIT.sub("COMMIT", value.replace(self.root, "ROOT"))
                self.active.add((tag, name, value))


def shape(html: str, root: Path | None = None) -> Shape:
    parser = Shape(str(root).lstrip("/") if root else "")
    parser.feed(html)
    parser.close()
    return parser


def _commit(root: Path, subject: str) -> None:
    """`root/content` committed once, at a fixed time, whatever the machine's git settings."""
    people = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
              "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    when = {"GIT_AUTHOR_DATE": "1700000000 +0000", "GIT_COMMITTER_DATE": "1700000000 +0000"}
    env = {"PATH": os.environ["PATH"], "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1", **people, **when}  # fmt: skip
    for command in (["init", "-q"], ["add", "content"], ["commit", "-q", "-m", subject]):
        subprocess.run(["git", "-C", str(root), *command], env=env, check=True)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sites = {}
    for name, make_text in (("hostile", hostile_text), ("harmless", harmless_text)):
        base = tmp_path_factory.mktemp(name)
        write_tree(base / "content", make_text)
        # Committed under a commit subject of the same kind: the history sections, the
        # Changes page and the feeds carry content's text (and the subject) too.
        _commit(base, make_text(0))
        result = mkdocs(config_for(base / "content", base / "work"), base / "site")
        assert result.returncode == 0, result.stderr
        sites[name] = base
    return sites


def test_the_tree_fills_every_text_field_and_passes_check(tmp_path: Path) -> None:
    from generator.cli import main

    written = write_tree(tmp_path / "content", hostile_text)
    assert len(written) > 100  # every free-text field of every kind, nested ones included
    assert main(["check", "--no-cache", "--content", str(tmp_path / "content")]) == 0


def test_no_page_gains_an_element_attribute_or_target(builds: dict[str, Path]) -> None:
    hostile, harmless = builds["hostile"] / "site", builds["harmless"] / "site"
    pages = sorted(p.relative_to(hostile) for p in hostile.rglob("*.html"))
    assert pages == sorted(p.relative_to(harmless) for p in harmless.rglob("*.html"))
    assert len(pages) >= 15
    for page in pages:
        bad = shape((hostile / page).read_text("utf-8"), builds["hostile"])
        good = shape((harmless / page).read_text("utf-8"), builds["harmless"])
        extra = bad.elements - good.elements
        assert not extra, f"{page}: elements the harmless build does not have: {extra}"
        assert bad.active <= good.active, f"{page}: {bad.active - good.active}"


def test_the_payload_is_shown_as_text(builds: dict[str, Path]) -> None:
    page = builds["hostile"] / "site/people/payload-people/index.html"
    text = page.read_text("utf-8")
    assert "P1 " in text or "P2 " in text
    # The browser shows the characters themselves: the references decode to the payload.
    parser = HTMLParser(convert_charrefs=True)
    shown: list[str] = []
    parser.handle_data = shown.append  # type: ignore[method-assign]
    parser.feed(text)
    assert any('<meta http-equiv="refresh"' in part for part in shown)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def test_every_front_matter_value_stays_text(builds: dict[str, Path]) -> None:
    # Title, tags, search facets and names: the theme prints them all unescaped.
    pages = build_pages(builds["hostile"] / "content")
    checked = 0
    for path, markdown in pages.items():
        if not markdown.startswith("---\n"):
            continue
        meta = yaml.safe_load(markdown.split("---\n")[1])
        # JSON-LD is data, printed through `tojson` into a data block (the HTML test shows it
        # adds no element); it keeps the text exactly.
        assert "onerror" in json.dumps(meta.pop("structured", {"name": "onerror"}))
        for value in _strings(meta):
            assert "<" not in value and '"' not in value and "'" not in value, (path, value)
            checked += 1
    assert checked > 50


def test_search_index_keys_are_the_generators_own(builds: dict[str, Path]) -> None:
    # Pagefind keeps a page's text, title, names and filter values as plain text (search.js
    # shows them as text: test_payload_browser); content can add no filter and no meta field.
    fragments = []
    for path in (builds["hostile"] / "site/pagefind/fragment").iterdir():
        fragments.append(json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :]))
    assert len(fragments) > 7  # an item of every kind, and the hand-written pages
    for fragment in fragments:
        assert set(fragment["filters"]) <= {"kind", "country", "year", "category", "status"}
        assert set(fragment["meta"]) <= {"title", "names", "name_words", "found_by"}
    assert any("onerror" in f["meta"]["title"] for f in fragments)


def test_downloads_hold_the_text_exactly(builds: dict[str, Path]) -> None:
    site = builds["hostile"] / "site"
    exported = json.loads((site / "data/all.json").read_text("utf-8"))
    person = exported["people"][0]
    assert person["name"].startswith("P") and person["name"].endswith(hostile_text(0)[3:])
    csv = (site / "data/people.csv").read_text("utf-8")
    assert "<img src=x onerror=alert(1)>" in csv  # data, exactly as written: not a page


def test_no_log_line_from_any_text_field_speaks_for_ci(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every text field holds an invisible character (so each is reported, quoting its value)
    and a newline followed by workflow commands: no output line may start with them."""
    from generator.cli import main

    def text(number: int) -> str:
        return f"P{number}\u00ad\n::error file=x::pwned\n::add-mask::secret\n::stop-commands::t"

    written = write_tree(tmp_path / "content", text)
    content = str(tmp_path / "content")
    assert main(["check", "--no-cache", "--content", content]) == 1
    lines = capsys.readouterr().err.splitlines()
    reported = [line for line in lines if "U+00AD" in line]
    assert len(reported) == len(written)  # one error per field, each quoting its value
    assert all("\\n::error file=x::pwned" in line for line in reported)
    assert not [line for line in lines if line.startswith("::")]
    assert main(["check", "--no-cache", "--content", content, "--format", "github"]) == 1
    commands = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert commands and all(line.startswith("::error file=") for line in commands)
    assert len(commands) == len(reported)
    # The MkDocs log prints the same problems: the strict build fails, and speaks for no one.
    result = mkdocs(config_for(tmp_path / "content", tmp_path / "work"), tmp_path / "site")
    assert result.returncode != 0 and "U+00AD" in result.stderr
    assert not [line for line in result.stderr.splitlines() if line.lstrip().startswith("::")]


def test_a_kind_folder_of_the_built_site_holds_only_items_and_reserved_names(
    builds: dict[str, Path],
) -> None:
    """What MkDocs and the theme write is part of the URL space too: inside a kind's folder of
    the built site, every entry is an item's page, its former address (`check` keeps those clear
    of current ids), or a name `reserved_ids` refuses as an id."""
    from generator.models import MODELS
    from generator.paths import reserved_ids

    from .payloads import FORMER_ID, IDS

    site = builds["hostile"] / "site"
    for kind in MODELS:
        names = {entry.name for entry in (site / kind).iterdir()} - {"index.html"}
        items = {IDS[kind], FORMER_ID}
        assert names - items <= reserved_ids(kind), (kind, names - items)
        assert IDS[kind] in names


def test_history_and_feeds_carry_the_text_as_text(builds: dict[str, Path]) -> None:
    site = builds["hostile"] / "site"
    history = (site / "people/payload-people/index.html").read_text("utf-8")
    assert "Last updated" in history and "onerror" in history  # reached, and escaped above
    titles = 0
    for path in sorted((site / "feeds").rglob("*.xml")):
        feed = feedparser.parse(path.read_text("utf-8"))
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        for entry in feed.entries:
            # the commit subject exactly, up to the 200 characters a subject is cut to
            assert hostile_text(0)[:150] in entry.summary
            titles += HOSTILE in entry.title
    assert titles > 7  # an item of every kind, by its hostile name


def test_the_worker_and_the_search_shards_carry_the_payload_the_same(
    builds: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hostile tree is small, so its build renders in MkDocs' process and indexes in one
    shard. Built again with the worker (each page's front matter read as JSON and converted as it
    arrives) and
    shards of 3 pages merged: every page is the same, byte for byte, and so is the index."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import generator.parallel as parallel
    import generator.search as search

    from .test_searchmerge import _canonical

    monkeypatch.setattr(parallel, "WORTH_FORKING", 1)
    monkeypatch.setattr(search, "SHARD_PAGES", 3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    base = builds["hostile"]
    config = load_config(str(base / "work/mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    site = base / "site"
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 20
    for page in pages:
        assert (tmp_path / "site" / page).read_bytes() == (site / page).read_bytes(), page
    assert _canonical(tmp_path / "site/pagefind") == _canonical(site / "pagefind")
