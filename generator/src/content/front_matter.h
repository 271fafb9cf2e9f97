#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"

namespace studywiki {

/// A problem inside a note's front matter, positioned in the note's own lines.
/// A value of the wrong type (`date: {{date}}`, `title: [a, b]`, `tags: 5`)
/// is a warning: that key is ignored and the note is published. What can
/// change whether or how the note is published without the reader noticing
/// is an error: YAML that does not parse (a `draft: true` in it is lost), a
/// `draft` that is neither true nor false, and the alias and nesting bounds.
struct FrontMatterError {
  int line = 1;
  int col = 1;
  std::string message;  ///< without the "front matter: " prefix
  Severity severity = Severity::Error;
};

/// The fields DESIGN.md names; every other key lands in `params`.
struct FrontMatter {
  std::optional<std::string> title;
  std::vector<std::string> tags;
  std::vector<std::string> aliases;
  std::string date;      ///< as written (validated to start with YYYY-MM-DD)
  std::string updated;
  bool draft = false;
  std::string description;
  nlohmann::json params = nlohmann::json::object();
};

/// A note's text split at its front matter.
struct SplitNote {
  std::string_view yaml;  ///< between the `---` lines (empty when there is none)
  std::string_view body;  ///< the Markdown after it
  int body_line = 1;      ///< 1-based line of the note where `body` starts
  int yaml_line = 0;      ///< 1-based line where `yaml` starts (0: none)
  bool has_front_matter = false;
};

/// Expects text already normalized (no BOM, "\n" line endings).
SplitNote split_front_matter(std::string_view text);

/// Parses the YAML; on malformed input or a field of the wrong type, returns
/// what could be read and appends problems (positions are lines of the note):
/// errors, and warnings for fields of the wrong type (see FrontMatterError).
///
/// YAML aliases share nodes, so a short front matter can name a node that
/// contains itself or billions of values. Reading is bounded, and always returns:
///  - a value that contains itself (`x: &a [*a]`) is an error at its key
///    ("recursive YAML alias in 'x'") and that key is dropped;
///  - a value nested deeper than 64 lists/maps is an error at its key
///    ("'x' is nested deeper than 64 levels") and that key is dropped; nesting
///    too deep for yaml-cpp's parser (a few hundred levels) is an error
///    "nested deeper than 64 levels" and nothing is read;
///  - visiting more than 100,000 keys and values in all is one error at the key
///    where the count ran out ("expands to more than 100000 values (through
///    YAML aliases?); ignored") and the whole front matter is ignored (an empty
///    FrontMatter), not just the keys from there on, which would depend on order.
/// Messages are without the "front matter: " prefix. Items of tags/aliases that
/// are lists or maps are warnings and are not walked into; so is a tag made
/// only of digits (`tags: 5`: a tag needs a letter, as an inline `#2024` does).
FrontMatter parse_front_matter(const SplitNote& split, std::vector<FrontMatterError>& errors);

/// "2024-03-05", "2024-03-05T10:00:00+08:00" -> "2024-03-05"; "" when not a date.
std::string date_part(std::string_view value);

}  // namespace studywiki
