#include "links/bodies.h"

#include <algorithm>

#include "content/load.h"
#include "core/embedded.h"
#include "core/parallel.h"
#include "links/backlinks.h"
#include "links/urls.h"

namespace studywiki::links {

Body render_body(NoteId self, LoadedNote& n, const Places& places, const WikiIndex& wiki, const Taxonomy& taxonomy,
                 const PerNote<LoadedNote>& notes, const MentionFinder& mentions,
                 const std::vector<std::string>& embedded_parts, Diagnostics& diagnostics) {
  Body body;
  const std::string& out = places.notes[self].out;
  std::vector<int> outlink_of_call;  // resolve_wikilinks call -> index in body.outlinks, or -1
  n.doc->resolve_wikilinks([&](const markdown::WikiLink& link) {
    WikiIndex::Target to;
    auto result = wiki.resolve(self, link, diagnostics, &to);
    outlink_of_call.push_back(-1);
    if (result.kind != markdown::WikiResolution::Kind::Page || (!to.note && !to.is_folder)) return result;
    const int line = link.line + n.body_line - 1;
    outlink_of_call.back() = static_cast<int>(body.outlinks.size());
    body.outlinks.push_back({to.note, to.folder, to.heading, result.href, link.embed, line, link.col, link.context});
    // An embed of a heading that is not there stays a link (the warning is out).
    if (link.embed && to.note && (link.heading.empty() || !to.heading.empty())) {
      std::string label = notes[*to.note].title;
      if (const std::string shown = anchor_label(link.heading); !shown.empty()) label += " \xE2\x80\xBA " + shown;
      result.kind = markdown::WikiResolution::Kind::Embed;
      result.block_html = "<!--sw-embed:" + std::to_string(body.embeds.size()) + "-->\n";
      body.embeds.push_back({*to.note, to.heading, result.href, label, line, link.col});
    }
    return result;
  }, [&](size_t call, const Excerpt& context) {
    // The sentence as the page shows it, with the links in it rendered.
    if (call < outlink_of_call.size() && outlink_of_call[call] >= 0)
      body.outlinks[static_cast<size_t>(outlink_of_call[call])].context = context;
  });
  n.doc->rewrite_urls([&](const markdown::LinkTarget& target) -> std::optional<std::string> {
    const int line = target.line + n.body_line - 1;
    WikiIndex::Target to;
    auto result = wiki.resolve_url(self, target.url, target.is_image, line, target.col, diagnostics, &to);
    if (!result || result->empty() || target.is_image || (!to.note && to.folder.empty())) return result;
    body.outlinks.push_back({to.note, to.folder, to.heading, *result, false, line, target.col, target.context});
    return result;
  });
  n.doc->resolve_tags([&](const std::string& name) -> std::string {
    const int tag = taxonomy.find(name);
    return tag < 0 ? std::string() : relative_href(out, taxonomy.tags()[static_cast<size_t>(tag)].out);
  });
  for (const auto& l : body.outlinks)
    if (l.note && *l.note != self) body.links_to.push_back(*l.note);
  std::sort(body.links_to.begin(), body.links_to.end());
  body.links_to.erase(std::unique(body.links_to.begin(), body.links_to.end()), body.links_to.end());
  if (n.hidden_heading >= 0) n.doc->remove_heading(n.hidden_heading);
  body.html = n.doc->html();
  body.has_math = n.doc->has_math();
  body.has_mermaid = have_mermaid() && n.doc->has_mermaid();  // without Mermaid the source shows
  body.summary = n.front.description.empty() ? n.doc->summary(160) : n.front.description;
  body.words = count_words(n.doc->plain_text());
  body.headings = n.doc->headings();
  body.section_summaries = n.doc->section_summaries(160);
  // What the later stages read off the tree, before it goes.
  for (const std::string& part : embedded_parts) {
    std::string html = part.front() == '^' ? n.doc->block_html(part.substr(1)) : n.doc->section_html(part);
    if (!html.empty()) body.fragments.emplace(part, std::move(html));
  }
  body.mentions = find_mentions(mentions, n.doc->prose_text(), self, body.links_to);
  n.doc.reset();
  return body;
}

/// The sections and blocks each note has embedded by others (`![[Note#Heading]]`,
/// `![[Note#^id]]`): the heading ids (or "^id") as the bodies stage will record
/// them in Body::embeds, resolved here from the written wikilinks so each note
/// can render its parts before its tree goes. Diagnostics are the bodies stage's
/// to give; these resolutions give none.
PerNote<std::vector<std::string>> embedded_parts(const PerNote<LoadedNote>& notes, const WikiIndex& wiki) {
  PerNote<std::vector<std::string>> parts(notes.size());
  Diagnostics quiet;
  for (NoteId id : notes.ids()) {
    for (const markdown::WikiLink& link : notes[id].section_embeds) {
      WikiIndex::Target to;
      const auto result = wiki.resolve(id, link, quiet, &to);
      if (result.kind != markdown::WikiResolution::Kind::Page || !to.note || to.heading.empty()) continue;
      auto& list = parts[*to.note];
      if (std::find(list.begin(), list.end(), to.heading) == list.end()) list.push_back(to.heading);
    }
  }
  return parts;
}

void render_some_bodies(PerNote<LoadedNote>& notes, const Places& places, const WikiIndex& wiki,
                        const Taxonomy& taxonomy, const MentionFinder& mentions,
                        const PerNote<std::vector<std::string>>& parts, const std::vector<char>& todo,
                        PerNote<Body>& bodies, PerNote<std::vector<Diagnostic>>& said, Diagnostics& diagnostics,
                        unsigned jobs, const std::function<void(NoteId, LoadedNote&)>& parse) {
  std::vector<size_t> ids;
  for (size_t i = 0; i < notes.size(); ++i)
    if (todo[i]) ids.push_back(i);
  parallel_for(ids.size(), jobs, [&](size_t k, unsigned) {
    const NoteId id(ids[k]);
    if (!notes[id].doc && parse) parse(id, notes[id]);
    if (!notes[id].doc) return;  // could not be read again: `parse` said why in `said`
    Diagnostics mine;
    bodies[id] = render_body(id, notes[id], places, wiki, taxonomy, notes, mentions, parts[id], mine);
    said[id] = mine.sorted();
  });
  for (size_t i : ids)
    for (const Diagnostic& d : said[NoteId(i)]) diagnostics.report(d);
}

PerNote<Body> render_bodies(PerNote<LoadedNote>& notes, const Places& places, const WikiIndex& wiki,
                            const Taxonomy& taxonomy, const MentionFinder& mentions, Diagnostics& diagnostics,
                            unsigned jobs) {
  const PerNote<std::vector<std::string>> parts = embedded_parts(notes, wiki);
  PerNote<Body> bodies(notes.size());
  parallel_for(notes.size(), jobs, [&](size_t i, unsigned) {
    const NoteId id(i);
    bodies[id] = render_body(id, notes[id], places, wiki, taxonomy, notes, mentions, parts[id], diagnostics);
  });
  return bodies;
}

std::string link_dump(const Site& site) {
  std::string out;
  for (NoteId id : site.notes.ids()) {
    for (const NoteLink& l : site.bodies[id].outlinks) {
      out += site.notes[id].source + "\t" + std::to_string(l.line) + "\t" + std::to_string(l.col) + "\t";
      out += l.note ? site.notes[*l.note].source : l.folder + "/";
      out += "\n";
    }
  }
  return out;
}

}  // namespace studywiki::links
