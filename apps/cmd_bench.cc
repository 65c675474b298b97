// `lapack-ai bench`: timings (Google Benchmark, interleaved) plus the same check per case.
#include "subcommand.h"
#include "sweep_options.h"

namespace lapack_ai::cli {

Action SetupBench(CLI::App& sub) {
  auto flags = std::make_shared<SweepFlags>();
  AddSweepFlags(sub, *flags, /*timing=*/true);
  sub.footer(
      "With no flag that shapes cases (--op, --type, --dim, --backend, ...) bench runs the shipped\n"
      "scenario 'default': gemm s,d at 128..2048 on openblas, and on reference up to 512.\n"
      "Speedups are against --baseline, measured in the same interleaved run.");
  return [&sub, flags] { return RunPlan(BuildPlan(sub, *flags, true), *flags, true); };
}

}  // namespace lapack_ai::cli
