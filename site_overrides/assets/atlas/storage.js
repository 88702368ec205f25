// Material's page-storage helpers (__md_scope, __md_hash, __md_get, __md_set), which the theme
// normally defines in an inline script. The scope is the site root: two folders above this file.
(function () {
  "use strict";
  var root = new URL("../..", document.currentScript.src);
  window.__md_scope = root;
  window.__md_hash = function (text) {
    return Array.from(text).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, scope) {
    storage = storage || localStorage;
    scope = scope || root;
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, scope) {
    storage = storage || localStorage;
    scope = scope || root;
    try {
      storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
    } catch (error) {
      // storage full or disabled: the theme works without remembering settings
    }
  };
})();
