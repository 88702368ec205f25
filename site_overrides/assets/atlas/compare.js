// The provisions matrix and two agreements side by side, for any selection. The page already
// holds a static table of its default selection (the generator writes it; it reads without
// this script). Here the records come from data/compare.json, fetched once on request, and the
// table is drawn again from them: every value from content is set as text, never as markup.
(function () {
  "use strict";

  var loaded = {};
  function records(src) {
    if (!loaded[src]) {
      loaded[src] = fetch(src).then(function (response) {
        if (!response.ok) throw new Error("could not load " + src);
        return response.json();
      });
    }
    return loaded[src];
  }

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  function labelled(text, control) {
    var label = element("label", text + " ");
    label.appendChild(control);
    return label;
  }

  // A drop-down of `options` ([value, label]) with `chosen` selected; an id the data does not
  // hold (an old or mistyped address) stays chosen, marked unknown, and selects nothing.
  function select(name, options, chosen) {
    var box = element("select", null, { name: name });
    var known = options.some(function (option) { return option[0] === chosen; });
    if (chosen && !known) options = options.concat([[chosen, chosen + " (unknown)"]]);
    options.forEach(function (option) {
      var item = element("option", option[1], { value: option[0] });
      if (option[0] === chosen) item.selected = true;
      box.appendChild(item);
    });
    return box;
  }

  // The table right after `mount` (the theme wraps tables in a scroll box), and its marker.
  function tableAfter(mount) {
    var node = mount.nextElementSibling;
    while (node && node.tagName !== "TABLE" && !node.querySelector("table")) {
      node = node.nextElementSibling;
    }
    return node && (node.tagName === "TABLE" ? node : node.querySelector("table"));
  }

  function replaceTable(old, head, rows) {
    var table = element("table");
    var thead = element("thead");
    var tr = element("tr");
    head.forEach(function (cell) { tr.appendChild(element("th", cell)); });
    thead.appendChild(tr);
    var tbody = element("tbody");
    rows.forEach(function (cells) {
      var row = element("tr");
      cells.forEach(function (cell) {
        var td = element("td");
        if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell;
        row.appendChild(td);
      });
      tbody.appendChild(row);
    });
    table.appendChild(thead);
    table.appendChild(tbody);
    old.parentNode.replaceChild(table, old);
    var marker = table.closest(".md-typeset__scrollwrap") || table;
    marker = marker.previousElementSibling;
    if (window.atlasTables) {
      if (marker && marker.classList.contains("atlas-table")) window.atlasTables.enhance(marker, 0);
      window.atlasTables.stack(table);
    }
    return table;
  }

  function pageLink(base, record, text, hash) {
    return element("a", text, { href: base + record.page + (hash || "") });
  }

  // "yes" or "conditional", a link whose provision text shows on hover and focus.
  function cell(base, record, found) {
    if (!found) return "";
    var link = pageLink(base, record, found.conditional ? "conditional" : "yes", "#provisions");
    link.className = "atlas-cell";
    link.appendChild(element("span", ": " + found.texts.join(" / "), { class: "atlas-tip" }));
    return link;
  }

  function matrix(mount) {
    var src = mount.getAttribute("data-src");
    var base = src.replace(/data\/compare\.json$/, "");
    var categories = JSON.parse(mount.getAttribute("data-categories"));
    var params = new URLSearchParams(location.search);
    var form = element("form", null, { class: "atlas-compare", "aria-label": "Choose agreements" });
    var status = element("p", null, { role: "status", class: "atlas-compare__status" });
    mount.appendChild(form);
    mount.appendChild(status);

    records(src).then(function (all) {
      var names = {};
      all.forEach(function (r) {
        r.countries.forEach(function (id, i) { names[id] = r.parties[i]; });
      });
      var countries = Object.keys(names).sort(function (a, b) {
        return names[a].localeCompare(names[b]);
      }).map(function (id) { return [id, names[id]]; });
      var any = [["", "any"]];
      var country = select("country", any.concat(countries), params.get("country") || "");
      var partner = select("with", any.concat(countries), params.get("with") || "");
      var from = element("input", null, { type: "number", name: "from", size: "5" });
      var to = element("input", null, { type: "number", name: "to", size: "5" });
      from.value = params.get("from") || "";
      to.value = params.get("to") || "";
      var bilateral = element("input", null, { type: "checkbox", name: "bilateral" });
      bilateral.checked = params.get("bilateral") === "1";
      [labelled("Party", country), labelled("with", partner), labelled("Signed from", from),
        labelled("to", to), labelled("Bilateral only", bilateral)].forEach(function (l) {
        form.appendChild(l);
      });

      function draw() {
        var chosen = all.filter(function (r) {
          if (country.value && r.countries.indexOf(country.value) < 0) return false;
          if (partner.value && r.countries.indexOf(partner.value) < 0) return false;
          if (from.value && !(r.year >= Number(from.value))) return false;
          if (to.value && !(r.year <= Number(to.value))) return false;
          return !bilateral.checked || r.countries.length === 2;
        });
        var used = categories.filter(function (c) {
          return chosen.some(function (r) { return r.provisions[c[0]]; });
        });
        var head = ["Agreement", "Signed"].concat(used.map(function (c) { return c[1]; }));
        var rows = chosen.map(function (r) {
          var signed = r.sort ? element("time", r.signed, { datetime: r.sort }) : "";
          return [pageLink(base, r, r.title), signed].concat(used.map(function (c) {
            return cell(base, r, r.provisions[c[0]]);
          }));
        });
        replaceTable(tableAfter(mount), head, rows);
        status.textContent = chosen.length + " of " + all.length + " agreements";
        var query = new URLSearchParams();
        if (country.value) query.set("country", country.value);
        if (partner.value) query.set("with", partner.value);
        if (from.value) query.set("from", from.value);
        if (to.value) query.set("to", to.value);
        if (bilateral.checked) query.set("bilateral", "1");
        history.replaceState(null, "", query.toString() ? "?" + query : location.pathname);
      }
      form.addEventListener("change", draw);
      form.addEventListener("submit", function (event) { event.preventDefault(); draw(); });
      var asked = ["country", "with", "from", "to", "bilateral"].some(function (key) {
        return params.has(key);
      });
      if (asked) draw();
    }).catch(function (error) { status.textContent = error.message; });
  }

  function pair(mount) {
    var src = mount.getAttribute("data-src");
    var base = src.replace(/data\/compare\.json$/, "");
    var categories = JSON.parse(mount.getAttribute("data-categories"));
    var params = new URLSearchParams(location.search);
    var ids = (mount.getAttribute("data-ids") || "").split(" ");
    var form = element("form", null, { class: "atlas-compare", "aria-label": "Choose two agreements" });
    var status = element("p", null, { role: "status", class: "atlas-compare__status" });
    mount.appendChild(form);
    mount.appendChild(status);

    records(src).then(function (all) {
      var options = all.map(function (r) { return [r.id, r.title]; });
      var first = select("a", options, params.get("a") || ids[0]);
      var second = select("b", options, params.get("b") || ids[1]);
      form.appendChild(labelled("First", first));
      form.appendChild(labelled("Second", second));
      var byId = {};
      all.forEach(function (r) { byId[r.id] = r; });

      function draw() {
        var two = [byId[first.value], byId[second.value]];
        if (!two[0] || !two[1]) {
          status.textContent = "No agreement with the id " + (two[0] ? second : first).value;
          return;
        }
        status.textContent = "";
        var head = [""].concat(two.map(function (r) { return r.title; }));
        function row(name, value) {
          return [name].concat(two.map(value));
        }
        var rows = [
          row("Parties", function (r) { return r.parties.join(", "); }),
          row("Kind", function (r) { return r.kind; }),
          row("Signed", function (r) { return r.signed || "unknown"; }),
          row("Status", function (r) { return r.status || "unknown"; }),
          row("Term", function (r) { return r.term || "unknown"; }),
          row("Commitments", function (r) { return r.commitments.join("; ") || "none recorded"; })
        ];
        categories.forEach(function (c) {
          if (!two.some(function (r) { return r.provisions[c[0]]; })) return;
          rows.push(row(c[1], function (r) {
            var found = r.provisions[c[0]];
            if (!found) return "not covered";
            return found.texts.join(" / ") + (found.conditional ? " (conditional)" : "");
          }));
        });
        var table = replaceTable(tableAfter(mount), head, rows);
        two.forEach(function (r, i) {
          var th = table.tHead.rows[0].cells[i + 1];
          th.textContent = "";
          th.appendChild(pageLink(base, r, r.title));
        });
        history.replaceState(null, "", "?a=" + encodeURIComponent(first.value) +
          "&b=" + encodeURIComponent(second.value));
      }
      form.addEventListener("change", draw);
      if (params.get("a") || params.get("b")) draw();
    }).catch(function (error) { status.textContent = error.message; });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".atlas-matrix[data-src]"), matrix);
  Array.prototype.forEach.call(document.querySelectorAll(".atlas-pair[data-src]"), pair);
})();
