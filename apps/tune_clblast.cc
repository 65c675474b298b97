// Text of `lapack-ai tune --backend opencl`: the plan of --dry-run, a line per tuner as it
// finishes, and where the result went.
#include "tune_clblast.h"

#include <cstdio>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "subcommand.h"

namespace lapack_ai::cli {
namespace {

namespace ct = clblast_tuning;

std::string Size(const ct::Item& it) {
  return it.k > 0 ? fmt::format("{}x{}x{}", it.m, it.n, it.k) : fmt::format("{}x{}", it.m, it.n);
}

// "tile 128x64x16x8x8x4" from a gemm_tiled item's parameters.
std::string TileOf(const ct::Item& it) {
  std::string name;
  for (const char* key : {"MT", "NT", "KT", "RM", "RN", "LX"}) {
    const auto p = it.parameters.find(key);
    name += fmt::format("{}{}", name.empty() ? "" : "x", p == it.parameters.end() ? 0 : p->second);
  }
  return "tile " + name;
}

void PrintHeader(const ct::Outcome& o) {
  fmt::print("  device:  {} / {}, driver {}\n", o.platform, o.device, o.driver);
  fmt::print("  CLBlast: {}\n", o.clblast_version);
}

}  // namespace

int RunClblastTune(const ct::Options& options, bool dry_run) {
  if (dry_run) {
    const ct::Outcome plan = ct::Plan(options);
    fmt::print("tuning plan: our GEMM kernel's tile, CLBlast and the factorizations' block sizes (dry run: "
               "nothing is tuned or written)\n");
    PrintHeader(plan);
    fmt::print("  budget:  {:g} s; a configuration is guessed to cost {:g} s (a copy kernel half) "
               "until the first tuner measures it, then later fractions are rescaled\n",
               plan.budget_s, plan.seconds_per_config);
    fmt::print("  {:<13} {:<4} {:<14} {:>10} {:>8} {:>8}\n", "kernel", "type", "size", "fraction",
               "configs", "est. s");
    for (const ct::Item& it : plan.items) {
      if (it.outcome == ct::kNotInOnly) continue;
      if (it.outcome != "planned") {
        fmt::print("  {:<13} {:<4} {:<14} {}\n", it.kernel, ToString(it.precision), Size(it),
                   it.outcome);
        continue;
      }
      fmt::print("  {:<13} {:<4} {:<14} {:>10.3g} {:>8.0f} {:>8.1f}\n", it.kernel,
                 ToString(it.precision), Size(it), it.fraction, it.configurations, it.estimated_s);
    }
    fmt::print("would write: {}\n", plan.file);
    return kExitOk;
  }
  fmt::print("tuning our GEMM kernel's tile, CLBlast and the factorizations' block sizes within {:g} s\n",
             options.budget_s);
  const ct::Outcome out = ct::Tune(options, [](const ct::Item& it) {
    if (it.outcome == ct::kNotInOnly) return;
    std::string line = fmt::format("  {}{:<13} {:<14} ", ToString(it.precision), it.kernel, Size(it));
    if (it.outcome == "tuned" || it.outcome.starts_with("kept")) {
      if (it.default_ms > 0 && it.best_ms > 0) {
        line += fmt::format("default {:.4g} ms, tuned {:.4g} ms, speedup {:.2f}x: ", it.default_ms,
                            it.best_ms, it.default_ms / it.best_ms);
      }
      if (it.kernel == ct::kTiledKernelName && it.outcome == "tuned") line += TileOf(it) + " ";
      if (it.kernel.ends_with("_nb") && it.outcome == "tuned") line += fmt::format("nb {} ", it.parameters.at("NB"));
      line += it.outcome == "tuned" ? fmt::format("applied, verified on {}", fmt::join(it.verified, ", "))
                                    : it.outcome;
      line += fmt::format(" (tuner {:.1f} s, fraction {:.3g}, ~{:.0f} configurations; checks "
                          "{:.1f} s)", it.seconds, it.fraction, it.configurations, it.check_seconds);
    } else {
      line += it.outcome;
      if (it.seconds > 0) line += fmt::format(" ({:.1f} s)", it.seconds);
    }
    fmt::print("{}\n", line);
    std::fflush(stdout);
  });
  fmt::print("device {} / {}, driver {}; {:.1f} s spent\n", out.platform, out.device, out.driver,
             out.seconds);
  // The combined check may have dropped entries after their own line was printed.
  for (const ct::Item& it : out.items) {
    if (it.outcome.find("with the other kept entries") != std::string::npos ||
        it.outcome.find("the check with all kept entries") != std::string::npos) {
      fmt::print("  {}{:<13} {}\n", ToString(it.precision), it.kernel, it.outcome);
    }
  }
  if (out.file.empty()) {
    fmt::print("no file written: no tuner succeeded (a larger --budget samples more)\n");
    return kExitCheckFailed;
  }
  fmt::print("written to {}; the opencl backend applies it on this device from now on "
             "(LAPACK_AI_CLBLAST_TUNING=off ignores it)\n", out.file);
  return kExitOk;
}

}  // namespace lapack_ai::cli
