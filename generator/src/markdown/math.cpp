// Math: `$…$` inline (a cmark-gfm inline syntax extension on '$'), `$$…$$`
// display (inline in a paragraph, or `$$` line blocks via a pre-pass).
#include <cmark-gfm-extension_api.h>

#include <cstdint>
#include <string>
#include <vector>

#include "markdown/internal.h"

// cmark-gfm exposes the chunk only as an incomplete type; this mirrors its
// (long-stable) layout so the extension can read the raw inline text.
struct cmark_chunk {
  unsigned char* data;
  bufsize_t len;
  bufsize_t alloc;
};

namespace studywiki::markdown::detail {

namespace {

constexpr std::string_view kPlaceholderInfo = "studywiki-math";

bool is_blank_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank_byte(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && is_blank_byte(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Memo of the last closer scan, so a line with many unmatched `$` stays
// linear: the first `$` at or after a position (before the line ends), and
// whether it may close, do not depend on the opener. Only used for long
// chunks (>= 4 KiB).
struct ScanMemo {
  const unsigned char* data = nullptr;
  bufsize_t len = 0;
  bufsize_t from = 0;
  bufsize_t dollar = -1;  // the first `$` at or after `from`, -1 if the line ended first
  bufsize_t stop = -1;    // where the scan stopped: that `$`, or the line's end
  bool closes = false;
};
thread_local ScanMemo t_memo;
constexpr bufsize_t kMemoMinLen = 4096;

// Index of the closing `$` of an opener right before `from`, or -1. Inline
// math stays on its line (each line of a hard-break outline is one): a
// `$(` on one line and a `$.ajax` ten lines later are jQuery, not math.
// The first `$` after the opener must close it: `$5 涨到了 $10` is no math
// (that `$` is followed by a digit), and TeX never holds a bare `$`, so
// the opener stays text rather than reaching for a later `$`. Code spans
// are skipped: math does not close inside one.
bufsize_t find_inline_closer(const unsigned char* data, bufsize_t len, bufsize_t from) {
  const bool use_memo = len >= kMemoMinLen;
  if (use_memo && t_memo.data == data && t_memo.len == len && t_memo.from <= from && from <= t_memo.stop) {
    return t_memo.closes && t_memo.dollar >= from ? t_memo.dollar : -1;
  }
  bufsize_t dollar = -1;
  bufsize_t stop = len;
  bool closes = false;
  for (bufsize_t i = from; i < len; ++i) {
    const unsigned char c = data[i];
    if (c == '\n') {
      stop = i;
      break;
    }
    if (c == '\\') {
      if (i + 1 < len && data[i + 1] == '\n') {  // a backslash line break
        stop = i + 1;
        break;
      }
      ++i;
      continue;
    }
    if (c == '`') {
      bufsize_t run = 1;
      while (i + run < len && data[i + run] == '`') ++run;
      bufsize_t j = i + run;
      bufsize_t end = -1;
      bufsize_t newline = -1;
      while (j < len) {
        if (data[j] != '`') {
          if (data[j] == '\n' && newline < 0) newline = j;
          ++j;
          continue;
        }
        bufsize_t other = 0;
        while (j + other < len && data[j + other] == '`') ++other;
        if (other == run) {
          end = j + other;
          break;
        }
        j += other;
      }
      if (end >= 0 && newline >= 0) {  // a code span that runs onto the next line
        stop = newline;
        break;
      }
      i = (end >= 0 ? end : i + run) - 1;
      continue;
    }
    if (c != '$') continue;
    dollar = i;
    stop = i;
    closes = i > from && !is_blank_byte(data[i - 1]) && !(i + 1 < len && data[i + 1] >= '0' && data[i + 1] <= '9');
    break;
  }
  if (use_memo) t_memo = ScanMemo{data, len, from, dollar, stop, closes};
  return closes ? dollar : -1;
}

// TeX whose braces do not pair up (`{$id}</td><td>{$name}` holds
// `id}</td><td>{`) is no formula KaTeX could show: it stays text.
bool braces_balance(std::string_view tex) {
  int depth = 0;
  for (std::size_t i = 0; i < tex.size(); ++i) {
    if (tex[i] == '\\') {
      ++i;
    } else if (tex[i] == '{') {
      ++depth;
    } else if (tex[i] == '}') {
      if (--depth < 0) return false;
    }
  }
  return depth == 0;
}

bufsize_t find_display_closer(const unsigned char* data, bufsize_t len, bufsize_t from) {
  for (bufsize_t i = from; i + 1 < len; ++i) {
    if (data[i] == '\\') {
      ++i;
      continue;
    }
    if (data[i] == '$' && data[i + 1] == '$') return i;
  }
  return -1;
}

cmark_node* make_text(const char* literal) {
  cmark_node* t = new_node(CMARK_NODE_TEXT);
  cmark_node_set_literal(t, literal);
  return t;
}

cmark_node* match_math(cmark_syntax_extension*, cmark_parser*, cmark_node*, unsigned char c,
                       cmark_inline_parser* ip) {
  if (c != '$') return nullptr;
  const cmark_chunk* chunk = cmark_inline_parser_get_chunk(ip);
  const unsigned char* data = chunk->data;
  const bufsize_t len = chunk->len;
  const bufsize_t pos = cmark_inline_parser_get_offset(ip);
  if (pos < 0 || pos >= len || data[pos] != '$') return nullptr;

  if (pos + 1 < len && data[pos + 1] == '$') {
    const bufsize_t close = find_display_closer(data, len, pos + 2);
    std::string_view tex;
    if (close >= 0) {
      tex = trim(std::string_view(reinterpret_cast<const char*>(data) + pos + 2,
                                  static_cast<std::size_t>(close - pos - 2)));
    }
    if (close < 0 || tex.empty()) {
      // Keep both dollars as text so the second one does not open `$…$`.
      cmark_inline_parser_set_offset(ip, pos + 2);
      return make_text("$$");
    }
    cmark_inline_parser_set_offset(ip, close + 2);
    return make_math_node(tex, /*display=*/true, /*block=*/false);
  }

  // `$ x`, jQuery's `$(…)`, template strings' `${…}` open no math.
  if (pos + 1 >= len || is_blank_byte(data[pos + 1]) || data[pos + 1] == '(' || data[pos + 1] == '{') return nullptr;
  const bufsize_t close = find_inline_closer(data, len, pos + 1);
  if (close < 0) return nullptr;
  const std::string_view tex(reinterpret_cast<const char*>(data) + pos + 1, static_cast<std::size_t>(close - pos - 1));
  if (!braces_balance(tex)) return nullptr;
  cmark_inline_parser_set_offset(ip, close + 1);
  return make_math_node(tex, /*display=*/false, /*block=*/false);
}

// ------------------------------------------------------------ pre-pass

struct LineShape {
  std::size_t body;   // byte offset of the content after blockquote markers and indent
  int quote_depth;    // number of '>' markers
  int indent;         // columns of whitespace after the last marker
};

LineShape shape_of(std::string_view line) {
  LineShape s{0, 0, 0};
  std::size_t i = 0;
  int indent = 0;
  while (i < line.size()) {
    const char ch = line[i];
    if (ch == ' ') {
      ++indent;
    } else if (ch == '\t') {
      indent += 4 - (indent % 4);
    } else if (ch == '>' && indent < 4) {
      ++s.quote_depth;
      indent = 0;
    } else {
      break;
    }
    ++i;
  }
  s.body = i;
  s.indent = indent;
  return s;
}

// Length of a run of `ch` at the start of s.
std::size_t run_length(std::string_view s, char ch) {
  std::size_t n = 0;
  while (n < s.size() && s[n] == ch) ++n;
  return n;
}

std::size_t longest_run(std::string_view s, char ch) {
  std::size_t best = 0;
  std::size_t cur = 0;
  for (char c : s) {
    cur = (c == ch) ? cur + 1 : 0;
    if (cur > best) best = cur;
  }
  return best;
}

}  // namespace

cmark_node* make_math_node(std::string_view tex, bool display, bool block) {
  // Inline math is an HTML_INLINE node (tagged, so never escaped): table
  // cells and other extension containers refuse CUSTOM_INLINE children.
  std::string html;
  html.reserve(tex.size() + 48);
  html += block ? "<div class=\"math math-display\">"
                : (display ? "<span class=\"math math-display\">" : "<span class=\"math math-inline\">");
  append_escaped_html(html, tex);
  html += block ? "</div>" : "</span>";
  cmark_node* node;
  if (block) {
    node = new_node(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(node, html.c_str());
    cmark_node_set_on_exit(node, "");
  } else {
    node = new_node(CMARK_NODE_HTML_INLINE);
    cmark_node_set_literal(node, html.c_str());
  }
  const std::string tex_copy(tex);
  cmark_node_set_string_content(node, tex_copy.c_str());
  set_tag(node, display ? kTagMathDisplay : kTagMathInline);
  return node;
}

bool is_math_node(cmark_node* node) {
  return has_tag(node, kTagMathInline) || has_tag(node, kTagMathDisplay);
}

cmark_syntax_extension* math_inline_extension() {
  static cmark_syntax_extension* const extension = [] {
    cmark_syntax_extension* ext = cmark_syntax_extension_new("studywiki-math");
    cmark_llist* chars = cmark_llist_append(cmark_get_default_mem_allocator(), nullptr,
                                            reinterpret_cast<void*>(static_cast<std::uintptr_t>('$')));
    cmark_syntax_extension_set_special_inline_chars(ext, chars);
    cmark_syntax_extension_set_match_inline_func(ext, match_math);
    return ext;
  }();
  return extension;
}

void reset_math_memo() { t_memo = ScanMemo{}; }

std::string extract_display_math(std::string_view src, std::map<int, std::string>& tex_by_line) {
  if (src.find("$$") == std::string_view::npos) return std::string(src);
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    const std::size_t nl = src.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(src.substr(start));
      break;
    }
    lines.push_back(src.substr(start, nl - start));
    start = nl + 1;
  }

  std::vector<std::string> replaced(lines.size());
  std::vector<bool> is_replaced(lines.size(), false);
  char fence_char = 0;
  std::size_t fence_len = 0;
  bool any = false;

  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const LineShape shape = shape_of(line);
    const std::string_view body = line.substr(shape.body);
    if (fence_char != 0) {
      const std::size_t run = run_length(body, fence_char);
      if (shape.indent < 4 && run >= fence_len && trim(body.substr(run)).empty()) fence_char = 0;
      continue;
    }
    if (shape.indent >= 4) continue;
    const std::size_t ticks = run_length(body, '`');
    const std::size_t tildes = run_length(body, '~');
    if (ticks >= 3 && body.substr(ticks).find('`') == std::string_view::npos) {
      fence_char = '`';
      fence_len = ticks;
      continue;
    }
    if (tildes >= 3) {
      fence_char = '~';
      fence_len = tildes;
      continue;
    }
    if (body.substr(0, 2) != "$$") continue;
    const std::string_view first_rest = body.substr(2);
    if (first_rest.find("$$") != std::string_view::npos) continue;  // one-line: inline path

    // Find the closing line: same quote depth, not outdented, no blank line.
    std::size_t close = 0;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const LineShape sj = shape_of(lines[j]);
      const std::string_view bj = trim(lines[j].substr(sj.body));
      if (bj.empty() || sj.quote_depth != shape.quote_depth || sj.indent < shape.indent) break;
      const std::size_t dd = bj.find("$$");
      if (dd == std::string_view::npos) continue;
      if (dd + 2 == bj.size()) close = j;
      break;
    }
    if (close == 0) continue;

    std::string tex(trim(first_rest));
    std::size_t max_tilde = longest_run(line, '~');
    for (std::size_t j = i + 1; j <= close; ++j) {
      const LineShape sj = shape_of(lines[j]);
      std::string_view bj = trim(lines[j].substr(sj.body));
      if (j == close) bj = trim(bj.substr(0, bj.size() - 2));
      if (!bj.empty()) {
        if (!tex.empty()) tex += '\n';
        tex.append(bj);
      }
      max_tilde = std::max(max_tilde, longest_run(lines[j], '~'));
    }
    const std::string fence(std::max<std::size_t>(3, max_tilde + 1), '~');
    const std::string prefix(line.substr(0, shape.body));
    replaced[i] = prefix + fence + std::string(kPlaceholderInfo);
    is_replaced[i] = true;
    replaced[close] = prefix + fence;
    is_replaced[close] = true;
    tex_by_line[static_cast<int>(i) + 1] = std::move(tex);
    any = true;
    i = close;
  }

  if (!any) return std::string(src);
  std::string out;
  out.reserve(src.size() + 64);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    if (is_replaced[i]) {
      out += replaced[i];
    } else {
      out.append(lines[i]);
    }
  }
  return out;
}

void finish_display_math(cmark_node* root, const std::map<int, std::string>& tex_by_line) {
  std::vector<cmark_node*> code_blocks;
  std::vector<cmark_node*> paragraphs;
  for_each_node(root, [&](cmark_node* node) {
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_CODE_BLOCK && !tex_by_line.empty()) {
      const char* info = cmark_node_get_fence_info(node);
      if (info != nullptr && kPlaceholderInfo == info) code_blocks.push_back(node);
    } else if (type == CMARK_NODE_PARAGRAPH) {
      paragraphs.push_back(node);
    }
  });

  for (cmark_node* node : code_blocks) {
    const auto it = tex_by_line.find(cmark_node_get_start_line(node));
    if (it == tex_by_line.end()) continue;
    cmark_node* math = make_math_node(it->second, true, true);
    cmark_node_replace(node, math);
    cmark_node_free(node);
  }

  // A paragraph holding only one `$$…$$` becomes a display block.
  for (cmark_node* para : paragraphs) {
    cmark_node* only = nullptr;
    bool ok = true;
    for (cmark_node* c = cmark_node_first_child(para); c != nullptr && ok; c = cmark_node_next(c)) {
      const cmark_node_type type = cmark_node_get_type(c);
      if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) continue;
      if (type == CMARK_NODE_TEXT) {
        const char* lit = cmark_node_get_literal(c);
        if (lit == nullptr || trim(lit).empty()) continue;
        ok = false;
      } else if (type == CMARK_NODE_HTML_INLINE && has_tag(c, kTagMathDisplay) && only == nullptr) {
        only = c;
      } else {
        ok = false;
      }
    }
    if (!ok || only == nullptr) continue;
    const char* tex = cmark_node_get_string_content(only);
    cmark_node* math = make_math_node(tex != nullptr ? tex : "", true, true);
    cmark_node_replace(para, math);
    cmark_node_free(para);
  }
}

}  // namespace studywiki::markdown::detail
