// Browser checks for link previews (the card site.js shows for internal links), called by run.mjs.
//
// Picks a demo note with a previewed link in its text and a previewed link to a heading (the previews are in the
// shared files previews/N.js, see generator/src/render/page_data.h), then checks hover (file:// and http://), the
// grace period onto the card, leaving, no cards on navigation links, keyboard focus with aria-describedby, Escape,
// blur, narrow screens, scrolling, malformed and missing preview files and touch input.
// Screenshots: preview-light.png, preview-dark.png.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const CARD = ".sw-preview";

// FNV-1a 32 of the UTF-8 bytes: the shard of a page's path from the site root
function shardOf(p, shards) {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(p, "utf8")) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h % shards;
}

// Every previews/N.js of the site, merged: {path: {t, x, s}}; bad files listed in `malformed`.
function loadShards(site, malformed) {
  const dir = path.join(site, "previews"), all = {};
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    const m = /^swPreviewsAdd\(([\s\S]*)\);\n$/.exec(text);
    let data = null;
    try { data = m && JSON.parse(m[1]); } catch { data = null; }
    if (!data || typeof data !== "object") { malformed.push(`previews/${f}`); continue; }
    for (const [k, v] of Object.entries(data)) {
      if (`${shardOf(k, fs.readdirSync(dir).length)}.js` !== f) malformed.push(`previews/${f}: ${k} belongs elsewhere`);
      all[k] = v;
    }
  }
  return all;
}

// The previews a page's links show, keyed by href as it stands in the page (what the page carried inline before
// the previews moved to shared files): {href: {title, section, text}}, resolved the way site.js resolves them.
function payloadOf(html, rel, shards) {
  const data = {}, base = new URL("http://site/" + rel.split(path.sep).join("/"));
  const here = decodeURIComponent(base.pathname.slice(1));
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
    const href = m[1].replace(/&amp;/g, "&");
    let u;
    try { u = new URL(href, base); } catch { continue; }
    if (u.origin !== "http://site") continue;
    let p, id;
    try { p = decodeURIComponent(u.pathname.slice(1)); id = decodeURIComponent(u.hash.slice(1)); } catch { continue; }
    const d = shards[p];
    if (!d || typeof d.t !== "string") continue;
    const sec = id && d.s && Object.prototype.hasOwnProperty.call(d.s, id) ? d.s[id] : null;
    if (sec) data[href] = { title: d.t, section: sec[0], text: sec[1] };
    else if (p !== here && (d.t || d.x)) data[href] = { title: d.t, section: "", text: d.x || "" };
  }
  return data;
}

function htmlFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) htmlFiles(p, out);
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

// hrefs of links inside the note text (not in the aside, not in an svg)
function contentHrefs(html) {
  const start = html.indexOf('<div class="content">'), end = html.indexOf('<footer class="note-footer">');
  if (start < 0 || end < start) return [];
  return [...html.slice(start, end).matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
}

// A note page with a previewed link in its text and a previewed link to a heading; prefers Redis 持久化.
function pickPage(site, check) {
  const files = htmlFiles(site);
  const malformed = [], shards = loadShards(site, malformed);
  let withPreviews = 0, inline = [], best = null;
  for (const file of files) {
    const html = fs.readFileSync(file, "utf8");
    if (html.includes('id="sw-previews"')) inline.push(path.relative(site, file));
    if (!/<body class="kind-note"/.test(html)) continue;
    const data = payloadOf(html, path.relative(site, file), shards);
    const hrefs = contentHrefs(html).filter((h) => Object.prototype.hasOwnProperty.call(data, h));
    if (hrefs.length) withPreviews++;
    const plain = hrefs.find((h) => !data[h].section && data[h].title && data[h].text && !h.startsWith("#"));
    const section = hrefs.find((h) => data[h].section && !h.startsWith("#"));
    if (!plain || !section) continue;
    const cand = { file, rel: path.relative(site, file), data, plain, section };
    if (!best || /redis-持久化\.html$/.test(file)) best = cand;
  }
  check("the preview files cover links in the demo wiki's note pages", withPreviews >= 10, `${withPreviews} pages with a previewed link`);
  check("every preview file is one valid swPreviewsAdd call, each page in its own shard", malformed.length === 0, malformed.join(", "));
  check("no page carries an inline preview payload", inline.length === 0, inline.join(", "));
  check("a demo note links to a previewed note and a previewed heading", !!best);
  return best;
}

// A file server; preview files requested by a page opened with ?broken (a script that does not parse),
// ?garbage (a call with wrong data) or ?missing (404) are served that way; `served` counts those.
function serve(root) {
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".xml": "application/xml" };
  const served = { broken: 0, garbage: 0, missing: 0 };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, "http://x");
    let file;
    try { file = path.join(root, path.normalize(decodeURIComponent(u.pathname))); } catch { file = ""; }
    if (!file.startsWith(root + path.sep) && file !== root) { res.writeHead(403); res.end(); return; }
    if (file.endsWith(path.sep)) file = path.join(file, "index.html");
    const mode = /\/previews\/\d+\.js$/.test(u.pathname) && (/\?(broken|garbage|missing)$/.exec(req.headers.referer || "") || [])[1];
    if (mode === "missing") { served.missing++; res.writeHead(404); res.end("not found"); return; }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end("not found"); return; }
      if (mode === "broken") { served.broken++; body = Buffer.from('swPreviewsAdd({"a":'); }
      if (mode === "garbage") {
        served.garbage++;
        const keys = Object.keys(JSON.parse(/^swPreviewsAdd\(([\s\S]*)\);\n$/.exec(body.toString("utf8"))[1]));
        const bad = Object.fromEntries(keys.map((k, i) => [k, [{ t: 5, x: {}, s: [] }, "text", null, { s: { x: 1 } }][i % 4]]));
        body = Buffer.from(`swPreviewsAdd(${JSON.stringify(bad)}); swPreviewsAdd("x"); swPreviewsAdd(null); swPreviewsAdd();`);
      }
      res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
  server.served = served;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export async function previewChecks({ browser, site, check, attempt, tmp, shots }) {
  async function shot(page, name) {
    const file = path.join(tmp, name);
    await page.waitForTimeout(200); // let the card's fade-in finish
    await page.screenshot({ path: file });
    shots.push(file);
  }
  const pick = pickPage(site, check);
  if (!pick) return;
  const { data, plain, section } = pick;
  const sel = (href) => `.content a[href=${JSON.stringify(href)}]`;
  const fileUrl = pathToFileURL(pick.file).href;

  const errors = [];
  function watch(page) {
    page.setDefaultTimeout(10000);
    page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: console: ${m.text()}`); });
    page.on("pageerror", (e) => { errors.push(`${page.url()}: ${e.message}`); });
    return page;
  }
  const card = (page) => page.evaluate((s) => {
    const c = document.querySelector(s);
    if (!c) return { shown: false, exists: false };
    const r = c.getBoundingClientRect();
    return {
      exists: true, shown: !c.hidden && getComputedStyle(c).display !== "none" && r.width > 0 && r.height > 0,
      id: c.id, role: c.getAttribute("role"), text: c.textContent,
      title: (c.querySelector(".sw-preview-title") || c).textContent,
      rect: { left: r.left, right: r.right, top: r.top, bottom: r.bottom }, vw: document.documentElement.clientWidth, vh: innerHeight,
    };
  }, CARD);
  const until = (page, shown, timeout = 3000) => page.waitForFunction(([s, want]) => {
    const c = document.querySelector(s);
    return (!!c && !c.hidden) === want;
  }, [CARD, shown], { timeout }).then(() => true, () => false);
  // the pointer on the middle of the link's first line box (a wrapped link's bounding box may miss it)
  async function hover(page, selector) {
    const el = await page.$(selector);
    await el.scrollIntoViewIfNeeded();
    const r = await el.evaluate((a) => { const b = a.getClientRects()[0]; return { x: b.left + b.width / 2, y: b.top + b.height / 2, top: b.top, bottom: b.bottom }; });
    await page.mouse.move(r.x, r.y, { steps: 2 });
    return r;
  }
  const describedBy = (page, selector) => page.$eval(selector, (a) => a.getAttribute("aria-describedby"));
  // The local graph graph.js drew from graphs/N.js, against the drawing in that file.
  const drawing = (() => {
    const key = pick.rel.split(path.sep).join("/"), dir = path.join(site, "graphs");
    const shards = fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
    if (!shards) return null;
    const text = fs.readFileSync(path.join(dir, `${shardOf(key, shards)}.js`), "utf8");
    return (JSON.parse(/^swGraphsAdd\(([\s\S]*)\);\n$/.exec(text)[1]))[key] || null;
  })();
  // The explorer, drawn from assets/nav.js before the page shows: every top-level folder of the demo, the
  // note itself marked as the current page, its row drawn from its top folder's notes in nav/SHARD.js, which
  // the page loads, with no loading row left (tests/browser/explorer.mjs checks the rest).
  const topFolders = fs.readdirSync(site, { withFileTypes: true }).filter((e) => e.isDirectory() && fs.existsSync(path.join(site, e.name, "index.html")) && e.name !== "tags").length;
  async function navShows(page, how) {
    await page.waitForFunction(() => !document.querySelector(".site-nav li.loading"), null, { timeout: 5000 }).catch(() => {});
    const nav = await page.evaluate(() => ({
      loading: document.querySelectorAll(".site-nav li.loading").length,
      shards: [...document.querySelectorAll('script[src*="nav/"]')].map((s) => s.getAttribute("src").replace(/^.*\//, "")),
      currentRow: [...document.querySelectorAll(".site-nav a[aria-current=page]")].map((a) => a.parentElement.className).join(),
      tops: [...document.querySelectorAll(".site-nav ul.tree > li.dir > .row > a")].map((a) => ({
        href: a.href, title: (a.querySelector(".nav-title") || {}).textContent, count: +(a.querySelector(".count") || {}).textContent })),
      current: [...document.querySelectorAll(".site-nav a[aria-current=page]")].map((a) => a.href) }));
    const here = page.url().split("#")[0];
    check(`nav: the explorer lists the top-level folders and marks the note (${how})`, nav.tops.length === topFolders &&
      nav.tops.every((n) => n.title && n.count > 0 && n.href.endsWith("/index.html")) && nav.current.length === 1 && nav.current[0] === here,
      JSON.stringify({ tops: nav.tops.slice(0, 3), count: nav.tops.length, topFolders, current: nav.current, here }));
    check(`nav: the note's row comes from a nav/SHARD.js the page loaded, none still loading (${how})`, nav.currentRow === "file" &&
      nav.shards.length >= 1 && nav.shards.length <= 2 && nav.shards.every((s) => /^\d+\.js$/.test(s)) && nav.loading === 0, JSON.stringify(nav));
  }
  async function localGraphShows(page, how) {
    const g = await page.evaluate(() => {
      const svg = document.querySelector("svg.graph[data-kind=local]");
      if (!svg) return null;
      const r = svg.getBoundingClientRect(), label = svg.querySelector("a.node.current text");
      return { nodes: svg.querySelectorAll("a.node").length, circles: svg.querySelectorAll("a.node circle").length,
        edges: svg.querySelectorAll("line.edge").length, current: svg.querySelectorAll("a.node.current").length,
        currentLabel: label ? label.textContent : "", w: r.width, h: r.height, interactive: !!svg.__swGraph };
    });
    check(`local graph: the note page draws its local graph (${how})`, !!g && !!drawing && g.nodes === drawing.n.length && g.circles === g.nodes &&
      g.edges === drawing.e.length && g.current === 1 && g.w > 100 && g.h > 50 && g.interactive, JSON.stringify({ g, want: drawing && { n: drawing.n.length, e: drawing.e.length } }));
  }
  const wantTitle = data[plain].title, wantSection = `${data[section].title} › ${data[section].section}`;

  // ---------- file:// ----------
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  try {
    await page.goto(fileUrl, { waitUntil: "load" });
    await attempt("local graph (file://)", () => localGraphShows(page, "file://"));
    await attempt("nav (file://)", () => navShows(page, "file://"));
    await attempt("preview on hover (file://)", async () => {
      check(`previews: no card before hovering (${pick.rel})`, !(await card(page)).shown);
      await page.mouse.move(5, 5);
      const at = await hover(page, sel(plain));
      const shown = await until(page, true);
      const st = await card(page);
      check(`previews: hovering "${plain}" shows a card (file://)`, shown && st.shown, JSON.stringify(st));
      check("previews: the card shows the target's title and text", st.title === wantTitle && st.text.includes(data[plain].text.slice(0, 20)), `"${st.title}" vs "${wantTitle}"`);
      check("previews: the card is a role=tooltip the link's aria-describedby names", st.role === "tooltip" && !!st.id && (await describedBy(page, sel(plain))) === st.id,
        `role ${st.role}, id ${st.id}, aria-describedby ${await describedBy(page, sel(plain))}`);
      check("previews: the card sits next to the link, inside the viewport", st.rect && (st.rect.top >= at.bottom - 1 || st.rect.bottom <= at.top + 1) &&
        st.rect.left >= 0 && st.rect.right <= st.vw && st.rect.top >= 0 && st.rect.bottom <= st.vh, JSON.stringify({ card: st.rect, link: at }));
      await shot(page, "preview-light.png");
      // the pointer may cross the gap between link and card and rest on the card
      // (one move with steps: a slow machine must not spend the hide delay between two calls)
      await page.mouse.move((st.rect.left + st.rect.right) / 2, (st.rect.top + st.rect.bottom) / 2, { steps: 4 });
      await page.waitForTimeout(500);
      check("previews: the card stays while the pointer is on it", (await card(page)).shown);
      await page.mouse.move(5, 5);
      const gone = await until(page, false);
      check("previews: moving the pointer away hides the card", gone && !(await card(page)).shown);
      check("previews: a hidden card is no longer in aria-describedby", !(await describedBy(page, sel(plain))));
    });

    await attempt("preview of a heading", async () => {
      await hover(page, sel(section));
      const shown = await until(page, true);
      const st = await card(page);
      check("previews: a link to a heading shows the page title › section", shown && st.title === wantSection, `"${st.title}" vs "${wantSection}"`);
      await page.mouse.move(5, 5);
      await until(page, false);
    });

    await attempt("preview above a link at the bottom", async () => {
      await page.$eval(sel(plain), (a) => a.scrollIntoView({ block: "end", behavior: "instant" }));
      const r = await page.$eval(sel(plain), (a) => { const b = a.getClientRects()[0]; return { x: b.left + b.width / 2, y: b.top + b.height / 2, top: b.top, vh: innerHeight }; });
      await page.mouse.move(r.x, r.y, { steps: 2 });
      const shown = await until(page, true);
      const st = await card(page);
      check("previews: at the bottom of the window the card opens above the link", shown && r.vh - r.top < 120 && st.rect.bottom <= r.top && st.rect.top >= 0,
        JSON.stringify({ card: st.rect, link: r }));
      await page.mouse.move(5, 5);
      await until(page, false);
    });

    await attempt("no previews in navigation", async () => {
      const navHref = await page.evaluate((keys) => {
        const a = [...document.querySelectorAll("nav a[href]")].find((x) => keys.includes(x.getAttribute("href")));
        return a ? a.getAttribute("href") : null;
      }, Object.keys(data));
      if (!navHref) return;
      await hover(page, `nav a[href=${JSON.stringify(navHref)}]`);
      await page.waitForTimeout(600);
      check(`previews: a navigation link ("${navHref}") shows no card`, !(await card(page)).shown);
      await page.mouse.move(5, 5);
      const brand = await page.$eval("a.brand", (a) => a.getAttribute("href")).catch(() => null);
      if (brand && Object.prototype.hasOwnProperty.call(data, brand)) {
        await hover(page, "a.brand");
        await page.waitForTimeout(600);
        check("previews: the sidebar's site link shows no card", !(await card(page)).shown);
      }
      await page.mouse.move(5, 5);
    });

    await attempt("preview on keyboard focus", async () => {
      await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
      await page.mouse.move(5, 5);
      check("previews: no card before tabbing", !(await card(page)).shown);
      let href = null;
      // Tab through the page until a previewed link in the note text has focus; on the way, every
      // previewed link outside navigation must show its card, and only those
      const wrong = [];
      for (let i = 0; i < 150 && !href; i++) {
        await page.keyboard.press("Tab");
        const f = await page.evaluate(([keys, s]) => {
          const a = document.activeElement, c = document.querySelector(s);
          const ok = !!a && a.nodeName === "A" && !!a.closest("main") && !a.closest("svg, nav, .toc") && keys.includes(a.getAttribute("href"));
          return { href: ok ? a.getAttribute("href") : null, text: ok && !!a.closest(".content"), card: !!c && !c.hidden, what: a ? a.outerHTML.slice(0, 80) : "" };
        }, [Object.keys(data), CARD]);
        if (f.card !== !!f.href) wrong.push(`${f.card ? "card" : "no card"} on ${f.what}`);
        if (f.text) href = f.href;
      }
      check("previews: Tab shows cards on previewed links only", wrong.length === 0, wrong.slice(0, 3).join("; "));
      if (!check("previews: Tab reaches a previewed link in the text", !!href)) return;
      const st = await card(page);
      const dby = await page.evaluate(() => document.activeElement.getAttribute("aria-describedby"));
      check(`previews: Tab-focusing "${href}" shows its card at once`, st.shown && st.title.startsWith(data[href].title), JSON.stringify(st));
      check("previews: the focused link's aria-describedby names the card", !!dby && dby === st.id, `${dby} vs ${st.id}`);
      // a card opened from the keyboard follows its link when the page scrolls (style.top: the fade-in's transform aside;
      // the link may still be moving from the smooth scroll that focusing started)
      const gapOf = () => page.evaluate((s) => {
        const r = document.activeElement.getClientRects()[0];
        return { link: r.top, gap: parseFloat(document.querySelector(s).style.top) - r.bottom };
      }, CARD);
      // let the smooth scroll that focusing started come to rest first (a slow machine is still moving)
      await page.waitForFunction(() => new Promise((done) => {
        const y = scrollY;
        setTimeout(() => done(scrollY === y), 150);
      }), null, { timeout: 5000 }).catch(() => {});
      const g0 = await gapOf();
      const dy = await page.evaluate(() => { const d = scrollY > 10 ? -4 : 4; scrollBy({ top: d, behavior: "instant" }); return d; });
      const followed = await page.waitForFunction(([s, gap]) => {
        const r = document.activeElement.getClientRects()[0];
        return Math.abs(parseFloat(document.querySelector(s).style.top) - r.bottom - gap) <= 1;
      }, [CARD, g0.gap], { timeout: 2000 }).then(() => true, () => false);
      const g1 = await gapOf();
      check("previews: a keyboard-opened card follows its link on scroll", followed && Math.abs(g1.link - g0.link) >= 3 && (await card(page)).shown,
        `${JSON.stringify(g0)} -> ${JSON.stringify(g1)}, scrolled ${dy}`);
      await page.keyboard.press("Escape");
      const est = await card(page);
      check("previews: Escape hides the card", !est.shown);
      check("previews: after Escape the link has no aria-describedby", !(await page.evaluate(() => document.activeElement.getAttribute("aria-describedby"))));
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      check("previews: focusing the link again shows the card again", (await card(page)).shown);
      await page.evaluate(() => document.activeElement.blur());
      check("previews: blur hides the card", !(await card(page)).shown);
    });

    await attempt("preview on a narrow screen", async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.mouse.move(1, 1);
      await hover(page, sel(plain));
      const shown = await until(page, true);
      const st = await card(page);
      check("previews: on a 360 px screen the card fits the width", shown && st.rect.left >= 0 && st.rect.right <= st.vw, JSON.stringify(st.rect));
      // a few pixels, so the link stays under the pointer and only the scroll can hide the card
      await page.evaluate(() => scrollBy({ top: scrollY > 10 ? -4 : 4, behavior: "instant" }));
      check("previews: scrolling hides a hover card", await until(page, false, 1000));
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await attempt("dark screenshot", async () => {
      await page.emulateMedia({ colorScheme: "dark" });
      await page.mouse.move(5, 5);
      await hover(page, sel(plain));
      await until(page, true);
      await shot(page, "preview-dark.png");
      await page.emulateMedia({ colorScheme: "light" });
    });
  } finally {
    await ctx.close();
  }

  // ---------- http:// ----------
  const server = await serve(path.resolve(site));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const relUrl = pick.rel.split(path.sep).map(encodeURIComponent).join("/");
  const hctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const hp = watch(await hctx.newPage());
    await attempt("preview on hover (http://)", async () => {
      const resp = await hp.goto(base + relUrl, { waitUntil: "load" });
      check("previews: the test server serves the note", resp && resp.status() === 200, resp && String(resp.status()));
      check("previews: no card before hovering (http://)", !(await card(hp)).shown);
      await hover(hp, sel(plain));
      const shown = await until(hp, true);
      const st = await card(hp);
      check(`previews: hovering "${plain}" shows a card (http://)`, shown && st.title === wantTitle, JSON.stringify(st));
      await localGraphShows(hp, "http://");
      await navShows(hp, "http://");
    });
    for (const mode of ["broken", "garbage", "missing"]) {
      await attempt(`${mode} preview file`, async () => {
        const before = errors.length, count = server.served[mode];
        await hp.goto(base + relUrl + "?" + mode, { waitUntil: "load" });
        await hover(hp, sel(plain));
        await hp.waitForTimeout(600);
        check(`previews: the ${mode} preview file was served`, server.served[mode] > count);
        const own = errors.slice(before).filter((e) => !(mode === "missing" && /404/.test(e)));
        check(`previews: a ${mode} preview file shows no card and no error`, !(await card(hp)).shown && own.length === 0, errors.slice(before).join("; "));
        errors.splice(before);
        await hp.mouse.move(5, 5);
      });
    }
  } finally {
    await hctx.close();
    await new Promise((r) => server.close(r));
  }

  // ---------- touch ----------
  const tctx = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
  try {
    const tp = watch(await tctx.newPage());
    await attempt("touch", async () => {
      await tp.goto(fileUrl, { waitUntil: "load" });
      // keep the tapped link from navigating, so a card it might open would still be there
      await tp.evaluate(() => document.addEventListener("click", (e) => {
        e.preventDefault();
        const a = e.target.closest("a");
        window.__swTapped = a ? a.getAttribute("href") : "";
      }));
      const el = await tp.$(sel(plain));
      await el.scrollIntoViewIfNeeded();
      const r = await el.evaluate((a) => { const b = a.getClientRects()[0]; return { x: b.left + b.width / 2, y: b.top + b.height / 2 }; });
      await tp.touchscreen.tap(r.x, r.y);
      await tp.waitForTimeout(700);
      const tapped = await tp.evaluate(() => window.__swTapped || "");
      check("previews: the tap reached the link (touch)", tapped === plain, `clicked "${tapped}"`);
      const st = await card(tp);
      check("previews: tapping a link on a touch screen shows no card", !st.shown, JSON.stringify(st));
    });
  } finally {
    await tctx.close();
  }

  check("previews: no console or page errors", errors.length === 0, errors.join("\n  "));
}
