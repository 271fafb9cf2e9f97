#!/usr/bin/env python3
"""What a typical note page costs to load: the median note page and what it loads, gzip.

    bench/page_weight.py OUT [--limit KB]

OUT is a built site. The typical page is the median note page by size (the
notes are graph.json's nodes; for an even count the lower middle one). Counted,
each gzipped (level 6, as a web server or GitHub Pages sends it) and summed:
the page's HTML; every stylesheet (<link rel="stylesheet">) and script
(<script src>) it names; and the shared file its local graph is drawn from
(graphs/N.js, which assets/graph.js loads when the page opens); and the
explorer's notes it loads on a first visit (nav/SHARD.js of its top-level
folder and of the root's own notes, named in assets/nav.js), counted as JS. Not counted:
KaTeX and Mermaid (assets/katex/, assets/mermaid*), which only pages with math
or diagrams load; the hover previews and the search index, which load on
demand. Prints one line; with --limit, exits 1 when the total passes it.
The site tests (tests/site/run.py) hold the demo to 100 KB with it.
"""
import gzip
import json
import os
import re
import sys
import urllib.parse

EXCLUDED = re.compile(r"(^|/)assets/(katex/|mermaid)")


def gz(data):
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def shard_of(path, shards):
    """The shard of a page's local graph (render/page_data.h): FNV-1a 32 of its path."""
    h = 2166136261
    for byte in path.encode("utf-8"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h % shards


def note_pages(out):
    with open(os.path.join(out, "graph.json"), encoding="utf-8") as f:
        nodes = json.load(f)["nodes"]
    return [urllib.parse.unquote(n["url"]) for n in nodes]


def median_page(out):
    pages = sorted(note_pages(out), key=lambda rel: (os.path.getsize(os.path.join(out, rel)), rel))
    return pages[(len(pages) - 1) // 2] if pages else None


def nav_shards(out, rel):
    """The explorer's notes page `rel` loads when no folder is remembered open (render/page_data.cpp):
    the root's own notes and its top-level folder's."""
    with open(os.path.join(out, "assets", "nav.js"), encoding="utf-8") as f:
        m = re.search(r"swNav\((\[.*\])\);\n$", f.read(), re.S)
    tree = json.loads(m.group(1)) if m else []
    found = []
    for f in [tree] + [t for t in (tree[3] if len(tree) > 3 else []) if rel.startswith(t[1].lstrip("/"))]:
        if len(f) > 5:
            found.append("nav/%s.js" % f[5])
    return found


def weigh(out, rel):
    """{page, html, css, js, data, total, files: [(rel, raw, gzip)], excluded: [rel]} for the page `rel`."""
    path = os.path.join(out, rel)
    with open(path, "rb") as f:
        html = f.read()
    text = html.decode("utf-8", "replace")
    base = os.path.dirname(rel)
    refs = []
    for tag in re.findall(r"<(?:link|script)\b[^>]*>", text):
        if tag.startswith("<link") and not re.search(r'\brel="stylesheet"', tag):
            continue
        m = re.search(r'\b(?:href|src)="([^"]+)"', tag)
        if m and not re.match(r"[a-z]+:", m.group(1)):
            refs.append(os.path.normpath(os.path.join(base, urllib.parse.unquote(m.group(1).split("#")[0].split("?")[0]))))
    m = re.search(r'<svg class="graph graph-local"[^>]*data-key="([^"]+)"', text)
    shards = re.search(r'data-shards="(\d+)"', text)
    if m and shards:
        refs.append("graphs/%d.js" % shard_of(m.group(1).replace("&amp;", "&"), int(shards.group(1))))
    if "assets/nav.js" in refs:
        refs.extend(nav_shards(out, rel))
    result = {"page": rel, "html": gz(html), "css": 0, "js": 0, "data": 0, "files": [], "excluded": []}
    seen = set()
    for ref in refs:
        ref = ref.replace(os.sep, "/")
        if ref in seen:
            continue
        seen.add(ref)
        if EXCLUDED.search(ref):
            result["excluded"].append(ref)
            continue
        with open(os.path.join(out, ref), "rb") as f:
            data = f.read()
        size = gz(data)
        kind = "css" if ref.endswith(".css") else "data" if ref.startswith("graphs/") else "js"
        result[kind] += size
        result["files"].append((ref, len(data), size))
    result["total"] = result["html"] + result["css"] + result["js"] + result["data"]
    return result


def line(w):
    return ("median note page %s: HTML %.1f KB + CSS %.1f KB + JS %.1f KB + local graph data %.1f KB = %.1f KB gzip"
            % (w["page"], w["html"] / 1e3, w["css"] / 1e3, w["js"] / 1e3, w["data"] / 1e3, w["total"] / 1e3)
            + (" (not counted: %s)" % ", ".join(sorted(w["excluded"])) if w["excluded"] else " (no KaTeX or Mermaid)"))


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    out, limit = argv[0], None
    if len(argv) == 3 and argv[1] == "--limit":
        limit = float(argv[2])
    rel = median_page(out)
    if rel is None:
        print("no note pages in %s" % out)
        return 1
    w = weigh(out, rel)
    print(line(w) + ("; limit %.0f KB" % limit if limit else ""))
    return 1 if limit and w["total"] > limit * 1e3 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
