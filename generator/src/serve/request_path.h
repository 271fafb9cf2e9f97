#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace studywiki::serve {

/// Where a request for a URL goes, decided from its text alone (no disk):
/// a file under the output folder, a redirect, or a refusal.
struct Target {
  enum class Kind {
    File,        ///< `rel` under the output folder ("" is the folder itself)
    Redirect,    ///< to `location` (the base path for "/", a folder's URL with its slash)
    Outside,     ///< not under the base path: the site's 404
    BadRequest,  ///< 400: "..", ".", an encoded slash, a backslash, NUL, bad escapes, not starting with "/"
  };
  Kind kind = Kind::BadRequest;
  std::string rel;       ///< File: the decoded path, '/'-separated, no empty, "." or ".." segment
  bool slash = false;    ///< File: the path ended in '/' (a folder's URL)
  std::string location;  ///< Redirect
  std::string why;       ///< BadRequest: a short reason
};

/// The path of a base URL ("https://me.github.io/notes/" -> "/notes/"); "/" when empty.
std::string base_path_of(std::string_view base_url);

/// The request target as sent (`/notes/db/a%20b.html?x=1`) against the base
/// path ("/notes/"). Never yields a path that leaves the output folder by its
/// text; symlinks are checked by `inside_folder`.
Target resolve_target(std::string_view raw_target, std::string_view base_path);

/// True when `path`, with every symlink resolved, is `root` or under it
/// (both must exist).
bool inside_folder(const std::filesystem::path& root, const std::filesystem::path& path);

/// The Content-Type for a file name ("text/html; charset=utf-8").
std::string content_type_for(std::string_view name);

}  // namespace studywiki::serve
