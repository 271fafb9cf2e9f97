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
    const std::string& title = site.notes[static_cast<size_t>(refs[i].source)].title;
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
    return site.notes[static_cast<size_t>(refs[a.second].source)].source <
           site.notes[static_cast<size_t>(refs[b.second].source)].source;
  });
  std::vector<Reference> sorted;
  sorted.reserve(refs.size());
  for (const auto& k : keys) sorted.push_back(std::move(refs[k.second]));
  refs = std::move(sorted);
}

namespace {

void add(std::vector<Reference>& refs, int source, const Excerpt& context) {
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
  // Sources in index order, so each list gets one entry per source, in a row.
  for (size_t i = 0; i < site.notes.size(); ++i) {
    const Note& n = site.notes[i];
    if (!n.ok) continue;
    const int source = static_cast<int>(i);
    for (const NoteLink& l : n.outlinks) {
      std::string folder = l.folder;
      if (l.note >= 0) {
        if (l.note == source) continue;
        const Note& target = site.notes[static_cast<size_t>(l.note)];
        if (target.role == Note::Role::FolderIndex) folder = target.folder;
        else add(x.backlinks[static_cast<size_t>(l.note)], source, l.context);
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

void collect_mentions(const Site& site, CrossLinks& cross, unsigned jobs) {
  std::vector<MentionPattern> patterns;
  for (size_t i = 0; i < site.notes.size(); ++i) {
    const Note& n = site.notes[i];
    if (!n.ok || n.role != Note::Role::Page) continue;
    patterns.push_back({n.title, static_cast<int>(i)});
    for (const auto& alias : n.front.aliases) patterns.push_back({alias, static_cast<int>(i)});
  }
  const MentionFinder finder(patterns);
  struct Found {
    int owner;
    Excerpt context;
  };
  std::vector<std::vector<Found>> found(site.notes.size());
  parallel_for(site.notes.size(), jobs, [&](size_t i, unsigned) {
    const Note& n = site.notes[i];
    if (!n.ok || !n.doc) return;
    const auto prose = n.doc->prose_text();
    const auto& linked = n.links_to;  // sorted
    for (const MentionHit& hit : finder.find(prose.searchable)) {
      if (hit.owner == static_cast<int>(i) || std::binary_search(linked.begin(), linked.end(), hit.owner)) continue;
      found[i].push_back({hit.owner, sentence_around(prose.text, hit.begin, hit.end)});
    }
  });
  // Sources in index order, as for backlinks.
  for (size_t i = 0; i < found.size(); ++i)
    for (const Found& f : found[i]) add(cross.mentions[static_cast<size_t>(f.owner)], static_cast<int>(i), f.context);
  parallel_for(cross.mentions.size(), jobs, [&](size_t i, unsigned) { sort_references(site, cross.mentions[i]); });
}

}  // namespace studywiki::links
