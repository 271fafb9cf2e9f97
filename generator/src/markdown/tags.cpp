// Inline `#tags` (Obsidian): a post-pass over each inline container's text
// children outside links, like wikilinks.cpp. Code, math, raw HTML,
// wikilinks and link/image contents are other nodes, so never searched.
//
// A '#' starts a tag when it was written as '#' (not `\#`, not `&#35;`),
// and what precedes it is a block start, a line break, whitespace, or
// non-ASCII punctuation that also ends a bare URL (`，。、：“（…`). So `C#`,
// `a#b`, `&#123;` and the `#` of `https://a.com/#frag` never start one. The
// name is the run of letters (incl. CJK, kana, hangul, combining marks),
// digits, `-`, `_`, `/` after it, cut at an empty segment (`a//b` gives
// `a`) and without a trailing '/'; it needs one non-digit (`#2024` is no tag).
//
// Study notes hold a lot of code written as prose, whose `#` is no tag:
// C preprocessor lines (`#include <tchar.h>`, `#define X`, `#ifdef`), CSS
// colours and selectors (`#6699FF;`, `#box{`), comments after a number on
// a config line (`port 6379 #默认6379`), and Lua's length operator in a
// line of code (`local n = #a`, `if #t > 0`). See looks_like_code().
#include <unicode/uchar.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

namespace {

bool is_name_char(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '-' ||
           cp == '_' || cp == '/';
  }
  const auto ch = static_cast<UChar32>(cp);
  if (u_isUAlphabetic(ch) || u_isdigit(ch)) return true;
  switch (u_charType(ch)) {
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return true;
    default:
      return false;
  }
}

bool is_boundary(char32_t cp) {
  return is_space(cp) || (cp >= 0x80 && u_ispunct(static_cast<UChar32>(cp)) && ends_bare_url(cp));
}

constexpr char32_t kBlockStart = ' ';     // what a line or block start counts as
constexpr char32_t kOpaque = 0;           // a node that is not text (code, math, HTML, a tag)
constexpr char32_t kNothing = 0x110000;   // an empty subtree

bool is_emphasis_like(cmark_node* n) {
  const cmark_node_type t = cmark_node_get_type(n);
  if (t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) return true;
  const char* name = cmark_node_get_type_string(n);
  return name != nullptr && std::string_view(name) == "strikethrough";
}

// The last character of an inline subtree as text.
char32_t last_char(cmark_node* n) {
  const cmark_node_type t = cmark_node_get_type(n);
  if (t == CMARK_NODE_TEXT) {
    const std::string_view s = literal_of(n);
    return s.empty() ? kNothing : last_code_point(s);
  }
  if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) return kBlockStart;
  if (!is_emphasis_like(n)) return kOpaque;
  for (cmark_node* c = cmark_node_last_child(n); c != nullptr; c = cmark_node_previous(c)) {
    if (const char32_t r = last_char(c); r != kNothing) return r;
  }
  return kNothing;
}

// The character right before an inline node, looking through siblings and
// out of emphasis; kBlockStart at the start of a block (unless `glued`).
char32_t char_before(cmark_node* node, cmark_node* glued) {
  for (cmark_node* n = node;;) {
    for (cmark_node* prev = cmark_node_previous(n); prev != nullptr; prev = cmark_node_previous(prev)) {
      if (const char32_t r = last_char(prev); r != kNothing) return r;
    }
    cmark_node* parent = cmark_node_parent(n);
    if (parent == nullptr) return kBlockStart;
    if (!is_emphasis_like(parent)) return parent == glued ? kOpaque : kBlockStart;
    n = parent;
  }
}

// Length in bytes of the tag name starting at s[from] ("" -> 0).
std::size_t name_length(std::string_view s, std::size_t from) {
  std::size_t end = from;
  for (std::size_t i = from; i < s.size();) {
    const char32_t cp = decode_utf8(s, i);
    if (!is_name_char(cp)) break;
    if (cp == '/' && (end == from || (i < s.size() && s[i] == '/'))) break;  // empty segment
    end = i;
  }
  while (end > from && s[end - 1] == '/') --end;
  bool non_digit = false;
  for (std::size_t i = from; i < end && !non_digit;) {
    non_digit = !u_isdigit(static_cast<UChar32>(decode_utf8(s, i)));
  }
  return non_digit ? end - from : 0;
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Whether an inline node starts a line: nothing before it in its block, or
// a line break (looking out of emphasis).
bool starts_line(cmark_node* node) {
  for (cmark_node* n = node;;) {
    cmark_node* prev = cmark_node_previous(n);
    if (prev != nullptr) {
      const cmark_node_type t = cmark_node_get_type(prev);
      return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
    }
    cmark_node* parent = cmark_node_parent(n);
    if (parent == nullptr || !is_emphasis_like(parent)) return true;
    n = parent;
  }
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (word == w) return true;
  }
  return false;
}

// Is `#name` (the '#' at lit[hash], the name `len` bytes after it) code
// written as prose? `text_starts_line`: the text `lit` starts its line.
bool looks_like_code(std::string_view lit, std::size_t hash, std::size_t len, bool text_starts_line) {
  const std::string_view name = lit.substr(hash + 1, len);
  const std::string_view rest = lit.substr(hash + 1 + len);
  const std::string_view head = lit.substr(0, hash);
  std::size_t b = head.size();
  while (b > 0 && is_blank(head[b - 1])) --b;
  const std::string_view before = head.substr(0, b);  // without the blanks right before '#'
  std::size_t a = 0;
  while (a < rest.size() && is_blank(rest[a])) ++a;
  const std::string_view after = rest.substr(a);      // without the blanks right after the name
  const bool line_start = text_starts_line && before.empty();

  // C preprocessor directives (also glued to Chinese: `#include指令`).
  std::size_t word_len = 0;
  while (word_len < name.size() && (is_ascii_alpha(name[word_len]) || name[word_len] == '_')) ++word_len;
  const std::string_view word = name.substr(0, word_len);
  if (word_len == name.size() || static_cast<unsigned char>(name[word_len]) >= 0x80) {
    if (one_of(word, {"include", "include_next", "define", "undef", "ifdef", "ifndef", "elif", "elifdef",
                      "elifndef", "endif", "pragma"})) {
      return true;
    }
    if (line_start && one_of(word, {"if", "else", "error", "warning", "line", "import", "region", "endregion"})) {
      return true;
    }
  }

  // CSS colours: 3, 4, 6 or 8 hex digits with a digit among them, all one
  // letter (`#fff`), or ending a declaration (`#abc;`).
  if (name.size() == 3 || name.size() == 4 || name.size() == 6 || name.size() == 8) {
    bool hex = true;
    bool digit = false;
    bool same = true;
    for (const char c : name) {
      hex = hex && is_hex(c);
      digit = digit || is_ascii_digit(c);
      same = same && c == name.front();
    }
    if (hex && (digit || same || (!rest.empty() && rest.front() == ';'))) return true;
  }

  // CSS selectors: `#box{`, `#nav > li:hover {`, `#a, #b {`.
  for (const char c : rest) {
    if (c == '{') return true;
    const bool selector = is_ascii_alpha(c) || is_ascii_digit(c) || is_blank(c) ||
                          std::string_view("-_.#:>+~[]=\"'*,()").find(c) != std::string_view::npos;
    if (!selector) break;
  }

  // A comment after a number on a config line: `port 6379 #默认6379`
  // (`key value… #…`, ASCII, the key a word, the last value a number).
  if (text_starts_line && b < head.size() && !before.empty() && is_ascii_digit(before.back()) &&
      is_ascii_alpha(before.front())) {
    bool ascii = true;
    bool key = true;  // still in the first word
    int words = 1;
    for (std::size_t i = 0; i < before.size(); ++i) {
      const char c = before[i];
      if (static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20) ascii = false;
      if (is_blank(c)) {
        key = false;
        if (i + 1 < before.size() && !is_blank(before[i + 1])) ++words;
      } else if (key && !is_ascii_alpha(c) && !is_ascii_digit(c) && c != '_' && c != '-' && c != '.') {
        ascii = false;
      }
    }
    if (ascii && words >= 2) return true;
  }

  // An operand in a line of code (Lua's length operator): `n = #a`,
  // `if #t > 0 then`, `for i = 1, #a do`: an ASCII line with `=`, `;` or
  // braces, or an operator right before or after.
  // (`==` glued to a word is a highlight, not an operator; a `;` counts
  // where it ends the text.)
  bool ascii_line = true;
  bool code_punct = false;
  std::size_t last = lit.size();
  while (last > 0 && (is_blank(lit[last - 1]) || lit[last - 1] == '\n')) --last;
  if (last > 0 && lit[last - 1] == ';') code_punct = true;
  for (std::size_t i = 0; i < lit.size(); ++i) {
    const char c = lit[i];
    if (static_cast<unsigned char>(c) >= 0x80) ascii_line = false;
    if (c == '{' || c == '}') code_punct = true;
    if (c != '=') continue;
    std::size_t j = i;
    while (j < lit.size() && lit[j] == '=') ++j;
    const bool glued = (i > 0 && !is_blank(lit[i - 1])) || (j < lit.size() && !is_blank(lit[j]));
    if (j - i != 2 || !glued) code_punct = true;
    i = j - 1;
  }
  if (ascii_line && code_punct) return true;
  // An operator standing alone (blanks around it) right before or after.
  constexpr std::string_view kOperators = "=<>+*%^~.";  // not `/`: `数据库 / #redis`
  if (b < head.size()) {
    std::size_t op = before.size();
    while (op > 0 && kOperators.find(before[op - 1]) != std::string_view::npos) --op;
    const std::string_view token = before.substr(op);
    if (!token.empty() && token != "." && token != "~" && (op == 0 || is_blank(before[op - 1]))) return true;
  }
  if (a > 0) {
    std::size_t op = 0;
    while (op < after.size() && kOperators.find(after[op]) != std::string_view::npos) ++op;
    const std::string_view token = after.substr(0, op);
    if (!token.empty() && token.find('.') == std::string_view::npos && token != "~" &&
        (op == after.size() || is_blank(after[op]))) {
      return true;
    }
  }
  return false;
}

struct Found {
  std::size_t hash;  // byte index of '#' in the literal
  std::size_t end;   // one past the name
};

class Finder {
 public:
  Finder(const LineIndex& source, StartOverrides& starts, cmark_node* glued, TagRecords& out)
      : source_(source), starts_(starts), glued_(glued), out_(out) {}

  void process_container(cmark_node* parent) {
    for (cmark_node* c = cmark_node_first_child(parent); c != nullptr;) {
      cmark_node* next = cmark_node_next(c);
      const char* lit = cmark_node_get_literal(c);
      if (cmark_node_get_type(c) == CMARK_NODE_TEXT && lit != nullptr && std::strchr(lit, '#') != nullptr) {
        scan(c);
      }
      c = next;
    }
  }

 private:
  SourcePos start_of(cmark_node* text) const {
    return detail::start_of(text, starts_, source_);
  }

  SourcePos pos_at(std::size_t offset) const {
    SourcePos p;
    if (offset != std::string_view::npos) source_.locate(offset, &p.line, &p.byte_col);
    return p;
  }

  void scan(cmark_node* text) {
    const std::string lit = cmark_node_get_literal(text);
    const SourcePos start = start_of(text);
    const LiteralMap map = map_literal(lit, source_.text(), source_.offset(start.line, start.byte_col));
    const std::string_view whole = source_.text();
    std::vector<Found> found;
    for (std::size_t h = lit.find('#'); h != std::string::npos; h = lit.find('#', h + 1)) {
      if (map.escaped[h]) continue;  // `\#`
      if (map.offset[h] != std::string_view::npos && whole[map.offset[h]] != '#') continue;  // `&#35;`
      const char32_t before = h == 0 ? char_before(text, glued_) : decode_utf8_before(lit, h);
      if (!is_boundary(before)) continue;
      const std::size_t len = name_length(lit, h + 1);
      if (len == 0) continue;
      if (looks_like_code(lit, h, len, starts_line(text))) {
        h += len;
        continue;
      }
      found.push_back({h, h + 1 + len});
      h += len;
    }
    if (found.empty()) return;

    auto offset_of = [&](std::size_t i) { return i < map.offset.size() ? map.offset[i] : std::string_view::npos; };
    cmark_node* anchor = text;
    std::size_t emitted = found.front().hash;
    for (std::size_t k = 0; k < found.size(); ++k) {
      const Found& f = found[k];
      if (f.hash > emitted) {
        cmark_node* piece = new_text(std::string_view(lit).substr(emitted, f.hash - emitted));
        set_start(piece, offset_of(emitted));
        cmark_node_insert_after(anchor, piece);
        anchor = piece;
      }
      InlineTag tag;
      tag.name = lit.substr(f.hash + 1, f.end - f.hash - 1);
      const SourcePos at = pos_at(offset_of(f.hash));
      if (at.line > 0) {
        tag.line = at.line;
        tag.col = source_.code_point_column(at.line, at.byte_col);
      }
      cmark_node* node = make_tag_node(tag);
      starts_.erase(node);  // a stale entry of a freed node at the same address
      cmark_node_insert_after(anchor, node);
      anchor = node;
      out_[node] = std::move(tag);
      emitted = f.end;
    }
    if (emitted < lit.size()) {
      cmark_node* piece = new_text(std::string_view(lit).substr(emitted));
      set_start(piece, offset_of(emitted));
      cmark_node_insert_after(anchor, piece);
    }
    if (found.front().hash > 0) {
      const std::string head = lit.substr(0, found.front().hash);
      cmark_node_set_literal(text, head.c_str());
    } else {
      starts_.erase(text);
      cmark_node_free(text);
    }
  }

  void set_start(cmark_node* node, std::size_t offset) { record_start(node, offset, starts_, source_); }

  const LineIndex& source_;
  StartOverrides& starts_;
  cmark_node* glued_;
  TagRecords& out_;
};

}  // namespace

void render_tag(cmark_node* node, const InlineTag& tag, const std::string& href) {
  const std::string text = "#" + tag.name;
  const std::string html =
      href.empty() ? escape_html(text) : "<a class=\"tag\" href=\"" + escape_html(href) + "\">" + escape_html(text) + "</a>";
  cmark_node_set_literal(node, html.c_str());
  cmark_node_set_string_content(node, text.c_str());
}

cmark_node* make_tag_node(const InlineTag& tag) {
  cmark_node* node = new_node(CMARK_NODE_HTML_INLINE);
  set_tag(node, kTagInlineTag);
  render_tag(node, tag, "");
  return node;
}

void find_tags(cmark_node* root, const LineIndex& source, StartOverrides& starts, cmark_node* glued, TagRecords& out) {
  std::vector<cmark_node*> containers = inline_containers_outside_links(root);
  Finder finder(source, starts, glued, out);
  for (cmark_node* c : containers) finder.process_container(c);
}

}  // namespace studywiki::markdown::detail
