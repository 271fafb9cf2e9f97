// The orchestrator: one call per stage, in the order they run. Each stage
// returns its result (content/site.h lists them); nothing here does a
// stage's work.
#include "pipeline/build.h"
#include "pipeline/last_build.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <optional>
#include <thread>
#include <unistd.h>

#include "config/site_config.h"
#include "config/ui_strings.h"
#include "content/dates.h"
#include "content/discovery.h"
#include "content/language.h"
#include "content/load.h"
#include "content/places.h"
#include "content/site.h"
#include "core/disk.h"
#include "core/fs.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "graph/site_graphs.h"
#include "markdown/highlight.h"
#include "markdown/labels.h"
#include "links/backlinks.h"
#include "links/bodies.h"
#include "links/embeds.h"
#include "links/wikilinks.h"
#include "output/feeds.h"
#include "output/files.h"
#include "output/output_dir.h"
#include "output/write_gate.h"
#include "output/writer.h"
#include "pipeline/early_cutoff.h"
#include "pipeline/progress.h"
#include "pipeline/stage_timer.h"
#include "render/page_data.h"
#include "render/page_jobs.h"
#include "render/pages.h"
#include "render/templates.h"
#include "state/build_state.h"
#include "state/graph_cache.h"
#include "state/page_memo.h"
#include "state/page_parts.h"
#include "state/search_cache.h"
#include "state/note_cache.h"
#include "tags/taxonomy.h"

namespace studywiki {

namespace {

namespace stdfs = std::filesystem;

// The words a note's HTML uses of its own, from the theme's strings. A
// string is an HTML fragment; in an attribute only its `"` needs escaping.
markdown::Labels markdown_labels(const UiStrings& strings) {
  auto attribute = [&](std::string_view key) {
    std::string out;
    for (const char c : strings.text(key)) out += c == '"' ? std::string("&quot;") : std::string(1, c);
    return out;
  };
  return {.toc = attribute("toc_inline"),
          .broken_link = attribute("broken_link"),
          .missing_image = attribute("missing_image"),
          .missing_image_named = attribute("missing_image_label"),
          .video = attribute("video")};
}

/// The output folder, before anything is read: refused when it would mix
/// pages with the notes, locked against a second build. 0, or the exit status.
int lock_output(const BuildOptions& o, const Disk& disk, OutputWriter& writer) {
  const char* home = std::getenv("HOME");
  if (const std::string why =
          output_folder_refusal(disk, o.out, o.source, o.site, home ? stdfs::path(home) : stdfs::path());
      !why.empty()) {
    std::fprintf(stderr, "studywiki: error: %s\n", why.c_str());
    return 2;
  }
  std::string message;
  if (const int status = writer.lock(message); status != 0) {
    std::fprintf(stderr, "studywiki: error: %s\n", message.c_str());
    return status;
  }
  return 0;
}

/// Before anything is written: refused when the folder holds the user's own
/// files, swept of what a killed build left. 0, or the exit status.
int prepare_output(const BuildOptions& o, OutputWriter& writer) {
  std::string message;
  if (const int status = writer.prepare(o.clean, message); status != 0) {
    std::fprintf(stderr, "studywiki: error: %s\n", message.c_str());
    return status;
  }
  return 0;
}

/// What decides the output besides the files stamped: the generator's
/// version, the options, the git commit dates come from, the time zone.
std::string state_key(const BuildOptions& o) {
  std::string key = std::string("studywiki ") + STUDYWIKI_VERSION;
  for (const std::string& part : {o.site.native(), o.source.native(), o.out.native(), o.display_root, o.base_url,
                                  std::string(o.drafts ? "drafts" : "no-drafts"), git_head(o.source),
                                  std::string(std::getenv("TZ") ? std::getenv("TZ") : "-")})
    key += '\n' + std::to_string(part.size()) + ':' + part;
  return key;
}

/// The summary line (stdout).
/// How much of the notes a build redid: parsed, and whose bodies it rendered
/// (the others' taken from the last build's, state/note_cache.h).
struct Redone {
  size_t parsed = 0, rendered = 0;
};

void print_summary(const BuildOptions& o, size_t notes, size_t folders, size_t files, Redone redone, size_t written,
                   size_t unchanged, size_t removed, size_t errors, size_t warnings, double seconds) {
  std::printf("built %zu notes, %zu folders, %zu files into %s: %zu parsed, %zu rendered, %zu written, "
              "%zu unchanged, %zu removed; %zu errors, %zu warnings (%.2f s)\n",
              notes, folders, files, fs::generic(o.out).c_str(), redone.parsed, redone.rendered, written, unchanged,
              removed, errors, warnings, seconds);
}

/// Prints the diagnostics and the summary; the diagnostics also go into `state`.
void report(const BuildOptions& o, const Site& site, const OutputWriter& writer, const Diagnostics& diagnostics,
            Redone redone, double seconds, BuildState& state) {
  for (const auto& d : diagnostics.sorted()) {
    state.messages.push_back({d.severity == Severity::Error ? StateMessage::Kind::Error : StateMessage::Kind::Warning,
                              d.to_string()});
    if (o.print_diagnostics) std::fprintf(stderr, "%s\n", state.messages.back().text.c_str());
  }
  state.errors = diagnostics.error_count();
  state.warnings = diagnostics.warning_count();
  state.notes = site.notes.size();
  state.folders = site.places.folders.size() - (site.places.folders.count("") ? 1 : 0);
  state.files = site.places.assets.size();
  state.outputs = writer.written() + writer.unchanged();
  if (o.quiet) return;
  if (o.mode == BuildMode::Check)
    std::printf("checked %zu notes: %zu errors, %zu warnings (%.2f s)\n", site.notes.size(),
                diagnostics.error_count(), diagnostics.warning_count(), seconds);
  else
    print_summary(o, state.notes, state.folders, state.files, redone, writer.written(), writer.unchanged(),
                  writer.removed(), state.errors, state.warnings, seconds);
}

/// What decides the note cache besides the notes: the state's key, the
/// Markdown options, the generator binary (a rebuilt binary of the same version may render otherwise).
std::string notes_key(const std::string& state_key, const markdown::Options& markdown) {
  const InputStamp binary = generator_stamp();
  return state_key + "\nmarkdown " + std::to_string(static_cast<int>(markdown.line_breaks)) + " " +
         std::to_string(static_cast<int>(markdown.raw_html)) + " " + std::to_string(markdown.inline_tags ? 1 : 0) +
         "\nbinary " + std::to_string(binary.size) + " " + std::to_string(binary.inode) + " " +
         std::to_string(binary.mtime_ns);
}

/// The file of a note cache's record group `g` (state/note_cache.h), beside its head at `path`.
std::string note_group_path(const std::string& path, size_t g) { return path + "-" + std::to_string(g); }
/// ...and of its bodies.
std::string note_bodies_path(const std::string& path, size_t g) { return path + "-bodies-" + std::to_string(g); }

/// The last build's note cache in the output folder, when it is whole and for the same key.
std::optional<NoteCache> last_notes(const Disk& disk, const std::string& path, const std::string& key) {
  const auto head = disk.read_file(path, nullptr);
  if (!head) return std::nullopt;
  std::string why;
  auto cache = parse_note_cache(
      *head, [&](size_t g) { return disk.read_file(note_group_path(path, g), nullptr); }, &why);
  if (!cache) std::fprintf(stderr, "studywiki: note: ignoring %s: %s\n", fs::generic(path).c_str(), why.c_str());
  if (cache && cache->key != key) return std::nullopt;
  return cache;
}

/// The last build's page memo in the output folder, when it is whole and for the same key.
std::optional<PageMemo> last_page_memo(const Disk& disk, const std::string& path, const std::string& key) {
  const auto bytes = disk.read_file(path, nullptr);
  if (!bytes) return std::nullopt;
  std::string why;
  auto memo = parse_page_memo(*bytes, &why);
  if (!memo) std::fprintf(stderr, "studywiki: note: ignoring %s: %s\n", fs::generic(path).c_str(), why.c_str());
  if (memo && memo->key != key) return std::nullopt;
  return memo;
}

/// The last build's state in the output folder, if it is whole (a note when it is not).
std::optional<BuildState> last_state(const Disk& disk, const std::string& path) {
  const auto bytes = disk.read_file(path, nullptr);
  if (!bytes) return std::nullopt;
  std::string why;
  auto last = parse_build_state(*bytes, &why);
  if (!last) std::fprintf(stderr, "studywiki: note: ignoring %s: %s\n", fs::generic(path).c_str(), why.c_str());
  return last;
}

/// When nothing that decides the output changed since `last`: what it
/// printed, printed again, and its exit status; else nullopt.
std::optional<int> replay_if_unchanged(const BuildOptions& o, const std::optional<BuildState>& last,
                                       const BuildState& now, const StageTimer& timer, const std::string& base_url) {
  if (!o.allow_replay || !last || last->key != now.key || last->inputs != now.inputs) return std::nullopt;
  BuildOutcome outcome;
  for (const StateMessage& m : last->messages) {
    const bool note = m.kind == StateMessage::Kind::Note;
    if (note ? !o.quiet : o.print_diagnostics) std::fprintf(stderr, "%s\n", m.text.c_str());
    if (!note)
      (m.kind == StateMessage::Kind::Error || o.strict ? outcome.failures : outcome.warnings_shown).push_back(m.text);
  }
  if (o.explain) std::fprintf(stderr, "explain: nothing changed since the last build\n");
  if (!o.quiet)
    print_summary(o, last->notes, last->folders, last->files, {}, 0, last->outputs, 0, last->errors, last->warnings,
                  timer.seconds());
  if (o.outcome) {
    outcome.errors = last->errors;
    outcome.warnings = last->warnings;
    outcome.unchanged = last->outputs;
    outcome.base_url = base_url;
    outcome.seconds = timer.seconds();
    *o.outcome = std::move(outcome);
  }
  return last->errors > 0 || (o.strict && last->warnings > 0) ? 1 : 0;
}

/// Whether `now` differs from `last` only in the bytes of notes that both have.
bool only_notes_differ(const BuildState& last, const BuildState& now) {
  if (last.key != now.key || last.inputs.size() != now.inputs.size()) return false;
  for (size_t i = 0; i < now.inputs.size(); ++i) {
    const InputStamp &a = last.inputs[i], &b = now.inputs[i];
    if (a == b) continue;
    if (a.path != b.path || a.path.rfind("n:", 0) != 0 || a.type == 0 || b.type == 0) return false;
  }
  return true;
}

/// A number for this build, kept in the caches it writes: two caches with the same
/// were written by the same build (the early cut-off trusts one for the other).
uint64_t new_build_id() {
  const std::string seed = std::to_string(now_ns()) + ":" + std::to_string(::getpid());
  return fnv1a64(seed) | 1;
}

/// --explain: what became of the search index.
void explain_search(const SearchIndexWritten& searched) {
  if (searched.updated)
    std::fprintf(stderr, "explain: search index updated: %zu notes indexed again, %zu files made again\n",
                 searched.notes_counted, searched.files_made);
  else
    std::fprintf(stderr, "explain: search index made again: %s\n", searched.why.c_str());
}

/// --explain: what changed since the last build, one line per input, sorted.
void explain_changes(const BuildOptions& o, const std::optional<BuildState>& last, const BuildState& now) {
  if (!last) {
    std::fprintf(stderr, "explain: building everything: %s\n",
                 o.clean ? "--clean" : "no state of an earlier build in this folder");
    return;
  }
  if (last->key != now.key)
    std::fprintf(stderr, "explain: building everything: the options, the git commit or the time zone changed\n");
  auto shown = [&](const std::string& path) {
    const std::string rel = path.substr(2);
    switch (path[0]) {
      case 'n': case 'a': return o.display_root + rel;
      case 't': return "template " + rel;
      case 's': return "static/" + rel;
      case 'c': return rel.rfind("vault/", 0) == 0 ? o.display_root + rel.substr(6) : rel;
      default: return std::string("the studywiki binary");
    }
  };
  std::vector<std::string> lines;
  auto a = last->inputs.begin(), b = now.inputs.begin();
  while (a != last->inputs.end() || b != now.inputs.end()) {
    if (b == now.inputs.end() || (a != last->inputs.end() && a->path < b->path)) {
      if (a->type != 0) lines.push_back(shown(a->path) + " removed");
      ++a;
    } else if (a == last->inputs.end() || b->path < a->path) {
      if (b->type != 0) lines.push_back(shown(b->path) + " added");
      ++b;
    } else {
      if (!(*a == *b)) lines.push_back(shown(b->path) + (b->type == 0 ? " removed" : a->type == 0 ? " added" : " changed"));
      ++a, ++b;
    }
  }
  std::sort(lines.begin(), lines.end());
  for (const std::string& line : lines) std::fprintf(stderr, "explain: %s\n", line.c_str());
}

}  // namespace

int run_build(const BuildOptions& o) {
  RealDisk disk;
  return run_build(o, disk);
}

int run_build(const BuildOptions& o, Disk& disk) {
  StageTimer timer;
  const uint64_t build_id = new_build_id();
  Diagnostics diagnostics;
  const bool check = o.mode == BuildMode::Check;
  const unsigned jobs = o.jobs ? o.jobs : default_jobs();
  if (o.keep) o.keep->reset();
  // Every stage's result, made in place so that `serve` can keep them (last_build.h).
  auto kept = std::make_shared<LastBuild>();
  kept->options = o;
  kept->options.keep = nullptr;
  kept->options.outcome = nullptr;

  // Configuration.
  SiteConfig& config = kept->config;
  if (!o.site.empty()) load_site_config(o.site / "site.yml", "site.yml", config, diagnostics);
  // A vault (no site folder) keeps its configuration at its root; it is not published.
  const bool vault_config = o.site.empty() && disk.stat((o.source / "site.yml").native()).type == FileInfo::Type::File;
  if (vault_config) load_site_config(o.source / "site.yml", o.display_root + "site.yml", config, diagnostics);
  if (!o.base_url.empty()) {
    if (const std::string why = base_url_problem(o.base_url); !why.empty()) {
      std::fprintf(stderr, "studywiki: error: --base-url '%s' %s (like https://me.github.io/wiki/)\n",
                   o.base_url.c_str(), why.c_str());
      return 2;
    }
    config.base_url = normalize_base_url(o.base_url);
  }
  apply_site_defaults(config, o.site, o.source);
  if (disk.stat(o.source.native()).type != FileInfo::Type::Folder) {
    std::fprintf(stderr, "studywiki: error: source folder %s does not exist\n", fs::generic(o.source).c_str());
    return 2;  // bad usage (DESIGN.md "Commands")
  }
  OutputWriter writer(disk, o.out, check, o.explain, diagnostics);
  writer.set_gate(o.gate);
  // Called off by `serve` (a newer save): stop at the next stage; nothing is written from the close on.
  auto cancelled = [&] {
    if (!o.gate || !o.gate->closed()) return false;
    if (o.outcome) {
      o.outcome->cancelled = true;
      o.outcome->changed = writer.changed();  // the open pages of these files still have to reload
    }
    return true;
  };
  if (!check)
    if (const int status = lock_output(o, disk, writer); status != 0) return status;
  timer.done("output");

  // Discovery; then, when no input changed since the last build into this folder, nothing to do.
  std::vector<WalkProblem> walk_problems;
  const int64_t stamped_at = now_ns();  // before the walk's stats: a change in the same tick counts as recent
  SourceFiles files = discover(disk, o.source, config.ignore, o.out, &walk_problems);
  if (vault_config) std::erase_if(files.assets, [](const SourceFile& f) { return f.rel == "site.yml"; });
  timer.done("discovery");
  const std::string state_path = (o.out / OutputWriter::kCacheFolder / "state").native();
  BuildState state;
  bool only_notes_changed = false;  // since the last build: the bytes of notes, no other input (the early cut-off)
  if (!check) {
    RealDisk site_disk;
    state.key = state_key(o);
    state.inputs = stamp_inputs(disk, site_disk, o.source, o.site, files, jobs);
    timer.done("stamps");
    const std::optional<BuildState> last = o.clean ? std::nullopt : last_state(disk, state_path);
    timer.done("last state");
    only_notes_changed = last && only_notes_differ(*last, state);
    if (const auto status = replay_if_unchanged(o, last, state, timer, config.base_url)) return *status;
    if (o.explain) explain_changes(o, last, state);
    // From here on the folder changes: a build killed before the end leaves no state.
    disk.remove_file(state_path);
    if (const int prepared = prepare_output(o, writer); prepared != 0) return prepared;
  }
  timer.done("prepare");

  Progress progress(!o.quiet);
  progress.stage("reading and parsing " + std::to_string(files.notes.size()) + " notes");

  // What the last build into this folder made of each note (state/note_cache.h): a note
  // whose file did not change is not read again, and its body is not rendered again when
  // nothing it reads of the rest of the site changed either.
  const std::string notes_cache_path = (o.out / OutputWriter::kCacheFolder / "notes").native();
  std::string notes_cache_key;
  std::optional<NoteCache> notes_cache;
  std::unordered_map<std::string, CachedNote*> cached;
  if (!check) {
    notes_cache_key = notes_key(state.key, config.markdown);
    if (!o.clean) notes_cache = last_notes(disk, notes_cache_path, notes_cache_key);
    timer.done("note cache");
    if (notes_cache)
      for (CachedNote& c : notes_cache->notes) cached.emplace(c.note.source, &c);
  }
  Reuse reuse;
  if (!cached.empty())
    reuse = [&](const SourceFile& f, LoadedNote& n, std::vector<Diagnostic>& said) {
      const auto it = cached.find(f.rel);
      if (it == cached.end() || it->second->note.disk != f.disk || !(it->second->stamp == stamp_of(f.info)))
        return false;
      n = std::move(it->second->note);
      said = it->second->load_diagnostics;
      return true;
    };

  // Loading: every note read and parsed (or taken as it was), in parallel.
  for (const auto& p : walk_problems) diagnostics.warning(o.display_root + p.rel, 0, 0, p.message);
  kept->load = {o.display_root, o.drafts, config.markdown};
  // Ten thousand parsed notes at once were most of the peak memory (and their first
  // use of fresh pages a third of the load stage's time): the bodies stage parses
  // each note again, from memory the last one gave back (bench/README.md).
  kept->load.keep_documents = false;
  LoadedNotes loaded = load_notes(disk, o.source, files.notes, kept->load, diagnostics, jobs, reuse);
  Site& site = kept->site;
  site.notes = std::move(loaded.notes);
  Redone redone;
  for (NoteId id : site.notes.ids()) redone.parsed += loaded.parsed[id] ? 1 : 0;
  std::vector<char> taken_at_load(site.notes.size());  // not read: as the cache had it
  for (NoteId id : site.notes.ids()) taken_at_load[id.index()] = loaded.parsed[id] ? 0 : 1;
  // The interface's language: site.yml's, else the notes' (share of CJK characters); its strings from the theme.
  if (config.language.empty()) config.language = detect_language(site.notes);
  const stdfs::path site_templates = o.site.empty() ? stdfs::path() : o.site / "templates";
  const UiStrings& strings =
      kept->strings.emplace(UiStrings::load(site_templates, "templates", config.language, diagnostics));
  const markdown::Labels& labels = kept->labels = markdown_labels(strings);  // set on each tree when it is parsed again
  timer.done("load");
  if (cancelled()) return kCancelled;

  // Output paths and folders; dates; tags.
  site.places = assign_places(site.notes, files.assets, o.display_root, diagnostics);
  timer.done("places");
  site.dates = assign_dates(disk, site.notes, o.source, &files.notes);
  timer.done("dates");
  std::vector<std::vector<std::string>> written;
  for (const LoadedNote& n : site.notes) written.push_back(n.written_tags);
  const Taxonomy& taxonomy = kept->taxonomy.emplace(written);
  timer.done("tags");

  // Note bodies, in parallel, once every title, heading, place and tag is known; then embeds.
  // Code highlighted by an earlier build into this folder is taken from its cache (not with --clean).
  const std::string highlight_cache = (o.out / OutputWriter::kCacheFolder / "highlight").native();
  std::optional<std::string> cached_highlights;
  if (!check && !o.clean) cached_highlights = disk.read_file(highlight_cache, nullptr);
  if (cached_highlights) markdown::read_highlight_cache(*cached_highlights);
  progress.stage("rendering the notes");
  const links::WikiIndex& wiki = kept->wiki.emplace(site.notes, site.places);
  const links::MentionFinder& mentions = kept->mentions.emplace(links::mention_finder(site.notes, site.places));
  const PerNote<std::vector<std::string>> parts = links::embedded_parts(site.notes, wiki);
  PerNote<uint64_t> part_hashes(site.notes.size());
  for (NoteId id : site.notes.ids()) part_hashes[id] = parts_hash(parts[id]);
  // A body is taken from the last build's when the note's bytes, the parts other notes
  // embed of it and everything its body reads of the site are the same.
  const uint64_t site_now = site_hash(site.notes, site.places, config.language, labels);
  const bool same_site = notes_cache && notes_cache->site_hash == site_now;
  site.bodies.resize(site.notes.size());
  PerNote<std::vector<Diagnostic>> body_said(site.notes.size());
  // The notes whose bodies are rendered again: those whose bytes or parts changed; the
  // others' are the last build's (taken below, unless the early cut-off needs none of them).
  std::vector<char> todo(site.notes.size(), 1);
  if (same_site) todo = bodies_to_render(cached, site.notes, part_hashes);
  // The bodies files of the cache's groups `want` sets (by group), read once: a body is
  // taken only from a group whose file was read.
  auto load_bodies = [&](const std::vector<char>& want) {
    if (!notes_cache) return;
    parallel_for(want.size(), jobs, [&](size_t g, unsigned) {
      if (want[g]) load_note_bodies(*notes_cache, g, disk.read_file(note_bodies_path(notes_cache_path, g), nullptr));
    });
  };
  // ...of the groups of the notes `notes` sets.
  auto load_bodies_of = [&](const std::vector<char>& notes) {
    std::vector<char> want(kNoteGroups, 0);
    for (NoteId id : site.notes.ids())
      if (notes[id.index()])
        if (const auto it = cached.find(site.notes[id].source); it != cached.end()) want[it->second->group] = 1;
    load_bodies(want);
  };
  // Each body is rendered from its note parsed again (the load stage keeps no trees:
  // the peak memory of ten thousand of them), the tree freed as soon as its body is made.
  std::atomic<size_t> late_parses{0};
  // A note whose file changed or went between the two reads: its page is made of both
  // (or without a body), so what the caches keep of it must not be taken next time.
  std::vector<char> changed_since(site.notes.size(), 0), unreadable(site.notes.size(), 0);
  LoadOptions document_only = kept->load;
  document_only.take_face = false;  // the face was taken by the load stage (or the cache)
  auto parse_again = [&](NoteId id, LoadedNote& n) {
    Diagnostics said_again;  // the same as loading it said (reported above, or replayed), unless it changed
    LoadedNote again;
    SourceFile file;
    file.rel = n.source;
    file.disk = n.disk;
    load_one_note(disk, o.source, file, document_only, said_again, again);
    n.doc = std::move(again.doc);
    if (!n.doc || again.content_hash != n.content_hash) changed_since[id.index()] = 1;
    if (!n.doc) {
      unreadable[id.index()] = 1;
      std::vector<Diagnostic> why;
      for (const Diagnostic& d : said_again.sorted())
        if (d.severity == Severity::Error) why.push_back(d);
      if (why.empty())
        why.push_back({n.display_path, 0, 0, Severity::Error,
                       "the note changed while it was being built and could not be read again; build again"});
      body_said[id] = std::move(why);  // reported with the bodies' diagnostics
      return;
    }
    if (!loaded.parsed[id]) ++late_parses;
    n.doc->set_labels(labels);
  };
  links::render_some_bodies(site.notes, site.places, wiki, taxonomy, mentions, parts, todo, site.bodies, body_said,
                            diagnostics, jobs, parse_again);
  PerNote<FileStamp> stamps = check ? PerNote<FileStamp>() : stamps_to_keep(site.notes, files.notes, stamped_at);
  if (!check)
    for (NoteId id : site.notes.ids())
      if (changed_since[id.index()]) stamps[id].size = UINT64_MAX;  // read again next time
  // A note taken as it was, its body too, with the same stamp and parts: its record is the last one's.
  auto record_kept = [&](NoteId id) {
    if (!same_site || !taken_at_load[id.index()] || todo[id.index()]) return false;
    const auto it = cached.find(site.notes[id].source);
    return it != cached.end() && it->second->stamp == stamps[id] && it->second->parts == part_hashes[id];
  };
  // The early cut-off (pipeline/early_cutoff.h): when nothing other pages show of the
  // notes just rendered changed, only their pages and the search index are written.
  const std::string memo_path = (o.out / OutputWriter::kCacheFolder / "pages").native();
  const std::string parts_path = (o.out / OutputWriter::kCacheFolder / "parts").native();
  // How the search index is written (state/search_cache.h), by the early cut-off or beside the pages.
  SearchIndexWrite search_how;
  if (!check) search_how.cache_path = (o.out / OutputWriter::kCacheFolder / "search").native();
  search_how.key = notes_cache_key;
  search_how.read = !o.clean;
  search_how.gate = o.gate;
  search_how.jobs = jobs;
  search_how.build_id = build_id;
  const uint64_t notes_cache_build = notes_cache ? notes_cache->build_id : 0;
  std::optional<EarlyCutoff> early;
  std::vector<char> restored(site.notes.size(), 0);  // bodies the early cut-off took from the cache
  if (same_site && only_notes_changed && !o.keep && !o.clean && !check && !cancelled()) {
    std::string why;
    for (NoteId id : site.notes.ids())
      if (todo[id.index()] && (changed_since[id.index()] || unreadable[id.index()]))
        why = site.notes[id].display_path + " changed while it was read";
    timer.done("bodies");
    if (why.empty()) {
      load_bodies_of(todo);
      early = plan_early_cutoff(site, todo, cached, disk, parts_path, notes_cache_build, why);
    }
    // The notes not rendered whose records are written again (a file touched, a stamp too
    // recent to keep): their bodies, to write them.
    if (early) {
      for (NoteId id : site.notes.ids()) restored[id.index()] = !todo[id.index()] && !record_kept(id);
      load_bodies_of(restored);
      std::vector<char> left(restored.size());  // take_bodies takes the bodies of the notes it does not set
      for (size_t i = 0; i < left.size(); ++i) left[i] = !restored[i];
      take_bodies(cached, site.notes, site.places, left, site.bodies, body_said, jobs);
      for (size_t i = 0; i < left.size() && early; ++i)
        if (restored[i] && left[i]) {
          why = site.notes[NoteId(i)].display_path + " has no body in the note cache";
          early.reset();
        }
    }
    if (early) {
      std::vector<char> unread(site.notes.size());
      for (size_t i = 0; i < unread.size(); ++i) unread[i] = !todo[i];
      SearchIndexWrite how = search_how;
      how.unread = &unread;
      how.bodies_from = notes_cache_build;
      timer.done("early cut-off");
      const SearchIndexWritten searched = write_search_index(site, taxonomy, writer, how);
      timer.done("search");
      if (!searched.made) {
        why = "the search index cannot be updated without every body: " + searched.why;
        early.reset();
      } else if (o.explain) {
        explain_search(searched);
      }
    }
    if (o.explain)
      std::fprintf(stderr, early ? "explain: early cut-off: nothing other pages show of the changed notes changed; "
                                   "only their pages are written again\n"
                                 : "explain: no early cut-off: %s\n",
                   why.c_str());
  }
  if (early) {
    for (NoteId id : site.notes.ids())
      if (!todo[id.index()] && !restored[id.index()]) body_said[id] = cached.at(site.notes[id].source)->body_diagnostics;
  } else if (same_site) {
    // Every other body as the last build made it; one that cannot be restored is rendered.
    const std::vector<char> rendered_first = todo;
    load_bodies(std::vector<char>(kNoteGroups, 1));
    take_bodies(cached, site.notes, site.places, todo, site.bodies, body_said, jobs);
    std::vector<char> again(todo.size(), 0);
    bool any = false;
    for (size_t i = 0; i < todo.size(); ++i) any |= (again[i] = todo[i] && !rendered_first[i]) != 0;
    if (any)
      links::render_some_bodies(site.notes, site.places, wiki, taxonomy, mentions, parts, again, site.bodies,
                                body_said, diagnostics, jobs, parse_again);
  }
  for (NoteId id : site.notes.ids())
    if (!todo[id.index()])
      for (const Diagnostic& d : body_said[id]) diagnostics.report(d);
  redone.parsed += late_parses;
  size_t& rendered = redone.rendered;
  for (NoteId id : site.notes.ids()) {
    if (changed_since[id.index()]) site.notes[id].content_hash = 0;  // never a file's: its cached body is not taken
    if (unreadable[id.index()]) todo[id.index()] = 0;  // no body rendered: an error says why
    rendered += todo[id.index()] ? 1 : 0;
  }
  if (o.explain && !check) {
    const char* why = !notes_cache         ? "there is no note cache of an earlier build in this folder"
                      : !same_site         ? "what notes see of each other changed (a title, an alias, front matter, "
                                             "tags, headings, block ids; a note, file or folder added or removed)"
                      : "only their notes changed, or the sections other notes embed of them";
    std::fprintf(stderr, "explain: %zu of %zu notes parsed, %zu bodies rendered: %s\n", redone.parsed,
                 site.notes.size(), rendered, rendered == 0 ? "none changed" : why);
  }
  PerNote<SameRecord> same_record(site.notes.size());
  for (NoteId id : site.notes.ids())
    if (record_kept(id)) {
      const CachedNote& c = *cached.at(site.notes[id].source);
      same_record[id] = {c.record, c.blob, c.blob_loaded};
    }
  // The record views point into the groups' bytes: the vector is moved, its strings stay where they are.
  const bool has_last_groups = notes_cache.has_value();
  NoteCacheGroups last_groups = notes_cache ? std::move(notes_cache->groups) : NoteCacheGroups();
  struct Joined {  // a thread joined when the build ends, however it ends
    std::thread thread;
    ~Joined() {
      if (thread.joinable()) thread.join();
    }
  } cache_writer;
  notes_cache.reset();
  cached.clear();
  // Written now, not with the state: it describes what the stages made of the notes, whatever
  // becomes of the output folder, and 100 MB at 10,000 notes are better not held to the end.
  // Also when notes changed a moment ago (right after a save): only their stamps are not kept,
  // as a second change within the same clock tick would not change them; their bodies are.
  if (!check) {
    NoteCacheInput in;
    in.same = &same_record;
    in.key = &notes_cache_key;
    in.site_hash = site_now;
    in.notes = &site.notes;
    in.bodies = &site.bodies;
    in.dates = &site.dates;
    in.stamps = &stamps;
    in.parts = &part_hashes;
    in.load_diagnostics = &loaded.diagnostics;
    in.body_diagnostics = &body_said;
    // The records now (they read the bodies, which embeds change next); the file put
    // together and written on a thread of its own (100 MB at 10,000 notes), joined
    // before the build ends whichever way. A failure costs the next build time only.
    std::vector<uint8_t> groups;
    for (const LoadedNote& n : site.notes) groups.push_back(static_cast<uint8_t>(note_group(n.source)));
    cache_writer.thread = std::thread(
        [&disk, path = notes_cache_path, key = notes_cache_key, hash = site_now, build_id,
         records = note_cache_records(in, jobs),
         same = std::vector<SameRecord>(same_record.begin(), same_record.end()), groups = std::move(groups),
         last = std::move(last_groups), has_last_groups]() mutable {  // `same` points into `last`: moved, not copied
          // The groups first, each as it is made: the head names their checksums (a build
          // killed between leaves a cache not used).
          const std::optional<std::string> head = assemble_note_cache(
              key, hash, build_id, std::move(records), same, groups, has_last_groups ? &last : nullptr,
              [&](size_t g, std::string records, std::string bodies) {
                disk.replace_file(note_group_path(path, g), records, "", nullptr);
                disk.replace_file(note_bodies_path(path, g), bodies, "", nullptr);
              });
          if (head) disk.replace_file(path, *head, "", nullptr);
        });
  }
  same_record = {};
  if (!early) expand_embeds(site.notes, site.places, site.bodies, diagnostics, strings);
  if (!check && (cached_highlights || markdown::highlight_cache_stats().entries > 0))
    if (const std::string now = markdown::highlight_cache_file(/*keep_unused=*/rendered < site.notes.size());
        !cached_highlights || now != *cached_highlights)
      disk.replace_file(highlight_cache, now, "", nullptr);  // a failure costs the next build time only
  markdown::clear_highlight_cache();  // every body is rendered: its memory can go
  // The freed documents' pages go back to the system, from every thread's arena: worth
  // it when many were parsed (0.5 s of CPU at 10,000 notes, for nothing after one edit).
  if (redone.parsed * 4 >= site.notes.size()) malloc_trim(0);
  timer.done("bodies");
  if (cancelled()) return kCancelled;

  if (early) {
    // Only the changed notes' pages; the search index is written (above); the rest is kept.
    const auto& templates = kept->templates = TemplateSet::load(site_templates, "templates", diagnostics, strings);
    EarlyCutoffWrite how;
    how.config = &config;
    how.taxonomy = &taxonomy;
    how.strings = &strings;
    how.templates = templates.get();
    how.memo_path = memo_path;
    how.memo_key = notes_cache_key;
    how.parts_path = parts_path;
    how.last_build = notes_cache_build;
    how.build_id = build_id;
    write_early_cutoff(*early, site, how, writer, disk);
    writer.keep_the_rest();
    progress.finish();
    timer.done("pages");
  } else {
    // Who links to whom; unlinked mentions (found by the bodies stage).
    links::CrossLinks& cross = kept->cross = links::collect_backlinks(site);
    links::collect_mentions(site, cross, jobs);
    if (const char* dump = std::getenv("STUDYWIKI_LINK_DUMP")) fs::write_if_changed(dump, links::link_dump(site), nullptr);
    timer.done("crosslinks");

    progress.stage("search index and graphs");
    // The search index (one document per heading section, sharded files), on its own thread
    // to the end of the page stage: it reads only the notes' names, places and bodies (not the
    // parsed documents, freed meanwhile), and the stages it runs beside leave a core idle (the
    // graph layout) or wait on file creation as much as they compute (the pages).
    SearchIndexWritten searched;
    std::thread search([&] { searched = write_search_index(site, taxonomy, writer, search_how); });

    // Graphs: the note graph, the tag graph, each note's neighbourhood; as the last build
    // into this folder made them when what they are made of is the same (state/graph_cache.h).
    const SiteGraphs& graphs = take_or_make_graphs(
        site, taxonomy, strings, disk, check ? std::string() : (o.out / OutputWriter::kCacheFolder / "graphs").native(),
        notes_cache_key, !o.clean, o.explain, jobs, kept->graphs);
    timer.done("graph");

    // Pages through the templates, written as they are made (the search index is still being written).
    const auto& templates = kept->templates = TemplateSet::load(site_templates, "templates", diagnostics, strings);
    const size_t data_shards = PageData::shards_for(site.notes.size());
    const PageContexts& contexts =
        kept->contexts.emplace(site, config, taxonomy, cross, /*graph_page=*/true, data_shards, strings);
    // Hover previews and local graphs: in shared files, loaded when a page needs them.
    const PageData& page_data = kept->page_data.emplace(
        site, contexts, [&](NoteId id) { return graphs.local_graph(id); }, data_shards, jobs);
    page_data.write(writer, jobs);
    if (!check && !cancelled()) write_page_parts(disk, parts_path, build_id, site, cross, graphs, page_data, jobs);
    timer.done("pagedata");
    if (cancelled()) {
      search.join();
      return kCancelled;
    }
    const PageRenderer renderer(site, config, graphs, page_data, contexts, *templates);
    const std::vector<PageJob> pages = page_jobs(site, taxonomy);
    std::atomic<size_t> pages_done{0};
    progress.stage("writing pages", pages.size(), [&] { return pages_done.load(); });
    // A page whose template and context are what they were when the last build wrote it,
    // and whose file it still is, is not rendered again (state/page_memo.h).
    std::optional<PageMemo> last_memo;
    if (!check && !o.clean) last_memo = last_page_memo(disk, memo_path, notes_cache_key);
    // As many threads as jobs: with the search thread beside them, twice as many
    // was slower (16.2 against 14.9 s at 10,000 notes, medians of 3 alternating pairs).
    PagesWritten made =
        write_pages(pages, renderer, writer, last_memo ? &*last_memo : nullptr, /*memo=*/!check, o.gate, jobs, pages_done);
    if (o.explain && !check)
      std::fprintf(stderr,
                   "explain: %zu of %zu pages rendered, %zu as the last build wrote them (the same template and data)\n",
                   made.templated - made.kept, made.templated, made.kept);
    if (!check && !writer.failed() && !(o.gate && o.gate->closed())) {  // else the last one's stays: its stamps tell
      PageMemo memo = std::move(made.memo);
      memo.key = notes_cache_key;
      disk.replace_file(memo_path, serialize_page_memo(memo), "", nullptr);  // a failure costs time only
    }
    search.join();
    if (o.explain && !check) explain_search(searched);
    progress.finish();  // the lines printed from here on start at the left
    timer.done("pages");

    // Files: assets next to notes, the theme's assets, static/, feeds.
    copy_assets(o.source, site.places.assets, writer, jobs);
    bool any_math = false;
    bool any_mermaid = false;
    for (const Body& b : site.bodies) any_math = any_math || b.has_math;
    for (const Body& b : site.bodies) any_mermaid = any_mermaid || b.has_mermaid;
    write_theme_assets(site_templates, strings.script_file(), any_math, writer, any_mermaid);
    if (!o.site.empty()) copy_static(o.site / "static", "static/", writer, diagnostics);
    // Both need absolute URLs (sitemaps.org, RSS 2.0): without base_url they are left out (said below).
    if (!config.base_url.empty()) {
      writer.write("sitemap.xml", render_sitemap(sitemap_entries(site, taxonomy), config));
      writer.write("feed.xml", render_feed(site, config));
    }
    writer.write(".nojekyll", "");
    timer.done("files");
  }
  if (config.base_url.empty() && !check) {
    state.messages.push_back({StateMessage::Kind::Note,
                              "studywiki: note: no base_url, so no sitemap.xml or feed.xml (they need absolute "
                              "URLs); set base_url in site.yml or pass --base-url"});
    if (!o.quiet) std::fprintf(stderr, "%s\n", state.messages.back().text.c_str());
  }

  // Files of notes that are gone; the report.
  if (cancelled()) return kCancelled;
  if (cache_writer.thread.joinable()) cache_writer.thread.join();
  writer.finish();
  writer.print_explanations();
  timer.done("cleanup");
  report(o, site, writer, diagnostics, redone, timer.seconds(), state);
  // For the next build: what this one read and printed. Not when a file could
  // not be written, nor when an input changed so recently that a second change
  // within the same clock tick would look the same.
  if (!check && !writer.failed() && !racy(state.inputs, stamped_at))
    disk.replace_file(state_path, serialize_build_state(state), "", nullptr);
  if (o.outcome) {
    BuildOutcome& r = *o.outcome;
    r.changed = writer.changed();
    for (const auto& d : diagnostics.sorted())
      (d.severity == Severity::Error || o.strict ? r.failures : r.warnings_shown).push_back(d.to_string());
    r.errors = diagnostics.error_count();
    r.warnings = diagnostics.warning_count();
    r.written = writer.written();
    r.unchanged = writer.unchanged();
    r.removed = writer.removed();
    r.parsed = redone.parsed;
    r.rendered = redone.rendered;
    r.base_url = config.base_url;
    r.seconds = timer.seconds();
  }
  kept->complete = !early;  // the early cut-off made no cross links, graphs or page data
  if (o.keep) {
    *o.keep = std::move(kept);
  } else if (o.exit_after_build) {
    // Freeing ten thousand notes' bodies and data costs more than the
    // process exit that follows would: hand the memory to the exit instead.
    new std::shared_ptr<LastBuild>(std::move(kept));
  }
  const size_t errors = diagnostics.error_count(), warnings = diagnostics.warning_count();
  return errors > 0 || (o.strict && warnings > 0) ? 1 : 0;
}

}  // namespace studywiki
