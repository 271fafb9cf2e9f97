// bench/serve_browser.mjs — save to browser showing the change, through `studywiki serve` (issue 12).
//
//   node bench/serve_browser.mjs BINARY VAULT [--saves N] [--port P]
//
// Copies VAULT (a folder of notes, e.g. one bench/gen_corpus.py made) to a
// temp folder, runs `BINARY serve COPY --port P` there (its output: COPY's
// ./public), waits for its first build, opens the middle note's page in
// headless Chromium, then N times (default 5, one every few seconds, the
// next while the build after the last one may still run): appends a line
// with a fresh marker to the note and times from the write until the page
// shows the marker (the server's reload script reloads it). Prints each
// time and the median, with the server's lines about it. The time includes
// the server's 100 ms wait for a burst of saves to end.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { CHROMIUM, launch } from "../tests/browser/harness.mjs";

const [binaryArg, vault] = process.argv.slice(2);
const binary = binaryArg && path.resolve(binaryArg);
if (!binary || !vault) {
  console.error("usage: node bench/serve_browser.mjs BINARY VAULT [--saves N] [--port P]");
  process.exit(2);
}
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const saves = arg("--saves", 5);
const port = arg("--port", 14321);
if (!fs.existsSync(CHROMIUM)) {
  console.error(`bench/serve_browser: ${CHROMIUM} is missing`);
  process.exit(2);
}
const { chromium } = await import("playwright-core");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "studywiki-serve-bench-"));
const copy = path.join(tmp, "vault");
fs.cpSync(vault, copy, { recursive: true });
const notes = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith(".") || e.name === "public") continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".md") && e.name !== "index.md" && e.name !== "README.md") notes.push(p);
  }
})(copy);
const note = notes[Math.floor(notes.length / 2)];
console.log(`[serve_browser] ${notes.length} notes; editing ${path.relative(copy, note)}`);

let out = "";
const server = spawn(binary, ["serve", copy, "--port", String(port)], { cwd: copy, stdio: ["ignore", "pipe", "pipe"] });
server.stdout.on("data", (d) => { out += d; });
server.stderr.on("data", () => {});
const until = async (cond, ms, what) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const t0 = Date.now();
await until(() => out.includes("serving http://"), 600000, "the first build");
console.log(`[serve_browser] first build and serving after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// The page of the note: where the first build put it (graph.json lists every note's URL).
const title = (fs.readFileSync(note, "utf8").match(/^title:\s*(.+)$/m) || fs.readFileSync(note, "utf8").match(/^# (.+)$/m) ||
  [null, path.basename(note, ".md")])[1].trim().replace(/^["']|["']$/g, "");
const nodes = JSON.parse(fs.readFileSync(path.join(copy, "public", "graph.json"), "utf8")).nodes;
const node = nodes.find((n) => n.label === title);
if (!node) {
  console.error(`bench/serve_browser: no page titled ${title} in graph.json`);
  server.kill("SIGINT");
  process.exit(1);
}
const browser = await launch(chromium);
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${port}/${node.url}`);
await page.waitForFunction(() => window.__studywikiLive === true, null, { timeout: 60000 });

const times = [];
for (let i = 1; i <= saves; i++) {
  const marker = `serve-bench-marker-${process.pid}-${i}`;
  const before = out.length;
  const start = performance.now();
  fs.appendFileSync(note, `\n${marker}\n`);
  await page.waitForFunction((m) => !!document.body && document.body.innerText.includes(m), marker, { timeout: 600000 });
  const ms = performance.now() - start;
  times.push(ms);
  await new Promise((r) => setTimeout(r, 100));
  const said = out.slice(before).trim().split("\n").filter(Boolean).join(" | ");
  console.log(`[serve_browser] save ${i}: shown after ${ms.toFixed(0)} ms   (server: ${said || "-"})`);
  await page.waitForFunction(() => window.__studywikiLive === true, null, { timeout: 600000 });
  await new Promise((r) => setTimeout(r, 3000));
}
times.sort((a, b) => a - b);
console.log(`[serve_browser] save to browser showing the change: median ${times[Math.floor((times.length - 1) / 2)].toFixed(0)} ms ` +
  `(min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}) over ${times.length} saves, ${notes.length} notes`);
await browser.close();
server.kill("SIGINT");
await new Promise((r) => server.on("exit", r));
fs.rmSync(tmp, { recursive: true, force: true });
