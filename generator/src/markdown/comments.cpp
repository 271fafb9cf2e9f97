// Obsidian comments `%%…%%`: hidden from the output. Blocks that span lines
// are blanked before parsing (they may hold anything, e.g. `# x` lines);
// comments inside a paragraph are removed from the parsed inlines, so code
// spans and code blocks keep their `%%`.
#include <string>
#include <vector>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

namespace {

// Bytes of the line's prefix: up to 3 spaces, block quote markers, spaces.
std::size_t prefix_length(std::string_view line) {
  std::size_t i = 0;
  for (;;) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '>') {
      ++i;
      continue;
    }
    return i;
  }
}

std::size_t run_length(std::string_view s, char ch) {
  std::size_t n = 0;
  while (n < s.size() && s[n] == ch) ++n;
  return n;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string blank_block_comments(std::string_view src) {
  if (src.find("%%") == std::string_view::npos) return std::string(src);
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    const std::size_t nl = src.find('\n', start);
    lines.push_back(src.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  std::vector<std::string> out(lines.begin(), lines.end());
  char fence_char = 0;
  std::size_t fence_len = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const std::size_t pre = prefix_length(line);
    const std::string_view body = line.substr(pre);
    if (fence_char != 0) {
      const std::size_t run = run_length(body, fence_char);
      if (run >= fence_len && trim_right(body.substr(run)).empty()) fence_char = 0;
      continue;
    }
    const std::size_t ticks = run_length(body, '`');
    const std::size_t tildes = run_length(body, '~');
    if (ticks >= 3 || tildes >= 3) {
      fence_char = ticks >= 3 ? '`' : '~';
      fence_len = ticks >= 3 ? ticks : tildes;
      continue;
    }
    if (body.substr(0, 2) != "%%" || body.find("%%", 2) != std::string_view::npos) continue;
    std::size_t close = 0;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      if (lines[j].find("%%") != std::string_view::npos) {
        close = j;
        break;
      }
    }
    if (close == 0) continue;
    for (std::size_t j = i; j < close; ++j) {
      out[j] = std::string(trim_right(lines[j].substr(0, prefix_length(lines[j]))));
    }
    const std::string_view last = lines[close];
    const std::size_t end = last.find("%%") + 2;
    std::string_view rest = last.substr(end);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    out[close] = std::string(trim_right(last.substr(0, prefix_length(last)))) +
                 (rest.empty() ? "" : " ") + std::string(rest);
    i = close;
  }
  std::string joined;
  joined.reserve(src.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i > 0) joined += '\n';
    joined += out[i];
  }
  return joined;
}

namespace {

// Keeps `starts` right for the text nodes edited here: a node's text after a
// comment starts at a new place in the source.
class Starts {
 public:
  Starts(const LineIndex& source, StartOverrides& starts) : source_(source), starts_(starts) {}
  // Source offset of byte `i` of a text node's literal (npos if unknown).
  std::size_t offset(cmark_node* text, std::size_t i) const {
    const char* lit = cmark_node_get_literal(text);
    const SourcePos p = start_of(text, starts_, source_);
    const LiteralMap map = map_literal(lit != nullptr ? lit : "", source_.text(), source_.offset(p.line, p.byte_col));
    return i < map.offset.size() ? map.offset[i] : std::string_view::npos;
  }
  void set(cmark_node* node, std::size_t offset) { record_start(node, offset, starts_, source_); }
 private:
  const LineIndex& source_;
  StartOverrides& starts_;
};

// Removes the comments among one container's children; returns whether any.
bool strip_container(cmark_node* parent, Starts& starts) {
  bool changed = false;
  for (cmark_node* c = cmark_node_first_child(parent); c != nullptr;) {
    const char* lit = cmark_node_get_literal(c);
    const std::string s = (cmark_node_get_type(c) == CMARK_NODE_TEXT && lit != nullptr) ? lit : "";
    const std::size_t open = s.find("%%");
    if (open == std::string::npos) {
      c = cmark_node_next(c);
      continue;
    }
    const std::size_t close_here = s.find("%%", open + 2);
    if (close_here != std::string::npos) {
      // The text after the comment becomes a node of its own (with its
      // own start), the one before keeps its start.
      const std::size_t after_at = starts.offset(c, close_here + 2);
      const std::string after = s.substr(close_here + 2);
      changed = true;
      if (open == 0) {
        cmark_node_set_literal(c, after.c_str());
        starts.set(c, after_at);
        continue;  // look at the same node again
      }
      const std::string before = s.substr(0, open);
      cmark_node_set_literal(c, before.c_str());
      if (!after.empty()) {
        cmark_node* rest = new_text(after);
        starts.set(rest, after_at);
        cmark_node_insert_after(c, rest);
      }
      c = cmark_node_next(c);
      continue;
    }
    // Find the closer in a later sibling's text.
    cmark_node* end = nullptr;
    std::size_t end_at = 0;
    for (cmark_node* n = cmark_node_next(c); n != nullptr; n = cmark_node_next(n)) {
      const char* nl = cmark_node_get_literal(n);
      if (cmark_node_get_type(n) != CMARK_NODE_TEXT || nl == nullptr) continue;
      const std::size_t at = std::string_view(nl).find("%%");
      if (at != std::string_view::npos) {
        end = n;
        end_at = at;
        break;
      }
    }
    if (end == nullptr) {
      c = cmark_node_next(c);  // unclosed: stays literal
      continue;
    }
    while (cmark_node_next(c) != end) cmark_node_free(cmark_node_next(c));
    const std::string after = std::string(cmark_node_get_literal(end)).substr(end_at + 2);
    const std::string before = s.substr(0, open);
    starts.set(end, starts.offset(end, end_at + 2));
    cmark_node_set_literal(end, after.c_str());
    cmark_node_set_literal(c, before.c_str());
    changed = true;
    c = end;
  }
  return changed;
}

// Whether a paragraph holds nothing visible (only empty text and breaks).
bool is_blank_paragraph(cmark_node* para) {
  for (cmark_node* c = cmark_node_first_child(para); c != nullptr; c = cmark_node_next(c)) {
    const cmark_node_type t = cmark_node_get_type(c);
    if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) continue;
    if (t != CMARK_NODE_TEXT) return false;
    const char* lit = cmark_node_get_literal(c);
    for (const char* q = lit; q != nullptr && *q != 0; ++q) {
      if (*q != ' ' && *q != '\t') return false;
    }
  }
  return true;
}

}  // namespace

void remove_inline_comments(cmark_node* root, const LineIndex& source, StartOverrides& starts) {
  // Not inside links: a bare URL's text must stay as cmark made it (what
  // it swallowed is parsed again, comments included).
  std::vector<cmark_node*> containers = inline_containers_outside_links(root);
  Starts edits(source, starts);
  for (auto it = containers.rbegin(); it != containers.rend(); ++it) {
    // A paragraph that was only a comment disappears.
    if (strip_container(*it, edits) && cmark_node_get_type(*it) == CMARK_NODE_PARAGRAPH && is_blank_paragraph(*it)) {
      cmark_node_free(*it);
    }
  }
}

}  // namespace studywiki::markdown::detail
