// Browser checks for the search box (templates/assets/search-ui.js), called by run.mjs.
//
// Runs on the file:// copy of the demo wiki with the real index the build writes (search/). Checks: the box is on
// every kind of page; nothing under search/ loads before the box is focused (and the probe does see the load after);
// `/` and Ctrl-K focus it, but not while typing in another field; Chinese queries (持久化, 索引) put the expected
// note first with the title hits marked; typing is debounced; the combobox/listbox ARIA state; arrow keys + Enter
// open the chosen result at its section with the query terms marked on the page (CJK-aware: no lone characters of
// a longer query); Escape closes, then clears; tag and folder filters narrow the results and clearing them brings
// the results back; "no results"; "show more"; note text is shown as text; Enter typed before the debounce opens
// the new first result; no search while an input method composes; a missing index says so; full-width input highlights on the target page;
// light, dark and a 390 px phone (screenshots search-light.png, search-dark.png, search-phone.png); no console errors.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const INPUT = "#search input.sw-search-input";
const LIST = "#sw-search-list";
const PANEL = "#search .sw-search-panel";

// What a page loaded from search/ so far, seen three ways (request events, resource timing, script elements).
function tracker(page) {
  const requested = [];
  page.on("request", (r) => { if (/\/search\/[^/]+$/.test(new URL(r.url()).pathname)) requested.push(r.url()); });
  return {
    async seen() {
      const inPage = await page.evaluate(() => {
        const re = /\/search\/[^/]+$/;
        const names = performance.getEntriesByType("resource").map((e) => e.name);
        const scripts = [...document.querySelectorAll("script[src]")].map((s) => s.src);
        return [...names, ...scripts].filter((u) => { try { return re.test(new URL(u).pathname); } catch { return false; } });
      }).catch(() => []);
      return [...new Set([...requested, ...inPage])];
    },
    reset() { requested.length = 0; },
  };
}

export async function searchChecks({ browser, site, check, attempt, tmp, shots }) {
  const url = (rel) => pathToFileURL(path.join(site, rel)).href;
  const errors = [];
  async function newPage(options) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: console: ${m.text()}`); });
    page.on("pageerror", (e) => { errors.push(`${page.url()}: ${e.message}`); });
    return { context, page };
  }
  function noErrors(label) {
    const mine = errors.splice(0);
    check(`search: no console or page errors (${label})`, mine.length === 0, mine.join("\n  "));
  }
  async function shot(page, name, opts) {
    const file = path.join(tmp, name);
    await page.waitForTimeout(200);
    await page.screenshot({ path: file, ...opts });
    shots.push(file);
  }
  // Types q into the box (replacing what is there) and waits until the listbox shows the results for q.
  async function search(page, q, how = "type") {
    await page.click(INPUT);
    await page.fill(INPUT, "");
    // clearing the box closes the list (after the debounce); then the results for q are new ones
    await page.waitForFunction(([input, list]) => document.querySelector(input).getAttribute("aria-expanded") === "false" &&
      !document.querySelector(list).hasAttribute("data-query"), [INPUT, LIST]);
    if (how === "type") await page.type(INPUT, q, { delay: 15 });
    else await page.fill(INPUT, q);
    await waitResults(page, q);
    return readResults(page);
  }
  // Sets a filter and waits for the results it brings.
  async function filter(page, sel, value, q) {
    await page.$eval(LIST, (l) => l.removeAttribute("data-query"));
    await page.selectOption(sel, value);
    await waitResults(page, q);
  }
  async function waitResults(page, q) {
    await page.waitForFunction(([sel, q]) => {
      const l = document.querySelector(sel);
      return l && l.getAttribute("data-query") === q && l.getAttribute("aria-busy") !== "true";
    }, [LIST, q], { timeout: 10000 });
  }
  // (a sub-result, another section of the note above it, shows no folder and tags: they are the note's)
  // (the option is the result's link; its <li> has role=none)
  const readResults = (page) => page.$$eval(`${LIST} [role=option]`, (lis) => lis.map((li) => ({
    sub: li.closest("li").classList.contains("sub"),
    id: li.id,
    selected: li.getAttribute("aria-selected"),
    title: (li.querySelector(".sw-sr-title") || {}).textContent || "",
    titleMarks: [...li.querySelectorAll(".sw-sr-title mark")].map((m) => m.textContent),
    section: ((li.querySelector(".sw-sr-section") || {}).textContent || "").replace(/^\s*\u203a\s*/, ""),
    folder: (li.querySelector(".sw-sr-folder") || {}).textContent || "",
    tags: [...li.querySelectorAll(".sw-sr-tag")].map((t) => t.textContent.replace(/^#/, "")),
    snippet: (li.querySelector(".sw-sr-snippet") || {}).textContent || "",
    snippetMarks: [...li.querySelectorAll(".sw-sr-snippet mark")].map((m) => m.textContent),
    href: li.href || "",
  })).map((r, i, all) => {
    if (r.sub && i > 0) { r.folder = all[i - 1].folder; r.tags = all[i - 1].tags; }
    return r;
  }));
  const state = (page) => page.evaluate(([input, panel]) => {
    const i = document.querySelector(input), p = document.querySelector(panel);
    return {
      focused: document.activeElement === i,
      value: i.value,
      expanded: i.getAttribute("aria-expanded"),
      activedescendant: i.getAttribute("aria-activedescendant") || "",
      panelVisible: !!p && !p.hidden && p.getBoundingClientRect().height > 0,
      status: (document.querySelector("#search [role=status]") || {}).textContent || "",
    };
  }, [INPUT, PANEL]);
  const totalOf = (status) => { const m = /(\d+)\s*条结果/.exec(status); return m ? +m[1] : (/没有/.test(status) ? 0 : -1); };

  // ---------- the box on every kind of page, lazy loading, `/` ----------
  const { context, page } = await newPage();
  const loads = tracker(page);
  await attempt("search: the box on every page", async () => {
    for (const rel of ["index.html", "数据库/index.html", "数据库/redis/redis-持久化.html", "tags/index.html", "graph.html", "404.html"]) {
      await page.goto(url(rel), { waitUntil: "load" });
      const box = await page.evaluate((sel) => {
        const i = document.querySelector(sel);
        if (!i) return null;
        const list = document.getElementById(i.getAttribute("aria-controls") || "-");
        const r = i.getBoundingClientRect();
        return { placeholder: i.placeholder, role: i.getAttribute("role"), list: list && list.getAttribute("role"), visible: r.width > 100 && r.height > 20 };
      }, INPUT);
      check(`search: ${rel} has a visible search box (combobox controlling a listbox, placeholder 搜索笔记…)`,
        !!box && box.placeholder === "搜索笔记…" && box.role === "combobox" && box.list === "listbox" && box.visible, JSON.stringify(box));
    }
    noErrors("pages with the box");
  });

  await attempt("search: lazy loading and /", async () => {
    await page.goto(url("index.html"), { waitUntil: "load" });
    loads.reset();
    await page.mouse.move(200, 300);
    await page.mouse.wheel(0, 200);
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(400);
    const before = await loads.seen();
    check("search: nothing under search/ loads before the box is focused", before.length === 0, before.join(", "));
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.keyboard.press("/");
    const st = await state(page);
    check("search: `/` focuses the search box (and is not typed into it)", st.focused && st.value === "", JSON.stringify(st));
    await page.waitForFunction(() => true);
    let after = [];
    for (let i = 0; i < 50 && !after.some((u) => /\/search\/index\.js$/.test(u)); i++) { await page.waitForTimeout(100); after = await loads.seen(); }
    check("search: focusing the box loads search/index.js (the probe sees it)", after.some((u) => /\/search\/index\.js$/.test(u)), after.join(", "));
    check("search: focusing alone loads only the entry file", after.length === 1, after.join(", "));
  });

  await attempt("search: Ctrl-K and other fields", async () => {
    await page.goto(url("graph.html"), { waitUntil: "load" });
    loads.reset();
    await page.keyboard.press("Control+k");
    check("search: Ctrl-K focuses the search box", (await state(page)).focused);
    const field = ".graph-search";
    if (await page.$(field)) {
      await page.click(field);
      await page.keyboard.type("a/b");
      await page.keyboard.press("Control+k");
      const st = await page.evaluate((f) => ({ value: document.querySelector(f).value, stays: document.activeElement === document.querySelector(f) }), field);
      check("search: `/` and Ctrl-K do nothing while typing in another field", st.value === "a/b" && st.stays, JSON.stringify(st));
    } else {
      check("search: graph.html has another text field (.graph-search) to type in", false);
    }
    noErrors("lazy loading and shortcuts");
  });

  // ---------- Chinese queries, highlighting, ARIA, debounce ----------
  await page.goto(url("index.html"), { waitUntil: "load" });
  await attempt("search: 持久化", async () => {
    await page.click(INPUT);
    await page.evaluate(() => {
      const S = window.StudywikiSearch, q = S.query;
      window.__queries = 0;
      S.query = function () { window.__queries++; return q.apply(this, arguments); };
    });
    const res = await search(page, "持久化");
    const first = res[0] || {};
    check("search: 持久化 puts the note Redis 持久化 first", first.title === "Redis 持久化", JSON.stringify(res.map((r) => r.title)));
    check("search: the title hit is marked (<mark>持久化</mark>)", first.titleMarks && first.titleMarks.join("") === "持久化", JSON.stringify(first.titleMarks));
    check("search: snippets mark the hits", res.some((r) => r.snippetMarks.length > 0 && r.snippetMarks.every((m) => /持|久|化/.test(m))), JSON.stringify(res.map((r) => r.snippetMarks)));
    // a note in a folder shows the folder (a note at the top of the site has none)
    const rel = (href) => decodeURIComponent(new URL(href).pathname).slice(decodeURIComponent(new URL(url("x")).pathname).length - 1);
    check("search: results show the folder of notes in folders", res.length > 0 && res.every((r) => r.folder !== "" || !rel(r.href).includes("/")) && res.some((r) => r.folder !== ""),
      JSON.stringify(res.map((r) => [r.folder, rel(r.href)])));
    check("search: results show the section (› heading) of section hits", res.some((r) => r.section !== ""), JSON.stringify(res.map((r) => r.section)));
    check("search: results show tags", res.some((r) => r.tags.length > 0), JSON.stringify(res.map((r) => r.tags)));
    const queries = await page.evaluate(() => window.__queries);
    check("search: typing is debounced (3 characters typed 15 ms apart -> 1 query)", queries === 1, `${queries} queries`);
    const st = await state(page);
    check("search: the list is open (aria-expanded=true) and shows a count", st.expanded === "true" && st.panelVisible && totalOf(st.status) >= res.length, JSON.stringify(st));
    check("search: the first option is active (aria-activedescendant, aria-selected)", st.activedescendant === first.id && first.selected === "true", JSON.stringify({ st, first: first.id }));
    await shot(page, "search-light.png");
  });

  await attempt("search: keyboard", async () => {
    const res = await readResults(page);
    if (!check("search: 持久化 has at least 3 results", res.length >= 3, `${res.length}`)) return;
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    let st = await state(page);
    const sel = await readResults(page);
    check("search: ArrowDown twice activates the third option", st.activedescendant === res[2].id && sel[2].selected === "true" && sel[0].selected === "false", JSON.stringify(st));
    await page.keyboard.press("ArrowUp");
    st = await state(page);
    check("search: ArrowUp goes back one", st.activedescendant === res[1].id, st.activedescendant);
    await page.keyboard.press("Escape");
    st = await state(page);
    check("search: Escape closes the list and keeps the text", st.expanded === "false" && !st.panelVisible && st.value === "持久化" && st.activedescendant === "", JSON.stringify(st));
    await page.keyboard.press("Escape");
    st = await state(page);
    check("search: a second Escape clears the box", st.value === "" && st.focused, JSON.stringify(st));
  });

  await attempt("search: no results", async () => {
    const res = await search(page, "qzxjvwkq", "fill");
    const st = await state(page);
    check("search: a query without hits says so (no options, 没有找到…)", res.length === 0 && st.panelVisible && /没有找到/.test(st.status), JSON.stringify(st));
  });

  await attempt("search: escaping", async () => {
    // demo notes show `strace -f -p <pid>` and `git revert <sha>`: the <pid>/<sha> must stay text, not become elements
    let hit = null, tags = new Set();
    for (const [q, want] of [["strace", "<pid>"], ["revert", "<sha>"], ["py-spy", "<pid>"]]) {
      const res = await search(page, q, "fill");
      (await page.$$eval(`${LIST} *`, (els) => els.map((e) => e.nodeName.toLowerCase()))).forEach((t) => tags.add(t));
      if (!hit && res.some((x) => (x.snippet + x.title + x.section).includes(want))) hit = { q, want };
    }
    check("search: note text with <pid> or <sha> is shown as text in a result", !!hit, "no result shows <pid>/<sha> for strace, revert, py-spy");
    check("search: results contain only the UI's own elements", [...tags].every((t) => ["li", "a", "span", "mark"].includes(t)), [...tags].join(","));
  });

  await attempt("search: 索引 and Enter", async () => {
    const res = await search(page, "索引");
    check("search: 索引 puts the note MySQL 索引 first", (res[0] || {}).title === "MySQL 索引", JSON.stringify(res.map((r) => r.title)));
    // open a result with a section (not the first), with the arrow keys
    let k = res.findIndex((r, i) => i > 0 && r.section && /#/.test(r.href));
    if (k < 0) k = Math.min(1, res.length - 1);
    const target = res[k];
    if (!check("search: 索引 has a result after the first to open", k > 0, JSON.stringify(res.map((r) => r.title)))) return;
    for (let i = 0; i < k; i++) await page.keyboard.press("ArrowDown");
    check(`search: the arrow keys reach option ${k + 1}`, (await state(page)).activedescendant === target.id);
    await Promise.all([page.waitForURL((u) => !u.href.endsWith("index.html") || u.href !== url("index.html")), page.keyboard.press("Enter")]);
    await page.waitForLoadState("load");
    const want = new URL(target.href), got = new URL(page.url());
    check("search: Enter opens the chosen result (its page and #section)", decodeURIComponent(got.pathname) === decodeURIComponent(want.pathname) && decodeURIComponent(got.hash) === decodeURIComponent(want.hash),
      `${decodeURIComponent(page.url())} vs ${decodeURIComponent(target.href)}`);
    check("search: the opened page carries the query (?q=索引)", got.searchParams.get("q") === "索引", got.search);
    const marks = await page.$$eval(".content mark.search-hit", (m) => m.map((x) => x.textContent));
    check("search: the opened page marks the query in the text", marks.length > 0 && marks.some((t) => t.includes("索引")), JSON.stringify(marks.slice(0, 10)));
    check("search: no lone character of the query is marked (CJK bigrams)", marks.every((t) => t.includes("索引")), JSON.stringify(marks.filter((t) => !t.includes("索引"))));
    const marksOutside = await page.$$eval("mark.search-hit", (m) => m.filter((x) => !x.closest(".content")).length);
    check("search: marks only inside .content", marksOutside === 0, `${marksOutside} outside`);
    if (want.hash) {
      const pos = await page.evaluate((id) => {
        const h = document.getElementById(decodeURIComponent(id));
        return h ? { top: h.getBoundingClientRect().top, vh: innerHeight, y: scrollY } : null;
      }, want.hash.slice(1));
      check("search: the opened page is scrolled to the section", !!pos && pos.top >= -2 && pos.top < pos.vh / 2 && pos.y > 0, JSON.stringify(pos));
    }
    check("search: the opened page keeps the query in the box", (await state(page)).value === "索引");
    noErrors("queries and keyboard navigation");
  });

  await attempt("search: highlighting", async () => {
    const note = url("数据库/redis/redis-持久化.html");
    await page.goto(note, { waitUntil: "load" });
    const plain = await page.$eval(".content", (c) => ({ text: c.textContent, marks: c.querySelectorAll("mark.search-hit").length }));
    check("search: a page opened without ?q marks nothing", plain.marks === 0, `${plain.marks} marks`);
    await page.goto(note + "?q=" + encodeURIComponent("ＲＥＤＩＳ 持久化") + "#aof", { waitUntil: "load" });
    const marks = await page.$$eval(".content mark.search-hit", (m) => m.map((x) => x.textContent));
    check("search: full-width ＲＥＤＩＳ marks Redis on the page (normalized matching)", marks.includes("Redis"), JSON.stringify(marks.slice(0, 12)));
    check("search: 持久化 is marked as one run", marks.includes("持久化"), JSON.stringify(marks.slice(0, 12)));
    check("search: marking keeps the page text as it was", await page.$eval(".content", (c) => c.textContent) === plain.text);
    const aof = await page.evaluate(() => { const h = document.getElementById("aof"); return h ? h.getBoundingClientRect().top : null; });
    check("search: the page scrolls to #aof", aof !== null && aof >= -2 && aof < 200, String(aof));
    await page.keyboard.press("Escape");
    check("search: Escape on the page removes the marks", await page.$$eval("mark.search-hit", (m) => m.length) === 0);
    noErrors("highlighting");
  });

  await attempt("search: Enter before the results", async () => {
    await page.goto(url("index.html"), { waitUntil: "load" });
    await page.click(INPUT);
    await page.fill(INPUT, "持久化");
    await Promise.all([page.waitForURL((u) => u.href.includes("?q=")), page.keyboard.press("Enter")]);
    check("search: Enter right after typing opens the first result of the new query", /redis-持久化\.html$/.test(decodeURIComponent(new URL(page.url()).pathname)), decodeURIComponent(page.url()));
    noErrors("Enter before the results");
  });

  await attempt("search: IME", async () => {
    // pinyin typed through an input method: no search while composing, one when the characters are committed
    await page.goto(url("index.html"), { waitUntil: "load" });
    await page.click(INPUT);
    await page.evaluate(() => {
      const S = window.StudywikiSearch, q = S.query;
      window.__queried = [];
      S.query = function (t) { window.__queried.push(t); return q.apply(this, arguments); };
    });
    const cdp = await page.context().newCDPSession(page);
    for (const t of ["c", "ch", "chi", "chij", "chiji", "chijiu"]) {
      await cdp.send("Input.imeSetComposition", { text: t, selectionStart: t.length, selectionEnd: t.length });
      await page.waitForTimeout(50);
    }
    await page.waitForTimeout(300);
    const during = await page.evaluate(() => window.__queried.slice());
    await cdp.send("Input.insertText", { text: "持久" });
    await waitResults(page, "持久");
    const after = await page.evaluate(() => window.__queried.slice());
    await cdp.detach();
    check("search: nothing is searched while an input method composes (pinyin chijiu)", during.length === 0, JSON.stringify(during));
    check("search: committing 持久 searches once", after.length === 1 && after[0] === "持久" && (await readResults(page)).length > 0, JSON.stringify(after));
    noErrors("IME");
  });

  // ---------- filters ----------
  await attempt("search: filters", async () => {
    await page.goto(url("index.html"), { waitUntil: "load" });
    let res = [], q = "";
    for (const cand of ["redis", "锁", "缓存", "数据"]) {
      res = await search(page, cand, "fill");
      if (new Set(res.map((r) => r.folder)).size >= 2) { q = cand; break; }
    }
    if (!check("search: a query with results in two folders (redis, 锁, 缓存, 数据)", q !== "", JSON.stringify(res.map((r) => r.folder)))) return;
    const total0 = totalOf((await state(page)).status);
    const folders = await page.$$eval("#search select.sw-search-folder option", (o) => o.map((x) => x.value).filter(Boolean));
    const counts = {};
    for (const r of res) counts[r.folder] = (counts[r.folder] || 0) + 1;
    const folder = Object.keys(counts).sort((a, b) => counts[a] - counts[b]).find((f) => folders.includes(f));
    check("search: the folder filter lists the results' folders", !!folder, `${JSON.stringify(Object.keys(counts))} vs ${JSON.stringify(folders)}`);
    if (folder) {
      await filter(page, "#search select.sw-search-folder", folder, q);
      const f = await readResults(page), total1 = totalOf((await state(page)).status);
      check(`search: folder filter "${folder}" keeps only its results`, f.length > 0 && f.every((r) => r.folder === folder || r.folder.startsWith(folder + "/")), JSON.stringify(f.map((r) => r.folder)));
      check("search: the folder filter narrows the count", total1 > 0 && total1 < total0, `${total0} -> ${total1}`);
      await filter(page, "#search select.sw-search-folder", "", q);
      check("search: clearing the folder filter brings the results back", totalOf((await state(page)).status) === total0, (await state(page)).status);
    }
    const tagOptions = await page.$$eval("#search select.sw-search-tag option", (o) => o.map((x) => x.value).filter(Boolean));
    res = await readResults(page);
    const tagCounts = {};
    for (const r of res) for (const t of r.tags) tagCounts[t] = (tagCounts[t] || 0) + 1;
    const tag = Object.keys(tagCounts).filter((t) => tagCounts[t] < res.length && tagOptions.includes(t)).sort((a, b) => tagCounts[a] - tagCounts[b])[0];
    check("search: the tag filter lists a tag some results have", !!tag, `${JSON.stringify(tagCounts)} vs ${JSON.stringify(tagOptions)}`);
    if (tag) {
      await filter(page, "#search select.sw-search-tag", tag, q);
      const f = await readResults(page), total2 = totalOf((await state(page)).status);
      check(`search: tag filter "${tag}" keeps only results with that tag`, f.length > 0 && f.every((r) => r.tags.some((t) => t === tag || t.startsWith(tag + "/"))), JSON.stringify(f.map((r) => r.tags)));
      check("search: the tag filter narrows the count", total2 > 0 && total2 < total0, `${total0} -> ${total2}`);
      check("search: the query stays while filtering", (await state(page)).value === q);
      await filter(page, "#search select.sw-search-tag", "", q);
      check("search: clearing the tag filter brings the results back", totalOf((await state(page)).status) === total0, (await state(page)).status);
    }
    noErrors("filters");
  });

  await attempt("search: more results", async () => {
    let res = [], total = 0, q = "";
    for (const cand of ["redis", "数据", "mysql"]) {
      res = await search(page, cand, "fill");
      total = totalOf((await state(page)).status);
      if (total > res.length) { q = cand; break; }
    }
    if (!check("search: a query with more results than shown (redis, 数据, mysql)", q !== "", `${res.length} of ${total}`)) return;
    await page.click("#search .sw-search-more");
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [`${LIST} [role=option]`, res.length]);
    const more = await readResults(page), st = await state(page);
    check("search: 显示更多结果 adds results and activates the first new one", more.length > res.length && more.length <= total && st.activedescendant === more[res.length].id && st.focused,
      JSON.stringify({ before: res.length, after: more.length, total, active: st.activedescendant }));
  });

  // ---------- dark ----------
  await attempt("search: dark", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(url("数据库/index.html"), { waitUntil: "load" });
    await search(page, "Redis 持久化");
    const bg = await page.$eval(PANEL, (p) => getComputedStyle(p).backgroundColor);
    const lum = (c) => { const m = c.match(/\d+(\.\d+)?/g).map(Number); return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255; };
    check("search: the results panel is dark in dark mode", lum(bg) < 0.25, bg);
    await shot(page, "search-dark.png");
    await page.emulateMedia({ colorScheme: "light" });
    const bg2 = await page.$eval(PANEL, (p) => getComputedStyle(p).backgroundColor);
    check("search: the results panel is light in light mode", lum(bg2) > 0.8, bg2);
    noErrors("dark mode");
  });
  await context.close();

  // ---------- a site whose search/ folder is missing ----------
  await attempt("search: missing index", async () => {
    const copy = path.join(tmp, "search-missing");
    fs.cpSync(site, copy, { recursive: true });
    fs.rmSync(path.join(copy, "search"), { recursive: true, force: true });
    const { context: c, page: p } = await newPage();
    const pageErrors = [];
    p.on("pageerror", (e) => pageErrors.push(e.message));
    await p.goto(pathToFileURL(path.join(copy, "index.html")).href, { waitUntil: "load" });
    await p.click(INPUT);
    await p.keyboard.type("持久化");
    await waitResults(p, "持久化");
    const st = await state(p);
    check("search: without search/ the box says the index failed to load", /加载失败/.test(st.status) && st.panelVisible, JSON.stringify(st));
    check("search: without search/ there are no page errors (no unhandled rejections)", pageErrors.length === 0, pageErrors.join("; "));
    errors.splice(0);  // the browser logs the missing script itself
    await c.close();
    fs.rmSync(copy, { recursive: true, force: true });
  });

  // ---------- phone ----------
  await attempt("search: phone", async () => {
    const { context: phone, page: p } = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await p.goto(url("数据库/redis/redis-持久化.html"), { waitUntil: "load" });
    await p.tap(INPUT);
    await p.keyboard.type("索引");
    await waitResults(p, "索引");
    const g = await p.evaluate(([panel, input]) => {
      const r = document.querySelector(panel).getBoundingClientRect(), i = document.querySelector(input).getBoundingClientRect();
      const first = document.querySelector("#sw-search-list [role=option]");
      const f = first ? first.getBoundingClientRect() : null;
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, inputBottom: i.bottom, inputW: i.width, vw: document.documentElement.clientWidth, vh: innerHeight, first: f && { top: f.top, bottom: f.bottom, w: f.width }, scrollW: document.documentElement.scrollWidth };
    }, [PANEL, INPUT]);
    check("search: phone: the panel fits the 390 px screen under the box", g.left >= 0 && g.right <= g.vw && g.top >= g.inputBottom && g.bottom <= g.vh && g.right - g.left > 300, JSON.stringify(g));
    check("search: phone: the first result is visible", !!g.first && g.first.top >= g.top && g.first.bottom <= g.vh && g.first.w > 280, JSON.stringify(g.first));
    check("search: phone: the box spans the sidebar and nothing scrolls sideways", g.inputW > 330 && g.scrollW <= g.vw, JSON.stringify(g));
    await shot(p, "search-phone.png");
    const res = await readResults(p);
    await Promise.all([p.waitForURL((u) => u.href.includes("?q=")), p.tap(`${LIST} [role=option]`)]);
    check("search: phone: tapping a result opens it", decodeURIComponent(new URL(p.url()).pathname) === decodeURIComponent(new URL(res[0].href).pathname), p.url());
    noErrors("phone");
    await phone.close();
  });
}
