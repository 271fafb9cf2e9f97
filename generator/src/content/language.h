#pragma once
#include <string>

#include "content/site.h"

namespace studywiki {

/// The language of a site whose site.yml names none, from its notes' prose
/// (code, math, link text and tags left out; config/ui_strings.h
/// language_for()): "zh-CN" when at least 10% of the letters are CJK
/// characters, else "en". Reads at most 400 notes, evenly spread in NoteId
/// order, before their documents are freed; "en" for a site without notes.
std::string detect_language(const PerNote<LoadedNote>& notes);

}  // namespace studywiki
