#include "content/language.h"

#include "config/ui_strings.h"

namespace studywiki {

std::string detect_language(const PerNote<LoadedNote>& notes) {
  static constexpr size_t kSample = 400;
  ScriptCounts all;
  const size_t n = notes.size();
  const size_t step = n > kSample ? n / kSample : 1;
  for (size_t i = 0; i < n; i += step) {
    const LoadedNote& note = notes[NoteId(i)];
    if (!note.doc) continue;
    const ScriptCounts c = count_scripts(note.doc->prose_text().searchable);
    all.cjk += c.cjk;
    all.letters += c.letters;
  }
  return language_for(all);
}

}  // namespace studywiki
