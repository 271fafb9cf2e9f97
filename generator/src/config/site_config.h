#pragma once
#include <filesystem>
#include <string>
#include <string_view>
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
  /// Stylesheets loaded after the theme's on every page: paths from the output
  /// root ("custom.css", copied from static/) or absolute URLs. Unset in
  /// site.yml: ["custom.css"] when static/custom.css exists.
  std::vector<std::string> extra_css;
  bool extra_css_set = false;           ///< site.yml has `extra_css` (even an empty list)
  /// The page icon: a path from the output root or an absolute URL; empty: the theme's assets/favicon.svg.
  std::string favicon;
  /// "Edit this page" (as in MkDocs): the link is repo_url + edit_uri + the
  /// note's path from the notes folder, percent-encoded. edit_uri may be an
  /// absolute URL (then repo_url is not needed); unset with a github.com
  /// repo_url it is "edit/main/" + the notes folder's path in the site folder.
  std::string repo_url;
  std::string edit_uri;
  bool edit_uri_set = false;
};

/// Every key site.yml may hold, in the order the README documents them.
extern const std::vector<std::string> kSiteConfigKeys;

/// Reads `path` into `config`; a missing file is fine. Problems are reported
/// as `site.yml:line:col: error: …` and the defaults are kept; an unknown key
/// is a warning naming the closest known one (`unknown key 'titel'; did you
/// mean 'title'?`). A path in extra_css or favicon that is not in the site's
/// static/ folder (beside `path`) is a warning.
void load_site_config(const std::filesystem::path& path, const std::string& display_path,
                      SiteConfig& config, Diagnostics& diagnostics);

/// Defaults that depend on the site's files: extra_css ["custom.css"] when
/// site.yml sets none and `site`/static/custom.css exists; edit_uri from
/// default_edit_uri() when site.yml sets none (`source` is the notes folder).
void apply_site_defaults(SiteConfig& config, const std::filesystem::path& site, const std::filesystem::path& source);

/// Normalizes a base URL: empty stays empty, otherwise a trailing '/' is added.
std::string normalize_base_url(std::string url);

/// Why `url` cannot be a base_url (empty when it can): it must be http:// or
/// https:// with a host, and hold no spaces, query or fragment.
std::string base_url_problem(std::string_view url);

/// The "edit this page" URL of the note at `source` (its path in the notes
/// folder), or "" when repo_url/edit_uri do not give one.
std::string edit_url(const SiteConfig& config, std::string_view source);

/// The edit_uri used when site.yml sets none: "edit/main/" + `notes_folder`
/// (the notes folder's path in the site folder, "" or "content") for a
/// github.com repo_url, else "".
std::string default_edit_uri(std::string_view repo_url, std::string_view notes_folder);

}  // namespace studywiki
