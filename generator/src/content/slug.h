#pragma once
#include <string>
#include <string_view>

namespace studywiki {

/// DESIGN.md's slug rule for file and folder names: NFKC, ASCII lowercased,
/// spaces and '_' to '-', '+' kept, '#' to "sharp", letters (incl. CJK) and
/// digits kept, other punctuation dropped, '-' runs collapsed and trimmed.
/// `Redis 持久化` -> `redis-持久化`, `C#` -> `csharp`, `C++` -> `c++`.
/// A slug over kMaxSlugBytes (a file name has at most 255 bytes, and a page
/// adds ".html" or "-2.html") is cut at a character boundary and ends in
/// '-' and 8 hex digits of a hash of the whole slug.
std::string slugify(std::string_view name);
inline constexpr size_t kMaxSlugBytes = 200;

/// NFKC + lowercase + trimmed: the key two titles are compared by, so
/// `ＩＤ` and `id` are the same.
std::string fold_key(std::string_view text);

/// Percent-encodes a URL path, as the sitemap and the feed need it (RFC 3986):
/// keeps unreserved ASCII, '/' and '+', encodes everything else byte by byte (UTF-8).
std::string percent_encode_path(std::string_view path);
/// The same for an href/src or a fragment in the pages: also keeps non-ASCII
/// letters, marks and digits as UTF-8 (`数据库/redis-持久化.html`, valid URL code
/// points that every browser encodes exactly as percent_encode_path would);
/// other non-ASCII characters (spaces, punctuation, invalid bytes) are encoded.
/// A CJK character is 3 bytes instead of 9.
std::string href_encode_path(std::string_view path);
std::string percent_decode(std::string_view text);

}  // namespace studywiki
