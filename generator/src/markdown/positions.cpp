// Source positions of inline nodes. cmark-gfm reports the columns of inlines
// on a paragraph's continuation lines as if the line started at the
// paragraph's first column: it strips the line's container prefix and
// leading whitespace (`  [y](u)` on line 2 is reported at column 1). The
// fix: find where that line's content really starts and add the offset.
#include <string>
#include <vector>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

namespace {

bool is_block(cmark_node* node) {
  return (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

}  // namespace

bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// Byte length of an entity reference (`&amp;`, `&#91;`, `&#x5B;`) at s[i], or 0.
std::size_t entity_length(std::string_view s, std::size_t i) {
  if (i >= s.size() || s[i] != '&') return 0;
  std::size_t k = i + 1;
  if (k < s.size() && s[k] == '#') ++k;
  const std::size_t name = k;
  while (k < s.size() && k - name < 32 &&
         ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9'))) {
    ++k;
  }
  if (k == name || k >= s.size() || s[k] != ';') return 0;
  return k + 1 - i;
}

std::size_t continuation_content_start(cmark_node* block, std::string_view line) {
  int quotes = 0;
  for (cmark_node* p = cmark_node_parent(block); p != nullptr; p = cmark_node_parent(p)) {
    if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE) ++quotes;
  }
  std::size_t i = 0;
  for (;;) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (quotes > 0 && i < line.size() && line[i] == '>') {
      --quotes;
      ++i;
      continue;
    }
    break;
  }
  return i;
}

SourcePos inline_start(cmark_node* node, const LineIndex& source) {
  SourcePos pos{cmark_node_get_start_line(node), cmark_node_get_start_column(node)};
  if (pos.line <= 0 || pos.byte_col <= 0) return SourcePos{};
  cmark_node* block = cmark_node_parent(node);
  while (block != nullptr && !is_block(block)) block = cmark_node_parent(block);
  if (block == nullptr) return pos;
  const cmark_node_type type = cmark_node_get_type(block);
  if (type != CMARK_NODE_PARAGRAPH && type != CMARK_NODE_HEADING) return pos;
  const int block_line = cmark_node_get_start_line(block);
  const int block_col = cmark_node_get_start_column(block);
  if (block_line <= 0 || pos.line <= block_line) return pos;

  // Continuation line: skip the container prefix (block quote markers,
  // whitespace; fewer markers on lazy lines) to the content's first byte.
  const std::size_t i = continuation_content_start(block, source.line_text(pos.line));
  pos.byte_col = static_cast<int>(i) + 1 + (pos.byte_col - block_col);
  return pos;
}

LiteralMap map_literal(std::string_view literal, std::string_view source, std::size_t start) {
  LiteralMap m;
  m.offset.assign(literal.size(), std::string_view::npos);
  m.escaped.assign(literal.size(), false);
  if (start == std::string_view::npos) return m;
  std::size_t s = start;
  std::size_t l = 0;
  while (l < literal.size() && s < source.size() && source[s] != '\n') {
    // As cmark reads text: a backslash before ASCII punctuation is always an
    // escape (`\\~~~` is an escaped backslash and a run of three), so it is
    // tried before the characters are compared.
    if (source[s] == '\\' && s + 1 < source.size() && is_ascii_punct(source[s + 1]) && source[s + 1] == literal[l]) {
      m.escaped[l] = true;
      m.offset[l++] = s + 1;
      s += 2;
      continue;
    }
    if (const std::size_t ent = entity_length(source, s);
        ent > 0 && literal.compare(l, ent, source.substr(s, ent)) != 0) {
      // Decoded entity: one code point of the literal.
      std::size_t next = l;
      decode_utf8(literal, next);
      for (std::size_t k = l; k < next; ++k) m.offset[k] = s;
      l = next;
      s += ent;
      continue;
    }
    if (source[s] == literal[l]) {
      m.offset[l++] = s++;
      continue;
    }
    break;  // lost track: the rest stays unknown
  }
  return m;
}

SourcePos start_of(cmark_node* text, const StartOverrides& starts, const LineIndex& source) {
  const auto it = starts.find(text);
  return it != starts.end() && it->second.line > 0 ? it->second : inline_start(text, source);
}

void record_start(cmark_node* node, std::size_t offset, StartOverrides& starts, const LineIndex& source) {
  SourcePos p;
  if (offset != std::string_view::npos) source.locate(offset, &p.line, &p.byte_col);
  if (p.line > 0) {
    starts[node] = p;
  } else {
    starts.erase(node);
  }
}

}  // namespace studywiki::markdown::detail
