#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "content/site.h"
#include "core/diagnostics.h"

namespace studywiki::links {

/// "../" repeated once per folder of `from_out` ("db/a.html" -> "../").
std::string root_prefix(std::string_view from_out);

/// Relative, percent-encoded href from the page at `from_out` to the output
/// file `to_out` (both relative to the output root). Works at `/`, under a
/// project path and from file://.
std::string relative_href(std::string_view from_out, std::string_view to_out);

/// The href `href`, written in the page at `from_out`, made to work from
/// the page at `to_out` (for HTML moved between pages: embeds). Fragments
/// alone point back to the `from_out` page; external URLs stay as they are.
std::string rebase_href(std::string_view href, std::string_view from_out, std::string_view to_out);

/// True for "https:", "mailto:", "//host" … anything that is not a path inside the site.
bool is_external(std::string_view url);

/// Rewrites a Markdown link or image destination written in `note` to the
/// relative URL of the page, folder or file it names (a `?query#fragment`
/// kept, percent-encoded where an href needs it); external URLs and pure
/// fragments are left alone (nullopt). A path that names nothing, or that
/// climbs out of the source folder, is reported as a warning at line:col
/// and gives "" (Document::rewrite_urls then marks the link broken).
/// `target_note`/`target_folder`, when given, receive the note (index, else
/// -1) or the folder (source path, else "") linked to.
/// `did_you_mean`, when given, is asked for a replacement of a path that
/// names nothing (the path from the top, decoded); what it returns ("" for
/// none) ends the warning as "; did you mean 'URL'?".
using PathSuggester = std::function<std::string(const std::string& missing)>;
std::optional<std::string> rewrite_url(const Site& site, const Note& note, std::string_view url, bool is_image,
                                       int line, int col, Diagnostics& diagnostics, int* target_note = nullptr,
                                       std::string* target_folder = nullptr,
                                       const PathSuggester& did_you_mean = {});

/// A Markdown link from a note in `from_folder` to the source file
/// `to_source`: "../db/Redis%20持久化.md" (spaces encoded, the rest as is).
std::string relative_source_link(const std::string& from_folder, const std::string& to_source);

}  // namespace studywiki::links
