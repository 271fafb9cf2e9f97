// Heading anchors: GitHub's slug rule and repeat numbering (github-slugger).
#include <unicode/uchar.h>

#include <string>

#include "markdown/document.h"
#include "markdown/internal.h"

namespace studywiki::markdown {

std::string heading_slug(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = detail::decode_utf8(text, i);
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        out += static_cast<char>(c + 32);
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        out += c;
      } else if (c == ' ') {
        out += '-';
      }
      continue;
    }
    const auto ch = static_cast<UChar32>(cp);
    switch (u_charType(ch)) {
      case U_UPPERCASE_LETTER:
      case U_TITLECASE_LETTER:
        detail::append_utf8(out, static_cast<char32_t>(u_tolower(ch)));
        break;
      case U_LOWERCASE_LETTER:
      case U_MODIFIER_LETTER:
      case U_OTHER_LETTER:
      case U_NON_SPACING_MARK:
      case U_ENCLOSING_MARK:
      case U_COMBINING_SPACING_MARK:
      case U_DECIMAL_DIGIT_NUMBER:
      case U_LETTER_NUMBER:
      case U_OTHER_NUMBER:
        detail::append_utf8(out, cp);
        break;
      default:
        break;  // punctuation, symbols, spaces other than ' ', controls
    }
  }
  return out;
}

namespace detail {

std::string SlugDeduper::unique(const std::string& base_in) {
  const std::string base = base_in.empty() ? std::string("section") : base_in;
  std::string result = base;
  while (occurrences_.count(result) != 0) {
    const int n = ++occurrences_[base];
    result = base + "-" + std::to_string(n);
  }
  occurrences_[result] = 0;
  return result;
}

}  // namespace detail
}  // namespace studywiki::markdown
