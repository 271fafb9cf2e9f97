// bench/search/browser.mjs — the in-browser half of bench/search/run.
//
//   node bench/search/browser.mjs JOB.json        (prints one JSON object on stdout)
//
// JOB: { site: DIR, engine: "studywiki" | "pagefind", page: "index.html",
//        queries: [{q, expect: [paths]}], urlmap: {"decoded/url.html": "source/path.md"},
//        chromium: "/usr/bin/chromium", playwright: "/path/to/playwright-core/index.js" }
//
// Serves DIR over node:http on 127.0.0.1 (no compression, no caching) and counts the bytes
// of every response body it sends, with the gzip -6 size of the same bytes alongside
// (what a host that compresses would send). For each query, in a fresh browser context:
//   1. open `page`, wait for `load` + network idle: bytes so far = page load (not counted),
//      except the engine's own scripts, reported separately as `engine`;
//   2. first query: studywiki: StudywikiSearch.load(root) + query(q, {limit: 5});
//      pagefind: import("/pagefind/pagefind.js"), search(q), data() of the top 5;
//      bytes sent by the server during this = `first`;
//   3. compute: the same query again (everything it needs is loaded), timed with
//      performance.now() in the page: studywiki query(q, {limit: 5}); pagefind search(q)
//      (data() of results excluded: it is a fetch);
//   4. later query: the next query of the list on the same page, like step 2 = `later`.
// found@5: every `expect` path is among the notes of the first 5 results (URLs mapped
// through urlmap, anchors and percent-encoding removed).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const require = createRequire(import.meta.url);
const { chromium } = require(job.playwright);
const SITE = path.resolve(job.site);

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json",
  ".wasm": "application/wasm", ".svg": "image/svg+xml", ".woff2": "font/woff2", ".xml": "application/xml" };
const gzCache = new Map();
let log = []; // {file, bytes, gz}
const server = http.createServer((req, res) => {
  let rel;
  try { rel = decodeURIComponent(new URL(req.url, "http://x").pathname); } catch { rel = "/"; }
  if (rel.endsWith("/")) rel += "index.html";
  const file = path.join(SITE, rel);
  if (!file.startsWith(SITE + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { "Content-Type": "text/plain" }); res.end("not found"); return;
  }
  const body = fs.readFileSync(file);
  // Pagefind's index files are gzip already: a host sends them as they are
  if (!gzCache.has(file)) gzCache.set(file, Math.min(body.length, zlib.gzipSync(body, { level: 6 }).length));
  log.push({ file: rel.slice(1), bytes: body.length, gz: gzCache.get(file) });
  res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
                       "Content-Length": body.length, "Cache-Control": "no-store" });
  res.end(body);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const ORIGIN = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: job.chromium || "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run"],
});

function sum(entries) {
  return { bytes: entries.reduce((a, e) => a + e.bytes, 0), gz: entries.reduce((a, e) => a + e.gz, 0),
           files: entries.length };
}
function toPath(u) {
  let s = String(u || "");
  if (s.startsWith(ORIGIN)) s = s.slice(ORIGIN.length);
  s = s.split("#")[0].split("?")[0].replace(/^\/+/, "");
  try { s = decodeURIComponent(s); } catch { /* keep */ }
  if (s === "" || s.endsWith("/")) s += "index.html";
  return job.urlmap[s] || s;
}

// in-page runners: return {urls, ms (only when timing), error}
async function runQuery(page, q, timing) {
  if (job.engine === "studywiki") {
    return page.evaluate(async ([q, timing]) => {
      const S = window.StudywikiSearch;
      if (!S) return { error: "window.StudywikiSearch missing" };
      const meta = document.querySelector('meta[name="studywiki-root"]');
      await S.load(meta ? meta.getAttribute("content") : "");
      const t0 = performance.now();
      const r = await S.query(q, { limit: 5 });
      const ms = performance.now() - t0;
      return { urls: r.results.slice(0, 5).map((x) => x.url), ms: timing ? ms : undefined, total: r.total,
               engine_ms: r.ms };
    }, [q, timing]);
  }
  return page.evaluate(async ([q, timing]) => {
    if (!window.__pf) window.__pf = await import("/pagefind/pagefind.js");
    const pf = window.__pf;
    const t0 = performance.now();
    const s = await pf.search(q);
    const ms = performance.now() - t0;
    if (timing) return { ms, total: s.results.length };
    const top = await Promise.all(s.results.slice(0, 5).map((r) => r.data()));
    return { urls: top.map((d) => d.url), total: s.results.length };
  }, [q, timing]);
}

// the first 10 results (not counted in bytes): for found@5 over notes only
async function top10(page, q) {
  if (job.engine === "studywiki") {
    return page.evaluate(async (q) => {
      const r = await window.StudywikiSearch.query(q, { limit: 10 });
      return r.results.slice(0, 10).map((x) => x.url);
    }, q);
  }
  return page.evaluate(async (q) => {
    const s = await window.__pf.search(q);
    const top = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    return top.map((d) => d.url);
  }, q);
}
const out = { engine: job.engine, queries: [], engine_files: null, errors: [] };
const Q = job.queries;
for (let i = 0; i < Q.length; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  page.on("pageerror", (e) => out.errors.push(`${Q[i].q}: ${e.message}`));
  log = [];
  const row = { q: Q[i].q, expect: Q[i].expect };
  try {
    await page.goto(ORIGIN + job.page, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    if (out.engine_files === null)
      out.engine_files = log.filter((e) => /(^|\/)assets\/search[^/]*\.js$/.test(e.file));
    log = [];
    const first = await runQuery(page, Q[i].q, false);
    if (first.error) throw new Error(first.error);
    row.first = sum(log); row.first_files = log.map((e) => e.file);
    row.top = first.urls.map(toPath); row.total = first.total;
    row.found = Q[i].expect.every((p) => row.top.includes(p));
    const notes = [...new Set((await top10(page, Q[i].q)).map(toPath).filter((p) => p.endsWith(".md")))].slice(0, 5);
    row.found_notes = Q[i].expect.every((p) => notes.includes(p));
    const again = await runQuery(page, Q[i].q, true);
    row.ms = again.ms;
    log = [];
    const next = Q[(i + 1) % Q.length];
    await runQuery(page, next.q, false);
    row.later = sum(log); row.later_q = next.q;
  } catch (e) {
    row.error = String(e && e.message || e).split("\n")[0];
  }
  out.queries.push(row);
  await context.close();
}
await browser.close();
server.close();
process.stdout.write(JSON.stringify(out) + "\n");
