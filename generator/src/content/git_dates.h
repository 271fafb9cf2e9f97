#pragma once
#include <filesystem>
#include <string>
#include <unordered_map>

namespace studywiki {

/// Last commit date (YYYY-MM-DD, committer time, UTC) of every file under
/// `source` that git tracks, from one `git log` run; empty when `source` is
/// not in a git work tree or git is missing. Keys are relative to `source`.
std::unordered_map<std::string, std::string> git_last_commit_dates(const std::filesystem::path& source);

}  // namespace studywiki
