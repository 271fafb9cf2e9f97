#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"

namespace studywiki {

/// The theme's interface strings in the site's language: every word a page
/// shows that is not a note's (templates/strings/LANG.yml; the format is
/// described at the top of templates/strings/en.yml).
///
/// Layers, later ones winning key by key: the built-in en.yml, the built-in
/// file of the language (exact name, else the same primary language:
/// zh-TW → zh-CN.yml), the site's own templates/strings/LANG.yml (exact
/// name, else same primary language). Top-level keys are for templates and
/// the generator; the keys under `script:` go to assets/strings.js.
class UiStrings {
 public:
  /// One string: `other` is the text; with plural forms, `one` is the text for 1.
  struct Value {
    std::string other, one;
    bool plural = false;
  };

  /// Loads the strings for `language`; problems (bad YAML, a value that is
  /// neither a string nor {one, other}) are errors at the file's line:col.
  /// `site_templates` may be empty (built-in theme only).
  static UiStrings load(const std::filesystem::path& site_templates, const std::string& display_dir,
                        const std::string& language, Diagnostics& diagnostics);
  /// The built-in English strings (for callers that have no site).
  static const UiStrings& builtin_english();

  const Value* find(std::string_view key) const;
  /// A string as plain HTML text for the generator's own markup, {{1}}, {{2}}…
  /// filled from `args` (already HTML-escaped by the caller); "" when missing.
  std::string text(std::string_view key, const std::vector<std::string>& args = {}) const;

  /// Replaces every `{{strings.KEY ARG…}}` in template text by the string:
  /// {{N}} / {{{N}}} in it become {{ARGN}} / {{{ARGN}}}, and plural forms a
  /// section on ARG1_is_one (TemplateSet gives every integer field 1 that
  /// flag). An unknown key or a missing argument is an error at the tag.
  std::string expand(std::string_view text, const std::string& display, Diagnostics& diagnostics) const;

  /// assets/strings.js: `window.swStrings={KEY:"text" or {one:…,other:…},…};`
  /// from the `script:` strings.
  std::string script_file() const;

  /// The language file the strings came from, e.g. "strings/zh-CN.yml".
  const std::string& source() const { return source_; }

 private:
  std::map<std::string, Value, std::less<>> strings_, script_;
  std::string source_ = "strings/en.yml";
};

/// What the language of a site whose site.yml names none is decided on
/// (content/language.h), for one text: CJK characters
/// (ideographs, kana, hangul) and other letters.
struct ScriptCounts {
  size_t cjk = 0, letters = 0;
};
ScriptCounts count_scripts(std::string_view text);
/// "zh-CN" when cjk is at least 10% of cjk + letters (and there are any), else "en".
std::string language_for(const ScriptCounts& counts);

}  // namespace studywiki
