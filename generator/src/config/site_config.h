#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "markdown/document.h"

namespace studywiki {

/// Settings from `site.yml` (all optional) merged with the command line.
struct SiteConfig {
  std::string title = "Study Wiki";
  std::string description;
  std::string language;                 ///< <html lang> and the interface strings; "" = from the notes (content/language.h)
  std::string base_url;                 ///< absolute, ends with '/', or empty
  std::string author;
  std::vector<std::string> ignore;      ///< globs relative to the source folder
  markdown::Options markdown;           ///< line_breaks, raw_html, inline_tags
  size_t recent_count = 20;             ///< notes listed on the home page and in the feed
};

/// Reads `path` into `config`; a missing file is fine. Problems are reported
/// as `site.yml:line:col: error: …` and the defaults are kept.
void load_site_config(const std::filesystem::path& path, const std::string& display_path,
                      SiteConfig& config, Diagnostics& diagnostics);

/// Normalizes a base URL: empty stays empty, otherwise a trailing '/' is added.
std::string normalize_base_url(std::string url);

}  // namespace studywiki
