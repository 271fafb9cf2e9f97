// Document: parse orchestration, post-passes, rendering and queries.
#include "markdown/document.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "markdown/cjk_emphasis.h"
#include "markdown/internal.h"
#include "markdown/media.h"
#include "markdown/raw_html.h"

namespace studywiki::markdown {

namespace detail {
const char kTagMathInline = 0;
const char kTagMathDisplay = 0;
const char kTagMark = 0;
const char kTagHeading = 0;
const char kTagHeadingInner = 0;
const char kTagBareLink = 0;
const char kTagEscapedHtml = 0;
const char kTagCjkJoin = 0;
const char kTagWikiLink = 0;
const char kTagInlineTag = 0;
const char kTagBroken = 0;
const char kTagToc = 0;
const char kTagEmbed = 0;
const char kTagBlockId = 0;
const char kTagMedia = 0;
}  // namespace detail

using namespace detail;

namespace {

constexpr const char* kCoreExtensions[] = {"table", "strikethrough", "autolink", "tasklist", "tagfilter"};

struct Globals {
  cmark_llist* render_extensions = nullptr;  // read-only after init
};

const Globals& globals() {
  static std::once_flag once;
  static Globals g;
  std::call_once(once, [] {
    cmark_gfm_core_extensions_ensure_registered();
    math_inline_extension();
    g.render_extensions = cmark_llist_append(cmark_get_default_mem_allocator(), nullptr,
                                             cmark_find_syntax_extension("tagfilter"));
  });
  return g;
}

std::mutex& parse_mutex() {
  static std::mutex m;
  return m;
}

NodePtr parse_with_cmark(const std::string& text) {
  const int options = CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS;
  // Serialized until cmark is known to use our override (the first parse tells).
  std::unique_lock<std::mutex> lock(parse_mutex(), std::defer_lock);
  if (!parallel_parsing()) lock.lock();
  reset_math_memo();
  const ParserPtr parser(cmark_parser_new(options));
  for (const char* name : kCoreExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_attach_syntax_extension(parser.get(), math_inline_extension());
  cmark_parser_feed(parser.get(), text.data(), text.size());
  return NodePtr(cmark_parser_finish(parser.get()));
}

struct Survey {
  std::vector<cmark_node*> links;              // LINK
  std::vector<cmark_node*> images;             // IMAGE
  std::vector<cmark_node*> raw_html;           // HTML_INLINE, HTML_BLOCK
  std::vector<cmark_node*> inline_containers;  // parents of inlines
  std::vector<cmark_node*> soft_breaks;
  std::vector<cmark_node*> headings;
  bool has_math = false;
};

Survey take_survey(cmark_node* root) {
  Survey s;
  for_each_node(root, [&s](cmark_node* node) {
    const cmark_node_type type = cmark_node_get_type(node);
    switch (type) {
      case CMARK_NODE_SOFTBREAK:
        s.soft_breaks.push_back(node);
        return;
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_HTML_BLOCK:
        if (is_math_node(node)) {
          s.has_math = true;
        } else if (cmark_node_get_user_data(node) == nullptr) {
          s.raw_html.push_back(node);
        }
        return;
      case CMARK_NODE_LINK:
        s.links.push_back(node);
        break;
      case CMARK_NODE_IMAGE:
        s.images.push_back(node);
        break;
      case CMARK_NODE_HEADING:
        s.headings.push_back(node);
        break;
      case CMARK_NODE_CUSTOM_INLINE:
      case CMARK_NODE_CUSTOM_BLOCK:
        if (is_math_node(node)) {
          s.has_math = true;
          return;
        }
        break;
      default:
        break;
    }
    if (has_inline_children(node)) s.inline_containers.push_back(node);
  });
  return s;
}

// RawHtml::Escape: user HTML becomes text (escaped by the renderer).
void escape_raw_html(const std::vector<cmark_node*>& nodes) {
  for (cmark_node* node : nodes) {
    std::string_view s = literal_of(node);
    cmark_node* repl;
    if (cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE) {
      repl = new_text(s);
    } else {
      while (!s.empty() && s.back() == '\n') s.remove_suffix(1);
      repl = cmark_node_new(CMARK_NODE_PARAGRAPH);
      set_tag(repl, kTagEscapedHtml);
      std::size_t start = 0;
      for (;;) {
        const std::size_t nl = s.find('\n', start);
        cmark_node_append_child(repl, new_text(s.substr(start, nl == std::string_view::npos ? nl : nl - start)));
        if (nl == std::string_view::npos) break;
        cmark_node_append_child(repl, cmark_node_new(CMARK_NODE_LINEBREAK));
        start = nl + 1;
      }
    }
    cmark_node_replace(node, repl);
    cmark_node_free(node);
  }
}

// Code point at the edge of an inline subtree's text (0 if not text).
// `last`: the subtree's last character, else its first. <mark> tags are
// transparent.
char32_t edge_char(cmark_node* node, bool last) {
  while (node != nullptr) {
    const cmark_node_type t = cmark_node_get_type(node);
    if (t == CMARK_NODE_HTML_INLINE && has_tag(node, kTagMark)) {
      node = last ? cmark_node_previous(node) : cmark_node_next(node);
      continue;
    }
    if (t == CMARK_NODE_HTML_INLINE && has_tag(node, kTagInlineTag)) {
      if (last) return last_code_point(cmark_node_get_string_content(node));  // "#name"
      return '#';
    }
    if (t == CMARK_NODE_TEXT) {
      const std::string_view s = literal_of(node);
      return last ? last_code_point(s) : first_code_point(s);
    }
    if (t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || t == CMARK_NODE_LINK) {
      node = last ? cmark_node_last_child(node) : cmark_node_first_child(node);
      continue;
    }
    return 0;
  }
  return 0;
}

// LineBreaks::Soft: a soft break between two CJK characters renders nothing.
void join_cjk_soft_breaks(const std::vector<cmark_node*>& breaks) {
  for (cmark_node* br : breaks) {
    if (!is_cjk_no_space(edge_char(cmark_node_previous(br), true)) ||
        !is_cjk_no_space(edge_char(cmark_node_next(br), false))) {
      continue;
    }
    cmark_node* join = cmark_node_new(CMARK_NODE_HTML_INLINE);
    cmark_node_set_literal(join, "");
    set_tag(join, kTagCjkJoin);
    cmark_node_replace(br, join);
    cmark_node_free(br);
  }
}

void neutralise_url(cmark_node* node) {
  const char* url = cmark_node_get_url(node);
  if (url != nullptr && is_dangerous_url(url)) cmark_node_set_url(node, "");
}

bool is_link_or_image(cmark_node* n) {
  const cmark_node_type t = cmark_node_get_type(n);
  return t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE;
}

bool is_written_link(cmark_node* n) { return is_link_or_image(n) && !has_tag(n, kTagBareLink); }

// Whitespace runs to one space; none where a line break joins CJK text.
std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  bool pending_newline = false;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t cp = decode_utf8(s, i);
    if (is_space(cp)) {
      pending = true;
      pending_newline = pending_newline || cp == '\n';
      continue;
    }
    if (pending && !out.empty()) {
      const bool join = pending_newline && is_cjk_no_space(last_code_point(out)) &&
                        is_cjk_no_space(cp);
      if (!join) out += ' ';
    }
    pending = false;
    pending_newline = false;
    out.append(s.substr(start, i - start));
  }
  return out;
}

// A Markdown link or image whose target does not exist: its text stays,
// marked broken, with no href to follow.
void mark_broken(cmark_node* n) {
  const bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
  // Images render their children as alt text; here it becomes the text,
  // in a box that also names the missing path.
  const std::string alt = image ? plain_text_of(n) : std::string();
  std::pair<std::string, std::string> html{"<span class=\"broken-link\" title=\"broken link\">", "</span>"};
  if (image) {
    const char* url = cmark_node_get_url(n);
    html = broken_image_parts(alt, url != nullptr ? url : "");
  }
  cmark_node* open = cmark_node_new(CMARK_NODE_HTML_INLINE);
  cmark_node_set_literal(open, html.first.c_str());
  set_tag(open, kTagBroken);
  cmark_node* close = cmark_node_new(CMARK_NODE_HTML_INLINE);
  cmark_node_set_literal(close, html.second.c_str());
  set_tag(close, kTagBroken);
  cmark_node_insert_before(n, open);
  cmark_node_insert_after(open, close);
  if (image) {
    cmark_node_insert_before(close, new_text(alt));
  } else {
    while (cmark_node* child = cmark_node_first_child(n)) {
      cmark_node_own(child);
      cmark_node_insert_before(close, child);
    }
  }
  cmark_node_free(n);
}

// An image as Obsidian shows it: `![alt|250](x.png)` with its width, and
// audio, video, PDF or a video site's page as a player (markdown/media.h).
void render_media(cmark_node* n) {
  const char* url_c = cmark_node_get_url(n);
  const std::string url = url_c != nullptr ? url_c : "";
  const AltAndSize alt = split_alt_size(plain_text_of(n));
  std::optional<std::string> html = media_html(url, alt);
  if (!html) {
    if (alt.width.empty()) return;  // a plain image: cmark renders it
    const char* title = cmark_node_get_title(n);
    html = "<img src=\"" + escape_html(url) + "\" alt=\"" + escape_html(alt.alt) + "\"";
    if (title != nullptr && *title != '\0') *html += " title=\"" + escape_html(title) + "\"";
    *html += " width=\"" + alt.width + "\"";
    if (!alt.height.empty()) *html += " height=\"" + alt.height + "\"";
    *html += " />";
  }
  cmark_node* media = cmark_node_new(CMARK_NODE_HTML_INLINE);
  cmark_node_set_literal(media, html->c_str());
  cmark_node_set_string_content(media, alt.alt.c_str());
  set_tag(media, kTagMedia);
  cmark_node_insert_before(n, media);
  cmark_node_free(n);
}

bool is_break_or_space(cmark_node* n) {
  const cmark_node_type t = cmark_node_get_type(n);
  if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) return true;
  if (t != CMARK_NODE_TEXT) return false;
  const char* lit = cmark_node_get_literal(n);
  return lit == nullptr || trim_spaces(lit).empty();
}

// Moves an inline node (a note embed) out of its paragraph into a block of
// its own holding `html`: the inlines before it stay, those after it go to
// a new paragraph, and the line breaks around it go. False (nothing done)
// when its parent is not a paragraph (a heading, a table cell, emphasis).
bool lift_to_block(cmark_node* n, const std::string& html) {
  cmark_node* para = cmark_node_parent(n);
  if (para == nullptr || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return false;
  // Both new blocks go in first, so a container that refuses them leaves the tree as it was.
  cmark_node* block = cmark_node_new(CMARK_NODE_HTML_BLOCK);
  cmark_node_set_literal(block, html.c_str());
  set_tag(block, kTagEmbed);
  if (!cmark_node_insert_after(para, block)) {
    cmark_node_free(block);
    return false;
  }
  cmark_node* after = cmark_node_new(CMARK_NODE_PARAGRAPH);
  if (!cmark_node_insert_after(block, after)) {
    cmark_node_free(after);
    cmark_node_free(block);
    return false;
  }
  cmark_node_own(para);  // text moved to the new paragraph may point into this one's buffer
  while (cmark_node* next = cmark_node_next(n)) cmark_node_append_child(after, next);
  cmark_node_free(n);
  while (cmark_node* last = cmark_node_last_child(para)) {
    if (!is_break_or_space(last)) break;
    cmark_node_free(last);
  }
  while (cmark_node* first = cmark_node_first_child(after)) {
    if (!is_break_or_space(first)) break;
    cmark_node_free(first);
  }
  // Spaces that separated the embed from its neighbours go too.
  auto trim_text = [](cmark_node* text, bool end) {
    if (text == nullptr || cmark_node_get_type(text) != CMARK_NODE_TEXT) return;
    std::string lit(literal_of(text));
    if (end) lit.erase(lit.find_last_not_of(" \t") + 1);
    else lit.erase(0, lit.find_first_not_of(" \t"));
    cmark_node_set_literal(text, lit.c_str());
  };
  trim_text(cmark_node_last_child(para), true);
  trim_text(cmark_node_first_child(after), false);
  if (cmark_node_first_child(para) == nullptr) cmark_node_free(para);
  if (cmark_node_first_child(after) == nullptr) cmark_node_free(after);
  return true;
}

// A paragraph that is only `[TOC]` (any case), as Typora writes it.
bool is_toc_paragraph(cmark_node* n) {
  if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH) return false;
  cmark_node* child = cmark_node_first_child(n);
  if (child == nullptr || cmark_node_next(child) != nullptr || cmark_node_get_type(child) != CMARK_NODE_TEXT)
    return false;
  std::string text = trim_spaces(literal_of(child));
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text == "[TOC]";
}

}  // namespace

struct Document::Impl {
  NodePtr root;
  Options options;
  std::string source;  // sanitised input; `lines` points into it
  std::unique_ptr<LineIndex> lines;
  std::vector<Heading> headings;
  std::vector<cmark_node*> heading_nodes;  // kTagHeading blocks, parallel to headings
  std::vector<cmark_node*> toc_nodes;      // kTagToc blocks
  bool has_math = false;
  // Start of each link/image as written (line, code-point column), taken
  // before later passes move nodes around. Links are never created after
  // parse(), so a live node's entry is its own.
  std::unordered_map<cmark_node*, std::pair<int, int>> link_pos;
  WikiRecords wikis;  // by kTagWikiLink node
  TagRecords tag_records;  // by kTagInlineTag node
  HtmlSanitizer raw_html;  // RawHtml::Sanitize: the raw HTML's URLs and output
  std::vector<InlineTag> tags;  // in document order, taken at the end of parse()
  std::vector<BlockId> block_ids;  // markers in the tree, turned into ids when rendered

  LinkTarget target_of(cmark_node* n) const {
    const char* url = cmark_node_get_url(n);
    LinkTarget t{url != nullptr ? url : "", cmark_node_get_type(n) == CMARK_NODE_IMAGE, 0, 0};
    if (const auto it = link_pos.find(n); it != link_pos.end()) {
      t.line = it->second.first;
      t.col = it->second.second;
    }
    return t;
  }

  void record_link_positions(cmark_node* root) {
    for (cmark_node* n : collect(root, is_link_or_image)) {
      int line = 0;
      int byte_col = 0;
      link_start(n, *lines, &line, &byte_col);
      link_pos[n] = {line, line > 0 ? lines->code_point_column(line, byte_col) : 0};
    }
  }

  // Passes that need cmark's source positions, so they run on the tree as
  // parsed (also on a re-parsed remainder, see reparse_rest).
  // `glued`: a re-parsed remainder's paragraph (its start follows a URL).
  void inline_passes(cmark_node* root, const StartOverrides* overrides, cmark_node* glued = nullptr) {
    StartOverrides starts = overrides != nullptr ? *overrides : StartOverrides{};
    record_link_positions(root);
    if (may_need_cjk_emphasis(source)) apply_cjk_emphasis(root, *lines, starts);
    if (source.find("[[") != std::string::npos) find_wikilinks(root, *lines, starts, wikis);
    if (source.find("%%") != std::string::npos) {
      remove_inline_comments(root, *lines, starts);
      if (!starts.empty()) prune(root, starts);
    }
    if (options.inline_tags && source.find('#') != std::string::npos) find_tags(root, *lines, starts, glued, tag_records);
    std::vector<cmark_node*> links;
    std::vector<cmark_node*> url_texts;
    int link_depth = 0;
    for_each_event(root, [&](cmark_node* node, bool entering) {
      const cmark_node_type type = cmark_node_get_type(node);
      const bool link = type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE;
      if (!entering) {
        if (link) --link_depth;
        return;
      }
      if (link) {
        ++link_depth;
        if (type == CMARK_NODE_LINK) links.push_back(node);
      } else if (type == CMARK_NODE_TEXT && link_depth == 0) {
        const char* lit = cmark_node_get_literal(node);
        if (lit != nullptr && std::strstr(lit, "://") != nullptr) url_texts.push_back(node);
      }
    });
    fix_autolinks(links, std::move(url_texts), *lines, &starts,
                  [this](std::string_view rest, SourcePos at) { return reparse_rest(rest, at); });
  }

  // Parses the text a bare URL had swallowed as a paragraph of its own,
  // placed at the same line and column (blank lines and a filler of 'a's
  // before it), and returns its inlines.
  std::vector<cmark_node*> reparse_rest(std::string_view rest, SourcePos at) {
    const std::size_t filler = at.line > 0 && at.byte_col > 1 ? static_cast<std::size_t>(at.byte_col) - 1 : 1;
    std::string text;
    if (at.line > 1) text.append(static_cast<std::size_t>(at.line) - 1, '\n');
    text.append(filler, 'a');  // like the URL's end: keeps `*`/`_` flanking as it was
    text.append(rest);
    text += '\n';
    const NodePtr scratch = parse_with_cmark(text);
    cmark_node* tmp = scratch.get();
    cmark_consolidate_text_nodes(tmp);
    std::vector<cmark_node*> out;
    cmark_node* para = cmark_node_first_child(tmp);
    cmark_node* first = para != nullptr ? cmark_node_first_child(para) : nullptr;
    const char* lit = first != nullptr ? cmark_node_get_literal(first) : nullptr;
    if (para == nullptr || cmark_node_next(para) != nullptr || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH ||
        cmark_node_get_type(first) != CMARK_NODE_TEXT || lit == nullptr || std::strlen(lit) < filler ||
        std::string_view(lit).find_first_not_of('a') < filler) {
      return out;
    }
    StartOverrides overrides;
    const std::string stripped(lit + filler);
    if (stripped.empty()) {
      cmark_node_free(first);
    } else {
      cmark_node_set_literal(first, stripped.c_str());
      if (at.line > 0) overrides[first] = at;
    }
    inline_passes(tmp, at.line > 0 ? &overrides : nullptr, para);
    if (at.line == 0) {
      // Unknown place: no positions rather than wrong ones.
      for (cmark_node* n : collect(tmp, is_link_or_image)) link_pos[n] = {0, 0};
      for (cmark_node* n : collect(tmp, [](cmark_node* n) { return has_tag(n, kTagWikiLink); })) {
        wikis[n].line = 0;
        wikis[n].col = 0;
      }
      for (cmark_node* n : collect(tmp, [](cmark_node* n) { return has_tag(n, kTagInlineTag); })) {
        tag_records[n].line = 0;
        tag_records[n].col = 0;
      }
    }
    while (cmark_node* child = cmark_node_first_child(para)) {
      cmark_node_own(child);
      cmark_node_unlink(child);
      out.push_back(child);
    }
    return out;
  }

  // Drops entries of nodes no longer in the tree (freed by a pass that
  // does not keep `starts`), so a new node at the same address gets none.
  static void prune(cmark_node* root, StartOverrides& starts) {
    std::unordered_set<cmark_node*> live;
    for_each_node(root, [&live](cmark_node* n) { live.insert(n); });
    for (auto it = starts.begin(); it != starts.end();) {
      it = live.count(it->first) != 0 ? std::next(it) : starts.erase(it);
    }
  }

  // A heading's block and the blocks after it, up to the next heading of
  // the same or a higher level among its siblings.
  std::unordered_map<cmark_node*, int> heading_levels() const {
    std::unordered_map<cmark_node*, int> levels;
    for (std::size_t i = 0; i < heading_nodes.size(); ++i) levels[heading_nodes[i]] = headings[i].level;
    return levels;
  }
  std::vector<cmark_node*> section_nodes(std::size_t index, const std::unordered_map<cmark_node*, int>& levels) const {
    std::vector<cmark_node*> nodes;
    if (index >= heading_nodes.size()) return nodes;
    const int level = headings[index].level;
    nodes.push_back(heading_nodes[index]);
    for (cmark_node* n = cmark_node_next(nodes.front()); n != nullptr; n = cmark_node_next(n)) {
      if (const auto it = levels.find(n); it != levels.end() && it->second <= level) break;
      nodes.push_back(n);
    }
    return nodes;
  }

  void build_headings(const std::vector<cmark_node*>& nodes) {
    SlugDeduper dedupe;
    for (cmark_node* h : nodes) {
      Heading info;
      info.level = cmark_node_get_heading_level(h);
      std::string text = plain_text_of(h);
      for (char& c : text) {
        if (c == '\n') c = ' ';
      }
      info.text = trim_spaces(text);
      info.id = dedupe.unique(heading_slug(info.text));
      info.line = cmark_node_get_start_line(h);

      const std::string level = std::to_string(info.level);
      const std::string id = escape_html(info.id);
      const std::string open = "<h" + level + " id=\"" + id + "\"><a class=\"anchor\" href=\"#" + id +
                               "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>";
      const std::string close = "</h" + level + ">";
      cmark_node* outer = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
      cmark_node_set_on_enter(outer, "");
      cmark_node_set_on_exit(outer, "");
      set_tag(outer, kTagHeading);
      cmark_node* inner = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
      cmark_node_set_on_enter(inner, open.c_str());
      cmark_node_set_on_exit(inner, close.c_str());
      set_tag(inner, kTagHeadingInner);
      cmark_node_append_child(outer, inner);
      while (cmark_node* child = cmark_node_first_child(h)) {
        cmark_node_own(child);  // its text may point into the heading's buffer
        cmark_node_append_child(inner, child);
      }
      cmark_node_replace(h, outer);
      cmark_node_free(h);
      headings.push_back(std::move(info));
      heading_nodes.push_back(outer);
    }
  }
};

Document::Document(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

Document Document::parse(std::string_view markdown, const Options& options) {
  globals();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->source = sanitize_source(markdown);
  impl->lines = std::make_unique<LineIndex>(impl->source);

  std::map<int, std::string> display_math;
  const std::string text = extract_display_math(blank_block_comments(impl->source), display_math);
  impl->root = parse_with_cmark(text);
  cmark_node* root = impl->root.get();

  if (!display_math.empty() || impl->source.find("$$") != std::string::npos) {
    finish_display_math(root, display_math);
  }
  cmark_consolidate_text_nodes(root);

  impl->inline_passes(root, nullptr);
  if (impl->source.find('^') != std::string::npos) find_block_ids(root, *impl->lines, impl->block_ids);

  // One survey of the tree; the passes below only touch what it found (or
  // nodes they create), so the lists stay valid.
  Survey survey = take_survey(root);
  if (options.raw_html == RawHtml::Escape) escape_raw_html(survey.raw_html);
  if (options.raw_html == RawHtml::Sanitize) escape_raw_html(impl->raw_html.sanitize(root, survey.raw_html, *impl->lines));
  if (impl->source.find("==") != std::string::npos) apply_marks(survey.inline_containers);
  if (options.line_breaks == LineBreaks::Soft) join_cjk_soft_breaks(survey.soft_breaks);
  impl->build_headings(survey.headings);
  if (impl->source.find("[!") != std::string::npos) apply_callouts(root);
  if (impl->source.find("[TOC]") != std::string::npos || impl->source.find("[toc]") != std::string::npos) {
    for (cmark_node* p : collect(root, is_toc_paragraph)) {
      cmark_node* toc = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
      cmark_node_set_on_enter(toc, "");
      cmark_node_set_on_exit(toc, "");
      set_tag(toc, kTagToc);
      cmark_node_replace(p, toc);
      cmark_node_free(p);
      impl->toc_nodes.push_back(toc);
    }
  }
  for (cmark_node* n : survey.links) neutralise_url(n);
  for (cmark_node* n : survey.images) neutralise_url(n);
  impl->has_math = survey.has_math;
  if (!impl->tag_records.empty()) {
    for (cmark_node* n : collect(root, [](cmark_node* n) { return has_tag(n, kTagInlineTag); })) {
      if (const auto it = impl->tag_records.find(n); it != impl->tag_records.end()) impl->tags.push_back(it->second);
    }
  }
  return Document(std::move(impl));
}

const std::vector<Heading>& Document::headings() const { return impl_->headings; }

namespace {
/// A block that shows nothing: an HTML block (or the paragraph an escaped
/// one became) of comments and white space only.
bool is_comment_block(cmark_node* node) {
  std::string text;
  if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
    text = literal_of(node);
  } else if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH && has_tag(node, kTagEscapedHtml)) {
    for (cmark_node* c = cmark_node_first_child(node); c != nullptr; c = cmark_node_next(c)) {
      const char* lit = cmark_node_get_literal(c);
      text += lit != nullptr ? lit : "\n";
    }
  } else {
    return false;
  }
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
      ++i;
    } else if (text.compare(i, 4, "<!--") == 0) {
      const std::size_t end = text.find("-->", i + 4);
      if (end == std::string::npos) return true;  // an unclosed comment runs to the end
      i = end + 3;
    } else {
      return false;
    }
  }
  return true;
}

/// The block that opens the note: its first, comment blocks aside.
cmark_node* opening_block(cmark_node* root) {
  cmark_node* n = cmark_node_first_child(root);
  while (n != nullptr && is_comment_block(n)) n = cmark_node_next(n);
  return n;
}

bool is_line_break(cmark_node* n) {
  const cmark_node_type t = cmark_node_get_type(n);
  return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK || has_tag(n, kTagCjkJoin);
}

/// The paragraph that opens the note, else nullptr.
cmark_node* opening_paragraph(cmark_node* root) {
  cmark_node* first = opening_block(root);
  if (first == nullptr || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH || has_tag(first, kTagEscapedHtml))
    return nullptr;
  return first;
}
}  // namespace

int Document::leading_heading_index() const {
  cmark_node* first = opening_block(impl_->root.get());
  if (first == nullptr || !has_tag(first, kTagHeading)) return -1;
  for (std::size_t i = 0; i < impl_->heading_nodes.size(); ++i) {
    if (impl_->heading_nodes[i] == first) return static_cast<int>(i);
  }
  return -1;
}

void Document::remove_heading(int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= impl_->heading_nodes.size()) return;
  const auto i = static_cast<std::size_t>(index);
  cmark_node_free(impl_->heading_nodes[i]);  // unlinks too
  impl_->heading_nodes.erase(impl_->heading_nodes.begin() + index);
  impl_->headings.erase(impl_->headings.begin() + index);
}

std::string Document::first_text_line() const {
  std::string result;
  for_each_node(impl_->root.get(), [&result](cmark_node* node) {
    const bool text_block = (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH && !has_tag(node, kTagEscapedHtml)) ||
                            has_tag(node, kTagHeading);
    if (!text_block) return Step::Continue;
    const std::string text = plain_text_of(node, /*source_lines=*/true);
    std::size_t start = 0;
    while (start < text.size() && result.empty()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      result = trim_spaces(std::string_view(text).substr(start, nl - start));
      start = nl + 1;
    }
    return result.empty() ? Step::Continue : Step::Stop;
  });
  return result;
}

std::string Document::leading_line() const {
  cmark_node* para = opening_paragraph(impl_->root.get());
  if (para == nullptr) return "";
  // Only a line of text (emphasis, highlight, code, math and #tags allowed):
  // a link, wikilink, embed, image, block id or raw HTML on it would go with it.
  auto carries_more = [](cmark_node* n) {
    const cmark_node_type t = cmark_node_get_type(n);
    return is_link_or_image(n) || has_tag(n, kTagWikiLink) || has_tag(n, kTagBlockId) ||
           (t == CMARK_NODE_HTML_INLINE && !has_tag(n, kTagMark) && !has_tag(n, kTagInlineTag) && !is_math_node(n));
  };
  std::string text;
  for (cmark_node* c = cmark_node_first_child(para); c != nullptr && !is_line_break(c); c = cmark_node_next(c)) {
    if (!collect(c, +carries_more).empty()) return "";
    text += plain_text_of(c, /*source_lines=*/true);
  }
  if (text.find('\n') != std::string::npos) return "";
  return trim_spaces(text);
}

void Document::remove_leading_line() {
  if (leading_line().empty()) return;
  cmark_node* para = opening_paragraph(impl_->root.get());
  auto drop = [&](cmark_node* gone) {  // no record may outlive its node
    for (cmark_node* n : collect(gone, [](cmark_node*) { return true; })) {
      impl_->link_pos.erase(n);
      impl_->wikis.erase(n);
      impl_->tag_records.erase(n);
    }
    cmark_node_free(gone);  // unlinks too
  };
  cmark_node* c = cmark_node_first_child(para);
  while (c != nullptr && !is_line_break(c)) c = cmark_node_next(c);
  if (c == nullptr) {
    drop(para);  // one line: the whole paragraph
    return;
  }
  for (cmark_node* n = cmark_node_first_child(para); n != nullptr;) {
    cmark_node* next = cmark_node_next(n);
    const bool last = n == c;
    drop(n);
    if (last) break;
    n = next;
  }
}

void Document::rewrite_urls(const UrlRewriter& rewrite) {
  if (!rewrite) return;
  const std::vector<cmark_node*> nodes = collect(impl_->root.get(), is_written_link);
  const std::vector<Excerpt> contexts = contexts_of(nodes);
  std::unordered_set<cmark_node*> gone;  // links inside an image marked broken, freed with it
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    cmark_node* n = nodes[i];
    if (gone.count(n) != 0) continue;
    LinkTarget target = impl_->target_of(n);
    target.context = contexts[i];
    if (std::optional<std::string> repl = rewrite(target)) {
      if (repl->empty()) {
        for (cmark_node* inner : collect(n, is_written_link)) {
          gone.insert(inner);
          impl_->link_pos.erase(inner);
        }
        mark_broken(n);
        continue;
      }
      cmark_node_set_url(n, repl->c_str());
      neutralise_url(n);
    }
    if (target.is_image) render_media(n);
  }
  impl_->raw_html.rewrite_urls(rewrite);
}

std::string Document::toc_html() const {
  const auto& headings = impl_->headings;
  if (headings.empty()) return "";
  int min_level = 7;
  for (const auto& h : headings) min_level = std::min(min_level, h.level);
  std::string out = "<nav class=\"toc-inline\" aria-label=\"\xE7\x9B\xAE\xE5\xBD\x95\">\n<ol>\n";
  for (const auto& h : headings) {
    out += "<li class=\"toc-d" + std::to_string(h.level - min_level) + "\"><a href=\"#";
    append_escaped_html(out, h.id);
    out += "\">";
    append_escaped_html(out, h.text);
    out += "</a></li>\n";
  }
  out += "</ol>\n</nav>\n";
  return out;
}

namespace {

std::string render_node(cmark_node* node, const Options& o) {
  int options = CMARK_OPT_UNSAFE;
  if (o.line_breaks == LineBreaks::Hard) options |= CMARK_OPT_HARDBREAKS;
  // The tag filter is for RawHtml::Allow; sanitized HTML holds only what it
  // wrote (its video <iframe>s among them).
  char* rendered = cmark_render_html(node, options, o.raw_html == RawHtml::Sanitize ? nullptr : globals().render_extensions);
  std::string out = rendered != nullptr ? rendered : "";
  cmark_get_default_mem_allocator()->free(rendered);
  return out;
}

}  // namespace

void Document::fill_tocs() const {
  if (impl_->toc_nodes.empty()) return;
  const std::string toc = toc_html();
  for (cmark_node* n : impl_->toc_nodes) cmark_node_set_on_enter(n, toc.c_str());
}

std::string Document::html() const {
  fill_tocs();
  if (!impl_->block_ids.empty()) return place_block_ids(render_node(impl_->root.get(), impl_->options));
  return render_node(impl_->root.get(), impl_->options);
}

std::string Document::section_html(const std::string& id) const {
  fill_tocs();
  for (std::size_t i = 0; i < impl_->headings.size(); ++i) {
    if (impl_->headings[i].id != id) continue;
    std::string out;
    for (cmark_node* n : impl_->section_nodes(i, impl_->heading_levels())) out += render_node(n, impl_->options);
    return impl_->block_ids.empty() ? out : place_block_ids(out);
  }
  return "";
}

const std::vector<BlockId>& Document::block_ids() const { return impl_->block_ids; }

std::string Document::block_html(const std::string& id) const {
  for (const BlockId& b : impl_->block_ids)
    if (b.id == id) return element_with_id(html(), id);
  return "";
}

std::vector<std::string> Document::section_summaries(std::size_t max_chars) const {
  std::vector<std::string> out;
  const auto levels = impl_->heading_levels();
  for (std::size_t i = 0; i < impl_->headings.size(); ++i) {
    std::string text;
    for (cmark_node* n : impl_->section_nodes(i, levels)) {
      if (has_tag(n, kTagHeading)) continue;
      for (cmark_node* p : collect(n, [](cmark_node* n) {
             return cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && !has_tag(n, kTagEscapedHtml);
           })) {
        text = trim_spaces(collapse_whitespace(summary_text_of(p)));
        if (!text.empty()) break;
      }
      if (!text.empty()) break;
    }
    if (count_code_points(text) > max_chars)
      text = trim_spaces(std::string_view(text).substr(0, prefix_bytes_for_code_points(text, max_chars))) +
             "\xE2\x80\xA6";
    out.push_back(std::move(text));
  }
  return out;
}

std::string Document::plain_text() const {
  std::string text = plain_text_of(impl_->root.get());
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

Document::Prose Document::prose_text() const {
  Prose p;
  p.text = prose_text_of(impl_->root.get(), &p.searchable);
  return p;
}

std::string Document::summary(std::size_t max_chars) const {
  std::string text;
  for (cmark_node* p : collect(impl_->root.get(), [](cmark_node* n) {
         return cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && !has_tag(n, kTagEscapedHtml);
       })) {
    text = trim_spaces(collapse_whitespace(summary_text_of(p)));
    if (!text.empty()) break;
  }
  if (count_code_points(text) <= max_chars) return text;
  std::string cut = trim_spaces(std::string_view(text).substr(0, prefix_bytes_for_code_points(text, max_chars)));
  return cut + "\xE2\x80\xA6";
}

bool Document::has_math() const { return impl_->has_math; }

std::vector<WikiLink> Document::wikilinks() const {
  std::vector<WikiLink> out;
  for (cmark_node* n : collect(impl_->root.get(), [](cmark_node* n) { return has_tag(n, kTagWikiLink); })) {
    if (const auto it = impl_->wikis.find(n); it != impl_->wikis.end()) out.push_back(it->second);
  }
  return out;
}

void Document::resolve_wikilinks(const WikiResolver& resolve, const ContextSink& contexts) {
  if (!resolve) return;
  std::vector<cmark_node*> nodes;
  for (cmark_node* n : collect(impl_->root.get(), [](cmark_node* n) { return has_tag(n, kTagWikiLink); }))
    if (impl_->wikis.count(n) != 0) nodes.push_back(n);
  const std::vector<Excerpt> early = contexts_of(nodes);  // as written, before any link is rendered
  std::vector<cmark_node*> live(nodes.size());            // null once lifted into a block
  std::vector<Excerpt> lifted(nodes.size());
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    cmark_node* n = nodes[k];
    const auto it = impl_->wikis.find(n);
    WikiLink link = it->second;
    link.context = early[k];
    WikiResolution res = resolve(link);
    live[k] = n;
    if (res.kind == WikiResolution::Kind::Embed) {
      if (lift_to_block(n, res.block_html)) {
        // Alone in its block now: its context is its own text.
        lifted[k].match = wikilink_text(it->second, res.title);
        impl_->wikis.erase(it);
        live[k] = nullptr;
        continue;
      }
      res.kind = WikiResolution::Kind::Page;  // inside a heading or a cell: a link
    }
    render_wikilink(n, it->second, res);
  }
  if (!contexts) return;
  std::vector<cmark_node*> rendered;
  for (cmark_node* n : live)
    if (n != nullptr) rendered.push_back(n);
  const std::vector<Excerpt> shown = contexts_of(rendered);
  std::size_t r = 0;
  for (std::size_t k = 0; k < nodes.size(); ++k) contexts(k, live[k] != nullptr ? shown[r++] : lifted[k]);
}

std::vector<InlineTag> Document::tags() const { return impl_->tags; }

void Document::resolve_tags(const std::function<std::string(const std::string& name)>& href_for) {
  if (!href_for || impl_->tag_records.empty()) return;
  for (cmark_node* n : collect(impl_->root.get(), [](cmark_node* n) { return has_tag(n, kTagInlineTag); })) {
    if (const auto it = impl_->tag_records.find(n); it != impl_->tag_records.end()) {
      render_tag(n, it->second, href_for(it->second.name));
    }
  }
}

std::vector<LinkTarget> Document::links() const {
  std::vector<LinkTarget> out;
  for (cmark_node* n : collect(impl_->root.get(), is_written_link)) {
    out.push_back(impl_->target_of(n));
  }
  for (LinkTarget& t : impl_->raw_html.links()) out.push_back(std::move(t));
  return out;
}

}  // namespace studywiki::markdown
