// Document::parse: a note's Markdown through cmark-gfm, then our passes
// over the tree, each named in one ordered list below.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstring>
#include <map>
#include <mutex>
#include <unordered_set>

#include "markdown/cjk_emphasis.h"
#include "markdown/document_impl.h"

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
  const ParserPtr parser(cmark_parser_new_with_mem(options, tree_mem()));  // tree_arena.h
  for (const char* name : kCoreExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_attach_syntax_extension(parser.get(), math_inline_extension());
  cmark_parser_feed(parser.get(), text.data(), text.size());
  return NodePtr(cmark_parser_finish(parser.get()));
}

void run_inline_passes(DocumentState& doc, cmark_node* root, const StartOverrides* overrides, cmark_node* glued);

// Parses the text a bare URL had swallowed as a paragraph of its own,
// placed at the same line and column (blank lines and a filler of 'a's
// before it), and returns its inlines.
std::vector<cmark_node*> reparse_rest(DocumentState& doc, std::string_view rest, SourcePos at) {
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
  run_inline_passes(doc, tmp, at.line > 0 ? &overrides : nullptr, para);
  if (at.line == 0) {
    // Unknown place: no positions rather than wrong ones.
    for (cmark_node* n : collect(tmp, is_link_or_image)) doc.link_pos[n] = {0, 0};
    for (cmark_node* n : collect(tmp, [](cmark_node* n) { return has_tag(n, kTagWikiLink); })) {
      doc.wikis[n].line = 0;
      doc.wikis[n].col = 0;
    }
    for (cmark_node* n : collect(tmp, [](cmark_node* n) { return has_tag(n, kTagInlineTag); })) {
      doc.tag_records[n].line = 0;
      doc.tag_records[n].col = 0;
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
void prune(cmark_node* root, StartOverrides& starts) {
  std::unordered_set<cmark_node*> live;
  for_each_node(root, [&live](cmark_node* n) { live.insert(n); });
  for (auto it = starts.begin(); it != starts.end();) {
    it = live.count(it->first) != 0 ? std::next(it) : starts.erase(it);
  }
}

void record_link_positions(DocumentState& doc, cmark_node* root) {
  for (cmark_node* n : collect(root, is_link_or_image)) {
    int line = 0;
    int byte_col = 0;
    link_start(n, *doc.lines, &line, &byte_col);
    doc.link_pos[n] = {line, line > 0 ? doc.lines->code_point_column(line, byte_col) : 0};
  }
}

// Bare URLs: the autolink extension's links fixed, and those it missed made.
void fix_bare_urls(DocumentState& doc, cmark_node* root, StartOverrides& starts) {
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
  fix_autolinks(links, std::move(url_texts), *doc.lines, &starts,
                [&doc](std::string_view rest, SourcePos at) { return reparse_rest(doc, rest, at); });
}

/// What the inline passes share: the tree (the note's, or a re-parsed
/// remainder's) and where its text nodes start.
struct InlineParse {
  DocumentState& doc;
  cmark_node* root;
  StartOverrides starts;
  cmark_node* glued;  // a re-parsed remainder's paragraph (its start follows a URL), or null
};

struct InlinePass {
  const char* name;
  void (*run)(InlineParse&);
};

// The passes that need cmark's source positions, so they run on the tree
// as parsed (also on a re-parsed remainder, see reparse_rest). The order
// is the order of execution: each sees the tree as the ones before left it.
constexpr InlinePass kInlinePasses[] = {
    {"link positions", [](InlineParse& p) { record_link_positions(p.doc, p.root); }},
    {"CJK emphasis",
     [](InlineParse& p) {
       if (may_need_cjk_emphasis(p.doc.source)) apply_cjk_emphasis(p.root, *p.doc.lines, p.starts);
     }},
    {"wikilinks",
     [](InlineParse& p) {
       if (p.doc.source.find("[[") != std::string::npos) find_wikilinks(p.root, *p.doc.lines, p.starts, p.doc.wikis);
     }},
    {"inline comments",
     [](InlineParse& p) {
       if (p.doc.source.find("%%") == std::string::npos) return;
       remove_inline_comments(p.root, *p.doc.lines, p.starts);
       if (!p.starts.empty()) prune(p.root, p.starts);
     }},
    {"inline tags",
     [](InlineParse& p) {
       if (p.doc.options.inline_tags && p.doc.source.find('#') != std::string::npos)
         find_tags(p.root, *p.doc.lines, p.starts, p.glued, p.doc.tag_records);
     }},
    {"bare URLs", [](InlineParse& p) { fix_bare_urls(p.doc, p.root, p.starts); }},
};

void run_inline_passes(DocumentState& doc, cmark_node* root, const StartOverrides* overrides, cmark_node* glued) {
  InlineParse p{doc, root, overrides != nullptr ? *overrides : StartOverrides{}, glued};
  for (const InlinePass& pass : kInlinePasses) pass.run(p);
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
      repl = new_node(CMARK_NODE_PARAGRAPH);
      set_tag(repl, kTagEscapedHtml);
      std::size_t start = 0;
      for (;;) {
        const std::size_t nl = s.find('\n', start);
        cmark_node_append_child(repl, new_text(s.substr(start, nl == std::string_view::npos ? nl : nl - start)));
        if (nl == std::string_view::npos) break;
        cmark_node_append_child(repl, new_node(CMARK_NODE_LINEBREAK));
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
    cmark_node* join = new_node(CMARK_NODE_HTML_INLINE);
    cmark_node_set_literal(join, "");
    set_tag(join, kTagCjkJoin);
    cmark_node_replace(br, join);
    cmark_node_free(br);
  }
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

// Each heading becomes a block that renders <hN id><a class="anchor">…,
// its id unique in the note; headings gets its text, id and line.
void build_headings(DocumentState& doc, const std::vector<cmark_node*>& nodes) {
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
    cmark_node* outer = new_node(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(outer, "");
    cmark_node_set_on_exit(outer, "");
    set_tag(outer, kTagHeading);
    cmark_node* inner = new_node(CMARK_NODE_CUSTOM_INLINE);
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
    doc.headings.push_back(std::move(info));
    doc.heading_nodes.push_back(outer);
  }
}

void replace_toc_paragraphs(DocumentState& doc, cmark_node* root) {
  for (cmark_node* p : collect(root, is_toc_paragraph)) {
    cmark_node* toc = new_node(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(toc, "");
    cmark_node_set_on_exit(toc, "");
    set_tag(toc, kTagToc);
    cmark_node_replace(p, toc);
    cmark_node_free(p);
    doc.toc_nodes.push_back(toc);
  }
}

/// What the tree passes share.
struct TreeParse {
  DocumentState& doc;
  cmark_node* root;
  std::map<int, std::string> display_math;  // TeX of `$$` line blocks, by 1-based line
  Survey survey;
};

struct TreePass {
  const char* name;
  void (*run)(TreeParse&);
};

// The passes over the tree cmark-gfm parsed, in the order of execution:
// each sees the tree as the ones before left it. Those after the survey
// only touch what it found (or nodes they create), so its lists stay valid.
constexpr TreePass kTreePasses[] = {
    {"display math",
     [](TreeParse& p) {
       if (!p.display_math.empty() || p.doc.source.find("$$") != std::string::npos)
         finish_display_math(p.root, p.display_math);
     }},
    {"consolidate text", [](TreeParse& p) { cmark_consolidate_text_nodes(p.root); }},
    {"inline syntax", [](TreeParse& p) { run_inline_passes(p.doc, p.root, nullptr, nullptr); }},
    {"block ids",
     [](TreeParse& p) {
       if (p.doc.source.find('^') != std::string::npos) find_block_ids(p.root, *p.doc.lines, p.doc.block_ids);
     }},
    {"survey",
     [](TreeParse& p) {
       p.survey = take_survey(p.root);
       p.doc.has_math = p.survey.has_math;
     }},
    {"raw HTML",
     [](TreeParse& p) {
       if (p.doc.options.raw_html == RawHtml::Escape) escape_raw_html(p.survey.raw_html);
       if (p.doc.options.raw_html == RawHtml::Sanitize)
         escape_raw_html(p.doc.raw_html.sanitize(p.root, p.survey.raw_html, *p.doc.lines));
     }},
    {"highlight",
     [](TreeParse& p) {
       if (p.doc.source.find("==") != std::string::npos) apply_marks(p.survey.inline_containers);
     }},
    {"CJK line joins",
     [](TreeParse& p) {
       if (p.doc.options.line_breaks == LineBreaks::Soft) join_cjk_soft_breaks(p.survey.soft_breaks);
     }},
    {"headings", [](TreeParse& p) { build_headings(p.doc, p.survey.headings); }},
    {"callouts",
     [](TreeParse& p) {
       if (p.doc.source.find("[!") != std::string::npos) apply_callouts(p.root);
     }},
    {"[TOC]",
     [](TreeParse& p) {
       if (p.doc.source.find("[TOC]") != std::string::npos || p.doc.source.find("[toc]") != std::string::npos)
         replace_toc_paragraphs(p.doc, p.root);
     }},
    {"unsafe URLs",
     [](TreeParse& p) {
       for (cmark_node* n : p.survey.links) neutralise_url(n);
       for (cmark_node* n : p.survey.images) neutralise_url(n);
     }},
    {"tag list",
     [](TreeParse& p) {
       if (p.doc.tag_records.empty()) return;
       for (cmark_node* n : collect(p.root, [](cmark_node* n) { return has_tag(n, kTagInlineTag); })) {
         if (const auto it = p.doc.tag_records.find(n); it != p.doc.tag_records.end()) p.doc.tags.push_back(it->second);
       }
     }},
};

}  // namespace

cmark_llist* detail::html_render_extensions() { return globals().render_extensions; }

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
  // The tree and what the passes add to it in one arena: about 13 bytes per byte of
  // text at 10,000 notes, so a first block of 16 holds most notes whole.
  impl->arena = std::make_unique<TreeArena>(impl->source.size() * 16);
  const ArenaScope scope(impl->arena.get());

  // Text pre-passes (cmark would read these lines otherwise), then cmark.
  TreeParse p{*impl, nullptr, {}, {}};
  const std::string text = extract_display_math(blank_block_comments(impl->source), p.display_math);
  impl->root = parse_with_cmark(text);
  p.root = impl->root.get();
  for (const TreePass& pass : kTreePasses) pass.run(p);
  return Document(std::move(impl));
}

}  // namespace studywiki::markdown
