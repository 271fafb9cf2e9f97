// The parsed trees' allocator (markdown/tree_arena.h): blocks from the arena
// in scope, else from the heap; growth in place; trees edited after the
// parse, outside any scope, on another thread.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <thread>

#include "markdown/document.h"
#include "markdown/internal.h"
#include "markdown/tree_arena.h"

namespace detail = studywiki::markdown::detail;
using studywiki::markdown::Document;

TEST_CASE("tree arena: blocks taken back: reused by size, or the last one given back") {
  detail::TreeArena arena(4096);
  void* a = arena.allocate(40);
  void* b = arena.allocate(100);
  arena.recycle(a, 40);
  CHECK(arena.allocate(40) == a);  // from its size's list
  arena.recycle(b, 100);           // the last one: the bump pointer steps back
  CHECK(arena.allocate(100) == b);
  void* big = arena.allocate(2000);
  arena.allocate(8);
  arena.recycle(big, 2000);  // neither small nor the last: stays with the arena
  CHECK(arena.allocate(2000) != big);
  CHECK(arena.reserved() == 4096 + 8192);  // the second 2000 needed a new block
}

TEST_CASE("tree arena: aligned blocks, one after the other, grown in place when last") {
  detail::TreeArena arena(100);  // raised to 4096
  char* a = static_cast<char*>(arena.allocate(1));
  char* b = static_cast<char*>(arena.allocate(24));
  CHECK(reinterpret_cast<std::uintptr_t>(a) % 8 == 0);
  CHECK(reinterpret_cast<std::uintptr_t>(b) % 8 == 0);
  CHECK(b == a + 8);
  CHECK(arena.reserved() == 4096);
  CHECK_FALSE(arena.extend(a, 1, 40));  // not the last one
  CHECK(arena.extend(b, 24, 200));
  char* c = static_cast<char*>(arena.allocate(8));
  CHECK(c == b + 200);
  CHECK_FALSE(arena.extend(c, 8, 10000));  // no room in this block
  char* big = static_cast<char*>(arena.allocate(10000));  // a block of its own size
  std::memset(big, 1, 10000);
  CHECK(arena.reserved() == 4096 + 10000);
  char* next = static_cast<char*>(arena.allocate(16));  // the next block is twice the first
  CHECK(arena.reserved() == 4096 + 10000 + 8192);
  CHECK(next != nullptr);
}

TEST_CASE("tree arena: cmark's calloc, realloc and free, with and without a scope") {
  cmark_mem* mem = detail::tree_mem();
  detail::TreeArena arena(4096);
  {
    const detail::ArenaScope scope(&arena);
    auto* zeroed = static_cast<unsigned char*>(mem->calloc(10, 3));
    for (int i = 0; i < 30; ++i) CHECK(zeroed[i] == 0);
    CHECK(arena.reserved() == 4096);
    // A string grown by realloc keeps its bytes, in place or copied.
    char* s = static_cast<char*>(mem->realloc(nullptr, 4));
    std::memcpy(s, "abc", 4);
    char* grown = static_cast<char*>(mem->realloc(s, 64));
    CHECK(grown == s);  // the last block: grown in place
    mem->calloc(1, 8);
    char* moved = static_cast<char*>(mem->realloc(grown, 100000));
    CHECK(moved != grown);
    CHECK(std::string(moved) == "abc");
    mem->free(moved);  // the arena's: given back with the arena
    CHECK(arena.reserved() > 100000);
  }
  // Outside the scope: the heap's, freed one by one (under ASan a leak or a bad free would show).
  const size_t before = arena.reserved();
  char* h = static_cast<char*>(mem->calloc(1, 32));
  std::memcpy(h, "heap", 5);
  h = static_cast<char*>(mem->realloc(h, 5000));
  CHECK(std::string(h) == "heap");
  mem->free(h);
  CHECK(arena.reserved() == before);
}

TEST_CASE("tree arena: a parsed note edited on another thread, rendered, freed") {
  // Wikilinks are resolved and literals set in the bodies stage, on another
  // thread than the parse and with no arena in scope: nodes made then come
  // from the heap and link into the arena's tree.
  Document doc = Document::parse("# Title\n\nSee [[Other note]] and ==this== and $x$.\n\n- a\n- b [[X#h|y]]\n");
  std::string html;
  std::thread t([&] {
    doc.resolve_wikilinks([](const studywiki::markdown::WikiLink& l) {
      studywiki::markdown::WikiResolution r;
      r.kind = studywiki::markdown::WikiResolution::Kind::Page;
      r.href = l.target + ".html";
      r.title = l.target;
      return r;
    });
    html = doc.html();
  });
  t.join();
  INFO(html);
  CHECK(html.find("href=\"Other note.html\"") != std::string::npos);
  CHECK(html.find("<mark>this</mark>") != std::string::npos);
  CHECK(html.find("<li>b <a class=\"internal\" href=\"X.html\">y</a></li>") != std::string::npos);
}
