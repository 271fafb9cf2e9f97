#include "state/graph_cache.h"

#include <cstdio>

#include "core/fs.h"
#include "state/record_io.h"

namespace studywiki {

namespace {

constexpr std::string_view kMagic = "studywiki-graphs 1\n";

}  // namespace

std::string serialize_graph_cache(const std::string& key, uint64_t input_hash, const SiteGraphs::Results& r) {
  RecordOut o;
  o.s = kMagic;
  o.str(key);
  o.u(input_hash);
  o.str(r.tag_svg);
  o.str(r.note_svg);
  o.u(r.shown);
  o.u(r.edges);
  o.str(r.groups.dump());
  o.str(r.data);
  o.u(r.local.size());
  for (NoteId id : r.local.ids()) {
    o.str(r.local[id].placeholder);
    o.str(r.local[id].data);
    o.u(r.related[id].size());
    for (NoteId n : r.related[id]) o.u(n.index());
  }
  return with_checksum(std::move(o.s));
}

std::optional<SiteGraphs::Results> parse_graph_cache(std::string_view bytes, const std::string& key,
                                                     uint64_t input_hash, size_t notes, std::string* why) {
  auto bad = [&](const char* reason) -> std::optional<SiteGraphs::Results> {
    if (why) *why = reason;
    return std::nullopt;
  };
  auto opened = open_records(bytes, kMagic, "graph cache", why);
  if (!opened) return std::nullopt;
  RecordIn& in = *opened;
  if (in.str() != key || in.u() != input_hash || !in.ok) return std::nullopt;  // of other inputs: not used, no note
  SiteGraphs::Results r;
  r.tag_svg = in.str();
  r.note_svg = in.str();
  r.shown = in.u();
  r.edges = in.u();
  const std::string groups = in.str();
  r.data = in.str();
  const size_t count = in.count();
  if (!in.ok || count != notes) return bad("damaged (header)");
  r.groups = nlohmann::json::parse(groups, nullptr, /*allow_exceptions=*/false);
  if (!r.groups.is_array()) return bad("damaged (legend)");
  r.local.resize(count);
  r.related.resize(count);
  for (NoteId id : r.local.ids()) {
    r.local[id].placeholder = in.str();
    r.local[id].data = in.str();
    const size_t n = in.count();
    for (size_t k = 0; k < n && in.ok; ++k) {
      const uint64_t target = in.u();
      if (target >= count) return bad("damaged (related note)");
      r.related[id].push_back(NoteId(static_cast<size_t>(target)));
    }
  }
  if (!in.ok || in.pos != in.s.size()) return bad("damaged (record)");
  return r;
}

const SiteGraphs& take_or_make_graphs(const Site& site, const Taxonomy& taxonomy, const UiStrings& strings, Disk& disk,
                                      const std::string& path, const std::string& key, bool read, bool explain,
                                      unsigned jobs, std::optional<SiteGraphs>& into) {
  if (path.empty()) return into.emplace(site, taxonomy, strings, jobs);
  const uint64_t inputs = SiteGraphs::input_hash(site, taxonomy, strings);
  const char* again = "there is no graph cache of an earlier build in this folder";
  if (read)
    if (const auto bytes = disk.read_file(path, nullptr)) {
      std::string why;
      if (auto kept = parse_graph_cache(*bytes, key, inputs, site.notes.size(), &why)) {
        if (explain)
          std::fprintf(stderr, "explain: graphs taken from the last build: no link, title, page, folder or tag changed\n");
        return into.emplace(std::move(*kept));
      }
      if (!why.empty()) std::fprintf(stderr, "studywiki: note: ignoring %s: %s\n", fs::generic(path).c_str(), why.c_str());
      again = "links, titles, pages, folders or tags changed";
    }
  if (explain) std::fprintf(stderr, "explain: graphs made again: %s\n", again);
  const SiteGraphs& made = into.emplace(site, taxonomy, strings, jobs);
  disk.replace_file(path, serialize_graph_cache(key, inputs, made.results()), "", nullptr);  // a failure costs time only
  return made;
}

}  // namespace studywiki
