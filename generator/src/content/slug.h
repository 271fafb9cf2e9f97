#pragma once
#include <string>
#include <string_view>

namespace studywiki {

/// DESIGN.md's slug rule for file and folder names: NFKC, ASCII lowercased,
/// spaces and '_' to '-', '+' kept, '#' to "sharp", letters (incl. CJK) and
/// digits kept, other punctuation dropped, '-' runs collapsed and trimmed.
/// `Redis 持久化` -> `redis-持久化`, `C#` -> `csharp`, `C++` -> `c++`.
std::string slugify(std::string_view name);

/// NFKC + lowercase + trimmed: the key two titles are compared by, so
/// `ＩＤ` and `id` are the same.
std::string fold_key(std::string_view text);

/// Percent-encodes a relative URL path for href/src: keeps unreserved ASCII,
/// '/', and encodes everything else byte by byte (UTF-8).
std::string percent_encode_path(std::string_view path);
std::string percent_decode(std::string_view text);

}  // namespace studywiki
