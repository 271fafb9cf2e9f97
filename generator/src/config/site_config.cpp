#include "config/site_config.h"

#include <yaml-cpp/yaml.h>

#include "core/fs.h"

namespace studywiki {

std::string normalize_base_url(std::string url) {
  if (!url.empty() && url.back() != '/') url += '/';
  return url;
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
  try {
    read_string(root, "title", config.title, display_path, diagnostics);
    read_string(root, "description", config.description, display_path, diagnostics);
    read_string(root, "language", config.language, display_path, diagnostics);
    read_string(root, "author", config.author, display_path, diagnostics);
    std::string base;
    if (read_string(root, "base_url", base, display_path, diagnostics))
      config.base_url = normalize_base_url(base);
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
    if (const YAML::Node recent = root["recent"]) config.recent_count = recent.as<size_t>();
  } catch (const YAML::Exception& e) {
    diagnostics.error(display_path, e.mark.line + 1, e.mark.column + 1, "site.yml: " + e.msg);
  }
}

}  // namespace studywiki
