#include "content/load.h"

#include "config/ui_strings.h"
#include "content/title.h"
#include "core/hash.h"
#include "core/disk.h"
#include "core/parallel.h"
#include "core/utf8.h"

namespace studywiki {

namespace {

namespace stdfs = std::filesystem;

constexpr size_t kMaxNoteBytes = 64u << 20;

/// One note, or the reason it is not published.
std::optional<Unpublished::Reason> load_note(const Disk& disk, LoadedNote& note, const std::string& path,
                                             const markdown::Options& markdown, Diagnostics& diagnostics, bool take_face) {
  std::string error;
  const FileInfo info = disk.stat(path);
  if (info.type == FileInfo::Type::File && info.size > kMaxNoteBytes) {
    diagnostics.error(note.display_path, 0, 0,
                      "note is " + std::to_string(info.size >> 20) + " MiB, over the 64 MiB limit; skipped");
    return Unpublished::Reason::TooLarge;
  }
  auto bytes = disk.read_file(path, &error);
  if (!bytes) {
    diagnostics.error(note.display_path, 0, 0, error);
    return Unpublished::Reason::Unreadable;
  }
  if (bytes->find('\0') != std::string::npos) {
    auto [line, col] = position_of(*bytes, bytes->find('\0'));
    diagnostics.warning(note.display_path, line, col, "not a text file (NUL byte); skipped");
    return Unpublished::Reason::Binary;
  }
  const size_t bad = utf8::first_invalid(*bytes);
  if (bad != std::string::npos) {
    auto [line, col] = position_of(*bytes, bad);
    diagnostics.warning(note.display_path, line, col, "invalid UTF-8; replaced with U+FFFD");
  }
  note.content_hash = fnv1a64(*bytes);
  std::string text = bad == std::string::npos ? std::move(*bytes) : utf8::repair(*bytes);
  text = normalize_text(std::move(text));
  SplitNote split = split_front_matter(text);
  std::vector<FrontMatterError> errors;
  note.front = parse_front_matter(split, errors);
  for (const auto& e : errors)
    diagnostics.report({note.display_path, e.line, e.col, e.severity, "front matter: " + e.message});
  note.body_line = split.body_line;
  note.doc = std::make_unique<markdown::Document>(markdown::Document::parse(split.body, markdown));
  note.written_tags = note.front.tags;
  for (const auto& tag : note.doc->tags()) note.written_tags.push_back(tag.name);
  TitleChoice title = choose_title(note.front.title, *note.doc, note.stem);
  note.title = title.title;
  note.hidden_heading = title.hidden_heading;
  // The opening line that became the title goes now, before links and the
  // summary are taken from the tree (the title heading goes when the body renders).
  if (title.hidden_line) note.doc->remove_leading_line();
  if (take_face) take_from_document(note);
  return std::nullopt;
}

}  // namespace

void take_from_document(LoadedNote& note) {
  note.headings = note.doc->headings();
  note.block_ids.clear();
  for (const auto& b : note.doc->block_ids()) note.block_ids.push_back(b.id);
  note.section_embeds.clear();
  for (auto& link : note.doc->wikilinks())
    if (link.embed && !link.heading.empty()) {
      link.context = {};
      note.section_embeds.push_back(std::move(link));
    }
  const ScriptCounts scripts = count_scripts(note.doc->prose_text().searchable);
  note.cjk = scripts.cjk;
  note.letters = scripts.letters;
}

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

std::string normalize_text(std::string text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  if (text.find('\r') == std::string::npos) return text;  // the usual note: nothing to copy
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

std::string stem_of(const std::string& rel) {
  std::string name = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

std::optional<Unpublished::Reason> load_one_note(const Disk& disk, const stdfs::path& source, const SourceFile& file,
                                                 const LoadOptions& options, Diagnostics& diagnostics, LoadedNote& n) {
  n.source = file.rel;
  n.disk = file.disk;
  n.folder = parent_of(n.source);
  n.stem = stem_of(n.source);
  n.display_path = options.display_root + n.source;
  auto set_aside =
      load_note(disk, n, (source / stdfs::path(n.disk)).native(), options.markdown, diagnostics, options.take_face);
  if (!set_aside && n.front.draft && !options.drafts) set_aside = Unpublished::Reason::Draft;
  return set_aside;
}

LoadedNotes load_notes(const Disk& disk, const stdfs::path& source, const std::vector<SourceFile>& files,
                       const LoadOptions& options, Diagnostics& diagnostics, unsigned jobs, const Reuse& reuse) {
  std::vector<LoadedNote> all(files.size());
  std::vector<std::optional<Unpublished::Reason>> set_aside(files.size());
  std::vector<std::vector<Diagnostic>> said(files.size());
  std::vector<char> parsed(files.size(), 0);
  parallel_for(files.size(), jobs, [&](size_t i, unsigned) {
    if (reuse && reuse(files[i], all[i], said[i])) return;
    Diagnostics mine;
    set_aside[i] = load_one_note(disk, source, files[i], options, mine, all[i]);
    said[i] = mine.sorted();
    parsed[i] = all[i].doc ? 1 : 0;
    if (!options.keep_documents) all[i].doc.reset();
  });
  LoadedNotes loaded;
  for (size_t i = 0; i < all.size(); ++i) {
    for (const Diagnostic& d : said[i]) diagnostics.report(d);
    if (set_aside[i]) {
      loaded.unpublished.push_back({all[i].source, all[i].display_path, *set_aside[i]});
    } else {
      loaded.notes.push_back(std::move(all[i]));
      loaded.diagnostics.push_back(std::move(said[i]));
      loaded.parsed.push_back(parsed[i]);
    }
  }
  return loaded;
}

}  // namespace studywiki
