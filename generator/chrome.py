"""Shared chrome: the parts of the theme's page frame that are the same on every item page,
written once into a cached script instead of into each of 30,000 pages.

An item page (any page the navigation does not list) carries placeholders where the theme puts
its palette toggle, search dialog and repository link, no `#__config`, and, where the theme
puts the navigation, the script `assets/atlas/chrome.<digest>.js`, which writes the parts in
(before the theme's own script reads them). Pages the navigation lists render it themselves:
it marks them active and holds their table of contents. The parts come from the theme's own
partials, rendered once per build with the theme's Jinja environment for a page outside the
navigation (`page` is None there); their relative addresses start at the site's root, and the
script puts the page's way up to the root in front (as the theme's `url` filter does). Nothing
from content is in them: they come from mkdocs.yml and the templates.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import jinja2

FOLDER = "assets/atlas/"
"""Where the script goes; its name holds a digest of its text, so a cached copy of an earlier
build's frame is never paired with this build's pages."""
PARTS = {
    "palette": "partials/palette.html",
    "search": "partials/search.html",
    "source": "partials/source.html",
    "nav": "partials/nav.html",
}
"""Placeholder name -> the theme partial (as `site_overrides/` may change it) it stands for."""
ORIGINAL = "theme"
"""Loader prefix under which the theme's templates, overrides included, stay reachable."""
_SLOT = '{%% if atlas_chrome %%}%s{%% else %%}{%% include "' + ORIGINAL + '/%s" %%}{%% endif %%}'
_SLOTS = {path: _SLOT % (f'<div data-atlas-chrome="{name}"></div>', path)
          for name, path in PARTS.items() if name != "nav"}  # fmt: skip
_SLOTS[PARTS["nav"]] = _SLOT % ('<script src="{{ atlas_chrome | url }}"></script>', PARTS["nav"])

_CONFIG_JSON = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)

# Runs where the navigation goes, with the parts `P` and the theme's configuration `C`. The way
# up to the root is read from this script's own address as written ("../../assets/atlas/...");
# an address in a part that is relative (not "#...", "?...", "/...", "scheme:..." or empty)
# starts at the root. Only the header's placeholders are filled (the page's own content cannot
# hold one: it is escaped).
_CODE = """(function (P, C) {
  "use strict";
  var s = document.currentScript, src = s.getAttribute("src");
  var up = src.slice(0, src.lastIndexOf("%(folder)s"));
  var relative = /(\\s)(href|src)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|[#\\/?"])/g;
  function fix(html) {
    return html.replace(relative, '$1$2="' + up);
  }
  document.querySelectorAll("header [data-atlas-chrome]").forEach(function (slot) {
    var name = slot.getAttribute("data-atlas-chrome");
    if (name !== "nav" && Object.prototype.hasOwnProperty.call(P, name)) {
      slot.outerHTML = fix(P[name]);
    }
  });
  s.insertAdjacentHTML("beforebegin", fix(P.nav));
  C.base = up.replace(/\\/$/, "") || ".";
  C.search = up + C.search;
  var config = document.createElement("script");
  config.id = "__config";
  config.type = "application/json";
  config.textContent = JSON.stringify(C);
  document.body.appendChild(config);
})(%(parts)s, %(config)s);
"""


def with_slots(env: jinja2.Environment) -> None:
    """Put the placeholders in front of the theme's partials (only in the facts plugin's
    builds: plain MkDocs on `render --out` renders the theme as it is); each falls back to the
    partial itself, reachable as `theme/<path>`, on a page that renders its own chrome."""
    if env.loader is None:
        raise ValueError("the theme's Jinja environment has no loader")
    env.loader = jinja2.ChoiceLoader([
        jinja2.DictLoader(_SLOTS), env.loader, jinja2.PrefixLoader({ORIGINAL: env.loader})
    ])  # fmt: skip


def parts(
    env: jinja2.Environment, context: dict[str, Any]
) -> tuple[dict[str, str], dict[str, Any]]:
    """The parts, rendered for a page outside the navigation at the site's root (`context` is
    the theme's template context with no page); and the theme's configuration for its
    script."""
    context = {**context, "features": context["config"].theme.get("features") or []}
    context["lang"] = env.get_template("partials/language.html").make_module(context)
    rendered = {name: env.get_template(f"{ORIGINAL}/{path}").render(context).strip()
                for name, path in PARTS.items()}  # fmt: skip
    base = env.get_template("base.html")
    found = _CONFIG_JSON.search("".join(base.blocks["config"](base.new_context(context))))
    if found is None:
        raise ValueError("the theme's config block changed: update generator/chrome.py")
    return rendered, json.loads(found.group(1))


def script(rendered: dict[str, str], config: dict[str, Any]) -> str:
    """chrome.js: the parts and configuration as data, and the code that writes them in."""

    def data(value: object) -> str:  # a JavaScript literal that cannot end the script early
        return json.dumps(value, sort_keys=True, ensure_ascii=True).replace("</", "<\\/")

    return _CODE % {"folder": FOLDER, "parts": data(rendered), "config": data(config)}


def script_path(text: str) -> str:
    """Where chrome.js with `text` goes in the site, named by its digest."""
    return f"{FOLDER}chrome.{hashlib.sha256(text.encode()).hexdigest()[:10]}.js"
