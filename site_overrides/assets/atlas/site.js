// Small fixes to the theme's markup that only a script can make without copying its templates.
(function () {
  "use strict";
  // The search overlay is a dialog without a name; screen readers announce it as "dialog".
  var search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
})();

// The theme searches on key-up only, so text that arrives without a key (pasted with the mouse,
// dictated, or typed through an input method, as Cyrillic often is) found nothing until the next
// key press. Every input now counts as a key-up.
(function () {
  "use strict";
  var query = document.querySelector("[data-md-component=search-query]");
  if (!query) return;
  query.addEventListener("input", function (event) {
    if (event.isComposing) return; // an input method is still composing the word
    query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
})();
