// Edit-distance suggestions for unknown names.
#include "scenario/suggest.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace lapack_ai::scenario {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Nearest(std::string_view word, std::span<const std::string> candidates) {
  const std::size_t limit = 1 + word.size() / 3;
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = Lower(c) == Lower(word) ? 0 : EditDistance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string SuggestionSuffix(std::string_view word, std::span<const std::string> candidates) {
  const std::string near = Nearest(word, candidates);
  if (!near.empty()) return fmt::format("; did you mean \"{}\"?", near);
  return fmt::format("; expected one of {}", fmt::join(candidates, ", "));
}

}  // namespace lapack_ai::scenario
