"""The lock file pins every package exactly, at versions past the advisories we know of.

`pip-audit` needs an advisory service this build machine cannot reach, so the known advisories
for the packages that touch untrusted text are kept here as version floors.
"""

from __future__ import annotations

import re

from packaging.version import Version

from .conftest import ROOT

# package -> (first fixed version, advisories it fixes)
ADVISORY_FLOORS = {
    "mkdocs-material": ("9.7.7", "GHSA-xvg9-69gf-fjrf: DOM XSS in search suggestions"),
    "pymdown-extensions": (
        "11.0.2",
        "PYSEC-2026-3609 b64 path traversal; PYSEC-2026-3654 ReDoS; GHSA-jh85-wwv9-24hv and "
        "GHSA-62q4-447f-wv8h snippets path traversal",
    ),
    "jinja2": ("3.1.6", "CVE-2025-27516 sandbox escape via |attr"),
}


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([A-Za-z0-9_.+-]+)", line)
        assert match, f"not an exact pin: {line!r}"
        found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def test_every_package_is_pinned_exactly() -> None:
    locked = pins()
    direct = [
        re.split(r"[=<>~ \[]", line)[0].lower()
        for line in (ROOT / "requirements.in").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert [name for name in direct if name not in locked] == []


def test_pins_are_past_known_advisories() -> None:
    locked = pins()
    for package, (floor, advisory) in ADVISORY_FLOORS.items():
        assert Version(locked[package]) >= Version(floor), f"{package}: {advisory}"
