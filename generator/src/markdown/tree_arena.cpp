#include "markdown/tree_arena.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace studywiki::markdown::detail {

namespace {

constexpr std::size_t kAlign = 16;

/// Before every block: its usable size and where it came from.
struct alignas(kAlign) Header {
  std::size_t size;
  std::size_t from_arena;  // 1: an arena's (freed with it); 0: the heap's
};
static_assert(sizeof(Header) == kAlign);

thread_local TreeArena* current = nullptr;

std::size_t round_up(std::size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

[[noreturn]] void out_of_memory() {
  // As cmark's own allocator does: it never checks for NULL.
  std::fputs("studywiki: error: out of memory\n", stderr);
  std::abort();
}

Header* header_of(void* p) { return reinterpret_cast<Header*>(static_cast<char*>(p) - sizeof(Header)); }

/// A block of `n` bytes (not zeroed) from the thread's arena, else the heap.
void* take(std::size_t n) {
  Header* h;
  if (current != nullptr) {
    h = static_cast<Header*>(current->allocate(sizeof(Header) + n));
    h->from_arena = 1;
  } else {
    h = static_cast<Header*>(std::malloc(sizeof(Header) + n));
    if (h == nullptr) out_of_memory();
    h->from_arena = 0;
  }
  h->size = n;
  return h + 1;
}

void* mem_calloc(std::size_t count, std::size_t size) {
  if (size != 0 && count > (SIZE_MAX / 2) / size) out_of_memory();
  const std::size_t n = count * size;
  void* p = take(n);
  std::memset(p, 0, n);
  return p;
}

void* mem_realloc(void* p, std::size_t n) {
  if (p == nullptr) return take(n);
  Header* h = header_of(p);
  if (!h->from_arena) {
    auto* grown = static_cast<Header*>(std::realloc(h, sizeof(Header) + n));
    if (grown == nullptr) out_of_memory();
    grown->size = n;
    return grown + 1;
  }
  if (n <= h->size) return p;
  if (current != nullptr && current->extend(h, sizeof(Header) + h->size, sizeof(Header) + n)) {
    h->size = n;
    return p;
  }
  void* q = take(n);
  std::memcpy(q, p, h->size);
  return q;
}

void mem_free(void* p) {
  if (p == nullptr) return;
  Header* h = header_of(p);
  if (!h->from_arena) std::free(h);
}

cmark_mem tree_allocator = {mem_calloc, mem_realloc, mem_free};

}  // namespace

TreeArena::TreeArena(std::size_t first_block) : block_size_(round_up(first_block < 4096 ? 4096 : first_block)) {}

TreeArena::~TreeArena() {
  for (void* b : blocks_) std::free(b);
}

void* TreeArena::allocate(std::size_t n) {
  n = round_up(n);
  if (static_cast<std::size_t>(end_ - next_) < n) {
    const bool own = n > block_size_;  // a block of its own: the next regular one stays as it was
    const std::size_t size = own ? n : block_size_;
    void* block = std::aligned_alloc(kAlign, size);
    if (block == nullptr) out_of_memory();
    blocks_.push_back(block);
    reserved_ += size;
    next_ = static_cast<char*>(block);
    end_ = next_ + size;
    if (!own && block_size_ < (std::size_t{1} << 22)) block_size_ *= 2;
  }
  last_ = next_;
  next_ += n;
  return last_;
}

bool TreeArena::extend(void* p, std::size_t old_n, std::size_t n) {
  if (p != last_ || round_up(old_n) != static_cast<std::size_t>(next_ - last_)) return false;
  n = round_up(n);
  if (static_cast<std::size_t>(end_ - last_) < n) return false;
  next_ = last_ + n;
  return true;
}

cmark_mem* tree_mem() { return &tree_allocator; }

ArenaScope::ArenaScope(TreeArena* arena) : previous_(current) { current = arena; }
ArenaScope::~ArenaScope() { current = previous_; }

}  // namespace studywiki::markdown::detail
