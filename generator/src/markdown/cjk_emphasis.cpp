// CJK-friendly emphasis: see cjk_emphasis.h for the why and the how.
//
// The delimiter pairing below is our implementation of the CommonMark
// spec's "process emphasis" procedure (spec appendix "An algorithm for
// parsing nested emphasis and links") plus GFM's strikethrough rule, over
// this file's own delimiter list. It is written to behave as libcmark-gfm
// 0.29 does (the "rule of 3", the openers_bottom bounds, unequal `~` runs
// left alone), so that run with CommonMark's flags it rebuilds exactly the
// tree cmark made (the unit tests check this on the spec's examples and on
// random text); run with the amended flags it gives the CJK-friendly tree.
#include "markdown/cjk_emphasis.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <array>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

// cmark-gfm's own character classes (exported by libcmark-gfm, declared in
// its private utf8.h), so "punctuation" and "whitespace" mean exactly what
// they mean to the parser that made the tree.
extern "C" {
int cmark_utf8proc_is_punctuation(int32_t uc);
int cmark_utf8proc_is_space(int32_t uc);
// The strikethrough node type (libcmark-gfm-extensions, strikethrough.h).
extern cmark_node_type CMARK_NODE_STRIKETHROUGH;
}

namespace studywiki::markdown::detail {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool cm_space(char32_t c) { return cmark_utf8proc_is_space(static_cast<int32_t>(c)) != 0; }
bool cm_punct(char32_t c) { return cmark_utf8proc_is_punctuation(static_cast<int32_t>(c)) != 0; }

// 1: CJK, 0: not, -1: East Asian Width "ambiguous" (decided by context).
int cjk_base(char32_t cp) {
  if (cp < 0x1100) return 0;
  const auto c = static_cast<UChar32>(cp);
  switch (u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH)) {
    case U_EA_FULLWIDTH:
    case U_EA_HALFWIDTH:
      return 1;
    case U_EA_WIDE:
      return u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION) ? 0 : 1;
    case U_EA_NARROW:
      return 0;
    case U_EA_AMBIGUOUS:
      return -1;
    default: {  // neutral: Hangul jamo fillers
      UErrorCode err = U_ZERO_ERROR;
      return uscript_getScript(c, &err) == USCRIPT_HANGUL ? 1 : 0;
    }
  }
}

bool is_general_vs(char32_t c) { return c >= 0xFE00 && c <= 0xFE0E; }  // not U+FE0F (emoji)
bool is_ivs(char32_t c) { return c >= 0xE0100 && c <= 0xE01EF; }

// Quotation marks whose fullwidth form is selected by U+FE01.
bool is_fullwidth_quote_base(char32_t c) { return c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D; }

// ---------------------------------------------------------------- flags

struct Neighbours {
  char32_t before = '\n';   // the character right before the run (after skipping `~` for `*`/`_`)
  char32_t before2 = 0;     // the one before that (only looked at when `before` is a variation selector)
  char32_t after = '\n';
};

struct Flags {
  bool open = false, close = false;
  bool operator==(const Flags& o) const { return open == o.open && close == o.close; }
  bool operator!=(const Flags& o) const { return !(*this == o); }
};

// cmark-gfm's scan_delims (and, for `~`, cmark_inline_parser_scan_delimiters).
Flags commonmark_flags(char c, const Neighbours& n) {
  const bool left = !cm_space(n.after) && (!cm_punct(n.after) || cm_space(n.before) || cm_punct(n.before));
  const bool right = !cm_space(n.before) && (!cm_punct(n.before) || cm_space(n.after) || cm_punct(n.after));
  if (c == '_') return {left && (!right || cm_punct(n.before)), right && (!left || cm_punct(n.after))};
  return {left, right};
}

// The amended rule (specification §2.1, §6.2; as markdown-it-cjk-friendly
// computes it): a variation selector after a character belongs to it, and
// a CJK character on either side makes a run both left- and right-flanking
// unless whitespace decides. With no CJK character on either side it is
// CommonMark's rule, exactly (also for a variation selector after
// non-CJK punctuation, where the specification would differ).
Flags cjk_flags(char c, const Neighbours& n) {
  bool previous_cjk;
  const bool two_prev = is_general_vs(n.before);
  if (two_prev) {
    const int b = cjk_base(n.before2);
    previous_cjk = b == 1 || (b == -1 && n.before == 0xFE01 && is_fullwidth_quote_base(n.before2));
  } else {
    const int b = cjk_base(n.before);
    previous_cjk = b == 1 || (b == -1 && is_ivs(n.before));
  }
  const bool either_cjk = cjk_base(n.after) == 1 || previous_cjk;
  if (!either_cjk) return commonmark_flags(c, n);
  char32_t last = n.before;
  if (two_prev && u_charType(static_cast<UChar32>(n.before2)) != U_SPACE_SEPARATOR) last = n.before2;
  const bool last_space = cm_space(last);
  const bool next_space = cm_space(n.after);
  if (last_space || next_space) return {!next_space, !last_space};
  const bool last_punct = cm_punct(last);
  const bool next_punct = cm_punct(n.after);
  if (c == '_') return {last_punct, next_punct};
  return {true, true};  // last_punct || either_cjk || !next_punct, and the same for closing
}

// ---------------------------------------------------------------- nodes

bool is_strikethrough(cmark_node* n) { return cmark_node_get_type(n) == CMARK_NODE_STRIKETHROUGH; }

bool is_emphasis_node(cmark_node* n) {
  const cmark_node_type t = cmark_node_get_type(n);
  return t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || is_strikethrough(n);
}

bool is_block(cmark_node* node) {
  return (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

// inline_start()'s correction for continuation lines, for any (line, column)
// cmark reported for an inline node (an emphasis node's end).
std::size_t corrected_offset(cmark_node* node, int line, int col, const LineIndex& source) {
  if (line <= 0 || col <= 0) return npos;
  cmark_node* block = cmark_node_parent(node);
  while (block != nullptr && !is_block(block)) block = cmark_node_parent(block);
  if (block != nullptr) {
    const cmark_node_type type = cmark_node_get_type(block);
    const int block_line = cmark_node_get_start_line(block);
    if ((type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING) && block_line > 0 && line > block_line) {
      const std::size_t i = continuation_content_start(block, source.line_text(line));
      col = static_cast<int>(i) + 1 + (col - cmark_node_get_start_column(block));
    }
  }
  return source.offset(line, col);
}

enum class LinkKind { Bracket, Angle, Bare };

// An autolink's only child is its URL as written (`<https://a.com>`,
// `www.a.com`, `a@b.com`); cmark's positions of links are not reliable
// (a link over two lines is reported on the second), so the text decides,
// and the character before it tells `<url>` from `[url](url)`.
LinkKind link_kind(cmark_node* link, const LineIndex& source) {
  cmark_node* child = cmark_node_first_child(link);
  if (child == nullptr || cmark_node_next(child) != nullptr || cmark_node_get_type(child) != CMARK_NODE_TEXT) {
    return LinkKind::Bracket;
  }
  const char* lit = cmark_node_get_literal(child);
  const char* url_c = cmark_node_get_url(link);
  const std::string text = lit != nullptr ? lit : "";
  const std::string url = url_c != nullptr ? url_c : "";
  if (text.empty() || (url != text && url != "http://" + text && url != "mailto:" + text)) return LinkKind::Bracket;
  const char before = char_before_text(link, source);
  if (before == '<') return LinkKind::Angle;
  if (before == '[') return LinkKind::Bracket;
  return LinkKind::Bare;
}

// ---------------------------------------------------------------- flattening

enum class Kind : std::uint8_t {
  Text,     // a character written as itself
  Escaped,  // `\*`: the byte after the backslash
  Entity,   // a byte of a character written as an entity reference
  Unknown,  // a text byte whose place in the source is not known
  Delim,    // a delimiter character of an emphasis node cmark made
  Node,     // an opaque inline (one byte standing for the node)
};

struct Flat {
  std::string bytes;
  std::vector<Kind> kind;
  std::vector<std::size_t> offset;  // source offset of the byte (Escaped: of the escaped char)
  std::vector<cmark_node*> node;    // Node: the inline; Delim: the emphasis node
  std::vector<std::uint8_t> closer; // Delim: 1 for a closing delimiter

  std::size_t size() const { return bytes.size(); }
  void push(char b, Kind k, std::size_t off, cmark_node* n = nullptr, bool is_closer = false) {
    bytes.push_back(b);
    kind.push_back(k);
    offset.push_back(off);
    node.push_back(n);
    closer.push_back(is_closer ? 1 : 0);
  }
};

struct Run {
  std::size_t start, end;  // [start, end) in Flat
  char ch;
  Flags cm, cjk;
  bool delimiter = false;  // pushed on the delimiter stack under the chosen rule
  std::size_t offset = npos;  // source offset of its first character
};

class Container {
 public:
  Container(cmark_node* node, const LineIndex& source, StartOverrides& starts, cmark_syntax_extension* strike,
            bool sketch_ok)
      : node_(node), source_(source), starts_(starts), strike_(strike), sketch_ok_(sketch_ok) {
    const cmark_node_type t = cmark_node_get_type(node);
    in_brackets_ = t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE;
  }

  // Returns false when the container is left as it is.
  bool run(EmphasisRule rule) {
    if (!worth_flattening(node_)) return false;
    if (rule == EmphasisRule::CjkFriendly && sketch_ok_ && !may_differ(node_)) return false;
    if (rule == EmphasisRule::CjkFriendly && after_backslash_break()) return false;
    if (!flatten(node_)) return false;
    find_runs();
    if (!ok_) return false;
    bool differs = rule == EmphasisRule::CommonMark;
    for (Run& r : runs_) {
      const Flags f = rule == EmphasisRule::CommonMark ? r.cm : r.cjk;
      r.delimiter = (f.open || f.close) && (r.ch != '~' || r.end - r.start <= 2);
      if (r.cjk != r.cm) differs = true;
    }
    if (!differs) return false;
    rebuild(rule);
    return true;
  }

 private:
  // A container with no emphasis node and no delimiter character in its
  // text has nothing to re-pair.
  static bool worth_flattening(cmark_node* parent) {
    for (cmark_node* c = cmark_node_first_child(parent); c != nullptr; c = cmark_node_next(c)) {
      if (is_emphasis_node(c)) return true;
      if (cmark_node_get_type(c) != CMARK_NODE_TEXT) continue;
      const char* lit = cmark_node_get_literal(c);
      if (lit != nullptr && std::strpbrk(lit, "*_~") != nullptr) return true;
    }
    return false;
  }

  // cmark-gfm counts no line for a `\` line break: the inlines after one
  // get the line before's number, and this pass could not read their
  // neighbours. Such a block is left as cmark made it.
  bool after_backslash_break() const {
    cmark_node* block = node_;
    while (block != nullptr && !is_block(block)) block = cmark_node_parent(block);
    if (block == nullptr) return true;
    const int first = cmark_node_get_start_line(block);
    const int last = cmark_node_get_end_line(block);
    if (first <= 0 || last < first) return true;
    for (int line = first; line < last; ++line) {
      const std::string_view text = source_.line_text(line);
      std::size_t slashes = 0;
      while (slashes < text.size() && text[text.size() - 1 - slashes] == '\\') ++slashes;
      if (slashes % 2 == 1) return true;
    }
    return false;
  }

  // A quick look before the real work: is there a delimiter run whose
  // neighbours could flank it differently under the amended rule? That
  // needs a CJK character beside it, no whitespace on either side, and
  // punctuation on exactly one side (or a variation selector). Text is
  // read as written, emphasis nodes as their delimiters, other inlines as
  // unknown characters (conservatively: their edges are ASCII).
  bool may_differ(cmark_node* container) const {
    thread_local std::string text;
    text.clear();
    if (!sketch(container, text, source_)) return true;
    for (std::size_t i = 0; i < text.size();) {
      const char ch = text[i];
      if (ch != '*' && ch != '_' && ch != '~') {
        ++i;
        continue;
      }
      std::size_t end = i;
      while (end < text.size() && text[end] == ch) ++end;
      std::size_t b = i;
      std::size_t a = end;
      if (ch != '~') {
        while (b > 0 && text[b - 1] == '~') --b;
        while (a < text.size() && text[a] == '~') ++a;
      }
      const bool node_before = b > 0 && text[b - 1] == '\x01';
      const bool node_after = a < text.size() && text[a] == '\x01';
      const char32_t before = b == 0 ? U'\n' : decode_utf8_before(text, b);
      std::size_t j = a;
      const char32_t after = a >= text.size() ? U'\n' : decode_utf8(text, j);
      i = end;
      if (before < 0x80 && after < 0x80) continue;
      if (is_general_vs(before) || is_ivs(before)) return true;
      if (cm_space(before) || cm_space(after)) continue;
      const bool cjk = (before >= 0x80 && cjk_base(before) != 0) || (after >= 0x80 && cjk_base(after) != 0);
      if (!cjk) continue;
      if (node_before || node_after) return true;
      if (ch != '_' && cm_punct(before) != cm_punct(after)) return true;
    }
    return false;
  }

  // False when an emphasis node's delimiter character is not known.
  static bool sketch(cmark_node* parent, std::string& text, const LineIndex& source) {
    for (cmark_node* c = cmark_node_first_child(parent); c != nullptr; c = cmark_node_next(c)) {
      const cmark_node_type t = cmark_node_get_type(c);
      if (t == CMARK_NODE_TEXT) {
        const char* lit = cmark_node_get_literal(c);
        if (lit != nullptr) text += lit;
      } else if (t == CMARK_NODE_SOFTBREAK) {
        text += '\n';
      } else if (t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || is_strikethrough(c)) {
        const SourcePos at = inline_start(c, source);
        const std::size_t start = source.offset(at.line, at.byte_col);
        const char ch = start == npos ? 0 : source.char_at(start);
        if (ch != '*' && ch != '_' && ch != '~') return false;
        const std::string d(t == CMARK_NODE_EMPH ? 1 : 2, ch);  // one `~` or two: the same to this look
        text += d;
        if (!sketch(c, text, source)) return false;
        text += d;
      } else if (t == CMARK_NODE_LINK && link_kind(c, source) == LinkKind::Bare) {
        text += plain_text_of(c);  // a URL, as written (and it may have taken CJK text)
      } else {
        text += '\x01';
      }
    }
    return true;
  }

  bool flatten(cmark_node* parent) {
    for (cmark_node* c = cmark_node_first_child(parent); c != nullptr; c = cmark_node_next(c)) {
      const cmark_node_type t = cmark_node_get_type(c);
      if (t == CMARK_NODE_TEXT) {
        flatten_text(c);
      } else if (is_emphasis_node(c)) {
        const SourcePos at = inline_start(c, source_);
        const std::size_t start = source_.offset(at.line, at.byte_col);
        if (start == npos) return false;
        const char ch = source_.char_at(start);
        std::size_t count = 1;
        if (t == CMARK_NODE_STRONG) {
          count = 2;
        } else if (t != CMARK_NODE_EMPH) {  // strikethrough: the whole `~` run
          count = 0;
          while (source_.char_at(start + count) == '~') ++count;
        }
        if ((t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG) ? (ch != '*' && ch != '_') : (ch != '~' || count == 0 || count > 2)) {
          return false;
        }
        for (std::size_t k = 0; k < count; ++k) flat_.push(ch, Kind::Delim, npos, c, false);
        if (!flatten(c)) return false;
        for (std::size_t k = 0; k < count; ++k) flat_.push(ch, Kind::Delim, npos, c, true);
      } else {
        flat_.push('\0', Kind::Node, npos, c);
      }
    }
    return true;
  }

  void flatten_text(cmark_node* text) {
    const char* lit = cmark_node_get_literal(text);
    const std::string_view s = lit != nullptr ? lit : "";
    const SourcePos at = start_of(text, starts_, source_);
    std::size_t start = source_.offset(at.line, at.byte_col);
    // What is left of a closing run after the emphasis before it took some:
    // cmark keeps the start of the whole run as its position.
    if (start != npos && !s.empty() && is_delim_char(s[0]) && source_.char_at(start) == s[0]) {
      std::size_t used = 0;
      for (std::size_t i = flat_.size(); i > 0 && flat_.kind[i - 1] == Kind::Delim && flat_.closer[i - 1] &&
                                         flat_.bytes[i - 1] == s[0];
           --i) {
        ++used;
      }
      std::size_t k = 0;
      while (k < used && source_.char_at(start + k) == s[0]) ++k;
      if (k == used) start += used;
    }
    LiteralMap map = map_literal(s, source_.text(), start);
    if (!ends_where_cmark_says(text, s, map)) map.offset.assign(s.size(), npos);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::size_t off = map.offset[i];
      Kind k = Kind::Text;
      if (off == npos) {
        k = Kind::Unknown;
      } else if (map.escaped[i]) {
        k = Kind::Escaped;
      } else if (source_.char_at(off) != s[i]) {
        k = Kind::Entity;
      }
      flat_.push(s[i], k, off);
    }
    texts_.push_back(text);
  }

  // A check of a text's mapping onto the source: it must end where cmark
  // says the text ends (its column of a continuation line can be off, and
  // a mapping from a wrong start can look right).
  bool ends_where_cmark_says(cmark_node* text, std::string_view s, const LiteralMap& map) const {
    if (s.empty() || map.offset.front() == npos) return true;  // nothing known to check
    if (map.offset.back() == npos) return false;               // lost track: a wrong start
    std::size_t end = map.offset.back();
    if (source_.char_at(end) == '&' && s.back() != '&') {  // an entity: up to its ';'
      const std::size_t semi = source_.text().find(';', end);
      if (semi == npos) return false;
      end = semi;
    }
    // A punctuation character after an odd run of backslashes is escaped:
    // read as written it would be a wrong start (table cells' columns).
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (map.escaped[i] || map.offset[i] == npos || !is_ascii_punct(s[i])) continue;
      std::size_t slashes = 0;
      while (map.offset[i] > slashes && source_.char_at(map.offset[i] - slashes - 1) == '\\') ++slashes;
      if (slashes % 2 == 1) return false;
    }
    const int line = cmark_node_get_end_line(text);
    if (line != cmark_node_get_start_line(text)) return true;
    const std::size_t want = corrected_offset(text, line, cmark_node_get_end_column(text), source_);
    return want == npos || want == end;
  }

  static bool is_delim_char(char c) { return c == '*' || c == '_' || c == '~'; }

  bool is_delim_byte(std::size_t i) const {
    return (flat_.kind[i] == Kind::Delim || flat_.kind[i] == Kind::Text) && is_delim_char(flat_.bytes[i]);
  }

  void find_runs() {
    const std::size_t n = flat_.size();
    for (std::size_t i = 0; i < n && ok_;) {
      if (flat_.kind[i] == Kind::Unknown && is_delim_char(flat_.bytes[i])) {
        ok_ = false;  // cannot tell a delimiter from an escaped character
        break;
      }
      if (!is_delim_byte(i)) {
        ++i;
        continue;
      }
      Run r{i, i, flat_.bytes[i], {}, {}};
      while (r.end < n && is_delim_byte(r.end) && flat_.bytes[r.end] == r.ch) ++r.end;
      r.offset = run_offset(r);
      if (r.offset != npos) {
        for (std::size_t k = r.start; k < r.end; ++k) flat_.offset[k] = r.offset + (k - r.start);
      }
      runs_.push_back(r);
      i = r.end;
    }
    for (Run& r : runs_) {
      const Neighbours nb = neighbours(r);
      r.cm = commonmark_flags(r.ch, nb);
      r.cjk = cjk_flags(r.ch, nb);
    }
  }

  // Where a placed flat byte's source starts and ends.
  std::size_t byte_start(std::size_t k) const {
    return flat_.kind[k] == Kind::Escaped ? flat_.offset[k] - 1 : flat_.offset[k];
  }
  std::size_t byte_end(std::size_t k) const {  // the last source byte
    if (flat_.kind[k] == Kind::Entity) {
      const std::size_t len = entity_length(source_.text(), flat_.offset[k]);
      return len == 0 ? npos : flat_.offset[k] + len - 1;
    }
    return flat_.offset[k];
  }

  // Source offset of a run's first character: from a character of it whose
  // place is known, from the text right before or after it, else from the
  // emphasis node it opens or closes (cmark gives such a node the start of
  // the opening run; the end of the closing run, with the wrong line after
  // a `\` line break or for `~~`). npos when nothing fits the source.
  std::size_t run_offset(const Run& r) const {
    const std::size_t len = r.end - r.start;
    const bool has_prev = r.start > 0 && placed(r.start - 1);
    const bool has_next = r.end < flat_.size() && placed(r.end) && flat_.kind[r.end] != Kind::Delim;
    const std::size_t prev_end = has_prev ? byte_end(r.start - 1) : npos;
    const std::size_t next_start = has_next ? byte_start(r.end) : npos;
    auto fits = [&](std::size_t base) {
      if (base == npos) return false;
      for (std::size_t k = 0; k < len; ++k) {
        if (source_.char_at(base + k) != r.ch) return false;
      }
      if (has_prev && prev_end != npos && base != prev_end + 1) return false;
      if (has_next && base + len != next_start) return false;
      return true;
    };
    for (std::size_t i = r.start; i < r.end; ++i) {
      if (flat_.kind[i] == Kind::Text && flat_.offset[i] != npos) {
        const std::size_t base = flat_.offset[i] >= i - r.start ? flat_.offset[i] - (i - r.start) : npos;
        return fits(base) ? base : npos;
      }
    }
    if (has_prev && prev_end != npos && fits(prev_end + 1)) return prev_end + 1;
    if (has_next && next_start >= len && fits(next_start - len)) return next_start - len;
    if (flat_.kind[r.start] == Kind::Delim && !flat_.closer[r.start]) {
      const SourcePos at = inline_start(flat_.node[r.start], source_);
      const std::size_t base = source_.offset(at.line, at.byte_col);
      if (fits(base)) return base;
    }
    cmark_node* e = flat_.node[r.end - 1];
    if (flat_.kind[r.end - 1] == Kind::Delim && flat_.closer[r.end - 1] && !is_strikethrough(e)) {
      const std::size_t last =
          corrected_offset(e, cmark_node_get_end_line(e), cmark_node_get_end_column(e), source_);
      if (last != npos && last + 1 >= len && fits(last + 1 - len)) return last + 1 - len;
    }
    return npos;
  }

  // ------------------------------------------------ raw neighbour characters

  bool placed(std::size_t k) const {
    return k < flat_.size() && flat_.offset[k] != npos && flat_.kind[k] != Kind::Node && flat_.kind[k] != Kind::Unknown;
  }

  // The source character right after flat byte k, or 0 if unknown.
  char32_t source_after(std::size_t k) const {
    if (!placed(k)) return 0;
    std::size_t next = flat_.offset[k] + 1;
    if (flat_.kind[k] == Kind::Entity) {
      const std::size_t len = entity_length(source_.text(), flat_.offset[k]);
      if (len == 0) return 0;
      next = flat_.offset[k] + len;
    }
    if (next >= source_.text().size()) return 0;
    std::size_t i = next;
    return decode_utf8(source_.text(), i);
  }

  // The source character right before flat byte k, or 0 if unknown.
  char32_t source_before(std::size_t k) const {
    if (!placed(k)) return 0;
    std::size_t at = flat_.offset[k];
    if (flat_.kind[k] == Kind::Escaped) --at;  // the backslash
    return decode_utf8_before(source_.text(), at);
  }

  // The raw character an opaque inline starts (first) or ends with: what
  // the source holds next to the text beside it, else what its kind
  // starts and ends with (cmark's positions of inlines are not always
  // right, its text's are checked).
  char32_t node_edge(cmark_node* n, bool first, std::size_t at) const {
    const cmark_node_type t = cmark_node_get_type(n);
    if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK) {
      const char32_t c = first ? (at > 0 ? source_after(at - 1) : 0) : source_before(at + 1);
      if (c != 0 && c != '\n') return c;
    }
    switch (t) {
      case CMARK_NODE_SOFTBREAK:
        return '\n';
      case CMARK_NODE_LINEBREAK: {
        if (!first) return '\n';
        // `\` at the line end, or trailing spaces: look at the end of the
        // line a placed character of that line is on, or of the line
        // before one of the next line.
        auto is_break = [&](std::size_t k) {
          if (flat_.kind[k] != Kind::Node) return false;
          const cmark_node_type bt = cmark_node_get_type(flat_.node[k]);
          return bt == CMARK_NODE_SOFTBREAK || bt == CMARK_NODE_LINEBREAK;
        };
        std::size_t line_end = npos;
        for (std::size_t k = at; k > 0 && !is_break(k - 1); --k) {
          if (placed(k - 1)) {
            line_end = source_.text().find('\n', flat_.offset[k - 1]);
            break;
          }
        }
        for (std::size_t k = at + 1; line_end == npos && k < flat_.size() && !is_break(k); ++k) {
          if (placed(k)) {
            int line = 0;
            int col = 0;
            source_.locate(byte_start(k), &line, &col);
            const std::size_t begin = source_.line_start(line);
            if (begin != npos && begin > 0) line_end = begin - 1;
            break;
          }
        }
        if (line_end == npos || line_end == 0) return ' ';
        return source_.char_at(line_end - 1) == '\\' ? '\\' : ' ';
      }
      case CMARK_NODE_CODE:
        return '`';
      case CMARK_NODE_HTML_INLINE:
        if (is_math_node(n)) return '$';
        return first ? '<' : '>';
      case CMARK_NODE_IMAGE:
        return first ? '!' : ')';
      case CMARK_NODE_FOOTNOTE_REFERENCE:
        return first ? '[' : ']';
      case CMARK_NODE_LINK:
        switch (link_kind(n, source_)) {
          case LinkKind::Bracket:
            return first ? '[' : ')';
          case LinkKind::Angle:
            return first ? '<' : '>';
          case LinkKind::Bare: {
            const std::string text = plain_text_of(n);
            if (text.empty()) return 'a';
            return first ? first_code_point(text) : last_code_point(text);
          }
        }
        return 'a';
      default:
        return 'a';
    }
  }

  // The raw character that ends right before flat index i, and where it
  // starts in Flat (npos for a container edge or an opaque node).
  char32_t raw_before(std::size_t i, std::size_t* start) const {
    *start = npos;
    if (i == 0) return in_brackets_ ? '[' : '\n';
    const std::size_t k = i - 1;
    switch (flat_.kind[k]) {
      case Kind::Node:
        return node_edge(flat_.node[k], false, k);
      case Kind::Escaped:
      case Kind::Delim:
        *start = k;
        return static_cast<unsigned char>(flat_.bytes[k]);
      case Kind::Entity:
        *start = k;
        while (*start > 0 && flat_.kind[*start - 1] == Kind::Entity && flat_.offset[*start - 1] == flat_.offset[k]) --*start;
        return ';';
      default: {
        // A character of text: back over its continuation bytes.
        std::size_t s = k;
        while (s > 0 && k - s < 3 && (static_cast<unsigned char>(flat_.bytes[s]) & 0xC0) == 0x80 &&
               (flat_.kind[s - 1] == Kind::Text || flat_.kind[s - 1] == Kind::Unknown)) {
          --s;
        }
        *start = s;
        std::size_t j = s;
        const char32_t cp = decode_utf8(flat_.bytes, j);
        return j == i ? cp : 0xFFFD;
      }
    }
  }

  char32_t raw_at(std::size_t i) const {
    if (i >= flat_.size()) return in_brackets_ ? ']' : '\n';
    switch (flat_.kind[i]) {
      case Kind::Node:
        return node_edge(flat_.node[i], true, i);
      case Kind::Escaped:
        return '\\';
      case Kind::Entity:
        return '&';
      case Kind::Delim:
        return static_cast<unsigned char>(flat_.bytes[i]);
      default: {
        std::size_t j = i;
        return decode_utf8(flat_.bytes, j);
      }
    }
  }

  bool is_raw_tilde(std::size_t i) const {
    return (flat_.kind[i] == Kind::Text || flat_.kind[i] == Kind::Delim) && flat_.bytes[i] == '~';
  }

  Neighbours neighbours(const Run& r) const {
    Neighbours nb;
    std::size_t b = r.start;
    std::size_t a = r.end;
    bool backslash = false;
    if (r.ch != '~') {  // cmark-gfm skips `~` (an emphasis-like extension character) around `*` and `_`
      while (b > 0 && is_raw_tilde(b - 1)) --b;
      // `\~`: the `~` is skipped, the backslash is what cmark sees.
      if (b > 0 && flat_.kind[b - 1] == Kind::Escaped && flat_.bytes[b - 1] == '~') backslash = true;
      while (a < flat_.size() && is_raw_tilde(a)) ++a;
    }
    std::size_t start = npos;
    if (backslash) {
      nb.before = '\\';
    } else {
      nb.before = raw_before(b, &start);
      if (is_general_vs(nb.before) && start != npos) {
        std::size_t ignored = npos;
        nb.before2 = raw_before(start, &ignored);
      }
    }
    nb.after = raw_at(a);
    return nb;
  }

  // ------------------------------------------------ rebuilding

  struct Delim {
    int prev = -1, next = -1;
    cmark_node* text = nullptr;
    char ch = 0;
    bool can_open = false, can_close = false;
    int length = 0;     // the run's length as scanned
    int remaining = 0;  // characters not yet used by emphasis
    int position = 0;   // index in delims_
    std::size_t offset = npos;  // source offset of the text node's first character
  };

  void remove_delim(int d) {
    Delim& x = delims_[d];
    if (x.next >= 0) delims_[x.next].prev = x.prev; else last_ = x.prev;
    if (x.prev >= 0) delims_[x.prev].next = x.next;
    x.prev = x.next = -1;
  }

  void free_text(cmark_node* t) {
    starts_.erase(t);
    cmark_node_free(t);
  }

  void set_text(Delim& d) {
    const std::string lit(static_cast<std::size_t>(d.remaining), d.ch);
    cmark_node_set_literal(d.text, lit.c_str());
  }

  // S_insert_emph.
  int insert_emph(int opener, int closer) {
    Delim& o = delims_[opener];
    Delim& c = delims_[closer];
    const int use = (c.remaining >= 2 && o.remaining >= 2) ? 2 : 1;
    o.remaining -= use;
    c.remaining -= use;
    set_text(o);
    set_text(c);
    if (c.offset != npos) {
      c.offset += static_cast<std::size_t>(use);
      record_start(c.text, c.offset, starts_, source_);
    }
    for (int d = c.prev; d >= 0 && d != opener;) {
      const int prev = delims_[d].prev;
      remove_delim(d);
      d = prev;
    }
    cmark_node* emph = new_node(use == 1 ? CMARK_NODE_EMPH : CMARK_NODE_STRONG);
    for (cmark_node* t = cmark_node_next(o.text); t != nullptr && t != c.text;) {
      cmark_node* next = cmark_node_next(t);
      cmark_node_append_child(emph, t);
      t = next;
    }
    cmark_node_insert_after(o.text, emph);
    emphasis_.push_back(emph);
    if (o.remaining == 0) {
      free_text(o.text);
      remove_delim(opener);
    }
    if (c.remaining == 0) {
      free_text(c.text);
      const int next = c.next;
      remove_delim(closer);
      return next;
    }
    return closer;
  }

  // The strikethrough extension's insert (0.29.0.gfm.6): runs of unequal
  // length are left alone, on the stack.
  int insert_strikethrough(int opener, int closer) {
    Delim& o = delims_[opener];
    Delim& c = delims_[closer];
    const int result = c.next;
    if (o.remaining != c.remaining) return result;
    cmark_node* strike = new_node(CMARK_NODE_STRIKETHROUGH, strike_);
    for (cmark_node* t = cmark_node_next(o.text); t != nullptr && t != c.text;) {
      cmark_node* next = cmark_node_next(t);
      cmark_node_append_child(strike, t);
      t = next;
    }
    cmark_node_insert_before(o.text, strike);
    emphasis_.push_back(strike);
    free_text(o.text);
    free_text(c.text);
    for (int d = closer; d >= 0 && d != opener;) {
      const int prev = delims_[d].prev;
      remove_delim(d);
      d = prev;
    }
    remove_delim(opener);
    return result;
  }

  // process_emphasis with stack_bottom = NULL (a container is one subject).
  // openers_bottom holds a delimiter, as in cmark-gfm 0.29.0.gfm.6: the
  // search for an opener stops on reaching it, and never stops early once
  // it has left the stack.
  void process_emphasis() {
    std::array<std::array<int, 3>, 3> bottom;  // [closer length % 3][character]: -1 = none
    for (auto& row : bottom) row.fill(-1);
    auto index = [](char ch) { return ch == '*' ? 0 : ch == '_' ? 1 : 2; };
    int closer = last_;
    while (closer >= 0 && delims_[closer].prev >= 0) closer = delims_[closer].prev;
    while (closer >= 0) {
      Delim& c = delims_[closer];
      if (!c.can_close) {
        closer = c.next;
        continue;
      }
      int opener = c.prev;
      bool found = false;
      while (opener >= 0 && opener != bottom[c.length % 3][index(c.ch)]) {
        const Delim& o = delims_[opener];
        if (o.can_open && o.ch == c.ch) {
          if (!(c.can_open || o.can_close) || c.length % 3 == 0 || (o.length + c.length) % 3 != 0) {
            found = true;
            break;
          }
        }
        opener = o.prev;
      }
      const int old = closer;
      if (found) {
        closer = c.ch == '~' ? insert_strikethrough(opener, closer) : insert_emph(opener, closer);
      } else {
        closer = c.next;
        bottom[delims_[old].length % 3][index(delims_[old].ch)] = delims_[old].prev;
        if (!delims_[old].can_open) remove_delim(old);
      }
    }
  }

  void rebuild(EmphasisRule rule) {
    // Take the opaque inlines out, drop cmark's text and emphasis nodes.
    for (std::size_t i = 0; i < flat_.size(); ++i) {
      if (flat_.kind[i] == Kind::Node) cmark_node_unlink(flat_.node[i]);
    }
    for (cmark_node* t : texts_) starts_.erase(t);
    while (cmark_node* c = cmark_node_first_child(node_)) cmark_node_free(c);

    std::string pending;
    std::size_t pending_offset = npos;
    auto flush = [&] {
      if (pending.empty()) return;
      cmark_node* t = new_text(pending);
      cmark_node_append_child(node_, t);
      record_start(t, pending_offset, starts_, source_);
      pending.clear();
    };
    auto start_offset = [&](std::size_t i) -> std::size_t {
      const std::size_t off = flat_.offset[i];
      if (off == npos) return npos;
      switch (flat_.kind[i]) {
        case Kind::Escaped:
          return off - 1;  // the backslash
        case Kind::Unknown:
          return npos;
        default:
          return off;
      }
    };
    std::size_t r = 0;
    for (std::size_t i = 0; i < flat_.size();) {
      if (r < runs_.size() && runs_[r].start == i) {
        const Run& run = runs_[r++];
        if (run.delimiter) {
          flush();
          Delim d;
          d.ch = run.ch;
          d.length = d.remaining = static_cast<int>(run.end - run.start);
          const Flags f = rule == EmphasisRule::CommonMark ? run.cm : run.cjk;
          d.can_open = f.open;
          d.can_close = f.close;
          d.position = static_cast<int>(delims_.size());
          d.offset = run.offset;
          d.text = new_text(std::string(run.end - run.start, run.ch));
          cmark_node_append_child(node_, d.text);
          record_start(d.text, d.offset, starts_, source_);
          d.prev = last_;
          delims_.push_back(d);
          if (last_ >= 0) delims_[last_].next = d.position;
          last_ = d.position;
        } else {
          if (pending.empty()) pending_offset = run.offset;
          pending.append(run.end - run.start, run.ch);
        }
        i = run.end;
        continue;
      }
      if (flat_.kind[i] == Kind::Node) {
        flush();
        cmark_node_append_child(node_, flat_.node[i]);
        ++i;
        continue;
      }
      if (pending.empty()) pending_offset = start_offset(i);
      pending.push_back(flat_.bytes[i]);
      ++i;
    }
    flush();
    process_emphasis();
    merge_texts(node_);
    for (cmark_node* e : emphasis_) merge_texts(e);
  }

  // Joins adjacent text nodes this pass made (what cmark's consolidation
  // would have done), keeping the first one's start; a text of unknown
  // start is not joined to one whose start is known.
  void merge_texts(cmark_node* parent) {
    for (cmark_node* c = cmark_node_first_child(parent); c != nullptr; c = cmark_node_next(c)) {
      if (cmark_node_get_type(c) != CMARK_NODE_TEXT) continue;
      for (;;) {
        cmark_node* next = cmark_node_next(c);
        if (next == nullptr || cmark_node_get_type(next) != CMARK_NODE_TEXT) break;
        const bool known = starts_.count(c) != 0;
        if (!known && starts_.count(next) != 0) break;
        std::string lit = cmark_node_get_literal(c) != nullptr ? cmark_node_get_literal(c) : "";
        lit += cmark_node_get_literal(next) != nullptr ? cmark_node_get_literal(next) : "";
        cmark_node_set_literal(c, lit.c_str());
        free_text(next);
      }
    }
  }

  cmark_node* node_;
  const LineIndex& source_;
  StartOverrides& starts_;
  cmark_syntax_extension* strike_;
  bool sketch_ok_;
  bool in_brackets_ = false;
  bool ok_ = true;
  Flat flat_;
  std::vector<Run> runs_;
  std::vector<cmark_node*> texts_;     // cmark's text nodes, flattened
  std::vector<cmark_node*> emphasis_;  // emphasis nodes made here
  std::vector<Delim> delims_;
  int last_ = -1;
};

}  // namespace

bool is_cjk_character(char32_t cp) { return cjk_base(cp) == 1; }

bool may_need_cjk_emphasis(std::string_view source) {
  bool delimiter = false;
  bool wide = false;
  for (const char c : source) {
    if (c == '*' || c == '_' || c == '~') delimiter = true;
    if (static_cast<unsigned char>(c) >= 0x80) wide = true;
    if (delimiter && wide) return true;
  }
  return false;
}

void apply_cjk_emphasis(cmark_node* root, const LineIndex& source, StartOverrides& starts, EmphasisRule rule) {
  cmark_syntax_extension* strike = cmark_find_syntax_extension("strikethrough");
  if (strike == nullptr) return;
  // Every container holding a delimiter character or an emphasis node,
  // found before any is changed: emphasis nodes are not containers (they
  // are flattened into theirs), links and images are (cmark pairs their
  // text on its own), autolinks' text is a URL.
  std::vector<cmark_node*> containers;
  std::unordered_set<cmark_node*> seen;
  for_each_node(root, [&](cmark_node* node) {
    const cmark_node_type t = cmark_node_get_type(node);
    if (t == CMARK_NODE_TEXT) {
      const char* lit = cmark_node_get_literal(node);
      if (lit == nullptr || std::strpbrk(lit, "*_~") == nullptr) return;
    } else if (!is_emphasis_node(node)) {
      return;
    }
    cmark_node* container = cmark_node_parent(node);
    while (container != nullptr && is_emphasis_node(container)) container = cmark_node_parent(container);
    if (container == nullptr || (!containers.empty() && containers.back() == container)) return;
    if (cmark_node_get_type(container) == CMARK_NODE_LINK && link_kind(container, source) != LinkKind::Bracket) return;
    if (!seen.insert(container).second) return;
    containers.push_back(container);
  });
  // The quick look reads text as written: it cannot tell `\*` or `&ast;`
  // from a delimiter.
  const std::string_view text = source.text();
  bool sketch_ok = true;
  for (std::string_view s : {"\\*", "\\_", "\\~", "&#", "&ast", "&midast", "&lowbar", "&UnderBar"}) {
    if (text.find(s) != std::string_view::npos) sketch_ok = false;
  }
  for (cmark_node* c : containers) {
    Container container(c, source, starts, strike, sketch_ok);
    container.run(rule);
  }
}

}  // namespace studywiki::markdown::detail
