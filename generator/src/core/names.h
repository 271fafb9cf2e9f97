#pragma once
#include <string>
#include <string_view>

namespace studywiki {

/// How repair_name() turned a file or folder name into UTF-8.
enum class NameRepair {
  None,         ///< the bytes were valid UTF-8, returned unchanged
  Gb18030,      ///< decoded as GB18030 (GBK names from a Windows zip)
  Replacement,  ///< each invalid byte replaced with U+FFFD
};

/// Returns `bytes` as valid UTF-8. Valid UTF-8 comes back unchanged. Otherwise
/// the whole name is decoded as GB18030, and that reading is kept only when it
/// has no invalid sequence and every non-ASCII character is a CJK ideograph,
/// kana, hangul or CJK/full-width punctuation; failing that, each invalid
/// byte becomes U+FFFD. `how` (may be null) says which happened.
std::string repair_name(std::string_view bytes, NameRepair* how);
/// The same; `changed` (may be null) is set when the result differs from `bytes`.
std::string repair_name(std::string_view bytes, bool* changed = nullptr);

/// `bytes` for a message: printable ASCII as is, every other byte (and '\')
/// as `\xHH` with upper-case hex, e.g. "\xC4\xE3\xBA\xC3.md".
std::string escape_bytes(std::string_view bytes);

}  // namespace studywiki
