// What a parsed note holds, shared by the files that implement Document:
//   document_parse.cpp   parse(): the passes that build the tree, in order
//   document_edit.cpp    the build's edits after parsing (links resolved,
//                        a heading or leading line removed)
//   document_render.cpp  HTML: the body, a section, a block, the [TOC]
//   document_query.cpp   what is read off the tree: headings, summaries,
//                        plain text, links, wikilinks, tags
// Internal: include "markdown/document.h" from other modules.
#pragma once

#include <cmark-gfm.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "markdown/document.h"
#include "markdown/internal.h"
#include "markdown/raw_html.h"
#include "markdown/tree_arena.h"

namespace studywiki::markdown {

namespace detail {

/// The parsed tree and what the passes recorded about it.
struct DocumentState {
  std::unique_ptr<TreeArena> arena;  // the tree's memory: destroyed after it (declared before)
  NodePtr root;
  Options options;
  std::string source;  // sanitised input; `lines` points into it
  std::unique_ptr<LineIndex> lines;
  std::vector<Heading> headings;
  std::vector<cmark_node*> heading_nodes;  // kTagHeading blocks, parallel to headings
  std::vector<cmark_node*> toc_nodes;      // kTagToc blocks
  Labels labels;                           // the words the HTML uses of its own (set_labels)
  bool has_math = false;
  // Start of each link/image as written (line, code-point column), taken
  // before later passes move nodes around. Links are never created after
  // parse(), so a live node's entry is its own.
  std::unordered_map<cmark_node*, std::pair<int, int>> link_pos;
  WikiRecords wikis;  // by kTagWikiLink node
  TagRecords tag_records;  // by kTagInlineTag node
  HtmlSanitizer raw_html;  // RawHtml::Sanitize: the raw HTML's URLs and output
  std::vector<InlineTag> tags;  // in document order, taken at the end of parse()
  std::vector<BlockId> block_ids;  // markers in the tree, turned into ids when rendered

  /// A link or image node's destination and where it was written.
  LinkTarget target_of(cmark_node* n) const;
  /// The level of each heading block, for section_nodes().
  std::unordered_map<cmark_node*, int> heading_levels() const;
  /// A heading's block and the blocks after it, up to the next heading of
  /// the same or a higher level among its siblings.
  std::vector<cmark_node*> section_nodes(std::size_t index, const std::unordered_map<cmark_node*, int>& levels) const;
};

inline bool is_link_or_image(cmark_node* n) {
  const cmark_node_type t = cmark_node_get_type(n);
  return t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE;
}
/// A link or image written in Markdown (not a bare URL cmark linked).
inline bool is_written_link(cmark_node* n) { return is_link_or_image(n) && !has_tag(n, kTagBareLink); }
/// Empties a javascript:, vbscript: or data: (not data:image/) destination.
inline void neutralise_url(cmark_node* node) {
  const char* url = cmark_node_get_url(node);
  if (url != nullptr && is_dangerous_url(url)) cmark_node_set_url(node, "");
}

/// The paragraph that opens the note (comment blocks before it aside; not
/// an escaped HTML block), else nullptr.
cmark_node* opening_paragraph(cmark_node* root);
/// The block that opens the note: its first, comment blocks aside.
cmark_node* opening_block(cmark_node* root);
/// A soft or hard line break, or the join that replaced one between CJK.
bool is_line_break(cmark_node* n);

/// The syntax extensions the HTML renderer gets (the GFM tag filter);
/// registers all extensions on first use.
cmark_llist* html_render_extensions();

}  // namespace detail

struct Document::Impl : detail::DocumentState {};

}  // namespace studywiki::markdown
