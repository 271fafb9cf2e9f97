// Browser checks of navigation (issue 13, part 4), on a vault this script writes into a temp folder:
// the explorer (the folder tree drawn from the shared assets/nav.js, each top-level folder's notes from its own
// nav/SHARD.js loaded when one of its folders is open: expand and collapse, only open folders in the page, the
// current note highlighted, its folders open and its row scrolled into view, open folders remembered across page
// loads, long folders shown in chunks), all on file://; a phone: the header with the
// search stays on screen when scrolled, the tree behind the menu button, nothing wider than the screen (a long
// URL, a wide table with its scroll hint, math); the local graph's labels at least 10 px and none on another.
//
//   node tests/browser/explorer.mjs BINARY
//
// Prints "N passed, M failed" last; exits 1 on any failure, 0 (skipped) without chromium. Screenshots are left
// in the temp folder.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { check, finish, launch, requireChromium } from "./harness.mjs";

requireChromium();
const { chromium } = await import("playwright-core");
const binary = process.argv[2];
if (!binary) {
  console.error("usage: node tests/browser/explorer.mjs BINARY");
  process.exit(2);
}

// ---------- the vault ----------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "studywiki-explorer-"));
const vault = path.join(tmp, "vault"), site = path.join(tmp, "public");
function write(rel, text) {
  fs.mkdirSync(path.dirname(path.join(vault, rel)), { recursive: true });
  fs.writeFileSync(path.join(vault, rel), text);
}
const pad = (i) => String(i).padStart(3, "0");
// A folder of 230 notes (more than one chunk of the tree), a deep folder, a few others, notes at the top.
for (let i = 1; i <= 230; i++) write(`大文件夹/条目 ${pad(i)}.md`, `# 条目 ${pad(i)}\n\n大文件夹里的第 ${i} 篇笔记。\n`);
const neighbours = ["分布式事务与两阶段提交", "一致性哈希环", "数据库连接池调优", "缓存穿透与缓存雪崩", "消息队列的顺序消费",
  "服务发现与健康检查", "限流算法令牌桶", "熔断与降级策略", "读写分离与主从延迟", "分库分表的路由规则", "索引下推与覆盖索引",
  "MVCC 与快照读", "Redis 持久化 RDB", "Redis 持久化 AOF", "TCP 三次握手", "HTTP 缓存头"];
neighbours.forEach((t, i) => write(`后端/数据库/MySQL/${t}.md`, `# ${t}\n\n第 ${i + 1} 篇，链接到 [[宽页面]]。#后端 #数据库\n`));
const longUrl = "https://example.com/" + "a-very-long-path-segment-without-any-break-".repeat(6) + "end.html";
const longWord = "Supercalifragilistic" + "Abcdefghij".repeat(6);
const wideRow = (c) => "| " + Array.from({ length: 12 }, (_, i) => `${c}${i} 很长很长的单元格内容`).join(" | ") + " |";
write("后端/数据库/MySQL/宽页面.md", `# 宽页面

一个很长的链接：[${longUrl}](${longUrl})，还有裸链接 ${longUrl} 。

- 列表里的链接 [${longUrl}](${longUrl})
- 列表里的长词 ${longWord}

> [!note] 标注里的 ${longUrl}
> 还有 \`${longWord}\`

## 标题里的长词 ${longWord}

${wideRow("列")}
${"|---".repeat(12)}|
${wideRow("值")}
${wideRow("数")}
${wideRow("式").replace(/[^|]*\|$/, " $\\sum_{i=1}^{n} x_i^2$ |")}

行内公式 $\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$ 和一个很宽的公式：

$$
\\int_0^1 f(x)\\,dx + \\sum_{k=1}^{100} \\frac{k^2 + 2k + 1}{k^3 - 3k + 7} + \\prod_{j=1}^{50} \\left(1 + \\frac{1}{j^2}\\right) + \\lim_{n \\to \\infty} \\left(1 + \\frac{1}{n}\\right)^n
$$

${neighbours.map((t) => `[[${t}]]`).join("、")}

#后端 #数据库 #性能
` + "\n正文段落。\n".repeat(60));
for (const n of ["TCP 三次握手", "UDP 与 QUIC", "DNS 解析"]) write(`网络/${n}.md`, `# ${n}\n\n网络笔记。\n`);
for (const n of ["Dockerfile 写法", "Kubernetes 入门"]) write(`容器/${n}.md`, `# ${n}\n\n容器笔记。\n`);
write("随手记.md", "# 随手记\n\n顶层的一篇笔记。\n");
write(`后端/${longWord}.md`, `源文件名和标题都是一个很长的词，面包屑里也是。\n`);
write("index.md", "# 导航测试\n\n首页。\n");

const r = spawnSync(path.resolve(binary), ["build", "--source", vault, "--out", site, "--quiet"], { encoding: "utf8" });
if (!check("the test vault builds", r.status === 0, `exit ${r.status}\n${r.stderr}`)) finish();
const url = (rel) => pathToFileURL(path.join(site, rel)).href;
// A small English vault for the local graph's labels at the side of its box.
const edgeVault = path.join(tmp, "edge-vault"), edgeSite = path.join(tmp, "edge-public");
for (const [rel, text] of [
  ["index.md", "# Field Notes\n\nStart with [[TCP Handshake]] or [[Git Workflow]].\n"],
  ["networking/TCP Handshake.md", "---\ntags: [networking, tcp]\n---\n# TCP Handshake\n\nSYN, SYN-ACK, ACK. Then [[Congestion Control]].\n"],
  ["networking/Congestion Control.md", "# Congestion Control\n\nBuilds on [[TCP Handshake]]. #networking\n"],
  ["tools/Git Workflow.md", "# Git Workflow\n\nSmall commits; aliases in [[Shell Aliases]].\n"],
  ["tools/Shell Aliases.md", "# Shell Aliases\n\nUsed by [[Git Workflow]]. #tools\n"],
]) {
  fs.mkdirSync(path.dirname(path.join(edgeVault, rel)), { recursive: true });
  fs.writeFileSync(path.join(edgeVault, rel), text);
}
const re = spawnSync(path.resolve(binary), ["build", "--source", edgeVault, "--out", edgeSite, "--quiet"], { encoding: "utf8" });
check("the small English vault builds", re.status === 0, `exit ${re.status}\n${re.stderr}`);
const deep = "后端/数据库/mysql/宽页面.html", big = "大文件夹/条目-150.html";

const browser = await launch(chromium);
const errors = [];
function watch(page) {
  page.setDefaultTimeout(10000);
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: console: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  return page;
}
function noErrors(label) {
  const mine = errors.splice(0);
  check(`no console or page errors (${label})`, mine.length === 0, mine.join("\n  "));
}
async function attempt(name, fn) {
  try { await fn(); } catch (e) { check(name, false, e.message.split("\n")[0]); }
}
const shots = [];
async function shot(page, name, opts) {
  const file = path.join(tmp, name);
  await page.waitForTimeout(200);
  await page.screenshot({ path: file, ...opts });
  shots.push(file);
}
// What the tree shows: open folders (their path from the top, by titles), rows in the page, the current row.
const treeState = (page) => page.evaluate(() => {
  const path = (li) => {
    const parts = [];
    for (let e = li; e && e.matches && e.matches("li.dir"); e = e.parentElement.closest("li.dir")) parts.unshift(e.querySelector(":scope > .row .nav-title").textContent);
    return parts.join("/");
  };
  const cur = document.querySelector(".site-nav a[aria-current=page]");
  const side = document.querySelector(".sidebar").getBoundingClientRect(), r = cur && cur.getBoundingClientRect();
  return {
    open: [...document.querySelectorAll(".site-nav li.dir")].filter((li) => li.querySelector(":scope > .row > .twist").getAttribute("aria-expanded") === "true").map(path),
    rows: document.querySelectorAll(".site-nav ul.tree li").length,
    current: cur ? (cur.querySelector(".nav-title") || cur).textContent : null,
    currentShown: !!r && r.height > 0 && r.top >= side.top && r.bottom <= Math.min(side.bottom, innerHeight),
    more: [...document.querySelectorAll(".site-nav li.more button")].map((b) => b.textContent),
  };
});
// The local graph's labels that show: their size on screen, any two that overlap, any not inside the frame.
async function labels(p) {
  return p.evaluate(() => {
    const svg = document.querySelector("svg.graph[data-kind=local]");
    if (!svg) return null;
    const shown = [...svg.querySelectorAll("text.label")].filter((t) => getComputedStyle(t).opacity !== "0" && !t.classList.contains("hidden"));
    const boxes = shown.map((t) => { const r = t.getBoundingClientRect(); return { t: t.textContent, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom, px: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a }; });
    const frame = svg.getBoundingClientRect(), overlaps = [];
    const outside = boxes.filter((b) => b.x0 < frame.left - 0.5 || b.x1 > frame.right + 0.5 || b.y0 < frame.top - 0.5 || b.y1 > frame.bottom + 0.5).map((b) => b.t);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5) overlaps.push(`${a.t} / ${b.t}`);
      }
    return { nodes: svg.querySelectorAll("a.node").length, shown: boxes.length, minPx: Math.min(...boxes.map((b) => b.px)), overlaps, outside,
             texts: boxes.map((b) => b.t) };
  });
}
// The explorer's note shards the page has loaded (script tags), by the top-level folder they are for.
const loadedShards = (page) => page.evaluate(() => [...document.querySelectorAll('script[src*="nav/"]')].map((s) => s.getAttribute("src").replace(/^.*nav\//, "")).sort());
const shardOf = (top) => {   // nav/NAME.js holding top-level folder `top`'s notes ("" for the root's own)
  const m = /swNav\((.*)\);\n$/s.exec(fs.readFileSync(path.join(site, "assets/nav.js"), "utf8"));
  const tree = JSON.parse(m[1]);
  const f = top === "" ? tree : tree[3].find((f) => f[0] === top);
  return f && f[5] + ".js";
};
const settled = (page) => page.waitForFunction(() => !document.querySelector(".site-nav li.loading"));
const twist = (page, title) => page.locator(".site-nav li.dir > .row", { hasText: title }).first().locator(".twist");

// ---------- the explorer, on file:// ----------
const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = watch(await ctx.newPage());
try {
  await attempt("explorer: the current note revealed", async () => {
    await page.goto(url(deep), { waitUntil: "load" });
    const s = await treeState(page);
    check("explorer: the current note is marked (aria-current=page)", s.current === "宽页面", JSON.stringify(s.current));
    check("explorer: its folders are open, others closed", JSON.stringify(s.open) === JSON.stringify(["后端", "后端/数据库", "后端/数据库/MySQL"]), JSON.stringify(s.open));
    check("explorer: only open folders' rows are in the page", s.rows > 20 && s.rows < 40, `${s.rows} rows`);
    check("explorer: the current note's row is in view", s.currentShown, JSON.stringify(s));
    const weight = fs.statSync(path.join(site, deep)).size, tree = fs.readFileSync(path.join(site, "assets/nav.js"), "utf8");
    const html = fs.readFileSync(path.join(site, deep), "utf8");
    check("explorer: the folder tree is in assets/nav.js, not in the page", tree.includes("大文件夹") && tree.includes("容器") && !html.includes("条目 150") && !html.includes("Kubernetes"), `nav.js ${tree.length} B, page ${weight} B`);
    const big = fs.readFileSync(path.join(site, "nav", shardOf("大文件夹")), "utf8");
    check("explorer: the notes are in their top folder's nav/SHARD.js, not in assets/nav.js", !tree.includes("条目") && !tree.includes("Kubernetes") && big.includes("条目 150") && !big.includes("Kubernetes"), `nav.js ${tree.length} B`);
    const loaded = await loadedShards(page);
    check("explorer: the page loads its top folder's notes and the root's, no other", JSON.stringify(loaded) === JSON.stringify([shardOf(""), shardOf("后端")].sort()), JSON.stringify(loaded));
    check("explorer: no loading row left", (await page.locator(".site-nav li.loading").count()) === 0);
    await shot(page, "explorer-deep.png");
  });

  await attempt("explorer: a long folder", async () => {
    await page.goto(url(big), { waitUntil: "load" });
    const s = await treeState(page);
    check("explorer: note 150 of a 230-note folder is marked and scrolled into view", s.current === "条目 150" && s.currentShown, JSON.stringify(s));
    check("explorer: a long folder shows its first 200 rows and a button for the rest", s.rows >= 200 && s.rows < 215 && s.more.length === 1 && /30/.test(s.more[0]), JSON.stringify({ rows: s.rows, more: s.more }));
    const scrolled = await page.$eval(".sidebar", (e) => e.scrollTop);
    check("explorer: the sidebar scrolled, not the page", scrolled > 500 && (await page.evaluate(() => scrollY)) === 0, `sidebar ${scrolled}`);
    await shot(page, "explorer-long.png");
    await page.click(".site-nav li.more button");
    const after = await treeState(page);
    check("explorer: the button shows the rest", after.more.length === 0 && after.rows >= 230, JSON.stringify({ rows: after.rows, more: after.more }));
    // A folder above the current row opened (the row in view): its sub-folder and a loading row show at once, its
    // notes when its shard arrives, and then the current row stays where it was. First with the browser's scroll
    // anchoring off (Safari has none, so explorer.js keeps the row in place itself), then on, as chromium ships it
    // (explorer.js and the browser must not both move it).
    for (const anchoring of ["none", "auto"]) {
      if (anchoring === "none") await page.addStyleTag({ content: "* { overflow-anchor: none !important; }" });
      else await page.goto(url(big), { waitUntil: "load" });
      const opening = await page.evaluate(() => {
        const cur = () => document.querySelector(".site-nav a[aria-current=page]");
        cur().scrollIntoView({ block: "center" });
        const side = document.querySelector(".sidebar").getBoundingClientRect(), r = cur().getBoundingClientRect();
        const li = [...document.querySelectorAll(".site-nav li.dir")].find((li) => li.querySelector(":scope > .row .nav-title").textContent === "后端");
        li.querySelector(":scope > .row > .twist").click();
        return { shown: r.top >= side.top && r.bottom <= Math.min(side.bottom, innerHeight), loading: document.querySelectorAll(".site-nav li.loading").length,
                 top: cur().getBoundingClientRect().top };
      });
      await settled(page);
      const landed = await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() =>
        done(document.querySelector(".site-nav a[aria-current=page]").getBoundingClientRect().top)))));
      check(`explorer: notes drawn above the current row once their shard arrives do not move it (scroll anchoring ${anchoring})`,
        opening.shown && opening.loading === 1 && Math.abs(landed - opening.top) < 1, JSON.stringify({ opening, landed }));
      await twist(page, "后端").click();   // closed again, not remembered for the checks below
    }
    noErrors("explorer pages");
  });

  await attempt("explorer: a folder the reader opens", async () => {
    // The reader clicks a folder row in view above the current row: the clicked row stays where it was and its
    // first notes show beneath it when its shard arrives (not scrolled away to keep the current row in place).
    for (const anchoring of ["none", "auto"]) {
      await page.goto(url("网络/tcp-三次握手.html"), { waitUntil: "load" });
      if (anchoring === "none") await page.addStyleTag({ content: "* { overflow-anchor: none !important; }" });
      const row = page.locator(".site-nav li.dir > .row", { hasText: "大文件夹" }).first();
      const before = await row.evaluate((r) => r.getBoundingClientRect().top);
      await row.locator(".twist").click();
      await settled(page);
      const after = await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
        const side = document.querySelector(".sidebar").getBoundingClientRect();
        const row = [...document.querySelectorAll(".site-nav li.dir > .row")].find((r) => r.querySelector(".nav-title").textContent === "大文件夹");
        const first = [...document.querySelectorAll(".site-nav li.file a")].find((a) => a.textContent === "条目 001").getBoundingClientRect();
        done({ top: row.getBoundingClientRect().top, firstShown: first.top >= side.top && first.bottom <= Math.min(side.bottom, innerHeight) });
      }))));
      check(`explorer: a folder the reader opens above the current row stays put, its notes beneath it (scroll anchoring ${anchoring})`,
        Math.abs(after.top - before) < 1 && after.firstShown, JSON.stringify({ before, after }));
      await row.locator(".twist").click();   // closed again, not remembered
    }
    noErrors("a folder the reader opens");
  });

  await attempt("explorer: expand and collapse", async () => {
    await page.goto(url(deep), { waitUntil: "load" });
    check("explorer: a closed folder has no rows in the page", (await page.locator(".site-nav li.dir", { hasText: "网络" }).first().locator("li").count()) === 0);
    check("explorer: a closed top folder's notes are not loaded", !(await loadedShards(page)).includes(shardOf("网络")));
    // Opening it: a loading row at once (the click and the look in one task, before its shard can arrive), then its notes.
    const first = await page.evaluate(() => {
      const li = [...document.querySelectorAll(".site-nav li.dir")].find((li) => li.querySelector(":scope > .row .nav-title").textContent === "网络");
      li.querySelector(":scope > .row > .twist").click();
      const wait = li.querySelector("li.loading");
      return { loading: wait ? wait.textContent : null, busy: wait && wait.getAttribute("aria-busy"), files: li.querySelectorAll("li.file").length };
    });
    check("explorer: a top folder opened shows a loading row until its notes arrive", first.loading === "加载中…" && first.busy === "true" && first.files === 0, JSON.stringify(first));
    await settled(page);
    check("explorer: then its shard is loaded", (await loadedShards(page)).includes(shardOf("网络")), JSON.stringify(await loadedShards(page)));
    const opened = await treeState(page);
    const netRows = await page.locator(".site-nav li.dir", { hasText: "网络" }).first().locator("li.file a").allTextContents();
    check("explorer: clicking a folder's arrow opens it", opened.open.includes("网络") && netRows.length === 3 && netRows.includes("TCP 三次握手"), JSON.stringify({ open: opened.open, netRows }));
    await twist(page, "网络").click();
    const closed = await treeState(page);
    const visible = await page.locator(".site-nav li.dir", { hasText: "网络" }).first().locator("li.file").first().isVisible();
    check("explorer: clicking it again closes it", !closed.open.includes("网络") && !visible, JSON.stringify(closed.open));
    await twist(page, "MySQL").click();
    check("explorer: the current note's own folder closes too", !(await treeState(page)).open.includes("后端/数据库/MySQL"));
  });

  await attempt("explorer: open folders remembered", async () => {
    await page.goto(url(deep), { waitUntil: "load" });
    await twist(page, "容器").click();
    await page.goto(url("网络/tcp-三次握手.html"), { waitUntil: "load" });
    let s = await treeState(page);
    check("explorer: a folder opened on one page is open on the next (file://)", s.open.includes("容器") && s.open.includes("网络") && s.current === "TCP 三次握手", JSON.stringify(s.open));
    check("explorer: a note in a second top folder is marked and in view once its shard is loaded", s.currentShown && (await loadedShards(page)).includes(shardOf("网络")), JSON.stringify(s));
    await settled(page);
    const boxes = await page.locator(".site-nav li.dir", { hasText: "容器" }).first().locator("li.file a").allTextContents();
    check("explorer: the folder opened on page 1 shows its notes on page 2", JSON.stringify(boxes.sort()) === JSON.stringify(["Dockerfile 写法", "Kubernetes 入门"]), JSON.stringify(boxes));
    await twist(page, "容器").click();
    await page.reload({ waitUntil: "load" });
    s = await treeState(page);
    check("explorer: a folder closed stays closed after a reload", !s.open.includes("容器"), JSON.stringify(s.open));
    await page.goto(url("index.html"), { waitUntil: "load" });
    s = await treeState(page);
    check("explorer: on the home page nothing is current and only remembered folders are open", s.current === null && !s.open.includes("网络") && !s.open.includes("后端"), JSON.stringify(s));
    await page.goto(url("后端/数据库/index.html"), { waitUntil: "load" });
    s = await treeState(page);
    check("explorer: a folder page marks its folder and opens it", s.current === "数据库" && s.open.includes("后端/数据库"), JSON.stringify(s));
    noErrors("explorer state");
  });

  await attempt("all notes", async () => {
    await page.goto(url("index.html"), { waitUntil: "load" });
    await page.click("a.more-link, .more-link a");
    await page.waitForLoadState("load");
    const n = await page.$$eval(".all-notes .note-link", (a) => a.length);
    check("all notes: the home page links to all.html, which lists every note", page.url().endsWith("/all.html") && n === 230 + 16 + 1 + 3 + 2 + 1 + 1, `${page.url()} ${n}`);
    const inNav = await page.$eval(".site-nav li.all a[aria-current=page] .nav-title", (a) => a.textContent).catch(() => null);
    check("all notes: the explorer's first row links to it and marks it", inNav === "全部笔记", String(inNav));
    await page.goto(url(deep), { waitUntil: "load" });
    const first = await page.$eval(".site-nav ul.tree > li:first-child a", (a) => ({ href: a.getAttribute("href"), text: a.textContent }));
    check("all notes: every page's explorer starts with it, with the note count", first.href === "../../../all.html" && first.text === "全部笔记254", JSON.stringify(first));
    noErrors("all.html");
  });

  // ---------- the local graph ----------
  await attempt("local graph labels (desktop)", async () => {
    await page.goto(url(deep), { waitUntil: "load" });
    await page.waitForSelector("svg.graph[data-kind=local] text.label");
    const l = await labels(page);
    check("local graph: labels are at least 10 px, none overlaps another or leaves the frame (1280 px)", l && l.nodes >= 12 && l.shown >= 3 && l.minPx >= 10 && l.overlaps.length === 0 && l.outside.length === 0, JSON.stringify(l));
    await page.hover("svg.graph[data-kind=local] a.node.current circle");
    const h = await labels(page);
    check("local graph: hovering the note shows no overlapping labels either", h.overlaps.length === 0, JSON.stringify(h.overlaps));
    await page.locator(".local-graph").screenshot({ path: path.join(tmp, "local-graph-desktop.png") });
  });
  // A neighbour on the side of the box with a long title (Congestion Control, right of TCP Handshake, whose
  // own label sits below it): its label goes above its node, moved in from the side, rather than hidden.
  await attempt("local graph: a long label on the side of the box", async () => {
    for (const scheme of [[1280, 900], [375, 812]]) {
      await page.setViewportSize({ width: scheme[0], height: scheme[1] });
      await page.goto(pathToFileURL(path.join(edgeSite, "networking/tcp-handshake.html")).href, { waitUntil: "load" });
      await page.evaluate(() => document.querySelector(".local-graph").scrollIntoView({ block: "center" }));
      await page.waitForSelector("svg.graph[data-kind=local] text.label");
      const l = await labels(page);
      check(`local graph: every neighbour labelled, inside the frame, none overlapping (${scheme[0]} px)`,
        l && ["TCP Handshake", "Congestion Control", "Field Notes", "#tcp", "#networking"].every((t) => l.texts.includes(t)) &&
        l.outside.length === 0 && l.overlaps.length === 0 && l.minPx >= 10, JSON.stringify(l));
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
} catch (e) {
  check("explorer checks ran to the end", false, e.message.split("\n")[0]);
}

// ---------- a phone ----------
const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
const p = watch(await phone.newPage());
try {
  await attempt("phone: no horizontal overflow", async () => {
    await p.goto(url(deep), { waitUntil: "load" });
    await p.waitForFunction(() => document.querySelectorAll(".katex").length >= 3, null, { timeout: 10000 }).catch(() => {});
    const o = await p.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: innerWidth, katex: document.querySelectorAll(".katex").length,
      wide: [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest("table, .katex-display, .math-display, pre, .nav-scroll")).map((e) => e.tagName + "." + e.className).slice(0, 5) }));
    check("phone: a note with a long URL, a wide table and math is no wider than the screen (375 px)", o.iw === 375 && o.sw <= o.iw && o.katex >= 3, JSON.stringify(o));
    const t = await p.$eval(".content table", (t) => ({ sw: t.scrollWidth, cw: t.clientWidth, cls: t.className, mask: getComputedStyle(t).webkitMaskImage || getComputedStyle(t).maskImage }));
    check("phone: the wide table scrolls and shows a faded edge on the side with more", t.sw > t.cw && /scroll-x/.test(t.cls) && /more-right/.test(t.cls) && /gradient/.test(t.mask), JSON.stringify(t));
    await p.$eval(".content table", (t) => { t.scrollLeft = t.scrollWidth; });
    await p.waitForTimeout(100);
    const end = await p.$eval(".content table", (t) => t.className);
    check("phone: scrolled to its end, the hint moves to the other side", /more-left/.test(end) && !/more-right/.test(end), end);
    await shot(p, "phone-top.png");
    await p.evaluate(() => document.querySelector(".content table").scrollIntoView({ block: "center" }));
    await shot(p, "phone-table.png");
  });

  await attempt("phone: sticky header", async () => {
    await p.evaluate(() => window.scrollTo(0, 2500));
    await p.waitForTimeout(200);
    const h = await p.evaluate(() => {
      const s = document.querySelector(".sw-search-input, #search input, .search input"), r = s && s.getBoundingClientRect(), hd = document.querySelector(".sidebar").getBoundingClientRect();
      return { y: scrollY, input: r && { top: r.top, bottom: r.bottom }, header: { top: hd.top, height: hd.height } };
    });
    check("phone: scrolled down, the header with the search box is still on screen", h.y > 1000 && h.input && h.input.top >= 0 && h.input.bottom <= 200 && h.header.top === 0, JSON.stringify(h));
    check("phone: the header stays small", h.header.height <= 130, JSON.stringify(h.header));
    await shot(p, "phone-scrolled.png");
    check("phone: the tree is behind the menu button", !(await p.locator(".site-nav ul.tree").isVisible()));
    await p.click(".nav-toggle");
    const s = await treeState(p);
    check("phone: the menu button shows the tree with the current note in view", (await p.locator(".site-nav ul.tree").isVisible()) && s.current === "宽页面" && s.currentShown, JSON.stringify(s));
    const o = await p.evaluate(() => innerWidth === 375 && document.documentElement.scrollWidth <= innerWidth);
    check("phone: the open menu is no wider than the screen", o);
    await shot(p, "phone-menu.png");
    await p.keyboard.press("Escape");
    check("phone: Escape closes the menu", !(await p.locator(".site-nav ul.tree").isVisible()));
  });

  await attempt("phone: local graph labels", async () => {
    await p.evaluate(() => document.querySelector(".local-graph").scrollIntoView({ block: "center" }));
    await p.waitForSelector("svg.graph[data-kind=local] text.label");
    const l = await labels(p);
    check("local graph: labels are at least 10 px, none overlaps another or leaves the frame (375 px)", l && l.shown >= 3 && l.minPx >= 10 && l.overlaps.length === 0 && l.outside.length === 0, JSON.stringify(l));
    await p.locator(".local-graph").screenshot({ path: path.join(tmp, "local-graph-phone.png") });
  });

  await attempt("phone: pages without overflow", async () => {
    for (const rel of ["index.html", "all.html", "大文件夹/index.html", "tags/index.html", "graph.html", `后端/${longWord.toLowerCase()}.html`]) {
      await p.goto(url(rel), { waitUntil: "load" });
      const o = await p.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: innerWidth }));
      check(`phone: ${rel} is no wider than the screen`, o.iw === 375 && o.sw <= o.iw, JSON.stringify(o));
    }
    await shot(p, "phone-graph.png");
    noErrors("phone pages");
  });
} catch (e) {
  check("phone checks ran to the end", false, e.message.split("\n")[0]);
}
await browser.close();
console.log(`screenshots in ${tmp}`);
finish();
