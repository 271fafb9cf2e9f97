#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "markdown/document.h"

// The first phase of the search index: a note's rendered body cut into its
// heading sections, the search documents (see search/index.h).
namespace studywiki::search {

/// One heading section of a rendered body.
struct SectionText {
  std::string anchor;               ///< heading id, "" before the first heading
  std::string heading;              ///< heading text
  std::string body;                 ///< text for the body field (blocks on their own lines)
  std::vector<std::string> links;   ///< link texts
  std::string text;                 ///< everything shown, whitespace collapsed (for snippets)
};

/// Cuts a note's body HTML (as the renderer writes it) at every `<hN id=…>`:
/// text without tags, entities decoded; links' text apart; the heading
/// anchors' "#", embedded notes (`<div class="embed…">`), images, scripts
/// and styles left out. `headings` give the heading text by id (else the
/// heading element's own text).
std::vector<SectionText> split_sections(std::string_view html, const std::vector<markdown::Heading>& headings);

/// Cuts to at most `max` code points (no ellipsis): a section's snippet.
std::string cut_code_points(const std::string& s, size_t max);

}  // namespace studywiki::search
