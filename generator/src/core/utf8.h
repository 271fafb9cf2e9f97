#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace studywiki::utf8 {

/// Decodes one code point at `pos` and advances it; invalid bytes give U+FFFD
/// and advance by one.
char32_t next(std::string_view s, size_t& pos);
void append(std::string& out, char32_t cp);

bool is_valid(std::string_view s);
/// Offset of the first byte that starts no valid UTF-8 sequence (where
/// next() gives an invalid U+FFFD), npos when all of `s` is valid. Runs of
/// ASCII are skipped eight bytes at a time.
size_t first_invalid(std::string_view s);
/// Replaces every invalid sequence with U+FFFD; returns the byte offset of the
/// first invalid sequence in `first_bad` (npos when the text was valid).
std::string repair(std::string_view s, size_t* first_bad = nullptr);

size_t length(std::string_view s);  // in code points
/// Cuts to at most `max` code points, appending "…" when something was cut.
std::string truncate(std::string_view s, size_t max);

bool is_cjk(char32_t cp);             // ideographs, kana, hangul
bool is_fullwidth_punct(char32_t cp); // U+3000–U+303F, U+FF00–U+FFEF punctuation forms

}  // namespace studywiki::utf8
