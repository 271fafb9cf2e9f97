// Path rules shared by wikilinks and Markdown links (links module only).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace studywiki::links {

/// "a/b.md" -> "a/b" (also ".markdown", any case); other paths unchanged.
std::string strip_note_extension(const std::string& path);
/// The last segment of a path.
std::string file_name(const std::string& path);
/// Folders shared by two folder paths, counted in segments from the top.
std::size_t shared_depth(const std::string& a, const std::string& b);
/// png, jpg, jpeg, gif, svg, webp, avif, bmp, ico (any case).
bool is_image_file(const std::string& path);
/// Joins and normalizes "a/b" + "../c" -> "a/c" (a leading '/' starts from
/// the top); nullopt when it climbs out.
std::optional<std::string> join_path(const std::string& base, std::string_view rel);
/// `?query#fragment` as written, with what an href cannot hold raw (spaces,
/// quotes, non-ASCII bytes…) percent-encoded.
std::string encode_url_suffix(std::string_view suffix);

}  // namespace studywiki::links
