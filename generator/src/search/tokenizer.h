#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace studywiki::search
