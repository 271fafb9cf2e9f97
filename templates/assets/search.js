/* studywiki search engine: loads the index the build writes under search/ (generator/src/search/index.h
   documents the files) with <script> tags, so it works from file://, and ranks heading sections with
   BM25F. Terms come from search-tokenizer.js (the same rule as the index). Plain ES5 + Promise and
   typed arrays. API (README "Search"): load(root), query(text, options), terms(text), loaded().
   Ranking: the query becomes slots — each word (a camelCase word whole), each CJK bigram (a run of
   one CJK character: its unigram). A section's score is the sum over the slots it matches of
   idf * tf / (k1 + tf), tf = the index's impact (BM25F's weighted, length-normalized frequency).
   The last word, when typing has not moved past it, also matches the words it begins (up to 12,
   x0.8); when fewer than 5 sections match every slot, words of 5+ letters also match words one edit
   away in the same shard (insertion, deletion, substitution, transposition; up to 8, x0.6); a
   slot's idf is that of its most common term. Sections whose matched slots cover more of the
   query's positions (words, CJK characters) come first; one section of a note before the rest of
   its tier (the results are sections; the first five name five notes when they can). Among the results returned, x1.3 when the query's
   letters and digits appear together in the title or heading, x1.15 in the section text. CJK
   bigrams that match nothing fall back to their characters. Last, the notes the query names — its
   NAME KEY (whole words and CJK characters as the tokenizer gives them, concatenated) is that of
   the note's title or of one of its aliases (the index's "=<key>" terms) — come first with their
   first section, titles before aliases, whatever the tiers, scores and caps said. */
(function () {
  "use strict";
  var NS = window.StudywikiSearch = window.StudywikiSearch || {};
  var ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", DIGIT = [], i;
  for (i = 0; i < 128; i++) DIGIT.push(-1);
  for (i = 0; i < 64; i++) DIGIT[ALPHA.charCodeAt(i)] = i;
  var PREFIX_FACTOR = 0.8, TYPO_FACTOR = 0.6, MAX_EXPAND = 12, MAX_TYPO = 8, FEW = 5, PER_NOTE = 1, MAX_SLOTS = 24;

  var root = null, entry = null, entryPromise = null, scripts = {}, shards = {}, notes = {}, decoded = {};
  var loadLog = [], payload = null;

  function now() { return typeof performance !== "undefined" && performance.now ? performance.now() : Date.now(); }
  function tokenizer() { return window.studywikiSearchTokenizer || NS.tokenizer; }

  /* FNV-1a 32 over the UTF-8 bytes of a string. */
  function fnv1a32(s) {
    var h = 0x811c9dc5, k, c, bytes;
    function add(b) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; }
    for (k = 0; k < s.length; k++) {
      c = s.charCodeAt(k);
      if (c >= 0xD800 && c <= 0xDBFF && k + 1 < s.length) {
        var d = s.charCodeAt(k + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00); k++; }
      }
      if (c < 0x80) bytes = [c];
      else if (c < 0x800) bytes = [0xC0 | (c >> 6), 0x80 | (c & 63)];
      else if (c < 0x10000) bytes = [0xE0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
      else bytes = [0xF0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
      for (var b = 0; b < bytes.length; b++) add(bytes[b]);
    }
    return h >>> 0;
  }
  /* The first two code points of a term ("#<i>" tag terms whole; of a "=<key>" name term, its key's). */
  function route(term) {
    if (term.charAt(0) === "#") return term;
    var start = term.charAt(0) === "=" ? 1 : 0, n = 0, k = start;
    while (k < term.length && n < 2) {
      var c = term.charCodeAt(k);
      k += c >= 0xD800 && c <= 0xDBFF && k + 1 < term.length ? 2 : 1;
      n++;
    }
    return term.slice(start, k);
  }
  /* NAME KEY (index.h): the terms of the whole words (not the camelCase parts that follow one) and
     the CJK unigrams, concatenated. */
  function nameKey(text) {
    var toks = tokenizer().tokenize(String(text || "")), key = "", wordEnd = -1;
    for (var k = 0; k < toks.length; k++) {
      var t = toks[k];
      if (t.kind === 0) {
        if (t.end <= wordEnd) continue;
        wordEnd = t.end;
        key += t.term;
      } else if (t.kind === 1) key += t.term;
    }
    return key;
  }
  function shardOf(term) { return entry.shards <= 1 ? 0 : fnv1a32(route(term)) % entry.shards; }
  function codePoints(s) { var n = 0; for (var k = 0; k < s.length; k++) { var c = s.charCodeAt(k); if (c < 0xDC00 || c > 0xDFFF) n++; } return n; }

  function utf8Length(s) {
    var n = 0;
    for (var k = 0; k < s.length; k++) {
      var c = s.charCodeAt(k);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : (c >= 0xD800 && c <= 0xDBFF) ? 2 : (c >= 0xDC00 && c <= 0xDFFF) ? 2 : 3;
    }
    return n;
  }

  /* ---- loading ---------------------------------------------------------------------------- */
  function loadScript(file, version) {
    if (scripts[file]) return scripts[file];
    var url = root + "search/" + file + (version ? "?v=" + version : "");
    scripts[file] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.async = true;
      s.onload = function () {
        var bytes = -1, p = payload;
        payload = null;
        try {
          var e = performance.getEntriesByName(s.src);
          if (e && e.length) bytes = e[e.length - 1].encodedBodySize || e[e.length - 1].decodedBodySize || -1;
        } catch (err) { /* no resource timing */ }
        if (bytes <= 0 && p !== null) bytes = utf8Length(JSON.stringify(p)) + 32;  /* approximate */
        loadLog.push({ file: "search/" + file, bytes: bytes });
        resolve();
      };
      s.onerror = function () {
        delete scripts[file];
        reject(new Error("studywiki search: cannot load " + url));
      };
      (document.head || document.documentElement).appendChild(s);
    });
    return scripts[file];
  }
  /* Names stay when a file changes; its group's hash in the query keeps a cached old copy from being used. */
  function loadShard(k) { return loadScript("t-" + k + ".js", entry.shard_hashes[Math.floor(k / entry.shard_group)]); }
  function loadData(j) { return loadScript("d-" + j + ".js", entry.data_hashes[Math.floor(j / entry.data_group)]); }
  function loadShards(list) {
    var need = [];
    for (var k = 0; k < list.length; k++) if (!shards[list[k]]) need.push(loadShard(list[k]));
    return Promise.all(need);
  }
  function loadNotes(list) {
    var need = [], seen = {};
    for (var k = 0; k < list.length; k++) {
      var j = Math.floor(list[k] / entry.notes_per_data);
      if (!notes[list[k]] && !seen[j]) { seen[j] = 1; need.push(loadData(j)); }
    }
    return Promise.all(need);
  }

  NS._entry = function (e) { payload = e; entry = e; };
  NS._shard = function (k, terms) { payload = terms; shards[k] = terms; };
  NS._data = function (j, list) {
    payload = list;
    for (var k = 0; k < list.length; k++) notes[j * entry.notes_per_data + k] = list[k];
  };

  NS.load = function (r) {
    if (entryPromise) return entryPromise;
    if (r === undefined || r === null) {
      var meta = document.querySelector ? document.querySelector('meta[name="studywiki-root"]') : null;
      r = meta ? meta.getAttribute("content") || "" : "";
    }
    root = r;
    entryPromise = loadScript("index.js").then(function () {
      if (!entry) throw new Error("studywiki search: no index");
    }, function (err) { entryPromise = null; throw err; });
    return entryPromise;
  };

  /* ---- postings ---------------------------------------------------------------------------- */
  /* A term's postings: {n: notes, s: sections, q: impacts, df}. See index.h POSTINGS. */
  function postings(term) {
    if (decoded.hasOwnProperty(term)) return decoded[term];
    var shard = shards[shardOf(term)], v = shard && shard.hasOwnProperty(term) ? shard[term] : null, out = null;
    if (v !== null) {
      var str = typeof v === "string" ? v : v[1], max = str.length >> 1, n = new Int32Array(max),
          s = new Int32Array(max), q = new Float64Array(max), pos = 0, note = 0, count = 0, value, mul, d, sec;
      while (pos < str.length) {
        for (value = 0, mul = 1; ; mul *= 32) { d = DIGIT[str.charCodeAt(pos++)]; if (d < 32) { value += d * mul; break; } value += (d - 32) * mul; }
        note += Math.floor(value / 8);
        sec = value % 8;
        if (sec === 7) for (sec = 0, mul = 1; ; mul *= 32) { d = DIGIT[str.charCodeAt(pos++)]; if (d < 32) { sec += d * mul; break; } sec += (d - 32) * mul; }
        for (value = 0, mul = 1; ; mul *= 32) { d = DIGIT[str.charCodeAt(pos++)]; if (d < 32) { value += d * mul; break; } value += (d - 32) * mul; }
        n[count] = note; s[count] = sec; q[count] = value; count++;
      }
      out = { n: n.subarray(0, count), s: s.subarray(0, count), q: q.subarray(0, count),
              df: typeof v === "string" ? count : v[0] };
    }
    decoded[term] = out;
    return out;
  }
  /* Notes listed by a tag term "#<i>" or a name term "=<key>" (varint note gaps), as a set. */
  function tagNotes(t) { return noteSet("#" + t); }
  function noteSet(term) {
    var shard = shards[shardOf(term)] || {}, v = shard.hasOwnProperty(term) ? shard[term] : null, out = {},
        pos = 0, note = 0;
    if (typeof v !== "string") return out;
    while (pos < v.length) {
      var value = 0, mul = 1, d;
      for (;;) {
        d = DIGIT[v.charCodeAt(pos++)];
        if (d < 32) { value += d * mul; break; }
        value += (d - 32) * mul; mul *= 32;
      }
      note += value;
      out[note] = 1;
    }
    return out;
  }
  function idf(df) { var D = entry.doc_count; return Math.log(1 + (D - df + 0.5) / (df + 0.5)); }

  /* ---- query analysis ---------------------------------------------------------------------- */
  /* Slots: one per query word or CJK bigram (a one-character CJK run: its unigram). A document
     matches a slot when it has one of the slot's terms (the word itself, then prefix or typo
     expansions). */
  function analyze(text) {
    var toks = tokenizer().tokenize(String(text || "")), slots = [], seen = {}, lastWordEnd = -1, k;
    function add(term, kind, tok) {
      var cover = (kind === 2 ? 3 : 1) * Math.pow(2, Math.min(tok.position, 29));
      if (seen.hasOwnProperty(term)) { seen[term].cover |= cover; return; }
      if (slots.length >= MAX_SLOTS) return;
      seen[term] = { term: term, kind: kind, start: tok.start, end: tok.end, pos: tok.position, cover: cover,
                     terms: [{ term: term, f: 1 }] };
      slots.push(seen[term]);
    }
    for (k = 0; k < toks.length; k++) {
      var t = toks[k];
      if (t.kind === 0) {
        if (t.end <= lastWordEnd) continue;  /* a camelCase part of the whole word just added */
        lastWordEnd = t.end;
        add(t.term, 0, t);
      } else if (t.kind === 2) {
        add(t.term, 2, t);
      } else {
        var bigram = (k + 1 < toks.length && toks[k + 1].kind === 2) || (k > 0 && toks[k - 1].kind === 2 &&
                      toks[k - 1].end > t.start);
        if (!bigram) add(t.term, 1, t);
      }
    }
    var last = slots.length ? slots[slots.length - 1] : null;
    if (last && last.kind === 0 && last.end === String(text).length && codePoints(last.term) >= 2) last.prefix = true;
    return slots;
  }
  NS.terms = function (text) {
    var slots = analyze(text), out = [];
    for (var k = 0; k < slots.length; k++) out.push(slots[k].term);
    return out;
  };

  /* Optimal string alignment distance, stopping above 1. */
  function withinOneEdit(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1 || a === b) return false;
    var i = 0;
    while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;  /* substitution */
      return i + 1 < la && a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) &&
             a.slice(i + 2) === b.slice(i + 2);            /* transposition */
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  function popularity(v) { return typeof v === "string" ? v.length : v[1].length * 4; }
  function expand(slot, typo) {
    var shard = shards[shardOf(slot.term)] || {}, cands = [], key, have = {};
    for (var k = 0; k < slot.terms.length; k++) have[slot.terms[k].term] = 1;
    for (key in shard) {
      if (!shard.hasOwnProperty(key) || have[key] || key.charAt(0) === "#" || key.charAt(0) === "=") continue;
      if (typo ? withinOneEdit(slot.term, key) : key.lastIndexOf(slot.term, 0) === 0)
        cands.push({ term: key, p: popularity(shard[key]) });
    }
    cands.sort(function (a, b) { return b.p - a.p || (a.term < b.term ? -1 : 1); });
    for (k = 0; k < cands.length && k < (typo ? MAX_TYPO : MAX_EXPAND); k++)
      slot.terms.push({ term: cands[k].term, f: typo ? TYPO_FACTOR : PREFIX_FACTOR, typo: typo });
  }

  /* ---- scoring ----------------------------------------------------------------------------- */
  /* Keys: note * 65536 + section; every posting list is sorted by key, so slots and sections are
     combined by merging sorted arrays (no hash maps). */
  var KEY = 65536;
  /* One slot's sections: sorted keys, the slot's score there (the best of its terms) and which term. */
  function slotList(slot, allowed) {
    var k1 = entry.k1, S = entry.scale, lists = [], ti, k, df = 0;
    /* One idf for the whole slot, its most common term's: a rare expansion ("redisson" for
       "redis") must not outweigh the word itself. */
    for (ti = 0; ti < slot.terms.length; ti++) { var pd = postings(slot.terms[ti].term); if (pd && pd.df > df) df = pd.df; }
    for (ti = 0; ti < slot.terms.length; ti++) {
      var p = postings(slot.terms[ti].term);
      if (!p) continue;
      var w = idf(df) * slot.terms[ti].f, m = p.n.length, keys = new Float64Array(m), vals = new Float64Array(m),
          c = 0;
      for (k = 0; k < m; k++) {
        if (allowed && !allowed(p.n[k])) continue;
        var tf = p.q[k] / S;
        keys[c] = p.n[k] * KEY + p.s[k];
        vals[c++] = w * tf / (k1 + tf);
      }
      lists.push({ k: keys.subarray(0, c), v: vals.subarray(0, c), t: new Int32Array(c).fill(ti) });
    }
    while (lists.length > 1) {  /* pairwise, keeping the better value of a section */
      var next = [];
      for (k = 0; k + 1 < lists.length; k += 2) next.push(mergeMax(lists[k], lists[k + 1]));
      if (lists.length % 2) next.push(lists[lists.length - 1]);
      lists = next;
    }
    return lists.length ? lists[0] : { k: new Float64Array(0), v: new Float64Array(0), t: new Int32Array(0) };
  }
  function mergeMax(a, b) {
    var n = a.k.length + b.k.length, k = new Float64Array(n), v = new Float64Array(n), t = new Int32Array(n),
        i = 0, j = 0, c = 0;
    while (i < a.k.length || j < b.k.length) {
      if (j >= b.k.length || (i < a.k.length && a.k[i] < b.k[j])) { k[c] = a.k[i]; v[c] = a.v[i]; t[c++] = a.t[i++]; }
      else if (i >= a.k.length || b.k[j] < a.k[i]) { k[c] = b.k[j]; v[c] = b.v[j]; t[c++] = b.t[j++]; }
      else {
        k[c] = a.k[i];
        if (a.v[i] >= b.v[j]) { v[c] = a.v[i]; t[c] = a.t[i]; } else { v[c] = b.v[j]; t[c] = b.t[j]; }
        c++; i++; j++;
      }
    }
    return { k: k.subarray(0, c), v: v.subarray(0, c), t: t.subarray(0, c) };
  }
  /* All matching sections: keys, summed scores, the slots matched as a bit mask (sorted merges). */
  function mergeSum(a, b) {
    var na = a.keys.length, nb = b.keys.length, n = na + nb, keys = new Float64Array(n), scores = new Float64Array(n),
        matched = new Int32Array(n), i = 0, j = 0, c = 0, ka, kb;
    while (i < na && j < nb) {
      ka = a.keys[i]; kb = b.keys[j];
      if (ka < kb) { keys[c] = ka; scores[c] = a.scores[i]; matched[c++] = a.matched[i++]; }
      else if (kb < ka) { keys[c] = kb; scores[c] = b.scores[j]; matched[c++] = b.matched[j++]; }
      else { keys[c] = ka; scores[c] = a.scores[i] + b.scores[j]; matched[c++] = a.matched[i++] | b.matched[j++]; }
    }
    for (; i < na; i++) { keys[c] = a.keys[i]; scores[c] = a.scores[i]; matched[c++] = a.matched[i]; }
    for (; j < nb; j++) { keys[c] = b.keys[j]; scores[c] = b.scores[j]; matched[c++] = b.matched[j]; }
    return { keys: keys.subarray(0, c), scores: scores.subarray(0, c), matched: matched.subarray(0, c) };
  }
  function score(slots, allowed) {
    var lists = [], parts = [], si;
    for (si = 0; si < slots.length; si++) {
      var L = slotList(slots[si], allowed);
      lists.push(L);
      parts.push({ keys: L.k, scores: L.v, matched: new Int32Array(L.k.length).fill(1 << si) });
    }
    while (parts.length > 1) {
      var next = [];
      for (var k = 0; k + 1 < parts.length; k += 2) next.push(mergeSum(parts[k], parts[k + 1]));
      if (parts.length % 2) next.push(parts[parts.length - 1]);
      parts = next;
    }
    var r = parts.length ? parts[0] : { keys: new Float64Array(0), scores: new Float64Array(0), matched: new Int32Array(0) };
    /* The tier of a section: how many of the query's positions (words, CJK characters) its matched
       slots cover, so 签名 + 总结 in "签名 总结" covers 签名总结 although the bigram 名总 is missing. */
    var masks = r.matched, tiers = new Int32Array(masks.length), cache = {};
    for (var k2 = 0; k2 < masks.length; k2++) {
      var m = masks[k2], t = cache[m];
      if (t === undefined) {
        var cover = 0;
        for (si = 0; si < slots.length; si++) if (m & (1 << si)) cover |= slots[si].cover;
        for (t = 0; cover; cover &= cover - 1) t++;
        cache[m] = t;
      }
      tiers[k2] = t;
    }
    return { slots: slots, lists: lists, keys: r.keys, scores: r.scores, matched: tiers, masks: masks, length: r.keys.length };
  }
  function better(a, b) {
    return b.matched - a.matched || b.score - a.score || a.note - b.note || a.section - b.section;
  }
  /* The best `count` sections as objects, in order, with the terms they matched. */
  function top(res, count) {
    var chosen = [], tier, k;
    var maxTier = 0;
    for (k = 0; k < res.length; k++) if (res.matched[k] > maxTier) maxTier = res.matched[k];
    for (tier = maxTier; tier > 0 && chosen.length < count; tier--) {
      var idx = [];
      for (k = 0; k < res.length; k++) if (res.matched[k] === tier) idx.push(k);
      if (chosen.length + idx.length > count) {
        /* threshold: the (count - chosen)-th best score of this tier, by a native numeric sort */
        var sc = new Float64Array(idx.length);
        for (k = 0; k < idx.length; k++) sc[k] = res.scores[idx[k]];
        sc.sort();
        var cut = sc[sc.length - (count - chosen.length)], keep = [];
        for (k = 0; k < idx.length; k++) if (res.scores[idx[k]] >= cut) keep.push(idx[k]);
        idx = keep;
      }
      chosen = chosen.concat(idx);
    }
    var out = [];
    for (k = 0; k < chosen.length; k++) out.push(result(res, chosen[k]));
    return out.sort(better);
  }
  /* The i-th matching section as a result, with the terms it matched. */
  function result(res, i) {
    var key = res.keys[i], hits = {};
    for (var si = 0; si < res.lists.length; si++) {
      var L = res.lists[si], lo = 0, hi = L.k.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (L.k[mid] < key) lo = mid + 1; else if (L.k[mid] > key) hi = mid - 1;
        else { hits[res.slots[si].terms[L.t[mid]].term] = 1; break; }
      }
    }
    return { note: Math.floor(key / KEY), section: key % KEY, score: res.scores[i], matched: res.matched[i], hits: hits };
  }
  /* Index of a key among the matching sections, or -1. */
  function find(res, key) {
    var lo = 0, hi = res.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (res.keys[mid] < key) lo = mid + 1; else if (res.keys[mid] > key) hi = mid - 1; else return mid;
    }
    return -1;
  }
  function fullMatches(res) {
    var c = 0;
    var all = (1 << res.slots.length) - 1;
    for (var k = 0; k < res.length; k++) if (res.masks[k] === all) c++;
    return c;
  }
  /* At most PER_NOTE sections of one note before the others of the same tier. */
  function rank(res, limit) {
    var list = top(res, limit * 4 + 20);
    var out = [], rest = [], perNote = {}, tier = list.length ? list[0].matched : 0;
    for (var k = 0; k < list.length; k++) {
      if (list[k].matched !== tier) { out = out.concat(rest); rest = []; tier = list[k].matched; }
      var c = perNote[list[k].note] = (perNote[list[k].note] || 0) + 1;
      (c <= PER_NOTE ? out : rest).push(list[k]);
    }
    return out.concat(rest);
  }

  function filter(options) {
    var tags = options && options.tags, folders = options && options.folders, k, j;
    if ((!tags || !tags.length) && (!folders || !folders.length)) return null;
    var tagSets = null, ranges = null;
    if (tags && tags.length) {
      tagSets = [];
      for (k = 0; k < tags.length; k++)
        for (j = 0; j < entry.tags.length; j++)
          if (entry.tags[j].toLowerCase() === String(tags[k]).toLowerCase()) tagSets.push(tagNotes(j));
    }
    if (folders && folders.length) {
      ranges = [];
      for (k = 0; k < folders.length; k++)
        for (j = 0; j < entry.folders.length; j++)
          if (entry.folders[j] === folders[k]) ranges.push(entry.folder_notes[j]);
    }
    return function (note) {
      var ok, m;
      if (tagSets) {
        for (ok = false, m = 0; m < tagSets.length && !ok; m++) ok = tagSets[m].hasOwnProperty(note);
        if (!ok) return false;
      }
      if (ranges) {
        for (ok = false, m = 0; m < ranges.length && !ok; m++) ok = note >= ranges[m][0] && note < ranges[m][1];
        if (!ok) return false;
      }
      return true;
    };
  }
  function tagShards(options) {
    var out = [], tags = options && options.tags;
    if (!tags) return out;
    for (var k = 0; k < tags.length; k++)
      for (var j = 0; j < entry.tags.length; j++)
        if (entry.tags[j].toLowerCase() === String(tags[k]).toLowerCase()) out.push(shardOf("#" + j));
    return out;
  }

  /* ---- results ----------------------------------------------------------------------------- */
  var reCompact = null;
  try { reCompact = new RegExp("[^\\p{L}\\p{N}]+", "gu"); } catch (e) { reCompact = /[\s!-\/:-@\[-`{-~\u3000-\u303f\uff00-\uff0f]+/g; }
  function compact(s) {
    s = String(s);
    if (s.normalize) s = s.normalize("NFKC");
    return s.toLowerCase().replace(reCompact, "");
  }
  function hitRanges(text, hits) {
    var toks = tokenizer().tokenize(text), out = [];
    for (var k = 0; k < toks.length; k++) {
      if (!hits.hasOwnProperty(toks[k].term)) continue;
      var a = toks[k].start, b = toks[k].end, last = out[out.length - 1];
      if (last && a <= last[1]) { if (b > last[1]) last[1] = b; } else out.push([a, b]);
    }
    return out;
  }
  function safeCut(text, pos) {  /* never between the halves of a surrogate pair */
    var c = text.charCodeAt(pos);
    return pos > 0 && pos < text.length && c >= 0xDC00 && c <= 0xDFFF ? pos + 1 : pos;
  }
  var WINDOW = 100, LEAD = 20;
  function snippet(text, hits) {
    var ranges = hitRanges(text, hits), best = 0, bestCount = -1, k, j;
    for (k = 0; k < ranges.length; k++) {
      var count = 0;
      for (j = k; j < ranges.length && ranges[j][1] <= ranges[k][0] + WINDOW; j++) count += ranges[j][1] - ranges[j][0];
      if (count > bestCount) { bestCount = count; best = k; }
    }
    var start = ranges.length ? Math.max(0, ranges[best][0] - LEAD) : 0, end;
    if (start + WINDOW > text.length) start = Math.max(0, text.length - WINDOW);
    start = safeCut(text, start);
    end = safeCut(text, Math.min(text.length, start + WINDOW));
    var out = [], at = start;
    if (start > 0) out.push({ text: "…", hit: false });
    for (k = 0; k < ranges.length; k++) {
      var a = Math.max(ranges[k][0], start), b = Math.min(ranges[k][1], end);
      if (a >= b) continue;
      if (a > at) out.push({ text: text.slice(at, a), hit: false });
      out.push({ text: text.slice(a, b), hit: true });
      at = b;
    }
    if (at < end) out.push({ text: text.slice(at, end), hit: false });
    if (end < text.length) out.push({ text: "…", hit: false });
    return out;
  }

  /* The phrase bonus of a result (see the top). */
  function bonus(d, phrase) {
    var note = notes[d.note], sec = note.s[d.section] || ["", "", ""];
    if (compact(note.t + " " + sec[1]).indexOf(phrase) >= 0) d.score *= 1.3;
    else if (compact(sec[2]).indexOf(phrase) >= 0) d.score *= 1.15;
  }
  /* The notes the query names (`named`, data loaded), each with its first section (the part before
     the first heading, unless the note opens with a heading), ahead of `ranked`: those it names by
     title, then by alias; then by score. A section no slot matched (its terms cut by CAPS) comes
     with the query's terms as hits. Returns the new order and how many sections were added. */
  function pin(ranked, named, res, key, phrase) {
    var first = [], taken = {}, added = 0, k, j;
    for (k = 0; k < named.length; k++) {
      var n = named[k], note = notes[n];
      if (!note) continue;
      var section = note.s.length > 1 && !note.s[0][1] && !note.s[0][2] ? 1 : 0, d = null;
      for (j = 0; j < ranked.length && !d; j++) if (ranked[j].note === n && ranked[j].section === section) d = ranked[j];
      if (!d) {
        var i = find(res, n * KEY + section);
        if (i >= 0) d = result(res, i);
        else {
          d = { note: n, section: section, score: 0, matched: 0, hits: {} };
          for (j = 0; j < res.slots.length; j++) d.hits[res.slots[j].term] = 1;
          added++;
        }
        if (phrase) bonus(d, phrase);
      }
      d.byTitle = nameKey(note.t) === key ? 1 : 0;
      first.push(d);
      taken[n * KEY + section] = 1;
    }
    first.sort(function (a, b) { return b.byTitle - a.byTitle || b.score - a.score || a.note - b.note; });
    for (k = 0; k < ranked.length; k++) if (!taken[ranked[k].note * KEY + ranked[k].section]) first.push(ranked[k]);
    return { list: first, added: added };
  }

  NS.query = function (text, options) {
    options = options || {};
    var limit = options.limit > 0 ? options.limit : 10, spent = 0, t0, slots, ranked, total, hitTerms = {};
    var key = "", named = [], allowed = null, scored = null;
    return NS.load().then(function () {
      t0 = now();
      slots = analyze(text);
      var need = tagShards(options);
      for (var k = 0; k < slots.length; k++) need.push(shardOf(slots[k].term));
      key = slots.length ? nameKey(text) : "";
      if (key) need.push(shardOf("=" + key));
      spent += now() - t0;
      return loadShards(need);
    }).then(function () {
      t0 = now();
      var k;
      allowed = filter(options);
      for (k = 0; k < slots.length; k++) if (slots[k].prefix) expand(slots[k], false);
      var list = score(slots, allowed);
      if (fullMatches(list) < FEW) {
        var more = false;
        for (k = 0; k < slots.length; k++)
          if (slots[k].kind === 0 && codePoints(slots[k].term) >= 5 && /^[a-z]+$/.test(slots[k].term)) {
            expand(slots[k], true);
            more = true;
          }
        if (more) list = score(slots, allowed);
      }
      /* Only CJK bigrams that match nothing: fall back to their characters. */
      if (!list.length && slots.length) {
        var uni = [], seen = {};
        for (k = 0; k < slots.length; k++) {
          var s = slots[k];
          if (s.kind !== 2) { uni.push(s); continue; }
          for (var c = 0, chars = tokenizer().tokenize(s.term); c < chars.length; c++)
            if (chars[c].kind === 1 && !seen[chars[c].term]) {
              seen[chars[c].term] = 1;
              uni.push({ term: chars[c].term, kind: 1, cover: 1 << Math.min(s.pos + chars[c].position, 29),
                         terms: [{ term: chars[c].term, f: 1 }] });
            }
        }
        if (uni.length !== slots.length) { slots = uni; spent += now() - t0; return loadShards(
          (function () { var n = []; for (var m = 0; m < uni.length; m++) n.push(shardOf(uni[m].term)); return n; })()
        ).then(function () { t0 = now(); return score(slots, allowed); }); }
      }
      return list;
    }).then(function (list) {
      total = list.length;
      scored = list;
      ranked = rank(list, limit).slice(0, limit);
      var wanted = [];
      for (var k = 0; k < ranked.length; k++) wanted.push(ranked[k].note);
      if (key) {
        var set = noteSet("=" + key);
        for (var n in set) if (set.hasOwnProperty(n) && (!allowed || allowed(+n))) named.push(+n);
        wanted = wanted.concat(named);
      }
      spent += now() - t0;
      return loadNotes(wanted);
    }).then(function () {
      t0 = now();
      var phrase = slots.length ? compact(text) : "", results = [], k, m;
      if (phrase) for (k = 0; k < ranked.length; k++) bonus(ranked[k], phrase);
      ranked.sort(better);
      if (named.length) {
        var pinned = pin(ranked, named, scored, key, phrase);
        ranked = pinned.list.slice(0, limit);
        total += pinned.added;
      }
      for (k = 0; k < slots.length; k++) for (m = 0; m < slots[k].terms.length; m++) hitTerms[slots[k].terms[m].term] = 1;
      for (k = 0; k < ranked.length; k++) {
        var r = ranked[k], n = notes[r.note], s = n.s[r.section] || ["", "", ""], tags = [];
        var hits = r.hits;
        for (m = 0; m < n.g.length; m++) tags.push(entry.tags[n.g[m]]);
        results.push({ url: n.u, anchor: s[0], title: n.t, section: s[1], tags: tags,
                       folder: n.f >= 0 ? entry.folders[n.f] : "", score: r.score,
                       title_hits: hitRanges(n.t, hits), snippet: snippet(s[2], hits) });
      }
      spent += now() - t0;
      var terms = [];
      for (k = 0; k < slots.length; k++) terms.push(slots[k].term);
      return { results: results, total: total, terms: terms, ms: spent };
    });
  };

  NS.loaded = function () { return loadLog.slice(); };
  NS._fnv1a32 = fnv1a32;
  NS._route = route;
  NS._nameKey = nameKey;
})();
