// Sortable, filterable tables. The generator puts an empty <div class="atlas-table"> before each
// table that should get controls; this script fills it with a text filter and one drop-down per
// column named in data-facets, and turns each column header into a sort button. Without the
// script the table is complete and readable, just static.
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function tableAfter(marker) {
    // Material wraps tables in scroll containers at load time, so look inside the next element.
    var next = marker.nextElementSibling;
    if (!next) return null;
    return next.tagName === "TABLE" ? next : next.querySelector("table");
  }

  // What a cell sorts by: a <time>'s datetime, a <data>'s value (an amount), else its text.
  // Empty cells and "unknown" sort last whichever way the column is sorted.
  function sortKey(cell) {
    var amount = cell.querySelector("data[value]");
    if (amount) return Number(amount.getAttribute("value"));
    var time = cell.querySelector("time[datetime]");
    var text = cell.textContent.trim();
    if (!text || text === "unknown" || text === "undated") return null;
    if (time) return time.getAttribute("datetime");
    return text;
  }

  function compare(a, b) {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return collator.compare(String(a), String(b));
  }

  // The values a row has in a facet column: each linked name, or the whole cell's text.
  function facetValues(cell) {
    var links = cell.querySelectorAll("a");
    if (links.length) {
      return Array.prototype.map.call(links, function (a) { return a.textContent.trim(); });
    }
    var text = cell.textContent.trim();
    return text ? [text] : [];
  }

  // The text of the nearest heading above the table, to name its controls apart from others.
  function headingBefore(marker) {
    var node = marker;
    while (node) {
      if (/^H[1-3]$/.test(node.tagName)) return node.textContent.replace(/¶$/, "").trim();
      node = node.previousElementSibling || node.parentElement;
    }
    return "table";
  }

  function enhance(marker, index) {
    var table = tableAfter(marker);
    if (!table || !table.tHead || !table.tBodies.length) return;
    marker.textContent = "";  // compare.js enhances a table again after drawing a new selection
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var names = headers.map(function (th) { return th.textContent.trim(); });
    var wanted = (marker.getAttribute("data-facets") || "").split(",").filter(Boolean);
    var id = "atlas-table-" + index;

    var form = document.createElement("form");
    form.className = "atlas-table__controls";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter: " + headingBefore(marker));
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    var filterLabel = document.createElement("label");
    filterLabel.textContent = "Filter ";
    var filter = document.createElement("input");
    filter.type = "search";
    filter.name = "filter";
    filter.id = id + "-filter";
    filter.setAttribute("aria-controls", id);
    filterLabel.appendChild(filter);
    form.appendChild(filterLabel);

    var facets = [];
    wanted.forEach(function (name) {
      var column = names.indexOf(name);
      if (column < 0) return;
      var values = {};
      rows.forEach(function (row) {
        facetValues(row.cells[column]).forEach(function (v) { values[v] = true; });
      });
      var label = document.createElement("label");
      label.textContent = name + " ";
      var select = document.createElement("select");
      select.name = name;
      select.setAttribute("aria-controls", id);
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "all";
      select.appendChild(all);
      Object.keys(values).sort(collator.compare).forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
      label.appendChild(select);
      form.appendChild(label);
      facets.push({ column: column, select: select });
    });

    var status = document.createElement("p");
    status.className = "atlas-table__status";
    status.setAttribute("role", "status");
    form.appendChild(status);
    marker.appendChild(form);
    table.id = id;

    function apply() {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var visible = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
          facets.every(function (f) {
            return !f.select.value ||
              facetValues(row.cells[f.column]).indexOf(f.select.value) >= 0;
          });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      var noun = rows.length === 1 ? " row" : " rows";
      status.textContent = shown === rows.length
        ? rows.length + noun
        : shown + " of " + rows.length + noun;
    }
    filter.addEventListener("input", apply);
    facets.forEach(function (f) { f.select.addEventListener("change", apply); });
    apply();

    headers.forEach(function (th, column) {
      if (!names[column]) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "atlas-table__sort";
      button.textContent = names[column];
      button.title = "Sort by " + names[column];
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = rows.map(function (row, position) {
          return { row: row, key: sortKey(row.cells[column]), position: position };
        });
        keyed.sort(function (a, b) {
          if (a.key === null || b.key === null) return compare(a.key, b.key) || a.position - b.position;
          var order = compare(a.key, b.key);
          return (ascending ? order : -order) || a.position - b.position;
        });
        keyed.forEach(function (item) { body.appendChild(item.row); });
        rows = keyed.map(function (item) { return item.row; });
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".atlas-table"), enhance);
  window.atlasTables = { enhance: enhance, stack: stack };

  // At phone width a table of three or more columns is shown as one block per row, each cell
  // under its column's name (atlas.css); the names are copied here from the header.
  function stack(table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (headers.length < 3) return;
    // An attribute, not a class: the theme styles only tables without a class.
    table.setAttribute("data-atlas-stacks", "");
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, column) {
        if (headers[column]) cell.setAttribute("data-label", headers[column]);
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table"), stack);
})();

// A link to something inside a folded list (a footnote's way back, a shared address) opens the
// fold first, in browsers that do not do so themselves.
(function () {
  "use strict";
  function unfold() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return;  // not an address this site writes
    }
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }
  window.addEventListener("hashchange", unfold);
  unfold();
})();
