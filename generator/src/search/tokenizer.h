#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"

// The search tokenizer: ONE rule, implemented twice — here (index side, ICU)
// and in templates/assets/search-tokenizer.js (query and highlight side, in
// the page). Both must produce the same tokens for the same text; the shared
// vectors in tests/search/tokenizer_cases.json are checked by both
// tests/unit/search/tokenizer_test.cpp and tests/search/tokenizer.test.mjs.
// Changing anything below changes the index format: change both sides and
// the vectors together.
//
// THE CONTRACT
//
// 0. Input. C++: UTF-8; every byte that does not start a valid UTF-8
//    sequence (bad lead, truncated, overlong, surrogate, > U+10FFFF) decodes
//    to one U+FFFD, as core/utf8.h `next` does. JS: a string; every lone
//    surrogate is U+FFFD. U+FFFD is a separator (rule 3).
//
// 1. Chunks. The input's code points are cut into chunks: a chunk is one
//    code point followed by every following "continuation" code point:
//      general category Mn, Mc or Me, or
//      U+1160–U+11FF, U+3131–U+318E, U+D7B0–U+D7FF, U+FF9E–U+FFDC
//      (Hangul vowels/finals and half-width voiced marks that NFKC composes
//      with what precedes them).
//    Every chunk start has an NFKC boundary before it (the unit test proves
//    this for every code point against ICU), so the chunks' NFKC forms
//    concatenated are the NFKC form of the whole text. Each chunk is
//    normalized on its own; every code point it produces carries the chunk's
//    span in the ORIGINAL input (for byte_start/byte_end).
//
// 2. Normalization. NFKC (ICU Normalizer2 NFKC / String.prototype
//    .normalize('NFKC')). Then every Default_Ignorable_Code_Point is dropped
//    (soft hyphen, ZWSP, ZWJ/ZWNJ, variation selectors, BOM, …): it neither
//    makes nor breaks a word, so `Ex<U+00AD>ample` is `example`.
//    Lowercasing comes last, per emitted term (rule 5).
//
// 3. Classes, by Unicode general category of the normalized code point
//    (ICU u_charType / JS \p{…} with the u flag), in this order:
//      CJK   — every code point in the Han blocks U+3400–U+4DBF,
//              U+4E00–U+9FFF, U+F900–U+FAFF, U+20000–U+3FFFF (assigned or
//              not), or a letter or number (L*, N*) in U+1100–U+11FF,
//              U+3000–U+303F (々 〆 〇 …), U+3040–U+30FF (kana, incl. ー),
//              U+3130–U+318F, U+31F0–U+31FF, U+A960–U+A97F, U+AC00–U+D7FF,
//              U+1AFF0–U+1B16F. (Han, Hiragana, Katakana, Hangul; not
//              Bopomofo, Yi or CJK symbols.)
//      WORD  — any other letter or number: L* (Lu Ll Lt Lm Lo) or N*
//              (Nd Nl No); or Mn/Mc directly after a WORD code point (so
//              `i̇`, Devanagari vowel signs and undecomposable accents stay
//              inside their word).
//      SEP   — everything else: spaces, punctuation (incl. `_`, `'`, `.`,
//              `+`, `#`, CJK punctuation `，。、「」`), symbols, emoji,
//              controls, U+FFFD, and marks not after a WORD code point.
//    A "run" is a maximal sequence of WORD code points (a word run) or of
//    CJK code points (a CJK run). WORD and CJK runs are separate even when
//    adjacent: `Redis持久化` is the word `redis` and the CJK run `持久化`.
//    SEP code points produce nothing and take no position.
//
// 4. Word runs are split into parts at case changes (on the NFKC text,
//    before lowercasing), breaking before code point i when
//      (a) i-1 is Ll or N*, and i is Lu or Lt         (`getHttp`, `utf8String`)
//      (b) i-1 and i are Lu/Lt, and i+1 is Ll         (`HTTPResponse`)
//    `getHTTPResponse` → get | HTTP | Response; `MySQL` → My | SQL;
//    `IPv6` → I | Pv6; `utf8`, `ΟΔΟΣ`, `ABC`, `Abc` stay one part.
//    snake_case needs no rule: `_` is SEP, so `max_connections` is two runs
//    `max`, `connections` (and no whole-word token). Digits belong to words:
//    `utf8` is one word, `3.14` is `3` and `14`, `2024年` is `2024` + `年`.
//    `C++` and `C#` are both the word `c`. No stemming on either side.
//
// 5. Terms are lowercased with full Unicode lowercasing in the root locale
//    (ICU UnicodeString::toLower(Locale::getRoot()) /
//    String.prototype.toLowerCase — not case folding), applied to each
//    term's own text, so Final_Sigma is decided inside the term:
//    `ΟΔΟΣ` → `οδος`, `ẞ` → `ß` (`ß` stays `ß`, it does not match `ss`),
//    `İ` → `i̇` (i + U+0307).
//
// 6. Tokens and positions. A position counter starts at 0.
//    Word run with k parts: when k ≥ 2, first the whole run (term = the
//    whole run lowercased) at position p, then part j at p + j
//    (j = 0…k-1); when k = 1 just the word at p. Then p += k.
//    `getHTTPResponse` → gethttpresponse@0 get@0 http@1 response@2.
//    CJK run of n code points c0…c(n-1): for i = 0…n-1, the unigram ci at
//    p + i, then (if i+1 < n) the bigram ci c(i+1) at p + i. Then p += n.
//    `持久化` → 持@0 持久@0 久@1 久化@1 化@2. So adjacent bigrams have
//    consecutive positions (a phrase), a query of any length matches as a
//    substring, and a one-character query is a unigram.
//    Tokens come in exactly this order.
//
// 7. Offsets. byte_start/byte_end: UTF-8 byte offsets in the ORIGINAL input
//    (before repair and normalization), half-open, from the start of the
//    first chunk to the end of the last chunk the token's code points came
//    from. One chunk may give a whole term (`ﬁ` → `fi`) or parts of
//    several (`¼` → `1` and `4`, both spanning `¼`). The JS tokens carry
//    the same byte_start/byte_end (lone surrogates count as the 3 bytes of
//    U+FFFD) and also start/end, the same span in UTF-16 code units, for
//    String.prototype.slice.
//
// Unicode versions: the rule is defined by character properties, so the two
// sides agree exactly only where their Unicode versions agree (ICU here, the
// browser's ICU there). Checked once against Node 20 (Unicode 17) with ICU 72
// (Unicode 15): every assigned code point, tokenized as `a<c>A <c>`, gives the
// same tokens except U+0295 ʕ and U+02E4 (Ll in 15, Lo since 16). The vectors
// use only characters stable across versions. In a JS engine without Unicode
// property escapes or String.prototype.normalize (pre-2020 browsers) the page
// falls back to an approximation and reports `exact: false`.
namespace studywiki::search {

enum class TokenKind : uint16_t { Word = 0, CjkUnigram = 1, CjkBigram = 2 };

struct Token {
  std::string term;     // UTF-8, normalized and lowercased
  uint32_t position;    // rule 6
  TokenKind kind;       // stored as uint16_t
  uint32_t byte_start;  // rule 7: [byte_start, byte_end) of the original input
  uint32_t byte_end;
  bool operator==(const Token&) const = default;
};

/// Tokenizes `text` by the contract above.
std::vector<Token> tokenize(std::string_view text);

/// "word", "cjk_unigram", "cjk_bigram": the names the test vectors use.
const char* kind_name(TokenKind kind);

/// Rule 1's continuation code points (exposed for the NFKC-boundary test).
bool is_chunk_continuation(char32_t cp);

// THE FAST PATH. The index tokenizes megabytes of notes, mostly ASCII and
// Han, where the rule above needs no ICU. for_each_term (below) must give
// the terms tokenize() gives, as a multiset (positions and offsets aside):
// it implements rules 2-6 for the code points detail::fast_map knows and
// hands any whitespace-separated segment with another code point to
// tokenize(). Change it whenever the rule changes; the unit test "tokenizer:
// the fast term path gives tokenize()'s terms" (tests/unit/search/
// tokenizer_test.cpp) compares the two on the shared vectors and more.

/// The terms tokenize(text) gives, as a multiset (order may differ):
/// for_each_term's terms, collected.
std::vector<std::string> fast_terms(std::string_view text);

namespace detail {

/// A code point the fast path knows: what NFKC makes of it (0: not known).
/// ASCII stays; Han (U+3400–U+4DBF, U+4E00–U+9FFF) stays; full-width ASCII
/// (U+FF01–U+FF5E) becomes ASCII; U+3000 and U+00A0 become a space; a few
/// punctuation marks NFKC leaves alone (or maps to ASCII punctuation) are
/// separators. The unit test checks each against tokenize().
inline char32_t fast_map(char32_t c) {
  if (c < 0x80) return c;
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) return c;
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  switch (c) {
    case 0x3000: case 0x00A0: return ' ';
    case 0x3001: case 0x3002: case 0x3008: case 0x3009: case 0x300A: case 0x300B: case 0x300C: case 0x300D:
    case 0x300E: case 0x300F: case 0x3010: case 0x3011: case 0x3014: case 0x3015: case 0x3016: case 0x3017:
    case 0x2013: case 0x2014: case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0x2026: case 0x00B7:
    case 0x00D7: case 0x2190: case 0x2191: case 0x2192: case 0x2193: case 0x2022:
      return '!';  // any separator
    default: return 0;
  }
}

inline bool ascii_alnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace detail

/// Calls emit(term) for every token tokenize(text) gives (same terms, same
/// count; order may differ): a fast path for ASCII, Han and common CJK
/// punctuation, tokenize() itself for any whitespace-separated segment with
/// anything else. Whitespace ends every token and every NFKC chunk
/// (rules 1–3), so segments can be tokenized apart.
template <typename Emit>
void for_each_term(std::string_view text, Emit&& emit) {
  std::string word, lowered;
  std::vector<uint32_t> starts;  // byte offsets of CJK code points in a run
  // The current word run: a view of the segment while it is plain ASCII,
  // copied into `word` once a full-width letter joins it.
  size_t word_start = std::string_view::npos, word_end = 0;
  bool word_copied = false;
  auto flush_word = [&](std::string_view segment) {
    if (word_start == std::string_view::npos) return;
    const std::string_view word_view = word_copied ? std::string_view(word) : segment.substr(word_start, word_end - word_start);
    word_start = std::string_view::npos;
    word_copied = false;
    const std::string_view& w = word_view;
    // Rule 4 on ASCII: break before i when (a) i-1 lower/digit and i upper, (b) i-1, i upper and i+1 lower.
    size_t parts = 1;
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    auto is_break = [&](size_t i) {
      return upper(w[i]) && (lower_or_digit(w[i - 1]) || (upper(w[i - 1]) && i + 1 < w.size() && w[i + 1] >= 'a' && w[i + 1] <= 'z'));
    };
    bool has_upper = false;
    for (size_t i = 0; i < w.size() && !has_upper; ++i) has_upper = upper(w[i]);
    if (!has_upper) {  // already lower case: one part, no copy
      emit(w);
      return;
    }
    for (size_t i = 1; i < w.size(); ++i) parts += is_break(i) ? 1 : 0;
    lowered.resize(w.size());
    for (size_t i = 0; i < w.size(); ++i) lowered[i] = (w[i] >= 'A' && w[i] <= 'Z') ? static_cast<char>(w[i] - 'A' + 'a') : w[i];
    const std::string_view all(lowered);
    if (parts == 1) {
      emit(all);
    } else {
      emit(all);
      size_t from = 0;
      for (size_t i = 1; i < w.size(); ++i)
        if (is_break(i)) {
          emit(all.substr(from, i - from));
          from = i;
        }
      emit(all.substr(from));
    }
  };
  auto flush_cjk = [&](std::string_view segment) {
    for (size_t k = 0; k < starts.size(); ++k) {
      emit(segment.substr(starts[k], 3));
      if (k + 1 < starts.size()) emit(segment.substr(starts[k], 6));
    }
    starts.clear();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\t' || text[pos] == '\r' ||
                                 text[pos] == '\f' || text[pos] == '\v'))
      ++pos;
    size_t end = pos;
    bool fast = true;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\t' && text[end] != '\r' &&
           text[end] != '\f' && text[end] != '\v') {
      const unsigned char b = static_cast<unsigned char>(text[end]);
      if (b < 0x80) {
        ++end;
        continue;
      }
      size_t at = end;
      char32_t c;
      if ((b & 0xF0) == 0xE0 && end + 2 < text.size() + 0 && (static_cast<unsigned char>(text[end + 1]) & 0xC0) == 0x80 &&
          (static_cast<unsigned char>(text[end + 2]) & 0xC0) == 0x80 &&
          (c = (static_cast<char32_t>(b & 0x0F) << 12) | (static_cast<char32_t>(text[end + 1] & 0x3F) << 6) |
               static_cast<char32_t>(text[end + 2] & 0x3F)) >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
        at = end + 3;  // a valid three-byte sequence (most CJK text)
      } else {
        c = utf8::next(text, at);
      }
      if (c == 0xFFFD || detail::fast_map(c) == 0) fast = false;
      end = at;
    }
    if (end == pos) break;
    const std::string_view segment = text.substr(pos, end - pos);
    if (!fast) {
      for (const auto& t : tokenize(segment)) emit(std::string_view(t.term));
    } else {
      for (size_t i = 0; i < segment.size();) {
        const size_t at = i;
        char32_t c = static_cast<unsigned char>(segment[i]);
        if (c < 0x80) ++i;
        else if ((c & 0xF0) == 0xE0) {  // valid: checked by the scan above
          c = ((c & 0x0F) << 12) | (static_cast<char32_t>(segment[i + 1] & 0x3F) << 6) |
              static_cast<char32_t>(segment[i + 2] & 0x3F);
          i += 3;
        } else {
          c = utf8::next(segment, i);
        }
        const char32_t m = detail::fast_map(c);
        if (m < 0x80) {
          flush_cjk(segment);
          if (detail::ascii_alnum(m)) {
            if (word_start == std::string_view::npos) word_start = at;
            if (c >= 0x80 && !word_copied) {  // a full-width letter: copy what came before
              word.assign(segment.substr(word_start, at - word_start));
              word_copied = true;
            }
            if (word_copied) word += static_cast<char>(m);
            word_end = i;
          } else {
            flush_word(segment);
          }
        } else {
          flush_word(segment);
          starts.push_back(static_cast<uint32_t>(at));
        }
      }
      flush_word(segment);
      flush_cjk(segment);
    }
    pos = end;
  }
}


}  // namespace studywiki::search
