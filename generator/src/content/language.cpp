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
    all.cjk += note.cjk;
    all.letters += note.letters;
  }
  return language_for(all);
}

}  // namespace studywiki
