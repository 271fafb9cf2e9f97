"""Data safety and bad-input tests (issue 9), one function per numbered point.

Every test builds in its own temp folder; the "home" folder is a fake one
inside it (HOME is set for the build), never the real one. The tests run
against any binary, so they also show what an older build did:
  python3 tests/site/safety.py BINARY [TEST-NAME...]
"""
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse

TIMEOUT = 120


class Result:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failures.append(what)
            print("FAIL:", what)
        return cond


def run(binary, args, cwd=None, env=None, timeout=TIMEOUT, user=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    command = [binary] + args
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] + command
    try:
        p = subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", "", ""
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def files_under(folder):
    """Every file, less the build state in .studywiki-cache/ (saved or not
    depending on how recently an input changed)."""
    out = set()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not (dirpath == folder and d == ".studywiki-cache")]
        for f in filenames:
            out.add(os.path.relpath(os.path.join(dirpath, f), folder))
    return out


def vault(root, notes=None):
    """A small Obsidian-style vault: notes, a config folder, an image."""
    notes = notes or {"a.md": "# A\n\n链接 [[b]]\n", "b.md": "# B\n\n#tag 文本\n", "sub/c.md": "# C\n"}
    for rel, text in notes.items():
        write(os.path.join(root, rel), text)
    write(os.path.join(root, ".obsidian", "app.json"), "{}")
    return root


def no_crash(r, name, code, stderr):
    r.check(code not in ("timeout",) and (not isinstance(code, int) or code >= 0 and code < 128),
            f"{name}: crashed or hung (exit {code})")
    r.check("terminate called" not in stderr and "Traceback" not in stderr, f"{name}: crash output {stderr[-300:]!r}")


# 1 ---------------------------------------------------------------------------

def test_out_is_source(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    before = files_under(v)
    code, _, err = run(binary, ["build", "--source", v, "--out", v, "--clean"])
    r.check(code == 2 and "is the notes folder" in err, f"out=source: exit {code} {err.strip()!r}")
    r.check(files_under(v) == before, f"out=source: files changed: {sorted(before ^ files_under(v))[:5]}")


def test_out_is_site(binary, tmp, r):
    s = os.path.join(tmp, "S")
    vault(os.path.join(s, "content"))
    write(os.path.join(s, "site.yml"), "title: S\n")
    write(os.path.join(s, "templates", "note.mustache"), "{{{page.content}}}")
    before = files_under(s)
    code, _, err = run(binary, ["build", "--site", s, "--out", s, "--clean"])
    r.check(code == 2 and "is the site folder" in err, f"out=site: exit {code} {err.strip()!r}")
    r.check(files_under(s) == before, f"out=site: files changed: {sorted(before ^ files_under(s))[:5]}")
    # An output folder that holds the site (its parent) is refused too.
    code, _, err = run(binary, ["build", "--site", s, "--out", tmp, "--clean"])
    r.check(code == 2 and "contains the site folder" in err, f"out=parent of site: exit {code} {err.strip()!r}")
    r.check(files_under(s) == before, "out=parent of site: files changed")


def test_out_is_home(binary, tmp, r):
    home = os.path.join(tmp, "home")
    write(os.path.join(home, ".ssh", "id_rsa"), "KEY")
    write(os.path.join(home, ".bashrc"), "alias x=y")
    write(os.path.join(home, "Documents", "thesis.docx"), "thesis")
    notes = vault(os.path.join(home, "notes"))
    before = files_under(home)
    code, _, err = run(binary, ["build", "--source", notes, "--out", home, "--clean"], env={"HOME": home})
    r.check(code == 2 and "home folder" in err, f"out=home: exit {code} {err.strip()!r}")
    r.check(files_under(home) == before, f"out=home: files changed: {sorted(before ^ files_under(home))[:5]}")
    code, _, err = run(binary, ["build", "--source", notes, "--out", tmp, "--clean"], env={"HOME": home})
    r.check(code == 2 and "contains your home folder" in err, f"out=parent of home: exit {code} {err.strip()!r}")
    r.check(files_under(home) == before, "out=parent of home: files changed")


def test_foreign_folder(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    out = os.path.join(tmp, "Documents")
    write(os.path.join(out, "report.txt"), "mine")
    write(os.path.join(out, "index.html"), "my own page")
    for args in (["--clean"], []):
        code, _, err = run(binary, ["build", "--source", v, "--out", out] + args)
        r.check(code == 2 and "did not write it" in err, f"foreign folder {args}: exit {code} {err.strip()!r}")
        r.check(read(os.path.join(out, "index.html")) == "my own page" and os.path.exists(os.path.join(out, "report.txt")),
                f"foreign folder {args}: a file of the user was removed or overwritten")


def test_clean_keeps_others(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    out = os.path.join(tmp, "public")
    code, _, _ = run(binary, ["build", "--source", v, "--out", out])
    write(os.path.join(out, "CNAME"), "wiki.example.org")
    os.remove(os.path.join(v, "b.md"))
    code, stdout, err = run(binary, ["build", "--source", v, "--out", out, "--clean"])
    r.check(code == 0, f"--clean: exit {code}")
    r.check(os.path.exists(os.path.join(out, "CNAME")), "--clean removed a file studywiki did not write")
    r.check("kept 1 file" in err and "CNAME" in err, f"--clean does not say what it kept: {err.strip()!r}")
    r.check(not os.path.exists(os.path.join(out, "b.html")), "--clean kept the page of a deleted note")


def test_out_inside_source(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    out = os.path.join(v, "public")
    outputs = []
    for _ in range(3):
        code, stdout, err = run(binary, ["build", "--source", v, "--out", out])
        outputs.append(files_under(out))
        r.check(code == 0, f"out inside source: exit {code} {err.strip()!r}")
        r.check(stdout.startswith("built 3 notes"), f"out inside source: read its own output back: {stdout.strip()!r}")
    r.check(outputs[0] == outputs[1] == outputs[2], "out inside source: the file list grows from build to build")
    r.check(not any(re.search(r"-2\.html$", f) for f in outputs[2]), "out inside source: -2 collisions")


# 2 ---------------------------------------------------------------------------

def test_manifest_not_trusted(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    out = os.path.join(tmp, "public")
    outside = os.path.join(tmp, "outside")
    victim = os.path.join(tmp, "victim")
    write(victim, "precious")
    write(os.path.join(outside, "deep", "secret.txt"), "precious too")
    write(os.path.join(tmp, "sibling", "kept.txt"), "x")
    run(binary, ["build", "--source", v, "--out", out])
    os.symlink(outside, os.path.join(out, "link"))
    manifest = os.path.join(out, ".studywiki-manifest")
    text = read(manifest)
    r.check(text.startswith("# studywiki manifest 2\n"), f"manifest: no version line: {text[:40]!r}")
    with open(manifest, "a", encoding="utf-8") as f:
        f.write(victim + "\n")
        f.write("link/deep/secret.txt\n")
        f.write("../sibling/kept.txt\n")
        f.write(os.path.join(outside, "deep", "secret.txt") + "\n")
    code, _, err = run(binary, ["build", "--source", v, "--out", out])
    r.check(code == 0, f"manifest: exit {code} {err.strip()!r}")
    r.check(os.path.exists(victim), "manifest: an absolute path in the manifest was deleted")
    r.check(os.path.exists(os.path.join(outside, "deep", "secret.txt")), "manifest: a file through a symlink was deleted")
    r.check(os.path.isdir(os.path.join(outside, "deep")), "manifest: an empty-folder cleanup left the output folder")
    r.check(os.path.exists(os.path.join(tmp, "sibling", "kept.txt")), "manifest: a ../ path was deleted")
    r.check(err.count("warning: ignoring") == 3 and "crosses a symlink" in err,
            f"manifest: bad entries not reported: {err.strip()!r}")
    # The empty folders a removed page leaves go, up to (never including) the output folder.
    write(os.path.join(v, "x", "y", "z.md"), "# Z\n")
    run(binary, ["build", "--source", v, "--out", out])
    r.check(os.path.exists(os.path.join(out, "x", "y", "z.html")), "manifest: z.html not built")
    shutil.rmtree(os.path.join(v, "x"))
    run(binary, ["build", "--source", v, "--out", out])
    r.check(not os.path.exists(os.path.join(out, "x")), "manifest: the empty folders of a removed page stay")
    r.check(os.path.isdir(out), "manifest: the output folder itself was removed")


# 3 ---------------------------------------------------------------------------

def test_symlinks(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    outside = os.path.join(tmp, "outside")
    write(os.path.join(outside, "secret.md"), "# Secret\n\nTOP SECRET\n")
    write(os.path.join(outside, "hostname"), "HOSTNAME-BYTES")
    os.symlink(os.path.join(outside, "secret.md"), os.path.join(v, "secret.md"))
    os.symlink(os.path.join(outside, "hostname"), os.path.join(v, "hostname.png"))
    os.symlink(outside, os.path.join(v, "outdir"))
    os.symlink(os.path.join(v, "b.md"), os.path.join(v, "b-link.md"))
    os.symlink(os.path.join(v, "sub"), os.path.join(v, "sublink"))
    os.symlink(v, os.path.join(v, "sub", "loop"))
    os.symlink("chain-b.md", os.path.join(v, "chain-a.md"))
    os.symlink("chain-a.md", os.path.join(v, "chain-b.md"))
    out = os.path.join(tmp, "public")
    code, _, err = run(binary, ["build", "--source", v, "--out", out])
    no_crash(r, "symlinks", code, err)
    published = "".join(read(os.path.join(out, f)) for f in files_under(out) if f.endswith((".html", ".json", ".png")))
    r.check("TOP SECRET" not in published and "HOSTNAME-BYTES" not in published,
            "symlinks: a file outside the source folder was published")
    r.check(re.search(r"secret\.md: warning: symlink .*outside", err) is not None, f"symlinks: no warning: {err!r}")
    r.check(os.path.exists(os.path.join(out, "b-link.html")), "symlinks: a file link inside the source was not followed")
    r.check(os.path.exists(os.path.join(out, "sublink", "c.html")), "symlinks: a folder link inside was not walked")
    r.check("loop" in err, f"symlinks: a loop is not reported: {err!r}")


# 4 ---------------------------------------------------------------------------

def big_vault(root, n):
    for i in range(n):
        write(os.path.join(root, f"d{i % 10}", f"n{i}.md"),
              f"# Note {i}\n\n正文 {i} 链接 [[n{(i * 7) % n}]] #t{i % 30}\n\n" + ("内容。" * 200) + "\n")
    return root


def test_killed_build(binary, tmp, r):
    v = big_vault(os.path.join(tmp, "v"), 1500)
    out = os.path.join(tmp, "public")
    # Leftovers of a killed build, as an earlier version named them and as this one does.
    p = subprocess.Popen([binary, "build", "--source", v, "--out", out, "--jobs", "2"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and p.poll() is None:
        if os.path.isdir(os.path.join(out, "d3")) and len(os.listdir(os.path.join(out, "d3"))) > 20:
            break
        time.sleep(0.002)
    killed = p.poll() is None
    if killed:
        p.send_signal(signal.SIGKILL)
    p.wait()
    # A temporary file as a killed rename leaves it, in both namings.
    write(os.path.join(out, ".studywiki-tmp", "4242-7"), "half a page")
    write(os.path.join(out, "d1", "n1.html.tmp4242-7"), "half a page")
    shutil.rmtree(os.path.join(v, "d3"))  # these pages were written by the killed build
    code, _, err = run(binary, ["build", "--source", v, "--out", out])
    r.check(code == 0, f"killed build: the next build exits {code} {err.strip()[-300:]!r}")
    fresh = os.path.join(tmp, "fresh")
    run(binary, ["build", "--source", v, "--out", fresh])
    got, want = files_under(out), files_under(fresh)
    r.check(killed, "killed build: the build ended before it could be killed (test did not exercise the kill)")
    r.check(not any("tmp" in f.split("/")[-1] and f != ".studywiki-manifest" for f in got),
            f"killed build: temporary files left: {sorted(f for f in got if 'tmp' in f)[:5]}")
    r.check(got == want, f"killed build: output differs from a fresh build: {sorted(got ^ want)[:5]}")


# 5 ---------------------------------------------------------------------------

def test_lock(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    out = os.path.join(tmp, "public")
    run(binary, ["build", "--source", v, "--out", out])
    write(os.path.join(v, "new.md"), "# New\n")
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another build holds the folder
    p = subprocess.Popen([binary, "build", "--source", v, "--out", out], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    time.sleep(1.0)
    waited = p.poll() is None
    r.check(waited, "lock: a second build did not wait for the first")
    r.check(not os.path.exists(os.path.join(out, "new.html")), "lock: a second build wrote while the first held the folder")
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
    try:
        stdout, stderr = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        stdout, stderr = p.communicate()
    r.check(p.returncode == 0 and os.path.exists(os.path.join(out, "new.html")),
            f"lock: the waiting build did not finish: {p.returncode} {stderr!r}")
    r.check(b"waiting for another build" in stderr, f"lock: no message while waiting: {stderr!r}")


# 6 ---------------------------------------------------------------------------

def test_non_utf8_names(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    gbk = os.path.join(v.encode(), "\u4f60\u597d".encode("gbk"))  # 你好 in GBK, as a Windows zip leaves it
    os.makedirs(gbk)
    with open(os.path.join(gbk, "\u7b14\u8bb0.md".encode("gbk")), "w", encoding="utf-8") as f:  # 笔记.md
        f.write("# 笔记\n\n见 [[a]]\n")
    with open(os.path.join(v.encode(), b"caf\xe9.md"), "w", encoding="utf-8") as f:
        f.write("# Cafe\n")
    out = os.path.join(tmp, "public")
    code, _, err = run(binary, ["build", "--source", v, "--out", out])
    no_crash(r, "non-UTF-8 names", code, err)
    r.check(code == 0, f"non-UTF-8 names: exit {code} {err.strip()[-300:]!r}")
    r.check("\\xC4\\xE3\\xBA\\xC3" in err, f"non-UTF-8 names: the warning does not name the bytes: {err!r}")
    ok = os.path.exists(os.path.join(out, "graph.json"))
    if r.check(ok, "non-UTF-8 names: graph.json not written"):
        json.loads(read(os.path.join(out, "graph.json")))
    r.check(os.path.exists(os.path.join(out, "你好", "笔记.html")), f"non-UTF-8 names: {sorted(files_under(out))[:40]}")
    for f in files_under(out):
        f.encode("utf-8")  # every output name is UTF-8 (raises on surrogates)


# 7 ---------------------------------------------------------------------------

LAUGHS = "\n".join(["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"] +
                   [f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]" for p, c in zip("abcdefgh", "bcdefghi")])


def test_yaml_aliases(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    write(os.path.join(v, "recursive.md"), "---\ntitle: R\nx: &a [*a]\n---\n# R\n")
    write(os.path.join(v, "laughs.md"), "---\n" + LAUGHS + "\n---\n# L\n")
    write(os.path.join(v, "tags-laughs.md"), "---\n" + LAUGHS.replace("i: &i", "tags: &i") + "\n---\n# T\n")
    out = os.path.join(tmp, "public")
    started = time.time()
    code, _, err = run(binary, ["build", "--source", v, "--out", out], timeout=60)
    took = time.time() - started
    no_crash(r, "YAML aliases", code, err)
    r.check(code == 1, f"YAML aliases: exit {code}, expected 1 (errors) {err.strip()[-300:]!r}")
    r.check(took < 20, f"YAML aliases: took {took:.1f} s")
    for name in ("recursive.md", "laughs.md", "tags-laughs.md"):
        r.check(re.search(re.escape(name) + r":\d+:\d+: error: front matter", err) is not None,
                f"YAML aliases: no error for {name}: {err!r}")
    r.check(os.path.exists(os.path.join(out, "a.html")), "YAML aliases: the rest of the site was not built")


# 8 ---------------------------------------------------------------------------

def test_long_names_and_loops(binary, tmp, r):
    site = os.path.join(tmp, "S")
    v = vault(os.path.join(site, "content"))
    write(os.path.join(v, "#" * 240 + ".md"), "# Sharp\n\nlong\n")  # slug "sharp" x 240: 1,200 bytes
    long_name = "网页剪藏" * 20 + "文章"  # 252 bytes: with ".html" over the 255-byte limit
    write(os.path.join(v, long_name + ".md"), "# Clip\n\nlong\n")
    write(os.path.join(v, "linker.md"), f"# Linker\n\n[[{long_name}]]\n")
    os.makedirs(os.path.join(site, "static"))
    os.symlink("loop-b", os.path.join(site, "static", "loop-a"))
    os.symlink("loop-a", os.path.join(site, "static", "loop-b"))
    os.symlink(".", os.path.join(site, "static", "self"))
    write(os.path.join(site, "static", "robots.txt"), "User-agent: *\n")
    out = os.path.join(tmp, "public")
    code, _, err = run(binary, ["build", "--site", site, "--out", out, "--explain"])
    no_crash(r, "long names", code, err)
    r.check(code == 0, f"long names: exit {code} {err.strip()[-400:]!r}")
    pages = [f for f in files_under(out) if f.startswith("sharpsharp")]
    r.check(len(pages) == 1 and len(pages[0].encode()) <= 255, f"long names: page {pages}")
    pages = [f for f in files_under(out) if f.startswith("网页剪藏")]
    r.check(len(pages) == 1 and len(pages[0].encode()) <= 255, f"long names: page {pages}")
    if pages and os.path.exists(os.path.join(out, "linker.html")):
        # hrefs keep letters of any script as UTF-8 and percent-encode the rest
        href = "".join(c if ord(c) > 127 and unicodedata.category(c)[0] in "LMN" else urllib.parse.quote(c)
                       for c in pages[0])
        r.check(f'href="{href}"' in read(os.path.join(out, "linker.html")), "long names: the link does not follow the page")
    r.check(os.path.exists(os.path.join(out, "robots.txt")), "static with a symlink loop: robots.txt not copied")
    # --clean in an output folder holding a symlink loop.
    os.symlink("x", os.path.join(out, "y"))
    os.symlink("y", os.path.join(out, "x"))
    code, _, err = run(binary, ["build", "--site", site, "--out", out, "--clean"])
    no_crash(r, "--clean with a loop", code, err)
    r.check(code == 0, f"--clean with a symlink loop: exit {code} {err.strip()[-300:]!r}")


# 9 ---------------------------------------------------------------------------

def test_read_only_out(binary, tmp, r):
    v = vault(os.path.join(tmp, "v"))
    out = os.path.join(tmp, "ro", "public")
    os.makedirs(out)
    os.chmod(os.path.join(tmp, "ro"), 0o555)
    os.chmod(out, 0o555)
    os.chmod(tmp, 0o755)
    user = None
    if os.geteuid() == 0:  # root writes anywhere: run as nobody
        user = 65534
        for d in (tmp, v, os.path.join(v, "sub"), os.path.join(v, ".obsidian")):
            os.chmod(d, 0o755)
    code, _, err = run(binary, ["build", "--source", v, "--out", out], user=user)
    lines = [l for l in err.splitlines() if l.strip()]
    no_crash(r, "read-only", code, err)
    r.check(code == 1, f"read-only output: exit {code}")
    r.check(len(lines) == 1 and "Permission denied" in lines[0], f"read-only output: {len(lines)} lines: {lines[:3]}")


TESTS = [test_out_is_source, test_out_is_site, test_out_is_home, test_foreign_folder, test_clean_keeps_others,
         test_out_inside_source, test_manifest_not_trusted, test_symlinks, test_killed_build, test_lock,
         test_non_utf8_names, test_yaml_aliases, test_long_names_and_loops, test_read_only_out]


def safety_tests(binary, only=None):
    r = Result()
    for test in TESTS:
        if only and test.__name__ not in only:
            continue
        with tempfile.TemporaryDirectory(prefix="studywiki-safety-") as tmp:
            before = (r.passed, len(r.failures))
            try:
                test(binary, tmp, r)
            except Exception as e:  # a test that cannot go on is a failure, not a crash of the runner
                r.check(False, f"{test.__name__}: {type(e).__name__}: {e}")
            finally:
                for dirpath, dirnames, _ in os.walk(tmp):
                    for d in dirnames:
                        try:
                            os.chmod(os.path.join(dirpath, d), 0o755)
                        except OSError:
                            pass
            print(f"{test.__name__}: {'ok' if len(r.failures) == before[1] else 'FAILED'}")
    return r


if __name__ == "__main__":
    result = safety_tests(os.path.abspath(sys.argv[1]), set(sys.argv[2:]) or None)
    print(f"{result.passed} passed, {len(result.failures)} failed")
    sys.exit(1 if result.failures else 0)
