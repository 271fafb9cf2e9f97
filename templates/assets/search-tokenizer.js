/* studywiki search tokenizer: the page-side twin of generator/src/search/tokenizer.cpp.
   The rule (chunks, NFKC, classes, camelCase parts, positions, offsets) is documented
   in generator/src/search/tokenizer.h; tests/search/tokenizer_cases.json holds the
   vectors both sides must reproduce exactly. Dependency-free; works from file://.
   tokenize(text) -> [{term, position, kind, byte_start, byte_end, start, end}]
   kind: 0 word, 1 cjk_unigram, 2 cjk_bigram; byte_* are UTF-8 offsets in `text`
   (as on the C++ side), start/end the same span in UTF-16 units (for slice). */
var studywikiSearchTokenizer = (function () {
  "use strict";
  var SEP = 0, WORD = 1, CJK = 2;

  /* Unicode property escapes need an ES2018 engine; built through RegExp so the
     script still parses elsewhere. Without them (or without normalize) tokens
     are approximate and `exact` is false. */
  function re(src) { try { return new RegExp(src, "u"); } catch (e) { return null; } }
  var reLN = re("^[\\p{L}\\p{N}]$"), reMnMc = re("^[\\p{Mn}\\p{Mc}]$"), reM = re("^\\p{M}$"),
      reUpper = re("^[\\p{Lu}\\p{Lt}]$"), reLower = re("^\\p{Ll}$"), reNum = re("^\\p{N}$"),
      reIgnorable = re("^\\p{Default_Ignorable_Code_Point}$");
  var hasNormalize = typeof "".normalize === "function";
  var exact = !!(reLN && reMnMc && reM && reUpper && reLower && reNum && reIgnorable && hasNormalize);

  function fromCp(c) {
    if (c < 0x10000) return String.fromCharCode(c);
    c -= 0x10000;
    return String.fromCharCode(0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
  }
  function utf8Len(c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }
  function test(r, c, fallback) { return r ? r.test(fromCp(c)) : fallback; }

  function isContinuation(c) {
    if (c < 0x300) return false;
    if ((c >= 0x1160 && c <= 0x11FF) || (c >= 0x3131 && c <= 0x318E) || (c >= 0xD7B0 && c <= 0xD7FF) ||
        (c >= 0xFF9E && c <= 0xFFDC)) return true;
    return test(reM, c, c <= 0x36F);
  }
  function isIgnorable(c) {
    return c >= 0x80 && test(reIgnorable, c, c === 0xAD || (c >= 0x200B && c <= 0x200F) ||
                                          (c >= 0xFE00 && c <= 0xFE0F) || c === 0xFEFF);
  }
  function inHan(c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
  }
  function inOtherCjk(c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3130 && c <= 0x318F) ||
           (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
           (c >= 0x1AFF0 && c <= 0x1B16F);
  }
  function isLetterOrNumber(c) {
    /* fallback: any non-ASCII code point outside common punctuation/symbol blocks */
    return test(reLN, c, !(c < 0xC0 || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x3004) ||
                           (c >= 0x3008 && c <= 0x3020) || (c >= 0xFE30 && c <= 0xFE4F) ||
                           (c >= 0xFF00 && c <= 0xFF65) || (c >= 0x1F000 && c <= 0x1FAFF)));
  }
  function classify(c, previous) {
    if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? WORD : SEP;
    var ln = isLetterOrNumber(c);
    if (inHan(c) || (ln && inOtherCjk(c))) return CJK;
    if (ln) return WORD;
    if (previous === WORD && test(reMnMc, c, c >= 0x300 && c <= 0x36F)) return WORD;
    return SEP;
  }
  function isUpper(c) { return c < 0x80 ? c >= 65 && c <= 90 : test(reUpper, c, false); }
  function isLower(c) { return c < 0x80 ? c >= 97 && c <= 122 : test(reLower, c, false); }
  function isNumber(c) { return c < 0x80 ? c >= 48 && c <= 57 : test(reNum, c, false); }

  /* Rules 0-2: decode (lone surrogate = U+FFFD), chunk, NFKC, drop ignorables.
     Returns parallel arrays: code point, UTF-8 and UTF-16 span of its chunk. */
  function normalize(text) {
    var input = [], i = 0, n = text.length, b = 0;
    while (i < n) {
      var c = text.charCodeAt(i), w = 1;
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
        var d = text.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00); w = 2; }
      }
      if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
      var len = utf8Len(c);
      input.push({ cp: c, s: i, e: i + w, bs: b, be: b + len });
      i += w; b += len;
    }
    var out = { cp: [], s: [], e: [], bs: [], be: [] };
    function emit(cp, first, last) {
      if (isIgnorable(cp)) return;
      out.cp.push(cp); out.s.push(first.s); out.e.push(last.e); out.bs.push(first.bs); out.be.push(last.be);
    }
    for (var k = 0; k < input.length;) {
      var j = k + 1;
      while (j < input.length && isContinuation(input[j].cp)) j++;
      var first = input[k], last = input[j - 1];
      if (j === k + 1 && first.cp < 0x80) {
        emit(first.cp, first, last);
      } else {
        var chunk = "";
        for (var m = k; m < j; m++) chunk += fromCp(input[m].cp);
        if (hasNormalize) chunk = chunk.normalize("NFKC");
        for (var q = 0; q < chunk.length; q++) {
          var cp = chunk.charCodeAt(q);
          if (cp >= 0xD800 && cp <= 0xDBFF && q + 1 < chunk.length) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (chunk.charCodeAt(q + 1) - 0xDC00); q++;
          }
          emit(cp, first, last);
        }
      }
      k = j;
    }
    return out;
  }

  function textOf(cps, from, to) {
    var s = "";
    for (var i = from; i < to; i++) s += fromCp(cps[i]);
    return s;
  }

  function tokenize(text) {
    var u = normalize(String(text)), cps = u.cp, n = cps.length, cls = [], prev = SEP, i;
    for (i = 0; i < n; i++) prev = cls[i] = classify(cps[i], prev);
    var tokens = [], position = 0;
    function push(term, pos, kind, from, to) {
      tokens.push({ term: term, position: pos, kind: kind,
                    byte_start: u.bs[from], byte_end: u.be[to - 1], start: u.s[from], end: u.e[to - 1] });
    }
    for (i = 0; i < n;) {
      var c = cls[i], j = i + 1, k;
      while (j < n && cls[j] === c) j++;
      if (c === WORD) {
        var starts = [i];
        for (k = i + 1; k < j; k++) {
          if (isUpper(cps[k]) && (isLower(cps[k - 1]) || isNumber(cps[k - 1]) ||
                                  (isUpper(cps[k - 1]) && k + 1 < j && isLower(cps[k + 1])))) starts.push(k);
        }
        starts.push(j);
        var parts = starts.length - 1;
        if (parts > 1) push(textOf(cps, i, j).toLowerCase(), position, 0, i, j);
        for (k = 0; k < parts; k++)
          push(textOf(cps, starts[k], starts[k + 1]).toLowerCase(), position + k, 0, starts[k], starts[k + 1]);
        position += parts;
      } else if (c === CJK) {
        for (k = i; k < j; k++) {
          push(fromCp(cps[k]), position + k - i, 1, k, k + 1);
          if (k + 1 < j) push(fromCp(cps[k]) + fromCp(cps[k + 1]), position + k - i, 2, k, k + 2);
        }
        position += j - i;
      }
      i = j;
    }
    return tokens;
  }

  return { tokenize: tokenize, exact: exact, KIND_NAMES: ["word", "cjk_unigram", "cjk_bigram"] };
})();
if (typeof module !== "undefined") module.exports = studywikiSearchTokenizer;
else {
  window.StudywikiSearch = window.StudywikiSearch || {};
  window.StudywikiSearch.tokenizer = studywikiSearchTokenizer;
}
