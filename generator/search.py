"""Full-text search of the built site: Pagefind indexes the HTML after the engine wrote it.

Pagefind (PyPI `pagefind[bin]`, pinned in the lock file) is a Rust indexer that writes a chunked
index into `site/pagefind/`: a reader's browser fetches the small entry files and then only the
chunks a query needs, so every word of every page can be indexed at any size of site, with
filters, stemming ('drones' finds 'drone') and diacritics folded ('Nauseda' finds 'Nausėda').
It reads HTML whatever built it, so it does not tie the site to one engine.

What it indexes is marked in the HTML by the theme (site_overrides/main.html): the content of
searched pages (`data-pagefind-body`; listings are left out), each page's facets as
`data-pagefind-filter`, and an item's other names as weighted index-only text
(generator/spellings.py). The search box is the theme's own (site_overrides/partials/search.html,
driven by site_overrides/assets/atlas/search.js).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import cbor2

BUNDLE = "pagefind"
"""The folder of the site the index is written to."""
IGNORED = (
    ".headerlink, .md-content__button, .atlas-graph, .atlas-graph-fold > summary, .footnote, "
    ".footnote-ref"
)
"""Parts of a page that are not its text: heading anchors, the edit button, and the connections
diagram (it repeats the names the page links to, and would rank every neighbour by them)."""
_UIS = ("ui", "component-ui", "modular-ui")
UNUSED = (*(f"pagefind-{ui}.{e}" for ui in _UIS for e in ("js", "css")), "wasm.unknown.pagefind")
"""What the site does not serve: Pagefind's own search interfaces (the theme's box is used),
and the module for pages of no known language (every page is indexed as English)."""


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message is what it printed."""


def index_site(site: Path) -> None:
    """Index the built site in `site` into `site/pagefind/`, replacing an earlier index. A site
    with no page has nothing to index (Pagefind would fail)."""
    if next(site.rglob("*.html"), None) is None:
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
               "--force-language", "en", "--exclude-selectors", IGNORED, "--quiet"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError((done.stderr or done.stdout).strip() or f"exit {done.returncode}")
    for name in UNUSED:
        (site / BUNDLE / name).unlink(missing_ok=True)
    _make_deterministic(site / BUNDLE)


# Pagefind writes each filter's values in hash-map order, which changes from run to run, and
# names the filter files and the metadata file after their bytes (pagefind issue #638). So the
# filter files are rewritten with their values sorted, and each file that names another is
# renamed after its new bytes: filters, then the metadata that lists them, then the entry file.
#
# The metadata file, which every reader fetches before a first result, lists every page's
# fragment by name: with Pagefind's random-looking names it is 170 KB at 26,000 pages. Fragments
# are renamed by their page's place in the list (en_0, en_1, ... in base 36), which compresses
# to about half. (A changed page keeps its fragment's name: a browser may show its old excerpt
# until its cached copy expires.)
_HEADER = b"pagefind_dcd"


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_HEADER):
        raise SearchIndexError(f"{path.name}: not a Pagefind index file")
    return cbor2.loads(data[len(_HEADER) :])


def _encoded(value: Any) -> tuple[str, bytes]:
    """`value` as a Pagefind file's bytes, and the digest of them its name is made from."""
    data = _HEADER + cbor2.dumps(value)
    return hashlib.sha256(data).hexdigest(), gzip.compress(data, mtime=0)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if number == 0:
            return text


def _renamed_fragments(folder: Path, language: str, pages: list[Any]) -> list[Any]:
    """Each page's fragment renamed by its place in `pages` ([fragment, words] pairs)."""
    renamed: dict[str, str] = {}
    for at, page in enumerate(pages):
        old = page[0]
        if old not in renamed:  # two pages with the same text share one fragment
            renamed[old] = f"{language}_{_base36(at)}"
            (folder / f"{old}.pf_fragment").rename(folder / f"{renamed[old]}.pf_fragment")
        page[0] = renamed[old]
    return pages


def _make_deterministic(bundle: Path) -> None:
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_file = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_file)
        meta[1] = _renamed_fragments(bundle / "fragment", language, meta[1])
        filters = []
        for filter_name, hashed in meta[3]:
            path = bundle / "filter" / f"{hashed}.pf_filter"
            name, values = _read(path)
            path.unlink()
            digest, data = _encoded([name, sorted(values, key=lambda value: value[0])])
            hashed = f"{language}_{digest[:7]}"
            (bundle / "filter" / f"{hashed}.pf_filter").write_bytes(data)
            filters.append([filter_name, hashed])
        meta[3] = sorted(filters)
        meta_file.unlink()
        digest, data = _encoded(meta)
        about["hash"] = f"{language}_{digest[:10]}"
        (bundle / f"pagefind.{about['hash']}.pf_meta").write_bytes(data)
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")  # fmt: skip
