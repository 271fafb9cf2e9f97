#include "search/index.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "content/site.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "state/record_io.h"
#include "search/sections.h"
#include "tags/taxonomy.h"

// The one place the search index reads the site's shared structures
// (content/site.h's Site and Note, the taxonomy): everything after this works
// on IndexInput alone.
namespace studywiki::search {

IndexInput input_from_site(const Site& site, const Taxonomy& taxonomy, unsigned jobs,
                           const std::function<bool(size_t, uint64_t)>& leave_out, const std::vector<char>* unread) {
  IndexInput input;
  std::vector<NoteId> order;
  for (NoteId id : site.notes.ids())
    if (!site.out(id).empty()) order.push_back(id);
  std::sort(order.begin(), order.end(), [&](NoteId a, NoteId b) { return site.notes[a].source < site.notes[b].source; });
  std::vector<int> number_of(site.notes.size(), -1);
  for (size_t k = 0; k < order.size(); ++k) number_of[order[k].index()] = static_cast<int>(k);

  std::unordered_map<std::string, int> folder_index;
  for (const auto& [source, folder] : site.places.folders) {
    if (source.empty()) continue;
    folder_index[source] = static_cast<int>(input.folders.size());
    input.folders.push_back(source);
  }
  for (const auto& f : input.folders) {
    const std::string parent = parent_of(f);
    input.folder_parents.push_back(parent.empty() ? -1 : folder_index.count(parent) ? folder_index[parent] : -1);
    // Notes are in source order, so a folder's notes (at any depth) are one range.
    const std::string lo = f + "/", hi = f + "0";  // '0' follows '/'
    auto key = [&](NoteId k) -> const std::string& { return site.notes[k].source; };
    const auto first = std::lower_bound(order.begin(), order.end(), lo,
                                        [&](NoteId k, const std::string& v) { return key(k) < v; });
    const auto end = std::lower_bound(order.begin(), order.end(), hi,
                                      [&](NoteId k, const std::string& v) { return key(k) < v; });
    input.folder_notes.emplace_back(static_cast<int>(first - order.begin()), static_cast<int>(end - order.begin()));
  }
  for (const Tag& t : taxonomy.tags()) {
    input.tags.push_back(t.name);
    input.tag_parents.push_back(t.parent);
    std::vector<int> notes;
    for (int n : t.notes)
      if (n >= 0 && static_cast<size_t>(n) < number_of.size() && number_of[static_cast<size_t>(n)] >= 0)
        notes.push_back(number_of[static_cast<size_t>(n)]);
    std::sort(notes.begin(), notes.end());
    notes.erase(std::unique(notes.begin(), notes.end()), notes.end());
    input.tag_notes.push_back(std::move(notes));
  }
  input.notes.resize(order.size());
  parallel_for(order.size(), jobs, [&](size_t k, unsigned) {
    const NoteId id = order[k];
    const LoadedNote& n = site.notes[id];
    const Body& body = site.bodies[id];
    NoteInput& in = input.notes[k];
    in.url = site.out(id);
    in.title = n.title;
    // A folder's index without a title of its own (a README that uses `#`
    // for sections) is the folder's page: it goes by the folder's name, as
    // that page is titled (render/pages.cpp folder_title).
    if (site.role(id) == Place::Role::FolderIndex && !n.front.title && n.hidden_heading < 0)
      if (const Folder* f = site.folder(n.folder)) in.title = f->name;
    in.aliases = n.front.aliases;
    in.folder = n.folder.empty() ? -1 : folder_index.count(n.folder) ? folder_index.at(n.folder) : -1;
    for (int t : taxonomy.note_tags(id.index())) in.tags.push_back(t);
    if (unread && (*unread)[id.index()]) {
      in.sections_left_out = in.as_cached = true;
      return;
    }
    RecordOut headings;
    for (const auto& h : body.headings) {
      headings.i(h.level);
      headings.str(h.text);
      headings.str(h.id);
    }
    in.source_hash = checksum64(body.html) * 31 + checksum64(headings.s) + body.html.size();
    if (leave_out && leave_out(k, in.source_hash))
      in.sections_left_out = true;
    else
      in.sections = split_sections(body.html, body.headings);
  });
  return input;
}

}  // namespace studywiki::search
