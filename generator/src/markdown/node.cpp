#include "markdown/node.h"

#include <string>

#include "markdown/internal.h"
#include "markdown/tree_arena.h"

namespace studywiki::markdown::detail {

std::vector<NodeEvent> events_of(cmark_node* root) {
  std::vector<NodeEvent> out;
  for_each_event(root, [&out](cmark_node* node, bool entering) { out.push_back({node, entering}); });
  return out;
}

cmark_node* new_node(cmark_node_type type, cmark_syntax_extension* extension) {
  return cmark_node_new_with_mem_and_ext(type, tree_mem(), extension);
}

cmark_node* new_text(std::string_view text) {
  cmark_node* node = new_node(CMARK_NODE_TEXT);
  const std::string copy(text);  // cmark wants a NUL-terminated string
  cmark_node_set_literal(node, copy.c_str());
  return node;
}

std::string_view literal_of(cmark_node* node) {
  const char* lit = cmark_node_get_literal(node);
  return lit != nullptr ? lit : "";
}

char32_t first_code_point(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t i = 0;
  return decode_utf8(text, i);
}

char32_t last_code_point(std::string_view text) { return decode_utf8_before(text, text.size()); }

}  // namespace studywiki::markdown::detail
