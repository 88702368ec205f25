// "Cite this page": the page's own address in the suggested citation, and the citation as
// BibTeX, RIS and CSL-JSON files, made from the page's structured data (its JSON-LD).
(function () {
  "use strict";
  var box = document.querySelector(".atlas-cite");
  var data = document.querySelector('script[type="application/ld+json"]');
  if (!box || !data) return;
  var item = JSON.parse(data.textContent);
  var url = location.origin + location.pathname;
  var version = box.getAttribute("data-version"); // YYYY-MM-DD, the build's date
  var parts = version.split("-").map(Number);
  var site = document.querySelector('meta[property="og:site_name"]').content;
  var key = location.pathname.split("/").filter(Boolean).join("-") || "home";
  box.querySelector(".atlas-cite-url").textContent = url;

  // BibTeX: braces balanced, and the characters TeX reads as commands written as text.
  function tex(text) {
    return text.replace(/[\\{}]/g, "").replace(/([#$%&_^~])/g, "\\$1");
  }
  var formats = {
    bibtex: {
      name: key + ".bib", type: "application/x-bibtex",
      text: function () {
        return "@misc{atlas-" + key + ",\n" +
          "  title = {{" + tex(item.name) + "}},\n" +
          "  howpublished = {" + site.replace(/[\\{}]/g, "") + "},\n" +
          "  url = {" + url + "},\n" +
          "  year = {" + parts[0] + "},\n" +
          "  note = {Version of " + version + "}\n}\n";
      }
    },
    ris: {
      name: key + ".ris", type: "application/x-research-info-systems",
      text: function () {
        var line = function (tag, value) {
          return tag + "  - " + String(value).replace(/[\r\n]+/g, " ") + "\r\n";
        };
        return line("TY", "ELEC") + line("TI", item.name) + line("PB", site) + line("UR", url) +
          line("PY", parts[0]) + line("DA", version.replace(/-/g, "/")) + line("ER", "");
      }
    },
    csl: {
      name: key + ".json", type: "application/vnd.citationstyles.csl+json",
      text: function () {
        return JSON.stringify([{ id: "atlas-" + key, type: "webpage", title: item.name,
                                 "container-title": site, URL: url,
                                 issued: { "date-parts": [parts] } }], null, 1) + "\n";
      }
    }
  };
  box.querySelectorAll("button[data-format]").forEach(function (button) {
    button.addEventListener("click", function () {
      var format = formats[button.getAttribute("data-format")];
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([format.text()], { type: format.type }));
      link.download = format.name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    });
  });
  box.querySelector(".atlas-cite-formats").hidden = false; // the buttons need this script
})();
