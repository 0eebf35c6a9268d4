// Applies the reader's saved colour theme before the page paints.
(function () {
  try {
    var t = localStorage.getItem("dossier-theme");
    if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
  } catch (e) { /* storage may be disabled */ }
})();
