#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "config/ui_strings.h"
#include "core/diagnostics.h"

namespace studywiki {

/// The page templates (layout, note, folder, home, 404, tag, tags, graph, redirect),
/// parsed once per build: a site's own `templates/NAME.mustache` replaces the built-in one of
/// the same name; `{{strings.KEY …}}` tags are replaced by the interface strings first
/// (config/ui_strings.h). Rendering is safe from several threads.
class TemplateSet {
 public:
  static constexpr const char* kNames[] = {"layout", "note", "folder", "home", "404", "tag", "tags", "graph", "all", "redirect"};

  /// Loads every template; problems are reported against the template file.
  /// `site_templates` may be empty (built-in theme only).
  static std::unique_ptr<TemplateSet> load(const std::filesystem::path& site_templates,
                                           const std::string& display_dir, Diagnostics& diagnostics,
                                           const UiStrings& strings = UiStrings::builtin_english());
  ~TemplateSet();

  /// Renders template `name` with `context`; returns "" if it is missing.
  /// The context becomes kainjow data: objects, arrays, strings ("" is false,
  /// so an empty field hides its section), numbers as their decimal text,
  /// true/false as sections, null as a false section; an object's integer
  /// member K that is 1 also gives K_is_one = true (plural strings test it).
  std::string render(const std::string& name, const nlohmann::json& context) const;

  /// Renders a whole page: template `kind` into `body`, then `layout` around
  /// it, converting the context to template data once.
  std::string render_page(const std::string& kind, const nlohmann::json& context) const;
  /// The same, taking the strings out of `context` instead of copying them.
  std::string render_page(const std::string& kind, nlohmann::json&& context) const;
  /// A hash of every template's text (the theme's words expanded in it): with a
  /// page's kind and context, all that decides what render_page() gives.
  uint64_t fingerprint() const;

  /// Renders an arbitrary template text (used by the spec test).
  static std::string render_text(const std::string& text, const nlohmann::json& context,
                                 const std::map<std::string, std::string>& partials, std::string* error);

 private:
  TemplateSet() = default;
  struct Parsed;
  std::map<std::string, std::unique_ptr<Parsed>> templates_;
};

}  // namespace studywiki
