/* studywiki built-in theme: the explorer, the sidebar's folder tree. Plain ES5, no fetch; works from file://.
   The layout loads this file, then assets/nav.js, a plain <script> right after the sidebar's empty <ul>, which
   calls swNav(TREE) with every folder of the site (generator/src/render/page_data.cpp describes TREE).
   swNav draws the tree into that <ul> before the page is first shown: the folders the reader opened (kept in
   localStorage, per site) and the current page's folders open, the current page marked and scrolled into
   view. The notes of each top-level folder (and the root's own) are in a file of their own, nav/SHARD.js,
   which calls swNavNotes(SHARD, NOTES); it is loaded by a script tag when one of its folders is open (the
   current page's right away), and the open folders show a loading row until it arrives. Only open folders
   have their rows in the page, so 10,000 notes cost what the open folders show.
   On a phone the sidebar is a sticky header and the tree sits behind a menu button. */
(function () {
  "use strict";
  var doc = document, CHUNK = 200;
  /* Interface strings: assets/strings.js (templates/strings/LANG.yml), loaded before this file. */
  function tr(key, a, b) {
    var s = (window.swStrings || {})[key];
    if (s == null) return key;
    if (typeof s === "object") s = (a === 1 ? s.one : s.other) || "";
    return String(s).replace(/\{\{([12])\}\}/g, function (m, n) { return String(n === "1" ? a : b); });
  }
  var T = { more: function (n) { return tr("explorer_more", n); }, menu: tr("explorer_menu"), all: tr("explorer_all"),
            loading: tr("explorer_loading") };

  function encode(path) {   /* a path from the site root as an href, percent-encoded as the generator writes them */
    return encodeURIComponent(path).replace(/%2F/g, "/").replace(/%2B/g, "+").replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }
  function el(name, cls, text) {
    var e = doc.createElement(name);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function isArray(v) { return Object.prototype.toString.call(v) === "[object Array]"; }
  function str(v) { return typeof v === "string" ? v : ""; }

  /* Tables wider than the page scroll sideways; a faded edge says there is more on that side. */
  function tableHints() {
    var tables = doc.querySelectorAll(".content table"), i;
    function update(t) {
      var wide = t.scrollWidth > t.clientWidth + 1, x = Math.abs(t.scrollLeft);
      t.classList.toggle("scroll-x", wide);
      t.classList.toggle("more-left", wide && x > 1);
      t.classList.toggle("more-right", wide && x < t.scrollWidth - t.clientWidth - 1);
    }
    for (i = 0; i < tables.length; i++) {
      (function (t) {
        update(t);
        t.addEventListener("scroll", function () { update(t); }, { passive: true });
        if (!t.hasAttribute("tabindex") && t.classList.contains("scroll-x")) t.setAttribute("tabindex", "0");
      })(tables[i]);
    }
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) return;
      pending = true;
      setTimeout(function () {
        pending = false;
        for (var j = 0; j < tables.length; j++) update(tables[j]);
      }, 100);
    });
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", tableHints);
  else tableHints();

  /* The notes' shards, by name: {data, waiting: [function (data)], failed}. */
  var shards = {};
  window.swNavNotes = function (name, data) {
    var s = shards[name];
    if (!s || s.data) return;
    s.data = data && typeof data === "object" ? data : {};
    var waiting = s.waiting;
    s.waiting = [];
    for (var i = 0; i < waiting.length; i++) waiting[i](s.data);
  };
  /* Calls back with shard `name`'s notes, at once when they are here (returns true), else once they arrive
     (with null if the file is missing). */
  function need(name, root, back) {
    var s = shards[name];
    if (s && s.data) { back(s.data); return true; }
    if (s && s.failed) { back(null); return true; }
    if (!s) {
      s = shards[name] = { data: null, waiting: [], failed: false };
      var script = doc.createElement("script");
      script.src = root + "nav/" + name + ".js";
      script.onerror = function () {
        s.failed = true;
        var waiting = s.waiting;
        s.waiting = [];
        for (var i = 0; i < waiting.length; i++) waiting[i](null);
      };
      (doc.head || doc.documentElement).appendChild(script);
    }
    s.waiting.push(back);
    return false;
  }

  window.swNav = function (tree) {
    var ul = doc.currentScript;
    do ul = ul && ul.previousElementSibling; while (ul && ul.tagName === "SCRIPT");
    var meta = doc.querySelector('meta[name="studywiki-root"]');
    if (!ul || ul.tagName !== "UL" || !meta || !isArray(tree)) return;
    var root = meta.getAttribute("content") || "", base = doc.createElement("a"), here = location.href;
    base.href = root || "./";
    here = here.indexOf(base.href) === 0 ? here.slice(base.href.length).split(/[?#]/)[0] : "";
    try { here = decodeURIComponent(here); } catch (e) { /* as it is */ }
    if (here === "" || /\/$/.test(here)) here += "index.html";

    /* Open folders, by their path from the site root ("db/mysql/"), per site. */
    var key = "studywiki-explorer:" + base.href, saved = {};
    try {
      var list = JSON.parse(localStorage.getItem(key) || "[]");
      for (var i = 0; i < list.length; i++) if (typeof list[i] === "string") saved[list[i]] = true;
    } catch (e) { /* none remembered */ }
    function remember(dir, open) {
      if (open) saved[dir] = true; else delete saved[dir];
      var out = [];
      for (var k in saved) if (Object.prototype.hasOwnProperty.call(saved, k)) out.push(k);
      try { localStorage.setItem(key, JSON.stringify(out)); } catch (e) { /* not remembered */ }
    }

    function dirOf(f, parent) { var d = str(f[1]); return d.charAt(0) === "/" ? d.slice(1) : parent + d; }
    function fileOf(n, dir) { var p = str(n[1]); return p.charAt(0) === "/" ? p.slice(1) : dir + p + ".html"; }
    var current = null;

    /* One folder's row: a button that opens it, its link, its count; its children only while open. `opened`: the
       row of the folder the reader opened that this one opens with (its sub-folders remembered open), if any. */
    function folderItem(f, dir, reveal, shard, opened) {
      var li = el("li", "dir"), row = el("div", "row"), twist = el("button", "twist"), a = el("a");
      var title = str(f[0]), page = dir + "index.html";
      twist.type = "button";
      twist.setAttribute("aria-label", title);
      twist.setAttribute("aria-expanded", "false");
      a.setAttribute("href", root + encode(page));
      a.appendChild(el("span", "nav-title", title));
      a.appendChild(el("span", "count", String(f[2])));
      if (page === here) mark(a);
      else if (here.indexOf(dir) === 0) a.className = "in-path";
      row.appendChild(twist);
      row.appendChild(a);
      li.appendChild(row);
      var child = null;
      function set(open, by) {
        li.className = open ? "dir open" : "dir";
        twist.setAttribute("aria-expanded", open ? "true" : "false");
        if (open && !child) {
          child = el("ul");
          fill(child, f, dir, shard, by);
          li.appendChild(child);
        }
        if (child) child.hidden = !open;
      }
      twist.addEventListener("click", function () {
        var open = twist.getAttribute("aria-expanded") !== "true";
        set(open, row);
        remember(dir, open);
      });
      if (saved[dir] || (reveal && here.indexOf(dir) === 0)) set(true, opened);
      return li;
    }
    function mark(a) {
      a.className = "current";
      a.setAttribute("aria-current", "page");
      current = a;
    }
    function noteItem(n, dir) {
      var li = el("li", "file"), a = el("a"), page = fileOf(n, dir);
      a.setAttribute("href", root + encode(page));
      a.title = str(n[0]);   /* the whole title where the row cuts it */
      a.appendChild(el("span", "nav-title", str(n[0])));
      if (page === here) mark(a);
      li.appendChild(a);
      return li;
    }
    /* A folder's sub-folders, then its notes from its shard (a loading row until the shard is here), CHUNK at a
       time (at least up to the current page). A sub-folder's notes are in its own shard if it names one. `opened`:
       the row of the folder the reader opened, when this is drawn because of that. */
    function fill(into, f, dir, shard, opened) {
      var subs = isArray(f[3]) ? f[3] : [], i, wait = null;
      for (i = 0; i < subs.length; i++) {
        if (!isArray(subs[i])) continue;
        into.appendChild(folderItem(subs[i], dirOf(subs[i], dir), true, typeof subs[i][5] === "string" ? subs[i][5] : shard, opened));
      }
      if (!(f[4] > 0) || typeof shard !== "string") return;
      var now = need(shard, root, function (data) {
        var notes = data && isArray(data[dir]) ? data[dir] : [];
        if (!wait) { draw(notes); return; }
        steady(function () {
          into.removeChild(wait);
          draw(notes);
        }, opened);
      });
      if (!now) {
        wait = el("li", "loading", T.loading);
        wait.setAttribute("aria-busy", "true");
        into.appendChild(wait);
      }
      function draw(notes) {
        var upto = CHUNK;
        for (var k = 0; k < notes.length; k++) if (isArray(notes[k]) && fileOf(notes[k], dir) === here) upto = Math.max(upto, k + 1);
        from(0, upto);
        function from(start, end) {
          for (var j = start; j < end && j < notes.length; j++) if (isArray(notes[j])) into.appendChild(noteItem(notes[j], dir));
          if (end < notes.length) {
            var li = el("li", "more"), b = el("button", "", T.more(notes.length - end));
            b.type = "button";
            b.addEventListener("click", function () {
              into.removeChild(li);
              from(end, end + CHUNK);
            });
            li.appendChild(b);
            into.appendChild(li);
          }
        }
      }
    }
    /* Rows drawn when a shard arrives leave what the reader sees where it was. The row of the folder the reader
       opened, if it is in view, stays put (its notes go in beneath it); else the current page's row, if in view
       (rows drawn above it scroll its box by as much); a row out of view holds nothing. The current page's row,
       drawn only now, is scrolled into view. */
    function steady(change, opened) {
      var had = current, keep = null, box = null, top = 0, rows = [opened, had];
      for (var i = 0; i < rows.length && !keep; i++) {
        box = rows[i] && scroller(rows[i]);
        if (box && shown(rows[i], box)) keep = rows[i];
      }
      if (keep) top = keep.getBoundingClientRect().top;
      change();
      if (!had) reveal();
      else if (keep && current === had) box.scrollTop += keep.getBoundingClientRect().top - top;
    }
    function shown(e, box) {
      var r = e.getBoundingClientRect(), b = box.getBoundingClientRect();
      return r.height > 0 && r.bottom > Math.max(b.top, 0) && r.top < Math.min(b.bottom, window.innerHeight);
    }

    ul.className = "tree";
    /* First, all.html: every note on one page. */
    var all = el("li", "all"), allLink = el("a");
    allLink.setAttribute("href", root + "all.html");
    allLink.appendChild(el("span", "nav-title", T.all));
    allLink.appendChild(el("span", "count", String(tree[2])));
    if (here === "all.html") mark(allLink);
    all.appendChild(allLink);
    ul.appendChild(all);
    fill(ul, tree, "", typeof tree[5] === "string" ? tree[5] : undefined);
    var nav = ul.parentNode, sidebar = nav && nav.closest ? nav.closest(".sidebar") : null;
    if (sidebar) sidebar.classList.add("has-explorer");
    reveal();

    /* The box that scrolls the tree: row e's, by default the current page's. */
    function scroller(e) {
      e = e || current;
      var box = e && e.parentNode;
      while (box && box !== doc.body) {
        var s = getComputedStyle(box).overflowY;
        if ((s === "auto" || s === "scroll") && box.clientHeight > 0) break;
        box = box.parentNode;
      }
      return box && box !== doc.body ? box : null;
    }
    /* The current page's row in view, in whatever box scrolls the tree. */
    function reveal() {
      if (!current) return;
      var box = scroller();
      if (!box) return;
      var r = current.getBoundingClientRect(), b = box.getBoundingClientRect();
      if (r.top < b.top + 8 || r.bottom > b.bottom - 8) box.scrollTop += r.top - b.top - b.height / 2 + r.height / 2;
    }

    /* On a phone: a menu button in the header shows and hides the tree and the other links. */
    var top = sidebar && sidebar.querySelector(".sidebar-top"), panel = sidebar && sidebar.querySelector(".nav-scroll");
    if (top && panel && !top.querySelector(".nav-toggle")) {
      var b = el("button", "nav-toggle");
      b.type = "button";
      b.title = T.menu;
      b.setAttribute("aria-label", T.menu);
      b.setAttribute("aria-expanded", "false");
      if (!panel.id) panel.id = "sw-nav-panel";
      b.setAttribute("aria-controls", panel.id);
      b.addEventListener("click", function () {
        var open = b.getAttribute("aria-expanded") !== "true";
        b.setAttribute("aria-expanded", open ? "true" : "false");
        sidebar.classList.toggle("nav-open", open);
        if (open) reveal();
      });
      doc.addEventListener("keydown", function (ev) {
        if (ev.key === "Escape" && sidebar.classList.contains("nav-open")) {
          sidebar.classList.remove("nav-open");
          b.setAttribute("aria-expanded", "false");
          b.focus();
        }
      });
      top.appendChild(b);
    }
  };
})();
