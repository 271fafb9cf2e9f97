"""Whole-site tests for studywiki.

Each folder in tests/fixtures/ is a site (site.yml, content/, templates/,
static/) with an expect.json:

  {
    "args":   ["--drafts"],                 extra arguments to `build`
    "exit":   1,                            expected exit status (default 0)
    "stderr": ["content/a.md:3:1: error: …"],  exact diagnostic lines, in order
    "files":  {"db/a.html": {"contains": ["…"], "absent": ["…"]}},
    "missing": ["drafts/x.html"],           files that must not be written
    "also_check": true                      `check` must report the same, exit the same, write nothing
  }

Beside the fixtures it checks the demo wiki (no diagnostics, deterministic
bytes, nothing rewritten on a second build), the five seed notes in
../shared/seeds (a missing folder is a failure), and the data-safety cases of
safety.py (output folders refused, manifest not trusted, symlinks, locks,
bad names and front matter).
"""
import filecmp
import json
import os
import re
import urllib.parse
import shutil
import socket
import subprocess
import sys
import tempfile

from safety import safety_tests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
SEEDS = os.path.abspath(os.path.join(ROOT, "..", "shared", "seeds"))

failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what)


def run(binary, args, cwd=None):
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


NO_BASE_URL_NOTE = ("studywiki: note: no base_url, so no sitemap.xml or feed.xml (they need absolute URLs); "
                    "set base_url in site.yml or pass --base-url")


def diagnostic_lines(stderr):
    """stderr's diagnostics: its lines without the notes (`studywiki: note: …`),
    which say what the build did, not what is wrong with the notes."""
    return [l for l in stderr.splitlines() if l.strip() and not l.startswith("studywiki: note: ")]


def check_files(name, out, spec):
    for rel, rules in spec.get("files", {}).items():
        path = os.path.join(out, rel)
        if not os.path.exists(path):
            check(False, f"{name}: {rel} was not written")
            continue
        text = read(path)
        for needle in rules.get("contains", []):
            check(needle in text, f"{name}: {rel} should contain {needle!r}")
        for needle in rules.get("absent", []):
            check(needle not in text, f"{name}: {rel} should not contain {needle!r}")
        for pattern in rules.get("matches", []):
            check(re.search(pattern, text, re.S) is not None, f"{name}: {rel} should match /{pattern}/")
    for rel in spec.get("missing", []):
        check(not os.path.exists(os.path.join(out, rel)), f"{name}: {rel} should not exist")


def load_spec(site):
    """expect.json, plus any expect.PART.json beside it: a fixture that several
    people extend (real-vault: one part per kind of note) keeps one file of
    expectations per part. A part adds "files", "missing" and "stderr" lines;
    with "stderr_from_parts" the diagnostics must be exactly the parts' lines
    taken together (in any order: each part checks its own notes)."""
    spec = json.loads(read(os.path.join(site, "expect.json")))
    for name in sorted(os.listdir(site)):
        if not (name.startswith("expect.") and name.endswith(".json")) or name == "expect.json":
            continue
        part = json.loads(read(os.path.join(site, name)))
        for rel, rules in part.get("files", {}).items():
            merged = spec.setdefault("files", {}).setdefault(rel, {})
            for key, values in rules.items():
                merged.setdefault(key, []).extend(values)
        spec.setdefault("missing", []).extend(part.get("missing", []))
        if spec.get("stderr_from_parts"):
            spec.setdefault("part_stderr", []).extend(part.get("stderr", []))
    return spec


def fixture_tests(binary, tmp):
    for name in sorted(os.listdir(FIXTURES)):
        site = os.path.join(FIXTURES, name)
        expect_path = os.path.join(site, "expect.json")
        if not os.path.isfile(expect_path):
            continue
        spec = load_spec(site)
        out = os.path.join(tmp, name, "public")
        command = spec.get("command", "build")
        args = [command, "--site", site] + (["--out", out] if command == "build" else []) + spec.get("args", [])
        code, stdout, stderr = run(binary, args)
        check(code == spec.get("exit", 0), f"{name}: exit status {code}, expected {spec.get('exit', 0)}\n{stderr}")
        lines = diagnostic_lines(stderr)
        if "stderr" in spec:
            check(lines == spec["stderr"], f"{name}: diagnostics differ:\n  got:      {lines}\n  expected: {spec['stderr']}")
        if spec.get("stderr_from_parts"):
            want = sorted(spec.get("part_stderr", []))
            check(sorted(lines) == want, f"{name}: diagnostics differ:\n  unexpected: {sorted(set(lines) - set(want))}"
                  f"\n  missing:    {sorted(set(want) - set(lines))}")
        for l in lines:
            check("Traceback" not in l and "terminate called" not in l, f"{name}: crash output {l!r}")
        if command == "build":
            check_files(name, out, spec)
        else:
            check(not os.path.exists(out), f"{name}: check must not write output")
        if spec.get("also_check"):
            # `check` reports exactly what `build` does, exits the same, and writes nothing.
            code2, _, stderr2 = run(binary, ["check", "--site", site] + spec.get("args", []))
            lines2 = diagnostic_lines(stderr2)
            check(code2 == code, f"{name}: check exits {code2}, build {code}")
            check(lines2 == lines, f"{name}: check and build report differently:\n  check: {lines2}\n  build: {lines}")
            check(not os.path.exists(os.path.join(site, "public")), f"{name}: check wrote {site}/public")


def demo_tests(binary, tmp):
    a, b = os.path.join(tmp, "demo-a"), os.path.join(tmp, "demo-b")
    code, _, stderr = run(binary, ["build", "--site", ROOT, "--out", a, "--jobs", "2"])
    check(code == 0, f"demo: exit {code}\n{stderr}")
    check(stderr.strip() == NO_BASE_URL_NOTE, f"demo: diagnostics on the demo wiki:\n{stderr}")
    code, _, _ = run(binary, ["build", "--site", ROOT, "--out", b, "--jobs", "1"])
    check(same_tree(a, b), "demo: two builds (--jobs 2 and --jobs 1) gave different bytes")
    code, stdout, _ = run(binary, ["build", "--site", ROOT, "--out", a])
    check(" 0 written" in stdout, f"demo: a second build rewrote files: {stdout.strip()}")
    # Every page links its stylesheet relative to itself.
    for dirpath, _, files in os.walk(a):
        for f in files:
            if f.endswith(".html"):
                text = read(os.path.join(dirpath, f))
                check('href="/' not in text and 'src="/' not in text,
                      f"demo: {os.path.relpath(os.path.join(dirpath, f), a)} has a root-absolute link")
    count = sum(1 for _, _, fs in os.walk(os.path.join(ROOT, "content")) for f in fs if f.endswith(".md"))
    check(count >= 30, f"demo: only {count} notes")
    shared_data_tests(a)
    page_weight_tests(a)


def page_weight_tests(out):
    """A typical note page with its CSS and JS stays under 100 KB gzip, KaTeX and Mermaid aside
    (issue 13; bench/page_weight.py, which bench/run prints for its corpora)."""
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    import page_weight
    w = page_weight.weigh(out, page_weight.median_page(out))
    check(w["total"] <= 100_000, f"demo: {page_weight.line(w)}: over 100 KB")
    names = [f for f, _, _ in w["files"]]
    check("assets/style.css" in names and "assets/app.js" in names and w["css"] > 5_000 and w["js"] > 10_000,
          f"demo: the page weight missed the page's assets: {names}")


def shard_of(path, shards):
    """The shard of a page's previews and local graph (render/page_data.h): FNV-1a 32 of its path."""
    h = 2166136261
    for byte in path.encode("utf-8"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h % shards


def shared_data_tests(out):
    """Hover previews and local graphs live in previews/N.js and graphs/N.js, not in the pages."""
    def load(rel, call):
        text = read(os.path.join(out, rel))
        check(text.startswith(call + "(") and text.endswith(");\n"), f"demo: {rel} is not one {call}(...) call")
        return json.loads(text[len(call) + 1:-3])

    shards = set()
    notes = {}
    for dirpath, _, files in os.walk(out):
        for f in files:
            if not f.endswith(".html"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), out).replace(os.sep, "/")
            text = read(os.path.join(dirpath, f))
            check('id="sw-previews"' not in text, f"demo: {rel} still carries an inline preview payload")
            m = re.search(r'<meta name="studywiki-root" content="[^"]*" data-shards="(\d+)">', text)
            if m:
                shards.add(int(m.group(1)))
            if '<body class="kind-note"' in text:
                notes[rel] = text
    check(len(shards) == 1, f"demo: pages disagree on the shard count: {shards}")
    if len(shards) != 1:
        return
    n = shards.pop()
    previews, graphs = {}, {}
    for i in range(n):
        for folder, call, into in (("previews", "swPreviewsAdd", previews), ("graphs", "swGraphsAdd", graphs)):
            rel = f"{folder}/{i}.js"
            if not os.path.exists(os.path.join(out, rel)):
                check(False, f"demo: {rel} was not written")
                continue
            for key, value in load(rel, call).items():
                check(shard_of(key, n) == i, f"demo: {key} is in {rel}, not in shard {shard_of(key, n)}")
                into[key] = value
    check(not os.path.exists(os.path.join(out, f"previews/{n}.js")), f"demo: more than {n} preview shards")
    with_graph = 0
    for rel, text in notes.items():
        check(rel in previews and previews[rel].get("t"), f"demo: no preview of {rel}")
        m = re.search(r'<svg class="graph graph-local"[^>]*>(.*?)</svg>', text, re.S)
        if not m:
            continue
        with_graph += 1
        check(m.group(1) == "", f"demo: {rel} draws its local graph inline")
        check(f'data-key="{rel}"' in m.group(0), f"demo: {rel}'s local graph has no data-key")
        drawing = graphs.get(rel, {})
        check(len(drawing.get("n", [])) >= 2 and drawing["n"][drawing["h"]][0] == rel, f"demo: no local graph of {rel} in graphs/")
    check(with_graph >= 20, f"demo: only {with_graph} note pages have a local graph")
    # The explorer's tree (assets/nav.js, folders only) and its notes (nav/SHARD.js, one a top-level folder's
    # subtree, one the root's own notes): every folder and every note page once, each where its path says, with
    # its folder's counts; all.html lists the same notes.
    nav = read(os.path.join(out, "assets", "nav.js"))
    m = re.search(r"\nwindow\.swNav&&swNav\((\[.*\])\);\n$", nav, re.S)
    tree = json.loads(m.group(1)) if m else ["", "", 0, [], 0]
    check(len(nav.encode()) < 8000, f"demo: assets/nav.js is {len(nav.encode())} bytes, not just the folders")
    listed, folders, shard_files = [], [], set()

    def shard(name):
        text = read(os.path.join(out, "nav", f"{name}.js"))
        m = re.search(r"\nwindow\.swNavNotes&&swNavNotes\((\"\d+\"),(\{.*\})\);\n$", text, re.S)
        check(m and json.loads(m.group(1)) == name, f"demo: nav/{name}.js is not swNavNotes({name!r}, …)")
        shard_files.add(f"{name}.js")
        return json.loads(m.group(2)) if m else {}

    def walk(f, parent, notes_of):
        d = f[1][1:] if f[1].startswith("/") else parent + f[1]
        check(d == "" or os.path.isfile(os.path.join(out, d, "index.html")), f"demo: assets/nav.js folder {d!r} has no page")
        if len(f) > 5:
            check(parent == "", f"demo: assets/nav.js folder {d!r} below the top names a shard")
            notes_of = shard(f[5])
            if d == "":
                check(set(notes_of) <= {""}, f"demo: the root's shard lists folders {sorted(notes_of)}")
        own = notes_of.pop(d, []) if notes_of is not None else []
        mine = [n[1][1:] if n[1].startswith("/") else d + n[1] + ".html" for n in own]
        check(f[4] == len(mine), f"demo: assets/nav.js counts {f[4]} notes directly in {d!r}, its shard lists {len(mine)}")
        below = len(mine)
        for sub in f[3]:
            below += walk(sub, d, notes_of if d != "" else None)
        if len(f) > 5 and d != "":
            check(not notes_of, f"demo: the shard of {d!r} lists folders outside it: {sorted(notes_of or {})}")
        check(f[2] == below, f"demo: assets/nav.js counts {f[2]} notes in {d!r}, lists {below}")
        folders.append(d)
        listed.extend(mine)
        return below

    walk(tree, "", None)
    check(sorted(os.listdir(os.path.join(out, "nav"))) == sorted(shard_files),
          f"demo: nav/ holds {sorted(set(os.listdir(os.path.join(out, 'nav'))) ^ shard_files)} that the tree does not name")
    check(sorted(listed) == sorted(notes), f"demo: assets/nav.js lists {sorted(set(listed) ^ set(notes))} differently from the note pages")
    tops = sorted(e for e in os.listdir(out) if os.path.exists(os.path.join(out, e, "index.html")) and e not in ("tags",))
    check(sorted(f[1].rstrip("/") for f in tree[3]) == tops, f"demo: assets/nav.js has top folders {[f[1] for f in tree[3]]}, not {tops}")
    for rel, text in notes.items():
        check('<ul></ul><script src="' in text and 'assets/explorer.js"></script><script src="' in text and
              'assets/nav.js"></script>' in text and 'class="nav-title"' not in text,
              f"demo: {rel} does not load its folder tree from assets/nav.js")
    all_notes = read(os.path.join(out, "all.html"))
    hrefs = re.findall(r'<li><a class="note-link" href="([^"]+)">', all_notes)
    check(sorted(urllib.parse.unquote(h) for h in hrefs) == sorted(notes), f"demo: all.html lists {len(hrefs)} notes, not the {len(notes)} note pages")
    check("all.html" in read(os.path.join(out, "sitemap.xml")) if os.path.exists(os.path.join(out, "sitemap.xml")) else True,
          "demo: sitemap.xml does not list all.html")


def seed_tests(binary, tmp):
    if not os.path.isdir(SEEDS):
        check(False, f"seeds: folder missing: {SEEDS} (the shared folder beside the repository)")
        return
    src, out = os.path.join(tmp, "seeds"), os.path.join(tmp, "seeds-out")
    os.makedirs(src)
    names = {}
    for f in sorted(os.listdir(SEEDS)):
        if f.endswith(".txt"):
            shutil.copy(os.path.join(SEEDS, f), os.path.join(src, f[:-4] + ".md"))
            names[f[:3]] = f[:-4]
    code, _, stderr = run(binary, ["build", "--source", src, "--out", out])
    check(code == 0, f"seeds: exit {code}\n{stderr}")

    def page(prefix):
        return read(os.path.join(out, names[prefix].lower().replace("_", "-") + ".html"))

    def title(html):
        m = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else None

    p0, p1, p2, p3, p4 = (page(k) for k in ("000", "001", "002", "003", "004"))
    check(title(p0) == "KOA", f"seeds: 000 title {title(p0)!r}")
    check(title(p1) == "熟练使用Django web 框架，了解 flask 框架", f"seeds: 001 title {title(p1)!r}")
    check(title(p2) == "Docker", f"seeds: 002 title {title(p2)!r}")
    check(title(p3) == "自我介绍", f"seeds: 003 title {title(p3)!r}")
    check(title(p4) is not None, "seeds: 004 has a title")
    # The title heading is not shown twice.
    check(p0.count(">KOA</h") + p0.count("#</a>KOA</h") <= 1 and "<h1" in p0, "seeds: 000 shows KOA once")
    check(p3.count("自我介绍</h") == 1, "seeds: 003 shows 自我介绍 once")
    # A title from the note's first line (002's "Docker") is not shown again; 004's title is a
    # heading further down, so its first line stays.
    check("<p>Docker</p>" not in p2 and '<meta name="description" content="Docker 是一个容器化平台' in p2,
          "seeds: 002 shows Docker once")
    check("数据(<strong>mysql</strong>, redis, mongodb)" in p4, "seeds: 004 keeps its first line")
    # The table of contents keeps every other heading, the first one after the title included.
    toc = re.search(r'<aside class="toc"(.*?)</aside>', p1, re.S)
    check(toc is not None and "熟悉服务器间 Socket 通信" in toc.group(1) and "熟练使用Django" not in toc.group(1),
          "seeds: 001 table of contents starts with the heading after the title")
    # Bare URLs glued to Chinese end where the URL ends.
    check('<a href="http://www.ruanyifeng.com/blog/2017/08/koa.html">' in p0, "seeds: 000 ruanyifeng link")
    check('<a href="https://docs.scipy.org/doc/scipy/reference/index.html">https://docs.scipy.org/doc/scipy/reference/index.html</a>。下面' in p0,
          "seeds: 000 scipy link ends before 。下面")
    # ==highlight==
    check("<mark>网络进程间通信。</mark>" in p1, "seeds: 001 mark")
    check("<mark>本地进程间通信</mark>" in p1, "seeds: 001 second mark")
    # Math untouched by Markdown; \$ a dollar sign.
    check('<span class="math math-inline">root.left &lt; root \\&amp; root &lt; root.right</span>' in p2,
          "seeds: 002 math span")
    check("echo $HOME" in p2 and "\\$HOME" not in p2, "seeds: 002 \\$HOME is a dollar sign")
    # One-line-per-line outlines keep their lines.
    check("<br />" in p4 and "1.算法谱系<br />" in p4.replace("    ", "").replace("\n", ""), "seeds: 004 outline keeps line breaks")
    # Code fences keep their language.
    check('class="language-python"' in p1, "seeds: 001 code class")


def cli_tests(binary, tmp):
    code, out, _ = run(binary, ["--version"])
    check(code == 0 and out.startswith("studywiki "), f"cli: --version gave {code} {out!r}")
    code, out, _ = run(binary, ["--help"])
    check(code == 0 and "studywiki build" in out, f"cli: --help gave {code}")
    code, _, err = run(binary, ["frobnicate"])
    check(code == 2 and "error: unknown command 'frobnicate'" in err, f"cli: unknown command gave {code} {err!r}")
    code, _, err = run(binary, ["build", "--jobs", "0"])
    check(code == 2, f"cli: --jobs 0 gave {code}")
    missing = os.path.join(tmp, "does-not-exist")
    code, _, err = run(binary, ["build", "--source", missing])
    check(code == 2 and f"error: source folder '{missing}' does not exist" in err, f"cli: missing source gave {code} {err!r}")
    code, _, err = run(binary, ["check", "--site", missing])
    check(code == 2 and f"error: site folder '{missing}' does not exist" in err, f"cli: missing site gave {code} {err!r}")
    code, _, err = run(binary, ["build", "--out", os.path.join(tmp, "o")], cwd=tmp)
    check(code == 2 and "error: source folder 'content' does not exist; a folder of notes without content/ is a vault: "
          "studywiki build ." in err, f"cli: no content/ gave {code} {err!r}")
    code, out, _ = run(binary, ["new", "content/db/Redis 持久化", "--title", 'Redis "持久化"'], cwd=tmp)
    path = os.path.join(tmp, "content", "db", "Redis 持久化.md")
    check(code == 0 and os.path.exists(path), f"cli: new gave {code} {out!r}")
    if os.path.exists(path):
        text = read(path)
        check(text.startswith('---\ntitle: "Redis \\"持久化\\""\ndate: '), f"cli: new wrote {text!r}")
    code, _, err = run(binary, ["new", "content/db/Redis 持久化.md"], cwd=tmp)
    check(code == 1 and "already exists" in err, f"cli: new over an existing note gave {code} {err!r}")


def command_line_tests(binary, tmp):
    """Per-command --help, did-you-mean, options given as --opt=value."""
    for command, needles in {"build": ["usage: studywiki build [FOLDER]", "--base-url URL", "--clean", "Exit status"],
                             "check": ["usage: studywiki check [FOLDER]", "--strict", "writes nothing"],
                             "serve": ["usage: studywiki serve", "--port N", "(default: 1313)", "(default: 127.0.0.1)",
                                       "Ctrl-C stops it", "Exit status: 0 stopped"],
                             "new": ["usage: studywiki new PATH", "--title T"]}.items():
        for args in ([command, "--help"], [command, "-h"], ["help", command], [command, "--site", "x", "--help"]):
            code, out, err = run(binary, args)
            check(code == 0 and err == "" and all(n in out for n in needles), f"cli: {args} gave {code} {out!r} {err!r}")
    code, _, err = run(binary, ["biuld"])
    check(code == 2 and "studywiki: error: unknown command 'biuld'; did you mean 'build'?" in err,
          f"cli: biuld gave {code} {err!r}")
    code, _, err = run(binary, ["help", "biuld"])
    check(code == 2 and "no command 'biuld' to help with; did you mean 'build'?" in err, f"cli: help biuld gave {code} {err!r}")
    code, _, err = run(binary, ["chekc", "--strict"])
    check(code == 2 and "did you mean 'check'?" in err, f"cli: chekc gave {code} {err!r}")
    code, _, err = run(binary, ["--verison"])
    check(code == 2 and "unknown option '--verison'; did you mean '--version'?" in err, f"cli: --verison gave {code} {err!r}")
    code, _, err = run(binary, ["build", "--sorce", "notes"])
    check(code == 2 and "studywiki: error: unknown option '--sorce' for build; did you mean '--source'?" in err
          and "run 'studywiki build --help' for more" in err, f"cli: --sorce gave {code} {err!r}")
    code, _, err = run(binary, ["build", "--frobnicate"])
    check(code == 2 and "unknown option '--frobnicate' for build\n" in err, f"cli: --frobnicate gave {code} {err!r}")
    code, _, err = run(binary, ["check", "--out", "x"])
    check(code == 2 and "error: check does not take --out (build does)" in err, f"cli: check --out gave {code} {err!r}")
    # serve: bad values are usage errors before anything is built; a port in use is exit 1.
    for args, needle in ((["serve", "--port", "0"], "--port needs a number from 1 to 65535"),
                         (["serve", "--port", "http"], "--port needs a number from 1 to 65535"),
                         (["serve", "--port=99999"], "--port needs a number from 1 to 65535"),
                         (["serve", "--bind="], "--bind needs an address"),
                         (["serve", "--out", "x"], "serve does not take --out (build does)")):
        code, out, err = run(binary, args, cwd=tmp)
        check(code == 2 and needle in err and out == "", f"cli: {args} gave {code} {out!r} {err!r}")
    vault = os.path.join(tmp, "serve-vault")
    os.makedirs(vault, exist_ok=True)
    with open(os.path.join(vault, "a.md"), "w", encoding="utf-8") as f:
        f.write("# A\n")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        code, out, err = run(binary, ["serve", vault, "--port", str(taken.getsockname()[1])], cwd=tmp)
        check(code == 1 and "cannot listen on 127.0.0.1:" in err and out == "", f"cli: serve on a port in use gave {code} {out!r} {err!r}")
    code, _, err = run(binary, ["build", "--drafts=yes"])
    check(code == 2 and "--drafts takes no value" in err, f"cli: --drafts=yes gave {code} {err!r}")
    code, _, err = run(binary, ["build", "--out"])
    check(code == 2 and "--out needs a value" in err, f"cli: --out alone gave {code} {err!r}")
    # --opt=value is --opt value.
    out = os.path.join(tmp, "equals")
    code, _, err = run(binary, ["build", "--site=" + os.path.join(FIXTURES, "basic"), "--out=" + out, "--quiet"])
    check(code == 0 and os.path.exists(os.path.join(out, "index.html")), f"cli: --site=DIR gave {code} {err!r}")


def folder_tests(binary, tmp):
    """`studywiki build FOLDER`: a site when it holds content/, else a vault (its site.yml its configuration)."""
    # A site folder given as FOLDER builds as --site does.
    basic = os.path.join(FIXTURES, "basic")
    a, b = os.path.join(tmp, "folder-site-a"), os.path.join(tmp, "folder-site-b")
    code, _, err = run(binary, ["build", basic, "--out", a, "--quiet"])
    check(code == 0, f"folder: site as FOLDER gave {code} {err!r}")
    run(binary, ["build", "--site", basic, "--out", b, "--quiet"])
    check(same_tree(a, b), "folder: FOLDER and --site built different sites")
    check("<title>Fixture Wiki</title>" in read(os.path.join(a, "index.html")), "folder: the site's site.yml not read")
    # A vault: notes at its root, its own site.yml, an Obsidian folder.
    vault = os.path.join(tmp, "vault")
    os.makedirs(os.path.join(vault, "数据库"))
    with open(os.path.join(vault, "site.yml"), "w", encoding="utf-8") as f:
        f.write("title: 我的笔记\nbase_url: https://me.github.io/vault/\n")
    with open(os.path.join(vault, "数据库", "Redis.md"), "w", encoding="utf-8") as f:
        f.write("# Redis\n\n见 [[MySQL]]。\n")
    with open(os.path.join(vault, "MySQL.md"), "w", encoding="utf-8") as f:
        f.write("MySQL 的笔记。\n")
    out = os.path.join(tmp, "vault-out")
    code, stdout, err = run(binary, ["build", vault, "--out", out])
    check(code == 0 and err == "", f"folder: vault as FOLDER gave {code} {err!r}")
    check("built 2 notes, 1 folders, 0 files" in stdout, f"folder: vault summary {stdout!r}")
    home = read(os.path.join(out, "index.html")) if os.path.exists(os.path.join(out, "index.html")) else ""
    check("<title>我的笔记</title>" in home, "folder: the vault's site.yml is not its configuration")
    check(not os.path.exists(os.path.join(out, "site.yml")), "folder: the vault's site.yml was published")
    check(os.path.exists(os.path.join(out, "sitemap.xml")) and "https://me.github.io/vault/" in read(os.path.join(out, "sitemap.xml")),
          "folder: the vault's base_url not used")
    check(os.path.exists(os.path.join(out, "数据库", "redis.html")), "folder: the vault's note not built")
    # --source gives the same build.
    out2 = os.path.join(tmp, "vault-out-2")
    code, _, err = run(binary, ["build", "--source", vault, "--out", out2, "--quiet"])
    check(code == 0 and same_tree(out, out2), f"folder: FOLDER and --source built the vault differently {err!r}")
    # Without --out a vault goes to ./public, as with --source.
    code, _, err = run(binary, ["build", "vault", "--quiet"], cwd=tmp)
    check(code == 0 and os.path.exists(os.path.join(tmp, "public", "index.html")), f"folder: vault to ./public gave {code} {err!r}")
    # A problem in the vault's site.yml is reported at its path.
    broken = os.path.join(tmp, "vault-broken")
    os.makedirs(broken)
    with open(os.path.join(broken, "site.yml"), "w", encoding="utf-8") as f:
        f.write("- a list\n")
    with open(os.path.join(broken, "a.md"), "w", encoding="utf-8") as f:
        f.write("a\n")
    code, _, err = run(binary, ["check", broken])
    check(code == 1 and "site.yml:1:1: error: site.yml must be a mapping of settings" in err, f"folder: bad vault site.yml gave {code} {err!r}")
    # Usage errors: FOLDER with --site or --source, two folders, a folder that is not there.
    for args, needle in ((["build", vault, "--source", vault], "either as FOLDER"),
                         (["check", vault, "--site", basic], "either as FOLDER"),
                         (["build", vault, basic], "build takes one FOLDER, not 2"),
                         (["build", os.path.join(tmp, "nowhere")], "folder '" + os.path.join(tmp, "nowhere") + "' does not exist")):
        code, _, err = run(binary, args)
        check(code == 2 and needle in err, f"folder: {args} gave {code} {err!r}")


def feed_tests(binary, tmp):
    """sitemap.xml and feed.xml need base_url; static/CNAME survives every build."""
    site = os.path.join(tmp, "feeds")
    shutil.copytree(os.path.join(FIXTURES, "basic"), site)
    out = os.path.join(site, "public")
    code, _, err = run(binary, ["build", "--site", site])
    check(code == 0 and NO_BASE_URL_NOTE not in err, f"feeds: with base_url: {code} {err!r}")
    for f in ("sitemap.xml", "feed.xml", "CNAME"):
        check(os.path.exists(os.path.join(out, f)), f"feeds: {f} not written with base_url")
    # base_url taken away: no sitemap or feed (the earlier ones removed), one note, no feed link in the pages.
    with open(os.path.join(site, "site.yml"), encoding="utf-8") as f:
        config = f.read()
    with open(os.path.join(site, "site.yml"), "w", encoding="utf-8") as f:
        f.write(config.replace("base_url: https://example.org/wiki\n", ""))
    code, stdout, err = run(binary, ["build", "--site", site])
    check(code == 0 and err.count("studywiki: note: ") == 1 and NO_BASE_URL_NOTE in err, f"feeds: without base_url: {code} {err!r}")
    check("0 errors, 0 warnings" in stdout, f"feeds: the note counted as a diagnostic: {stdout!r}")
    for f in ("sitemap.xml", "feed.xml"):
        check(not os.path.exists(os.path.join(out, f)), f"feeds: {f} written (or left) without base_url")
    check(os.path.exists(os.path.join(out, "CNAME")), "feeds: static/CNAME gone on a rebuild")
    index = read(os.path.join(out, "index.html"))
    check("feed.xml" not in index, "feeds: a page links feed.xml that is not there")
    check('href="assets/style.css"' in read(os.path.join(out, "404.html")), "feeds: 404.html without base_url is relative")
    code, _, err = run(binary, ["build", "--site", site, "--quiet"])
    check(code == 0 and err == "", f"feeds: --quiet still prints {err!r}")
    code, _, err = run(binary, ["check", "--site", site])
    check(code == 0 and err == "", f"feeds: check prints {err!r}")
    # --base-url brings them back; --clean keeps static/CNAME.
    code, _, err = run(binary, ["build", "--site", site, "--base-url", "https://me.github.io/notes", "--clean"])
    check(code == 0 and err == "", f"feeds: --base-url --clean gave {code} {err!r}")
    check("<loc>https://me.github.io/notes/</loc>" in read(os.path.join(out, "sitemap.xml")), "feeds: --base-url not in sitemap.xml")
    check(read(os.path.join(out, "CNAME")) == "notes.example.org\n", "feeds: static/CNAME lost with --clean")
    check('href="/notes/assets/style.css"' in read(os.path.join(out, "404.html")), "feeds: 404.html not from /notes/")
    # A base URL without a scheme is bad usage (exit 2), and the output is left as it was.
    code, _, err = run(binary, ["build", "--site", site, "--base-url", "me.github.io/notes"])
    check(code == 2 and "--base-url" in err, f"feeds: a base URL without scheme gave {code} {err!r}")
    check('href="/notes/assets/style.css"' in read(os.path.join(out, "404.html")), "feeds: a refused --base-url changed 404.html")


def same_tree(a, b):
    # .studywiki-cache/ is left out: the build state there stamps the inputs
    # (inode, times) and names the output folder, so it differs from folder to
    # folder by design (and is not saved when an input changed a moment ago).
    cmp = filecmp.dircmp(a, b, ignore=filecmp.DEFAULT_IGNORES + [".studywiki-cache"])

    def same(d):
        ok = not d.left_only and not d.right_only and not d.diff_files and not d.funny_files
        return ok and all(same(s) for s in d.subdirs.values())

    return os.path.isdir(a) and os.path.isdir(b) and same(cmp)


def incremental_tests(binary, tmp):
    """Write-if-changed, --explain, stale pages of deleted notes, --clean."""
    site = os.path.join(tmp, "incremental")
    shutil.copytree(os.path.join(FIXTURES, "basic"), site)
    out = os.path.join(site, "public")
    run(binary, ["build", "--site", site])
    page = os.path.join(out, "db", "mysql-index.html")
    before = os.stat(page).st_mtime_ns
    with open(os.path.join(site, "content", "db", "MySQL_Index.md"), "a", encoding="utf-8") as f:
        f.write("\n新的一段。\n")
    code, stdout, stderr = run(binary, ["build", "--site", site, "--explain"])
    check(code == 0, f"incremental: exit {code}")
    check("explain: db/mysql-index.html: content changed" in stderr, f"incremental: no explanation in {stderr!r}")
    check("新的一段。" in read(page), "incremental: edited note not rewritten")
    untouched = os.path.join(out, "net", "tcp.html")
    t0 = os.stat(untouched).st_mtime_ns
    run(binary, ["build", "--site", site])
    check(os.stat(untouched).st_mtime_ns == t0, "incremental: an unchanged page was rewritten")
    os.remove(os.path.join(site, "content", "net", "TCP.md"))
    code, stdout, stderr = run(binary, ["build", "--site", site, "--explain"])
    check(not os.path.exists(untouched), "incremental: the page of a deleted note is still there")
    check("explain: net/tcp.html: removed (no longer produced)" in stderr, f"incremental: {stderr!r}")
    stray = os.path.join(out, "stray.txt")
    with open(stray, "w") as f:
        f.write("not ours")
    run(binary, ["build", "--site", site])
    check(os.path.exists(stray), "incremental: a file the build never wrote was removed without --clean")
    # --clean removes what studywiki wrote, never a file it did not (tests/site/safety.py).
    code, _, stderr = run(binary, ["build", "--site", site, "--clean", "--explain"])
    check(os.path.exists(stray), "incremental: --clean removed a file studywiki did not write")
    check("explain: db/mysql-index.html: removed (--clean)" in stderr, f"incremental: --clean: {stderr!r}")
    check(os.path.exists(page), "incremental: --clean did not rebuild the pages")
    check(before != os.stat(page).st_mtime_ns, "incremental: sanity")


def main():
    if len(sys.argv) != 2:
        print("usage: run.py BINARY")
        return 2
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="studywiki-sites-") as tmp:
        fixture_tests(binary, tmp)
        cli_tests(binary, tmp)
        incremental_tests(binary, tmp)
        command_line_tests(binary, tmp)
        folder_tests(binary, tmp)
        feed_tests(binary, tmp)
        demo_tests(binary, tmp)
        seed_tests(binary, tmp)
    safety = safety_tests(binary)
    global passed
    passed += safety.passed
    failures.extend(safety.failures)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
