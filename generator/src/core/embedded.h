#pragma once
#include <string_view>
#include <vector>

namespace studywiki {

/// A file of the built-in theme (templates/, KaTeX), compiled into the binary.
/// `name` is relative to templates/, e.g. "note.mustache", "assets/style.css".
struct EmbeddedFile {
  std::string_view name;
  std::string_view bytes;
};

std::vector<EmbeddedFile> embedded_files();
bool have_katex();
bool have_mermaid();  ///< assets/mermaid/mermaid.min.js is embedded (npm's mermaid was there at compile time)

}  // namespace studywiki
