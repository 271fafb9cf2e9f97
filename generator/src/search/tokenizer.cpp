#include "search/tokenizer.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/utf8.h"

namespace studywiki::search {

namespace {

enum class Class : uint8_t { Sep, Word, Cjk };

// A normalized code point and the span of the original chunk it came from.
struct Unit {
  char32_t cp;
  uint32_t start, end;
};

uint32_t gc_mask(char32_t cp) { return U_GET_GC_MASK(static_cast<UChar32>(cp)); }

bool in_han_block(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

bool in_other_cjk_block(char32_t c) {
  return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3130 && c <= 0x318F) ||
         (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
         (c >= 0x1AFF0 && c <= 0x1B16F);
}

Class classify(char32_t c, Class previous) {
  if (c < 0x80) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum ? Class::Word : Class::Sep;
  }
  const uint32_t mask = gc_mask(c);
  const bool letter_or_number = (mask & (U_GC_L_MASK | U_GC_N_MASK)) != 0;
  if (in_han_block(c) || (letter_or_number && in_other_cjk_block(c))) return Class::Cjk;
  if (letter_or_number) return Class::Word;
  if ((mask & (U_GC_MN_MASK | U_GC_MC_MASK)) && previous == Class::Word) return Class::Word;
  return Class::Sep;
}

bool is_upper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return (gc_mask(c) & (U_GC_LU_MASK | U_GC_LT_MASK)) != 0;
}
bool is_lower(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return (gc_mask(c) & U_GC_LL_MASK) != 0;
}
bool is_number(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return (gc_mask(c) & U_GC_N_MASK) != 0;
}

const icu::Normalizer2& nfkc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return *instance;
}

bool is_default_ignorable(char32_t c) {
  return c >= 0x80 && u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

// Rules 0–2: decode, chunk, NFKC each chunk, drop default ignorables.
std::vector<Unit> normalize(std::string_view text) {
  struct Decoded {
    char32_t cp;
    uint32_t start, end;
  };
  std::vector<Decoded> input;
  input.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    const char32_t cp = utf8::next(text, pos);
    input.push_back({cp, static_cast<uint32_t>(start), static_cast<uint32_t>(pos)});
  }

  std::vector<Unit> out;
  out.reserve(input.size());
  const icu::Normalizer2& normalizer = nfkc();
  for (size_t i = 0; i < input.size();) {
    size_t j = i + 1;
    while (j < input.size() && is_chunk_continuation(input[j].cp)) ++j;
    const uint32_t start = input[i].start, end = input[j - 1].end;
    auto emit = [&](char32_t cp) {
      if (!is_default_ignorable(cp)) out.push_back({cp, start, end});
    };
    if (j == i + 1 && (input[i].cp < 0x80 || normalizer.isInert(static_cast<UChar32>(input[i].cp)))) {
      emit(input[i].cp);  // NFKC leaves it as it is
    } else {
      icu::UnicodeString chunk;
      for (size_t k = i; k < j; ++k) chunk.append(static_cast<UChar32>(input[k].cp));
      UErrorCode status = U_ZERO_ERROR;
      const icu::UnicodeString normalized = normalizer.normalize(chunk, status);
      const icu::UnicodeString& result = U_SUCCESS(status) ? normalized : chunk;
      for (int32_t k = 0; k < result.length();) {
        const UChar32 cp = result.char32At(k);
        emit(static_cast<char32_t>(cp));
        k += U16_LENGTH(cp);
      }
    }
    i = j;
  }
  return out;
}

// Rule 5: full lowercasing, root locale, of one term.
std::string lower_term(const std::vector<Unit>& units, size_t begin, size_t end) {
  std::string out;
  bool ascii = true;
  for (size_t i = begin; i < end; ++i) ascii = ascii && units[i].cp < 0x80;
  if (ascii) {
    for (size_t i = begin; i < end; ++i) {
      char c = static_cast<char>(units[i].cp);
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
  }
  icu::UnicodeString term;
  for (size_t i = begin; i < end; ++i) term.append(static_cast<UChar32>(units[i].cp));
  term.toLower(icu::Locale::getRoot());
  term.toUTF8String(out);
  return out;
}

std::string utf8_of(const std::vector<Unit>& units, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) utf8::append(out, units[i].cp);
  return out;
}

// Rule 4: where a word run [begin, end) breaks into parts (part starts, excluding `begin`).
std::vector<size_t> part_breaks(const std::vector<Unit>& u, size_t begin, size_t end) {
  std::vector<size_t> breaks;
  for (size_t i = begin + 1; i < end; ++i) {
    const char32_t prev = u[i - 1].cp, cur = u[i].cp;
    if (!is_upper(cur)) continue;
    if (is_lower(prev) || is_number(prev) || (is_upper(prev) && i + 1 < end && is_lower(u[i + 1].cp)))
      breaks.push_back(i);
  }
  return breaks;
}

}  // namespace

bool is_chunk_continuation(char32_t c) {
  if (c < 0x300) return false;
  if ((c >= 0x1160 && c <= 0x11FF) || (c >= 0x3131 && c <= 0x318E) || (c >= 0xD7B0 && c <= 0xD7FF) ||
      (c >= 0xFF9E && c <= 0xFFDC))
    return true;
  return (gc_mask(c) & U_GC_M_MASK) != 0;
}

const char* kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::Word: return "word";
    case TokenKind::CjkUnigram: return "cjk_unigram";
    case TokenKind::CjkBigram: return "cjk_bigram";
  }
  return "?";
}

std::vector<Token> tokenize(std::string_view text) {
  const std::vector<Unit> units = normalize(text);
  std::vector<Class> classes(units.size());
  Class previous = Class::Sep;
  for (size_t i = 0; i < units.size(); ++i) previous = classes[i] = classify(units[i].cp, previous);

  std::vector<Token> tokens;
  uint32_t position = 0;
  for (size_t i = 0; i < units.size();) {
    const Class cls = classes[i];
    size_t j = i + 1;
    while (j < units.size() && classes[j] == cls) ++j;
    if (cls == Class::Word) {
      std::vector<size_t> starts{i};
      for (size_t b : part_breaks(units, i, j)) starts.push_back(b);
      starts.push_back(j);
      const size_t parts = starts.size() - 1;
      if (parts > 1)
        tokens.push_back({lower_term(units, i, j), position, TokenKind::Word, units[i].start, units[j - 1].end});
      for (size_t p = 0; p < parts; ++p)
        tokens.push_back({lower_term(units, starts[p], starts[p + 1]), position + static_cast<uint32_t>(p),
                          TokenKind::Word, units[starts[p]].start, units[starts[p + 1] - 1].end});
      position += static_cast<uint32_t>(parts);
    } else if (cls == Class::Cjk) {
      for (size_t k = i; k < j; ++k) {
        const uint32_t pos = position + static_cast<uint32_t>(k - i);
        tokens.push_back({utf8_of(units, k, k + 1), pos, TokenKind::CjkUnigram, units[k].start, units[k].end});
        if (k + 1 < j)
          tokens.push_back({utf8_of(units, k, k + 2), pos, TokenKind::CjkBigram, units[k].start, units[k + 1].end});
      }
      position += static_cast<uint32_t>(j - i);
    }
    i = j;
  }
  return tokens;
}

std::vector<std::string> fast_terms(std::string_view text) {
  std::vector<std::string> out;
  for_each_term(text, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

}  // namespace studywiki::search
