// dossier: the reader's enhancements. Every page works without this script:
// the search forms lead to /search/, which points to the topic and source
// indexes; cross-links go to their page and citations to their reference.
//
// The theme toggle is theme.js's, held inline in each page's head.
//
// 1. Search: "/" focuses the box; the index's manifest (search/index.json,
//    made by internal/search) is fetched on first use, revalidated with the
//    server so that it is never stale, and then only the fragments a query
//    needs; ranked results with snippets and the matched words marked, as
//    suggestions under the box (arrows, Enter, Escape) and on /search/?q=,
//    with filters by kind and topic.
// 2. Previews: hovering, focusing or tapping a cross-link shows the target's
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

  // whenParsed runs f once the page is parsed.
  function whenParsed(f) {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", f);
    else f();
  }

  // ---- 1. Search ----------------------------------------------------------
  // The index (internal/search) is a manifest, search/index.json, fetched
  // on first use and revalidated with the server, and fragments named by
  // the hash of their content, fetched as a query needs them: the term
  // fragments that hold its words, then the directory fragments of the
  // results shown (each lists a block of pages with their titles and
  // summaries, which are shown at once), then those pages' fragments, whose
  // text gives the snippets.
  // The script runs as soon as it has come (async), perhaps before the
  // page is parsed: its tag names the index and the results page, so that
  // on the results page the query's fragments are asked for at once, and
  // what needs the page waits for it (whenParsed).
  // "dossier:start" and "dossier:index" mark when the script ran and when
  // the manifest was read, for the benchmarks' waterfalls.
  if (performance.mark) performance.mark("dossier:start");
  var me = doc.currentScript;
  var indexURL = me && me.getAttribute("data-index");
  var searchURL = me && me.getAttribute("data-search");
  var loading = null;
  var fetched = {};
  var ranked = [], maxRanked = 16; // the last rankings, newest last: {key, r}
  var maxExpansions = 64, maxFragments = 3, perPage = 10, typingPause = 50;
  var kindNames = { n: ["Note", "Notes"], s: ["Source", "Sources"], p: ["Page", "Pages"], f: ["Folder", "Folders"] };

  // fold and terms mirror internal/search.Terms.
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
  }
  function terms(s) {
    return fold(s).match(/[\p{L}\p{N}]+/gu) || [];
  }

  // nums reads the numbers of a postings string (internal/search.Alphabet):
  // five bits to a digit, low bits first, 32 added to all but a number's
  // last digit.
  var digit = new Uint8Array(128);
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) { digit[c.charCodeAt(0)] = i; });
  // They are at most 2^30 (document numbers and weights), and at most one
  // to a digit.
  function nums(s) {
    var out = new Int32Array(s.length), k = 0, n = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var c = digit[s.charCodeAt(i) & 127];
      n |= (c & 31) << shift;
      if (c & 32) { shift += 5; } else { out[k++] = n; n = 0; shift = 0; }
    }
    return out.subarray(0, k);
  }

  function loadIndex() {
    if (!loading) {
      loading = fetch(indexURL, { credentials: "same-origin", cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("search index: HTTP " + r.status);
        return r.json();
      }).then(function (ix) {
        ix.stopSet = new Set(ix.stop);
        ix.first = ix.terms.map(function (t) { return t[0]; });
        ix.base = new URL(indexURL, location.href);
        if (performance.mark) performance.mark("dossier:index");
        return ix;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // fragment fetches a fragment once; its name holds its content's hash,
  // so the browser may keep it as long as it likes.
  function fragment(ix, name) {
    if (!fetched[name]) {
      fetched[name] = fetch(new URL(name, ix.base).href, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("search index: HTTP " + r.status);
        return r.json();
      });
      fetched[name].catch(function () { delete fetched[name]; });
    }
    return fetched[name];
  }

  // entry gives what document d's directory fragment says of it: its page
  // fragment's hash (p), address, title, kind and summary.
  function entry(ix, d) {
    return fragment(ix, "d." + ix.docs[Math.floor(d / ix.block)] + ".json").then(function (dir) {
      return dir[d % ix.block];
    });
  }

  // page gives the page fragment of the document whose entry is e.
  function page(ix, e) {
    return fragment(ix, "p." + e.p + ".json");
  }

  // tagged gives the documents with tag, as flags by document number.
  function tagged(ix, tag) {
    for (var i = 0; i < ix.tags.length; i++) {
      if (ix.tags[i][0] !== tag) continue;
      return fragment(ix, "g." + ix.tags[i][1] + ".json").then(function (s) {
        var on = new Uint8Array(ix.n), d = 0;
        nums(s).forEach(function (n) { d += n; on[d] = 1; });
        return on;
      });
    }
    return Promise.resolve(new Uint8Array(ix.n));
  }

  // kindOf gives each document's kind, by number. It is made when a filter
  // by kind first needs it, with fill: pushing 10,000 kinds one by one held
  // up a reader's first answer by several milliseconds, before the script
  // was compiled.
  function kindOf(ix) {
    if (!ix.kindOf) {
      var at = 0;
      ix.kindOf = new Array(ix.n);
      ix.kinds.forEach(function (k) { ix.kindOf.fill(k[0], at, at + k[1]); at += k[1]; });
    }
    return ix.kindOf;
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

  // span returns the term fragments [from, to) that may hold t, and the
  // words it begins when prefix is set.
  function span(ix, t, prefix) {
    var from = Math.max(lowerBound(ix.first, t) - 1, 0);
    if (from + 1 < ix.first.length && ix.first[from + 1] === t) from++;
    var to = from + 1;
    if (prefix) {
      while (to < ix.first.length && to - from < maxFragments && ix.first[to].lastIndexOf(t, 0) === 0) to++;
    }
    return [from, to];
  }

  function postings(f, i) {
    if (!f.d) f.d = [];
    if (!f.d[i]) {
      var ns = nums(f.p[i]);
      for (var j = 0, d = 0; j < ns.length; j += 2) { d += ns[j]; ns[j] = d; }
      f.d[i] = ns;
    }
    return f.d[i];
  }

  // search ranks the documents for q, with filter {kind, tag}: first by how
  // many of the query's words they hold, then by the sum over words of
  // weight × rarity (BM25). A word also matches the longer words it begins
  // (at half weight), so that results come as the reader types. It fetches
  // the term fragments the words need, and the tag's fragment.
  function search(ix, q, filter) {
    var key = JSON.stringify([terms(q), filter.kind || "", filter.tag || ""]);
    for (var i = 0; i < ranked.length; i++) if (ranked[i].key === key) return ranked[i].r;
    var r = rank(ix, q, filter);
    ranked.push({ key: key, r: r });
    if (ranked.length > maxRanked) ranked.shift();
    r.catch(function () { ranked = ranked.filter(function (x) { return x.r !== r; }); });
    return r;
  }

  // prefetch asks for what the results page will show for q: its ranking,
  // and the directory and page fragments of its first results. The results
  // page calls it as the reader types, so that the answer is there when they
  // press Enter, and for its own query as soon as the script runs.
  function prefetch(q, filter) {
    if (!indexURL || !terms(q).length) return;
    loadIndex().then(function (ix) {
      return search(ix, q, filter).then(function (r) {
        r.upTo(perPage);
        // The page fragments (snippets) are asked for once the results'
        // directory fragments have come, so as not to hold them up.
        return Promise.all(r.docs.slice(0, perPage).map(function (d) { return entry(ix, d); })).then(function (es) {
          es.forEach(function (e) { if (e) page(ix, e); });
        });
      });
    }).catch(function () { /* showPage says so */ });
  }

  // rank is search without the memory of rankings.
  // words returns the query q's words, the term fragments [from, to) each
  // needs, and those fragments' hashes.
  function words(ix, q) {
    var qs = [];
    terms(q).forEach(function (t) {
      if (!ix.stopSet.has(t) && qs.indexOf(t) < 0) qs.push(t);
    });
    var spans = qs.map(function (t) { return span(ix, t, t.length >= 2); });
    var names = [];
    spans.forEach(function (sp) {
      for (var i = sp[0]; i < sp[1]; i++) if (names.indexOf(ix.terms[i][1]) < 0) names.push(ix.terms[i][1]);
    });
    return { qs: qs, spans: spans, names: names };
  }

  // prefetchTerms asks for the term fragments q needs, and no more.
  function prefetchTerms(q) {
    if (!indexURL || !terms(q).length) return;
    loadIndex().then(function (ix) {
      words(ix, q).names.forEach(function (h) { fragment(ix, "t." + h + ".json").catch(function () {}); });
    }).catch(function () { /* showPage says so */ });
  }

  function rank(ix, q, filter) {
    var ws = words(ix, q), qs = ws.qs, spans = ws.spans, names = ws.names;
    return Promise.all([
      Promise.all(names.map(function (h) { return fragment(ix, "t." + h + ".json"); })),
      filter.tag ? tagged(ix, filter.tag) : null
    ]).then(function (got) {
      var t0 = performance.now();
      var frags = {};
      names.forEach(function (h, i) { frags[h] = got[0][i]; });
      var tags = got[1];
      var n = ix.n, score = new Float64Array(n), matched = new Uint8Array(n), cands = [];
      var kinds = filter.kind ? kindOf(ix) : null;
      qs.forEach(function (t, w) {
        var best = new Float64Array(n), touched = [], k = 0;
        for (var fi = spans[w][0]; fi < spans[w][1] && k <= maxExpansions; fi++) {
          var f = frags[ix.terms[fi][1]];
          for (var i = lowerBound(f.t, t); i < f.t.length && k <= maxExpansions; i++, k++) {
            var term = f.t[i];
            if (term !== t && (t.length < 2 || term.lastIndexOf(t, 0) !== 0)) break;
            var post = postings(f, i), df = post.length / 2;
            var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (term === t ? 1 : 0.5);
            for (var j = 0; j < post.length; j += 2) {
              var d = post[j], s = post[j + 1] * idf;
              if (s > best[d]) {
                if (!best[d]) touched.push(d);
                best[d] = s;
              }
            }
          }
        }
        touched.forEach(function (d) {
          if ((kinds && kinds[d] !== filter.kind) || (tags && !tags[d])) return;
          if (!matched[d]) cands.push(d);
          score[d] += best[d];
          matched[d]++;
        });
      });
      var top = 0;
      cands.forEach(function (d) { if (matched[d] > top) top = matched[d]; });
      var byScore = function (a, b) { return score[b] - score[a] || a - b; };
      var sorted = 0;
      // r.docs are the documents that hold the most of the query's words;
      // r.upTo(m) puts the best m of them first, in order. A query of a
      // common word matches most of the site, of which only the first
      // results are shown: those are found by sorting the scores alone
      // (natively, as numbers), and the rest are sorted when asked for.
      var r = {
        terms: qs,
        all: top === qs.length,
        docs: cands.filter(function (d) { return matched[d] === top; }),
        upTo: function (m) {
          var docs = r.docs;
          if (m <= sorted) return;
          if (!sorted && m * 8 < docs.length) {
            var s = new Float64Array(docs.length);
            for (var i = 0; i < docs.length; i++) s[i] = score[docs[i]];
            s.sort();
            var cut = s[docs.length - m], head = [], tail = [];
            docs.forEach(function (d) { (score[d] >= cut ? head : tail).push(d); });
            r.docs = head.sort(byScore).concat(tail);
            sorted = head.length;
          } else {
            r.docs = docs.slice(0, sorted).concat(docs.slice(sorted).sort(byScore));
            sorted = docs.length;
          }
        }
      };
      r.upTo(perPage);
      // "dossier:search" times the ranking, which the browser benchmarks read.
      if (performance.measure) performance.measure("dossier:search", { start: t0, end: performance.now() });
      return r;
    });
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

  // snippet returns about n words of text around its first word that
  // matches, or "" when none does.
  function snippet(text, qs, n) {
    var re = /[\p{L}\p{N}\p{M}]+/gu, words = [], at = -1, m;
    while ((m = re.exec(text))) {
      words.push(m.index);
      if (at < 0 && hits(m[0], qs)) at = words.length - 1;
      if (at >= 0 && words.length > at + n) break;
    }
    if (at < 0) return "";
    var from = Math.max(0, at - Math.floor(n / 3)), to = Math.min(words.length - 1, from + n);
    var end = to === words.length - 1 && !m ? text.length : words[to];
    var s = text.slice(words[from], end).replace(/\s+/g, " ").trim();
    return (from > 0 ? "… " : "") + s + (end < text.length ? " …" : "");
  }

  function kindLabel(k) { return (kindNames[k] || kindNames.n)[0]; }

  // resultItem shows page p: its title, a snippet of its summary or text
  // with the matched words marked, and up to three of its sections that
  // hold them, each linked. Given a directory entry, which has no text, it
  // shows the summary.
  function resultItem(p, qs) {
    var li = el("li", "result");
    var a = el("a");
    a.href = p.u;
    a.appendChild(highlight(p.t, qs));
    li.appendChild(a);
    li.appendChild(el("span", "result-kind", " " + kindLabel(p.k)));
    var text = snippet(p.s, qs, 30) ? p.s : "";
    var subs = [];
    (p.h || []).forEach(function (h) {
      var inHead = h[1] && terms(h[1]).some(function (w) { return hits(w, qs); });
      var sn = snippet(h[2], qs, 18);
      if (!text && sn && !h[0]) text = sn;
      if (h[0] && (inHead || sn)) subs.push({ h: h, head: inHead, text: sn });
    });
    if (!text && subs.length) text = subs[0].text;
    if (!text) text = p.s;
    if (text) {
      var para = el("p", "result-snippet");
      para.appendChild(highlight(text, qs));
      li.appendChild(para);
    }
    subs.sort(function (x, y) { return (y.head ? 1 : 0) - (x.head ? 1 : 0); });
    if (subs.length) {
      var ul = el("ul", "result-sections");
      subs.slice(0, 3).forEach(function (sub) {
        var hl = el("li"), ha = el("a");
        ha.href = p.u + "#" + sub.h[0];
        ha.appendChild(highlight(sub.h[1], qs));
        hl.appendChild(ha);
        if (sub.text) {
          var sp = el("span", "result-section-text");
          sp.appendChild(doc.createTextNode(" "));
          sp.appendChild(highlight(sub.text, qs));
          hl.appendChild(sp);
        }
        ul.appendChild(hl);
      });
      li.appendChild(ul);
    }
    return li;
  }

  if (searchURL && new URL(searchURL, location.href).pathname === location.pathname) {
    var early = new URLSearchParams(location.search);
    prefetch(early.get("q") || "", { kind: early.get("kind") || "", tag: early.get("tag") || "" });
  }
  whenParsed(function () {

    // The results page: /search/?q=...&kind=...&tag=...
    var results = doc.getElementById("search-results");
    if (results && indexURL) {
      var pageInput = doc.getElementById("q");
      var everything = doc.querySelector(".search-all");
      var params = new URLSearchParams(location.search);
      var filter = { kind: params.get("kind") || "", tag: params.get("tag") || "" };
      var kindSelect = null, tagSelect = null, shownSeq = 0;
      var select = function (id, label, name, options, value) {
        var wrap = el("span", "search-filter");
        var lab = el("label", "", label);
        lab.htmlFor = id;
        var sel = el("select");
        sel.id = id;
        sel.name = name;
        options.forEach(function (o) {
          var opt = el("option", "", o[1]);
          opt.value = o[0];
          sel.appendChild(opt);
        });
        sel.value = value;
        if (sel.value !== value) sel.value = "";
        wrap.appendChild(lab);
        wrap.appendChild(sel);
        return { wrap: wrap, sel: sel };
      };
      // The filters need the manifest (its kinds and tags): they come with it.
      var addFilters = function (ix) {
        if (kindSelect || !pageInput) return;
        var kinds = [["", "All kinds"]];
        ix.kinds.forEach(function (k) {
          if (kinds.every(function (o) { return o[0] !== k[0]; })) kinds.push([k[0], (kindNames[k[0]] || [k[0], k[0]])[1]]);
        });
        var tags = [["", "All topics"]].concat(ix.tags.map(function (t) { return [t[0], t[0] + " (" + t[2] + ")"]; }));
        var box = el("div", "search-filters");
        var k = select("search-kind", "Kind", "kind", kinds, filter.kind);
        kindSelect = k.sel;
        box.appendChild(k.wrap);
        if (ix.tags.length) {
          var t = select("search-tag", "Topic", "tag", tags, filter.tag);
          tagSelect = t.sel;
          box.appendChild(t.wrap);
        }
        pageInput.form.appendChild(box);
        [kindSelect, tagSelect].forEach(function (s) {
          if (s) s.addEventListener("change", function () { submit(); });
        });
      };
      var showPage = function (q) {
        var my = ++shownSeq;
        if (!q.trim()) {
          results.textContent = "";
          if (everything) everything.hidden = false;
          loadIndex().then(addFilters, function () {});
          return;
        }
        results.textContent = "Searching…";
        var asked = performance.now();
        loadIndex().then(function (ix) {
          // The filters are made while the query's fragments come.
          var searching = search(ix, q, filter);
          addFilters(ix);
          return searching.then(function (r) {
            if (my !== shownSeq) return;
            var head = el("p", "search-count");
            var within = (filter.kind ? " among the " + kindNames[filter.kind][1].toLowerCase() : "") + (filter.tag ? " on " + filter.tag : "");
            if (!r.docs.length) {
              head.textContent = "No page" + within + " matches “" + q + "”.";
            } else {
              head.textContent = r.docs.length + (r.docs.length === 1 ? " page" : " pages") + within +
                (r.all ? (r.docs.length === 1 ? " matches “" : " match “") : (r.docs.length === 1 ? " matches some of the words of “" : " match some of the words of “")) + q + "”.";
            }
            var ol = el("ol", "results");
            // Results come perPage at a time: shown from their directory
            // entries, then each again with its snippets once its page's
            // fragment has come. The list says when all have come
            // (data-pending is 0).
            var shown = 0, pending = 0, answered = false, snipped = false, more = el("button", "more-results");
            // "dossier:snippets" runs from the query to the first results'
            // last snippet shown; the browser benchmarks read it.
            var snippetsShown = function () {
              if (!answered || pending || snipped || my !== shownSeq) return;
              snipped = true;
              if (performance.measure) performance.measure("dossier:snippets", { start: asked, end: performance.now() });
            };
            more.type = "button";
            ol.setAttribute("data-pending", "0");
            var showMore = function () {
              r.upTo(shown + perPage);
              var batch = r.docs.slice(shown, shown + perPage);
              shown = Math.min(shown + perPage, r.docs.length);
              return Promise.all(batch.map(function (d) { return entry(ix, d); })).then(function (entries) {
                if (my !== shownSeq) return;
                entries = entries.filter(Boolean); // null: a number no page has
                pending += entries.length;
                ol.setAttribute("data-pending", String(pending));
                entries.forEach(function (e) {
                  var li = resultItem(e, r.terms);
                  ol.appendChild(li);
                  page(ix, e).then(function (p) {
                    if (my !== shownSeq) return;
                    // All but the title's link, which the reader may have
                    // moved to, is made again.
                    var fresh = resultItem(p, r.terms);
                    while (li.childNodes.length > 1) li.removeChild(li.lastChild);
                    while (fresh.childNodes.length > 1) li.appendChild(fresh.childNodes[1]);
                  }).catch(function () { /* the summary stays */ }).then(function () {
                    ol.setAttribute("data-pending", String(--pending));
                    snippetsShown();
                  });
                });
                more.textContent = "Show more results (" + (r.docs.length - shown) + " left)";
                more.hidden = shown >= r.docs.length;
              });
            };
            more.addEventListener("click", function () {
              var first = shown;
              showMore().then(function () {
                var a = ol.children[first] && ol.children[first].querySelector("a");
                if (a) a.focus();
              });
            });
            return showMore().then(function () {
              if (my !== shownSeq) return;
              results.textContent = "";
              results.appendChild(head);
              results.appendChild(ol);
              results.appendChild(more);
              if (everything) everything.hidden = true;
              // "dossier:answer" runs from the query to its results (titles,
              // kinds, summaries) on the page, fetching included; the browser
              // benchmarks read it.
              if (performance.measure) performance.measure("dossier:answer", { start: asked, end: performance.now() });
              answered = true;
              snippetsShown();
            });
          });
        }).catch(function () {
          if (my !== shownSeq) return;
          results.textContent = "Search is unavailable just now; browse the topics and sources below.";
        });
      };
      var submit = function () {
        var q = pageInput.value;
        filter = { kind: kindSelect ? kindSelect.value : filter.kind, tag: tagSelect ? tagSelect.value : filter.tag };
        var ps = new URLSearchParams();
        ps.set("q", q);
        if (filter.kind) ps.set("kind", filter.kind);
        if (filter.tag) ps.set("tag", filter.tag);
        history.replaceState(null, "", "?" + ps.toString());
        showPage(q);
      };
      var initial = params.get("q") || "";
      if (pageInput) {
        pageInput.value = initial;
        pageInput.form.addEventListener("submit", function (e) {
          e.preventDefault();
          submit();
        });
        // What the reader types is fetched as they type: the term fragments
        // at once, and the ranking with its results' fragments once they
        // pause (typingPause), so that ranking each prefix of a quickly
        // typed word does not hold up the keys that follow.
        var typing = 0;
        pageInput.addEventListener("input", function () {
          var q = pageInput.value, f = { kind: kindSelect ? kindSelect.value : filter.kind, tag: tagSelect ? tagSelect.value : filter.tag };
          prefetchTerms(q);
          clearTimeout(typing);
          typing = setTimeout(function () { prefetch(q, f); }, typingPause);
        });
      }
      showPage(initial);
    }

    // Suggestions under the header's search box: a combobox with a listbox,
    // and a live region that says how many pages match.
    var box = doc.getElementById("search-input");
    if (box && indexURL) {
      var list = el("ul", "suggest");
      list.id = "search-suggest";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", "Search results");
      list.hidden = true;
      box.form.appendChild(list);
      var status = el("span", "visually-hidden");
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      box.form.appendChild(status);
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
        if (!q.trim()) { close(); status.textContent = ""; return; }
        loadIndex().then(function (ix) {
          return search(ix, q, {}).then(function (r) {
            r.upTo(8);
            return Promise.all(r.docs.slice(0, 8).map(function (d) { return entry(ix, d); })).then(function (pages) {
              if (my !== seq) return;
              list.textContent = "";
              options = [];
              active = -1;
              pages.forEach(function (p) {
                option(p.u, function (li) {
                  var t = el("span", "suggest-title");
                  t.appendChild(highlight(p.t, r.terms));
                  li.appendChild(t);
                  li.appendChild(el("span", "suggest-kind", kindLabel(p.k)));
                });
              });
              var all = r.docs.length ? "All " + r.docs.length + " results for “" + q + "”" : "No page matches “" + q + "”";
              option(box.form.action + "?q=" + encodeURIComponent(q), function (li) {
                li.classList.add("suggest-all");
                li.textContent = all;
              });
              list.hidden = false;
              box.setAttribute("aria-expanded", "true");
              status.textContent = r.docs.length ? r.docs.length + (r.docs.length === 1 ? " page matches" : " pages match") : "No page matches";
            });
          });
        }).catch(function () { if (my === seq) close(); });
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

    // ---- 2. Previews --------------------------------------------------------
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
        card.appendChild(el("p", "preview-kicker", a.classList.contains("xref-source") ? "Source" : a.classList.contains("xref-page") ? "Page" : a.classList.contains("xref-folder") ? "Folder" : "Note"));
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
  });
})();
