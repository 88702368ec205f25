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

The site is indexed in shards of a few thousand pages, each as soon as its pages are written,
and the shards are merged into one bundle (searchmerge.py): Pagefind's memory stays bounded and
a reader's browser loads one index as before. The merged bundle holds only what the site serves
(not Pagefind's own search interfaces, nor the module for pages of no known language) and is
byte-identical from run to run.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .memory import collector_paused
from .parallel import cores
from .searchmerge import SearchIndexError as SearchIndexError  # the error a run or merge raises
from .searchmerge import merge

BUNDLE = "pagefind"
"""The folder of the site the index is written to."""
BODY = "data-pagefind-body"
"""What marks a page's content for search (site_overrides/main.html); listings have none."""
IGNORED = (
    ".headerlink, .md-content__button, .atlas-graph, .atlas-graph-fold > summary, .footnote, "
    ".footnote-ref"
)
"""Parts of a page that are not its text: heading anchors, the edit button, and the connections
diagram (it repeats the names the page links to, and would rank every neighbour by them)."""


SHARD_PAGES = 1_000
"""Pages per Pagefind run: its memory grows with what it indexes (searchmerge.py), about 500 MB
for 2,500 of the synthetic corpus's pages; and what is left when the last page is written is
indexed after it, so a shard of this size keeps that tail short on a small site too (at 1,000
agreements, 2,934 pages, shards of 2,500 left nearly all the indexing to the end)."""


def _pagefind(folder: Path) -> Path:
    """Pagefind over the pages in `folder`; its bundle (in `folder`)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", BUNDLE,
               "--force-language", "en", "--exclude-selectors", IGNORED, "--quiet"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError((done.stderr or done.stdout).strip() or f"exit {done.returncode}")
    for entry in folder.iterdir():  # the pages' links go now, while the build writes on
        if entry.is_dir() and entry.name != BUNDLE:
            shutil.rmtree(entry)
        elif not entry.is_dir():
            entry.unlink()
    return folder / BUNDLE


SPARE_RUNS = 3
"""Pagefind runs besides the background one once every page is written (about 200 MB each)."""


class Indexer:
    """Pagefind over a site's pages, in shards of `shard_pages`, merged into one bundle.

    `add` takes each page as it is written; a full shard is indexed at once, in the background
    and one shard at a time, while the build goes on writing pages; `finish` indexes what is
    left and merges the shards into `site/pagefind/`. A shard holds hard links to the site's
    pages (copies where the file system has none), in a folder beside the site."""

    def __init__(self, site: Path, shard_pages: int | None = None) -> None:
        self.site, self.shard_pages = site, shard_pages or SHARD_PAGES
        site.parent.mkdir(parents=True, exist_ok=True)
        self._work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site.parent))
        # Removed on the way out too: a preview stopped with Ctrl-C while it indexes in the
        # background would leave the shards beside its site.
        atexit.register(self._remove)
        self._batch: list[Path] = []
        self._added: set[Path] = set()
        self._shards: list[Future[Path]] = []
        self._runner = ThreadPoolExecutor(1)

    def add(self, page: Path, searched: bool | None = None) -> None:
        """A written page of the site (an absolute path inside it); `searched`: whether it marks
        content for search (`data-pagefind-body`), read from the page when not given.

        Pagefind leaves out the pages that mark nothing only when some page of the same run
        marks something: a shard of only such pages (the 404 page, listings) would have them
        all indexed. So they are left out here, as one run over the site leaves them out."""
        self._added.add(page)
        if searched is None:
            searched = BODY in page.read_text(encoding="utf-8", errors="replace")
        if not searched:
            return
        self._batch.append(page)
        if len(self._batch) >= self.shard_pages:
            self._flush()

    def _flush(self) -> None:
        folder = self._folder(len(self._shards))
        for page in self._batch:
            target = folder / page.relative_to(self.site)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(page, target)
            except OSError:
                shutil.copyfile(page, target)
        self._shards.append(self._runner.submit(_pagefind, folder))
        self._batch = []

    def finish(self) -> None:
        """Index what is left (and any page of the site not added), merge, clean up."""
        try:
            for page in sorted(self.site.rglob("*.html")):
                if page not in self._added and BUNDLE not in page.relative_to(self.site).parts:
                    self.add(page)
            if self._batch:
                self._flush()
            bundles = self._bundles()
            if bundles:
                # The merge makes millions of small lists and no cycle: the collector would
                # walk the whole build's objects again and again (2.5 times longer in a build).
                with collector_paused(collect=False):
                    merge(bundles, self.site / BUNDLE, processes=cores())
        finally:
            self.close()

    def _bundles(self) -> list[Path]:
        """Every shard's bundle, in order. The pages are all written now, so the shards still
        queued start on the other cores too: on a large site the indexer falls behind the
        engine, and its queue was the last 13 s of a build of 10,000 agreements."""
        if cores() < 2:
            return [shard.result() for shard in self._shards]
        # At most SPARE_RUNS more: each run holds its shard's index in memory.
        spare = ThreadPoolExecutor(min(cores() - 1, SPARE_RUNS))
        try:
            shards = [spare.submit(_pagefind, self._folder(at)) if shard.cancel() else shard
                      for at, shard in enumerate(self._shards)]  # fmt: skip
            return [shard.result() for shard in shards]
        finally:
            spare.shutdown(cancel_futures=True)  # after a failure, the rest are not run

    def _folder(self, shard: int) -> Path:
        """Where shard number `shard` gathers its pages and Pagefind writes its bundle."""
        return self._work / str(shard)

    def close(self) -> None:
        self._runner.shutdown(cancel_futures=True)
        self._remove()
        atexit.unregister(self._remove)

    def _remove(self) -> None:
        shutil.rmtree(self._work, ignore_errors=True)


def index_site(site: Path, shard_pages: int | None = None) -> None:
    """Index the built site in `site` into `site/pagefind/`, replacing an earlier index. A site
    with no page has nothing to index (Pagefind would fail)."""
    Indexer(site, shard_pages).finish()
