// Small fixes to the theme's markup that only a script can make without copying its templates.
(function () {
  "use strict";
  // The search overlay is a dialog without a name; screen readers announce it as "dialog".
  var search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
})();
