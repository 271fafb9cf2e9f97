// The search engine (templates/assets/search.js) on indexes the real binary builds.
// Usage: node tests/search/engine.test.mjs path/to/studywiki   (exit status 1 on any failure)
// Builds tests/search/fixture, tests/search/bm25 and the demo wiki into a temp folder, loads their
// search files into a Node vm context with a fake <script> loader, and checks scores computed by
// hand, Chinese, mixed, full-width, prefix and typo queries, filters, and shard routing (the same
// vectors as tests/unit/search/index_test.cpp).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const repo = here('../../');
const binary = process.argv[2];
if (!binary) {
  console.error('usage: node tests/search/engine.test.mjs path/to/studywiki');
  process.exit(2);
}

let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; return; }
  failed++;
  console.log(`FAIL ${name}${detail !== undefined ? '\n  ' + (typeof detail === 'string' ? detail : JSON.stringify(detail)) : ''}`);
}

const work = mkdtempSync(join(tmpdir(), 'studywiki-search-'));
function build(args, out) {
  execFileSync(binary, ['build', ...args, '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out + '/';
}

/** A fresh page: a vm context with the tokenizer and the engine, and a <script> loader that reads files. */
export function page(root) {
  const context = { console, Promise, setTimeout, Math, JSON, Date };
  context.window = context;
  context.performance = {
    now: () => performance.now(),
    getEntriesByName: (url) => [{ encodedBodySize: statSync(url.replace(/\?.*/, '')).size }],
  };
  context.document = {
    querySelector: () => null,
    createElement: () => ({}),
    head: {
      appendChild(script) {
        setTimeout(() => {
          let code;
          // A file:// browser drops the query (?v=, the file's group hash) when it reads the file.
          try { code = readFileSync(script.src.replace(/\?.*/, ''), 'utf8'); } catch (e) { script.onerror(); return; }
          vm.runInContext(code, context, { filename: script.src });
          script.onload();
        }, 0);
      },
    },
  };
  vm.createContext(context);
  for (const f of ['search-tokenizer.js', 'search.js'])
    vm.runInContext(readFileSync(join(repo, 'templates/assets', f), 'utf8'), context, { filename: f });
  context.StudywikiSearch.load(root).catch(() => {});
  return context.StudywikiSearch;
}

const urls = (r) => r.results.map((x) => x.url + (x.anchor ? '#' + x.anchor : ''));

try {
  // ---- routing: the same vectors as the C++ unit test --------------------------------------
  {
    const S = page('/nonexistent/');
    check('fnv1a32("")', S._fnv1a32('') === 2166136261);
    check('fnv1a32("re")', S._fnv1a32('re') === 1481930064);
    check('fnv1a32("持久")', S._fnv1a32('持久') === 3234614532);
    check('fnv1a32("持")', S._fnv1a32('持') === 1692795402);
    check('fnv1a32("#3")', S._fnv1a32('#3') === 113800947);
    check('route', S._route('redis') === 're' && S._route('r') === 'r' && S._route('持久') === '持久' &&
          S._route('#12') === '#12' && S._route('ßeta') === 'ße' && S._route('𠀀𠀁x') === '𠀀𠀁');
    check('shard of redis % 64', S._fnv1a32(S._route('rewrite')) % 64 === 16);
    check('shard of 持久 % 64', S._fnv1a32(S._route('持久')) % 64 === 4);
    check('route of a name term', S._route('=redis持久化') === 're' && S._route('=斐波那契数列') === '斐波' &&
          S._route('=c') === 'c');
    check('shard of =redis持久化 % 64', S._fnv1a32(S._route('=redis持久化')) % 64 === 16);
    check('shard of =持久化 % 64', S._fnv1a32(S._route('=持久化')) % 64 === 4);
    check('name keys', S._nameKey('Redis 持久化') === 'redis持久化' && S._nameKey('REDIS·持久化！') === 'redis持久化' &&
          S._nameKey('ＭｙＳＱＬ 索引') === 'mysql索引' && S._nameKey('getHTTPResponse') === 'gethttpresponse' &&
          S._nameKey('LeetCode 题解 - 排序') === 'leetcode题解排序' && S._nameKey('—— · ——') === '',
          ['Redis 持久化', 'getHTTPResponse', 'LeetCode 题解 - 排序'].map((t) => S._nameKey(t)));
  }

  // ---- every term of the demo wiki sits in the shard the page computes ----------------------
  {
    const out = build(['--site', repo], join(work, 'demo'));
    const S = page(out);
    await S.load(out);
    const dir = join(out, 'search');
    const entry = {};
    vm.runInNewContext(readFileSync(join(dir, 'index.js'), 'utf8'), { StudywikiSearch: { _entry: (e) => Object.assign(entry, e) } });
    check('demo wiki has several shards', entry.shards > 1, entry.shards);
    let bad = [];
    for (const f of readdirSync(dir).filter((n) => n.startsWith('t-'))) {
      vm.runInNewContext(readFileSync(join(dir, f), 'utf8'), {
        StudywikiSearch: { _shard: (i, terms) => {
          for (const t of Object.keys(terms)) if (S._fnv1a32(S._route(t)) % entry.shards !== i) bad.push(t);
          check(`${f} is named for shard ${i}`, f === `t-${i}.js`);
        } },
      });
    }
    check('every term is in its routed shard', bad.length === 0, bad.slice(0, 10));
    const r = await S.query('持久化');
    check('demo: 持久化 finds the Redis persistence note first', r.results[0]?.url === '数据库/redis/redis-持久化.html', urls(r));
    // Every note's title, as a query, gives that note's first section first (before this rule, 27
    // of the demo's notes came first with another section: "Docker" gave Docker › 常用命令).
    const notes = [];
    for (const f of readdirSync(dir).filter((n) => n.startsWith('d-')))
      vm.runInNewContext(readFileSync(join(dir, f), 'utf8'), { StudywikiSearch: { _data: (j, list) => notes.push(...list) } });
    const keys = {};
    for (const n of notes) keys[S._nameKey(n.t)] = (keys[S._nameKey(n.t)] || 0) + 1;
    const wrong = [];
    for (const n of notes) {
      if (keys[S._nameKey(n.t)] > 1) continue;
      const first = n.s.length > 1 && !n.s[0][1] && !n.s[0][2] ? n.s[1][0] : '';
      const q = await S.query(n.t);
      if (q.results[0]?.url !== n.u || q.results[0]?.anchor !== first) wrong.push(`${n.t} -> ${urls(q)[0]}`);
    }
    check('demo: a note\'s title finds its first section first', notes.length >= 30 && wrong.length === 0,
          [notes.length, wrong.slice(0, 8)]);
    const docker = await S.query('docker');
    check('demo: docker -> the Docker note, its first section', urls(docker)[0] === '容器/docker.html', urls(docker));
  }

  // ---- BM25F on a 3-document corpus, by hand ----------------------------------------------
  {
    const out = build(['--source', here('./bm25/content')], join(work, 'bm25'));
    const S = page(out);
    const r = await S.query('apple');
    // Sections: one.md title "apple" body "apple banana"; two.md title "banana" body "cherry cherry
    // cherry"; three.md title "cherry pie" body "apple". D = 3, avg title = 4/3, avg body = 2,
    // each rounded to the nearest power of 2^(1/8) (search/index.h SCORING): 2^(3/8) = 1.2968, 2.
    // weights title 8, body 1; b title 0.5, body 0.75; k1 = 1.2; impacts quantized to 1/10.
    const avgTitle = Math.pow(2, 3 / 8);
    const idf = Math.log(1 + (3 - 2 + 0.5) / (2 + 0.5));
    const one = Math.round((8 / (0.5 + 0.5 * 1 / avgTitle) + 1 / (0.25 + 0.75 * 2 / 2)) * 10) / 10;  // 10.0
    const three = Math.round((1 / (0.25 + 0.75 * 1 / 2)) * 10) / 10;                                 // 1.6
    check('bm25: impacts by hand', one === 10.0 && three === 1.6, [one, three]);
    // Then the phrase bonus: x1.3 when the query (letters and digits, NFKC, lowercase) is in the
    // title or heading, x1.15 when it is in the section's text.
    const expected = [1.3 * idf * one / (1.2 + one), 1.15 * idf * three / (1.2 + three)];
    check('bm25: order', JSON.stringify(urls(r)) === JSON.stringify(['one.html', 'three.html']), urls(r));
    check('bm25: scores', r.results.length === 2 && Math.abs(r.results[0].score - expected[0]) < 1e-12 &&
          Math.abs(r.results[1].score - expected[1]) < 1e-12, [r.results.map((x) => x.score), expected]);
    const c = await S.query('cherry');
    // two.md: body tf 3, len 3: 3 / (0.25 + 0.75 * 3 / 2) = 2.2222 -> 2.2; three.md: title tf 1, len 2:
    // 8 / (0.5 + 0.5 * 2 / 1.2968) = 8 / 1.2711 = 6.29 -> 6.3. df = 2.
    const e2 = [1.3 * idf * 6.3 / (1.2 + 6.3), 1.15 * idf * 2.2 / (1.2 + 2.2)];
    check('bm25: title beats a body repeated', JSON.stringify(urls(c)) === JSON.stringify(['three.html', 'two.html']) &&
          Math.abs(c.results[0].score - e2[0]) < 1e-12 && Math.abs(c.results[1].score - e2[1]) < 1e-12,
          [urls(c), c.results.map((x) => x.score), e2]);
    const both = await S.query('apple banana');
    check('bm25: all terms first', urls(both)[0] === 'one.html', urls(both));
    // one.md: apple 10.0 (above) + banana in the body: 1 / (0.25 + 0.75 * 2 / 2) = 1.0, df 2; the
    // phrase "applebanana" is in its text (x1.15).
    const e3 = 1.15 * (idf * 10.0 / (1.2 + 10.0) + idf * 1.0 / (1.2 + 1.0));
    check('bm25: two terms summed', Math.abs(both.results[0].score - e3) < 1e-12, [both.results[0].score, e3]);
  }

  // ---- the fixture site ----------------------------------------------------------------------
  {
    const out = build(['--source', here('./fixture/content')], join(work, 'fixture'));
    const S = page(out);
    let r = await S.query('持久化');
    check('持久化 -> the Redis persistence note first', urls(r)[0]?.startsWith('数据库/redis-持久化.html'), urls(r));
    check('持久化 also finds Kafka 持久化', urls(r).includes('消息队列/kafka.html#持久化'), urls(r));
    check('terms of 持久化', JSON.stringify(r.terms) === JSON.stringify(['持久', '久化']), r.terms);
    const first = r.results[0];
    check('title_hits mark 持久化', JSON.stringify(first.title_hits) === JSON.stringify([[6, 9]]), first.title_hits);
    check('snippet segments join to text', first.snippet.map((s) => s.text).join('').length > 0 &&
          first.snippet.some((s) => s.hit), first.snippet);

    r = await S.query('MySQL 索引');
    check('MySQL 索引 -> the MySQL index note', urls(r)[0]?.startsWith('数据库/mysql-索引.html'), urls(r));
    r = await S.query('Redis持久化');
    check('Redis持久化 (glued) -> Redis note', urls(r)[0]?.startsWith('数据库/redis-持久化.html'), urls(r));
    r = await S.query('ＩＤ');
    check('ＩＤ (full-width) finds Session ID', urls(r)[0] === '网络/session.html', urls(r));
    check('ＩＤ highlighted in the snippet', r.results[0]?.snippet.some((s) => s.hit && s.text === 'ID'), r.results[0]?.snippet);
    r = await S.query('redi');
    check('prefix redi finds Redis', urls(r)[0]?.startsWith('数据库/redis-持久化.html'), urls(r));
    r = await S.query('redi ');
    check('no prefix after a space', r.results.length === 0, urls(r));
    r = await S.query('kafak');
    check('typo kafak finds Kafka', urls(r)[0]?.startsWith('消息队列/kafka.html'), urls(r));
    r = await S.query('会话');
    check('会话 -> 会话管理', urls(r)[0] === '网络/session.html', urls(r));
    r = await S.query('缓');
    check('one character 缓', urls(r).includes('数据库/缓存问题.html'), urls(r));

    r = await S.query('持久化', { tags: ['mq'] });
    check('tag filter mq', JSON.stringify(urls(r)) === JSON.stringify(['消息队列/kafka.html#持久化']), urls(r));
    r = await S.query('mysql', { tags: ['db'] });
    check('nested tag filter db matches db/mysql and db/redis', urls(r).length >= 2 &&
          urls(r).every((u) => u.startsWith('数据库/')), urls(r));
    r = await S.query('持久化', { folders: ['消息队列'] });
    check('folder filter', urls(r).length === 1 && urls(r)[0].startsWith('消息队列/'), urls(r));
    r = await S.query('持久化', { folders: ['消息队列', '数据库'], tags: ['db/redis'] });
    check('filters: OR within a kind, AND across', urls(r).length > 0 && urls(r).every((u) => u.startsWith('数据库/redis')), urls(r));
    check('results carry tags and folder', r.results[0].tags.includes('db/redis') && r.results[0].folder === '数据库', r.results[0]);

    // The note a query names comes first, with its first section: by title (Cookie was second,
    // behind Session 与 Cookie › Cookie) or by an alias (Session: 会话管理), even from a lower tier
    // (消息中间件: Kafka has only 消息) or matching nothing in that section (RDB 与 AOF).
    r = await S.query('cookie');
    check('cookie names 网络/Cookie: first', urls(r)[0] === '网络/cookie.html', urls(r));
    check('cookie: the rest as ranked', urls(r)[1] === '网络/session-与-cookie.html#cookie' && r.total === 8, [urls(r), r.total]);
    r = await S.query('  COOKIE！');
    check('the name compares as the tokenizer folds it', urls(r)[0] === '网络/cookie.html', urls(r));
    r = await S.query('cookie', { limit: 1 });
    check('the named note within the limit', JSON.stringify(urls(r)) === JSON.stringify(['网络/cookie.html']), urls(r));
    r = await S.query('coo');
    check('a prefix names nothing', urls(r)[0] !== '网络/cookie.html' && urls(r).includes('网络/cookie.html'), urls(r));
    r = await S.query('session');
    check('session names 会话管理 by its alias', urls(r)[0] === '网络/session.html' && r.results[0].title === '会话管理', urls(r));
    r = await S.query('消息中间件');
    check('an alias beats a higher tier', urls(r)[0] === '消息队列/kafka.html' && urls(r)[1] === '消息队列/消息中间件选型.html', urls(r));
    r = await S.query('RDB 与 AOF');
    check('a named section that matches nothing still comes first', urls(r)[0] === '数据库/redis-持久化.html' &&
          r.total === 8 && r.results[0].snippet.map((x) => x.text).join('').startsWith('Redis 数据在内存里'), [urls(r), r.total]);
    r = await S.query('Redis 持久化');
    check('Redis 持久化 -> its first section, not AOF', urls(r)[0] === '数据库/redis-持久化.html', urls(r));
    // 消息队列/README.md opens with `# 说明` (a section, kept): the folder's name, its first section.
    r = await S.query('消息队列');
    check('a folder\'s README that uses # for sections goes by the folder\'s name', urls(r)[0] === '消息队列/index.html#说明' &&
          r.results[0].title === '消息队列', [urls(r), r.results[0]?.title]);
    r = await S.query('cookie', { folders: ['数据库'] });
    check('filters hold for a named note', !urls(r).includes('网络/cookie.html'), urls(r));
    r = await S.query('cookie', { tags: ['mq'] });
    check('tag filter holds for a named note', r.results.length === 0, urls(r));

    const loaded = S.loaded();
    check('loaded() lists files with sizes', loaded.length >= 3 && loaded[0].file === 'search/index.js' &&
          loaded.every((f) => f.bytes > 0), loaded);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
