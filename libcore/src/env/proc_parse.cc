// Parsers for /proc and /sys text: tolerant of extra fields and spacing, nullopt on anything
// malformed so a check reports "unknown" instead of guessing.
#include "env/proc_parse.h"

#include <cctype>
#include <charconv>
#include <sstream>

namespace lapack_ai::env::internal {
namespace {

template <typename T>
std::optional<T> Number(std::string_view s) {
  s = Trim(s);
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end == s.data()) return std::nullopt;
  return v;
}

// The value after `key` at the start of a line, up to the end of that line.
std::optional<std::string_view> LineValue(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    if (line.substr(0, key.size()) == key) return line.substr(key.size());
    pos = eol + 1;
  }
  return std::nullopt;
}

}  // namespace

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::vector<int64_t>> ParseProcStatCpu(std::string_view text) {
  const auto rest = LineValue(text, "cpu ");
  if (!rest) return std::nullopt;
  std::istringstream in{std::string(*rest)};
  std::vector<int64_t> fields;
  int64_t v = 0;
  while (fields.size() < kStatFields && in >> v) fields.push_back(v);
  // Kernels before 2.6.11 have no steal column; treat a missing steal as unknown, not zero.
  if (fields.size() < kStatFields) return std::nullopt;
  return fields;
}

std::optional<int64_t> MeminfoKb(std::string_view text, std::string_view key) {
  const auto rest = LineValue(text, std::string(key) + ":");
  if (!rest) return std::nullopt;
  std::string_view v = Trim(*rest);
  if (const auto sp = v.find(' '); sp != std::string_view::npos) v = v.substr(0, sp);
  return Number<int64_t>(v);
}

std::optional<int64_t> VmstatValue(std::string_view text, std::string_view key) {
  const auto rest = LineValue(text, std::string(key) + " ");
  return rest ? Number<int64_t>(*rest) : std::nullopt;
}

std::optional<double> LoadAvg1(std::string_view text) {
  text = Trim(text);
  return Number<double>(text.substr(0, text.find(' ')));
}

std::optional<std::string> CpuinfoField(std::string_view text, std::string_view key) {
  const auto rest = LineValue(text, key);
  if (!rest) return std::nullopt;
  const std::size_t colon = rest->find(':');
  if (colon == std::string_view::npos || !Trim(rest->substr(0, colon)).empty()) return std::nullopt;
  return std::string(Trim(rest->substr(colon + 1)));
}

std::optional<std::vector<int>> ParseCpuList(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  std::vector<int> cpus;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const std::size_t dash = item.find('-');
    const auto lo = Number<int>(item.substr(0, dash));
    const auto hi = dash == std::string_view::npos ? lo : Number<int>(item.substr(dash + 1));
    if (!lo || !hi || *hi < *lo) return std::nullopt;
    for (int c = *lo; c <= *hi; ++c) cpus.push_back(c);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return cpus;
}

std::optional<int> ParseThreadCount(std::string_view text) {
  const auto n = Number<int>(text.substr(0, text.find(',')));
  if (!n || *n <= 0) return std::nullopt;
  return n;
}

}  // namespace lapack_ai::env::internal
