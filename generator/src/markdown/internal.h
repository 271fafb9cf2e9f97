// Internal helpers shared by the markdown module's passes. Not part of the
// public interface: include "markdown/document.h" from other modules.
#pragma once

#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstddef>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "markdown/document.h"
#include "markdown/node.h"

namespace studywiki::markdown::detail {

// ---------------------------------------------------------------- text.cpp
/// Decodes the code point at s[i] and advances i: core/utf8's utf8::next.
/// Invalid bytes decode as U+FFFD and advance by one (input is normally
/// sanitised already).
char32_t decode_utf8(std::string_view s, std::size_t& i);
/// The code point that ends right before byte offset `end` (0 if none).
char32_t decode_utf8_before(std::string_view s, std::size_t end);
void append_utf8(std::string& out, char32_t cp);
/// Without leading and trailing Unicode spaces.
std::string trim_spaces(std::string_view s);
std::size_t count_code_points(std::string_view s);
/// Byte length of the first `n` code points of s (s.size() if shorter).
std::size_t prefix_bytes_for_code_points(std::string_view s, std::size_t n);
/// Valid UTF-8 out: invalid sequences and NUL become U+FFFD, CRLF and lone CR
/// become LF, a leading BOM is dropped. Line count is preserved.
/// The markdown module's only BOM/CR handling. For note files it finds
/// nothing to do (the loader, build/build.cpp normalize_text, has dropped
/// both already); it stays because Document::parse promises it to every
/// caller, whatever text they hand over.
std::string sanitize_source(std::string_view in);
/// Han, kana, bopomofo, CJK symbols/punctuation, full-width forms: scripts
/// written without spaces between words (no Hangul).
bool is_cjk_no_space(char32_t cp);
/// Characters that end a bare URL: is_cjk_no_space, Hangul, general
/// punctuation such as “” …, and Unicode spaces.
bool ends_bare_url(char32_t cp);
bool is_space(char32_t cp);
/// Escapes & < > " ' for HTML text and attribute values.
std::string escape_html(std::string_view s);
void append_escaped_html(std::string& out, std::string_view s);
/// Byte offsets of line starts (1-based lines map to index line-1).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  /// Byte offset of (1-based line, 1-based byte column), or npos.
  std::size_t offset(int line, int byte_col) const;
  /// 1-based code-point column of (line, byte column); byte_col if unknown.
  int code_point_column(int line, int byte_col) const;
  char char_at(std::size_t offset) const { return offset < text_.size() ? text_[offset] : 0; }
  std::string_view text() const { return text_; }
  int line_count() const { return static_cast<int>(starts_.size()); }
  /// Byte offset where a 1-based line starts, or npos.
  std::size_t line_start(int line) const;
  /// The 1-based line's text without its '\n' ("" if out of range).
  std::string_view line_text(int line) const;
  /// (1-based line, 1-based byte column) of a byte offset.
  void locate(std::size_t offset, int* line, int* byte_col) const;
 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

/// True for javascript:, vbscript:, data: (except data:image/) URLs,
/// ignoring case, leading whitespace and embedded tabs/newlines.
bool is_dangerous_url(std::string_view url);

// ---------------------------------------------------------- positions.cpp
struct SourcePos {
  int line = 0;      // 1-based; 0 = unknown
  int byte_col = 0;  // 1-based byte column
};
/// Where an inline node starts in the source, corrected for paragraph
/// continuation lines (cmark-gfm reports those columns without the line's
/// container prefix and indentation). {0,0} if the node has no position.
SourcePos inline_start(cmark_node* node, const LineIndex& source);
/// On a paragraph's continuation line, the byte offset where its text starts:
/// after the indentation and the `>` markers of the quotes `block` is in
/// (fewer on lazy lines). cmark-gfm reports columns there without that prefix.
std::size_t continuation_content_start(cmark_node* block, std::string_view line);
/// ASCII punctuation, as CommonMark defines it for backslash escapes.
bool is_ascii_punct(char c);
/// Byte length of an entity reference (`&amp;`, `&#91;`, `&#x5B;`) at s[i], or 0.
std::size_t entity_length(std::string_view s, std::size_t i);
/// Source byte offset of each byte of a text node's literal, found by
/// walking the source from `start` (npos where unknown), and whether that
/// byte was written backslash-escaped.
struct LiteralMap {
  std::vector<std::size_t> offset;
  std::vector<bool> escaped;
};
LiteralMap map_literal(std::string_view literal, std::string_view source, std::size_t start);
/// Start positions that replace inline_start() for some text nodes (a
/// re-parsed remainder's first text, see autolink_fix.cpp).
using StartOverrides = std::unordered_map<cmark_node*, SourcePos>;
/// Where text node `text` starts: its recorded start when a pass made or
/// moved it, else what cmark says (inline_start).
SourcePos start_of(cmark_node* text, const StartOverrides& starts, const LineIndex& source);
/// Records where `node` starts (byte `offset` of the source), or forgets it
/// when the offset is unknown (npos): a stale entry could belong to a freed
/// node at the same address.
void record_start(cmark_node* node, std::size_t offset, StartOverrides& starts, const LineIndex& source);

// ---------------------------------------------------------------- node tags
// cmark_node user_data sentinels marking nodes this module created.
// Generated HTML_INLINE nodes carry a tag, so RawHtml::Escape leaves them.
extern const char kTagMathInline;   // HTML_INLINE, string_content = TeX
extern const char kTagMathDisplay;  // CUSTOM_BLOCK or HTML_INLINE, string_content = TeX
extern const char kTagMark;         // HTML_INLINE "<mark>" / "</mark>"
extern const char kTagHeading;      // CUSTOM_BLOCK wrapping a heading
extern const char kTagHeadingInner; // CUSTOM_INLINE <hN id>…</hN>
extern const char kTagBareLink;     // LINK from a bare URL (autolinked)
extern const char kTagEscapedHtml;  // PARAGRAPH made from an escaped HTML block
extern const char kTagCjkJoin;      // empty HTML_INLINE replacing a soft break between CJK
extern const char kTagWikiLink;     // HTML_INLINE wikilink, string_content = visible text
extern const char kTagInlineTag;    // HTML_INLINE inline #tag, string_content = "#name"
extern const char kTagBroken;       // HTML_INLINE <span class="broken-link"> / </span> around a broken link's text
extern const char kTagToc;          // CUSTOM_BLOCK for a `[TOC]` paragraph, filled when rendered
extern const char kTagEmbed;        // HTML_BLOCK holding a note embed's marker (see resolve_wikilinks)
extern const char kTagMedia;        // HTML_INLINE <audio>/<video>/<img width>… for an image, string_content = alt
extern const char kTagBlockId;      // HTML_INLINE/HTML_BLOCK marker of a block id (see block_ids.cpp)

inline bool has_tag(cmark_node* node, const char& tag) {
  return cmark_node_get_user_data(node) == static_cast<const void*>(&tag);
}
inline void set_tag(cmark_node* node, const char& tag) {
  cmark_node_set_user_data(node, const_cast<char*>(&tag));
}
bool is_math_node(cmark_node* node);
/// Every node with inline children (paragraphs, headings, cells, emphasis…)
/// that is not inside a link or image, in document order: where the text
/// passes (comments, wikilinks, tags) look.
std::vector<cmark_node*> inline_containers_outside_links(cmark_node* root);

/// Plain text of a node's subtree: text, code, math TeX, link text, image
/// alt; soft/hard breaks as '\n', CJK joins as nothing (or '\n' when
/// `source_lines`); every block ends in '\n'. Raw HTML is skipped.
std::string plain_text_of(cmark_node* node, bool source_lines = false);
/// For summaries: plain_text_of without image alt text and without the
/// #tags a block starts or ends with.
std::string summary_text_of(cmark_node* node);
/// For unlinked mentions: the text of plain_text_of without code blocks and
/// image alt text; `searchable` gets the same bytes with what is not the
/// note's own words (code spans, math, link text, wikilinks, #tags) as spaces.
std::string prose_text_of(cmark_node* node, std::string* searchable);
/// The sentence around each inline node (a link, a wikilink), cut from the
/// plain text of the block that holds it (each block walked once).
std::vector<Excerpt> contexts_of(const std::vector<cmark_node*>& nodes);

// ---------------------------------------------------------------- math.cpp
/// The `$` inline syntax extension (created once, never freed).
cmark_syntax_extension* math_inline_extension();
/// Resets the thread-local scan memo; call before every parse.
void reset_math_memo();
/// Pre-pass: replaces `$$` line blocks outside code fences by placeholder
/// fenced code blocks (same number of lines); records TeX by 1-based line.
std::string extract_display_math(std::string_view src, std::map<int, std::string>& tex_by_line);
/// Post-pass: turns placeholder code blocks into display math blocks and
/// promotes paragraphs that hold only one `$$…$$` into display blocks.
void finish_display_math(cmark_node* root, const std::map<int, std::string>& tex_by_line);
cmark_node* make_math_node(std::string_view tex, bool display, bool block);

// ---------------------------------------------------------------- mark.cpp
/// Whether `node`'s children are inlines (paragraph, heading, emphasis,
/// link, table cell, ...).
bool has_inline_children(cmark_node* node);
/// Wraps `==text==` runs among each container's inline children into <mark>
/// nodes. Pass the containers from a survey taken before other edits.
void apply_marks(const std::vector<cmark_node*>& containers);

// ------------------------------------------------------- autolink_fix.cpp
/// Returns the byte length of the bare URL starting at s[0] (after the
/// rules: stops at whitespace/CJK/full-width, trims trailing ASCII
/// punctuation and unbalanced ')').
std::size_t bare_url_length(std::string_view s);
/// Re-parses `rest`, the text after a truncated bare URL that starts at
/// source position `at` ({0,0} if unknown), as inline Markdown; returns its
/// inline nodes (unlinked, owning their text), or {} to keep it plain text.
using RestParser = std::function<std::vector<cmark_node*>(std::string_view rest, SourcePos at)>;
/// Tags bare autolinks, truncates those that swallowed CJK text (the rest
/// goes through `reparse`), and links http(s):// URLs glued to CJK that the
/// extension skipped. `source` is the parsed text, used to tell `<url>` and
/// `[url](url)` apart. `links`: every LINK node; `texts`: TEXT nodes outside
/// links that contain "://" (both from one survey of the tree).
void fix_autolinks(const std::vector<cmark_node*>& links, std::vector<cmark_node*> texts,
                   const LineIndex& source, const StartOverrides* overrides, const RestParser& reparse);
/// The source byte right before a link's first text child (0 if unknown):
/// '<' for `<url>`, '[' for `[text](url)`.
char char_before_text(cmark_node* link, const LineIndex& source);
/// Start (1-based line, byte column) of a link/image as written.
void link_start(cmark_node* link, const LineIndex& source, int* line, int* byte_col);

// ---------------------------------------------------------- wikilinks.cpp
using WikiRecords = std::unordered_map<cmark_node*, WikiLink>;
/// Replaces `[[…]]` / `![[…]]` among inline children outside links by
/// tagged nodes (rendered as broken until resolved) and records them.
/// `starts`: start overrides; entries are added for the text pieces made here.
void find_wikilinks(cmark_node* root, const LineIndex& source, StartOverrides& starts, WikiRecords& out);
cmark_node* make_wikilink_node(const WikiLink& link);

// --------------------------------------------------------------- tags.cpp
using TagRecords = std::unordered_map<cmark_node*, InlineTag>;
/// Replaces inline `#tags` in text outside links by tagged nodes (shown as
/// written until resolved) and records them. `starts`: start overrides,
/// also given for the text pieces made here. `glued`: a block whose start
/// is not a tag boundary (a re-parsed remainder glued to a URL), or null.
void find_tags(cmark_node* root, const LineIndex& source, StartOverrides& starts, cmark_node* glued, TagRecords& out);
cmark_node* make_tag_node(const InlineTag& tag);
/// Sets a tag node's HTML: a link to `href`, or the text as written when "".
void render_tag(cmark_node* node, const InlineTag& tag, const std::string& href);

// ---------------------------------------------------------------- cmark_threads.cpp
/// True once cmark-gfm is seen calling our override of its special-character
/// switch (see cmark_threads.cpp): parses may then run at the same time.
bool parallel_parsing();

// ---------------------------------------------------------------- callouts.cpp
/// Obsidian callouts (`> [!note] Title`, folded `[!tip]-`) into styled boxes.
void apply_callouts(cmark_node* root);
/// Sets a wikilink node's HTML and its visible text (string_content).
void render_wikilink(cmark_node* node, const WikiLink& link, const WikiResolution& res, const Labels& labels = {});
/// The link text: label; else "T › H", "H" for [[#H]], else T (T: title or target).
std::string wikilink_text(const WikiLink& link, const std::string& title);

// ----------------------------------------------------------- comments.cpp
/// Pre-pass: blanks `%%` comment blocks that span lines (outside code
/// fences), keeping the line count and block quote markers.
std::string blank_block_comments(std::string_view src);
/// Removes `%%…%%` among each inline container's children (may cross
/// line breaks and other inlines). Unclosed `%%` stays. `starts`: start
/// overrides, kept right for the text nodes edited here.
void remove_inline_comments(cmark_node* root, const LineIndex& source, StartOverrides& starts);

// ----------------------------------------------------------- block_ids.cpp
/// Finds Obsidian block ids (`text ^id` ending a paragraph or list item,
/// `^id` alone after a block), removes them from the text and leaves a
/// marker where each was; `out` gets each id once (the first), in order.
void find_block_ids(cmark_node* root, const LineIndex& source, std::vector<BlockId>& out);
/// Rendered HTML with the markers turned into `id` attributes (the first
/// marker of an id wins; the others are only removed).
std::string place_block_ids(std::string_view html);
/// The element carrying id="ID" in rendered HTML, with a newline; a list
/// item comes in a list of its own (`<ol start>` keeps its number). "" if none.
std::string element_with_id(std::string_view html, const std::string& id);

// ------------------------------------------------------------ anchors.cpp
class SlugDeduper {
 public:
  std::string unique(const std::string& base);
 private:
  std::map<std::string, int> occurrences_;
};

}  // namespace studywiki::markdown::detail
