"""Browser fixtures: the built site served on localhost, Debian's Chromium driven by Playwright.

Every page a test opens records what a reader would never want to see: console errors (a
Content-Security-Policy violation is one), uncaught script errors, and requests to any host but
the local server. Those requests are refused, so a page that needs a CDN shows it as a failure.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium calls home at start; this machine's network refuses it.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_URL = "/__axe__/axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, plus axe-core at AXE_URL from its installed package."""

    axe = Path(str(files("axe_playwright_python") / "axe.min.js"))

    def translate_path(self, path: str) -> str:
        if path.split("?")[0] == AXE_URL:
            return str(self.axe)
        return super().translate_path(path)

    def log_message(self, *args: Any) -> None:
        pass  # quiet: pytest shows failures, not every request


@contextmanager
def served(site: Path) -> Iterator[str]:
    """A built site served on localhost, quietly; yields its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_SiteHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs it (apt chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page and what went wrong on it."""

    page: Page
    base_url: str
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def accessibility_violations(self, worst: tuple[str, ...] = ("serious", "critical")) -> list:
        self.page.add_script_tag(url=AXE_URL)
        found = self.page.evaluate(
            "() => axe.run().then(r => r.violations.map(v => "
            "({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))"
        )
        return [v for v in found if v["impact"] in worst]


def watch(browser: Browser, base_url: str, **context: Any) -> Iterator[Watched]:
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    watched = Watched(page, base_url)
    local = urlsplit(base_url).netloc

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            watched.foreign_requests.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    page.on(
        "console",
        lambda m: watched.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: watched.errors.append(f"{page.url}: {e}"))
    yield watched
    ctx.close()


@pytest.fixture
def reader(browser: Browser, base_url: str) -> Iterator[Watched]:
    """A desktop-sized page."""
    yield from watch(browser, base_url, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Watched]:
    """A phone-sized page (390 x 844 CSS pixels, touch, as a current mid-size phone)."""
    yield from watch(
        browser,
        base_url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
