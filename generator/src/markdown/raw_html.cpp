// RawHtml::Sanitize: see raw_html.h.
#include "markdown/raw_html.h"

#include <gumbo.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "markdown/internal.h"
#include "markdown/media.h"

namespace studywiki::markdown::detail {

namespace {

// user_data of the nodes this module wrote (sanitized raw HTML, closing tags).
const char kTagSanitized = 0;

// Elements open at once in one container, at most (deeper ones are dropped).
constexpr std::size_t kMaxOpen = 200;

constexpr std::size_t npos = std::string_view::npos;

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string trim_ascii(std::string_view s) {
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return std::string(s);
}

bool all_digits(std::string_view s, std::size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  return std::all_of(s.begin(), s.end(), is_digit);
}

template <typename List>
bool one_of(std::string_view s, const List& list) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

// ------------------------------------------------------------- tokenizer
// Where tags, comments and text are, following the HTML tokenizer's rules
// for a tag's end (attribute values quoted with " or ' may hold '>').
// Safety does not rest on it: tags are written again from the allowlist and
// text is escaped, so a misread only changes what is shown.

struct Token {
  enum Kind : std::uint8_t { Text, Start, End, Comment, Other } kind = Text;
  std::size_t begin = 0, end = 0;  // [begin, end) in the fragment
  std::size_t name_end = 0;        // Start/End: just after the tag name
  std::string name;                // Start/End: lowercased
};

// From just after a tag's name to just after its '>', or npos.
std::size_t scan_tag_end(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    const char c = s[i];
    if (c == '>') return i + 1;
    if (is_ws(c) || c == '/') {
      ++i;
      continue;
    }
    ++i;  // an attribute name (its first character may be '=')
    while (i < s.size() && !is_ws(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') ++i;
    while (i < s.size() && is_ws(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') continue;
    ++i;
    while (i < s.size() && is_ws(s[i])) ++i;
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
      const std::size_t close = s.find(s[i], i + 1);
      if (close == npos) return npos;
      i = close + 1;
    } else {
      while (i < s.size() && !is_ws(s[i]) && s[i] != '>') ++i;
    }
  }
  return npos;
}

// Elements whose content is text up to their end tag, never markup.
bool is_raw_text(std::string_view name) {
  static const std::string_view names[] = {"script",  "style",    "xmp",      "iframe", "noembed",
                                           "noframes", "noscript", "textarea", "title",  "plaintext"};
  return one_of(name, names);
}

// Offset of `</name` (any case) followed by whitespace, '/' or '>' at or after i, or npos.
std::size_t find_end_tag(std::string_view s, std::string_view name, std::size_t i) {
  for (; i + 2 + name.size() <= s.size(); ++i) {
    if (s[i] != '<' || s[i + 1] != '/') continue;
    bool same = true;
    for (std::size_t k = 0; k < name.size() && same; ++k) same = lower(s[i + 2 + k]) == name[k];
    if (!same) continue;
    const std::size_t after = i + 2 + name.size();
    if (after == s.size() || is_ws(s[after]) || s[after] == '/' || s[after] == '>') return i;
  }
  return npos;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t text = 0;
  std::size_t i = 0;
  auto flush = [&](std::size_t upto) {
    if (upto > text) out.push_back(Token{Token::Text, text, upto, 0, {}});
  };
  while ((i = s.find('<', i)) != npos) {
    Token tok;
    std::size_t end = npos;
    const std::string_view rest = s.substr(i);
    if (rest.substr(0, 4) == "<!--") {
      tok.kind = Token::Comment;
      if (rest.substr(4, 1) == ">") {
        end = i + 5;
      } else if (rest.substr(4, 2) == "->") {
        end = i + 6;
      } else {
        std::size_t a = s.find("-->", i + 4);
        std::size_t b = s.find("--!>", i + 4);
        if (a != npos) a += 3;
        if (b != npos) b += 4;
        end = std::min(a, b);
        if (end == npos) end = s.size();  // an unclosed comment runs to the end
      }
    } else if (rest.size() > 1 && (rest[1] == '!' || rest[1] == '?')) {
      tok.kind = Token::Other;  // doctype, CDATA, processing instruction: up to '>'
      end = s.find('>', i + 2);
      if (end != npos) ++end;
    } else if (rest.size() > 2 && rest[1] == '/' && is_alpha(rest[2])) {
      tok.kind = Token::End;
    } else if (rest.size() > 1 && is_alpha(rest[1])) {
      tok.kind = Token::Start;
    } else if (rest.substr(0, 3) == "</>") {
      tok.kind = Token::Comment;  // ignored by browsers
      end = i + 3;
    } else {
      ++i;  // a '<' in text
      continue;
    }
    if (tok.kind == Token::Start || tok.kind == Token::End) {
      std::size_t n = i + (tok.kind == Token::End ? 2 : 1);
      const std::size_t name_begin = n;
      while (n < s.size() && !is_ws(s[n]) && s[n] != '/' && s[n] != '>') ++n;
      tok.name = lowercase(s.substr(name_begin, n - name_begin));
      tok.name_end = n;
      end = scan_tag_end(s, n);
    }
    if (end == npos) {  // never closed: text
      ++i;
      continue;
    }
    flush(i);
    tok.begin = i;
    tok.end = end;
    out.push_back(tok);
    text = i = end;
    if (tok.kind == Token::Start && is_raw_text(tok.name)) {
      std::size_t close = tok.name == "plaintext" ? npos : find_end_tag(s, tok.name, end);
      if (close == npos) close = s.size();
      flush(close);
      text = i = close;
    }
  }
  flush(s.size());
  return out;
}

// ------------------------------------------------------------- allowlist

enum class Class { Allowed, DropWithContent, DropTag, Show };
enum class Kind { Void, Phrasing, Flow };

struct TagRule {
  std::string_view name;
  Kind kind;
};

// Everything allowed. Phrasing elements an HTML block leaves open are
// closed at its end; Flow ones may wrap the Markdown blocks that follow.
constexpr TagRule kAllowed[] = {
    {"br", Kind::Void},          {"hr", Kind::Void},          {"img", Kind::Void},
    {"wbr", Kind::Void},         {"col", Kind::Void},         {"source", Kind::Void},
    {"a", Kind::Phrasing},       {"abbr", Kind::Phrasing},    {"b", Kind::Phrasing},
    {"bdi", Kind::Phrasing},     {"big", Kind::Phrasing},     {"cite", Kind::Phrasing},
    {"code", Kind::Phrasing},    {"del", Kind::Phrasing},     {"dfn", Kind::Phrasing},
    {"em", Kind::Phrasing},      {"font", Kind::Phrasing},    {"i", Kind::Phrasing},
    {"ins", Kind::Phrasing},     {"kbd", Kind::Phrasing},     {"mark", Kind::Phrasing},
    {"q", Kind::Phrasing},       {"rp", Kind::Phrasing},      {"rt", Kind::Phrasing},
    {"ruby", Kind::Phrasing},    {"s", Kind::Phrasing},       {"samp", Kind::Phrasing},
    {"small", Kind::Phrasing},   {"span", Kind::Phrasing},    {"strike", Kind::Phrasing},
    {"strong", Kind::Phrasing},  {"sub", Kind::Phrasing},     {"sup", Kind::Phrasing},
    {"tt", Kind::Phrasing},      {"u", Kind::Phrasing},       {"var", Kind::Phrasing},
    {"video", Kind::Phrasing},   {"audio", Kind::Phrasing},   {"p", Kind::Phrasing},
    {"pre", Kind::Phrasing},     {"h1", Kind::Phrasing},      {"h2", Kind::Phrasing},
    {"h3", Kind::Phrasing},      {"h4", Kind::Phrasing},      {"h5", Kind::Phrasing},
    {"h6", Kind::Phrasing},      {"div", Kind::Flow},         {"center", Kind::Flow},
    {"details", Kind::Flow},     {"summary", Kind::Flow},     {"blockquote", Kind::Flow},
    {"ul", Kind::Flow},          {"ol", Kind::Flow},          {"li", Kind::Flow},
    {"dl", Kind::Flow},          {"dt", Kind::Flow},          {"dd", Kind::Flow},
    {"table", Kind::Flow},       {"caption", Kind::Flow},     {"colgroup", Kind::Flow},
    {"thead", Kind::Flow},       {"tbody", Kind::Flow},       {"tfoot", Kind::Flow},
    {"tr", Kind::Flow},          {"th", Kind::Flow},          {"td", Kind::Flow},
    {"figure", Kind::Flow},      {"figcaption", Kind::Flow},  {"section", Kind::Flow},
};

const TagRule* allowed_rule(std::string_view name) {
  for (const TagRule& r : kAllowed)
    if (r.name == name) return &r;
  return nullptr;
}

Class classify(std::string_view name) {
  static const std::string_view drop_content[] = {
      "script", "style",  "iframe", "object",   "applet",   "frameset", "noscript", "noembed", "noframes",
      "template", "svg",  "math",   "textarea", "title",    "xmp",      "plaintext"};
  static const std::string_view drop_tag[] = {"html", "head", "body", "base", "link", "meta", "embed", "frame",
                                              "basefont", "bgsound"};
  if (allowed_rule(name) != nullptr) return Class::Allowed;
  if (one_of(name, drop_content)) return Class::DropWithContent;
  if (one_of(name, drop_tag)) return Class::DropTag;
  return Class::Show;
}

// Allowed in a paragraph or heading (phrasing content): a block element
// there would end the <p> in a browser and break the page's structure.
bool is_phrasing(std::string_view name) {
  const TagRule* rule = allowed_rule(name);
  if (rule == nullptr || rule->kind == Kind::Flow) return false;
  if (rule->kind == Kind::Void) return name == "br" || name == "img" || name == "wbr";
  return name != "p" && name != "pre" && !(name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6');
}

bool is_block_start(std::string_view name) {  // closes an open <p>
  static const std::string_view names[] = {"div", "p", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4",
                                           "h5",  "h6", "blockquote", "pre", "details", "center", "figure",
                                           "section", "hr"};
  return one_of(name, names);
}

// ------------------------------------------------------------- attributes

using Attr = std::pair<std::string, std::string>;

// The attributes of a start tag, read by gumbo: `rest` is the tag from just
// after its name to its '>' (parsed as a <span>'s, so no tree-building rule
// of the real element can drop it).
std::vector<Attr> parse_attributes(std::string_view rest) {
  std::vector<Attr> out;
  std::size_t k = 0;
  while (k < rest.size() && (is_ws(rest[k]) || rest[k] == '/')) ++k;
  if (k < rest.size() && rest[k] == '>') return out;  // none
  const std::string html = "<span" + std::string(rest);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  options.fragment_context = GUMBO_TAG_DIV;
  GumboOutput* parsed = gumbo_parse_with_options(&options, html.data(), html.size());
  if (parsed == nullptr) return out;
  const GumboNode* root = parsed->root;
  if (root != nullptr && root->type == GUMBO_NODE_ELEMENT) {
    const GumboVector& children = root->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type != GUMBO_NODE_ELEMENT || child->v.element.tag != GUMBO_TAG_SPAN) continue;
      const GumboVector& attrs = child->v.element.attributes;
      for (unsigned a = 0; a < attrs.length; ++a) {
        const auto* attr = static_cast<const GumboAttribute*>(attrs.data[a]);
        out.emplace_back(attr->name != nullptr ? attr->name : "", attr->value != nullptr ? attr->value : "");
      }
      break;
    }
  }
  gumbo_destroy_output(&options, parsed);
  return out;
}

const std::string* find_attr(const std::vector<Attr>& attrs, std::string_view name) {
  for (const auto& [k, v] : attrs)
    if (k == name) return &v;
  return nullptr;
}

// A colour: #rgb, #rrggbb(aa), a keyword (`red`, `DarkOrange`) or rgb()/rgba()
// of numbers. "" when it is none of these.
std::string valid_colour(std::string_view value) {
  const std::string v = trim_ascii(value);
  if ((v.size() == 4 || v.size() == 5 || v.size() == 7 || v.size() == 9) && v[0] == '#' &&
      std::all_of(v.begin() + 1, v.end(), [](char c) { return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f'); }))
    return v;
  if (!v.empty() && v.size() <= 30 && std::all_of(v.begin(), v.end(), is_alpha)) return v;
  const std::string l = lowercase(v);
  for (std::string_view fn : {"rgb(", "rgba("}) {
    if (l.rfind(fn, 0) != 0 || l.back() != ')' || l.size() > 40) continue;
    const std::string_view inner = std::string_view(l).substr(fn.size(), l.size() - fn.size() - 1);
    int numbers = 0;
    bool ok = true;
    std::size_t i = 0;
    while (ok && i < inner.size()) {
      while (i < inner.size() && inner[i] == ' ') ++i;
      const std::size_t start = i;
      while (i < inner.size() && (is_digit(inner[i]) || inner[i] == '.' || inner[i] == '%')) ++i;
      ok = i > start;
      ++numbers;
      while (i < inner.size() && inner[i] == ' ') ++i;
      if (i < inner.size()) ok = ok && inner[i++] == ',';
    }
    if (ok && numbers >= 3 && numbers <= 4) return l;
  }
  return "";
}

// "300" for `300` or `300px`; "" otherwise.
std::string valid_pixels(std::string_view value) {
  std::string v = lowercase(trim_ascii(value));
  if (v.size() > 2 && v.compare(v.size() - 2, 2, "px") == 0) v.resize(v.size() - 2);
  if (!all_digits(v, 5) || std::stoi(v) == 0) return "";
  return std::to_string(std::stoi(v));
}

// "50%" for `50%`, `33.3%`; with `as_factor`, also `0.5` (zoom). Never more
// than 100%; "" when invalid or 0.
std::string valid_percent(std::string_view value, bool as_factor) {
  const std::string v = trim_ascii(value);
  std::string_view num = v;
  const bool pct = !num.empty() && num.back() == '%';
  if (pct) num.remove_suffix(1);
  if (!pct && !as_factor) return "";
  if (num.empty() || num.size() > 7) return "";
  std::size_t dots = 0;
  for (char c : num) {
    if (c == '.') ++dots;
    else if (!is_digit(c)) return "";
  }
  if (dots > 1 || num == ".") return "";
  double x = std::strtod(std::string(num).c_str(), nullptr);
  if (!pct) x *= 100;
  if (!(x > 0)) return "";
  if (x >= 100) return "100%";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.4g%%", x);
  return buf;
}

// `style` declarations, property names lowercased: "zoom: 50%; color:red" -> {{zoom,50%},{color,red}}.
std::vector<Attr> style_declarations(std::string_view style) {
  std::vector<Attr> out;
  std::size_t i = 0;
  while (i <= style.size()) {
    std::size_t semi = style.find(';', i);
    if (semi == npos) semi = style.size();
    const std::string_view decl = style.substr(i, semi - i);
    if (const std::size_t colon = decl.find(':'); colon != npos)
      out.emplace_back(lowercase(trim_ascii(decl.substr(0, colon))), trim_ascii(decl.substr(colon + 1)));
    i = semi + 1;
  }
  return out;
}

std::string align_class(std::string_view tag, std::string_view value) {
  const std::string v = lowercase(trim_ascii(value));
  if (v == "left" || v == "right" || v == "center") return "align-" + v;
  if (v == "middle" && tag == "img") return "align-center";
  if (v == "justify" && tag != "img") return "align-justify";
  return "";
}


// Byte length of a character reference (`&nbsp;`, `&#169;`, `&#xA9;`) at s[i], or 0.
std::size_t reference_length(std::string_view s, std::size_t i) {
  std::size_t k = i + 1;
  if (k < s.size() && s[k] == '#') {
    ++k;
    const bool hex = k < s.size() && lower(s[k]) == 'x';
    if (hex) ++k;
    const std::size_t start = k;
    while (k < s.size() && k - start < 8 && (is_digit(s[k]) || (hex && lower(s[k]) >= 'a' && lower(s[k]) <= 'f'))) ++k;
    return k > start && k < s.size() && s[k] == ';' ? k + 1 - i : 0;
  }
  const std::size_t start = k;
  while (k < s.size() && k - start < 32 && (is_alpha(s[k]) || is_digit(s[k]))) ++k;
  return k > start && is_alpha(s[start]) && k < s.size() && s[k] == ';' ? k + 1 - i : 0;
}

// Text between tags: `<` and `>` escaped; `&` kept when it starts a
// character reference, else escaped.
void append_text(std::string& out, std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += reference_length(s, i) > 0 ? "&" : "&amp;";
    else out += c;
  }
}

}  // namespace

// ------------------------------------------------------------- state

struct HtmlSanitizer::State {
  struct Slot {
    std::string url;
    bool is_image = false;
    int line = 0, col = 0;
    bool broken = false;
    int elem = -1;
  };
  struct Elem {
    std::string name;          // as written out (a <p> left open becomes "div")
    std::vector<Attr> attrs;   // values unescaped; a boolean attribute has value "\x01"
    std::string alt;           // <img>: shown when its src is broken
    int url_attr = -1;         // index in attrs of the URL that slot holds
    int slot = -1;
    bool is_void = false;
  };
  struct Piece {
    // VideoTitle: the theme's word for a video player's title (Labels::video).
    enum Kind : std::uint8_t { Lit, Start, End, VideoTitle } kind = Lit;
    int elem = -1;
    std::string text;
  };
  struct Open {
    std::string name;  // as written in the source
    int elem;
    Kind kind;
    int fragment;      // the node it was opened in
  };

  cmark_node* root = nullptr;
  const LineIndex* source = nullptr;
  std::vector<Elem> elems;
  std::vector<Slot> slots;
  std::unordered_map<cmark_node*, std::vector<Piece>> pieces;    // tagged nodes
  std::unordered_map<cmark_node*, std::vector<int>> node_slots;  // tagged nodes with URLs
  std::unordered_map<cmark_node*, std::vector<Open>> stacks;     // open elements per container
  std::unordered_map<cmark_node*, bool> inline_container;        // container -> holds inlines
  std::unordered_map<cmark_node*, bool> phrasing_only;           // container -> in a paragraph or heading
  // What was dropped from the tree: inlines between <script> and </script>,
  // paragraphs left with nothing to show. Kept alive (other passes hold
  // pointers into them), freed with the document.
  NodePtr graveyard;        // a paragraph: inlines
  NodePtr block_graveyard;  // a document: blocks
  Labels labels;            // the words written for broken links, missing images, untitled players
  std::unordered_set<cmark_node*> touched_paragraphs;
  int fragments = 0;

  // ---- rendering
  std::string render_start(const Elem& e) const {
    const Slot* slot = e.slot >= 0 ? &slots[static_cast<std::size_t>(e.slot)] : nullptr;
    if (slot != nullptr && slot->broken) {
      if (e.name == "img") return broken_image_html(e.alt, slot->url, labels);  // as a Markdown image's
      if (e.name == "a") return "<span class=\"broken-link\" title=\"" + labels.broken_link + "\">";
    }
    std::string out = "<" + e.name;
    for (std::size_t i = 0; i < e.attrs.size(); ++i) {
      const auto& [k, v] = e.attrs[i];
      if (static_cast<int>(i) == e.url_attr) {
        if (slot != nullptr && slot->broken) continue;
        out += " " + k + "=\"" + escape_html(slot != nullptr ? slot->url : v) + "\"";
      } else if (v == "\x01") {
        out += " " + k;
      } else {
        out += " " + k + "=\"" + escape_html(v) + "\"";
      }
    }
    out += e.is_void ? " />" : ">";
    return out;
  }
  std::string render_end(const Elem& e) const {
    if (e.slot >= 0 && slots[static_cast<std::size_t>(e.slot)].broken && e.name == "a") return "</span>";
    return "</" + e.name + ">";
  }
  void render(cmark_node* node) const {
    const auto it = pieces.find(node);
    if (it == pieces.end()) return;
    std::string out;
    for (const Piece& p : it->second) {
      if (p.kind == Piece::Lit) out += p.text;
      else if (p.kind == Piece::VideoTitle) out += labels.video;
      else if (p.kind == Piece::Start) out += render_start(elems[static_cast<std::size_t>(p.elem)]);
      else out += render_end(elems[static_cast<std::size_t>(p.elem)]);
    }
    // A block with nothing left (a comment, a <script>) leaves no blank line.
    if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK && std::all_of(out.begin(), out.end(), is_ws)) out.clear();
    cmark_node_set_literal(node, out.c_str());
  }
  // A paragraph whose raw HTML was all dropped (`<svg onload=…>…</svg>`)
  // and holds nothing else: no empty <p></p>.
  static bool shows_nothing(cmark_node* para) {
    for (cmark_node* c = cmark_node_first_child(para); c != nullptr; c = cmark_node_next(c)) {
      const cmark_node_type t = cmark_node_get_type(c);
      if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) continue;
      const std::string_view v = literal_of(c);
      const bool blank = std::all_of(v.begin(), v.end(), is_ws);
      if (t == CMARK_NODE_TEXT && blank) continue;
      if (t == CMARK_NODE_HTML_INLINE && has_tag(c, kTagSanitized) && v.empty()) continue;
      return false;
    }
    return true;
  }
  // The first line break of a `> [!note] title` paragraph: the callout pass
  // (run later) moves what comes before it into the callout's title.
  bool is_callout_title_end(cmark_node* node) const {
    const cmark_node_type t = cmark_node_get_type(node);
    if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK) return false;
    cmark_node* para = cmark_node_parent(node);
    if (para == nullptr || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return false;
    const auto it = stacks.find(para);
    if (it == stacks.end() || it->second.empty()) return false;
    cmark_node* quote = cmark_node_parent(para);
    if (quote == nullptr || cmark_node_get_type(quote) != CMARK_NODE_BLOCK_QUOTE || cmark_node_first_child(quote) != para)
      return false;
    cmark_node* first = cmark_node_first_child(para);
    const char* lit = first != nullptr && cmark_node_get_type(first) == CMARK_NODE_TEXT ? cmark_node_get_literal(first) : nullptr;
    if (lit == nullptr || std::strncmp(lit, "[!", 2) != 0) return false;
    for (cmark_node* n = cmark_node_previous(node); n != nullptr; n = cmark_node_previous(n)) {
      const cmark_node_type pt = cmark_node_get_type(n);
      if (pt == CMARK_NODE_SOFTBREAK || pt == CMARK_NODE_LINEBREAK) return false;
    }
    return true;
  }
  // The text of the <a> opened in `node`: what its siblings show up to its end tag.
  std::string link_text(cmark_node* node, int elem) const {
    std::string text;
    int budget = 200;  // a link's text is short; an unclosed <a> runs to its container's end
    for (cmark_node* n = cmark_node_next(node); n != nullptr && budget-- > 0; n = cmark_node_next(n)) {
      if (const auto it = pieces.find(n); it != pieces.end() && has_tag(n, kTagSanitized)) {
        for (const Piece& p : it->second)
          if (p.kind == Piece::End && p.elem == elem) return text;
        continue;
      }
      text += plain_text_of(n);
    }
    return "";
  }
  void drop_empty_paragraphs() {
    for (cmark_node* para : touched_paragraphs) {
      if (!shows_nothing(para)) continue;
      if (block_graveyard == nullptr) block_graveyard.reset(new_node(CMARK_NODE_DOCUMENT));
      cmark_node_append_child(block_graveyard.get(), para);
    }
  }
  // Tagged nodes still in the tree, in document order.
  std::vector<cmark_node*> live_nodes() const {
    if (root == nullptr) return {};
    return collect(root, [this](cmark_node* n) { return has_tag(n, kTagSanitized) && pieces.count(n) != 0; });
  }

  // ---- elements
  // The allowed element for a start tag, its attributes from the allowlist
  // (in a fixed order); the URL it holds becomes a slot at (line, col).
  Elem build(const std::string& name, std::string_view rest, const std::function<std::pair<int, int>()>& position) {
    Elem e;
    e.name = name;
    const TagRule* rule = allowed_rule(name);
    e.is_void = rule != nullptr && rule->kind == Kind::Void;
    const std::vector<Attr> in = parse_attributes(rest);
    auto get = [&](std::string_view k) { return find_attr(in, k); };
    auto add = [&](std::string k, std::string v) { e.attrs.emplace_back(std::move(k), std::move(v)); };
    auto add_url = [&](const char* attr, bool is_image) {
      const std::string* v = get(attr);
      if (v == nullptr) return;
      const std::string url = trim_ascii(*v);
      if (is_dangerous_url(url) || (!is_image && lowercase(url).rfind("data:", 0) == 0)) return;
      e.url_attr = static_cast<int>(e.attrs.size());
      add(attr, url);
      if (url.empty()) return;
      e.slot = static_cast<int>(slots.size());
      const auto [line, col] = position();
      slots.push_back(Slot{url, is_image, line, col, false, static_cast<int>(elems.size())});  // e goes there next
    };
    auto add_digits = [&](const char* attr, std::size_t max) {
      if (const std::string* v = get(attr); v != nullptr && all_digits(trim_ascii(*v), max)) add(attr, trim_ascii(*v));
    };
    auto add_flag = [&](const char* attr) {
      if (get(attr) != nullptr) add(attr, "\x01");
    };
    if (name == "a") add_url("href", false);
    if (name == "img") add_url("src", true);
    if (name == "video" || name == "audio" || name == "source") add_url("src", false);
    if (name == "img") {
      if (const std::string* alt = get("alt")) {
        e.alt = *alt;
        add("alt", *alt);
      }
    }
    if (const std::string* title = get("title")) add("title", *title);
    if (name == "a") {
      if (const std::string* t = get("target"); t != nullptr && lowercase(trim_ascii(*t)) == "_blank") {
        add("target", "_blank");
        add("rel", "noopener noreferrer");
      }
    }
    std::string width, height, width_pct, colour, background;
    if (name == "img" || name == "video") {
      if (const std::string* w = get("width")) {
        width = valid_pixels(*w);
        if (width.empty()) width_pct = valid_percent(*w, false);
      }
      if (const std::string* h = get("height")) height = valid_pixels(*h);
    }
    if (const std::string* style = get("style")) {
      std::string zoom;
      for (const auto& [prop, value] : style_declarations(*style)) {
        if (name == "img" && prop == "zoom") zoom = valid_percent(value, true);
        if (name == "img" && prop == "width" && width.empty() && width_pct.empty()) {
          width = valid_pixels(value);
          if (width.empty()) width_pct = valid_percent(value, false);
        }
        if (name == "img" && prop == "height" && height.empty()) height = valid_pixels(value);
        static const std::string_view coloured[] = {"span", "font", "p", "div", "td", "th"};
        if (one_of(std::string_view(name), coloured)) {
          if (prop == "color") colour = valid_colour(value);
          if (prop == "background-color") background = valid_colour(value);
        }
      }
      if (width.empty() && width_pct.empty() && !zoom.empty() && zoom != "100%") width_pct = zoom;
    }
    if (!width_pct.empty()) height.clear();  // a height would stretch it
    if (!width.empty()) add("width", width);
    if (!height.empty()) add("height", height);
    if (name == "td" || name == "th") {
      add_digits("colspan", 3);
      add_digits("rowspan", 3);
    }
    if (name == "ol") {
      add_digits("start", 9);
      if (const std::string* t = get("type"); t != nullptr && one_of(trim_ascii(*t), std::vector<std::string>{"1", "a", "A", "i", "I"}))
        add("type", trim_ascii(*t));
      add_flag("reversed");
    }
    if (name == "li") add_digits("value", 9);
    if (name == "col" || name == "colgroup") add_digits("span", 3);
    if (name == "details") add_flag("open");
    if (name == "video" || name == "audio") {
      add("controls", "\x01");
      add_flag("loop");
      add_flag("muted");
    }
    if (name == "source") {
      if (const std::string* t = get("type"); t != nullptr && t->size() <= 60) add("type", trim_ascii(*t));
    }
    if (name == "font") {
      if (const std::string* c = get("color")) {
        if (const std::string v = valid_colour(*c); !v.empty()) add("color", v);
      }
      if (const std::string* s = get("size"); s != nullptr) {
        const std::string v = trim_ascii(*s);
        const std::string_view d = !v.empty() && (v[0] == '+' || v[0] == '-') ? std::string_view(v).substr(1) : v;
        if (d.size() == 1 && d[0] >= '1' && d[0] <= '7') add("size", v);
      }
      if (const std::string* f = get("face"); f != nullptr && f->size() <= 100) add("face", trim_ascii(*f));
    }
    static const std::string_view aligned[] = {"div", "p",  "h1", "h2", "h3", "h4",      "h5", "h6",
                                               "img", "table", "tr", "td", "th", "caption"};
    if (one_of(std::string_view(name), aligned)) {
      if (const std::string* a = get("align")) {
        if (const std::string c = align_class(name, *a); !c.empty()) add("class", c);
      }
    }
    std::string style;
    if (!width_pct.empty()) style = "width:" + width_pct;
    if (!colour.empty()) style += (style.empty() ? "" : ";") + std::string("color:") + colour;
    if (!background.empty()) style += (style.empty() ? "" : ";") + std::string("background-color:") + background;
    if (!style.empty()) add("style", style);
    return e;
  }

  int add_elem(Elem e) {
    elems.push_back(std::move(e));
    return static_cast<int>(elems.size()) - 1;
  }

  // ---- the stack of open elements per container
  // Pops `container`'s open elements down to index `keep` (exclusive),
  // writing their end tags into `out`.
  void close_to(cmark_node* container, std::size_t keep, std::vector<Piece>& out) {
    auto& st = stacks[container];
    while (st.size() > keep) {
      out.push_back(Piece{Piece::End, st.back().elem, {}});
      st.pop_back();
    }
  }
  // What an allowed start tag closes first (`<li>` an open <li>, `<td>` an
  // open cell, a block an open <p>), when those are on top.
  void implied_ends(cmark_node* container, std::string_view name, std::vector<Piece>& out) {
    auto& st = stacks[container];
    auto top_is = [&](std::initializer_list<std::string_view> names) {
      return !st.empty() && std::find(names.begin(), names.end(), st.back().name) != names.end();
    };
    auto pop = [&] { close_to(container, st.size() - 1, out); };
    if (name == "li")
      while (top_is({"li"})) pop();
    if (name == "dt" || name == "dd")
      while (top_is({"dt", "dd"})) pop();
    if (name == "td" || name == "th")
      while (top_is({"td", "th"})) pop();
    if (name == "tr")
      while (top_is({"td", "th", "tr"})) pop();
    if (name == "thead" || name == "tbody" || name == "tfoot")
      while (top_is({"td", "th", "tr", "thead", "tbody", "tfoot"})) pop();
    if (is_block_start(name))
      while (top_is({"p"}) && elems[static_cast<std::size_t>(st.back().elem)].name == "p") pop();
  }
  // Closes everything `container` has open in a node of its own: before
  // `before`, or at the container's end.
  void close_container(cmark_node* container, cmark_node* before) {
    auto& st = stacks[container];
    if (st.empty()) return;
    std::vector<Piece> out;
    close_to(container, 0, out);
    const bool inl = inline_container[container];
    cmark_node* n = new_node(inl ? CMARK_NODE_HTML_INLINE : CMARK_NODE_HTML_BLOCK);
    if (!inl) out.push_back(Piece{Piece::Lit, -1, "\n"});
    const bool ok = before != nullptr ? cmark_node_insert_before(before, n) != 0 : cmark_node_append_child(container, n) != 0;
    if (!ok) {
      cmark_node_free(n);
      return;
    }
    set_tag(n, kTagSanitized);
    pieces[n] = std::move(out);
  }

  // ---- one node
  struct Result {
    std::vector<Piece> out;
    int allowed = 0;  // allowed elements written or closed
    int dropped = 0;  // dangerous elements, head tags
    int shown = 0;    // tags shown as text
  };

  // Emits the tokens [from, to) of fragment `s` (one node's text) into r.
  void emit(std::string_view s, const std::vector<Token>& toks, cmark_node* container, int fragment, bool block,
            const std::function<std::pair<int, int>(std::size_t)>& locate, Result& r) {
    auto& st = stacks[container];
    for (std::size_t t = 0; t < toks.size(); ++t) {
      const Token& tok = toks[t];
      const std::string_view raw = s.substr(tok.begin, tok.end - tok.begin);
      switch (tok.kind) {
        case Token::Text: {
          std::string text;
          append_text(text, raw);
          r.out.push_back(Piece{Piece::Lit, -1, std::move(text)});
          break;
        }
        case Token::Comment:
          break;
        case Token::Other:
          if (lowercase(raw.substr(0, 9)) == "<!doctype") {
            ++r.dropped;
          } else {
            r.out.push_back(Piece{Piece::Lit, -1, escape_html(raw)});
            ++r.shown;
          }
          break;
        case Token::Start: {
          const Class c = classify(tok.name);
          if (c == Class::DropWithContent) {
            ++r.dropped;
            if (tok.name == "iframe") {
              const std::vector<Piece> iframe = video_iframe(s, tok);
              r.out.insert(r.out.end(), iframe.begin(), iframe.end());
            }
            // Skip to its end tag (nested ones of the same name counted).
            int depth = 1;
            std::size_t k = t + 1;
            for (; k < toks.size(); ++k) {
              if (toks[k].name != tok.name) continue;
              if (toks[k].kind == Token::Start) ++depth;
              if (toks[k].kind == Token::End && --depth == 0) break;
            }
            t = k;  // the end tag (or past the end)
          } else if (c == Class::DropTag) {
            ++r.dropped;
          } else if (c == Class::Show) {
            r.out.push_back(Piece{Piece::Lit, -1, escape_html(raw)});
            ++r.shown;
          } else if (!block && phrasing_only[container] && !is_phrasing(tok.name)) {
            // A block tag in a paragraph would end the <p>: most likely code
            // written as prose (`一行就是 <tr><td>{$id}</td></tr>`). As text.
            r.out.push_back(Piece{Piece::Lit, -1, escape_html(raw)});
            ++r.shown;
          } else if (st.size() >= kMaxOpen) {
            ++r.dropped;  // nested deeper than any note needs
          } else {
            ++r.allowed;
            implied_ends(container, tok.name, r.out);
            const int e = add_elem(build(tok.name, s.substr(tok.name_end, tok.end - tok.name_end),
                                         [&] { return locate(tok.begin); }));
            r.out.push_back(Piece{Piece::Start, e, {}});
            if (!elems[static_cast<std::size_t>(e)].is_void)
              st.push_back(Open{tok.name, e, allowed_rule(tok.name)->kind, fragment});
          }
          break;
        }
        case Token::End: {
          std::size_t i = st.size();
          while (i > 0 && st[i - 1].name != tok.name) --i;
          if (i > 0) {
            ++r.allowed;
            close_to(container, i - 1, r.out);
          } else if (tok.name == "br") {  // `</br>` is a line break to browsers
            ++r.allowed;
            r.out.push_back(Piece{Piece::Lit, -1, "<br />"});
          } else if (classify(tok.name) == Class::Show ||
                     (!block && phrasing_only[container] && classify(tok.name) == Class::Allowed && !is_phrasing(tok.name))) {
            r.out.push_back(Piece{Piece::Lit, -1, escape_html(raw)});
            ++r.shown;
          } else {
            ++r.dropped;  // nothing open to close
          }
          break;
        }
      }
    }
    if (!block) return;
    // The end of an HTML block: inline elements opened in it close here
    // (before its last newline); a <p> it leaves open becomes a <div>.
    std::size_t lowest = st.size();
    for (std::size_t i = st.size(); i > 0; --i) {
      const Open& o = st[i - 1];
      if (o.fragment != fragment) break;
      if (o.kind == Kind::Phrasing && o.name != "p") lowest = i - 1;
    }
    if (lowest < st.size()) {
      std::string tail;
      if (!r.out.empty() && r.out.back().kind == Piece::Lit) {
        std::string& last = r.out.back().text;
        while (!last.empty() && last.back() == '\n') {
          tail += '\n';
          last.pop_back();
        }
      }
      close_to(container, lowest, r.out);
      if (!tail.empty()) r.out.push_back(Piece{Piece::Lit, -1, tail});
    }
    for (const Open& o : st)
      if (o.fragment == fragment && o.name == "p") elems[static_cast<std::size_t>(o.elem)].name = "div";
  }

  // An <iframe> start tag: a YouTube/Bilibili player, else nothing. Without
  // a title of its own, it is titled with the theme's word, filled in when rendered.
  std::vector<Piece> video_iframe(std::string_view s, const Token& tok) {
    const std::vector<Attr> attrs = parse_attributes(s.substr(tok.name_end, tok.end - tok.name_end));
    const std::string* src = find_attr(attrs, "src");
    const std::string url = src != nullptr ? video_player_url(*src) : "";
    if (url.empty()) return {};
    const std::string* title = find_attr(attrs, "title");
    const bool titled = title != nullptr && !trim_ascii(*title).empty();
    std::vector<Piece> out{{Piece::Lit, -1, "<iframe class=\"video-embed\" src=\"" + escape_html(url) + "\" title=\""}};
    if (titled) out.back().text += escape_html(trim_ascii(*title));
    else out.push_back(Piece{Piece::VideoTitle, -1, ""});
    out.push_back(Piece{Piece::Lit, -1,
                        "\" loading=\"lazy\" allow=\"encrypted-media; fullscreen; picture-in-picture\" allowfullscreen"
                        " referrerpolicy=\"strict-origin-when-cross-origin\""
                        " sandbox=\"allow-scripts allow-same-origin allow-popups allow-presentation\"></iframe>"});
    return out;
  }

  // LineIndex::code_point_column, carried on from the last call on the
  // same line (tags come in document order): a long line of tags is not
  // counted from its start again for each.
  int last_line = 0, last_byte_col = 1, last_col = 1;
  int column(int line, int byte_col) {
    const std::size_t start = source->line_start(line);
    if (start == npos || byte_col <= 0) return byte_col;
    if (line != last_line || byte_col < last_byte_col) {
      last_line = line;
      last_byte_col = 1;
      last_col = 1;
    }
    const std::string_view text = source->text();
    const std::size_t from = std::min(start + static_cast<std::size_t>(last_byte_col) - 1, text.size());
    const std::size_t to = std::min(start + static_cast<std::size_t>(byte_col) - 1, text.size());
    last_col += static_cast<int>(count_code_points(text.substr(from, to - from)));
    last_byte_col = byte_col;
    return last_col;
  }

  // (line, code-point column) of byte `offset` of an HTML block's text.
  std::pair<int, int> block_position(cmark_node* node, std::string_view lit, std::size_t offset) {
    const int first = cmark_node_get_start_line(node);
    if (first <= 0 || source == nullptr) return {0, 0};
    const std::size_t line_begin = offset == 0 ? 0 : lit.rfind('\n', offset - 1) + 1;  // npos + 1 == 0
    const int line = first + static_cast<int>(std::count(lit.begin(), lit.begin() + static_cast<std::ptrdiff_t>(line_begin), '\n'));
    std::size_t line_end = lit.find('\n', line_begin);
    if (line_end == npos) line_end = lit.size();
    const std::string_view lit_line = lit.substr(line_begin, line_end - line_begin);
    const std::string_view src_line = source->line_text(line);
    std::size_t prefix = 0;
    if (src_line.size() >= lit_line.size() && src_line.substr(src_line.size() - lit_line.size()) == lit_line)
      prefix = src_line.size() - lit_line.size();
    else if (line == first)
      prefix = static_cast<std::size_t>(std::max(cmark_node_get_start_column(node) - 1, 0));
    const int byte_col = static_cast<int>(prefix + (offset - line_begin)) + 1;
    return {line, column(line, byte_col)};
  }

  // An inline node's single token, when it is a start tag.
  static const Token* single_start(const std::vector<Token>& toks) {
    for (const Token& t : toks)
      if (t.kind != Token::Text) return t.kind == Token::Start ? &t : nullptr;
    return nullptr;
  }

  // In a paragraph, `<script>` … `</script>` (or another element dropped
  // with its content) spans sibling nodes: the end tag among the following
  // siblings, or null.
  cmark_node* matching_end_sibling(cmark_node* node, const std::string& name,
                                   const std::unordered_set<cmark_node*>& todo) {
    int budget = 2000;  // siblings looked at: no quadratic walk over a pathological paragraph
    for (cmark_node* n = cmark_node_next(node); n != nullptr && budget-- > 0; n = cmark_node_next(n)) {
      if (todo.count(n) == 0 || cmark_node_get_type(n) != CMARK_NODE_HTML_INLINE) continue;
      const char* lit = cmark_node_get_literal(n);
      const std::vector<Token> toks = tokenize(lit != nullptr ? lit : "");
      for (const Token& t : toks) {
        if (t.kind == Token::End && t.name == name) return n;
        if (t.kind != Token::Text) break;
      }
    }
    return nullptr;
  }

  void process(cmark_node* node, const std::unordered_set<cmark_node*>& todo, std::unordered_set<cmark_node*>& skip,
               std::vector<cmark_node*>& escape) {
    cmark_node* container = cmark_node_parent(node);
    if (container == nullptr) return;
    const bool block = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK;
    inline_container.emplace(container, !block);
    if (!block && phrasing_only.count(container) == 0) {
      cmark_node* b = container;
      while (b != nullptr && (cmark_node_get_type(b) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) b = cmark_node_parent(b);
      const cmark_node_type bt = b != nullptr ? cmark_node_get_type(b) : CMARK_NODE_NONE;
      phrasing_only[container] = bt == CMARK_NODE_PARAGRAPH || bt == CMARK_NODE_HEADING;
    }
    if (!block && cmark_node_get_type(container) == CMARK_NODE_PARAGRAPH) touched_paragraphs.insert(container);
    const char* lit_c = cmark_node_get_literal(node);
    const std::string lit = lit_c != nullptr ? lit_c : "";
    const std::vector<Token> toks = tokenize(lit);
    const int fragment = ++fragments;
    auto locate = [&](std::size_t offset) -> std::pair<int, int> {  // only asked for a tag with a URL
      if (block) return block_position(node, lit, offset);
      const SourcePos p = source != nullptr ? inline_start(node, *source) : SourcePos{};
      return p.line > 0 ? std::pair<int, int>{p.line, column(p.line, p.byte_col)} : std::pair<int, int>{0, 0};
    };
    Result r;
    const Token* start = block ? nullptr : single_start(toks);
    if (start != nullptr && classify(start->name) == Class::DropWithContent) {
      // Inline: dropped with what lies between it and its end tag, when
      // that is in the same container; else shown as text.
      cmark_node* end = matching_end_sibling(node, start->name, todo);
      const std::vector<Piece> iframe = start->name == "iframe" ? video_iframe(lit, *start) : std::vector<Piece>();
      if (end == nullptr && iframe.empty()) {
        escape.push_back(node);
        return;
      }
      if (end != nullptr) {
        if (graveyard == nullptr) graveyard.reset(new_node(CMARK_NODE_PARAGRAPH));
        for (cmark_node* n = cmark_node_next(node); n != nullptr;) {
          cmark_node* next = cmark_node_next(n);
          for_each_node(n, [&skip](cmark_node* inner) { skip.insert(inner); });
          cmark_node_append_child(graveyard.get(), n);  // unlinks it
          if (n == end) break;
          n = next;
        }
      }
      r.out.insert(r.out.end(), iframe.begin(), iframe.end());
      r.dropped = 1;
    } else {
      emit(lit, toks, container, fragment, block, locate, r);
    }
    if (r.allowed == 0 && r.dropped == 0 && r.shown > 0) {
      escape.push_back(node);  // nothing but text: shown as written, as before
      return;
    }
    set_tag(node, kTagSanitized);
    std::vector<int> node_slot_list;
    for (const Piece& p : r.out)
      if (p.kind == Piece::Start && elems[static_cast<std::size_t>(p.elem)].slot >= 0)
        node_slot_list.push_back(elems[static_cast<std::size_t>(p.elem)].slot);
    if (!node_slot_list.empty()) node_slots[node] = std::move(node_slot_list);
    pieces[node] = std::move(r.out);
  }
};

HtmlSanitizer::HtmlSanitizer() = default;
HtmlSanitizer::~HtmlSanitizer() = default;

std::vector<cmark_node*> HtmlSanitizer::sanitize(cmark_node* root, const std::vector<cmark_node*>& raw,
                                                 const LineIndex& source) {
  std::vector<cmark_node*> escape;
  if (raw.empty()) return escape;
  if (!s_) s_ = std::make_unique<State>();
  State& s = *s_;
  s.root = root;
  s.source = &source;
  const std::unordered_set<cmark_node*> todo(raw.begin(), raw.end());
  // The walk is taken first: the passes below insert closing nodes and move
  // dropped inlines away, which an iterator would trip over.
  const std::vector<NodeEvent> events = events_of(root);
  std::unordered_set<cmark_node*> skip;
  for (const auto& [node, enter] : events) {
    if (skip.count(node) != 0) continue;
    if (!enter) {
      if (const auto it = s.stacks.find(node); it != s.stacks.end() && !it->second.empty())
        s.close_container(node, nullptr);
      continue;
    }
    if (s.is_callout_title_end(node)) s.close_container(cmark_node_parent(node), node);
    if (cmark_node_get_type(node) == CMARK_NODE_HEADING) {
      // A heading starts a section (embedded on its own): nothing open crosses it.
      if (cmark_node* parent = cmark_node_parent(node)) {
        if (const auto it = s.stacks.find(parent); it != s.stacks.end() && !it->second.empty())
          s.close_container(parent, node);
      }
    }
    if (todo.count(node) != 0) s.process(node, todo, skip, escape);
  }
  for (const auto& [node, list] : s.pieces) s.render(node);
  s.drop_empty_paragraphs();
  return escape;
}

std::vector<LinkTarget> HtmlSanitizer::links() const {
  std::vector<LinkTarget> out;
  if (!s_) return out;
  for (cmark_node* n : s_->live_nodes()) {
    const auto it = s_->node_slots.find(n);
    if (it == s_->node_slots.end()) continue;
    for (int i : it->second) {
      const State::Slot& slot = s_->slots[static_cast<std::size_t>(i)];
      out.push_back(LinkTarget{slot.url, slot.is_image, slot.line, slot.col});
    }
  }
  return out;
}

void HtmlSanitizer::set_labels(const Labels& labels) {
  if (!s_) return;  // no raw HTML
  s_->labels = labels;
  for (cmark_node* n : s_->live_nodes()) s_->render(n);
}

void HtmlSanitizer::rewrite_urls(const UrlRewriter& rewrite) {
  if (!s_ || !rewrite || s_->slots.empty()) return;
  State& s = *s_;
  const std::vector<cmark_node*> live = s.live_nodes();
  // The sentence around each link that sits in a paragraph.
  std::vector<cmark_node*> inlines;
  for (cmark_node* n : live)
    if (s.node_slots.count(n) != 0 && cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) inlines.push_back(n);
  const std::vector<Excerpt> contexts = contexts_of(inlines);
  std::unordered_map<cmark_node*, std::size_t> context_of;
  for (std::size_t i = 0; i < inlines.size(); ++i) context_of[inlines[i]] = i;
  for (cmark_node* n : live) {
    const auto it = s.node_slots.find(n);
    if (it == s.node_slots.end()) continue;
    for (int i : it->second) {
      State::Slot& slot = s.slots[static_cast<std::size_t>(i)];
      LinkTarget target{slot.url, slot.is_image, slot.line, slot.col};
      if (const auto c = context_of.find(n); c != context_of.end()) {
        target.context = contexts[c->second];
        // The <a>'s node holds no text: its text is what follows, up to </a>.
        const std::string text = trim_spaces(slot.is_image ? std::string() : s.link_text(n, slot.elem));
        Excerpt& e = target.context;
        if (!text.empty() && e.match.empty() && e.after.rfind(text, 0) == 0) {
          e.match = text;
          e.after.erase(0, text.size());
        }
      }
      if (std::optional<std::string> repl = rewrite(target)) {
        if (repl->empty()) {
          slot.broken = true;
        } else {
          slot.url = is_dangerous_url(*repl) ? std::string() : *repl;
        }
      }
    }
  }
  for (cmark_node* n : live) s.render(n);  // broken <a>: its end tag may sit in another node
}

std::string sanitize_html(std::string_view html) {
  cmark_node* root = new_node(CMARK_NODE_DOCUMENT);
  cmark_node* block = new_node(CMARK_NODE_HTML_BLOCK);
  const std::string copy(html);
  cmark_node_set_literal(block, copy.c_str());
  cmark_node_append_child(root, block);
  HtmlSanitizer sanitizer;
  const LineIndex lines(copy);
  std::string out;
  if (!sanitizer.sanitize(root, {block}, lines).empty()) {
    out = escape_html(html);
  } else {
    for (cmark_node* n = cmark_node_first_child(root); n != nullptr; n = cmark_node_next(n)) {
      out += literal_of(n);
    }
  }
  cmark_node_free(root);
  return out;
}

}  // namespace studywiki::markdown::detail
