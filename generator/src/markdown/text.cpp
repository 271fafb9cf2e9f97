// UTF-8 and character-class helpers for the markdown module.
#include "core/escape.h"
#include "core/utf8.h"
#include "markdown/internal.h"

namespace studywiki::markdown::detail {

// One UTF-8 decoder for the whole generator: core/utf8's. An invalid byte
// (a stray continuation, a bad lead, a truncated, overlong or surrogate
// sequence, one past U+10FFFF) decodes as U+FFFD and advances by one byte.
char32_t decode_utf8(std::string_view s, std::size_t& i) { return utf8::next(s, i); }

char32_t decode_utf8_before(std::string_view s, std::size_t end) {
  if (end == 0 || end > s.size()) return 0;
  std::size_t start = end - 1;
  while (start > 0 && end - start < 4 &&
         (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  std::size_t i = start;
  const char32_t cp = decode_utf8(s, i);
  return i == end ? cp : 0xFFFD;
}

void append_utf8(std::string& out, char32_t cp) { utf8::append(out, cp); }

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    decode_utf8(s, i);
    ++n;
  }
  return n;
}

std::size_t prefix_bytes_for_code_points(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  while (n > 0 && i < s.size()) {
    decode_utf8(s, i);
    --n;
  }
  return i;
}

std::string sanitize_source(std::string_view in) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  // Most text (every note the loader has normalized) needs nothing.
  if (in.substr(0, 3) != "\xEF\xBB\xBF" && in.find('\r') == std::string_view::npos &&
      in.find('\0') == std::string_view::npos && utf8::first_invalid(in) == std::string_view::npos)
    return std::string(in);
  std::string out;
  out.reserve(in.size() + 16);
  std::size_t i = 0;
  if (in.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < in.size()) {
    const auto b = static_cast<unsigned char>(in[i]);
    if (b == '\r') {
      out += '\n';
      i += (i + 1 < in.size() && in[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (b == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (b < 0x80) {
      // Copy the run of plain ASCII in one go.
      std::size_t j = i + 1;
      while (j < in.size()) {
        const auto c = static_cast<unsigned char>(in[j]);
        if (c >= 0x80 || c == '\r' || c == 0) break;
        ++j;
      }
      out.append(in.substr(i, j - i));
      i = j;
      continue;
    }
    const std::size_t start = i;
    if (utf8::next(in, i) == 0xFFFD && i - start == 1) {
      out += kReplacement;  // an invalid byte (a valid U+FFFD is three)
    } else {
      out.append(in.substr(start, i - start));
    }
  }
  return out;
}

bool is_cjk_no_space(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FDF) ||    // CJK radicals, Kangxi
         (c >= 0x3000 && c <= 0x303F) ||    // CJK symbols and punctuation
         (c >= 0x3040 && c <= 0x30FF) ||    // hiragana, katakana
         (c >= 0x3100 && c <= 0x312F) ||    // bopomofo
         (c >= 0x31A0 && c <= 0x31FF) ||    // bopomofo ext, strokes, kana ext
         (c >= 0x3200 && c <= 0x4DBF) ||    // enclosed CJK, compat, ext A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // unified ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||    // compatibility ideographs
         (c >= 0xFE10 && c <= 0xFE1F) ||    // vertical forms
         (c >= 0xFE30 && c <= 0xFE4F) ||    // CJK compatibility forms
         (c >= 0xFF00 && c <= 0xFFEF) ||    // half-/full-width forms
         (c >= 0x20000 && c <= 0x3FFFF);    // ideograph extensions B..
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool ends_bare_url(char32_t c) {
  return is_cjk_no_space(c) || is_space(c) ||
         (c >= 0x1100 && c <= 0x11FF) ||    // Hangul jamo
         (c >= 0x3130 && c <= 0x318F) ||    // Hangul compatibility jamo
         (c >= 0xAC00 && c <= 0xD7AF) ||    // Hangul syllables
         (c >= 0x2010 && c <= 0x206F) ||    // general punctuation “ ” … —
         c == 0xFFFD;
}

void append_escaped_html(std::string& out, std::string_view s) { append_html_escaped(out, s); }

std::string escape_html(std::string_view s) { return html_escape(s); }

bool is_dangerous_url(std::string_view url) {
  // Browsers skip leading whitespace/control characters and drop tabs and
  // newlines anywhere in the URL before looking at the scheme.
  std::string scheme;
  for (char ch : url) {
    const auto b = static_cast<unsigned char>(ch);
    if (b <= 0x20) continue;
    if (ch == ':') break;
    if (scheme.size() > 16) return false;
    scheme += static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b);
  }
  if (scheme == "javascript" || scheme == "vbscript") return true;
  if (scheme != "data") return false;
  // data: is allowed only for images.
  std::string rest;
  bool after_colon = false;
  for (char ch : url) {
    const auto b = static_cast<unsigned char>(ch);
    if (!after_colon) {
      after_colon = ch == ':';
      continue;
    }
    if (b <= 0x20) continue;
    rest += static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b);
    if (rest.size() >= 6) break;
  }
  return rest != "image/";
}

}  // namespace studywiki::markdown::detail

namespace studywiki::markdown::detail {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
    starts_.push_back(nl + 1);
  }
}

std::size_t LineIndex::offset(int line, int byte_col) const {
  if (line <= 0 || byte_col <= 0 || static_cast<std::size_t>(line) > starts_.size()) {
    return std::string_view::npos;
  }
  const std::size_t pos = starts_[static_cast<std::size_t>(line) - 1] + static_cast<std::size_t>(byte_col) - 1;
  return pos < text_.size() ? pos : std::string_view::npos;
}

std::size_t LineIndex::line_start(int line) const {
  if (line <= 0 || static_cast<std::size_t>(line) > starts_.size()) return std::string_view::npos;
  return starts_[static_cast<std::size_t>(line) - 1];
}

std::string_view LineIndex::line_text(int line) const {
  const std::size_t start = line_start(line);
  if (start == std::string_view::npos) return {};
  std::size_t end = text_.find('\n', start);
  if (end == std::string_view::npos) end = text_.size();
  return text_.substr(start, end - start);
}

void LineIndex::locate(std::size_t offset, int* line, int* byte_col) const {
  // Last line start <= offset.
  std::size_t lo = 0;
  std::size_t hi = starts_.size();
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    if (starts_[mid] <= offset) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  *line = static_cast<int>(lo) + 1;
  *byte_col = static_cast<int>(offset - starts_[lo]) + 1;
}

int LineIndex::code_point_column(int line, int byte_col) const {
  if (line <= 0 || byte_col <= 0 || static_cast<std::size_t>(line) > starts_.size()) return byte_col;
  const std::size_t start = starts_[static_cast<std::size_t>(line) - 1];
  std::size_t end = start + static_cast<std::size_t>(byte_col) - 1;
  if (end > text_.size()) end = text_.size();
  return static_cast<int>(count_code_points(text_.substr(start, end - start))) + 1;
}

std::string trim_spaces(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e) {
    std::size_t i = b;
    if (!is_space(decode_utf8(s, i))) break;
    b = i;
  }
  while (e > b) {
    const char32_t cp = decode_utf8_before(s, e);
    if (!is_space(cp)) break;
    std::string tmp;
    append_utf8(tmp, cp);
    e -= tmp.size();
  }
  return std::string(s.substr(b, e - b));
}

std::vector<cmark_node*> inline_containers_outside_links(cmark_node* root) {
  std::vector<cmark_node*> containers;
  int link_depth = 0;
  for_each_event(root, [&](cmark_node* node, bool entering) {
    const cmark_node_type type = cmark_node_get_type(node);
    const bool is_link = type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE;
    if (!entering) {
      if (is_link) --link_depth;
      return;
    }
    if (is_link) ++link_depth;
    if (link_depth == 0 && has_inline_children(node)) containers.push_back(node);
  });
  return containers;
}

}  // namespace studywiki::markdown::detail
