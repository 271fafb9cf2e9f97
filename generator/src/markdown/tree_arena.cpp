#include "markdown/tree_arena.h"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace studywiki::markdown::detail {

namespace {

// cmark's structs hold pointers and integers: 8-byte alignment is enough, and
// an 8-byte header instead of 16 saves about 120 MB at 10,000 notes.
constexpr std::size_t kAlign = 8;

/// Before every block: its usable size and where it came from.
struct Header {
  std::uint32_t size;
  std::uint32_t owner;  // the id of the arena it came from (reused, or freed with it); 0: the heap's
};
static_assert(sizeof(Header) == kAlign && alignof(Header) <= kAlign);

/// The largest block a header can describe (notes are at most 64 MB).
constexpr std::size_t kMaxBlock = std::numeric_limits<std::uint32_t>::max() - 64;

std::atomic<std::uint32_t> last_id{0};

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
  if (n > kMaxBlock) out_of_memory();
  Header* h;
  if (current != nullptr) {
    h = static_cast<Header*>(current->allocate(sizeof(Header) + n));
    h->owner = current->id();
  } else {
    h = static_cast<Header*>(std::malloc(sizeof(Header) + n));
    if (h == nullptr) out_of_memory();
    h->owner = 0;
  }
  h->size = static_cast<std::uint32_t>(n);
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
  if (h->owner == 0) {
    if (n > kMaxBlock) out_of_memory();
    auto* grown = static_cast<Header*>(std::realloc(h, sizeof(Header) + n));
    if (grown == nullptr) out_of_memory();
    grown->size = static_cast<std::uint32_t>(n);
    return grown + 1;
  }
  if (n <= h->size) return p;
  if (n <= kMaxBlock && current != nullptr &&
      current->extend(h, sizeof(Header) + h->size, sizeof(Header) + n)) {
    h->size = static_cast<std::uint32_t>(n);
    return p;
  }
  void* q = take(n);
  std::memcpy(q, p, h->size);
  if (current != nullptr && h->owner == current->id()) current->recycle(h, sizeof(Header) + h->size);
  return q;
}

void mem_free(void* p) {
  if (p == nullptr) return;
  Header* h = header_of(p);
  if (h->owner == 0) std::free(h);
  else if (current != nullptr && h->owner == current->id()) current->recycle(h, sizeof(Header) + h->size);
  // else another arena's, in use on another thread or none: it goes with its arena
}

cmark_mem tree_allocator = {mem_calloc, mem_realloc, mem_free};

}  // namespace

TreeArena::TreeArena(std::size_t first_block)
    : block_size_(round_up(first_block < 4096 ? 4096 : first_block)), id_(++last_id) {
  if (id_ == 0) id_ = ++last_id;  // after 2^32 arenas: 0 is the heap's
}

TreeArena::~TreeArena() {
  for (void* b : blocks_) std::free(b);
}

void* TreeArena::allocate(std::size_t n) {
  n = round_up(n);
  if (n / kAlign <= kClasses)
    if (void*& head = free_[n / kAlign]; head != nullptr) {
      void* p = head;
      head = *static_cast<void**>(p);
      return p;
    }
  if (static_cast<std::size_t>(end_ - next_) < n) {
    const bool own = n > block_size_;  // a block of its own: the next regular one stays as it was
    const std::size_t size = own ? n : block_size_;
    void* block = std::malloc(size);
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

void TreeArena::recycle(void* p, std::size_t n) {
  n = round_up(n);
  if (p == last_ && static_cast<std::size_t>(next_ - last_) == n) {
    next_ = last_;
    last_ = nullptr;
    return;
  }
  if (n / kAlign > kClasses) return;  // with the arena
  *static_cast<void**>(p) = free_[n / kAlign];
  free_[n / kAlign] = p;
}

cmark_mem* tree_mem() { return &tree_allocator; }

ArenaScope::ArenaScope(TreeArena* arena) : previous_(current) { current = arena; }
ArenaScope::~ArenaScope() { current = previous_; }

}  // namespace studywiki::markdown::detail
