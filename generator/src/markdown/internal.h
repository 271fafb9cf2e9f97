// Internal helpers shared by the markdown module's passes. Not part of the
// public interface: include "markdown/document.h" from other modules.
#pragma once

#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace studywiki::markdown::detail {

// ---------------------------------------------------------------- text.cpp
/// Decodes the code point at s[i] and advances i. Invalid bytes decode as
/// U+FFFD and advance by one (input is normally sanitised already).
char32_t decode_utf8(std::string_view s, std::size_t& i);
/// The code point that ends right before byte offset `end` (0 if none).
char32_t decode_utf8_before(std::string_view s, std::size_t end);
void append_utf8(std::string& out, char32_t cp);
std::size_t count_code_points(std::string_view s);
/// Byte length of the first `n` code points of s (s.size() if shorter).
std::size_t prefix_bytes_for_code_points(std::string_view s, std::size_t n);
/// Valid UTF-8 out: invalid sequences and NUL become U+FFFD, CRLF and lone CR
/// become LF, a leading BOM is dropped. Line count is preserved.
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
 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

/// True for javascript:, vbscript:, data: (except data:image/) URLs,
/// ignoring case, leading whitespace and embedded tabs/newlines.
bool is_dangerous_url(std::string_view url);

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

inline bool has_tag(cmark_node* node, const char& tag) {
  return cmark_node_get_user_data(node) == static_cast<const void*>(&tag);
}
inline void set_tag(cmark_node* node, const char& tag) {
  cmark_node_set_user_data(node, const_cast<char*>(&tag));
}
bool is_math_node(cmark_node* node);

/// Plain text of a node's subtree: text, code, math TeX, link text, image
/// alt; soft/hard breaks as '\n', CJK joins as nothing (or '\n' when
/// `source_lines`); every block ends in '\n'. Raw HTML is skipped.
std::string plain_text_of(cmark_node* node, bool source_lines = false);

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
/// Tags bare autolinks, truncates those that swallowed CJK text, and links
/// http(s):// URLs glued to CJK that the extension skipped.
/// `source` is the parsed text, used to tell `<url>` and `[url](url)` apart.
/// `links`: every LINK node; `texts`: TEXT nodes outside links that
/// contain "://" (both from one survey of the tree).
void fix_autolinks(const std::vector<cmark_node*>& links, std::vector<cmark_node*> texts,
                   const LineIndex& source);
/// The source byte right before a link's first text child (0 if unknown):
/// '<' for `<url>`, '[' for `[text](url)`.
char char_before_text(cmark_node* link, const LineIndex& source);
/// Start (1-based line, byte column) of a link/image as written.
void link_start(cmark_node* link, const LineIndex& source, int* line, int* byte_col);

// ------------------------------------------------------------ anchors.cpp
class SlugDeduper {
 public:
  std::string unique(const std::string& base);
 private:
  std::map<std::string, int> occurrences_;
};

}  // namespace studywiki::markdown::detail
