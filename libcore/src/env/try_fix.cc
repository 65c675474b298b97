// doctor --try-fixes: measure a fix instead of trusting it. The same lapack-ai binary runs one
// small bench as is and one with the fix's environment; both results JSONs are compared.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "env/subprocess.h"
#include "lapack_ai/env.h"
#include "lapack_ai/stats.h"

namespace lapack_ai::env {
namespace {

using nlohmann::json;

std::string TempJsonPath() {
  static std::atomic<int> counter{0};
  return (std::filesystem::temp_directory_path() /
          fmt::format("lapack-ai-try-fix-{}-{}.json", getpid(), counter++))
      .string();
}

// The child's last lines, joined with " | ": enough to say why it failed.
std::string LastLines(std::string_view text, int lines) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::size_t pos = text.size();
  for (int i = 0; i < lines && pos != std::string_view::npos && pos > 0; ++i) {
    pos = text.rfind('\n', pos - 1);
  }
  std::string out(pos == std::string_view::npos ? text : text.substr(pos + 1));
  std::replace(out.begin(), out.end(), '\n', '|');
  return out;
}

// Kernel, samples, median, GFLOP/s and the check verdict of `backend` in a results document.
void ReadTrial(const json& doc, const std::string& backend, TrialRun* run) {
  for (const json& b : doc.at("context").value("backends", json::array())) {
    if (b.value("name", "") == backend)
      run->kernel = b.value("extra", json::object()).value("core", "");
  }
  const json& summary = doc.at("summary");
  run->checks_pass = summary.value("failed", 1) == 0 && summary.value("error", 1) == 0;
  for (const json& r : doc.at("results")) {
    if (r.value("backend", "") != backend || !r.contains("timing") || !r["timing"].is_object())
      continue;
    for (const json& s : r["timing"].value("samples_s", json::array())) {
      if (s.is_number()) run->samples_s.push_back(s.get<double>());
    }
    run->median_s = r["timing"].value("median_s", 0.0);
    run->gflops = r.value("gflops", json()).is_number() ? r["gflops"].get<double>() : 0.0;
  }
  run->ok = !run->samples_s.empty() && run->median_s > 0;
  if (!run->ok) run->error = fmt::format("no timing for backend '{}' in the results", backend);
}

TrialRun RunTrial(const TryFixOptions& o, const std::map<std::string, std::string>& env) {
  const std::string path = TempJsonPath();
  const std::vector<std::string> argv = {o.exe,       "bench",
                                         "--op",      "gemm",
                                         "--type",    o.type,
                                         "--dim",     std::to_string(o.dim),
                                         "--backend", o.backend,
                                         "--repeat",  std::to_string(o.repeat),
                                         "--warmup",  std::to_string(o.warmup),
                                         "--json",    path,
                                         "--quiet"};
  const internal::ProcessResult p = internal::RunProcess(argv, env, o.timeout_s, true);
  TrialRun run;
  if (!p.started) {
    run.error = p.error;
  } else if (p.timed_out) {
    run.error = fmt::format("killed after {:g} s", o.timeout_s);
  } else if (p.exit_code != 0) {
    run.error = fmt::format("exit code {}: {}", p.exit_code, LastLines(p.output, 3));
  } else {
    try {
      std::ifstream in(path);
      ReadTrial(json::parse(in), o.backend, &run);
    } catch (const std::exception& e) {
      run.error = fmt::format("unreadable results {}: {}", path, e.what());
    }
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return run;
}

std::string EnvWords(const std::map<std::string, std::string>& env) {
  std::string s;
  for (const auto& [k, v] : env) {
    if (!s.empty()) s += ' ';
    s += k + "=" + v;
  }
  return s;
}

}  // namespace

FixTrial TryFix(const Finding& finding, const TryFixOptions& options) {
  FixTrial t;
  t.finding = finding;
  t.options = options;
  t.before = RunTrial(options, {});
  t.after = RunTrial(options, finding.fix_env);
  if (!t.before.ok || !t.after.ok) return t;
  t.kernel_changed = t.before.kernel != t.after.kernel;
  const SpeedupEstimate e = BootstrapSpeedup(t.before.samples_s, t.after.samples_s, options.seed);
  t.has_ci = e.valid();
  t.speedup = t.has_ci ? e.point : t.before.median_s / t.after.median_s;
  t.speedup_lo = t.has_ci ? e.lo : t.speedup;
  t.speedup_hi = t.has_ci ? e.hi : t.speedup;
  return t;
}

std::string FormatFixTrial(const FixTrial& t) {
  const std::string head = fmt::format("fix {}", EnvWords(t.finding.fix_env));
  if (!t.before.ok) return fmt::format("{}: baseline run failed: {}", head, t.before.error);
  if (!t.after.ok) return fmt::format("{}: run with the fix failed: {}", head, t.after.error);
  SpeedupEstimate e;
  e.point = t.speedup;
  e.lo = t.speedup_lo;
  e.hi = t.speedup_hi;
  const std::string ratio = t.has_ci ? FormatSpeedup(e) + " (95 % bootstrap CI)"
                                     : fmt::format("{:.2f}x (ratio of medians)", t.speedup);
  const std::string kernel =
      t.kernel_changed ? fmt::format("kernel {} -> {}", t.before.kernel, t.after.kernel)
                       : fmt::format("kernel unchanged ({})",
                                     t.before.kernel.empty() ? "not reported" : t.before.kernel);
  return fmt::format("{}: {} {}gemm n={} {:.1f} -> {:.1f} GFLOP/s, {}, checks {}, {}", head,
                     t.options.backend, t.options.type, t.options.dim, t.before.gflops,
                     t.after.gflops, ratio,
                     t.before.checks_pass && t.after.checks_pass ? "pass" : "FAIL", kernel);
}

json ToJson(const FixTrial& t) {
  auto run = [](const TrialRun& r) {
    return json{{"ok", r.ok},
                {"error", r.error},
                {"kernel", r.kernel},
                {"median_s", r.median_s},
                {"gflops", r.gflops},
                {"checks_pass", r.checks_pass},
                {"samples_s", r.samples_s}};
  };
  return {{"finding", t.finding.id},
          {"env", t.finding.fix_env},
          {"command",
           {"bench", "--op", "gemm", "--type", t.options.type, "--dim", t.options.dim, "--backend",
            t.options.backend, "--repeat", t.options.repeat}},
          {"before", run(t.before)},
          {"after", run(t.after)},
          {"speedup", t.speedup},
          {"speedup_lo", t.speedup_lo},
          {"speedup_hi", t.speedup_hi},
          {"has_ci", t.has_ci},
          {"seed", t.options.seed},
          {"kernel_changed", t.kernel_changed}};
}

}  // namespace lapack_ai::env
