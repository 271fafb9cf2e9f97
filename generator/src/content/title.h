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
  enum class Source {
    FrontMatter,  ///< front matter `title`
    Heading,      ///< a heading of the note (its own `# Title`, or any heading of a machine-named note)
    FileName,     ///< the file name
    FirstLine,    ///< the first line of text of a machine-named note
  };
  std::string title;
  Source source = Source::FileName;
  int hidden_heading = -1;  ///< heading index not to show again in the body
  bool hidden_line = false; ///< the note's opening line is the title: not shown again (Document::remove_leading_line)
};

/// DESIGN.md's title rule ("Notes"):
///  1. front matter `title`;
///  2. else the note's own title heading: a level-1 heading that opens the
///     note (its first block; blank lines and comments before it aside) and
///     is its only level-1 heading (notes that use `#` for sections —
///     `# 题目` `# 思路` `# 参考` — have none);
///  3. else the file name, unless it is machine-made;
///  4. then the first heading of any level, else the first line of text
///     (Markdown stripped, cut at 60 characters), else the file name.
/// What is not shown twice: the heading that opens the note when the title
/// came from it (2, 4) or is the front matter title (1); the opening line
/// when the title is that whole line (4). A title from the file name hides
/// nothing: an opening `# Heading` stays a section with its id.
TitleChoice choose_title(const std::optional<std::string>& front_title, const markdown::Document& doc,
                         std::string_view stem);

}  // namespace studywiki
