// The reader's colour theme and the toggle in the header. Held inline in
// each page's head (base.html), this runs before the body is parsed: the
// saved theme applies before the page paints, and the class "js" on
// <html> shows the toggle (style.css) from the first paint, so the header
// does not grow, and the page below it move, when a later script comes.
(function () {
  var root = document.documentElement, key = "dossier-theme";
  try {
    var saved = localStorage.getItem(key);
    if (saved === "dark" || saved === "light") root.setAttribute("data-theme", saved);
  } catch (e) { /* storage may be disabled */ }
  root.classList.add("js");
  var mq = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function isDark() {
    var t = root.getAttribute("data-theme");
    return t ? t === "dark" : !!(mq && mq.matches);
  }
  function sync() {
    var b = document.querySelector(".theme-toggle");
    if (b) b.setAttribute("aria-pressed", isDark() ? "true" : "false");
  }
  document.addEventListener("DOMContentLoaded", sync);
  if (mq && mq.addEventListener) mq.addEventListener("change", sync);
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest(".theme-toggle")) return;
    var next = isDark() ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem(key, next); } catch (e2) { /* storage may be disabled */ }
    sync();
  });
})();
