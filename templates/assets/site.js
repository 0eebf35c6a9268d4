// dossier: small enhancements; every page works without this script.
(function () {
  "use strict";
  var root = document.documentElement;

  // Theme toggle: follows the system until the reader chooses, then remembers.
  var toggle = document.querySelector(".theme-toggle");
  function isDark() {
    var t = root.getAttribute("data-theme");
    if (t) return t === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function sync() {
    if (!toggle) return;
    toggle.setAttribute("aria-pressed", isDark() ? "true" : "false");
  }
  if (toggle) {
    toggle.hidden = false;
    sync();
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("dossier-theme", next); } catch (e) { /* ignore */ }
      sync();
    });
  }

  // "/" focuses the search box.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    var input = document.getElementById("search-input");
    if (input) { e.preventDefault(); input.focus(); }
  });
})();
