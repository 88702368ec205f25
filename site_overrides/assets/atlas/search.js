// The theme's search box, answered by Pagefind (generator/search.py writes the index into
// pagefind/). The engine is loaded when a reader first opens the box, and each query fetches
// only the index chunks and the result fragments it needs.
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var form = document.querySelector("form[name=atlas-search]");
  if (!toggle || !form) return;
  var dialog = form.closest(".atlas-search-dialog");
  var input = form.elements.q;
  var list = dialog.querySelector(".md-search-result__list");
  var status = dialog.querySelector(".md-search-result__meta");
  var facetBox = dialog.querySelector(".atlas-search-facets");
  var facetButton = dialog.querySelector(".atlas-search-filter");
  var more = dialog.querySelector(".atlas-search-more");
  var root = new URL("../../", document.currentScript.src); // this file is assets/atlas/search.js
  var FACETS = [["kind", "kind"], ["country", "country"], ["year", "year"],
                ["category", "provision"], ["status", "status"]];
  var BATCH = 10;
  // A one-letter query matches a slice of the whole vocabulary and would fetch its index chunk
  // on the way to the word being typed; two letters ('EU', 'UK') are a query.
  var MIN_LENGTH = 2;
  // How much a match in the names an item's page carries (site_overrides/main.html) counts,
  // besides the page's text: a query that is one of an item's names puts its own page first
  // ('NATO' the alliance, not the JATEC centre named after it), and an agreement's parties find
  // it ahead of the reports that mention them. Tuned on the browser tests' queries.
  var RANKING = { metaWeights: { names: 10, name_words: 500, found_by: 200 } };
  var engine = null;
  var chosen = {};   // facet -> the value the reader filters by
  var results = [];
  var shown = 0;
  var latest = 0;    // the newest query; answers to older ones are dropped
  var faceted = false; // the facets' indexes are fetched only once a reader asks for them

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        // noWorker: the engine runs in the page, saving the worker script a first query would
        // fetch (a search over the index takes milliseconds; the fetches are what cost).
        return pagefind.options({ baseUrl: root.pathname, highlightParam: "highlight",
                                  ranking: RANKING, noWorker: true })
          .then(function () { return pagefind; });
      });
    }
    return engine;
  }

  function say(text) { status.textContent = text; }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (query.length < MIN_LENGTH) {
      list.textContent = "";
      facetBox.hidden = more.hidden = facetButton.hidden = true;
      say("Every page, every word: names in any spelling, provisions, quotations, sources.");
      return Promise.resolve();
    }
    return load().then(function (pagefind) {
      return pagefind.debouncedSearch(query, { filters: chosen }, 120);
    }).then(function (search) {
      if (!search || ticket !== latest) return null; // a newer query is on its way
      results = search.results;
      shown = 0;
      list.textContent = "";
      facetButton.hidden = faceted || search.results.length === 0;
      if (faceted) showFacets(search.filters);
      var n = results.length;
      say(n === 0 ? "No page matches." : n === 1 ? "1 page matches." : n + " pages match.");
      return showMore(ticket);
    }).catch(function (error) {
      say("Search is not available here: " + error.message);
    });
  }

  function showMore(ticket) {
    var batch = results.slice(shown, shown + BATCH);
    shown += batch.length;
    more.hidden = shown >= results.length;
    return Promise.all(batch.map(function (result) { return result.data(); }))
      .then(function (pages) {
        if (ticket !== latest) return;
        pages.forEach(function (page) { list.appendChild(resultItem(page)); });
      });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function resultItem(page) {
    var item = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = page.url;
    var article = element("article", "md-search-result__article md-typeset");
    var kind = (page.filters.kind || [])[0];
    if (kind) article.appendChild(element("span", "atlas-search-kind", kind));
    article.appendChild(element("h1", null, page.meta.title || page.url));
    var excerpt = element("p");
    if (page.locations.length === 0 && page.meta.names) {
      // Found by one of its names only (a spelling the page does not print): show them.
      appendNames(excerpt, page.meta.names, input.value);
    } else {
      appendExcerpt(excerpt, page);
    }
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  // The excerpt is cut here from the page's text as Pagefind stored it (plain text, markup
  // characters and all) around the first word that matched, and built from text nodes and
  // <mark> elements only: no markup a page's text holds can become an element of this page.
  var AROUND = 6;
  var WORDS = 28;
  function appendExcerpt(target, page) {
    var words = page.content.split(/[\r\n\s]+/g);
    var matched = {};
    page.locations.forEach(function (at) { matched[at] = true; });
    var first = page.locations.length ? Math.min.apply(null, page.locations) : 0;
    var start = Math.max(0, first - AROUND);
    var end = Math.min(words.length, start + WORDS);
    if (start > 0) target.appendChild(document.createTextNode("… "));
    for (var i = start; i < end; i++) {
      var word = document.createTextNode(words[i] + (i + 1 < end ? " " : ""));
      if (matched[i]) {
        var mark = element("mark");
        mark.appendChild(word);
        target.appendChild(mark);
      } else {
        target.appendChild(word);
      }
    }
    if (end < words.length) target.appendChild(document.createTextNode(" …"));
  }

  // Letters Unicode does not decompose, as generator/spellings.py writes them in ASCII.
  var OWN = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d",
              "þ": "th", "ı": "i" };
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[øæœßłđðþı]/g, function (c) { return OWN[c]; });
  }

  function appendNames(target, names, query) {
    var wanted = fold(query).split(/\s+/).filter(Boolean);
    target.appendChild(document.createTextNode("Also written: "));
    names.split(/(\s+)/).forEach(function (word) {
      var hit = wanted.some(function (w) { return fold(word).indexOf(w) === 0; });
      var text = document.createTextNode(word);
      if (hit) {
        var mark = element("mark");
        mark.appendChild(text);
        target.appendChild(mark);
      } else {
        target.appendChild(text);
      }
    });
  }

  function showFacets(counts) {
    var focused = document.activeElement && document.activeElement.name;
    facetBox.textContent = "";
    FACETS.forEach(function (facet) {
      var key = facet[0];
      var values = counts[key] || {};
      var names = Object.keys(values).filter(function (value) {
        return values[value] > 0 || chosen[key] === value;
      }).sort();
      if (key === "year") names.reverse();
      if (names.length === 0) return;
      var label = element("label", "atlas-search-facet");
      label.appendChild(element("span", "atlas-visually-hidden", "Filter by " + facet[1]));
      var select = element("select");
      select.name = key;
      select.add(new Option("Any " + facet[1], ""));
      names.forEach(function (value) {
        select.add(new Option(value + " (" + values[value] + ")", value, false,
                              chosen[key] === value));
      });
      select.addEventListener("change", function () {
        if (select.value) chosen[key] = select.value;
        else delete chosen[key];
        run();
      });
      label.appendChild(select);
      facetBox.appendChild(label);
      if (focused === key) select.focus(); // the list was rebuilt under the reader's focus
    });
    facetBox.hidden = facetBox.childNodes.length === 0;
  }

  function open(query) {
    toggle.checked = true;
    if (typeof query === "string") input.value = query;
    input.focus();
    input.select();
    load();
    if (input.value) run();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus(); // the header's search button (on a phone) opens the box
  });
  input.addEventListener("focus", function () {
    toggle.checked = true;
    load();
  });
  input.addEventListener("input", function (event) {
    if (!event.isComposing) run(); // an input method is still composing the word otherwise
  });
  input.addEventListener("compositionend", run);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    chosen = {};
    setTimeout(function () { run(); input.focus(); });
  });
  more.addEventListener("click", function () { showMore(latest); });
  facetButton.addEventListener("click", function () {
    load().then(function (pagefind) { return pagefind.filters(); }).then(function () {
      faceted = true;
      return run();
    }).then(function () {
      var first = facetBox.querySelector("select");
      if (first) first.focus();
    });
  });

  // The theme's shortcuts: / s f open search; Escape closes it; arrows walk the results.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable;
    if (!toggle.checked) {
      if (!typing && ["/", "s", "f", "S", "F"].indexOf(event.key) !== -1) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var stops = [input].concat(links());
      var at = stops.indexOf(target);
      if (at === -1) return;
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      stops[Math.max(0, Math.min(stops.length - 1, next))].focus();
    }
  });

  // A link to ?q=... (the home page's search box) opens the results; a result's link carries
  // ?highlight=... and the words are marked on the page it opens.
  var params = new URLSearchParams(location.search);
  if (params.get("q")) open(params.get("q"));
  if (params.has("highlight")) {
    import(new URL("pagefind/pagefind-highlight.js", root).href).then(function (module) {
      new module.default({ highlightParam: "highlight", addStyles: false,
                           markOptions: { className: "atlas-highlight" } });
    });
  }
})();
