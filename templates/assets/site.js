/* studywiki built-in theme: math, theme toggle, TOC, code blocks. Plain ES5, works from file://. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement, KEY = "studywiki-theme";

  function each(sel, fn, ctx) {
    var list = (ctx || doc).querySelectorAll(sel);
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  /* Math: render TeX with KaTeX when it is loaded; otherwise the raw TeX stays visible. */
  function renderMath() {
    var k = window.katex;
    if (!k || typeof k.render !== "function") return;
    each(".math-inline, .math-display", function (el) {
      if (el.getAttribute("data-tex") !== null) return;
      var tex = el.textContent;
      try {
        k.render(tex, el, { displayMode: el.classList.contains("math-display"), throwOnError: false });
        el.setAttribute("data-tex", tex);
      } catch (e) { /* keep raw TeX */ }
    });
  }

  /* Theme toggle: light/dark override of prefers-color-scheme, remembered in localStorage. */
  function setupTheme() {
    var btn = doc.querySelector(".theme-toggle");
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
  function setupToc() {
    var box = doc.querySelector(".toc-box");
    if (!box) return;
    var wide = window.matchMedia ? window.matchMedia("(min-width: 1200px)") : null;
    function sync() { box.open = !wide || wide.matches; }
    sync();
    if (wide) {
      if (wide.addEventListener) wide.addEventListener("change", sync);
      else if (wide.addListener) wide.addListener(sync);
    }
    box.addEventListener("toggle", function () { if (wide && wide.matches && !box.open) box.open = true; });

    var links = box.querySelectorAll(".toc-list a"), items = [];
    for (var i = 0; i < links.length; i++) {
      var id = (links[i].getAttribute("href") || "").slice(1), h = null;
      try { id = decodeURIComponent(id); } catch (e) { /* use as is */ }
      if (id) h = doc.getElementById(id);
      if (h) items.push({ a: links[i], h: h });
    }
    if (!items.length) return;
    var current = null, ticking = false;
    function update() {
      ticking = false;
      var pick = items[0];
      for (var j = 0; j < items.length; j++) {
        if (items[j].h.getBoundingClientRect().top <= 90) pick = items[j]; else break;
      }
      if ((window.innerHeight + window.pageYOffset) >= doc.body.scrollHeight - 2) pick = items[items.length - 1];
      if (pick === current) return;
      if (current) { current.a.classList.remove("active"); current.a.removeAttribute("aria-current"); }
      current = pick;
      current.a.classList.add("active");
      current.a.setAttribute("aria-current", "location");
    }
    window.addEventListener("scroll", function () {
      if (!ticking) { ticking = true; (window.requestAnimationFrame || setTimeout)(update); }
    }, { passive: true });
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
      btn.textContent = "复制";
      btn.setAttribute("aria-label", "复制代码");
      btn.addEventListener("click", function () {
        var text = code.textContent;
        function done(ok) {
          btn.textContent = ok ? "已复制" : "复制失败";
          setTimeout(function () { btn.textContent = "复制"; }, 1500);
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

  function init() {
    renderMath();
    setupTheme();
    setupToc();
    setupCode();
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
  /* KaTeX may arrive after us if scripts were reordered; try once more when everything has loaded. */
  window.addEventListener("load", renderMath);
})();
