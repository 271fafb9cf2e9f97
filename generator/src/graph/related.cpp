#include "graph/related.h"

#include <algorithm>
#include <cmath>

namespace studywiki::graph {

std::vector<int> related(const Graph& g, int center, const std::vector<int>& exclude, size_t k) {
  return related(Adjacency(g), center, exclude, k);
}

std::vector<int> related(const Adjacency& adjacency, int center, const std::vector<int>& exclude, size_t k) {
  // Scores accumulate in a dense per-thread array (reset through `touched`):
  // linear in the sum of the neighbours' degrees, called once per note.
  thread_local std::vector<double> score;
  thread_local std::vector<char> seen;
  thread_local std::vector<int> touched;
  if (score.size() < adjacency.size()) {
    score.assign(adjacency.size(), 0);
    seen.assign(adjacency.size(), 0);
  }
  touched.clear();
  for (const auto& z : adjacency.neighbours(center)) {
    // z touches center and the candidate, so its degree is at least 2 and ln > 0.
    const double share = 1 / std::log(static_cast<double>(adjacency.degree(z.node)));
    for (const auto& v : adjacency.neighbours(z.node)) {
      if (v.node == center) continue;
      // Summed in neighbour order: the same input always gives the same bits.
      if (!seen[static_cast<size_t>(v.node)]) {
        seen[static_cast<size_t>(v.node)] = 1;
        touched.push_back(v.node);
      }
      score[static_cast<size_t>(v.node)] += share;
    }
  }
  std::vector<int> skip = exclude;
  std::sort(skip.begin(), skip.end());
  struct Score {
    int node;
    double value;
  };
  std::vector<Score> merged;
  merged.reserve(touched.size());
  for (int node : touched) {
    if (!std::binary_search(skip.begin(), skip.end(), node)) merged.push_back({node, score[static_cast<size_t>(node)]});
    score[static_cast<size_t>(node)] = 0;
    seen[static_cast<size_t>(node)] = 0;
  }
  const auto better = [](const Score& a, const Score& b) { return a.value != b.value ? a.value > b.value : a.node < b.node; };
  const size_t take = std::min(k, merged.size());
  std::partial_sort(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(take), merged.end(), better);
  std::vector<int> result;
  for (size_t i = 0; i < take; ++i) result.push_back(merged[i].node);
  return result;
}

}  // namespace studywiki::graph
