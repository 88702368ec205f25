"""What changed, and when: each item's history on its page, the Changes page and the feeds.

The history is read once per build from the repository (`history.read_history`: one pass over
the git log), so it is the same for a given commit and builds stay byte-identical. Without git,
or in a shallow clone, there is no chronicle and the pages simply leave history out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .follow import follow
from .history import Change, History, read_history
from .kinds import KINDS
from .models.others import Country

if TYPE_CHECKING:
    from .models import Entity
    from .resolve import Graph

PAGE_CHANGES = 5
"""An item page lists its newest changes, then links to the file's whole history."""


@dataclass(frozen=True)
class Dated:
    """A commit time as pages print it: `iso` for `<time datetime>`, `human` for readers."""

    iso: str
    human: str
    stamp: str
    """RFC 3339, for feeds."""


def dated(time: int) -> Dated:
    moment = datetime.fromtimestamp(time, UTC)
    return Dated(moment.date().isoformat(), f"{moment.day} {moment:%B %Y}",
                 moment.isoformat().replace("+00:00", "Z"))  # fmt: skip


def what_changed(change: Change) -> str:
    """'added', 'renamed', or the fields a change touched: 'changed summary, provisions'."""
    if change.action == "added":
        return "added"
    words = ", ".join(field.replace("_", " ") for field in change.fields)
    verb = "renamed" if change.action == "renamed" else "changed"
    return f"{verb} {words}" if words else verb


@dataclass(frozen=True)
class Entry:
    """One change to one item, as the Changes page and the feeds list it."""

    item: Entity
    change: Change

    @property
    def when(self) -> Dated:
        return dated(self.change.time)

    @property
    def what(self) -> str:
        return what_changed(self.change)


@dataclass(frozen=True)
class Chronicle:
    """The history of the content folder, and where the repository shows a commit."""

    history: History
    repo_url: str | None = None
    content_uri: str = "content"

    def commit_url(self, change: Change) -> str | None:
        return f"{self.repo_url.rstrip('/')}/commit/{change.commit}" if self.repo_url else None

    def file_history_url(self, path: str) -> str | None:
        """The repository host's history of one file, at the commit the site was built from."""
        if not self.repo_url:
            return None
        return f"{self.repo_url.rstrip('/')}/commits/{self.history.head}/{self.content_uri}/{path}"

    def entries(self, graph: Graph) -> list[Entry]:
        """Every change to an item in the graph, newest first (ties: commit, then path)."""
        found: list[Entry] = []
        for path, changes in self.history.files.items():
            kind, _, name = path.partition("/")
            item = graph.items.get(kind, {}).get(name.removesuffix(".yaml"))
            if item is not None:
                found.extend(Entry(item, change) for change in changes)
        found.sort(key=lambda e: (-e.change.time, e.change.commit, e.item.KIND, e.item.id or ""))
        return found


def read_chronicle(
    root: Path, content: Path, repo_url: str | None
) -> tuple[Chronicle | None, str | None]:
    """The chronicle of `content` in the repository at `root`, or None and why (one sentence
    for the build log: no git, a shallow clone...)."""
    history, reason = read_history(root, content)
    if history is None:
        return None, reason
    try:
        uri = content.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        uri = content.name
    return Chronicle(history, repo_url, uri), None


def history_view(item: Any, graph: Graph) -> dict[str, Any] | None:
    """An item page's history: when it was last updated, its newest changes, and a link to
    the rest; None without a chronicle or for an item with no file (a country from ISO)."""
    chronicle: Chronicle | None = graph.chronicle
    if chronicle is None:
        return None
    path = f"{item.KIND}/{item.id}.yaml"
    changes = chronicle.history.of(path)
    if not changes:
        return None
    shown = [(dated(c.time), what_changed(c), c.subject, chronicle.commit_url(c))
             for c in changes[:PAGE_CHANGES]]  # fmt: skip
    return {"updated": dated(changes[0].time), "changes": shown, "count": len(changes),
            "all": chronicle.file_history_url(path)}  # fmt: skip


class Concerned:
    """The countries an item concerns: itself, or what its kind's country facet names (an
    agreement's parties, a person's positions...: `Kind.facets` in kinds.py), by name, as the
    facet lists them; worked out once per item."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.memo: dict[tuple[str, str], list[Entity]] = {}

    def of(self, item: Entity) -> list[Entity]:
        key = (item.KIND, item.id or "")
        if key not in self.memo:
            if isinstance(item, Country):
                self.memo[key] = [item]
            else:
                paths = [path for facet, path in KINDS[item.KIND].facets if facet == "country"]
                found = {c.id: c for p in paths for c in follow(item, p, self.graph)
                         if isinstance(c, Country)}  # fmt: skip
                self.memo[key] = sorted(found.values(), key=lambda c: c.label)
        return self.memo[key]


CHANGES_SHOWN = 200
"""The Changes page lists the newest changes; the feeds and the repository hold the rest."""


def changes_view(graph: Graph) -> dict[str, Any]:
    """The Changes page: the newest changes across the site, each with the countries its item
    concerns (to filter by); rows None when the build has no history."""
    chronicle: Chronicle | None = graph.chronicle
    if chronicle is None:
        return {"rows": None}
    concerned = Concerned(graph)
    rows = []
    for entry in chronicle.entries(graph)[:CHANGES_SHOWN]:
        rows.append((entry, concerned.of(entry.item), chronicle.commit_url(entry.change)))
    return {"rows": rows}
