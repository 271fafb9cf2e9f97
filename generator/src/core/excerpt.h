#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace studywiki {

/// The sentence around a span of text, for backlink and mention contexts:
/// `before` + `match` + `after` read as one sentence of the note.
struct Excerpt {
  std::string before;  ///< from the sentence start (or "…" and the last words) up to the span
  std::string match;   ///< the span itself
  std::string after;   ///< from the span to the sentence end (or the first words and "…")
};

/// Cuts the sentence that holds bytes [begin, end) of `text` (plain text,
/// one line per line break). A sentence ends at a line break, at 。！？；
/// (and their half-width forms) and at '.' followed by a space. Each side
/// keeps at most `max_side` code points; a side cut short gets "…".
/// Whitespace runs become one space; the result has no leading or trailing
/// spaces. Offsets past the end are clamped; invalid UTF-8 is kept as is.
Excerpt sentence_around(std::string_view text, std::size_t begin, std::size_t end, std::size_t max_side = 60);

}  // namespace studywiki
