"""What search costs a reader: the bytes a first query fetches, measured in Chromium.

A built site is served on localhost; a page is opened, the reader types a query into the
header's search box, and every search resource fetched from page load until the first results
are drawn is counted: the search script, Pagefind's engine, its WebAssembly module, the entry
and metadata files, the index chunks and the fragments of the results shown. Sizes are the
bytes served (this server does not compress, so they are an upper bound for a real host).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
SEARCH_FILES = ("/pagefind/", "/assets/atlas/search.js")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def first_query_bytes(site: Path, query: str, browser: Any = None) -> tuple[int, int]:
    """(bytes, files) of search resources fetched from loading a page to the first results of
    `query`, in `browser` (a Playwright browser; without one, Chromium is started here)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            started = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                return first_query_bytes(site, query, started)
            finally:
                started.close()
    fetched: dict[str, int] = {}
    with served(site) as base:
        context = browser.new_context()
        try:
            tab = context.new_page()

            def counted(response: Any) -> None:
                if any(part in response.url for part in SEARCH_FILES):
                    fetched[response.url] = len(response.body())

            tab.on("response", counted)
            tab.goto(base + "about/")
            tab.wait_for_load_state("networkidle")
            box = tab.get_by_role("textbox", name="Search")
            box.click()
            box.press_sequentially(query, delay=20)
            tab.locator(".md-search-result__item").first.wait_for(timeout=60_000)
            tab.wait_for_load_state("networkidle")
        finally:
            context.close()
    return sum(fetched.values()), len(fetched)
