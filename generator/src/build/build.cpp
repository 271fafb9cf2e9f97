#include "build/build.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <sys/stat.h>
#include <thread>
#include <unordered_set>

#include "build/embeds.h"
#include "build/git_dates.h"
#include "build/graphs.h"
#include "config/site_config.h"
#include "content/discovery.h"
#include "content/site.h"
#include "content/slug.h"
#include "content/title.h"
#include "core/embedded.h"
#include "core/fs.h"
#include "core/parallel.h"
#include "core/utf8.h"
#include "links/backlinks.h"
#include "links/urls.h"
#include "links/wikilinks.h"
#include "output/feeds.h"
#include "output/output_dir.h"
#include "output/writer.h"
#include "render/page_data.h"
#include "render/pages.h"
#include "render/templates.h"
#include "search/index.h"
#include "tags/taxonomy.h"

namespace studywiki {

namespace {

namespace stdfs = std::filesystem;

constexpr size_t kMaxNoteBytes = 64u << 20;

/// 1-based line and column (in code points) of byte `offset` in `text`.
std::pair<int, int> position_of(std::string_view text, size_t offset) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {line, static_cast<int>(utf8::length(text.substr(line_start, offset - line_start))) + 1};
}

/// CRLF and lone CR to LF, without a leading BOM.
std::string normalize_text(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// Words for reading time: each CJK character counts as one, so does each
/// run of Latin letters or digits.
size_t count_words(std::string_view text) {
  size_t words = 0, pos = 0;
  bool in_word = false;
  while (pos < text.size()) {
    char32_t cp = utf8::next(text, pos);
    if (utf8::is_cjk(cp)) {
      ++words;
      in_word = false;
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp > 0x7F) {
      if (!in_word) ++words;
      in_word = !utf8::is_fullwidth_punct(cp);
    } else {
      in_word = false;
    }
  }
  return words;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string stem_of(const std::string& rel) {
  std::string name = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

/// Stage 2: read one note, split its front matter, parse its Markdown and
/// choose its title. Problems become diagnostics; the note is still
/// published whenever its text could be read.
void load_note(Note& note, const stdfs::path& path, const SiteConfig& config, Diagnostics& diagnostics) {
  std::string error;
  std::error_code ec;
  auto size = stdfs::file_size(path, ec);
  if (!ec && size > kMaxNoteBytes) {
    diagnostics.error(note.display_path, 0, 0,
                      "note is " + std::to_string(size >> 20) + " MiB, over the 64 MiB limit; skipped");
    note.ok = false;
    return;
  }
  auto bytes = fs::read_file(path, &error);
  if (!bytes) {
    diagnostics.error(note.display_path, 0, 0, error);
    note.ok = false;
    return;
  }
  if (bytes->find('\0') != std::string::npos) {
    auto [line, col] = position_of(*bytes, bytes->find('\0'));
    diagnostics.warning(note.display_path, line, col, "not a text file (NUL byte); skipped");
    note.ok = false;
    return;
  }
  size_t bad = std::string::npos;
  std::string text = utf8::repair(*bytes, &bad);
  if (bad != std::string::npos) {
    auto [line, col] = position_of(*bytes, bad);
    diagnostics.warning(note.display_path, line, col, "invalid UTF-8; replaced with U+FFFD");
  }
  text = normalize_text(text);
  SplitNote split = split_front_matter(text);
  std::vector<FrontMatterError> errors;
  note.front = parse_front_matter(split, errors);
  for (const auto& e : errors) diagnostics.error(note.display_path, e.line, e.col, "front matter: " + e.message);
  note.body_line = split.body_line;
  note.doc = std::make_unique<markdown::Document>(markdown::Document::parse(split.body, config.markdown));
  note.written_tags = note.front.tags;
  for (const auto& tag : note.doc->tags()) note.written_tags.push_back(tag.name);
  TitleChoice title = choose_title(note.front.title, *note.doc, note.stem);
  note.title = title.title;
  note.hidden_heading = title.hidden_heading;
  // The opening line that became the title goes now, before links and the
  // summary are taken from the tree (the title heading goes in render_body).
  if (title.hidden_line) note.doc->remove_leading_line();
}

/// Claims output paths in path order: the first source keeps a path, a later
/// one gets "-2", "-3"… and an error naming both.
class OutputPaths {
 public:
  OutputPaths() {
    for (const char* reserved : {"index.html", "404.html", "graph.html", "graph.json", "sitemap.xml", "feed.xml",
                                 ".nojekyll", OutputWriter::kManifest})
      owners_[reserved] = "";
  }
  /// Takes `path` when nobody has it and it is not a generated path.
  bool claim_if_free(const std::string& path, const std::string& display) {
    if (is_generated(path) || owners_.count(path)) return false;
    owners_[path] = display;
    return true;
  }
  std::string claim(const std::string& wanted, const std::string& display, Diagnostics& diagnostics) {
    if (is_generated(wanted) || owners_.count(wanted)) {
      const std::string owner = is_generated(wanted) ? "" : owners_[wanted];
      std::string stem = wanted, ext;
      size_t dot = wanted.rfind('.');
      if (dot != std::string::npos && dot > wanted.rfind('/') + 1) {
        stem = wanted.substr(0, dot);
        ext = wanted.substr(dot);
      }
      std::string chosen;
      for (int n = 2;; ++n) {
        chosen = stem + "-" + std::to_string(n) + ext;
        if (!owners_.count(chosen)) break;
      }
      if (owner.empty())
        diagnostics.error(display, 0, 0,
                          "output path " + wanted + " is a generated page; writing " + chosen + " instead");
      else
        diagnostics.error(display, 0, 0,
                          "output path " + wanted + " is already taken by " + owner + "; writing " + chosen + " instead");
      owners_[chosen] = display;
      return chosen;
    }
    owners_[wanted] = display;
    return wanted;
  }

 private:
  static bool is_generated(const std::string& path) {
    return path.rfind("tags/", 0) == 0 || path.rfind("search/", 0) == 0 || path.rfind("assets/", 0) == 0 ||
           PageData::is_data_path(path);
  }
  std::unordered_map<std::string, std::string> owners_;
};

std::string join(const std::string& folder, const std::string& name) {
  return folder.empty() ? name : folder + "/" + name;
}

/// Stage 3: roles (home intro, folder pages), output paths, the folder tree.
void assign_outputs(Site& site, const SourceFiles& files, const std::string& display_root, Diagnostics& diagnostics) {
  OutputPaths paths;
  // Which file introduces each folder: index.md, else README.md.
  std::unordered_map<std::string, int> intro;
  for (size_t i = 0; i < site.notes.size(); ++i) {
    Note& n = site.notes[i];
    if (!n.ok) continue;
    const std::string lower = lower_ascii(n.stem);
    if (lower == "index") intro[n.folder] = static_cast<int>(i);
  }
  for (size_t i = 0; i < site.notes.size(); ++i) {
    Note& n = site.notes[i];
    if (n.ok && lower_ascii(n.stem) == "readme" && !intro.count(n.folder)) intro[n.folder] = static_cast<int>(i);
  }
  site.folders[""] = Folder{"", "", "index.html", -1, {}, {}, 0};
  auto ensure_folder = [&](const std::string& folder) {
    std::string path;
    size_t start = 0;
    while (!folder.empty()) {
      size_t slash = folder.find('/', start);
      path = folder.substr(0, slash);
      if (!site.folders.count(path)) {
        Folder f;
        f.source = path;
        f.name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
        f.out = slug_folder_path(path) + "/index.html";
        const std::string parent = parent_of(path);
        site.folders[parent].children.push_back(path);
        site.folders[path] = std::move(f);
      }
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  };
  for (size_t i = 0; i < site.notes.size(); ++i) {
    Note& n = site.notes[i];
    if (!n.ok) continue;
    ensure_folder(n.folder);
    auto it = intro.find(n.folder);
    if (it != intro.end() && it->second == static_cast<int>(i)) {
      if (n.folder.empty()) {
        n.role = Note::Role::HomeIntro;
        n.out = "index.html";
        site.home_note = static_cast<int>(i);
      } else {
        n.role = Note::Role::FolderIndex;
      }
      site.folders[n.folder].index_note = static_cast<int>(i);
    }
  }
  // Folder pages claim their paths first (shallow before deep, by path).
  for (auto& [source, folder] : site.folders) {
    if (source.empty()) continue;
    folder.out = paths.claim(folder.out, display_root + source + "/", diagnostics);
  }
  for (size_t i = 0; i < site.notes.size(); ++i) {
    Note& n = site.notes[i];
    if (!n.ok) continue;
    if (n.role == Note::Role::FolderIndex) n.out = site.folders[n.folder].out;
    if (n.role != Note::Role::Page) continue;
    std::string slug = slugify(n.stem);
    if (slug.empty()) slug = "untitled";
    n.out = paths.claim(join(slug_folder_path(n.folder), slug + ".html"), n.display_path, diagnostics);
    Folder& f = site.folders[n.folder];
    f.notes.push_back(static_cast<int>(i));
  }
  for (size_t i = 0; i < site.notes.size(); ++i)
    if (site.notes[i].ok) site.note_by_source[site.notes[i].source] = static_cast<int>(i);
  // Totals and ordering: notes by title, children by name.
  for (auto& [source, folder] : site.folders) {
    std::stable_sort(folder.notes.begin(), folder.notes.end(), [&](int a, int b) {
      return fold_key(site.notes[static_cast<size_t>(a)].title) < fold_key(site.notes[static_cast<size_t>(b)].title);
    });
    std::sort(folder.children.begin(), folder.children.end());
    for (std::string p = source;; p = parent_of(p)) {
      site.folders[p].total_notes += folder.notes.size();
      if (p.empty()) break;
    }
  }
  for (const auto& file : files.assets) {
    const std::string& rel = file.rel;
    Asset a;
    a.source = rel;
    a.disk = file.disk;
    const std::string parent = parent_of(rel);
    const std::string name = rel.substr(parent.empty() ? 0 : parent.size() + 1);
    a.out = paths.claim(join(slug_folder_path(parent), name), display_root + rel, diagnostics);
    site.asset_by_source[rel] = static_cast<int>(site.assets.size());
    site.assets.push_back(std::move(a));
  }
  // Aliases get a page sending readers on to their note, where the path is free.
  for (size_t i = 0; i < site.notes.size(); ++i) {
    const Note& n = site.notes[i];
    if (!n.ok || n.role != Note::Role::Page) continue;
    for (const auto& alias : n.front.aliases) {
      const std::string slug = slugify(alias);
      if (slug.empty()) continue;
      const std::string out = join(slug_folder_path(n.folder), slug + ".html");
      if (paths.claim_if_free(out, n.display_path)) site.redirects.emplace_back(out, static_cast<int>(i));
    }
  }
}

/// Stage 4: dates from front matter, else the last git commit, else the file's mtime.
void assign_dates(Site& site, const stdfs::path& source) {
  auto git = git_last_commit_dates(source);
  for (auto& n : site.notes) {
    if (!n.ok) continue;
    std::string committed, modified;
    if (auto it = git.find(n.source); it != git.end()) {
      committed = it->second;
    } else {
      struct stat st;
      if (::stat((source / stdfs::path(n.disk)).c_str(), &st) == 0) {
        std::tm tm{};
        time_t t = st.st_mtime;
        gmtime_r(&t, &tm);
        char buf[16];
        std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        modified = buf;
      }
    }
    n.date = date_part(n.front.date);
    n.updated = date_part(n.front.updated);
    if (n.date.empty()) n.date = committed.empty() ? modified : committed;
    // A later commit than the written date is an update; an mtime is not
    // trusted for that (checkouts and copies reset it).
    else if (n.updated.empty() && committed > n.date) n.updated = committed;
    n.sort_date = std::max(n.date, n.updated);
  }
}

/// Stage 5: one note's body: links and tags resolved, the title heading
/// dropped, HTML (with a marker where a note is embedded), and every link
/// to a page of the site recorded for backlinks and previews.
void render_body(const Site& site, const links::WikiIndex& wiki, const Taxonomy& taxonomy, Note& n,
                 Diagnostics& diagnostics) {
  const int self = site.note_by_source.count(n.source) ? site.note_by_source.at(n.source) : -1;
  std::vector<int> outlink_of_call;  // resolve_wikilinks call -> index in n.outlinks, or -1
  n.doc->resolve_wikilinks([&](const markdown::WikiLink& link) {
    links::WikiIndex::Target to;
    auto result = wiki.resolve(n, link, diagnostics, &to);
    outlink_of_call.push_back(-1);
    if (result.kind != markdown::WikiResolution::Kind::Page || (to.note < 0 && !to.is_folder)) return result;
    const int line = link.line + n.body_line - 1;
    outlink_of_call.back() = static_cast<int>(n.outlinks.size());
    n.outlinks.push_back({to.note, to.folder, to.heading, result.href, link.embed, line, link.col, link.context});
    // An embed of a heading that is not there stays a link (the warning is out).
    if (link.embed && to.note >= 0 && (link.heading.empty() || !to.heading.empty())) {
      const Note& target = site.notes[static_cast<size_t>(to.note)];
      std::string label = target.title;
      if (const std::string shown = links::anchor_label(link.heading); !shown.empty()) label += " \xE2\x80\xBA " + shown;
      result.kind = markdown::WikiResolution::Kind::Embed;
      result.block_html = "<!--sw-embed:" + std::to_string(n.embeds.size()) + "-->\n";
      n.embeds.push_back({to.note, to.heading, result.href, label, line, link.col});
    }
    return result;
  }, [&](size_t call, const Excerpt& context) {
    // The sentence as the page shows it, with the links in it rendered.
    if (call < outlink_of_call.size() && outlink_of_call[call] >= 0)
      n.outlinks[static_cast<size_t>(outlink_of_call[call])].context = context;
  });
  n.doc->rewrite_urls([&](const markdown::LinkTarget& target) -> std::optional<std::string> {
    const int line = target.line + n.body_line - 1;
    links::WikiIndex::Target to;
    auto result = wiki.resolve_url(n, target.url, target.is_image, line, target.col, diagnostics, &to);
    if (!result || result->empty() || target.is_image || (to.note < 0 && to.folder.empty())) return result;
    n.outlinks.push_back({to.note, to.folder, to.heading, *result, false, line, target.col, target.context});
    return result;
  });
  n.doc->resolve_tags([&](const std::string& name) -> std::string {
    const int tag = taxonomy.find(name);
    return tag < 0 ? std::string() : links::relative_href(n.out, taxonomy.tags()[static_cast<size_t>(tag)].out);
  });
  std::vector<int> targets;
  for (const auto& l : n.outlinks)
    if (l.note >= 0 && l.note != self) targets.push_back(l.note);
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  n.links_to = std::move(targets);
  if (n.hidden_heading >= 0) n.doc->remove_heading(n.hidden_heading);
  n.body_html = n.doc->html();
  n.has_math = n.doc->has_math();
  n.summary = n.front.description.empty() ? n.doc->summary(160) : n.front.description;
  n.words = count_words(n.doc->plain_text());
  n.headings = n.doc->headings();
  n.section_summaries = n.doc->section_summaries(160);
  // The parsed tree is not freed here: freeing ten thousand of them while
  // pages are rendered slowed the page stage by half (measured); the process
  // exit takes them (see exit_after_build). Embeds of sections read it too.
}

/// One line per resolved link: source, line, col, then the note's source
/// path (or the folder's, ending in '/'), tab-separated.
void write_link_dump(const Site& site, const char* path) {
  std::string out;
  for (const Note& n : site.notes) {
    if (!n.ok) continue;
    for (const NoteLink& l : n.outlinks) {
      out += n.source + "\t" + std::to_string(l.line) + "\t" + std::to_string(l.col) + "\t";
      out += l.note >= 0 ? site.notes[static_cast<size_t>(l.note)].source : l.folder + "/";
      out += "\n";
    }
  }
  std::string error;
  if (fs::write_if_changed(path, out, &error) == fs::WriteResult::Failed)
    std::fprintf(stderr, "studywiki: %s\n", error.c_str());
}

/// static/: every file, copied as it is (same symlink and name rules as the notes).
void copy_tree(const stdfs::path& from, const std::string& display_root, OutputWriter& writer,
               Diagnostics& diagnostics) {
  std::vector<WalkProblem> problems;
  const std::vector<SourceFile> files = walk_files(from, &problems);
  for (const auto& p : problems) diagnostics.warning(display_root + p.rel, 0, 0, p.message);
  for (const auto& file : files) writer.copy(from / stdfs::path(file.disk), file.rel);
}

}  // namespace

int run_build(const BuildOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  Diagnostics diagnostics;
  const bool check = o.mode == BuildMode::Check;
  // STUDYWIKI_TIMINGS=1 prints how long each stage took, for profiling.
  const bool timings = std::getenv("STUDYWIKI_TIMINGS") != nullptr;
  auto stage_start = started;
  auto stage = [&](const char* name) {
    if (!timings) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "timing: %-10s %7.1f ms\n", name,
                 std::chrono::duration<double, std::milli>(now - stage_start).count());
    stage_start = now;
  };

  // The stages, in the order they run.
  // 1. Configuration.
  SiteConfig config;
  if (!o.site.empty()) load_site_config(o.site / "site.yml", "site.yml", config, diagnostics);
  if (!o.base_url.empty()) config.base_url = normalize_base_url(o.base_url);
  const unsigned jobs = o.jobs ? o.jobs : default_jobs();

  std::error_code ec;
  if (!stdfs::is_directory(o.source, ec)) {
    std::fprintf(stderr, "studywiki: error: source folder %s does not exist\n", fs::generic(o.source).c_str());
    return 1;
  }
  // The output folder: refused when it would mix pages with the notes or
  // the user's own files; locked against a second build; swept of what a
  // killed build left. Nothing is read or written before this.
  OutputWriter writer(o.out, check, o.explain, diagnostics);
  if (!check) {
    const char* home = std::getenv("HOME");
    if (const std::string why = output_folder_refusal(o.out, o.source, o.site, home ? stdfs::path(home) : stdfs::path());
        !why.empty()) {
      std::fprintf(stderr, "studywiki: error: %s\n", why.c_str());
      return 2;
    }
    std::string message;
    if (const int status = writer.prepare(o.clean, message); status != 0) {
      std::fprintf(stderr, "studywiki: error: %s\n", message.c_str());
      return status;
    }
  }
  stage("output");

  // 2. Discovery and loading: every note read and parsed, in parallel.
  std::vector<WalkProblem> walk_problems;
  SourceFiles files = discover(o.source, config.ignore, o.out, &walk_problems);
  for (const auto& p : walk_problems) diagnostics.warning(o.display_root + p.rel, 0, 0, p.message);
  Site site;
  site.notes.resize(files.notes.size());
  parallel_for(files.notes.size(), jobs, [&](size_t i, unsigned) {
    Note& n = site.notes[i];
    n.source = files.notes[i].rel;
    n.disk = files.notes[i].disk;
    n.folder = parent_of(n.source);
    n.stem = stem_of(n.source);
    n.display_path = o.display_root + n.source;
    load_note(n, o.source / stdfs::path(n.disk), config, diagnostics);
    if (n.ok && n.front.draft && !o.drafts) n.ok = false;
  });

  stage("load");
  // 3. Output paths and folders.
  assign_outputs(site, files, o.display_root, diagnostics);
  stage("outputs");
  // 4. Dates.
  assign_dates(site, o.source);
  stage("dates");
  // 5. Tags: every note's front matter and inline tags, folded into one taxonomy.
  std::vector<std::vector<std::string>> written(site.notes.size());
  for (size_t i = 0; i < site.notes.size(); ++i)
    if (site.notes[i].ok) written[i] = site.notes[i].written_tags;
  const Taxonomy taxonomy(written);
  stage("tags");
  // 6. Note bodies, in parallel, once every note's title, headings and tags are known.
  const links::WikiIndex wiki(site);
  parallel_for(site.notes.size(), jobs, [&](size_t i, unsigned) {
    if (site.notes[i].ok) render_body(site, wiki, taxonomy, site.notes[i], diagnostics);
  });

  stage("bodies");
  // 6b. Embedded notes, now that every body is rendered; who links to whom.
  expand_embeds(site, diagnostics);
  links::CrossLinks cross = links::collect_backlinks(site);
  links::collect_mentions(site, cross, jobs);
  // STUDYWIKI_LINK_DUMP=FILE writes every resolved link, for bench/links_agreement.
  if (const char* dump = std::getenv("STUDYWIKI_LINK_DUMP")) write_link_dump(site, dump);
  stage("crosslinks");
  // 7. Graphs: the note graph, the tag graph, each note's neighbourhood.
  const SiteGraphs graphs(site, taxonomy);
  stage("graph");
  // 8. Pages through the templates, written as they are made.
  auto templates = TemplateSet::load(o.site.empty() ? stdfs::path() : o.site / "templates", "templates", diagnostics);
  PageContexts contexts(site, config, taxonomy);
  contexts.set_graph_page(true);
  contexts.set_cross_links(&cross);
  // Hover previews and local graphs: in shared files, loaded when a page needs them.
  const PageData page_data(site, contexts, [&](int note) { return graphs.local_graph(note); }, jobs);
  contexts.set_page_data(&page_data);
  page_data.write(writer, jobs);
  auto render_page = [&](const std::string& kind, const nlohmann::json& context) {
    return templates->render_page(kind, context);
  };
  std::vector<const Folder*> folders;
  for (const auto& [source, folder] : site.folders)
    if (!source.empty()) folders.push_back(&folder);
  const size_t tag_pages = taxonomy.tags().size();
  parallel_for(site.redirects.size(), jobs, [&](size_t i, unsigned) {
    const auto& [out, target] = site.redirects[i];
    writer.write(out, render_redirect(out, site.notes[static_cast<size_t>(target)], config));
  });
  // 8b. The search index (one document per heading section, sharded files),
  // built and written while the pages are: it reads only what the bodies
  // stage left (HTML, titles, tags), and the page stage waits on file
  // creation as much as it computes.
  std::thread search_thread([&] {
    search::Options search_options;
    search_options.keep_postings = false;
    search::IndexInput search_input = search::input_from_site(site, taxonomy, jobs);
    const search::Index search_index = search::Index::build(std::move(search_input), jobs, search_options);
    parallel_for(search_index.files().size(), jobs, [&](size_t i, unsigned) {
      writer.write("search/" + search_index.files()[i].first, search_index.files()[i].second);
    });
  });
  const size_t page_jobs = site.notes.size() + folders.size() + 3 + tag_pages;
  // Twice the threads: this stage waits on file creation as much as it computes.
  parallel_for(page_jobs, jobs * 2, [&](size_t i, unsigned) {
    if (i < site.notes.size()) {
      Note& n = site.notes[i];
      if (n.ok && n.role == Note::Role::Page) {
        n.related = graphs.related(static_cast<int>(i));
        writer.write(n.out, render_page("note", contexts.note(n)));
      }
    } else if (i < site.notes.size() + folders.size()) {
      const Folder& f = *folders[i - site.notes.size()];
      writer.write(f.out, render_page("folder", contexts.folder(f)));
    } else if (i == site.notes.size() + folders.size()) {
      writer.write("index.html", render_page("home", contexts.home()));
    } else if (i == site.notes.size() + folders.size() + 1) {
      writer.write("404.html", render_page("404", contexts.not_found()));
    } else if (i == site.notes.size() + folders.size() + 2) {
      if (tag_pages > 0)
        writer.write(PageContexts::kTagIndex, render_page("tags", contexts.tag_index(graphs.tag_svg)));
      writer.write(PageContexts::kGraph,
                   render_page("graph", contexts.graph(graphs.note_svg, graphs.shown, graphs.edges, graphs.groups)));
      writer.write("graph.json", graphs.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
      const int tag = static_cast<int>(i - site.notes.size() - folders.size() - 3);
      writer.write(taxonomy.tags()[static_cast<size_t>(tag)].out, render_page("tag", contexts.tag(tag)));
    }
  });

  search_thread.join();
  stage("pages+search");
  // 9. Files: assets next to notes, the theme's assets, static/, feeds.
  parallel_for(site.assets.size(), jobs, [&](size_t i, unsigned) {
    writer.copy(o.source / stdfs::path(site.assets[i].disk), site.assets[i].out);
  });
  bool any_math = false;
  for (const auto& n : site.notes) any_math = any_math || (n.ok && n.has_math);
  for (const auto& file : embedded_files()) {
    const std::string name(file.name);
    if (name.rfind("assets/", 0) != 0) continue;
    if (name.rfind("assets/katex/", 0) == 0 && !any_math) continue;
    const stdfs::path override_path = o.site.empty() ? stdfs::path() : o.site / "templates" / stdfs::u8path(name);
    if (!override_path.empty() && stdfs::exists(override_path, ec)) writer.copy(override_path, name);
    else writer.write(name, file.bytes);
  }
  if (!o.site.empty()) copy_tree(o.site / "static", "static/", writer, diagnostics);
  std::vector<SitemapEntry> sitemap{{"index.html", ""}};
  for (const auto& n : site.notes)
    if (n.ok && n.role == Note::Role::Page) sitemap.push_back({n.out, n.sort_date});
  for (const Folder* f : folders) sitemap.push_back({f->out, ""});
  sitemap.push_back({PageContexts::kGraph, ""});
  if (!taxonomy.tags().empty()) sitemap.push_back({PageContexts::kTagIndex, ""});
  for (const Tag& t : taxonomy.tags()) sitemap.push_back({t.out, ""});
  writer.write("sitemap.xml", render_sitemap(sitemap, config));
  writer.write("feed.xml", render_feed(site, config));
  writer.write(".nojekyll", "");
  stage("files");
  // 10. Files of notes that are gone.
  writer.finish();

  stage("cleanup");
  // 11. Report.
  for (const auto& d : diagnostics.sorted()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
  const size_t errors = diagnostics.error_count();
  const size_t warnings = diagnostics.warning_count();
  if (!o.quiet) {
    size_t pages = 0;
    for (const auto& n : site.notes) pages += n.ok ? 1 : 0;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (check)
      std::printf("checked %zu notes: %zu errors, %zu warnings (%.2f s)\n", pages, errors, warnings, seconds);
    else
      std::printf("built %zu notes, %zu folders, %zu files into %s: %zu written, %zu unchanged, %zu removed; "
                  "%zu errors, %zu warnings (%.2f s)\n",
                  pages, folders.size(), site.assets.size(), fs::generic(o.out).c_str(), writer.written(),
                  writer.unchanged(), writer.removed(), errors, warnings, seconds);
  }
  if (o.exit_after_build) {
    // Freeing ten thousand parsed notes costs more than the process exit
    // that follows would: hand the memory to the exit instead.
    new Site(std::move(site));
  }
  if (errors > 0 || (o.strict && warnings > 0)) return 1;
  return 0;
}

}  // namespace studywiki
