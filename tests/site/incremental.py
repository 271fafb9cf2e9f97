#!/usr/bin/env python3
"""Property test of the incremental build (issue 12, "Correctness test").

    tests/site/incremental.py BINARY [--seed S] [--edits N] [--max-seconds T]
                              [--tmp DIR] [--keep] [--verbose] [--corrupt-payload]

A fixture site (about 25 notes, Obsidian and Typora style, Chinese and
English: folders, front matter, tags, aliases, wikilinks with headings and
display text, embeds ![[…]], block ids ^id, code, math, images, a CRLF
note, a site.yml with a base_url, a copy of the built-in templates/ as the
site's theme override, static/custom.css) is written into a temporary
folder. Then a seeded random sequence of N edits: change text, add or
remove a link, rename, move or delete a note, add a note, add one that
takes a deleted note's title, or another note's output path (an error until
it goes again), change a title (front matter and/or opening heading), a
tag, an alias, a heading, a block id, the date, the draft flag, add code,
add or remove a folder's index.md, edit a template (a visible change in
SITE/templates/*.mustache, which overrides the built-in theme), a theme
asset or interface string, or remove and restore a template override, edit
site.yml, a static file or an image, touch a file without changing it
(mtime only), change a file keeping its size (new mtime), put back an older
version of a file with its older mtime (as cp -p, rsync -a or unzip do).
Every kind comes at least once: the first edits are one of each, shuffled.

After every edit, side by side:

  A  BINARY build --site SITE --out A      always the same folder (15% of
                                           the time with --explain, 3% --clean)
  B  BINARY build --site SITE --out Bk     a new folder every time

and A must equal B: the same files and folders, bytes and permission bits
(A/.studywiki-cache/ aside, see IGNORED_TOP), the same exit status and the
same diagnostics on stderr (sorted; notes and --explain lines aside). On a
difference it prints the seed, the edits so far, the differing files with a
unified diff excerpt of the first ones, keeps the temporary folder, and
exits 1.

Builds into A are killed with SIGKILL after a short random delay at edits
12 and 37 (retried with shorter delays until the kill lands mid-build) and
at random (2%); every file under A/.studywiki-cache/ is damaged at edit 28
and at random (1%): emptied, cut in half, replaced by random bytes or given
trailing garbage, or a byte changed inside with size and mtime kept (the
files carry a checksum: a damaged state is never trusted). The next build
into A must still equal a clean one. --corrupt-payload makes every damage
the last kind.

The temporary folder goes to /dev/shm when it is writable (--tmp to choose):
on this machine's ext4 disk the clean builds' file creation made the test
3-4 times slower. --max-seconds (default 150) ends the sequence early on a
machine too busy for the test to stay under 3 minutes, and says so.

Exit status 0 when every pair matched, 1 on a difference, 2 on bad usage.
Prints a summary: edits by kind, builds, exit statuses, seconds.
"""
import argparse
import concurrent.futures
import difflib
import hashlib
import os
import random
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
THEME = os.path.join(ROOT, "templates")

DEFAULT_SEED = 20261207
# Per edit: two builds of ~25-35 notes side by side (about 0.3 s of CPU in
# all) and the comparison: 0.25 s of wall time in /dev/shm on a 2-core
# machine with a load average of 8 (0.9 s on its ext4 disk, where creating
# the clean build's 130 files and 25 folders is slow). 300 edits: 75 s.
# --max-seconds stops the sequence early on a machine so busy that the
# whole test would pass 3 minutes (it says so; the kinds of edit, the killed
# builds and the damaged state all come within the first 40 edits).
DEFAULT_EDITS = 300
DEFAULT_MAX_SECONDS = 150
# the events that must happen at least once, early (all kinds of edit come
# in the first len(EDITS) = 24 edits)
KILL_STEPS = (12, 37)
CORRUPT_STEP = 28

# What the output folder holds that is build state, not site, and so is
# left out of the comparison:
#  - .studywiki-cache/  what one build keeps for the next (highlighted code
#    today, the incremental build's state next): by design it differs
#    between a folder built many times and a new one.
# Not ignored, on purpose:
#  - .studywiki-manifest  the sorted list of the files the last build wrote
#    after a version line: the same site gives the same list, so it must be
#    equal too (a stale entry would make a later build remove or keep the
#    wrong files).
#  - .studywiki-tmp/  exists only while a build runs; after a finished build
#    it must be gone in both folders.
IGNORED_TOP = {".studywiki-cache"}

# stderr lines that may legitimately differ between an incremental and a
# clean build: notes ("studywiki: note: build state … ignored"), --explain's
# reasons, stage timings, progress. Everything else (file:line:col:
# warning/error lines, "studywiki: error: …") must be the same multiset.
STDERR_IGNORED = re.compile(r"^(studywiki: note:|explain:|timing:|\s*$)")


# ---------------------------------------------------------------------------
# the fixture
# ---------------------------------------------------------------------------

def png(r, g, b, w=2, h=2):
    """A tiny valid PNG of one colour."""
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes([r, g, b]) * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


SITE_YML = {
    "title": "增量构建测试 Wiki",
    "description": "一个用来检查增量构建的小站点：数据库、网络、Python、算法。",
    "base_url": "https://example.org/wiki/",
    "author": "测试者",
    "line_breaks": "hard",
    "raw_html": "sanitize",
}

NOTES = {
    "index.md": """\
# 欢迎

这是我的学习笔记，主要是 [[Redis 持久化]]、[[TCP 三次握手|TCP 握手]] 和 [[动态规划]]。
最近在看 [[GIL]] 和 [[装饰器#带参数的装饰器]]。

- 数据库：[[数据库/index|数据库笔记]]
- 网络：[HTTP 笔记](网络/HTTP.md)
""",
    "数据库/index.md": """\
---
title: 数据库笔记
tags: [db]
---
这里放数据库相关的笔记，MySQL 和 Redis 为主。

见 [[Redis 集群]]、[[事务#ACID]]。
""",
    "数据库/Redis 持久化.md": """\
---
title: Redis 持久化
aliases: [RDB与AOF, Redis persistence]
tags: [db/redis, 持久化]
date: 2024-03-01
---
# Redis 持久化

Redis 有两种持久化方式：RDB 快照和 AOF 日志。==面试常考==。

## RDB

RDB 是某个时间点的快照，`save` 会阻塞，`bgsave` 会 fork 子进程。 ^rdb-def

```bash
redis-cli CONFIG SET save "900 1 300 10"
redis-cli BGSAVE
```

## AOF

AOF 记录每条写命令，重写时用 `BGREWRITEAOF`。
- appendfsync always
- appendfsync everysec ^aof-sync
- appendfsync no

## 对比

| 方式 | 优点 | 缺点 |
| --- | --- | --- |
| RDB | 恢复快 | 可能丢数据 |
| AOF | 更安全 | 文件大 |

参考：https://redis.io/docs/management/persistence/。然后继续看 [[Redis 集群]]。
""",
    "数据库/Redis 集群.md": """\
Redis 集群用 16384 个哈希槽分片，节点之间用 gossip 通信。
持久化见 [[RDB与AOF|持久化方案]]，AOF 细节见 [[Redis 持久化#AOF]]。

## 故障转移

主节点挂了以后从节点会发起选举 #db/redis
> 注意脑裂
> > min-replicas-to-write 可以缓解

![[Redis 持久化#^aof-sync]]
""",
    "数据库/MySQL/索引.md": """\
# 题目

为什么 MySQL 用 B+ 树做索引？

![[b+tree.png]]

# 思路

B+ 树的非叶子节点只存键，扇出大，树矮，范围查询沿叶子链表走。 ^bplus

# 参考

- [[事务]]
- ![[事务#^acid]]
- ![B+ 树](imgs/b+tree.png)
""",
    "数据库/MySQL/事务.md": """\
---
title: 事务
aliases:
  - transaction
  - MySQL 事务
tags: db/mysql, 隔离级别
---
## ACID

- 原子性 Atomicity
- 一致性 Consistency
- 隔离性 Isolation
- 持久性 Durability ^acid

## 隔离级别

读未提交、读已提交、可重复读、串行化。InnoDB 默认可重复读，用 MVCC + 间隙锁。#db/mysql

相关：[[索引]]、[[Redis 持久化|Redis 的持久化]]。
""",
    "网络/README.md": """\
# 计算机网络

TCP/IP 协议栈的笔记。入口：[[TCP 三次握手]]、[[HTTP]]。
""",
    "网络/TCP 三次握手.md": """\
---
title: TCP 三次握手
aliases: [three-way handshake, 三次握手]
tags: [network/tcp]
date: 2024-02-10
---
## 过程

1. 客户端发 SYN，seq=x
2. 服务端回 SYN+ACK，seq=y，ack=x+1
3. 客户端发 ACK，ack=y+1

## 为什么是三次

两次握手无法确认客户端的接收能力，旧的 SYN 还会造成脏连接。 ^why-three

超时重传的时间 $RTO = SRTT + 4 \\cdot RTTVAR$。

见 [[HTTP#Keep-Alive]]、[[UDP]]。
""",
    "网络/HTTP.md": """\
---
title: HTTP
tags: [network/http]
---
# HTTP

HTTP is a request/response protocol on top of [[three-way handshake|TCP]].

## Keep-Alive

One TCP connection carries several requests; see [[TCP 三次握手#为什么是三次]].
Docs：https://developer.mozilla.org/zh-CN/docs/Web/HTTP然后继续读。

## Status codes

| code | meaning |
| --- | --- |
| 200 | OK |
| 404 | Not Found |
""",
    "网络/UDP.md": """\
UDP 没有连接，没有重传，适合 DNS 和视频。
对比 [[TCP 三次握手]]。#network
""",
    "网络/000_439ffd1bdb358e11.md": """\
## 抓包笔记

用 `tcpdump -i eth0 port 80` 抓包，再用 Wireshark 看 [[HTTP]] 报文。
""",
    "Python/GIL.md": """\
---
title: GIL
aliases: [Global Interpreter Lock]
tags: [python]
---
The GIL lets only one thread run Python bytecode at a time. ^gil-def

```python
import threading
def work(n):
    while n > 0:
        n -= 1
threading.Thread(target=work, args=(10**6,)).start()
```

See [[装饰器]] and [[生成器与协程]]. #python/concurrency
""",
    "Python/装饰器.md": """\
# 装饰器

装饰器就是接收函数、返回函数的函数。

## 带参数的装饰器

```python
def repeat(n):
    def deco(f):
        def wrapper(*a, **k):
            for _ in range(n):
                f(*a, **k)
        return wrapper
    return deco
```

与 [[GIL]] 无关，但常和 [[生成器与协程|协程]] 一起出现。
""",
    "Python/生成器与协程.md": """\
---
tags: python async
---
生成器用 `yield` 暂停，协程用 `async`/`await`。

![[GIL#^gil-def]]

- [[装饰器#带参数的装饰器]]
- [[GIL|全局解释器锁]]
""",
    "算法/动态规划.md": """\
# 题目

爬楼梯：每次 1 或 2 步，n 阶有几种走法？

# 思路

$$
f(n) = f(n-1) + f(n-2)
$$

状态 $f(i)$ 表示走到第 i 阶的方法数。 ^dp-state

# 参考

[[二分查找]]、[[1. 两数之和]] #算法/动态规划
""",
    "算法/二分查找.md": """\
二分查找要注意 ==边界==：`lo <= hi` 还是 `lo < hi`。

```cpp
int lo = 0, hi = n - 1;
while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    if (a[mid] < x) lo = mid + 1; else hi = mid - 1;
}
```

参见 [[动态规划#思路]]。
""",
    "算法/LeetCode/1. 两数之和.md": """\
---
title: 1. 两数之和
tags: [leetcode, 算法/哈希]
date: 2023-11-11
---
用哈希表，一遍扫描：O(n)。

见 [[二分查找]]（排序后双指针也行）。
""",
    "inbox/Untitled.md": """\
今天看了 epoll 和 select 的区别，明天整理。

- epoll 用红黑树管理 fd
- 就绪列表是链表
""",
    "inbox/随手记 2024-03-05.md": """\
> 读书笔记
> > 嵌套引用：不要过早优化

今天 ：学习 [[Docker basics]]，顺便复习 [[事务]]。
TODO：整理 [[不存在的笔记]]
""",
    "English/Git workflow.md": """\
# Git workflow

## Branches

Create a feature branch, rebase on main, open a pull request. #git #tools

## Undo

`git restore --staged FILE` unstages; `git reset --hard` throws work away.
""",
    "English/Docker basics.md": """\
---
aliases: [docker]
tags: [tools]
description: Images, containers and volumes in a few lines.
---
# Docker basics

An image is a read-only template; a container is a running image.

See [[Git workflow#Branches]] for how the Dockerfile is versioned.
""",
    "系统设计/限流.md": """\
---
title: 限流
tags: "design, rate-limit"
---
令牌桶和漏桶。Redis 集群 上可以用 Lua 脚本实现分布式限流。

- 令牌桶：允许突发 ^bucket
- 漏桶：平滑输出
""",
    "系统设计/缓存一致性.md": """\
# 缓存一致性

先更新数据库再删缓存，见 [[Redis 持久化]] 和 [[事务#隔离级别]]。

> [!note] 延迟双删
> 删除缓存后睡一会再删一次。

![[限流#^bucket]]
""",
    "系统设计/草稿.md": """\
---
title: 草稿：分布式锁
draft: true
---
Redlock 有争议，见 [[Redis 集群]]。
""",
    "操作系统/进程与线程.md": "进程是资源分配的单位，线程是调度的单位。\r\n\r\n见 [[epoll]] 和 [[GIL]]。\r\n",
    "操作系统/epoll.md": """\
---
title: epoll
tags: [os/io]
---
## 用法

```c
int epfd = epoll_create1(0);
epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
int n = epoll_wait(epfd, events, 64, -1);
```

边缘触发要一次读完。相关：[[进程与线程]]。
""",
}

FILES = {
    "content/数据库/MySQL/imgs/b+tree.png": png(30, 120, 200),
    "static/custom.css": b"/* the site's own styles */\n.content { line-height: 1.7; }\n",
}

# ---------------------------------------------------------------------------
# material for edits
# ---------------------------------------------------------------------------

SENTENCES = [
    "补充：这个结论在高并发下不一定成立。",
    "复习时发现之前理解错了，更正如下。",
    "面试的时候被问到了，答得不好。",
    "This part is worth re-reading before the exam.",
    "The trade-off is latency against throughput.",
    "**注意**：默认配置在生产环境不安全。",
    "公式 $O(n \\log n)$ 是平均情况。",
    "参考 https://example.com/notes 里的图。",
    "Redis 集群 和 epoll 都值得再看一遍。",
    "要点：==先写日志，再改数据==。",
    "English term: write-ahead logging (WAL).",
    "1. 第一步\n2. 第二步\n3. 第三步",
]
NEW_TITLES = ["布隆过滤器", "Kafka 消费组", "HTTP/2", "一致性哈希", "B 树", "Raft 选举",
              "LRU Cache", "跳表", "零拷贝", "C++ move semantics", "快速排序", "TLS 握手"]
TAGS = ["db", "db/mysql", "network/tcp", "python", "算法/图", "面试", "todo", "读书笔记", "os", "tools/git"]
ALIASES = ["持久化", "handshake", "协程笔记", "DP", "缓存", "锁", "index notes", "笔记 A"]
FOLDERS = ["数据库", "数据库/MySQL", "网络", "Python", "算法", "算法/LeetCode", "inbox", "English",
           "系统设计", "操作系统", "归档", "归档/2024"]
CODE_BLOCKS = [
    ("python", "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"),
    ("bash", "for f in *.md; do\n  wc -l \"$f\"\ndone\n"),
    ("cpp", "std::vector<int> v{3, 1, 2};\nstd::sort(v.begin(), v.end());\n"),
    ("sql", "SELECT id, name FROM users WHERE age > 18 ORDER BY id;\n"),
    ("js", "const add = (a, b) => a + b;\nconsole.log(add(1, 2));\n"),
    ("go", "func main() {\n\tfmt.Println(\"hi\")\n}\n"),
]
TEMPLATE_SPOTS = [  # (file, anchor): a visible element goes right before the anchor
    ("note.mustache", '<div class="content">'),
    ("layout.mustache", "</footer>"),
    ("folder.mustache", "</div>"),
    ("tag.mustache", None),
    ("home.mustache", None),
    ("tags.mustache", None),
    ("404.mustache", None),
]
LANG_CHOICES = [None, "en", "zh-CN"]
MIN_NOTES, MAX_NOTES = 12, 40  # deletes and additions keep the site about the fixture's size


class Skip(Exception):
    """This edit does not apply to the site as it is now; try another."""


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------

def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def read_text(path):
    return read_bytes(path).decode("utf-8")


def split_fm(text):
    """(front matter lines or None, body)."""
    nl = "\r\n" if text.startswith("---\r\n") else "\n"
    if not text.startswith("---" + nl):
        return None, text
    end = text.find(nl + "---" + nl, 3)
    if end < 0:
        return None, text
    fm = text[len("---" + nl):end].split(nl)
    return fm, text[end + len(nl + "---" + nl):]


def join_fm(fm, body):
    if fm is None:
        return body
    return "---\n" + "\n".join(fm) + "\n---\n" + body


def fm_get(fm, key):
    """The raw value of `key` (block lists joined as a flow list), or None."""
    if fm is None:
        return None
    for i, line in enumerate(fm):
        if line.startswith(key + ":"):
            value = line[len(key) + 1:].strip()
            if value == "":
                items = []
                for nxt in fm[i + 1:]:
                    m = re.match(r"^\s+-\s*(.*)$", nxt)
                    if not m:
                        break
                    items.append(m.group(1).strip())
                return "[" + ", ".join(items) + "]"
            return value
    return None


def fm_set(fm, key, value):
    """Sets (value a string) or removes (None) `key`; returns the new list."""
    fm = list(fm or [])
    out, i, done = [], 0, False
    while i < len(fm):
        line = fm[i]
        if line.startswith(key + ":"):
            i += 1
            while i < len(fm) and re.match(r"^\s+-", fm[i]):
                i += 1
            if value is not None and not done:
                out.append("%s: %s" % (key, value))
                done = True
            continue
        out.append(line)
        i += 1
    if value is not None and not done:
        out.append("%s: %s" % (key, value))
    return out


def flow_items(value):
    if value is None:
        return []
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return [x.strip().strip("\"'") for x in value[1:-1].split(",") if x.strip()]
    return [x for x in re.split(r"[,\s]+", value.strip("\"'")) if x]


def flow(items):
    return "[" + ", ".join(items) + "]"


def yaml_scalar(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def headings(body):
    out, fence = [], False
    for line in body.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence:
            m = re.match(r"^(#{1,6})\s+(.+?)\s*#*\s*$", line)
            if m:
                out.append((len(m.group(1)), m.group(2)))
    return out


def block_ids(body):
    return re.findall(r"\s\^([A-Za-z0-9-]+)\s*$", body, re.M)


def prose_lines(body):
    """Indexes of lines outside code fences that are plain prose or list items."""
    lines, out, fence = body.split("\n"), [], False
    for i, line in enumerate(lines):
        if line.startswith("```") or line.startswith("$$"):
            fence = not fence
            continue
        if fence or not line.strip() or line.startswith("#") or line.startswith("|"):
            continue
        out.append(i)
    return out


# ---------------------------------------------------------------------------
# the test
# ---------------------------------------------------------------------------

class Mismatch(Exception):
    pass


class Test:
    def __init__(self, binary, seed, edits, keep, verbose, corrupt_payload, max_seconds, tmp):
        self.binary = binary
        self.seed = seed
        self.n_edits = edits
        self.keep = keep
        self.verbose = verbose
        self.corrupt_payload = corrupt_payload
        self.max_seconds = max_seconds
        self.stopped_early = False
        self.hash_cache = {}        # (path, inode, size, mtime_ns, ctime_ns) -> hash, for A's unchanged files
        self.rng = random.Random(seed)
        # the kills' delays and retries depend on timing: their own generator,
        # so that the edits stay the same from run to run for one seed
        self.kill_rng = random.Random(seed + 1)
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self.work = tempfile.mkdtemp(prefix="studywiki-incr-", dir=tmp)
        self.site = os.path.join(self.work, "site")
        self.out_a = os.path.join(self.work, "A")
        self.out_b = None
        self.b_count = 0
        self.config = dict(SITE_YML)
        self.log = []               # one line per edit or event
        self.kinds = {}             # kind -> count
        self.deleted = []           # (rel path, title, text) of deleted notes
        self.history = {}           # rel path -> [(bytes, mtime_ns)] earlier versions
        self.collisions = set()     # notes added to take another's output path (moves and renames follow them)
        self.collision_paths = set()  # every path they had: revert does not bring them back
        self.removed_templates = {}  # template rel path -> bytes (override removed)
        self.builds_a = self.builds_b = 0
        self.kills = self.kills_mid = 0
        self.corruptions = 0
        self.corrupted_files = 0
        self.time_a = self.time_b = self.time_cmp = 0.0
        self.last_a_seconds = 0.3
        self.explain_builds = self.clean_a_builds = 0
        self.settled = self.repeats = self.noops = 0
        self.future_ns = 0          # the latest mtime a touch set (maybe in the future)
        self.last_summary = ""
        self.exit_counts = {}       # exit status of the clean builds -> count
        self.warnings_max = 0
        self.errors_seen = {}       # the start of each error message of the clean builds -> count
        self.step = 0

    # ---- paths ----------------------------------------------------------
    def path(self, rel):
        return os.path.join(self.site, rel)

    def notes(self):
        out = []
        base = self.path("content")
        for d, dirs, files in os.walk(base):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(".md"):
                    out.append(os.path.relpath(os.path.join(d, f), self.site).replace(os.sep, "/"))
        return sorted(out)

    def ordinary_notes(self):
        """Notes that are not folder pages (index.md / README.md)."""
        return [n for n in self.notes() if os.path.basename(n) not in ("index.md", "README.md")]

    def title_of(self, rel):
        text = read_text(self.path(rel))
        fm, body = split_fm(text)
        t = fm_get(fm, "title")
        if t:
            return t.strip("\"'")
        hs = [h for h in headings(body) if h[0] == 1]
        if len(hs) == 1 and body.lstrip().startswith("# "):
            return hs[0][1]
        stem = os.path.splitext(os.path.basename(rel))[0]
        if stem in ("index", "README"):
            return os.path.basename(os.path.dirname(rel))
        return stem

    # ---- writing (every content change gets an mtime != the old one) ------
    def remember(self, rel):
        p = self.path(rel)
        if os.path.isfile(p):
            st = os.stat(p)
            self.history.setdefault(rel, []).append((read_bytes(p), st.st_mtime_ns))
            del self.history[rel][:-4]

    def write(self, rel, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        p = self.path(rel)
        old = os.stat(p) if os.path.exists(p) else None
        if old is not None:
            if read_bytes(p) == data:
                raise Skip("no change")
            self.remember(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        if old is not None:
            st = os.stat(p)
            # File timestamps come from a coarse clock (a few ms); make sure a
            # change is never hidden behind an unchanged (size, mtime) — the
            # case DESIGN/issue 12 leave to the content hash only when size or
            # mtime moved.
            if st.st_mtime_ns == old.st_mtime_ns:
                os.utime(p, ns=(st.st_atime_ns, old.st_mtime_ns + 1_000_000))

    def remove(self, rel):
        self.collisions.discard(rel)
        self.remember(rel)
        os.remove(self.path(rel))
        d = os.path.dirname(self.path(rel))
        while d != self.path("content") and os.path.isdir(d) and not os.listdir(d):
            os.rmdir(d)
            d = os.path.dirname(d)

    def move(self, src, dst):
        if os.path.exists(self.path(dst)):
            raise Skip("target exists")
        os.makedirs(os.path.dirname(self.path(dst)), exist_ok=True)
        os.rename(self.path(src), self.path(dst))
        if src in self.collisions:
            self.collisions.discard(src)
            self.collisions.add(dst)
            self.collision_paths.add(dst)
        d = os.path.dirname(self.path(src))
        while d != self.path("content") and os.path.isdir(d) and not os.listdir(d):
            os.rmdir(d)
            d = os.path.dirname(d)

    def write_config(self):
        lines = ["# written by tests/site/incremental.py"]
        for k, v in self.config.items():
            if isinstance(v, bool):
                lines.append("%s: %s" % (k, "true" if v else "false"))
            elif isinstance(v, int):
                lines.append("%s: %d" % (k, v))
            elif isinstance(v, list):
                lines.append("%s: [%s]" % (k, ", ".join(yaml_scalar(x) for x in v)))
            else:
                lines.append("%s: %s" % (k, yaml_scalar(v)))
        self.write("site.yml", "\n".join(lines) + "\n")

    # ---- setup ----------------------------------------------------------
    def setup(self):
        os.makedirs(self.site)
        for rel, text in NOTES.items():
            p = self.path("content/" + rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(text.encode("utf-8"))
        for rel, data in FILES.items():
            p = self.path(rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)
        self.write_config()
        # the built-in theme as the site's own override folder
        shutil.copytree(THEME, self.path("templates"))
        # fixed, distinct mtimes in the past: dates (no git here) come from them
        t0 = 1_700_000_000
        for i, rel in enumerate(sorted(self.all_files())):
            os.utime(self.path(rel), (t0 + i * 3600, t0 + i * 3600))

    def all_files(self):
        out = []
        for d, dirs, files in os.walk(self.site):
            for f in files:
                out.append(os.path.relpath(os.path.join(d, f), self.site).replace(os.sep, "/"))
        return out

    # ---- builds ---------------------------------------------------------
    def build_cmd(self, out, extra=()):
        return [self.binary, "build", "--site", self.site, "--out", out] + list(extra)

    def run_build(self, out, extra=()):
        t = time.monotonic()
        p = subprocess.run(self.build_cmd(out, extra), capture_output=True, timeout=600)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), \
            time.monotonic() - t

    def killed_build(self, must_hit=False):
        """An incremental build into A killed with SIGKILL after a short random delay
        (a fraction of the last build's time); with must_hit, tried again with
        shorter delays until the kill lands while the build runs (at most 4 times)."""
        frac_hi = 1.0
        for attempt in range(4 if must_hit else 1):
            delay = self.kill_rng.uniform(0.05, frac_hi) * self.last_a_seconds
            p = subprocess.Popen(self.build_cmd(self.out_a), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            mid = p.poll() is None
            if mid:
                p.send_signal(signal.SIGKILL)
            p.wait()
            self.kills += 1
            self.kills_mid += mid
            left = os.path.isdir(os.path.join(self.out_a, ".studywiki-tmp"))
            self.event("kill", "build into A killed after %.3f s (%s)"
                       % (delay, ("mid-build" + (", left .studywiki-tmp/" if left else "")) if mid
                          else "it had already finished"))
            if mid:
                break
            frac_hi /= 2

    def corrupt_state(self):
        cache = os.path.join(self.out_a, ".studywiki-cache")
        files = []
        if os.path.isdir(cache):
            for d, _, fs in os.walk(cache):
                files += [os.path.join(d, f) for f in sorted(fs)]
        modes = ["flip"] if self.corrupt_payload else ["empty", "half", "random", "garbage-tail", "flip"]
        done = []
        for f in sorted(files):
            data = read_bytes(f)
            st = os.stat(f)
            mode = self.rng.choice(modes)
            if mode == "empty":
                new = b""
            elif mode == "half":
                new = data[:len(data) // 2]
            elif mode == "random":
                new = bytes(self.rng.randrange(256) for _ in range(max(16, len(data))))
            elif mode == "garbage-tail":
                new = data + bytes(self.rng.randrange(256) for _ in range(64))
            else:  # flip: bytes in the middle, same size and mtime (needs a checksum to notice)
                b = bytearray(data)
                for _ in range(max(1, len(b) // 200)):
                    i = self.rng.randrange(len(b) // 4, len(b)) if len(b) > 4 else 0
                    if b:
                        b[i] = (b[i] + 1 + self.rng.randrange(254)) % 256
                new = bytes(b)
            with open(f, "wb") as fh:
                fh.write(new)
            if mode == "flip":
                os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
            done.append("%s:%s" % (os.path.relpath(f, self.out_a), mode))
        self.corruptions += 1
        self.corrupted_files += len(done)
        self.event("corrupt", "state damaged: " + (", ".join(done) if done else "A/.studywiki-cache/ holds no files"))

    def build_and_compare(self):
        extra = []
        # Now and then the edit is older than the build state's 100 ms window
        # for recent changes, so the state is saved and the next build trusts it.
        settled = self.rng.random() < 0.3
        if settled:
            time.sleep(0.12)
            # A file dated in the future (a touch, a same-size edit dated later, a revert)
            # is a recent change until that time has passed.
            newest = max((os.stat(self.path(rel)).st_mtime_ns for rel in self.all_files()), default=0)
            settled = time.time_ns() - max(newest, self.future_ns) > 100_000_000
        if settled:
            self.settled += 1
        r = self.rng.random()
        if r < 0.15:
            extra.append("--explain")
            self.explain_builds += 1
        elif r < 0.18:
            extra.append("--clean")
            self.clean_a_builds += 1
        old_b = self.out_b
        self.b_count += 1
        self.out_b = os.path.join(self.work, "B%d" % self.b_count)
        # The two builds run side by side (they only read the site, and write
        # into different folders): half the wall time on two cores.
        future_b = self.pool.submit(self.run_build, self.out_b)
        rc_a, out_a, err_a, sec_a = self.run_build(self.out_a, extra)
        rc_b, out_b, err_b, sec_b = future_b.result()
        self.builds_a += 1
        self.exit_counts[rc_b] = self.exit_counts.get(rc_b, 0) + 1
        self.warnings_max = max(self.warnings_max, sum(": warning: " in l for l in err_b.splitlines()))
        for l in err_b.splitlines():
            if ": error: " in l:
                kind = " ".join(re.sub(r"\S*[/.]\S*", "…", l.split(": error: ", 1)[1]).split()[:5])
                if kind not in self.errors_seen and self.verbose:
                    print("     (first error of its kind: %s)" % l, flush=True)
                self.errors_seen[kind] = self.errors_seen.get(kind, 0) + 1
        self.time_a += sec_a
        if "--clean" not in extra:
            self.last_a_seconds = sec_a
        self.builds_b += 1
        self.time_b += sec_b
        if old_b:
            shutil.rmtree(old_b)
        for line in out_a.splitlines():
            if line.startswith("built "):
                self.last_summary = line
        t = time.monotonic()
        try:
            self.compare(rc_a, err_a, rc_b, err_b, extra)
        finally:
            self.time_cmp += time.monotonic() - t
        # A second build with nothing changed: after a settled build it must
        # take the no-op path (nothing written, the same diagnostics).
        if self.rng.random() < 0.3:
            rc_a, out_a, err_a, sec_a = self.run_build(self.out_a, ["--explain"])
            self.repeats += 1
            if "explain: nothing changed since the last build" in err_a:
                self.noops += 1
            elif settled:
                raise Mismatch("after edit %d: a build with nothing changed since a settled build (its inputs "
                               "older than 100 ms) built again instead of trusting the build state:\n%s"
                               % (self.step, err_a[-2000:]))
            t = time.monotonic()
            try:
                self.compare(rc_a, err_a, rc_b, err_b, ["--explain"])
            finally:
                self.time_cmp += time.monotonic() - t
        if rc_b not in (0, 1):
            raise Mismatch("the clean build failed with exit %d (not a site error):\n%s" % (rc_b, err_b))

    # ---- comparison -----------------------------------------------------
    def snapshot(self, root, cache=None):
        files, dirs = {}, set()
        for d, subdirs, fs in os.walk(root):
            rel_d = os.path.relpath(d, root)
            if rel_d == ".":
                subdirs[:] = [s for s in subdirs if s not in IGNORED_TOP]
                fs = [f for f in fs if f not in IGNORED_TOP]
            else:
                dirs.add(rel_d.replace(os.sep, "/"))
            for f in fs:
                p = os.path.join(d, f)
                rel = os.path.relpath(p, root).replace(os.sep, "/")
                st = os.lstat(p)
                if stat.S_ISLNK(st.st_mode):
                    files[rel] = ("symlink", os.readlink(p))
                else:
                    # A's files that no write touched since the last step
                    # (same inode, size, mtime and ctime) keep their hash.
                    key = (p, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
                    h = cache.get(key) if cache is not None else None
                    if h is None:
                        h = hashlib.blake2b(read_bytes(p)).hexdigest()
                        if cache is not None:
                            cache[key] = h
                    files[rel] = (stat.S_IMODE(st.st_mode), h)
        if cache is not None and len(cache) > 4 * len(files) + 1000:
            live = {(os.path.join(root, rel), ) for rel in files}
            for k in [k for k in cache if (k[0],) not in live]:
                del cache[k]
        return files, dirs

    def compare(self, rc_a, err_a, rc_b, err_b, extra):
        problems = []
        if rc_a != rc_b:
            problems.append("exit status: incremental %d, clean %d" % (rc_a, rc_b))
        diag_a = sorted(l for l in err_a.splitlines() if not STDERR_IGNORED.match(l))
        diag_b = sorted(l for l in err_b.splitlines() if not STDERR_IGNORED.match(l))
        if diag_a != diag_b:
            d = list(difflib.unified_diff(diag_b, diag_a, "clean build stderr (sorted)",
                                          "incremental build stderr (sorted)", lineterm="", n=1))
            problems.append("stderr diagnostics differ:\n    " + "\n    ".join(d[:30]))
        files_a, dirs_a = self.snapshot(self.out_a, self.hash_cache)
        files_b, dirs_b = self.snapshot(self.out_b)
        only_a = sorted(set(files_a) - set(files_b))
        only_b = sorted(set(files_b) - set(files_a))
        differ = sorted(f for f in set(files_a) & set(files_b) if files_a[f] != files_b[f])
        dir_only_a = sorted(dirs_a - dirs_b)
        dir_only_b = sorted(dirs_b - dirs_a)
        if only_a:
            problems.append("%d file(s) only in the incremental output: %s" % (len(only_a), ", ".join(only_a[:10])))
        if only_b:
            problems.append("%d file(s) missing from the incremental output: %s" % (len(only_b), ", ".join(only_b[:10])))
        if dir_only_a:
            problems.append("folder(s) only in the incremental output: %s" % ", ".join(dir_only_a[:10]))
        if dir_only_b:
            problems.append("folder(s) missing from the incremental output: %s" % ", ".join(dir_only_b[:10]))
        if differ:
            problems.append("%d file(s) differ: %s" % (len(differ), ", ".join(differ[:10])))
            shown = 0
            # pages first: their diff says most; the manifest and search shards follow from them
            for rel in sorted(differ, key=lambda r: (not r.endswith(".html"), r == ".studywiki-manifest", r)):
                if shown == 3:
                    break
                shown += 1
                a, b = files_a[rel], files_b[rel]
                if a[0] != b[0]:
                    problems.append("  %s: mode incremental %s, clean %s" % (rel, a[0], b[0]))
                if a[1] != b[1]:
                    problems.append("  " + self.diff_excerpt(rel))
        if problems:
            raise Mismatch("after edit %d (build into A with %s): incremental build != clean build\n  %s"
                           % (self.step, " ".join(extra) or "no extra options", "\n  ".join(problems)))

    def diff_excerpt(self, rel):
        a = read_bytes(os.path.join(self.out_a, rel))
        b = read_bytes(os.path.join(self.out_b, rel))
        try:
            ta, tb = a.decode("utf-8"), b.decode("utf-8")
        except UnicodeDecodeError:
            return "%s: binary, %d bytes (incremental) vs %d bytes (clean)" % (rel, len(a), len(b))

        def lines(t):  # long lines (minified JSON, one-line HTML) cut at tags for a readable diff
            out = []
            for line in t.split("\n"):
                out += re.sub(r"(>)(<)|(,)(\")", r"\1\3\n\2\4", line).split("\n") if len(line) > 300 else [line]
            return [l[:240] for l in out]
        d = list(difflib.unified_diff(lines(tb), lines(ta), "clean/" + rel, "incremental/" + rel,
                                      lineterm="", n=2))
        more = "\n    … %d more diff lines" % (len(d) - 40) if len(d) > 40 else ""
        return rel + ":\n    " + "\n    ".join(d[:40]) + more

    # ---- bookkeeping ----------------------------------------------------
    def event(self, kind, what):
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        line = "%4d %-12s %s" % (self.step, kind, what)
        self.log.append(line)
        if self.verbose:
            print(line, flush=True)

    # ---- the edits ------------------------------------------------------
    def pick_note(self, ordinary=False):
        ns = self.ordinary_notes() if ordinary else self.notes()
        if not ns:
            raise Skip("no notes")
        return self.rng.choice(ns)

    def edit_body(self, rel, fn):
        text = read_text(self.path(rel))
        fm, body = split_fm(text)
        new_fm, new_body = fn(fm, body)
        self.write(rel, join_fm(new_fm, new_body))

    def link_to(self, target, source):
        """A link (or embed) to note `target`, in one of the forms Obsidian/Typora write."""
        t_text = read_text(self.path(target))
        fm, body = split_fm(t_text)
        title = self.title_of(target)
        hs = [h for _, h in headings(body)]
        ids = block_ids(body)
        aliases = flow_items(fm_get(fm, "aliases"))
        forms = ["[[%s]]" % title, "[[%s|%s]]" % (title, self.rng.choice(["这里", "see this", "笔记"]))]
        if hs:
            forms.append("[[%s#%s]]" % (title, self.rng.choice(hs)))
            forms.append("![[%s#%s]]" % (title, self.rng.choice(hs)))
        if ids:
            forms.append("[[%s#^%s]]" % (title, self.rng.choice(ids)))
            forms.append("![[%s#^%s]]" % (title, self.rng.choice(ids)))
        if aliases:
            forms.append("[[%s]]" % self.rng.choice(aliases))
        forms.append("[[%s]]" % os.path.splitext(target[len("content/"):])[0])  # [[folder/file]]
        rel_path = os.path.relpath(target, os.path.dirname(source)).replace(os.sep, "/")
        forms.append("[%s](%s)" % (title, rel_path.replace(" ", "%20")))  # Typora's relative link
        forms.append("[%s](<%s>)" % (title, rel_path))
        return self.rng.choice(forms)

    def e_text(self):
        rel = self.pick_note()
        how = self.rng.choice(["append", "insert", "replace", "delete-line"])

        def fn(fm, body):
            lines = body.split("\n")
            prose = prose_lines(body)
            s = self.rng.choice(SENTENCES)
            if how == "append" or not prose:
                return fm, body.rstrip("\n") + "\n\n" + s + "\n"
            i = self.rng.choice(prose)
            if how == "insert":
                lines.insert(i + 1, "\n" + s + "\n")
            elif how == "replace":
                lines[i] = re.sub(r"[^\s\[\]#^]{1,4}$|$", "（改）", lines[i], count=1)
            else:
                del lines[i]
            return fm, "\n".join(lines)
        self.edit_body(rel, fn)
        return "%s: %s" % (how, rel)

    def e_add_link(self):
        rel = self.pick_note()
        if self.rng.random() < 0.1:
            link = self.rng.choice(["[[不存在的笔记]]", "[[Redis持久化]]", "[[HTTP#没有这个标题]]", "[坏链接](nowhere/missing.md)"])
        else:
            link = self.link_to(self.pick_note(), rel)
            if link.startswith("!") and self.title_of(rel) in link and self.rng.random() < 0.9:
                raise Skip("an embed of itself: an error that stays until the line goes (now and then is enough)")

        def fn(fm, body):
            prose = prose_lines(body)
            lines = body.split("\n")
            if prose and self.rng.random() < 0.6 and not link.startswith("!"):
                i = self.rng.choice(prose)
                lines[i] = lines[i] + " 见 " + link
                return fm, "\n".join(lines)
            return fm, body.rstrip("\n") + "\n\n" + link + "\n"
        self.edit_body(rel, fn)
        return "%s += %s" % (rel, link)

    def e_remove_link(self):
        cands = []
        for rel in self.notes():
            body = split_fm(read_text(self.path(rel)))[1]
            for m in re.finditer(r"!?\[\[[^\]\n]+\]\]|\[[^\]\n]*\]\([^)\n]*\.md\)", body):
                cands.append((rel, m.group(0)))
        if not cands:
            raise Skip("no links")
        rel, link = self.rng.choice(cands)
        keep_text = self.rng.random() < 0.5

        def fn(fm, body):
            repl = ""
            if keep_text:
                m = re.match(r"!?\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]", link)
                repl = (m.group(2) or m.group(1)) if m else re.sub(r"^\[([^\]]*)\].*", r"\1", link)
            return fm, body.replace(link, repl, 1)
        self.edit_body(rel, fn)
        return "%s -= %s%s" % (rel, link, " (text kept)" if keep_text else "")

    def e_rename(self):
        rel = self.pick_note(ordinary=True)
        d, f = os.path.split(rel)
        stem = os.path.splitext(f)[0]
        how = self.rng.choice(["suffix", "case", "space", "new"])
        if how == "suffix":
            new = stem + self.rng.choice(["（整理）", " v2", "_笔记"])
        elif how == "case":
            new = stem.swapcase() if stem.swapcase() != stem else stem + "X"
        elif how == "space":
            new = stem.replace(" ", "") if " " in stem else stem + " 笔记"
        else:
            new = self.rng.choice(NEW_TITLES)
        dst = d + "/" + new + ".md"
        self.move(rel, dst)
        return "%s -> %s" % (rel, dst)

    def e_move(self):
        rel = self.pick_note()
        folder = "content/" + self.rng.choice(FOLDERS)
        if folder == os.path.dirname(rel):
            raise Skip("same folder")
        dst = folder + "/" + os.path.basename(rel)
        self.move(rel, dst)
        return "%s -> %s" % (rel, dst)

    def e_delete(self):
        if len(self.notes()) <= MIN_NOTES:
            raise Skip("too few notes")
        rel = self.pick_note(ordinary=self.rng.random() < 0.85)
        self.deleted.append((rel, self.title_of(rel), read_text(self.path(rel))))
        self.remove(rel)
        return rel

    def e_resurrect(self):
        """A new note that takes a deleted note's title (same or another path)."""
        if not self.deleted:
            raise Skip("nothing deleted yet")
        if len(self.notes()) >= MAX_NOTES:
            raise Skip("enough notes")
        rel, title, old = self.deleted.pop(self.rng.randrange(len(self.deleted)))
        how = self.rng.choice(["same-path", "title-in-fm", "same-name-elsewhere"])
        body = "重新写的一篇，标题和删掉的那篇一样。\n\n" + self.rng.choice(SENTENCES) + "\n"
        if how == "same-path":
            dst = rel
            text = old.replace("\n\n", "\n\n新版本。\n\n", 1) if "\n\n" in old else old + "\n新版本。\n"
        elif how == "title-in-fm":
            dst = "content/" + self.rng.choice(FOLDERS) + "/新笔记 %d.md" % self.step
            text = "---\ntitle: %s\n---\n%s" % (yaml_scalar(title), body)
        else:
            dst = "content/" + self.rng.choice(FOLDERS) + "/" + os.path.basename(rel)
            text = body
        if os.path.exists(self.path(dst)):
            raise Skip("path taken")
        self.write(dst, text)
        return "%s (title %r, %s)" % (dst, title, how)

    def e_new_note(self):
        if len(self.notes()) >= MAX_NOTES:
            raise Skip("enough notes")
        title = self.rng.choice(NEW_TITLES)
        folder = self.rng.choice(FOLDERS)
        dst = "content/%s/%s.md" % (folder, title.replace("/", "-"))
        if os.path.exists(self.path(dst)):
            raise Skip("exists")
        links = " ".join(self.link_to(self.pick_note(), dst) for _ in range(self.rng.randrange(0, 3)))
        fm = ""
        if self.rng.random() < 0.5:
            fm = "---\ntags: [%s]\n---\n" % self.rng.choice(TAGS)
        text = "%s# %s\n\n%s\n\n%s\n" % (fm, title, self.rng.choice(SENTENCES), links)
        self.write(dst, text)
        return dst

    def e_collision(self):
        """A note that takes another's output path (an error: the later one gets -2) or a generated page's."""
        # Resolve one (wherever later edits moved it): the "-2" page takes the plain path again.
        live = sorted(c for c in self.collisions if os.path.exists(self.path(c)))
        if live:
            rel = self.rng.choice(live)
            self.remove(rel)
            return "removed %s" % rel
        # one at a time, and not too often: most builds should be of a site without errors
        if len(self.notes()) >= MAX_NOTES or (self.step > len(self.EDITS) and self.rng.random() < 0.6):
            raise Skip("not now")
        how = self.rng.choice(["slug-twin", "slug-twin", "generated"])
        if how == "generated":
            dst = "content/" + self.rng.choice(["graph.md", "404.md", "all.md"])
        else:
            rel = self.pick_note(ordinary=True)
            d, f = os.path.split(rel)
            stem = os.path.splitext(f)[0]
            twin = stem.replace(" ", "_") if " " in stem else (stem.upper() if stem.upper() != stem else stem + "!")
            dst = d + "/" + twin + ".md"
        if os.path.exists(self.path(dst)):
            raise Skip("exists")
        self.write(dst, "撞名的笔记。\n\n" + self.rng.choice(SENTENCES) + "\n")
        self.collisions.add(dst)
        self.collision_paths.add(dst)
        return dst

    def e_title(self):
        rel = self.pick_note()
        new = self.rng.choice(NEW_TITLES + ["Redis 持久化", "事务", "GIL"]) + self.rng.choice(["", "（新）", " 2"])
        how = self.rng.choice(["fm", "fm", "heading", "both", "drop-fm"])

        def fn(fm, body):
            if how in ("fm", "both"):
                fm = fm_set(fm, "title", yaml_scalar(new))
            if how == "drop-fm":
                if fm_get(fm, "title") is None:
                    raise Skip("no title in front matter")
                fm = fm_set(fm, "title", None)
            if how in ("heading", "both"):
                if re.match(r"^# .*", body):
                    body = re.sub(r"^# .*", "# " + new, body, count=1)
                else:
                    body = "# " + new + "\n\n" + body
            return fm, body
        self.edit_body(rel, fn)
        return "%s: %s %r" % (rel, how, new)

    def e_tag(self):
        rel = self.pick_note()
        tag = self.rng.choice(TAGS)
        how = self.rng.choice(["inline", "fm", "remove"])

        def fn(fm, body):
            if how == "inline":
                return fm, body.rstrip("\n") + " #" + tag + "\n"
            items = flow_items(fm_get(fm, "tags"))
            if how == "fm":
                if tag in items:
                    raise Skip("has tag")
                return fm_set(fm, "tags", flow(items + [tag])), body
            if items:
                items.pop(self.rng.randrange(len(items)))
                return fm_set(fm, "tags", flow(items) if items else None), body
            m = list(re.finditer(r"(?<=\s)#[^\s#`]+", body))
            if not m:
                raise Skip("no tags")
            x = self.rng.choice(m)
            return fm, body[:x.start()] + body[x.end():]
        self.edit_body(rel, fn)
        return "%s: %s #%s" % (rel, how, tag)

    def e_alias(self):
        rel = self.pick_note()
        how = self.rng.choice(["add", "change", "remove"])
        alias = self.rng.choice(ALIASES)

        def fn(fm, body):
            items = flow_items(fm_get(fm, "aliases"))
            if how == "add" or not items:
                if alias in items:
                    raise Skip("has alias")
                items.append(alias)
            elif how == "change":
                items[self.rng.randrange(len(items))] = alias
            else:
                items.pop(self.rng.randrange(len(items)))
            return fm_set(fm, "aliases", flow(items) if items else None), body
        self.edit_body(rel, fn)
        return "%s: %s %s" % (rel, how, alias)

    def e_heading(self):
        rel = self.pick_note()
        how = self.rng.choice(["add", "rename"])

        def fn(fm, body):
            hs = re.findall(r"^##+ .*$", body, re.M)
            if how == "rename" and hs:
                h = self.rng.choice(hs)
                return fm, body.replace(h, h + self.rng.choice(["（补充）", " again", "二"]), 1)
            return fm, body.rstrip("\n") + "\n\n## " + self.rng.choice(["小结", "Summary", "参考", "为什么是三次", "AOF"]) \
                + "\n\n" + self.rng.choice(SENTENCES) + "\n"
        self.edit_body(rel, fn)
        return "%s: %s" % (rel, how)

    def e_block(self):
        rel = self.pick_note()

        def fn(fm, body):
            ids = block_ids(body)
            if ids and self.rng.random() < 0.4:
                i = self.rng.choice(ids)
                return fm, re.sub(r"\s\^%s(\s*)$" % re.escape(i), r"\1", body, count=1, flags=re.M)
            prose = prose_lines(body)
            if not prose:
                raise Skip("no prose")
            lines = body.split("\n")
            i = self.rng.choice(prose)
            if re.search(r"\^[A-Za-z0-9-]+\s*$", lines[i]):
                raise Skip("has id")
            lines[i] = lines[i].rstrip() + " ^b%d" % self.step
            return fm, "\n".join(lines)
        self.edit_body(rel, fn)
        return rel

    def e_date(self):
        rel = self.pick_note()
        how = self.rng.choice(["set", "updated", "remove"])

        def fn(fm, body):
            if how == "remove":
                if fm_get(fm, "date") is None:
                    raise Skip("no date")
                return fm_set(fm, "date", None), body
            d = "20%02d-%02d-%02d" % (self.rng.randrange(20, 26), self.rng.randrange(1, 13), self.rng.randrange(1, 29))
            return fm_set(fm, "date" if how == "set" else "updated", d), body
        self.edit_body(rel, fn)
        return "%s: %s" % (rel, how)

    def e_draft(self):
        rel = self.pick_note(ordinary=True)

        def fn(fm, body):
            on = fm_get(fm, "draft") == "true"
            return fm_set(fm, "draft", None if on else "true"), body
        self.edit_body(rel, fn)
        return rel

    def e_code(self):
        rel = self.pick_note()
        lang, code = self.rng.choice(CODE_BLOCKS)
        code = code.replace("1", str(self.step % 10))  # new code now and then: the highlight cache misses

        def fn(fm, body):
            return fm, body.rstrip("\n") + "\n\n```%s\n%s```\n" % (lang, code)
        self.edit_body(rel, fn)
        return "%s: ```%s" % (rel, lang)

    def e_folder_page(self):
        folders = sorted({os.path.dirname(n) for n in self.notes()} - {"content"})
        folder = self.rng.choice(folders)
        for name in ("index.md", "README.md"):
            if os.path.exists(self.path(folder + "/" + name)):
                if self.rng.random() < 0.5:
                    self.remove(folder + "/" + name)
                    return "removed %s/%s" % (folder, name)
                self.edit_body(folder + "/" + name,
                               lambda fm, body: (fm_set(fm, "title", yaml_scalar(self.rng.choice(NEW_TITLES) + "目录")), body))
                return "retitled %s/%s" % (folder, name)
        name = self.rng.choice(["index.md", "README.md"])
        self.write(folder + "/" + name, "# %s 总览\n\n%s\n" % (os.path.basename(folder), self.rng.choice(SENTENCES)))
        return "added %s/%s" % (folder, name)

    def e_template(self):
        how = self.rng.choice(["mustache", "mustache", "mustache", "css", "strings", "remove-restore"])
        if how == "remove-restore":
            if self.removed_templates:
                rel = sorted(self.removed_templates)[0]
                self.write(rel, self.removed_templates.pop(rel))
                return "restored override %s" % rel
            rel = "templates/" + self.rng.choice(["tag.mustache", "tags.mustache", "404.mustache", "all.mustache"])
            if not os.path.exists(self.path(rel)):
                raise Skip("missing")
            self.removed_templates[rel] = read_bytes(self.path(rel))
            self.remove(rel)
            return "removed override %s (built-in theme's used)" % rel
        if how == "css":
            rel = "templates/assets/style.css"
            self.write(rel, read_text(self.path(rel)) + "\n.incr-%d { color: #%06x; }\n" % (self.step, self.rng.randrange(1 << 24)))
            return rel
        if how == "strings":
            rel = "templates/strings/" + self.rng.choice(["zh-CN.yml", "en.yml"])
            text = read_text(self.path(rel))
            key = self.rng.choice(["backlinks", "toc", "related", "source_file", "skip_link"])
            new, n = re.subn(r"^(%s: )(.*)$" % key, lambda m: m.group(1) + m.group(2) + "·%d" % self.step, text,
                             count=1, flags=re.M)
            if not n:
                raise Skip("no key")
            self.write(rel, new)
            return "%s: %s" % (rel, key)
        name, anchor = self.rng.choice(TEMPLATE_SPOTS)
        rel = "templates/" + name
        if not os.path.exists(self.path(rel)):
            raise Skip("override removed")
        text = read_text(self.path(rel))
        mark = '<p class="incr-mark">标记 %d</p>\n' % self.step
        if anchor and anchor in text:
            i = text.rfind(anchor) if anchor == "</div>" else text.find(anchor)
            text = text[:i] + mark + text[i:]
        else:
            text = mark + text
        self.write(rel, text)
        return rel

    def e_config(self):
        how = self.rng.choice(["title", "description", "inline_tags", "ignore", "language", "recent",
                               "line_breaks", "author"])
        c = self.config
        if how == "title":
            c["title"] = self.rng.choice(["增量构建测试 Wiki", "My Notes", "学习笔记 %d" % self.step])
        elif how == "description":
            c["description"] = self.rng.choice(SENTENCES).split("\n")[0]
        elif how == "inline_tags":
            c["inline_tags"] = not c.get("inline_tags", True)
        elif how == "ignore":
            if "ignore" in c:
                del c["ignore"]
            else:
                c["ignore"] = [self.rng.choice(["inbox/**", "English", "*草稿*"])]
        elif how == "language":
            lang = self.rng.choice(LANG_CHOICES)
            if lang is None:
                c.pop("language", None)
            else:
                c["language"] = lang
        elif how == "recent":
            c["recent"] = self.rng.choice([3, 5, 20])
        elif how == "line_breaks":
            c["line_breaks"] = "soft" if c.get("line_breaks") == "hard" else "hard"
        else:
            c["author"] = self.rng.choice(["测试者", "Someone Else"])
        self.write_config()
        return "%s -> %r" % (how, c.get(how))

    def e_static(self):
        how = self.rng.choice(["custom.css", "image", "new-image", "static-file"])
        if how == "custom.css":
            rel = "static/custom.css"
            if os.path.exists(self.path(rel)) and self.rng.random() < 0.3:
                self.remove(rel)
                return "removed static/custom.css (no extra_css any more)"
            old = read_text(self.path(rel)) if os.path.exists(self.path(rel)) else ""
            self.write(rel, old + ".incr-%d { margin: 0; }\n" % self.step)
            return rel
        if how == "image":
            imgs = [f for f in self.all_files() if f.startswith("content/") and f.endswith(".png")]
            if not imgs:
                raise Skip("no images")
            rel = self.rng.choice(imgs)
            self.write(rel, png(self.rng.randrange(256), self.rng.randrange(256), self.rng.randrange(256),
                                self.rng.randrange(1, 5), 2))
            return rel
        if how == "new-image":
            rel = "content/%s/imgs/图%d.png" % (self.rng.choice(FOLDERS), self.step)
            self.write(rel, png(self.step % 256, 40, 90))
            note = self.pick_note()
            name = os.path.basename(rel)
            self.edit_body(note, lambda fm, body: (fm, body.rstrip("\n") + "\n\n![[%s]]\n" % name))
            return "%s, embedded in %s" % (rel, note)
        rel = "static/files/readme-%d.txt" % (self.step % 3)
        if os.path.exists(self.path(rel)) and self.rng.random() < 0.4:
            self.remove(rel)
            return "removed " + rel
        self.write(rel, "static file, version %d\n" % self.step)
        return rel

    def pick_any_file(self):
        files = sorted(f for f in self.all_files() if not f.startswith("templates/assets/katex"))
        pool = [f for f in files if f.startswith("content/")] * 3 + files
        return self.rng.choice(pool)

    def e_touch(self):
        """mtime only: the bytes stay the same."""
        rel = self.pick_any_file()
        p = self.path(rel)
        st = os.stat(p)
        how = self.rng.choice(["now", "+1s", "-1d"])
        new = {"now": time.time_ns(), "+1s": st.st_mtime_ns + 10**9, "-1d": st.st_mtime_ns - 86400 * 10**9}[how]
        os.utime(p, ns=(st.st_atime_ns, new))
        self.future_ns = max(self.future_ns, new)
        return "%s (%s)" % (rel, how)

    def e_same_size(self):
        """Different bytes of the same length, with a new mtime (1 s or 10 ms later)."""
        rel = self.rng.choice([n for n in self.notes()] + ["site.yml", "templates/note.mustache"])
        p = self.path(rel)
        if not os.path.exists(p):
            raise Skip("missing")
        data = read_text(p)
        st = os.stat(p)
        spots = [m.start() for m in re.finditer(r"[0-9a-zA-Z\u4e00-\u9fff]", data)]
        # Not where a change would only break the file's syntax: front matter
        # (a note's body only), Mustache and HTML tags, site.yml's keys.
        if rel.endswith(".md"):
            fm_end = data.find("\n---\n", 3) + 5 if data.startswith("---\n") else 0
            spots = [i for i in spots if i >= fm_end]
        elif rel.endswith(".mustache"):
            spots = [i for i in spots if data.rfind("}}", 0, i) >= data.rfind("{{", 0, i)
                     and data.rfind(">", 0, i) > data.rfind("<", 0, i)]
        else:  # site.yml: inside a quoted value
            inside = set()
            for m in re.finditer(r': "([^"\n]*)"', data):
                inside.update(range(m.start(1), m.end(1)))
            spots = [i for i in spots if i in inside]
        if not spots:
            raise Skip("nothing to change")
        i = self.rng.choice(spots)
        ch = data[i]
        if "\u4e00" <= ch <= "\u9fff":
            rep = chr(0x4e00 + (ord(ch) - 0x4e00 + 1 + self.rng.randrange(200)) % 0x5000)
        elif ch.isdigit():
            rep = str((int(ch) + 1 + self.rng.randrange(8)) % 10)
        else:
            rep = chr(ord("a") + (ord(ch.lower()) - ord("a") + 1 + self.rng.randrange(24)) % 26)
        new = data[:i] + rep + data[i + 1:]
        assert len(new.encode()) == len(data.encode())
        self.remember(rel)
        with open(p, "wb") as f:
            f.write(new.encode("utf-8"))
        delta = self.rng.choice([10**9, 10**7])
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + delta))
        return "%s: %r -> %r at %d, mtime +%s" % (rel, ch, rep, i, "1 s" if delta == 10**9 else "10 ms")

    def e_revert(self):
        """An older version of a file comes back with its older mtime (cp -p, rsync -a, unzip)."""
        cands = []
        for rel, versions in sorted(self.history.items()):
            p = self.path(rel)
            if rel in self.collision_paths and not os.path.exists(p):
                continue
            cur = read_bytes(p) if os.path.exists(p) else None
            cur_m = os.stat(p).st_mtime_ns if cur is not None else None
            for data, m in versions:
                if data != cur and m != cur_m:
                    cands.append((rel, data, m))
        if not cands:
            raise Skip("no history")
        rel, data, m = self.rng.choice(cands)
        p = self.path(rel)
        if os.path.exists(p):
            self.remember(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        os.utime(p, ns=(m, m))
        return "%s back to an older version (mtime %s)" % (rel, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(m / 1e9)))

    EDITS = {
        "text": (e_text, 12), "add-link": (e_add_link, 10), "remove-link": (e_remove_link, 6),
        "rename": (e_rename, 4), "move": (e_move, 4), "delete": (e_delete, 4), "resurrect": (e_resurrect, 4),
        "new-note": (e_new_note, 3), "collision": (e_collision, 2), "title": (e_title, 6), "tag": (e_tag, 5), "alias": (e_alias, 4),
        "heading": (e_heading, 4), "block-id": (e_block, 3), "date": (e_date, 2), "draft": (e_draft, 2),
        "code": (e_code, 2), "folder-page": (e_folder_page, 2), "template": (e_template, 4),
        "config": (e_config, 3), "static": (e_static, 3), "touch": (e_touch, 5), "same-size": (e_same_size, 4),
        "revert": (e_revert, 3),
    }

    def one_edit(self, first_kind=None):
        kinds = sorted(self.EDITS)
        weights = [self.EDITS[k][1] for k in kinds]
        for attempt in range(50):
            kind = first_kind if (first_kind and attempt < 10) else self.rng.choices(kinds, weights)[0]
            try:
                what = self.EDITS[kind][0](self)
            except Skip:
                continue
            self.event(kind, what)
            return
        raise RuntimeError("no edit applies (step %d)" % self.step)

    # ---- the run --------------------------------------------------------
    def run(self):
        t0 = time.monotonic()
        self.setup()
        self.event("setup", "fixture: %d notes; %s" % (len(self.notes()), self.work))
        self.build_and_compare()
        first = sorted(self.EDITS)
        self.rng.shuffle(first)
        # these need an earlier delete / an earlier write: last among the first edits
        first = [k for k in first if k not in ("resurrect", "revert")] + ["resurrect", "revert"]
        # the events that must happen at least once: at fixed places, early
        # (not moved for a short run: the first K edits of a run are those of any longer run
        # with the same seed, so the "reproduce" line below replays a failure)
        kill_steps = set(KILL_STEPS)
        corrupt_step = CORRUPT_STEP
        for self.step in range(1, self.n_edits + 1):
            if self.step > max(KILL_STEPS + (CORRUPT_STEP, len(first))) and \
                    time.monotonic() - t0 > self.max_seconds:
                self.stopped_early = True
                self.step -= 1
                print("incremental: note: stopping after %d of %d edits: %.0f s passed (--max-seconds %d; "
                      "the machine is busy)" % (self.step, self.n_edits, time.monotonic() - t0, self.max_seconds))
                break
            if self.step == corrupt_step or self.rng.random() < 0.01:
                self.corrupt_state()
            self.one_edit(first[self.step - 1] if self.step <= len(first) else None)
            if self.step in kill_steps or self.rng.random() < 0.02:
                self.killed_build(must_hit=self.step in kill_steps)
                if self.rng.random() < 0.5:  # and a second edit before the next complete build
                    self.one_edit()
            self.build_and_compare()
            if not self.verbose and self.step % 50 == 0:
                print("incremental: %d/%d edits, %.0f s" % (self.step, self.n_edits, time.monotonic() - t0), flush=True)
        return time.monotonic() - t0

    def summary(self, seconds):
        kinds = ", ".join("%s %d" % (k, v) for k, v in sorted(self.kinds.items()) if k != "setup")
        print("incremental: seed %d, %d edits%s, all %d build pairs equal (incremental into one folder == clean build)"
              % (self.seed, self.step, " (stopped early, time budget)" if self.stopped_early else "", self.builds_a))
        print("  edits by kind: " + kinds)
        print("  builds: %d incremental (%d with --explain, %d with --clean; %.1f s, %.0f ms each), "
              "%d clean (%.1f s, %.0f ms each); %d killed (%d mid-build); state damaged %d times (%d files)"
              % (self.builds_a, self.explain_builds, self.clean_a_builds, self.time_a,
                 1000 * self.time_a / max(1, self.builds_a), self.builds_b, self.time_b,
                 1000 * self.time_b / max(1, self.builds_b), self.kills, self.kills_mid, self.corruptions,
                 self.corrupted_files))
        print("  %d builds after an edit over 100 ms old (state saved); %d repeated with nothing changed, "
              "%d of them took the no-op path" % (self.settled, self.repeats, self.noops))
        print("  exit status of the build pairs: %s; up to %d warnings a build"
              % (", ".join("%d: %d" % kv for kv in sorted(self.exit_counts.items())), self.warnings_max))
        if self.errors_seen:
            print("  errors reported: " + "; ".join("%s (%d)" % kv for kv in
                                                   sorted(self.errors_seen.items(), key=lambda kv: -kv[1])[:6]))
        print("  last incremental summary: " + (self.last_summary or "(none)"))
        print("  %.1f s in all (comparisons %.1f s)" % (seconds, self.time_cmp))

    def cleanup(self):
        if not self.keep:
            shutil.rmtree(self.work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--edits", type=int, default=DEFAULT_EDITS)
    ap.add_argument("--max-seconds", type=float, default=DEFAULT_MAX_SECONDS,
                    help="stop the edit sequence early after this long (default %(default)s; 0: never)")
    ap.add_argument("--tmp", metavar="DIR",
                    help="where the temporary folder goes (default: /dev/shm when writable, else $TMPDIR or /tmp: "
                         "the test is about the generator, and a RAM disk makes it several times faster)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--verbose", action="store_true", help="print every edit as it happens")
    ap.add_argument("--corrupt-payload", action="store_true",
                    help="damage state files in place, keeping size and mtime (needs a checksummed state)")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print("incremental: error: not an executable: %s" % args.binary, file=sys.stderr)
        return 2
    if args.edits < 1:
        print("incremental: error: --edits must be at least 1", file=sys.stderr)
        return 2
    tmp = args.tmp
    if tmp is None and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
        tmp = "/dev/shm"
    test = Test(binary, args.seed, args.edits, args.keep, args.verbose, args.corrupt_payload,
                args.max_seconds or float("inf"), tmp)
    try:
        seconds = test.run()
    except Mismatch as e:
        print("FAIL: incremental: " + str(e))
        print("\nseed %d; the edits so far (step kind what):" % test.seed)
        print("\n".join("  " + l for l in test.log))
        print("\nreproduce: python3 %s %s --seed %d --edits %d%s --verbose --keep"
              % (os.path.relpath(__file__), args.binary, test.seed, test.step,
                 " --corrupt-payload" if args.corrupt_payload else ""))
        print("kept for a look: %s (site/, A/, %s)" % (test.work, os.path.basename(test.out_b or "B")))
        return 1
    except BaseException:
        print("incremental: setup or edit failed at step %d (seed %d); work folder kept: %s"
              % (test.step, test.seed, test.work), file=sys.stderr)
        print("\n".join("  " + l for l in test.log[-20:]), file=sys.stderr)
        raise
    test.summary(seconds)
    test.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
