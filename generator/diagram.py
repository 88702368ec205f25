"""Connections diagrams: who and what an agreement, person or country is linked to, as inline SVG.

The diagram is drawn here rather than by a script in the browser: it shows without JavaScript,
needs no third-party library, and every label is escaped by the same code that writes it. The
item sits in the middle; the things it links to stand in labelled groups on either side, each
box a link to its page. A group shows at most `MAX_PER_GROUP` boxes and says how many more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from .escape import LONG_LIST, Markdown
from .follow import follow
from .kinds import KINDS
from .models import Entity
from .paths import relative_url
from .resolve import Graph

MAX_PER_GROUP = 8
WIDTH = 760
SIDE_WIDTH = 250
CENTRE_WIDTH = 200
ROW = 46
BOX = 38
HEADING = 26
LABEL_CHARS = 36


@dataclass(frozen=True)
class Group:
    title: str
    members: list[Entity]


def _unique(items: Iterable[Entity | None], without: Entity) -> list[Entity]:
    seen: dict[tuple[str, str], Entity] = {}
    for item in items:
        if item is not None and item is not without:
            seen.setdefault((item.KIND, item.id or ""), item)
    return list(seen.values())


def _flat(text: str) -> str:
    """Text for the SVG on one line: a blank line in a name would end the HTML block early in a
    CommonMark engine (Python-Markdown keeps it), so every run of whitespace is one space."""
    return escape(" ".join(text.split()))


def groups_of(item: Entity, graph: Graph) -> list[Group]:
    """What the diagram shows for the item's kind (`Kind.diagram`); empty groups are dropped."""
    groups = []
    for group in KINDS[item.KIND].diagram:
        found = (value for path in group.paths for value in follow(item, path, graph))
        groups.append(Group(group.title, _unique(found, item)))
    return [g for g in groups if g.members]


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; a word longer than `width` is cut (textwrap does this ten times slower)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _text_lines(label: str, width: int, lines: int) -> list[str]:
    wrapped = _wrap(label, width) or [label]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def _place(groups: list[Group]) -> tuple[list[tuple[Group, str, int]], int]:
    """Each group's side and top; groups go to whichever side is shorter so far."""
    heights = {"left": 0, "right": 0}
    placed = []
    for group in groups:
        side = "left" if heights["left"] <= heights["right"] else "right"
        rows = min(len(group.members), MAX_PER_GROUP) + (len(group.members) > MAX_PER_GROUP)
        placed.append((group, side, heights[side]))
        heights[side] += HEADING + rows * ROW + 12
    return placed, max(heights.values())


def connections(item: Entity, graph: Graph, page: str) -> Markdown:
    """The diagram as one raw HTML block (no blank lines, so every Markdown engine keeps it)."""
    groups = groups_of(item, graph)
    if not groups:
        return Markdown("")
    placed, height = _place(groups)
    height = max(height, 80) + 8
    centre_x = (WIDTH - CENTRE_WIDTH) / 2
    centre_lines = _text_lines(item.label, 26, 3)
    centre_h = 18 * len(centre_lines) + 16
    centre_y = (height - centre_h) / 2
    mid = centre_y + centre_h / 2
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height:.0f}" role="group" '
        f'aria-label="Connections of {_flat(item.label)}">'
    ]
    for group, side, top in placed:
        x = 0 if side == "left" else WIDTH - SIDE_WIDTH
        parts.append(f'<text class="group" x="{x + 4}" y="{top + 16}">{escape(group.title)}</text>')
        y = top + HEADING
        for member in group.members[:MAX_PER_GROUP]:
            box_mid = y + BOX / 2
            x1, x2 = (SIDE_WIDTH, centre_x) if side == "left" else (x, centre_x + CENTRE_WIDTH)
            bend = (x1 + x2) / 2
            parts.append(
                f'<path class="edge" d="M{x1} {box_mid:.0f} C{bend:.0f} {box_mid:.0f} '
                f'{bend:.0f} {mid:.0f} {x2:.0f} {mid:.0f}"/>'
            )
            url = escape(relative_url(page, member.page_path))
            lines = _text_lines(member.label, LABEL_CHARS, 2)
            first_y = y + (15 if len(lines) == 2 else 24)
            text = "".join(
                f'<tspan x="{x + 8}" y="{first_y + 16 * n}">{escape(line)}</tspan>'
                for n, line in enumerate(lines)
            )
            parts.append(
                f'<a class="node" href="{url}"><title>{_flat(member.label)}</title>'
                f'<rect x="{x}" y="{y}" width="{SIDE_WIDTH}" height="{BOX}" rx="4"/>'
                f"<text>{text}</text></a>"
            )
            y += ROW
        hidden = len(group.members) - MAX_PER_GROUP
        if hidden > 0:
            parts.append(f'<text x="{x + 8}" y="{y + 20}">and {hidden} more</text>')
    parts.append(
        f'<g class="node centre"><rect x="{centre_x:.0f}" y="{centre_y:.0f}" '
        f'width="{CENTRE_WIDTH}" height="{centre_h}" rx="6"/>'
    )
    for number, line in enumerate(centre_lines):
        parts.append(
            f'<text x="{WIDTH / 2:.0f}" y="{centre_y + 22 + 18 * number:.0f}" '
            f'text-anchor="middle">{escape(line)}</text>'
        )
    parts.append("</g></svg>")
    titles = ", ".join(g.title.lower() for g in groups)
    caption = f"Connections: {titles}. Each box links to its page."
    figure = (
        '<figure class="atlas-graph">\n'
        + "\n".join(parts)
        + f"\n<figcaption>{escape(caption)}</figcaption>\n</figure>"
    )
    linked = sum(len(g.members) for g in groups)
    if linked <= LONG_LIST:
        return Markdown(figure)
    # A large diagram folds behind its count like a long list: the facts come first.
    summary = f"<summary>Connections diagram: {linked} linked pages</summary>"
    return Markdown(f'<details class="atlas-graph-fold">\n{summary}\n{figure}\n</details>')
