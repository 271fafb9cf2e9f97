// Document's HTML: the body, a section, a block, the [TOC].
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "markdown/document_impl.h"
#include "markdown/highlight.h"

namespace studywiki::markdown {

using namespace detail;

namespace {

/// The first word of a code block's info string: its language ("" when none).
std::string_view code_language(cmark_node* block) {
  const char* info = cmark_node_get_fence_info(block);
  if (info == nullptr) return {};
  std::string_view s(info);
  const std::size_t end = s.find_first_of(" \t\n\r\f\v");
  return end == std::string_view::npos ? s : s.substr(0, end);
}

/// A code block's HTML when it is not what cmark writes: a Mermaid diagram
/// (`<pre class="mermaid">` with the source as text, drawn by the theme), or
/// code source-highlight knows. "" for plain code (cmark writes it).
std::string special_code_html(cmark_node* block) {
  const std::string_view lang = code_language(block);
  if (lang.empty()) return "";
  const char* lit = cmark_node_get_literal(block);
  const std::string_view code = lit != nullptr ? std::string_view(lit) : std::string_view();
  std::string out;
  if (lang == "mermaid") {
    out = "<pre class=\"mermaid\">";
    append_escaped_html(out, code);
    out += "</pre>\n";
    return out;
  }
  std::optional<std::string> html = highlight_code(lang, code);
  if (!html) return "";
  out = "<pre><code class=\"language-";
  append_escaped_html(out, lang);
  out += "\">";
  out += *html;
  out += "</code></pre>\n";
  return out;
}

std::string render_cmark(cmark_node* node, const Options& o) {
  int options = CMARK_OPT_UNSAFE;
  if (o.line_breaks == LineBreaks::Hard) options |= CMARK_OPT_HARDBREAKS;
  // The tag filter is for RawHtml::Allow; sanitized HTML holds only what it
  // wrote (its video <iframe>s among them).
  // Its buffer from the heap, whatever the tree's allocator (tree_arena.h).
  char* rendered = cmark_render_html_with_mem(node, options, o.raw_html == RawHtml::Sanitize ? nullptr : html_render_extensions(),
                                              cmark_get_default_mem_allocator());
  std::string out = rendered != nullptr ? rendered : "";
  cmark_get_default_mem_allocator()->free(rendered);
  return out;
}

/// cmark's HTML of `node`, with highlighted code and Mermaid blocks: each
/// such code block is swapped for a custom block holding its HTML while
/// cmark renders, then put back (queries keep seeing the code block).
std::string render_node(cmark_node* node, const Options& o) {
  if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK) {
    std::string html = special_code_html(node);
    return html.empty() ? render_cmark(node, o) : html;
  }
  std::vector<std::pair<cmark_node*, std::string>> swaps;
  for_each_node(node, [&](cmark_node* n) {
    if (cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK) return;
    std::string html = special_code_html(n);
    if (!html.empty()) swaps.emplace_back(n, std::move(html));
  });
  if (swaps.empty()) return render_cmark(node, o);
  std::vector<cmark_node*> stand_ins;
  for (auto& [block, html] : swaps) {
    cmark_node* custom = new_node(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(custom, html.c_str());
    cmark_node_set_on_exit(custom, "");
    cmark_node_replace(block, custom);
    stand_ins.push_back(custom);
  }
  std::string out = render_cmark(node, o);
  for (std::size_t i = 0; i < swaps.size(); ++i) {
    cmark_node_replace(stand_ins[i], swaps[i].first);
    cmark_node_free(stand_ins[i]);
  }
  return out;
}

}  // namespace

std::string Document::toc_html() const {
  const auto& headings = impl_->headings;
  if (headings.empty()) return "";
  int min_level = 7;
  for (const auto& h : headings) min_level = std::min(min_level, h.level);
  std::string out = "<nav class=\"toc-inline\" aria-label=\"" + impl_->labels.toc + "\">\n<ol>\n";
  for (const auto& h : headings) {
    out += "<li class=\"toc-d" + std::to_string(h.level - min_level) + "\"><a href=\"#";
    append_escaped_html(out, h.id);
    out += "\">";
    append_escaped_html(out, h.text);
    out += "</a></li>\n";
  }
  out += "</ol>\n</nav>\n";
  return out;
}

void Document::fill_tocs() const {
  if (impl_->toc_nodes.empty()) return;
  const std::string toc = toc_html();
  for (cmark_node* n : impl_->toc_nodes) cmark_node_set_on_enter(n, toc.c_str());
}

std::string Document::html() const {
  fill_tocs();
  if (!impl_->block_ids.empty()) return place_block_ids(render_node(impl_->root.get(), impl_->options));
  return render_node(impl_->root.get(), impl_->options);
}

std::string Document::section_html(const std::string& id) const {
  fill_tocs();
  for (std::size_t i = 0; i < impl_->headings.size(); ++i) {
    if (impl_->headings[i].id != id) continue;
    std::string out;
    for (cmark_node* n : impl_->section_nodes(i, impl_->heading_levels())) out += render_node(n, impl_->options);
    return impl_->block_ids.empty() ? out : place_block_ids(out);
  }
  return "";
}

std::string Document::block_html(const std::string& id) const {
  for (const BlockId& b : impl_->block_ids)
    if (b.id == id) return element_with_id(html(), id);
  return "";
}

}  // namespace studywiki::markdown
