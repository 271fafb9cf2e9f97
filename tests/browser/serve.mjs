// `studywiki serve` on a copy of the basic fixture (base_url .../wiki/), on a
// free port: raw HTTP (redirects, content types, no-store, the site's 404,
// requests that try to leave the output folder), then headless Chromium on a
// note: an edit on disk shows without a manual reload and keeps the scroll
// position, an unrelated open page does not reload, a broken site.yml shows
// the error overlay and fixing it clears it; Ctrl-C ends it with status 0 and
// the output folder never holds the reload script.
//
//   node tests/browser/serve.mjs BINARY
//
// Prints "N passed, M failed" last (and the save-to-browser times); exits 1
// on any failure, 0 (skipped) without chromium.

import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT, check, finish, launch, requireChromium } from "./harness.mjs";

requireChromium();
const binary = process.argv[2];
if (!binary) {
  console.error("usage: node tests/browser/serve.mjs BINARY");
  process.exit(2);
}
const { chromium } = await import("playwright-core");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "studywiki-serve-"));
const site = path.join(tmp, "site");
fs.cpSync(path.join(ROOT, "tests", "fixtures", "basic"), site, { recursive: true });
const SECRET = "TOP-SECRET-MARKER-" + process.pid;
fs.writeFileSync(path.join(tmp, "secret.txt"), SECRET + "\n");
const notePath = path.join(site, "content", "db", "Redis 持久化.md");
const noteText = fs.readFileSync(notePath, "utf8");
const siteYml = path.join(site, "site.yml");
const siteYmlText = fs.readFileSync(siteYml, "utf8");

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
});

let out = "", err = "";
const server = spawn(path.resolve(binary), ["serve", site, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
server.stdout.on("data", (d) => { out += d; });
server.stderr.on("data", (d) => { err += d; });
const exited = new Promise((resolve) => server.on("exit", (code, signal) => resolve({ code, signal })));
async function until(fn, ms, label) {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (fn()) return true; await new Promise((r) => setTimeout(r, 25)); }
  throw new Error(`timed out waiting for ${label}`);
}
let browser;
async function bail(e) {
  check("serve test ran to the end", false, `${e.message}\nstdout: ${out}\nstderr: ${err}`);
  server.kill("SIGKILL");
  if (browser) await browser.close();
  finish();
}
process.on("unhandledRejection", bail);

try {
  await until(() => out.includes("serving http://"), 60000, "the server to start");
} catch (e) { await bail(e); }
check("serve prints where it serves, under base_url's path",
  out.includes(`serving http://127.0.0.1:${port}/wiki/`), out);

// Raw HTTP: exactly the bytes we send, no client normalising the path.
function raw(target, method = "GET") {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1", () => {
      sock.write(Buffer.concat([Buffer.from(`${method} `), Buffer.from(target, "latin1"),
        Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)]));
    });
    const chunks = [];
    sock.on("data", (d) => chunks.push(d));
    sock.on("error", reject);
    sock.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const head = text.split("\r\n\r\n")[0];
      const status = +(/^HTTP\/1\.[01] (\d+)/.exec(head) || [])[1];
      const headers = {};
      for (const line of head.split("\r\n").slice(1)) {
        const i = line.indexOf(":");
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status, headers, body: text.slice(head.length + 4), text });
    });
  });
}
const base = `http://127.0.0.1:${port}`;
let r = await raw("/");
check("/ redirects to the base path", r.status >= 300 && r.status < 400 && r.headers.location === "/wiki/", r.text.slice(0, 300));
r = await raw("/wiki");
check("the base path without its slash redirects to it", r.status >= 300 && r.status < 400 && r.headers.location === "/wiki/");
r = await raw("/wiki/");
check("the home page: 200, html, no-store", r.status === 200 && r.headers["content-type"] === "text/html; charset=utf-8" &&
  r.headers["cache-control"] === "no-store", r.text.slice(0, 300));
check("the served page has the reload script before </body>",
  /<script src="\/__studywiki\/live\.js" data-base="\/wiki\/"><\/script>\n<\/body>/.test(r.body));
r = await raw("/wiki/db");
check("a folder without its slash redirects to it", r.status === 301 && r.headers.location === "/wiki/db/", r.text.slice(0, 300));
r = await raw("/wiki/db/");
check("a folder's URL serves its index.html", r.status === 200 && r.body.includes("</html>"));
r = await raw("/wiki/db/redis-%E6%8C%81%E4%B9%85%E5%8C%96.html");
check("a note's page by its encoded URL", r.status === 200 && r.body.includes("Redis 持久化</h1>"));
for (const [file, type] of [["assets/style.css", "text/css; charset=utf-8"], ["assets/site.js", "text/javascript; charset=utf-8"],
  ["graph.json", "application/json"], ["db/imgs/a%20b.png", "image/png"], ["sitemap.xml", "application/xml"]]) {
  r = await raw("/wiki/" + file);
  check(`${file}: ${type}`, r.status === 200 && r.headers["content-type"] === type, `${r.status} ${r.headers["content-type"]}`);
}
r = await raw("/wiki/assets/style.css");
check("assets are not injected", !r.body.includes("__studywiki"));
r = await raw("/wiki/no/such/page.html");
check("a missing page: the site's 404.html with status 404", r.status === 404 &&
  r.body.includes(fs.readFileSync(path.join(site, "public", "404.html"), "utf8").slice(0, 200)), r.text.slice(0, 300));
r = await raw("/elsewhere.html");
check("outside the base path: 404", r.status === 404);
r = await raw("/wiki/.studywiki-manifest");
check("the build's own files are not served", r.status === 404);
r = await raw("/wiki/", "POST");
check("POST: 405", r.status === 405);

// Requests that try to leave the output folder (and a symlink in it that points out).
fs.symlinkSync(path.join(tmp, "secret.txt"), path.join(site, "public", "leak.txt"));
fs.symlinkSync(tmp, path.join(site, "public", "up"));
const attacks = ["/wiki/../secret.txt", "/wiki/../../secret.txt", "/wiki/%2e%2e/%2e%2e/secret.txt",
  "/wiki/%2E%2E/%2E%2E/secret.txt", "/wiki/..%2f..%2fsecret.txt", "/wiki/..%2F..%2Fsecret.txt",
  "/wiki/..\\..\\secret.txt", "/wiki/..%5c..%5csecret.txt", "/wiki/.%2e/.%2e/secret.txt",
  "/wiki/leak.txt", "/wiki/up/secret.txt", `/wiki/${"../".repeat(12)}etc/passwd`, "/etc/passwd", "//etc/passwd",
  `/wiki/${"%2e%2e/".repeat(12)}etc/passwd`, `${tmp}/secret.txt`, `/wiki/${tmp}/secret.txt`, "/wiki/a%00.html",
  "/wiki/index.html%00.txt", `http://127.0.0.1:${port}/../secret.txt`, "C:\\secret.txt"];
for (const target of attacks) {
  r = await raw(target);
  check(`${target}: refused (${r.status})`, [400, 403, 404].includes(r.status) && !r.text.includes(SECRET) &&
    !r.text.includes("root:x:0"), r.text.slice(0, 200));
}
fs.rmSync(path.join(site, "public", "leak.txt"));
fs.rmSync(path.join(site, "public", "up"));

// The browser: a note, and an unrelated page beside it.
browser = await launch(chromium);
const errors = [];
async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 500 } });
  page.setDefaultTimeout(15000);
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  await page.goto(url);
  await page.waitForLoadState("load");
  return page;
}
const timings = [];
try {
  const note = await open(`${base}/wiki/db/redis-持久化.html`);
  const other = await open(`${base}/wiki/net/tcp.html`);
  await other.evaluate(() => { window.__stillHere = true; });
  await note.waitForFunction(() => window.__studywikiLive === true);  // the event stream is open
  await other.waitForFunction(() => window.__studywikiLive === true);

  // An edit: the new text shows, no manual reload.
  // Chinese, like the rest of the fixture: English text would change the site's detected language (every page).
  const long = Array.from({ length: 80 }, (_, i) => `第 ${i} 段：持久化的说明。`).join("\n\n");
  let t0 = Date.now();
  fs.writeFileSync(notePath, noteText + "\nFirst live edit.\n\n" + long + "\n");
  await note.waitForFunction(() => !!document.body && document.body.innerText.includes("First live edit."), null, { timeout: 15000 });
  timings.push(Date.now() - t0);
  check("an edit on disk shows in the open page without a manual reload", true);

  // A second edit, scrolled down: the page reloads where the reader was.
  await note.waitForLoadState("load");
  await note.evaluate(() => window.scrollTo({ top: 900, behavior: "instant" }));
  await note.waitForFunction(() => Math.abs(window.scrollY - 900) < 2);
  t0 = Date.now();
  fs.writeFileSync(notePath, noteText + "\nSecond live edit.\n\n" + long + "\n");
  await note.waitForFunction(() => !!document.body && document.body.innerText.includes("Second live edit."), null, { timeout: 15000 });
  timings.push(Date.now() - t0);
  await note.waitForLoadState("load");
  await note.waitForFunction(() => Math.abs(window.scrollY - 900) < 2, null, { timeout: 5000 })
    .then(() => check("the scroll position is kept across the reload", true))
    .catch(async () => check("the scroll position is kept across the reload", false, `scrollY ${await note.evaluate(() => window.scrollY)}`));
  check("an unrelated page did not reload", await other.evaluate(() => window.__stillHere === true));
  check("the output folder never holds the reload script",
    !fs.readFileSync(path.join(site, "public", "db", "redis-持久化.html"), "utf8").includes("__studywiki"));
  check("one summary line per rebuild", /rebuilt in \d+\.\d\d s: \d+ written, \d+ removed \(content\/db\/Redis 持久化\.md changed\)/.test(out), out);

  // A broken site.yml: the overlay, with the error; the server keeps running.
  fs.writeFileSync(siteYml, "title: [oops <b>bold</b>\n");
  await note.waitForSelector("#studywiki-live-overlay", { timeout: 15000 });
  const overlay = await note.textContent("#studywiki-live-overlay");
  check("a broken build shows the overlay with the error", /site\.yml:\d+:\d+: error:/.test(overlay) && overlay.includes("error"), overlay);
  check("the overlay's text is text, not markup", (await note.$$("#studywiki-live-overlay b")).length === 0);
  check("the error shows in the terminal too", /site\.yml:\d+:\d+: error:/.test(err), err);
  const late = await open(`${base}/wiki/net/tcp.html`);
  await late.waitForSelector("#studywiki-live-overlay", { timeout: 10000 })
    .then(() => check("a page opened while the build is broken shows the overlay", true))
    .catch(() => check("a page opened while the build is broken shows the overlay", false));
  // Fixed: the overlay goes.
  t0 = Date.now();
  fs.writeFileSync(siteYml, siteYmlText);
  await note.waitForSelector("#studywiki-live-overlay", { state: "detached", timeout: 15000 });
  timings.push(Date.now() - t0);
  check("the next good build clears the overlay", true);
  await late.waitForSelector("#studywiki-live-overlay", { state: "detached", timeout: 15000 });
  check("... on every open page", true);
  check("no page errors", errors.length === 0, errors.join("\n"));
} catch (e) {
  check("browser checks ran to the end", false, `${e.message.split("\n")[0]}\nstdout: ${out}\nstderr: ${err}`);
}
await browser.close();

// Ctrl-C: a clean stop.
server.kill("SIGINT");
const end = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ code: "timeout" }), 10000))]);
if (end.code === "timeout") server.kill("SIGKILL");
check("Ctrl-C stops it with status 0", end.code === 0, JSON.stringify(end));
check("no half-written files left", !fs.existsSync(path.join(site, "public", ".studywiki-tmp")));
console.log(`save to browser: ${timings.join(", ")} ms (edit, edit scrolled, fix)`);
fs.rmSync(tmp, { recursive: true, force: true });
finish();
