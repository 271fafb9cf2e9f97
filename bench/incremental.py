#!/usr/bin/env python3
"""bench/incremental.py — how long does a rebuild take after an edit (issue 12)?

    bench/incremental.py BINARY [--notes N] [--seed S] [--runs R] [--hugo] [--no-verify] [--no-serve] [--keep]
    bench/incremental.py BINARY --property [--edits N] [--seed S]

On the gen_corpus.py vault of N notes (default 10000, seed 1), each case is
the command a user runs, as a separate process, timed from start to exit:

    BINARY build --site SITE --source SRC --out OUT

(SITE holds only templates/note.mustache, a copy of the built-in one, so
that the template case has a file to edit; SRC is a private copy of the
corpus, so file mtimes are the notes' dates and no git history is read).
Per run, in this order:

    clean build     into a new, empty folder (kept as OUT for the rest of the run)
    no-op           the same command again, nothing changed
    text edit       a line appended to one note (the middle one in path order, as bench/run)
    title edit      the front-matter title of one note changed (a note whose title other
                    notes link to: their pages, previews and folder pages change too)
    new link        a [[wikilink]] to another note appended to a third note
    template edit   a visible line added to SITE/templates/note.mustache (every note page)

Each case's figure is the median of R runs (default 3; for an even R the
lower middle one), wall seconds, with the CPU seconds (user + system) of
that run beside it (steadier on a shared machine), and the summary line the
binary printed. The issue's targets at 10,000 notes are printed beside:
no-op <= 50 ms, text edit <= 100 ms, title edit <= 300 ms. After the runs
the incremental output is compared with one more clean build (file list and
bytes, .studywiki-cache/ aside; --no-verify skips it).

With --hugo (and hugo installed) the same edits are made to the corpus's
Hugo copy (gen_corpus.py --hugo, cached where bench/run caches it), and
`hugo --source HSRC --destination HOUT --cacheDir HCACHE --quiet` (bench/run's
command) is timed after each, alternating with studywiki's runs (studywiki
case, Hugo case, next case …); the ratio is hugo / studywiki. Hugo's template
case edits layouts/_default/single.html.

Then the servers, save to written: the note of the text edit is appended to
and the time until its page's file has a new mtime is measured (polling
every 5 ms), R times: `studywiki serve --site SITE --source SRC` when the
binary has it (the page under SITE/public/, DESIGN.md's default output),
and with --hugo `hugo server --renderToDisk` (fast render mode, its
default). --no-serve skips them.

--property runs tests/site/incremental.py BINARY --edits N (default 2000)
--max-seconds 0: the property test's longer sequence.

Times are wall clock on whatever else the machine is doing: compare figures
from the same run only.
"""
import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TARGETS = {"no-op": 0.050, "text edit": 0.100, "title edit": 0.300}  # issue 12, at 10,000 notes
CASES = ["clean build", "no-op", "text edit", "title edit", "new link", "template edit"]


def log(msg):
    print("[incremental] " + msg, file=sys.stderr, flush=True)


def median(xs):
    """The median; for an even count the lower middle one (as bench/run)."""
    s = sorted(xs)
    return s[(len(s) - 1) // 2]


# ---- the corpus: the same cache as bench/run's corpus() ----------------------
# bench/run keeps each generated corpus in bench/.cache/nN-sSEED-gHASH/
# (HASH: the first 10 hex digits of gen_corpus.py's sha1) with vault/,
# vault.links.json, hugo/ and a .complete marker, made by
# `gen_corpus.py --notes N --seed S --out DIR/vault --hugo DIR/hugo --force`.
# This uses the same folder, so either tool fills it for the other, and the
# Hugo site is gen_corpus.py's own conversion, the one bench/run times.
def corpus(n, seed):
    gen = os.path.join(HERE, "gen_corpus.py")
    with open(gen, "rb") as f:
        ghash = hashlib.sha1(f.read()).hexdigest()[:10]
    cache = os.path.join(HERE, ".cache")
    d = os.path.join(cache, "n%d-s%d-g%s" % (n, seed, ghash))
    if not os.path.exists(os.path.join(d, ".complete")):
        log("generating %d notes (seed %d) into %s" % (n, seed, os.path.relpath(d, ROOT)))
        os.makedirs(d, exist_ok=True)
        subprocess.run([sys.executable, gen, "--notes", str(n), "--seed", str(seed), "--out",
                        os.path.join(d, "vault"), "--hugo", os.path.join(d, "hugo"), "--force"], check=True)
        open(os.path.join(d, ".complete"), "w").close()
    return d


# ---- a timed process ------------------------------------------------------------
def timed(cmd, cwd=None, env=None):
    """(wall seconds, cpu seconds, exit status, stdout, stderr) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def append(path, text):
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(text)


def set_fm_title(path, title):
    """Sets the front matter's title line (the file has one)."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    nl = "\r\n" if "\r\n" in text[:200] else "\n"
    new, n = re.subn(r"^title:.*?$", "title: " + json.dumps(title, ensure_ascii=False), text, count=1, flags=re.M)
    if not n:
        raise SystemExit("bench/incremental.py: error: no title line in " + path)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(new.replace("\r\r\n", "\r\n") if nl == "\r\n" else new)


def snapshot(root):
    files = {}
    for d, dirs, fs in os.walk(root):
        if d == root:
            dirs[:] = [x for x in dirs if x != ".studywiki-cache"]
        for f in fs:
            p = os.path.join(d, f)
            with open(p, "rb") as fh:
                files[os.path.relpath(p, root)] = hashlib.blake2b(fh.read()).digest()
    return files


# ---- the benchmark ---------------------------------------------------------------
class Bench:
    def __init__(self, args):
        self.args = args
        self.binary = os.path.abspath(args.binary)
        self.hugo = shutil.which("hugo") if args.hugo else None
        self.work = tempfile.mkdtemp(prefix="studywiki-incr-bench-")
        self.src = os.path.join(self.work, "src")
        self.site = os.path.join(self.work, "site")
        self.hsrc = os.path.join(self.work, "hsrc")
        self.hcache = os.path.join(self.work, "hcache")
        self.results = {c: [] for c in CASES}   # (wall, cpu, summary)
        self.hresults = {c: [] for c in CASES}  # (wall, cpu)
        self.failed = []
        self.out_n = 0
        self.cases = [c for c in CASES if c == "clean build" or c.split()[0] in args.cases.split(",")]
        self.hout_n = 0

    def cmd(self, out):
        return [self.binary, "build", "--site", self.site, "--source", self.src, "--out", out]

    # what to edit, from the corpus's manifest
    def choose(self, cdir):
        with open(os.path.join(cdir, "vault.links.json"), encoding="utf-8") as f:
            m = json.load(f)
        pages = {p["path"]: p for p in m["pages"]}
        paths = sorted(p for p in pages if os.path.basename(p) != "index.md")
        # as bench/run: the middle note in path order
        self.text_note = paths[len(paths) // 2]
        indeg = {}
        for l in m["links"]:
            if l.get("target_path") and l["source"] != l["target_path"]:
                indeg[l["target_path"]] = indeg.get(l["target_path"], 0) + 1
        cands = sorted((indeg.get(p, 0), p) for p in paths if pages[p].get("title_from") == "fm"
                       and indeg.get(p, 0) > 0 and p != self.text_note)
        if not cands:
            raise SystemExit("bench/incremental.py: error: no note with a front-matter title that others link to")
        # a typical linked note: the median in-degree among them
        self.title_indeg, self.title_note = cands[len(cands) // 2]
        self.title = pages[self.title_note]["title"]
        self.link_note = paths[len(paths) // 3]
        pool = [p for p in paths if p not in (self.link_note, self.text_note, self.title_note)]
        step = max(1, len(pool) // 97)
        self.link_targets = [pages[p]["title"] for p in pool[::step]]
        self.pages = pages

    def prepare(self):
        cdir = corpus(self.args.notes, self.args.seed)
        self.choose(cdir)
        log("copying the corpus to %s" % self.work)
        shutil.copytree(os.path.join(cdir, "vault"), self.src, symlinks=True)
        os.makedirs(os.path.join(self.site, "templates"))
        shutil.copy2(os.path.join(ROOT, "templates", "note.mustache"), os.path.join(self.site, "templates"))
        if self.hugo:
            shutil.copytree(os.path.join(cdir, "hugo"), self.hsrc, symlinks=True)

    def hugo_note(self, rel):
        d, f = os.path.split(rel)
        if f == "index.md":
            f = "_index.md"
        return os.path.join(self.hsrc, "content", d, f)

    # one edit, made to both copies (the Hugo one when there is one)
    def edit(self, case, r):
        if case == "text edit":
            line = "\n编辑 edit %d: one more line added by bench/incremental.py.\n" % r
            append(os.path.join(self.src, self.text_note), line)
            if self.hugo:
                append(self.hugo_note(self.text_note), line)
        elif case == "title edit":
            title = self.title + ("（修订 %d）" % r if r % 2 == 1 else "")
            set_fm_title(os.path.join(self.src, self.title_note), title)
            if self.hugo:
                set_fm_title(self.hugo_note(self.title_note), title)
        elif case == "new link":
            target = self.link_targets[r % len(self.link_targets)]
            append(os.path.join(self.src, self.link_note), "\n另见 [[%s]]。\n" % target)
            if self.hugo:
                append(self.hugo_note(self.link_note), "\n另见 [[%s]]。\n" % target)
        elif case == "template edit":
            append(os.path.join(self.site, "templates", "note.mustache"),
                   '<p class="bench-mark">template edit %d</p>\n' % r)
            if self.hugo:
                p = os.path.join(self.hsrc, "layouts", "_default", "single.html")
                with open(p, encoding="utf-8") as f:
                    t = f.read()
                i = t.rfind("{{ end }}")  # the end of its "main" block
                with open(p, "w", encoding="utf-8") as f:
                    f.write(t[:i] + '<p class="bench-mark">template edit %d</p>\n' % r + t[i:])

    def run_sw(self, case, r):
        if case == "clean build":
            # a new, never-used folder (as bench/run: deleting thousands of
            # files right before a build measures the disk); old ones go last
            if self.out_n:
                os.rename(self.out, os.path.join(self.work, "old-out-%d" % self.out_n))
            self.out_n += 1
            self.out = os.path.join(self.work, "out")
        wall, cpu, rc, out, err = timed(self.cmd(self.out))
        summary = next((l for l in out.splitlines() if l.startswith("built ")), out.strip().split("\n")[-1])
        summary = summary.replace(self.out, "OUT")
        if rc not in (0, 1):
            self.failed.append("studywiki %s (run %d): exit %d: %s" % (case, r, rc, err.strip()[-500:]))
        self.results[case].append((wall, cpu, summary))
        log("run %d %-13s studywiki %7.3f s (cpu %.2f s)  %s" % (r, case, wall, cpu, summary))

    def run_hugo(self, case, r):
        if case == "clean build":
            if self.hout_n:
                os.rename(self.hout, os.path.join(self.work, "old-hout-%d" % self.hout_n))
            self.hout_n += 1
            self.hout = os.path.join(self.work, "hout")
            shutil.rmtree(os.path.join(self.hsrc, "resources"), ignore_errors=True)
        wall, cpu, rc, out, err = timed([self.hugo, "--source", self.hsrc, "--destination", self.hout,
                                         "--cacheDir", self.hcache, "--quiet"])
        if rc != 0:
            self.failed.append("hugo %s (run %d): exit %d: %s" % (case, r, rc, err.strip()[-500:]))
        self.hresults[case].append((wall, cpu))
        log("run %d %-13s hugo      %7.3f s (cpu %.2f s)" % (r, case, wall, cpu))

    def runs(self):
        for r in range(1, self.args.runs + 1):
            for case in self.cases:
                self.edit(case, r)
                self.run_sw(case, r)
                if self.hugo:
                    self.run_hugo(case, r)

    def verify(self):
        log("verify: one more clean build, compared with the incremental output")
        ref = os.path.join(self.work, "verify-out")
        wall, cpu, rc, out, err = timed(self.cmd(ref))
        a, b = snapshot(self.out), snapshot(ref)
        differ = sorted(set(a) ^ set(b)) + sorted(k for k in set(a) & set(b) if a[k] != b[k])
        if differ:
            self.failed.append("the incremental output differs from a clean build in %d files: %s"
                               % (len(differ), ", ".join(differ[:10])))
            return "DIFFERS from a clean build: %d files (%s…)" % (len(differ), ", ".join(differ[:5]))
        return "the incremental output equals a clean build (%d files, .studywiki-cache/ aside)" % len(a)

    # ---- servers: save to written ------------------------------------------------
    @staticmethod
    def free_port():
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        return port

    @staticmethod
    def watch_output(proc, ready_re):
        """Reads the server's output on a thread; returns an Event set once a line matches ready_re."""
        ready = threading.Event()

        def reader():
            for raw in proc.stdout:
                if re.search(ready_re, raw.decode("utf-8", "replace")):
                    ready.set()
        threading.Thread(target=reader, daemon=True).start()
        return ready

    def latency(self, name, proc, page, src_files, ready, ready_timeout=900):
        """Once the server says it is ready (its first build done, its watcher
        on) and `page` exists: appends to the source files and waits for
        `page`'s mtime to change; R times. Returns the list, or why not."""
        t = time.monotonic()
        while not ready.is_set():
            if proc.poll() is not None:
                return "exited with status %d before it was ready" % proc.returncode
            if time.monotonic() - t > ready_timeout:
                return "not ready after %d s" % ready_timeout
            time.sleep(0.1)
        t_ready = time.monotonic()
        while not os.path.exists(page):
            if time.monotonic() - t_ready > 60:
                return "ready, but no page file at %s (does it serve from memory?)" % page
            time.sleep(0.1)
        log("%s ready after %.1f s" % (name, time.monotonic() - t))
        time.sleep(2)
        out = []
        for r in range(1, self.args.runs + 1):
            m0 = os.stat(page).st_mtime_ns
            t = time.monotonic()
            for f in src_files:
                append(f, "\n服务器编辑 server edit %d by bench/incremental.py\n" % r)
            while os.stat(page).st_mtime_ns == m0:
                if time.monotonic() - t > 120 or proc.poll() is not None:
                    return "the page was not rewritten within 120 s of the edit"
                time.sleep(0.005)
            out.append(time.monotonic() - t)
            log("%s: save to written %.3f s" % (name, out[-1]))
            time.sleep(2)
        return out

    @staticmethod
    def stop(proc):
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def hugo_server(self):
        # the page of the text-edit note: hugo list all gives each content file's permalink
        p = subprocess.run([self.hugo, "list", "all", "--source", self.hsrc], capture_output=True, text=True)
        want = os.path.relpath(self.hugo_note(self.text_note), self.hsrc)
        url = None
        for line in p.stdout.splitlines():
            if line.startswith(want + ","):
                url = line.rsplit(",", 1)[1]
        if not url:
            return "hugo list all does not list " + want
        path = urllib.parse.unquote(urllib.parse.urlparse(url).path)
        srv = os.path.join(self.work, "hugo-server-out")
        page = os.path.join(srv, path.lstrip("/"), "index.html")
        port = self.free_port()
        log("hugo server --renderToDisk on port %d (first build …)" % port)
        proc = subprocess.Popen([self.hugo, "server", "--source", self.hsrc, "--destination", srv, "--renderToDisk",
                                 "--bind", "127.0.0.1", "--port", str(port), "--cacheDir", self.hcache],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # printed once the first build is written and the watcher runs
        ready = self.watch_output(proc, r"Web Server is available")
        try:
            return self.latency("hugo server", proc, page, [self.hugo_note(self.text_note)], ready)
        finally:
            self.stop(proc)

    def studywiki_serve(self):
        # the page of the text-edit note, from the clean build's graph.json (label = title)
        with open(os.path.join(self.out, "graph.json"), encoding="utf-8") as f:
            nodes = json.load(f)["nodes"]
        title = self.pages[self.text_note]["title"]
        url = next((n["url"] for n in nodes if n["label"] == title), None)
        if not url:
            return "no page titled %r in graph.json" % title
        cwd = os.path.join(self.work, "serve")
        os.makedirs(cwd)
        port = self.free_port()
        cmd = [self.binary, "serve", "--site", self.site, "--source", self.src, "--port", str(port)]
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        time.sleep(2)
        if proc.poll() is not None:
            msg = proc.stdout.read().decode("utf-8", "replace").strip().split("\n")[-1]
            return "not available in this binary (exit %d: %s)" % (proc.returncode, msg[:160])
        # Its exact words are not fixed yet: the address it serves, or the build's summary line.
        ready = self.watch_output(proc, r"https?://127\.0\.0\.1|^built \d+ notes")
        log("studywiki serve on port %d (first build …)" % port)
        # where serve writes: SITE/public (DESIGN.md: --out defaults to SITE/public)
        page = os.path.join(self.site, "public", urllib.parse.unquote(url))
        try:
            return self.latency("studywiki serve", proc, page, [os.path.join(self.src, self.text_note)], ready)
        finally:
            self.stop(proc)

    # ---- report ------------------------------------------------------------------
    def report(self, verify_line, servers):
        a = self.args
        cpu = "?"
        try:
            with open("/proc/cpuinfo") as f:
                cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
        except (OSError, StopIteration):
            pass
        version = subprocess.run([self.binary, "--version"], capture_output=True, text=True).stdout.strip()
        print()
        print("command:   " + " ".join(["bench/incremental.py"] + sys.argv[1:]))
        print("machine:   %d CPUs, %s, %s %s, load average %s" % (os.cpu_count(), cpu, platform.system(),
                                                                   platform.release(),
                                                                   " ".join("%.1f" % x for x in os.getloadavg())))
        print("studywiki: %s (%s)" % (self.binary, version))
        if self.hugo:
            print("hugo:      " + subprocess.run([self.hugo, "version"], capture_output=True, text=True).stdout.strip())
        elif a.hugo:
            print("hugo:      not installed, no comparison (Debian: apt-get install -y hugo)")
        print("corpus:    %d notes, gen_corpus.py --seed %d; runs: %d (median; even: the lower middle)"
              % (a.notes, a.seed, a.runs))
        print("command:   BINARY build --site SITE --source SRC --out OUT   (SITE: templates/note.mustache only)")
        print("edits:     text: %s; title: %s (%d links to it); new link: in %s; template: note.mustache"
              % (self.text_note, self.title_note, self.title_indeg, self.link_note))
        print()
        hdr = "%-14s %-10s %-9s %-11s" % ("case", "studywiki", "cpu", "target")
        if self.hugo:
            hdr += " %-10s %-9s %-7s" % ("hugo", "cpu", "ratio")
        print(hdr + " studywiki's summary line (median run)")
        for case in CASES:
            res = self.results[case]
            if not res:
                continue
            walls = [x[0] for x in res]
            mid = median(walls)
            i = walls.index(mid)
            target = TARGETS.get(case)
            tcol = "-"
            if target is not None:
                tcol = "<= %.0f ms %s" % (target * 1000, "ok" if mid <= target else "NO")
            line = "%-14s %-10s %-9s %-11s" % (case, "%.3f s" % mid, "%.2f s" % res[i][1], tcol)
            if self.hugo:
                hres = self.hresults[case]
                hw = [x[0] for x in hres]
                hm = median(hw)
                line += " %-10s %-9s %-7s" % ("%.3f s" % hm, "%.2f s" % hres[hw.index(hm)][1],
                                               "%.1fx" % (hm / mid) if mid > 0 else "-")
            print(line + " " + res[i][2])
        print()
        if servers:
            for name, v in servers:
                if isinstance(v, list):
                    print("%-16s save to page written: median %.3f s (%s)"
                          % (name, median(v), ", ".join("%.3f" % x for x in v)))
                else:
                    print("%-16s save to page written: %s" % (name, v))
            sw = dict(servers).get("studywiki serve")
            hg = dict(servers).get("hugo server")
            if isinstance(sw, list) and isinstance(hg, list):
                print("server ratio (hugo / studywiki): %.1fx" % (median(hg) / median(sw)))
            print()
        if verify_line:
            print("verify:    " + verify_line)
        print("targets (issue 12, at 10,000 notes, separate processes): no-op <= 50 ms, text edit <= 100 ms, "
              "title edit <= 300 ms; ratio = hugo / studywiki (higher is better for studywiki)")

    def cleanup(self):
        if self.args.keep:
            log("work folder kept: " + self.work)
        else:
            shutil.rmtree(self.work, ignore_errors=True)


def property_mode(args):
    test = os.path.join(ROOT, "tests", "site", "incremental.py")
    cmd = [sys.executable, test, args.binary, "--edits", str(args.edits), "--max-seconds", "0"]
    if args.seed_given:
        cmd += ["--seed", str(args.seed)]
    log(" ".join(cmd))
    t = time.monotonic()
    rc = subprocess.run(cmd).returncode
    print("property test: exit %d in %.0f s" % (rc, time.monotonic() - t))
    return rc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--notes", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=None, help="corpus seed (default 1); with --property, the test's")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--hugo", action="store_true", help="compare with Hugo (build and server), when installed")
    ap.add_argument("--no-verify", action="store_true", help="skip the final comparison with a clean build")
    ap.add_argument("--cases", default="no-op,text,title,new,template",
                    help="which cases after the clean build, by first word (default: all: %(default)s)")
    ap.add_argument("--no-serve", action="store_true", help="skip the save-to-written latency of the servers")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--property", action="store_true", help="run tests/site/incremental.py with a long sequence")
    ap.add_argument("--edits", type=int, default=2000, help="with --property: edits (default 2000)")
    args = ap.parse_args()
    args.seed_given = args.seed is not None
    if args.seed is None:
        args.seed = 1
    if not os.access(args.binary, os.X_OK):
        print("bench/incremental.py: error: not an executable: %s (build it: ./studywiki build)" % args.binary,
              file=sys.stderr)
        return 2
    if args.property:
        return property_mode(args)
    if args.notes < 10 or args.runs < 1:
        print("bench/incremental.py: error: --notes must be at least 10, --runs at least 1", file=sys.stderr)
        return 2
    if args.hugo and not shutil.which("hugo"):
        log("hugo not installed: studywiki alone (Debian: apt-get install -y hugo)")
    b = Bench(args)
    try:
        b.prepare()
        b.runs()
        verify_line = None if args.no_verify else b.verify()
        servers = []
        if not args.no_serve:
            servers.append(("studywiki serve", b.studywiki_serve()))
            if b.hugo:
                servers.append(("hugo server", b.hugo_server()))
        b.report(verify_line, servers)
    finally:
        b.cleanup()
    for f in b.failed:
        print("bench/incremental.py: error: " + f, file=sys.stderr)
    return 1 if b.failed else 0


if __name__ == "__main__":
    sys.exit(main())
