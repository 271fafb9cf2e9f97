// Obsidian wikilinks `[[Title#Heading|label]]` and embeds `![[a.png|300]]`:
// a post-pass over each inline container's children (links, images and
// their contents are skipped; code spans and math are separate nodes, so
// never searched). cmark-gfm leaves `[[x]]` as literal text, but may have
// turned `*b*` inside `[[a*b*c]]` into emphasis: a link may then span
// several sibling nodes, and its raw text is taken from the source.
#include <algorithm>
#include <string>
#include <vector>

#include "markdown/internal.h"
#include "markdown/media.h"

namespace studywiki::markdown::detail {

namespace {

bool is_size(std::string_view s) {
  const std::size_t x = s.find('x');
  auto digits = [](std::string_view d) {
    if (d.empty() || d.size() > 5) return false;
    for (char c : d) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (x == std::string_view::npos) return digits(s);
  return digits(s.substr(0, x)) && digits(s.substr(x + 1));
}

// Fills target/heading/label/size from the text between the brackets.
bool parse_inner(std::string_view inner, WikiLink& link) {
  if (inner.find_first_of("[]\n") != std::string_view::npos) return false;
  std::string_view dest = inner;
  const std::size_t bar = inner.find('|');
  if (bar != std::string_view::npos) {
    // `\|` (a pipe escaped for a GFM table) separates too.
    dest = inner.substr(0, bar > 0 && inner[bar - 1] == '\\' ? bar - 1 : bar);
    link.label = trim_spaces(inner.substr(bar + 1));
  }
  const std::size_t hash = dest.find('#');
  if (hash != std::string_view::npos) {
    link.target = trim_spaces(dest.substr(0, hash));
    link.heading = trim_spaces(dest.substr(hash + 1));
  } else {
    link.target = trim_spaces(dest);
  }
  if (link.embed && is_size(link.label)) {
    link.size = link.label;
    link.label.clear();
  }
  return !link.target.empty() || !link.heading.empty();
}

bool is_strikethrough(cmark_node* n) {
  const char* name = cmark_node_get_type_string(n);
  return name != nullptr && std::string_view(name) == "strikethrough";
}

// Emphasis-like nodes that may sit inside `[[…]]` (made by cmark from
// `*`, `_`, `~` in the target): only text and more of the same inside.
bool is_crossable(cmark_node* node) {
  const cmark_node_type t = cmark_node_get_type(node);
  if (t != CMARK_NODE_EMPH && t != CMARK_NODE_STRONG && !is_strikethrough(node)) return false;
  bool ok = true;
  for_each_node(node, [&ok](cmark_node* n) {
    const cmark_node_type nt = cmark_node_get_type(n);
    if (nt == CMARK_NODE_TEXT) {
      const std::string_view lit = literal_of(n);
      ok = lit.find("[[") == std::string_view::npos && lit.find("]]") == std::string_view::npos;
    } else {
      ok = nt == CMARK_NODE_EMPH || nt == CMARK_NODE_STRONG || is_strikethrough(n);
    }
    return ok ? Step::Continue : Step::Stop;
  });
  return ok;
}

struct Cursor {
  cmark_node* node = nullptr;
  std::string lit;
  LiteralMap map;
};

class Finder {
 public:
  Finder(const LineIndex& source, StartOverrides& starts, WikiRecords& out)
      : source_(source), starts_(starts), out_(out) {}

  void process_container(cmark_node* parent) {
    for (cmark_node* c = cmark_node_first_child(parent); c != nullptr;) {
      const char* lit = cmark_node_get_literal(c);
      if (cmark_node_get_type(c) != CMARK_NODE_TEXT || lit == nullptr || std::strstr(lit, "[[") == nullptr) {
        c = cmark_node_next(c);
        continue;
      }
      c = scan(c);
    }
  }

 private:
  Cursor cursor(cmark_node* text) const {
    Cursor c;
    c.node = text;
    c.lit = literal_of(text);
    const SourcePos p = start_of(text, starts_, source_);
    c.map = map_literal(c.lit, source_.text(), source_.offset(p.line, p.byte_col));
    return c;
  }

  static bool escaped(const Cursor& c, std::size_t i) { return i < c.map.escaped.size() && c.map.escaped[i]; }
  static std::size_t src(const Cursor& c, std::size_t i) {
    return i < c.map.offset.size() ? c.map.offset[i] : std::string_view::npos;
  }
  static Cursor tail(Cursor c, cmark_node* node, std::size_t from) {
    Cursor t;
    t.node = node;
    t.lit = c.lit.substr(from);
    t.map.offset.assign(c.map.offset.begin() + static_cast<std::ptrdiff_t>(from), c.map.offset.end());
    t.map.escaped.assign(c.map.escaped.begin() + static_cast<std::ptrdiff_t>(from), c.map.escaped.end());
    return t;
  }
  // First unescaped "]]" at or after `from`, else npos.
  static std::size_t find_close(const Cursor& c, std::size_t from) {
    for (std::size_t q = c.lit.find("]]", from); q != std::string::npos; q = c.lit.find("]]", q + 1)) {
      if (!escaped(c, q)) return q;
    }
    return std::string::npos;
  }

  // Scans one text node (and what follows it); returns the next sibling
  // to look at.
  cmark_node* scan(cmark_node* text) {
    Cursor cur = cursor(text);
    std::size_t pos = 0;
    for (;;) {
      const std::size_t p = cur.lit.find("[[", pos);
      if (p == std::string::npos) return cmark_node_next(cur.node);
      if (escaped(cur, p) || escaped(cur, p + 1) ||
          (src(cur, p) != std::string_view::npos && src(cur, p + 1) != src(cur, p) + 1)) {
        pos = p + 1;
        continue;
      }
      const std::size_t reopen = cur.lit.find("[[", p + 2);
      const std::size_t q = find_close(cur, p + 2);
      if (reopen != std::string::npos && (q == std::string::npos || reopen < q)) {
        pos = reopen;  // `[[a [[b]]`: the inner one
        continue;
      }
      const bool embed = p > 0 && cur.lit[p - 1] == '!' && !escaped(cur, p - 1);
      const std::size_t begin = embed ? p - 1 : p;

      WikiLink link;
      link.embed = embed;
      std::string inner_from_literal;
      std::size_t src_close = std::string_view::npos;
      std::vector<cmark_node*> middle;
      Cursor end;  // the node holding "]]" when it is not cur
      std::size_t end_q = 0;
      if (q != std::string::npos) {
        inner_from_literal = cur.lit.substr(p + 2, q - p - 2);
        src_close = src(cur, q + 1);
      } else {
        // Across emphasis made from characters in the target.
        bool found = false;
        inner_from_literal = cur.lit.substr(p + 2);
        for (cmark_node* n = cmark_node_next(cur.node); n != nullptr; n = cmark_node_next(n)) {
          if (cmark_node_get_type(n) == CMARK_NODE_TEXT) {
            Cursor c = cursor(n);
            const std::size_t o = c.lit.find("[[");
            const std::size_t cq = find_close(c, 0);
            if (cq != std::string::npos && (o == std::string::npos || cq < o)) {
              end = std::move(c);
              end_q = cq;
              found = true;
              break;
            }
            if (o != std::string::npos || c.lit.find("]]") != std::string::npos) break;
            inner_from_literal += c.lit;
          } else if (is_crossable(n)) {
            inner_from_literal += plain_text_of(n);
          } else if (cmark_node_get_type(n) == CMARK_NODE_CODE &&
                     inner_from_literal.find_first_of("|#") != std::string::npos) {
            // A code span in the heading or the label: [[F#hasTag|`hasTag`]], [[#`move`|move]].
            const char* code = cmark_node_get_literal(n);
            inner_from_literal.append("`").append(code != nullptr ? code : "").append("`");
          } else {
            break;
          }
          middle.push_back(n);
        }
        if (!found) {
          pos = p + 2;
          continue;
        }
        inner_from_literal += end.lit.substr(0, end_q);
        src_close = src(end, end_q + 1);
      }

      // Raw text: from the source when both ends are known (this keeps
      // `*`, `_` and `\|` as written), else from the literal.
      const std::size_t src_open = src(cur, begin);
      const std::string_view whole = source_.text();
      std::string inner;
      if (src_open != std::string_view::npos && src_close != std::string_view::npos && src_open < src_close &&
          whole.substr(src_open, src_close - src_open).find('\n') == std::string_view::npos) {
        link.raw = std::string(whole.substr(src_open, src_close + 1 - src_open));
        inner = link.raw.substr(embed ? 3 : 2, link.raw.size() - (embed ? 5 : 4));
      } else {
        inner = inner_from_literal;
        link.raw = std::string(embed ? "![[" : "[[") + inner + "]]";
      }
      if (!parse_inner(inner, link)) {
        pos = p + 2;
        continue;
      }
      if (src_open != std::string_view::npos) {
        int byte_col = 0;
        source_.locate(src_open, &link.line, &byte_col);
        link.col = source_.code_point_column(link.line, byte_col);
      }

      cmark_node* node = make_wikilink_node(link);
      cmark_node_insert_after(cur.node, node);
      Cursor next;
      if (q != std::string::npos) {
        if (q + 2 < cur.lit.size()) {
          cmark_node* rest = new_text(std::string_view(cur.lit).substr(q + 2));
          cmark_node_insert_after(node, rest);
          set_start(rest, src(cur, q + 2));
          next = tail(cur, rest, q + 2);
        }
      } else {
        for (cmark_node* m : middle) free_node(m);
        if (end_q + 2 < end.lit.size()) {
          const std::string after = end.lit.substr(end_q + 2);
          cmark_node_set_literal(end.node, after.c_str());
          set_start(end.node, src(end, end_q + 2));
          next = tail(end, end.node, end_q + 2);
        } else {
          free_node(end.node);
        }
      }
      if (begin > 0) {
        const std::string before = cur.lit.substr(0, begin);
        cmark_node_set_literal(cur.node, before.c_str());
      } else {
        free_node(cur.node);
      }
      out_[node] = std::move(link);
      if (next.node == nullptr) return cmark_node_next(node);
      cur = std::move(next);
      pos = 0;
    }
  }

  // Records where a text node made or shortened here starts (for later passes).
  void set_start(cmark_node* node, std::size_t offset) { record_start(node, offset, starts_, source_); }
  void free_node(cmark_node* node) {
    starts_.erase(node);
    cmark_node_free(node);
  }

  const LineIndex& source_;
  StartOverrides& starts_;
  WikiRecords& out_;
};

}  // namespace

namespace {

/// A heading chain "A#B" as "A › B"; a block id (`^id`) is not shown.
std::string chain_text(std::string_view heading) {
  std::string out;
  for (std::size_t start = 0;;) {
    const std::size_t hash = heading.find('#', start);
    const std::string part = trim_spaces(heading.substr(start, hash == std::string_view::npos ? hash : hash - start));
    if (!part.empty() && part.front() != '^') out += (out.empty() ? "" : " \xE2\x80\xBA ") + part;
    if (hash == std::string_view::npos) return out;
    start = hash + 1;
  }
}

/// Link text with its `code spans` (CommonMark's rule: a run of n backticks
/// closed by the next run of exactly n) as <code> (`html`), else as their
/// content only. Other text is HTML-escaped when `html`.
std::string with_code_spans(std::string_view s, bool html) {
  std::string out;
  auto text = [&](std::string_view t) {
    if (html) append_escaped_html(out, t);
    else out.append(t);
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t open = s.find('`', i);
    if (open == std::string_view::npos) break;
    std::size_t run = open;
    while (run < s.size() && s[run] == '`') ++run;
    const std::size_t n = run - open;
    std::size_t close = std::string_view::npos;
    for (std::size_t k = s.find('`', run); k != std::string_view::npos; k = s.find('`', k)) {
      std::size_t e = k;
      while (e < s.size() && s[e] == '`') ++e;
      if (e - k == n) {
        close = k;
        break;
      }
      k = e;
    }
    if (close == std::string_view::npos) {
      text(s.substr(i, run - i));
      i = run;
      continue;
    }
    text(s.substr(i, open - i));
    std::string_view code = s.substr(run, close - run);
    if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ' &&
        code.find_first_not_of(' ') != std::string_view::npos)
      code = code.substr(1, code.size() - 2);
    if (html) out += "<code>";
    text(code);
    if (html) out += "</code>";
    i = close + n;
  }
  text(s.substr(std::min(i, s.size())));
  return out;
}

}  // namespace

namespace {

/// The link text (see wikilink_text) with code spans in the label and the
/// heading shown as code (`html`: as HTML, else as plain text).
std::string shown_text(const WikiLink& link, const std::string& title, bool html) {
  if (!link.label.empty()) return with_code_spans(link.label, html);
  const std::string chain = chain_text(link.heading);
  if (link.target.empty()) return with_code_spans(chain.empty() ? link.heading : chain, html);
  const std::string& name = title.empty() ? link.target : title;
  std::string out = html ? escape_html(name) : name;
  if (!chain.empty()) out += " \xE2\x80\xBA " + with_code_spans(chain, html);
  return out;
}

}  // namespace

std::string wikilink_text(const WikiLink& link, const std::string& title) { return shown_text(link, title, false); }

namespace {

std::string image_alt(const WikiLink& link) {
  if (!link.label.empty()) return link.label;
  const std::size_t slash = link.target.rfind('/');
  return slash == std::string::npos ? link.target : link.target.substr(slash + 1);
}

}  // namespace

void render_wikilink(cmark_node* node, const WikiLink& link, const WikiResolution& res, const Labels& labels) {
  using Kind = WikiResolution::Kind;
  std::string html;
  std::string text;
  const bool file_embed = link.embed && (res.kind == Kind::Image || res.kind == Kind::Page);
  std::optional<std::string> media;
  if (file_embed && media_kind(res.href) != MediaKind::Image) {
    // ![[lecture.mp3]], ![[demo.mp4|320]], ![[paper.pdf]]: a player, as Obsidian shows them.
    AltAndSize alt{link.label.empty() ? image_alt(link) : link.label, "", ""};
    if (const size_t x = link.size.find('x'); !link.size.empty()) {
      alt.width = link.size.substr(0, x);
      if (x != std::string::npos) alt.height = link.size.substr(x + 1);
    }
    media = media_html(res.href, alt, labels);
  }
  if (media) {
    text = image_alt(link);
    html = *media;
  } else if (res.kind == Kind::Image && link.embed) {
    text = image_alt(link);
    html = "<img src=\"" + escape_html(res.href) + "\" alt=\"" + escape_html(text) + "\"";
    if (!link.size.empty()) {
      const std::size_t x = link.size.find('x');
      html += " width=\"" + link.size.substr(0, x) + "\"";
      if (x != std::string::npos) html += " height=\"" + link.size.substr(x + 1) + "\"";
    }
    html += ">";
  } else if (res.kind == Kind::Broken) {
    text = wikilink_text(link, res.title);
    html = "<span class=\"broken-link\" title=\"" + labels.broken_link + "\">" + shown_text(link, res.title, true) +
           "</span>";
  } else {
    text = wikilink_text(link, res.title);
    html = std::string("<a class=\"") + (link.embed ? "internal embed" : "internal") + "\" href=\"" +
           escape_html(res.href) + "\">" + shown_text(link, res.title, true) + "</a>";
  }
  cmark_node_set_literal(node, html.c_str());
  cmark_node_set_string_content(node, text.c_str());
}

cmark_node* make_wikilink_node(const WikiLink& link) {
  cmark_node* node = new_node(CMARK_NODE_HTML_INLINE);
  set_tag(node, kTagWikiLink);
  render_wikilink(node, link, WikiResolution{});
  return node;
}

void find_wikilinks(cmark_node* root, const LineIndex& source, StartOverrides& starts, WikiRecords& out) {
  std::vector<cmark_node*> containers = inline_containers_outside_links(root);
  // Innermost first: a container crossed by a link is freed by its parent's turn.
  Finder finder(source, starts, out);
  for (auto it = containers.rbegin(); it != containers.rend(); ++it) finder.process_container(*it);
}

}  // namespace studywiki::markdown::detail
