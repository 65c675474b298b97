// `lapack-ai validate`: precision checks only (one checked call per case and backend).
#include "subcommand.h"
#include "sweep_options.h"

namespace lapack_ai::cli {

Action SetupValidate(CLI::App& sub) {
  auto flags = std::make_shared<SweepFlags>();
  AddSweepFlags(sub, *flags, /*timing=*/false);
  sub.footer(
      "Default: every op, --type s,d; gemm at --dim 0,1,2,3,5,10,17,50,64,100,257, LAPACK routines\n"
      "at LAPACK's sizes with every --matrix type (docs/VALIDATION.md); every available backend.\n"
      "Each case is checked with its routine's normalised ratio against the threshold.");
  return [&sub, flags] { return RunPlan(BuildPlan(sub, *flags, false), *flags, false); };
}

}  // namespace lapack_ai::cli
