#include "content/slug.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstdio>

#include "core/utf8.h"

namespace studywiki {

namespace {
std::string nfkc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString normalized = normalizer->normalize(source, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}
}  // namespace

std::string slugify(std::string_view name) {
  const std::string folded = nfkc(name);
  std::string out;
  out.reserve(folded.size());
  size_t pos = 0;
  while (pos < folded.size()) {
    char32_t cp = utf8::next(folded, pos);
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+') out += c;
      else if (c == ' ' || c == '_' || c == '-' || c == '\t') out += '-';
      else if (c == '#') out += "sharp";
    } else if (u_isalnum(static_cast<UChar32>(cp)) || u_getCombiningClass(static_cast<UChar32>(cp)) != 0 ||
               u_charType(static_cast<UChar32>(cp)) == U_NON_SPACING_MARK ||
               u_charType(static_cast<UChar32>(cp)) == U_COMBINING_SPACING_MARK) {
      utf8::append(out, cp);
    } else if (u_isUWhiteSpace(static_cast<UChar32>(cp))) {
      out += '-';
    }
  }
  std::string collapsed;
  collapsed.reserve(out.size());
  for (char c : out) {
    if (c == '-' && (collapsed.empty() || collapsed.back() == '-')) continue;
    collapsed += c;
  }
  while (!collapsed.empty() && collapsed.back() == '-') collapsed.pop_back();
  if (collapsed.size() > kMaxSlugBytes) {
    // A file name has at most 255 bytes: a longer slug keeps its start, cut
    // at a character boundary, and a hash of the whole, so two long names
    // with one start still get two slugs.
    uint32_t hash = 2166136261u;  // FNV-1a
    for (unsigned char c : collapsed) hash = (hash ^ c) * 16777619u;
    size_t cut = kMaxSlugBytes - 9;
    while (cut > 0 && (static_cast<unsigned char>(collapsed[cut]) & 0xC0) == 0x80) --cut;
    collapsed.resize(cut);
    while (!collapsed.empty() && collapsed.back() == '-') collapsed.pop_back();
    char suffix[10];
    std::snprintf(suffix, sizeof suffix, "-%08x", hash);
    collapsed += suffix;
  }
  return collapsed;
}

std::string fold_key(std::string_view text) {
  std::string folded = nfkc(text);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(folded);
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  size_t b = out.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = out.find_last_not_of(" \t\r\n");
  return out.substr(b, e - b + 1);
}

std::string percent_encode_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~' || c == '/' || c == '+') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string href_encode_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size();) {
    const unsigned char c = static_cast<unsigned char>(path[i]);
    if (c >= 0x80) {
      const size_t start = i;
      // An invalid byte reads as U+FFFD (a symbol: encoded), one byte at a time.
      const auto cp = static_cast<UChar32>(utf8::next(path, i));
      if (u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0) {
        out.append(path.substr(start, i - start));
        continue;
      }
      for (size_t k = start; k < i; ++k) {
        const unsigned char b = static_cast<unsigned char>(path[k]);
        out += '%';
        out += hex[b >> 4];
        out += hex[b & 15];
      }
      continue;
    }
    ++i;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~' || c == '/' || c == '+') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view text) {
  auto hexval = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = hexval(text[i + 1]), lo = hexval(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace studywiki
