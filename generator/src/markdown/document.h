// studywiki::markdown — one note's Markdown, parsed once, rendered to HTML.
//
// Dialect: CommonMark + GFM (tables, strikethrough, autolinks, task lists,
// tag filter, footnotes), smart punctuation off, CJK-friendly emphasis
// (`**提倡。**组织` is bold; see cjk_emphasis.h), plus what Typora/Obsidian
// notes use: `==highlight==`, `$math$`/`$$math$$`, line breaks kept, bare
// URLs glued to Chinese text (what follows such a URL is still Markdown),
// `[[wikilinks]]`/`![[embeds]]`, `%%comments%%`.
//
// HTML shapes produced (the theme's CSS/JS relies on these):
//   heading   <h2 id="tcp-协议udp协议"><a class="anchor" href="#tcp-协议udp协议" aria-hidden="true" tabindex="-1">#</a>TCP 协议/UDP协议</h2>
//             id: heading_slug() of the heading's plain text, repeats get
//             "-1", "-2"; an empty slug becomes "section". Non-ASCII stays
//             raw UTF-8 (HTML-attribute-escaped) in both id and href.
//   mark      <mark>text</mark>
//   math      <span class="math math-inline">TeX</span>        `$…$`
//             <span class="math math-display">TeX</span>       `$$…$$` inside a paragraph with other text
//             <div class="math math-display">TeX</div>         `$$…$$` alone in its paragraph, or `$$` line blocks
//             TeX is HTML-escaped element text (KaTeX renders it client-side).
//   code      <pre><code class="language-python">…</code></pre>
//             highlighted with <span class="hl-keyword">… when source-highlight
//             knows the language (markdown/highlight.h); else escaped text
//   mermaid   <pre class="mermaid">source, escaped</pre>   ```mermaid (the theme draws it)
//   raw HTML  RawHtml::Sanitize (default): rendered through an allowlist
//             (see markdown/raw_html.h): <img style="zoom:50%"> -> <img style="width:50%" />,
//             align="center" -> class="align-center", <script> etc. dropped,
//             comments dropped, a tag not on the list shown as text; open
//             tags closed by the end of their container. <a href>/<img src>
//             are in links() and go through rewrite_urls like Markdown ones.
//             RawHtml::Escape: shown as text, e.g. `&lt;div&gt;`;
//             an HTML block becomes a paragraph whose lines are joined by <br />.
//             RawHtml::Allow: passed through (GFM tag filter applies).
//   links     javascript:, vbscript:, data: (except data:image/) destinations
//             are replaced by an empty href/src.
//   wikilinks (after resolve_wikilinks; TEXT/FILENAME HTML-escaped)
//             <a class="internal" href="HREF">TEXT</a>              page
//             <a class="internal embed" href="HREF">TEXT</a>        ![[Note]]
//             <img src="HREF" alt="FILENAME" width="300" height="200">  ![[a.png|300x200]]
//             <span class="broken-link" title="Broken link">TEXT</span> broken (also
//             the shape of every wikilink before resolve_wikilinks is called)
//             TEXT: the label; else "T › H" for [[T#H]], "H" for [[#H]], else T,
//             where T is the resolved title, or the target as written.
//   [TOC]     a paragraph of only `[TOC]` (any case): toc_html()
//   block id  `text ^id`: <p id="id">text</p>; on an item <li id>, ending a quote's
//             last paragraph <blockquote id> (or the callout box), alone after a
//             table/list/code block that block's tag (see BlockId)
//   broken    <span class="broken-link" title="Broken link">TEXT</span> (a
//             Markdown link the rewriter marked broken, see rewrite_urls); a
//             missing image: the box of broken_image_html (markdown/media.h)
//   words     the English ones above (Broken link, the [TOC]'s aria-label
//             Contents, …) are the defaults of Labels: see set_labels
//   comments  Obsidian `%%…%%` (inline, or `%%` blocks over several lines)
//             are dropped from the output; not inside code.
//   tags      <a class="tag" href="HREF">#数据库/mysql</a>   (after resolve_tags;
//             text HTML-escaped, the name as written). Before that, or when
//             href_for gives "", the text stays as written: #数据库/mysql
//
// Thread safety: parse() may be called concurrently. cmark-gfm toggles a
// process-global special-character table while parsing, so the cmark parse
// step itself is serialised by a mutex inside this module (post-passes and
// rendering run in parallel). Other code should not run cmark-gfm parsers
// directly in other threads. A Document itself is not synchronised.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/excerpt.h"
#include "markdown/labels.h"

namespace studywiki::markdown {

enum class LineBreaks { Hard, Soft };  // site.yml line_breaks; default Hard
enum class RawHtml { Escape, Allow, Sanitize };  // site.yml raw_html; default Sanitize

struct Options {
  LineBreaks line_breaks = LineBreaks::Hard;
  RawHtml raw_html = RawHtml::Sanitize;
  bool inline_tags = true;  // site.yml `inline_tags: false`: no inline #tags are found
};

struct Heading {
  int level;         // 1..6
  std::string text;  // plain text (Markdown stripped, math as TeX)
  std::string id;    // anchor id, unique in the document
  int line;          // 1-based line in the text given to parse()
};

struct LinkTarget {
  std::string url;
  bool is_image;
  int line;  // 1-based
  int col;   // 1-based, Unicode code points in the original line (also on
             // indented continuation lines and after `> ` prefixes)
  Excerpt context{};  // the sentence around the link (filled for rewrite_urls only)
};

/// Called for each link/image destination written in Markdown (`[t](u)`,
/// `![a](u)`, reference links, `<u>`), not for bare autolinked URLs:
/// return a replacement URL, or std::nullopt to keep it.
using UrlRewriter = std::function<std::optional<std::string>(const LinkTarget&)>;

/// An Obsidian wikilink or embed as written: `[[Title#Heading|label]]`,
/// `![[image.png|300x200]]`. Never found inside code, math or links; in
/// tables `[[Note\|label]]` is one link.
struct WikiLink {
  std::string raw;       // "[[Redis 持久化#AOF|持久化]]" exactly as written (for messages)
  std::string target;    // "Redis 持久化" (before '#' and '|'; trimmed; "" for [[#Heading]])
  std::string heading;   // "AOF" ("" when none)
  std::string label;     // "持久化" ("" when none)
  bool embed = false;    // ![[...]]
  std::string size;      // embeds: "300" or "300x200" from ![[a.png|300x200]] (then label is "")
  int line = 0, col = 0; // 1-based, code points, of the first '[' (or '!')
  Excerpt context;       // the sentence around it (filled for resolve_wikilinks only)
};

struct WikiResolution {
  // Embed: a note transcluded by `![[Note]]`. When the embed sits in a
  // paragraph, it leaves the paragraph (the text before and after stays in
  // paragraphs of their own) and becomes a block holding `block_html`;
  // elsewhere (a heading, a table cell) it renders as a Page link.
  enum class Kind { Page, Image, Broken, Embed } kind = Kind::Broken;
  std::string href;   // relative URL incl. "#fragment" (Page/Image/Embed)
  std::string title;  // target note's title, used for the default link text
  std::string block_html;  // Embed
};

using WikiResolver = std::function<WikiResolution(const WikiLink&)>;

/// An inline `#tag` in text. A '#' starts one after a line/block start,
/// whitespace, or CJK/full-width punctuation (`标签：#算法、#分布式`; not `C#`,
/// `issue#12`, `a#b`, `\#x`, `&#35;x`); the name runs over letters (incl.
/// CJK, kana, hangul), digits, `-`, `_`, `/` and needs one non-digit
/// (`#2024` is none, `#2024年` is one). Never inside code, math, links
/// (text or destination), bare URLs, wikilinks, raw HTML, comments; not a
/// heading's leading `#`s (but `## 标题 #tag` has one); not code written as
/// prose: C preprocessor directives (`#include <x.h>`, `#define`), CSS
/// colours and selectors (`#6699FF;`, `#box{`), a comment after a number on
/// a config line (`port 6379 #默认6379`), an operand in a line of code
/// (`local n = #a`). None at all with Options::inline_tags false.
struct InlineTag {
  std::string name;       // as written, without '#': "数据库/mysql" (trailing '/'
                          // trimmed; "a//b" stops at the empty segment: "a")
  int line = 0, col = 0;  // 1-based, code points, of the '#' (0 if unknown)
};

/// An Obsidian block id: `text ^id` ending a paragraph or a list item, or
/// `^id` on a line of its own after a block (table, quote, list, code,
/// paragraph). It is not shown; the block's element gets `id="ID"` (the
/// enclosing <p>, <li>, <blockquote> or callout box, else the block before).
struct BlockId {
  std::string id;  // as written, without '^': [A-Za-z0-9-]+
  int line = 0;    // 1-based line of the `^id`
};

/// RAII owner of one parsed note (move-only).
class Document {
 public:
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  ~Document();

  /// Never throws on bad input: invalid UTF-8 and NUL become U+FFFD,
  /// CRLF/CR become LF, a leading BOM is dropped (line numbers unchanged).
  static Document parse(std::string_view markdown, const Options& options = {});

  /// All headings in document order (also those in lists/quotes).
  const std::vector<Heading>& headings() const;
  /// Index in headings() of the first block if it is a heading, else -1.
  /// Blank lines and comments (HTML `<!-- -->` blocks, `%%` blocks) before
  /// it do not count: a heading after them still opens the note.
  int leading_heading_index() const;
  /// Drops that heading from the output and from headings() (later
  /// indices shift down by one; ids of the others are unchanged).
  void remove_heading(int index);
  /// First non-empty line of text (paragraphs and headings; code, math
  /// and escaped HTML blocks skipped), Markdown stripped, trimmed. "" if none.
  std::string first_text_line() const;
  /// The first line of the paragraph that opens the note (first block as
  /// for leading_heading_index; not an escaped HTML block), as
  /// first_text_line() gives it. "" when the note opens with something
  /// else, when that line ends inside inline markup (`**a<br>b**`), or when
  /// it holds more than text (a link, wikilink, embed, image, block id or
  /// raw HTML; emphasis, highlight, code, math and #tags are text here).
  std::string leading_line() const;
  /// Drops leading_line() from the output: the paragraph's inlines up to
  /// and including its first line break, or the whole paragraph when it is
  /// one line. Nothing when leading_line() is "".
  void remove_leading_line();
  /// Calls `rewrite` for every links() target and applies replacements;
  /// a replacement of "" marks the link broken: its text stays, inside
  /// <span class="broken-link" title="Broken link">, with no href (an
  /// image becomes the missing-image box with its alt text and path).
  void rewrite_urls(const UrlRewriter& rewrite);
  /// The table of contents a `[TOC]` paragraph renders as (the headings
  /// as they are now, so a heading removed by remove_heading is not in it):
  /// <nav class="toc-inline"><ol><li class="toc-dN"><a href="#id">text</a></li>…</ol></nav>
  /// with N the depth below the highest level. "" without headings.
  std::string toc_html() const;
  /// The words this document's HTML uses of its own (the `[TOC]` boxes'
  /// accessible name, broken links' and missing images' tooltips, …; see
  /// markdown/labels.h): the theme's strings in the site's language.
  /// English until set; set before rewrite_urls and resolve_wikilinks, which
  /// write them.
  void set_labels(Labels labels);
  /// Body HTML.
  std::string html() const;
  /// HTML of the section under heading `id` (one of headings()): the
  /// heading and what follows it up to the next heading of the same or a
  /// higher level in the same container. "" when there is no such heading.
  std::string section_html(const std::string& id) const;
  /// Block ids in document order (the first of a repeated id only).
  const std::vector<BlockId>& block_ids() const;
  /// HTML of the block that carries block id `id` (a list item comes in a
  /// list of its own). "" when there is no such block.
  std::string block_html(const std::string& id) const;
  /// For each of headings(): its section's first paragraph as plain text,
  /// whitespace collapsed, cut to max_chars code points plus "…".
  std::vector<std::string> section_summaries(std::size_t max_chars) const;
  /// Text content without markup: math as its TeX, code included, one
  /// line per block / line break.
  std::string plain_text() const;
  /// What unlinked mentions are looked for in: `text` is the plain text
  /// without code blocks and image alt text; `searchable` has the same
  /// bytes, with code spans, math, link text, wikilinks and #tags blanked
  /// out as spaces (so a hit's offsets cut its sentence from `text`).
  struct Prose {
    std::string text, searchable;
  };
  Prose prose_text() const;
  /// First paragraph's plain text (without image alt text and the #tags
  /// it starts or ends with; a paragraph of only those is passed over) with whitespace collapsed (no
  /// space where a line break joined two CJK characters), cut to max_chars
  /// code points plus "…" when cut.
  std::string summary(std::size_t max_chars) const;
  bool has_math() const;
  /// Has a ```mermaid code block (rendered as <pre class="mermaid">).
  bool has_mermaid() const;
  /// Markdown link/image destinations with positions (bare URLs and
  /// wikilinks excluded), then (RawHtml::Sanitize) the href/src of raw
  /// HTML <a>, <img>, <video>, <audio>, <source> (position: the tag's '<').
  std::vector<LinkTarget> links() const;
  /// Wikilinks and embeds in document order.
  std::vector<WikiLink> wikilinks() const;
  /// Calls `resolve` for each wikilink and renders it (see HTML shapes);
  /// plain_text()/summary() then show the resolved link text. WikiLink::
  /// context is the sentence as written; once every link is rendered,
  /// `contexts`, when given, gets the sentence as shown, for the k-th call
  /// of `resolve` (an embed lifted into a block keeps its first one).
  using ContextSink = std::function<void(std::size_t call, const Excerpt& context)>;
  void resolve_wikilinks(const WikiResolver& resolve, const ContextSink& contexts = {});
  /// Inline tags in document order, duplicates kept (also those in a
  /// heading dropped by remove_heading).
  std::vector<InlineTag> tags() const;
  /// Replaces each inline tag with a link; `href_for(name)` returns the
  /// relative URL of its tag page (or "" to leave it as plain text).
  /// plain_text()/summary() show `#name` either way.
  void resolve_tags(const std::function<std::string(const std::string& name)>& href_for);

 private:
  struct Impl;
  explicit Document(std::unique_ptr<Impl> impl);
  void fill_tocs() const;
  std::unique_ptr<Impl> impl_;
};

/// GitHub's heading-anchor rule: lowercase, ' ' to '-', letters (incl. CJK),
/// marks, digits, '-' and '_' kept, other punctuation and symbols dropped.
/// "TCP 协议/UDP协议" -> "tcp-协议udp协议". No de-duplication here.
std::string heading_slug(std::string_view text);

}  // namespace studywiki::markdown
