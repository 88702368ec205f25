"""YAML typed as YAML 1.2 editors type it, to test the published schemas as editors use them."""

from __future__ import annotations

import re

import yaml


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML typing scalars as YAML 1.2's core schema does, like the YAML editors that read the
    published schemas: only `true`/`false` are booleans, only plain digits are integers, and
    dates stay text (PyYAML's YAML 1.1 would make `NO` false and `2024-07-08` a date)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag.rsplit(":", 1)[-1] in ("null", "float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
