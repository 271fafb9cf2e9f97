// Plain-text extraction from the (post-processed) cmark tree. Math gives
// its TeX, a wikilink its visible text, a tag its "#name" (all kept as
// string_content).
#include <string>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

namespace {

// plain_text_of, also noting where `mark`'s text starts and ends in it.
std::string plain_text_marking(cmark_node* root, bool source_lines, cmark_node* mark, std::size_t* mark_begin,
                               std::size_t* mark_end) {
  std::string out;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(node);
    const bool is_block = (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
    if (ev == CMARK_EVENT_EXIT) {
      if (node == mark) *mark_end = out.size();
      if (is_block && !out.empty() && out.back() != '\n') out += '\n';
      continue;
    }
    if (node == mark) *mark_begin = *mark_end = out.size();
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK: {
        const char* lit = cmark_node_get_literal(node);
        if (lit != nullptr) out += lit;
        break;
      }
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out += '\n';
        break;
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_CUSTOM_INLINE:
      case CMARK_NODE_CUSTOM_BLOCK:
        if (is_math_node(node) || has_tag(node, kTagWikiLink) || has_tag(node, kTagInlineTag)) {
          const char* tex = cmark_node_get_string_content(node);
          if (tex != nullptr) out += tex;
        } else if (source_lines && has_tag(node, kTagCjkJoin)) {
          out += '\n';
        }
        break;
      default:
        break;  // containers contribute through their children; raw HTML skipped
    }
    if (is_block && (type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK ||
                     type == CMARK_NODE_THEMATIC_BREAK)) {
      // Leaf blocks get no EXIT event.
      if (!out.empty() && out.back() != '\n') out += '\n';
    }
    if (node == mark && ev == CMARK_EVENT_ENTER && cmark_node_first_child(node) == nullptr) *mark_end = out.size();
  }
  cmark_iter_free(iter);
  return out;
}

}  // namespace

std::string plain_text_of(cmark_node* root, bool source_lines) {
  return plain_text_marking(root, source_lines, nullptr, nullptr, nullptr);
}

Excerpt context_of(cmark_node* node) {
  cmark_node* block = cmark_node_parent(node);
  while (block != nullptr && (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK)
    block = cmark_node_parent(block);
  if (block == nullptr) return {};
  std::size_t begin = 0, end = 0;
  const std::string text = plain_text_marking(block, false, node, &begin, &end);
  return sentence_around(text, begin, end);
}

}  // namespace studywiki::markdown::detail
