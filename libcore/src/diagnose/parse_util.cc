// Number parsing with std::from_chars (locale-free, whole-token) and caret snippets for the
// matrix file readers.
#include "diagnose/parse_util.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>

namespace lapack_ai {

std::string Printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) c = '?';
  }
  return out;
}

std::string CaretSnippet(std::string_view line, std::size_t pos) {
  constexpr std::size_t kBefore = 60, kAfter = 40;
  pos = std::min(pos, line.size());
  std::size_t begin = pos > kBefore ? pos - kBefore : 0;
  std::size_t end = std::min(line.size(), pos + kAfter);
  std::size_t newline = line.find('\n', pos);
  if (newline != std::string_view::npos) end = std::min(end, newline);
  std::size_t prev_newline = line.rfind('\n', pos == 0 ? 0 : pos - 1);
  if (prev_newline != std::string_view::npos && prev_newline + 1 > begin && prev_newline < pos)
    begin = prev_newline + 1;
  while (end > pos + 1 && (line[end - 1] == ' ' || line[end - 1] == '\r')) --end;  // .npy padding
  std::string shown = Printable(line.substr(begin, end - begin));
  return "  " + shown + "\n  " + std::string(pos - begin, ' ') + "^";
}

std::optional<int64_t> ParseInt64(std::string_view text) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(std::string_view text) {
  // from_chars rejects a leading '+', which MatrixMarket writers do emit.
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text[0] == '+') return std::nullopt;
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  // Out-of-range literals become +-inf (1e999) or 0/subnormal (1e-999), as strtod and numpy
  // read them; the NaN/Inf count of the diagnosis then reports the infinite ones.
  if (ec == std::errc::result_out_of_range && ptr == end)
    return std::strtod(std::string(text).c_str(), nullptr);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

}  // namespace lapack_ai
