#include "links/backlinks.h"

#include <algorithm>
#include <memory>

#include <unicode/coll.h>
#include <unicode/sortkey.h>

#include "content/slug.h"
#include "core/parallel.h"
#include "links/mentions.h"

namespace studywiki::links {

void sort_references(const Site& site, std::vector<Reference>& refs) {
  // Chinese titles by pinyin, Latin ones by letter, as a reader looks for them.
  thread_local std::unique_ptr<icu::Collator> collator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) c.reset();
    return c;
  }();
  std::vector<std::pair<std::string, size_t>> keys;
  keys.reserve(refs.size());
  for (size_t i = 0; i < refs.size(); ++i) {
    const std::string& title = site.notes[refs[i].source].title;
    std::string key;
    if (collator) {
      icu::CollationKey k;
      UErrorCode status = U_ZERO_ERROR;
      collator->getCollationKey(icu::UnicodeString::fromUTF8(title), k, status);
      int32_t length = 0;
      const uint8_t* bytes = k.getByteArray(length);
      if (U_SUCCESS(status) && bytes) key.assign(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
    }
    if (key.empty()) key = fold_key(title);
    keys.emplace_back(std::move(key), i);
  }
  std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return site.notes[refs[a.second].source].source < site.notes[refs[b.second].source].source;
  });
  std::vector<Reference> sorted;
  sorted.reserve(refs.size());
  for (const auto& k : keys) sorted.push_back(std::move(refs[k.second]));
  refs = std::move(sorted);
}

namespace {

void add(std::vector<Reference>& refs, NoteId source, const Excerpt& context) {
  if (refs.empty() || refs.back().source != source) refs.push_back({source, {}});
  auto& contexts = refs.back().contexts;
  if (contexts.size() >= CrossLinks::kMaxContexts) return;
  for (const auto& c : contexts)
    if (c.before == context.before && c.match == context.match && c.after == context.after) return;
  contexts.push_back(context);
}

}  // namespace

CrossLinks collect_backlinks(const Site& site) {
  CrossLinks x;
  x.backlinks.resize(site.notes.size());
  x.mentions.resize(site.notes.size());
  // Sources in id order, so each list gets one entry per source, in a row.
  for (NoteId source : site.notes.ids()) {
    for (const NoteLink& l : site.bodies[source].outlinks) {
      std::string folder = l.folder;
      if (l.note) {
        if (*l.note == source) continue;
        if (site.role(*l.note) == Place::Role::FolderIndex) folder = site.notes[*l.note].folder;
        else add(x.backlinks[*l.note], source, l.context);
      }
      if (!folder.empty()) {
        if (const Folder* f = site.folder(folder); f && f->index_note == source) continue;
        add(x.folder_backlinks[folder], source, l.context);
      }
    }
  }
  for (auto& refs : x.backlinks) sort_references(site, refs);
  for (auto& [folder, refs] : x.folder_backlinks) sort_references(site, refs);
  return x;
}

MentionFinder mention_finder(const PerNote<LoadedNote>& notes, const Places& places) {
  std::vector<MentionPattern> patterns;
  for (NoteId id : notes.ids()) {
    if (places.notes[id].role != Place::Role::Page) continue;
    const LoadedNote& n = notes[id];
    patterns.push_back({n.title, static_cast<int>(id.index())});
    for (const auto& alias : n.front.aliases) patterns.push_back({alias, static_cast<int>(id.index())});
  }
  return MentionFinder(patterns);
}

std::vector<Body::Mention> find_mentions(const MentionFinder& finder, const markdown::Document::Prose& prose,
                                         NoteId self, const std::vector<NoteId>& links_to) {
  std::vector<Body::Mention> found;
  for (const MentionHit& hit : finder.find(prose.searchable)) {
    const NoteId page(static_cast<size_t>(hit.owner));
    if (page == self || std::binary_search(links_to.begin(), links_to.end(), page)) continue;
    found.push_back({page, sentence_around(prose.text, hit.begin, hit.end)});
  }
  return found;
}

void collect_mentions(const Site& site, CrossLinks& cross, unsigned jobs) {
  // Sources in id order, as for backlinks.
  for (NoteId id : site.notes.ids())
    for (const Body::Mention& m : site.bodies[id].mentions) add(cross.mentions[m.page], id, m.context);
  parallel_for(cross.mentions.size(), jobs,
               [&](size_t i, unsigned) { sort_references(site, cross.mentions[NoteId(i)]); });
}

}  // namespace studywiki::links
