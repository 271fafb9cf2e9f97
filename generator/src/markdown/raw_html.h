// RawHtml::Sanitize: the raw HTML a note holds (what Typora writes as a
// matter of course: `<img style="zoom:50%">`, `<div align="center">`, `<br>`,
// `<kbd>`, `<font color>`, `<details>`, HTML tables) rendered through an
// allowlist; nothing that can run script survives.
//
// How. cmark-gfm splits raw HTML into HTML_INLINE nodes (one tag or comment
// each) and HTML_BLOCK nodes (a block of lines). Each node's text is cut
// into tags, comments and text, following the HTML tokenizer's rules for
// where a tag ends (quoted attribute values, comments, raw-text elements
// such as <script>); each allowed start tag's attributes are read by a real
// HTML parser (gumbo: quoting, duplicates, character references decoded) and
// the tag is written again from scratch, from the allowlist only, every
// value escaped. Source text is never copied through: text gets `<`/`>`
// escaped, a tag not on the list is shown as text (`List<String>`,
// `<dependency>`), so what the sanitizer does not understand is inert.
//
// Tags opened in one node and closed in another (`<font color=red>` …
// `</font>` around Markdown text; `<details>` … `</details>` around Markdown
// blocks) are matched with a stack of open elements per container (the
// paragraph, table cell, list item or document the node sits in): an end
// tag closes what its container has open (and everything opened above it),
// one with nothing to close is dropped. What is still open is closed at the
// end of its container and before every heading of that container (so a
// heading's section, which note embeds render on their own, is balanced
// too). Inline elements an HTML block leaves open are closed at the block's
// end; a `<p>` it leaves open becomes a `<div>` (it will hold Markdown
// blocks); block containers (div, center, details, lists, tables…) stay open
// across the Markdown blocks that follow. The output is well-formed.
//
// Dropped with their content: script, style, iframe (except YouTube and
// Bilibili players, rewritten to youtube-nocookie.com / player.bilibili.com
// with fixed attributes), object, applet, embed, frame(set), template, svg,
// math, noscript, noembed, noframes, textarea, title, xmp, plaintext; the
// tag only: html, head, body, base, link, meta. Comments are dropped. In a
// paragraph, a <script> (etc.) whose end tag is not in the same paragraph is
// shown as text ("用 <script> 标签").
//
// URLs: <a href>, <img src>, <video>/<audio>/<source src> are link targets
// like Markdown ones (see links(), rewrite_urls()); javascript:, vbscript:
// and data: (except data:image/ in src) are dropped.
#pragma once

#include <cmark-gfm.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "markdown/document.h"

namespace studywiki::markdown::detail {

class LineIndex;

class HtmlSanitizer {
 public:
  HtmlSanitizer();
  ~HtmlSanitizer();
  HtmlSanitizer(const HtmlSanitizer&) = delete;
  HtmlSanitizer& operator=(const HtmlSanitizer&) = delete;

  /// Sanitizes `raw` (the user's HTML_INLINE/HTML_BLOCK nodes under `root`,
  /// in document order) in place. Returns the nodes to show as text
  /// instead (escape them): an inline tag not on the list, an HTML block
  /// with no allowed element in it (XML pasted into a note).
  std::vector<cmark_node*> sanitize(cmark_node* root, const std::vector<cmark_node*>& raw, const LineIndex& source);
  /// URLs of <a href>, <img src>, media src in the nodes still in the tree,
  /// in document order; line/col: the tag's '<'.
  std::vector<LinkTarget> links() const;
  /// Like Document::rewrite_urls for links(): a replacement of "" marks the
  /// target broken, shown as a Markdown one is (<img>: the missing-image box
  /// of broken_image_html with its alt and path; <a>: <span class="broken-link"
  /// title="Broken link">…</span>); a media element loses its src.
  void rewrite_urls(const UrlRewriter& rewrite);
  /// The words written for broken links, missing images and video players
  /// without a title (Document::set_labels); what is rendered already is
  /// rendered again with them.
  void set_labels(const Labels& labels);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

/// One piece of HTML sanitized on its own, as an HTML block would be
/// (elements left open closed at its end, URLs as written).
std::string sanitize_html(std::string_view html);

}  // namespace studywiki::markdown::detail
