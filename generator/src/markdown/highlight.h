// Syntax highlighting of fenced code blocks at build time, with GNU
// source-highlight (Debian's libsource-highlight; its language definitions
// in /usr/share/source-highlight, or $SOURCE_HIGHLIGHT_DATADIR).
//
// HTML shape (the theme's CSS colours the classes, light and dark):
//   <pre><code class="language-python">
//   <span class="hl-keyword">def</span> f(x):
//       <span class="hl-keyword">return</span> <span class="hl-string">&quot;&lt;b&gt;&quot;</span>
//   </code></pre>
// One span per run of text of one element (hl-keyword, hl-type, hl-string,
// hl-comment, hl-number, hl-preproc, hl-function, hl-symbol, …, the element
// names of source-highlight's default.style); plain text is not wrapped.
// Text is HTML-escaped; the code's bytes are unchanged otherwise (the copy
// button copies exactly what was written).
//
// Thread-safe: source-highlight keeps process-global state (a state id
// counter, its language caches), so the highlighting itself runs under one
// lock; results are cached by (language, code), so a block seen before, in
// this build or (with a cache file) an earlier one, costs a lookup.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace studywiki::markdown {

/// The language definition file (e.g. "python.lang") for a fence's
/// language word (`python`, `py`, `C++`, `ts`…; case ignored), or "" when
/// source-highlight has none (then the block stays plain escaped code).
/// `mermaid`, `text`, `txt`, `plain` and "" are never highlighted.
std::string highlight_language_file(std::string_view language);

/// Past these a block stays plain: source-highlight's time grows with the
/// square of a line's length (minified JSON on one line: 8 KB took 2 s), about
/// 3e-5 ms per byte squared, so a block costs at most ~0.6 s.
inline constexpr std::size_t kMaxHighlightLine = 500;                // bytes in one line
inline constexpr std::size_t kMaxHighlightBlock = 256 * 1024;        // bytes in the block
inline constexpr std::size_t kMaxHighlightWork = 20 * 1000 * 1000;   // sum of lines' squared lengths

/// The highlighted inner HTML of a code block (what goes between
/// `<code …>` and `</code>`), or std::nullopt when `language` is unknown,
/// the block is too large or has a line too long (above), or
/// source-highlight fails on it.
std::optional<std::string> highlight_code(std::string_view language, std::string_view code);

/// The cache of highlighted blocks, shared by the whole process.
struct HighlightCacheStats {
  std::size_t entries = 0;   ///< blocks held
  std::size_t hits = 0;      ///< highlight_code answered from the cache
  std::size_t misses = 0;    ///< blocks highlighted by source-highlight
  std::size_t loaded = 0;    ///< entries read by load_highlight_cache
};
HighlightCacheStats highlight_cache_stats();

/// The persistent cache (the build keeps it in OUT/.studywiki-cache/highlight):
/// adds the entries of a file highlight_cache_file() made. The file is text:
/// a version line, source-highlight's version line, then per block
/// "KEYLEN HTMLLEN\n" KEY HTML, KEY being the .lang file, NUL, the code. A file from
/// another version or a damaged one adds nothing and gives false.
bool read_highlight_cache(std::string_view file);
/// The entries used since the process started (highlighted, or read and
/// then used), in key order: the file never grows past what one build needs.
/// `keep_unused`: the unused ones too (a build that took most bodies from the
/// last one's, state/note_cache.h, used few of them).
std::string highlight_cache_file(bool keep_unused = false);
/// Empties the in-process cache and its statistics (tests).
void clear_highlight_cache();

}  // namespace studywiki::markdown
