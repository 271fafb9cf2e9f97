// A parsed note's tree in a few large blocks instead of thousands of small
// allocations: cmark-gfm takes an allocator (cmark_mem) per parser, and every
// node it makes keeps it. Internal to the markdown module.
//
// cmark_mem has no context pointer, so the arena in use is the calling
// thread's, set by an ArenaScope around a parse. Every block handed out
// carries an 8-byte header saying where it came from, so a node of the tree
// edited later on another thread (a literal set, a string copied out by
// cmark_node_get_literal), with no arena in scope, gets ordinary heap memory
// that free() gives back; what came from the arena is given back with the
// arena, when the document that owns it is destroyed (after its tree).
//
// The scope of an edit (Document::resolve_wikilinks and the like) is its
// document's arena: a callback it runs must not read or change another
// document's tree, or what cmark makes for that tree would come from this
// arena and go with it. The bodies stage's callbacks read titles and
// places only.
#pragma once

#include <cmark-gfm.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace studywiki::markdown::detail {

class TreeArena {
 public:
  /// `first_block`: the first block's size; each next one is twice the last.
  explicit TreeArena(std::size_t first_block);
  ~TreeArena();
  TreeArena(const TreeArena&) = delete;
  TreeArena& operator=(const TreeArena&) = delete;

  /// `n` bytes, 8-aligned, not zeroed.
  void* allocate(std::size_t n);
  /// Grows the block `p` (of `old_n` bytes, the last one allocated) to `n`
  /// bytes in place if the current block has room; false otherwise.
  bool extend(void* p, std::size_t old_n, std::size_t n);
  /// Takes back the block `p` of `n` bytes: the next allocation of its size
  /// reuses it (small ones), or the bump pointer steps back (the last one).
  void recycle(void* p, std::size_t n);
  /// Bytes taken from the heap so far (the blocks).
  std::size_t reserved() const { return reserved_; }
  /// Not 0 (the heap's), and not another live arena's.
  std::uint32_t id() const { return id_; }

 private:
  std::vector<void*> blocks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  char* last_ = nullptr;  // the last allocation, which extend() may grow
  static constexpr std::size_t kClasses = 64;  // free lists of blocks of 8, 16, … 512 bytes
  void* free_[kClasses + 1] = {};
  std::size_t block_size_;
  std::size_t reserved_ = 0;
  std::uint32_t id_;
};

/// The allocator to give cmark: the scope's arena if there is one, else the heap.
cmark_mem* tree_mem();

/// Makes `arena` the calling thread's arena until the scope ends.
class ArenaScope {
 public:
  explicit ArenaScope(TreeArena* arena);
  ~ArenaScope();
  ArenaScope(const ArenaScope&) = delete;
  ArenaScope& operator=(const ArenaScope&) = delete;

 private:
  TreeArena* previous_;
};

}  // namespace studywiki::markdown::detail
