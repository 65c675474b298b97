// `lapack-ai doctor`: what on this machine can make a measurement mislead (libcore's check
// table), one line per check like pyperf's `system show`; --try-fixes measures each fix that is
// an environment setting by running a small bench with and without it.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/env.h"
#include "lapack_ai/error.h"
#include "lapack_ai/sweep.h"
#include "subcommand.h"

namespace lapack_ai::cli {
namespace {

using nlohmann::json;

struct DoctorFlags {
  std::string backend = "openblas,reference";
  double sample_seconds = 1.0;
  bool json = false;
  bool try_fixes = false;
  int try_dim = 1024;
  int try_repeat = 10;
};

std::vector<BackendInfo> BackendInfos(const std::string& list) {
  std::vector<BackendInfo> infos;
  for (const std::string& spec : SplitList(list, "--backend")) infos.push_back(CreateBackend(spec)->Info());
  return infos;
}

// CPU, each backend's library (BLAS ones with their kernel and its ISA), and the load sample.
void PrintHeader(const json& e, const std::vector<BackendInfo>& backends) {
  const json& cpu = e["cpu"];
  fmt::print("lapack-ai doctor: what can make numbers measured here mislead (docs/DOCTOR.md)\n");
  fmt::print("cpu       {} ({} family {} model {}), best ISA {}\n", cpu["model"].get<std::string>(),
             cpu["vendor"].get<std::string>(), cpu["family"].get<int>(), cpu["model_id"].get<int>(),
             cpu["best_isa"].get<std::string>());
  for (const BackendInfo& b : backends) {
    std::string kernel;
    for (const json& k : e["blas"]) {
      if (k["backend"] == b.name) {
        kernel = fmt::format(", kernel {} ({})", k["kernel"].get<std::string>(),
                             k["kernel_isa"].get<std::string>());
      }
    }
    fmt::print(
        "{:<9} {}{}{}{}\n", b.name, b.library.empty() ? "library not reported" : b.library, kernel,
        b.threads > 0 ? fmt::format(", {} thread{}", b.threads, b.threads == 1 ? "" : "s") : "",
        b.available ? "" : fmt::format(" (unavailable: {})", b.note));
  }
  if (const json& l = e["load"]; !l.is_null()) {
    fmt::print(
        "load      {:.2f} cores busy with other processes over {:.1f} s, steal {:.1f} %, "
        "load average {:.2f}\n",
        l["other_cpu_cores"].get<double>(), l["seconds"].get<double>(),
        100 * l["steal_fraction"].get<double>(), l["loadavg1_end"].get<double>());
  }
  fmt::print("\n");
}

// "ok", "unknown (why)", or each finding with its fix, one check per block.
int PrintChecks(const std::vector<env::CheckReport>& reports) {
  int warnings = 0;
  for (const env::CheckReport& r : reports) {
    const env::CheckOutcome& o = r.outcome;
    const std::string_view state =
        o.state == env::CheckState::kNotApplicable ? "n/a" : env::ToString(o.state);
    if (o.findings.empty()) {
      fmt::print("{:<8} {}{}\n", state, r.check->id,
                 o.why.empty() ? "" : fmt::format(" ({})", o.why));
      continue;
    }
    for (const env::Finding& f : o.findings) {
      fmt::print("{:<8} {}: {}\n{:<9}fix: {}\n", env::ToString(f.severity), f.id, f.message, "",
                 f.fix);
      if (f.severity == env::Severity::kWarning) ++warnings;
    }
  }
  return warnings;
}

json ChecksJson(const std::vector<env::CheckReport>& reports) {
  json out = json::array();
  for (const env::CheckReport& r : reports) {
    json j{{"id", r.check->id},
           {"state", env::ToString(r.outcome.state)},
           {"reads", r.check->reads},
           {"summary", r.check->summary},
           {"findings", env::ToJson(r.outcome.findings)}};
    if (!r.outcome.why.empty()) j["why"] = r.outcome.why;
    out.push_back(std::move(j));
  }
  return out;
}

// Each distinct fix_env once, measured; progress goes to the console unless `quiet` (--json).
json TryFixes(const std::vector<env::Finding>& findings, const DoctorFlags& flags, bool quiet) {
  env::TryFixOptions options;
  options.dim = flags.try_dim;
  options.repeat = flags.try_repeat;
  std::set<std::map<std::string, std::string>> tried;
  json out = json::array();
  for (const env::Finding& f : findings) {
    if (f.fix_env.empty() || !tried.insert(f.fix_env).second) continue;
    if (!quiet) {
      fmt::print(
          "trying the fix for {}: bench --op gemm --type {} --dim {} --backend {}, without "
          "and with it...\n",
          f.id, options.type, options.dim, options.backend);
      std::fflush(stdout);
    }
    const env::FixTrial t = env::TryFix(f, options);
    if (!quiet) fmt::print("{}\n", env::FormatFixTrial(t));
    out.push_back(env::ToJson(t));
  }
  if (!quiet && tried.empty()) fmt::print("--try-fixes: no finding has a fix to measure\n");
  return out;
}

int RunDoctor(const DoctorFlags& flags) {
  const std::vector<BackendInfo> backends = BackendInfos(flags.backend);
  const auto sys = env::RealSystem();
  const env::LoadWindow window = env::SampleLoad(*sys, flags.sample_seconds);
  const auto reports = env::RunChecks(*sys, backends, env::Phase::kStart, &window);
  std::vector<env::Finding> findings;
  for (const env::CheckReport& r : reports) {
    findings.insert(findings.end(), r.outcome.findings.begin(), r.outcome.findings.end());
  }
  const json environment = env::EnvironmentJson(*sys, backends, &window);
  if (flags.json) {
    json out{{"environment", environment},
             {"warnings", env::ToJson(findings)},
             {"checks", ChecksJson(reports)}};
    if (flags.try_fixes) out["fixes"] = TryFixes(findings, flags, true);
    fmt::print("{}\n", out.dump(2));
    return kExitOk;
  }
  PrintHeader(environment, backends);
  const int warnings = PrintChecks(reports);
  fmt::print("\n{}\n", warnings == 0 ? std::string("No problems found.")
                                     : fmt::format("{} warning{}: numbers measured now may mislead "
                                                   "(see fixes above)",
                                                   warnings, warnings == 1 ? "" : "s"));
  if (flags.try_fixes) {
    fmt::print("\n");
    TryFixes(findings, flags, false);
  }
  return kExitOk;  // warnings are warnings: the machine is described, nothing failed
}

}  // namespace

Action SetupDoctor(CLI::App& sub) {
  auto flags = std::make_shared<DoctorFlags>();
  sub.add_option("--backend", flags->backend, "Backends whose libraries to check, comma-separated")
      ->capture_default_str();
  sub.add_option("--sample-seconds", flags->sample_seconds,
                 "Seconds of load sampling before the checks (other processes' CPU, steal)")
      ->check(CLI::Range(0.0, 60.0))
      ->capture_default_str();
  sub.add_flag("--json", flags->json,
               "Print {environment, warnings, checks[, fixes]} as JSON instead of the list");
  sub.add_flag("--try-fixes", flags->try_fixes,
               "Measure each fix that is an environment setting: bench gemm without and with it");
  sub.add_option("--try-dim", flags->try_dim, "Matrix size n of --try-fixes' dgemm runs")
      ->check(CLI::Range(16, 16384))
      ->capture_default_str();
  sub.add_option("--try-repeat", flags->try_repeat, "Timed samples per --try-fixes run")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  sub.footer("Exit code 0 even with warnings; 2 for usage errors. Checks: docs/DOCTOR.md.");
  return [flags] { return RunDoctor(*flags); };
}

}  // namespace lapack_ai::cli
