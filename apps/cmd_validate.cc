// `lapack-ai validate`: precision checks only (one checked call per case and backend).
#include "subcommand.h"
#include "sweep_options.h"

namespace lapack_ai::cli {

Action SetupValidate(CLI::App& sub) {
  auto flags = std::make_shared<SweepFlags>();
  AddSweepFlags(sub, *flags, /*timing=*/false);
  sub.footer(
      "Default: --op gemm --type s,d --dim 0,1,2,3,5,10,17,50,64,100,257 --backend openblas.\n"
      "Each case is checked with its routine's normalised ratio against the threshold.");
  return [&sub, flags] { return RunPlan(BuildPlan(sub, *flags, false), *flags, false); };
}

}  // namespace lapack_ai::cli
