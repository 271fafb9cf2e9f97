#include "graph/related.h"

#include <algorithm>
#include <cmath>

namespace studywiki::graph {

std::vector<int> related(const Graph& g, int center, const std::vector<int>& exclude, size_t k) {
  return related(Adjacency(g), center, exclude, k);
}

std::vector<int> related(const Adjacency& adjacency, int center, const std::vector<int>& exclude, size_t k) {
  struct Score {
    int node;
    double value;
  };
  std::vector<Score> scores;
  for (const auto& z : adjacency.neighbours(center)) {
    // z touches center and the candidate, so its degree is at least 2 and ln > 0.
    double share = 1 / std::log(static_cast<double>(adjacency.degree(z.node)));
    for (const auto& v : adjacency.neighbours(z.node))
      if (v.node != center) scores.push_back({v.node, share});
  }
  std::sort(scores.begin(), scores.end(), [](const Score& a, const Score& b) { return a.node < b.node; });
  std::vector<int> skip = exclude;
  std::sort(skip.begin(), skip.end());
  std::vector<Score> merged;
  for (size_t i = 0; i < scores.size();) {
    Score s{scores[i].node, 0};
    // Summed in neighbour order: the same input always gives the same bits.
    for (; i < scores.size() && scores[i].node == s.node; ++i) s.value += scores[i].value;
    if (!std::binary_search(skip.begin(), skip.end(), s.node)) merged.push_back(s);
  }
  std::stable_sort(merged.begin(), merged.end(), [](const Score& a, const Score& b) { return a.value > b.value; });
  std::vector<int> result;
  for (size_t i = 0; i < merged.size() && result.size() < k; ++i) result.push_back(merged[i].node);
  return result;
}

}  // namespace studywiki::graph
