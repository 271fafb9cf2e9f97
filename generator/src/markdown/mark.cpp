// `==text==` highlights: a post-pass over each inline container's children.
// An opener `==` is not followed by whitespace, a closer not preceded by
// whitespace; runs of '=' longer than two are left alone. Code spans, math
// and raw HTML are separate nodes, so they are never searched.
#include <string>
#include <vector>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

namespace {

bool is_inline_container(cmark_node_type type) {
  switch (type) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
    case CMARK_NODE_CUSTOM_INLINE:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool has_inline_children(cmark_node* node) {
  const cmark_node_type type = cmark_node_get_type(node);
  if (is_inline_container(type)) return true;
  // Extension containers (table cells, strikethrough): look at the first child.
  if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) return false;
  cmark_node* child = cmark_node_first_child(node);
  if (child == nullptr) return false;
  const cmark_node_type ct = cmark_node_get_type(child);
  return (ct & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE;
}

namespace {

// Whitespace-ness of what follows/precedes a sibling boundary.
bool space_after_node(cmark_node* next) {
  if (next == nullptr) return true;
  const cmark_node_type type = cmark_node_get_type(next);
  if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) return true;
  if (type == CMARK_NODE_TEXT) {
    const std::string_view s = literal_of(next);
    return s.empty() || is_space(first_code_point(s));
  }
  return false;
}

bool space_before_node(cmark_node* prev) {
  if (prev == nullptr) return true;
  const cmark_node_type type = cmark_node_get_type(prev);
  if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) return true;
  if (type == CMARK_NODE_TEXT) {
    const std::string_view s = literal_of(prev);
    return s.empty() || is_space(last_code_point(s));
  }
  return false;
}

struct Token {
  cmark_node* node;  // a TEXT node holding exactly "=="
  bool can_open;
  bool can_close;
};

// Splits the text node at every `==` delimiter; appends tokens in order.
void split_text(cmark_node* text, std::vector<Token>& tokens) {
  const char* lit = cmark_node_get_literal(text);
  if (lit == nullptr) return;
  const std::string s(lit);
  if (s.find("==") == std::string::npos) return;

  struct Hit { std::size_t pos; bool open; bool close; };
  std::vector<Hit> hits;
  for (std::size_t i = 0; i + 1 < s.size();) {
    if (s[i] != '=') {
      ++i;
      continue;
    }
    std::size_t run = 0;
    while (i + run < s.size() && s[i + run] == '=') ++run;
    if (run == 2) {
      const bool space_before =
          i == 0 ? space_before_node(cmark_node_previous(text)) : is_space(decode_utf8_before(s, i));
      std::size_t after = i + 2;
      const bool space_after =
          after >= s.size() ? space_after_node(cmark_node_next(text)) : is_space(decode_utf8(s, after));
      const bool open = !space_after;
      const bool close = !space_before;
      if (open || close) hits.push_back({i, open, close});
    }
    i += run;
  }
  if (hits.empty()) return;

  cmark_node* anchor = text;  // insert pieces after this node
  std::size_t last = 0;
  for (const Hit& h : hits) {
    if (h.pos > last) {
      cmark_node* piece = new_text(std::string_view(s).substr(last, h.pos - last));
      cmark_node_insert_after(anchor, piece);
      anchor = piece;
    }
    cmark_node* tok = new_text("==");
    cmark_node_insert_after(anchor, tok);
    anchor = tok;
    tokens.push_back({tok, h.open, h.close});
    last = h.pos + 2;
  }
  if (last < s.size()) {
    cmark_node_insert_after(anchor, new_text(std::string_view(s).substr(last)));
  }
  cmark_node_free(text);
}

// Returns whether any text node was split.
bool process_container(cmark_node* parent) {
  std::vector<cmark_node*> texts;
  for (cmark_node* c = cmark_node_first_child(parent); c != nullptr; c = cmark_node_next(c)) {
    if (cmark_node_get_type(c) == CMARK_NODE_TEXT) texts.push_back(c);
  }
  if (texts.empty()) return false;
  std::vector<Token> tokens;
  for (cmark_node* t : texts) split_text(t, tokens);
  if (tokens.empty()) return false;

  std::vector<cmark_node*> openers;
  for (const Token& tok : tokens) {
    if (tok.can_close && !openers.empty()) {
      cmark_node* opener = openers.back();
      openers.pop_back();
      // A pair of tagged HTML_INLINE nodes rather than a container: table
      // cells and strikethrough refuse CUSTOM_INLINE children.
      cmark_node* open_tag = new_node(CMARK_NODE_HTML_INLINE);
      cmark_node_set_literal(open_tag, "<mark>");
      set_tag(open_tag, kTagMark);
      cmark_node* close_tag = new_node(CMARK_NODE_HTML_INLINE);
      cmark_node_set_literal(close_tag, "</mark>");
      set_tag(close_tag, kTagMark);
      cmark_node_replace(opener, open_tag);
      cmark_node_free(opener);
      cmark_node_replace(tok.node, close_tag);
      cmark_node_free(tok.node);
    } else if (tok.can_open) {
      openers.push_back(tok.node);
    }
  }
  return true;
}

}  // namespace

void apply_marks(const std::vector<cmark_node*>& containers) {
  for (cmark_node* c : containers) {
    if (!has_tag(c, kTagBareLink)) process_container(c);
  }
}

}  // namespace studywiki::markdown::detail
