#include "config/site_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "content/slug.h"
#include "core/fs.h"
#include "links/suggest.h"
#include "links/urls.h"

namespace studywiki {

const std::vector<std::string> kSiteConfigKeys = {
    "title",       "description", "language", "base_url", "author",  "ignore",   "line_breaks",
    "raw_html",    "inline_tags", "recent",   "extra_css", "favicon", "repo_url", "edit_uri",
};

std::string normalize_base_url(std::string url) {
  if (!url.empty() && url.back() != '/') url += '/';
  return url;
}

std::string base_url_problem(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) rest = url.substr(8);
  else if (url.starts_with("http://")) rest = url.substr(7);
  else return "must start with http:// or https://";
  const std::string_view host = rest.substr(0, rest.find('/'));
  if (host.empty() || host.front() == ':' || host.front() == '.') return "has no host";
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return "holds a space or control character";
    if (c == '?' || c == '#') return "must not hold a query or fragment";
  }
  return "";
}

std::string default_edit_uri(std::string_view repo_url, std::string_view notes_folder) {
  if (!repo_url.starts_with("https://github.com/") && !repo_url.starts_with("http://github.com/")) return "";
  std::string uri = "edit/main/";
  if (!notes_folder.empty()) uri += std::string(notes_folder) + "/";
  return uri;
}

void apply_site_defaults(SiteConfig& config, const std::filesystem::path& site, const std::filesystem::path& source) {
  std::error_code ec;
  if (!config.extra_css_set && !site.empty() && std::filesystem::is_regular_file(site / "static" / "custom.css", ec))
    config.extra_css = {"custom.css"};
  if (config.edit_uri_set || config.repo_url.empty()) return;
  // The notes folder's path in the site folder (the repository): "content", or "" for a vault.
  const std::filesystem::path from = std::filesystem::weakly_canonical(site.empty() ? source : site, ec);
  const std::filesystem::path to = std::filesystem::weakly_canonical(source, ec);
  const std::string rel = to.lexically_relative(from).generic_string();
  if (ec || rel.empty() || rel.starts_with("..")) return;
  config.edit_uri = default_edit_uri(config.repo_url, rel == "." ? "" : rel);
}

std::string edit_url(const SiteConfig& config, std::string_view source) {
  if (config.edit_uri.empty()) return "";
  std::string base;
  if (links::is_external(config.edit_uri)) {
    base = config.edit_uri;
  } else {
    if (config.repo_url.empty()) return "";
    base = config.repo_url;
    if (base.back() != '/') base += '/';
    std::string_view uri = config.edit_uri;
    while (uri.starts_with('/')) uri.remove_prefix(1);
    base += uri;
  }
  // As MkDocs: a base that ends in '?', '#' or '=' takes the path as it is.
  if (!base.ends_with('/') && !base.ends_with('?') && !base.ends_with('#') && !base.ends_with('='))
    base += '/';
  return base + percent_encode_path(source);
}

namespace {

bool read_string(const YAML::Node& node, const char* key, std::string& out, const std::string& path,
                 Diagnostics& diagnostics) {
  const YAML::Node value = node[key];
  if (!value) return false;
  if (!value.IsScalar()) {
    diagnostics.error(path, value.Mark().line + 1, value.Mark().column + 1,
                      std::string(key) + " must be a string");
    return false;
  }
  out = value.as<std::string>();
  return true;
}

/// A stylesheet or icon path from site.yml: an absolute URL as written; a
/// path from the output root ("css/x.css"), warned about when static/ lacks it.
std::string site_file(const YAML::Node& node, const char* key, const std::filesystem::path& static_dir,
                      const std::string& path, Diagnostics& diagnostics) {
  std::string value = node.Scalar();
  if (links::is_external(value)) return value;
  while (value.starts_with('/') || value.starts_with("./")) value.erase(0, value.front() == '/' ? 1 : 2);
  std::error_code ec;
  if (!value.empty() && !std::filesystem::is_regular_file(static_dir / std::filesystem::u8path(value), ec))
    diagnostics.warning(path, node.Mark().line + 1, node.Mark().column + 1,
                        std::string(key) + " '" + value + "' is not a file in static/");
  return value;
}

/// extra_css, favicon, repo_url, edit_uri: the site's own look and links.
void read_look(const YAML::Node& root, const std::filesystem::path& static_dir, const std::string& path,
               SiteConfig& config, Diagnostics& diagnostics) {
  if (const YAML::Node css = root["extra_css"]) {
    config.extra_css_set = true;
    config.extra_css.clear();
    if (css.IsScalar()) {
      config.extra_css.push_back(site_file(css, "extra_css", static_dir, path, diagnostics));
    } else if (css.IsSequence()) {
      for (const auto& item : css) {
        if (item.IsScalar() && !item.Scalar().empty())
          config.extra_css.push_back(site_file(item, "extra_css", static_dir, path, diagnostics));
        else
          diagnostics.error(path, item.Mark().line + 1, item.Mark().column + 1, "extra_css must be a list of paths");
      }
    } else if (!css.IsNull()) {
      diagnostics.error(path, css.Mark().line + 1, css.Mark().column + 1, "extra_css must be a list of paths");
    }
    config.extra_css.erase(std::remove(config.extra_css.begin(), config.extra_css.end(), ""), config.extra_css.end());
  }
  std::string value;
  if (read_string(root, "favicon", value, path, diagnostics) && !value.empty())
    config.favicon = site_file(root["favicon"], "favicon", static_dir, path, diagnostics);
  for (const char* key : {"repo_url", "edit_uri"}) {
    if (!read_string(root, key, value, path, diagnostics)) continue;
    if (std::string_view(key) == "repo_url") {
      if (!value.empty() && !base_url_problem(value).empty()) {
        diagnostics.error(path, root[key].Mark().line + 1, root[key].Mark().column + 1,
                          "repo_url '" + value + "' " + base_url_problem(value));
        continue;
      }
      config.repo_url = value;
    } else {
      config.edit_uri = value;
      config.edit_uri_set = true;
    }
  }
}

/// `site.yml:3:1: warning: unknown key 'titel'; did you mean 'title'?`
void warn_unknown_keys(const YAML::Node& root, const std::string& path, Diagnostics& diagnostics) {
  static const links::Suggester suggester(kSiteConfigKeys);
  for (const auto& kv : root) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    if (std::find(kSiteConfigKeys.begin(), kSiteConfigKeys.end(), key) != kSiteConfigKeys.end()) continue;
    std::string message = "unknown key '" + key + "'";
    if (const auto near = suggester.suggest(key)) message += "; did you mean '" + *near + "'?";
    diagnostics.warning(path, kv.first.Mark().line + 1, kv.first.Mark().column + 1, message);
  }
}

}  // namespace

void load_site_config(const std::filesystem::path& path, const std::string& display_path,
                      SiteConfig& config, Diagnostics& diagnostics) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return;
  std::string error;
  auto text = fs::read_file(path, &error);
  if (!text) {
    diagnostics.error(display_path, 0, 0, error);
    return;
  }
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    diagnostics.error(display_path, e.mark.line + 1, e.mark.column + 1, "site.yml: " + e.msg);
    return;
  }
  if (!root || root.IsNull()) return;
  if (!root.IsMap()) {
    diagnostics.error(display_path, 1, 1, "site.yml must be a mapping of settings");
    return;
  }
  warn_unknown_keys(root, display_path, diagnostics);  // first: a value below that does not convert throws
  try {
    read_string(root, "title", config.title, display_path, diagnostics);
    read_string(root, "description", config.description, display_path, diagnostics);
    read_string(root, "language", config.language, display_path, diagnostics);
    read_string(root, "author", config.author, display_path, diagnostics);
    std::string base;
    if (read_string(root, "base_url", base, display_path, diagnostics) && !base.empty()) {
      if (const std::string why = base_url_problem(base); !why.empty())
        diagnostics.error(display_path, root["base_url"].Mark().line + 1, root["base_url"].Mark().column + 1,
                          "base_url '" + base + "' " + why + " (like https://me.github.io/wiki/)");
      else
        config.base_url = normalize_base_url(base);
    }
    if (const YAML::Node ignore = root["ignore"]) {
      if (ignore.IsSequence()) {
        for (const auto& item : ignore) config.ignore.push_back(item.as<std::string>());
      } else if (ignore.IsScalar()) {
        config.ignore.push_back(ignore.as<std::string>());
      } else {
        diagnostics.error(display_path, ignore.Mark().line + 1, ignore.Mark().column + 1,
                          "ignore must be a list of globs");
      }
    }
    std::string value;
    if (read_string(root, "raw_html", value, display_path, diagnostics)) {
      if (value == "allow") config.markdown.raw_html = markdown::RawHtml::Allow;
      else if (value == "escape") config.markdown.raw_html = markdown::RawHtml::Escape;
      else if (value == "sanitize") config.markdown.raw_html = markdown::RawHtml::Sanitize;
      else
        diagnostics.error(display_path, root["raw_html"].Mark().line + 1, root["raw_html"].Mark().column + 1,
                          "raw_html must be 'sanitize', 'escape' or 'allow'");
    }
    if (read_string(root, "line_breaks", value, display_path, diagnostics)) {
      if (value == "soft") config.markdown.line_breaks = markdown::LineBreaks::Soft;
      else if (value == "hard") config.markdown.line_breaks = markdown::LineBreaks::Hard;
      else
        diagnostics.error(display_path, root["line_breaks"].Mark().line + 1,
                          root["line_breaks"].Mark().column + 1, "line_breaks must be 'hard' or 'soft'");
    }
    if (const YAML::Node tags = root["inline_tags"]) {
      bool on = true;
      if (tags.IsScalar() && YAML::convert<bool>::decode(tags, on)) {
        config.markdown.inline_tags = on;
      } else {
        diagnostics.error(display_path, tags.Mark().line + 1, tags.Mark().column + 1,
                          "inline_tags must be true or false");
      }
    }
    read_look(root, path.parent_path() / "static", display_path, config, diagnostics);
    if (const YAML::Node recent = root["recent"]) config.recent_count = recent.as<size_t>();
  } catch (const YAML::Exception& e) {
    diagnostics.error(display_path, e.mark.line + 1, e.mark.column + 1, "site.yml: " + e.msg);
  }
}

}  // namespace studywiki
