#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace studywiki {

/// Edit distance counting an insertion, a deletion, a substitution or a swap
/// of two neighbouring bytes as one edit (optimal string alignment): typed
/// words go wrong by swapped letters (`biuld`) as often as by missing ones.
size_t typo_distance(std::string_view a, std::string_view b);

/// The candidate a mistyped command or option most likely meant, for "did you
/// mean": the nearest by typo_distance, if at most 2 edits and fewer than half
/// the word's length away (first in the list on a tie); else "".
std::string closest_word(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace studywiki
