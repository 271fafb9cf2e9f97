#pragma once
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

/// A Markdown link from a note in `from_folder` to the source file
/// `to_source`: "../db/Redis%20持久化.md" (spaces encoded, the rest as is).
std::string relative_source_link(const std::string& from_folder, const std::string& to_source);

}  // namespace studywiki::links
