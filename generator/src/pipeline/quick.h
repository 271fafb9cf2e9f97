#pragma once
// `serve`'s first answer to a save, before the full build that follows it:
// the edited notes' own pages, rendered from the last build's results
// (pipeline/last_build.h) with their new bodies and written at once, so the
// browser shows the edit in milliseconds at any size of site. The full build
// then writes every file exactly as a clean build would; where it differs
// from the quick page (a local graph after a new link, a link to a heading or
// a tag added just now, the pages that list this one) it rewrites it and the
// page reloads again.
#include <optional>
#include <string>
#include <vector>

#include "pipeline/last_build.h"

namespace studywiki {

/// `changed`: the paths the watcher reported, in its shown form
/// ("content/db/redis.md"). When every one is a note page of `last` that is
/// still published and embeds no note, each is re-read, its body rendered
/// (its links resolved against the site `last` knew) and its page written
/// when its bytes changed; returns the output paths written (maybe none).
/// Otherwise nullopt, having written nothing: for a new, renamed or removed
/// note, a template, a static file only the full build answers. `last` gets
/// the new notes (title, front matter, headings) and bodies.
std::optional<std::vector<std::string>> quick_pages(LastBuild& last, const std::vector<std::string>& changed);

}  // namespace studywiki
