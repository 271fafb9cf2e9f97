#!/usr/bin/env python3
"""Does studywiki resolve and report the generated corpus's links as the generator meant?

  bench/links_agreement.py BINARY VAULT [MANIFEST]

Runs `BINARY check --source VAULT` with STUDYWIKI_LINK_DUMP set, then compares
with the manifest bench/gen_corpus.py wrote (default VAULT/../<name>.links.json):
every link the generator broke on purpose must be reported as a warning at its
file:line:col, every other link must resolve to the note the generator meant,
and no other warning may appear. Prints the figures and the first
disagreements; exits 1 when anything disagrees.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    binary, vault = sys.argv[1], os.path.abspath(sys.argv[2])
    manifest = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
        os.path.dirname(vault), os.path.basename(vault) + ".links.json")
    with open(manifest, encoding="utf-8") as f:
        links = json.load(f)["links"]
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "links.tsv")
        env = dict(os.environ, STUDYWIKI_LINK_DUMP=dump)
        p = subprocess.run([binary, "check", "--source", vault], capture_output=True, text=True, env=env)
        with open(dump, encoding="utf-8") as f:
            resolved = {}
            for line in f:
                source, ln, col, target = line.rstrip("\n").split("\t")
                resolved[(source, int(ln), int(col))] = target
    warnings = {}
    diag = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*)$")
    for line in p.stderr.splitlines():
        m = diag.match(line)
        if m:
            path = m.group(1)
            warnings[(path, int(m.group(2)), int(m.group(3)))] = m.group(4)
    # With --source and no site, diagnostics name files relative to the source folder.
    def key(r):
        return (r["source"], r["line"], r["col"])

    counts = collections.Counter()
    problems = []
    expected_warnings = set()
    for r in links:
        k = key(r)
        where = "%s:%d:%d %s" % (r["source"], r["line"], r["col"], r["raw"])
        if r["broken"]:
            counts["broken"] += 1
            expected_warnings.add(k)
            if k in warnings:
                counts["broken reported"] += 1
            else:
                problems.append("not reported: " + where)
            if (r["source"], r["line"], r["col"]) in resolved:
                problems.append("broken link resolved anyway: " + where)
        else:
            counts["meant to resolve"] += 1
            got = resolved.get((r["source"], r["line"], r["col"]))
            if got == r["target_path"]:
                counts["resolved as meant"] += 1
            elif got is None:
                problems.append("not resolved: %s (meant %s)%s" % (where, r["target_path"],
                                                                  "; " + warnings[k] if k in warnings else ""))
            else:
                problems.append("resolved to %s, meant %s: %s" % (got, r["target_path"], where))
            if k in warnings:
                counts["warned although fine"] += 1
    extra = [k for k in warnings if k not in expected_warnings]
    for k in extra[:5]:
        problems.append("unexpected warning: %s:%d:%d: %s" % (k + (warnings[k],)))
    print("links in the manifest:     %d" % len(links))
    print("meant to resolve:          %d, resolved as meant: %d" % (counts["meant to resolve"], counts["resolved as meant"]))
    print("broken on purpose:         %d, reported at file:line:col: %d" % (counts["broken"], counts["broken reported"]))
    print("warnings printed:          %d (%d not about a broken manifest link)" % (len(warnings), len(extra)))
    print("links resolved (all kinds): %d" % len(resolved))
    agree = len(links) - len([x for x in problems if not x.startswith("unexpected")])
    print("agreement:                 %d / %d links (%.2f%%), %d unexpected warnings" % (
        agree, len(links), 100.0 * agree / max(1, len(links)), len(extra)))
    for x in problems[:15]:
        print("  " + x)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
