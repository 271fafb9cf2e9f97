#include "render/page_jobs.h"

#include "core/hash.h"
#include "core/parallel.h"
#include "output/write_gate.h"
#include "output/writer.h"

#include <cstring>
#include <string_view>

namespace studywiki {

std::vector<PageJob> page_jobs(const Site& site, const Taxonomy& taxonomy) {
  using Kind = PageJob::Kind;
  std::vector<PageJob> jobs;
  for (const auto& [out, target] : site.places.redirects) jobs.push_back({Kind::Redirect, out, target, nullptr, -1});
  for (NoteId id : site.notes.ids())
    if (site.role(id) == Place::Role::Page) jobs.push_back({Kind::Note, site.out(id), id, nullptr, -1});
  for (const auto& [source, folder] : site.places.folders)
    if (!source.empty()) jobs.push_back({Kind::Folder, folder.out, NoteId(), &folder, -1});
  jobs.push_back({Kind::Home, "index.html", NoteId(), nullptr, -1});
  jobs.push_back({Kind::NotFound, "404.html", NoteId(), nullptr, -1});
  if (!taxonomy.tags().empty()) jobs.push_back({Kind::TagIndex, kTagIndexPage, NoteId(), nullptr, -1});
  jobs.push_back({Kind::Graph, kGraphPage, NoteId(), nullptr, -1});
  jobs.push_back({Kind::GraphData, "graph.json", NoteId(), nullptr, -1});
  for (size_t t = 0; t < taxonomy.tags().size(); ++t)
    jobs.push_back({Kind::Tag, taxonomy.tags()[t].out, NoteId(), nullptr, static_cast<int>(t)});
  jobs.push_back({Kind::AllNotes, kAllNotesPage, NoteId(), nullptr, -1});
  return jobs;
}

std::optional<PageRenderer::Input> PageRenderer::input(const PageJob& job) const {
  using Kind = PageJob::Kind;
  switch (job.kind) {
    case Kind::Redirect:
    case Kind::GraphData:
      return std::nullopt;
    case Kind::Note:
      return Input{"note", contexts_.note(job.note, page_data_.local_graph(job.note), graphs_.related(job.note))};
    case Kind::Folder:
      return Input{"folder", contexts_.folder(*job.folder)};
    case Kind::Home:
      return Input{"home", contexts_.home()};
    case Kind::NotFound:
      return Input{"404", contexts_.not_found()};
    case Kind::TagIndex:
      return Input{"tags", contexts_.tag_index(graphs_.tag_svg())};
    case Kind::Graph:
      return Input{"graph", contexts_.graph(graphs_.note_svg(), graphs_.shown(), graphs_.edges(), graphs_.groups())};
    case Kind::Tag:
      return Input{"tag", contexts_.tag(job.tag)};
    case Kind::AllNotes:
      return Input{"all", contexts_.all_notes()};
  }
  return std::nullopt;
}

namespace {

/// FNV-1a 64 over a canonical walk of a JSON value: each value's type, then its
/// contents (strings and keys by their hash, which folds in their length; numbers
/// as their bits).
struct JsonHash {
  uint64_t h = 1469598103934665603ull;
  void bytes(const void* data, size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  }
  void number(uint64_t v) { bytes(&v, sizeof v); }
  void text(std::string_view s) { number(checksum64(s)); }  // word-wise: a page's HTML is most of it
  void value(const nlohmann::json& j) {
    const auto type = static_cast<unsigned char>(j.type());
    bytes(&type, 1);
    switch (j.type()) {
      case nlohmann::json::value_t::object:
        number(j.size());
        for (const auto& [key, item] : j.items()) {
          text(key);
          value(item);
        }
        break;
      case nlohmann::json::value_t::array:
        number(j.size());
        for (const auto& item : j) value(item);
        break;
      case nlohmann::json::value_t::string: text(j.get_ref<const std::string&>()); break;
      case nlohmann::json::value_t::boolean: number(j.get<bool>() ? 1 : 0); break;
      case nlohmann::json::value_t::number_integer: number(static_cast<uint64_t>(j.get<int64_t>())); break;
      case nlohmann::json::value_t::number_unsigned: number(j.get<uint64_t>()); break;
      case nlohmann::json::value_t::number_float: {
        const double d = j.get<double>();
        uint64_t bits;
        static_assert(sizeof bits == sizeof d);
        std::memcpy(&bits, &d, sizeof d);
        number(bits);
        break;
      }
      case nlohmann::json::value_t::binary: {
        const auto& b = j.get_binary();
        number(b.size());
        bytes(b.data(), b.size());
        break;
      }
      default: break;  // null, discarded: the type says it all
    }
  }
};

}  // namespace

uint64_t PageRenderer::fingerprint(const Input& input) const {
  JsonHash hash;
  hash.number(templates_fingerprint_);
  hash.text(input.kind);
  hash.value(input.context);
  return hash.h;
}

uint64_t PageRenderer::note_fingerprint(const PageJob& job) const {
  JsonHash hash;
  hash.number(templates_fingerprint_);
  hash.text("note inputs");
  hash.number(contexts_.note_inputs_hash(job.note, page_data_.local_graph(job.note), graphs_.related(job.note)));
  return hash.h;
}

std::string PageRenderer::render(const PageJob& job) const {
  if (auto in = input(job)) return render(std::move(*in));
  if (job.kind == PageJob::Kind::Redirect)
    return render_redirect(job.out, site_.out(job.note), site_.notes[job.note].title, config_, templates_);
  return graphs_.data();  // graph.json
}

PagesWritten write_pages(const std::vector<PageJob>& pages, const PageRenderer& renderer, OutputWriter& writer,
                         const PageMemo* last, bool memo, const WriteGate* gate, unsigned jobs,
                         std::atomic<size_t>& done) {
  std::vector<PageMemo::Entry> now(memo ? pages.size() : 0);
  std::atomic<size_t> templated{0}, kept{0};
  parallel_for(pages.size(), jobs, [&](size_t i, unsigned) {
    if (gate && gate->closed()) return;
    const PageJob& job = pages[i];
    ++done;
    // A note page's fingerprint without making its context; another page's from its context.
    std::optional<PageRenderer::Input> in;
    uint64_t fingerprint = 0;
    if (job.kind == PageJob::Kind::Note && memo) {
      fingerprint = renderer.note_fingerprint(job);
    } else {
      in = renderer.input(job);
      if (!in || !memo) {
        writer.write(job.out, in ? renderer.render(std::move(*in)) : renderer.render(job));
        return;
      }
      fingerprint = renderer.fingerprint(*in);
    }
    ++templated;
    if (last)
      if (const auto it = last->pages.find(job.out); it != last->pages.end() && it->second.fingerprint == fingerprint &&
                                                     writer.keep_if(job.out, it->second.stamp)) {
        now[i] = it->second;
        ++kept;
        return;
      }
    const std::string bytes = in ? renderer.render(std::move(*in)) : renderer.render(job);
    writer.write(job.out, bytes);
    if (const FileInfo stamp = writer.stamp(job.out); stamp.type == FileInfo::Type::File && stamp.size == bytes.size())
      now[i] = {fingerprint, stamp};
  });
  PagesWritten made;
  made.templated = templated;
  made.kept = kept;
  for (size_t i = 0; i < now.size(); ++i)
    if (now[i].fingerprint != 0) made.memo.pages.emplace(pages[i].out, now[i]);
  return made;
}

}  // namespace studywiki
