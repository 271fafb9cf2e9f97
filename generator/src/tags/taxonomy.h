#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace studywiki {

/// One tag of the site. Nested tags (`db/mysql`) imply their parents (`db`).
struct Tag {
  std::string key;            ///< normalized full name: case- and width-folded segments, "db/mysql"
  std::string name;           ///< as first written (in path order of the notes): "DB/MySQL"
  std::string out;            ///< "tags/db/mysql.html"
  int parent = -1;
  std::vector<int> children;  ///< sorted by key
  std::vector<int> notes;     ///< notes carrying it or a descendant, ascending note index
  int depth = 0;              ///< 0 for top-level tags
};

/// All tags of a site: built once from each note's written tags, then read
/// by the pages, the tag graph and the note graph.
class Taxonomy {
 public:
  /// `written[i]` are the tags note i carries, front matter first, then inline,
  /// as written (duplicates allowed). Notes whose list is empty carry none.
  explicit Taxonomy(const std::vector<std::vector<std::string>>& written);

  /// A note pairs at most this many of its tags in co-occurrence (a note with
  /// thousands of tags must not make millions of pairs).
  static constexpr size_t kMaxPairedTags = 64;

  const std::vector<Tag>& tags() const { return tags_; }
  /// Index of a tag by any spelling ("ＤＢ/MySQL" finds "db/mysql"), or -1.
  int find(std::string_view name) const;
  /// The tags a note carries as written (deduplicated, without implied parents), in first-written order.
  const std::vector<int>& note_tags(size_t note) const { return note_tags_[note]; }

  struct Pair {
    int a, b;      ///< a < b, tag indices
    int shared;    ///< notes carrying both as written
  };
  /// Tag pairs carried by the same notes (implied parents included), by (a, b).
  const std::vector<Pair>& cooccurrence() const { return pairs_; }
  /// The tags carried together with `tag` most often, most shared first (ties
  /// by key), leaving out its own ancestors and descendants.
  std::vector<std::pair<int, int>> cooccurring(int tag, size_t k) const;

 private:
  int intern(const std::string& key, const std::string& name);
  bool related_by_nesting(int a, int b) const;

  std::vector<Tag> tags_;
  std::unordered_map<std::string, int> by_key_;
  std::vector<std::vector<int>> note_tags_;
  std::vector<Pair> pairs_;
  std::vector<std::vector<std::pair<int, int>>> together_;  ///< per tag: (other tag, shared), nesting left out
};

/// "  ＤＢ / MySQL/ " -> "db/mysql": NFKC, case folding, segments trimmed, empty ones dropped.
std::string tag_key(std::string_view name);

}  // namespace studywiki
