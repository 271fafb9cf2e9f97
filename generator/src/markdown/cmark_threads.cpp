// Lets several threads run cmark-gfm parsers at once.
//
// cmark-gfm 0.29 keeps the table of inline special characters in one static
// array and, around every inline parse (and every table row), adds the
// attached extensions' characters (`~`, `$`, …) to it and removes them again.
// Two parses at the same time then disturb each other: one removes `~` while
// the other is in the middle of a paragraph. Every parser in this program
// attaches the same extensions, so the characters can simply stay added.
//
// The library calls cmark_manage_extensions_special_characters through its
// PLT, so a definition in the executable (exported with
// --export-dynamic-symbol, see CMakeLists.txt) takes its place: it forwards
// the first "add" to the library's own function and ignores every "remove".
// If the override is not in effect (another link, a static cmark), nothing
// calls it, `parallel_parsing()` stays false and parses take a mutex instead.
#include <dlfcn.h>

#include <atomic>
#include <mutex>

#include "markdown/internal.h"

namespace {
std::atomic<bool> g_override_called{false};
std::once_flag g_added;
}  // namespace

extern "C" __attribute__((visibility("default"))) void cmark_manage_extensions_special_characters(
    cmark_parser* parser, int add) {
  g_override_called.store(true, std::memory_order_release);
  if (!add) return;
  std::call_once(g_added, [parser] {
    using Fn = void (*)(cmark_parser*, int);
    auto real = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters"));
    if (real != nullptr) real(parser, 1);
  });
}

namespace studywiki::markdown::detail {

bool parallel_parsing() { return g_override_called.load(std::memory_order_acquire); }

}  // namespace studywiki::markdown::detail
