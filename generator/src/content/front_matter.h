#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studywiki {

/// An error inside a note's front matter, positioned in the note's own lines.
struct FrontMatterError {
  int line = 1;
  int col = 1;
  std::string message;  ///< without the "front matter: " prefix
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
/// what could be read and appends errors (positions are lines of the note).
FrontMatter parse_front_matter(const SplitNote& split, std::vector<FrontMatterError>& errors);

/// "2024-03-05", "2024-03-05T10:00:00+08:00" -> "2024-03-05"; "" when not a date.
std::string date_part(std::string_view value);

}  // namespace studywiki
