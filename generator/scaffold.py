"""`python -m generator new KIND ID`: a commented skeleton of a new content file.

The skeleton is built from the field reference (the models' own docs), so it lists exactly the
fields `check` accepts. Required fields are written with empty values that `check` refuses until
they are filled in; optional fields are listed as comments to uncomment.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .fieldref import FieldDoc, field_reference
from .kinds import COUNTRIES, KINDS, kind_named
from .load import ID_PATTERN
from .models import MODELS
from .models.others import iso_country
from .paths import reserved_ids, slug


class ScaffoldError(ValueError):
    """The file cannot be created: the message says why and what to do."""


def _placeholder(doc: FieldDoc) -> str:
    if doc.type.startswith("list of"):
        return '[""]'
    if doc.type.startswith("object"):
        return "{}"
    return '""'


def _comment(text: str, width: int = 96) -> list[str]:
    lines, line = [], "#"
    for word in text.split():
        if len(line) + 1 + len(word) > width:
            lines.append(line)
            line = "#"
        line += " " + word
    return [*lines, line] if line != "#" else lines


def _example(doc: FieldDoc, fields: list[FieldDoc]) -> list[str]:
    """A commented example of an optional field, with its own fields one level down."""
    inner = [f for f in fields if f.path.removeprefix(doc.path).lstrip("[]").count(".") == 1
             and f.path.startswith((doc.path + ".", doc.path + "[]."))]  # fmt: skip
    if not inner:
        return [f"# {doc.path}: {_placeholder(doc)}"]
    lines = [f"# {doc.path}:"]
    listed = doc.type.startswith("list of")
    for number, field in enumerate(inner):
        name = field.path.rsplit(".", 1)[-1]
        lead = "#   - " if listed and number == 0 else "#     " if listed else "#   "
        value = "[]" if field.type.startswith("list of") else _placeholder(field)
        note = field.type.removesuffix(" (fields below)")
        note = "YYYY-MM-DD, YYYY-MM or YYYY" if note.startswith("date") else note
        note = "" if note == "text" or len(note) > 50 else note
        note = ", ".join(n for n in (note, "required" if field.required else "") if n)
        lines.append(f"{lead}{name}: {value}" + (f"  # {note}" if note else ""))
    return lines


def _required_value(doc: FieldDoc, fields: list[FieldDoc]) -> list[str]:
    """A required field to fill in; a required list of mappings gets one item to fill in."""
    inner = [f for f in fields if f.path.startswith(doc.path + "[].") and f.required
             and f.path.count(".") == 1]  # fmt: skip
    if not (doc.type.startswith("list of object") and inner):
        return [f"{doc.path}: {_placeholder(doc)}"]
    lines = [f"{doc.path}:"]
    for number, field in enumerate(inner):
        lead = "  - " if number == 0 else "    "
        lines.append(f"{lead}{field.path.rsplit('.', 1)[-1]}: {_placeholder(field)}")
    return lines


def skeleton(kind: str) -> str:
    """The text of a new file of `kind`: schema line, guidance, required then optional fields."""
    reference = next(k for k in field_reference() if k.kind == kind)
    top = [f for f in reference.fields if "." not in f.path and f.path != "id"]
    lines = [
        f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json",
        f"# A new {KINDS[kind].singular}. Fill in every value left empty, uncomment the optional"
        " fields",
        "# the sources state, then run: python -m generator check",
        "# Every field is described in CONTRIBUTING.md (Field reference).",
        "",
    ]
    model = MODELS[kind]
    choices = model.ONE_OF or model.ANY_OF  # one of these is needed though none is required
    needed = [f for f in top if f.required or (choices and f.path == choices[0])]
    for doc in needed:
        if doc.description:
            lines += _comment(doc.description)
        elif not doc.type.startswith("one of:") and doc.type != "text":
            lines += _comment(doc.type)
        if doc.type.startswith("one of:"):
            lines += _comment(doc.type.replace("one of:", "One of:", 1))
        if doc.path in choices:
            lines += _comment("Or give " + " or ".join(f"'{c}'" for c in choices[1:]) + " instead.")
        lines += _required_value(doc, reference.fields)
    optional = [f for f in top if f not in needed]
    if optional:
        lines += ["", "# Optional: uncomment and fill in what the sources state."]
        for doc in optional:
            if doc.description:
                lines += _comment(doc.description)
            lines += _example(doc, reference.fields)
    return "\n".join(lines) + "\n"


def create(content_dir: Path, kind: str, item_id: str) -> Path:
    """Write the skeleton to content/KIND/ID.yaml; refuse a bad or reserved id, an existing
    file, and a link in place of the file or of its kind folder."""
    named = kind_named(kind)
    if named is None:
        kinds = "".join(f"\n  {k.singular:<12} {k.about}" for k in KINDS.values())
        raise ScaffoldError(f"unknown kind '{kind}': use one of{kinds}")
    kind = named.folder
    if not re.fullmatch(ID_PATTERN, item_id):
        suggestion = slug(item_id)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        raise ScaffoldError(
            f"'{item_id}' is not a valid id: use lower-case letters, digits and single hyphens"
            f"{hint} (e.g. 'pl-ua-security-agreement-2024')"
        )
    if kind == COUNTRIES and not iso_country(item_id):
        raise ScaffoldError(f"'{item_id}' is not an ISO 3166 alpha-2 code: e.g. 'pl' for Poland")
    if item_id in reserved_ids(kind):
        raise ScaffoldError(
            f"'{item_id}' is reserved for a page the site generates (the {kind} listing): "
            "choose another id"
        )
    text = skeleton(kind)
    path = content_dir / kind / f"{item_id}.yaml"
    folder = _open_kind_folder(path.parent)
    try:
        # O_EXCL|O_NOFOLLOW: the file is created here or not at all; an existing file, or a
        # link even to nowhere, is refused instead of written through.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        descriptor = os.open(path.name, flags, 0o644, dir_fd=folder)
    except FileExistsError:
        if path.is_symlink():
            raise ScaffoldError(f"{path} is a link: content files must be plain files") from None
        raise ScaffoldError(f"{path} exists already: edit it instead") from None
    except OSError as error:
        raise ScaffoldError(f"cannot create {path}: {error.strerror}") from None
    finally:
        os.close(folder)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    return path


def _open_kind_folder(folder: Path) -> int:
    """A descriptor of the kind folder, created if missing; refused when it is a link."""
    if folder.is_symlink():
        raise ScaffoldError(f"{folder} is a link: kind folders must be plain folders")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as error:
        message = f"{folder} is not a folder that can be written to: {error.strerror}"
        raise ScaffoldError(message) from None
