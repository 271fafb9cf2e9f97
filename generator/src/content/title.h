#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "markdown/document.h"

namespace studywiki {

/// Names tools make up rather than people: `000_439ffd1bdb358e11`,
/// `Untitled`, `Untitled 3`, `未命名`, UUIDs, long digit stamps.
bool is_machine_made_name(std::string_view stem);

struct TitleChoice {
  std::string title;
  int hidden_heading = -1;  ///< heading index not to show again in the body
};

/// DESIGN.md's title rule: front matter, else the first level-1 heading, else
/// the file name unless machine-made, then the first heading of any level,
/// else the first line of text (cut at 60 characters).
TitleChoice choose_title(const std::optional<std::string>& front_title, const markdown::Document& doc,
                         std::string_view stem);

}  // namespace studywiki
