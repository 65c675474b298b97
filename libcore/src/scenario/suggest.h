// "Did you mean ...?" for misspelt keys, ops and backends: the nearest candidate by edit distance.
#pragma once
#include <span>
#include <string>
#include <string_view>

namespace lapack_ai::scenario {

/// Levenshtein distance (insertions, deletions, substitutions; case-sensitive).
std::size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate nearest to `word` if it is close enough to be a plausible typo (distance at most
/// 1 + length/3, or equal ignoring case); "" otherwise. Ties go to the earlier candidate.
std::string Nearest(std::string_view word, std::span<const std::string> candidates);

/// "; did you mean \"x\"?" when there is a near candidate, else "; expected one of a, b, c".
std::string SuggestionSuffix(std::string_view word, std::span<const std::string> candidates);

}  // namespace lapack_ai::scenario
