// The GitHub Pages deploy, end to end: what .github/workflows/pages.yml runs.
//
//   node tests/browser/pages.mjs BINARY
//
// Runs scripts/pages-build (the workflow's one build step) with BINARY and
// --base-url https://someone.github.io/notes/, then serves the folder it made
// under /notes/ as GitHub Pages serves a project site (a folder gives its
// index.html, a missing path gives 404.html with status 404) and checks:
//   - no build state in the deploy folder (.studywiki-manifest, hidden folders); .nojekyll,
//     sitemap.xml, feed.xml there; static/CNAME kept (a copy of the demo with one);
//   - every href and src of every page resolves (zero 404s), absolute ones under
//     base_url included, and every URL of sitemap.xml and feed.xml;
//   - in chromium: a search (its index and shards loaded by <script>) finds a note and opens it,
//     the graph page draws and opens a note, and a missing page at depth 3 shows the
//     styled 404 page whose links all resolve; no request of any of them fails.
// Prints "N passed, M failed" last; exits 1 on any failure, 0 (skipped) without chromium.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { CHROMIUM, ROOT, check, finish, launch } from "./harness.mjs";

const BASE = "https://someone.github.io/notes/";
const PREFIX = "/notes/";

const binary = process.argv[2];
if (!binary) {
  console.error("usage: node tests/browser/pages.mjs BINARY");
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "studywiki-pages-"));

// ---------- the build: scripts/pages-build, on a copy of the demo with static/CNAME ----------
const site = path.join(tmp, "site");
fs.mkdirSync(site);
for (const entry of ["content", "site.yml"]) fs.cpSync(path.join(ROOT, entry), path.join(site, entry), { recursive: true });
fs.mkdirSync(path.join(site, "static"));
fs.writeFileSync(path.join(site, "static", "CNAME"), "notes.example.org\n");
const deploy = path.join(tmp, "deploy");
function pagesBuild() {
  return spawnSync(path.join(ROOT, "scripts", "pages-build"),
    ["--binary", path.resolve(binary), "--site", site, "--base-url", BASE, "--deploy", deploy], { encoding: "utf8" });
}
let r = pagesBuild();
if (!check("scripts/pages-build succeeds", r.status === 0, `exit ${r.status}\n${r.stdout}${r.stderr}`)) finish();
// A second run over the earlier copy (a developer trying it twice) replaces it.
r = pagesBuild();
if (!check("scripts/pages-build runs again over its earlier copy", r.status === 0, `exit ${r.status}\n${r.stderr}`)) finish();
check("the build itself has its manifest", fs.existsSync(path.join(site, "public", ".studywiki-manifest")));
const hidden = fs.readdirSync(deploy).filter((n) => n.startsWith("."));
check("no build state in the deploy folder (only .nojekyll is hidden)", hidden.join() === ".nojekyll", hidden.join());
for (const f of ["index.html", "404.html", "sitemap.xml", "feed.xml", "search/index.js", "graph.html"])
  check(`deploy folder has ${f}`, fs.existsSync(path.join(deploy, f)));
check("static/CNAME survives the build, byte for byte",
  fs.existsSync(path.join(deploy, "CNAME")) && fs.readFileSync(path.join(deploy, "CNAME"), "utf8") === "notes.example.org\n");
// A folder of the user's is never emptied.
const mine = path.join(tmp, "mine");
fs.mkdirSync(mine);
fs.writeFileSync(path.join(mine, "thesis.txt"), "mine");
r = spawnSync(path.join(ROOT, "scripts", "pages-build"),
  ["--binary", path.resolve(binary), "--site", site, "--base-url", BASE, "--deploy", mine], { encoding: "utf8" });
check("pages-build refuses a folder that is not an earlier copy", r.status === 2 && fs.existsSync(path.join(mine, "thesis.txt")),
  `exit ${r.status} ${r.stderr}`);

// ---------- the server: GitHub Pages' rules for a project site ----------
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
  ".woff2": "font/woff2", ".xml": "application/xml", ".pdf": "application/pdf" };
const notFound = []; // every 404 served, with the page that asked
const server = http.createServer((req, res) => {
  const u = new URL(req.url, "http://x");
  let rel;
  try { rel = decodeURIComponent(u.pathname); } catch { rel = null; }
  const send404 = () => {
    notFound.push(`${u.pathname}${req.headers.referer ? " (from " + req.headers.referer + ")" : ""}`);
    res.writeHead(404, { "content-type": types[".html"] });
    res.end(fs.readFileSync(path.join(deploy, "404.html")));
  };
  if (u.pathname === "/notes") { res.writeHead(301, { location: "/notes/" }); res.end(); return; }
  if (rel === null || !rel.startsWith(PREFIX)) return send404();
  let file = path.join(deploy, path.normalize(rel.slice(PREFIX.length)));
  if (file !== deploy && !file.startsWith(deploy + path.sep)) return send404();
  let stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat && stat.isDirectory()) {
    if (!u.pathname.endsWith("/")) { res.writeHead(301, { location: u.pathname + "/" }); res.end(); return; }
    file = path.join(file, "index.html");
    stat = fs.statSync(file, { throwIfNoEntry: false });
  }
  if (!stat || !stat.isFile()) return send404();
  res.writeHead(200, { "content-type": types[path.extname(file).toLowerCase()] || "application/octet-stream" });
  res.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
/// A URL as this server has it: base_url's own absolute URLs are this server's.
const local = (url) => (url.startsWith(BASE) ? origin + PREFIX + url.slice(BASE.length) : url);

async function status(url) {
  const res = await fetch(url, { redirect: "follow" });
  await res.arrayBuffer();
  return res.status;
}

try {
  // ---------- every href and src of every page ----------
  const pages = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) pages.push(path.relative(deploy, p).split(path.sep).join("/"));
    }
  })(deploy);
  const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const targets = new Map(); // URL without fragment -> first page linking it
  let links = 0;
  function collect(html, pageUrl) {
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const raw = unescape(m[1]);
      if (raw === "" || raw.startsWith("#") || /^(mailto|javascript|data|tel):/i.test(raw)) continue;
      const abs = new URL(local(raw), pageUrl);
      if (abs.origin !== origin) continue; // other sites (players, external links)
      abs.hash = "";
      links++;
      if (!targets.has(abs.href)) targets.set(abs.href, pageUrl);
    }
  }
  for (const rel of pages) collect(fs.readFileSync(path.join(deploy, rel), "utf8"), origin + PREFIX + encodeURI(rel));
  // The 404 page as GitHub Pages serves it: for a missing page three folders deep.
  const deep = `${origin}${PREFIX}a/b/x.html`;
  const deepRes = await fetch(deep);
  check("a missing page at depth 3 gets status 404", deepRes.status === 404, String(deepRes.status));
  const deepHtml = await deepRes.text();
  const before = targets.size;
  collect(deepHtml, deep);
  check("the 404 page links somewhere from depth 3", targets.size >= before && /href="\/notes\/index\.html"/.test(deepHtml),
    deepHtml.slice(0, 200));
  // sitemap.xml and feed.xml: absolute URLs under base_url, each a page.
  const xmlUrls = [];
  for (const f of ["sitemap.xml", "feed.xml"]) {
    const xml = fs.readFileSync(path.join(deploy, f), "utf8");
    const urls = [...xml.matchAll(/<(?:loc|link|guid)>([^<]*)<\/(?:loc|link|guid)>/g)].map((m) => unescape(m[1]));
    check(`${f} lists absolute URLs under base_url`, urls.length > 5 && urls.every((u) => u.startsWith(BASE)), urls.slice(0, 3).join(" "));
    xmlUrls.push(...urls);
  }
  for (const u of xmlUrls) if (!targets.has(local(u))) targets.set(local(u), "sitemap.xml/feed.xml");
  notFound.length = 0;
  const broken = [];
  const list = [...targets];
  for (let i = 0; i < list.length; i += 16) {
    await Promise.all(list.slice(i, i + 16).map(async ([url, from]) => {
      const s = await status(url);
      if (s !== 200) broken.push(`${s} ${url} (from ${from})`);
    }));
  }
  check(`every href and src resolves: ${links} links of ${pages.length} pages, ${targets.size} URLs`,
    broken.length === 0 && pages.length > 50, broken.slice(0, 10).join("\n  "));
  check("no 404 served while crawling", notFound.length === 0, notFound.slice(0, 10).join("\n  "));
} catch (e) {
  check("crawl", false, e.stack);
}

// ---------- in chromium: search, graph, the 404 page at depth ----------
if (!fs.existsSync(CHROMIUM)) {
  console.log("browser checks skipped: no chromium");
  server.close();
  finish();
}
let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  check("playwright-core is installed (npm install in the repository root)", false, e.message);
  server.close();
  finish();
}
const browser = await launch(chromium);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const failed = [], errors = [];
  const missing = `${origin}${PREFIX}a/b/x.html`; // the one 404 asked for
  let requests = 0;
  page.on("response", (res) => { requests++; if (res.status() >= 400 && res.url() !== missing) failed.push(`${res.status()} ${res.url()}`); });
  // (a load cut short by leaving the page is no failure: a missing file answers 404 above)
  page.on("requestfailed", (req) => { if (req.failure()?.errorText !== "net::ERR_ABORTED") failed.push(`failed ${req.url()}: ${req.failure()?.errorText}`); });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error" && m.location().url !== missing) errors.push(`${page.url()}: console: ${m.text()}`); });
  const clean = (label) => {
    check(`${label}: no request failed`, failed.length === 0, failed.splice(0).join("\n  "));
    check(`${label}: no console or page errors`, errors.length === 0, errors.splice(0).join("\n  "));
  };

  // Search: the index and its shards come by <script> from under /notes/.
  await page.goto(`${origin}${PREFIX}`, { waitUntil: "load" });
  const searchLoads = [];
  page.on("request", (req) => { if (new URL(req.url()).pathname.startsWith(`${PREFIX}search/`)) searchLoads.push(req.url()); });
  await page.click("#search input.sw-search-input");
  await page.type("#search input.sw-search-input", "持久化", { delay: 15 });
  await page.waitForFunction(() => {
    const l = document.querySelector("#sw-search-list");
    return l && l.getAttribute("data-query") === "持久化" && l.getAttribute("aria-busy") !== "true";
  });
  const first = await page.$eval("#sw-search-list [role=option]", (o) => o.href || (o.querySelector("a") || {}).href || "").catch(() => "");
  check("search under /notes/ loads its index and shards", searchLoads.length >= 2 && searchLoads.every((u) => u.includes(PREFIX)),
    searchLoads.join(" "));
  check("search finds a note under /notes/", first.startsWith(`${origin}${PREFIX}`), first);
  if (first) {
    const res = await page.goto(first, { waitUntil: "load" });
    check("the search result opens", res && res.status() === 200, `${res && res.status()} ${first}`);
  }
  clean("search");

  // The graph page draws, and a node opens its note.
  await page.goto(`${origin}${PREFIX}graph.html`, { waitUntil: "load" });
  const ids = await page.$$eval("svg.graph[data-kind=notes] a.node", (as) => as.map((a) => a.dataset.id)).catch(() => []);
  check("the graph page draws its notes", ids.length > 10, String(ids.length));
  if (ids.length) {
    await page.focus(`svg.graph a.node[data-id="${ids[0]}"]`);
    await Promise.all([page.waitForURL((u) => !u.href.endsWith("graph.html")), page.keyboard.press("Enter")]);
    check("a graph node opens its page under /notes/", page.url().startsWith(`${origin}${PREFIX}`) &&
      (await page.$("h1.page-title")) !== null, page.url());
  }
  clean("graph");

  // A missing page three folders deep: the 404 page, styled, its links and assets from /notes/.
  const res = await page.goto(missing, { waitUntil: "load" });
  check("404 at depth 3: status 404 with the 404 page", res.status() === 404 && (await page.$(".notfound")) !== null);
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".sidebar")).position !== "static" ||
    getComputedStyle(document.body).margin === "0px");
  check("404 at depth 3: the theme's stylesheet applies", styled && (await page.evaluate(() => document.styleSheets.length)) >= 1);
  const navLinks = await page.$$eval(".site-nav a", (as) => as.map((a) => a.href));
  check("404 at depth 3: the folder list is drawn with links under /notes/",
    navLinks.length > 3 && navLinks.every((h) => h.startsWith(`${origin}${PREFIX}`) && !h.includes("/a/b/")), navLinks.join(" "));
  const pageLinks = await page.$$eval("a[href]", (as) => as.map((a) => a.href).filter((h) => !h.includes("#")));
  const bad = [];
  for (const h of pageLinks) if (h.startsWith(origin) && (await status(h)) !== 200) bad.push(h);
  check(`404 at depth 3: all ${pageLinks.length} links resolve`, pageLinks.length > 3 && bad.length === 0, bad.join(" "));
  await page.screenshot({ path: path.join(tmp, "404-depth3.png") });
  // Its search box searches the site (index and shards from /notes/).
  await page.click("#search input.sw-search-input");
  await page.type("#search input.sw-search-input", "索引", { delay: 15 });
  await page.waitForFunction(() => {
    const l = document.querySelector("#sw-search-list");
    return l && l.getAttribute("data-query") === "索引" && l.getAttribute("aria-busy") !== "true";
  });
  const hit = await page.$eval("#sw-search-list [role=option]", (o) => o.href || (o.querySelector("a") || {}).href || "").catch(() => "");
  check("404 at depth 3: its search finds a note under /notes/", hit.startsWith(`${origin}${PREFIX}`) && !hit.includes("/a/b/"), hit);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.click(".notfound a.button");
  await page.waitForLoadState("load");
  check("404 at depth 3: its home link opens the home page", page.url() === `${origin}${PREFIX}index.html`, page.url());
  check(`404 at depth 3: every request of the page succeeded (${requests} in this session)`, failed.length === 0, failed.join("\n  "));
  clean("404 page");
  console.log(`screenshot: ${path.join(tmp, "404-depth3.png")}`);
} catch (e) {
  check("browser checks", false, e.stack);
} finally {
  await browser.close();
  server.close();
}
finish();
