// Browser checks for link previews (the card site.js shows for internal links), called by run.mjs.
//
// Picks a demo note whose embedded <script id="sw-previews"> payload covers a link in the text and a
// link to a heading, then checks hover (file:// and http://), the grace period onto the card, leaving,
// no cards on navigation links, keyboard focus with aria-describedby, Escape, blur, narrow screens,
// scrolling, a malformed payload and touch input. Screenshots: preview-light.png, preview-dark.png.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const CARD = ".sw-preview";

function payloadOf(html) {
  const m = /<script type="application\/json" id="sw-previews">([\s\S]*?)<\/script>/.exec(html);
  if (!m) return null;
  try { return JSON.parse(m[1]); } catch { return undefined; }
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
  let withPayload = 0, malformed = [], best = null;
  for (const file of files) {
    const html = fs.readFileSync(file, "utf8");
    const data = payloadOf(html);
    if (data === undefined) malformed.push(path.relative(site, file));
    if (!data) continue;
    withPayload++;
    if (html.split('id="sw-previews"').length !== 2) malformed.push(path.relative(site, file) + " (more than one payload)");
    if (!/<body class="kind-note"/.test(html)) continue;
    const hrefs = contentHrefs(html).filter((h) => Object.prototype.hasOwnProperty.call(data, h));
    const plain = hrefs.find((h) => !data[h].section && data[h].title && data[h].text && !h.startsWith("#"));
    const section = hrefs.find((h) => data[h].section && !h.startsWith("#"));
    if (!plain || !section) continue;
    const cand = { file, rel: path.relative(site, file), data, plain, section };
    if (!best || /redis-持久化\.html$/.test(file)) best = cand;
  }
  check("the demo wiki embeds link previews in note pages", withPayload >= 10, `${withPayload} pages with a payload`);
  check("every preview payload is one valid JSON script", malformed.length === 0, malformed.join(", "));
  check("a demo note links to a previewed note and a previewed heading", !!best);
  return best;
}

function serve(root) {
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".xml": "application/xml" };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, "http://x");
    let file;
    try { file = path.join(root, path.normalize(decodeURIComponent(u.pathname))); } catch { file = ""; }
    if (!file.startsWith(root + path.sep) && file !== root) { res.writeHead(403); res.end(); return; }
    if (file.endsWith(path.sep)) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end("not found"); return; }
      // ?broken: the page with a malformed payload
      if (u.search === "?broken") body = Buffer.from(body.toString("utf8").replace(/(id="sw-previews">)[\s\S]*?(<\/script>)/, "$1{\"a\":$2"));
      res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
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
  const wantTitle = data[plain].title, wantSection = `${data[section].title} › ${data[section].section}`;

  // ---------- file:// ----------
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  try {
    await page.goto(fileUrl, { waitUntil: "load" });
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
    });
    await attempt("malformed payload", async () => {
      const before = errors.length;
      await hp.goto(base + relUrl + "?broken", { waitUntil: "load" });
      check("previews: the malformed-payload page really is malformed", await hp.evaluate(() => {
        try { JSON.parse(document.getElementById("sw-previews").textContent); return false; } catch { return true; }
      }));
      await hover(hp, sel(plain));
      await hp.waitForTimeout(600);
      check("previews: a malformed payload shows no card and no error", !(await card(hp)).shown && errors.length === before, errors.slice(before).join("; "));
    });
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
