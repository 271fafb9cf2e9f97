// Bare URLs next to Chinese text. cmark-gfm's autolink extension links
// `地址：http://a.com/x.html。下面` but swallows `。下面` into the link, and
// does not link `教程https://…` at all. Rule used here: a bare URL ends at
// the first whitespace, CJK character or full-width punctuation; trailing
// ASCII `.,;:!?'"` and an unbalanced `)` are not part of it.
#include <cstring>
#include <string>
#include <vector>

#include <algorithm>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

std::size_t bare_url_length(std::string_view s) {
  std::size_t end = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t cp = decode_utf8(s, i);
    if (cp < 0x20 || cp == 0x7F || cp == '<' || cp == '>' || ends_bare_url(cp)) {
      end = start;
      break;
    }
    end = i;
  }
  for (;;) {
    if (end == 0) break;
    const char last = s[end - 1];
    if (std::strchr(".,;:!?'\"", last) != nullptr) {
      --end;
      continue;
    }
    if (last == ')') {
      int open = 0;
      int close = 0;
      for (std::size_t k = 0; k < end; ++k) {
        if (s[k] == '(') ++open;
        if (s[k] == ')') ++close;
      }
      if (close > open) {
        --end;
        continue;
      }
    }
    break;
  }
  return end;
}

namespace {

bool ascii_iequal_prefix(std::string_view s, std::size_t at, std::string_view prefix) {
  if (at + prefix.size() > s.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    char c = s[at + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != prefix[k]) return false;
  }
  return true;
}

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// If `link` is an autolink (text equals the URL, modulo the scheme cmark
// adds), returns the URL prefix cmark added ("", "http://", "mailto:").
bool autolink_prefix(cmark_node* link, std::string* prefix) {
  cmark_node* child = cmark_node_first_child(link);
  if (child == nullptr || cmark_node_next(child) != nullptr) return false;
  if (cmark_node_get_type(child) != CMARK_NODE_TEXT) return false;
  const char* title = cmark_node_get_title(link);
  if (title != nullptr && *title != 0) return false;
  const std::string_view url = cmark_node_get_url(link) ? cmark_node_get_url(link) : "";
  const std::string_view text = literal_of(child);
  if (text.empty()) return false;
  for (std::string_view p : {std::string_view(), std::string_view("http://"), std::string_view("mailto:")}) {
    if (url.size() == p.size() + text.size() && url.substr(0, p.size()) == p &&
        url.substr(p.size()) == text) {
      *prefix = std::string(p);
      return true;
    }
  }
  return false;
}

// Links http(s):// URLs inside one text node; returns nothing, edits in place.
void link_glued_urls(cmark_node* text) {
  const char* lit = cmark_node_get_literal(text);
  if (lit == nullptr) return;
  const std::string s(lit);
  std::size_t search = 0;
  std::size_t emitted = 0;
  cmark_node* anchor = nullptr;  // last inserted node
  while (search < s.size()) {
    const std::size_t h = s.find("://", search);
    if (h == std::string::npos) break;
    std::size_t start;
    if (h >= 5 && ascii_iequal_prefix(s, h - 5, "https")) {
      start = h - 5;
    } else if (h >= 4 && ascii_iequal_prefix(s, h - 4, "http")) {
      start = h - 4;
    } else {
      search = h + 3;
      continue;
    }
    if (start < emitted || (start > 0 && is_ascii_alnum(s[start - 1]))) {
      search = h + 3;
      continue;
    }
    const std::size_t len = bare_url_length(std::string_view(s).substr(start));
    // Require something after the scheme's "//".
    if (start + len <= h + 3 || !is_ascii_alnum(s[h + 3])) {
      search = h + 3;
      continue;
    }
    const std::string url = s.substr(start, len);
    cmark_node* link = new_node(CMARK_NODE_LINK);
    cmark_node_set_url(link, url.c_str());
    cmark_node_set_title(link, "");
    cmark_node_append_child(link, new_text(url));
    set_tag(link, kTagBareLink);
    if (anchor == nullptr) {
      // First hit: text before it replaces the node's literal.
      cmark_node_insert_after(text, link);
      const std::string before = s.substr(0, start);
      cmark_node_set_literal(text, before.c_str());
      anchor = link;
    } else {
      cmark_node* before = new_text(std::string_view(s).substr(emitted, start - emitted));
      cmark_node_insert_after(anchor, before);
      cmark_node_insert_after(before, link);
      anchor = link;
    }
    emitted = start + len;
    search = emitted;
  }
  if (anchor != nullptr && emitted < s.size()) {
    cmark_node_insert_after(anchor, new_text(std::string_view(s).substr(emitted)));
  }
  if (anchor != nullptr && cmark_node_get_literal(text) != nullptr && *cmark_node_get_literal(text) == 0) {
    cmark_node_free(text);
  }
}

}  // namespace

char char_before_text(cmark_node* link, const LineIndex& source) {
  cmark_node* child = cmark_node_first_child(link);
  if (child == nullptr) return 0;
  const SourcePos p = inline_start(child, source);
  const std::size_t at = source.offset(p.line, p.byte_col);
  if (at == std::string_view::npos || at == 0) return 0;
  return source.char_at(at - 1);
}

void link_start(cmark_node* link, const LineIndex& source, int* line, int* byte_col) {
  SourcePos p = inline_start(link, source);
  // cmark-gfm reports wrong columns for `<url>` autolinks; their text is right.
  if (cmark_node_get_type(link) == CMARK_NODE_LINK && char_before_text(link, source) == '<') {
    p = inline_start(cmark_node_first_child(link), source);
    --p.byte_col;
  }
  *line = p.line;
  *byte_col = p.byte_col;
}

namespace {

SourcePos start_of(cmark_node* node, const LineIndex& source, const StartOverrides* overrides) {
  if (overrides != nullptr) {
    const auto it = overrides->find(node);
    if (it != overrides->end()) return it->second;
  }
  const cmark_node_type t = cmark_node_get_type(node);
  if ((t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
    return SourcePos{cmark_node_get_start_line(node), cmark_node_get_start_column(node)};
  }
  return inline_start(node, source);
}

// Source offset of an extension autolink (cmark-gfm gives it no position):
// its text searched for on its line, after the nearest positioned node
// before it. npos if not found.
std::size_t locate_autolink(cmark_node* link, std::string_view text, const LineIndex& source,
                            const StartOverrides* overrides) {
  int breaks = 0;
  SourcePos base;
  for (cmark_node* n = cmark_node_previous(link); n != nullptr && base.line == 0; n = cmark_node_previous(n)) {
    const cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      ++breaks;
      continue;
    }
    base = start_of(n, source, overrides);
  }
  if (base.line == 0 && cmark_node_parent(link) != nullptr) base = start_of(cmark_node_parent(link), source, overrides);
  if (base.line == 0) return std::string_view::npos;
  const int line = base.line + breaks;
  const std::size_t from = breaks > 0 ? source.line_start(line) : source.offset(base.line, base.byte_col);
  const std::size_t line_begin = source.line_start(line);
  if (from == std::string_view::npos || line_begin == std::string_view::npos) return std::string_view::npos;
  const std::size_t line_end = line_begin + source.line_text(line).size();
  const std::size_t at = source.text().find(text, from);
  return at == std::string_view::npos || at + text.size() > line_end ? std::string_view::npos : at;
}

// Whether text after a URL needs parsing as Markdown (else it is plain);
// '#': inline tags.
bool has_markdown(std::string_view s) { return s.find_first_of("[]*_`$~<&\\%#") != std::string_view::npos; }

}  // namespace

void fix_autolinks(const std::vector<cmark_node*>& links, std::vector<cmark_node*> texts,
                   const LineIndex& source, const StartOverrides* overrides, const RestParser& reparse) {
  // A text node taken into a re-parse is freed: out of `texts` with it
  // (before its address can be reused by a node made here).
  auto forget = [&texts](cmark_node* n) { texts.erase(std::remove(texts.begin(), texts.end(), n), texts.end()); };
  for (cmark_node* link : links) {
    std::string prefix;
    if (!autolink_prefix(link, &prefix)) continue;
    // `<url>` and `[url](url)` were written as links: keep them. (The
    // extension's links have no source position on their text.)
    const char before = char_before_text(link, source);
    if (before == '<' || before == '[') continue;
    set_tag(link, kTagBareLink);
    if (prefix == "mailto:") continue;
    cmark_node* child = cmark_node_first_child(link);
    const std::string text(cmark_node_get_literal(child));
    const std::size_t len = bare_url_length(text);
    if (len == text.size() || len == 0) continue;
    const std::string kept = text.substr(0, len);
    const std::string url = prefix + kept;
    std::string rest = text.substr(len);
    // The extension swallowed everything up to the next space, Markdown
    // included: parse what follows the URL again. It left trailing `*_~`
    // outside the link (`…。**粗**` gives link text `…。**粗` and text `**`):
    // those belong to the rest too.
    std::vector<cmark_node*> nodes;
    if (has_markdown(rest) && reparse) {
      cmark_node* next = cmark_node_next(link);
      const char* next_lit = next != nullptr && cmark_node_get_type(next) == CMARK_NODE_TEXT
                                 ? cmark_node_get_literal(next) : nullptr;
      if (next_lit != nullptr) {
        const std::size_t run = std::strspn(next_lit, "*_~");
        if (run > 0) {
          rest.append(next_lit, run);
          const std::string after(next_lit + run);
          if (after.empty()) {
            cmark_node_free(next);
          } else {
            cmark_node_set_literal(next, after.c_str());
          }
        }
      }
      // A wikilink or link text with a space in it (`。见[[Redis 持久化]]`,
      // `。见[Redis 持久化](a.md)`) was cut by the extension at the space:
      // the text after the link holds its end.
      // The extension also stops at '<': `。见[x](<a b.md>)`.
      int depth = 0, parens = 0;
      for (char c : rest) {
        if (c == '[') ++depth;
        else if (c == ']' && depth > 0) --depth;
        else if (c == '(') ++parens;
        else if (c == ')' && parens > 0) --parens;
      }
      if (depth > 0 || parens > 0) {
        // The text after it (raw HTML too: `<a b.md>` reads as a tag), up
        // to the node that closes the bracket, is parsed again with it.
        // An inline #tag found in it counts as the text it was written as.
        const char* closer = depth > 0 ? "]" : ")";
        auto text_of = [](cmark_node* n) -> const char* {
          const cmark_node_type t = cmark_node_get_type(n);
          if (t == CMARK_NODE_TEXT || (t == CMARK_NODE_HTML_INLINE && cmark_node_get_user_data(n) == nullptr))
            return cmark_node_get_literal(n);
          if (has_tag(n, kTagInlineTag)) return cmark_node_get_string_content(n);
          return nullptr;
        };
        std::vector<cmark_node*> run;
        for (cmark_node* n = cmark_node_next(link); n != nullptr && run.size() < 8; n = cmark_node_next(n)) {
          const char* lit = text_of(n);
          if (lit == nullptr) break;
          run.push_back(n);
          if (std::strpbrk(lit, closer) != nullptr) break;
        }
        const char* last = run.empty() ? nullptr : text_of(run.back());
        if (last != nullptr && std::strpbrk(last, closer) != nullptr && !has_tag(run.back(), kTagInlineTag)) {
          for (std::size_t k = 0; k + 1 < run.size(); ++k) {
            rest += text_of(run[k]);
            forget(run[k]);
            cmark_node_free(run[k]);
          }
          // Its trailing spaces stay where they are (a re-parse would drop them).
          const std::string text_after(last);
          const std::size_t end = text_after.find_last_not_of(" \t") + 1;
          rest += text_after.substr(0, end);
          if (end == text_after.size()) {
            forget(run.back());
            cmark_node_free(run.back());
          } else if (cmark_node_get_type(run.back()) == CMARK_NODE_TEXT) {
            cmark_node_set_literal(run.back(), text_after.substr(end).c_str());
          } else {
            cmark_node* spaces = new_text(text_after.substr(end));
            cmark_node_replace(run.back(), spaces);
            forget(run.back());
            cmark_node_free(run.back());
          }
        }
      }
      SourcePos at;
      const std::size_t found = locate_autolink(link, kept, source, overrides);
      if (found != std::string_view::npos) source.locate(found + len, &at.line, &at.byte_col);
      nodes = reparse(rest, at);
    }
    cmark_node_set_literal(child, kept.c_str());
    cmark_node_set_url(link, url.c_str());
    if (nodes.empty()) {
      cmark_node* plain = new_text(rest);
      nodes.push_back(plain);
      // The rest may itself contain another glued URL.
      if (rest.find("://") != std::string_view::npos) texts.push_back(plain);
    }
    cmark_node* anchor = link;
    for (cmark_node* n : nodes) {
      cmark_node_insert_after(anchor, n);
      anchor = n;
    }
  }

  for (cmark_node* text : texts) link_glued_urls(text);
}

}  // namespace studywiki::markdown::detail
