// What both builds know of CLBlast tuning (with or without OpenCL): the tuning file's path and
// the --budget syntax, so that specs and flags are checked the same way everywhere.
#include <algorithm>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lapack_ai/clblast_tuning.h"
#include "lapack_ai/error.h"
#include "lapack_ai/sweep.h"

namespace lapack_ai::clblast_tuning {
namespace {

// Device and driver names hold spaces, slashes and brackets; a file name should not.
std::string Sanitise(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-';
    if (keep) out += c;
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.size() > 80) out.resize(80);
  return out.empty() ? "unknown" : out;
}

std::string Getenv(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

}  // namespace

double ParseBudget(std::string_view text) {
  double value = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string_view unit = text.substr(static_cast<std::size_t>(p - text.data()));
  double scale = 0;
  if (unit.empty() || unit == "s") scale = 1;
  else if (unit == "m") scale = 60;
  else if (unit == "h") scale = 3600;
  if (ec != std::errc() || scale == 0 || !(value > 0) || value * scale > 7 * 24 * 3600.0) {
    throw UsageError(fmt::format(
        "--budget: invalid value '{}': expected a positive duration such as 20s, 5m or 1h", text));
  }
  return value * scale;
}

std::vector<std::string> ParseOnly(std::string_view text) {
  std::vector<std::string> out = SplitList(text, "--only");
  for (const std::string& name : out) {
    if (std::find(std::begin(kTunedKernels), std::end(kTunedKernels), name) == std::end(kTunedKernels)) {
      throw UsageError(fmt::format("--only: invalid value '{}': '{}' is not one of {}", text, name,
                                   fmt::join(kTunedKernels, ", ")));
    }
  }
  return out;
}

std::string TuningFilePath(std::string_view device, std::string_view driver) {
  std::string dir;
  if (const std::string xdg = Getenv("XDG_CONFIG_HOME"); xdg.starts_with('/')) {
    dir = xdg + "/lapack-ai";
  } else if (const std::string home = Getenv("HOME"); home.starts_with('/')) {
    dir = home + "/.config/lapack-ai";
  } else {
    return "";
  }
  return fmt::format("{}/clblast-{}-{}.json", dir, Sanitise(device), Sanitise(driver));
}

}  // namespace lapack_ai::clblast_tuning
