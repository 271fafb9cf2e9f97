#pragma once
// Note names and mistyped link targets for the suggester's unit test (small)
// and bench/micro (30,000 names, 2,000 queries).
#include <algorithm>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "core/utf8.h"

namespace studywiki::links::testing {

/// Titles are Chinese, Latin, or mixed. Ideographs follow a skewed (roughly
/// Zipf-like) distribution, so the common ones have long posting lists, and
/// Latin words are made of 30 syllables, so they share many bigrams. One
/// std::mt19937 (fully specified by the standard) draws everything, in call order.
class NameMaker {
 public:
  explicit NameMaker(std::mt19937::result_type seed) : rng_(seed) {}

  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

  /// Small indexes much more often.
  std::size_t skewed(std::size_t n) {
    const double u = static_cast<double>(rng_()) / static_cast<double>(std::mt19937::max());
    return std::min(n - 1, static_cast<std::size_t>(static_cast<double>(n) * u * u * u));
  }

  std::string hanzi(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) utf8::append(s, static_cast<char32_t>(0x4E00 + skewed(2500)));
    return s;
  }

  std::string word() {
    static const std::vector<std::string> syllables = {
        "re", "dis", "ka", "fka", "my", "sql", "do", "cker", "ng", "inx", "py", "thon", "ru", "st", "ja",
        "va", "ht", "tp",  "in", "dex", "ca", "che", "ra", "ft", "li", "nux", "ker", "nel", "ba", "se"};
    std::string s;
    const std::size_t n = 2 + pick(3);
    for (std::size_t i = 0; i < n; ++i) s += syllables[skewed(syllables.size())];
    if (pick(3) == 0) s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  }

  /// One ASCII letter or one ideograph dropped, or two ASCII letters swapped.
  std::string typo(std::string q) {
    if (q.empty()) return q;
    std::size_t at = pick(q.size());
    while (at > 0 && (static_cast<unsigned char>(q[at]) & 0xC0) == 0x80) --at;
    if (static_cast<unsigned char>(q[at]) < 0x80 && at + 1 < q.size() && static_cast<unsigned char>(q[at + 1]) < 0x80)
      std::swap(q[at], q[at + 1]);
    else
      q.erase(at, static_cast<unsigned char>(q[at]) < 0x80 ? 1 : 3);
    return q;
  }

  /// Three names per note: its title, its file name (the title or
  /// `word-word`) and an alias.
  std::vector<std::string> note_names(int notes) {
    std::vector<std::string> names;
    for (int i = 0; i < notes; ++i) {
      std::string title;
      switch (pick(3)) {
        case 0: title = hanzi(2 + pick(7)); break;
        case 1: title = word() + (pick(2) ? std::string(" ").append(word()) : std::string()); break;
        default: title = word() + " " + hanzi(2 + pick(5)); break;
      }
      names.push_back(title);
      names.push_back(pick(2) ? title : word() + "-" + word());
      names.push_back(pick(2) ? hanzi(2 + pick(4)) : word());
    }
    return names;
  }

  /// A quarter random Chinese, the rest typos of `names`.
  std::vector<std::string> queries(const std::vector<std::string>& names, int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) out.push_back(i % 4 == 0 ? hanzi(2 + pick(5)) : typo(names[pick(names.size())]));
    return out;
  }

  /// A note's headings: Chinese, or a word and two ideographs.
  std::vector<std::string> headings(int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) out.push_back(pick(2) ? hanzi(2 + pick(6)) : word() + " " + hanzi(2));
    return out;
  }

  /// Typos of `count` headings drawn from `headings`.
  std::vector<std::string> heading_queries(const std::vector<std::string>& headings, int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) out.push_back(typo(headings[pick(headings.size())]));
    return out;
  }

 private:
  std::mt19937 rng_;
};

}  // namespace studywiki::links::testing
