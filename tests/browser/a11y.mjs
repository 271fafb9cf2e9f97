// Accessibility: axe-core (npm) on the built-in theme's pages, light and dark,
// and the interface in the reader's language.
//
//   node tests/browser/a11y.mjs BINARY
//
// Builds the demo wiki (Chinese) and tests/fixtures/i18n-en (an English vault
// without `language:`), opens them over file:// in Debian's chromium and runs
// axe on: the home page, a note with a task list and wide code, a folder page,
// a tag page, the graph page and open search results, each with the light and
// the dark theme. Fails on any violation of impact "serious" or "critical".
// Then the English vault: lang="en", the scripts' words in English (search box,
// copy button, theme button, "no results"), a broken link's and a missing
// image's tooltip, accessible name and shown label in English (and in Chinese
// in tests/fixtures/i18n-zh), and a screenshot of a note page left in the temp folder.
// Prints "N passed, M failed" last; exits 1 on any failure, 0 (skipped) without chromium.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { ROOT, check, finish, launch, requireChromium } from "./harness.mjs";

requireChromium();

const { chromium } = await import("playwright-core");
let axePath;
try {
  axePath = path.join(path.dirname(createRequire(path.join(ROOT, "package.json")).resolve("axe-core")), "axe.min.js");
} catch (e) {
  check("axe-core is installed (npm install in the repository root)", false, e.message);
  finish();
}

const binary = process.argv[2];
if (!binary) {
  console.error("usage: node tests/browser/a11y.mjs BINARY");
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "studywiki-a11y-"));
function build(site, name, okStatus = [0]) {
  const out = path.join(tmp, name);
  const r = spawnSync(path.resolve(binary), ["build", "--site", site, "--out", out, "--quiet"], { encoding: "utf8" });
  check(`${name} builds`, okStatus.includes(r.status), `exit ${r.status}\n${r.stderr}`);
  return out;
}
const demo = build(ROOT, "demo");
// i18n-en holds an embed cycle on purpose (exit 1, the page still written)
const english = build(path.join(ROOT, "tests", "fixtures", "i18n-en"), "english", [1]);
const chinese = build(path.join(ROOT, "tests", "fixtures", "i18n-zh"), "chinese", [1]);  // an embed cycle too
const url = (site, rel) => pathToFileURL(path.join(site, rel)).href;

const browser = await launch(chromium);
const errors = [];
async function newPage(scheme, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, colorScheme: scheme });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: console: ${m.text()}`); });
  return { context, page };
}
/// The words the generator wrote into a note: a broken link's tooltip, a
/// missing image's tooltip, accessible name and the label the theme shows on its box.
function missingMarks(page) {
  return page.evaluate(() => {
    const link = document.querySelector(".content .broken-link");
    const img = document.querySelector(".content .broken-image");
    return {
      link: link ? link.title : null,
      title: img ? img.title : null,
      name: img ? img.getAttribute("aria-label") : null,
      shown: img ? getComputedStyle(img, "::before").content : null,
    };
  });
}
async function attempt(name, fn) {
  try { await fn(); } catch (e) { check(name, false, e.message.split("\n")[0]); }
}

/// axe's serious and critical violations on the page as it is now, one line each.
async function violations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"], preload: false });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}x): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ") + (n.failureSummary ? " — " + n.failureSummary.split("\n").slice(1, 2).join("").trim() : "")).join("; ")}`);
  });
  return result;
}

const pages = [
  ["home", "index.html"],
  ["a note with a task list and wide code", "python/协程与-asyncio.html"],
  ["a folder page", "数据库/index.html"],
  ["a tag page", "tags/python.html"],
  ["the graph page", "graph.html"],
];

try {
  for (const scheme of ["light", "dark"]) {
    const { context, page } = await newPage(scheme);
    for (const [label, rel] of pages) {
      await attempt(`axe: ${label} (${scheme})`, async () => {
        await page.goto(url(demo, rel), { waitUntil: "load" });
        await page.waitForTimeout(200);  // transitions, graph drawing
        const found = await violations(page);
        check(`axe: ${label} (${rel}, ${scheme}): no serious or critical violations`, found.length === 0, "\n  " + found.join("\n  "));
      });
    }
    await attempt(`axe: open search results (${scheme})`, async () => {
      await page.goto(url(demo, "index.html"), { waitUntil: "load" });
      await page.fill("#sw-search-input", "redis");
      await page.waitForSelector("#sw-search-list [role=option]", { timeout: 10000 });
      await page.waitForTimeout(200);
      const found = await violations(page);
      check(`axe: open search results (${scheme}): no serious or critical violations`, found.length === 0, "\n  " + found.join("\n  "));
    });
    // the task list's checkboxes have a name; a <pre> that scrolls can take the focus
    if (scheme === "light") {
      await attempt("a11y: task checkboxes and wide code", async () => {
        await page.goto(url(demo, "python/协程与-asyncio.html"), { waitUntil: "load" });
        const boxes = await page.$$eval(".content input[type=checkbox]", (l) => l.map((b) => b.getAttribute("aria-label") || ""));
        check("a11y: every task checkbox has a name (its item's text)", boxes.length > 0 && boxes.every((n) => n.length > 0), JSON.stringify(boxes));
        const pres = await page.$$eval(".content pre", (l) => l.map((p) => p.tabIndex));
        check("a11y: code blocks are focusable (they may scroll)", pres.length > 0 && pres.every((t) => t === 0), JSON.stringify(pres));
      });
    }
    await context.close();
  }

  // ---------- an English vault: lang="en" and English words in the page and its scripts ----------
  await attempt("english vault", async () => {
    const { context, page } = await newPage("light");
    await page.goto(url(english, "guides/getting-started.html"), { waitUntil: "load" });
    const got = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      placeholder: (document.querySelector("#sw-search-input") || {}).placeholder,
      copy: (document.querySelector(".copy-btn") || {}).textContent || "",
      theme: (document.querySelector(".theme-toggle") || { getAttribute: () => "" }).getAttribute("aria-label"),
      skip: document.querySelector(".skip-link").textContent,
    }));
    check("english vault: <html lang=\"en\">", got.lang === "en", JSON.stringify(got));
    check("english vault: the scripts' words are English (search box, theme button)",
      got.placeholder === "Search notes…" && got.theme === "Switch between dark and light theme" && got.skip === "Skip to content", JSON.stringify(got));
    await page.fill("#sw-search-input", "zzzqqq");
    await page.waitForFunction(() => /No results for/.test((document.querySelector("#search [role=status]") || {}).textContent || ""), null, { timeout: 10000 });
    check("english vault: \"No results for …\" from the strings", true);
    await page.fill("#sw-search-input", "");
    await page.keyboard.press("Escape");
    const found = await violations(page);
    check("axe: english vault note page: no serious or critical violations", found.length === 0, "\n  " + found.join("\n  "));
    const marks = await missingMarks(page);
    check("english vault: a broken link and a missing image are titled, named and labelled in English",
      marks.link === "Broken link" && marks.title === "Missing image" && marks.name === "Missing image: Setup diagram" &&
      /Missing image/.test(marks.shown), JSON.stringify(marks));
    await page.screenshot({ path: path.join(tmp, "english-note.png"), fullPage: true });
    const phone = await newPage("dark", { width: 390, height: 844 });
    await phone.page.goto(url(english, "guides/getting-started.html"), { waitUntil: "load" });
    await phone.page.screenshot({ path: path.join(tmp, "english-note-phone-dark.png"), fullPage: true });
    await phone.context.close();
    await page.goto(url(chinese, "数据库/redis-持久化.html"), { waitUntil: "load" });
    const zh = await missingMarks(page);
    check("chinese vault: a broken link and a missing image are titled, named and labelled in Chinese",
      zh.link === "链接失效" && zh.title === "图片缺失" && zh.name === "图片缺失：AOF 重写流程" && /图片缺失/.test(zh.shown) &&
      !/Missing/.test(zh.shown), JSON.stringify(zh));
    await context.close();
  });
  check("no console or page errors", errors.length === 0, errors.join("\n  "));
} finally {
  await browser.close();
}
console.log(`screenshots in ${tmp}`);
finish();
