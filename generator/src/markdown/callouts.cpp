// Obsidian callouts: a block quote whose first line is `[!type]`, `[!type]-`
// (folded) or `[!type]+` (foldable, open), optionally followed by a title.
//
//   > [!warning]- 小心
//   > body
//
// renders as
//
//   <details class="callout" data-callout="warning"><summary class="callout-title">小心</summary>
//   <div class="callout-content"><p>body</p></div></details>
//
// and without a fold marker as <div class="callout" …><div class="callout-title">…</div>
// <div class="callout-content">…</div></div>. An empty title shows the type's name.
#include <cstring>
#include <string>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

namespace {

/// Obsidian's aliases, folded to the type the theme styles.
std::string canonical_type(std::string type) {
  for (auto& c : type)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  static const std::pair<const char*, const char*> aliases[] = {
      {"summary", "abstract"}, {"tldr", "abstract"}, {"hint", "tip"},         {"important", "tip"},
      {"check", "success"},    {"done", "success"},  {"help", "question"},    {"faq", "question"},
      {"caution", "warning"},  {"attention", "warning"}, {"fail", "failure"}, {"missing", "failure"},
      {"error", "danger"},     {"cite", "quote"}};
  for (const auto& [from, to] : aliases)
    if (type == from) return to;
  return type;
}

bool valid_type_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

cmark_node* wrapper(cmark_node_type type, const std::string& enter, const std::string& exit) {
  cmark_node* node = new_node(type);
  cmark_node_set_on_enter(node, enter.c_str());
  cmark_node_set_on_exit(node, exit.c_str());
  return node;
}

/// Turns one block quote into a callout if its first text says so.
void convert(cmark_node* quote) {
  cmark_node* para = cmark_node_first_child(quote);
  if (para == nullptr || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return;
  cmark_node* first = cmark_node_first_child(para);
  if (first == nullptr || cmark_node_get_type(first) != CMARK_NODE_TEXT) return;
  const char* lit = cmark_node_get_literal(first);
  if (lit == nullptr || std::strncmp(lit, "[!", 2) != 0) return;
  std::string_view text(lit);
  size_t close = text.find(']');
  if (close == std::string_view::npos || close == 2) return;
  std::string type(text.substr(2, close - 2));
  for (char c : type)
    if (!valid_type_char(c)) return;
  size_t pos = close + 1;
  char fold = 0;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) fold = text[pos++];
  while (pos < text.size() && text[pos] == ' ') ++pos;
  const std::string rest(text.substr(pos));

  // Title: the rest of the first line, with its inline markup.
  cmark_node* title = wrapper(CMARK_NODE_CUSTOM_INLINE, "", "");
  if (!rest.empty()) {
    cmark_node* t = new_node(CMARK_NODE_TEXT);
    cmark_node_set_literal(t, rest.c_str());
    cmark_node_append_child(title, t);
  }
  cmark_node_free(first);
  while (cmark_node* n = cmark_node_first_child(para)) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      cmark_node_free(n);
      break;
    }
    cmark_node_own(n);
    cmark_node_append_child(title, n);
  }
  const std::string kind = canonical_type(type);
  if (cmark_node_first_child(title) == nullptr) {
    std::string name = type;
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
    cmark_node* t = new_node(CMARK_NODE_TEXT);
    cmark_node_set_literal(t, name.c_str());
    cmark_node_append_child(title, t);
  }
  const std::string attrs = " class=\"callout\" data-callout=\"" + escape_html(kind) + "\"";
  cmark_node* box = fold ? wrapper(CMARK_NODE_CUSTOM_BLOCK, "<details" + attrs + (fold == '+' ? " open>" : ">"), "</details>")
                         : wrapper(CMARK_NODE_CUSTOM_BLOCK, "<div" + attrs + ">", "</div>");
  cmark_node* title_block = wrapper(CMARK_NODE_CUSTOM_BLOCK, "", "");
  cmark_node_set_on_enter(title, fold ? "<summary class=\"callout-title\">" : "<div class=\"callout-title\">");
  cmark_node_set_on_exit(title, fold ? "</summary>" : "</div>");
  cmark_node_append_child(title_block, title);
  cmark_node_append_child(box, title_block);
  cmark_node* content = wrapper(CMARK_NODE_CUSTOM_BLOCK, "<div class=\"callout-content\">", "</div>");
  if (cmark_node_first_child(para) == nullptr) cmark_node_free(para);
  while (cmark_node* child = cmark_node_first_child(quote)) {
    cmark_node_own(child);
    cmark_node_append_child(content, child);
  }
  cmark_node_append_child(box, content);
  cmark_node_replace(quote, box);
  cmark_node_free(quote);
}

}  // namespace

void apply_callouts(cmark_node* root) {
  const std::vector<cmark_node*> quotes =
      collect(root, [](cmark_node* n) { return cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE; });
  // Innermost first, so a callout inside a callout is converted before its parent moves it.
  for (auto it = quotes.rbegin(); it != quotes.rend(); ++it) convert(*it);
}

}  // namespace studywiki::markdown::detail
