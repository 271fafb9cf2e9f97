/* studywiki built-in theme: interactive graphs. Plain ES5, no modules, no fetch; works from file://.
   Every svg.graph: hover/focus a node to highlight it with its neighbours.
   Local graphs (data-kind="local") come as an empty <svg data-key="PAGE"> drawn here from graphs/N.js.
   Graph pages (data-kind="notes" or "tags"): pan, zoom, reset, and on the note graph search and filters. */
(function () {
  "use strict";
  var doc = document, graphs = [];
  /* Interface strings: assets/strings.js (window.swStrings, from the theme's strings/LANG.yml);
     {{1}} and {{2}} are filled from a and b, {one, other} forms pick by a. The key shows if it is missing. */
  function tr(key, a, b) {
    var s = (window.swStrings || {})[key];
    if (s == null) return key;
    if (typeof s === "object") s = (a === 1 ? s.one : s.other) || "";
    return String(s).replace(/\{\{([12])\}\}/g, function (m, n) { return String(n === "1" ? a : b); });
  }

  function cls(el, name, on) {
    if (on) el.classList.add(name); else el.classList.remove(name);
  }
  function num(el, attr) {
    var v = parseFloat(el && el.getAttribute(attr));
    return isNaN(v) ? 0 : v;
  }
  function norm(s) {
    s = String(s || "");
    if (s.normalize) s = s.normalize("NFKC");
    return s.toLowerCase().replace(/\s+/g, " ").replace(/^ | $/g, "");
  }
  function nodeOf(el, svg) {
    while (el && el !== svg) {
      if (el.classList && el.classList.contains("node")) return el;
      el = el.parentNode;
    }
    return null;
  }

  function Graph(svg) {
    var g = this, i, list, a, circle, t, id, e;
    g.svg = svg;
    g.kind = svg.getAttribute("data-kind") || "";
    g.nodes = {};
    g.order = [];
    g.edges = [];
    g.hover = null;
    g.pinned = null;

    list = svg.querySelectorAll("a.node");
    for (i = 0; i < list.length; i++) {
      a = list[i];
      id = a.getAttribute("data-id");
      if (id === null || g.nodes[id]) continue;
      circle = a.querySelector("circle");
      t = a.querySelector("title") || a.querySelector("text");
      g.nodes[id] = {
        id: id, el: a, edges: [],
        x: num(circle, "cx"), y: num(circle, "cy"),
        label: t ? t.textContent : "",
        key: norm(t ? t.textContent : ""),
        group: a.getAttribute("data-group") || "",
        tags: (a.getAttribute("data-tags") || "").split(/\s+/)
      };
      g.order.push(g.nodes[id]);
    }
    list = svg.querySelectorAll("line.edge");
    for (i = 0; i < list.length; i++) {
      e = { el: list[i], a: list[i].getAttribute("data-a"), b: list[i].getAttribute("data-b") };
      if (!g.nodes[e.a] || !g.nodes[e.b]) continue;
      g.edges.push(e);
      g.nodes[e.a].edges.push(e);
      g.nodes[e.b].edges.push(e);
    }

    svg.addEventListener("mouseover", function (ev) {
      var n = nodeOf(ev.target, svg);
      if (n && !g.panning) g.setHover(n.getAttribute("data-id"));
    });
    svg.addEventListener("mouseout", function (ev) {
      var from = nodeOf(ev.target, svg), to = nodeOf(ev.relatedTarget, svg);
      if (from && from !== to) g.setHover(to ? to.getAttribute("data-id") : null);
    });
    svg.addEventListener("focusin", function (ev) {
      var n = nodeOf(ev.target, svg);
      if (!n) return;
      g.setHover(n.getAttribute("data-id"));
      if (g.vb) g.reveal(g.nodes[n.getAttribute("data-id")]);
    });
    svg.addEventListener("focusout", function (ev) {
      if (!nodeOf(ev.relatedTarget, svg)) g.setHover(null);
    });

    if (g.kind === "notes" || g.kind === "tags") g.enableView();
  }

  /* Highlight node `id` with its neighbours and their edges; dim the rest. null clears. */
  Graph.prototype.highlight = function (id) {
    var g = this, near = {}, i, n, e, on = id !== null && !!g.nodes[id];
    if (on) {
      near[id] = true;
      for (i = 0; i < g.nodes[id].edges.length; i++) {
        e = g.nodes[id].edges[i];
        near[e.a] = near[e.b] = true;
      }
    }
    for (i = 0; i < g.order.length; i++) {
      n = g.order[i];
      cls(n.el, "hl", on && !!near[n.id]);
      cls(n.el, "dim", on && !near[n.id]);
      cls(n.el, "hl-main", on && n.id === id);
    }
    for (i = 0; i < g.edges.length; i++) {
      e = g.edges[i];
      var touch = on && (e.a === id || e.b === id);
      cls(e.el, "hl", touch);
      cls(e.el, "dim", on && !touch);
    }
    cls(g.svg, "has-hl", on);
  };
  Graph.prototype.setHover = function (id) {
    if (id === this.hover) return;
    this.hover = id;
    this.highlight(id !== null ? id : this.pinned);
  };

  /* Zoomed in, labels keep the size the generator chose for the whole view, and all of them show
     when they fit (zoomed in far enough, or few nodes left by a filter). */
  Graph.prototype.updateLabels = function () {
    var shown = 0, i, zoom = this.home.w / this.vb.w;
    if (this.labels && this.font) this.labels.style.fontSize = Math.round(this.font / zoom * 1000) / 1000 + "px";
    for (i = 0; i < this.order.length; i++) if (!this.order[i].el.classList.contains("off")) shown++;
    cls(this.svg, "few", (this.filtered && shown <= 25) || zoom > 2.5);
  };
  Graph.prototype.readViewBox = function () {
    var p = (this.svg.getAttribute("viewBox") || "").split(/[\s,]+/);
    if (p.length !== 4) return null;
    var v = { x: +p[0], y: +p[1], w: +p[2], h: +p[3] };
    return v.w > 0 && v.h > 0 ? v : null;
  };

  /* ---------- pan and zoom by changing the viewBox ---------- */
  /* v: top-left corner and width; the height follows the original aspect ratio */
  Graph.prototype.setView = function (v) {
    var h = this.home, ratio = h.h / h.w, w = Math.min(h.w * 3, Math.max(h.w / 12, v.w));
    var cx = v.x + v.w / 2, cy = v.y + v.w * ratio / 2;
    this.vb = { x: cx - w / 2, y: cy - w * ratio / 2, w: w, h: w * ratio };
    this.svg.setAttribute("viewBox", [this.vb.x, this.vb.y, this.vb.w, this.vb.h].map(function (n) {
      return Math.round(n * 100) / 100;
    }).join(" "));
    this.updateLabels();
  };
  Graph.prototype.toUser = function (cx, cy) {
    var m = this.svg.getScreenCTM(), p;
    if (!m) return { x: this.vb.x + this.vb.w / 2, y: this.vb.y + this.vb.h / 2 };
    p = this.svg.createSVGPoint();
    p.x = cx;
    p.y = cy;
    p = p.matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  };
  Graph.prototype.zoomAt = function (factor, p) {
    var v = this.vb;
    if (!p) p = { x: v.x + v.w / 2, y: v.y + v.h / 2 };
    var w = Math.min(this.home.w * 3, Math.max(this.home.w / 12, v.w / factor));
    factor = v.w / w;
    this.setView({ x: p.x - (p.x - v.x) / factor, y: p.y - (p.y - v.y) / factor, w: w });
  };
  Graph.prototype.centreOn = function (n, minZoom) {
    var w = Math.min(this.vb.w, this.home.w / (minZoom || 1));
    this.setView({ x: n.x - w / 2, y: n.y - w * this.home.h / this.home.w / 2, w: w });
  };
  /* Show every node that is not filtered out, no closer than 3x zoom. */
  Graph.prototype.fitVisible = function () {
    var h = this.home, x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, i, n, w, ratio = h.h / h.w;
    for (i = 0; i < this.order.length; i++) {
      n = this.order[i];
      if (n.el.classList.contains("off")) continue;
      x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x);
      y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y);
    }
    if (!this.filtered || x0 > x1) return this.setView(h);
    w = Math.min(h.w, Math.max((x1 - x0) * 1.3, (y1 - y0) * 1.4 / ratio, h.w / 3));
    this.setView({ x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - w * ratio / 2, w: w });
  };
  Graph.prototype.reveal = function (n) {
    var v = this.vb, mx = v.w * 0.05, my = v.h * 0.05;
    if (n.x < v.x + mx || n.x > v.x + v.w - mx || n.y < v.y + my || n.y > v.y + v.h - my) this.centreOn(n);
  };

  Graph.prototype.enableView = function () {
    var g = this, svg = g.svg, host = svg.parentNode, pts = {}, count = 0, start = null, pinch = null, moved = false;
    g.home = g.readViewBox();
    if (!g.home || !host) return;
    g.vb = { x: g.home.x, y: g.home.y, w: g.home.w, h: g.home.h };
    g.labels = svg.querySelector("g.nodes");
    var first = svg.querySelector("text.label");
    g.font = first && window.getComputedStyle ? parseFloat(getComputedStyle(first).fontSize) : 0;
    if (window.getComputedStyle && getComputedStyle(host).position === "static") host.style.position = "relative";
    host.classList.add("pannable");

    function button(text, label, fn) {
      var b = doc.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.title = label;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", fn);
      return b;
    }
    var bar = doc.createElement("div");
    bar.className = "graph-controls";
    bar.appendChild(button("+", tr("graph_zoom_in"), function () { g.zoomAt(1.5); }));
    bar.appendChild(button("\u2212", tr("graph_zoom_out"), function () { g.zoomAt(1 / 1.5); }));
    bar.appendChild(button("\u27f2", tr("graph_reset"), function () { g.setView(g.home); }));
    host.appendChild(bar);

    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var dy = ev.deltaY * (ev.deltaMode === 1 ? 33 : ev.deltaMode === 2 ? 400 : 1);
      g.zoomAt(Math.exp(-Math.max(-300, Math.min(300, dy)) * 0.0022), g.toUser(ev.clientX, ev.clientY));
    }, { passive: false });

    function dist() {
      var k, p = [];
      for (k in pts) if (pts.hasOwnProperty(k)) p.push(pts[k]);
      if (p.length < 2) return null;
      return { d: Math.sqrt(Math.pow(p[0].x - p[1].x, 2) + Math.pow(p[0].y - p[1].y, 2)) || 1,
               x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 };
    }
    function copy(v) { return { x: v.x, y: v.y, w: v.w, h: v.h }; }

    svg.addEventListener("pointerdown", function (ev) {
      if (ev.pointerType === "mouse" && ev.button !== 0) return;
      if (!pts[ev.pointerId]) count++;
      pts[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
      if (count === 1) {
        var m = svg.getScreenCTM();
        start = { x: ev.clientX, y: ev.clientY, vb: copy(g.vb), k: m && m.a ? 1 / m.a : 1 };
        moved = false;
      } else if (count === 2) {
        var d = dist();
        pinch = d && { d: d.d, vb: copy(g.vb), at: g.toUser(d.x, d.y) };
        moved = true;
      }
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!pts[ev.pointerId]) return;
      pts[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
      if (count === 1 && start) {
        var dx = ev.clientX - start.x, dy = ev.clientY - start.y;
        if (!moved && dx * dx + dy * dy < 25) return;
        if (!moved) {
          moved = true;
          g.panning = true;
          host.classList.add("panning");
          try { svg.setPointerCapture(ev.pointerId); } catch (e) { /* not supported */ }
        }
        g.setView({ x: start.vb.x - dx * start.k, y: start.vb.y - dy * start.k, w: start.vb.w });
      } else if (count === 2 && pinch) {
        var d = dist(), f = d.d / pinch.d, w = pinch.vb.w / f;
        g.setView({ x: pinch.at.x - (pinch.at.x - pinch.vb.x) / f, y: pinch.at.y - (pinch.at.y - pinch.vb.y) / f, w: w });
      }
    });
    function up(ev) {
      if (!pts[ev.pointerId]) return;
      delete pts[ev.pointerId];
      count--;
      pinch = null;
      if (count === 0) {
        start = null;
        g.panning = false;
        host.classList.remove("panning");
      } else if (count === 1) {
        start = null; /* lifting one finger of a pinch does not start a pan */
      }
    }
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
    /* a drag that started on a node must not open it */
    svg.addEventListener("click", function (ev) {
      if (moved) {
        ev.preventDefault();
        ev.stopPropagation();
        moved = false;
      }
    }, true);
    /* no native drag of the links: dragging pans */
    svg.addEventListener("dragstart", function (ev) { ev.preventDefault(); });
    svg.addEventListener("keydown", function (ev) {
      var k = ev.key;
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (k === "+" || k === "=") g.zoomAt(1.5);
      else if (k === "-" || k === "_") g.zoomAt(1 / 1.5);
      else if (k === "0") g.setView(g.home);
      else return;
      ev.preventDefault();
    });

    each(".js-only", function (el) { el.hidden = false; });
  };

  /* ---------- search and filters (the note graph page) ---------- */
  Graph.prototype.find = function (q) {
    var i, n, hit = null, key = norm(q);
    if (!key) return null;
    for (i = 0; i < this.order.length; i++) {
      n = this.order[i];
      if (n.el.classList.contains("off")) continue;
      if (n.key === key) return n;
      if (!hit && n.key.indexOf(key) === 0) hit = n;
    }
    if (hit) return hit;
    for (i = 0; i < this.order.length; i++) {
      n = this.order[i];
      if (!n.el.classList.contains("off") && n.key.indexOf(key) >= 0) return n;
    }
    return null;
  };
  Graph.prototype.pin = function (n) {
    var old = this.pinned !== null && this.nodes[this.pinned];
    if (old) cls(old.el, "found", false);
    this.pinned = n ? n.id : null;
    if (n) cls(n.el, "found", true);
    this.hover = null;
    this.highlight(this.pinned);
  };
  Graph.prototype.filter = function (group, tag) {
    var i, n, e, ok, j, shown = 0;
    this.filtered = !!(group || tag);
    for (i = 0; i < this.order.length; i++) {
      n = this.order[i];
      ok = !group || n.group === group;
      if (ok && tag) {
        ok = false;
        for (j = 0; j < n.tags.length && !ok; j++) ok = n.tags[j] === tag || n.tags[j].indexOf(tag + "/") === 0;
      }
      cls(n.el, "off", !ok);
      if (ok) shown++;
    }
    for (i = 0; i < this.edges.length; i++) {
      e = this.edges[i];
      cls(e.el, "off", this.nodes[e.a].el.classList.contains("off") || this.nodes[e.b].el.classList.contains("off"));
    }
    if (this.pinned !== null && this.nodes[this.pinned].el.classList.contains("off")) this.pin(null);
    this.updateLabels();
    return shown;
  };

  function setupToolbar(form) {
    var g = null, i, input, group, tag, status, list, opts, k;
    for (i = 0; i < graphs.length; i++) if (graphs[i].vb) { g = graphs[i]; break; }
    if (!g) return;
    input = form.querySelector(".graph-search");
    group = form.querySelector(".graph-filter-group");
    tag = form.querySelector(".graph-filter-tag");
    status = form.querySelector(".graph-status");
    form.hidden = false;

    function say(text, miss) {
      if (!status) return;
      status.textContent = text;
      cls(status, "miss", !!miss);
    }
    if (input) {
      list = doc.createElement("datalist");
      list.id = "sw-graph-titles";
      opts = g.order.map(function (n) { return n.label; }).sort();
      for (k = 0; k < opts.length; k++) {
        if (k && opts[k] === opts[k - 1]) continue;
        var o = doc.createElement("option");
        o.value = opts[k];
        list.appendChild(o);
      }
      form.appendChild(list);
      input.setAttribute("list", list.id);
      input.addEventListener("input", function () {
        var n = g.find(input.value);
        g.pin(n);
        if (n) {
          g.centreOn(n, 2);
          say(tr("graph_found", n.label));
        } else {
          say(norm(input.value) ? tr("graph_not_found") : "", !!norm(input.value));
        }
      });
      input.addEventListener("keydown", function (ev) {
        if (ev.key === "Escape") {
          input.value = "";
          g.pin(null);
          say("");
        }
      });
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (g.pinned !== null) g.nodes[g.pinned].el.focus();
    });
    function refilter() {
      var gv = group ? group.value : "", tv = tag ? tag.value : "";
      var shown = g.filter(gv, tv);
      g.fitVisible();
      say(gv || tv ? tr("graph_shown", shown, g.order.length) : "");
    }
    if (group) group.addEventListener("change", refilter);
    if (tag) tag.addEventListener("change", refilter);
  }

  function each(sel, fn) {
    var list = doc.querySelectorAll(sel);
    for (var i = 0; i < list.length; i++) fn(list[i]);
  }

  /* ---------- local graphs from the shared files ---------- */
  /* A note page holds its local graph's <svg> start tag with data-key (its path from the site root) and no
     content; graphs/N.js, N a hash of that path (generator/src/render/page_data.h), calls swGraphsAdd with the
     drawing (graph/svg.h, LocalGraph), which becomes the markup the generator writes for inline graphs. */
  var SVG = "http://www.w3.org/2000/svg", drawings = {}, has = Object.prototype.hasOwnProperty;
  window.swGraphsAdd = function (d) {
    if (!d || typeof d !== "object") return;
    for (var k in d) if (has.call(d, k)) drawings[k] = d[k];
  };
  function shardOf(path, shards) {   /* FNV-1a over the UTF-8 bytes, as the generator computes it */
    var bytes = unescape(encodeURIComponent(path)), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes.charCodeAt(i);
      h = (h + ((h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24))) >>> 0;
    }
    return h % shards;
  }
  /* A path from the site root as an href: percent-encoded as the generator writes hrefs. */
  function encodePath(path) {
    return encodeURIComponent(path).replace(/%2F/g, "/").replace(/%2B/g, "+").replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }
  function make(name, attrs, parent) {
    var el = doc.createElementNS(SVG, name);
    for (var k in attrs) if (has.call(attrs, k)) el.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(el);
    return el;
  }
  function tenths(v) { return String(Math.round(v * 10) / 10); }
  /* Draws d into svg; false when d is not a drawing. */
  function draw(svg, d, rootHref) {
    if (!d || typeof d !== "object" || !(d.n instanceof Array) || !(d.e instanceof Array)) return false;
    var nodes = d.n, colors = d.c instanceof Array ? d.c : [], i, n, e, a, b, line, link, text;
    var edges = make("g", { "class": "edges", stroke: "#8a8a8a", "stroke-width": String(d.w) });
    for (i = 0; i < d.e.length; i++) {
      e = d.e[i];
      a = e && nodes[e[0]];
      b = e && nodes[e[1]];
      if (!a || !b) continue;
      line = make("line", { "class": "edge", x1: String(a[3]), y1: String(a[4]), x2: String(b[3]), y2: String(b[4]), "data-a": String(e[0]), "data-b": String(e[1]) }, edges);
      if (e.length > 2) line.setAttribute("stroke-width", String(e[2]));
    }
    var group = make("g", { "class": "nodes", "font-size": String(d.f), "text-anchor": "middle" });
    for (i = 0; i < nodes.length; i++) {
      n = nodes[i];
      if (!(n instanceof Array) || typeof n[0] !== "string") continue;
      link = make("a", { "class": i === d.h ? "node current" : "node", href: rootHref + encodePath(n[0]), "data-id": String(i) }, group);
      make("circle", { cx: String(n[3]), cy: String(n[4]), r: String(n[5]), fill: String(colors[n[6]] || "#9a9a9a") }, link);
      make("title", {}, link).textContent = String(n[1]);
      text = make("text", { "class": n[7] ? "label" : "label hidden", x: String(n[3]), y: tenths(n[4] + n[5] + d.f) }, link);
      text.textContent = String(n[2] || n[1]);
    }
    svg.appendChild(edges);
    svg.appendChild(group);
    return true;
  }
  /* A local graph's labels: 11 px on screen whatever the box's width (never under 10), and none on another:
     the current note's first, then the ones the generator chose, then the rest by node size. A label goes
     below its node, else above it; one that would pass the side of the box is moved in (it still spans its
     node). The box is the part of the plane the frame shows: the viewBox, and the margins beside it when the
     frame is wider or taller (a phone). A label that fits nowhere, or would touch one already placed, is
     hidden (hovering its node still names it). Labelled nodes are painted last, so no circle covers a label. */
  var LABEL_PX = 11;
  function fitLabels(svg) {
    var m = svg.getScreenCTM && svg.getScreenCTM(), group = svg.querySelector("g.nodes"), vb = svg.viewBox && svg.viewBox.baseVal;
    if (!m || !(m.a > 0) || !(m.d > 0) || !group || !vb || !(vb.width > 0)) return;
    group.style.fontSize = Math.round(LABEL_PX / m.a * 1000) / 1000 + "px";
    var texts = svg.querySelectorAll("a.node text.label"), items = [], placed = [], i, j, k, t, b, pad, box, free, at, dx, dy, c;
    var rect = svg.getBoundingClientRect(), st = getComputedStyle(svg);
    var left = rect.left + svg.clientLeft + (parseFloat(st.paddingLeft) || 0), top = rect.top + svg.clientTop + (parseFloat(st.paddingTop) || 0);
    var right = rect.left + svg.clientLeft + svg.clientWidth - (parseFloat(st.paddingRight) || 0);
    var bottom = rect.top + svg.clientTop + svg.clientHeight - (parseFloat(st.paddingBottom) || 0);
    var area = { x0: Math.min(vb.x, (left - m.e) / m.a), y0: Math.min(vb.y, (top - m.f) / m.d),
                 x1: Math.max(vb.x + vb.width, (right - m.e) / m.a), y1: Math.max(vb.y + vb.height, (bottom - m.f) / m.d) };
    for (i = 0; i < texts.length; i++) {
      t = texts[i];
      var node = t.parentNode;
      items.push({ t: t, rank: node.classList.contains("current") ? 0 : t.classList.contains("hidden") ? 2 : 1, r: num(node.querySelector("circle"), "r"), i: i });
    }
    function hits(a, o) { return a.x0 < o.x1 && o.x0 < a.x1 && a.y0 < o.y1 && o.y0 < a.y1; }
    function inside(a) { return a.x0 >= area.x0 && a.x1 <= area.x1 && a.y0 >= area.y0 && a.y1 <= area.y1; }
    items.sort(function (x, y) { return x.rank - y.rank || y.r - x.r || x.i - y.i; });
    for (i = 0; i < items.length; i++) {
      t = items[i].t;
      at = t.__swAt || (t.__swAt = [t.getAttribute("x"), t.getAttribute("y")]);  /* where draw() put it */
      t.setAttribute("x", at[0]);
      t.setAttribute("y", at[1]);
      try { b = t.getBBox(); } catch (e) { continue; }
      pad = 1.5 / m.a;
      c = t.parentNode.querySelector("circle");
      free = null;
      /* below its node, else above it (its bottom a few pixels over the circle) */
      var shifts = items[i].rank === 0 ? [0] : [0, num(c, "cy") - num(c, "r") - 2 / m.a - (b.y + b.height)];
      for (k = 0; !free && k < shifts.length; k++) {
        dy = shifts[k];
        box = { x0: b.x - pad, y0: b.y + dy, x1: b.x + b.width + pad, y1: b.y + b.height + dy };
        dx = 0;
        if (items[i].rank !== 0) {
          if (box.x0 < area.x0) dx = area.x0 - box.x0;
          else if (box.x1 > area.x1) dx = area.x1 - box.x1;
          box.x0 += dx;
          box.x1 += dx;
          var clear = inside(box);
          for (j = 0; clear && j < placed.length; j++) if (hits(box, placed[j])) clear = false;
          if (!clear) continue;
        }
        free = box;
        if (dx || dy) {
          t.setAttribute("x", tenths(parseFloat(at[0]) + dx));
          t.setAttribute("y", tenths(parseFloat(at[1]) + dy));
        }
      }
      t.style.transition = "none";   /* no fading in or out at load */
      cls(t, "hidden", !free);
      if (free) placed.push(free);
    }
    /* painted last, no circle covers a label: the labelled nodes, then the current one */
    for (i = items.length - 1; i >= 0; i--) if (!items[i].t.classList.contains("hidden")) group.appendChild(items[i].t.parentNode);
    t = texts;
    setTimeout(function () { for (var q = 0; q < t.length; q++) t[q].style.transition = ""; }, 50);
  }
  var fitting = false;
  window.addEventListener("resize", function () {
    if (fitting) return;
    fitting = true;
    (window.requestAnimationFrame || setTimeout)(function () {
      fitting = false;
      each("svg.graph[data-kind=local]", fitLabels);
    });
  });
  function loadLocal(svg) {
    var meta = doc.querySelector('meta[name="studywiki-root"]'), key = svg.getAttribute("data-key");
    var shards = meta ? parseInt(meta.getAttribute("data-shards"), 10) : 0, rootHref = meta ? meta.getAttribute("content") || "" : "";
    if (!key || !(shards > 0)) return;
    var s = doc.createElement("script");
    s.src = rootHref + "graphs/" + shardOf(key, shards) + ".js";
    s.onload = s.onerror = function () {
      if (s.parentNode) s.parentNode.removeChild(s);
      if (!svg.firstChild && has.call(drawings, key) && draw(svg, drawings[key], rootHref) && !svg.__swGraph) {
        fitLabels(svg);
        graphs.push(svg.__swGraph = new Graph(svg));
      }
    };
    (doc.head || doc.documentElement).appendChild(s);
  }

  function init() {
    each("svg.graph", function (svg) {
      if (svg.__swGraph) return;
      if (svg.hasAttribute("data-key") && !svg.firstChild) loadLocal(svg);
      else graphs.push(svg.__swGraph = new Graph(svg));
    });
    each("form.graph-toolbar", setupToolbar);
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
  /* New content in place of the old (`studywiki serve`, site.js): its graphs drawn, the old ones let go. */
  doc.addEventListener("studywiki:content", function () {
    for (var i = graphs.length - 1; i >= 0; i--) if (!doc.contains(graphs[i].svg)) graphs.splice(i, 1);
    init();
  });
})();
