// Error formatting and file reading shared by the JSON, npz and sms importers.
#include "fastmm/import_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/verify.h"

namespace lapack_ai::fastmm::internal {

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw UsageError(fmt::format("{}: read error", path));
  return text.str();
}

void ThrowAtLine(const std::string& origin, int line, std::string_view line_text, int column,
                 const std::string& message) {
  if (line_text.size() > 160) line_text = line_text.substr(0, 160);
  const int caret = std::max(0, std::min(column - 1, static_cast<int>(line_text.size())));
  throw UsageError(fmt::format("{}:{}:{}: {}\n  {}\n  {}^", origin, line, column, message,
                               line_text, std::string(static_cast<std::size_t>(caret), ' ')));
}

void ThrowAtOffset(const std::string& origin, std::string_view text, std::size_t offset,
                   const std::string& message) {
  offset = std::min(offset, text.size());
  const std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t begin =
      (line_start == std::string_view::npos || offset == 0) ? 0 : line_start + 1;
  std::size_t end = text.find('\n', begin);
  if (end == std::string_view::npos) end = text.size();
  int line = 1;
  for (std::size_t i = 0; i < begin; ++i) line += text[i] == '\n' ? 1 : 0;
  std::string_view line_text = text.substr(begin, end - begin);
  if (!line_text.empty() && line_text.back() == '\r') line_text.remove_suffix(1);
  ThrowAtLine(origin, line, line_text, static_cast<int>(offset - begin) + 1, message);
}

Scheme VerifiedOrThrow(Scheme scheme, const std::string& origin) {
  const VerifyResult v = Verify(scheme);
  if (!v.ok) {
    throw UsageError(fmt::format("{}: scheme '{}' <{}x{}x{}:{}> does not verify{}: {}", origin,
                                 scheme.name, scheme.m, scheme.k, scheme.n, scheme.rank,
                                 scheme.field == Field::kGF2 ? " modulo 2" : "", v.message));
  }
  return scheme;
}

}  // namespace lapack_ai::fastmm::internal
