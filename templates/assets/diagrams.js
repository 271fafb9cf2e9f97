/* studywiki built-in theme: Mermaid diagrams. Loaded only on pages that have a ```mermaid block (rendered as
   <pre class="mermaid">SOURCE</pre>), after assets/mermaid/mermaid.min.js, which sets window.mermaid: a plain
   script, so this works from file:// too. Diagrams follow the light/dark theme (site.js's toggle sets data-theme on
   <html>, else the system's preference) and are drawn again when it changes. Without Mermaid the source stays. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  var blocks = Array.prototype.slice.call(doc.querySelectorAll("pre.mermaid"));
  var mq = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  if (!blocks.length) return;
  blocks.forEach(function (pre) { pre.setAttribute("data-source", pre.textContent); });

  function dark() {
    var t = root.getAttribute("data-theme");
    return t === "dark" || (t !== "light" && !!(mq && mq.matches));
  }

  var drawn = null, busy = false, again = false;
  function draw() {
    var m = window.mermaid;
    if (!m) return;
    var theme = dark() ? "dark" : "default";
    if (theme === drawn) return;
    if (busy) { again = true; return; }
    busy = true;
    drawn = theme;
    m.initialize({ startOnLoad: false, theme: theme, securityLevel: "strict", suppressErrorRendering: true });
    blocks.forEach(function (pre) {
      pre.removeAttribute("data-processed");
      pre.classList.remove("mermaid-error");
      pre.textContent = pre.getAttribute("data-source");
    });
    function done() {
      blocks.forEach(function (pre) {
        var svg = pre.querySelector("svg");
        if (svg) {
          pre.classList.add("mermaid-drawn");
          svg.setAttribute("role", "img");
          if (!svg.getAttribute("aria-label")) svg.setAttribute("aria-label", "Mermaid diagram");
        } else {
          /* Mermaid could not parse it: show the source as written, not Mermaid's error bomb. */
          pre.classList.remove("mermaid-drawn");
          pre.classList.add("mermaid-error");
          pre.textContent = pre.getAttribute("data-source");
        }
      });
      busy = false;
      if (again) { again = false; draw(); }
    }
    var p;
    try { p = m.run({ nodes: blocks, suppressErrors: true }); } catch (e) { p = null; }
    if (p && p.then) p.then(done, done); else done();
  }

  if (window.MutationObserver) {
    new MutationObserver(draw).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  }
  if (mq) {
    if (mq.addEventListener) mq.addEventListener("change", draw);
    else if (mq.addListener) mq.addListener(draw);
  }
  draw();
  if (!window.mermaid) window.addEventListener("load", draw);
  /* New content in place of the old (`studywiki serve`, site.js): its diagrams drawn. */
  doc.addEventListener("studywiki:content", function () {
    blocks = Array.prototype.slice.call(doc.querySelectorAll("pre.mermaid"));
    blocks.forEach(function (pre) { if (!pre.hasAttribute("data-source")) pre.setAttribute("data-source", pre.textContent); });
    drawn = null;
    draw();
  });
})();
