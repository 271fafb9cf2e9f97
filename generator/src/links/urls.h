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

/// True for "https:", "mailto:", "//host" … anything that is not a path inside the site.
bool is_external(std::string_view url);

/// Rewrites a Markdown link or image destination written in `note` to the
/// relative URL of the page, folder or file it names; external URLs and pure
/// fragments are left alone (nullopt). A path that names nothing, or that
/// climbs out of the source folder, is reported as a warning at line:col.
/// `target_note`, when given, receives the index of the note linked to (-1 otherwise).
std::optional<std::string> rewrite_url(const Site& site, const Note& note, std::string_view url, bool is_image,
                                       int line, int col, Diagnostics& diagnostics, int* target_note = nullptr);

}  // namespace studywiki::links
