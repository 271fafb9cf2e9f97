#include "core/names.h"

#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#include <memory>
#include <vector>

#include "core/utf8.h"

namespace studywiki {

namespace {

/// The GB18030 reading of `bytes`, or false when a sequence is invalid or a
/// non-ASCII character is not one a Chinese, Japanese or Korean name uses.
bool decode_gb18030(std::string_view bytes, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(ucnv_open("GB18030", &status), ucnv_close);
  if (U_FAILURE(status) || !cnv) return false;
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return false;
  // Each byte gives at most one UTF-16 unit (a 4-byte sequence gives at most 2).
  std::vector<UChar> units(bytes.size() + 1);
  const int32_t n = ucnv_toUChars(cnv.get(), units.data(), static_cast<int32_t>(units.size()), bytes.data(),
                                  static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING) return false;
  out.clear();
  for (int32_t i = 0; i < n;) {
    UChar32 cp;
    U16_NEXT(units.data(), i, n, cp);
    if (cp == 0 || U_IS_SURROGATE(cp)) return false;
    const char32_t c = static_cast<char32_t>(cp);
    if (c >= 0x80 && !utf8::is_cjk(c) && !utf8::is_fullwidth_punct(c)) return false;
    utf8::append(out, c);
  }
  return true;
}

}  // namespace

std::string repair_name(std::string_view bytes, NameRepair* how) {
  size_t first_bad = std::string_view::npos;
  std::string replaced = utf8::repair(bytes, &first_bad);
  if (first_bad == std::string_view::npos) {
    if (how) *how = NameRepair::None;
    return std::string(bytes);
  }
  std::string decoded;
  if (decode_gb18030(bytes, decoded)) {
    if (how) *how = NameRepair::Gb18030;
    return decoded;
  }
  if (how) *how = NameRepair::Replacement;
  return replaced;
}

std::string repair_name(std::string_view bytes, bool* changed) {
  NameRepair how = NameRepair::None;
  std::string out = repair_name(bytes, &how);
  if (changed) *changed = how != NameRepair::None;
  return out;
}

std::string escape_bytes(std::string_view bytes) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += ch;
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

}  // namespace studywiki
