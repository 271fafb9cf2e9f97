// Browser checks of what real vaults put in the page (tests/fixtures/real-vault):
// Typora's raw-HTML figures load and are centred, missing images show as a
// visible box, KaTeX renders good TeX and shows bad TeX as its source with
// its dollar signs (not a red error), audio/video players are there, no
// script from an attack note runs, and no page logs an error.
//
//   node tests/browser/vault.mjs BINARY
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
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "studywiki-vault-"));
const site = path.join(tmp, "public");
const binary = process.argv[2];
if (!binary) {
  console.error("usage: node tests/browser/vault.mjs BINARY");
  process.exit(2);
}
const r = spawnSync(path.resolve(binary),
  ["build", "--site", path.join(ROOT, "tests", "fixtures", "real-vault"), "--out", site, "--quiet"], { encoding: "utf8" });
if (!check("real-vault builds", r.status === 0, `exit ${r.status}\n${r.stderr}`)) finish();
const url = (rel) => pathToFileURL(path.join(site, rel)).href;

const browser = await launch(chromium);
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
page.setDefaultTimeout(10000);
const errors = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
page.on("pageerror", (e) => errors.push(e.message));
const dialogs = [];
page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
function noErrors(label, allow = () => false) {
  const mine = errors.splice(0).filter((e) => !allow(e));
  check(`no console or page errors on ${label}`, mine.length === 0, mine.join("\n  "));
}

try {
  // Typora: raw-HTML figures load, a centred one is centred, <br> breaks a table cell.
  await page.goto(url("typora/os-process-scheduling.html"), { waitUntil: "load" });
  const imgs = await page.$$eval(".content img", (els) => els.map((e) => ({ src: e.getAttribute("src"), w: e.naturalWidth, shown: e.getBoundingClientRect().width })));
  check("typora: every figure loads from file://", imgs.length >= 3 && imgs.every((i) => i.w > 0), JSON.stringify(imgs));
  const centred = await page.$eval(".content .align-center img", (img) => {
    const r = img.getBoundingClientRect(), c = img.closest(".content").getBoundingClientRect();
    return Math.abs((r.left + r.right) / 2 - (c.left + c.right) / 2);
  });
  check("typora: a <div align=center> figure is centred", centred < 3, `off by ${centred}px`);
  const zoomed = await page.$$eval(".content img[style]", (els) => els.map((e) => e.getBoundingClientRect().width / e.closest(".content").getBoundingClientRect().width));
  check("typora: zoom:N% becomes that share of the width", zoomed.length > 0 && zoomed.every((f) => f > 0.2 && f <= 1.0), JSON.stringify(zoomed));
  const brCell = await page.$$eval(".content td", (tds) => tds.filter((td) => td.querySelector("br")).length);
  check("typora: <br> inside table cells is a line break", brCell > 0);
  const box = await page.$eval(".content .broken-image", (e) => ({ w: e.getBoundingClientRect().width, h: e.getBoundingClientRect().height, text: e.textContent }));
  check("typora: a missing figure is a visible box naming its path", box.w > 40 && box.h > 20 && /mlfq-detail\.png/.test(box.text), JSON.stringify(box));
  noErrors("typora/os-process-scheduling.html", (e) => /ERR_FILE_NOT_FOUND/.test(e));

  // Attacks: nothing runs.
  await page.goto(url("typora/web-xss-笔记.html"), { waitUntil: "load" });
  await page.waitForTimeout(300);
  const pwned = await page.evaluate(() => window.__pwned || document.title.includes("pwned"));
  check("typora: no script from the attack note runs (no dialog, no global)", dialogs.length === 0 && !pwned, dialogs.join(", "));
  noErrors("typora/web-xss-笔记.html", (e) => /ERR_FILE_NOT_FOUND|ERR_NAME_NOT_RESOLVED|net::/.test(e));

  // Media and math.
  await page.goto(url("media/分布式共识课程资料.html"), { waitUntil: "load" });
  await page.waitForFunction(() => document.querySelectorAll("[data-tex]").length >= 2, null, { timeout: 10000 }).catch(() => {});
  const math = await page.$$eval("[data-tex]", (els) => els.map((e) => ({ cls: e.className, text: e.textContent, katex: !!e.querySelector(".katex"), error: !!e.querySelector(".katex-error") })));
  check("math: good TeX is rendered by KaTeX", math.some((m) => m.katex && !m.error), JSON.stringify(math));
  const bad = math.find((m) => m.text.includes("quorumsize"));
  check("math: TeX KaTeX cannot parse shows as written, dollars included", bad && bad.text === "$\\quorumsize{n}$" && !bad.error && bad.cls === "math-source", JSON.stringify(bad));
  const players = await page.evaluate(() => ({
    audio: document.querySelectorAll(".content audio[controls]").length,
    video: document.querySelectorAll(".content video[controls]").length,
    frames: [...document.querySelectorAll(".content iframe")].map((f) => f.getAttribute("src")),
  }));
  check("media: audio and video players with controls", players.audio === 1 && players.video === 1, JSON.stringify(players));
  check("media: video sites load from their privacy-friendly hosts only", players.frames.length === 2 &&
        players.frames.every((s) => s.startsWith("https://www.youtube-nocookie.com/embed/") || s.startsWith("https://player.bilibili.com/")), JSON.stringify(players.frames));
  const sized = await page.$$eval(".content img[width]", (els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
  check("media: ![250](x.png) and ![alt|300](x.png) set the width", JSON.stringify(sized) === "[250,300]", JSON.stringify(sized));
  const boxes = await page.$$eval(".content .broken-image", (els) => els.map((e) => e.getBoundingClientRect().height));
  check("media: missing images are visible boxes", boxes.length === 2 && boxes.every((h) => h > 20), JSON.stringify(boxes));
  await page.screenshot({ path: path.join(tmp, "media.png"), fullPage: true });
  // The players' own hosts cannot be reached here; their failures are not the page's.
  noErrors("media/分布式共识课程资料.html", (e) => /net::|ERR_|youtube|bilibili|Failed to load resource/.test(e));
} catch (e) {
  check("browser checks ran to the end", false, e.message.split("\n")[0]);
}
await browser.close();
console.log(`screenshots in ${tmp}`);
finish();
