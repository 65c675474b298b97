// Console output of sweeps: a BLAS++-like header (lines starting with '%'), a testsweeper-like
// table showing only the columns the routines read, a one-line summary, and a progress bar on
// terminals. Colour only on a terminal and never with NO_COLOR set.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/result.h"

namespace lapack_ai::cli {

class Console {
 public:
  explicit Console(bool quiet);
  void PrintHeader(const nlohmann::json& context) const;
  /// Environment findings (context.warnings entries), "% warning [id] ..." with the fix; shown
  /// even with --quiet, since they change what every number means.
  void PrintWarnings(const nlohmann::json& warnings, const std::string& when) const;
  /// The "What to use on this machine" section (what_to_use.h), unless quiet.
  void PrintRecommendations(const nlohmann::json& recommendations) const;
  void PrintTable(const std::vector<CaseResult>& results, bool timing) const;
  /// "All N cases passed." or "N of M cases FAILED ..." plus a machine-readable line.
  void PrintSummary(const Summary& s) const;
  void Note(const std::string& text) const;
  /// Progress bars only on a terminal, not in CI logs, not with --quiet.
  bool ShowProgress() const;

 private:
  bool quiet_;
  bool color_;
};

class ProgressBar {
 public:
  ProgressBar(bool enabled, std::size_t total) : enabled_(enabled), total_(total) {}
  void Update(std::size_t done, const std::string& what);
  /// Clears the bar line.
  void Finish();

 private:
  bool enabled_;
  std::size_t total_;
};

}  // namespace lapack_ai::cli
