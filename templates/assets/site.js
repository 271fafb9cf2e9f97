/* studywiki built-in theme: math, theme toggle, TOC, code blocks, link previews. Plain ES5, works from file://. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement, KEY = "studywiki-theme";
  /* Interface strings: assets/strings.js (window.swStrings, from the theme's strings/LANG.yml);
     {{1}} and {{2}} are filled from a and b, {one, other} forms pick by a. The key shows if it is missing. */
  function tr(key, a, b) {
    var s = (window.swStrings || {})[key];
    if (s == null) return key;
    if (typeof s === "object") s = (a === 1 ? s.one : s.other) || "";
    return String(s).replace(/\{\{([12])\}\}/g, function (m, n) { return String(n === "1" ? a : b); });
  }

  function each(sel, fn, ctx) {
    var list = (ctx || doc).querySelectorAll(sel);
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  /* Math: render TeX with KaTeX when it is loaded; otherwise the raw TeX stays visible.
     TeX that KaTeX cannot parse (often a `$` that was never math: shell, PHP, jQuery)
     shows as the text it was written as, dollar signs included, not as an error. */
  function renderMath() {
    var k = window.katex;
    if (!k || typeof k.render !== "function") return;
    each(".math-inline, .math-display", function (el) {
      if (el.getAttribute("data-tex") !== null) return;
      var tex = el.textContent, display = el.classList.contains("math-display");
      try {
        k.render(tex, el, { displayMode: display, throwOnError: true });
        el.setAttribute("data-tex", tex);
      } catch (e) {
        var dollars = display ? "$$" : "$";
        el.textContent = dollars + tex + dollars;
        el.className = "math-source";
        el.setAttribute("data-tex", tex);
      }
    });
  }

  /* Theme toggle: light/dark override of prefers-color-scheme, remembered in localStorage. */
  /* The built-in layout leaves the button to this script (without it the button could not work): an empty
     button, its icon drawn by style.css. A layout that has its own .theme-toggle keeps it. */
  function setupTheme() {
    var btn = doc.querySelector(".theme-toggle"), top = doc.querySelector(".sidebar-top");
    if (!btn && top) {
      btn = doc.createElement("button");
      btn.type = "button";
      btn.className = "theme-toggle";
      btn.setAttribute("aria-label", tr("theme_toggle"));
      btn.title = tr("theme_toggle");
      top.appendChild(btn);
    }
    if (!btn) return;
    var mq = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    function isDark() {
      var t = root.getAttribute("data-theme");
      return t ? t === "dark" : !!(mq && mq.matches);
    }
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      var system = mq && mq.matches ? "dark" : "light";
      try {
        if (next === system) localStorage.removeItem(KEY); else localStorage.setItem(KEY, next);
      } catch (e) { /* storage may be unavailable */ }
      if (next === system) root.removeAttribute("data-theme"); else root.setAttribute("data-theme", next);
    });
  }

  /* TOC: collapsed on narrow screens, always open in the wide layout; highlight the current section. */
  /* Called again for new content (studywiki:content): the window's listeners are added once and read the
     current box and items. */
  var toc = null, tocWide = false, tocScroll = false;
  function setupToc() {
    var box = doc.querySelector(".toc-box");
    toc = { box: box, items: [], current: null };
    if (!box) return;
    var wide = window.matchMedia ? window.matchMedia("(min-width: 1200px)") : null;
    function sync() { if (toc.box) toc.box.open = !wide || wide.matches; }
    sync();
    if (wide && !tocWide) {
      tocWide = true;
      if (wide.addEventListener) wide.addEventListener("change", sync);
      else if (wide.addListener) wide.addListener(sync);
    }
    box.addEventListener("toggle", function () { if (wide && wide.matches && !box.open) box.open = true; });

    var links = box.querySelectorAll(".toc-list a"), items = toc.items;
    for (var i = 0; i < links.length; i++) {
      var id = (links[i].getAttribute("href") || "").slice(1), h = null;
      try { id = decodeURIComponent(id); } catch (e) { /* use as is */ }
      if (id) h = doc.getElementById(id);
      if (h) items.push({ a: links[i], h: h });
    }
    if (!items.length) return;
    var ticking = false;
    function update() {
      ticking = false;
      var items = toc.items;
      if (!items.length) return;
      var pick = items[0];
      for (var j = 0; j < items.length; j++) {
        if (items[j].h.getBoundingClientRect().top <= 90) pick = items[j]; else break;
      }
      if ((window.innerHeight + window.pageYOffset) >= doc.body.scrollHeight - 2) pick = items[items.length - 1];
      if (pick === toc.current) return;
      if (toc.current) { toc.current.a.classList.remove("active"); toc.current.a.removeAttribute("aria-current"); }
      toc.current = pick;
      pick.a.classList.add("active");
      pick.a.setAttribute("aria-current", "location");
    }
    if (!tocScroll) {
      tocScroll = true;
      window.addEventListener("scroll", function () {
        if (!ticking) { ticking = true; (window.requestAnimationFrame || setTimeout)(update); }
      }, { passive: true });
    }
    update();
  }

  /* Code blocks: language label and a copy button. */
  function setupCode() {
    each(".content pre", function (pre) {
      var code = pre.querySelector("code");
      if (!code) return;
      var m = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className);
      if (m && !pre.hasAttribute("data-lang")) pre.setAttribute("data-lang", m[1]);
      var wrap = doc.createElement("div");
      wrap.className = "code-wrap";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var btn = doc.createElement("button");
      btn.type = "button";
      btn.className = "copy-btn";
      btn.textContent = tr("copy");
      btn.setAttribute("aria-label", tr("copy_code"));
      btn.addEventListener("click", function () {
        var text = code.textContent;
        function done(ok) {
          btn.textContent = ok ? tr("copied") : tr("copy_failed");
          setTimeout(function () { btn.textContent = tr("copy"); }, 1500);
        }
        function fallback() {
          var ta = doc.createElement("textarea");
          ta.value = text;
          ta.setAttribute("readonly", "");
          ta.style.position = "fixed";
          ta.style.opacity = "0";
          doc.body.appendChild(ta);
          ta.select();
          var ok = false;
          try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
          doc.body.removeChild(ta);
          done(ok);
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
        } else {
          fallback();
        }
      });
      wrap.appendChild(btn);
    });
  }

  /* Link previews: hovering an internal link (after a short delay) or focusing it from the keyboard shows a card
     with the target's title, section and first paragraph. The data lives in shared files, previews/N.js, N a hash
     of the target's path from the site root (generator/src/render/page_data.h): the file of a link is loaded when
     the pointer first rests on it, every file the page's links need when Tab is first pressed. Each file is a
     script calling swPreviewsAdd, so this works from file:// too. Touch input never shows a card: a tap stays a
     plain link. */
  function setupPreviews() {
    var meta = doc.querySelector('meta[name="studywiki-root"]');
    var shards = meta ? parseInt(meta.getAttribute("data-shards"), 10) : 0;
    if (!(shards > 0)) return;
    var rootRel = meta.getAttribute("content") || "";
    var rootAbs = (function () { var a = doc.createElement("a"); a.href = rootRel || "./"; return a.href; })();
    var has = Object.prototype.hasOwnProperty;
    var data = {}, state = {};   /* data: path -> entry; state[n]: 1 loading, 2 loaded (or failed) */

    window.swPreviewsAdd = function (d) {
      if (!d || typeof d !== "object") return;
      for (var k in d) if (has.call(d, k) && d[k] && typeof d[k] === "object") data[k] = d[k];
    };
    /* FNV-1a over the UTF-8 bytes, as the generator computes it. */
    function shardOf(path) {
      var bytes = unescape(encodeURIComponent(path)), h = 0x811c9dc5;
      for (var i = 0; i < bytes.length; i++) {
        h ^= bytes.charCodeAt(i);
        h = (h + ((h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24))) >>> 0;
      }
      return h % shards;
    }
    /* Where a URL points inside the site: {path, id, shard}, or null (outside the site, not a page). */
    function locate(url) {
      if (typeof url !== "string" || url.indexOf(rootAbs) !== 0) return null;
      var rest = url.slice(rootAbs.length), id = "", i = rest.indexOf("#");
      if (i >= 0) { id = rest.slice(i + 1); rest = rest.slice(0, i); }
      i = rest.indexOf("?");
      if (i >= 0) rest = rest.slice(0, i);
      try { rest = decodeURIComponent(rest); id = decodeURIComponent(id); } catch (e) { return null; }
      return /\.html$/.test(rest) ? { path: rest, id: id, shard: shardOf(rest) } : null;
    }
    var here = locate(location.href);
    function load(n, then) {
      if (state[n]) return;
      state[n] = 1;
      var s = doc.createElement("script");
      s.src = rootRel + "previews/" + n + ".js";
      s.async = true;
      s.onload = s.onerror = function () {
        state[n] = 2;
        if (s.parentNode) s.parentNode.removeChild(s);
        if (then) then();
      };
      (doc.head || root).appendChild(s);
    }
    /* A shard that does not parse reports its own error; keep it out of the console like a missing one. */
    window.addEventListener("error", function (e) {
      if (e.filename && /\/previews\/\d+\.js$/.test(e.filename)) e.preventDefault();
    });
    var SHOW_DELAY = 300, HIDE_DELAY = 300, ID = "sw-preview";
    var noHover = window.matchMedia ? window.matchMedia("(hover: none)") : null;
    var card = null, cardTitle, cardSection, cardText;
    var current = null, mode = "";   /* the link the card describes; how it was opened: "hover" or "focus" */
    var pending = null, showTimer = 0, hideTimer = 0;
    var keyboard = true, muted = null, pointerX = -1, pointerY = -1;
    var hovered = null, waiting = null;   /* the link under the pointer; a link whose card waits for its file */

    /* The card for link a: {title, section, text}; null when there is none; undefined while its file loads. */
    function lookup(a) {
      var t = a.__swPlace;
      if (!t) return null;
      if (state[t.shard] !== 2) return undefined;
      var d = has.call(data, t.path) ? data[t.path] : null;
      if (!d || typeof d.t !== "string") return null;
      var s = t.id && d.s && typeof d.s === "object" && has.call(d.s, t.id) ? d.s[t.id] : null;
      if (s && typeof s === "object" && typeof s[0] === "string")
        return { title: d.t, section: s[0], text: typeof s[1] === "string" ? s[1] : "" };
      if (here && t.path === here.path) return null;   /* within this page: only links to a previewed heading */
      var text = typeof d.x === "string" ? d.x : "";
      return d.t || text ? { title: d.t, section: "", text: text } : null;
    }
    /* Whether link a may have a card: an HTML <a href> to a page of the site. */
    function candidate(a) {
      if (a.__swPlace === undefined) a.__swPlace = a.getAttribute("href") === null ? null : locate(a.href);
      return !!a.__swPlace;
    }
    /* The HTML <a href> that node is in, if it is inside <main> and may have a preview. Skipped: SVG <a> (nodeName
       "a") and links inside <svg> (graphs), aria-hidden links (heading anchors), tags, navigation (links in <nav>,
       such as breadcrumbs, and in the table of contents) and the note lists of folder, tag and home pages, which
       show the summaries already. */
    function linkOf(node) {
      var a = null;
      for (var n = node; n && n.nodeType === 1; n = n.parentNode) {
        if (n.nodeName === "MAIN") return a;
        if (n === card || n.nodeName.toLowerCase() === "svg" || n.nodeName === "NAV") return null;
        if (n.classList && (n.classList.contains("toc") || n.classList.contains("note-list") || n.classList.contains("card-grid"))) return null;
        if (!a && n.nodeName === "A") {
          if (n.getAttribute("aria-hidden") === "true" || n.classList.contains("tag") || !candidate(n)) return null;
          a = n;
        }
      }
      return null;
    }
    /* Loads the file of a's preview; shows the card when it arrives if a still wants it. */
    function fetchFor(a) {
      var t = a.__swPlace;
      if (t && !state[t.shard]) load(t.shard, arrived);
    }
    function arrived() {
      if (!waiting) return;
      var w = waiting, want = w.how === "focus" ? doc.activeElement === w.a : hovered === w.a;
      if (lookup(w.a) === undefined) return;
      waiting = null;
      if (want) show(w.a, w.how);
    }
    /* Every file the page's links need (keyboard users move from link to link quickly). */
    var preloaded = false;
    function preload() {
      if (preloaded) return;
      preloaded = true;
      var main = doc.querySelector("main"), list = main ? main.querySelectorAll("a[href]") : [];
      for (var i = 0; i < list.length; i++) if (linkOf(list[i]) === list[i]) fetchFor(list[i]);
    }
    function build() {
      card = doc.createElement("div");
      card.className = "sw-preview";
      card.id = ID;
      card.setAttribute("role", "tooltip");
      card.hidden = true;
      cardTitle = doc.createElement("div");
      cardTitle.className = "sw-preview-title";
      cardSection = doc.createElement("span");
      cardSection.className = "sw-preview-section";
      cardText = doc.createElement("p");
      cardText.className = "sw-preview-text";
      card.appendChild(cardTitle);
      card.appendChild(cardText);
      doc.body.appendChild(card);
    }
    function describe(a, on) {
      var ids = (a.getAttribute("aria-describedby") || "").split(/\s+/), keep = [];
      for (var i = 0; i < ids.length; i++) if (ids[i] && ids[i] !== ID) keep.push(ids[i]);
      if (on) keep.push(ID);
      if (keep.length) a.setAttribute("aria-describedby", keep.join(" ")); else a.removeAttribute("aria-describedby");
    }
    /* The line box of the link to attach to: the one under the pointer, else the first. */
    function anchorRect(a) {
      var rects = a.getClientRects(), pick = rects[0] || a.getBoundingClientRect();
      if (mode === "hover") {
        for (var i = 0; i < rects.length; i++) {
          var r = rects[i];
          if (pointerY >= r.top && pointerY <= r.bottom && pointerX >= r.left - 1 && pointerX <= r.right + 1) { pick = r; break; }
        }
      }
      return pick;
    }
    function place() {
      var r = anchorRect(current), gap = 6, margin = 8;
      var vw = root.clientWidth || window.innerWidth, vh = window.innerHeight;
      card.style.left = "0px";
      card.style.top = "0px";
      var w = card.offsetWidth, h = card.offsetHeight;
      var top = r.bottom + gap;
      if (top + h > vh - margin && r.top - gap - h >= margin) top = r.top - gap - h;
      var left = Math.max(margin, Math.min(r.left, vw - w - margin));
      card.style.left = Math.round(left) + "px";
      card.style.top = Math.round(Math.max(margin, top)) + "px";
      card.setAttribute("data-side", top < r.top ? "above" : "below");
    }
    function show(a, how) {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      pending = null;
      var d = lookup(a);
      if (d === undefined) { waiting = { a: a, how: how }; fetchFor(a); return; }
      if (!d) return;
      if (!card) build();
      if (current && current !== a) describe(current, false);
      current = a;
      mode = how;
      cardTitle.textContent = d.title;
      var section = typeof d.section === "string" ? d.section : "";
      cardSection.textContent = section ? " \u203a " + section : "";
      if (section) cardTitle.appendChild(cardSection);
      var text = typeof d.text === "string" ? d.text : "";
      cardText.textContent = text;
      cardText.hidden = !text;
      card.hidden = false;
      place();
      describe(a, true);
    }
    function hide() {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      pending = null;
      waiting = null;
      if (!current) return;
      describe(current, false);
      current = null;
      mode = "";
      card.hidden = true;
    }
    function scheduleHide() {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, HIDE_DELAY);
    }
    function hoverIn(target, x, y) {
      pointerX = x;
      pointerY = y;
      var a = linkOf(target);
      if (card && (target === card || card.contains(target))) { clearTimeout(hideTimer); return; }
      hovered = a;
      if (!a || a === muted) return;
      fetchFor(a);
      if (a === current) { clearTimeout(hideTimer); return; }
      if (a === pending) return;
      clearTimeout(showTimer);
      pending = a;
      showTimer = setTimeout(function () { if (pending === a) show(a, "hover"); }, SHOW_DELAY);
    }
    function hoverOut(target, related) {
      if (card && card.contains(target)) {   /* leaving the card, unless back onto its link */
        if (!(related && card.contains(related)) && mode === "hover" && linkOf(related) !== current) scheduleHide();
        return;
      }
      var a = linkOf(target);
      if (!a || (related && (a === related || a.contains(related)))) return;
      if (a === hovered) hovered = null;
      if (waiting && waiting.a === a && waiting.how === "hover") waiting = null;
      if (a === muted) muted = null;
      if (a === pending) { clearTimeout(showTimer); pending = null; }
      if (a === current && mode === "hover" && !(card && related && card.contains(related))) scheduleHide();
    }
    function touchy(e) { return e.pointerType === "touch" || !!(noHover && noHover.matches); }

    if (window.PointerEvent) {
      doc.addEventListener("pointerover", function (e) { if (!touchy(e)) hoverIn(e.target, e.clientX, e.clientY); });
      doc.addEventListener("pointerout", function (e) { if (!touchy(e)) hoverOut(e.target, e.relatedTarget); });
      doc.addEventListener("pointerdown", function (e) {
        keyboard = false;
        if (card && !card.contains(e.target)) hide();
      }, true);
    } else {
      doc.addEventListener("mouseover", function (e) { if (!touchy(e)) hoverIn(e.target, e.clientX, e.clientY); });
      doc.addEventListener("mouseout", function (e) { if (!touchy(e)) hoverOut(e.target, e.relatedTarget); });
      doc.addEventListener("mousedown", function (e) {
        keyboard = false;
        if (card && !card.contains(e.target)) hide();
      }, true);
    }
    /* Without pointer events a tap starts with touchstart; the focus that follows is not from the keyboard. */
    doc.addEventListener("touchstart", function () { keyboard = false; hide(); }, { capture: true, passive: true });
    doc.addEventListener("keydown", function (e) {
      if (e.key === "Escape" || e.key === "Esc") {
        if (current || pending || waiting) { muted = current || pending || waiting.a; hide(); }
        return;
      }
      keyboard = true;
      if (e.key === "Tab") preload();
    }, true);
    doc.addEventListener("focusin", function (e) {
      var a = linkOf(e.target);
      if (!a) return;
      muted = null;
      if (keyboard) show(a, "focus");
    });
    doc.addEventListener("focusout", function (e) {
      if (waiting && waiting.a === e.target && waiting.how === "focus") waiting = null;
      if (e.target === current || e.target === muted) { muted = null; hide(); }
    });
    /* Scrolling hides a hover card; a card opened by focus follows its link (focusing scrolls the link into view). */
    window.addEventListener("scroll", function () {
      if (!current) return;
      if (mode !== "focus") { hide(); return; }
      var r = current.getBoundingClientRect();
      if (r.bottom < 0 || r.top > window.innerHeight) hide(); else place();
    }, { capture: true, passive: true });
    window.addEventListener("resize", hide);
    window.addEventListener("pagehide", hide);
    /* New content (see init): no card for a link that is gone; what the files said is read again. */
    doc.addEventListener("studywiki:content", function () {
      hide();
      preloaded = false;
      data = {};
      state = {};
    });
  }

  /* Accessibility: a task's checkbox is named by its item's own text (not its sub-list's); a code block,
     which may scroll sideways, takes the keyboard focus so the arrow keys can scroll it. */
  function setupA11y() {
    each(".content li > input[type=checkbox], .content li > p > input[type=checkbox]:first-child", function (box) {
      if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) return;
      var li = box.closest("li"), text = "";
      for (var n = li ? li.firstChild : null; n; n = n.nextSibling)
        if (!/^(UL|OL)$/.test(n.nodeName)) text += n.textContent;
      text = text.replace(/\s+/g, " ").trim();
      box.setAttribute("aria-label", text.length > 120 ? text.slice(0, 120) + "\u2026" : text || tr("task"));
    });
    each(".content pre", function (pre) { if (!pre.hasAttribute("tabindex")) pre.tabIndex = 0; });
  }

  function init() {
    renderMath();
    setupTheme();
    setupToc();
    setupCode();
    setupPreviews();
    setupA11y();
  }
  /* New content in place of the old (`studywiki serve` shows a saved note's new text without a reload,
     replacing <main>, then sends this event): what the page's text needs set up, set up again. */
  window.swLiveSwap = true;
  doc.addEventListener("studywiki:content", function () {
    renderMath();
    setupToc();
    setupCode();
    setupA11y();
  });

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
  /* KaTeX may arrive after us if scripts were reordered; try once more when everything has loaded. */
  window.addEventListener("load", renderMath);
})();
