// Document's HTML: the body, a section, a block, the [TOC].
#include <algorithm>
#include <string>

#include "markdown/document_impl.h"

namespace studywiki::markdown {

using namespace detail;

namespace {

std::string render_node(cmark_node* node, const Options& o) {
  int options = CMARK_OPT_UNSAFE;
  if (o.line_breaks == LineBreaks::Hard) options |= CMARK_OPT_HARDBREAKS;
  // The tag filter is for RawHtml::Allow; sanitized HTML holds only what it
  // wrote (its video <iframe>s among them).
  char* rendered = cmark_render_html(node, options, o.raw_html == RawHtml::Sanitize ? nullptr : html_render_extensions());
  std::string out = rendered != nullptr ? rendered : "";
  cmark_get_default_mem_allocator()->free(rendered);
  return out;
}

}  // namespace

std::string Document::toc_html() const {
  const auto& headings = impl_->headings;
  if (headings.empty()) return "";
  int min_level = 7;
  for (const auto& h : headings) min_level = std::min(min_level, h.level);
  std::string out = "<nav class=\"toc-inline\" aria-label=\"" + impl_->toc_label + "\">\n<ol>\n";
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

void Document::set_toc_label(std::string label) { impl_->toc_label = std::move(label); }

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
