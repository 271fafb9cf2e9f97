// Browser tests for the built-in theme's graphs and tag pages.
//
//   node tests/browser/run.mjs BINARY
//
// Builds the demo wiki (the repository root is the site) with BINARY into a temp
// folder, opens it over file:// in Debian's chromium (driven by playwright-core)
// and checks the note graph, the tag pages, a note's local graph, link previews
// (previews.mjs; also over http:// and on a touch screen) and the search box
// (search.mjs; also on a phone), with no console or page errors. Screenshots are left in the temp folder.
// Prints "N passed, M failed" last; exits 1 on any failure, 0 (skipped) without chromium.
// STUDYWIKI_BROWSER_SITE=DIR uses an already built site instead of building one.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { previewChecks } from "./previews.mjs";
import { searchChecks } from "./search.mjs";
import { ROOT, check, finish, launch, requireChromium } from "./harness.mjs";

requireChromium();

let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  check("playwright-core is installed (npm install in the repository root)", false, e.message);
  finish();
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "studywiki-browser-"));
let site = process.env.STUDYWIKI_BROWSER_SITE;
if (!site) {
  const binary = process.argv[2];
  if (!binary) {
    console.error("usage: node tests/browser/run.mjs BINARY");
    process.exit(2);
  }
  site = path.join(tmp, "public");
  const r = spawnSync(path.resolve(binary), ["build", "--site", ROOT, "--out", site, "--quiet"], { encoding: "utf8" });
  if (!check("demo wiki builds", r.status === 0, `exit ${r.status}${r.error ? " " + r.error.message : ""}\n${r.stderr}`)) finish();
}
const url = (rel) => pathToFileURL(path.join(site, rel)).href;
for (const f of ["graph.html", "tags/index.html"]) {
  if (!check(`${f} exists`, fs.existsSync(path.join(site, f)))) finish();
}

const browser = await launch(chromium);
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(10000);

// console and page errors, per page URL
const errors = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: console: ${m.text()}${m.location().url ? " (" + m.location().url + ")" : ""}`); });
page.on("pageerror", (e) => { errors.push(`${page.url()}: ${e.message}`); });
const visited = new Set();
function noErrors(label) {
  const mine = errors.splice(0);
  check(`no console or page errors on ${label}`, mine.length === 0, mine.join("\n  "));
}
async function open(rel, label) {
  await page.goto(url(rel), { waitUntil: "load" });
  visited.add(label);
}
const shots = [];
async function shot(name, opts) {
  const file = path.join(tmp, name);
  await page.waitForTimeout(300); // let the highlight transitions finish
  await page.screenshot({ path: file, ...opts });
  shots.push(file);
}
async function attempt(name, fn) {
  try { await fn(); } catch (e) { check(name, false, e.message.split("\n")[0]); }
}
const viewBox = () => page.$eval("svg.graph[data-kind=notes]", (s) => s.getAttribute("viewBox"));

try {
  // ---------- the note graph ----------
  await open("graph.html", "graph.html");
  const g = await page.$eval("svg.graph[data-kind=notes]", (svg) => {
    const nodes = [...svg.querySelectorAll("a.node")];
    const adj = {};
    for (const l of svg.querySelectorAll("line.edge")) {
      const a = l.dataset.a, b = l.dataset.b;
      (adj[a] ||= new Set()).add(b);
      (adj[b] ||= new Set()).add(a);
    }
    return {
      count: nodes.length,
      withCircle: nodes.filter((n) => n.querySelector("circle")).length,
      nodes: nodes.map((n) => ({
        id: n.dataset.id,
        label: (n.querySelector("title") || n.querySelector("text")).textContent,
        group: n.dataset.group,
        href: n.getAttribute("href") || "",
        nb: [...(adj[n.dataset.id] || [])],
      })),
    };
  }).catch(() => null);
  check("graph.html has an svg.graph[data-kind=notes]", !!g);
  if (!g) throw new Error("no note graph");
  check("graph.html renders at least 30 a.node, each with a circle", g.count >= 30 && g.withCircle === g.count, `${g.count} nodes, ${g.withCircle} with circles`);
  check("graph.html shows some labels without hovering",
    await page.$$eval("svg.graph text.label:not(.hidden)", (l) => l.length) > 0);
  await shot("graph.png");

  // hover: the best connected node, its neighbours get .hl, the rest .dim
  const hub = [...g.nodes].sort((a, b) => b.nb.length - a.nb.length)[0];
  await attempt("hovering a node highlights its neighbours", async () => {
    await page.hover(`svg.graph a.node[data-id="${hub.id}"] circle`);
    const st = await page.$eval("svg.graph[data-kind=notes]", (svg, id) => {
      const q = (s) => [...svg.querySelectorAll(s)].map((n) => n.dataset.id || "");
      return { hl: q("a.node.hl"), dim: q("a.node.dim"), edgesHl: svg.querySelectorAll("line.edge.hl").length, main: q("a.node.hl-main") };
    }, hub.id);
    const expectHl = new Set([hub.id, ...hub.nb]);
    const okHl = st.hl.length === expectHl.size && st.hl.every((id) => expectHl.has(id));
    const okDim = st.dim.length === g.count - expectHl.size && st.dim.every((id) => !expectHl.has(id));
    check("hovering a node gives it and its neighbours class hl", okHl, `hl ${st.hl.length}, expected ${expectHl.size}`);
    check("hovering a node dims the other nodes", okDim, `dim ${st.dim.length}, expected ${g.count - expectHl.size}`);
    check("hovering a node highlights its edges", st.edgesHl === hub.nb.length, `${st.edgesHl} of ${hub.nb.length}`);
    await shot("graph-hover.png");
    await page.mouse.move(5, 5);
    const left = await page.$$eval("svg.graph .hl, svg.graph .dim", (l) => l.length);
    check("leaving the node resets the highlight", left === 0, `${left} still marked`);
  });

  // zoom buttons, wheel and reset change the viewBox
  await attempt("zoom and reset", async () => {
    const vb0 = await viewBox();
    await page.click(".graph-controls button[aria-label='放大']");
    const vb1 = await viewBox();
    const w = (v) => +v.split(/[\s,]+/)[2];
    check("the + button zooms in (viewBox gets smaller)", w(vb1) < w(vb0), `${vb0} -> ${vb1}`);
    const box = await page.$eval("svg.graph[data-kind=notes]", (s) => { const r = s.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; });
    await page.mouse.move(box.x, box.y);
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(100);
    const vb2 = await viewBox();
    check("the wheel zooms out", w(vb2) > w(vb1), `${vb1} -> ${vb2}`);
    await page.mouse.move(box.x + 3, box.y + 7);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + 40, { steps: 5 });
    await page.mouse.up();
    const vb3 = await viewBox();
    check("dragging pans (viewBox moves, same size)", vb3 !== vb2 && Math.abs(w(vb3) - w(vb2)) < 1e-6, `${vb2} -> ${vb3}`);
    check("a drag does not navigate", page.url().endsWith("graph.html"), page.url());
    await page.click(".graph-controls button[aria-label='重置视图']");
    check("the reset button restores the viewBox", (await viewBox()) === vb0, await viewBox());
  });

  // search by a Chinese label
  const cjk = g.nodes.find((n) => /[\u4e00-\u9fff]/.test(n.label));
  await attempt("search", async () => {
    check("the graph has a node with a Chinese label", !!cjk);
    if (!cjk) return;
    const vb0 = await viewBox();
    await page.fill(".graph-search", cjk.label);
    const found = await page.$$eval("svg.graph a.node.found", (l) => l.map((n) => (n.querySelector("title") || n.querySelector("text")).textContent));
    check(`search finds the node "${cjk.label}"`, found.length === 1 && found[0] === cjk.label, JSON.stringify(found));
    const hl = await page.$eval(`svg.graph a.node[data-id="${cjk.id}"]`, (n) => n.classList.contains("hl"));
    check("the found node is highlighted", hl);
    check("the view moves to the found node", (await viewBox()) !== vb0);
    await shot("graph-search.png");
    // a partial, differently cased query also finds something
    await page.fill(".graph-search", [...cjk.label].slice(0, 2).join("").toUpperCase());
    check("search matches a partial query", await page.$$eval("svg.graph a.node.found", (l) => l.length) === 1);
    await page.fill(".graph-search", "");
    check("clearing the search clears the highlight", await page.$$eval("svg.graph .found, svg.graph .hl", (l) => l.length) === 0);
  });

  // filter by folder
  await attempt("filter by folder", async () => {
    const groups = await page.$$eval(".graph-filter-group option", (o) => o.map((x) => x.value).filter(Boolean));
    if (!check("the folder filter lists folders", groups.length > 0)) return;
    const grp = groups.find((x) => g.nodes.some((n) => n.group === x)) || groups[0];
    await page.selectOption(".graph-filter-group", grp);
    const st = await page.$eval("svg.graph[data-kind=notes]", (svg) => ({
      shown: [...svg.querySelectorAll("a.node")].filter((n) => getComputedStyle(n).display !== "none").map((n) => n.dataset.group),
      edges: [...svg.querySelectorAll("line.edge")].filter((l) => getComputedStyle(l).display !== "none").length,
    }));
    const expect = g.nodes.filter((n) => n.group === grp).length;
    check(`filtering by folder "${grp}" shows only its notes`, st.shown.length === expect && st.shown.every((x) => x === grp), `${st.shown.length} shown, expected ${expect}`);
    await shot("graph-filter.png");
    await page.selectOption(".graph-filter-group", "");
    const all = await page.$$eval("svg.graph a.node", (l) => l.filter((n) => getComputedStyle(n).display !== "none").length);
    check("clearing the filter shows every node again", all === g.count, `${all} of ${g.count}`);
  });
  noErrors("graph.html");

  // keyboard: a focused node opens with Enter
  await attempt("keyboard", async () => {
    const target = [...g.nodes].sort((a, b) => b.nb.length - a.nb.length)[1] || hub;
    await page.focus(`svg.graph a.node[data-id="${target.id}"]`);
    await Promise.all([page.waitForURL((u) => !u.href.endsWith("graph.html")), page.keyboard.press("Enter")]);
    check("Enter on a focused node opens its note", await page.$eval("h1.page-title", (h) => h.textContent.trim() !== "").catch(() => false), page.url());
    noErrors("a note opened from the keyboard");
  });

  // click the best connected node whose page is a note (folder pages have no local graph)
  const isNote = (n) => {
    try {
      const file = fileURLToPath(new URL(n.href, url("graph.html")));
      return /<body class="kind-note"/.test(fs.readFileSync(file, "utf8"));
    } catch { return false; }
  };
  const target = [...g.nodes].filter((n) => n.nb.length > 0).sort((a, b) => b.nb.length - a.nb.length).find(isNote) || hub;
  await open("graph.html", "graph.html");
  errors.splice(0);
  await attempt("click", async () => {
    await Promise.all([page.waitForURL((u) => !u.href.endsWith("graph.html")), page.click(`svg.graph a.node[data-id="${target.id}"] circle`)]);
    const title = await page.$eval("h1.page-title", (h) => h.textContent.trim()).catch(() => "");
    check("clicking a node opens a note page with a title", title !== "" && page.url().endsWith(".html"), `${page.url()} "${title}"`);
    check("the opened note is the clicked node", title === target.label || (await page.title()).startsWith(target.label), `"${title}" vs "${target.label}"`);
    const local = await page.$$eval("svg.graph[data-kind=local]", (l) => l.map((s) => ({
      nodes: s.querySelectorAll("a.node").length, current: s.querySelectorAll("a.node.current").length, circles: s.querySelectorAll("circle").length,
    })));
    check("the note page shows one local graph", local.length === 1, JSON.stringify(local));
    if (local.length === 1) {
      check("the local graph has exactly one .node.current", local[0].current === 1, JSON.stringify(local[0]));
      check("the local graph shows the note's neighbours", local[0].nodes >= 2 && local[0].circles === local[0].nodes, JSON.stringify(local[0]));
      const side = await page.$eval("svg.graph[data-kind=local]", (s) => {
        const r = s.getBoundingClientRect(), c = document.querySelector(".note > .content").getBoundingClientRect();
        return { left: r.left, contentRight: c.right, w: r.width, h: r.height };
      });
      check("wide screens: the local graph sits right of the text", side.left >= side.contentRight && side.w > 100 && side.h > 50, JSON.stringify(side));
      await page.hover("svg.graph[data-kind=local] a.node.current circle");
      check("hovering in the local graph highlights", await page.$$eval("svg.graph[data-kind=local] a.node.hl", (l) => l.length) >= 2);
      await page.mouse.move(5, 5);
    }
    await shot("note.png");
    await page.setViewportSize({ width: 760, height: 1000 });
    if (local.length === 1) {
      const pos = await page.$eval("svg.graph[data-kind=local]", (s) => ({
        top: s.getBoundingClientRect().top + scrollY,
        contentBottom: document.querySelector(".note > .content").getBoundingClientRect().bottom + scrollY,
      }));
      check("narrow screens: the local graph comes after the text", pos.top >= pos.contentBottom, JSON.stringify(pos));
    }
    await shot("note-narrow.png", { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    noErrors("a note page");
  });

  // ---------- tags ----------
  await open("tags/index.html", "tags/index.html");
  await attempt("tag index", async () => {
    const t = await page.evaluate(() => ({
      graph: !!document.querySelector("svg.graph[data-kind=tags]"),
      nodes: document.querySelectorAll("svg.graph[data-kind=tags] a.node").length,
      list: document.querySelectorAll(".tag-tree li a").length,
    }));
    check("the tag index shows the tag graph", t.graph && t.nodes > 0, JSON.stringify(t));
    check("the tag index shows the tag list", t.list > 0, JSON.stringify(t));
    await shot("tags.png", { fullPage: true });
    const first = await page.$eval(".tag-tree li a", (a) => a.getAttribute("href"));
    await Promise.all([page.waitForURL((u) => !u.href.endsWith("tags/index.html")), page.click(".tag-tree li a")]);
    noErrors("tags/index.html");
    const tp = await page.evaluate(() => ({
      h1: (document.querySelector("h1.page-title") || {}).textContent || "",
      notes: document.querySelectorAll(".note-list .note-link").length,
      kids: document.querySelectorAll(".tag-cloud a").length,
    }));
    check(`a tag page (${first}) has a title and notes or subtags`, tp.h1.includes("#") && tp.notes + tp.kids > 0, JSON.stringify(tp));
    await shot("tag.png", { fullPage: true });
    noErrors("a tag page");
  });

  // ---------- link previews (own browser contexts) ----------
  await attempt("link previews", () => previewChecks({ browser, site, check, attempt, tmp, shots }));

  // ---------- search (own browser contexts) ----------
  await attempt("search", () => searchChecks({ browser, site, check, attempt, tmp, shots }));

  // dark theme screenshot of the graph (labels must stay readable)
  await page.emulateMedia({ colorScheme: "dark" });
  await open("graph.html", "graph.html (dark)");
  await page.hover(`svg.graph a.node[data-id="${hub.id}"] circle`).catch(() => {});
  await shot("graph-dark.png");
  noErrors("graph.html (dark)");
} catch (e) {
  check("browser run", false, e.stack);
} finally {
  await browser.close();
}
for (const s of shots) console.log(`screenshot: ${s}`);
finish();
