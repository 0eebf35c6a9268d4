// dossier: the reader's enhancements. Every page works without this script:
// the search forms lead to /search/, which points to the topic and source
// indexes; cross-links go to their page and citations to their reference.
//
// 1. Theme toggle: follows the system until the reader chooses, then remembers.
// 2. Search: "/" focuses the box; the index (search/index.json, made by
//    internal/search) is fetched on first use, revalidated with the server
//    so that it is never stale; ranked, highlighted results,
//    as suggestions under the box (arrows, Enter, Escape) and on /search/?q=.
// 3. Previews: hovering, focusing or tapping a cross-link shows the target's
//    summary; a citation shows its source card, built from the page's own
//    reference list. Escape closes.
(function () {
  "use strict";
  var root = document.documentElement;
  var doc = document;

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // ---- 1. Theme -----------------------------------------------------------
  var toggle = doc.querySelector(".theme-toggle");
  function isDark() {
    var t = root.getAttribute("data-theme");
    if (t) return t === "dark";
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }
  function syncToggle() {
    toggle.setAttribute("aria-pressed", isDark() ? "true" : "false");
  }
  if (toggle) {
    toggle.hidden = false;
    syncToggle();
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("dossier-theme", next); } catch (e) { /* storage may be disabled */ }
      syncToggle();
    });
    if (window.matchMedia) {
      var mq = window.matchMedia("(prefers-color-scheme: dark)");
      if (mq.addEventListener) mq.addEventListener("change", syncToggle);
    }
  }

  // ---- 2. Search ----------------------------------------------------------
  var indexForm = doc.querySelector("form[data-index]");
  var indexURL = indexForm && indexForm.getAttribute("data-index");
  var loading = null;

  // fold and terms mirror internal/search.Terms.
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
  }
  function terms(s) {
    return fold(s).match(/[\p{L}\p{N}]+/gu) || [];
  }

  function loadIndex() {
    if (!loading) {
      loading = fetch(indexURL, { credentials: "same-origin", cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("search index: HTTP " + r.status);
        return r.json();
      }).then(function (ix) {
        ix.stopSet = new Set(ix.stop);
        return ix;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // lowerBound returns the first index i of the sorted array a with a[i] >= x.
  function lowerBound(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (a[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  var maxExpansions = 64;

  // timed runs query and records how long it took as a User Timing measure,
  // "dossier:search", which the browser benchmarks read.
  function timed(ix, q) {
    var t0 = performance.now();
    var r = query(ix, q);
    if (performance.measure) performance.measure("dossier:search", { start: t0, end: performance.now() });
    return r;
  }

  // query ranks the documents for q: first by how many of the query's words
  // they hold, then by the sum over words of weight × rarity. A word also
  // matches the longer words it begins (at half weight), so that results
  // come as the reader types.
  function query(ix, q) {
    var qs = [];
    terms(q).forEach(function (t) {
      if (!ix.stopSet.has(t) && qs.indexOf(t) < 0) qs.push(t);
    });
    var n = ix.docs.length;
    var score = new Float64Array(n), matched = new Uint8Array(n);
    qs.forEach(function (t) {
      var best = new Float64Array(n);
      var i = lowerBound(ix.terms, t);
      for (var k = 0; i < ix.terms.length && k <= maxExpansions; i++, k++) {
        var term = ix.terms[i];
        if (term !== t && (t.length < 2 || term.lastIndexOf(t, 0) !== 0)) break;
        var post = ix.post[i];
        var idf = Math.log(1 + n / (post.length / 2));
        var factor = term === t ? 1 : 0.5;
        for (var j = 0, d = 0; j < post.length; j += 2) {
          d += post[j];
          var s = Math.log(1 + post[j + 1]) * idf * factor;
          if (s > best[d]) best[d] = s;
        }
      }
      for (var d2 = 0; d2 < n; d2++) {
        if (best[d2] > 0) { score[d2] += best[d2]; matched[d2]++; }
      }
    });
    var out = [];
    for (var d3 = 0; d3 < n; d3++) if (matched[d3]) out.push(d3);
    out.sort(function (a, b) { return matched[b] - matched[a] || score[b] - score[a] || a - b; });
    return {
      terms: qs,
      all: out.length > 0 && matched[out[0]] === qs.length,
      docs: out.filter(function (d) { return matched[d] === matched[out[0]]; }).map(function (d) { return ix.docs[d]; })
    };
  }

  function hits(word, qs) {
    var f = fold(word);
    for (var i = 0; i < qs.length; i++) {
      if (f === qs[i] || (qs[i].length >= 2 && f.lastIndexOf(qs[i], 0) === 0)) return true;
    }
    return false;
  }

  // highlight returns text as nodes, with the words that match marked.
  function highlight(text, qs) {
    var frag = doc.createDocumentFragment();
    var re = /[\p{L}\p{N}\p{M}]+/gu, last = 0, m;
    while ((m = re.exec(text))) {
      if (!hits(m[0], qs)) continue;
      if (m.index > last) frag.appendChild(doc.createTextNode(text.slice(last, m.index)));
      frag.appendChild(el("mark", "", m[0]));
      last = m.index + m[0].length;
    }
    if (last < text.length) frag.appendChild(doc.createTextNode(text.slice(last)));
    return frag;
  }

  function headingHits(d, qs) {
    return d[4].filter(function (h) {
      return terms(h[1]).some(function (w) { return hits(w, qs); });
    });
  }

  function kindLabel(d) { return d[2] === "s" ? "Source" : "Note"; }

  function resultItem(d, qs) {
    var li = el("li", "result");
    var a = el("a");
    a.href = d[0];
    a.appendChild(highlight(d[1], qs));
    li.appendChild(a);
    li.appendChild(el("span", "result-kind", " " + kindLabel(d)));
    if (d[3]) {
      var p = el("p");
      p.appendChild(highlight(d[3], qs));
      li.appendChild(p);
    }
    var hs = headingHits(d, qs).slice(0, 3);
    if (hs.length) {
      var ul = el("ul", "result-sections");
      hs.forEach(function (h) {
        var hl = el("li"), ha = el("a");
        ha.href = d[0] + "#" + h[0];
        ha.appendChild(highlight(h[1], qs));
        hl.appendChild(ha);
        ul.appendChild(hl);
      });
      li.appendChild(ul);
    }
    return li;
  }

  // The results page: /search/?q=...
  var page = doc.getElementById("search-results");
  if (page && indexURL) {
    var pageInput = doc.getElementById("q");
    var everything = doc.querySelector(".search-all");
    var showPage = function (q) {
      if (!q.trim()) {
        page.textContent = "";
        if (everything) everything.hidden = false;
        return;
      }
      page.textContent = "Searching…";
      var asked = performance.now();
      loadIndex().then(function (ix) {
        var r = timed(ix, q);
        page.textContent = "";
        var head = el("p", "search-count");
        if (!r.docs.length) {
          head.textContent = "No page matches “" + q + "”.";
        } else {
          head.textContent = r.docs.length + (r.docs.length === 1 ? " page" : " pages") +
            (r.all ? " match “" : " match some of the words of “") + q + "”.";
        }
        page.appendChild(head);
        var ol = el("ol", "results");
        page.appendChild(ol);
        // Results come 50 at a time: building thousands of elements would
        // take longer than the search.
        var shown = 0, more = el("button", "more-results");
        more.type = "button";
        var showMore = function () {
          r.docs.slice(shown, shown + 50).forEach(function (d) { ol.appendChild(resultItem(d, r.terms)); });
          shown = Math.min(shown + 50, r.docs.length);
          more.textContent = "Show more results (" + (r.docs.length - shown) + " left)";
          more.hidden = shown >= r.docs.length;
        };
        more.addEventListener("click", function () {
          var first = shown;
          showMore();
          var a = ol.children[first] && ol.children[first].querySelector("a");
          if (a) a.focus();
        });
        showMore();
        page.appendChild(more);
        if (everything) everything.hidden = true;
        // "dossier:answer" runs from the query to its results on the page,
        // fetching included; the browser benchmarks read it.
        if (performance.measure) performance.measure("dossier:answer", { start: asked, end: performance.now() });
      }, function () {
        page.textContent = "Search is unavailable just now; browse the topics and sources below.";
      });
    };
    var initial = new URLSearchParams(location.search).get("q") || "";
    if (pageInput) {
      pageInput.value = initial;
      pageInput.form.addEventListener("submit", function (e) {
        e.preventDefault();
        var q = pageInput.value;
        history.replaceState(null, "", "?q=" + encodeURIComponent(q));
        showPage(q);
      });
    }
    showPage(initial);
  }

  // Suggestions under the header's search box: a combobox with a listbox.
  var box = doc.getElementById("search-input");
  if (box && indexURL) {
    var list = el("ul", "suggest");
    list.id = "search-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    list.hidden = true;
    box.form.appendChild(list);
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-expanded", "false");
    var options = [], active = -1, seq = 0;

    var setActive = function (i) {
      if (active >= 0 && options[active]) options[active].classList.remove("active");
      active = i;
      if (i >= 0) {
        options[i].classList.add("active");
        box.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        box.removeAttribute("aria-activedescendant");
      }
    };
    var close = function () {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      setActive(-1);
    };
    var option = function (href, build) {
      var li = el("li", "suggest-item");
      li.id = "suggest-" + options.length;
      li.setAttribute("role", "option");
      li.setAttribute("data-href", href);
      build(li);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { location.href = href; });
      options.push(li);
      list.appendChild(li);
    };
    var suggest = function () {
      var q = box.value, my = ++seq;
      if (!q.trim()) { close(); return; }
      loadIndex().then(function (ix) {
        if (my !== seq) return;
        var r = timed(ix, q);
        list.textContent = "";
        options = [];
        active = -1;
        r.docs.slice(0, 8).forEach(function (d) {
          option(d[0], function (li) {
            var t = el("span", "suggest-title");
            t.appendChild(highlight(d[1], r.terms));
            li.appendChild(t);
            li.appendChild(el("span", "suggest-kind", kindLabel(d)));
          });
        });
        option(box.form.action + "?q=" + encodeURIComponent(q), function (li) {
          li.classList.add("suggest-all");
          li.textContent = r.docs.length ? "All " + r.docs.length + " results for “" + q + "”" : "No page matches “" + q + "”";
        });
        list.hidden = false;
        box.setAttribute("aria-expanded", "true");
      }, close);
    };
    // Once Enter has chosen an option, the form must not also submit (as it
    // would on a keypress that some input methods send after the keydown).
    var going = false;
    box.form.addEventListener("submit", function (e) { if (going) e.preventDefault(); });
    box.addEventListener("focus", function () { loadIndex(); });
    box.addEventListener("input", suggest);
    box.addEventListener("blur", close);
    box.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) { suggest(); return; }
        e.preventDefault();
        var n = options.length;
        if (!n) return;
        setActive(e.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
        e.preventDefault();
        going = true;
        location.href = options[active].getAttribute("data-href");
      } else if (e.key === "Escape" && !list.hidden) {
        e.preventDefault();
        close();
      }
    });
  }

  // "/" focuses the search box.
  doc.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var input = doc.getElementById("search-input");
    if (input) { e.preventDefault(); input.focus(); }
  });

  // ---- 3. Previews --------------------------------------------------------
  var card = el("div", "preview");
  card.id = "preview";
  card.setAttribute("role", "tooltip");
  card.hidden = true;
  var owner = null, showTimer = 0, hideTimer = 0, touched = false;

  function textOf(scope, sel) {
    var n = scope && scope.querySelector(sel);
    return n ? n.textContent.trim() : "";
  }

  // fill writes the card for link a; false when there is nothing to show.
  function fill(a) {
    card.textContent = "";
    var go = el("a", "preview-go");
    go.tabIndex = -1;
    if (a.classList.contains("cite-link")) {
      var href = a.getAttribute("href") || "";
      var ref = href.charAt(0) === "#" ? doc.getElementById(href.slice(1)) : null;
      var src = ref && ref.querySelector(".ref-source > a");
      card.appendChild(el("p", "preview-kicker", "Source " + a.textContent.trim()));
      if (ref && src) {
        var outlet = textOf(ref, ".outlet"), date = textOf(ref, ".date");
        if (outlet) card.appendChild(el("p", "preview-outlet", outlet));
        card.appendChild(el("p", "preview-title", src.textContent.trim()));
        if (date) card.appendChild(el("p", "preview-date", date));
        var passage = a.getAttribute("data-passage");
        if (passage) {
          var bq = el("blockquote", "preview-quote");
          bq.appendChild(el("p", "", passage));
          card.appendChild(el("p", "preview-label", "The passage this rests on:"));
          card.appendChild(bq);
        }
        var rel = textOf(ref, ".ref-reliability");
        if (rel) card.appendChild(el("p", "preview-note", rel));
        go.href = src.getAttribute("href");
        go.textContent = "About this source →";
      } else if (a.getAttribute("data-card")) {
        card.appendChild(el("p", "preview-title", a.getAttribute("data-card")));
        go.href = href;
        go.textContent = "Go to the reference →";
      } else {
        return false;
      }
    } else {
      var summary = a.getAttribute("data-summary");
      if (!summary) return false;
      card.appendChild(el("p", "preview-kicker", a.classList.contains("xref-source") ? "Source" : "Note"));
      card.appendChild(el("p", "preview-title", a.textContent.trim()));
      card.appendChild(el("p", "preview-summary", summary));
      go.href = a.getAttribute("href");
      go.textContent = "Read it →";
    }
    card.appendChild(go);
    return true;
  }

  function place(a) {
    var r = a.getBoundingClientRect();
    var width = Math.min(352, root.clientWidth - 16);
    card.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left, root.clientWidth - width - 8));
    card.style.left = (left + window.scrollX) + "px";
    card.style.top = "0px";
    var h = card.offsetHeight;
    var top = r.bottom + 6;
    if (top + h > window.innerHeight && r.top - h - 6 > 0) top = r.top - h - 6;
    card.style.top = (top + window.scrollY) + "px";
  }

  function show(a) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (owner === a && !card.hidden) return;
    if (!fill(a)) { hide(); return; }
    if (!card.parentNode) doc.body.appendChild(card);
    owner = a;
    card.hidden = false;
    place(a);
  }
  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    card.hidden = true;
    owner = null;
  }

  var links = doc.querySelectorAll("a.xref[data-summary], sup.cite a.cite-link");
  Array.prototype.forEach.call(links, function (a) {
    // The card replaces the browser's own tooltip.
    var t = a.getAttribute("title");
    if (t) { a.setAttribute("data-card", t); a.removeAttribute("title"); }
    // A touch or pen sends pointerdown, then the mouse events and focus
    // browsers make up for it, then click: only the click counts.
    a.addEventListener("pointerdown", function (e) { touched = e.pointerType !== "mouse"; });
    a.addEventListener("mouseenter", function () {
      if (touched) return;
      clearTimeout(hideTimer);
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(a); }, 150);
    });
    a.addEventListener("mouseleave", function () {
      if (touched) return;
      clearTimeout(showTimer);
      hideTimer = setTimeout(hide, 250);
    });
    a.addEventListener("focus", function () { if (!touched) show(a); });
    a.addEventListener("blur", function () { if (owner === a) hide(); });
    a.addEventListener("click", function (e) {
      // On a touch screen the first tap shows the card, the second follows the link.
      if (touched && owner !== a) {
        e.preventDefault();
        show(a);
      }
      touched = false;
    });
  });
  card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  card.addEventListener("mouseleave", function () { hideTimer = setTimeout(hide, 250); });
  doc.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !card.hidden) hide();
  });
  doc.addEventListener("pointerdown", function (e) {
    if (!card.hidden && !card.contains(e.target) && e.target !== owner && !(owner && owner.contains(e.target))) hide();
  });
  window.addEventListener("resize", function () { if (owner) place(owner); });
})();
