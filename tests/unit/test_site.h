// Sites assembled by hand for unit tests of the stages after loading: each
// note gets a place, dates and an empty body, as the stages would give it.
#pragma once
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "content/load.h"
#include "content/site.h"
#include "markdown/document.h"

namespace studywiki::test {

/// Adds a published note (source path, title, output path, Markdown body).
inline NoteId add_note(Site& site, const std::string& source, const std::string& title, const std::string& out,
                       const std::string& markdown = "", std::vector<std::string> aliases = {}) {
  LoadedNote n;
  n.source = source;
  n.folder = parent_of(source);
  n.stem = source.substr(n.folder.empty() ? 0 : n.folder.size() + 1);
  n.stem = n.stem.substr(0, n.stem.rfind('.'));
  n.display_path = "content/" + source;
  n.title = title;
  n.front.aliases = std::move(aliases);
  n.doc = std::make_unique<markdown::Document>(markdown::Document::parse(markdown));
  take_from_document(n);
  const NoteId id(site.notes.size());
  site.places.note_by_source[source] = id;
  site.notes.push_back(std::move(n));
  site.places.notes.push_back(Place{out, Place::Role::Page});
  site.dates.push_back({});
  site.bodies.push_back({});
  return id;
}

inline void add_asset(Site& site, const std::string& source) {
  site.places.asset_by_source[source] = static_cast<int>(site.places.assets.size());
  site.places.assets.push_back({source, source, source});
}

inline std::vector<NoteId> ids(std::initializer_list<int> list) {
  std::vector<NoteId> out;
  for (int i : list) out.push_back(NoteId(static_cast<size_t>(i)));
  return out;
}

}  // namespace studywiki::test
