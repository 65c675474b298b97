// Console rendering of sweep results.
#include "console.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "lapack_ai/op.h"
#include "lapack_ai/what_to_use.h"

namespace lapack_ai::cli {
namespace {

std::string ParamCell(const CaseParams& p, const std::string& col) {
  if (col == "transA") return std::string(ToString(p.transa));
  if (col == "transB") return std::string(ToString(p.transb));
  if (col == "m") return std::to_string(p.m);
  if (col == "n") return std::to_string(p.n);
  if (col == "k") return std::to_string(p.k);
  if (col == "alpha") return fmt::format("{:g}", p.alpha);
  if (col == "beta") return fmt::format("{:g}", p.beta);
  if (col == "nrhs") return std::to_string(p.nrhs);
  if (col == "batch") return std::to_string(p.batch);
  if (col == "matrix") return p.matrix;
  if (col == "cond") return p.cond > 0 ? fmt::format("{:.2g}", p.cond) : "default";
  return "";
}

std::string Num(double v, const char* fmtspec) {
  return std::isfinite(v) ? fmt::format(fmt::runtime(fmtspec), v) : "NA";
}

}  // namespace

Console::Console(bool quiet) : quiet_(quiet) {
  const char* no_color = std::getenv("NO_COLOR");
  color_ = isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0');
}

bool Console::ShowProgress() const {
  const char* ci = std::getenv("CI");
  return !quiet_ && isatty(STDERR_FILENO) != 0 && (ci == nullptr || *ci == '\0');
}

void Console::PrintHeader(const nlohmann::json& c) const {
  if (quiet_) return;
  fmt::print("% lapack-ai {} ({}), {}\n", c.value("version", ""), c.value("git_sha", ""),
             c.value("date_utc", ""));
  fmt::print("% input: {}\n", c.value("command_line", ""));
  fmt::print("% host: {}, {}, {} cores\n", c.value("host", ""), c.value("cpu_model", ""),
             c.value("cpu_cores", 0));
  for (const auto& b : c.value("backends", nlohmann::json::array())) {
    std::string line = fmt::format("% backend {}: {}", b.value("name", ""), b.value("library", ""));
    if (b.value("threads", 0) > 0) line += fmt::format(", threads {}", b.value("threads", 0));
    if (b.contains("providers") && b["providers"].contains("dgemm_"))
      line += fmt::format(", dgemm_ from {}", b["providers"]["dgemm_"].get<std::string>());
    if (!b.value("available", true)) line += " [unavailable: " + b.value("note", "") + "]";
    fmt::print("{}\n", line);
  }
  std::fflush(stdout);
}

void Console::PrintTable(const std::vector<CaseResult>& results, bool timing) const {
  if (quiet_ || results.empty()) return;
  std::vector<std::string> cols;
  for (const CaseResult& r : results) {
    if (const OpDescription* op = FindOp(r.params.op)) {
      for (const auto& c : op->Columns())
        if (std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
    }
  }
  std::size_t bw = 7, ow = 4;
  for (const CaseResult& r : results) {
    bw = std::max(bw, r.backend.size());
    ow = std::max(ow, r.params.op.size());
  }
  std::string head = fmt::format("{:<{}} {:<4}", "op", ow, "type");
  for (const auto& c : cols) head += fmt::format(" {:>6}", c);
  head += fmt::format("  {:<{}} {:>9} {:>5}", "backend", bw, "error", "tol");
  if (timing) head += fmt::format(" {:>11} {:>6} {:>9}  {:<22}", "time (s)", "cv %", "gflop/s", "speedup [95% CI]");
  head += "  status";
  fmt::print("\n{}\n", head);
  for (const CaseResult& r : results) {
    std::string line = fmt::format("{:<{}} {:<4}", r.params.op, ow, ToString(r.params.type));
    for (const auto& c : cols) line += fmt::format(" {:>6}", ParamCell(r.params, c));
    const double err = r.checks.empty() ? NAN : r.checks.front().value;
    const double tol = r.checks.empty() ? NAN : r.checks.front().threshold;
    line += fmt::format("  {:<{}} {:>9} {:>5}", r.backend, bw, Num(err, "{:.2e}"), Num(tol, "{:g}"));
    if (timing) {
      const double t = r.timing ? r.timing->median_s : NAN;
      const double cv = r.timing ? 100.0 * r.timing->cv : NAN;
      std::string speedup = r.backend == r.baseline && r.speedup ? "baseline" : SpeedupText(r);
      if (speedup.empty()) speedup = "NA";
      line += fmt::format(" {:>11} {:>6} {:>9}  {:<22}", Num(t, "{:.4e}"), Num(cv, "{:.1f}"),
                          Num(r.gflops.value_or(NAN), "{:.2f}"), speedup);
    }
    const auto status = std::string(ToString(r.status));
    if (color_ && r.status == Status::kPass) line += "  \033[32m" + status + "\033[0m";
    else if (color_ && (r.status == Status::kFailed || r.status == Status::kError))
      line += "  \033[31m" + status + "\033[0m";
    else line += "  " + status;
    if (!r.message.empty()) line += ": " + r.message;  // a pass may carry a note (decoded INFO)
    if (r.timing && r.timing->unstable) line += " [unstable]";
    fmt::print("{}\n", line);
  }
  // Reasons below the table, so a long one does not push the columns apart.
  bool heading = false;
  for (const CaseResult& r : results) {
    if (!r.timing || !r.timing->unstable) continue;
    if (!heading) fmt::print("\nUnstable timings (CV above 5 %: treat their speedups with care):\n");
    heading = true;
    fmt::print("  {} {} n={} {}: {}\n", r.params.op, ToString(r.params.type), r.params.n, r.backend,
               r.timing->unstable_reason);
  }
  std::fflush(stdout);
}

void Console::PrintWarnings(const nlohmann::json& warnings, const std::string& when) const {
  if (!warnings.is_array() || warnings.empty()) return;
  for (const auto& w : warnings) {
    const bool warn = w.value("severity", "") == "warning";
    const std::string tag = warn ? (color_ ? "\033[33mwarning\033[0m" : "warning") : "note";
    fmt::print("% {} [{}] {}: {}\n", tag, w.value("id", ""), when, w.value("message", ""));
    if (!w.value("fix", "").empty()) fmt::print("%   fix: {}\n", w.value("fix", ""));
  }
  std::fflush(stdout);
}

void Console::PrintRecommendations(const nlohmann::json& recommendations) const {
  if (quiet_) return;
  fmt::print("{}", FormatRecommendations(recommendations));
  std::fflush(stdout);
}

void Console::PrintSummary(const Summary& s) const {
  if (s.ok()) {
    fmt::print("\nAll {} cases passed ({} pass, {} unsupported, {} skipped).\n", s.total(), s.pass,
               s.unsupported, s.skipped);
  } else {
    fmt::print("\n{} of {} cases FAILED, {} error ({} pass, {} unsupported, {} skipped).\n",
               s.failed, s.total(), s.error, s.pass, s.unsupported, s.skipped);
  }
  if (s.resource_errors > 0) {
    fmt::print("{} case{} could not run for lack of memory (see the messages above): exit 2.\n",
               s.resource_errors, s.resource_errors == 1 ? "" : "s");
  }
  std::fflush(stdout);
}

void Console::Note(const std::string& text) const {
  if (!quiet_) fmt::print("{}\n", text);
}

void ProgressBar::Update(std::size_t done, const std::string& what) {
  if (!enabled_ || total_ == 0) return;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * done / total_);
  fmt::print(stderr, "\r[{:=<{}}{:<{}}] {}/{} {:.50}\033[K", "", filled, "", kWidth - filled, done,
             total_, what);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (enabled_) fmt::print(stderr, "\r\033[K");
}

}  // namespace lapack_ai::cli
