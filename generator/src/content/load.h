#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/discovery.h"
#include "content/site.h"
#include "core/diagnostics.h"
#include "markdown/document.h"

namespace studywiki {

class Disk;

/// The load stage's result: the published notes, in discovery order (their
/// NoteIds), and the notes set aside.
struct LoadedNotes {
  PerNote<LoadedNote> notes;
  std::vector<Unpublished> unpublished;
  PerNote<std::vector<Diagnostic>> diagnostics;  ///< what loading each published note said (also reported)
  PerNote<char> parsed;  ///< 1 for a note read and parsed now, 0 for one taken as it was (Reuse)
};

/// A note the last build loaded, taken as it was (state/note_cache.h): fills
/// `note` (without its parsed document) and what loading it said, and gives
/// true; false when the note has to be read.
using Reuse = std::function<bool(const SourceFile& file, LoadedNote& note, std::vector<Diagnostic>& said)>;

struct LoadOptions {
  std::string display_root;    ///< prefix of diagnostics' paths ("content/")
  bool drafts = false;         ///< publish notes marked `draft: true`
  markdown::Options markdown;
  /// False: each parsed document is freed as soon as what later stages read of it
  /// is taken (take_from_document); the bodies stage parses the note again.
  bool keep_documents = true;
  /// False: only the parsed document is wanted (the bodies stage's second parse):
  /// what later stages read of it (take_from_document) is not taken.
  bool take_face = true;
};

/// Reads every note from `disk` (in parallel), splits its front matter, parses its
/// Markdown and chooses its title. Problems become diagnostics; a note is
/// published whenever its text could be read and it is not a draft.
/// A file over 64 MiB, one holding a NUL byte or one that cannot be read is
/// set aside with its reason.
LoadedNotes load_notes(const Disk& disk, const std::filesystem::path& source, const std::vector<SourceFile>& files,
                       const LoadOptions& options, Diagnostics& diagnostics, unsigned jobs, const Reuse& reuse = {});

/// One note of load_notes (`note` filled in), or the reason it is not published.
std::optional<Unpublished::Reason> load_one_note(const Disk& disk, const std::filesystem::path& source,
                                                 const SourceFile& file, const LoadOptions& options,
                                                 Diagnostics& diagnostics, LoadedNote& note);

/// Fills what later stages need of a note's parsed document whether or not
/// it was parsed in this build (LoadedNote::headings, block_ids, section_embeds, cjk, letters).
void take_from_document(LoadedNote& note);

/// One note's text: CRLF and lone CR to LF, without a leading BOM (handed
/// back as it is when it has neither).
std::string normalize_text(std::string text);

/// 1-based line and column (in code points) of byte `offset` in `text`.
std::pair<int, int> position_of(std::string_view text, size_t offset);

/// Words for reading time: each CJK character counts as one, so does each
/// run of Latin letters or digits.
size_t count_words(std::string_view text);

/// "a/b/Note.md" -> "Note".
std::string stem_of(const std::string& rel);

}  // namespace studywiki
