// Save to browser with `studywiki serve`: starts it on a free port on FOLDER
// (edited in place: use a copy), opens the page of NOTE in headless Chromium,
// then N times appends a new line to NOTE and times until the note's page in
// the output folder holds it (save to file written) and until the open page
// shows it (save to browser). Prints each time, the medians, and the server's
// own "wrote … rebuilding the rest" (quick answers) and "rebuilt in" lines.
//
//   node bench/serve_latency.mjs BINARY FOLDER NOTE [N]
//   e.g. node bench/serve_latency.mjs build/studywiki /tmp/sv-c1k 数据库/Redis.md 5
//
// NOTE is relative to the notes (FOLDER/content for a site, else FOLDER); its
// page is found from the output's own link to it (its title on the page).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { chromium } = await import(path.join(ROOT, "node_modules", "playwright-core", "index.mjs"));
const [binary, folder, note, n = "5"] = process.argv.slice(2);
if (!binary || !folder || !note) {
  console.error("usage: node bench/serve_latency.mjs BINARY FOLDER NOTE [N]");
  process.exit(2);
}
const notes = fs.existsSync(path.join(folder, "content")) ? path.join(folder, "content") : folder;
const file = path.join(notes, note);
const original = fs.readFileSync(file, "utf8");
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
});
let out = "";
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "serve-latency-"));  // a vault's ./public goes there
const server = spawn(path.resolve(binary), ["serve", path.resolve(folder), "--port", String(port)], {
  stdio: ["ignore", "pipe", "pipe"],  // diagnostics kept, not shown: the first build prints every warning
  cwd,
});
let err = "";
server.stderr.on("data", (d) => { err = (err + d).slice(-4000); });
const exited = new Promise((resolve) => server.on("exit", resolve));
server.stdout.on("data", (d) => { out += d; });
const started = Date.now();
while (!/serving (http:\S+)/.test(out)) {
  if (Date.now() - started > 600000 || server.exitCode !== null) throw new Error(`serve did not start: ${out}\n${err}`);
  await new Promise((r) => setTimeout(r, 50));
}
const url = /serving (http:\S+)/.exec(out)[1];
console.log(`first build and start: ${((Date.now() - started) / 1000).toFixed(2)} s`);
// The note's output path: the slug of its path (DESIGN.md: ASCII lower-cased, spaces and '_' to '-',
// '#' to "sharp", other ASCII punctuation but '+' and '-' dropped, '-' runs collapsed), .html.
const slug = (s) => s.toLowerCase().replace(/#/g, "sharp").replace(/[ _]/g, "-")
  .replace(/[!-*,.\/:-@\[-^`{-~]/g, "").replace(/-+/g, "-").replace(/^-|-$/g, "");
const rel = note.replace(/\.(md|markdown)$/, "").split("/").map(slug).join("/") + ".html";
if (!fs.existsSync(path.join(fs.existsSync(path.join(folder, "content")) ? path.join(folder, "public") : path.join(cwd, "public"), rel)))
  throw new Error(`no page ${rel} for ${note} in the output`);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
await page.goto(url + rel.split("/").map(encodeURIComponent).join("/"));
const live = () => page.waitForFunction(() => window.__studywikiLive === true, null, { timeout: 600000 });
await live();  // its event stream is open
// The output folder: the site's public/, or the vault's ./public in the server's folder.
const outDir = fs.existsSync(path.join(folder, "content")) ? path.join(folder, "public") : path.join(cwd, "public");
const outFile = path.join(outDir, rel);
const written = [], shown = [];
for (let i = 0; i < +n; i++) {
  const marker = `Live edit ${i} ${Date.now()}`;
  const t0 = performance.now();
  fs.writeFileSync(file, original + `\n\n${marker}\n`);
  const onDisk = (async () => {
    for (;;) {
      try { if (fs.readFileSync(outFile, "utf8").includes(marker)) return performance.now() - t0; } catch {}
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await page.waitForFunction((m) => document.body && document.body.innerText.includes(m), marker, { timeout: 600000, polling: 5 });
  shown.push(performance.now() - t0);
  written.push(await onDisk);
  await page.waitForLoadState("load");
  await live();  // the reloaded page listens again before the next save
}
fs.writeFileSync(file, original);
await browser.close();
server.kill("SIGINT");
await exited;
fs.rmSync(cwd, { recursive: true, force: true });
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)].toFixed(0);
const list = (v) => v.map((t) => t.toFixed(0)).join(" ");
console.log(`save to file written (ms): ${list(written)}; median ${median(written)}`);
console.log(`save to browser (ms): ${list(shown)}; median ${median(shown)}`);
console.log(out.split("\n").filter((l) => l.startsWith("rebuilt") || l.startsWith("wrote ")).join("\n"));
