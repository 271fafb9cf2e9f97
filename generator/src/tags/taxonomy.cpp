#include "tags/taxonomy.h"

#include <algorithm>
#include <set>

#include "content/slug.h"

namespace studywiki {

namespace {

std::vector<std::string> split_segments(std::string_view s) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t slash = s.find('/', start);
    std::string_view seg = s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    size_t b = seg.find_first_not_of(" \t");
    size_t e = seg.find_last_not_of(" \t");
    if (b != std::string_view::npos) parts.emplace_back(seg.substr(b, e - b + 1));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += '/';
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string tag_key(std::string_view name) {
  while (!name.empty() && name.front() == '#') name.remove_prefix(1);
  std::vector<std::string> parts = split_segments(name);
  for (auto& p : parts) p = fold_key(p);
  parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
  return join(parts, parts.size());
}

int Taxonomy::intern(const std::string& key, const std::string& name) {
  auto it = by_key_.find(key);
  if (it != by_key_.end()) return it->second;
  Tag t;
  t.key = key;
  t.name = name;
  int index = static_cast<int>(tags_.size());
  tags_.push_back(std::move(t));
  by_key_[key] = index;
  return index;
}

Taxonomy::Taxonomy(const std::vector<std::vector<std::string>>& written) {
  note_tags_.resize(written.size());
  // 1. Intern every tag and its ancestors, first spelling wins.
  for (size_t n = 0; n < written.size(); ++n) {
    for (const auto& raw : written[n]) {
      std::string_view trimmed = raw;
      while (!trimmed.empty() && trimmed.front() == '#') trimmed.remove_prefix(1);
      std::vector<std::string> parts = split_segments(trimmed);
      std::vector<std::string> keys;
      for (const auto& p : parts) keys.push_back(fold_key(p));
      // Drop segments that fold to nothing.
      std::vector<std::string> kept_parts, kept_keys;
      for (size_t i = 0; i < parts.size(); ++i)
        if (!keys[i].empty()) {
          kept_parts.push_back(parts[i]);
          kept_keys.push_back(keys[i]);
        }
      if (kept_keys.empty()) continue;
      int tag = -1;
      for (size_t depth = 1; depth <= kept_keys.size(); ++depth)
        tag = intern(join(kept_keys, depth), join(kept_parts, depth));
      auto& mine = note_tags_[n];
      if (std::find(mine.begin(), mine.end(), tag) == mine.end()) mine.push_back(tag);
    }
  }
  // 2. Order by key so the tree reads in order; remap indices.
  std::vector<int> order(tags_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return tags_[a].key < tags_[b].key; });
  std::vector<int> remap(tags_.size());
  std::vector<Tag> sorted;
  sorted.reserve(tags_.size());
  for (size_t i = 0; i < order.size(); ++i) {
    remap[static_cast<size_t>(order[i])] = static_cast<int>(i);
    sorted.push_back(std::move(tags_[static_cast<size_t>(order[i])]));
  }
  tags_ = std::move(sorted);
  by_key_.clear();
  for (size_t i = 0; i < tags_.size(); ++i) by_key_[tags_[i].key] = static_cast<int>(i);
  for (auto& list : note_tags_)
    for (auto& t : list) t = remap[static_cast<size_t>(t)];
  // 3. Tree, depth, output paths (slugged per segment; a clash gets "-2").
  std::set<std::string> taken;
  for (size_t i = 0; i < tags_.size(); ++i) {
    Tag& t = tags_[i];
    size_t slash = t.key.rfind('/');
    if (slash != std::string::npos) {
      t.parent = by_key_.at(t.key.substr(0, slash));
      tags_[static_cast<size_t>(t.parent)].children.push_back(static_cast<int>(i));
      t.depth = tags_[static_cast<size_t>(t.parent)].depth + 1;
    }
    std::string path;
    for (const auto& seg : split_segments(t.key)) {
      std::string slug = slugify(seg);
      if (slug.empty()) slug = "tag";
      path += (path.empty() ? "" : "/") + slug;
    }
    std::string out = "tags/" + path + ".html";
    for (int n = 2; taken.count(out); ++n) out = "tags/" + path + "-" + std::to_string(n) + ".html";
    taken.insert(out);
    t.out = out;
  }
  // 4. Notes per tag, including descendants' notes; pairs of tags on the same
  // note, counting implied parents (a note tagged db/mysql carries db). A note
  // with hundreds of tags would add a quadratic number of pairs: only its
  // first kMaxPairedTags tags (in key order) pair up.
  std::vector<std::pair<int, int>> all_pairs;
  for (size_t n = 0; n < note_tags_.size(); ++n) {
    std::set<int> carried;
    for (int t : note_tags_[n])
      for (int a = t; a >= 0; a = tags_[static_cast<size_t>(a)].parent) carried.insert(a);
    for (int t : carried) tags_[static_cast<size_t>(t)].notes.push_back(static_cast<int>(n));
    std::vector<int> paired(carried.begin(), carried.end());
    if (paired.size() > kMaxPairedTags) paired.resize(kMaxPairedTags);
    for (size_t i = 0; i < paired.size(); ++i)
      for (size_t j = i + 1; j < paired.size(); ++j) all_pairs.emplace_back(paired[i], paired[j]);
  }
  std::sort(all_pairs.begin(), all_pairs.end());
  for (size_t i = 0; i < all_pairs.size();) {
    size_t j = i;
    while (j < all_pairs.size() && all_pairs[j] == all_pairs[i]) ++j;
    pairs_.push_back({all_pairs[i].first, all_pairs[i].second, static_cast<int>(j - i)});
    i = j;
  }
  // Per tag, the tags it comes with (nesting left out: the tree shows that).
  together_.resize(tags_.size());
  for (const auto& p : pairs_) {
    if (related_by_nesting(p.a, p.b)) continue;
    together_[static_cast<size_t>(p.a)].push_back({p.b, p.shared});
    together_[static_cast<size_t>(p.b)].push_back({p.a, p.shared});
  }
}

bool Taxonomy::related_by_nesting(int a, int b) const {
  for (int x = tags_[static_cast<size_t>(a)].parent; x >= 0; x = tags_[static_cast<size_t>(x)].parent)
    if (x == b) return true;
  for (int x = tags_[static_cast<size_t>(b)].parent; x >= 0; x = tags_[static_cast<size_t>(x)].parent)
    if (x == a) return true;
  return false;
}

int Taxonomy::find(std::string_view name) const {
  auto it = by_key_.find(tag_key(name));
  return it == by_key_.end() ? -1 : it->second;
}

std::vector<std::pair<int, int>> Taxonomy::cooccurring(int tag, size_t k) const {
  std::vector<std::pair<int, int>> out = together_[static_cast<size_t>(tag)];
  const auto better = [&](const auto& x, const auto& y) {
    if (x.second != y.second) return x.second > y.second;
    return tags_[static_cast<size_t>(x.first)].key < tags_[static_cast<size_t>(y.first)].key;
  };
  const size_t take = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(take), out.end(), better);
  out.resize(take);
  return out;
}

}  // namespace studywiki
