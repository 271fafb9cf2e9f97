/* studywiki search UI: the box in the sidebar (results as you type, keyboard navigation, tag and folder
   filters) and the highlighting of the query terms on the page a result opens.
   Talks to window.StudywikiSearch (search.js; API in the search contract). Plain ES5, works from file://.
   Nothing is loaded from search/ until the box is focused or typed in. Everything that comes from notes is
   set with textContent; highlights are <mark> elements built with DOM calls. */
(function () {
  "use strict";
  var doc = document, win = window;
  var DEBOUNCE = 120, LIMIT = 10, STEP = 10, NARROW = 860;
  var ID = "sw-search";
  /* Interface strings: assets/strings.js (window.swStrings, from the theme's strings/LANG.yml);
     {{1}} and {{2}} are filled from a and b, {one, other} forms pick by a. The key shows if it is missing. */
  function tr(key, a, b) {
    var s = (window.swStrings || {})[key];
    if (s == null) return key;
    if (typeof s === "object") s = (a === 1 ? s.one : s.other) || "";
    return String(s).replace(/\{\{([12])\}\}/g, function (m, n) { return String(n === "1" ? a : b); });
  }

  function engine() {
    var s = win.StudywikiSearch;
    return s && typeof s.load === "function" && typeof s.query === "function" ? s : null;
  }
  function tokenizer() {
    var s = win.StudywikiSearch, t = (s && s.tokenizer) || win.studywikiSearchTokenizer;
    return t && typeof t.tokenize === "function" ? t : null;
  }
  function siteRoot() {
    var m = doc.querySelector('meta[name="studywiki-root"]');
    return m ? m.getAttribute("content") || "" : "";
  }
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function isField(t) {
    if (!t || t.nodeType !== 1) return false;
    if (t.isContentEditable) return true;
    var n = t.nodeName;
    if (n === "TEXTAREA" || n === "SELECT") return true;
    if (n !== "INPUT") return false;
    var type = (t.getAttribute("type") || "text").toLowerCase();
    return !/^(button|submit|reset|checkbox|radio|range|color|file|image|hidden)$/.test(type);
  }
  function str(v) { return typeof v === "string" ? v : ""; }

  /* Sorted, clamped, merged [start, end) ranges inside a string of length n. */
  function cleanRanges(ranges, n) {
    var list = [], out = [], i;
    for (i = 0; ranges && i < ranges.length; i++) {
      var r = ranges[i];
      if (!r || typeof r[0] !== "number" || typeof r[1] !== "number") continue;
      var a = Math.max(0, Math.min(n, r[0] | 0)), b = Math.max(0, Math.min(n, r[1] | 0));
      if (b > a) list.push([a, b]);
    }
    list.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    for (i = 0; i < list.length; i++) {
      var last = out[out.length - 1];
      if (last && list[i][0] <= last[1]) last[1] = Math.max(last[1], list[i][1]);
      else out.push([list[i][0], list[i][1]]);
    }
    return out;
  }
  /* Appends text to parent with the ranges wrapped in <mark>. */
  function appendMarked(parent, text, ranges, markClass) {
    var pos = 0, rs = cleanRanges(ranges, text.length);
    for (var i = 0; i < rs.length; i++) {
      if (rs[i][0] > pos) parent.appendChild(doc.createTextNode(text.slice(pos, rs[i][0])));
      parent.appendChild(el("mark", markClass || "", text.slice(rs[i][0], rs[i][1])));
      pos = rs[i][1];
    }
    if (pos < text.length) parent.appendChild(doc.createTextNode(text.slice(pos)));
  }

  /* ---------- matching the query terms in a text (for the target page and result sections) ---------- */

  function isCjkTerm(t) { return /[^\u0000-\u02ff]/.test(t) && !/[A-Za-z0-9]/.test(t); }
  /* What to highlight for a query: its terms (from the engine when it is there), the CJK characters that
     stand alone in the query (a character that is part of a searched bigram is only marked as part of
     that bigram, so 索引 does not mark every 引 on the page), and the last word as a prefix while typing. */
  function matcher(q) {
    var tk = tokenizer(), s = win.StudywikiSearch, terms = null, i;
    if (s && typeof s.terms === "function") {
      try { terms = s.terms(q); } catch (e) { terms = null; }
    }
    var toks = tk ? tk.tokenize(q) : [];
    if (!terms || typeof terms.length !== "number") {
      terms = [];
      for (i = 0; i < toks.length; i++) terms.push(toks[i].term);
    }
    var set = {}, solo = {}, bigrams = [], any = false;
    for (i = 0; i < terms.length; i++) {
      var t = str(terms[i]);
      if (!t) continue;
      set[t] = true;
      any = true;
      if (isCjkTerm(t) && t.length > 1) bigrams.push(t);
    }
    for (var t2 in set) {
      if (!Object.prototype.hasOwnProperty.call(set, t2) || !isCjkTerm(t2) || !/^[\s\S]$|^[\ud800-\udbff][\udc00-\udfff]$/.test(t2)) continue;
      var inside = false;
      for (i = 0; i < bigrams.length; i++) if (bigrams[i].indexOf(t2) >= 0) { inside = true; break; }
      if (!inside) solo[t2] = true;
    }
    /* the last word of the query, if the user may still be typing it */
    var prefix = "", last = toks[toks.length - 1];
    if (last && last.kind === 0 && last.end === q.length && last.term.length >= 2) prefix = last.term;
    return { set: set, solo: solo, prefix: prefix, any: any };
  }
  function hitRanges(text, m) {
    var tk = tokenizer(), out = [];
    if (!tk || !m.any) return out;
    var toks = tk.tokenize(text);
    for (var i = 0; i < toks.length; i++) {
      var t = toks[i], hit;
      if (t.kind === 0) hit = m.set[t.term] === true || (m.prefix && t.term.lastIndexOf(m.prefix, 0) === 0);
      else if (t.kind === 2) hit = m.set[t.term] === true;
      else hit = m.solo[t.term] === true;
      if (hit) out.push([t.start, t.end]);
    }
    return cleanRanges(out, text.length);
  }

  /* ---------- the target page: ?q=… marks the terms inside .content ---------- */

  var INLINE = /^(A|ABBR|B|BDI|BDO|CITE|CODE|DATA|DEL|DFN|EM|I|INS|KBD|MARK|Q|S|SAMP|SMALL|SPAN|STRONG|SUB|SUP|TIME|U|VAR|WBR)$/;
  function skip(n) {
    var name = n.nodeName.toLowerCase(), c = n.classList;
    return name === "script" || name === "style" || name === "svg" || name === "textarea" || name === "button" ||
      (c && (c.contains("search-hit") || c.contains("anchor") || c.contains("katex") || c.contains("math-inline") ||
             c.contains("math-display") || c.contains("copy-btn")));
  }
  function blockOf(n, top) {
    for (var p = n.parentNode; p && p !== top; p = p.parentNode) if (!INLINE.test(p.nodeName)) return p;
    return top;
  }
  /* Text nodes are grouped by their block (so 持<b>久化</b> still matches as one run), tokenized once per
     group, and the hit ranges are split back onto the nodes. */
  function markTerms(container, m) {
    var groups = [], cur = null, count = 0;
    (function walk(n) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) {
          var b = blockOf(c, container);
          if (!cur || cur.block !== b) { cur = { block: b, nodes: [], text: "" }; groups.push(cur); }
          cur.nodes.push({ node: c, start: cur.text.length });
          cur.text += c.nodeValue;
        } else if (c.nodeType === 1 && !skip(c)) {
          if (!INLINE.test(c.nodeName)) cur = null;
          walk(c);
          if (!INLINE.test(c.nodeName)) cur = null;
        }
      }
    })(container);
    for (var g = 0; g < groups.length; g++) {
      var grp = groups[g];
      if (!/\S/.test(grp.text)) continue;
      var ranges = hitRanges(grp.text, m);
      if (!ranges.length) continue;
      for (var k = grp.nodes.length - 1; k >= 0; k--) {
        var item = grp.nodes[k], ns = item.start, ne = ns + item.node.nodeValue.length;
        for (var r = ranges.length - 1; r >= 0; r--) {
          var a = Math.max(ranges[r][0], ns), b = Math.min(ranges[r][1], ne);
          if (b <= a) continue;
          var node = item.node;
          if (b - ns < node.nodeValue.length) node.splitText(b - ns);
          var mid = a - ns > 0 ? node.splitText(a - ns) : node;
          var mark = el("mark", "search-hit");
          mid.parentNode.replaceChild(mark, mid);
          mark.appendChild(mid);
          count++;
        }
      }
    }
    return count;
  }
  function queryParam() {
    var s = win.location.search;
    if (!s || s.length < 2) return "";
    var parts = s.slice(1).split("&");
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (eq < 0 || parts[i].slice(0, eq) !== "q") continue;
      try { return decodeURIComponent(parts[i].slice(eq + 1).replace(/\+/g, " ")); } catch (e) { return ""; }
    }
    return "";
  }
  function highlightPage() {
    var q = queryParam();
    if (!q || !/\S/.test(q)) return "";
    var content = doc.querySelector("main .content") || doc.querySelector(".content");
    if (!content) return q;
    var n = markTerms(content, matcher(q));
    if (!n) return q;
    doc.documentElement.classList.add("has-search-hits");
    /* scroll to the section (the #anchor) or, without one, to the first hit if it is out of view */
    var hash = win.location.hash.slice(1), target = null;
    if (hash) {
      try { target = doc.getElementById(decodeURIComponent(hash)); } catch (e) { target = doc.getElementById(hash); }
    }
    /* instant: the theme's smooth scrolling would animate from the top of the page */
    function jump(node, block) {
      try { node.scrollIntoView({ block: block, behavior: "instant" }); } catch (e) { node.scrollIntoView(block === "start"); }
    }
    if (target) {
      jump(target, "start");
    } else {
      var first = content.querySelector("mark.search-hit"), r = first.getBoundingClientRect();
      if (r.top < 0 || r.bottom > win.innerHeight) jump(first, "center");
    }
    /* Escape outside a field removes the highlights */
    doc.addEventListener("keydown", function (e) {
      if ((e.key !== "Escape" && e.key !== "Esc") || isField(e.target)) return;
      var marks = content.querySelectorAll("mark.search-hit");
      if (!marks.length) return;
      for (var i = 0; i < marks.length; i++) {
        var mk = marks[i], p = mk.parentNode;
        while (mk.firstChild) p.insertBefore(mk.firstChild, mk);
        p.removeChild(mk);
        p.normalize();
      }
      doc.documentElement.classList.remove("has-search-hits");
    });
    return q;
  }

  /* ---------- links to results ---------- */

  function encodePath(u) {
    var raw = u;
    try { raw = decodeURI(u); } catch (e) { raw = u; }
    return encodeURI(raw).replace(/#/g, "%23").replace(/\?/g, "%3F");
  }
  function encodeFragment(a) {
    var raw = a;
    try { raw = decodeURIComponent(a); } catch (e) { raw = a; }
    return encodeURIComponent(raw);
  }
  function resultHref(root, r, q) {
    var href = root + encodePath(str(r.url)) + "?q=" + encodeURIComponent(q);
    if (str(r.anchor)) href += "#" + encodeFragment(r.anchor);
    return href;
  }

  /* ---------- the box ---------- */

  function setupBox(host) {
    var S = engine();
    if (!host || !S) return;
    var root = siteRoot();

    /* The tag and folder names for the filters are in the entry file's payload (search/index.js calls
       StudywikiSearch._entry({…, tags, folders})): keep a reference when it arrives. */
    var entryData = null;
    if (typeof S._entry === "function" && !S._entry.swSearchUi) {
      var engineEntry = S._entry;
      S._entry = function (e) {
        entryData = e;
        return engineEntry.apply(this, arguments);
      };
      S._entry.swSearchUi = true;
    }

    var wrap = el("div", "sw-search"), field = el("div", "sw-search-field");
    var input = el("input", "sw-search-input");
    input.type = "search";
    input.id = ID + "-input";
    input.placeholder = tr("search_placeholder");
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("autocapitalize", "off");
    input.setAttribute("enterkeyhint", "search");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-label", tr("search_label"));
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", ID + "-list");
    var icon = doc.createElementNS("http://www.w3.org/2000/svg", "svg");
    icon.setAttribute("class", "sw-search-icon");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("width", "16");
    icon.setAttribute("height", "16");
    icon.setAttribute("aria-hidden", "true");
    var c1 = doc.createElementNS("http://www.w3.org/2000/svg", "circle");
    c1.setAttribute("cx", "10.5"); c1.setAttribute("cy", "10.5"); c1.setAttribute("r", "6.5");
    var p1 = doc.createElementNS("http://www.w3.org/2000/svg", "path");
    p1.setAttribute("d", "M15.5 15.5 21 21");
    icon.appendChild(c1);
    icon.appendChild(p1);
    var key = el("kbd", "sw-search-key", "/");
    key.setAttribute("aria-hidden", "true");
    key.title = tr("search_key_hint");
    field.appendChild(icon);
    field.appendChild(input);
    field.appendChild(key);

    var panel = el("div", "sw-search-panel");
    panel.hidden = true;
    var bar = el("div", "sw-search-bar");
    var status = el("div", "sw-search-status");
    status.id = ID + "-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var filters = el("div", "sw-search-filters");
    filters.hidden = true;
    function select(cls, label, all) {
      var s = el("select", "sw-search-filter " + cls);
      s.setAttribute("aria-label", label);
      s.appendChild(new Option(all, ""));
      return s;
    }
    var tagSel = select("sw-search-tag", tr("filter_by_tag"), tr("all_tags"));
    var folderSel = select("sw-search-folder", tr("filter_by_folder"), tr("all_folders"));
    tagSel.hidden = folderSel.hidden = true;
    filters.appendChild(folderSel);
    filters.appendChild(tagSel);
    bar.appendChild(status);
    bar.appendChild(filters);
    var list = el("ul", "sw-search-results");
    list.id = ID + "-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", tr("search_results"));
    var more = el("button", "sw-search-more", tr("search_more"));
    more.type = "button";
    more.hidden = true;
    panel.appendChild(bar);
    panel.appendChild(list);
    panel.appendChild(more);
    wrap.appendChild(field);
    wrap.appendChild(panel);
    host.appendChild(wrap);
    input.setAttribute("aria-describedby", status.id);

    var loading = null, ready = false, failed = false, facetsDone = false;
    var timer = 0, seq = 0, shown = "", limit = LIMIT, results = [], links = [], active = -1, composing = false, openFirst = false, keepActive = 0;

    function facets() {
      var f = null;
      try {
        if (typeof S.facets === "function") f = S.facets();
      } catch (e) { f = null; }
      if (!f || typeof f !== "object") f = entryData;
      return f && typeof f === "object" ? f : null;
    }
    function fillFacets() {
      if (facetsDone) return;
      var f = facets();
      if (!f) return;
      facetsDone = true;
      function fill(sel, names, prefix) {
        if (!names || typeof names.length !== "number") return;
        var seen = {};
        for (var i = 0; i < names.length; i++) {
          var n = str(names[i]);
          if (!n || seen[n]) continue;
          seen[n] = true;
          sel.appendChild(new Option(prefix + n, n));
        }
        sel.hidden = sel.options.length < 2;
      }
      fill(tagSel, f.tags, "#");
      fill(folderSel, f.folders, "");
      filters.hidden = tagSel.hidden && folderSel.hidden;
    }
    function load() {
      if (!loading) {
        var p;
        try { p = S.load(root); } catch (e) { p = null; }
        loading = p && typeof p.then === "function" ? p : Promise.reject(new Error("no loader"));
        loading.then(function () { ready = true; failed = false; fillFacets(); },
                     function () { failed = true; loading = null; /* the next search tries again */ });
      }
      return loading;
    }

    function place() {
      if (panel.hidden) return;
      var r = field.getBoundingClientRect(), vw = doc.documentElement.clientWidth || win.innerWidth;
      var vh = win.visualViewport ? win.visualViewport.height : win.innerHeight;
      var left, width;
      if (vw <= NARROW) { left = 8; width = vw - 16; }
      else { left = r.left; width = Math.min(640, vw - r.left - 16); }
      var top = r.bottom + 6;
      panel.style.left = Math.round(left) + "px";
      panel.style.top = Math.round(top) + "px";
      panel.style.width = Math.round(Math.max(width, 200)) + "px";
      panel.style.maxHeight = Math.round(Math.max(vh - top - 12, 180)) + "px";
    }
    function setOpen(open) {
      if (panel.hidden === !open) return;
      panel.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      wrap.classList.toggle("open", open);
      /* lets the theme lift the box's sticky sidebar above the page while the panel is open */
      doc.documentElement.classList.toggle("sw-search-open", open);
      if (open) place();
      else setActive(-1);
    }
    function setActive(i) {
      if (active >= 0 && links[active]) {
        links[active].li.classList.remove("active");
        links[active].a.setAttribute("aria-selected", "false");
      }
      active = i >= 0 && i < links.length ? i : -1;
      if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
      var li = links[active].li;
      li.classList.add("active");
      links[active].a.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", links[active].a.id);
      /* keep the option in view inside the panel */
      var pr = panel.getBoundingClientRect(), lr = li.getBoundingClientRect(), br = bar.getBoundingClientRect();
      if (lr.top < br.bottom) panel.scrollTop -= br.bottom - lr.top + 4;
      else if (lr.bottom > pr.bottom) panel.scrollTop += lr.bottom - pr.bottom + 4;
    }

    function filterOpts() {
      var o = { limit: limit };
      if (tagSel.value) o.tags = [tagSel.value];
      if (folderSel.value) o.folders = [folderSel.value];
      return o;
    }
    function filtered() { return !!(tagSel.value || folderSel.value); }
    function setStatus(text, cls) {
      status.textContent = text;
      status.className = "sw-search-status" + (cls ? " " + cls : "");
    }

    function render(q, res) {
      var m = matcher(q);
      list.textContent = "";
      links = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      results = res && res.results && typeof res.results.length === "number" ? res.results : [];
      var total = res && typeof res.total === "number" ? res.total : results.length;
      for (var i = 0; i < results.length; i++) {
        var r = results[i] || {}, section = str(r.section);
        /* another section of the note just above: shown as a sub-result (the title stays for screen readers) */
        var sub = i > 0 && section !== "" && results[i - 1] && str(results[i - 1].url) === str(r.url);
        /* the link is the option (a focusable link inside an option is nested-interactive); the <li> is only
           layout and carries the "active" class */
        var li = el("li", "sw-search-result" + (sub ? " sub" : ""));
        li.setAttribute("role", "none");
        var a = el("a", "sw-sr-link");
        a.id = ID + "-opt-" + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.href = resultHref(root, r, q);
        a.tabIndex = -1;
        var head = el("span", "sw-sr-head");
        var title = el("span", "sw-sr-title");
        appendMarked(title, str(r.title) || str(r.url), r.title_hits);
        head.appendChild(title);
        if (section) {
          var sec = el("span", "sw-sr-section");
          sec.appendChild(el("span", "sw-sr-sep", "\u203a"));
          appendMarked(sec, section, hitRanges(section, m));
          head.appendChild(sec);
        }
        a.appendChild(head);
        var tags = r.tags && typeof r.tags.length === "number" ? r.tags : [];
        if (!sub && (str(r.folder) || tags.length)) {
          var meta = el("span", "sw-sr-meta");
          if (str(r.folder)) meta.appendChild(el("span", "sw-sr-folder", r.folder));
          for (var t = 0; t < tags.length && t < 4; t++) if (str(tags[t])) meta.appendChild(el("span", "sw-sr-tag", "#" + tags[t]));
          a.appendChild(meta);
        }
        var segs = r.snippet && typeof r.snippet.length === "number" ? r.snippet : [];
        if (segs.length) {
          var snip = el("span", "sw-sr-snippet");
          for (var s = 0; s < segs.length; s++) {
            var seg = segs[s] || {}, text = str(seg.text);
            if (!text) continue;
            snip.appendChild(seg.hit ? el("mark", "", text) : doc.createTextNode(text));
          }
          a.appendChild(snip);
        }
        li.appendChild(a);
        list.appendChild(li);
        links.push({ li: li, a: a });
      }
      var scope = filtered() ? tr("search_filtered") : "";
      if (!results.length) {
        setStatus(tr("search_none", q.trim()) + scope, "empty");
      } else if (total > results.length) {
        setStatus(tr("search_first_of", results.length, total) + scope);
      } else {
        setStatus(tr("search_count", total) + scope);
      }
      more.hidden = !(total > results.length);
      /* after "show more" the first new result is active; otherwise the first */
      var from = keepActive > 0 && keepActive < links.length ? keepActive : 0;
      keepActive = 0;
      if (!from) panel.scrollTop = 0;
      if (results.length) setActive(from);
    }

    function run(force) {
      clearTimeout(timer);
      timer = 0;
      var q = input.value;
      if (!/\S/.test(q)) {
        seq++;
        shown = "";
        list.textContent = "";
        list.removeAttribute("data-query");
        list.setAttribute("aria-busy", "false");
        links = [];
        results = [];
        setOpen(false);
        return;
      }
      var key = q + "\u0000" + tagSel.value + "\u0000" + folderSel.value + "\u0000" + limit;
      if (!force && key === shown && !panel.hidden) return;
      var mine = ++seq;
      list.setAttribute("aria-busy", "true");
      if (!ready) {
        setStatus(failed ? tr("search_failed") : tr("search_loading"), failed ? "empty" : "busy");
        if (!links.length) { list.textContent = ""; more.hidden = true; }
        setOpen(true);
      }
      load().then(function () {
        if (mine !== seq) return null;
        return S.query(q, filterOpts());
      }).then(function (res) {
        if (mine !== seq || !res) return;
        shown = key;
        render(q, res);
        list.setAttribute("data-query", q);
        list.setAttribute("aria-busy", "false");
        setOpen(doc.activeElement === input || wrap.contains(doc.activeElement) || !panel.hidden);
        if (openFirst) { openFirst = false; if (links.length) openResult(0, false); }
      }, function () {
        if (mine !== seq) return;
        setStatus(tr("search_failed"), "empty");
        list.textContent = "";
        links = [];
        more.hidden = true;
        list.setAttribute("data-query", q);
        list.setAttribute("aria-busy", "false");
      });
    }
    function schedule() {
      clearTimeout(timer);
      openFirst = false;
      limit = LIMIT;
      timer = setTimeout(function () { run(false); }, DEBOUNCE);
    }
    function openResult(i, newTab) {
      var item = links[i];
      if (!item) return;
      if (newTab) { win.open(item.a.href, "_blank"); return; }
      win.location.href = item.a.href;
    }
    function clear() {
      input.value = "";
      run(true);
    }

    input.addEventListener("focus", function () {
      load();
      if (/\S/.test(input.value)) run(false);
    });
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; load(); schedule(); });
    input.addEventListener("input", function (e) {
      load();
      if (composing || e.isComposing) return;
      schedule();
    });
    input.addEventListener("keydown", function (e) {
      if (e.isComposing || e.keyCode === 229) return;
      var k = e.key;
      if (k === "ArrowDown" || k === "Down" || k === "ArrowUp" || k === "Up") {
        e.preventDefault();
        if (panel.hidden) { run(true); return; }
        if (!links.length) return;
        var down = k === "ArrowDown" || k === "Down";
        setActive(active < 0 ? (down ? 0 : links.length - 1) : (active + (down ? 1 : -1) + links.length) % links.length);
      } else if (k === "Enter") {
        e.preventDefault();
        /* typed faster than the debounce: search now and open the first result */
        if (timer || shown.split("\u0000")[0] !== input.value) { openFirst = /\S/.test(input.value); run(true); return; }
        if (panel.hidden) run(true);
        else if (links.length) openResult(active < 0 ? 0 : active, e.ctrlKey || e.metaKey);
      } else if (k === "Escape" || k === "Esc") {
        e.preventDefault();
        if (!panel.hidden) setOpen(false);
        else if (input.value) clear();
        else input.blur();
      } else if ((k === "Home" || k === "End") && !panel.hidden && links.length && e.ctrlKey) {
        e.preventDefault();
        setActive(k === "Home" ? 0 : links.length - 1);
      }
    });
    function refilter() {
      limit = LIMIT;
      tagSel.classList.toggle("set", !!tagSel.value);
      folderSel.classList.toggle("set", !!folderSel.value);
      if (/\S/.test(input.value)) run(true);
    }
    tagSel.addEventListener("change", refilter);
    folderSel.addEventListener("change", refilter);
    more.addEventListener("click", function () {
      keepActive = links.length;
      limit += STEP;
      run(true);
      input.focus();
    });
    panel.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && e.target !== input) {
        e.preventDefault();
        setOpen(false);
        input.focus();
      }
    });
    list.addEventListener("mousemove", function (e) {
      for (var n = e.target; n && n !== list; n = n.parentNode) {
        if (n.getAttribute && n.getAttribute("role") === "option") {
          for (var i = 0; i < links.length; i++) if (links[i].a === n && i !== active) setActive(i);
          return;
        }
      }
    });
    /* clicks inside the panel keep the focus in the box (except on the filters) */
    panel.addEventListener("mousedown", function (e) {
      if (e.target.nodeName !== "SELECT" && e.target.nodeName !== "OPTION") e.preventDefault();
    });
    wrap.addEventListener("focusout", function (e) {
      var to = e.relatedTarget;
      if (to && wrap.contains(to)) return;
      setTimeout(function () { if (!wrap.contains(doc.activeElement)) setOpen(false); }, 0);
    });
    doc.addEventListener("pointerdown", function (e) {
      if (!panel.hidden && !wrap.contains(e.target)) setOpen(false);
    }, true);
    win.addEventListener("resize", place);
    win.addEventListener("scroll", place, { capture: true, passive: true });
    if (win.visualViewport) win.visualViewport.addEventListener("resize", place);

    /* / and Ctrl/⌘-K focus the box, unless the user is typing in another field */
    doc.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.isComposing) return;
      var slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey;
      var ck = (e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
      if (!slash && !ck) return;
      if (e.target === input) {
        if (ck) { e.preventDefault(); input.select(); }
        return;
      }
      if (isField(e.target)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });

    return { input: input };
  }

  function init() {
    var q = highlightPage();
    var box = setupBox(doc.getElementById("search"));
    /* the page opened from a result keeps its query in the box (without loading anything) */
    if (box && q) box.input.value = q;
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
})();
