#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "content/discovery.h"
#include "content/site.h"
#include "core/diagnostics.h"

namespace studywiki {

/// The places stage: each note's role (home intro, folder page, page) and
/// output path, the folder tree, every file's output path, and the pages
/// that send an alias on to its note. Paths are claimed in path order: the
/// first source keeps a path, a later one gets "-2", "-3"… and an error
/// naming both; generated paths (index.html, tags/, search/, assets/ …) are
/// never given to a note or file.
Places assign_places(const PerNote<LoadedNote>& notes, const std::vector<SourceFile>& assets,
                     const std::string& display_root, Diagnostics& diagnostics);

/// previews/N.js, graphs/N.js and nav/N.js (render/page_data.h): paths no note or file may take.
bool is_page_data_path(std::string_view path);

}  // namespace studywiki
