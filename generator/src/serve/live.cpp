// The live-reload script `serve` adds to the pages it serves (never to the
// files in the output folder): while the page is visible it listens to the
// server's build events, shows the page's new text when its own file changed
// (its <main> swapped in place when the theme allows, else a reload that keeps
// the scroll position), reloads every page when a shared stylesheet or script
// changed, and shows a failed build's errors over the page until a good build.
#include <string>

#include "serve/serve.h"

namespace studywiki::serve {

const std::string& live_script() {
  static const std::string script = R"JS((function () {
  "use strict";
  var me = document.currentScript;
  var base = (me && me.getAttribute("data-base")) || "/";
  var events = (me && me.getAttribute("data-events")) || "/__studywiki/events";
  // The server's build count when it served this page, then the last build heard of: the
  // stream starts after it, so a build that ended while the page was loading, or while it
  // was hidden, still reaches it (the browser's own reconnects send Last-Event-ID).
  var since = me && me.getAttribute("data-since");
  var KEY = "studywiki-live-scroll:" + location.pathname;
  // Back after a reload: where the reader was.
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      var y = +saved, moved = false;
      // Again once the theme's scripts have laid the page out (a collapsed table of contents; the
      // browser's scroll anchoring then moves the page by itself) and once it is taller (images,
      // fonts), unless the reader has scrolled meanwhile.
      var restore = function () {
        if (!moved) window.scrollTo({ top: y, behavior: "instant" });
      };
      var mine = function () { moved = true; };
      var opts = { capture: true, passive: true };
      window.addEventListener("wheel", mine, opts);
      window.addEventListener("touchstart", mine, opts);
      window.addEventListener("keydown", mine, opts);
      window.addEventListener("mousedown", mine, opts);
      restore();
      document.addEventListener("DOMContentLoaded", restore);
      window.addEventListener("load", restore);
    }
  } catch (e) {}
  // This page's file in the output folder ("db/redis.html", "index.html" for a folder).
  function ownFile() {
    var p;
    try { p = decodeURIComponent(location.pathname); } catch (e) { p = location.pathname; }
    if (p.indexOf(base) !== 0) return "404.html";
    p = p.slice(base.length);
    if (p === "" || p.charAt(p.length - 1) === "/") p += "index.html";
    return p;
  }
  // Stylesheets and the theme's scripts every page uses: a change reloads every page.
  function shared(path) {
    return /\.css$/.test(path) || /^assets\/[^\/]+\.js$/.test(path);
  }
  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  // The page's new version without a reload: its <main> (and title) put in place of the old,
  // when the theme's scripts can set up new content (the built-in site.js sets swLiveSwap and
  // listens to "studywiki:content") and the new version loads the same stylesheets and
  // scripts. Else, or on any failure, a reload. A newer change while one is fetched fetches again.
  // Its stylesheets and scripts, less the data files the theme's scripts add as they need them.
  function assets(d) {
    var list = d.querySelectorAll("link[rel~=stylesheet][href], script[src]"), out = [];
    for (var i = 0; i < list.length; i++) {
      var url = list[i].getAttribute("href") || list[i].getAttribute("src");
      if (!/(^|\/)(search|previews|graphs|nav)\/[^\/]*\.js(\?|$)/.test(url)) out.push(url);
    }
    return out.join("\n");
  }
  var loaded = assets(document);  // now, before the deferred scripts run
  var fetching = false, again = false;
  function refresh() {
    var main = document.querySelector("main");
    if (!window.swLiveSwap || !window.fetch || !window.DOMParser || !main) { reload(); return; }
    if (fetching) { again = true; return; }
    fetching = true;
    fetch(location.href.split("#")[0], { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    }).then(function (html) {
      fetching = false;
      if (again) { again = false; refresh(); return; }
      var d = new DOMParser().parseFromString(html, "text/html");
      var fresh = d.querySelector("main"), now = document.querySelector("main");
      if (!fresh || !now || d.querySelectorAll("main").length !== 1 || assets(d) !== loaded) { reload(); return; }
      document.title = d.title;
      document.body.className = d.body.className;
      now.parentNode.replaceChild(document.adoptNode(fresh), now);
      var ev;
      try { ev = new Event("studywiki:content"); } catch (e) { ev = document.createEvent("Event"); ev.initEvent("studywiki:content", false, false); }
      document.dispatchEvent(ev);
      window.__studywikiSwaps = (window.__studywikiSwaps || 0) + 1;
    })["catch"](function () { fetching = false; reload(); });
  }
  var OVERLAY = "studywiki-live-overlay";
  function showFailures(failures) {
    var old = document.getElementById(OVERLAY);
    if (!failures || !failures.length) { if (old) old.remove(); return; }
    var box = old || document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1em 1.25em;background:#2b0b0b;color:#ffdede;border-top:4px solid #e5484d;" +
      "font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 24px rgba(0,0,0,.4)";
    box.textContent = "";
    var head = document.createElement("strong");
    head.textContent = "studywiki: the build failed; fix it and save, this goes away on the next good build";
    var list = document.createElement("pre");
    list.style.cssText = "margin:.5em 0 0;white-space:pre-wrap;font:inherit";
    list.textContent = failures.join("\n");
    box.appendChild(head);
    box.appendChild(list);
    if (!old) (document.body || document.documentElement).appendChild(box);
  }
  if (!window.EventSource) return;
  // Only a visible page listens: a browser opens at most six connections to one server
  // (HTTP/1.1), and background tabs each holding an event stream would use them up.
  var source = null;
  function listen() {
    if (source || document.visibilityState === "hidden") return;
    source = new EventSource(events + (since ? "?since=" + encodeURIComponent(since) : ""));
    source.addEventListener("open", function () { window.__studywikiLive = true; });
    source.addEventListener("state", function (e) {
      try { showFailures(JSON.parse(e.data).failures); } catch (err) {}
    });
    source.addEventListener("build", function (e) {
      if (e.lastEventId) since = e.lastEventId;
      var msg;
      try { msg = JSON.parse(e.data); } catch (err) { return; }
      showFailures(msg.failures);
      if (msg.reload) { reload(); return; }
      var mine = ownFile(), changed = msg.changed || [];
      for (var i = 0; i < changed.length; i++) {
        if (shared(changed[i])) { reload(); return; }
      }
      for (i = 0; i < changed.length; i++) {
        if (changed[i] === mine) { refresh(); return; }
      }
    });
  }
  function stop() {
    if (!source) return;
    source.close();
    source = null;
    window.__studywikiLive = false;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") stop(); else listen();
  });
  window.addEventListener("pagehide", stop);
  window.addEventListener("pageshow", listen);  // back from the back-forward cache
  listen();
})();
)JS";
  return script;
}

std::string inject_live_script(std::string html, const std::string& script_url, const std::string& base_path,
                               uint64_t generation) {
  auto attr = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '&') out += "&amp;";
      else if (c == '"') out += "&quot;";
      else if (c == '<') out += "&lt;";
      else out += c;
    }
    return out;
  };
  const std::string tag =
      "<script src=\"" + attr(script_url) + "\" data-base=\"" + attr(base_path) + "\" data-since=\"" +
      std::to_string(generation) + "\"></script>\n";
  // Before the last </body>, whatever its case; at the end when there is none.
  size_t at = std::string::npos;
  for (size_t i = html.size(); i >= 7; --i) {
    const size_t p = i - 7;
    if (html[p] == '<' && html[p + 1] == '/') {
      std::string word = html.substr(p + 2, 4);
      for (char& c : word) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (word == "body" && html[p + 6] == '>') {
        at = p;
        break;
      }
    }
  }
  if (at == std::string::npos) html += tag;
  else html.insert(at, tag);
  return html;
}

}  // namespace studywiki::serve
