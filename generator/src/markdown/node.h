// The markdown module's toolkit for cmark-gfm nodes: owning handles, the
// one walk over a tree, new text nodes, and the characters at a text's
// edges. Internal: include "markdown/document.h" from other modules.
#pragma once

#include <cmark-gfm.h>

#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

namespace studywiki::markdown::detail {

// ------------------------------------------------------------ ownership
struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct IterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
/// Owns a detached tree (a parse result, a scratch tree). Freeing a node
/// still in a tree also unlinks it, so release() before handing it over.
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;

// ------------------------------------------------------------ walking
/// What a walk's callback may return: go on, or end the walk early.
enum class Step { Continue, Stop };

/// Calls fn(node, entering) for the subtree at `root` (root included) in
/// document order, with cmark's ENTER/EXIT events: a container is entered,
/// its children follow, then it is left (entering == false); a leaf (text,
/// code, a break, a leaf block) is only entered. fn returns void, or a
/// Step: Step::Stop ends the walk there.
///
/// The tree must not change during the walk (the iterator would step from
/// a freed or moved node): a pass that edits collects first (collect(),
/// events_of()) and edits the list afterwards.
template <class Fn>
void for_each_event(cmark_node* root, Fn&& fn) {
  const IterPtr iter(cmark_iter_new(root));
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if constexpr (std::is_same_v<std::invoke_result_t<Fn&, cmark_node*, bool>, Step>) {
      if (fn(node, ev == CMARK_EVENT_ENTER) == Step::Stop) return;
    } else {
      fn(node, ev == CMARK_EVENT_ENTER);
    }
  }
}

/// for_each_event with entering events only: every node once, in document order.
template <class Fn>
void for_each_node(cmark_node* root, Fn&& fn) {
  for_each_event(root, [&fn](cmark_node* node, bool entering) {
    if constexpr (std::is_same_v<std::invoke_result_t<Fn&, cmark_node*>, Step>) {
      return entering ? fn(node) : Step::Continue;
    } else {
      if (entering) fn(node);
    }
  });
}

/// The nodes of the subtree (root included) for which pred(node) is true,
/// in document order: the list a pass edits from.
template <class Pred>
std::vector<cmark_node*> collect(cmark_node* root, Pred&& pred) {
  std::vector<cmark_node*> out;
  for_each_node(root, [&](cmark_node* node) {
    if (pred(node)) out.push_back(node);
  });
  return out;
}

/// The whole walk as a list, for a pass that edits while it goes.
struct NodeEvent {
  cmark_node* node;
  bool entering;
};
std::vector<NodeEvent> events_of(cmark_node* root);

// ------------------------------------------------------------ new nodes
/// A node made with the trees' allocator (tree_arena.h): cmark-gfm only links
/// nodes of the same allocator, so every node of the module is made here.
cmark_node* new_node(cmark_node_type type, cmark_syntax_extension* extension = nullptr);

// ------------------------------------------------------------ text
/// A TEXT node holding a copy of `text`.
cmark_node* new_text(std::string_view text);
/// A node's literal (text, code, HTML), "" when it has none.
std::string_view literal_of(cmark_node* node);
/// The first code point of `text` (U+FFFD for an invalid byte), 0 if empty.
char32_t first_code_point(std::string_view text);
/// The code point that ends `text` (U+FFFD if invalid), 0 if empty.
char32_t last_code_point(std::string_view text);

}  // namespace studywiki::markdown::detail
