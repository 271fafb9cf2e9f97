// Browser checks of code, diagrams and images (tests/fixtures/code), from file://:
// highlighted code follows the light/dark theme, a ```mermaid block becomes an
// SVG (and is drawn again in the dark theme), a page without one never loads
// Mermaid, an image opens large with the keyboard and Escape gives focus back,
// transparent images keep a light backing in the dark, and the copy button is
// there on a touch screen. Screenshots (light and dark, desktop and phone) are
// left in the temp folder.
//
//   node tests/browser/code.mjs BINARY
//
// Prints "N passed, M failed" last; exits 1 on any failure, 0 (skipped) without chromium.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, check, finish, launch, requireChromium } from "./harness.mjs";

requireChromium();

const { chromium } = await import("playwright-core");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "studywiki-code-"));
const site = path.join(tmp, "public");
const binary = process.argv[2];
if (!binary) {
  console.error("usage: node tests/browser/code.mjs BINARY");
  process.exit(2);
}
const r = spawnSync(path.resolve(binary),
  ["build", "--site", path.join(ROOT, "tests", "fixtures", "code"), "--out", site, "--quiet"], { encoding: "utf8" });
if (!check("code fixture builds", r.status === 0, `exit ${r.status}\n${r.stderr}`)) finish();
const url = (rel) => pathToFileURL(path.join(site, rel)).href;
const NOTE = "代码与图表.html";

const browser = await launch(chromium);
const errors = [];
function watch(page) {
  page.setDefaultTimeout(15000);
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: console: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  return page;
}
function noErrors(label) {
  const mine = errors.splice(0);
  check(`no console or page errors on ${label}`, mine.length === 0, mine.join("\n  "));
}
async function attempt(name, fn) {
  try { await fn(); } catch (e) { check(name, false, e.message.split("\n")[0]); }
}
const diagram = (page) => page.waitForSelector("pre.mermaid.mermaid-drawn svg", { timeout: 20000 });
const setTheme = (page, theme) => page.evaluate((t) => document.documentElement.setAttribute("data-theme", t), theme);
// Waits until the diagram was drawn again for `theme` (Mermaid's dark theme has a dark node fill).
async function drawnFor(page, theme) {
  await page.waitForFunction((dark) => {
    const rect = document.querySelector("pre.mermaid svg .node rect, pre.mermaid svg .node polygon");
    if (!rect) return false;
    const m = /rgb\((\d+), (\d+), (\d+)/.exec(getComputedStyle(rect).fill);
    if (!m) return false;
    const lum = (+m[1] + +m[2] + +m[3]) / 3;
    return dark ? lum < 110 : lum > 150;
  }, theme === "dark", { timeout: 20000 });
}

try {
  // ---------- desktop ----------
  const desk = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage());
  await desk.goto(url(NOTE), { waitUntil: "load" });

  await attempt("mermaid: the diagram renders as an SVG from file://", async () => {
    await diagram(desk);
    const d = await desk.$eval("pre.mermaid", (pre) => ({
      labels: [...pre.querySelectorAll("svg .nodeLabel, svg text")].map((t) => t.textContent).join(" "),
      w: pre.querySelector("svg").getBoundingClientRect().width,
      role: pre.querySelector("svg").getAttribute("role"),
    }));
    check("mermaid: the diagram renders as an SVG from file://", d.w > 100 && /负载均衡/.test(d.labels) && d.role === "img", JSON.stringify(d));
  });
  await attempt("mermaid: light theme", async () => { await drawnFor(desk, "light"); check("mermaid: drawn with the light theme", true); });

  const colours = () => desk.evaluate(() => {
    const c = (sel) => { const e = document.querySelector(sel); return e ? getComputedStyle(e).color : null; };
    return { keyword: c(".language-python .hl-keyword"), string: c(".language-python .hl-string"), comment: c(".language-python .hl-comment"),
             plain: getComputedStyle(document.querySelector(".language-python")).color };
  });
  const light = await colours();
  check("highlight: keywords, strings and comments have colours of their own (light)",
    light.keyword && light.keyword !== light.plain && light.string !== light.plain && light.comment !== light.plain, JSON.stringify(light));
  const spans = await desk.$$eval(".content pre code span[style]", (s) => s.length);
  check("highlight: no inline styles in the code", spans === 0, `${spans} styled spans`);
  const plain = await desk.$eval(".language-nosuchlang", (c) => ({ spans: c.querySelectorAll("span").length, text: c.textContent }));
  check("highlight: an unknown language is plain text, its < and & shown as written",
    plain.spans === 0 && plain.text === '<tag> & "quotes" stay text\n', JSON.stringify(plain));
  const copyText = await desk.$eval(".language-cpp", (c) => c.textContent);
  check("highlight: the code's text (what the copy button copies) is the code as written",
    copyText.startsWith("#include <vector>\n// 比较：a < b && c > d\n"), JSON.stringify(copyText.slice(0, 60)));
  await desk.screenshot({ path: path.join(tmp, "desktop-light.png"), fullPage: true });

  // The image: keyboard opens it large, Escape closes, focus comes back.
  await attempt("lightbox: keyboard", async () => {
    await desk.waitForSelector(".content img[data-lightbox]");
    await desk.focus(".content img[data-lightbox]");
    await desk.keyboard.press("Enter");
    const open = await desk.evaluate(() => {
      const box = document.querySelector(".lightbox");
      const img = box && box.querySelector(".lightbox-img");
      return box && { hidden: box.hidden, modal: box.getAttribute("aria-modal"), focus: document.activeElement.className,
                      w: img.getBoundingClientRect().width, src: img.getAttribute("src") };
    });
    check("lightbox: Enter on an image opens it large, focus on the close button",
      open && !open.hidden && open.modal === "true" && open.focus === "lightbox-close" && open.w >= 480 && /imgs\//.test(open.src), JSON.stringify(open));
    await desk.screenshot({ path: path.join(tmp, "desktop-lightbox.png") });
    await desk.keyboard.press("Tab");
    check("lightbox: Tab keeps focus inside it", await desk.evaluate(() => !!document.activeElement.closest(".lightbox")));
    await desk.keyboard.press("Escape");
    const closed = await desk.evaluate(() => ({ hidden: document.querySelector(".lightbox").hidden,
      back: document.activeElement && document.activeElement.matches(".content img[data-lightbox]") }));
    check("lightbox: Escape closes it and focus returns to the image", closed.hidden && closed.back, JSON.stringify(closed));
    await desk.click(".content img[data-lightbox]");
    check("lightbox: a click opens it", await desk.evaluate(() => !document.querySelector(".lightbox").hidden));
    await desk.mouse.click(20, 20);
    check("lightbox: a click closes it", await desk.evaluate(() => document.querySelector(".lightbox").hidden));
  });

  // Dark: other colours, the diagram drawn again, images on a light backing.
  await setTheme(desk, "dark");
  const dark = await colours();
  check("highlight: the dark palette differs from the light one", dark.keyword !== light.keyword && dark.string !== light.string, JSON.stringify(dark));
  await attempt("mermaid: drawn again with the dark theme", async () => { await drawnFor(desk, "dark"); check("mermaid: drawn again with the dark theme", true); });
  const backing = await desk.$eval(".content img[data-lightbox]", (i) => getComputedStyle(i).backgroundColor);
  check("images: a light backing in the dark theme", backing === "rgb(255, 255, 255)", backing);
  await desk.screenshot({ path: path.join(tmp, "desktop-dark.png"), fullPage: true });
  noErrors(NOTE);

  // A page without a diagram does not load Mermaid.
  await desk.goto(url("普通笔记.html"), { waitUntil: "load" });
  const loaded = await desk.evaluate(() => ({ scripts: [...document.scripts].map((s) => s.src).filter((s) => /mermaid|diagrams/.test(s)), global: typeof window.mermaid }));
  check("mermaid: a page without a diagram does not load it", loaded.scripts.length === 0 && loaded.global === "undefined", JSON.stringify(loaded));
  // A diagram embedded from another note is drawn there too.
  await desk.goto(url("嵌入图表.html"), { waitUntil: "load" });
  await attempt("mermaid: an embedded diagram is drawn", async () => { await diagram(desk); check("mermaid: an embedded diagram is drawn", true); });
  noErrors("普通笔记.html, 嵌入图表.html");
  // A diagram Mermaid cannot parse shows its source as written, not an error picture.
  await desk.goto(url("坏图表.html"), { waitUntil: "load" });
  await attempt("mermaid: a broken diagram shows its source", async () => {
    await desk.waitForSelector("pre.mermaid.mermaid-error", { timeout: 20000 });
    const bad = await desk.$eval("pre.mermaid", (p) => ({ text: p.textContent, svg: !!p.querySelector("svg"), stray: document.querySelectorAll("body > div[id^=d], body > svg").length }));
    check("mermaid: a diagram it cannot parse shows its source as written", bad.text === "graph TD\n  A --> (((\n" && !bad.svg && bad.stray === 0, JSON.stringify(bad));
  });
  noErrors("坏图表.html");

  // ---------- phone (touch) ----------
  const phone = watch(await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })).newPage());
  await phone.goto(url(NOTE), { waitUntil: "load" });
  const copy = await phone.$$eval(".copy-btn", (bs) => bs.map((b) => {
    const s = getComputedStyle(b), r = b.getBoundingClientRect();
    return { display: s.display, opacity: s.opacity, w: r.width, h: r.height };
  }));
  check("copy button: shown on a touch screen, without hover", copy.length >= 4 && copy.every((c) => c.display !== "none" && c.opacity === "1" && c.w > 20 && c.h > 15), JSON.stringify(copy));
  check("copy button: the touch emulation has no hover", await phone.evaluate(() => matchMedia("(hover: none)").matches));
  await attempt("mermaid on the phone", async () => { await diagram(phone); });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check("phone: the diagram and the code do not widen the page", overflow <= 0, `${overflow}px too wide`);
  await phone.screenshot({ path: path.join(tmp, "phone-light.png"), fullPage: true });
  const cover = await phone.$$eval(".code-wrap", (ws) => ws.map((w) => {
    const b = w.querySelector(".copy-btn").getBoundingClientRect(), c = w.querySelector("code").getBoundingClientRect();
    return Math.round(b.bottom - c.top);
  }));
  check("copy button: on a touch screen it does not cover the code's first line", cover.every((d) => d <= 2), JSON.stringify(cover));
  await (await phone.$(".code-wrap")).screenshot({ path: path.join(tmp, "phone-code-light.png") });
  await setTheme(phone, "dark");
  await attempt("mermaid on the phone, dark", async () => { await drawnFor(phone, "dark"); });
  await phone.screenshot({ path: path.join(tmp, "phone-dark.png"), fullPage: true });
  await (await phone.$(".code-wrap")).screenshot({ path: path.join(tmp, "phone-code-dark.png") });
  await (await phone.$("pre.mermaid")).screenshot({ path: path.join(tmp, "phone-diagram-dark.png") });
  noErrors(`${NOTE} on a phone`);
} catch (e) {
  check("browser checks ran to the end", false, e.message.split("\n")[0]);
}
await browser.close();
console.log(`screenshots in ${tmp}`);
finish();
