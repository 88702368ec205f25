"""Atom feeds of what changed: new agreements, every changed record, and one per country.

Each entry links to the item's page and says what changed ('added', 'changed summary,
provisions'), with the commit's subject. Feeds are written with ElementTree, which escapes every
value; characters XML cannot hold at all are dropped first. Links are relative to the feed's
own address, as Atom allows, so the site works under any host.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .chronicle import Chronicle, Concerned, Entry, dated
from .paths import page_url, relative
from .resolve import Graph

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
FEEDS = "feeds"
TAG = "tag:security-agreements-atlas,2024:"
"""Entry and feed ids: tag URIs (RFC 4151), stable for a given commit and item."""

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def feed_files(graph: Graph) -> dict[str, str]:
    """Path inside the site -> Atom text; nothing when the build has no history."""
    chronicle: Chronicle | None = graph.chronicle
    if chronicle is None:
        return {}
    entries = chronicle.entries(graph)
    new = [e for e in entries if e.item.KIND == "agreements" and e.change.action == "added"]
    files = {
        f"{FEEDS}/changes.xml": _feed("Changes to the record", "changes", entries[:FEED_ENTRIES]),
        f"{FEEDS}/agreements.xml": _feed("New agreements", "agreements", new[:FEED_ENTRIES]),
    }
    concerned = Concerned(graph)
    per_country: dict[str, list[Entry]] = {}
    for entry in entries:
        for country in concerned.of(entry.item):
            listed = per_country.setdefault(country.id or "", [])
            if len(listed) < FEED_ENTRIES:
                listed.append(entry)
    for country in graph.all("countries"):  # every country has one, so its page can link it
        title = f"Changes concerning {country.label}"
        found = per_country.get(country.id or "", [])
        files[country_feed(country.id or "")] = _feed(title, f"countries/{country.id}", found)
    return files


def country_feed(country: str) -> str:
    return f"{FEEDS}/countries/{country}.xml"


def _feed(title: str, name: str, entries: list[Entry]) -> str:
    path = f"{FEEDS}/{name}.xml"
    # The namespace as a plain attribute: registering a prefix would change ElementTree for
    # the whole process.
    feed = ET.Element("feed", xmlns=ATOM)
    _child(feed, "id", TAG + path)
    _child(feed, "title", title)
    _child(feed, "updated", entries[0].when.stamp if entries else dated(0).stamp)
    ET.SubElement(feed, "link", rel="self", href=path.rsplit("/", 1)[1])
    ET.SubElement(feed, "link", rel="alternate", href=relative(path, "changes/"))
    author = ET.SubElement(feed, "author")
    _child(author, "name", "The record's contributors")
    for entry in entries:
        item = entry.item
        node = ET.SubElement(feed, "entry")
        _child(node, "id", f"{TAG}{entry.change.commit}/{item.KIND}/{item.id}")
        _child(node, "title", f"{item.label}: {entry.what}")
        _child(node, "updated", entry.when.stamp)
        href = relative(path, page_url(item.page_path))
        ET.SubElement(node, "link", rel="alternate", href=href)
        _child(node, "summary", f"{entry.what.capitalize()} ({entry.change.subject})")
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def _child(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, tag)
    node.text = _text(text)
    return node
