// Document's queries: what the build reads off the parsed tree (headings,
// the opening line, summaries, plain text, links, wikilinks, tags).
#include <string>

#include "markdown/document_impl.h"

namespace studywiki::markdown {

using namespace detail;

namespace {

/// A block that shows nothing: an HTML block (or the paragraph an escaped
/// one became) of comments and white space only.
bool is_comment_block(cmark_node* node) {
  std::string text;
  if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
    text = literal_of(node);
  } else if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH && has_tag(node, kTagEscapedHtml)) {
    for (cmark_node* c = cmark_node_first_child(node); c != nullptr; c = cmark_node_next(c)) {
      const char* lit = cmark_node_get_literal(c);
      text += lit != nullptr ? lit : "\n";
    }
  } else {
    return false;
  }
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
      ++i;
    } else if (text.compare(i, 4, "<!--") == 0) {
      const std::size_t end = text.find("-->", i + 4);
      if (end == std::string::npos) return true;  // an unclosed comment runs to the end
      i = end + 3;
    } else {
      return false;
    }
  }
  return true;
}

// Whitespace runs to one space; none where a line break joins CJK text.
std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  bool pending_newline = false;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t cp = decode_utf8(s, i);
    if (is_space(cp)) {
      pending = true;
      pending_newline = pending_newline || cp == '\n';
      continue;
    }
    if (pending && !out.empty()) {
      const bool join = pending_newline && is_cjk_no_space(last_code_point(out)) &&
                        is_cjk_no_space(cp);
      if (!join) out += ' ';
    }
    pending = false;
    pending_newline = false;
    out.append(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

LinkTarget DocumentState::target_of(cmark_node* n) const {
  const char* url = cmark_node_get_url(n);
  LinkTarget t{url != nullptr ? url : "", cmark_node_get_type(n) == CMARK_NODE_IMAGE, 0, 0};
  if (const auto it = link_pos.find(n); it != link_pos.end()) {
    t.line = it->second.first;
    t.col = it->second.second;
  }
  return t;
}

std::unordered_map<cmark_node*, int> DocumentState::heading_levels() const {
  std::unordered_map<cmark_node*, int> levels;
  for (std::size_t i = 0; i < heading_nodes.size(); ++i) levels[heading_nodes[i]] = headings[i].level;
  return levels;
}

std::vector<cmark_node*> DocumentState::section_nodes(std::size_t index,
                                                      const std::unordered_map<cmark_node*, int>& levels) const {
  std::vector<cmark_node*> nodes;
  if (index >= heading_nodes.size()) return nodes;
  const int level = headings[index].level;
  nodes.push_back(heading_nodes[index]);
  for (cmark_node* n = cmark_node_next(nodes.front()); n != nullptr; n = cmark_node_next(n)) {
    if (const auto it = levels.find(n); it != levels.end() && it->second <= level) break;
    nodes.push_back(n);
  }
  return nodes;
}

cmark_node* detail::opening_block(cmark_node* root) {
  cmark_node* n = cmark_node_first_child(root);
  while (n != nullptr && is_comment_block(n)) n = cmark_node_next(n);
  return n;
}

bool detail::is_line_break(cmark_node* n) {
  const cmark_node_type t = cmark_node_get_type(n);
  return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK || has_tag(n, kTagCjkJoin);
}

cmark_node* detail::opening_paragraph(cmark_node* root) {
  cmark_node* first = opening_block(root);
  if (first == nullptr || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH || has_tag(first, kTagEscapedHtml))
    return nullptr;
  return first;
}

const std::vector<Heading>& Document::headings() const { return impl_->headings; }

int Document::leading_heading_index() const {
  cmark_node* first = opening_block(impl_->root.get());
  if (first == nullptr || !has_tag(first, kTagHeading)) return -1;
  for (std::size_t i = 0; i < impl_->heading_nodes.size(); ++i) {
    if (impl_->heading_nodes[i] == first) return static_cast<int>(i);
  }
  return -1;
}

std::string Document::first_text_line() const {
  std::string result;
  for_each_node(impl_->root.get(), [&result](cmark_node* node) {
    const bool text_block = (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH && !has_tag(node, kTagEscapedHtml)) ||
                            has_tag(node, kTagHeading);
    if (!text_block) return Step::Continue;
    const std::string text = plain_text_of(node, /*source_lines=*/true);
    std::size_t start = 0;
    while (start < text.size() && result.empty()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      result = trim_spaces(std::string_view(text).substr(start, nl - start));
      start = nl + 1;
    }
    return result.empty() ? Step::Continue : Step::Stop;
  });
  return result;
}

std::string Document::leading_line() const {
  cmark_node* para = opening_paragraph(impl_->root.get());
  if (para == nullptr) return "";
  // Only a line of text (emphasis, highlight, code, math and #tags allowed):
  // a link, wikilink, embed, image, block id or raw HTML on it would go with it.
  auto carries_more = [](cmark_node* n) {
    const cmark_node_type t = cmark_node_get_type(n);
    return is_link_or_image(n) || has_tag(n, kTagWikiLink) || has_tag(n, kTagBlockId) ||
           (t == CMARK_NODE_HTML_INLINE && !has_tag(n, kTagMark) && !has_tag(n, kTagInlineTag) && !is_math_node(n));
  };
  std::string text;
  for (cmark_node* c = cmark_node_first_child(para); c != nullptr && !is_line_break(c); c = cmark_node_next(c)) {
    if (!collect(c, +carries_more).empty()) return "";
    text += plain_text_of(c, /*source_lines=*/true);
  }
  if (text.find('\n') != std::string::npos) return "";
  return trim_spaces(text);
}

std::vector<std::string> Document::section_summaries(std::size_t max_chars) const {
  std::vector<std::string> out;
  const auto levels = impl_->heading_levels();
  for (std::size_t i = 0; i < impl_->headings.size(); ++i) {
    std::string text;
    for (cmark_node* n : impl_->section_nodes(i, levels)) {
      if (has_tag(n, kTagHeading)) continue;
      for (cmark_node* p : collect(n, [](cmark_node* n) {
             return cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && !has_tag(n, kTagEscapedHtml);
           })) {
        text = trim_spaces(collapse_whitespace(summary_text_of(p)));
        if (!text.empty()) break;
      }
      if (!text.empty()) break;
    }
    if (count_code_points(text) > max_chars)
      text = trim_spaces(std::string_view(text).substr(0, prefix_bytes_for_code_points(text, max_chars))) +
             "\xE2\x80\xA6";
    out.push_back(std::move(text));
  }
  return out;
}

std::string Document::plain_text() const {
  std::string text = plain_text_of(impl_->root.get());
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

Document::Prose Document::prose_text() const {
  Prose p;
  p.text = prose_text_of(impl_->root.get(), &p.searchable);
  return p;
}

std::string Document::summary(std::size_t max_chars) const {
  std::string text;
  for (cmark_node* p : collect(impl_->root.get(), [](cmark_node* n) {
         return cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && !has_tag(n, kTagEscapedHtml);
       })) {
    text = trim_spaces(collapse_whitespace(summary_text_of(p)));
    if (!text.empty()) break;
  }
  if (count_code_points(text) <= max_chars) return text;
  std::string cut = trim_spaces(std::string_view(text).substr(0, prefix_bytes_for_code_points(text, max_chars)));
  return cut + "\xE2\x80\xA6";
}

bool Document::has_math() const { return impl_->has_math; }

bool Document::has_mermaid() const {
  bool found = false;
  for_each_node(impl_->root.get(), [&](cmark_node* n) {
    if (found || cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK) return;
    const char* info = cmark_node_get_fence_info(n);
    const std::string_view s = info != nullptr ? std::string_view(info) : std::string_view();
    found = s.substr(0, s.find_first_of(" \t")) == "mermaid";
  });
  return found;
}

std::vector<LinkTarget> Document::links() const {
  std::vector<LinkTarget> out;
  for (cmark_node* n : collect(impl_->root.get(), is_written_link)) {
    out.push_back(impl_->target_of(n));
  }
  for (LinkTarget& t : impl_->raw_html.links()) out.push_back(std::move(t));
  return out;
}

std::vector<WikiLink> Document::wikilinks() const {
  std::vector<WikiLink> out;
  for (cmark_node* n : collect(impl_->root.get(), [](cmark_node* n) { return has_tag(n, kTagWikiLink); })) {
    if (const auto it = impl_->wikis.find(n); it != impl_->wikis.end()) out.push_back(it->second);
  }
  return out;
}

std::vector<InlineTag> Document::tags() const { return impl_->tags; }

const std::vector<BlockId>& Document::block_ids() const { return impl_->block_ids; }

}  // namespace studywiki::markdown
