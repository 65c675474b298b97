// `lapack-ai tune --backend opencl[:SELECTOR]`: CLBlast's tuners on the device within --budget,
// the result stored for the device and driver (lapack_ai/clblast_tuning.h). Printing only.
#pragma once
#include "lapack_ai/clblast_tuning.h"

namespace lapack_ai::cli {

/// Tunes (or with `dry_run` prints the plan) and returns the exit code: 0 when the file was
/// written (or planned), 1 when no tuner succeeded.
int RunClblastTune(const clblast_tuning::Options& options, bool dry_run);

}  // namespace lapack_ai::cli
