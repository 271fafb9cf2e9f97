// Plain-text extraction from the (post-processed) cmark tree. Math gives
// its TeX, a wikilink its visible text, a tag its "#name" (all kept as
// string_content).
#include <string>
#include <unordered_map>
#include <vector>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

namespace {

struct Walk {
  bool source_lines = false;
  bool summary = false;           // no image alt text; #tags marked (see summary_text_of)
  std::string* masked = nullptr;  // prose: see prose_text_of
  // Nodes whose text's start and end to note: node -> index into spans.
  const std::unordered_map<cmark_node*, std::size_t>* marks = nullptr;
  std::vector<std::pair<std::size_t, std::size_t>>* spans = nullptr;
};

std::string walk(cmark_node* root, const Walk& w) {
  std::string out;
  int hidden = 0;  // inside a link or image: masked in prose
  int skipped = 0; // inside an image: left out of a summary or prose
  auto add = [&](std::string_view text, bool words) {
    if (skipped > 0) return;
    out.append(text);
    if (w.masked) {
      if (words && hidden == 0) w.masked->append(text);
      else w.masked->append(text.size(), ' ');
    }
  };
  auto end_line = [&] {
    if (!out.empty() && out.back() != '\n') add("\n", true);
  };
  for_each_event(root, [&](cmark_node* node, bool entering) {
    const cmark_node_type type = cmark_node_get_type(node);
    const bool is_block = (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
    const bool image = type == CMARK_NODE_IMAGE && (w.summary || w.masked);
    const bool link = type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE;
    const auto mark = w.marks ? w.marks->find(node) : decltype(w.marks->end()){};
    const bool marked = w.marks && mark != w.marks->end();
    if (!entering) {
      if (marked) (*w.spans)[mark->second].second = out.size();
      if (link) --hidden;
      if (image) --skipped;
      if (is_block) end_line();
      return;
    }
    if (marked) (*w.spans)[mark->second] = {out.size(), out.size()};
    if (link) ++hidden;
    if (image) ++skipped;
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK: {
        const char* lit = cmark_node_get_literal(node);
        if (lit != nullptr && !(type == CMARK_NODE_CODE_BLOCK && w.masked)) add(lit, type == CMARK_NODE_TEXT);
        break;
      }
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        add("\n", true);
        break;
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_CUSTOM_INLINE:
      case CMARK_NODE_CUSTOM_BLOCK:
        if (is_math_node(node) || has_tag(node, kTagWikiLink) || has_tag(node, kTagInlineTag) ||
            has_tag(node, kTagMedia)) {
          const char* text = cmark_node_get_string_content(node);
          // Summaries drop the tags a paragraph starts or ends with: marked here.
          const bool tag = w.summary && has_tag(node, kTagInlineTag);
          if (tag) add("\x01", false);
          if (text != nullptr) add(text, false);
          if (tag) add("\x02", false);
        } else if (w.source_lines && has_tag(node, kTagCjkJoin)) {
          add("\n", true);
        }
        break;
      default:
        break;  // containers contribute through their children; raw HTML skipped
    }
    if (is_block && (type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK ||
                     type == CMARK_NODE_THEMATIC_BREAK)) {
      end_line();  // leaf blocks get no EXIT event
    }
    if (marked && cmark_node_first_child(node) == nullptr && !link) (*w.spans)[mark->second].second = out.size();
  });
  return out;
}

}  // namespace

std::string plain_text_of(cmark_node* root, bool source_lines) {
  Walk w;
  w.source_lines = source_lines;
  return walk(root, w);
}

std::string summary_text_of(cmark_node* root) {
  Walk w;
  w.summary = true;
  std::string text = walk(root, w);
  // Tags (between \x01 and \x02) and spaces at either end go.
  auto is_space_byte = [](char c) { return c == ' ' || c == '\n' || c == '\t'; };
  std::size_t begin = 0, end = text.size();
  for (;;) {
    while (begin < end && is_space_byte(text[begin])) ++begin;
    if (begin < end && text[begin] == '\x01') {
      const std::size_t close = text.find('\x02', begin);
      begin = close == std::string::npos ? end : close + 1;
      continue;
    }
    break;
  }
  for (;;) {
    while (end > begin && is_space_byte(text[end - 1])) --end;
    if (end > begin && text[end - 1] == '\x02') {
      const std::size_t open = text.rfind('\x01', end - 1);
      end = open == std::string::npos || open < begin ? begin : open;
      continue;
    }
    break;
  }
  std::string out;
  out.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i)
    if (text[i] != '\x01' && text[i] != '\x02') out += text[i];
  return out;
}

std::string prose_text_of(cmark_node* root, std::string* searchable) {
  Walk w;
  w.masked = searchable;
  return walk(root, w);
}

std::vector<Excerpt> contexts_of(const std::vector<cmark_node*>& nodes) {
  std::vector<Excerpt> out(nodes.size());
  // One walk per block, however many links it holds.
  std::vector<cmark_node*> blocks;
  std::unordered_map<cmark_node*, std::unordered_map<cmark_node*, std::size_t>> marks;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    cmark_node* block = cmark_node_parent(nodes[i]);
    while (block != nullptr && (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK)
      block = cmark_node_parent(block);
    if (block == nullptr) continue;
    auto [it, added] = marks.try_emplace(block);
    if (added) blocks.push_back(block);
    it->second.emplace(nodes[i], i);
  }
  std::vector<std::pair<std::size_t, std::size_t>> spans(nodes.size());
  for (cmark_node* block : blocks) {
    Walk w;
    w.marks = &marks[block];
    w.spans = &spans;
    const std::string text = walk(block, w);
    for (const auto& [node, i] : marks[block]) out[i] = sentence_around(text, spans[i].first, spans[i].second);
  }
  return out;
}

}  // namespace studywiki::markdown::detail
