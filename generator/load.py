"""Stage 1, load: content files to plain data with the position of every key and value.

The YAML is read as an event stream from libyaml, never constructed by PyYAML's resolvers, so:
every scalar stays the text it was written as (YAML 1.1 would turn `NO` into false and `1:20`
into 4800); tags, anchors and aliases are refused (no code runs, no alias bomb expands); a
repeated key is an error naming both lines. The models decide what the text means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)

# Plain (unquoted) scalars that YAML readers elsewhere take for "no value".
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}

Loc = tuple[str | int, ...]
Position = tuple[int, int]

try:  # libyaml's C parser is the fast path; the pure-Python one gives identical events.
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - only without libyaml
    _Parser = yaml.SafeLoader


class _Composer(_Parser):  # type: ignore[misc]
    """Composes the node tree without typing scalars: every node keeps its text, and the
    per-scalar call into PyYAML's Python resolver (a third of composing time) is skipped."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # path-based resolvers are not used: skip the Python call per node's bookkeeping

    def ascend_resolver(self) -> None:
        pass


@dataclass
class Document:
    """One content file: its data, and where each value and key stands in the file."""

    path: str
    kind: str
    id: str
    data: dict[str, Any]
    located_values: dict[Loc, Position] = field(default_factory=dict)
    located_keys: dict[Loc, Position] = field(default_factory=dict)
    ascii: bool = False
    """The file is plain ASCII, so no text in it can be mis-decoded (checks skip it)."""
    node: Any = None
    """The composed YAML tree, kept until a position is first asked for (most files never
    have a problem, so most never need their positions worked out)."""

    def _locate(self) -> None:
        if self.node is not None:
            _locate(self.node, (), self.located_values, self.located_keys)
            self.node = None

    @property
    def values(self) -> dict[Loc, Position]:
        """Loc -> (line, column) of every value."""
        self._locate()
        return self.located_values

    @property
    def keys(self) -> dict[Loc, Position]:
        """Loc -> (line, column) of every mapping key."""
        self._locate()
        return self.located_keys

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of the value (or key) at `loc`, else of its nearest located ancestor."""
        if self.node is not None:
            return _position_in(self.node, loc, key)
        table = self.keys if key else self.values
        while loc:
            if loc in table:
                return table[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.path, line, column, message)


def field_name(loc: Loc) -> str:
    """A location as a contributor reads it: `parties[0].signatories[1].person`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Turns libyaml events into nested dicts, lists and strings, recording positions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.values: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self.root: Any = None
        # Each frame: the container, its loc, and for mappings the pending key.
        self.stack: list[list[Any]] = []

    def error(self, mark: Any, message: str) -> None:
        line, column = _pos(mark)
        self.problems.append(Problem(self.path, line, column, message))

    def refuse_extras(self, event: Any) -> None:
        if getattr(event, "anchor", None):
            self.error(
                event.start_mark,
                f"anchor '&{event.anchor}' is not allowed: write the value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            self.error(event.start_mark, f"tag '{tag}' is not allowed: remove it")

    def child_loc(self, event: Any) -> Loc | None:
        """Where the next node goes; None when it is a mapping key (handled separately)."""
        if not self.stack:
            return ()
        container, loc, pending = self.stack[-1]
        if isinstance(container, list):
            return (*loc, len(container))
        if pending is None:
            return None
        return (*loc, pending)

    def attach(self, loc: Loc, value: Any) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
        else:
            container[frame[2]] = value
            frame[2] = None

    def scalar(self, event: Any) -> None:
        loc = self.child_loc(event)
        if loc is None:
            self.key(event)
            return
        self.values[loc] = _pos(event.start_mark)
        value = event.value
        if not event.style and value in _NULL_WORDS:  # plain style: None or "" by parser
            self.error(
                event.start_mark,
                "empty value: omit the field when the fact is unknown "
                "(write it in quotes if the text is meant literally)",
            )
            value = None
        self.attach(loc, value)

    def key(self, event: Any) -> None:
        container, loc, _ = self.stack[-1]
        name = event.value
        key_loc = (*loc, name)
        if name in container or key_loc in self.keys:
            first = self.keys.get(key_loc, (0, 0))[0]
            self.error(
                event.start_mark,
                f"duplicate key '{name}' (first written on line {first}): keep one",
            )
            name = f"\0duplicate:{name}:{event.start_mark.line}"
        else:
            self.keys[key_loc] = _pos(event.start_mark)
        self.stack[-1][2] = name

    def start(self, event: Any, container: Any) -> bool:
        loc = self.child_loc(event)
        if loc is None:
            self.error(event.start_mark, "a key must be plain text, not a list or mapping")
            return False
        if len(self.stack) >= MAX_DEPTH:
            self.error(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
            return False
        self.values[loc] = _pos(event.start_mark)
        self.attach(loc, container)
        self.stack.append([container, loc, None])
        return True


class _NotSimple(Exception):
    """The fast reading met something only the event reader reports precisely."""


# Characters that start an anchor, an alias or a tag. A file holding none of them cannot hold
# those constructs, so the tree libyaml composes in C is safe to read directly.
_EXTRAS = re.compile(r"[&*!]")
_MAX_FLOW = 256  # brackets beyond this could nest deep enough to strain the C composer's stack


def _read_node(node: Any, depth: int) -> Any:
    """Plain data from a composed node; anything needing a message raises _NotSimple."""
    if type(node) is yaml.ScalarNode:
        if not node.style and node.value in _NULL_WORDS:
            raise _NotSimple
        return node.value
    if depth >= MAX_DEPTH:
        raise _NotSimple
    if type(node) is yaml.SequenceNode:
        return [_read_node(child, depth + 1) for child in node.value]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if type(key_node) is not yaml.ScalarNode or key_node.value in mapping:
            raise _NotSimple
        mapping[key_node.value] = _read_node(value_node, depth + 1)
    return mapping


def _mark(node: Any) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _position_in(node: Any, loc: Loc, key: bool) -> Position:
    """Follow `loc` down a composed tree: the same answer `Document.position` gives from the
    tables, found in a few steps instead of locating every value of the file."""
    found = _mark(node)
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if type(node) is yaml.SequenceNode and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        elif type(node) is yaml.MappingNode:
            pair = next((p for p in node.value if p[0].value == part), None)
            if pair is None:
                break
            if last and key:
                return _mark(pair[0])
            node = pair[1]
        else:
            break
        found = _mark(node)
    return found


def _locate(node: Any, loc: Loc, values: dict[Loc, Position], keys: dict[Loc, Position]) -> None:
    """The position of every value and key under `node`, as the event reader records them."""
    values[loc] = _mark(node)
    if type(node) is yaml.SequenceNode:
        for index, child in enumerate(node.value):
            _locate(child, (*loc, index), values, keys)
    elif type(node) is yaml.MappingNode:
        for key_node, value_node in node.value:
            keys[(*loc, key_node.value)] = _mark(key_node)
            _locate(value_node, (*loc, key_node.value), values, keys)


def _parse_simple(text: str) -> tuple[Any, Any]:
    """Read a file with no anchors, aliases, tags or problems from libyaml's composed tree.

    About three times faster than reading events in Python; anything unusual (a problem to
    report, an `&`, `*` or `!` anywhere, even in text) raises _NotSimple, and the event reader
    below handles the file instead, so both give the same result for every file."""
    if _EXTRAS.search(text) or text.count("[") + text.count("{") > _MAX_FLOW:
        raise _NotSimple
    try:
        root = yaml.compose(text, Loader=_Composer)
    except yaml.YAMLError:
        raise _NotSimple from None
    if root is None:
        raise _NotSimple
    return _read_node(root, 0), root


def _parse(
    text: str, path: str
) -> tuple[Any, Any, dict[Loc, Position], dict[Loc, Position], list[Problem]]:
    """(data, composed tree, value positions, key positions, problems): the tree for a plain
    file, whose positions are left to be worked out; else positions from the event reader."""
    try:
        data, node = _parse_simple(text)
        return data, node, {}, {}, []
    except _NotSimple:
        data, values, keys, problems = parse_yaml_events(text, path)
        return data, None, values, keys, problems


def parse_yaml(
    text: str, path: str
) -> tuple[Any, dict[Loc, Position], dict[Loc, Position], list[Problem]]:
    """Parse YAML text into plain data: (data, value positions, key positions, problems)."""
    data, node, values, keys, problems = _parse(text, path)
    if node is not None:
        _locate(node, (), values, keys)
    return data, values, keys, problems


def parse_yaml_events(
    text: str, path: str
) -> tuple[Any, dict[Loc, Position], dict[Loc, Position], list[Problem]]:
    """The exact reader: every construct and problem located from libyaml's event stream."""
    builder = _Builder(path)
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    builder.error(event.start_mark, "several YAML documents: one file holds one")
                    break
            elif isinstance(event, yaml.AliasEvent):
                builder.error(
                    event.start_mark, f"alias '*{event.anchor}' is not allowed: write it out"
                )
                break
            elif isinstance(event, yaml.ScalarEvent):
                builder.refuse_extras(event)
                builder.scalar(event)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                builder.refuse_extras(event)
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                if not builder.start(event, container):
                    break
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                builder.stack.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _pos(mark) if mark else (0, 0)
        reason = exc.problem or "invalid YAML"
        lines = text.splitlines()
        bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = " (indent with spaces, not tabs)" if "\t" in bad_line else ""
        builder.problems.append(Problem(path, line, column, f"YAML syntax: {reason}{hint}"))
    except yaml.YAMLError:  # the reader refused a character YAML does not allow
        builder.problems.append(_unprintable(text, path))
    if documents == 0 and not builder.problems:
        builder.problems.append(Problem(path, 1, 1, "empty file: write a mapping of fields"))
    return builder.root, builder.values, builder.keys, builder.problems


# What YAML allows in a document; C0/C1 controls, surrogates, U+FFFE and U+FFFF are refused.
NOT_YAML_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _unprintable(text: str, path: str) -> Problem:
    """The first character the YAML reader refuses, at its own line and column (the reader
    reports an offset that counts bytes in one parser and characters in the other)."""
    found = NOT_YAML_PRINTABLE.search(text)
    if not found:
        return Problem(path, 1, 1, "YAML: the file holds a character YAML does not allow")
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    code = f"U+{ord(found.group()):04X}"
    message = f"character {code} is not allowed (a control or non-character): delete it"
    return Problem(path, line, column, message)


def load_file(
    file: Path, kind: str, display_path: str, raw: bytes
) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of one content file (read by `files.read_regular_file`); the document
    is None when it cannot be used."""
    if len(raw) > MAX_FILE_BYTES:
        size = f"{len(raw)} bytes, over the limit of {MAX_FILE_BYTES}"
        return None, [Problem(display_path, 1, 1, f"file too large ({size}): split it")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        message = f"byte 0x{raw[exc.start]:02X} is not UTF-8 text: save the file as UTF-8"
        return None, [Problem(display_path, line, column, message)]
    # Positions of a plain file are worked out later, and only if a problem needs one.
    data, node, values, keys, problems = _parse(text, display_path)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        return None, [Problem(display_path, 1, 1, f"the file holds {found}: write a mapping")]
    stem = file.name.removesuffix(".yaml")
    return Document(display_path, kind, stem, data, values, keys, text.isascii(), node), []
