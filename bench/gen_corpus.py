#!/usr/bin/env python3
"""Generate a synthetic Obsidian-style study-notes vault for benchmarking studywiki.

    gen_corpus.py --notes N --out DIR [--seed 1] [--links-out FILE] [--hugo DIR] [--force]

Writes N Markdown notes (~4.6 KB average) under DIR: 20 top-level topics with
nested sub-folders, ~60% Chinese prose with English terms / ~40% English,
front matter on about half of them, inline #tags (nested too), highlights,
math, tables, code fences, bare URLs glued to Chinese text, and links of every
kind the contract names; about 2% of the links are deliberately broken.

Alongside it writes a JSON manifest (default DIR/../<basename DIR>.links.json)
listing every link written (source, 1-based line and column in code points,
target, kind, resolved target file, broken or not) plus every note's expected
title, aliases and tags, so that a generator's link report can be checked.

With --hugo HDIR the same notes are also written as a Hugo site (hugo.toml, a
minimal theme, content/ with Hugo-compatible front matter) that
`hugo --source HDIR --destination OUT` builds without errors.

Python 3 standard library only; output is a pure function of (--notes, --seed).
"""

import argparse
import calendar
import json
import math
import os
import random
import re
import shutil
import sys
import time
import unicodedata
from urllib.parse import quote

GEN_VERSION = 1

# ---------------------------------------------------------------------------
# Vocabulary
# (folder, tag, sub-folders, terms). Terms never contain '#', '|', '[', ']'.
TOPICS = [
    ("数据库", "db", ["MySQL", "Redis", "MongoDB", "PostgreSQL", "SQL 基础"],
     ["MySQL", "Redis", "MongoDB", "PostgreSQL", "InnoDB", "B+树", "索引", "事务", "MVCC", "binlog", "主从复制", "分库分表", "SQL", "行锁"]),
    ("网络", "network", ["TCP", "HTTP", "DNS", "Socket"],
     ["TCP", "UDP", "HTTP", "HTTPS", "TLS", "DNS", "WebSocket", "Socket", "三次握手", "拥塞控制", "CDN", "IPv6", "QUIC", "NAT"]),
    ("Python", "python", ["基础语法", "asyncio", "Django", "Flask", "标准库"],
     ["Python", "asyncio", "Django", "Flask", "装饰器", "生成器", "GIL", "迭代器", "元类", "pip", "协程", "NumPy", "pandas", "描述符"]),
    ("Go", "go", ["并发", "标准库", "工程实践"],
     ["Go", "goroutine", "channel", "GMP", "defer", "interface", "slice", "map", "context", "gRPC", "go mod", "逃逸分析", "GC", "select"]),
    ("Linux", "linux", ["命令", "Shell", "内核", "运维"],
     ["Linux", "bash", "grep", "awk", "sed", "systemd", "cgroup", "inode", "epoll", "crontab", "iptables", "ssh", "top", "strace"]),
    ("算法", "algo", ["排序", "动态规划", "图论", "LeetCode"],
     ["快速排序", "归并排序", "堆排序", "二分查找", "动态规划", "贪心", "回溯", "DFS", "BFS", "Dijkstra", "并查集", "滑动窗口", "双指针", "KMP"]),
    ("数据结构", "ds", ["树", "哈希", "线性表"],
     ["链表", "栈", "队列", "二叉树", "红黑树", "AVL", "跳表", "哈希表", "堆", "Trie", "B树", "LSM-Tree", "布隆过滤器", "图"]),
    ("操作系统", "os", ["进程", "内存", "文件系统"],
     ["进程", "线程", "虚拟内存", "页表", "死锁", "信号量", "调度算法", "零拷贝", "mmap", "中断", "系统调用", "TLB", "IO 多路复用", "fork"]),
    ("分布式系统", "distributed", ["一致性", "消息队列", "微服务"],
     ["Raft", "Paxos", "CAP", "BASE", "Kafka", "RabbitMQ", "ZooKeeper", "etcd", "分布式锁", "两阶段提交", "一致性哈希", "服务发现", "限流", "熔断"]),
    ("前端", "frontend", ["JavaScript", "CSS", "Vue", "React"],
     ["JavaScript", "TypeScript", "CSS", "Flexbox", "Vue", "React", "Webpack", "闭包", "原型链", "事件循环", "Promise", "Koa", "Node.js", "虚拟 DOM"]),
    ("机器学习", "ml", ["深度学习", "经典算法", "PyTorch"],
     ["线性回归", "逻辑回归", "SVM", "决策树", "随机森林", "XGBoost", "CNN", "RNN", "Transformer", "梯度下降", "反向传播", "PyTorch", "过拟合", "正则化"]),
    ("C++", "cpp", ["STL", "现代 C++", "内存管理"],
     ["C++", "STL", "vector", "智能指针", "RAII", "模板", "虚函数", "移动语义", "lambda", "constexpr", "unique_ptr", "CMake", "未定义行为", "多态"]),
    ("Java", "java", ["JVM", "并发", "Spring"],
     ["Java", "JVM", "HashMap", "ConcurrentHashMap", "synchronized", "volatile", "线程池", "Spring", "Spring Boot", "MyBatis", "类加载", "G1", "AQS", "反射"]),
    ("安全", "security", ["Web 安全", "密码学"],
     ["XSS", "CSRF", "SQL 注入", "RSA", "AES", "SHA-256", "JWT", "OAuth", "CORS", "HTTPS 证书", "签名", "哈希加盐", "SSRF", "同源策略"]),
    ("DevOps", "devops", ["Docker", "Kubernetes", "CI"],
     ["Docker", "Dockerfile", "Kubernetes", "Pod", "Helm", "Nginx", "Jenkins", "GitHub Actions", "Prometheus", "Grafana", "Ansible", "灰度发布", "负载均衡", "Git"]),
    ("设计模式", "pattern", ["创建型", "结构型", "行为型"],
     ["单例模式", "工厂模式", "建造者模式", "适配器模式", "装饰器模式", "代理模式", "观察者模式", "策略模式", "模板方法", "责任链", "SOLID", "依赖注入", "MVC", "组合模式"]),
    ("计算机组成", "arch", ["CPU", "存储"],
     ["CPU", "流水线", "缓存", "Cache 一致性", "MESI", "指令集", "RISC-V", "浮点数", "补码", "总线", "DMA", "SSD", "内存屏障", "分支预测"]),
    ("编译原理", "compiler", ["前端", "优化"],
     ["词法分析", "语法分析", "LL(1)", "LR", "AST", "SSA", "寄存器分配", "LLVM", "正则表达式", "有限自动机", "类型检查", "中间表示", "JIT", "垃圾回收"]),
    ("数学", "math", ["线性代数", "概率论", "离散数学"],
     ["矩阵", "特征值", "行列式", "贝叶斯", "期望", "方差", "正态分布", "马尔可夫链", "组合数学", "图论基础", "数论", "微积分", "泰勒展开", "傅里叶变换"]),
    ("读书笔记", "reading", ["技术书", "方法论"],
     ["SICP", "CSAPP", "DDIA", "重构", "代码大全", "人月神话", "程序员修炼之道", "Clean Code", "设计数据密集型应用", "TCP 详解", "深入理解 JVM", "算法导论", "黑客与画家", "软技能"]),
]
NESTED = ["基础", "进阶", "面试题", "源码分析", "实践", "basics", "advanced"]

ASPECT_ZH = ["基础", "原理", "持久化", "性能优化", "常见问题", "面试题", "源码分析", "最佳实践", "配置", "入门",
             "总结", "学习笔记", "实现机制", "使用场景", "踩坑记录", "底层结构", "调优", "设计思想", "工作流程", "核心概念",
             "对比", "复习", "排查", "命令速查", "进阶", "高可用", "并发控制", "内存模型", "数据结构", "安装部署"]
ASPECT_EN = ["basics", "internals", "performance tuning", "cheat sheet", "interview questions", "best practices",
             "troubleshooting", "architecture", "configuration", "notes", "overview", "FAQ", "deep dive", "pitfalls",
             "examples", "design", "API reference", "benchmark", "migration guide", "security"]
TITLE_SUFFIX_ZH = ["机制详解", "一文读懂", "学习总结", "（整理版）", "复习提纲", "面试必问"]
TITLE_SUFFIX_EN = ["explained", "in practice", "a summary", "the hard parts", "study guide"]

HEAD_ZH = ["概述", "背景", "基本概念", "原理", "{t} 的实现", "使用示例", "常见问题", "注意事项", "性能", "参考资料",
           "总结", "对比 {t2}", "配置项", "常用命令", "面试题", "扩展阅读", "工作流程", "优缺点", "应用场景", "{t} 与 {t2} 的区别",
           "源码解读", "为什么需要 {t}", "实现细节", "踩坑", "复杂度分析"]
HEAD_EN = ["Overview", "Background", "How {t} works", "Usage", "Examples", "Pitfalls", "Performance", "References",
           "Summary", "{t} vs {t2}", "Configuration", "Commands", "FAQ", "Internals", "Trade-offs", "Further reading",
           "When to use {t}", "Implementation notes", "Complexity", "Common mistakes"]
SUBHEAD_ZH = ["示例 {n}", "步骤 {n}", "小结", "补充", "例子", "注意", "代码", "问题 {n}"]
SUBHEAD_EN = ["Example {n}", "Step {n}", "Note", "Aside", "Code", "Question {n}"]

ZH_SENT = [
    "{t}是一种常见的{c}，主要用于解决{c2}的问题。",
    "简单来说，{t}就是把{c}和{c2}结合起来，从而提高整体的{q}。",
    "在实际项目中，{t}经常和{t2}一起使用，需要注意{c}带来的开销。",
    "面试时经常会问到{t}的{c}，一定要能说清楚它和{t2}的区别。",
    "{t}的核心思想是{c}：先{v}，再{v2}，最后统一{v3}。",
    "如果{c}处理不当，就会导致{q}下降，甚至出现{c2}。",
    "官方文档里对{t}的描述比较抽象（见下文），这里用自己的话总结一下。",
    "注意：{t}并不等于{t2}，前者偏向{c}，后者偏向{c2}。",
    "{t}的时间复杂度一般是 O(n)，最坏情况下会退化。",
    "使用{t}之前，先确认{c}是否真的是瓶颈，不要过早优化。",
    "一般来说，{v}比{v2}更安全，但是{q}会差一点。",
    "这部分内容比较零散，先记下来，后面再整理成完整的笔记。",
    "很多人第一次接触{t}时都会困惑：为什么要{v}？",
    "换句话说，{t}解决的是“{c}”而不是“{c2}”。",
    "我在公司的项目里踩过这个坑：{c}没有处理好，线上{q}直接翻倍。",
    "{t}（{t2}）本质上是一种{c}，它通过{v}来保证{q}。",
    "可以把{t}理解成一个{c}，每次{v}都会触发{c2}。",
    "第一步，{v}；第二步，{v2}；第三步，{v3}。",
    "总结：{t}适合{c}的场景，不适合{c2}的场景。",
    "参考《{book}》第{n}章，作者对{t}的解释非常清楚。",
    "{t}从 {n}.0 版本开始默认开启，可以通过配置关闭。",
    "用 C# 或 Java 实现时思路类似，只是 API 不同。",
]
EN_SENT = [
    "{t} is a common {ce} used to deal with {ce2}.",
    "In short, {t} combines {ce} with {ce2} to improve {qe}.",
    "In real projects {t} is often used together with {t2}; watch out for the cost of {ce}.",
    "The key idea behind {t} is to {ve} first and {ve2} later.",
    "If {ce} is handled badly, {qe} drops and you may even see {ce2}.",
    "Note that {t} is not the same thing as {t2}.",
    "The worst case of {t} is O(n^2), but the average case is much better.",
    "Before reaching for {t}, measure whether {ce} is really the bottleneck.",
    "These notes are a bit scattered; I will clean them up later.",
    "A typical interview question: how does {t} differ from {t2}?",
    "Think of {t} as a kind of {ce}: every time you {ve}, it triggers {ce2}.",
    "Step one: {ve}. Step two: {ve2}. Step three: {ve3}.",
    "Rule of thumb: use {t} for {ce}, avoid it for {ce2}.",
    "See chapter {n} of {booke} for a much better explanation of {t}.",
    "Since version {n}.0, {t} is enabled by default and can be turned off in the config.",
    "I got bitten by this at work: {ce} was misconfigured and {qe} doubled overnight.",
    "The same idea works in C# and Java, only the API differs.",
    "Most of the complexity of {t} lives in {ce}, not in {ce2}.",
]
CONCEPTS_ZH = ["缓存", "并发", "锁竞争", "内存泄漏", "数据一致性", "网络延迟", "上下文切换", "序列化", "持久化", "负载均衡",
               "抽象层", "状态机", "回调", "消息队列", "线程安全", "读写分离", "主键冲突", "死循环", "空指针", "精度丢失",
               "慢查询", "资源竞争", "热点数据", "冷启动", "版本兼容", "边界条件", "递归深度", "哈希冲突"]
CONCEPTS_EN = ["caching", "concurrency", "lock contention", "memory leaks", "consistency", "network latency",
               "context switches", "serialization", "persistence", "load balancing", "backpressure", "state machines",
               "callbacks", "thread safety", "hot keys", "cold starts", "edge cases", "hash collisions", "slow queries"]
QUALITY_ZH = ["性能", "吞吐量", "可用性", "可读性", "延迟", "稳定性", "扩展性"]
QUALITY_EN = ["performance", "throughput", "availability", "readability", "latency", "stability"]
VERBS_ZH = ["加锁", "写日志", "建立连接", "分配内存", "校验参数", "排序", "拆分任务", "合并结果", "刷盘", "释放资源", "发送请求", "更新索引"]
VERBS_EN = ["take the lock", "write the log", "open a connection", "allocate memory", "validate input", "sort the keys",
            "split the work", "merge the results", "flush to disk", "release resources", "update the index"]
BOOKS = ["深入理解计算机系统", "算法导论", "数据密集型应用系统设计", "Redis 设计与实现", "高性能 MySQL", "UNIX 网络编程"]
BOOKS_EN = ["CSAPP", "CLRS", "DDIA", "SICP", "The Go Programming Language", "Effective Modern C++"]
LINK_TEXT_ZH = ["这篇", "详见", "之前的笔记", "这里", "原理", "参考", "相关内容", "上一篇", "下一篇", "官方说明"]
LINK_TEXT_EN = ["this note", "see here", "details", "earlier notes", "background", "related", "the follow-up"]
LINK_PRE_ZH = ["详见", "参考", "另见", "可以对比", "相关：", "（参见", "前置知识：", "具体看"]
LINK_PRE_EN = ["See ", "Compare with ", "Related: ", "Background in ", "(see ", "More in "]
GENERIC_TAGS = ["面试", "复习", "todo", "读书笔记", "重要", "待整理", "interview", "review", "2021年", "基础"]
URL_PATHS = ["docs/guide", "blog/2017/08/notes.html", "wiki/Main_Page", "en/latest/index.html", "questions/12345",
             "post/2020-01-01", "p/abc123", "reference/index.html#section-2", "a/b/c?x=1&y=2", "zh-cn/docs/intro"]
URL_HOSTS = ["example.com", "docs.example.org", "github.com/example/repo", "blog.example.net", "wiki.example.cn"]

CODE = {
    "python": [
        ["def fib(n, cache=None):", "    if cache is None:", "        cache = {}", "    if n <= 1:", "        return 1",
         "    cache[n] = fib(n - 1, cache) + fib(n - 2, cache)", "    return cache[n]"],
        ["import socket", "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)", "s.bind(('127.0.0.1', 8000))",
         "s.listen(128)  # backlog", "conn, addr = s.accept()"],
        ["async def main():", "    # [[not a link]] and #not_a_tag inside code", "    await asyncio.sleep(1)",
         "    print(f'cost ${cost}')", "asyncio.run(main())"],
    ],
    "go": [
        ["func worker(id int, jobs <-chan int, results chan<- int) {", "\tfor j := range jobs {",
         "\t\tresults <- j * 2 // #tag-like comment", "\t}", "}"],
        ["ctx, cancel := context.WithTimeout(context.Background(), time.Second)", "defer cancel()",
         "select {", "case <-ctx.Done():", "\treturn ctx.Err()", "}"],
    ],
    "sql": [
        ["SELECT id, name FROM users WHERE age > 18 ORDER BY id LIMIT 10;", "-- [[Users]] is not a wikilink here",
         "EXPLAIN SELECT * FROM orders WHERE user_id = 42;"],
        ["BEGIN;", "UPDATE account SET balance = balance - 100 WHERE id = 1;",
         "UPDATE account SET balance = balance + 100 WHERE id = 2;", "COMMIT;"],
    ],
    "bash": [
        ["$ git clone https://github.com/example/demo.git", "$ cd demo && npm install",
         "$ grep -rn '#include' src | wc -l"],
        ["for f in *.md; do", "  echo \"$f\"", "done", "ps aux | grep nginx | awk '{print $2}'"],
    ],
    "cpp": [
        ["#include <vector>", "template <typename T>", "T sum(const std::vector<T>& v) {", "    T s{};",
         "    for (const auto& x : v) s += x;", "    return s;", "}"],
        ["auto p = std::make_unique<Widget>();", "std::vector<int> v{1, 2, 3};",
         "std::sort(v.begin(), v.end(), [](int a, int b) { return a > b; });"],
    ],
    "js": [
        ["const Koa = require('koa');", "const app = new Koa();", "app.use(async ctx => { ctx.body = 'Hello'; });",
         "app.listen(3000);"],
        ["function debounce(fn, ms) {", "  let t;", "  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };", "}"],
    ],
    "yaml": [
        ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: web", "spec:", "  replicas: 3"],
    ],
    "": [
        ["只要三行代码，就可以架设一个 HTTP 服务。", "运行这个脚本：node demos/01.js",
         "打开浏览器，访问 http://127.0.0.1:3000 。", "这里的 [[链接]] 和 #标签 都只是文本。"],
        ["NumPy 官网 http://www.numpy.org/", "SciPy 官网：https://www.scipy.org/", "$x$ 这里不是公式"],
    ],
}
INLINE_MATH = ["$O(n \\log n)$", "$x^2 + y^2 = z^2$", "$\\sum_{i=1}^{n} i$", "$a_i \\le a_{i+1}$", "$P(A|B)$",
               "$\\frac{1}{2}$", "$2^{32}$", "$\\alpha + \\beta$", "$root.left < root < root.right$"]
BLOCK_MATH = [["\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}"],
              ["P(A|B) = \\frac{P(B|A)P(A)}{P(B)}"],
              ["\\begin{aligned}", "f(x) &= \\sum_{k=0}^{\\infty} \\frac{f^{(k)}(a)}{k!}(x-a)^k \\\\",
               "&\\approx f(a) + f'(a)(x-a)", "\\end{aligned}"],
              ["\\mathbf{A}\\mathbf{x} = \\lambda \\mathbf{x}"]]


class FastRandom(random.Random):
    """choice/randint through random(): several times faster than the stdlib's, still deterministic."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))


def norm(s):
    return unicodedata.normalize("NFKC", s).casefold()


def slug(s):
    """The contract's slug rule (approximately): used only to avoid output collisions."""
    s = unicodedata.normalize("NFKC", s)
    out = []
    for ch in s:
        if ch.isascii() and ch.isalpha():
            out.append(ch.lower())
        elif ch in " _-":
            out.append("-")
        elif ch == "+":
            out.append("+")
        elif ch == "#":
            out.append("sharp")
        elif ch.isalnum():
            out.append(ch)
    return re.sub(r"-+", "-", "".join(out)).strip("-")


def tag_of(name):
    """A folder name as a tag: letters, digits, '-', '_' only."""
    t = re.sub(r"[^\w-]", "", name.replace("C++", "cpp"))
    return t.lower() if t.isascii() else t


def yaml_str(s):
    if re.match(r"^[A-Za-z\u4e00-\u9fff][^:#\[\]{}\"',&*!|>%@`]*$", s) and not s.endswith(" "):
        return s
    return json.dumps(s, ensure_ascii=False)


# ---------------------------------------------------------------------------
class Plan:
    __slots__ = ("idx", "path", "dir", "stem", "topic", "lang", "title", "title_mode", "fm", "aliases", "fm_tags",
                 "tag_style", "date", "headings", "size", "crlf", "extra_fm", "tags")


def build_plan(n, rng):
    folders = []  # (path, topic index, tag list)
    for ti, (top, tag, subs, _terms) in enumerate(TOPICS):
        folders.append((top, ti, [tag]))
        for sub in subs:
            p = top + "/" + sub
            stag = tag + "/" + tag_of(sub)
            folders.append((p, ti, [tag, stag]))
            if rng.random() < 0.35:
                for nest in rng.sample(NESTED, 2):
                    folders.append((p + "/" + nest, ti, [tag, stag]))
    weights = [1.0 if f[0].count("/") == 0 else 3.0 for f in folders]

    namespace = set()  # normalized titles, stems, aliases, folder names, paths
    for f in folders:
        namespace.add(norm(f[0].rsplit("/", 1)[-1]))
    slugs = set()  # (dir, slug)
    plans = []

    def claim(name):
        k = norm(name)
        if k in namespace:
            return False
        namespace.add(k)
        return True

    def new_plan(path, d, stem, ti, lang):
        p = Plan()
        p.idx = len(plans)
        p.path, p.dir, p.stem, p.topic, p.lang = path, d, stem, ti, lang
        p.aliases = []
        p.fm = False
        p.fm_tags = []
        p.tag_style = "list"
        p.extra_fm = []
        p.headings = []
        y = rng.randint(2017, 2024)
        p.date = "%04d-%02d-%02d" % (y, rng.randint(1, 12), rng.randint(1, 28))
        mu = math.log(4600) - 0.5 * 0.55 ** 2 - 0.42
        p.size = int(min(40000, max(400, rng.lognormvariate(mu, 0.55))))
        p.crlf = rng.random() < 0.02
        plans.append(p)
        return p

    # the home page intro
    if n >= 1:
        p = new_plan("index.md", "", "index", rng.randrange(len(TOPICS)), "zh")
        p.title, p.title_mode = "我的学习笔记", "h1"
        claim(p.title)
        claim("index")
    readme_dirs = set()
    while len(plans) < n:
        fpath, ti, ftags = folders[rng.choices(range(len(folders)), weights)[0]]
        terms = TOPICS[ti][3]
        lang = "zh" if rng.random() < 0.6 else "en"
        r = rng.random()
        title = None
        mode = None
        if r < 0.02:
            stem = "%03d_%016x" % (len(plans) % 1000, rng.getrandbits(64))
            mode = "machine"
        elif r < 0.035 and fpath not in readme_dirs and "/" in fpath:
            stem = "README"
            mode = "readme"
        else:
            term = rng.choice(terms)
            if lang == "zh":
                stem = term + (" " if rng.random() < 0.5 else "") + rng.choice(ASPECT_ZH)
            else:
                stem = term + " " + rng.choice(ASPECT_EN)
        if mode == "readme":
            title = fpath.rsplit("/", 1)[-1] + (" 学习路线" if lang == "zh" else " roadmap")
            if norm(title) in namespace:
                continue
            readme_dirs.add(fpath)
        else:
            base = stem
            k = 2
            while norm(stem) in namespace or (fpath, slug(stem)) in slugs:
                stem = "%s %d" % (base, k)
                k += 1
        if (fpath, slug(stem)) in slugs:
            continue
        slugs.add((fpath, slug(stem)))
        p = new_plan(fpath + "/" + stem + ".md", fpath, stem, ti, lang)
        if mode != "readme":
            claim(stem)
        claim(fpath + "/" + stem)
        # how the note gets its title
        p.fm = rng.random() < 0.5
        if mode == "machine":
            p.fm = False
            title = rng.choice(terms) + " " + (rng.choice(ASPECT_ZH) if lang == "zh" else rng.choice(ASPECT_EN))
            while norm(title) in namespace:
                title += " " + str(rng.randint(2, 99))
            p.title_mode = "machine_h1" if rng.random() < 0.5 else "machine_h2"
        elif mode == "readme":
            p.title_mode = "h1"
        elif p.fm and rng.random() < 0.6:
            p.title_mode = "fm"
            if rng.random() < 0.3:
                title = stem + (rng.choice(TITLE_SUFFIX_ZH) if lang == "zh" else " " + rng.choice(TITLE_SUFFIX_EN))
                if norm(title) in namespace:
                    title = stem
            else:
                title = stem
        else:
            rr = rng.random()
            if rr < 0.45:
                p.title_mode, title = "stem", stem
            elif rr < 0.85:
                p.title_mode, title = "h1", stem
            else:
                p.title_mode = "h1"
                title = stem + (rng.choice(TITLE_SUFFIX_ZH) if lang == "zh" else " " + rng.choice(TITLE_SUFFIX_EN))
                if norm(title) in namespace:
                    title = stem
        if title != stem:
            claim(title)
        p.title = title
        # front matter content
        if p.fm:
            p.fm_tags = list(dict.fromkeys(ftags[: rng.randint(1, len(ftags))] +
                                           ([rng.choice(GENERIC_TAGS)] if rng.random() < 0.4 else [])))
            p.tag_style = rng.choice(["list", "list", "block", "comma", "space", "none"])
            if p.tag_style == "none":
                p.fm_tags = []
            if rng.random() < 0.3:
                for _ in range(rng.randint(1, 2)):
                    other = rng.choice(terms) + " " + (rng.choice(ASPECT_EN) if lang == "zh" else rng.choice(ASPECT_ZH))
                    if claim(other):
                        p.aliases.append(other)
            if rng.random() < 0.15:
                p.extra_fm.append("description: " + yaml_str(rng.choice(CONCEPTS_ZH) + "相关的笔记"))
            if rng.random() < 0.1:
                p.extra_fm.append("source: " + json.dumps("https://" + rng.choice(URL_HOSTS) + "/" + rng.choice(URL_PATHS)))
        # headings that other notes may link to (distinct within the note)
        hpool = HEAD_ZH if lang == "zh" else HEAD_EN
        k = max(2, min(9, p.size // 700 + rng.randint(-1, 1)))
        heads = []
        seen = {norm(title)}
        for h in rng.sample(hpool, min(k, len(hpool))):
            t1, t2 = rng.sample(terms, 2)
            h = h.format(t=t1, t2=t2)
            if norm(h) not in seen:
                seen.add(norm(h))
                heads.append(h)
        p.headings = heads
    for p in plans:
        if not p.headings:
            p.headings = ["概述", "总结"] if p.lang == "zh" else ["Overview", "Summary"]
    return plans, folders, namespace


# ---------------------------------------------------------------------------
class Writer:
    """Accumulates the lines of one note and the links written into it."""

    def __init__(self, plan, rng):
        self.p = plan
        self.rng = rng
        self.lines = []
        self.nbytes = 0
        self.links = []
        self.pending = []
        self.cur = []
        self.curlen = 0
        self.tags = []

    def line(self, s):
        self.lines.append(s)
        self.nbytes += len(s.encode("utf-8")) + 1

    def blank(self):
        if self.lines and self.lines[-1] != "":
            self.line("")

    # building one line piece by piece
    def put(self, s):
        self.cur.append(s)
        self.curlen += len(s)

    def put_link(self, raw, rec):
        rec["col"] = self.curlen + 1
        rec["raw"] = raw
        self.pending.append(rec)
        self.put(raw)

    def put_tag(self, tag):
        self.tags.append(tag)
        self.put("#" + tag)

    def end(self):
        ln = len(self.lines) + 1
        for rec in self.pending:
            rec["line"] = ln
            self.links.append(rec)
        self.pending = []
        self.line("".join(self.cur))
        self.cur = []
        self.curlen = 0


class Corpus:
    def __init__(self, n, seed):
        self.rng = FastRandom(seed)
        self.plans, self.folders, self.namespace = build_plan(n, self.rng)
        self.by_topic = {}
        self.targets = [p for p in self.plans if p.path != "index.md"]  # the home page is never a target
        for p in self.targets:
            self.by_topic.setdefault(p.topic, []).append(p)
        self.paths = {p.path for p in self.plans}
        self.broken_seq = 0
        self.pools = {}

    # --- links -------------------------------------------------------------
    def pick_target(self, src):
        rng = self.rng
        if rng.random() < 0.7:
            cands = self.by_topic.get(src.topic) or self.targets
        else:
            cands = self.targets
        for _ in range(4):
            t = rng.choice(cands)
            if t is not src:
                return t
        return None

    def broken_wiki_target(self, src):
        rng = self.rng
        for _ in range(20):
            r = rng.random()
            t = rng.choice(self.by_topic.get(src.topic) or self.targets or [src])
            if r < 0.35 and " " in t.title:
                cand = t.title.replace(" ", "", 1)  # near miss: "Redis 持久化" -> "Redis持久化"
            elif r < 0.55:
                cand = t.title + ("（旧）" if src.lang == "zh" else " old")
            elif r < 0.75:
                cand = rng.choice(TOPICS[src.topic][3]) + (" 待补充" if src.lang == "zh" else " TODO")
            else:
                self.broken_seq += 1
                cand = "%s 不存在的笔记 %d" % (rng.choice(TOPICS[src.topic][3]), self.broken_seq)
            if norm(cand) not in self.namespace:
                return cand
        self.broken_seq += 1
        return "missing note %d" % self.broken_seq

    def md_dest(self, src, target_path):
        rel = os.path.relpath(target_path, src.dir or ".").replace(os.sep, "/")
        r = self.rng.random()
        if r < 0.1:
            return "<" + rel + ">"
        if r < 0.2:
            return quote(rel, safe="/.-_")
        return rel.replace(" ", "%20")

    def make_link(self, w):
        """Returns (raw text, record)."""
        rng = self.rng
        src = w.p
        zh = src.lang == "zh"
        if rng.random() < 0.02:
            if rng.random() < 0.7:
                tgt = self.broken_wiki_target(src)
                if rng.random() < 0.3:
                    txt = rng.choice(LINK_TEXT_ZH if zh else LINK_TEXT_EN)
                    return "[[%s|%s]]" % (tgt, txt), dict(kind="wiki_text", target=tgt, heading=None,
                                                         target_path=None, broken=True)
                return "[[%s]]" % tgt, dict(kind="wiki", target=tgt, heading=None, target_path=None, broken=True)
            t = self.pick_target(src) or src
            for _ in range(10):
                missing = t.dir + "/" + t.stem + (" 草稿" if zh else " draft") + ".md"
                if missing not in self.paths:
                    break
                missing = t.dir + "/" + t.stem + " %d.md" % rng.randint(100, 999)
            dest = self.md_dest(src, missing)
            txt = rng.choice(LINK_TEXT_ZH if zh else LINK_TEXT_EN)
            return "[%s](%s)" % (txt, dest), dict(kind="md", target=dest, heading=None, target_path=None, broken=True)
        t = self.pick_target(src)
        r = rng.random()
        if t is None or (r < 0.03 and src.headings):
            h = rng.choice(src.headings)
            return "[[#%s]]" % h, dict(kind="wiki_self_heading", target="", heading=h,
                                       target_path=src.path, broken=False)
        rec = dict(target_path=t.path, broken=False, heading=None)
        if r < 0.45:
            rec.update(kind="wiki", target=t.title)
            return "[[%s]]" % t.title, rec
        if r < 0.60:
            txt = rng.choice(LINK_TEXT_ZH if zh else LINK_TEXT_EN)
            rec.update(kind="wiki_text", target=t.title)
            return "[[%s|%s]]" % (t.title, txt), rec
        if r < 0.72:
            h = rng.choice(t.headings)
            rec.update(kind="wiki_heading", target=t.title, heading=h)
            if rng.random() < 0.25:
                return "[[%s#%s|%s]]" % (t.title, h, h), rec
            return "[[%s#%s]]" % (t.title, h), rec
        if r < 0.77:
            tgt = t.path[:-3]
            rec.update(kind="wiki_path", target=tgt)
            return "[[%s]]" % tgt, rec
        if r < 0.82 and t.aliases:
            a = rng.choice(t.aliases)
            rec.update(kind="wiki_alias", target=a)
            return "[[%s]]" % a, rec
        if r < 0.82:
            rec.update(kind="wiki", target=t.title)
            return "[[%s]]" % t.title, rec
        dest = self.md_dest(src, t.path)
        txt = rng.choice(LINK_TEXT_ZH if zh else LINK_TEXT_EN) if rng.random() < 0.5 else t.title
        rec.update(kind="md", target=dest)
        return "[%s](%s)" % (txt, dest), rec

    # --- prose ---------------------------------------------------------------
    def sentence(self, p):
        """A random sentence from a per-(topic, language) pool, filled lazily (keeps generation fast)."""
        key = (p.topic, p.lang)
        pool = self.pools.get(key)
        if pool is None:
            pool = self.pools[key] = []
        if len(pool) < 800:
            pool.append(self.make_sentence(p))
            return pool[-1]
        return pool[int(self.rng.random() * 800)]

    def make_sentence(self, p):
        rng = self.rng
        terms = TOPICS[p.topic][3]
        t, t2 = rng.sample(terms, 2)
        if p.lang == "zh":
            return rng.choice(ZH_SENT).format(
                t=t, t2=t2, c=rng.choice(CONCEPTS_ZH), c2=rng.choice(CONCEPTS_ZH), q=rng.choice(QUALITY_ZH),
                v=rng.choice(VERBS_ZH), v2=rng.choice(VERBS_ZH), v3=rng.choice(VERBS_ZH), n=rng.randint(2, 12),
                book=rng.choice(BOOKS))
        return rng.choice(EN_SENT).format(
            t=t, t2=t2, ce=rng.choice(CONCEPTS_EN), ce2=rng.choice(CONCEPTS_EN), qe=rng.choice(QUALITY_EN),
            ve=rng.choice(VERBS_EN), ve2=rng.choice(VERBS_EN), ve3=rng.choice(VERBS_EN), n=rng.randint(2, 12),
            booke=rng.choice(BOOKS_EN))

    def inline_extra(self, w, allow_links=True):
        """Maybe append something interesting after a sentence."""
        rng = self.rng
        zh = w.p.lang == "zh"
        r = rng.random()
        if r < 0.20 and allow_links:
            raw, rec = self.make_link(w)
            pre = rng.choice(LINK_PRE_ZH if zh else LINK_PRE_EN)
            w.put(("" if zh else " ") + pre)
            w.put_link(raw, rec)
            w.put(("）" if pre.startswith("（") else "。") if zh else (")." if pre.startswith("(") else "."))
        elif r < 0.36:
            w.put(("见：" if zh else " See ") + "https://" + rng.choice(URL_HOSTS) + "/" + rng.choice(URL_PATHS))
            w.put("。然后继续" if zh else " for more.")
        elif r < 0.42:
            w.put(("这里的重点是==" if zh else " The point is ==") + rng.choice(CONCEPTS_ZH if zh else CONCEPTS_EN) + "==")
            w.put("。" if zh else ".")
        elif r < 0.46:
            w.put(("复杂度是 " if zh else " Complexity: ") + rng.choice(INLINE_MATH) + ("。" if zh else "."))
        elif r < 0.50:
            w.put(("用 `" if zh else " Use `") + rng.choice(["git status", "SELECT 1", "[[not a link]]", "#not-a-tag",
                                                               "ls -la", "x = $y$", "a|b"]) + "`" + ("。" if zh else "."))
        elif r < 0.55:
            tag = self.inline_tag(w.p)
            w.put(" " if not zh or rng.random() < 0.5 else "，")
            w.put_tag(tag)
            w.put(" ")
        elif r < 0.57:
            w.put(" **" + rng.choice(CONCEPTS_ZH if zh else CONCEPTS_EN) + "** ")
        elif r < 0.58:
            w.put("价格从 $5 涨到了 $10，" if zh else " It costs $5 or $10 per month, ")

    def inline_tag(self, p):
        rng = self.rng
        top = TOPICS[p.topic]
        r = rng.random()
        if r < 0.4:
            return top[1] + "/" + tag_of(rng.choice(top[2]))
        if r < 0.6:
            return top[1]
        return rng.choice(GENERIC_TAGS)

    def paragraph(self, w, prefix="", nsent=None):
        rng = self.rng
        w.put(prefix)
        for i in range(nsent or rng.randint(1, 4)):
            if i and w.p.lang == "en":
                w.put(" ")
            w.put(self.sentence(w.p))
            self.inline_extra(w)
        w.end()

    def block(self, w):
        rng = self.rng
        p = w.p
        zh = p.lang == "zh"
        r = rng.random()
        w.blank()
        if r < 0.30:
            self.paragraph(w)
        elif r < 0.40:  # outline: one line per line, single newlines
            for _ in range(rng.randint(2, 6)):
                self.paragraph(w, nsent=1)
        elif r < 0.60:  # list, maybe nested, maybe with a fenced code block inside
            ordered = rng.random() < 0.35
            marker = rng.choice(["-", "*", "+"])
            for i in range(rng.randint(2, 7)):
                bullet = "%d. " % (i + 1) if ordered else marker + " "
                self.paragraph(w, bullet, nsent=rng.randint(1, 2))
                if rng.random() < 0.25:
                    ind = " " * len(bullet)
                    for _ in range(rng.randint(1, 3)):
                        self.paragraph(w, ind + "- ", nsent=1)
                if rng.random() < 0.05:
                    ind = " " * len(bullet)
                    lang = rng.choice(["python", "bash", ""])
                    w.blank()
                    w.line(ind + "```" + lang)
                    for ln in rng.choice(CODE[lang]):
                        w.line(ind + ln)
                    w.line(ind + "```")
                    w.blank()
        elif r < 0.68:  # fenced code
            lang = rng.choice(list(CODE))
            fence = "~~~" if rng.random() < 0.1 else "```"
            w.line(fence + lang)
            for ln in rng.choice(CODE[lang]):
                w.line(ln)
            w.line(fence)
        elif r < 0.75:  # table
            cols = rng.randint(2, 4)
            head = (["名称", "说明", "复杂度", "备注"] if zh else ["Name", "Description", "Cost", "Notes"])[:cols]
            w.line("| " + " | ".join(head) + " |")
            w.line("|" + "|".join([" --- "] * cols) + "|")
            terms = TOPICS[p.topic][3]
            for _ in range(rng.randint(2, 6)):
                cells = [rng.choice(terms), rng.choice(CONCEPTS_ZH if zh else CONCEPTS_EN),
                         rng.choice(["O(1)", "O(log n)", "O(n)", "`O(n^2)`", "==O(n)=="]),
                         rng.choice(QUALITY_ZH if zh else QUALITY_EN)][:cols]
                w.line("| " + " | ".join(cells) + " |")
        elif r < 0.83:  # quotes, sometimes nested
            self.paragraph(w, "> ", nsent=rng.randint(1, 2))
            if rng.random() < 0.4:
                w.line(">")
                self.paragraph(w, "> > ", nsent=1)
                w.blank()
                self.paragraph(w, "> > ", nsent=1)
        elif r < 0.86:  # display math
            w.line("$$")
            for ln in rng.choice(BLOCK_MATH):
                w.line(ln)
            w.line("$$")
        elif r < 0.89:  # a line of tags
            w.put_tag(self.inline_tag(p))
            for _ in range(rng.randint(0, 2)):
                w.put(" ")
                w.put_tag(self.inline_tag(p))
            w.end()
        elif r < 0.91:
            w.line("---" if rng.random() < 0.5 else "***")
        elif r < 0.95:  # links paragraph ("相关链接")
            w.line("相关笔记：" if zh else "Related notes:")
            for _ in range(rng.randint(1, 4)):
                raw, rec = self.make_link(w)
                w.put("- ")
                w.put_link(raw, rec)
                w.end()
        else:  # bare URL lines like the seeds' "学习地址：http://..."
            w.line(("学习地址：" if zh else "Source: ") + "https://" + rng.choice(URL_HOSTS) + "/" + rng.choice(URL_PATHS))

    def note(self, p):
        rng = self.rng
        w = Writer(p, rng)
        if p.fm:
            w.line("---")
            if p.title_mode == "fm":
                w.line("title: " + yaml_str(p.title))
            if p.fm_tags:
                if p.tag_style == "list":
                    w.line("tags: [" + ", ".join(p.fm_tags) + "]")
                elif p.tag_style == "block":
                    w.line("tags:")
                    for t in p.fm_tags:
                        w.line("  - " + t)
                elif p.tag_style == "comma":
                    w.line("tags: " + ", ".join(p.fm_tags))
                else:
                    w.line("tags: " + " ".join(p.fm_tags))
            if p.aliases:
                w.line("aliases: [" + ", ".join(yaml_str(a) for a in p.aliases) + "]")
            if rng.random() < 0.8:
                w.line("date: " + p.date)
            w.lines.extend(p.extra_fm)
            w.line("---")
            w.line("")
        title_in_h1 = p.title_mode in ("h1", "machine_h1")
        if title_in_h1:
            w.line("# " + p.title)
        elif p.title_mode == "machine_h2":
            w.line("## " + p.title)
        zh = p.lang == "zh"
        # only notes whose title is not the file name may use further level-1
        # headings, and not those titled by their opening "# Title": a second
        # level-1 heading makes the file name the title (DESIGN.md "Notes")
        may_h1 = p.title_mode in ("fm", "machine_h1")
        base = 1 if (may_h1 and rng.random() < 0.3) else 2
        n_sec = len(p.headings)
        per_sec = max(300, (p.size - 200) // n_sec)
        for hi, h in enumerate(p.headings):
            if hi == 0 and rng.random() < 0.6:  # intro text before the first heading
                w.blank()
                self.paragraph(w)
            lvl = base + (1 if hi and rng.random() < 0.25 else 0)
            if rng.random() < 0.1:
                lvl = min(6, lvl + 2)  # headings that skip levels
            w.blank()
            w.line("#" * lvl + " " + h + (" " if rng.random() < 0.05 else ""))
            goal = w.nbytes + per_sec
            sub = 1
            while w.nbytes < goal:
                self.block(w)
                if rng.random() < 0.08 and w.nbytes < goal - 200:
                    w.blank()
                    w.line("#" * min(6, lvl + 2) + " " + rng.choice(SUBHEAD_ZH if zh else SUBHEAD_EN).format(n=sub))
                    sub += 1
        return w


def write_vault(corpus, out, hugo):
    t0 = time.time()
    os.makedirs(out, exist_ok=True)
    made = set()
    links = []
    pages = []
    total_bytes = 0
    hcontent = os.path.join(hugo, "content") if hugo else None
    for p in corpus.plans:
        w = corpus.note(p)
        if p.dir not in made:
            os.makedirs(os.path.join(out, p.dir), exist_ok=True)
            if hugo:
                os.makedirs(os.path.join(hcontent, p.dir), exist_ok=True)
            made.add(p.dir)
        eol = "\r\n" if p.crlf else "\n"
        text = eol.join(w.lines) + eol
        fn = os.path.join(out, p.path)
        with open(fn, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        ts = calendar.timegm(tuple(int(x) for x in p.date.split("-")) + (12, 0, 0))
        os.utime(fn, (ts, ts))
        total_bytes += len(text.encode("utf-8"))
        all_tags = list(dict.fromkeys(p.fm_tags + w.tags))
        for rec in w.links:
            rec["source"] = p.path
            links.append(rec)
        pages.append({"path": p.path, "title": p.title, "title_from": p.title_mode, "aliases": p.aliases,
                      "tags": sorted(all_tags), "headings": p.headings, "front_matter": p.fm, "lang": p.lang,
                      "crlf": p.crlf})
        if hugo:
            write_hugo_page(hcontent, p, w, all_tags)
    if hugo:
        write_hugo_site(hugo, corpus)
    return links, pages, total_bytes, time.time() - t0


# ---------------------------------------------------------------------------
HUGO_TOML = """\
# Generated by bench/gen_corpus.py: a minimal Hugo site holding the same notes,
# so that bench/run can compare build time and memory with studywiki.
baseURL = "https://example.org/"
languageCode = "zh-cn"
title = "studywiki bench"
hasCJKLanguage = true
# studywiki writes one feed; Hugo would write one per section and per tag
disableKinds = ["RSS"]
enableRobotsTXT = false

[taxonomies]
  tag = "tags"

[markup.goldmark.renderer]
  unsafe = true
  hardWraps = true  # a single newline is a line break, as in studywiki
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="zh">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> · <a href="{{ "/tags/" | relURL }}">tags</a></nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time>
{{ range .GetTerms "tags" }} <a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}
</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ .Content }}
<p>{{ len .Site.RegularPages }} notes</p>
<h2>Topics</h2>
<ul>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>
{{ end }}
</ul>
<h2>Recent</h2>
<ul>
{{ range first 50 .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}
</ul>
{{ end }}
""",
}


def write_hugo_page(hcontent, p, w, tags):
    body = w.lines
    if p.fm:
        end = body.index("---", 1)
        body = body[end + 1:]
    fm = ["---", "title: " + json.dumps(p.title, ensure_ascii=False), "date: " + p.date]
    if tags:
        fm.append("tags: [" + ", ".join(json.dumps(t, ensure_ascii=False) for t in tags) + "]")
    fm.append("---")
    name = "_index.md" if p.path == "index.md" else p.path
    with open(os.path.join(hcontent, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(fm + body) + "\n")


def write_hugo_site(hugo, corpus):
    with open(os.path.join(hugo, "hugo.toml"), "w", encoding="utf-8") as f:
        f.write(HUGO_TOML)
    for rel, text in HUGO_LAYOUTS.items():
        fn = os.path.join(hugo, "layouts", rel)
        os.makedirs(os.path.dirname(fn), exist_ok=True)
        with open(fn, "w", encoding="utf-8") as f:
            f.write(text)
    # every folder becomes a Hugo section with a list page, like studywiki's folder pages
    dirs = set()
    for p in corpus.plans:
        d = p.dir
        while d:
            dirs.add(d)
            d = d.rpartition("/")[0]
    for d in sorted(dirs):
        with open(os.path.join(hugo, "content", d, "_index.md"), "w", encoding="utf-8") as f:
            f.write("---\ntitle: %s\n---\n" % json.dumps(d.rsplit("/", 1)[-1], ensure_ascii=False))


# ---------------------------------------------------------------------------
def prepare_dir(path, force, what):
    if os.path.exists(path):
        if os.listdir(path):
            if not force:
                sys.exit("gen_corpus.py: %s %s exists and is not empty (use --force to replace it)" % (what, path))
            shutil.rmtree(path)
    os.makedirs(path, exist_ok=True)


def write_manifest(fn, manifest):
    """JSON, one link or page per line (readable, diffable, fast to write)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    with open(fn, "w", encoding="utf-8") as f:
        f.write("{\n")
        for k, v in manifest.items():
            if isinstance(v, list):
                f.write('"%s": [\n' % k)
                f.write(",\n".join(dumps(x) for x in v))
                f.write("\n]")
            else:
                f.write('"%s": %s' % (k, dumps(v)))
            f.write(",\n" if k != list(manifest)[-1] else "\n")
        f.write("}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notes", type=int, required=True, help="number of notes to write")
    ap.add_argument("--out", required=True, help="vault folder to create")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--links-out", help="manifest file (default: OUT/../<basename OUT>.links.json)")
    ap.add_argument("--hugo", help="also write the notes as a Hugo site into this folder")
    ap.add_argument("--force", action="store_true", help="replace OUT (and the Hugo folder) if not empty")
    ap.add_argument("--quiet", "-q", action="store_true")
    a = ap.parse_args()
    if a.notes < 1:
        ap.error("--notes must be at least 1")
    out = os.path.abspath(a.out)
    links_out = a.links_out or os.path.join(os.path.dirname(out), os.path.basename(out) + ".links.json")
    hugo = os.path.abspath(a.hugo) if a.hugo else None
    if hugo and (hugo == out or hugo.startswith(out + os.sep) or out.startswith(hugo + os.sep)):
        ap.error("--hugo must not be inside --out or contain it")
    prepare_dir(out, a.force, "vault")
    if hugo:
        prepare_dir(hugo, a.force, "Hugo folder")
    t0 = time.time()
    corpus = Corpus(a.notes, a.seed)
    links, pages, total_bytes, _ = write_vault(corpus, out, hugo)
    links.sort(key=lambda r: (r["source"], r["line"], r["col"]))
    kinds = {}
    for r in links:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    n_broken = sum(1 for r in links if r["broken"])
    folders = {p.dir for p in corpus.plans}
    stats = {
        "notes": len(pages),
        "folders": len(folders),
        "bytes": total_bytes,
        "avg_note_bytes": round(total_bytes / max(1, len(pages))),
        "links": len(links),
        "broken_links": n_broken,
        "links_by_kind": dict(sorted(kinds.items())),
        "front_matter_notes": sum(1 for p in pages if p["front_matter"]),
        "chinese_notes": sum(1 for p in pages if p["lang"] == "zh"),
        "distinct_tags": len({t for p in pages for t in p["tags"]}),
    }
    manifest = {
        "generator": "bench/gen_corpus.py",
        "version": GEN_VERSION,
        "seed": a.seed,
        "notes": a.notes,
        "vault": os.path.basename(out),
        "conventions": "paths relative to the vault; line and col 1-based, col in Unicode code points, "
                       "pointing at the link's first character ('[' ); target_path is the note the link "
                       "must resolve to (null when broken); heading is the [[T#Heading]] part",
        "stats": stats,
        "links": [{k: r[k] for k in ("source", "line", "col", "kind", "raw", "target", "heading", "target_path",
                                     "broken")} for r in links],
        "pages": pages,
    }
    write_manifest(links_out, manifest)
    if not a.quiet:
        print("gen_corpus: %d notes in %d folders, %.1f MB (avg %.1f KB), %d links (%d broken), %.1f s -> %s%s"
              % (len(pages), len(folders), total_bytes / 1e6, total_bytes / len(pages) / 1000, len(links), n_broken,
                 time.time() - t0, out, (" + Hugo site " + hugo) if hugo else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
