#include "backends/lib/lib_spec.h"

#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "lapack_ai/error.h"

namespace lapack_ai::lib {
namespace {

// Positions where an option starts: "/threads=" or "/env:".
std::vector<std::size_t> OptionStarts(std::string_view s) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '/') continue;
    const std::string_view rest = s.substr(i + 1);
    if (rest.starts_with("threads=") || rest.starts_with("env:")) out.push_back(i);
  }
  return out;
}

}  // namespace

LibSpec ParseLibArgument(std::string_view argument, std::string_view spec) {
  auto fail = [&](const std::string& why) {
    return UsageError(fmt::format(
        "--backend: '{}': {} (expected lib:<name|path>[/threads=N][/env:KEY=VALUE]...)", spec, why));
  };
  const std::vector<std::size_t> starts = OptionStarts(argument);
  LibSpec out;
  out.target = std::string(argument.substr(0, starts.empty() ? argument.size() : starts.front()));
  if (out.target.empty()) throw fail("no library name or path");
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : argument.size();
    const std::string_view opt = argument.substr(starts[i] + 1, end - starts[i] - 1);
    if (opt.starts_with("threads=")) {
      const std::string_view digits = opt.substr(8);
      int n = 0;
      const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec != std::errc() || p != digits.data() + digits.size() || n < 1 || n > 4096) {
        throw fail(fmt::format("threads must be 1..4096, got '{}'", digits));
      }
      out.options.threads = n;
    } else {
      const std::string_view kv = opt.substr(4);
      const std::size_t eq = kv.find('=');
      if (eq == std::string_view::npos || eq == 0) {
        throw fail(fmt::format("'{}' is not env:KEY=VALUE", opt));
      }
      out.options.env.emplace_back(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
  }
  return out;
}

}  // namespace lapack_ai::lib
