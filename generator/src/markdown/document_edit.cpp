// Document's edits: what the build changes after parsing, once it knows
// the site (links resolved or marked broken, tags linked, a heading or
// leading line that becomes the title dropped).
#include <optional>
#include <string>
#include <unordered_set>

#include "markdown/document_impl.h"
#include "markdown/media.h"

namespace studywiki::markdown {

using namespace detail;

namespace {

// A Markdown link or image whose target does not exist: its text stays,
// marked broken, with no href to follow.
void mark_broken(cmark_node* n, const Labels& labels) {
  const bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
  // Images render their children as alt text; here it becomes the text,
  // in a box that also names the missing path.
  const std::string alt = image ? plain_text_of(n) : std::string();
  std::pair<std::string, std::string> html{"<span class=\"broken-link\" title=\"" + labels.broken_link + "\">", "</span>"};
  if (image) {
    const char* url = cmark_node_get_url(n);
    html = broken_image_parts(alt, url != nullptr ? url : "", labels);
  }
  cmark_node* open = new_node(CMARK_NODE_HTML_INLINE);
  cmark_node_set_literal(open, html.first.c_str());
  set_tag(open, kTagBroken);
  cmark_node* close = new_node(CMARK_NODE_HTML_INLINE);
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
void render_media(cmark_node* n, const Labels& labels) {
  const char* url_c = cmark_node_get_url(n);
  const std::string url = url_c != nullptr ? url_c : "";
  const AltAndSize alt = split_alt_size(plain_text_of(n));
  std::optional<std::string> html = media_html(url, alt, labels);
  if (!html) {
    if (alt.width.empty()) return;  // a plain image: cmark renders it
    const char* title = cmark_node_get_title(n);
    html = "<img src=\"" + escape_html(url) + "\" alt=\"" + escape_html(alt.alt) + "\"";
    if (title != nullptr && *title != '\0') *html += " title=\"" + escape_html(title) + "\"";
    *html += " width=\"" + alt.width + "\"";
    if (!alt.height.empty()) *html += " height=\"" + alt.height + "\"";
    *html += " />";
  }
  cmark_node* media = new_node(CMARK_NODE_HTML_INLINE);
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
  cmark_node* block = new_node(CMARK_NODE_HTML_BLOCK);
  cmark_node_set_literal(block, html.c_str());
  set_tag(block, kTagEmbed);
  if (!cmark_node_insert_after(para, block)) {
    cmark_node_free(block);
    return false;
  }
  cmark_node* after = new_node(CMARK_NODE_PARAGRAPH);
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

}  // namespace

void Document::remove_heading(int index) {
  const ArenaScope in_arena(impl_->arena.get());  // what an edit adds to the tree: from its arena
  if (index < 0 || static_cast<std::size_t>(index) >= impl_->heading_nodes.size()) return;
  const auto i = static_cast<std::size_t>(index);
  cmark_node_free(impl_->heading_nodes[i]);  // unlinks too
  impl_->heading_nodes.erase(impl_->heading_nodes.begin() + index);
  impl_->headings.erase(impl_->headings.begin() + index);
}

void Document::remove_leading_line() {
  const ArenaScope in_arena(impl_->arena.get());  // what an edit adds to the tree: from its arena
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

void Document::set_labels(Labels labels) {
  impl_->raw_html.set_labels(labels);
  impl_->labels = std::move(labels);
}

void Document::rewrite_urls(const UrlRewriter& rewrite) {
  const ArenaScope in_arena(impl_->arena.get());  // what an edit adds to the tree: from its arena
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
        mark_broken(n, impl_->labels);
        continue;
      }
      cmark_node_set_url(n, repl->c_str());
      neutralise_url(n);
    }
    if (target.is_image) render_media(n, impl_->labels);
  }
  impl_->raw_html.rewrite_urls(rewrite);
}

void Document::resolve_wikilinks(const WikiResolver& resolve, const ContextSink& contexts) {
  const ArenaScope in_arena(impl_->arena.get());  // what an edit adds to the tree: from its arena
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
    render_wikilink(n, it->second, res, impl_->labels);
  }
  if (!contexts) return;
  std::vector<cmark_node*> rendered;
  for (cmark_node* n : live)
    if (n != nullptr) rendered.push_back(n);
  const std::vector<Excerpt> shown = contexts_of(rendered);
  std::size_t r = 0;
  for (std::size_t k = 0; k < nodes.size(); ++k) contexts(k, live[k] != nullptr ? shown[r++] : lifted[k]);
}

void Document::resolve_tags(const std::function<std::string(const std::string& name)>& href_for) {
  const ArenaScope in_arena(impl_->arena.get());  // what an edit adds to the tree: from its arena
  if (!href_for || impl_->tag_records.empty()) return;
  for (cmark_node* n : collect(impl_->root.get(), [](cmark_node* n) { return has_tag(n, kTagInlineTag); })) {
    if (const auto it = impl_->tag_records.find(n); it != impl_->tag_records.end()) {
      render_tag(n, it->second, href_for(it->second.name));
    }
  }
}

}  // namespace studywiki::markdown
