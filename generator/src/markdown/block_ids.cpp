// Obsidian block ids: `text ^some-id` ending a paragraph or a list item, or
// `^some-id` on a line of its own after a block (a table, a quote, a list).
// The id is not shown; it becomes the block's HTML `id`.
//
// cmark-gfm cannot put attributes on the elements it renders, so the id
// travels as a marker comment placed in the tree where the `^id` was, and
// the rendered HTML is finished by moving it into the right opening tag:
//
//   <!--sw-block:p:ID-->      the enclosing <p>
//   <!--sw-block:li:ID-->     the enclosing <li>
//   <!--sw-block:quote:ID-->  the enclosing <blockquote> (or callout box)
//   <!--sw-block:prev:ID-->   the element that ends right before it
//
// Passes that rebuild blocks later (callouts) keep the markers where they
// are, so the id lands on whatever the block has become.
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

namespace {

constexpr std::string_view kMarker = "<!--sw-block:";

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Where a trailing `^id` starts in `s` (after a space or tab, or at its
/// start), and the id; nullopt when `s` does not end in one.
std::optional<std::pair<std::size_t, std::string>> trailing_id(std::string_view s) {
  s = rtrim(s);
  std::size_t i = s.size();
  while (i > 0 && is_id_char(s[i - 1])) --i;
  if (i == s.size() || i == 0 || s[i - 1] != '^') return std::nullopt;
  const std::size_t caret = i - 1;
  if (caret > 0 && s[caret - 1] != ' ' && s[caret - 1] != '\t') return std::nullopt;
  return std::make_pair(caret, std::string(s.substr(i)));
}

bool is_table(cmark_node* n) {
  const char* name = cmark_node_get_type_string(n);
  return name != nullptr && std::string_view(name) == "table";
}

/// The element a `^id` ending paragraph `para` names.
const char* kind_for(cmark_node* para) {
  cmark_node* parent = cmark_node_parent(para);
  const cmark_node_type t = parent != nullptr ? cmark_node_get_type(parent) : CMARK_NODE_NONE;
  if (t == CMARK_NODE_ITEM) return "li";
  if (t == CMARK_NODE_BLOCK_QUOTE && cmark_node_next(para) == nullptr) return "quote";
  return "p";
}

cmark_node* marker(const char* kind, const std::string& id, bool block) {
  cmark_node* m = new_node(block ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE);
  const std::string lit = std::string(kMarker) + kind + ":" + id + "-->";
  cmark_node_set_literal(m, lit.c_str());
  set_tag(m, kTagBlockId);
  return m;
}

/// Drops the `^id` (from byte `caret` of the last text child) and what
/// separated it from the text before (spaces, a line break).
void strip_id(cmark_node* para, cmark_node* text, std::size_t caret) {
  const std::string lit = cmark_node_get_literal(text);
  const std::string kept(rtrim(std::string_view(lit).substr(0, caret)));
  if (!kept.empty()) {
    cmark_node_set_literal(text, kept.c_str());
    return;
  }
  cmark_node_free(text);
  cmark_node* last = cmark_node_last_child(para);
  if (last != nullptr && (cmark_node_get_type(last) == CMARK_NODE_SOFTBREAK ||
                          cmark_node_get_type(last) == CMARK_NODE_LINEBREAK))
    cmark_node_free(last);
  // Trailing spaces before the break belonged to the line above.
  last = cmark_node_last_child(para);
  if (last != nullptr && cmark_node_get_type(last) == CMARK_NODE_TEXT) {
    const std::string before(literal_of(last));
    const std::string trimmed(rtrim(before));
    if (trimmed.empty()) cmark_node_free(last);
    else if (trimmed.size() != before.size()) cmark_node_set_literal(last, trimmed.c_str());
  }
}

/// The source line a paragraph ends on really ends in `^id`, not `\^id`.
bool written_at_end(cmark_node* para, const LineIndex& source, const std::string& id) {
  for (int line = cmark_node_get_end_line(para); line >= cmark_node_get_start_line(para) && line > 0; --line) {
    const std::string_view text = rtrim(source.line_text(line));
    if (text.empty()) continue;  // a trailing blank line counted in the block
    const std::string tail = "^" + id;
    if (text.size() < tail.size() || text.substr(text.size() - tail.size()) != tail) return false;
    return text.size() == tail.size() || text[text.size() - tail.size() - 1] != '\\';
  }
  return false;
}

}  // namespace

void find_block_ids(cmark_node* root, const LineIndex& source, std::vector<BlockId>& out) {
  const std::vector<cmark_node*> paragraphs =
      collect(root, [](cmark_node* n) { return cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH; });
  std::unordered_set<std::string> seen;
  auto record = [&](const std::string& id, int line) {
    if (seen.insert(id).second) out.push_back({id, line});
  };
  for (cmark_node* para : paragraphs) {
    cmark_node* text = cmark_node_last_child(para);
    if (text == nullptr || cmark_node_get_type(text) != CMARK_NODE_TEXT || has_tag(text, kTagBlockId)) continue;
    const char* lit = cmark_node_get_literal(text);
    if (lit == nullptr) continue;
    const auto found = trailing_id(lit);
    if (!found) continue;
    const auto& [caret, id] = *found;
    cmark_node* before = cmark_node_previous(text);
    const bool alone = caret == 0 && before == nullptr;
    if (caret == 0 && before != nullptr && cmark_node_get_type(before) != CMARK_NODE_SOFTBREAK &&
        cmark_node_get_type(before) != CMARK_NODE_LINEBREAK)
      continue;  // glued to what precedes it: `**b**^x`
    if (!written_at_end(para, source, id)) continue;
    const int line = cmark_node_get_end_line(para);
    if (!alone) {
      const char* kind = kind_for(para);
      strip_id(para, text, caret);
      cmark_node_append_child(para, marker(kind, id, false));
      record(id, line);
      continue;
    }
    // `^id` on a line of its own: the id of the block before it.
    cmark_node* prev = cmark_node_previous(para);
    if (prev == nullptr) continue;
    const cmark_node_type t = cmark_node_get_type(prev);
    cmark_node* prev_last = cmark_node_last_child(prev);
    if (prev_last != nullptr && has_tag(prev_last, kTagBlockId)) continue;  // it has an id already
    if (t == CMARK_NODE_PARAGRAPH && !has_tag(prev, kTagEscapedHtml)) {
      cmark_node_free(para);
      const char* kind = kind_for(prev);
      cmark_node_append_child(prev, marker(kind, id, false));
    } else if (t == CMARK_NODE_LIST || t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_CODE_BLOCK || is_table(prev) ||
               (t == CMARK_NODE_CUSTOM_BLOCK && is_math_node(prev))) {
      cmark_node* m = marker("prev", id, true);
      cmark_node_replace(para, m);
      cmark_node_free(para);
    } else {
      continue;  // a heading, raw HTML, a rule: nothing to name
    }
    record(id, line);
  }
}

namespace {

bool is_void(std::string_view name) {
  for (std::string_view v : {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                             "source", "track", "wbr"})
    if (name == v) return true;
  return false;
}

/// One tag of rendered HTML.
struct Tag {
  std::size_t begin = 0, name_end = 0, end = 0;  // '<', end of the name, after '>'
  std::string name;                              // lower case
  bool closing = false, self_closing = false;
};

/// Reads the tag starting at html[i] == '<'; false when it is not one.
bool read_tag(std::string_view html, std::size_t i, Tag& tag) {
  std::size_t j = i + 1;
  tag.closing = j < html.size() && html[j] == '/';
  if (tag.closing) ++j;
  const std::size_t name_start = j;
  while (j < html.size() && ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z') ||
                             (html[j] >= '0' && html[j] <= '9')))
    ++j;
  if (j == name_start) return false;
  tag.begin = i;
  tag.name_end = j;
  tag.name.clear();
  for (std::size_t k = name_start; k < j; ++k)
    tag.name += static_cast<char>(html[k] >= 'A' && html[k] <= 'Z' ? html[k] - 'A' + 'a' : html[k]);
  char quote = 0;
  while (j < html.size() && (quote != 0 || html[j] != '>')) {
    if (quote != 0) {
      if (html[j] == quote) quote = 0;
    } else if (html[j] == '"' || html[j] == '\'') {
      quote = html[j];
    }
    ++j;
  }
  tag.self_closing = j > 0 && j < html.size() && html[j - 1] == '/';
  tag.end = j < html.size() ? j + 1 : html.size();
  return true;
}

bool has_id(std::string_view html, const Tag& tag) {
  const std::string_view attrs = html.substr(tag.name_end, tag.end - tag.name_end);
  return attrs.find(" id=") != std::string_view::npos;
}

bool is_callout(std::string_view html, const Tag& tag) {
  const std::string_view attrs = html.substr(tag.name_end, tag.end - tag.name_end);
  return (tag.name == "div" || tag.name == "details") && attrs.rfind(" class=\"callout\"", 0) == 0;
}

bool names(std::string_view kind, std::string_view html, const Tag& open) {
  if (kind == "p") return open.name == "p";
  if (kind == "li") return open.name == "li";
  if (kind == "quote") return open.name == "blockquote" || is_callout(html, open);
  return false;
}

/// Walks rendered HTML keeping the stack of open elements; calls `on_comment`
/// for each `<!--…-->` with the stack as it is there and the element closed
/// last (its opening tag) when nothing but white space came after it.
template <class OnComment>
void walk(std::string_view html, OnComment&& on_comment) {
  std::vector<Tag> open;
  std::optional<Tag> just_closed;
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] != '<') {
      if (html[i] != ' ' && html[i] != '\n' && html[i] != '\t') just_closed.reset();
      ++i;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      const std::size_t end = html.find("-->", i + 4);
      const std::size_t stop = end == std::string_view::npos ? html.size() : end + 3;
      on_comment(i, stop, open, just_closed ? &*just_closed : nullptr);
      i = stop;
      continue;
    }
    Tag tag;
    if (!read_tag(html, i, tag)) {
      just_closed.reset();
      ++i;
      continue;
    }
    i = tag.end;
    if (tag.closing) {
      just_closed.reset();
      for (std::size_t k = open.size(); k > 0; --k)
        if (open[k - 1].name == tag.name) {
          just_closed = open[k - 1];
          open.resize(k - 1);
          break;
        }
      continue;
    }
    just_closed.reset();
    if (tag.self_closing || is_void(tag.name)) continue;
    if (tag.name == "script" || tag.name == "style") {  // raw text: skip to the closing tag
      const std::size_t close = html.find("</" + tag.name, i);
      i = close == std::string_view::npos ? html.size() : close;
      continue;
    }
    open.push_back(std::move(tag));
  }
}

}  // namespace

std::string place_block_ids(std::string_view html) {
  if (html.find(kMarker) == std::string_view::npos) return std::string(html);
  struct Edit {
    std::size_t at;                // insert ` id="…"` here (npos: none)
    std::size_t drop_begin, drop_end;  // the marker to remove
    std::string id;
  };
  std::vector<Edit> edits;
  std::unordered_set<std::string> placed;
  std::unordered_set<std::size_t> taken;  // elements given an id already (`text ^a` then `^b` alone)
  walk(html, [&](std::size_t begin, std::size_t end, const std::vector<Tag>& open, const Tag* closed) {
    const std::string_view comment = html.substr(begin, end - begin);
    if (comment.rfind(kMarker, 0) != 0 || comment.size() < kMarker.size() + 3) return;
    const std::string_view body = comment.substr(kMarker.size(), comment.size() - kMarker.size() - 3);
    const std::size_t colon = body.find(':');
    if (colon == std::string_view::npos) return;
    const std::string_view kind = body.substr(0, colon);
    Edit e{std::string_view::npos, begin, end, std::string(body.substr(colon + 1))};
    if (e.drop_end < html.size() && html[e.drop_end] == '\n' && kind == "prev") ++e.drop_end;
    const Tag* target = nullptr;
    if (kind == "prev") {
      target = closed;
    } else {
      for (std::size_t k = open.size(); k > 0 && target == nullptr; --k)
        if (names(kind, html, open[k - 1])) target = &open[k - 1];
    }
    if (target != nullptr && !has_id(html, *target) && taken.count(target->name_end) == 0 &&
        placed.insert(e.id).second) {
      e.at = target->name_end;
      taken.insert(e.at);
    }
    edits.push_back(std::move(e));
  });
  // Apply in order of position (an insertion always comes before its marker).
  std::vector<std::pair<std::size_t, std::size_t>> order;  // (position, edit index * 2 + what)
  for (std::size_t k = 0; k < edits.size(); ++k) {
    if (edits[k].at != std::string_view::npos) order.push_back({edits[k].at, 2 * k});
    order.push_back({edits[k].drop_begin, 2 * k + 1});
  }
  std::sort(order.begin(), order.end());
  std::string out;
  out.reserve(html.size() + 16 * edits.size());
  std::size_t at = 0;
  for (const auto& [pos, what] : order) {
    const Edit& e = edits[what / 2];
    if (pos < at) continue;
    out.append(html, at, pos - at);
    at = pos;
    if (what % 2 == 0) {
      out.append(" id=\"").append(e.id).append("\"");
    } else {
      at = e.drop_end;
    }
  }
  out.append(html, at, std::string_view::npos);
  return out;
}

std::string element_with_id(std::string_view html, const std::string& id) {
  const std::string attr = " id=\"" + id + "\"";
  std::string result;
  std::vector<Tag> open;
  // Where the element starts, its depth, and the list holding it (for an item).
  std::size_t start = std::string_view::npos, depth = 0;
  std::string list_tag;
  std::size_t items_before = 0;
  std::vector<std::size_t> item_counts;  // per open element: <li> children seen so far
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] != '<') {
      ++i;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    Tag tag;
    if (!read_tag(html, i, tag)) {
      ++i;
      continue;
    }
    i = tag.end;
    if (tag.closing) {
      for (std::size_t k = open.size(); k > 0; --k)
        if (open[k - 1].name == tag.name) {
          open.resize(k - 1);
          item_counts.resize(k - 1);
          break;
        }
      if (start != std::string_view::npos && open.size() == depth) {
        result = std::string(html.substr(start, tag.end - start));
        break;
      }
      continue;
    }
    if (tag.self_closing || is_void(tag.name)) continue;
    if (start == std::string_view::npos && html.substr(tag.name_end, attr.size()) == attr) {
      start = tag.begin;
      depth = open.size();
      if (tag.name == "li" && !open.empty()) {
        list_tag = std::string(html.substr(open.back().begin, open.back().end - open.back().begin));
        items_before = item_counts.back();
        if (open.back().name != "ol") list_tag = "<ul>";
      }
    }
    if (tag.name == "li" && !item_counts.empty()) ++item_counts.back();
    open.push_back(std::move(tag));
    item_counts.push_back(0);
  }
  if (result.empty()) return result;
  if (!list_tag.empty()) {
    // An item alone: in a list of its own, numbered as it was.
    std::string open_list = list_tag;
    if (open_list.rfind("<ol", 0) == 0) {
      long first = 1;
      if (const std::size_t s = open_list.find(" start=\""); s != std::string::npos)
        first = std::strtol(open_list.c_str() + s + 8, nullptr, 10);
      const long number = first + static_cast<long>(items_before);
      open_list = number == 1 ? "<ol>" : "<ol start=\"" + std::to_string(number) + "\">";
    }
    const bool ordered = open_list.rfind("<ol", 0) == 0;
    return open_list + "\n" + result + "\n" + (ordered ? "</ol>\n" : "</ul>\n");
  }
  return result + "\n";
}

}  // namespace studywiki::markdown::detail
